"""Every registered plugin loads and fits its protocol; broken plugins fail loudly."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest

from bibexport.errors import PluginError
from bibexport.plugins import GROUPS, Registry

BUILTINS = {
    "readers": {"arxiv_dump", "catalyzex", "alphaxiv", "aitopics", "bibtex", "identifiers"},
    "enrichers": {"arxiv"},
    "writers": {"bibtex", "csljson"},
    "sinks": {"zotero"},
}


def _all_plugins() -> list[tuple[str, str]]:
    reg = Registry.from_entry_points()
    return [(role, name) for role in GROUPS for name in reg.names(role)]


def test_builtins_are_registered_through_entry_points() -> None:
    reg = Registry.from_entry_points()
    for role, names in BUILTINS.items():
        assert names <= set(reg.names(role)), role


@pytest.mark.parametrize(("role", "name"), _all_plugins())
def test_every_registered_plugin_loads_and_fits_its_protocol(role: str, name: str) -> None:
    reg = Registry.from_entry_points()
    plugin = reg.create(role, name)
    assert isinstance(plugin, GROUPS[role])
    assert plugin.name == name
    if role == "readers":
        assert 0.0 <= plugin.sniff("hello") <= 1.0
    if role == "writers":
        assert plugin.suffix.startswith(".")


def test_plugin_that_fails_to_import_is_an_error_naming_it() -> None:
    ep = EntryPoint(name="broken", value="no_such_module_xyz:Reader", group="bibexport.readers")
    reg = Registry([ep])
    with pytest.raises(PluginError, match=r"'broken'.*no_such_module_xyz.*failed to load"):
        reg.load("readers", "broken")


def test_plugin_that_does_not_fit_its_protocol_is_refused() -> None:
    class NotAReader:
        name = "nope"

    reg = Registry()
    reg.add("readers", "nope", NotAReader)
    with pytest.raises(PluginError, match="does not implement Reader"):
        reg.create("readers", "nope")


def test_unknown_plugin_lists_the_installed_ones() -> None:
    reg = Registry.from_entry_points()
    with pytest.raises(PluginError, match=r"no writer plugin named 'docx'.*bibtex"):
        reg.load("writers", "docx")


def test_a_fresh_registry_takes_third_party_plugins_by_hand() -> None:
    class Upper:
        name = "upper"
        suffix = ".txt"

        def write(self, records, options):
            return "\n".join((r.title or "").upper() for r in records)

    reg = Registry()
    reg.add("writers", "upper", Upper)
    assert reg.names("writers") == ["upper"]
    assert reg.create("writers", "upper").write([], None) == ""
