"""The order addons are loaded in, computed from their manifests alone.

Flectra loads by increasing depth (0 for an addon without dependencies, else one more than
its deepest dependency) and alphabetically within one depth, ``base`` first. Keeping this a
pure function lets the CLI explain an order, or refuse one, before any database is opened.
"""
from collections.abc import Iterable, Mapping


class DependencyError(ValueError):
    """The requested addons cannot be ordered: missing, not installable or circular."""


def _depends(name: str, manifests: Mapping[str, dict]) -> list[str]:
    deps = list(manifests[name].get("depends") or [])
    # Every addon builds on base, whether or not its manifest says so.
    if name != "base" and "base" in manifests and "base" not in deps:
        deps.append("base")
    return deps


def _cycle_message(cycle: list[str]) -> str:
    # Start the cycle at its smallest name so the message does not depend on the walk order.
    start = cycle.index(min(cycle))
    ring = cycle[start:] + cycle[:start]
    return "Circular dependency between addons: %s" % " -> ".join(ring + ring[:1])


def order_addons(manifests: Mapping[str, dict], wanted: Iterable[str]) -> list[str]:
    """Return ``wanted`` and everything it depends on, in loading order.

    Args:
        manifests: ``{addon_name: manifest}`` for every addon on the addons path, as returned
            by :func:`fazhi.modules.manifest.load_manifest` (only ``depends`` and
            ``installable`` are read).
        wanted: names of the addons to load.

    Returns:
        The closure of ``wanted`` over ``depends`` sorted by depth, then name; ``base``
        (an implicit dependency of every addon when it is available) comes first.

    Raises:
        DependencyError: an addon is not on the addons path, is not installable, or the
            dependencies form a cycle.
    """
    depth: dict[str, int] = {}
    path: list[str] = []  # the chain being walked, to report cycles

    def visit(name: str, needed_by: str | None) -> int:
        if name in depth:
            return depth[name]
        if name not in manifests:
            if needed_by is None:
                raise DependencyError("Addon %r is not available on the addons path" % name)
            raise DependencyError("Addon %r depends on %r, which is not available on the addons path"
                                  % (needed_by, name))
        if not manifests[name].get("installable", True):
            if needed_by is None:
                raise DependencyError("Addon %r is not installable" % name)
            raise DependencyError("Addon %r depends on %r, which is not installable" % (needed_by, name))
        if name in path:
            raise DependencyError(_cycle_message(path[path.index(name):]))
        path.append(name)
        deps = _depends(name, manifests)
        result = 1 + max(visit(dep, name) for dep in deps) if deps else 0
        path.pop()
        depth[name] = result
        return result

    for name in sorted(set(wanted)):
        visit(name, None)
    return sorted(depth, key=lambda name: (name != "base", depth[name], name))
