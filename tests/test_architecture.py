"""ARCHITECTURE.md's map is true: every file and function its "where does this rule live?" table names exists there."""
from __future__ import annotations

import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\| (?P<rule>[^|]+) \| `(?P<file>[^`]+)` \| (?P<names>[^|]+) \|$")


def table_rows() -> list[tuple[str, str, list[str]]]:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text.split("## Where does this rule live?", 1)[1]
    rows = []
    for line in section.splitlines():
        m = ROW.match(line.strip())
        if m and m["file"] != "file":
            rows.append((m["rule"].strip(), m["file"], re.findall(r"`([^`]+)`", m["names"])))
    return rows


def defined_names(path: pathlib.Path) -> set[str]:
    """Top-level functions, classes and assignments, and ``Class.member`` for members of classes."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
            if isinstance(node, ast.ClassDef):
                names |= {f"{node.name}.{m.name}" for m in node.body if isinstance(m, ast.FunctionDef)}
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def test_the_map_names_only_what_exists():
    rows = table_rows()
    assert len(rows) >= 30, "the table was not read"
    missing = []
    for rule, file, names in rows:
        path = ROOT / file
        if not path.exists():
            missing.append(f"{rule}: no file {file}")
            continue
        defined = defined_names(path)
        missing += [f"{rule}: {file} defines no {name}" for name in names if name not in defined]
    assert missing == []


def test_the_check_reads_a_wrong_row_as_wrong(tmp_path):
    (tmp_path / "m.py").write_text("class A:\n    def b(self):\n        pass\nX = 1\n", encoding="utf-8")
    assert {"A", "A.b", "X"} <= defined_names(tmp_path / "m.py")
    assert "A.c" not in defined_names(tmp_path / "m.py")
