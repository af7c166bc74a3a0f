"""The playground: the demo organisation's people in a web chat (`presensi demo --web`)."""
