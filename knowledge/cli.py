"""`python -m knowledge`: validate entries, build the index, search, and run the curation store
(create users, import/export entry files, the weekly review summary). The service runs with `python -m service`."""

from __future__ import annotations

import argparse
import json
import sys
import time

from knowledge.settings import get_settings


def _validate(args: argparse.Namespace) -> int:
    from knowledge.loader import EntryError, load_entries

    settings = get_settings()
    try:
        entries = load_entries(settings.entries_dir, settings.sources_dir)
    except EntryError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{len(entries)} entries valid in {settings.entries_dir}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from knowledge import embedder
    from knowledge.loader import EntryError
    from knowledge.published import build_index, published_entries

    embedder.set_threads()  # nothing else is waiting: embed on every core
    settings = get_settings()
    try:
        index = build_index(settings, progress=not args.quiet)
    except EntryError as exc:
        print(exc, file=sys.stderr)
        return 1
    s = index.stats
    origin = "the curation store" if published_entries(settings) is not None else settings.entries_dir
    print(f"index: {s.entries} entries from {origin}, {s.passages} passages, {s.embedded} embedded now "
          f"({s.passages - s.embedded} from cache), {s.seconds:.1f}s")
    _build_source_documents(settings, quiet=args.quiet)
    return 0


def _build_source_documents(settings, quiet: bool) -> None:
    """Embed the source documents' passages into the document tier's cache now, so the service (and every test
    stack copied from this index) starts its document tier without embedding them again."""
    from tqdm import tqdm

    from knowledge.documents.index import DocumentIndex
    from knowledge.documents.seeds import seed_documents

    started = time.perf_counter()
    seeds = seed_documents(settings.sources_dir)
    with tqdm(desc="source documents", unit="passage", disable=quiet) as bar:
        def advance(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        index = DocumentIndex.empty().with_documents(seeds, cache_dir=settings.documents_index_dir,
                                                     batch_size=settings.embedding_batch_size, progress=advance)
    print(f"documents: {len(seeds)} source documents, {len(index.passages)} passages, "
          f"{bar.n} embedded now, {time.perf_counter() - started:.1f}s")


def _search(args: argparse.Namespace) -> int:
    from knowledge.published import build_index
    from knowledge.search import Mode, search

    settings = get_settings()
    result = search(build_index(settings), args.query, k=args.k, rrf_k=settings.rrf_k, mode=Mode(args.mode))
    print(json.dumps({"confidence": result.confidence,
                      "answerable": result.confidence >= settings.min_confidence,
                      "hits": [h.as_dict() for h in result.hits]}, indent=2, ensure_ascii=False))
    return 0


def _curation_store():
    from knowledge.curation.db import open_database
    from knowledge.curation.store import EntryStore

    settings = get_settings()
    db = open_database(settings)
    db.migrate()
    return settings, db, EntryStore(db, settings.sources_dir)


def _password(env_name: str) -> str:
    import getpass
    import os

    if os.environ.get(env_name):
        return os.environ[env_name]
    first = getpass.getpass("Password (at least 12 characters): ")
    if getpass.getpass("Same password again: ") != first:
        raise SystemExit("the passwords differ; nothing was created")
    return first


def _create_user(args: argparse.Namespace) -> int:
    from knowledge.curation.users import AccountError, Accounts, Role

    _, db, _ = _curation_store()
    try:
        user = Accounts(db).create_user(args.email, args.name or args.email, Role[args.role], _password("NHSBOT_NEW_PASSWORD"))
    except AccountError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"created {user.role.name} {user.email}; sign in at /curation/login")
    return 0


def _import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from knowledge.curation.entryfiles import fingerprint
    from knowledge.loader import EntryError, load_entries

    settings, _, store = _curation_store()
    folder = Path(args.dir) if args.dir else settings.entries_dir
    try:
        entries = load_entries(folder, settings.sources_dir)
    except EntryError as exc:
        print(exc, file=sys.stderr)
        return 1
    counts = store.import_entries(entries, args.author)
    if folder == settings.entries_dir:
        store.remember_files(fingerprint(folder))
    print(f"imported from {folder}: {counts['created']} new, {counts['updated']} changed (published as new versions), "
          f"{counts['unchanged']} unchanged. A running service picks them up after POST /curation/api/reindex "
          "or a restart.")
    return 0


def _export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from knowledge.curation.entryfiles import fingerprint, write_entries

    settings, _, store = _curation_store()
    folder = Path(args.dir) if args.dir else settings.entries_dir
    written = write_entries(store.published_entries(), folder)
    if folder == settings.entries_dir:
        store.remember_files(fingerprint(folder))
    print(f"wrote {len(written)} published entries to {folder} (files of entries no longer published were removed)")
    return 0


def _review_summary(args: argparse.Namespace) -> int:
    import datetime as dt

    from knowledge.curation import reminders

    settings, _, store = _curation_store()
    text = reminders.summary(store, dt.date.today(), settings.review_soon_days, args.base_url)
    print(text)
    if args.send:
        try:
            sent_to = reminders.send(settings, text)
        except reminders.NotConfigured as exc:
            print(exc, file=sys.stderr)
            return 1
        print(f"emailed to {', '.join(sent_to)}")
    return 0


def _add_document(args: argparse.Namespace) -> int:
    """Read, split, embed and store one document; a running service picks it up within seconds (it polls)."""
    from pathlib import Path

    from tqdm import tqdm

    from knowledge import embedder
    from knowledge.documents import ingest
    from knowledge.documents.extract import DocumentError
    from knowledge.documents.store import DocumentStore, Duplicate

    settings, db, _ = _curation_store()
    path = Path(args.file)
    if not path.is_file():
        print(f"no such file: {path}", file=sys.stderr)
        return 1
    embedder.set_threads()
    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="page" if stage == "reading" else "passage",
                                     disable=args.quiet)
        bar.total = total
        bar.update(done - bar.n)

    try:
        record = ingest.add_file(path.read_bytes(), path.name, args.title, args.publisher, args.date, args.address,
                                 args.author, DocumentStore(db), settings, progress)
    except (DocumentError, Duplicate) as exc:
        print(f"not added: {exc}", file=sys.stderr)
        return 1
    finally:
        for bar in bars.values():
            bar.close()
    print(f"added {record.document.id}: {record.passages} passages from {path.name}"
          f"{f' ({record.pages} pages)' if record.pages else ''}. A running service answers from it within seconds.")
    return 0


def _purge(args: argparse.Namespace) -> int:
    from knowledge import retention
    from knowledge.gaps import GapLog

    settings, db, _ = _curation_store()
    purged = retention.purge(settings, GapLog(settings.gaps_db, settings.database_url), db, days=args.days)
    print(f"deleted what is older than {purged.retention_days} days: {purged.questions} questions, "
          f"{purged.ratings} ratings, {purged.conversation_events} conversation events, {purged.tickets} tickets")
    return 0


def _days(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 3650:
        raise argparse.ArgumentTypeError("a whole number of days from 1 to 3650")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m knowledge",
        description="Knowledge base of research schemes for NHS staff: validate, index, search (the service: python -m service). "
        "Settings come from NHSBOT_* environment variables (see knowledge/settings.py).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every entry file; print each problem with its file and field").set_defaults(func=_validate)
    build = sub.add_parser("build", help="build the search index (only changed passages are re-embedded)",
                           description="Build the search index from what the bot answers from: the curation store's "
                           "published entries once curation is in use, else the entry files (knowledge/entries).")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.set_defaults(func=_build)
    find = sub.add_parser("search", help="search the knowledge base from the command line")
    find.add_argument("query", help="the question, in quotes")
    find.add_argument("-k", type=int, default=5, help="how many entries to return (default 5)")
    find.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default="hybrid", help="retrieval method")
    find.set_defaults(func=_search)

    admin = sub.add_parser("create-admin", help="create the first admin of the curation application (or another one)",
                           description="Create an admin user. The password is read from NHSBOT_NEW_PASSWORD if set, "
                           "otherwise asked for twice; there is no default password.")
    admin.add_argument("--email", required=True, help="the admin's email address (their sign-in name)")
    admin.add_argument("--name", help="the name shown in the history (default: the email)")
    admin.set_defaults(func=_create_user, role="admin")
    user = sub.add_parser("create-user", help="create a curation user with a role (admins can also do this on the web)",
                          description="Create a user; password from NHSBOT_NEW_PASSWORD or a prompt.")
    user.add_argument("--email", required=True, help="their email address (their sign-in name)")
    user.add_argument("--name", help="the name shown in the history (default: the email)")
    user.add_argument("--role", required=True, choices=["viewer", "editor", "reviewer", "admin"],
                      help="viewer reads; editor edits and submits; reviewer also publishes and retires; admin also manages users")
    user.set_defaults(func=_create_user)
    imp = sub.add_parser("import-entries", aliases=["import"],
                         help="publish entry files (from git) into the curation store (new and changed ones only)",
                         description="Load and validate every <id>.yaml in DIR, then publish each new or changed one "
                         "as a new version in the curation store, which is what the bot answers from once curation "
                         "is in use. Invalid files stop the import with file and field, and nothing is imported. "
                         "Importing what export-entries wrote changes nothing.")
    imp.add_argument("dir", nargs="?", metavar="DIR", help="folder of *.yaml entries (default: knowledge/entries)")
    imp.add_argument("--author", default="import from files", help="name recorded in the history (default: %(default)s)")
    imp.set_defaults(func=_import)
    exp = sub.add_parser("export-entries", aliases=["export"],
                         help="write the curation store's published entries to entry files (for git)",
                         description="Write one <id>.yaml per entry the curation store publishes into DIR, in the repository's layout, "
                         "so the knowledge base can be committed to git; files of entries not published are removed. "
                         "Exporting, importing and exporting again writes the same bytes.")
    exp.add_argument("dir", nargs="?", metavar="DIR", help="where to write (default: knowledge/entries)")
    exp.set_defaults(func=_export)
    review = sub.add_parser("review-summary", help="print (or email) the weekly summary of entries due for review",
                            description="List entries past or near their review date and entries waiting for a "
                            "reviewer. With --send, email it using the NHSBOT_SMTP_* settings to NHSBOT_REVIEW_SUMMARY_TO.")
    review.add_argument("--send", action="store_true", help="also email the summary")
    review.add_argument("--base-url", default="http://localhost:8000",
                        help="address of the knowledge service, for links (default: %(default)s)")
    review.set_defaults(func=_review_summary)
    doc = sub.add_parser("add-document", help="add a source document (PDF, Word .docx, HTML or text) the bot may quote",
                         description="Read the file, split it into passages along its headings and pages, index "
                         "them and store the document in the curation store. The bot quotes a passage, marked as "
                         "not reviewed, when no entry answers a question.")
    doc.add_argument("file", help="the document file")
    doc.add_argument("--title", required=True, help="the document's title")
    doc.add_argument("--publisher", help="who published it")
    doc.add_argument("--date", help="its date as the document states it, e.g. 'February 2021'")
    doc.add_argument("--address", help="where it is published (https://...)")
    doc.add_argument("--author", default="add-document (command line)", help="name recorded as who added it")
    doc.add_argument("--quiet", action="store_true", help="no progress bars")
    doc.set_defaults(func=_add_document)
    purge = sub.add_parser("purge", help="delete questions, ratings and conversations older than the retention period",
                           description="Apply the retention period (set by an admin in the curation application, "
                           "else NHSBOT_RETENTION_DAYS, default 90) now, as the knowledge service does "
                           "every NHSBOT_PURGE_INTERVAL_HOURS: the question log, and Rasa's tracker store "
                           "(NHSBOT_TRACKER_DATABASE_URL, or .data/tracker.sqlite3). See docs/privacy.md.")
    purge.add_argument("--days", type=_days, help="keep this many days instead (e.g. a shorter period, once)")
    purge.set_defaults(func=_purge)
    args = parser.parse_args(argv)
    return args.func(args)
