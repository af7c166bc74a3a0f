"""What a person reads about a liveness video: the challenge and every reason it is refused
(core.faces.liveness_reasons, key `liveness_<code>`). (Id, en) pairs, merged into
`core.flows.texts.TEXTS`."""

from __future__ import annotations

LIVENESS_TEXTS: dict[str, tuple[str, str]] = {
    "liveness_ask": (
        "Lokasi diterima ({site}). Kirim video singkat wajah Anda (paling lama {seconds} detik) "
        "dalam {minutes} menit: {challenge}.",
        "Location accepted ({site}). Send a short video of your face (at most {seconds} "
        "seconds) within {minutes} minutes: {challenge}.",
    ),
    "liveness_challenge_toleh_kiri": (
        "hadapkan wajah ke kamera, lalu tolehkan kepala ke kiri Anda",
        "face the camera, then turn your head to your left",
    ),
    "liveness_challenge_toleh_kanan": (
        "hadapkan wajah ke kamera, lalu tolehkan kepala ke kanan Anda",
        "face the camera, then turn your head to your right",
    ),
    "liveness_challenge_kedip_dua_kali": (
        "hadapkan wajah ke kamera, kedipkan mata dua kali, lalu tolehkan kepala ke samping",
        "face the camera, blink twice, then turn your head to one side",
    ),
    "liveness_expected_video": (
        "Yang diminta video wajah Anda, bukan {got}. Rekam video bulat atau video singkat.",
        "A video of your face was asked for, not {got}. Record a round video or a short video.",
    ),
    "liveness_forwarded": (
        "Video terusan tidak diterima. Rekam wajah Anda langsung dengan kamera.",
        "A forwarded video is not accepted. Record your face live with the camera.",
    ),
    "liveness_replayed": (
        "Video ini sudah pernah dipakai. Rekam video baru.",
        "This video was used before. Record a new one.",
    ),
    "liveness_given_up": (
        "{why} Tiga video sudah ditolak; ketuk Masuk atau Pulang untuk mulai lagi.",
        "{why} Three videos were refused; tap Clock in or Clock out to start again.",
    ),
    "liveness_expired": (
        "Waktu untuk video ini sudah habis. Ketuk Masuk atau Pulang untuk tantangan baru.",
        "The time for this video is over. Tap Clock in or Clock out for a new challenge.",
    ),
    "liveness_video_unreadable": (
        "Video tidak bisa dibaca. Rekam ulang dengan kamera ponsel dan kirim lagi.",
        "The video cannot be read. Record it again with the phone's camera and send it.",
    ),
    "liveness_video_too_long": (
        "Video terlalu panjang (paling lama {seconds} detik). Rekam ulang lebih singkat.",
        "The video is too long (at most {seconds} seconds). Record a shorter one.",
    ),
    "liveness_video_too_large": (
        "Video terlalu besar. Rekam ulang dengan kamera ponsel biasa, beberapa detik saja.",
        "The video is too large. Record a few seconds with an ordinary phone camera.",
    ),
    "liveness_no_face": (
        "Tidak ada wajah di sebagian besar video. Pastikan seluruh wajah Anda terlihat dan terang.",
        "No face in most of the video. Make sure your whole face is visible and lit.",
    ),
    "liveness_multiple_faces": (
        "Lebih dari satu wajah di video. Hanya Anda yang boleh terlihat.",
        "More than one face in the video. Only you should be seen.",
    ),
    "liveness_still_image": (
        "Video ini hanya gambar diam. Rekam wajah Anda sendiri secara langsung.",
        "This video is a still image. Record your own face live.",
    ),
    "liveness_flat": (
        "Wajah tampak seperti foto atau layar. Rekam wajah Anda sendiri secara langsung.",
        "The face looks like a photo or a screen. Record your own face live.",
    ),
    "liveness_not_turned_left": (
        "Wajah tidak menoleh ke kiri. Rekam ulang dan tolehkan kepala ke kiri Anda.",
        "The face did not turn left. Record again and turn your head to your left.",
    ),
    "liveness_not_turned_right": (
        "Wajah tidak menoleh ke kanan. Rekam ulang dan tolehkan kepala ke kanan Anda.",
        "The face did not turn right. Record again and turn your head to your right.",
    ),
    "liveness_not_blinked_twice": (
        "Mata tidak berkedip dua kali. Rekam ulang dan kedipkan mata dua kali dengan jelas.",
        "The eyes did not blink twice. Record again and blink twice clearly.",
    ),
    "liveness_face_changed": (
        "Wajah di video berganti orang. Rekam ulang hanya wajah Anda.",
        "The face in the video changes person. Record again with only your face.",
    ),
    "liveness_no_match": (
        "Wajah di video tidak cocok dengan wajah terdaftar.",
        "The face in the video does not match the enrolled face.",
    ),
    "liveness_not_enrolled": (
        "Belum ada wajah terdaftar yang disetujui. Daftarkan wajah dengan /wajah.",
        "No approved enrolled face yet. Enrol your face with /wajah.",
    ),
    "liveness_try_again": (
        "Pemeriksaan video sedang sibuk atau gagal. Coba lagi sebentar lagi.",
        "The video check is busy or failed. Please try again in a moment.",
    ),
}
