"""The searchable index: entries split into passages, embedded (knowledge/dense.py), and BM25.

Embeddings are cached on disk by a hash of the passage text, so a rebuild only
embeds passages that changed. An index is immutable once built: the service
swaps a whole new one in (made by `updated` when a few entries change), so
requests in flight keep the one they started with.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from knowledge import embedder
from knowledge.atomic import replace_atomically, replace_text
from knowledge.bm25 import Bm25
from knowledge.dense import DenseIndex
from knowledge.schema import Entry
from knowledge.text import STOPWORDS, Speller, normalise, tokens, words

T = TypeVar("T")

log = logging.getLogger(__name__)

CACHE_FILE = "embeddings.npz"
DELTA_FILES = "embeddings-*.npz"  # vectors embedded by updates since the last full build
MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class Passage:
    entry_id: str
    number: int  # 0 is the summary; 1.. are body paragraphs, then the alternate questions
    text: str  # what the bot may quote (an alternate question: only searched, never quoted)
    question: bool = False  # one of the entry's alternate questions

    def search_text(self, entry: Entry) -> str:
        """What is embedded and indexed: the passage with the entry's names in front; an alternate
        question as it is, since it is matched against questions phrased the same way."""
        if self.question:
            return self.text
        names = ", ".join(entry.synonyms)
        head = f"{entry.title} ({names})" if names else entry.title
        return f"{head}. {self.text}"

    @property
    def key(self) -> str:
        return f"{self.entry_id}#{self.number}"


def split_passages(entry: Entry) -> list[Passage]:
    texts = [Passage(entry.id, 0, entry.summary)] + [
        Passage(entry.id, i, paragraph) for i, paragraph in enumerate(entry.paragraphs(), start=1)
    ]
    return texts + [Passage(entry.id, len(texts) + i, q, question=True)
                    for i, q in enumerate(dict.fromkeys(entry.alternate_questions))]


def _digest(text: str) -> str:
    return hashlib.sha256(f"{embedder.MODEL_NAME}\n{text}".encode()).hexdigest()[:32]


class EmbeddingCache:
    """Passage-hash -> vector on disk, so a restart or rebuild embeds only what changed.

    A full build writes one compact `embeddings.npz`; an update of a few entries only
    adds a small `embeddings-<time>.npz` beside it (rewriting 70 MB for one edit took
    longer than the edit), and the next full build folds those in. Every file is
    replaced atomically, so a crash leaves the old or the new one, never a torn one.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.vectors: dict[str, np.ndarray] = {}
        if not folder:
            return
        for path in [folder / CACHE_FILE, *self._deltas()]:
            if not path.exists():
                continue
            try:
                with np.load(path) as data:
                    self.vectors.update(zip(data["keys"].tolist(), data["vectors"]))
            except (OSError, ValueError, KeyError) as exc:  # a torn or foreign file: embed again
                log.warning("embedding cache unreadable, rebuilding", extra={"path": str(path), "error": str(exc)})

    def _deltas(self) -> list[Path]:
        return sorted(self.folder.glob(DELTA_FILES)) if self.folder else []

    @staticmethod
    def _write(path: Path, vectors: dict[str, np.ndarray]) -> None:
        keys = sorted(vectors)
        matrix = np.stack([vectors[k] for k in keys]) if keys else np.zeros((0, embedder.DIMENSION), np.float32)
        replace_atomically(path, lambda file: np.savez(file, keys=np.array(keys), vectors=matrix))

    def save(self, keep: set[str]) -> None:
        """Write the vectors still in use as one file and drop the update files it now holds."""
        if not self.folder:
            return
        deltas = self._deltas()
        self._write(self.folder / CACHE_FILE, {k: v for k, v in self.vectors.items() if k in keep})
        for path in deltas:
            path.unlink(missing_ok=True)

    @classmethod
    def add(cls, folder: Path | None, vectors: dict[str, np.ndarray]) -> None:
        """Keep a few new vectors without reading or rewriting the whole cache."""
        if folder and vectors:
            cls._write(folder / f"embeddings-{time.time_ns()}.npz", vectors)


QUESTION_WORDS = frozenset({"why", "how", "what", "where", "when", "who", "which"})


@dataclass(frozen=True)
class Name:
    """A title or synonym to spot in a question.

    `specific` names (several words, an acronym like "P2P", or an entry's one-word title less what it adds in
    brackets, "Thiscovery") identify one entry;
    a plain word like "audit" or "mentor" only hints at it, and so does a synonym worded
    as a question ("why do research"), which is part of many questions about other
    things ("why do research capacity initiatives fail?"). An acronym that is also
    an English word ("THIS", "SPA") must be typed in capitals to count.
    """

    phrase: str  # normalised, space-padded
    entry_id: str
    specific: bool
    case_sensitive: str | None  # the exact spelling required, if any
    shortened: bool = False  # the first words of a long title (`_shortened_of`)

    @classmethod
    def of(cls, name: str, entry_id: str) -> Name:
        phrase = normalise(name)
        acronym = any(c.isupper() for c in name[1:]) or any(c.isdigit() or c in "@&" for c in name)
        single = len(phrase.split()) == 1
        common = single and phrase.strip() in STOPWORDS
        question = phrase.split()[0] in QUESTION_WORDS
        return cls(phrase, entry_id, acronym or not (single or question), name if common else None)

    @property
    def words(self) -> list[str]:
        return self.phrase.split()

    def found_at(self, words: list[str], start: int, raw_query: str) -> bool:
        mine, theirs = self.words, words[start:start + len(self.words)]
        if theirs != mine and not (len(mine) > 1 and theirs[:-1] == mine[:-1] and _plural_pair(theirs[-1], mine[-1])):
            return False
        return self.case_sensitive is None or self.case_sensitive in raw_query


def _plural_pair(a: str, b: str) -> bool:
    """"CSO fellowships" names "CSO fellowship" (and the other way): people say a scheme's name in the plural.
    Only for names of several words, whose last word is a plain noun; one word ("audit") is left exact."""
    return a.isalpha() and b.isalpha() and len(min(a, b, key=len)) >= 3 and (a == b + "s" or b == a + "s")


class NameTable:
    """Names by their words, so spotting them in a question costs a few lookups per word of it whatever the number
    of names: by the first word, then the name's length, then its words (at 10,000 entries, "NIHR" begins hundreds
    of names, and checking each at every "NIHR" of every question was a third of a search)."""

    def __init__(self, names: Iterable[Name]):
        self._table: dict[str, dict[int, dict[tuple[str, ...], list[Name]]]] = {}
        for name in names:
            words = tuple(name.words)
            self._table.setdefault(words[0], {}).setdefault(len(words), {}).setdefault(words, []).append(name)

    def at(self, words: list[str], start: int, raw_query: str) -> list[Name]:
        """The names found at `words[start]` (a plural or singular last word too: `Name.found_at`)."""
        found = []
        for length, by_words in self._table.get(words[start], {}).items():
            theirs = tuple(words[start:start + length])
            if len(theirs) < length:
                continue
            spellings = [theirs]
            if length > 1:  # "CSO fellowships" for "CSO fellowship" and the other way
                spellings += [theirs[:-1] + (theirs[-1][:-1],), theirs[:-1] + (theirs[-1] + "s",)]
            found += [name for spelling in spellings for name in by_words.get(spelling, ())
                      if name.found_at(words, start, raw_query)]
        return found

    def extends(self, words: list[str], entry_id: str) -> bool:
        """Does another entry's name begin with these words ("health and care research" begins Health and Care
        Research Wales)?"""
        return any(name.entry_id != entry_id for length, by_words in self._table.get(words[0], {}).items()
                   if length >= len(words) for key, names in by_words.items() if list(key[:len(words)]) == words
                   for name in names)


@dataclass
class BuildStats:
    entries: int
    passages: int
    embedded: int  # passages embedded this build (the rest came from the cache or the previous index)
    seconds: float


def _words_in(passages: list[Passage], entries: dict[str, Entry]) -> Counter[str]:
    """How many passages use each word: the speller's vocabulary, kept as counts so an update can subtract."""
    return Counter(w for p in passages for w in set(words(p.search_text(entries[p.entry_id]))))


COMPACT_NAME_CHARS = 12  # "70at70", "p2p": short names are typed run together; long ones are not


# What a title adds in brackets ("Pre-doctoral Clinical Academic Fellowship (PCAF)", "... (formerly HEE/NIHR ICAP)").
BRACKETED = re.compile(r"\s*\([^()]*\)")


def _names_of(entry: Entry) -> list[Name]:
    """Each title and synonym, the title also without what it adds in brackets ("what salary does the pre-doctoral
    clinical academic fellowship pay?" named no entry, and search took the doctoral one), and a short name of several
    words also run together ("70 at 70" as "70at70")."""
    bare = BRACKETED.sub("", entry.title).strip()
    texts = [*entry.names, *([bare] if bare != entry.title and len(normalise(bare).split()) > 1 else [])]
    texts += [other for text in texts for other in _abbreviated(text)]
    names = [Name.of(text, entry.id) for text in dict.fromkeys(texts) if normalise(text).strip()]
    if bare != entry.title and len(normalise(bare).split()) == 1:  # "Thiscovery (THIS Institute online platform)":
        own = replace(Name.of(bare, entry.id), specific=True)      # what the entry is called ("audit" is a topic's word)
        names = [n for n in names if n.phrase != own.phrase] + [own]
    compact = {"".join(n.words) for n in names if len(n.words) > 1 and len("".join(n.words)) <= COMPACT_NAME_CHARS}
    return names + [Name(f" {c} ", entry.id, True, None) for c in sorted(compact - {n.phrase.strip() for n in names})] \
        + _shortened_of(entry)


# What NHS staff shorten in a name, and the other way ("the Leicester R&I strategy" names "Leicester research and
# innovation strategy"; "HEE research and innovation strategy" names "HEE R&I strategy").
ABBREVIATED = ((re.compile(r"\bresearch\s+(?:and|&)\s+innovation\b", re.I), "R&I"),
               (re.compile(r"\bresearch\s+(?:and|&)\s+development\b", re.I), "R&D"),
               (re.compile(r"\bR&I\b"), "research and innovation"), (re.compile(r"\bR&D\b"), "research and development"))


def _abbreviated(name: str) -> list[str]:
    """The name with its "research and innovation" as "R&I" (and so on), or the other way; none when it has none."""
    return [shorter for pattern, short in ABBREVIATED if (shorter := pattern.sub(short, name)) != name]


# A long title shortened to its first words ("the leading cultures of research course" of "Leading Cultures of
# Research & Innovation"): its first SHORTENED_WORDS words or more, and SHORTENED_SHARE of it or more, not ending on a
# joining word, name it too, unless another entry's name begins with them (`search._names_at`).
SHORTENED_WORDS = 4
SHORTENED_SHARE = 0.6


def _shortened_of(entry: Entry) -> list[Name]:
    words = normalise(BRACKETED.sub("", entry.title)).split()
    least = max(SHORTENED_WORDS, math.ceil(SHORTENED_SHARE * len(words)))
    return [Name(f" {' '.join(words[:n])} ", entry.id, True, None, shortened=True)
            for n in range(least, len(words)) if words[n - 1] not in STOPWORDS]


def _lexical_tokens(passage: Passage, entries: dict[str, Entry]) -> list[str]:
    return tokens(passage.search_text(entries[passage.entry_id])) or ["_"]


class KnowledgeIndex:
    """Immutable search structures over one set of entries.

    `build` makes one from scratch; `updated` makes the next one from this one when a
    few entries change, reusing every unchanged passage's vector, counts and names, so
    publishing one entry costs about the same at 10 entries as at 10,000.
    """

    def __init__(self, entries: dict[str, Entry], passages: list[Passage], digests: list[str], vectors: np.ndarray,
                 dense: DenseIndex, lexical: Bm25, word_counts: Counter[str], entry_names: dict[str, list[Name]],
                 stats: BuildStats):
        self.entries = entries
        self.passages = passages
        self.digests = digests  # per passage: the embedding cache's key for its text
        self.vectors = vectors
        self.dense = dense
        self.lexical = lexical
        self.word_counts = word_counts
        self.entry_names = entry_names
        self.stats = stats
        self.built_at = time.time()
        self.passage_ids: dict[str, list[int]] = {}
        for i, passage in enumerate(passages):
            self.passage_ids.setdefault(passage.entry_id, []).append(i)
        self.names = NameTable(name for names in entry_names.values() for name in names if not name.shortened)
        self.shortened = NameTable(name for names in entry_names.values() for name in names if name.shortened)
        self.speller = Speller(set(word_counts))
        self._read: dict[tuple[Callable, str], Any] = {}

    @cached_property
    def titled_with(self) -> dict[frozenset[str], list[str]]:
        """Entries by every one or two words of their title or of one of their other names (folded as questions
        are): which entries are named after another ("THIS Institute fellowship programme" after "THIS Institute",
        "HEE R&I strategy" after HEE), in one look-up at any size."""
        found: dict[frozenset[str], set[str]] = {}
        for entry in self.entries.values():
            for name in (entry.title, *entry.synonyms):
                words = sorted(set(tokens(name)))
                for i, first in enumerate(words):
                    found.setdefault(frozenset([first]), set()).add(entry.id)
                    for second in words[i + 1:]:
                        found.setdefault(frozenset([first, second]), set()).add(entry.id)
        return {words: sorted(ids) for words, ids in found.items()}

    def read_once(self, entry_id: str, reading: Callable[[Entry], T]) -> T:
        """What `reading` makes of an entry, made once per entry and index (an index is never changed): searches read
        the same entries' text at every question (an NHS body named, a numbered part asked), which at 10,000 entries
        no bounded cache of texts kept."""
        key = (reading, entry_id)
        if key not in self._read:  # two threads may both make it: the same value, so either may stay
            self._read[key] = reading(self.entries[entry_id])
        return self._read[key]

    @cached_property
    def name_words(self) -> frozenset[str]:
        """Every word of every entry's title and synonyms, folded as questions are (an index is never changed)."""
        return frozenset(t for entry in self.entries.values() for name in entry.names for t in tokens(name))

    @classmethod
    def build(
        cls, entries: list[Entry], cache_dir: Path | None = None, batch_size: int = 32, progress: bool = False
    ) -> KnowledgeIndex:
        started = time.perf_counter()
        by_id = {e.id: e for e in entries}
        passages = [p for e in entries for p in split_passages(e)]
        texts = [p.search_text(by_id[p.entry_id]) for p in passages]
        digests = [_digest(t) for t in texts]
        cache = EmbeddingCache(cache_dir)
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
        lexical = Bm25.index([_lexical_tokens(p, by_id) for p in passages])
        names = {e.id: _names_of(e) for e in entries}
        stats = BuildStats(len(entries), len(passages), len(missing), time.perf_counter() - started)
        index = cls(by_id, passages, digests, vectors, DenseIndex.build(vectors), lexical, _words_in(passages, by_id),
                    names, stats)
        index._write_manifest(cache_dir)
        return index

    def updated(self, changed: list[Entry], removed: Collection[str] = (), cache_dir: Path | None = None,
                batch_size: int = 32) -> KnowledgeIndex:
        """The index with `changed` entries added or replaced and `removed` ones taken out.

        Unchanged passages keep their vectors (no embedding), BM25 counts and place in
        the dense index; the changed entries' passages move to the end. New vectors are
        added to the cache on disk.
        """
        started = time.perf_counter()
        changed = [e for e in changed if self.entries.get(e.id) != e]
        touched = {e.id for e in changed} | {i for i in removed if i in self.entries}
        entries = {i: e for i, e in self.entries.items() if i not in touched}
        entries.update((e.id, e) for e in changed)
        keep = np.fromiter((p.entry_id not in touched for p in self.passages), dtype=bool, count=len(self.passages))
        gone = [p for p, kept in zip(self.passages, keep) if not kept]
        added = [p for e in changed for p in split_passages(e)]
        texts = [p.search_text(entries[p.entry_id]) for p in added]
        digests = [_digest(t) for t in texts]
        known = {d: i for i, d in enumerate(self.digests) if not keep[i]}  # an edit often keeps most paragraphs
        missing = sorted({d: t for d, t in zip(digests, texts) if d not in known}.items())
        fresh = dict(zip((d for d, _ in missing), embedder.embed([t for _, t in missing], batch_size=batch_size)))
        EmbeddingCache.add(cache_dir, fresh)
        new_vectors = [fresh[d] if d in fresh else self.vectors[known[d]] for d in digests]
        appended = np.array(new_vectors, dtype=np.float32).reshape(-1, embedder.DIMENSION)
        vectors = np.concatenate([self.vectors[keep], appended])
        word_counts = self.word_counts - _words_in(gone, self.entries) + _words_in(added, entries)
        names = {i: n for i, n in self.entry_names.items() if i not in touched}
        names.update((e.id, _names_of(e)) for e in changed)
        lexical = self.lexical.updated(keep, [_lexical_tokens(p, entries) for p in added])
        passages = [p for p, kept in zip(self.passages, keep) if kept] + added
        kept_digests = [d for d, kept in zip(self.digests, keep) if kept]
        stats = BuildStats(len(entries), len(passages), len(missing), time.perf_counter() - started)
        index = KnowledgeIndex(entries, passages, kept_digests + digests, vectors, self.dense.updated(keep, vectors),
                               lexical, word_counts, names, stats)
        index._write_manifest(cache_dir)
        return index

    def _write_manifest(self, cache_dir: Path | None) -> None:
        if cache_dir:
            manifest = {"entries": self.stats.entries, "passages": self.stats.passages, "model": embedder.MODEL_NAME,
                        "built_at": self.built_at, "embedded": self.stats.embedded}
            replace_text(cache_dir / MANIFEST_FILE, json.dumps(manifest, indent=2))
