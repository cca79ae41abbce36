"""Uploaded files: checked by what they contain (not by their name), stored under UPLOAD_FOLDER with
random names, never under static/. Serving is the blueprint's job, after a permission check."""
from __future__ import annotations

import io
import os
import re
import secrets
import zipfile

from flask import current_app

from rules.errors import Refused

# kind -> (extension, MIME type, Chinese name)
KINDS = {
    "pdf": ("pdf", "application/pdf", "PDF"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word（.docx）"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel（.xlsx）"),
    "jpg": ("jpg", "image/jpeg", "JPG 图片"),
    "png": ("png", "image/png", "PNG 图片"),
}
ALLOWED_TEXT = "PDF、Word（.docx）、Excel（.xlsx）、JPG、PNG"


def sniff(data: bytes) -> str | None:
    """The kind of file ``data`` is, judged by its magic bytes (and, for Office files, the zip's parts)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def folder(sub: str) -> str:
    path = os.path.join(current_app.config["UPLOAD_FOLDER"], sub)
    os.makedirs(path, exist_ok=True)
    return path


def read_checked(storage) -> tuple[bytes, str]:
    """The bytes and kind of an uploaded ``FileStorage``; Refused (Chinese) when too large or of another type."""
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    data = storage.stream.read(limit + 1)
    name = storage.filename or "附件"
    if not data:
        raise Refused(f"文件“{name}”是空的。")
    if len(data) > limit:
        raise Refused(f"文件“{name}”超过 {limit // (1024 * 1024)} MB，不能上传。")
    kind = sniff(data)
    if kind is None:
        raise Refused(f"文件“{name}”的内容不是允许的类型，只能上传 {ALLOWED_TEXT} 文件。")
    return data, kind


def store(data: bytes, kind: str, sub: str = "attachments") -> str:
    """Write ``data`` under a random name; returns that name (without the folder)."""
    stored = f"{secrets.token_hex(16)}.{KINDS[kind][0]}"
    with open(os.path.join(folder(sub), stored), "wb") as fh:
        fh.write(data)
    return stored


def path_of(stored_name: str, sub: str = "attachments") -> str:
    return os.path.join(current_app.config["UPLOAD_FOLDER"], sub, os.path.basename(stored_name))


# Control characters (CR/LF would end a header), and the bidirectional overrides that disguise an extension.
_UNSAFE_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_name(name: str) -> str:
    """A file name fit for a Content-Disposition header: no control or direction-override characters."""
    return _UNSAFE_IN_NAME.sub("", name or "").strip() or "附件"


def safe_display_name(name: str, kind: str) -> str:
    """The user's file name for the download (no path, no control characters), with the extension its content has."""
    base = os.path.basename(clean_name(name).replace("\\", "/")).strip() or "附件"
    stem, _ = os.path.splitext(base)
    return f"{stem[:150] or '附件'}.{KINDS[kind][0]}"
