"""Field values from cell values; each parser returns the value, or None when it cannot be understood."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

from services.proposals.importer.text import normalise_header, one_line, raw_text

_EXCEL_EPOCH = datetime(1899, 12, 30)

# Vocabularies of the choice fields: (value, words the text contains, whole texts), tried in order after the
# canonical values themselves.
_KINDS = (("cppcc", ("提案", "政协"), ()), ("npc", ("建议", "人大"), ()))
_LEVELS = (
    ("national", ("全国",), ("国家级",)),
    ("provincial", ("省", "自治区"), ()),
    ("municipal", ("市", "州"), ()),
)
_PERIODS = (("recess", ("闭会",), ("平时", "会后")), ("session", ("大会", "会议期间"), ("会期", "会上")))
_ROLES = (
    ("lead", ("主办",), ()),
    ("separate", ("分办",), ()),
    ("co", ("会办", "协办"), ()),
    ("reference", ("参阅", "参考"), ()),
)


def parse_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _date_from_number(value)
    text = unicodedata.normalize("NFKC", raw_text(value))
    if not text:
        return None
    m = re.fullmatch(
        r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
        r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?",
        text,
    )
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if re.fullmatch(r"\d{8}", text):
        return _date_from_number(int(text))
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _date_from_number(float(text))
    return None


def _date_from_number(number: float) -> date | None:
    """Excel serial number (e.g. 46096) or yyyymmdd integer (20260315)."""
    if number != number:  # NaN
        return None
    if 19000101 <= number <= 21001231 and float(number).is_integer():
        n = int(number)
        try:
            return date(n // 10000, n // 100 % 100, n % 100)
        except ValueError:
            return None
    if 10000 <= number <= 100000:
        return (_EXCEL_EPOCH + timedelta(days=int(number))).date()
    return None


def _choice(value: object, vocabulary: tuple) -> str | None:
    """The value a cell names: a canonical value itself, or the first vocabulary entry it matches."""
    text = normalise_header(raw_text(value)).lower()
    if not text:
        return None
    if text in (choice for choice, _, _ in vocabulary):
        return text
    for choice, contained, whole in vocabulary:
        if text in whole or any(word in text for word in contained):
            return choice
    return None


def parse_kind(value: object) -> str | None:
    return _choice(value, _KINDS)


def parse_level(value: object) -> str | None:
    return _choice(value, _LEVELS)


def parse_period(value: object) -> str | None:
    return _choice(value, _PERIODS)


def parse_role(value: object) -> str | None:
    return _choice(value, _ROLES)


def parse_bool(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = unicodedata.normalize("NFKC", raw_text(value)).strip().lower()
    if text in ("是", "√", "✓", "✔", "y", "yes", "true", "1", "重点", "重点建议", "重点提案",
                "对", "有"):
        return True
    if text in ("否", "×", "✗", "x", "n", "no", "false", "0", "非重点", "不是", "无", "-", "—", "/"):
        return False
    return None


def parse_year(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (datetime, date)):
        return value.year
    text = unicodedata.normalize("NFKC", raw_text(value))
    m = re.fullmatch(r"(\d{4})\s*年?度?", text)
    if m and 1949 <= int(m.group(1)) <= 2200:
        return int(m.group(1))
    return None


def number_text(value: object) -> str:
    """'第1037号' -> '1037'; 1037.0 -> '1037'."""
    text = unicodedata.normalize("NFKC", one_line(value))
    text = re.sub(r"\s+", "", text)
    if text.startswith("第"):
        text = text[1:]
    if text.endswith("号"):
        text = text[:-1]
    return text
