"""The import graph, read from the source (ast): no circle anywhere, and every import flows one way
(channel -> Rasa -> action -> service -> engine; docs/architecture.md has the picture).

Every import counts, a late one inside a function too: a late import is how a circle hides.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("userinput", "knowledge", "service", "actions", "bot", "launcher", "teamsapp", "bench")
# What each package must never import (project packages, and aiohttp for the engine: no web in it).
FORBIDDEN = {
    "userinput": {"knowledge", "service", "actions", "bot", "launcher", "teamsapp", "bench", "tests"},
    "knowledge": {"service", "actions", "bot", "launcher", "teamsapp", "bench", "tests", "aiohttp"},
    "service": {"actions", "launcher", "teamsapp", "bench", "tests", "bot"},
    "actions": {"knowledge", "service", "bot", "launcher", "teamsapp", "bench", "tests"},
    "bot": {"knowledge", "service", "actions", "launcher", "teamsapp", "bench", "tests"},
    "launcher": {"teamsapp", "bench", "tests"},
    "teamsapp": {"launcher", "bench", "tests"},
}
# Shared across the line: the Bot Framework client (aiohttp only, nothing of the project), which the Teams channel
# and the ticket delivery both use, with the Teams settings it reads (declared once, on the channel's side); the JSON
# log format (standard library only), which the action server writes too.
SHARED = {"bot.channels.botframework_client", "bot.channels.teams_config", "knowledge.logs"}


@functools.cache
def _parse(text: str, filename: str) -> ast.Module:
    """Each source parsed once per test process: the checks below read the same files."""
    return ast.parse(text, filename)


def _tree(path: Path) -> ast.Module:
    return _parse(path.read_text(), str(path))


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(root: Path, path: Path) -> set[str]:
    """Every module `path` imports, absolute, wherever the import statement is."""
    found = set()
    name = module_name(root, path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from pkg import module`
    return found


def read(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> everything it imports (the project's modules and any other)."""
    files = [p for name in PACKAGES if (root / name).is_dir() for p in (root / name).rglob("*.py")]
    return {module_name(root, p): imports(root, p) for p in files}


def _shared(module: str) -> bool:
    return any(module == s or module.startswith(s + ".") for s in SHARED)


def upward(raw: dict[str, set[str]]) -> list[str]:
    wrong = {f"{module} imports {imported}" for module, found in raw.items() for imported in found
             if not _shared(imported) and imported.split(".")[0] in FORBIDDEN.get(module.split(".")[0], set())}
    return sorted(wrong)


def circles(raw: dict[str, set[str]]) -> list[list[str]]:
    """Import circles between the project's modules (a package's __init__ counts as a module of its own)."""
    edges = {module: {m for m in found if m in raw and m != module} for module, found in raw.items()}
    done, on_path, found = set(), [], []

    def visit(module: str) -> None:
        if module in on_path:
            found.append(on_path[on_path.index(module):] + [module])
            return
        if module in done:
            return
        on_path.append(module)
        for imported in sorted(edges[module]):
            visit(imported)
        on_path.pop()
        done.add(module)

    for module in sorted(edges):
        visit(module)
    return found


def test_every_import_flows_downward():
    wrong = upward(read())
    assert not wrong, "\n".join(wrong)


def test_what_is_shared_imports_nothing_of_the_project():
    """Beyond other shared modules: what is shared stays a leaf, so sharing it cannot carry a layer across."""
    raw = read()
    for module in SHARED:
        assert not {m for m in raw[module] if m.split(".")[0] in PACKAGES and not _shared(m)}, module


def test_no_import_circle():
    found = circles(read())
    assert not found, "\n".join(" -> ".join(c) for c in found)


def test_the_checks_see_a_circle_and_an_upward_import(tmp_path):
    """The checks can fail: a made-up engine module importing the service, and two modules importing each other
    (one of them late, inside a function)."""
    (tmp_path / "knowledge").mkdir()
    (tmp_path / "knowledge" / "__init__.py").write_text("")
    (tmp_path / "knowledge" / "a.py").write_text("from . import b\nimport service.app\n")
    (tmp_path / "knowledge" / "b.py").write_text("def f():\n    from knowledge.a import x\n")
    raw = read(tmp_path)
    assert upward(raw) == ["knowledge.a imports service.app"]
    assert circles(raw) == [["knowledge.a", "knowledge.b", "knowledge.a"]]


def _is_sys_path(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "path" and isinstance(node.value, ast.Name)
            and node.value.id == "sys")


def path_patches(root: Path = ROOT) -> list[str]:
    """Files that change `sys.path` themselves (the project is installed; imports need no path tricks)."""
    files = [p for name in (*PACKAGES, "tests") if (root / name).is_dir() for p in (root / name).rglob("*.py")]
    found = set()
    for path in files:
        for node in ast.walk(_tree(path)):
            changes = (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                       and _is_sys_path(node.func.value) and node.func.attr in ("insert", "append", "extend")) or (
                isinstance(node, (ast.Assign, ast.AugAssign))
                and any(_is_sys_path(t) for t in getattr(node, "targets", [getattr(node, "target", None)])))
            if changes:
                found.add(str(path.relative_to(root)))
    return sorted(found)


def test_nothing_patches_the_import_path(tmp_path):
    assert path_patches() == []
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "x.py").write_text("import sys\nsys.path.insert(0, '..')\n")
    assert path_patches(tmp_path) == ["bench/x.py"]
