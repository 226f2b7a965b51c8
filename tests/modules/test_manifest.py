"""Reading manifests from disk and finding addons on the addons path (no database)."""
import logging

import pytest

from fazhi.modules.manifest import ManifestError, adapt_version, find_addons, load_manifest


def make_addon(root, name, manifest="{'name': 'X', 'license': 'LGPL-3'}", filename="__manifest__.py"):
    addon = root / name
    addon.mkdir(parents=True)
    (addon / filename).write_text(manifest, encoding="utf-8")
    return addon


def test_defaults_are_filled_in(tmp_path):
    """A minimal manifest gets Flectra's defaults for every key the loader reads."""
    m = load_manifest(str(make_addon(tmp_path, "x")))
    assert m["name"] == "X"
    assert m["version"] == "1.0"
    assert m["adapted_version"] == "1.0.1.0"
    assert m["depends"] == [] and m["data"] == [] and m["demo"] == []
    assert m["installable"] is True and m["application"] is False and m["auto_install"] is False
    assert m["category"] == "Uncategorized" and m["sequence"] == 100
    assert m["summary"] == m["author"] == m["website"] == ""
    assert m["external_dependencies"] == {}
    assert m["addons_path"] == str(tmp_path)


def test_defaults_are_not_shared_between_manifests(tmp_path):
    """Mutating one manifest's default list leaves the next manifest untouched."""
    a = load_manifest(str(make_addon(tmp_path, "a")))
    a["depends"].append("mail")
    assert load_manifest(str(make_addon(tmp_path, "b")))["depends"] == []


def test_missing_license_defaults_to_lgpl_with_warning(tmp_path, caplog):
    """A manifest without license is accepted as LGPL-3, and the omission is logged."""
    addon = make_addon(tmp_path, "x", "{'name': 'X'}")
    with caplog.at_level(logging.WARNING):
        assert load_manifest(str(addon))["license"] == "LGPL-3"
    assert "no 'license'" in caplog.text


def test_unknown_license_is_refused(tmp_path):
    """Only the keys of ir.module.module.license are accepted."""
    addon = make_addon(tmp_path, "x", "{'name': 'X', 'license': 'MIT'}")
    with pytest.raises(ManifestError, match=r"Bad manifest for addon 'x' \(.*__manifest__.py\): 'license' 'MIT'"):
        load_manifest(str(addon))


def test_name_is_mandatory(tmp_path):
    addon = make_addon(tmp_path, "x", "{'license': 'LGPL-3'}")
    with pytest.raises(ManifestError, match="'name' is mandatory"):
        load_manifest(str(addon))


@pytest.mark.parametrize("version,adapted", [
    ("1.0", "1.0.1.0"),
    ("2.3.4", "1.0.2.3.4"),
    ("1.0.2.3", "1.0.2.3"),
    ("1.0.2.3.4", "1.0.2.3.4"),
])
def test_versions_are_adapted_to_the_serie(tmp_path, version, adapted):
    """x.y and x.y.z get the serie prefix; <serie>.x.y[.z] is kept as written."""
    addon = make_addon(tmp_path, "x", "{'name': 'X', 'license': 'LGPL-3', 'version': %r}" % version)
    m = load_manifest(str(addon))
    assert m["version"] == version
    assert m["adapted_version"] == adapted


@pytest.mark.parametrize("version", ["1", "1.0.a", "9.9.1.0", "1.0.1.2.3.4", "", "v1.0"])
def test_bad_versions_are_refused(version):
    with pytest.raises(ValueError):
        adapt_version(version)


def test_bad_version_names_addon_and_file(tmp_path):
    addon = make_addon(tmp_path, "x", "{'name': 'X', 'license': 'LGPL-3', 'version': '1'}")
    with pytest.raises(ManifestError, match=r"Bad manifest for addon 'x' .*version '1'"):
        load_manifest(str(addon))


def test_depends_must_be_a_list_of_names(tmp_path):
    addon = make_addon(tmp_path, "x", "{'name': 'X', 'license': 'LGPL-3', 'depends': 'base'}")
    with pytest.raises(ManifestError) as info:
        load_manifest(str(addon))
    assert str(info.value) == ("Bad manifest for addon 'x' (%s): 'depends' must be a list of addon names"
                               % (addon / "__manifest__.py"))


@pytest.mark.parametrize("key", ["data", "demo"])
def test_data_files_must_be_strings(tmp_path, key):
    addon = make_addon(tmp_path, "x", "{'name': 'X', 'license': 'LGPL-3', %r: ['a.xml', 3]}" % key)
    with pytest.raises(ManifestError, match="'%s' must be a list" % key):
        load_manifest(str(addon))


def test_syntax_error_is_a_manifest_error(tmp_path):
    addon = make_addon(tmp_path, "x", "{'name': 'X',\n 'depends': [}")
    with pytest.raises(ManifestError, match=r"Bad manifest for addon 'x' .*invalid Python at line"):
        load_manifest(str(addon))


def test_expressions_are_not_evaluated(tmp_path):
    """A manifest is data: a call inside it is refused, never run."""
    addon = make_addon(tmp_path, "x", "{'name': __import__('os').getcwd()}")
    with pytest.raises(ManifestError, match="not a pure dict literal"):
        load_manifest(str(addon))


def test_manifest_must_be_a_dict(tmp_path):
    addon = make_addon(tmp_path, "x", "['name']")
    with pytest.raises(ManifestError, match="one dict"):
        load_manifest(str(addon))


def test_openerp_manifest_is_accepted(tmp_path):
    addon = make_addon(tmp_path, "x", filename="__openerp__.py")
    assert load_manifest(str(addon))["name"] == "X"


def test_no_manifest_is_an_error(tmp_path):
    (tmp_path / "x").mkdir()
    with pytest.raises(ManifestError, match="has no __manifest__.py"):
        load_manifest(str(tmp_path / "x"))


def test_auto_install_true_means_all_depends(tmp_path):
    addon = make_addon(tmp_path, "x", "{'name': 'X', 'license': 'LGPL-3', 'depends': ['b', 'a'], 'auto_install': True}")
    assert load_manifest(str(addon))["auto_install"] == ["b", "a"]


def test_auto_install_list_must_be_within_depends(tmp_path):
    addon = make_addon(tmp_path, "x", "{'name': 'X', 'license': 'LGPL-3', 'depends': ['a'], 'auto_install': ['b']}")
    with pytest.raises(ManifestError, match="missing from 'depends': b"):
        load_manifest(str(addon))


def test_external_dependencies_shape_is_checked(tmp_path):
    addon = make_addon(tmp_path, "x", "{'name': 'X', 'license': 'LGPL-3', 'external_dependencies': ['docx']}")
    with pytest.raises(ManifestError, match="external_dependencies"):
        load_manifest(str(addon))


def test_description_falls_back_to_readme(tmp_path):
    addon = make_addon(tmp_path, "x")
    (addon / "README.md").write_text("Hello", encoding="utf-8")
    assert load_manifest(str(addon))["description"] == "Hello"


def test_find_addons_first_path_wins(tmp_path, caplog):
    """On a name clash the addon of the earlier path is used and the clash is logged."""
    first, second = tmp_path / "one", tmp_path / "two"
    make_addon(first, "shared")
    make_addon(second, "shared")
    make_addon(second, "other")
    with caplog.at_level(logging.WARNING):
        found = find_addons([str(first), str(second)])
    assert found == {"shared": str(first / "shared"), "other": str(second / "other")}
    assert "shared" in caplog.text


def test_find_addons_skips_bad_names_and_plain_dirs(tmp_path):
    make_addon(tmp_path, "Bad-Name")
    make_addon(tmp_path, "good_1")
    (tmp_path / "no_manifest").mkdir()
    (tmp_path / "file.py").write_text("", encoding="utf-8")
    assert find_addons([str(tmp_path), str(tmp_path / "missing")]) == {"good_1": str(tmp_path / "good_1")}
