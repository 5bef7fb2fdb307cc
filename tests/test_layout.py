"""House rules about the code's shape, held by tests rather than by review."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import briefings

PACKAGE = Path(briefings.__file__).parent
MAX_LINES = 400


def _imported(path: Path) -> set[str]:
    """Every module ``path`` imports, by absolute name."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("path", sorted((PACKAGE / "kit").glob("*.py")), ids=lambda path: path.name)
def test_the_kit_never_imports_a_resource(path: Path) -> None:
    resources = sorted(
        name
        for name in _imported(path)
        if name == "briefings.resources" or name.startswith("briefings.resources.")
    )
    assert resources == [], f"kit/{path.name} imports {resources}"


def test_importing_the_kit_loads_no_resource() -> None:
    """Not even through another module: the kit stays usable on its own."""
    kit = " ".join(f"briefings.kit.{path.stem}" for path in (PACKAGE / "kit").glob("*.py"))
    script = (
        "import importlib, sys\n"
        f"for name in {kit.split()!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('briefings.resources')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_no_module_is_over_400_lines() -> None:
    """A module past 400 lines is asking for a change to a shared mechanism."""
    long = {
        str(path.relative_to(PACKAGE)): count
        for path in PACKAGE.rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
