"""What users read when a live location's track shows the signs of a mocked position
(core.track, core.flows.clocking). (Id, en) pairs, merged into `core.flows.texts.TEXTS`."""

from __future__ import annotations

TRACK_TEXTS: dict[str, tuple[str, str]] = {
    "track_refused": (
        "Absen {what} ditolak: lokasi terkini Anda tidak bergerak seperti lokasi ponsel yang "
        "sebenarnya ({why}). Matikan aplikasi pengubah lokasi bila ada, lalu absen lagi dengan "
        "Lokasi Terkini dari ponsel Anda sendiri. ({rule})",
        "{what} refused: your live location does not move like a real phone's ({why}). Turn off "
        "any app that changes your location, then clock in again with your own phone's Live "
        "Location. ({rule})",
    ),
    "track_review_note": (
        " Lokasi terkini Anda akan ditinjau admin unit: {why}.",
        " Your unit admin will review your live location: {why}.",
    ),
    # Each signal in words, with the figures that show it.
    "track_why_jump": (
        "lokasi melompat {distance} dalam {seconds} detik (±{speed_kmh} km/jam, lebih cepat "
        "dari kendaraan mana pun; batas {limit_kmh} km/jam)",
        "the location jumped {distance} in {seconds} s (about {speed_kmh} km/h, faster than any "
        "vehicle; limit {limit_kmh} km/h)",
    ),
    "track_why_teleport": (
        "lokasi berpindah dari jauh langsung ke dalam area kantor ({distance} dalam {seconds} "
        "detik)",
        "the location moved from far away straight into the office area ({distance} in "
        "{seconds} s)",
    ),
    "track_why_still": (
        "{fixes} posisi berturut-turut persis sama dengan akurasi yang tidak berubah, ciri "
        "aplikasi lokasi palsu",
        "{fixes} positions in a row exactly the same with an unchanging accuracy, the mark of "
        "a fake-location app",
    ),
    "track_why_zero_accuracy": (
        "akurasi lokasi tepat 0 m, yang tidak pernah dilaporkan ponsel sungguhan",
        "a location accuracy of exactly 0 m, which a real phone never reports",
    ),
}
