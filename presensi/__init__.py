"""presensi."""
