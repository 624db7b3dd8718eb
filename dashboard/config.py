"""Configuration from the environment; nothing else in the app reads os.environ."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SQLITE_PATH = Path("instance") / "klikks.sqlite3"
DEFAULT_SECRET_KEY_PATH = Path("instance") / "secret_key"


class ConfigError(ValueError):
    """A setting in the environment cannot be used; the German message names the variable."""


def _whole(env: dict[str, str], key: str, default: int) -> int:
    raw = (env.get(key) or "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()):
        raise ConfigError(f"{key}={raw} ist keine ganze Zahl (z. B. {key}={default}).")
    return int(raw)


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in ("1", "true", "ja", "yes", "on")


@dataclass(frozen=True)
class MailSettings:
    """The SMTP server mails are sent through; ``host`` None means no mail server (in-app notices only)."""

    host: str | None = None
    port: int = 587
    user: str | None = None
    password: str | None = None
    starttls: bool = True
    sender: str = "klikks-dashboard@localhost"  # MAIL_FROM

    @property
    def configured(self) -> bool:
        return bool(self.host)

    @classmethod
    def from_env(cls, env: dict[str, str]) -> MailSettings:
        return cls(
            host=(env.get("SMTP_HOST") or "").strip() or None,
            port=_whole(env, "SMTP_PORT", cls.port),
            user=env.get("SMTP_USER") or None,
            password=env.get("SMTP_PASSWORD") or None,
            starttls=_flag(env.get("SMTP_STARTTLS"), True),
            sender=(env.get("MAIL_FROM") or "").strip() or cls.sender,
        )


@dataclass(frozen=True)
class Config:
    database_url: str = f"sqlite:///{DEFAULT_SQLITE_PATH}"
    load_demo_data: bool = True  # fill an empty database with demo data on start
    migrate_on_start: bool = True
    host: str = "127.0.0.1"
    port: int = 8050
    public: bool = True  # without login: read-only dashboard (True) or every page redirects to /anmelden
    secret_key: str | None = None  # signs the session cookie; generated into instance/ when not set
    secret_key_file: Path = DEFAULT_SECRET_KEY_PATH
    secure_cookies: bool = False  # set the cookies' Secure flag (behind HTTPS)
    frame_ancestors: str = "'none'"  # CSP frame-ancestors: who may embed the dashboard in a frame
    proxy_count: int = 0  # trusted reverse proxies in front of the app (for the client address in X-Forwarded-For)
    redis_url: str | None = None  # shared result cache for several workers/instances; else per process
    result_cache: bool = True  # False: every request computes its results (for benchmarks)
    mail: MailSettings = MailSettings()
    public_url: str = "http://127.0.0.1:8050"  # where mails link to (PUBLIC_URL)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Config:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("DATABASE_URL") or cls.database_url,
            load_demo_data=_flag(env.get("KLIKKS_DEMO_DATA"), True),
            migrate_on_start=_flag(env.get("KLIKKS_MIGRATE_ON_START"), True),
            host=env.get("HOST") or cls.host,
            port=_whole(env, "PORT", cls.port),
            public=_flag(env.get("KLIKKS_PUBLIC"), True),
            secret_key=env.get("SECRET_KEY") or None,
            secure_cookies=_flag(env.get("KLIKKS_SECURE_COOKIES"), False),
            frame_ancestors=(env.get("KLIKKS_FRAME_ANCESTORS") or "").strip() or cls.frame_ancestors,
            proxy_count=_whole(env, "KLIKKS_PROXY_COUNT", 0),
            redis_url=env.get("REDIS_URL") or None,
            result_cache=_flag(env.get("KLIKKS_RESULT_CACHE"), True),
            mail=MailSettings.from_env(env),
            public_url=(env.get("PUBLIC_URL") or "").strip().rstrip("/") or cls.public_url,
        )

    @property
    def redacted_url(self) -> str:
        """The database URL without its password, for messages and logs."""
        from sqlalchemy.engine import make_url

        try:
            return make_url(self.database_url).render_as_string(hide_password=True)
        except Exception:  # an unparsable URL is shown as given, it holds nothing to hide
            return self.database_url
