"""Build, start-up and reload read the curation store once it is in use, else the entry files
(knowledge/published.py): the store is the truth, the files its import and export for git."""

import shutil

import yaml

from knowledge.cli import main
from knowledge.published import current_entries, published_entries
from knowledge.published import build_index
from knowledge.settings import Settings, get_settings


def test_the_files_until_the_store_has_entries_then_the_store(tmp_path, settings, entries, monkeypatch):
    ours = Settings(data_dir=tmp_path)
    if settings.index_dir.exists():
        shutil.copytree(settings.index_dir, ours.index_dir)
    assert published_entries(ours) is None and current_entries(ours) == (entries, str(ours.entries_dir))
    monkeypatch.setenv("NHSBOT_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        assert main(["import-entries"]) == 0  # curation in use: the store holds the files' entries
        store_text = "Published in the curation store, not in any file."
        changed = [e.model_copy(update={"summary": store_text}) if e.id == "pcaf" else e for e in entries]
        shutil.copytree(ours.entries_dir, tmp_path / "edited")
        pcaf = tmp_path / "edited" / "pcaf.yaml"
        pcaf.write_text(yaml.safe_dump({**yaml.safe_load(pcaf.read_text()), "summary": store_text}, sort_keys=False))
        assert main(["import-entries", str(tmp_path / "edited")]) == 0  # as an editor publishing it would
    finally:
        get_settings.cache_clear()
    by_id = sorted(changed, key=lambda e: e.id)
    assert published_entries(ours) == by_id
    assert current_entries(ours) == (by_id, "the curation store")
    assert build_index(ours).entries["pcaf"].summary == store_text  # what build, start-up and reload use
