"""The Teams channel's settings, read from NHSBOT_TEAMS_* variables: declared here only. The Rasa process
reads them (its environment has pydantic v1 and cannot import knowledge/settings.py), and the knowledge
service's ticket delivery reads this same declaration (knowledge/ticket_delivery.py). Secrets only ever
come from the environment; an empty app id leaves the channel running but refusing every request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet, Mapping, Optional

from bot.channels.botframework_client import token_url

DEFAULT_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
# Only Teams: every Azure Bot also has Web Chat (and can have other channels) switched on, and the
# Bot Framework signs their activities just as well.
DEFAULT_CHANNELS = "msteams"


def _flag(value: Optional[str]) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def _names(value: str) -> FrozenSet[str]:
    return frozenset(n.strip() for n in value.split(",") if n.strip())


@dataclass(frozen=True)
class TeamsConfig:
    app_id: str = ""
    app_password: str = ""
    tenant_id: str = ""
    multi_tenant: bool = False
    openid_metadata_url: str = DEFAULT_OPENID_METADATA_URL
    token_url_override: Optional[str] = None
    send_attempts: int = 4
    retry_backoff_s: float = 0.5
    max_message_chars: int = 3500
    channels: FrozenSet[str] = frozenset({DEFAULT_CHANNELS})

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "TeamsConfig":
        def get(name: str) -> str:
            return (env.get(f"NHSBOT_TEAMS_{name}") or "").strip()

        return cls(
            app_id=get("APP_ID"),
            app_password=env.get("NHSBOT_TEAMS_APP_PASSWORD") or "",
            tenant_id=get("TENANT_ID"),
            multi_tenant=_flag(get("MULTI_TENANT")),
            openid_metadata_url=get("OPENID_METADATA_URL") or DEFAULT_OPENID_METADATA_URL,
            token_url_override=get("TOKEN_URL") or None,
            send_attempts=max(1, int(get("SEND_ATTEMPTS") or 4)),
            retry_backoff_s=max(0.01, float(get("RETRY_BACKOFF_S") or 0.5)),
            max_message_chars=max(200, int(get("MAX_MESSAGE_CHARS") or 3500)),
            channels=_names(get("CHANNELS") or DEFAULT_CHANNELS),
        )

    @property
    def token_url(self) -> Optional[str]:
        return token_url(self.tenant_id, self.multi_tenant, self.token_url_override)

    def problems(self) -> list:
        """Why replies cannot work as configured (logged at start-up; requests are still checked)."""
        found = []
        if not self.app_id:
            found.append("NHSBOT_TEAMS_APP_ID is empty: every Teams request is refused")
        if self.app_id and not self.app_password:
            found.append("NHSBOT_TEAMS_APP_PASSWORD is empty: replies cannot be sent")
        if self.app_id and not self.token_url:
            found.append("NHSBOT_TEAMS_TENANT_ID is empty for a single-tenant bot: replies cannot be sent")
        return found
