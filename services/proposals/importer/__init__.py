"""Parser for the 交办清单 (assignment list) of NPC suggestions and CPPCC proposals.

Pure Python: no Flask, no database.  ``parse()`` turns an uploaded .xlsx or .csv
file into rows of canonical values plus a list of problems that the user can fix.
It never raises on bad content: every fault becomes a :class:`Problem` whose
message is a complete sentence in Simplified Chinese.

Modules, from the file to the result
------------------------------------
``reading``   the file -> rows of cells, within MAX_ROWS / MAX_COLUMNS / MAX_CELL_CHARS
``text``      cell values as clean text (headers, names, lists, column letters)
``values``    field values from cells (dates, kind, level, period, role, yes/no, year, number)
``headers``   FIELDS, header variants, finding the header row, mapping columns to fields
``rows``      one data row -> canonical values, with what the whole list says
``result``    Problem, ParsedRow, ParseResult
``parser``    ``parse()``: the whole import

Public API (importable from this package)
-----------------------------------------
``FIELDS``          canonical field -> Chinese label
``Problem``         one fault (row as seen in Excel, column text, Chinese message)
``ParsedRow``       one data row: canonical values and the proposers list
``ParseResult``     header row, headers, header->field mapping, unmapped headers,
                    rows, problems; ``ok`` when there is no problem and >= 1 row;
                    ``dropped``: unrecognised columns with content the user has not yet
                    mapped or set aside (must be acknowledged before a confirm)
``read_table()``    all non-empty rows of the file as (row_number, cells)
``parse()``         the whole import, with optional user mapping and defaults
``suggest_field()`` the field a header means, used for automatic mapping
"""

from services.proposals.importer.headers import FIELDS, REQUIRED_FIELDS, suggest_field
from services.proposals.importer.parser import parse
from services.proposals.importer.reading import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, ImportFileError, read_table
from services.proposals.importer.result import ParsedRow, ParseResult, Problem

__all__ = [
    "FIELDS",
    "REQUIRED_FIELDS",
    "MAX_ROWS",
    "MAX_COLUMNS",
    "MAX_CELL_CHARS",
    "ImportFileError",
    "Problem",
    "ParsedRow",
    "ParseResult",
    "read_table",
    "parse",
    "suggest_field",
]
