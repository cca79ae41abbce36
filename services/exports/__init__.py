"""Files out: the Excel ledger, Word documents, backups."""

# The first characters that make a spreadsheet run a cell's text as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def runs_as_formula(value) -> bool:
    """A text a spreadsheet would run as a formula: every export writes it as plain text (quote prefix)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)
