"""The layers point down: rules ← models ← services ← web ← blueprints, commands.

Read from the folder names: a module may import its own layer and the ones below it, never one above
(imports inside functions count too). ``rules/`` is pure: no Flask, no database, no project module
outside ``rules/``.
"""
from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent

# The foundation every layer may use: settings and the Flask extensions' singletons.
BASE = {"config": 0, "extensions": 1}
LAYERS = {"rules": 0, "models": 1, "services": 2, "web": 3, "blueprints": 4, "commands": 4, "app": 5, "wsgi": 6}
# Outside packages that ``rules/`` may not use (it is plain Python: dates, numbers, texts).
IMPURE = {"flask", "flask_login", "flask_wtf", "flask_sqlalchemy", "flask_migrate", "sqlalchemy", "werkzeug", "wtforms", "jinja2", "extensions", "config"}


def imported_modules(path: pathlib.Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.append((node.lineno, ".".join(base + ([node.module] if node.module else []))))
            else:
                found.append((node.lineno, node.module))
    return found


def layer_of(name: str) -> int | None:
    top = name.split(".")[0]
    if top in LAYERS:
        return LAYERS[top]
    return None


def modules() -> list[pathlib.Path]:
    files = [p for layer in ("rules", "models", "services", "web", "blueprints", "commands") for p in (ROOT / layer).rglob("*.py")]
    return sorted(files + [ROOT / "app.py"])


def violations() -> list[str]:
    found = []
    for path in modules():
        rel = path.relative_to(ROOT)
        own = LAYERS[rel.parts[0].removesuffix(".py")]
        for line, name in imported_modules(path):
            top = name.split(".")[0]
            target = layer_of(name)
            if target is not None and target > own:
                found.append(f"{rel}:{line} imports {name} (a higher layer)")
            if own == LAYERS["blueprints"] and top in {"blueprints", "commands"} and top != rel.parts[0]:
                found.append(f"{rel}:{line} imports {name} (blueprints and commands do not use each other)")
            elif own == LAYERS["rules"] and top in IMPURE:
                found.append(f"{rel}:{line} imports {name} (rules/ is pure)")
    return found


def test_every_import_points_down():
    assert violations() == []


def test_the_check_sees_a_lower_layer_importing_a_higher_one(tmp_path, monkeypatch):
    """The check itself: an upward import, also one hidden inside a function, is reported."""
    (tmp_path / "models").mkdir()
    (tmp_path / "rules").mkdir()
    (tmp_path / "models" / "thing.py").write_text("def f():\n    from services.stats import figures\n", encoding="utf-8")
    (tmp_path / "rules" / "pure.py").write_text("import sqlalchemy\nfrom models import thing\n", encoding="utf-8")
    (tmp_path / "app.py").write_text("", encoding="utf-8")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    assert violations() == [
        "models/thing.py:2 imports services.stats (a higher layer)",
        "rules/pure.py:1 imports sqlalchemy (rules/ is pure)",
        "rules/pure.py:2 imports models (a higher layer)",
    ]


@pytest.mark.parametrize("layer", ["rules", "models", "services", "web", "blueprints", "commands"])
def test_each_layer_is_a_folder_with_modules(layer):
    assert (ROOT / layer / "__init__.py").exists()
    assert len(list((ROOT / layer).rglob("*.py"))) > 1
