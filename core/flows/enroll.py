"""/wajah: 1-3 selfies -> a pending reference -> a unit admin approves it with one tap."""

from __future__ import annotations

import asyncio

from core.faces.enrollment import (
    EnrollmentError,
    InMemoryFaceReferenceRepository,
    approve_enrollment,
    reject_enrollment,
    submit_enrollment,
)
from core.flows.messages import Reply
from core.flows.ports import Work
from core.flows.texts import face_reason
from core.flows.turn import Turn
from core.services.accounts import may_administer, unit_admins

MAX_PHOTOS = 3


async def begin(turn: Turn) -> None:
    """Ask for the photos."""
    await turn.remember("enroll.photos", photos=[])
    turn.reply(Reply(turn.text("enroll_start"), buttons=((turn.button("btn_done", "fe:done"),),)))


async def photo(turn: Turn) -> None:
    """Keep a photo (stored under the retention policy) until Done or the third one."""
    media = turn.event.photo
    if media is None:
        turn.say("expected_photo", got=turn.got())
        return
    if turn.event.forwarded:
        turn.say("forwarded_photo")
        return
    data = await turn.fetch(media)
    ref = await asyncio.to_thread(turn.deps.media.put, "enroll", data, ".jpg", turn.now())
    photos = [*turn.data["photos"], ref]
    if len(photos) >= MAX_PHOTOS:
        await _submit(turn, photos)
        return
    await turn.remember("enroll.photos", photos=photos)
    turn.reply(
        Reply(
            turn.text("enroll_got", count=len(photos)),
            buttons=((turn.button("btn_done", "fe:done"),),),
        )
    )


async def done(turn: Turn) -> None:
    """The Done button: submit what was sent."""
    photos = turn.data.get("photos", []) if turn.step == "enroll.photos" else []
    if not photos:
        await begin(turn)
        return
    await _submit(turn, photos)


async def _submit(turn: Turn, refs: list[str]) -> None:
    await turn.forget()
    if turn.deps.faces is None:
        turn.menu("face_try_again")
        return
    photos = [await asyncio.to_thread(turn.deps.media.get, ref) for ref in refs]
    for ref in refs:  # only the encodings are kept: face images are specific personal data
        await asyncio.to_thread(turn.deps.media.delete, ref)
    employee = turn.me
    # Encoding is async (a worker pool); the pending reference is then stored in one
    # transaction. A staging repository keeps the two apart.
    staged = InMemoryFaceReferenceRepository()
    submission = await submit_enrollment(
        str(employee.id),
        photos,
        submitted_by=f"employee:{employee.id}",
        matcher=turn.deps.faces,
        repository=staged,
        clock=turn.deps.clock,
    )
    if submission.reference is not None:
        cipher = turn.deps.face_cipher
        await turn.db(lambda uow: uow.face_references(cipher).add(submission.reference))
    if submission.reference is None:
        refusal = submission.refusals[0]
        turn.menu(
            "enroll_refused",
            index=refusal.index + 1,
            reason=face_reason(turn.language, refusal.reason.value),
        )
        return
    turn.menu("enroll_sent")
    admins = await turn.db(
        lambda uow: (unit_admins(uow, employee), uow.unit_name(employee.unit_id))
    )
    reference_id = submission.reference.id
    for admin in admins[0]:  # each in their own language
        them = await turn.speaking_to(admin.id)
        text = them.text("enroll_request", name=employee.name, unit=admins[1], count=len(photos))
        buttons = (
            (
                them.button("btn_approve", f"fa:{reference_id}"),
                them.button("btn_reject", f"fr:{reference_id}"),
            ),
        )
        turn.notify(admin.id, Reply(text, buttons=buttons))


async def decide_button(turn: Turn) -> None:
    """fa:REF approves, fr:REF rejects (unit admins of the employee only)."""
    kind, _, reference_id = (turn.event.button or "").partition(":")
    admin = turn.me

    def decide(uow: Work):
        repo = uow.face_references(turn.deps.face_cipher)
        reference = repo.get(reference_id)
        if reference is None:
            raise EnrollmentError("not_found", "unknown reference")
        subject = uow.employee(int(reference.employee_id))
        if not may_administer(admin, subject) or subject.id == admin.id:
            raise EnrollmentError("not_allowed", "not this admin's employee")
        if kind == "fa":
            return approve_enrollment(
                reference_id,
                admin_id=f"employee:{admin.id}",
                repository=repo,
                clock=turn.deps.clock,
            )
        return reject_enrollment(
            reference_id,
            admin_id=f"employee:{admin.id}",
            note="ditolak admin",
            repository=repo,
            clock=turn.deps.clock,
        )

    try:
        reference = await turn.db(decide)
    except EnrollmentError as error:
        key = {"not_allowed": "not_allowed", "not_pending": "already_decided"}.get(
            error.code, "unknown_button"
        )
        decided = turn.text("status_decided")
        turn.answer.toast = turn.text(key, status=decided)
        turn.say(key, status=decided)
        return
    approved = kind == "fa"
    status = turn.text("status_approved" if approved else "status_rejected")
    turn.answer.toast = turn.text("decided", status=status)
    turn.say("decided", status=status)
    them = await turn.speaking_to(int(reference.employee_id))
    note = (
        them.text("enroll_approved")
        if approved
        else them.text("enroll_rejected", reason=them.text("enroll_rejected_by_admin"))
    )
    turn.notify(int(reference.employee_id), Reply(note))
