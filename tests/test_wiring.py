"""What runs is listed where the app is built (``app.py``), not registered as a side effect of an import.

No module of the app calls anything at import time (a registration would be such a call) or decorates a function
with anything but the few decorators that only describe it; and every panel, seeder and audit vocabulary found
by scanning the code is in ``create_app``'s lists.
"""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("rules", "models", "services", "web", "blueprints", "commands")

# Decorators that describe a function (or add a view to its blueprint, a command to its group): none stores it in
# a list that something else runs.
DESCRIBING = {"require", "public", "dataclass", "lru_cache", "contextmanager", "property", "staticmethod", "classmethod"}
DESCRIBING_PREFIXES = ("bp.", "click.")
# The SQLite driver's settings for every connection (extensions.py): configuration of the driver, not of a feature.
ALLOWED = {("extensions.py", "event.listens_for")}


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path
    yield ROOT / "extensions.py"


def _name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def test_nothing_registers_itself_on_import():
    found = []
    for path in _modules():
        rel = str(path.relative_to(ROOT))
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                found.append(f"{rel}:{node.lineno} {ast.unparse(node.value)[:60]}")
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                for deco in node.decorator_list:
                    name = ast.unparse(deco.func if isinstance(deco, ast.Call) else deco)
                    if name in DESCRIBING or name.startswith(DESCRIBING_PREFIXES) or (rel, name) in ALLOWED:
                        continue
                    found.append(f"{rel}:{node.lineno} @{name}")
    assert not found, "list these in create_app (app.py) instead:\n" + "\n".join(found)


def _functions(predicate):
    for path in _modules():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and predicate(path, node):
                yield getattr(importlib.import_module(_name(path)), node.name)


def test_every_panel_is_listed(app):
    from services import workbench

    panels = set(_functions(lambda path, f: f.name.endswith(("_panel", "_panels")) and not f.name.startswith("_")
                            and [a.arg for a in f.args.args] == ["user"]))
    assert panels and panels == set(workbench.PANELS)
    assert len(workbench.PANELS) == len(panels)


def test_every_seeder_is_listed(app):
    from services.demo.seed import seeders

    found = set(_functions(lambda path, f: path.parent.name == "demo" and path.name.startswith("seed_")
                           and f.name.startswith("seed_") and [a.arg for a in f.args.args] == ["context"]))
    listed = [fn for _, fn in seeders()]
    assert found and found == set(listed) and len(listed) == len(found)


def test_every_audit_vocabulary_is_registered(app):
    from models import audit

    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.Assign) and any(getattr(t, "id", None) == "AUDIT_LABELS" for t in n.targets) for n in tree.body):
            labels = importlib.import_module(_name(path)).AUDIT_LABELS
            for key, label in labels.get("objects", {}).items():
                assert audit.OBJECT_LABELS.get(key) == label, f"{_name(path)}.AUDIT_LABELS is not in create_app's list"
