"""Every changelog fragment is YAML that antsibull-changelog can read: a mapping of section names to lists of
strings. A plain scalar with ': ' in it (``C(connection: local)``) is no such YAML, and it broke sanity, the
changelog lint and ansible-lint at once, twice; this finds it in seconds."""
import pathlib

import pytest
import yaml

FRAGMENTS = sorted((pathlib.Path(__file__).resolve().parents[2] / "changelogs" / "fragments").glob("*.y*ml"))
SECTIONS = {"major_changes", "minor_changes", "breaking_changes", "deprecated_features", "removed_features",
            "security_fixes", "bugfixes", "known_issues", "trivial", "release_summary"}


@pytest.mark.parametrize("path", FRAGMENTS, ids=[p.name for p in FRAGMENTS])
def test_fragment_is_a_mapping_of_sections_to_lists_of_strings(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data, "%s is not a mapping" % path.name
    assert set(data) <= SECTIONS, "unknown sections in %s: %s" % (path.name, sorted(set(data) - SECTIONS))
    for section, entries in data.items():
        if section == "release_summary":
            assert isinstance(entries, str)
        else:
            assert isinstance(entries, list) and all(isinstance(e, str) for e in entries), "%s: %s" % (path.name, section)
