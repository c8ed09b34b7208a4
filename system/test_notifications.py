"""Email through a real SMTP server on loopback: Lantern's delivery job hands each message to
Debian's msmtp (LANTERN_MAIL_COMMAND), which speaks SMTP to aiosmtpd in this process.

An invitation made on the administrator's page arrives as a mail with a working single-use
link built from LANTERN_PUBLIC_URL and nothing else about anyone: not the invitee's name, not
the organisation, not a case. Once sent, the outbox no longer holds the link.
"""
from __future__ import annotations

import re
import shutil
import time

import pytest
from aiosmtpd.controller import Controller

from harness import Account, Deployment, LanternProcess, Store, free_port, new_key

DELIVERY_WAIT_SECONDS = 60   # the job runs every second here; this only bounds a broken run


class Sink:
    """An SMTP server's message handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 Message accepted"

    def wait_for(self, recipient: str) -> str:
        deadline = time.monotonic() + DELIVERY_WAIT_SECONDS
        while time.monotonic() < deadline:
            for _, recipients, content in self.messages:
                if recipient in recipients:
                    return content
            time.sleep(0.2)
        raise AssertionError(f"no mail to {recipient} within {DELIVERY_WAIT_SECONDS}s")


@pytest.fixture
def smtp():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield sink, controller.port
    finally:
        controller.stop()


@pytest.mark.skipif(shutil.which("msmtp") is None, reason="msmtp is not installed (scripts/check installs it)")
def test_an_invitation_arrives_by_smtp_with_a_link_and_no_personal_data(workdir, servers, totp, smtp):
    sink, port = smtp
    # A deployment set up as today (links on screen), then restarted with mail configured.
    server = LanternProcess(workdir, env={"LANTERN_KEY": new_key(), "LANTERN_JOB_INTERVAL": "1", "HOME": str(workdir)},
                            name="mail")
    servers.append(server)
    server.start()
    deployment = Deployment(server, totp)
    server.stop()
    server.env["LANTERN_MAIL_COMMAND"] = f"msmtp --host=127.0.0.1 --port={port} --from=lantern@example.org -t"
    server.start()

    invitee = Account(role="Case worker", email=f"jordan.{server.port}@camden.example.org",
                      password="lantern willow harbour 9", name="Jordan Achterberg")
    page = deployment.admin_session.submit("/organisation/users/invite", [
        ("name", invitee.name), ("email", invitee.email), ("roles[]", "case_worker")])
    assert page.status_code == 200 and "Invitation sent" in page.text
    assert "/invitations/" not in page.text, "with mail configured the link goes only to the invitee"

    content = sink.wait_for(invitee.email)
    headers, _, body = content.replace("\r\n", "\n").partition("\n\n")
    assert re.search(rf"^To: {re.escape(invitee.email)}$", headers, re.M)
    assert re.search(r"^Subject: You are invited to Lantern$", headers, re.M)
    links = re.findall(rf"{re.escape(server.base_url)}/invitations/[A-Za-z0-9_-]+", body)
    assert len(links) == 1, body
    for personal in ("Jordan", "Achterberg", "Camden", deployment.admin.name, deployment.worker.name, "LNT-"):
        assert personal not in content, f"the mail contains {personal!r}"

    # The link works once, and the outbox no longer holds it.
    deployment.accept(links[0], invitee)
    store = Store(server)
    assert store.rows("SELECT status, sealed_body IS NULL, attempts FROM outbox_messages") == [["sent", "1", "1"]]
