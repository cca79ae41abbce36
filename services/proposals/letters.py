"""Letters: the 答复函 as printed, the 征询意见表 per proposer, and the public-disclosure version of a reply.

The disclosure version leaves out the proposers' phone numbers, ID numbers, e-mail and house addresses: those fields are
not shown at all, and the body text is scrubbed of anything that looks like one (``scrub``).
"""
from __future__ import annotations

import re

from models.proposals import Proposal, Reply

# The 征询意见表 asks for an answer within this many days of the reply (the printed form and the Word form alike).
FEEDBACK_FORM_DAYS = 15

# Mobile numbers (138 1234 5678, +86-138-1234-5678), with or without separators.
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[-\s]?)?1[3-9][0-9](?:[-\s]?[0-9]{4}){2}(?![0-9])")
# Landlines: 0871-12345678, (0871)1234567, 0871 1234 5678, with an optional extension.
_LANDLINE = re.compile(
    r"(?:[（(]0[0-9]{2,3}[）)]\s?|(?<![0-9])0[0-9]{2,3}[-－—\s]?)[0-9]{3,4}[-\s]?[0-9]{4}(?:[-转][0-9]{1,5})?(?![0-9])"
)
# Resident ID numbers: 18 characters (the last may be X) or the old 15 digits.
_ID18 = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9])[1-9][0-9]{5}[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}(?![0-9])")
# Whatever follows a label that announces a phone or ID number, up to the end of the clause.
_LABELLED = re.compile(r"(电话|手机|联系方式|联系电话|手机号码?|身份证号?码?|证件号码?|Tel|TEL|tel)\s*[:：]?\s*[0-9０-９Xx+()（）\-－\s]{5,}")
# Addresses announced as such: “住址：…”, “家住…”, up to the next punctuation.
_ADDRESS = re.compile(r"(家庭住址|通讯地址|联系地址|居住地址|住址|地址|家住|住在)\s*[:：]?\s*[^，。；;,\n]{2,60}")

PHONE_MASK = "[电话已隐去]"
ID_MASK = "[证件号码已隐去]"
ADDRESS_MASK = "[地址已隐去]"
EMAIL_MASK = "[邮箱已隐去]"

# A number however it is written: ASCII or full-width digits, Chinese numerals (一三八…, 〇/零, 幺), with
# spaces, dashes, dots or brackets between the digits. What it is is decided on its digits alone (``_kind``).
_DIGIT = "0-9０-９〇零一二三四五六七八九幺"
_NUMBER_RUN = re.compile(
    rf"(?<![{_DIGIT}A-Za-z])(?:[+＋]?\s?(?:86|８６)[\s\-－—]?)?[{_DIGIT}](?:[\s\-－—.．·・()（）]{{0,2}}[{_DIGIT}]){{6,20}}"
    rf"(?:[\s\-－—]?[XxＸｘ])?(?![{_DIGIT}A-Za-z])"
)
_DIGIT_VALUE = {**{c: str(i) for i, c in enumerate("0123456789")}, **{c: str(i) for i, c in enumerate("０１２３４５６７８９")},
                **{c: str(i) for i, c in enumerate("〇一二三四五六七八九")}, "零": "0", "幺": "1", "X": "X", "x": "X", "Ｘ": "X", "ｘ": "X"}
_ID_SHAPE = re.compile(r"[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X]")
_ID15_SHAPE = re.compile(r"[1-9][0-9]{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}")
# E-mail addresses, also with a full-width ＠ or “(at)” spelled out and spaces around it.
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+\s*(?:@|＠|[(（\[]\s*at\s*[)）\]])\s*[A-Za-z0-9\-]+(?:\s*[.．。]\s*[A-Za-z0-9\-]+)+", re.I)
# A house address without a label: a road/street/village with a house number, then building, unit, room.
_NUM = "0-9０-９一二三四五六七八九十百零〇\\-－"
_HOUSE = re.compile(
    rf"(?:[\u4e00-\u9fa5]{{2,6}}(?:省|市|区|县|镇|乡|街道))*"
    rf"(?:[\u4e00-\u9fa5]{{2,5}}(?:路|街|大道|大街|巷|弄|胡同)[{_NUM}]+(?:号|弄)"
    rf"|[\u4e00-\u9fa5]{{2,5}}村[{_NUM}]+组(?:[{_NUM}]+号)?"
    rf"|[\u4e00-\u9fa5]{{2,6}}(?:小区|花园|公寓|家园|新村|苑)[{_NUM}]+(?:栋|幢|座|号楼))"
    rf"(?:[{_NUM}]+(?:栋|幢|座|号楼|单元|楼|层|室|号))*"
)


def _kind(digits: str) -> str | None:
    """“id”, “phone” or None (a date, an amount, a document number: left as written)."""
    if (len(digits) == 18 and _ID_SHAPE.fullmatch(digits)) or (len(digits) == 15 and _ID15_SHAPE.fullmatch(digits)):
        return "id"
    if "X" in digits:
        return None
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789":
        return "phone"
    if digits[0] == "0" and 10 <= len(digits) <= 12:
        return "phone"
    return None


def _mask_number(match: re.Match) -> str:
    digits = "".join(_DIGIT_VALUE.get(c, "") for c in match.group(0))
    kind = _kind(digits)
    return {"id": ID_MASK, "phone": PHONE_MASK}.get(kind, match.group(0))


def scrub(text: str, extra: list[str] | tuple = ()) -> str:
    """Text fit to publish: phone numbers, ID numbers and addresses replaced by a note.

    ``extra``: exact strings to remove as well (e.g. the proposers' recorded phone numbers, whatever their format).
    """
    if not text:
        return ""
    for value in sorted({e.strip() for e in extra if e and len(e.strip()) >= 5}, key=len, reverse=True):
        text = text.replace(value, PHONE_MASK)
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _ID18.sub(ID_MASK, text)
    text = _ID15.sub(ID_MASK, text)
    text = _LABELLED.sub(lambda m: f"{m.group(1)}：{ID_MASK if '证' in m.group(1) else PHONE_MASK}", text)
    text = _MOBILE.sub(PHONE_MASK, text)
    text = _LANDLINE.sub(PHONE_MASK, text)
    text = _NUMBER_RUN.sub(_mask_number, text)  # the same numbers spelled otherwise (full-width, 一三八…, spaced)
    text = _ADDRESS.sub(lambda m: f"{m.group(1)}：{ADDRESS_MASK}" if m.group(1) not in ("家住", "住在") else ADDRESS_MASK, text)
    text = _HOUSE.sub(ADDRESS_MASK, text)
    return text


def paragraphs(text: str) -> list[str]:
    """The body as paragraphs (blank lines or single newlines both end one)."""
    return [p.strip() for p in re.split(r"\n+", text or "") if p.strip()]


def split_salutation(pars: list[str]) -> tuple[str | None, list[str]]:
    """A body that starts with its own salutation (“顾振宇代表：”) keeps it; the letter then adds none."""
    if pars and len(pars[0]) <= 40 and pars[0].endswith(("：", ":")) and any(w in pars[0] for w in ("代表", "委员", "同志", "先生", "女士")):
        return pars[0].rstrip("：:"), pars[1:]
    return None, pars


def reply_for(proposal: Proposal, round_: int | None = None) -> Reply | None:
    """The reply of ``round_``; by default the latest one sent, else the current draft."""
    replies = sorted(proposal.replies, key=lambda r: r.round)
    if round_ is not None:
        return next((r for r in replies if r.round == round_), None)
    sent = [r for r in replies if r.state == "sent"]
    return sent[-1] if sent else (replies[-1] if replies else None)


def addressee(proposal: Proposal) -> str:
    """“王某某代表” / “李某某委员” (several proposers: the lead's name and “等代表/委员”)."""
    title = "代表" if proposal.kind == "npc" else "委员"
    lead = proposal.lead_proposer
    if lead is None:
        return f"各位{title}"
    name = lead.name.strip()
    if len(name) > 5:
        return name  # a group proposal (a 党派, 界别 or 委员会: personal names are shorter) goes to its name
    return f"{name}{'等' if len(proposal.proposers) > 1 else ''}{title}"


def disclosure_extra(proposal: Proposal) -> list[str]:
    return [p.phone for p in proposal.proposers if p.phone]
