"""The source documents as the document tier reads them (knowledge/documents/seeds.py)."""

import shutil

from knowledge.documents.extract import extract
from knowledge.documents.passages import split
from knowledge.documents.seeds import seed_documents


def test_a_source_read_again_is_the_same_and_an_edited_one_is_read_anew(tmp_path, settings):
    """Sources are remembered by their bytes: a second read gives what the first did, an edit is seen."""
    sources = tmp_path / "sources"
    shutil.copytree(settings.sources_dir, sources)
    first = seed_documents(sources)
    assert seed_documents(sources) == first and len(first) == 5
    edited = sources / "000_c8cd035d1881c01e.txt"
    edited.write_text(edited.read_text() + "\n\nThe strategy is reviewed every spring by the trust board.\n")
    again = seed_documents(sources)
    assert again[0][1] == split("source-000", extract(edited.read_bytes(), edited.name)[1]) != first[0][1]
    assert "The strategy is reviewed every spring by the trust board." in again[0][1][-1].text
    assert again[0][0] == first[0][0] and again[1:] == first[1:]
