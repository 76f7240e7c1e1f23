"""The layout holds: imports only point down, there are no cycles, every package is installed, the README's
layout table names exactly the tree."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_FOLDERS = ("text", "policies", "retrieval", "adapters", "service")

# Lower ranks are imported by higher ones, never the other way round. Components of one rank are independent of
# each other (policies, retrieval and adapters know nothing of one another).
RANKS = {
    "interlock.text": 0,
    "interlock.policies": 1,
    "interlock.retrieval": 1,
    "interlock.adapters": 1,
    "interlock.service.audit": 2,
    "interlock.service.config": 2,
    "interlock.service.delivery": 3,
    "interlock.service.auth": 3,
    "interlock.service.policy_store": 3,
    "interlock.service.pipeline": 4,
    "interlock.service.runtime": 5,
    "interlock.service.evaluation": 6,
    "interlock.service.console": 6,  # the web console; independent of evaluation, mounted by the api
    "interlock.service.api": 7,
    "interlock.service.cli": 8,
    "interlock.service": 9,  # the package itself (its __init__ is empty)
}


def module_name(path: Path) -> str:
    parts = ["interlock", *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for folder in SOURCE_FOLDERS for p in sorted((ROOT / folder).rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Every interlock module `path` imports, at module level or inside a function (a lazy import still counts)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        found.update(name for name in names if name in known)
    return found


def component(module: str) -> str:
    matches = [prefix for prefix in RANKS if module == prefix or module.startswith(prefix + ".")]
    assert matches, f"{module} belongs to no component of RANKS: add it"
    return max(matches, key=len)


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(path, set(known)) - {name} for name, path in known.items()}


def test_imports_point_down_only():
    wrong = []
    for module, imported in sorted(graph().items()):
        if module.endswith("__main__"):
            continue
        own = component(module)
        for target in sorted(imported):
            other = component(target)
            if other != own and RANKS[other] >= RANKS[own]:
                wrong.append(f"{module} imports {target} ({own} may not depend on {other})")
    assert not wrong, "\n".join(wrong)


def test_there_are_no_import_cycles():
    edges, cycles, state = graph(), [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*trail[trail.index(target):], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = "done"

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert not cycles, "\n".join(cycles)


def test_every_package_of_the_tree_is_installed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    packages = {module_name(p.parent) for folder in SOURCE_FOLDERS for p in (ROOT / folder).rglob("__init__.py")}
    assert set(config["packages"]) == packages
    assert config["package-dir"] == {f"interlock.{folder}": folder for folder in SOURCE_FOLDERS}


def readme_layout_paths() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", table, flags=re.M)


def tree_paths() -> list[str]:
    """Each source module and sub-package (a package's own modules are listed with it), and the other folders."""
    paths = []
    for folder in SOURCE_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            relative = path.relative_to(ROOT)
            if "__pycache__" in relative.parts or path.name in ("__init__.py", "__main__.py"):
                continue
            if path.is_dir() and (path / "__init__.py").is_file():
                paths.append(f"{relative}/")
            elif path.suffix in (".py", ".json") and len(relative.parts) == 2:
                paths.append(str(relative))
            elif path.suffix == ".py":
                continue  # a sub-package's modules are described in its own row
    return paths


def test_the_readme_layout_table_names_every_module_and_sub_package():
    listed = readme_layout_paths()
    missing = sorted(set(tree_paths()) - set(listed))
    stale = sorted(p for p in listed if not (ROOT / p).exists())
    assert not missing, f"README layout table lacks: {missing}"
    assert not stale, f"README layout table names paths that do not exist: {stale}"
