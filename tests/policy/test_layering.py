"""Data flows one way (text -> signals -> policy -> decisions -> store -> api), and the engine is pure.

Checked on the source's import statements, so a shortcut that would make the engine reach for the
database or the clock fails here before it can make decisions irreproducible.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "townsquare"
LAYERS = ["core", "text", "signals", "policy", "decisions", "store", "api"]
#: What the engine module may import: the shapes it works on, nothing that reaches outside.
ENGINE_ALLOWED = {"__future__", "collections.abc", "pydantic", "townsquare.core.types", "townsquare.policy.actions",
                  "townsquare.policy.dsa", "townsquare.policy.inputs", "townsquare.policy.terms"}  # fmt: skip


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("layer", ["core", "text", "signals", "policy", "decisions", "store"])
def test_no_layer_imports_a_later_one(layer: str) -> None:
    later = LAYERS[LAYERS.index(layer) + 1 :]
    for path in (SRC / layer).rglob("*.py"):
        for module in _imports(path):
            for other in later:
                assert not module.startswith(f"townsquare.{other}"), f"{path.relative_to(SRC)} imports {module}"


def test_the_engine_is_pure() -> None:
    imported = _imports(SRC / "policy" / "engine.py") | _imports(SRC / "policy" / "inputs.py")
    imported -= {"datetime", "re", "typing"}  # inputs: value types and validation only
    assert imported <= ENGINE_ALLOWED, imported - ENGINE_ALLOWED
    # no clock, file, randomness or environment: none of these modules is importable above, and
    # no builtin that reaches outside is called
    tree = ast.parse((SRC / "policy" / "engine.py").read_text(encoding="utf-8"))
    called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert not called & {"open", "input", "print", "exec", "eval", "__import__"}
