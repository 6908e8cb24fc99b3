"""The curation store: entries with their drafts, reviews and versions, users and sign-in throttling, the questions
staff asked. No web here: the curation application (pages and API) is service/curation."""
