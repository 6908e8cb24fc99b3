"""Curation for R&D offices: edit, review and publish knowledge entries; see what staff asked and did not get."""

from __future__ import annotations


def add_curation(app, settings) -> None:
    """Mount the curation pages and API on the knowledge service's app.

    Imported late because the curation modules use the service's state, and the service calls this.
    """
    from knowledge.curation.app import mount

    mount(app, settings)
