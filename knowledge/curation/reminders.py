"""The weekly review summary: entries past or near their review date, and entries waiting for a reviewer.

Printed by `python -m knowledge review-summary`, or emailed with `--send` when
the SMTP settings are given; run it weekly from cron or a scheduled task.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from email.message import EmailMessage

from knowledge.curation.catalogue import dashboard
from knowledge.curation.store import EntryStore, Record
from knowledge.settings import Settings


def _line(record: Record, base_url: str) -> str:
    data = record.data
    return f"  - {data['title']} (owner: {data['owner']}; review due {data['review_due']}) {base_url}/curation/entries/{record.id}"


def summary(store: EntryStore, today: dt.date, soon_days: int, base_url: str) -> str:
    board = dashboard(store, today, soon_days)
    parts = [f"Knowledge base review summary for the week of {today:%d %B %Y}", ""]
    for title, records in ((f"Past their review date ({len(board['overdue'])})", board["overdue"]),
                           (f"Due for review in the next {soon_days} days ({len(board['due_soon'])})", board["due_soon"]),
                           (f"Waiting for a reviewer ({len(board['in_review'])})", board["in_review"])):
        parts.append(title + ":")
        parts.extend(_line(r, base_url) for r in records)
        if not records:
            parts.append("  none")
        parts.append("")
    return "\n".join(parts)


class NotConfigured(RuntimeError):
    pass


def send(settings: Settings, text: str) -> list[str]:
    """Email the summary; returns the recipients. Uses STARTTLS unless the port is 25 (a local relay)."""
    recipients = [a.strip() for a in (settings.review_summary_to or "").split(",") if a.strip()]
    if not settings.smtp_host or not settings.smtp_from or not recipients:
        raise NotConfigured("set NHSBOT_SMTP_HOST, NHSBOT_SMTP_FROM and NHSBOT_REVIEW_SUMMARY_TO to send the summary")
    message = EmailMessage()
    message["Subject"] = text.splitlines()[0]
    message["From"], message["To"] = settings.smtp_from, ", ".join(recipients)
    message.set_content(text)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_port != 25:
            smtp.starttls()
        if settings.smtp_user and settings.smtp_password:
            smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
        smtp.send_message(message)
    return recipients
