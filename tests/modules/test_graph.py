"""Ordering addons by dependency: a pure function of the manifests (no database)."""
import pytest

from fazhi.modules.graph import DependencyError, order_addons


def manifests(**depends):
    """Build ``{name: manifest}`` from ``name=[deps]`` keywords."""
    return {name: {"depends": deps, "installable": True} for name, deps in depends.items()}


def test_base_first_then_depth_then_name():
    m = manifests(base=[], mail=["base"], web=[], fuyi_case=["mail"], yingsu=["fuyi_case"],
                  jiandu=["fuyi_case"], xinyong=["fuyi_case"], aaa=["base"])
    order = order_addons(m, ["xinyong", "jiandu", "yingsu", "aaa"])
    assert order == ["base", "aaa", "mail", "fuyi_case", "jiandu", "xinyong", "yingsu"]


def test_depth_is_one_more_than_the_deepest_dependency():
    """An addon depending on a deep and a shallow addon loads after the deep one."""
    m = manifests(base=[], a=["base"], b=["a"], c=["b"], z=["a", "c"], y=[])
    assert order_addons(m, ["z", "y"]) == ["base", "a", "y", "b", "c", "z"]


def test_closure_only_includes_what_is_needed():
    m = manifests(base=[], a=[], b=[])
    assert order_addons(m, ["a"]) == ["base", "a"]


def test_base_is_implicit_only_when_available():
    m = manifests(a=[], b=["a"])
    assert order_addons(m, ["b"]) == ["a", "b"]


def test_nothing_wanted_gives_nothing():
    assert order_addons(manifests(base=[]), []) == []


def test_missing_dependency_names_both_addons():
    m = manifests(base=[], x=["y"])
    with pytest.raises(DependencyError) as info:
        order_addons(m, ["x"])
    assert str(info.value) == "Addon 'x' depends on 'y', which is not available on the addons path"


def test_unknown_wanted_addon():
    with pytest.raises(DependencyError, match="'nope' is not available"):
        order_addons(manifests(base=[]), ["nope"])


def test_not_installable_wanted_addon():
    m = manifests(base=[], x=[])
    m["x"]["installable"] = False
    with pytest.raises(DependencyError, match="Addon 'x' is not installable"):
        order_addons(m, ["x"])


def test_not_installable_dependency():
    m = manifests(base=[], x=["y"], y=[])
    m["y"]["installable"] = False
    with pytest.raises(DependencyError, match="Addon 'x' depends on 'y', which is not installable"):
        order_addons(m, ["x"])


def test_cycle_names_the_addons_in_it():
    m = manifests(base=[], a=["b"], b=["c"], c=["a"], d=["a"])
    with pytest.raises(DependencyError) as info:
        order_addons(m, ["d"])
    assert str(info.value) == "Circular dependency between addons: a -> b -> c -> a"


def test_self_dependency_is_a_cycle():
    with pytest.raises(DependencyError, match="a -> a"):
        order_addons(manifests(a=["a"]), ["a"])


def test_manifests_are_not_modified():
    m = manifests(base=[], a=[])
    order_addons(m, ["a"])
    assert m["a"]["depends"] == []
