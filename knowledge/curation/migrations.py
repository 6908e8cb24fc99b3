"""Numbered schema migrations for the curation store, portable between SQLite and PostgreSQL.

Append a new list to MIGRATIONS to change the schema; never edit one already released.
Times are seconds since the epoch; dates are ISO text; entry content is JSON text.
"""

MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE users (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            created_at DOUBLE PRECISION NOT NULL
        )""",
        """CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL
        )""",
        """CREATE TABLE api_tokens (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_at DOUBLE PRECISION NOT NULL,
            last_used_at DOUBLE PRECISION,
            revoked INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE entries (
            id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            workflow TEXT NOT NULL,
            published_version INTEGER,
            title TEXT NOT NULL,
            kind TEXT NOT NULL,
            owner TEXT NOT NULL,
            review_due TEXT NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL,
            updated_by TEXT NOT NULL
        )""",
        """CREATE TABLE versions (
            entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            data TEXT NOT NULL,
            workflow TEXT NOT NULL,
            action TEXT NOT NULL,
            author TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            diff TEXT NOT NULL,
            PRIMARY KEY (entry_id, version)
        )""",
        """CREATE TABLE handled_questions (
            question_key TEXT PRIMARY KEY,
            handled_by TEXT NOT NULL,
            handled_at DOUBLE PRECISION NOT NULL
        )""",
        "CREATE INDEX sessions_user ON sessions (user_id)",
        "CREATE INDEX entries_workflow ON entries (workflow)",
    ],
    [  # what the entry files looked like at the last import or export, to notice edits made in git since
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ],
    [  # sign-in attempts, counted before the password is checked (throttle.py); API tokens expire
        """CREATE TABLE sign_in_attempts (
            email TEXT NOT NULL,
            address TEXT NOT NULL,
            at DOUBLE PRECISION NOT NULL
        )""",
        "CREATE INDEX sign_in_attempts_at ON sign_in_attempts (at)",
        "CREATE INDEX sign_in_attempts_email ON sign_in_attempts (email)",
        "ALTER TABLE api_tokens ADD COLUMN expires_at DOUBLE PRECISION",
        "UPDATE api_tokens SET expires_at = created_at + 90 * 86400",
    ],
    [  # Ask the R&D office (knowledge/tickets.py): personal data, so purged by the retention setting
        """CREATE TABLE tickets (
            id INTEGER PRIMARY KEY,
            created_at DOUBLE PRECISION NOT NULL,
            status TEXT NOT NULL,
            question TEXT NOT NULL,
            attempted_answer TEXT NOT NULL,
            nearest TEXT NOT NULL,
            profile TEXT,
            contact_email TEXT,
            channel TEXT NOT NULL,
            sender TEXT NOT NULL,
            reference TEXT,
            taken_by TEXT,
            answer TEXT,
            answered_by TEXT,
            answered_at DOUBLE PRECISION,
            delivered_at DOUBLE PRECISION,
            delivery_error TEXT,
            email_status TEXT NOT NULL,
            email_attempts INTEGER NOT NULL DEFAULT 0,
            email_error TEXT,
            entry_id TEXT,
            updated_at DOUBLE PRECISION NOT NULL
        )""",
        "CREATE INDEX tickets_conversation ON tickets (channel, sender)",
        "CREATE INDEX tickets_status ON tickets (status)",
    ],
    [  # source documents an R&D office adds (knowledge/documents), their passages, and their use
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            publisher TEXT,
            published TEXT,
            address TEXT,
            filename TEXT NOT NULL,
            kind TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size_bytes INTEGER NOT NULL,
            pages INTEGER,
            status TEXT NOT NULL,
            added_by TEXT NOT NULL,
            added_at DOUBLE PRECISION NOT NULL,
            changed_at DOUBLE PRECISION NOT NULL
        )""",
        """CREATE TABLE document_passages (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            text TEXT NOT NULL,
            heading TEXT,
            page INTEGER,
            PRIMARY KEY (document_id, number)
        )""",
        """CREATE TABLE document_uses (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL,
            number INTEGER NOT NULL,
            question_hash TEXT NOT NULL,
            asked_at DOUBLE PRECISION NOT NULL,
            helpful INTEGER
        )""",
        "CREATE INDEX document_uses_passage ON document_uses (document_id, number)",
        "CREATE INDEX document_uses_question ON document_uses (question_hash, asked_at)",
    ],
    [  # chat-side ticket requests, counted per conversation (a hash) and in all (throttle.py)
        "CREATE TABLE ticket_attempts (sender TEXT NOT NULL, at DOUBLE PRECISION NOT NULL)",
        "CREATE INDEX ticket_attempts_at ON ticket_attempts (at)",
        "CREATE INDEX ticket_attempts_sender ON ticket_attempts (sender)",
    ],
]
