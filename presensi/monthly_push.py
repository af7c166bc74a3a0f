"""The month's report pushed to the heads and admins (core.flows.report_push), once per
recipient and month across workers and restarts: each recipient's mark is claimed in the
database before the files go out and marked sent after (core.services.push_marks)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from core.delivery import Dispatcher, Purpose
from core.flows.push import PushConfig
from core.flows.report_push import MonthReport, due_reports, report_recap, report_replies
from core.services import push_marks
from core.storage.uow import UnitOfWork, committed


async def reports_once(
    units: Callable[[], UnitOfWork], dispatcher: Dispatcher, config: PushConfig, now: datetime
) -> int:
    """Send every month's report due at `now` that nobody sent; return how many people got one."""
    due = await committed(units, lambda uow: due_reports(uow, now, config))
    sent = 0
    for report in due:
        sent += await _send(units, dispatcher, report, now)
    return sent


async def _send(
    units: Callable[[], UnitOfWork], dispatcher: Dispatcher, report: MonthReport, now: datetime
) -> int:
    def claim(uow: UnitOfWork) -> list[tuple[int, str]]:
        return [(e, key) for e, key in report.recipients if push_marks.claim(uow, key, now)]

    claimed = await committed(units, claim)  # committed before sending: other workers see it
    if not claimed:
        return 0
    waiting = [key for _, key in claimed]
    try:
        recap = await committed(units, lambda uow: report_recap(uow, report, now))
        replies = await asyncio.to_thread(report_replies, report, recap)
        for employee_id, key in claimed:
            for reply in replies:
                await dispatcher.notify(employee_id, reply, Purpose.NOTICE)
            await committed(units, lambda uow, key=key: push_marks.sent(uow, key, now))
            waiting.remove(key)
    finally:
        if waiting:  # not sent (a network down, a bug): due again next minute
            await committed(units, lambda uow: [push_marks.release(uow, k) for k in waiting])
    return len(claimed)
