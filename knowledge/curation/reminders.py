"""The weekly review summary: entries past or near their review date, and entries waiting for a reviewer.

Printed by `python -m knowledge review-summary`, or emailed with `--send` when
the SMTP settings are given; run it weekly from cron or a scheduled task.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

from knowledge.curation.catalogue import dashboard
from knowledge.curation.store import EntryStore, Record
from knowledge.mail import NotConfigured, send_message
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


def send(settings: Settings, text: str) -> list[str]:
    """Email the summary; returns the recipients."""
    recipients = [a.strip() for a in (settings.review_summary_to or "").split(",") if a.strip()]
    if not settings.smtp_host or not settings.smtp_from or not recipients:
        raise NotConfigured("set NHSBOT_SMTP_HOST, NHSBOT_SMTP_FROM and NHSBOT_REVIEW_SUMMARY_TO to send the summary")
    message = EmailMessage()
    message["Subject"] = text.splitlines()[0]
    message["To"] = ", ".join(recipients)
    message.set_content(text)
    send_message(settings, message)
    return recipients
