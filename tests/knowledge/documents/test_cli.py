"""`python -m knowledge add-document`: a file read, stored and ready for the service; a bad one changes nothing."""

import pytest

from knowledge.cli import main
from knowledge.curation.db import open_database
from knowledge.documents.store import DocumentStore
from knowledge.settings import get_settings
from tests.knowledge.documents import files


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("NHSBOT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("NHSBOT_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _store() -> DocumentStore:
    return DocumentStore(open_database(get_settings()))


@pytest.mark.slow  # embeds or waits for seconds: `make test` runs it, `make unit` does not
def test_add_document_stores_its_passages_and_embeds_them(data_dir, capsys):
    path = data_dir / "policy.docx"
    path.write_bytes(files.docx([("h", "Library loans"), ("p", "Laptops are lent for up to three weeks.")]))
    assert main(["add-document", str(path), "--title", "Library policy", "--date", "2024", "--quiet"]) == 0
    assert "1 passages from policy.docx" in capsys.readouterr().out
    [(document, passages)] = _store().live()
    assert document.title == "Library policy" and passages[0].heading == "Library loans"
    assert list((data_dir / "index" / "documents").glob("embeddings-*.npz"))


def test_a_scanned_pdf_is_refused_and_nothing_is_stored(data_dir, capsys):
    path = data_dir / "scan.pdf"
    path.write_bytes(files.scanned_pdf())
    assert main(["add-document", str(path), "--title", "Scanned", "--quiet"]) == 1
    assert "looks like a scan" in capsys.readouterr().err
    assert _store().list() == []
