"""The package installs outside the repository: a built wheel carries its templates, assets and
catalogs, declares what it imports, and builds a season from any working directory."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from .conftest import ROOT, SEASONS

SOURCES = ("generator", "templates", "locales", "pyproject.toml", "README.md")
# Import names whose distribution is named otherwise on PyPI.
DISTRIBUTION = {"yaml": "pyyaml", "markdown_it": "markdown-it-py", "PIL": "pillow", "docx": "python-docx", "twitter_text": "twitter-text-parser"}


def _imported_top_level(package: Path) -> set[str]:
    names: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names and name != "generator"}


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normalized(spec.split("==")[0].split(">=")[0]) for spec in project["dependencies"]}


def _normalized(name: str) -> str:
    """A distribution name as PyPI compares them (PEP 503)."""
    return name.strip().lower().replace("_", "-").replace(".", "-")


def test_every_third_party_import_of_the_generator_is_a_declared_dependency():
    missing = {_normalized(DISTRIBUTION.get(name, name)) for name in _imported_top_level(ROOT / "generator")} - _declared()
    assert not missing, f"imported but not in [project] dependencies: {sorted(missing)}"


def test_the_dependency_check_sees_an_undeclared_import(tmp_path):
    (tmp_path / "module.py").write_text("def f():\n    import rich.console\n    from pydyf import Array\n", encoding="utf-8")
    assert _imported_top_level(tmp_path) == {"rich", "pydyf"}


def _copy_sources(target: Path) -> Path:
    """The project's sources, without caches or build output, as a fresh checkout would have them."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.egg-info", "build")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)
    return target


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.mark.slow
def test_a_built_wheel_installed_outside_the_repository_builds_a_season(tmp_path):
    source = _copy_sources(tmp_path / "source")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q",
          "-w", str(tmp_path / "wheels"), str(source)], cwd=tmp_path, env=env)
    (wheel,) = (tmp_path / "wheels").glob("pressgen-*.whl")
    target = tmp_path / "site"
    _run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--disable-pip-version-check", "-q",
          "--target", str(target), str(wheel)], cwd=tmp_path, env=env)
    shutil.rmtree(source)  # nothing may be read from the copy the wheel was built from

    installed = {**env, "PYTHONPATH": str(target)}  # the wheel's package, with the test environment's dependencies
    work = tmp_path / "desk"
    shutil.copytree(SEASONS / "2025-demo-cup", work / "2025-demo-cup")
    where = _run([sys.executable, "-c", "import generator.paths as p; print(p.TEMPLATES_DIR); print(p.LOCALES_DIR)"],
                 cwd=work, env=installed).stdout.split()
    assert all(Path(path).is_relative_to(target / "generator" / "_data") for path in where), where

    command = ["-m", "generator", "build", "2025-demo-cup", "--round", "01-alpha", "--format", "html,pdf,email,text",
               "-j", "1", "-q"]
    _run([sys.executable, *command, "--out", "installed"], cwd=work, env=installed)
    _run([sys.executable, *command, "--out", "checkout"], cwd=work, env={**env, "PYTHONPATH": str(ROOT)})

    built = sorted(p.relative_to(work / "installed") for p in (work / "installed").rglob("*") if p.is_file())
    suffixes = {p.suffix for p in built}
    assert {".html", ".pdf", ".txt"} <= suffixes, built
    for name in built:
        if name.suffix in {".html", ".txt"} and not name.name.startswith("."):
            assert (work / "installed" / name).read_bytes() == (work / "checkout" / name).read_bytes(), name
