"""What is wrong with a typed NIP or NIK, in the user's language: `core.ids.InvalidIdentifier`
names the part as `why` with its fields; each text opens the sentence of `bad_identity`.
(Id, en) pairs, merged into `core.flows.texts.TEXTS`."""

from __future__ import annotations

IDENTITY_TEXTS: dict[str, tuple[str, str]] = {
    "id_digits_only": ("{label} hanya berisi angka", "{label} must contain digits only"),
    "id_length": (
        "{label} terdiri atas {length} digit, yang dikirim {got} digit",
        "{label} must have {length} digits, got {got}",
    ),
    "id_either": (
        "Yang dikirim bukan NIP atau NIK",
        "What you sent is neither a NIP nor a NIK",
    ),
    "id_nip_birth": (
        "Tanggal lahir pada NIP ({value}) bukan tanggal yang ada",
        "The NIP's birth date {value} is not a real date",
    ),
    "id_nip_month": (
        "Bulan pengangkatan pada NIP ({value}) bukan bulan (01-12)",
        "The NIP's appointment month {value} is not a month (01-12)",
    ),
    "id_nip_young": (
        "Pengangkatan pada NIP ({value}) sebelum pemegangnya berusia 15 tahun (lahir {born})",
        "The NIP's appointment {value} is before its holder turned 15 (born {born})",
    ),
    "id_nip_gender": (
        "Digit jenis kelamin pada NIP harus 1 atau 2, bukan {value}",
        "The NIP's gender digit must be 1 or 2, not {value}",
    ),
    "id_nip_sequence": (
        "Nomor urut NIP tidak mungkin 000",
        "A NIP's sequence number cannot be 000",
    ),
    "id_nik_province": (
        "Kode provinsi NIK (digit 1-2) tidak mungkin 00",
        "A NIK's province code (digits 1-2) cannot be 00",
    ),
    "id_nik_regency": (
        "Kode kabupaten/kota NIK (digit 3-4) tidak mungkin 00",
        "A NIK's regency code (digits 3-4) cannot be 00",
    ),
    "id_nik_month": (
        "Bulan lahir pada NIK ({value}) bukan bulan (01-12)",
        "The NIK's birth month {value} is not a month (01-12)",
    ),
    "id_nik_day": (
        "Tanggal lahir pada NIK ({value}) bukan tanggal bulan {month}",
        "The NIK's birth day {value} is not a day of month {month}",
    ),
    "id_nik_sequence": (
        "Nomor urut NIK tidak mungkin 0000",
        "A NIK's sequence number cannot be 0000",
    ),
}
