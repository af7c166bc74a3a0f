"""A clock-in without an enrolled face: flagged for the unit admin (the default) or refused until
the employee enrolls, as the policy's `face_required` says per organisation, unit or employee."""

from __future__ import annotations

import pytest

from core.citations import Citation
from core.config_error import InvalidConfig
from core.org.file import parse_org
from core.policy.config import apply_overrides
from core.presets import build_preset
from core.storage.tables import UnitRow
from tests.flows_harness import ADMIN, EXAMPLES, ORG, STAFF, build, rows, texts


@pytest.fixture
async def h(tmp_path):
    harness = build(tmp_path)
    await harness.link("501", STAFF)
    return harness


def require_face(h, level: str) -> None:
    """Set `face_required: refuse` on the organisation, every unit, or STAFF alone."""
    with h.uow() as uow:
        org = uow.organisation(ORG)
        targets = {
            "organisation": [org],
            "unit": list(uow.session.query(UnitRow)),
            "employee": [uow.employee_by_identifier(org.id, STAFF)],
        }[level]
        for target in targets:
            target.policy = {**(target.policy or {}), "face_required": "refuse"}
        uow.commit()


async def enroll(h) -> None:
    await h.link("600", ADMIN)
    await h.send("501", command="wajah")
    await h.send("501", photo=h.photo(f"face:{STAFF}|1".encode()))
    answer = await h.send("501", button="fe:done")
    _, notice = answer.notices[0]
    await h.send("600", button=notice.buttons[0][0].data)


async def test_by_default_it_is_recorded_flagged_and_the_user_told_so(h):
    answer = await h.clock_in("501", STAFF)

    assert "Masuk tercatat 07:20 WIB: tepat waktu" in texts(answer)
    assert "tanpa pencocokan wajah dan akan ditinjau admin unit" in texts(answer)
    assert "/wajah" in texts(answer)
    [row] = rows(h)
    assert row.accepted and row.evidence["flags"] == ["no_face"]


@pytest.mark.parametrize("level", ["organisation", "unit", "employee"])
async def test_refuse_turns_the_user_to_wajah_and_records_the_refusal(h, level):
    require_face(h, level)

    answer = await location_step(h)  # refused before any selfie is taken

    assert "swafoto" not in texts(answer)
    assert "Ditolak: wajah Anda belum terdaftar" in texts(answer)
    assert "Ketik /wajah untuk mendaftarkan wajah" in texts(answer)
    assert "tercatat" not in texts(answer)
    [row] = rows(h)
    assert (row.accepted, row.outcome, row.evidence["face"]["refused"]) == (
        False,
        "face_rejected",
        "not_enrolled",
    )


async def location_step(h):
    """/masuk and a good live location: where a face is required, the answer comes here."""
    await h.send("501", command="masuk", text="/masuk")
    return await h.send("501", location=h.live_location())


async def test_refuse_names_where_it_was_set(h):
    require_face(h, "employee")

    answer = await location_step(h)

    assert "[presensi default: set by employee" in texts(answer)


async def test_once_enrolled_and_approved_the_clock_in_is_matched_and_not_flagged(h):
    require_face(h, "unit")
    await enroll(h)

    answer = await h.clock_in("501", STAFF)

    assert "tepat waktu" in texts(answer) and "belum terdaftar" not in texts(answer)
    [row] = rows(h)
    assert row.accepted and "flags" not in row.evidence


async def test_refused_in_english_too(h):
    require_face(h, "employee")
    with h.uow() as uow:
        from core.storage.chat_tables import ChatAccount

        for account in uow.session.query(ChatAccount):
            account.language = "en"
        uow.commit()

    answer = await location_step(h)

    assert "Refused: your face is not enrolled yet" in texts(answer)
    assert "Type /wajah to enroll your face" in texts(answer)


def test_the_default_is_flag_cited_as_a_presensi_default():
    policy = build_preset("sungai-penuh", {})

    assert policy.face_required.value == "flag"
    assert isinstance(policy.face_required.rule, Citation)
    assert policy.face_required.rule.instrument == "presensi default"


def test_an_override_sets_it_and_a_wrong_value_is_named():
    policy = build_preset("sungai-penuh", {})

    changed = apply_overrides(policy, {"face_required": "refuse"}, where="unit setda")

    assert changed.face_required.value == "refuse"
    assert changed.face_required.rule.quote == "set by unit setda"
    with pytest.raises(InvalidConfig) as error:
        apply_overrides(policy, {"face_required": "always"}, where="unit setda")
    assert error.value.path == "face_required"
    assert "flag, refuse" in str(error.value)


def test_an_organisation_file_may_set_it_per_unit():
    text = (EXAMPLES / "org-sungai-penuh.yaml").read_text()
    text = text.replace(
        "  - code: setda\n", "  - code: setda\n    policy: {face_required: refuse}\n"
    )

    org = parse_org(text)

    assert org.policy_for("setda").face_required.value == "refuse"
    assert org.policy_for("bkpsdm").face_required.value == "flag"


def test_an_organisation_file_with_a_wrong_value_names_the_line():
    text = (EXAMPLES / "org-sungai-penuh.yaml").read_text()
    text = text.replace(
        "  - code: setda\n", "  - code: setda\n    policy: {face_required: maybe}\n"
    )

    with pytest.raises(InvalidConfig) as error:
        parse_org(text)

    assert error.value.line == 38
    assert "face_required" in str(error.value)
