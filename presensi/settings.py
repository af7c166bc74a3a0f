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
    selfie_retention_days: int = Field(30, ge=0, description="days a selfie is kept")
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
        15, ge=0, le=120, description="remind staff this long before check-in stops being on "
        "time (0: no reminders)",
    )
    # 0.55: no false accept or reject over the 153 labelled pairs of shared/faces (genuine
    # <= 0.518, impostor >= 0.686), measured by `benchmarks/face_bench.py --calibration`; the
    # reasoning is in core.faces.port.FaceSettings.
    face_threshold: float = Field(0.55, gt=0, lt=1, description="largest face distance accepted")
    face_queue: str = Field(
        "pool", pattern="^(pool|arq|off)$",
        description="pool: a process pool in this server; arq: face workers via Redis "
        "(`arq core.faces.queue.WorkerSettings`); off: record selfies without matching",
    )
    face_workers: int | None = Field(None, ge=1, description="pool size (default: cores)")

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
        },
        description="JSON: purpose -> approved template name, used outside the 24-hour window",
    )
    whatsapp_template_language: str = "id"
    whatsapp_max_message_age_s: int = Field(
        600, gt=0, description="a message older than this when it arrives is refused as stale"
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
