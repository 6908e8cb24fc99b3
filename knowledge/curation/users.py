"""Accounts, roles, sessions and API tokens for the curation application.

Passwords are hashed with argon2; session and API tokens are random and only
their SHA-256 is stored, so a copy of the database cannot be used to sign in.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass
from enum import IntEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email

from knowledge.curation.db import Database

MIN_PASSWORD = 12
_hasher = PasswordHasher()
# Verified against when the email is unknown, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class Role(IntEnum):
    """Each role can do everything the ones below it can."""

    viewer = 1  # read entries, gaps and history
    editor = 2  # create, edit, submit for review, restore
    reviewer = 3  # approve and publish, send back, retire
    admin = 4  # manage users


@dataclass(frozen=True)
class User:
    id: str
    email: str
    name: str
    role: Role
    active: bool

    def can(self, role: Role) -> bool:
        return self.active and self.role >= role

    def to_dict(self) -> dict:
        return {"id": self.id, "email": self.email, "name": self.name, "role": self.role.name, "active": self.active}


class AccountError(ValueError):
    """A user could not be created or changed; the message says why."""


def _digest(token: str) -> str:
    """surrogateescape: a header or cookie with bytes that are not UTF-8 reaches us escaped; it matches nothing."""
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def _user(row: dict) -> User:
    return User(row["id"], row["email"], row["name"], Role[row["role"]], bool(row["active"]))


def email_address(text: str) -> str:
    """A real address (syntax and domain form, no DNS look-up), normalised and in lower case; AccountError if not."""
    try:
        address = validate_email(text.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise AccountError(f"give a valid email address ({exc})") from None
    if len(address) > 200:
        raise AccountError("give a valid email address (at most 200 characters)")
    return address.lower()


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must be at least {MIN_PASSWORD} characters")


class Accounts:
    def __init__(self, db: Database, session_hours: float = 8.0, token_days: int = 90):
        self.db = db
        self.session_seconds = session_hours * 3600
        self.token_days = token_days

    def create_user(self, email: str, name: str, role: Role, password: str) -> User:
        email = email_address(email)
        check_password(password)
        user = User(uuid.uuid4().hex, email, name.strip() or email, role, True)
        with self.db.connect() as c:
            if c.one("SELECT id FROM users WHERE email = ?", (email,)):
                raise AccountError(f"a user with email {email} already exists")
            c.execute("INSERT INTO users (id, email, name, role, password_hash, active, created_at) "
                      "VALUES (?, ?, ?, ?, ?, 1, ?)", (user.id, email, user.name, role.name, _hasher.hash(password),
                                                        time.time()))
        return user

    def users(self) -> list[User]:
        with self.db.connect() as c:
            return [_user(r) for r in c.all("SELECT * FROM users ORDER BY email")]

    def update_user(self, user_id: str, role: Role | None = None, active: bool | None = None,
                    password: str | None = None) -> User:
        """Change a role, (de)activate, or set a new password; deactivating ends the user's sessions, a new
        password ends them and revokes the user's API tokens too (a reset after a leak must shut every door)."""
        if password is not None:
            check_password(password)
        with self.db.connect() as c:
            if not c.one("SELECT id FROM users WHERE id = ?", (user_id,)):
                raise LookupError("no such user")
            if role is not None:
                c.execute("UPDATE users SET role = ? WHERE id = ?", (role.name, user_id))
            if active is not None:
                c.execute("UPDATE users SET active = ? WHERE id = ?", (int(active), user_id))
                if not active:
                    c.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))
            if password is not None:
                c.execute("UPDATE users SET password_hash = ? WHERE id = ?", (_hasher.hash(password), user_id))
                c.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))
                c.execute("UPDATE api_tokens SET revoked = 1 WHERE user_id = ?", (user_id,))
            admins = c.one("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND active = 1")["n"]
            if admins == 0:
                raise AccountError("there must always be at least one active admin")
            return _user(c.one("SELECT * FROM users WHERE id = ?", (user_id,)))

    def authenticate(self, email: str, password: str) -> User | None:
        with self.db.connect() as c:
            row = c.one("SELECT * FROM users WHERE email = ?", (email.strip().lower(),))
        try:
            _hasher.verify(row["password_hash"] if row else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None or not row["active"]:
            return None
        if _hasher.check_needs_rehash(row["password_hash"]):
            with self.db.connect() as c:
                c.execute("UPDATE users SET password_hash = ? WHERE id = ?", (_hasher.hash(password), row["id"]))
        return _user(row)

    # Sessions (browser sign-in).

    def start_session(self, user: User) -> str:
        token, now = secrets.token_urlsafe(32), time.time()
        with self.db.connect() as c:
            c.execute("DELETE FROM sessions WHERE expires_at < ?", (now,))
            c.execute("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                      (_digest(token), user.id, now, now + self.session_seconds))
        return token

    def session_user(self, token: str) -> User | None:
        with self.db.connect() as c:
            row = c.one("SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id "
                        "WHERE s.token_hash = ? AND s.expires_at > ?", (_digest(token), time.time()))
        return _user(row) if row and row["active"] else None

    def end_session(self, token: str) -> None:
        with self.db.connect() as c:
            c.execute("DELETE FROM sessions WHERE token_hash = ?", (_digest(token),))

    # API tokens (automation).

    def create_token(self, user: User, name: str, days: int | None = None) -> tuple[str, str, float]:
        """Returns (token id, the token itself, when it expires); the token is shown once and only its hash is kept.

        `days`: how long it lasts, at most (and by default) `token_days`.
        """
        days = min(days or self.token_days, self.token_days)
        token_id, token, now = uuid.uuid4().hex, "nhsbot_" + secrets.token_urlsafe(32), time.time()
        with self.db.connect() as c:
            c.execute("INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at, revoked) "
                      "VALUES (?, ?, ?, ?, ?, ?, 0)", (token_id, user.id, name.strip()[:100] or "token", _digest(token),
                                                      now, now + days * 86400))
        return token_id, token, now + days * 86400

    def tokens(self, user: User, everyone: bool = False) -> list[dict]:
        """The user's tokens; with `everyone` (admins), every user's, with the owner's email."""
        with self.db.connect() as c:
            return c.all("SELECT t.id, t.name, t.created_at, t.last_used_at, t.expires_at, t.revoked, u.email AS owner "
                         "FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE ? OR t.user_id = ? "
                         "ORDER BY t.created_at DESC", (everyone and user.can(Role.admin), user.id))

    def revoke_token(self, user: User, token_id: str) -> bool:
        """Revoke one of the user's tokens, or anyone's when the user is an admin."""
        with self.db.connect() as c:
            return c.execute("UPDATE api_tokens SET revoked = 1 WHERE id = ? AND (? OR user_id = ?)",
                             (token_id, user.can(Role.admin), user.id)) == 1

    def token_user(self, token: str) -> User | None:
        with self.db.connect() as c:
            row = c.one("SELECT u.*, t.id AS token_id FROM api_tokens t JOIN users u ON u.id = t.user_id "
                        "WHERE t.token_hash = ? AND t.revoked = 0 AND t.expires_at > ?", (_digest(token), time.time()))
            if row:
                c.execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", (time.time(), row["token_id"]))
        return _user(row) if row and row["active"] else None
