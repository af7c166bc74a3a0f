"""WhatsApp's 24-hour window through the real webhook: a request with buttons for an approver who
has not written for a day is held, a template with a "Lihat" button opens the conversation, and
its tap brings the request with its buttons, in order, once.

The fake Graph API keeps the window as Graph does (`FakeGraph.enforce_window`): a free-form
message to someone silent for 24 hours is refused with 131047 "Re-engagement message"; only
templates go through.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from fakeredis import FakeAsyncRedis
from fastapi.testclient import TestClient

from core.faces.replay import RedisReplayStore, ReplayGuard
from core.flows.runner import FlowRunner
from core.flows.state import StateStore
from core.rate_limit import RedisRateLimiter
from core.storage.tables import AbsenceRow
from presensi.server import build_app
from tests.e2e import whatsapp_payloads as wa
from tests.e2e.fake_graph import FakeGraph, choices, shown, template_button
from tests.e2e.test_whatsapp_flows import PDF, People, text_of
from tests.e2e.whatsapp_chat import WhatsAppChat, settings
from tests.flows_harness import ADMIN, STAFF, Harness, build

DEWI, RINA = wa.DEWI, wa.RINA  # STAFF, ADMIN (her approver)
TEMPLATE = "presensi_pesan_menunggu"


@contextmanager
def serving(h: Harness, fake: FakeGraph, tmp_path) -> Iterator[People]:
    """`presensi serve` on the harness's database; a second one is a restart (a new process:
    its embedded Redis, conversations and when anyone last wrote, is empty)."""

    def runner_factory(config, fetchers):
        redis = FakeAsyncRedis()
        replay = ReplayGuard(RedisReplayStore(redis, prefix="presensi:faces:replay"))
        deps = replace(h.runner.deps, state=StateStore(redis), limits=RedisRateLimiter(redis),
                       replay=replay)  # fmt: skip
        deps.fetchers.update(fetchers)
        h.runner = FlowRunner(deps)
        return h.runner

    config = settings(f"sqlite:///{tmp_path / 'flows.db'}")
    app = build_app(config, runner_factory, whatsapp_transport=fake.transport, clock=h.clock)
    with TestClient(app) as http:
        yield People(h, WhatsAppChat(http, fake), fake)


def setup(tmp_path) -> tuple[Harness, FakeGraph]:
    h = build(tmp_path)
    fake = FakeGraph()
    fake.enforce_window(h.clock.now)
    return h, fake


def file_sick_note(people: People, day: str) -> list[dict]:
    """Dewi asks for a sick day with a doctor's note; what the app sent because of it."""
    [types] = people.send(wa.text("/izin", sender=DEWI, at=people.now))
    people.tap(DEWI, types, "Sakit")
    people.says(DEWI, day)
    people.says(DEWI, "Demam tinggi")
    evidence = people.media(PDF, "application/pdf")
    return people.send(wa.document(evidence, sender=DEWI, at=people.now))


def tap_open(people: People, who: str = RINA) -> list[dict]:
    """Tap "Lihat" on the template (a "button" message carrying its payload)."""
    return people.send(wa.template_button("held:open", "Lihat", sender=who, at=people.now))


def refused_to(fake: FakeGraph, who: str) -> list[str]:
    """The kinds of the messages to `who` the Graph API refused."""
    return [c.json["type"] for c in fake.calls if c.json and c.json["to"] == who
            and not c.accepted]  # fmt: skip


def test_a_request_for_an_approver_silent_for_a_day_waits_behind_a_template(tmp_path):
    h, fake = setup(tmp_path)
    with serving(h, fake, tmp_path) as people:
        people.link(RINA, ADMIN)
        people.link(DEWI, STAFF)
        h.clock.advance(hours=25)  # Wednesday 08:20: Rina has not written since Tuesday 07:20

        sent = file_sick_note(people, "25-11-2026")

        assert "terkirim ke Rina Marlina" in text_of(m for m in sent if m["to"] == DEWI)
        [template] = [m for m in sent if m["to"] == RINA]
        assert template["type"] == "template"
        assert template["template"]["name"] == TEMPLATE
        assert template["template"]["language"] == {"code": "id"}
        assert "Sakit dari Dewi Lestari" in shown(template)
        assert "25-11-2026" in shown(template) and "\n" not in shown(template)
        assert template_button(template) == "held:open"
        assert refused_to(fake, RINA) == []  # the window was known closed: nothing tried

        document, request = tap_open(people)

        assert document["type"] == "document" and document["document"]["filename"].endswith(".pdf")
        assert "Sakit dari Dewi Lestari" in shown(request)
        assert [t for _, t in choices(request)] == ["✅ Setujui", "❌ Tolak"]
        approved = people.tap(RINA, request, "✅ Setujui")
        assert "DISETUJUI oleh Rina Marlina" in text_of(m for m in approved if m["to"] == DEWI)
        assert text_of(tap_open(people)) == (
            "Tidak ada pesan lain yang menunggu. Pesan sebelumnya sudah ditampilkan di atas."
        )
        [absence] = people.rows(AbsenceRow)
        assert absence.status == "approved"


def test_held_across_a_restart_and_a_refusal_released_in_order_once(tmp_path):
    h, fake = setup(tmp_path)
    with serving(h, fake, tmp_path) as people:
        people.link(RINA, ADMIN)
        people.link(DEWI, STAFF)
        h.clock.advance(hours=25)
        first = file_sick_note(people, "25-11-2026")
        assert [m["type"] for m in first if m["to"] == RINA] == ["template"]
    h.clock.advance(minutes=30)
    with serving(h, fake, tmp_path) as people:  # a restart: nobody's window is known now
        second = file_sick_note(people, "26-11-2026")

        # Tried, refused by Graph (131047), held behind the template already sent: no second one.
        assert [m for m in second if m["to"] == RINA] == []
        assert refused_to(fake, RINA) == ["document"]

        released = tap_open(people)

        assert [m["type"] for m in released] == ["document", "interactive"] * 2
        assert "25-11-2026" in shown(released[1]) and "26-11-2026" in shown(released[3])
        assert choices(released[1])[0][0] != choices(released[3])[0][0]
        assert text_of(tap_open(people)).startswith("Tidak ada pesan lain yang menunggu.")


def test_a_request_cancelled_before_it_was_opened_shows_as_cancelled(tmp_path):
    h, fake = setup(tmp_path)
    with serving(h, fake, tmp_path) as people:
        people.link(RINA, ADMIN)
        people.link(DEWI, STAFF)
        h.clock.advance(hours=25)
        file_sick_note(people, "25-11-2026")
        [absence] = people.rows(AbsenceRow)
        before = len(fake.sent(RINA))

        cancelled = people.says(DEWI, f"/batal {absence.id}")

        assert "sudah diberi tahu" in cancelled
        assert len(fake.sent(RINA)) == before  # no second template for a cancellation
        [shown_now] = tap_open(people)
        assert shown_now["type"] == "text"
        assert shown(shown_now).startswith("🚫 DIBATALKAN oleh pegawai: pengajuan Sakit dari Dewi")


def test_an_approver_who_reads_english_gets_the_english_template(tmp_path):
    h, fake = setup(tmp_path)
    with serving(h, fake, tmp_path) as people:
        people.link(RINA, ADMIN)
        people.says(RINA, "/bahasa en")
        people.link(DEWI, STAFF)
        h.clock.advance(hours=25)

        sent = file_sick_note(people, "25-11-2026")

        [template] = [m for m in sent if m["to"] == RINA]
        assert template["template"]["language"] == {"code": "en"}
        assert [m["type"] for m in tap_open(people)] == ["document", "interactive"]
        assert text_of(tap_open(people)) == (
            "No other message is waiting. The earlier ones are shown above."
        )
