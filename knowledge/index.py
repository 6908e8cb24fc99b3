"""The searchable index: entries split into passages, embedded into faiss, and BM25.

Embeddings are cached on disk by a hash of the passage text, so a rebuild only
embeds passages that changed. An index is immutable once built: the service
swaps a whole new one in, so requests in flight keep the one they started with.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import bm25s
import faiss
import numpy as np

from knowledge import embedder
from knowledge.atomic import replace_atomically, replace_text
from knowledge.schema import Entry
from knowledge.text import STOPWORDS, Speller, normalise, tokens, words

log = logging.getLogger(__name__)

CACHE_FILE = "embeddings.npz"
MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class Passage:
    entry_id: str
    number: int  # 0 is the summary; 1.. are body paragraphs
    text: str  # what the bot may quote

    def search_text(self, entry: Entry) -> str:
        """What is embedded and indexed: the passage with the entry's names in front."""
        names = ", ".join(entry.synonyms)
        head = f"{entry.title} ({names})" if names else entry.title
        return f"{head}. {self.text}"

    @property
    def key(self) -> str:
        return f"{self.entry_id}#{self.number}"


def split_passages(entry: Entry) -> list[Passage]:
    return [Passage(entry.id, 0, entry.summary)] + [
        Passage(entry.id, i, paragraph) for i, paragraph in enumerate(entry.paragraphs(), start=1)
    ]


def _digest(text: str) -> str:
    return hashlib.sha256(f"{embedder.MODEL_NAME}\n{text}".encode()).hexdigest()[:32]


class EmbeddingCache:
    """Passage-hash -> vector, persisted as one .npz replaced atomically (a crash leaves the old or new file)."""

    def __init__(self, path: Path | None):
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        if path and path.exists():
            try:
                with np.load(path) as data:
                    self.vectors = dict(zip(data["keys"].tolist(), data["vectors"]))
            except (OSError, ValueError, KeyError) as exc:  # a torn or foreign file: start again
                log.warning("embedding cache unreadable, rebuilding", extra={"path": str(path), "error": str(exc)})

    def save(self, keep: set[str]) -> None:
        if not self.path:
            return
        keys = sorted(k for k in self.vectors if k in keep)
        vectors = np.stack([self.vectors[k] for k in keys]) if keys else np.zeros((0, embedder.DIMENSION), np.float32)
        replace_atomically(self.path, lambda file: np.savez(file, keys=np.array(keys), vectors=vectors))


@dataclass(frozen=True)
class Name:
    """A title or synonym to spot in a question.

    `specific` names (several words, or an acronym like "P2P") identify one entry;
    a plain word like "audit" or "mentor" only hints at it. An acronym that is also
    an English word ("THIS", "SPA") must be typed in capitals to count.
    """

    phrase: str  # normalised, space-padded
    entry_id: str
    specific: bool
    case_sensitive: str | None  # the exact spelling required, if any

    @classmethod
    def of(cls, name: str, entry_id: str) -> Name:
        phrase = normalise(name)
        acronym = any(c.isupper() for c in name[1:]) or any(c.isdigit() or c in "@&" for c in name)
        single = len(phrase.split()) == 1
        common = single and phrase.strip() in STOPWORDS
        return cls(phrase, entry_id, acronym or not single, name if common else None)

    @property
    def words(self) -> list[str]:
        return self.phrase.split()

    def found_at(self, words: list[str], start: int, raw_query: str) -> bool:
        if words[start:start + len(self.words)] != self.words:
            return False
        return self.case_sensitive is None or self.case_sensitive in raw_query


@dataclass
class BuildStats:
    entries: int
    passages: int
    embedded: int  # passages embedded this build (the rest came from the cache)
    seconds: float


class KnowledgeIndex:
    """Immutable search structures over one set of entries."""

    def __init__(self, entries: list[Entry], passages: list[Passage], vectors: np.ndarray, stats: BuildStats):
        self.entries = {e.id: e for e in entries}
        self.passages = passages
        self.stats = stats
        self.built_at = time.time()
        self.vectors = vectors
        self.passage_ids: dict[str, list[int]] = {}
        for i, passage in enumerate(passages):
            self.passage_ids.setdefault(passage.entry_id, []).append(i)
        self.faiss = faiss.IndexFlatIP(embedder.DIMENSION)
        if len(vectors):
            self.faiss.add(vectors)
        self.bm25 = bm25s.BM25()
        if passages:
            corpus = [tokens(p.search_text(self.entries[p.entry_id])) or ["_"] for p in passages]
            self.bm25.index(corpus, show_progress=False)
        # Names by their first word, so spotting them costs one lookup per word of the question.
        self.names: dict[str, list[Name]] = {}
        for entry in entries:
            for text in entry.names:
                if normalise(text).strip():
                    name = Name.of(text, entry.id)
                    self.names.setdefault(name.words[0], []).append(name)
        self.speller = Speller({w for p in passages for w in words(p.search_text(self.entries[p.entry_id]))})

    @classmethod
    def build(
        cls, entries: list[Entry], cache_dir: Path | None = None, batch_size: int = 32, progress: bool = False
    ) -> KnowledgeIndex:
        started = time.perf_counter()
        by_id = {e.id: e for e in entries}
        passages = [p for e in entries for p in split_passages(e)]
        texts = [p.search_text(by_id[p.entry_id]) for p in passages]
        digests = [_digest(t) for t in texts]
        cache = EmbeddingCache(cache_dir / CACHE_FILE if cache_dir else None)
        missing = sorted({d: t for d, t in zip(digests, texts) if d not in cache.vectors}.items())
        if missing:
            fresh = embedder.embed([t for _, t in missing], batch_size=batch_size, progress=progress)
            cache.vectors.update({d: v for (d, _), v in zip(missing, fresh)})
        cache.save(set(digests))
        vectors = (
            np.stack([cache.vectors[d] for d in digests]).astype(np.float32)
            if digests
            else np.zeros((0, embedder.DIMENSION), np.float32)
        )
        stats = BuildStats(len(entries), len(passages), len(missing), time.perf_counter() - started)
        index = cls(entries, passages, vectors, stats)
        if cache_dir:
            manifest = {"entries": stats.entries, "passages": stats.passages, "model": embedder.MODEL_NAME,
                        "built_at": index.built_at, "embedded": stats.embedded}
            replace_text(cache_dir / MANIFEST_FILE, json.dumps(manifest, indent=2))
        return index
