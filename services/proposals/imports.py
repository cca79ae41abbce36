"""Importing a 交办清单: the web flow's pending uploads and the one function both web and CLI use to save.

``services.proposals.importer.parse`` reads the file and names every problem; nothing is saved unless the whole
file parses without a problem, and then all rows are saved in one transaction (the caller commits).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import sqlalchemy as sa
from flask import current_app

from extensions import db
from models.proposals import Proposal, register
from services import uploads
from models import audit
from services.proposals import importer

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


def save_list(result: importer.ParseResult, user, filename: str) -> list[Proposal]:
    """A 交办清单 uploaded through the web: every row, with the audit entry of the import."""
    created = save_rows(result, user, via=f"导入《{filename}》")
    audit.record("import", object_type="proposal", summary=f"导入交办清单《{filename}》共 {len(created)} 件")
    return created


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
