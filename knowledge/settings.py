"""All configuration in one place, read from the environment (prefix NHSBOT_) or `.env`.

Secrets (none yet) come from the environment only; nothing here is a secret by default.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
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
    rrf_k: int = 60
    min_confidence: float = Field(default=0.51, description="Below this the bot says it does not know (calibrated by bench)")
    max_query_chars: int = 2000
    search_timeout_s: float = 10.0

    # Whom to ask when the knowledge base has no answer.
    rd_office_contact: str = "your organisation's Research and Development (R&D) office"
    rd_office_email: str | None = None

    log_level: str = "INFO"

    @property
    def knowledge_base_url(self) -> str:
        return self.knowledge_url or f"http://{self.host}:{self.knowledge_port}"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def gaps_db(self) -> Path:
        return self.data_dir / "gaps.sqlite3"


@lru_cache
def get_settings() -> Settings:
    return Settings()
