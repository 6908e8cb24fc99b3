"""The document tier: questions answered only in the source documents, out-of-scope refusal, and ingesting a
100-page PDF.

    .venv/bin/python bench/documents.py [--set bench/documents.yaml] [--devset bench/devset.yaml] [--no-pdf]

Prints, for bench/documents.yaml: how often the document tier's best passage holds the expected fact (top 1 and
top 3), how often the whole answer path (entries first, then documents) answers with a passage holding it, and
the document tier's threshold that handles that set and its out-of-scope questions best. For the dev set: the
out-of-scope questions refused by the entries alone and with the document tier behind them (only its out-of-scope
questions are read). Then the time and peak memory of reading, splitting and embedding a generated 100-page PDF.
"""

from __future__ import annotations

import argparse
import io
import resource
import time
from pathlib import Path

import yaml

from knowledge.documents import answer as document_answers
from knowledge.documents.index import DocumentIndex
from knowledge.documents.ingest import Details, read
from knowledge.documents.seeds import seed_documents
from knowledge.index import KnowledgeIndex
from knowledge.loader import load_entries
from knowledge.search import search
from knowledge.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def norm(text: str) -> str:
    return " ".join(text.lower().split())


def holds(passage_text: str, fact: str) -> bool:
    return norm(fact) in norm(passage_text)


def quality(settings: Settings, entries: KnowledgeIndex, documents: DocumentIndex, items: list[dict],
            oos: list[str], devset_oos: list[str], devset_inscope: list[str]) -> None:
    corpus = norm(" ".join(p.read_text(encoding="utf-8") for p in settings.entries_dir.glob("*.yaml")))
    in_entries = [i for i in items if norm(i["fact"]) in corpus]
    items = [i for i in items if i not in in_entries]
    print(f"questions: {len(items)} (left out {len(in_entries)} whose fact is now in an entry); "
          f"out of scope: {len(oos)}")
    top1 = top3 = answered_right = supplemented = entry_answered = 0
    scored: list[tuple[float, bool]] = []
    for item in items:
        entry_result = search(entries, item["q"], k=5, rrf_k=settings.rrf_k)
        result = documents.search(item["q"], k=3)
        ok1 = bool(result.hits) and holds(result.hits[0].passage.text, item["fact"])
        top1 += ok1
        top3 += any(holds(h.passage.text, item["fact"]) for h in result.hits)
        scored.append((result.confidence, ok1))
        if entry_result.confidence < settings.min_confidence:
            answered_right += ok1 and result.confidence >= document_answers.MIN_CONFIDENCE
        elif document_answers.supplements(entry_result.hits[0].named, entry_result.confidence, result.confidence):
            supplemented += ok1
        else:
            entry_answered += 1
    n = len(items)
    print(f"document tier: passage with the fact first {top1 / n:.3f}, in the top 3 {top3 / n:.3f}")
    print(f"whole answer path at threshold {document_answers.MIN_CONFIDENCE}: answered with a passage holding the "
          f"fact {(answered_right + supplemented) / n:.3f} (the passage alone {answered_right / n:.3f}, after an "
          f"entry's answer {supplemented / n:.3f}); an entry's answer alone {entry_answered / n:.3f}")
    oos_conf = [documents.search(q).confidence for q in oos]
    print(f"own out-of-scope questions refused by the document tier: "
          f"{sum(c < document_answers.MIN_CONFIDENCE for c in oos_conf) / len(oos):.3f}")
    for t in (0.5, 0.55, 0.6, 0.62, 0.65, 0.7):
        print(f"  threshold {t}: fact answered {sum(c >= t and ok for c, ok in scored) / n:.3f}, own out-of-scope "
              f"refused {sum(c < t for c in oos_conf) / len(oos):.3f}")
    if devset_inscope:
        added = 0
        for q in devset_inscope:
            entry = search(entries, q, k=5, rrf_k=settings.rrf_k)
            added += entry.confidence >= settings.min_confidence and document_answers.supplements(
                entry.hits[0].named, entry.confidence, documents.search(q).confidence)
        print(f"dev set in-scope answers (entries unchanged) that get a document passage after them: {added} of "
              f"{len(devset_inscope)}")
    if devset_oos:
        alone = with_documents = 0
        for q in devset_oos:
            entry = search(entries, q, k=5, rrf_k=settings.rrf_k).confidence
            refused = entry < settings.min_confidence
            alone += refused
            document = documents.search(q).confidence
            with_documents += refused and document < document_answers.MIN_CONFIDENCE
        m = len(devset_oos)
        print(f"dev set out-of-scope refused: entries alone {alone / m:.3f}, with the document tier "
              f"{with_documents / m:.3f} ({m} questions)")


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
    args = parser.parse_args()
    settings = Settings()
    labelled = yaml.safe_load(Path(args.set).read_text(encoding="utf-8"))
    devset = yaml.safe_load(Path(args.devset).read_text(encoding="utf-8")) if Path(args.devset).exists() else []
    devset_oos = [i["q"] for i in devset if i.get("expect") == "out_of_scope"]
    devset_inscope = [i["q"] for i in devset if i.get("expect") != "out_of_scope"]
    entries = KnowledgeIndex.build(load_entries(settings.entries_dir, settings.sources_dir), settings.index_dir)
    cache = settings.index_dir / "documents"
    cache.mkdir(parents=True, exist_ok=True)
    documents = DocumentIndex.empty().with_documents(seed_documents(settings.sources_dir), cache_dir=cache)
    quality(settings, entries, documents, labelled["questions"], labelled["out_of_scope"], devset_oos,
            devset_inscope)
    if not args.no_pdf:
        ingest_pdf()


if __name__ == "__main__":
    main()
