"""Configuration: defaults, then ``instance/config.py``, then environment variables.

Only the settings a deployer may change are read from the environment; everything
else stays a code default so that tests and production run the same code paths.
"""
from __future__ import annotations

import os
from datetime import timedelta

DEFAULT_SECRET_KEY = "dev-insecure-key-change-me"


def normalise_database_url(url: str) -> str:
    """Map the URLs people paste (``postgres://``, ``postgresql://``) to the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Defaults:
    SECRET_KEY = DEFAULT_SECRET_KEY
    LIANXIN_ENV = "development"  # "production" turns on the production refusals
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled in create_app (instance folder)
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "lianxin_session"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)  # absolute: a login ends this long after it began
    SESSION_IDLE_MINUTES = 30  # a login ends after this long without a request (等保二级: 登录超时)
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None  # tied to the session lifetime instead
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    # Login throttling: failures within the window before further attempts are refused.
    LOGIN_MAX_FAILURES_PER_USER = 5
    LOGIN_MAX_FAILURES_PER_IP = 20
    LOGIN_WINDOW_MINUTES = 15
    # Reverse proxies in front of the app whose X-Forwarded-For / -Proto are believed (0 = none: the
    # client is the peer address). Set it to the number of proxies, e.g. 1 behind one nginx.
    TRUSTED_PROXIES = 0
    PASSWORD_HASH_METHOD = "scrypt"
    BUREAU_NAME = "江南省生态环境厅"
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_SENDER = "lianxin@localhost"
    ITEMS_PER_PAGE = 30
    RECEPTION_REMINDER_DAYS = 5  # days before a reception day that its leader is reminded
    BASE_URL = "http://127.0.0.1:5000"  # how users reach the app: links in e-mails and group-chat messages
    WEBHOOK_ATTEMPTS = 3  # tries per group-chat message (the first and two retries)
    WEBHOOK_BACKOFF_SECONDS = 2.0  # wait before the first retry, doubled before each next one
    WEBHOOK_TIMEOUT_SECONDS = 10


ENV_KEYS = ("SECRET_KEY", "LIANXIN_ENV", "BUREAU_NAME", "MAIL_SERVER", "MAIL_PORT", "MAIL_SENDER", "RECEPTION_REMINDER_DAYS",
            "BASE_URL", "WEBHOOK_ATTEMPTS", "WEBHOOK_BACKOFF_SECONDS", "WEBHOOK_TIMEOUT_SECONDS",
            "SESSION_IDLE_MINUTES", "SESSION_LIFETIME_HOURS", "TRUSTED_PROXIES", "UPLOAD_FOLDER")
INT_KEYS = ("MAIL_PORT", "RECEPTION_REMINDER_DAYS", "WEBHOOK_ATTEMPTS", "SESSION_IDLE_MINUTES", "SESSION_LIFETIME_HOURS",
            "TRUSTED_PROXIES")
FLOAT_KEYS = ("WEBHOOK_BACKOFF_SECONDS", "WEBHOOK_TIMEOUT_SECONDS")


def from_environment() -> dict:
    """The settings present in the process environment."""
    found: dict = {k: os.environ[k] for k in ENV_KEYS if os.environ.get(k)}
    if os.environ.get("DATABASE_URL"):
        found["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(os.environ["DATABASE_URL"])
    for key in INT_KEYS:
        if key in found:
            found[key] = int(found[key])
    for key in FLOAT_KEYS:
        if key in found:
            found[key] = float(found[key])
    if "SESSION_LIFETIME_HOURS" in found:
        found["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=found.pop("SESSION_LIFETIME_HOURS"))
    return found


ENVIRONMENTS = ("development", "production")


def is_production(cfg) -> bool:
    return cfg.get("LIANXIN_ENV") == "production"


def check_production(cfg) -> None:
    """An unrecognised ``LIANXIN_ENV`` stops start-up (a stray space or CR must not quietly mean
    development); production refuses the default secret key and gets Secure cookies."""
    env = cfg.get("LIANXIN_ENV")
    if env not in ENVIRONMENTS:
        raise RuntimeError(
            f"LIANXIN_ENV 的值 {env!r} 无法识别：只能是 “development” 或 “production”（不能有空格、换行或大小写差异），拒绝启动。"
        )
    if not is_production(cfg):
        return
    if not cfg.get("SECRET_KEY") or cfg["SECRET_KEY"] == DEFAULT_SECRET_KEY or len(str(cfg["SECRET_KEY"])) < 16:
        raise RuntimeError(
            "生产环境必须设置足够长的 SECRET_KEY（环境变量或 instance/config.py），拒绝以默认密钥启动。"
        )
    cfg["SESSION_COOKIE_SECURE"] = True
    cfg["REMEMBER_COOKIE_SECURE"] = True
