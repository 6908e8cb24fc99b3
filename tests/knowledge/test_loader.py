"""An invalid entry stops the build and says which file, which field and what is wrong."""

import textwrap
from pathlib import Path

import pytest

from knowledge.loader import EntryError, load_entries

VALID = """\
id: {id}
title: Pathway to Portfolio Development Funding Scheme
kind: scheme
summary: A Health and Care Research Wales scheme that funds small research scoping projects.
body: |
  Pathway to Portfolio projects receive a maximum of £20,000 in funding.

  Pathway to Portfolio projects can only last 6 months.
nations: [wales]
professions: [any]
sources:
  - document: 004_3dbd70d0db6fa5af.txt
    quote: "projects receive a maximum of £20,000 in funding"
last_reviewed: 2026-11-23
review_due: 2027-05-23
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(folder: Path, sources: Path) -> list[str]:
    with pytest.raises(EntryError) as caught:
        load_entries(folder, sources)
    return [str(p) for p in caught.value.problems]


def test_valid_entry_loads(tmp_path, settings):
    write(tmp_path, "p2p", VALID.format(id="p2p"))
    [entry] = load_entries(tmp_path, settings.sources_dir)
    assert entry.nations == ["wales"] and entry.title.startswith("Pathway")


def test_missing_field_names_file_and_field(tmp_path, settings):
    write(tmp_path, "p2p", VALID.format(id="p2p").replace("kind: scheme\n", ""))
    assert problems(tmp_path, settings.sources_dir) == ["p2p.yaml: kind: Field required"]


def test_unknown_profession_is_refused_with_the_allowed_codes(tmp_path, settings):
    write(tmp_path, "p2p", VALID.format(id="p2p").replace("professions: [any]", "professions: [physio]"))
    [problem] = problems(tmp_path, settings.sources_dir)
    assert problem.startswith("p2p.yaml: professions: ") and "unknown profession ['physio']" in problem


def test_yaml_syntax_error_gives_the_line(tmp_path, settings):
    write(tmp_path, "broken", "id: broken\ntitle: [unclosed\n")
    [problem] = problems(tmp_path, settings.sources_dir)
    assert problem.startswith("broken.yaml: line ") and "not valid YAML" in problem


def test_id_must_match_file_name(tmp_path, settings):
    write(tmp_path, "p2p", VALID.format(id="other-id"))
    assert problems(tmp_path, settings.sources_dir) == ["p2p.yaml: id: id 'other-id' must match the file name 'p2p'"]


def test_quote_must_appear_in_the_source(tmp_path, settings):
    write(tmp_path, "p2p", VALID.format(id="p2p").replace("a maximum of £20,000", "a maximum of £50,000"))
    assert problems(tmp_path, settings.sources_dir) == [
        "p2p.yaml: sources.0.quote: quote not found in 004_3dbd70d0db6fa5af.txt"
    ]


def test_a_quote_is_looked_for_in_the_source_as_it_is_now(tmp_path, settings):
    """A source edited since the last check (its quote gone) is read again, not remembered."""
    import shutil

    sources = tmp_path / "sources"
    shutil.copytree(settings.sources_dir, sources)
    write(tmp_path / "entries", "p2p", VALID.format(id="p2p"))
    assert load_entries(tmp_path / "entries", sources)
    source = sources / "004_3dbd70d0db6fa5af.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("£20,000", "£25,000"), encoding="utf-8")
    assert problems(tmp_path / "entries", sources) == [
        "p2p.yaml: sources.0.quote: quote not found in 004_3dbd70d0db6fa5af.txt"
    ]


def test_unknown_successor_and_every_bad_file_reported_together(tmp_path, settings):
    closed = VALID.format(id="old").replace("nations: [wales]", "status: closed\nsuccessor: nowhere\nnations: [wales]")
    write(tmp_path, "old", closed)
    write(tmp_path, "empty", "")
    found = problems(tmp_path, settings.sources_dir)
    assert "old.yaml: successor: no entry with id 'nowhere'" in found
    assert "empty.yaml: (file): expected a mapping of fields at the top level" in found


def test_review_due_must_follow_last_review(tmp_path, settings):
    write(tmp_path, "p2p", VALID.format(id="p2p").replace("review_due: 2027-05-23", "review_due: 2026-01-01"))
    [problem] = problems(tmp_path, settings.sources_dir)
    assert "review_due must be after last_reviewed" in problem


def test_script_in_entry_text_is_refused(tmp_path, settings):
    write(tmp_path, "p2p", VALID.format(id="p2p").replace("can only last 6 months.", "<script>alert(1)</script>"))
    [problem] = problems(tmp_path, settings.sources_dir)
    assert problem.startswith("p2p.yaml: body: ")
