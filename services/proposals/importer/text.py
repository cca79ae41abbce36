"""Cell text: any cell value as clean text, header keys, names and lists, Excel column letters."""

from __future__ import annotations

import re
from datetime import date, datetime

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")
_LIST_SPLIT_RE = re.compile(r"[、，,；;／/\r\n]+")
INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def normalise_header(header: object) -> str:
    """Header key for matching: no whitespace, no parentheses, no required-marks."""
    text = INVISIBLE_RE.sub("", "" if header is None else str(header))
    text = re.sub(r"\s+", "", text)
    text = text.strip("*＊")
    return re.sub(r"[（）()]", "", text)


def display_header(header: object) -> str:
    """Header text shown to the user: line breaks and padding removed, no trailing '*'."""
    text = INVISIBLE_RE.sub("", "" if header is None else str(header))
    text = re.sub(rf"(?<=[{CJK}（）])\s+(?=[{CJK}（）])", "", text.strip())
    text = re.sub(r"\s+", " ", text)
    return text.strip("*＊ ")


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not INVISIBLE_RE.sub("", value).strip()
    return False


def raw_text(value: object) -> str:
    """Any cell value as stripped text (numbers without a spurious '.0')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    text = INVISIBLE_RE.sub("", str(value))
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def one_line(value: object) -> str:
    """Text for a single-line field: line breaks inside Chinese text are joined."""
    text = raw_text(value)
    text = re.sub(rf"(?<=[{CJK}])[ \t]*\n\s*(?=[{CJK}])", "", text)
    return re.sub(r"\s*\n\s*", " ", text).strip()


def person_name(value: object) -> str:
    """A person's name: '王  芳' (padded to three characters) becomes '王芳'."""
    text = one_line(value)
    return re.sub(rf"(?<=[{CJK}])\s+(?=[{CJK}])", "", text)


def split_list(value: object, names: bool = False) -> list[str]:
    """Split '张三、李四，王五' (and whitespace) into a list without duplicates."""
    text = raw_text(value)
    if not text:
        return []
    items: list[str] = []
    for segment in _LIST_SPLIT_RE.split(text):
        tokens = segment.split()
        if names:
            tokens = _merge_padded_names(tokens)
        for token in tokens:
            token = token.strip()
            if names:
                token = re.sub(r"等\s*(\d+|[一二三四五六七八九十]+)?\s*[名位个]?(代表|委员|人)?$", "", token)
            if token and token not in items:
                items.append(token)
    return items


def _merge_padded_names(tokens: list[str]) -> list[str]:
    """Join '王', '芳' back into '王芳' when a two-character name was padded with spaces."""
    merged: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (
            len(tok) == 1 and _CJK_RE.match(tok) and i + 1 < len(tokens)
            and len(tokens[i + 1]) == 1 and _CJK_RE.match(tokens[i + 1])
            and not (i + 2 < len(tokens) and len(tokens[i + 2]) == 1)
        ):
            merged.append(tok + tokens[i + 1])
            i += 2
            continue
        merged.append(tok)
        i += 1
    return merged


def shorten(text: str, limit: int = 30) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[:limit] + "…"


def column_letter(index: int) -> str:
    """0-based column index -> Excel letter (0 -> A, 26 -> AA)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
