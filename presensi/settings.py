"""All configuration, from the environment (or a .env file). Core never reads it itself."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(
        "sqlite:///var/presensi.db",
        description="SQLAlchemy URL; PostgreSQL in production (postgresql+psycopg://...)",
    )
    redis_url: str | None = Field(
        None, description="redis://...; unset: an embedded in-process stand-in (fakeredis)"
    )
    media_dir: Path = Field(Path("var/media"), description="selfies and uploaded documents")
    # Several machines share selfies and documents through an S3-compatible bucket (AWS,
    # MinIO, a provider's object storage); one machine keeps them in MEDIA_DIR.
    media_store: str = Field(
        "local", pattern="^(local|s3)$", description="local: MEDIA_DIR; s3: S3_BUCKET"
    )
    s3_bucket: str | None = Field(None, description="the bucket of MEDIA_STORE=s3")
    s3_prefix: str = Field("", description="a folder in the bucket, e.g. presensi/")
    s3_endpoint_url: str | None = Field(None, description="unset: AWS; else MinIO etc.")
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None
    s3_secret_access_key: SecretStr | None = None
    selfie_retention_days: int = Field(
        30, ge=0, description="days a selfie (clock-in or enrollment photo) is kept; 0: none"
    )
    # An absence's evidence backs the month's recap and TPP: kept through the month it covers,
    # the next month's revision window (at most day 28) and a month for objections. After
    # that the decision (who approved, when, why) stays in the database and the audit log.
    evidence_retention_days: int = Field(
        90, ge=0, description="days an uploaded evidence document is kept; 0: none"
    )
    # A clock-in's exact position backs its verdict (inside or outside the area) for as long
    # as the verdict can be disputed: the same three months. After that the distance and the
    # verdict stay; latitude, longitude and accuracy go (`presensi media purge`).
    location_retention_days: int = Field(
        90, ge=0, description="days the exact position of an attendance record is kept; 0: none"
    )
    language: str = Field("id", pattern="^(id|en)$", description="default reply language")

    @field_validator("language", mode="before")
    @classmethod
    def _gettext_language(cls, value: object) -> object:
        """Also GNU gettext's form, set by many desktops: `en_US:en` -> `en`; unknown -> `id`."""
        if not isinstance(value, str):
            return value
        first = value.split(":", 1)[0].strip()
        language = first.replace("-", "_").split("_", 1)[0].split(".", 1)[0].split("@", 1)[0]
        return language.lower() if language.lower() in {"id", "en"} else "id"

    push_summary_at: str = Field(
        "09:00", pattern=r"^\d{2}:\d{2}$", description="local time of the heads' daily summary"
    )
    push_reminder_minutes: int = Field(
        15,
        ge=0,
        le=120,
        description="remind staff this long before check-in stops being on time (0: no reminders)",
    )
    # 0.55: no false accept or reject over the 153 labelled pairs of shared/faces (genuine
    # <= 0.518, impostor >= 0.686), measured by `benchmarks/face_bench.py --calibration`; the
    # reasoning is in core.faces.port.FaceSettings.
    face_threshold: float = Field(0.55, gt=0, lt=1, description="largest face distance accepted")
    face_queue: str = Field(
        "pool",
        pattern="^(pool|arq|off)$",
        description="pool: a process pool in this server; arq: face workers via Redis "
        "(`arq core.faces.queue.WorkerSettings`); off: record selfies without matching",
    )
    face_workers: int | None = Field(None, ge=1, description="pool size (default: cores)")

    # Personal data at rest (UU 27/2022); unset with the embedded SQLite database: generated
    # once into files next to it (0600); unset on PostgreSQL: refused (presensi.keys).
    secret_key: SecretStr | None = Field(None, description="HMAC-SHA256 key of activation codes")
    receipt_key: SecretStr | None = Field(
        None,
        description="HMAC-SHA256 key of the receipt codes staff get for each record (/cek, "
        "GET /verify/CODE); unset: derived from SECRET_KEY under its own label",
    )
    face_keys: SecretStr | None = Field(
        None,
        description="comma-separated Fernet keys for face encodings: the first encrypts, "
        "all decrypt (rotation: put the new key first, run `presensi face rekey`, drop the old)",
    )

    # The audit log's anchors outside the database (core.storage.audit).
    audit_key: SecretStr | None = Field(
        None,
        description="HMAC-SHA256 key for every audit entry and checkpoint; unset: entries "
        "are hash-chained only, and whoever can write the database can rewrite the chain after "
        "the last checkpoint consistently",
    )
    audit_checkpoint_file: Path | None = Field(
        None,
        description="append-only JSON lines written by `presensi audit checkpoint` and "
        "read by `presensi audit verify`; keep it where the database owner cannot rewrite it",
    )

    @property
    def audit_key_bytes(self) -> bytes | None:
        key = self.audit_key.get_secret_value() if self.audit_key else ""
        return key.encode() if key else None

    telegram_bot_token: SecretStr | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_file_base_url: str = "https://api.telegram.org/file/bot"

    whatsapp_access_token: SecretStr | None = None
    whatsapp_app_secret: SecretStr | None = None
    whatsapp_verify_token: SecretStr | None = None
    whatsapp_phone_number_id: str | None = None
    whatsapp_api_base_url: str = "https://graph.facebook.com/v21.0"
    whatsapp_messages_per_second: float = Field(
        20, gt=0, description="send rate; keep it below the account's messages-per-second limit"
    )
    whatsapp_templates: dict[str, str] = Field(
        default_factory=lambda: {
            "notice": "presensi_pemberitahuan",
            "reminder": "presensi_pengingat",
            "approval_result": "presensi_hasil_pengajuan",
            "held": "presensi_pesan_menunggu",
        },
        description="JSON: purpose -> approved template name, used outside the 24-hour window "
        "(docs/whatsapp-templates.md)",
    )
    whatsapp_template_language: str = "id"
    whatsapp_max_message_age_s: int = Field(
        600, gt=0, description="a message older than this when it arrives is refused as stale"
    )
    # Both platforms send updates of a few kilobytes (media by id): 1 MiB is ample.
    webhook_max_body_bytes: int = Field(
        1024 * 1024, ge=1024, description="larger webhook bodies are refused with 413 unread"
    )
    api_docs: bool = Field(False, description="serve /docs and /openapi.json")
    public_url: str | None = Field(
        None,
        pattern=r"^https?://[^/\s]+(/[^\s]*)?$",
        description="the address browsers reach this server at (https://presensi.example.go.id):"
        " the web console's sign-in links; unset: /web says the console is off",
    )
    map_tiles: str | None = Field(
        None,
        pattern=r"^https?://[^\s]*\{z\}[^\s]*\{x\}[^\s]*\{y\}[^\s]*$",
        description="the console maps' tile server, as a URL template"
        " (https://tile.openstreetmap.org/{z}/{x}/{y}.png, or your own); unset: no base map"
        " (sites and clock-ins are drawn on a plain background, nothing leaves the server)",
    )
    map_attribution: str = Field(
        "", max_length=300, description="the tile server's credit line, shown on the map"
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
