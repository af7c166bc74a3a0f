"""What employees and approvers read of a request for a missed check-in or check-out
(/lupaabsen, core.flows.missed), and the words for an early check-out excused by an approved
izin that every path's answer shares. (Id, en) pairs, merged into `core.flows.texts.TEXTS`."""

from __future__ import annotations

REQUEST_TEXTS: dict[str, tuple[str, str]] = {
    # The steps of /lupaabsen.
    "missed_day": (
        "Lupa absen: untuk tanggal berapa? Ketik tanggalnya (misalnya 24-11-2026), hari ini, "
        "atau kemarin.",
        "Missed clock-in or clock-out: for which day? Type the date (e.g. 24-11-2026), today "
        "or yesterday.",
    ),
    "missed_bad_date": (
        'Tanggal "{word}" tidak dapat dibaca: tulis satu tanggal, misalnya 24-11-2026, hari ini '
        "atau kemarin.",
        'Cannot read the date "{word}": write one date, e.g. 24-11-2026, today or yesterday.',
    ),
    "missed_direction": (
        "Lupa absen {date}: masuk atau pulang?",
        "Missed on {date}: clock-in or clock-out?",
    ),
    "missed_time": (
        "Jam berapa Anda {what} pada {date}? Tulis JJ:MM, misalnya 07:25.",
        "At what time was your {what} on {date}? Write HH:MM, e.g. 07:25.",
    ),
    "missed_bad_time": (
        'Jam "{word}" tidak dapat dibaca: tulis JJ:MM, misalnya 07:25.',
        'Cannot read the time "{word}": write HH:MM, e.g. 07:25.',
    ),
    "missed_reason": (
        "Apa alasannya? Tulis singkat (paling banyak {limit} karakter), misalnya: rapat di "
        "ruang kepala sejak pagi.",
        "Why? Write it briefly (at most {limit} characters), e.g.: in the head's meeting "
        "since the morning.",
    ),
    "missed_evidence_required": (
        "Kirim buktinya: foto atau dokumen PDF (foto kegiatan, surat keterangan). Wajib "
        "menurut {rule}.",
        "Send the evidence: a photo or a PDF (a photo of the activity, a letter). Required by "
        "{rule}.",
    ),
    "missed_evidence_optional": (
        "Ada bukti? Kirim foto atau dokumen PDF, atau ketuk Lewati.",
        "Any evidence? Send a photo or a PDF, or tap Skip.",
    ),
    "missed_evidence_count": ("{count} lampiran", "{count} attached"),
    "missed_evidence_none": ("tidak ada", "none"),
    "missed_confirm": (
        "Periksa pengajuan Anda:\nPresensi {what} {date} pukul {time} {zone}: {status}\n"
        "Alasan: {reason}\nBukti: {evidence}\nDikirim ke {approver} untuk disetujui.",
        "Check your request:\nThe {what} on {date} at {time} {zone}: {status}\n"
        "Reason: {reason}\nEvidence: {evidence}\nSent to {approver} for approval.",
    ),
    "missed_confirm_hint": (
        "Ketuk Kirim untuk mengajukan, atau Batal.",
        "Tap Send to file it, or Cancel.",
    ),
    "btn_skip": ("Lewati", "Skip"),
    "btn_send": ("Kirim", "Send"),
    "missed_sent": (
        "Pengajuan lupa absen {what} {date} pukul {time} terkirim ke {approver}. Anda akan "
        "diberi tahu keputusannya.",
        "Your request for the {what} on {date} at {time} was sent to {approver}. You will be "
        "told the decision.",
    ),
    # The approver's request and the employee's notice of the decision.
    "missed_approval_request": (
        "🕘 Lupa absen dari {name} ({unit}): {what} {date} pukul {time} {zone}; bila disetujui "
        "tercatat {status}.\nAlasan: {reason}\nBukti: {evidence}",
        "🕘 Missed {what} of {name} ({unit}) on {date} at {time} {zone}; if approved it is "
        "recorded {status}.\nReason: {reason}\nEvidence: {evidence}",
    ),
    "missed_approved_note": (
        "✅ Lupa absen {what} {date} pukul {time} {zone} DISETUJUI oleh {by}: tercatat, {status}.",
        "✅ Your missed {what} on {date} at {time} {zone} was APPROVED by {by}: recorded, "
        "{status}.",
    ),
    "missed_rejected_note": (
        "❌ Lupa absen {what} {date} pukul {time} DITOLAK oleh {by}. Alasan: {reason}",
        "❌ Your missed {what} on {date} at {time} was REJECTED by {by}. Reason: {reason}",
    ),
    "missed_not_recordable": (
        "Belum dapat dicatat: {why}. Pengajuan masih menunggu; tolak dengan alasan bila perlu.",
        "It cannot be recorded: {why}. The request still waits; reject it with a reason if "
        "need be.",
    ),
    # Why a request cannot be filed (framed for the employee) or recorded (for the approver).
    "missed_refused": ("Tidak bisa: {why}. {next}", "Not possible: {why}. {next}"),
    "missed_next_day": ("Ketik tanggal lain, atau /batal.", "Type another date, or /batal."),
    "missed_next_direction": (
        "Pilih yang lain, atau /batal.",
        "Choose the other one, or /batal.",
    ),
    "missed_next_time": ("Ketik jam lain, atau /batal.", "Type another time, or /batal."),
    "missed_why_future_day": ("tanggal {date} belum tiba", "{date} has not come yet"),
    "missed_why_too_old": (
        "pengajuan paling lama {days} hari ke belakang, paling awal {earliest} ({rule})",
        "a request goes at most {days} days back, to {earliest} at the earliest ({rule})",
    ),
    "missed_why_window": (
        "bulan {month} sudah ditutup; perubahan hanya pada {first} s/d {last} ({rule})",
        "{month} is closed; changes only from {first} to {last} ({rule})",
    ),
    "missed_why_submitted": (
        "rekap bulan {month} sudah dikirim pada {date}; bulan itu terkunci ({rule})",
        "the {month} report was submitted on {date}; the month is locked ({rule})",
    ),
    "missed_why_not_work_day": ("{date} bukan hari kerja", "{date} is not a work day"),
    "missed_why_holiday": ("{date} hari libur ({holiday})", "{date} is a holiday ({holiday})"),
    "missed_why_before_start": ("baru bertugas sejak {date}", "on staff only from {date}"),
    "missed_why_left": (
        "tidak lagi bertugas sejak {left_on}",
        "left the organisation on {left_on}",
    ),
    "missed_why_duplicate": (
        "presensi {what} hari itu sudah tercatat pukul {time} ({source})",
        "that day's {what} is already recorded at {time} ({source})",
    ),
    "missed_why_pending": (
        "pengajuan lupa absen {what} {date} masih menunggu keputusan",
        "a request for the {what} on {date} is still waiting for a decision",
    ),
    "missed_why_future": ("jam {time} belum lewat", "{time} has not come yet"),
    "missed_why_not_accepted": ("jam itu {outcome}", "that time is {outcome}"),
    "missed_why_order": (
        "hari itu ada presensi pukul {time} yang harus {order}",
        "that day has a record at {time} that must come {order}",
    ),
    "missed_why_no_reason": ("alasannya belum ditulis", "no reason was given"),
    "missed_why_too_long": (
        "alasannya paling banyak {limit} karakter",
        "the reason has at most {limit} characters",
    ),
    "missed_why_no_evidence": (
        "bukti (foto atau dokumen) wajib dilampirkan ({rule})",
        "evidence (a photo or a document) is required ({rule})",
    ),
    "missed_why_blocked": ("akun {name} diblokir", "{name}'s account is blocked"),
    # Where a record came from, as /status, /manual and daily lists name it.
    "manual_source_request": ("pengajuan lupa absen", "a missed-record request"),
    # An early check-out under an approved izin: recorded, not charged (core.services.excuse).
    "early_excused": (
        "pulang cepat {minutes} menit, sesuai izin {izin} yang disetujui: tidak dipotong",
        "left {minutes} min early under the approved izin {izin}: no deduction",
    ),
}
