"""The document tier: questions answered only in the source documents, out-of-scope refusal, and ingesting a
100-page PDF.

    .venv/bin/python bench/documents.py [--set bench/documents.yaml] [--devset bench/devset.yaml] [--no-pdf]
                                        [--calibrate] [--misses]

Prints, for bench/documents.yaml: how often the document tier's best passage holds the expected fact (top 1 and
top 3), how often the whole answer path (the entries' answer as the service chooses it, `answer_question`; the
documents; and which of them holds what was asked: knowledge/documents/answerable.py) answers with a passage
holding it, and the document tier's threshold against
out-of-scope questions. For the dev set (its labels are read, never its questions' words): right entry answers a
passage replaced, answers a passage follows, out-of-scope questions refused and questions handled correctly, by
the entries alone and by the whole path. --calibrate fits answerable's thresholds, and answer's SUPPORTED,
PARTLY_SUPPORTED and CLOSE, two-fold; --misses lists the questions not answered with their fact by kind (ranking, threshold, tier). Then the
time and peak memory of reading, splitting and embedding a generated 100-page PDF.
"""

from __future__ import annotations

import argparse
import io
import itertools
import resource
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.answer import answer_question
from knowledge.documents import answer as document_answers
from knowledge.documents import answerable
from knowledge.documents.answerable import Tier
from knowledge.documents.index import DocumentIndex, DocumentResult
from knowledge.documents.ingest import Details, read
from knowledge.documents.seeds import seed_documents
from knowledge.index import KnowledgeIndex
from knowledge.loader import load_entries
from knowledge.documents.extract import plain
from knowledge.schema import Entry
from knowledge.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def norm(text: str) -> str:
    """Facts are quoted from the seeds' Markdown; passages read its marks as words (extract.plain)."""
    return " ".join(plain(text).lower().split())


def holds(passage_text: str, fact: str) -> bool:
    return norm(fact) in norm(passage_text)


@dataclass
class Asked:
    """One question through both tiers, as /api/answer sees it (knowledge/documents/live.py `respond`)."""
    q: str
    entry: Entry | None  # the entry that answered, None when the entries said "I don't know"
    entry_confidence: float
    named: bool
    documents: DocumentResult
    fact: str | None = None  # bench/documents.yaml: words a passage must hold
    expect: list[str] | None = None  # the dev set: entries that answer it (None: out of scope)
    entries: KnowledgeIndex | None = None  # which organisations the knowledge base knows (answerable.about_elsewhere)
    unstated: str = ""  # what the entry's answer says it does not state (knowledge/answer.py `not_stated`)
    shown: str = ""  # the entry's answer as shown

    def tier(self) -> Tier:
        return answerable.choose(self.q, self.documents, self.entry, self.entry_confidence, self.named,
                                 index=self.entries, unstated=self.unstated, shown=self.shown)

    def fact_first(self) -> bool:
        return bool(self.documents.hits) and holds(self.documents.hits[0].passage.text, self.fact)

    def fact_shown(self) -> bool:
        """Does a passage the answer quotes hold the fact (the first, or both when too close to call and the passage
        answers; after an entry's answer, the first only)?"""
        hits = document_answers.shown(self.documents) if self.tier() is Tier.document else self.documents.hits[:1]
        return any(holds(h.passage.text, self.fact) for h in hits)

    def rank(self) -> int | None:
        return next((i + 1 for i, h in enumerate(self.documents.hits) if holds(h.passage.text, self.fact)), None)


def ask(settings: Settings, entries: KnowledgeIndex, documents: DocumentIndex, q: str, **labels) -> Asked:
    chosen = answer_question(entries, q, rrf_k=settings.rrf_k, min_confidence=settings.min_confidence,
                             rd_office_contact=settings.rd_office_contact, rd_office_email=settings.rd_office_email)
    result, reply = chosen.result, chosen.answer
    entry = entries.entries[reply.entry_id] if reply.answered else None
    return Asked(q, entry, reply.confidence, bool(entry and result.hits[0].named), answerable.searched(documents, q),
                 entries=entries, unstated=reply.unstated, shown=reply.text if entry else "", **labels)


def figures(questions: list[Asked], devset: list[Asked]) -> dict:
    """answered with a passage holding the fact (first / after an entry's answer); on the dev set: right entries
    replaced by a passage, answers with a passage after them, out-of-scope questions refused, handled correctly."""
    tiers = [a.tier() for a in questions]
    n = len(questions)
    first = sum(a.fact_shown() and t is Tier.document for a, t in zip(questions, tiers)) / n
    after = sum(a.fact_shown() and t is Tier.both for a, t in zip(questions, tiers)) / n
    inscope = [(a, a.tier()) for a in devset if a.expect]
    oos = [(a, a.tier()) for a in devset if not a.expect]
    right = [(a, t) for a, t in inscope if a.entry and a.entry.id in a.expect]
    return {
        "fact": first + after, "fact_first": first, "fact_after": after,
        "entry_alone": sum(t is Tier.entry for t in tiers) / n, "nothing": sum(t is Tier.none for t in tiers) / n,
        "replaced": sum(t is Tier.document for _, t in right), "passage_after": sum(t is Tier.both for _, t in inscope),
        "two_quoted": sum(len(document_answers.shown(a.documents)) > 1 for a, t in zip(questions, tiers)
                          if t is Tier.document),
        "dev_shown": sum(t in (Tier.document, Tier.both) for _, t in inscope + oos),
        "dev_two_quoted": sum(len(document_answers.shown(a.documents)) > 1 for a, t in inscope + oos
                              if t is Tier.document),
        "oos_refused_entries": sum(a.entry is None for a, _ in oos) / max(1, len(oos)),
        "oos_refused": sum(t is Tier.none for _, t in oos) / max(1, len(oos)),
        "handled_entries": (len(right) + sum(a.entry is None for a, _ in oos)) / max(1, len(devset)),
        "handled": (sum(t in (Tier.entry, Tier.both) for _, t in right) + sum(t is Tier.none for _, t in oos))
        / max(1, len(devset)),
    }


GRID = {"BESIDE_ENTRY_CONFIDENCE": (0.4, 0.5, 0.55, 0.6), "ANSWERS_INSTEAD": (0.2, 0.25, 0.3, 0.35, 0.4, 0.5),
        "SHOWN_AFTER": (0.1, 0.15, 0.2, 0.25, 0.3, 0.4)}


# The document tier's own constants (knowledge/documents/answer.py): the support that lets a passage answer well below
# MIN_CONFIDENCE and the support that lets it answer a little below (1.01: never), and how close the first two
# passages' scores are for both to be quoted (-1: never).
ANSWER_GRID = {"SUPPORTED": (0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.01), "CLOSE": (-1.0, 0.02, 0.05, 0.1, 0.15, 0.2),
               "PARTLY_SUPPORTED": (0.55, 0.6, 0.65, 0.7, 1.01)}


@contextmanager
def thresholds(values: dict, module=answerable):
    saved = {name: getattr(module, name) for name in values}
    for name, value in values.items():
        setattr(module, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(module, name, value)


def refused(own: list[Asked]) -> float:
    return sum(a.tier() is Tier.none for a in own) / max(1, len(own))


def fitted(questions: list[Asked], devset: list[Asked]) -> dict:
    """The thresholds with the most facts answered that replace no right entry on the dev set; a passage after a
    dev-set answer costs half a point of a percent of the facts (it is noise there)."""
    def value(combo: dict) -> tuple:
        with thresholds(combo):
            f = figures(questions, devset)
        return (-f["replaced"], f["fact"] - 0.5 * f["passage_after"] / max(1, len(devset)))
    combos = [dict(zip(GRID, values)) for values in itertools.product(*GRID.values())]
    return max((c for c in combos if c["SHOWN_AFTER"] <= c["ANSWERS_INSTEAD"]), key=value)


def fitted_answer(questions: list[Asked], devset: list[Asked], own: list[Asked]) -> dict:
    """SUPPORTED, PARTLY_SUPPORTED and CLOSE with the most facts answered that refuse no fewer out-of-scope questions
    (own and the dev set's) than the tier without any and replace no right entry; a dev-set answer quoting two
    passages costs half a point of a percent of the facts; ties go to the stricter values."""
    with thresholds({"SUPPORTED": 1.01, "CLOSE": -1.0, "PARTLY_SUPPORTED": 1.01}, document_answers):
        floor = (refused(own), figures(questions, devset)["oos_refused"])

    def value(combo: dict) -> tuple:
        with thresholds(combo, document_answers):
            f = figures(questions, devset)
            safe = refused(own) >= floor[0] and f["oos_refused"] >= floor[1] and not f["replaced"]
        return (safe, f["fact"] - 0.5 * f["dev_two_quoted"] / max(1, len(devset)), combo["SUPPORTED"],
                combo["PARTLY_SUPPORTED"], -combo["CLOSE"])
    return max((dict(zip(ANSWER_GRID, values)) for values in itertools.product(*ANSWER_GRID.values())), key=value)


def calibrate(questions: list[Asked], devset: list[Asked], own: list[Asked]) -> None:
    """Two-fold: fit the thresholds on half of each set, measure on the other half (and the other way round)."""
    halves = [(questions[::2], devset[::2], own[::2]), (questions[1::2], devset[1::2], own[1::2])]
    for (fit_q, fit_d, _), (held_q, held_d, _) in (halves, halves[::-1]):
        combo = fitted(fit_q, fit_d)
        with thresholds(combo):
            f = figures(held_q, held_d)
        print(f"  fitted {combo}: held out: fact answered {f['fact']:.3f} (first {f['fact_first']:.3f}), right "
              f"entries replaced {f['replaced']}, dev answers with a passage after them {f['passage_after']}")
    print(f"  fitted on everything: {fitted(questions, devset)}")
    for (fit_q, fit_d, fit_o), (held_q, held_d, held_o) in (halves, halves[::-1]):
        combo = fitted_answer(fit_q, fit_d, fit_o)
        for label, values in ((f"fitted {combo}", combo), ("  without any", {"SUPPORTED": 1.01, "CLOSE": -1.0,
                                                                              "PARTLY_SUPPORTED": 1.01})):
            with thresholds(values, document_answers):
                f = figures(held_q, held_d)
                print(f"  {label}: held out: fact answered {f['fact']:.3f}, own out-of-scope refused "
                      f"{refused(held_o):.3f}, dev out-of-scope refused {f['oos_refused']:.3f}, right entries "
                      f"replaced {f['replaced']}, dev answers quoting two passages {f['dev_two_quoted']}")
    print(f"  fitted on everything: {fitted_answer(questions, devset, own)}")


MISSES = [  # why a question was not answered with a passage holding its fact, in the order they are checked
    ("ranking: no passage in the top 3 holds the fact", lambda a, t: a.rank() is None),
    ("ranking: the fact is 2nd or 3rd and not quoted", lambda a, t: not a.fact_shown()),
    ("threshold: the fact is quoted-ready, but the tier is too unsure (I don't know)", lambda a, t: t is Tier.none),
    ("tier: the fact is quoted-ready, but the entry answers alone", lambda a, t: t is Tier.entry),
]


def misses(questions: list[Asked]) -> None:
    """Each question not answered with a passage holding its fact, by kind, with the first passage found."""
    missed = [(a, t) for a in questions for t in [a.tier()] if not (a.fact_shown() and t in (Tier.document, Tier.both))]
    for kind, test in MISSES:
        these = [(a, t) for a, t in missed if test(a, t)]
        missed = [m for m in missed if m not in these]
        print(f"\n{kind}: {len(these)}")
        for a, t in these:
            first = a.documents.hits[0] if a.documents.hits else None
            print(f"  - {a.q}  [rank {a.rank()}, confidence {a.documents.confidence:.2f}, support "
                  f"{a.documents.support:.2f}, tier {t.value}, entry {a.entry.id if a.entry else None}]\n"
                  f"    fact: {a.fact}\n    first: {first.passage.key if first else None} "
                  f"{first.passage.text[:120] if first else ''}")


def quality(settings: Settings, entries: KnowledgeIndex, documents: DocumentIndex, items: list[dict],
            oos: list[str], devset: list[dict], fit: bool, show_misses: bool = False) -> None:
    corpus = norm(" ".join(p.read_text(encoding="utf-8") for p in settings.entries_dir.glob("*.yaml")))
    unknown = {i["in_entry"] for i in items if i.get("in_entry")} - {p.stem for p in settings.entries_dir.glob("*.yaml")}
    if unknown:
        raise SystemExit(f"bench/documents.yaml names entries that do not exist: {sorted(unknown)}")
    in_entries = [i for i in items if norm(i["fact"]) in corpus]
    in_other_words = [i for i in items if i.get("in_entry") and i not in in_entries]
    items = [i for i in items if i not in in_entries and i not in in_other_words]
    print(f"questions: {len(items)} (left out {len(in_entries)} whose fact is now in an entry word for word and "
          f"{len(in_other_words)} an entry states in other words); out of scope: {len(oos)}")
    questions = [ask(settings, entries, documents, i["q"], fact=i["fact"]) for i in items]
    n = len(questions)
    top3 = sum(any(holds(h.passage.text, a.fact) for h in a.documents.hits) for a in questions)
    print(f"document tier: passage with the fact first {sum(a.fact_first() for a in questions) / n:.3f}, "
          f"in the top 3 {top3 / n:.3f}")
    dev = [ask(settings, entries, documents, i["q"], expect=None if i["expect"] == "out_of_scope" else i["expect"])
           for i in devset]
    f = figures(questions, dev)
    print(f"whole answer path: answered with a passage holding the fact {f['fact']:.3f} (the passage answers "
          f"{f['fact_first']:.3f}, after an entry's answer {f['fact_after']:.3f}); an entry's answer alone "
          f"{f['entry_alone']:.3f}; nothing {f['nothing']:.3f}; answers quoting two passages {f['two_quoted']}")
    own = [ask(settings, entries, documents, q) for q in oos]
    print(f"own out-of-scope questions refused: document tier alone "
          f"{sum(a.documents.confidence < document_answers.MIN_CONFIDENCE for a in own) / len(own):.3f}, "
          f"whole answer path {sum(a.tier() is Tier.none for a in own) / len(own):.3f}")
    dev_oos = [a for a in dev if not a.expect]
    for t in (0.5, 0.55, 0.6, 0.62, 0.65, 0.7, 0.72):
        print(f"  document threshold {t}: fact ranked first and confident "
              f"{sum(document_answers.confident(a.documents, t) and a.fact_first() for a in questions) / n:.3f}, own out-of-scope "
              f"refused {sum(a.documents.confidence < t for a in own) / len(own):.3f}, dev set out-of-scope refused "
              f"{sum(not a.entry and a.documents.confidence < t for a in dev_oos) / max(1, len(dev_oos)):.3f}")
    if dev:
        print(f"dev set ({len(dev)}): right entries replaced by a passage {f['replaced']}; answers with a passage "
              f"after them {f['passage_after']} of {sum(bool(a.expect) for a in dev)} in scope; out of scope refused: "
              f"entries alone {f['oos_refused_entries']:.3f}, whole path {f['oos_refused']:.3f}; handled correctly: "
              f"entries alone {f['handled_entries']:.3f}, whole path {f['handled']:.3f}; answers quoting a passage "
              f"{f['dev_shown']}, of which two passages {f['dev_two_quoted']}")
    if show_misses:
        misses(questions)
    if fit:
        calibrate(questions, dev, own)


def hundred_page_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = []
    for page in range(1, 101):
        story.append(Paragraph(f"Section {page}: research support in directorate {page}", styles["Heading2"]))
        for n in range(4):
            story.append(Paragraph(
                f"Directorate {page} offers staff {n + 1} protected research sessions each quarter, agreed with the "
                f"line manager and recorded in the job plan. Applications for scheme {page}-{n} open in spring and "
                "are reviewed by the research and development office within six weeks. Staff who are new to "
                "research are paired with a mentor and may join the journal club held on the first Tuesday of "
                "every month. Funding for backfill is available where the service can show the clinical rota is "
                "covered for the sessions taken.", styles["BodyText"]))
        story.append(PageBreak())
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def ingest_pdf() -> None:
    """Read, split and embed a generated 100-page PDF as the CLI does (every core for embedding)."""
    from knowledge import embedder

    embedder.set_threads()
    embedder.embed(["warm up"])  # the model's loading is not the document's cost
    data = hundred_page_pdf()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    document, passages, pages = read(data, "bench.pdf", Details("Benchmark document", None, None, None))
    read_s = time.perf_counter() - started
    started = time.perf_counter()
    DocumentIndex.empty().with_documents([(document, passages)])
    embed_s = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"100-page PDF ({len(data) / 1e6:.2f} MB, {pages} pages): {len(passages)} passages; reading and splitting "
          f"{read_s:.1f} s, embedding {embed_s:.1f} s; peak RSS {rss_after / 1024:.0f} MB "
          f"({rss_before / 1024:.0f} MB with the model loaded, before the document)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", default=str(ROOT / "bench" / "documents.yaml"))
    parser.add_argument("--devset", default=str(ROOT / "bench" / "devset.yaml"))
    parser.add_argument("--no-pdf", action="store_true", help="skip the 100-page PDF")
    parser.add_argument("--calibrate", action="store_true", help="fit the answerability thresholds two-fold")
    parser.add_argument("--misses", action="store_true", help="list the questions not answered with the fact, by kind")
    args = parser.parse_args()
    settings = Settings()
    labelled = yaml.safe_load(Path(args.set).read_text(encoding="utf-8"))
    devset = yaml.safe_load(Path(args.devset).read_text(encoding="utf-8")) if Path(args.devset).exists() else []
    entries = KnowledgeIndex.build(load_entries(settings.entries_dir, settings.sources_dir), settings.index_dir)
    cache = settings.index_dir / "documents"
    cache.mkdir(parents=True, exist_ok=True)
    documents = DocumentIndex.empty().with_documents(seed_documents(settings.sources_dir), cache_dir=cache)
    quality(settings, entries, documents, labelled["questions"], labelled["out_of_scope"], devset, args.calibrate,
            args.misses)
    if not args.no_pdf:
        ingest_pdf()


if __name__ == "__main__":
    main()
