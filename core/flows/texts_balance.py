"""What employees read of their cuti tahunan balance (/izin, core.flows.annual_leave) and of
the one-tap izin offered after a late or early verdict (core.flows.izin_offer), with what an
approved izin saved. (Id, en) pairs, merged into `core.flows.texts.TEXTS`."""

from __future__ import annotations

BALANCE_TEXTS: dict[str, tuple[str, str]] = {
    # The cuti tahunan balance, shown when cuti tahunan is picked in /izin.
    "annual_balance": (
        "Sisa cuti tahunan {year}: {remaining} hari kerja (hak {entitled}{carried}; diambil "
        "{taken}, menunggu keputusan {pending}).",
        "Annual leave left for {year}: {remaining} working days (entitled to {entitled}"
        "{carried}; taken {taken}, waiting for a decision {pending}).",
    ),
    "annual_carried": (" + sisa {year} {days}", " + {days} carried from {year}"),
    "annual_negative": (
        "\n⚠️ Melebihi hak sebanyak {over} hari kerja: cuti tahunan baru tidak dapat diajukan. "
        "Hubungi admin kepegawaian bila angka ini keliru.",
        "\n⚠️ {over} working days over the entitlement: no new annual leave can be requested. "
        "Ask your HR admin if the figure is wrong.",
    ),
    "annual_unsettled": (
        "\nLibur nasional dan cuti bersama {year} belum ditetapkan: hari kerja dihitung tanpa "
        "itu dan dapat berubah.",
        "\nThe national holidays and cuti bersama of {year} are not decreed yet: working days "
        "are counted without them and may change.",
    ),
    "annual_exceeded": (
        "Cuti tahunan {dates} memakai {asked} hari kerja {year}, melebihi sisa cuti tahunan "
        "{year}: {remaining} hari kerja (hak {entitled}{carried}; diambil {taken}, menunggu "
        "keputusan {pending}). Kirim tanggal lain, atau /batal. [{rule}]",
        "Annual leave on {dates} takes {asked} working days of {year}, more than the {remaining} "
        "working days left for {year} (entitled to {entitled}{carried}; taken {taken}, "
        "waiting for a decision {pending}). Send other dates, or /batal. [{rule}]",
    ),
    "annual_recorded_over": (
        "⚠️ Sisa cuti tahunan {year} {name} kini {remaining} hari kerja: melebihi hak.",
        "⚠️ {name}'s annual leave left for {year} is now {remaining} working days: over the "
        "entitlement.",
    ),
    # A late check-in under an approved izin terlambat (core.flows.clocking).
    "verdict_late_excused": (
        "✅ {what} tercatat {time} {zone}, terlambat {minutes} menit, sesuai izin {izin} yang "
        "disetujui: tidak dipotong.",
        "✅ {what} recorded at {time} {zone}, {minutes} minutes late, under your approved izin "
        "{izin}: no deduction.",
    ),
    # The one-tap izin after a late or early verdict.
    "izin_offer": (
        "Ada alasannya? Ajukan izin {subtype} untuk {date}; bila disetujui, potongannya "
        "dibatalkan.",
        "Had a reason? File an izin {subtype} for {date}; once approved, the deduction is dropped.",
    ),
    "btn_izin_offer": ("Ajukan izin", "File a permit"),
    "izin_offer_late": ("terlambat {minutes} menit", "late by {minutes} minutes"),
    "izin_offer_early": ("pulang {minutes} menit lebih awal", "left {minutes} minutes early"),
    "izin_offer_cost": (", potongan TPP {percent}%", ", TPP deduction {percent}%"),
    "izin_offer_reason": (
        "Izin {subtype} {date}: {what} ({band}){cost}. Tuliskan alasannya singkat.",
        "Izin {subtype} for {date}: {what} ({band}){cost}. Write the reason briefly.",
    ),
    "izin_offer_approved": (
        "Izin {subtype} {date} sudah disetujui: hari itu tidak dipotong.",
        "The izin {subtype} for {date} is already approved: that day is not charged.",
    ),
    "izin_offer_covered": (
        "{date} sudah tercakup pengajuan {code} ({status}); tidak perlu diajukan lagi.",
        "{date} is already covered by the {code} request ({status}); nothing more to file.",
    ),
    "izin_offer_nothing": (
        "Pada {date} tidak ada lagi yang {state} tercatat: tidak ada yang perlu diizinkan.",
        "Nothing recorded on {date} is {state} any more: there is nothing to excuse.",
    ),
    "izin_offer_state_late": ("terlambat", "late"),
    "izin_offer_state_early": ("pulang cepat", "early"),
    "izin_offer_refused": (
        "Izin {subtype} {date} tidak dapat diajukan lagi: {why}.",
        "The izin {subtype} for {date} can no longer be filed: {why}.",
    ),
    "izin_offer_unavailable": (
        "Izin ini tidak tersedia lagi. Ajukan lewat /izin bila perlu.",
        "This permit is no longer offered. Use /izin if need be.",
    ),
    # What an approved request saved, in the employee's notice of the decision.
    "izin_saved": (
        " Potongan TPP {percent}% dibatalkan.",
        " The {percent}% TPP deduction is dropped.",
    ),
}
