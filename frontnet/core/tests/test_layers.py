"""`core` is the bottom layer and `demo` the top: core imports no other app of the project,
and no app imports the demo (it imports them all; tests may run a demo step)."""

import ast
from pathlib import Path

FRONTNET = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_core_imports_no_app_above_it():
    above = {
        (str(path.relative_to(FRONTNET)), module)
        for path in (FRONTNET / "core").rglob("*.py")
        # Tests of core may drive it through an app's page; the code itself may not.
        if "tests" not in path.relative_to(FRONTNET).parts
        for module in _imports(path)
        if module.startswith("frontnet.") and not module.startswith("frontnet.core")
    }
    assert above == set()


def test_no_app_imports_the_demo():
    users = {
        str(path.relative_to(FRONTNET))
        for path in FRONTNET.rglob("*.py")
        if path.relative_to(FRONTNET).parts[0] != "demo"
        and "tests" not in path.parts
        and any(m.startswith("frontnet.demo") for m in _imports(path))
    }
    assert users == set()
