"""What a parse gives back: the rows read and every problem found, each a sentence in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Problem:
    row: int | None
    column: str | None
    message: str


@dataclass
class ParsedRow:
    row: int
    values: dict[str, object]
    proposers: list[dict]


@dataclass
class ParseResult:
    header_row: int
    headers: list[str]
    mapping: dict[str, str | None]
    unmapped: list[str]
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Unrecognised columns with content, not yet mapped nor set aside ("不导入") by the user: header -> how many
    # rows have something in them. Confirming would drop that content, so it must be acknowledged first.
    dropped: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and len(self.rows) > 0

    @property
    def acknowledged(self) -> bool:
        return not self.dropped
