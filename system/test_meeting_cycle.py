"""One meeting cycle of the demo board, through its pages as its people use them: the board
secretariat schedules a meeting, sets its agenda (one item confidential), records attendance
(quorate by the terms of reference), drafts the minutes with a name to withhold and
circulates them; the chair approves them at the next meeting; the secretariat publishes them
and the public reads them (the confidential item and the name left out, and said so) on the
page and in the feed; an overdue action's owner, chased by a task, records it done, and the
secretariat's log and the public log say so."""
from __future__ import annotations

import datetime
import re

import pytest
import requests

from harness import DemoServer, Store

SECRET_ITEM = "Case review: a walkthrough family"
WITHHELD = "Alex Walkthrough"


@pytest.fixture(scope="module")
def demo():
    server = DemoServer(cases=10, seed=11, name="meeting-cycle")
    try:
        yield server
    finally:
        server.close()


def store_of(demo: DemoServer) -> Store:
    store = Store(demo.server)
    store.path = demo.workdir / "lantern-demo.sqlite"
    return store


def submit(session, path: str, fields, form_page: str) -> requests.Response:
    response = session.submit(path, fields, form_page=form_page)
    assert response.status_code in (200, 303), f"{path}: {response.status_code}\n{response.text[:600]}"
    return response


def test_one_meeting_cycle_from_agenda_to_published_minutes_and_an_action_done(demo: DemoServer, totp):
    store = store_of(demo)
    board = store.value("SELECT id FROM governance_groups WHERE kind = 'board'")
    secretariat = demo.session("Board secretariat", totp)
    chair = demo.session("Modern slavery lead", totp)  # the demo board's chair

    # 1. The secretariat schedules yesterday's meeting (held, public) and sets its agenda.
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    made = submit(secretariat, f"/groups/{board}/meetings/new", {
        "title": "Walkthrough board meeting", "date": yesterday, "startTime": "10:00", "endTime": "12:00",
        "place": "City Hall, Committee Room 4", "link": "", "isPublic[]": "yes", "status": "held"},
        form_page=f"/groups/{board}/meetings/new")
    meeting = re.search(r"/meetings/([0-9A-Fa-f-]{36})", made.headers["Location"]).group(1)
    for title, presenter, confidential in [("Quarterly referral figures", "Data sub-group lead", False),
                                           (SECRET_ITEM, "Safeguarding lead", True)]:
        fields = {"title": title, "presenter": presenter}
        if confidential:
            fields["isConfidential[]"] = "yes"
        submit(secretariat, f"/meetings/{meeting}/agenda", fields, form_page=f"/meetings/{meeting}")
    page = secretariat.get(f"/meetings/{meeting}").text
    assert "Quarterly referral figures" in page and SECRET_ITEM in page
    # The agenda opens with the board's outstanding actions.
    assert "Circulate the borough single points of contact list" in page

    # 2. Attendance: every member present but one with apologies; the page says quorate.
    form = secretariat.get(f"/meetings/{meeting}/attendance").text
    members = sorted(set(re.findall(r'name="(member-[0-9A-Fa-f-]{36})"', form)))
    assert len(members) >= 4, form[:400]
    submit(secretariat, f"/meetings/{meeting}/attendance",
           [(name, "apologies" if index == 0 else "present") for index, name in enumerate(members)],
           form_page=f"/meetings/{meeting}/attendance")
    shown = secretariat.get(f"/meetings/{meeting}").text
    quorum = re.search(r"(Not quorate|Quorate|No quorum)[^<]*", shown)
    assert quorum and quorum.group(0).startswith("Quorate"), quorum.group(0) if quorum else shown[-2500:]

    # 3. Minutes: drafted (a name to withhold), circulated to members.
    started = submit(secretariat, f"/meetings/{meeting}/minutes", {}, form_page=f"/meetings/{meeting}/minutes")
    minutes = store.value(f"SELECT id FROM governance_minutes WHERE meeting_id = '{meeting}'")
    edit = secretariat.get(f"/minutes/{minutes}/edit").text
    items = re.findall(r'name="(item-[0-9A-Fa-f-]{36})"', edit)
    assert len(items) == 2, started.status_code
    texts = [(items[0], f"Referrals rose; {WITHHELD} will break them down by borough."),
             (items[1], "The board discussed the family's case in detail.")]
    submit(secretariat, f"/minutes/{minutes}/edit",
           [("general", f"{WITHHELD} took the minutes."), ("names", WITHHELD)] + texts, form_page=f"/minutes/{minutes}/edit")
    submit(secretariat, f"/minutes/{minutes}/circulate", {}, form_page=f"/meetings/{meeting}/minutes")
    assert store.value(f"SELECT state FROM governance_minutes WHERE id = '{minutes}'") == "circulated"

    # 4. The chair approves them at the board's next meeting.
    later = store.value(f"SELECT id FROM governance_meetings WHERE group_id = '{board}' AND status = 'scheduled' "
                        "ORDER BY starts_at LIMIT 1")
    submit(chair, f"/minutes/{minutes}/approve", {"meetingID": later}, form_page=f"/meetings/{meeting}/minutes")
    assert store.value(f"SELECT state FROM governance_minutes WHERE id = '{minutes}'") == "approved"

    # 5. The secretariat publishes; the public reads them without the secret item or the name.
    submit(secretariat, f"/minutes/{minutes}/publish", {}, form_page=f"/meetings/{meeting}/minutes")
    public = requests.get(f"{demo.base_url}/partnership/minutes/{minutes}", timeout=30)
    assert public.status_code == 200
    assert "Referrals rose" in public.text and "will break them down by borough" in public.text
    assert SECRET_ITEM not in public.text and WITHHELD not in public.text and "in detail" not in public.text
    assert re.search(r"withheld", public.text, re.I)
    feed = requests.get(f"{demo.base_url}/partnership/minutes.atom", timeout=30).text
    assert "Walkthrough board meeting" in feed and WITHHELD not in feed and SECRET_ITEM not in feed

    # 6. An overdue action: its owner was chased by a task, records it done; the logs say so.
    action, owner_email = store.rows(
        "SELECT a.id, u.email FROM governance_actions a JOIN users u ON u.id = a.owner_user_id "
        "WHERE a.title LIKE 'Circulate the borough single points%' LIMIT 1")[0]
    role = next(r for r, account in demo.accounts.items() if account.email == owner_email)
    owner = demo.session(role, totp)
    tasks = owner.get("/tasks").text
    assert "overdue" in tasks.lower(), tasks[:600]
    submit(owner, f"/partnership-actions/{action}/updates",
           {"text": "Circulated to every member on the list.", "status": "done"}, form_page=f"/partnership-actions/{action}")
    assert store.value(f"SELECT status FROM governance_actions WHERE id = '{action}'") == "done"
    log = secretariat.get(f"/groups/{board}/actions").text
    row = re.search(r"Circulate the borough single points.*?</tr>", log, re.S).group(0)
    assert "Done" in row
    partnership = requests.get(f"{demo.base_url}/partnership", timeout=30).text
    assert "Circulate the borough single points" in partnership
