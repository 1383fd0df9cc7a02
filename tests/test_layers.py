"""The generator's layers only point down: nothing below the commands imports a command, and no
two modules import each other, directly or through others (imports inside functions included)."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from .conftest import ROOT

PACKAGE = "generator"
COMMANDS = f"{PACKAGE}.commands"
# The command line itself sits above the commands: it dispatches to them.
ABOVE_COMMANDS = {f"{PACKAGE}.cli", f"{PACKAGE}.__main__"}
# The studio is a front end over the commands too: its pages call the functions the commands call.
STUDIO = f"{PACKAGE}.studio"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(node: ast.AST, module: str, is_package: bool) -> set[str]:
    """The modules one import statement names, absolute, `from . import x` resolved to the module x."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    if not isinstance(node, ast.ImportFrom):
        return set()
    if node.level == 0:
        base = node.module or ""
    else:
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([node.module] if node.module else []))
    return {base} | {f"{base}.{alias.name}" for alias in node.names}


@functools.cache  # three tests read the generator's graph: parsed once a run (callers only read it)
def import_graph(root: Path, package: str = PACKAGE) -> dict[str, set[str]]:
    """Every module of the package -> the package's modules it imports, anywhere in its source."""
    paths = {module_name(p, root): p for p in sorted((root / package).rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            targets |= imported(node, name, path.name == "__init__.py")
        graph[name] = {t for t in targets if t in paths and t != name and t != package}
    return graph


def upward_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    return sorted(
        (module, target) for module, targets in graph.items() for target in targets
        if (target == COMMANDS or target.startswith(COMMANDS + "."))
        and not (module == COMMANDS or module.startswith(COMMANDS + ".") or module in ABOVE_COMMANDS or module.startswith(STUDIO + "."))
    )


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_nothing_below_the_commands_imports_a_command():
    assert upward_imports(import_graph(ROOT)) == []


def command_to_command_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """A command that uses another as a library: what they share belongs in the core."""
    def is_command(name: str) -> bool:
        return name.startswith(COMMANDS + ".")
    return sorted((module, target) for module, targets in graph.items() if is_command(module)
                  for target in targets if is_command(target))


def test_each_command_stands_on_the_core_alone():
    assert command_to_command_imports(import_graph(ROOT)) == []


def test_the_modules_import_one_another_without_cycles():
    assert cycles(import_graph(ROOT)) == []


# --- the checks themselves, on a small package written here --------------------------------------


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / PACKAGE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_an_import_of_a_command_inside_a_function_is_upward(tmp_path):
    root = _package(tmp_path, {
        "__init__.py": "", "build.py": "def f():\n    from .commands.validate import load\n",
        "cli.py": "from .commands import validate\n",
        "commands/__init__.py": "", "commands/validate.py": "from ..build import f\n",
    })
    graph = import_graph(root)
    assert upward_imports(graph) == [("generator.build", "generator.commands.validate")]
    assert command_to_command_imports(graph) == []


def test_a_cycle_through_a_third_module_and_a_function_level_import_is_found(tmp_path):
    root = _package(tmp_path, {
        "__init__.py": "", "render.py": "def f():\n    from . import change_text\n",
        "change_text.py": "from .i18n import g\n", "i18n.py": "from .render import f\n", "model.py": "import generator.i18n\n",
    })
    assert cycles(import_graph(root)) == [["generator.change_text", "generator.i18n", "generator.render"]]
