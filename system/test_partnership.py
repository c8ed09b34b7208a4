"""The partnership module from outside, on `lantern demo` (its fictional board, leads network
and data sub-group, meetings, minutes in every state, actions, strategy and the 33 boroughs'
directory): what the public can reach never carries a confidential item or a withheld name,
in any language, page, feed or download; odd spellings of paths never reach a private page
or a 500; the feeds are what their standards say; and the one-time steps (approving minutes,
confirming a directory entry) happen once under 40 parallel requests."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from urllib.parse import urljoin, urlparse

import pytest
import requests

from harness import DemoServer, Store
from lantern_client import TotpClock
from test_attacks import at_once, fresh_post, statuses

# In the demo: the confidential agenda item, what was minuted under it, and the name the
# secretariat withheld from the public version of the minutes.
SECRETS = ("Case review: lessons from a multi-agency response", "discussed a multi-agency response in detail",
           "Jordan Example")
LANGUAGES = ("en-GB", "sq", "ro", "vi", "zh-Hans", "ar", "pt")
PUBLIC_STARTS = ("/partnership", "/contacts", "/get-help")
ID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


@pytest.fixture(scope="module")
def demo():
    server = DemoServer(cases=20, seed=5, name="partnership")
    try:
        yield server
    finally:
        server.close()


def demo_store(demo: DemoServer) -> Store:
    store = Store(demo.server)
    store.path = demo.workdir / "lantern-demo.sqlite"
    return store


def public_crawl(base: str, language: str, limit: int = 400) -> dict[str, requests.Response]:
    """Every public page, feed and download reachable from the public starts, signed out."""
    seen: dict[str, requests.Response] = {}
    queue = [f"{start}?lang={language}" for start in PUBLIC_STARTS] + ["/partnership/meetings.ics", "/partnership/minutes.atom",
                                                                        "/contacts/download.csv", "/contacts/download.json"]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        response = requests.get(urljoin(base, path), timeout=30, allow_redirects=False)
        seen[path] = response
        if "html" not in response.headers.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="([^"#]+)"', response.text):
            href = href.replace("&amp;", "&")
            parsed = urlparse(urljoin(base + path, href))
            if parsed.netloc != urlparse(base).netloc or not parsed.path.startswith(("/partnership", "/contacts", "/get-help")):
                continue
            target = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if target not in seen:
                queue.append(target)
    return seen


def test_nothing_public_carries_a_confidential_item_or_a_withheld_name(demo: DemoServer):
    store = demo_store(demo)
    # The demo really holds the secrets (otherwise this test could not fail).
    assert store.value("SELECT count(*) FROM governance_agenda_items WHERE is_confidential = 1 AND title = "
                       f"'{SECRETS[0]}'") != "0"
    assert int(store.value("SELECT count(*) FROM governance_minutes WHERE state = 'published'")) >= 1
    pages = 0
    for language in LANGUAGES:
        for path, response in public_crawl(demo.base_url, language).items():
            assert response.status_code < 500, f"{path}: {response.status_code}"
            body = response.content.decode("utf-8", "replace")
            for secret in SECRETS:
                assert secret not in body, f"{path} ({language}) shows {secret!r}"
            pages += 1
    assert pages > 40
    # The public minutes say that something was withheld.
    minutes = [p for p in public_crawl(demo.base_url, "en-GB") if p.startswith("/partnership/minutes/")]
    assert minutes, "no published minutes are linked from the public pages"
    body = requests.get(urljoin(demo.base_url, minutes[0]), timeout=30).text
    assert re.search(r"withheld", body, re.I), "the public minutes do not say that anything was withheld"


def test_the_calendar_and_the_feed_follow_their_standards(demo: DemoServer):
    ics = requests.get(urljoin(demo.base_url, "/partnership/meetings.ics"), timeout=30)
    assert ics.status_code == 200 and ics.headers["Content-Type"].startswith("text/calendar")
    raw = ics.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines), "an iCalendar line is longer than 75 octets"
    assert b"\n" not in raw.replace(b"\r\n", b""), "a bare line feed in the calendar"
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
    assert unfolded.count("BEGIN:VEVENT") >= 1 and unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT")
    for event in unfolded.split("BEGIN:VEVENT")[1:]:
        for field in ("UID:", "DTSTAMP:", "DTSTART", "SUMMARY:"):
            assert field in event, f"an event lacks {field}"
    atom = requests.get(urljoin(demo.base_url, "/partnership/minutes.atom"), timeout=30)
    assert atom.status_code == 200 and "atom+xml" in atom.headers["Content-Type"]
    feed = ElementTree.fromstring(atom.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    for required in ("a:id", "a:title", "a:updated"):
        assert feed.find(required, ns) is not None
    entries = feed.findall("a:entry", ns)
    assert entries, "no published minutes in the feed"
    for entry in entries:
        assert entry.find("a:id", ns) is not None and entry.find("a:updated", ns) is not None


ODD = ["/Partnership", "/PARTNERSHIP/", "//partnership", "/partnership/", "/partnership/./", "/partnership/%2e%2e/groups",
       "/contacts/..%2fgroups", "/contacts/%2E%2E/groups", "/contacts/E09000007/", "/contacts/e09000007", "/contacts/E99999999",
       "/contacts/manage/", "/Contacts/Manage", "/groups/", "/GROUPS", "/groups/not-a-uuid", "/groups/%00",
       "/meetings/00000000-0000-0000-0000-000000000000", "/partnership/papers/not-a-uuid", "/partnership/minutes/%2e%2e",
       "/partnership/meetings.ics/", "/partnership/minutes.atom%00", "/strategy/", "/get-help/../groups",
       "/partnership-actions/", "/minutes/", "/papers/00000000-0000-0000-0000-000000000000"]


def test_odd_paths_never_reach_a_private_page_or_fail(demo: DemoServer):
    for path in ODD:
        response = requests.get(demo.base_url + path, timeout=30, allow_redirects=False)
        assert response.status_code < 500, f"{path}: {response.status_code}"
        if response.status_code == 200:
            # Only public pages answer 200 signed out.
            assert not re.search(r"Sign out|Your tasks", response.text), f"{path} showed a signed-in page"
        for secret in SECRETS:
            assert secret not in response.text, f"{path} shows {secret!r}"


def test_forty_parallel_approvals_approve_the_minutes_once(demo: DemoServer, totp: TotpClock):
    store = demo_store(demo)
    rows = store.rows("SELECT m.id, m.meeting_id, g.id FROM governance_minutes m JOIN governance_meetings t ON t.id = m.meeting_id "
                      "JOIN governance_groups g ON g.id = t.group_id WHERE m.state = 'circulated' LIMIT 1")
    assert rows, "the demo has no circulated minutes"
    minutes_id, meeting_id, group_id = rows[0]
    later = store.rows(f"SELECT id FROM governance_meetings WHERE group_id = '{group_id}' AND status != 'cancelled' AND starts_at > "
                       f"(SELECT starts_at FROM governance_meetings WHERE id = '{meeting_id}') ORDER BY starts_at LIMIT 1")
    assert later, "no later meeting to approve the minutes at"
    secretariat = demo.session("Board secretariat", totp)
    page = secretariat.get(f"/meetings/{meeting_id}/minutes")
    assert page.status_code == 200, page.text[:300]
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
    calls = [fresh_post(secretariat, f"/minutes/{minutes_id}/approve", {"_csrf": token, "meetingID": later[0][0]}) for _ in range(40)]
    counted = statuses(at_once(calls))
    assert counted[303] == 1, counted
    assert set(counted) <= {303, 409}, counted
    assert store.value(f"SELECT state FROM governance_minutes WHERE id = '{minutes_id}'") == "approved"
    assert store.value(f"SELECT count(*) FROM audit_entries WHERE action = 'minutes.approved' AND record_id = '{minutes_id}'") == "1"


def test_forty_parallel_confirmations_verify_an_entry_once(demo: DemoServer, totp: TotpClock):
    store = demo_store(demo)
    entry_id, version = store.rows("SELECT id, version FROM directory_entries WHERE retired_at IS NULL ORDER BY verified_at LIMIT 1")[0]
    before = store.value(f"SELECT verified_at FROM directory_entries WHERE id = '{entry_id}'")
    secretariat = demo.session("Board secretariat", totp)
    page = secretariat.get(f"/contacts/manage/{entry_id}")
    assert page.status_code == 200, page.text[:300]
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
    calls = [fresh_post(secretariat, f"/contacts/manage/{entry_id}/confirm", {"_csrf": token, "version": version}) for _ in range(40)]
    results = at_once(calls)
    assert all(isinstance(r, requests.Response) and r.status_code < 500 for r in results), statuses(results)
    assert store.value(f"SELECT verified_at FROM directory_entries WHERE id = '{entry_id}'") != before
    assert store.value(f"SELECT count(*) FROM audit_entries WHERE action = 'contact.confirmed' AND record_id = '{entry_id}'") == "1"
    done = Counter("done=confirmed" in r.headers.get("Location", "") for r in results)
    assert done[True] == 1, done
