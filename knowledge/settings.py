"""All configuration in one place, read from the environment (prefix NHSBOT_) or `.env`.

Secrets (the session secret, the SMTP password, database credentials, the Teams app password) come
from the environment only; nothing here is a secret by default.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from dotenv import dotenv_values
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NHSBOT_", env_file=".env", extra="ignore")

    # Where things live.
    entries_dir: Path = ROOT / "knowledge" / "entries"
    sources_dir: Path = ROOT / "knowledge" / "sources"
    data_dir: Path = ROOT / ".data"

    # Ports and addresses of the three services (all on localhost by default).
    host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    knowledge_port: int = 8000
    knowledge_url: str | None = Field(default=None, description="Base URL the actions use; defaults to host:knowledge_port")

    # Retrieval.
    embedding_batch_size: int = 32
    embedding_backend: Literal["onnx", "torch"] = Field(
        default="onnx", description="onnx: the packaged weights exported once to index_dir/onnx-model (same vectors, less CPU)")
    embedding_solo_threads: int = Field(
        default=2, ge=1, le=64,
        description="Threads for a question embedded while no other is (the latency of a lone question); one otherwise")
    rrf_k: int = 60
    min_confidence: float = Field(
        default=0.23, description="Below this the bot says it does not know (bench/fit_confidence.py's threshold)")
    low_confidence: float = Field(
        default=0.32, description="Answers below this confidence are listed for the R&D office as low-confidence")
    max_query_chars: int = 2000
    search_timeout_s: float = 10.0

    # Whom to ask when the knowledge base has no answer.
    rd_office_contact: str = "your organisation's Research and Development (R&D) office"
    rd_office_email: str | None = None

    # The Microsoft Teams channel's own settings (app id, password, tenant, retries...) are declared once, in
    # bot/channels/teams_config.py: the Rasa process owns them, and the ticket delivery reads them there.
    # The Teams app package (make teams-package).
    teams_package_id: str | None = Field(default=None, description="Teams app id (a GUID); defaults to the bot's app id "
                                         "(NHSBOT_TEAMS_APP_ID)")
    teams_app_version: str = "1.0.0"
    teams_app_short_name: str = "Research opportunities"
    teams_app_full_name: str = "NHS research opportunities assistant"
    teams_app_short_description: str = "Find the research schemes, funding and protected time open to you"
    teams_app_full_description: str = (
        "Tells new NHS staff which research schemes, funding, protected time and training are open to them, "
        "and answers questions about them from a knowledge base curated by the R&D office, always citing the source.")
    teams_developer_name: str = "NHS R&D office"
    teams_website_url: str | None = Field(default=None, description="https page about the assistant (manifest)")
    teams_privacy_url: str | None = Field(default=None, description="https privacy notice (manifest)")
    teams_terms_url: str | None = Field(default=None, description="https terms of use (manifest)")
    teams_accent_color: str = "#005EB8"

    # Web chat page (service/webchat.py): Rasa's REST channel behind a same-origin proxy.
    rasa_url: str | None = Field(default=None, description="Base URL of Rasa for the web chat; defaults to host:rasa_port")

    log_level: str = "INFO"

    # Curation application (knowledge/curation): where entries are edited, reviewed and published.
    database_url: str | None = Field(
        default=None, description="PostgreSQL URL for the curation store, sign-in sessions and the question log, shared by "
        "every instance of the service; unset: SQLite at data_dir/curation.sqlite3 and data_dir/gaps.sqlite3")
    session_secret: SecretStr | None = Field(
        default=None, description="Signs CSRF tokens; unset: a random one per start (forms open at a restart must be reloaded)")
    secure_cookies: bool | None = Field(
        default=None, description="Mark cookies Secure; unset: whenever a request came over HTTPS (TLS here, or "
        "X-Forwarded-Proto: https from the proxy in front); false only for plain-HTTP testing")
    session_hours: float = 8.0
    api_token_days: int = Field(default=90, ge=1, le=3650,
                                description="API tokens expire after this many days (and can last no longer)")
    gap_similarity: float = Field(default=0.6, description="Cosine similarity above which two questions are grouped")
    review_soon_days: int = 30
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str | None = None
    review_summary_to: str | None = Field(default=None, description="Comma-separated addresses for the weekly review summary")
    smtp_starttls: bool | None = Field(
        default=None, description="Use STARTTLS; unset: yes unless the port is 25 (a local relay)")

    # Ask the R&D office (knowledge/tickets.py, service/ticket_delivery.py).
    public_url: str | None = Field(
        default=None, description="Base URL people reach the service at (links in the Teams ticket card)")
    ticket_email_attempts: int = Field(default=6, ge=1, description="Automatic tries per answer email; then 'failed'")
    ticket_email_retry_s: float = Field(default=60, gt=0, description="Seconds between retries of unsent answer emails")
    tickets_teams_channel_id: str | None = Field(
        default=None, description="Teams channel (19:...@thread.tacv2) where new tickets are posted as cards")
    tickets_teams_service_url: str | None = Field(
        default=None, description="Bot Framework service URL of that team (e.g. https://smba.trafficmanager.net/uk/)")

    # Privacy (knowledge/retention.py, docs/privacy.md): what people typed is deleted after this many days.
    retention_days: int = Field(default=90, ge=1, le=3650, description="Question log and conversations kept this long")
    purge_interval_hours: float = Field(default=6.0, gt=0, description="How often the knowledge service purges")
    tracker_database_url: str | None = Field(
        default=None,
        description="PostgreSQL URL of Rasa's tracker store, to purge; unset: SQLite at data_dir/tracker.sqlite3")

    @property
    def knowledge_base_url(self) -> str:
        return self.knowledge_url or f"http://{self.host}:{self.knowledge_port}"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def documents_index_dir(self) -> Path:
        """The document tier's embedding cache (`python -m knowledge build` fills it for the source documents)."""
        return self.index_dir / "documents"

    @property
    def gaps_db(self) -> Path:
        return self.data_dir / "gaps.sqlite3"

    @property
    def curation_db(self) -> Path:
        return self.data_dir / "curation.sqlite3"

    @property
    def tracker_db(self) -> Path:
        """Rasa's SQLite tracker store (launcher/stack.py points Rasa at it)."""
        return self.data_dir / "tracker.sqlite3"


def environment() -> dict[str, str]:
    """The variables as Settings reads them: `.env`, with the environment over it. For what is declared
    elsewhere (the Teams channel's NHSBOT_TEAMS_*) and for processes that read no `.env` (Rasa)."""
    return {**{k: v for k, v in dotenv_values(".env").items() if v is not None}, **os.environ}


@lru_cache
def get_settings() -> Settings:
    return Settings()
