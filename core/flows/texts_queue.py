"""What approvers and employees read of the approvals' queue (`/antrian`, core.flows.queue), its
reminders and escalations (core.flows.push_approval), substitutes (`/wakil`,
core.flows.delegate) and a request nobody may approve. (Id, en) pairs, merged into
`core.flows.texts.TEXTS`."""

from __future__ import annotations

QUEUE_TEXTS: dict[str, tuple[str, str]] = {
    # /antrian: the list, one message per request with its buttons.
    "queue_empty": (
        "Tidak ada pengajuan yang menunggu keputusan Anda.",
        "No request is waiting for your decision.",
    ),
    "queue_header": (
        "{count} pengajuan menunggu keputusan Anda, yang terlama dulu:",
        "{count} requests wait for your decision, the oldest first:",
    ),
    "queue_more": (
        "Ditampilkan {shown} yang terlama; {more} lagi menyusul setelah yang ini diputuskan "
        "(ketik /antrian lagi).",
        "The {shown} oldest are shown; {more} more follow once these are decided (send /antrian "
        "again).",
    ),
    "queue_absence": (
        "#{ref} {name} ({unit}): {code}, {dates}{holder}\nAlasan: {reason}\n"
        "Lampiran: {evidence}; diajukan {filed}",
        "#{ref} {name} ({unit}): {code}, {dates}{holder}\nReason: {reason}\n"
        "Attachments: {evidence}; filed {filed}",
    ),
    "queue_missed": (
        "#{ref} {name} ({unit}): lupa absen {what} {date} pukul {time} {zone}{holder}\n"
        "Alasan: {reason}\nBukti: {evidence}; diajukan {filed}",
        "#{ref} {name} ({unit}): missed {what} on {date} at {time} {zone}{holder}\n"
        "Reason: {reason}\nEvidence: {evidence}; filed {filed}",
    ),
    "queue_holder": (" (untuk {name})", " (for {name})"),
    "queue_files": ("{count} berkas", "{count} file(s)"),
    "queue_no_files": ("tidak ada", "none"),
    "queue_bulk": (
        "Setujui semua yang tampil di atas sekaligus dengan tombol di bawah, atau sebagian "
        "dengan nomornya: /antrian setujui {example}",
        "Approve everything shown above at once with the button below, or some of it by "
        "number: /antrian setujui {example}",
    ),
    "btn_queue_all": ("✅ Setujui semua ({count})", "✅ Approve all ({count})"),
    "queue_usage": (
        "Ketik /antrian untuk melihat pengajuan yang menunggu Anda, atau /antrian setujui 12 "
        "15 L3 untuk menyetujui beberapa sekaligus (nomor dari daftar).",
        "Send /antrian to see the requests waiting for you, or /antrian setujui 12 15 L3 to "
        "approve several at once (numbers from the list).",
    ),
    # Approving several at once: one line per request.
    "queue_done": ("Persetujuan sekaligus:", "Approved at once:"),
    "queue_done_approved": ("✅ #{ref} {name}: disetujui", "✅ #{ref} {name}: approved"),
    "queue_done_decided": (
        "• #{ref} {name}: sudah {status} sebelumnya, tidak diubah",
        "• #{ref} {name}: already {status}, left as it is",
    ),
    "queue_done_own": (
        "⛔ #{ref}: pengajuan Anda sendiri tidak dapat Anda putuskan",
        "⛔ #{ref}: you cannot decide your own request",
    ),
    "queue_done_not_allowed": (
        "⛔ #{ref} {name}: bukan wewenang Anda",
        "⛔ #{ref} {name}: not yours to decide",
    ),
    "queue_done_unknown": ("⛔ #{ref}: tidak ada", "⛔ #{ref}: no such request"),
    "queue_done_unrecordable": (
        "⛔ #{ref} {name}: belum dapat dicatat ({why}); masih menunggu",
        "⛔ #{ref} {name}: cannot be recorded ({why}); still waiting",
    ),
    # Reminders and escalations (core.flows.push_approval), above the request and its buttons.
    "queue_remind": (
        "⏰ Pengingat: pengajuan ini menunggu keputusan Anda sejak {since}.",
        "⏰ Reminder: this request has waited for your decision since {since}.",
    ),
    "queue_escalate": (
        "⏫ Diteruskan kepada Anda: pengajuan ini belum diputuskan oleh {approver} sejak {since}. "
        "Anda dapat memutuskannya.",
        "⏫ Passed on to you: {approver} has not decided this request since {since}. You may "
        "decide it.",
    ),
    # A request nobody may approve: refused, naming who can give the employee an approver.
    "no_approver": (
        "Pengajuan tidak dapat dikirim: belum ada yang dapat menyetujuinya (unit Anda belum "
        "punya admin dan atasan langsung Anda belum tercatat). Minta {ask} menambahkan admin "
        "unit Anda atau mencatat atasan langsung Anda, lalu ajukan lagi.",
        "The request cannot be sent: nobody may approve it yet (your unit has no admin and no "
        "direct supervisor is on record for you). Ask {ask} to add an admin to your unit or to "
        "record your supervisor, then ask again.",
    ),
    "no_approver_nobody": (
        "Pengajuan tidak dapat dikirim: belum ada yang dapat menyetujuinya (unit Anda belum "
        "punya admin dan atasan langsung Anda belum tercatat). Minta pengelola presensi "
        "organisasi Anda menambahkan admin unit Anda, lalu ajukan lagi.",
        "The request cannot be sent: nobody may approve it yet (your unit has no admin and no "
        "direct supervisor is on record for you). Ask your organisation's attendance "
        "administrator to add an admin to your unit, then ask again.",
    ),
    "missed_why_no_approver": (
        "belum ada yang dapat menyetujuinya (unit Anda belum punya admin dan atasan langsung "
        "Anda belum tercatat); minta {ask} menambahkan admin unit Anda",
        "nobody may approve it yet (your unit has no admin and no direct supervisor is on "
        "record for you); ask {ask} to add an admin to your unit",
    ),
    "missed_why_no_approver_nobody": (
        "belum ada yang dapat menyetujuinya (unit Anda belum punya admin dan atasan langsung "
        "Anda belum tercatat); minta pengelola presensi menambahkan admin unit Anda",
        "nobody may approve it yet (your unit has no admin and no direct supervisor is on "
        "record for you); ask the attendance administrator to add an admin to your unit",
    ),
    # /wakil: a substitute while the approver is away.
    "wakil_usage": (
        "Tunjuk wakil selama Anda pergi: /wakil NIP 01-12-2026 s/d 05-12-2026. /wakil saja "
        "menampilkannya, /wakil hapus mengakhirinya.",
        "Name a substitute while you are away: /wakil NIP 01-12-2026 s/d 05-12-2026. /wakil "
        "alone shows it, /wakil hapus ends it.",
    ),
    "wakil_named": (
        "Wakil Anda: {name}, {first} s/d {last}. Selama itu pengajuan baru dikirim kepadanya, "
        "dan ia dapat memutuskan pengajuan yang menunggu Anda ({waiting} sekarang) lewat "
        "/antrian. Akhiri lebih awal dengan /wakil hapus.",
        "Your substitute: {name}, {first} to {last}. Meanwhile new requests go to them, and "
        "they can decide the ones waiting for you ({waiting} now) with /antrian. End it early "
        "with /wakil hapus.",
    ),
    "wakil_notice": (
        "{principal} menunjuk Anda sebagai wakil untuk menyetujui pengajuan, {first} s/d "
        "{last}. Lihat yang menunggu dengan /antrian.",
        "{principal} named you their substitute for approving requests, {first} to {last}. "
        "See what waits with /antrian.",
    ),
    "wakil_none": (
        "Anda tidak sedang menunjuk wakil, dan tidak menjadi wakil siapa pun.",
        "You have named no substitute and substitute for nobody.",
    ),
    "wakil_mine": (
        "Wakil Anda: {name}, {first} s/d {last}",
        "Your substitute: {name}, {first} to {last}",
    ),
    "wakil_theirs": (
        "Anda wakil {name}, {first} s/d {last}",
        "You substitute for {name}, {first} to {last}",
    ),
    "wakil_revoked": (
        "Penunjukan wakil diakhiri: {name}, {first} s/d {last}. Pengajuan baru kembali kepada "
        "Anda.",
        "Substitution ended: {name}, {first} to {last}. New requests come to you again.",
    ),
    "wakil_revoked_notice": (
        "{principal} mengakhiri penunjukan Anda sebagai wakil ({first} s/d {last}).",
        "{principal} ended your substitution ({first} to {last}).",
    ),
    "wakil_not_approver": (
        "Tidak ada pengajuan yang dikirim kepada Anda untuk disetujui, jadi Anda tidak perlu "
        "menunjuk wakil.",
        "No requests come to you for approval, so you need no substitute.",
    ),
    "wakil_unknown": (
        "NIP/NIK itu tidak ada di organisasi Anda. Periksa lagi nomornya.",
        "That NIP/NIK is not in your organisation. Check the number.",
    ),
    "wakil_self": (
        "Anda tidak dapat menunjuk diri sendiri sebagai wakil.",
        "You cannot name yourself as your substitute.",
    ),
    "wakil_unavailable": (
        "{name} tidak aktif (diblokir atau tidak lagi bertugas), jadi tidak dapat menjadi wakil.",
        "{name} is not active (blocked or no longer on staff), so cannot substitute.",
    ),
    "wakil_past": (
        "Masa penunjukan harus mulai hari ini ({today}) atau sesudahnya.",
        "The period must start today ({today}) or later.",
    ),
    "wakil_too_long": (
        "Masa penunjukan paling lama {days} hari.",
        "A substitution lasts at most {days} days.",
    ),
    "wakil_overlap": (
        "Anda sudah menunjuk {name} untuk {first} s/d {last}. Akhiri dulu dengan /wakil hapus.",
        "You already named {name} for {first} to {last}. End it first with /wakil hapus.",
    ),
    "wakil_cycle": (
        "Tidak bisa: {name} sudah menunjuk Anda sebagai wakilnya untuk {first} s/d {last}, "
        "sehingga pengajuan akan berputar kembali kepada Anda. Pilih orang lain.",
        "Not possible: {name} named you their substitute for {first} to {last}, so requests "
        "would come round back to you. Choose someone else.",
    ),
    "wakil_revoke_none": (
        "Anda tidak sedang menunjuk wakil, jadi tidak ada yang diakhiri.",
        "You have named no substitute, so there is nothing to end.",
    ),
}
