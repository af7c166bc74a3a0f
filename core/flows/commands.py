"""Commands by role: the chat's menu and /bantuan list only what the user may do."""

from __future__ import annotations

from typing import Any

from core.access import ADMINISTRATORS, EVENT_CALLERS, EVERYONE, RECAP_READERS, roles_of
from core.flows.messages import Reply
from core.flows.texts import t
from core.flows.turn import Turn
from core.org import Role

# (command, roles that see it, Bahasa Indonesia, English)
COMMANDS: tuple[tuple[str, frozenset[Role], str, str], ...] = (
    ("masuk", EVERYONE, "Absen masuk", "Clock in"),
    ("pulang", EVERYONE, "Absen pulang", "Clock out"),
    (
        "izin",
        EVERYONE,
        "Ajukan sakit, izin, cuti, tugas/dinas luar",
        "Request sick leave, permits, leave, duty",
    ),
    (
        "lupaabsen",
        EVERYONE,
        "Ajukan absen masuk/pulang yang terlupa (disetujui atasan)",
        "Ask for a missed clock-in or clock-out (approved like a permit)",
    ),
    (
        "antrian",
        EVERYONE,
        "Pengajuan yang menunggu persetujuan Anda: /antrian [setujui 12 15]",
        "Requests waiting for your approval: /antrian [setujui 12 15]",
    ),
    (
        "wakil",
        EVERYONE,
        "Wakil penyetuju selama Anda pergi: /wakil NIP 01-12-2026 s/d 05-12-2026 | hapus",
        "A substitute approver while you are away: /wakil NIP 01-12-2026 s/d 05-12-2026 | hapus",
    ),
    (
        "status",
        EVERYONE,
        "Absen hari ini dan rekap bulan ini",
        "Today's records and this month's totals",
    ),
    (
        "lkh",
        EVERYONE,
        "Laporan kinerja harian (LKH), bila diwajibkan: /lkh [tanggal]",
        "Daily performance report (LKH), where required: /lkh [date]",
    ),
    ("wajah", EVERYONE, "Daftarkan wajah untuk swafoto", "Enroll your face"),
    (
        "riwayat",
        EVERYONE,
        "Riwayat absen dan pengajuan Anda: /riwayat [2026-11]",
        "Your attendance and requests, day by day: /riwayat [2026-11]",
    ),
    (
        "rekapsaya",
        EVERYONE,
        "Rekap bulan Anda dan potongan TPP: /rekapsaya [2026-11]",
        "Your month's totals and TPP deduction: /rekapsaya [2026-11]",
    ),
    (
        "cek",
        EVERYONE,
        "Cek tanda terima: /cek KODE",
        "Check a receipt: /cek CODE",
    ),
    (
        "bahasa",
        EVERYONE,
        "Ganti bahasa: /bahasa id|en",
        "Switch language: /bahasa id|en",
    ),
    (
        "rekap",
        RECAP_READERS,
        "Rekap harian unit: /rekap [tanggal]",
        "Unit's daily summary: /rekap [date]",
    ),
    (
        "rekapbulan",
        RECAP_READERS,
        "Rekap bulanan (Excel dan PDF): /rekapbulan [2026-11]",
        "Monthly recap (Excel and PDF): /rekapbulan [2026-11]",
    ),
    (
        "acara",
        EVENT_CALLERS,
        "Acara hari ini (apel, senam, upacara) di lokasi Anda: /acara [baru | batal NOMOR]",
        "Today's event (apel, exercise, ceremony) at your location: /acara [baru | batal NUMBER]",
    ),
    (
        "web",
        RECAP_READERS,
        "Tautan masuk konsol web (persetujuan, rekap, pegawai)",
        "A sign-in link to the web console (approvals, recaps, staff)",
    ),
    (
        "kode",
        ADMINISTRATORS,
        "Kode aktivasi pegawai: /kode NIP",
        "Activation code for an employee: /kode NIP",
    ),
    (
        "reset",
        ADMINISTRATORS,
        "Lepas akun chat pegawai: /reset NIP",
        "Release an employee's chat account: /reset NIP",
    ),
    (
        "blokir",
        ADMINISTRATORS,
        "Blokir akun: /blokir NIP",
        "Block an account: /blokir NIP",
    ),
    (
        "buka",
        ADMINISTRATORS,
        "Buka blokir: /buka NIP",
        "Unblock an account: /buka NIP",
    ),
    (
        "tinjau",
        ADMINISTRATORS,
        "Absen yang perlu ditinjau (tanpa wajah, WhatsApp), dikonfirmasi atau ditolak: "
        "/tinjau [2026-11-24]",
        "Clock-ins to review (no face, WhatsApp), confirmed or rejected: /tinjau [2026-11-24]",
    ),
    (
        "manual",
        ADMINISTRATORS,
        "Catat absen pengganti: /manual NIP masuk|pulang [07:45] lupa_hp",
        "Record a fallback clock-in: /manual NIP masuk|pulang [07:45] lupa_hp",
    ),
    (
        "servermati",
        frozenset({Role.SUPER_ADMIN}),
        "Nyatakan gangguan server: /servermati 24-11-2026 07:00-09:30 semua alasan",
        "Declare a server outage: /servermati 24-11-2026 07:00-09:30 semua reason",
    ),
    (
        "admin",
        frozenset({Role.SUPER_ADMIN}),
        "Admin unit: /admin daftar [UNIT], /admin tambah|hapus NIP UNIT",
        "Unit admins: /admin daftar [UNIT], /admin tambah|hapus NIP UNIT",
    ),
    (
        "kirimrekap",
        ADMINISTRATORS,
        "Tandai rekap bulan lalu terkirim: /kirimrekap [2026-11]",
        "Mark last month's report submitted: /kirimrekap [2026-11]",
    ),
    (
        "gangguan",
        RECAP_READERS,
        "Laporkan gangguan aplikasi: /gangguan [24-11-2026 07:00-09:30] keterangan",
        "Report an application fault: /gangguan [24-11-2026 07:00-09:30] description",
    ),
    (
        "koreksi",
        ADMINISTRATORS,
        "Koreksi jam presensi: /koreksi NIP 24-11-2026 masuk 07:25 alasan",
        "Correct a clock-in time: /koreksi NIP 24-11-2026 masuk 07:25 reason",
    ),
    (
        "batal",
        EVERYONE,
        "Batalkan langkah yang berjalan, atau pengajuan yang belum diputuskan: /batal [nomor]",
        "Cancel the step in progress, or a request not yet decided: /batal [number]",
    ),
    ("bantuan", EVERYONE, "Daftar perintah", "List of commands"),
)


# Further uses of a command for some roles: in /bantuan, not in the menu (one entry per command).
MORE_USES: tuple[tuple[str, frozenset[Role], str, str], ...] = (
    (
        "izin NIP",
        ADMINISTRATORS,
        "Catat sakit/izin/cuti untuk pegawai unit Anda (langsung disetujui)",
        "Record sick leave, permits or leave for your unit's staff (approved at once)",
    ),
)


def allowed(command: str, roles: set[str]) -> bool:
    return any(c == command and roles & who for c, who, _, _ in COMMANDS)


def menu_commands(turn: Turn) -> tuple[tuple[str, str], ...]:
    """The command menu for this user's roles, in their language."""
    return menu_for(turn.roles, turn.language)


def menus(turn: Turn) -> dict[str, Any]:
    """The chat's menus for this user's roles: the commands, and the console's button."""
    return menus_for(turn.roles, turn.language, turn.deps.console_app)


def menus_for(roles: set[str], language: str, console_app: str | None) -> dict[str, Any]:
    """The chat's menus for these roles (stored names): the command menu and, where the
    console is served as a Mini App, the menu button that opens it (heads and admins) or gives
    the button back to the commands (anyone else)."""
    menu: dict[str, Any] = {"commands": menu_for(roles, language)}
    if console_app:
        reads = bool(roles_of(roles) & RECAP_READERS)
        label = t(language, "menu_console") if reads else ""
        menu["menu_app"] = (label, console_app) if reads else ("", "")
    return menu


def menu_for(roles: set[str], language: str) -> tuple[tuple[str, str], ...]:
    """The command menu for these roles (stored names), in `language`."""
    held = roles or EVERYONE
    english = language == "en"
    return tuple((c, en if english else id_) for c, who, id_, en in COMMANDS if held & who)


async def help_command(turn: Turn) -> None:
    """List what this user's role can do."""
    if turn.employee is None:
        turn.say("not_linked")
        return
    lines = [turn.text("help_header")] + [f"/{c} - {d}" for c, d in menu_commands(turn)]
    roles, english = turn.roles or EVERYONE, turn.language == "en"
    lines += [f"/{c} - {en if english else id_}" for c, who, id_, en in MORE_USES if roles & who]
    turn.reply(Reply("\n".join(lines), **menus(turn)))


async def cancel(turn: Turn) -> None:
    """Drop the step in progress."""
    await turn.forget()
    turn.menu("cancelled")
