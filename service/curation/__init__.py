"""The curation application for R&D offices (pages under /curation, JSON API under /curation/api): edit, review and
publish entries, see what staff asked, answer their tickets. The store behind it is knowledge/curation."""
