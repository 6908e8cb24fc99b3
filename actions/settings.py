"""The action server's settings, from the same NHSBOT_* variables (or `.env`) as the knowledge service's.

The action server only talks to the knowledge service over HTTP, so it reads its few settings here
rather than importing the engine's; tests/actions/test_settings.py checks that each one is declared
exactly as in knowledge/settings.py (same type, same default).
"""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class ActionSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NHSBOT_", env_file=".env", extra="ignore")

    host: str = "127.0.0.1"
    action_port: int = 5055
    knowledge_port: int = 8000
    knowledge_url: str | None = None
    search_timeout_s: float = 10.0
    rd_office_contact: str = "your organisation's Research and Development (R&D) office"
    rd_office_email: str | None = None
    log_level: str = "INFO"

    @property
    def knowledge_base_url(self) -> str:
        return self.knowledge_url or f"http://{self.host}:{self.knowledge_port}"


@lru_cache
def get_settings() -> ActionSettings:
    return ActionSettings()
