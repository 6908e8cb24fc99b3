"""Index builds and updates: an edit publishes without re-embedding or re-indexing everything else."""

import numpy as np
import pytest

from knowledge.index import CACHE_FILE, KnowledgeIndex, Name
from knowledge.search import search
from knowledge.text import normalise

QUESTIONS = [
    "how much funding does Pathway to Portfolio give?",
    "I am a nurse, how do I get protected time for research?",
    "what is a research champion",
    "pathway to portfollio",  # a typo: the speller
    "tell me about the Glasgow physio fellowship",
]


def _same_results(a: KnowledgeIndex, b: KnowledgeIndex, question: str) -> None:
    ra, rb = search(a, question), search(b, question)
    assert [(h.entry_id, h.passage) for h in ra.hits] == [(h.entry_id, h.passage) for h in rb.hits], question
    assert [h.score for h in ra.hits] == pytest.approx([h.score for h in rb.hits])
    assert ra.confidence == pytest.approx(rb.confidence, abs=1e-4)


def test_rebuild_reembeds_only_changed_passages(entries, tmp_path):
    first = KnowledgeIndex.build(entries[:5], tmp_path)
    assert first.stats.embedded == first.stats.passages
    again = KnowledgeIndex.build(entries[:5], tmp_path)
    assert again.stats.embedded == 0
    changed = entries[0].model_copy(update={"summary": entries[0].summary + " Updated by the R&D office."})
    third = KnowledgeIndex.build([changed, *entries[1:5]], tmp_path)
    assert third.stats.embedded == 1  # only the summary passage changed


@pytest.mark.slow  # embeds or waits for seconds: `make test` runs it, `make unit` does not
def test_update_answers_as_a_full_build_of_the_same_entries(entries, index, tmp_path):
    edited = index.entries["pathway-to-portfolio"].model_copy(
        update={"summary": index.entries["pathway-to-portfolio"].summary + " Ask the R&D office for the form."})
    retired = "research-champions"
    updated = index.updated([edited], removed={retired}, cache_dir=tmp_path)
    rebuilt = KnowledgeIndex.build([edited if e.id == edited.id else e for e in entries if e.id != retired])
    assert updated.stats.embedded == 1  # the edited summary; the entry's other paragraphs are reused
    assert set(updated.entries) == set(rebuilt.entries) and retired not in updated.entries
    assert sorted(updated.passages, key=lambda p: p.key) == sorted(rebuilt.passages, key=lambda p: p.key)
    for question in QUESTIONS:
        _same_results(updated, rebuilt, question)
    assert "Ask the R&D office for the form." in updated.entries["pathway-to-portfolio"].summary


def test_update_leaves_the_index_in_use_unchanged(index):
    before = [search(index, q).hits[0].entry_id for q in QUESTIONS]
    passages, vectors = len(index.passages), index.vectors.copy()
    index.updated([], removed={"pathway-to-portfolio"})
    assert "pathway-to-portfolio" in index.entries and len(index.passages) == passages
    assert np.array_equal(index.vectors, vectors)
    assert [search(index, q).hits[0].entry_id for q in QUESTIONS] == before


def test_a_new_entry_is_found_by_its_name_and_its_words(index, entries):
    new = entries[0].model_copy(update={
        "id": "quokka-fellowship", "title": "Quokka Fellowship", "synonyms": ["QKF"],
        "summary": "The Quokka Fellowship funds zoological informatics placements for allied health professionals.",
    })
    updated = index.updated([new])
    assert updated.stats.embedded == len(updated.passage_ids["quokka-fellowship"])  # a new title: all new text
    assert search(updated, "what is QKF?").hits[0].entry_id == "quokka-fellowship"
    assert search(updated, "zoological informatcs placements").hits[0].entry_id == "quokka-fellowship"  # typo
    removed = updated.updated([], removed={"quokka-fellowship"})
    assert "quokka-fellowship" not in removed.entries and "informatics" not in removed.speller.vocabulary
    assert all(p.entry_id != "quokka-fellowship" for p in removed.passages)


@pytest.mark.slow  # embeds or waits for seconds: `make test` runs it, `make unit` does not
def test_alternate_questions_are_searched_but_never_quoted_and_an_update_adds_them(index, entries):
    asked = "could I swap a few ward shifts for shifts with the trials team?"
    entry = index.entries["research-secondments"]
    assert search(index, asked).confidence < 0.6
    learnt = entry.model_copy(update={"alternate_questions": [*entry.alternate_questions, asked]})
    updated = index.updated([learnt])
    assert updated.stats.embedded == 1  # only the new question: the paragraphs and other questions are reused
    questions = [p for p in (updated.passages[i] for i in updated.passage_ids["research-secondments"]) if p.question]
    assert [p.text for p in questions] == learnt.alternate_questions
    result = search(updated, asked)
    assert result.hits[0].entry_id == "research-secondments" and result.confidence > 0.9
    assert result.hits[0].passage != asked and result.hits[0].passage in [entry.summary, *entry.paragraphs()]
    rebuilt = KnowledgeIndex.build([learnt if e.id == learnt.id else e for e in entries])
    _same_results(updated, rebuilt, asked)


def test_an_unchanged_entry_is_not_touched(index):
    same = index.updated([index.entries["pathway-to-portfolio"]])
    assert same.stats.embedded == 0 and same.passages == index.passages


def test_updates_are_kept_on_disk_and_folded_in_by_the_next_build(entries, tmp_path):
    first = KnowledgeIndex.build(entries[:5], tmp_path)
    edited = entries[1].model_copy(update={"summary": "A summary rewritten by the R&D office."})
    first.updated([edited], cache_dir=tmp_path)
    assert len(list(tmp_path.glob("embeddings-*.npz"))) == 1  # the big cache file was not rewritten
    rebuilt = KnowledgeIndex.build([entries[0], edited, *entries[2:5]], tmp_path)
    assert rebuilt.stats.embedded == 0  # the update's vector came from its small file
    assert list(tmp_path.glob("embeddings-*.npz")) == [] and (tmp_path / CACHE_FILE).exists()


def test_the_name_table_finds_what_checking_every_name_finds(index):
    """`NameTable.at` looks names up by their words; checking every name at every word of the question (what it
    replaced) must find the same ones, plurals and capitals-only acronyms included."""
    every = [name for names in index.entry_names.values() for name in names if not name.shortened]
    shortened = [name for names in index.entry_names.values() for name in names if name.shortened]
    questions = [*QUESTIONS, "CSO fellowships in Scotland", "is THIS Institute open to nurses?", "this is a test",
                 "NIHR ICAP internships and the PCAF", "70 at 70 or 70at70?", "research champions programme"]
    questions += [q for e in index.entries.values() for q in e.alternate_questions]
    for question in questions:
        words = normalise(question).split()
        for start in range(len(words)):
            found = {id(n) for n in index.names.at(words, start, question)}
            assert found == {id(n) for n in every if n.found_at(words, start, question)}, (question, start)
            found = {id(n) for n in index.shortened.at(words, start, question)}
            assert found == {id(n) for n in shortened if n.found_at(words, start, question)}, (question, start)


def test_a_long_title_is_also_named_by_its_first_words(index):
    """Four words or more and most of the title, not ending on a joining word; short titles are not shortened."""
    from knowledge.index import _shortened_of

    def entry(title):
        return index.entries["pathway-to-portfolio"].model_copy(update={"title": title})

    assert [n.phrase for n in _shortened_of(entry("Leading Cultures of Research & Innovation"))] == [
        " leading cultures of research "]
    assert _shortened_of(entry("NIHR Senior Research Leader Programme"))[0].phrase == " nihr senior research leader "
    assert _shortened_of(entry("Pathway to Portfolio")) == []


def test_a_synonym_worded_as_a_question_only_hints_at_its_entry():
    # "why do research capacity initiatives keep failing?" holds "why do research" but is not about motivation.
    assert not Name.of("why do research", "motivations").specific
    assert not Name.of("where to start", "where-to-start").specific
    assert Name.of("reasons to do research", "motivations").specific
    assert Name.of("Pathway to Portfolio", "pathway-to-portfolio").specific and Name.of("P2P", "p2p").specific
    assert not Name.of("audit", "small-research-projects").specific and not Name.of("Audit", "x").specific


def test_entries_are_found_by_one_or_two_words_of_their_title(index):
    from knowledge.text import tokens

    named_after = index.titled_with[frozenset(tokens("THIS Institute"))]
    assert "this-institute-fellowships" in named_after and "this-institute" in named_after
    assert all(set(tokens("THIS Institute")) <= set(tokens(index.entries[e].title)) for e in named_after)


def test_an_entrys_one_word_title_less_its_brackets_names_it_specifically():
    """"i heard about thiscovery from a colleague" went unanswered: "Thiscovery (THIS Institute online platform)" is
    called Thiscovery, which names it as surely as a title of several words."""
    import datetime as dt

    from knowledge.index import _names_of
    from knowledge.schema import Entry

    entry = Entry(id="thiscovery", title="Thiscovery (THIS Institute online platform)", kind="organisation",
                  summary="Thiscovery is an online platform for healthcare improvement research.",
                  body="Patients and staff take part in research through it online.", synonyms=["Thiscovery"],
                  sources=[{"document": "003_a.txt", "quote": "Thiscovery, our online platform"}],
                  last_reviewed=dt.date(2026, 1, 1), review_due=dt.date(2027, 1, 1))
    own = [n for n in _names_of(entry) if n.phrase.strip() == "thiscovery"]
    assert len(own) == 1 and own[0].specific


def test_research_and_innovation_names_an_entry_as_r_and_i_and_the_other_way(index):
    """Round twenty-eight: "what years does the Leicester R&I strategy run for?" named no entry: its synonym says
    "Leicester research and innovation strategy"."""
    from knowledge.index import _abbreviated
    from knowledge.search import named_entries

    assert _abbreviated("Leicester research and innovation strategy") == ["Leicester R&I strategy"]
    assert _abbreviated("HEE R&D office") == ["HEE research and development office"]
    assert _abbreviated("Pathway to Portfolio") == []
    assert named_entries(index, "what years does the Leicester R&I strategy run for?") == {"uhl-ri-strategy": True}
