"""Importing a 交办清单: the web flow's pending uploads and the one function both web and CLI use to save.

``services.importer.parse`` reads the file and names every problem; nothing is saved unless the whole
file parses without a problem, and then all rows are saved in one transaction (the caller commits).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import click
import sqlalchemy as sa
from flask import current_app

from commands import EXTRA_COMMANDS
from extensions import db
from models.proposals import Proposal, register
from services import audit, importer, uploads

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
SUBFOLDER = "imports"
DEFAULT_KEYS = ("kind", "session_name", "year", "assigned_on", "assigning_body", "doc_no", "bureau_role")


def existing_keys() -> set[tuple[str, str, str]]:
    """(kind, 届次, number) of every stored item, for the parser's duplicate check."""
    rows = db.session.execute(sa.select(Proposal.kind, Proposal.session_name, Proposal.number))
    return {(kind, session or "", number) for kind, session, number in rows}


def parse(filename: str, data: bytes, mapping: dict | None = None, defaults: dict | None = None) -> importer.ParseResult:
    clean = {k: v for k, v in (defaults or {}).items() if v not in (None, "")}
    clean.setdefault("bureau_name", bureau_short_name())
    return importer.parse(filename, data, mapping or {}, clean, existing_keys())


def bureau_short_name() -> str:
    """“江南省生态环境厅” → “生态环境厅”: lists write the bureau as “省生态环境厅” or in full; both contain this."""
    name = current_app.config.get("BUREAU_NAME", "")
    return re.split(r"[省市区]", name, maxsplit=1)[-1] if re.search(r"[省市区]", name) else name


def save_rows(result: importer.ParseResult, user, via: str) -> list[Proposal]:
    """Register every parsed row (all or nothing: the caller commits once, or rolls back)."""
    if not result.ok:
        raise ValueError("refusing to save a list with problems")
    created = [register(user, row.values, row.proposers, via=via) for row in result.rows]
    db.session.flush()
    return created


# -- the upload kept between preview and confirm ----------------------------------------


def _paths(token: str) -> tuple[str, str]:
    base = os.path.join(uploads.folder(SUBFOLDER), token)
    return base + ".bin", base + ".json"


def keep_upload(filename: str, data: bytes, user_id: int, defaults: dict) -> str:
    """Store the uploaded list under a random name in the instance folder; returns its token."""
    token = secrets.token_urlsafe(24)
    data_path, meta_path = _paths(token)
    with open(data_path, "wb") as fh:
        fh.write(data)
    meta = {"filename": os.path.basename(filename or "清单"), "user_id": user_id, "defaults": defaults, "mapping": {}}
    with open(meta_path, "w", encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False, default=str)
    return token


def load_upload(token: str, user_id: int) -> tuple[dict, bytes] | None:
    """The kept upload, only for the user who uploaded it."""
    if not TOKEN_RE.match(token or ""):
        return None
    data_path, meta_path = _paths(token)
    try:
        with open(meta_path, encoding="utf-8") as fh:
            meta = json.load(fh)
        with open(data_path, "rb") as fh:
            data = fh.read()
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user_id:
        return None
    return meta, data


def update_upload(token: str, meta: dict) -> None:
    with open(_paths(token)[1], "w", encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False, default=str)


def claim_upload(token: str) -> bool:
    """Take the upload for confirming: an atomic rename, so that of two confirms at once (a double click,
    two tabs) exactly one goes ahead."""
    if not TOKEN_RE.match(token or ""):
        return False
    meta_path = _paths(token)[1]
    try:
        os.rename(meta_path, meta_path + ".claimed")
    except OSError:
        return False
    return True


def release_upload(token: str) -> None:
    """Give a claimed upload back (the import failed: it can be confirmed again)."""
    meta_path = _paths(token)[1]
    try:
        os.rename(meta_path + ".claimed", meta_path)
    except OSError:
        pass


def _done_path(token: str) -> str:
    # Named by a hash: nothing under the token's own name stays once the file is imported.
    return os.path.join(uploads.folder(SUBFOLDER), "done-" + hashlib.sha256(token.encode()).hexdigest()[:32] + ".json")


def mark_imported(token: str, count: int, user_id: int) -> None:
    """The upload went in: forget the file, remember the outcome for a late second confirm."""
    data_path, meta_path = _paths(token)
    with open(_done_path(token), "w", encoding="utf-8") as fh:
        json.dump({"count": count, "user_id": user_id}, fh)
    for path in (data_path, meta_path + ".claimed"):
        try:
            os.remove(path)
        except OSError:
            pass


def import_state(token: str, user_id: int) -> tuple[str, int] | None:
    """For an upload that is no longer pending: ("done", n) once imported, ("importing", 0) while another
    confirm is at work; ``None`` when there is no such upload of this user."""
    if not TOKEN_RE.match(token or ""):
        return None
    meta_path = _paths(token)[1]
    try:
        with open(_done_path(token), encoding="utf-8") as fh:
            done = json.load(fh)
        return ("done", int(done["count"])) if done.get("user_id") == user_id else None
    except (OSError, ValueError, KeyError):
        pass
    try:
        with open(meta_path + ".claimed", encoding="utf-8") as fh:
            return ("importing", 0) if json.load(fh).get("user_id") == user_id else None
    except (OSError, ValueError):
        return None


def discard_upload(token: str) -> None:
    if TOKEN_RE.match(token or ""):
        for path in _paths(token):
            try:
                os.remove(path)
            except OSError:
                pass


# -- the command line ----------------------------------------------------------------------


@click.command("import-proposals")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--kind", type=click.Choice(["npc", "cppcc"]), default=None, help="类型：npc 人大建议 / cppcc 政协提案（表中无类型列时）")
@click.option("--session", "session_name", default=None, help="届次，如 省十四届人大四次会议")
@click.option("--year", type=int, default=None, help="年度")
@click.option("--assigned-on", default=None, help="交办日期（表中无交办日期列时），如 2026-03-15")
@click.option("--assigning-body", default=None, help="交办单位")
@click.option("--doc-no", default=None, help="交办文号")
@click.option("--map", "maps", multiple=True, help="列对应：表头=字段，如 “建议人=lead_proposer”；字段留空表示不导入该列")
def import_proposals(path, kind, session_name, year, assigned_on, assigning_body, doc_no, maps):
    """Import a 交办清单 (.xlsx or .csv): all rows or, on any problem, none."""
    mapping = {}
    for item in maps:
        header, sep, field = item.partition("=")
        if not sep:
            raise click.ClickException(f"列对应“{item}”格式不对，应写成 表头=字段")
        mapping[header.strip()] = field.strip()
    with open(path, "rb") as fh:
        data = fh.read()
    defaults = {"kind": kind, "session_name": session_name, "year": year, "assigned_on": assigned_on, "assigning_body": assigning_body, "doc_no": doc_no}
    result = parse(os.path.basename(path), data, mapping, defaults)
    if not result.ok:
        click.echo(f"导入失败，没有保存任何内容。发现 {len(result.problems)} 个问题：", err=True)
        for problem in result.problems:
            click.echo(f"  - {problem.message}", err=True)
        if result.unmapped:
            click.echo(f"未识别的列：{'、'.join(result.unmapped)}（可用 --map 表头=字段 指定，字段见 services/importer.FIELDS）", err=True)
        raise SystemExit(1)
    try:
        created = save_rows(result, None, via=f"命令行导入《{os.path.basename(path)}》")
        audit.record("import", object_type="proposal", summary=f"命令行导入 {len(created)} 件（{os.path.basename(path)}）")
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        raise click.ClickException(f"保存时出错，没有保存任何内容：{exc}") from exc
    click.echo(f"已导入 {len(created)} 件：{'、'.join(str(p) for p in created[:10])}{' 等' if len(created) > 10 else ''}")


EXTRA_COMMANDS.append(import_proposals)
