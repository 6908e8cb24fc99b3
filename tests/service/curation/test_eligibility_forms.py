"""Saving an entry from the curation form keeps its quoted exclusions, requirements and eligibility sources."""

import yaml
from multidict import MultiDict

from knowledge.schema import Entry
from service.curation import forms


def form_of(values: dict) -> MultiDict:
    fields = MultiDict()
    for name, value in values.items():
        if name == "sources":
            for i, source in enumerate(value):
                for field, text in source.items():
                    fields.add(f"sources-{i}-{field}", text)
        elif name == "gives":
            for give in value:
                fields.add("gives", give)
        else:
            fields.add(name, str(value))
    return fields


def test_exclusions_survive_a_round_trip_through_the_form(settings):
    data = yaml.safe_load((settings.entries_dir / "icap.yaml").read_text())
    again = forms.from_form(form_of(forms.to_form(data)))
    entry, original = Entry.model_validate(again), Entry.model_validate(data)
    assert entry.excluded == original.excluded and entry.excluded
    assert entry.eligibility_sources == original.eligibility_sources


def test_requirements_survive_a_round_trip_through_the_form(settings):
    data = yaml.safe_load((settings.entries_dir / "hcrw-advanced-fellowship.yaml").read_text())
    again = Entry.model_validate(forms.from_form(form_of(forms.to_form(data))))
    assert again.requirements == Entry.model_validate(data).requirements and again.requirements


def test_text_that_is_not_a_yaml_list_is_kept_for_the_model_to_refuse():
    data = forms.from_form(MultiDict({"excluded": "professions: [doctor"}))
    assert data["excluded"] == "professions: [doctor"
    assert forms.to_form(data)["excluded"] == "professions: [doctor"
    assert forms.from_form(MultiDict({"excluded": ""}))["excluded"] == []
