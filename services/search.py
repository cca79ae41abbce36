"""Chinese substring search over items: titles, bodies, replies and contact records.

Two index tables outside the ORM metadata. The trigram table, ``proposal_search`` (proposal_id, title,
body, replies, contacts), answers words of 3 or more characters:

* SQLite: an FTS5 virtual table with the ``trigram`` tokenizer (rowid = proposal id). A term of 3 or
  more characters is a phrase MATCH (indexed); a 1–2 character term cannot be a trigram: it goes to the
  grams table below, or — when it holds punctuation, or that table is missing — is a plain ``instr``
  over the same columns (a scan of the index table — SQLite 3.40's trigram LIKE answers nothing for
  patterns shorter than 3 characters, instead of scanning).
* PostgreSQL: an ordinary table with a ``pg_trgm`` GIN index on each column; ``ILIKE '%term%'`` uses
  them. pg_trgm only sees CJK characters as letters when the database's LC_CTYPE is a UTF-8 locale
  (``C.UTF-8``, ``zh_CN.UTF-8``); with ``LC_CTYPE=C`` the results are the same but the index is not used.

A second table, ``proposal_grams`` (“grams”), answers the 1–2 character words trigrams cannot (臭氧, 水质, a
surname). The grams of a text: lowercase it, take its maximal runs of letters and digits, and keep every
distinct character and every distinct two-character substring of each run. Two columns per item:

* ``names``: the grams of its number, title and proposers' names (the item list's active search);
* ``text``: the grams of title, body, replies and contact records (the same text as ``proposal_search``).

A 1–2 character word that is one run is then exactly one gram; a longer one needs all its bigrams (a
superset: the original LIKE checks the candidates).

* SQLite: a contentless FTS5 table (``content=''``, ``detail='column'``, rowid = proposal id); each gram is
  stored hex-encoded, so that the ``unicode61`` tokenizer sees plain ASCII words. A contentless row can only
  be removed by a ``'delete'`` command repeating exactly what was indexed: the text part is rebuilt from the
  row of ``proposal_search`` it was made with, the names part from ``proposal_grams_names`` (each item's
  number, title and names as indexed).
* PostgreSQL: an ordinary table of two ``tsvector`` columns made with ``array_to_tsvector`` (the grams as
  lexemes, no parser, whatever the database's locale), each with a GIN index; queried with ``@@``.

``install(connection)`` / ``uninstall(connection)`` create and drop both (migrations call them; tests after
``create_all``); ``install_grams`` / ``uninstall_grams`` the grams alone (migration 0007). The index follows
the items: after every flush, the items whose number, title or body, proposers, replies or contact records
changed are re-indexed in the same transaction.
"""
from __future__ import annotations

import operator
import re
from dataclasses import dataclass

import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlalchemy import event
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from models.proposals import ContactRecord, Proposal, Proposer, Reply
from models import schema_extras

TABLE = "proposal_search"
COLUMNS = ("title", "body", "replies", "contacts")
COLUMN_LABELS = {"title": "标题", "body": "正文", "replies": "答复", "contacts": "沟通记录"}

index_table = sa.table(TABLE, sa.column("proposal_id", sa.Integer), *(sa.column(c, sa.Text) for c in COLUMNS))

GRAMS = "proposal_grams"
# SQLite only: what each item's ``names`` grams were made of, so that its row can be deleted exactly.
GRAMS_NAMES = "proposal_grams_names"

grams_table = sa.table(GRAMS, sa.column("proposal_id", sa.Integer), sa.column("names"), sa.column("text"))
grams_names_table = sa.table(GRAMS_NAMES, sa.column("proposal_id", sa.Integer), sa.column("names", sa.Text))


# ---------------------------------------------------------------------------
# Grams

_RUN = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    """Lowercase. ``str.lower`` writes a capital sigma as final sigma at the end of a word: both are folded to σ,
    so that a letter gives the same gram wherever it stands (else 'Σ' alone would miss 'ΟΔΟΣ')."""
    return text.lower().replace("ς", "σ")


def runs(text: str) -> list[str]:
    """The maximal runs of letters and digits of ``text``, lowercased."""
    return _RUN.findall(_fold(text or ""))


def grams(text: str) -> set[str]:
    """Every distinct character and two-character substring of each run of ``text``."""
    out: set[str] = set()
    for run in runs(text):
        out.update(run)
        if len(run) > 1:
            out.update(map(operator.add, run, run[1:]))
    return out


def query_grams(text: str) -> list[str]:
    """The grams every text containing ``text`` has: each run's bigrams (its character when it has one)."""
    out: dict[str, None] = {}
    for run in runs(text):
        if len(run) == 1:
            out[run] = None
        else:
            out.update(dict.fromkeys(map(operator.add, run, run[1:])))
    return list(out)


def gram_term(word: str) -> str | None:
    """The gram a 1–2 character search word is exactly (when lowercased it is one run), else None."""
    if len(word) > 2:
        return None
    folded = _fold(word)
    return folded if len(folded) <= 2 and _RUN.fullmatch(folded) else None


def _hex(gram: str) -> str:
    return gram.encode("utf-8").hex()


def _gram_words(text: str) -> str:
    """SQLite: the grams of ``text`` as the FTS5 table stores them (hex, sorted, space separated)."""
    return " ".join(sorted(map(_hex, grams(text))))


def _names_source(number: str, title: str, names: list[str]) -> str:
    return "\n".join([number or "", title or "", *names])


def _text_source(doc) -> str:
    return "\n".join(doc[c] or "" for c in COLUMNS)


# ---------------------------------------------------------------------------
# DDL


def _dialect(connection) -> str:
    return connection.dialect.name


def _create_search(connection) -> None:
    if _dialect(connection) == "sqlite":
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
            "proposal_id UNINDEXED, title, body, replies, contacts, tokenize='trigram')"
        )
    else:
        connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        # No foreign key to proposals: ``drop_all`` (tests, tools) could then not drop that table.
        connection.exec_driver_sql(
            f"CREATE TABLE IF NOT EXISTS {TABLE} ("
            "proposal_id INTEGER PRIMARY KEY, "
            "title TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '', "
            "replies TEXT NOT NULL DEFAULT '', contacts TEXT NOT NULL DEFAULT '')"
        )
        _create_search_indexes(connection)
    _present[_key(connection)] = True


def _create_search_indexes(connection) -> None:
    for column in COLUMNS:
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_{column}_trgm ON {TABLE} USING gin ({column} gin_trgm_ops)"
        )


def _create_grams(connection) -> None:
    if _dialect(connection) == "sqlite":
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {GRAMS} USING fts5("
            "names, text, content='', detail='column', tokenize='unicode61 remove_diacritics 0')"
        )
        connection.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS {GRAMS_NAMES} (proposal_id INTEGER PRIMARY KEY, names TEXT NOT NULL)")
    else:
        connection.exec_driver_sql(
            f"CREATE TABLE IF NOT EXISTS {GRAMS} (proposal_id INTEGER PRIMARY KEY, names tsvector NOT NULL, text tsvector NOT NULL)"
        )
        _create_gram_indexes(connection)
    _grams_present[_key(connection)] = True


def _create_gram_indexes(connection) -> None:
    for column in ("names", "text"):
        connection.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS ix_{GRAMS}_{column} ON {GRAMS} USING gin ({column})")


def install(connection) -> None:
    """Create both index tables (and pg_trgm's indexes) and fill them from the current items."""
    _create_search(connection)
    _create_grams(connection)
    rebuild(connection)


def install_grams(connection) -> None:
    """Create the grams table where the trigram table already is (migration 0007), and fill both from the items
    (so that the grams are made of exactly what ``proposal_search`` holds)."""
    if not _exists(connection):
        install(connection)
        return
    _create_grams(connection)
    rebuild(connection)


def uninstall_grams(connection) -> None:
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {GRAMS}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {GRAMS_NAMES}")
    _grams_present[_key(connection)] = False


def uninstall(connection) -> None:
    """Drop both index tables (the pg_trgm extension stays: other objects may use it)."""
    uninstall_grams(connection)
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {TABLE}")
    _present[_key(connection)] = False


def _install_engine(engine) -> None:
    with engine.begin() as connection:
        install(connection)


def clear(connection) -> None:
    """Empty the index (the test database is emptied between tests)."""
    if _grams_exist(connection):
        if _dialect(connection) == "sqlite":
            # A contentless FTS5 table takes no DELETE.
            connection.exec_driver_sql(f"INSERT INTO {GRAMS}({GRAMS}) VALUES('delete-all')")
            connection.exec_driver_sql(f"DELETE FROM {GRAMS_NAMES}")
        else:
            connection.exec_driver_sql(f"DELETE FROM {GRAMS}")
    if _exists(connection):
        connection.exec_driver_sql(f"DELETE FROM {TABLE}")


# The index's tables (listed in ``create_app``): FTS5's shadow tables are proposal_search_data, _idx, _content,
# _docsize, _config and proposal_grams_data, _idx, _docsize, _config.
SCHEMA = schema_extras.SchemaExtra(install=_install_engine, tables=frozenset({TABLE, GRAMS, GRAMS_NAMES}),
                                   prefixes=(TABLE + "_", GRAMS + "_"))


# Whether the tables exist, per database (a database built by migrations that predate them has none: the
# index is then simply not maintained, rather than every flush failing).
_present: dict[str, bool] = {}
_grams_present: dict[str, bool] = {}


def _key(connection) -> str:
    return connection.engine.url.render_as_string(hide_password=True)


def _exists(connection) -> bool:
    key = _key(connection)
    if key not in _present:
        _present[key] = sa.inspect(connection).has_table(TABLE)
    return _present[key]


def _grams_exist(connection) -> bool:
    """The grams table is there (and the trigram table it is kept with)."""
    if not _exists(connection):
        return False
    key = _key(connection)
    if key not in _grams_present:
        _grams_present[key] = sa.inspect(connection).has_table(GRAMS)
    return _grams_present[key]


# ---------------------------------------------------------------------------
# Keeping it up to date


def _documents(connection, ids: list[int]) -> list[dict]:
    """Each item's searchable text: ``title``, ``body``, ``replies``, ``contacts`` (as ``proposal_search`` holds
    them) and ``names`` (number, title and proposers' names, as the grams' ``names`` are made of)."""
    p, r, c, n = Proposal.__table__, Reply.__table__, ContactRecord.__table__, Proposer.__table__
    docs = {
        row.id: {"proposal_id": row.id, "title": row.title or "", "body": row.body or "", "replies": [], "contacts": [],
                 "number": row.number or "", "people": []}
        for row in connection.execute(sa.select(p.c.id, p.c.number, p.c.title, p.c.body).where(p.c.id.in_(ids)))
    }
    for row in connection.execute(
        sa.select(r.c.proposal_id, r.c.title, r.c.body).where(r.c.proposal_id.in_(ids)).order_by(r.c.proposal_id, r.c.round)
    ):
        if row.proposal_id in docs:
            docs[row.proposal_id]["replies"].append("\n".join(x for x in (row.title, row.body) if x))
    for row in connection.execute(
        sa.select(c.c.proposal_id, c.c.participants, c.c.deputy_said).where(c.c.proposal_id.in_(ids)).order_by(c.c.proposal_id, c.c.contact_on, c.c.id)
    ):
        if row.proposal_id in docs:
            docs[row.proposal_id]["contacts"].append("\n".join(x for x in (row.participants, row.deputy_said) if x))
    for row in connection.execute(
        sa.select(n.c.proposal_id, n.c.name).where(n.c.proposal_id.in_(ids)).order_by(n.c.proposal_id, n.c.sort_order, n.c.id)
    ):
        if row.proposal_id in docs:
            docs[row.proposal_id]["people"].append(row.name or "")
    for doc in docs.values():
        doc["replies"] = "\n\n".join(doc["replies"])
        doc["contacts"] = "\n\n".join(doc["contacts"])
        doc["names"] = _names_source(doc.pop("number"), doc["title"], doc.pop("people"))
    return list(docs.values())


def reindex(connection, ids) -> None:
    """Re-read these items into the index (deleted ones leave it)."""
    ids = sorted({int(i) for i in ids if i is not None})
    if not ids or not _exists(connection):
        return
    sqlite = _dialect(connection) == "sqlite"
    with_grams = _grams_exist(connection)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        if with_grams and sqlite and not _forget_sqlite_grams(connection, chunk):
            rebuild(connection)  # the grams did not match the trigram table: start again from the items
            return
        if with_grams and not sqlite:
            connection.execute(sa.delete(grams_table).where(grams_table.c.proposal_id.in_(chunk)))
        key = sa.column("rowid") if sqlite else index_table.c.proposal_id
        connection.execute(sa.delete(index_table).where(key.in_(chunk)))
        docs = _documents(connection, chunk)
        if not docs:
            continue
        rows = [{"proposal_id": d["proposal_id"], **{c: d[c] for c in COLUMNS}} for d in docs]
        if sqlite:
            connection.execute(
                sa.text(f"INSERT INTO {TABLE} (rowid, proposal_id, title, body, replies, contacts) "
                        "VALUES (:proposal_id, :proposal_id, :title, :body, :replies, :contacts)"),
                rows,
            )
        else:
            # Upserts: another transaction re-indexing the same item may have inserted it since our DELETE began.
            stmt = postgresql.insert(index_table)
            connection.execute(stmt.on_conflict_do_update(index_elements=["proposal_id"], set_={c: stmt.excluded[c] for c in COLUMNS}), rows)
        if with_grams:
            _write_grams(connection, docs, sqlite)


def _write_grams(connection, docs: list[dict], sqlite: bool) -> None:
    if sqlite:
        connection.execute(
            sa.text(f"INSERT INTO {GRAMS} (rowid, names, text) VALUES (:proposal_id, :names, :text)"),
            [{"proposal_id": d["proposal_id"], "names": _gram_words(d["names"]), "text": _gram_words(_text_source(d))} for d in docs],
        )
        connection.execute(sa.insert(grams_names_table), [{"proposal_id": d["proposal_id"], "names": d["names"]} for d in docs])
    else:
        connection.execute(
            sa.text(f"INSERT INTO {GRAMS} (proposal_id, names, text) VALUES "
                    "(:proposal_id, array_to_tsvector(CAST(:names AS text[])), array_to_tsvector(CAST(:text AS text[]))) "
                    "ON CONFLICT (proposal_id) DO UPDATE SET names = EXCLUDED.names, text = EXCLUDED.text"),
            [{"proposal_id": d["proposal_id"], "names": sorted(grams(d["names"])), "text": sorted(grams(_text_source(d)))} for d in docs],
        )


def _forget_sqlite_grams(connection, ids: list[int]) -> bool:
    """Remove these items' rows from the contentless grams table: a ``'delete'`` that repeats exactly what was
    indexed — made again from the rows of ``proposal_search`` and ``proposal_grams_names`` they were made from,
    read before those are replaced. False when that cannot be done exactly (an item with names but without its
    trigram row: the tables were changed by hand), nothing removed."""
    old_names = dict(connection.execute(
        sa.select(grams_names_table.c.proposal_id, grams_names_table.c.names).where(grams_names_table.c.proposal_id.in_(ids))
    ).all())
    if not old_names:
        return True
    old_text = {
        row.rowid: _text_source(row._mapping)
        for row in connection.execute(
            sa.select(sa.column("rowid"), *(index_table.c[c] for c in COLUMNS)).select_from(index_table)
            .where(sa.column("rowid").in_(list(old_names)))
        )
    }
    if set(old_text) != set(old_names):
        return False
    connection.execute(
        sa.text(f"INSERT INTO {GRAMS} ({GRAMS}, rowid, names, text) VALUES ('delete', :proposal_id, :names, :text)"),
        [{"proposal_id": i, "names": _gram_words(old_names[i]), "text": _gram_words(old_text[i])} for i in old_names],
    )
    connection.execute(sa.delete(grams_names_table).where(grams_names_table.c.proposal_id.in_(list(old_names))))
    return True


def rebuild(connection) -> int:
    """Re-index every item (after install, or to repair)."""
    if not _exists(connection):
        return 0
    sqlite = _dialect(connection) == "sqlite"
    with_grams = _grams_exist(connection)
    if sqlite:
        # Made again rather than emptied: deleting FTS5 rows writes a tombstone for each of their tokens.
        connection.exec_driver_sql(f"DROP TABLE {TABLE}")
        _create_search(connection)
        if with_grams:
            uninstall_grams(connection)
            _create_grams(connection)
    else:
        # Emptied without leaving dead rows, and the GIN indexes built once at the end rather than updated per row.
        connection.exec_driver_sql(f"TRUNCATE {TABLE}" + (f", {GRAMS}" if with_grams else ""))
        indexes = [f"ix_{TABLE}_{column}_trgm" for column in COLUMNS]
        indexes += [f"ix_{GRAMS}_{column}" for column in ("names", "text")] if with_grams else []
        for index in indexes:
            connection.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")
    ids = [i for (i,) in connection.execute(sa.select(Proposal.__table__.c.id))]
    reindex(connection, ids)
    if sqlite:
        # Merge the segments FTS5 wrote chunk by chunk into one.
        for table in (TABLE, GRAMS) if with_grams else (TABLE,):
            connection.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES('optimize')")
    else:
        _create_search_indexes(connection)
        if with_grams:
            _create_gram_indexes(connection)
    return len(ids)


def _changed(obj, *names) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[n].history.has_changes() for n in names)


def _parents(obj) -> set[int]:
    """The item a reply, contact record or proposer belongs to — and the one it was moved from."""
    history = sa.inspect(obj).attrs.proposal_id.history
    return {obj.proposal_id, *(history.deleted or ())}


def follow_changes() -> None:
    """Keep the index in step with every ORM flush, in the flush's transaction (called by ``create_app``)."""
    if not event.contains(Session, "after_flush", _follow_changes):
        event.listen(Session, "after_flush", _follow_changes)


def _follow_changes(session, flush_context) -> None:
    """Items whose searchable text changed in this flush are re-indexed in the same transaction."""
    ids: set[int] = set()
    for obj in session.new:
        if isinstance(obj, Proposal):
            ids.add(obj.id)
        elif isinstance(obj, (Reply, ContactRecord, Proposer)):
            ids.add(obj.proposal_id)
    for obj in session.dirty:
        if isinstance(obj, Proposal) and _changed(obj, "number", "title", "body"):
            ids.add(obj.id)
        elif isinstance(obj, Reply) and _changed(obj, "title", "body", "proposal_id"):
            ids |= _parents(obj)
        elif isinstance(obj, ContactRecord) and _changed(obj, "participants", "deputy_said", "proposal_id"):
            ids |= _parents(obj)
        elif isinstance(obj, Proposer) and _changed(obj, "name", "proposal_id"):
            ids |= _parents(obj)
    for obj in session.deleted:
        if isinstance(obj, Proposal):
            ids.add(obj.id)
        elif isinstance(obj, (Reply, ContactRecord, Proposer)):
            ids |= _parents(obj)
    ids.discard(None)
    if ids:
        reindex(session.connection(), ids)


# ---------------------------------------------------------------------------
# Searching


def terms(q: str) -> list[str]:
    """The words of a query (split on blanks), longest first, at most five."""
    words = [w for w in re.split(r"\s+", (q or "").strip()) if w]
    seen: list[str] = []
    for w in words:
        w = w[:50]
        if w.lower() not in (s.lower() for s in seen):
            seen.append(w)
    return sorted(seen, key=len, reverse=True)[:5]


def _id_column(dialect: str):
    """The item id in the index: FTS5's rowid on SQLite (its ``proposal_id`` column is UNINDEXED: looking an
    item up by it would read the whole table), the primary key on PostgreSQL."""
    return sa.literal_column(f"{TABLE}.rowid") if dialect == "sqlite" else index_table.c.proposal_id


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def matching_ids(q: str, connection=None) -> sa.Select | None:
    """A SELECT of the ids of items containing every term of ``q`` (in any of the four columns), or None.

    A 1–2 character word that is one run of letters or digits is a gram of the grams table (exact); a word of
    3 or more characters goes to the trigram table; any other short word (with punctuation) is a scan of it."""
    words = terms(q)
    if not words:
        return None
    from extensions import db

    connection = connection or db.session.connection()
    dialect = connection.dialect.name
    exact: list[str] = []
    if _grams_exist(connection):
        exact = list(dict.fromkeys(g for g in map(gram_term, words) if g))
        words = [w for w in words if not gram_term(w)]
    by_grams = _with_grams("text", exact, dialect) if exact else None
    if not words:
        return by_grams
    if dialect == "sqlite":
        long_words = [w for w in words if len(w) >= 3]
        stmt = sa.select(sa.column("rowid").label("proposal_id")).select_from(sa.table(TABLE))
        if long_words:
            stmt = stmt.where(sa.text(f"{TABLE} MATCH :fts").bindparams(fts=" AND ".join(_fts_phrase(w) for w in long_words)))
        for w in (w for w in words if len(w) < 3):
            if _caseless(w):  # Chinese: no letter case to fold, and instr without lower() is a third faster
                stmt = stmt.where(sa.or_(*(sa.func.instr(sa.column(c), w) > 0 for c in COLUMNS)))
            else:
                stmt = stmt.where(sa.or_(*(sa.func.instr(sa.func.lower(sa.column(c)), w.lower()) > 0 for c in COLUMNS)))
    else:
        stmt = sa.select(index_table.c.proposal_id)
        for w in words:
            pattern = f"%{_like_escape(w)}%"
            if _caseless(w):
                stmt = stmt.where(sa.or_(*(index_table.c[c].like(pattern, escape="\\") for c in COLUMNS)))
            else:
                stmt = stmt.where(sa.or_(*(index_table.c[c].ilike(pattern, escape="\\") for c in COLUMNS)))
    if by_grams is not None:
        stmt = stmt.where(_id_column(dialect).in_(by_grams))
    return stmt


# At most this many grams of a query are looked up (any of them narrow the candidates; the recheck is exact).
MAX_QUERY_GRAMS = 32


def name_candidates(q: str, connection=None) -> sa.Select | None:
    """For the item list's active search: a SELECT of the ids of items whose number, title and proposers' names
    together have every gram of ``q`` — a superset of those where one of them contains ``q``, to be checked
    with LIKE. None when the grams table is missing or ``q`` has no letter or digit."""
    from extensions import db

    connection = connection or db.session.connection()
    if not _grams_exist(connection):
        return None
    wanted = query_grams(q or "")[:MAX_QUERY_GRAMS]
    if not wanted:
        return None
    return _with_grams("names", wanted, connection.dialect.name)


def _with_grams(column: str, wanted: list[str], dialect: str) -> sa.Select:
    """The ids of items whose ``column`` grams include all of ``wanted``."""
    if dialect == "sqlite":
        match = f"{column} : (" + " AND ".join(f'"{_hex(g)}"' for g in wanted) + ")"
        return (
            sa.select(sa.literal_column(f"{GRAMS}.rowid").label("proposal_id"))
            .select_from(sa.table(GRAMS))
            .where(sa.literal_column(GRAMS).bool_op("MATCH")(sa.literal(match, sa.Text)))
        )
    query = " & ".join(_ts_lexeme(g) for g in wanted)
    return sa.select(grams_table.c.proposal_id).where(
        grams_table.c[column].bool_op("@@")(sa.cast(sa.literal(query, sa.Text), postgresql.TSQUERY))
    )


def _ts_lexeme(gram: str) -> str:
    """A gram as a quoted tsquery lexeme."""
    return "'" + gram.replace("\\", "\\\\").replace("'", "''") + "'"


def _caseless(term: str) -> bool:
    return term.lower() == term.upper()


def full_text_clause(q: str) -> sa.ColumnElement[bool]:
    """Items containing every term of ``q`` (title, body, replies, contact records) — or with that number."""
    from extensions import db

    if not terms(q):
        return sa.false()
    if not _exists(db.session.connection()):
        return sa.or_(_unindexed_clause(terms(q)), Proposal.number == q.strip())
    return sa.or_(Proposal.id.in_(matching_ids(q)), Proposal.number == q.strip())


def _unindexed_clause(words: list[str]) -> sa.ColumnElement[bool]:
    """The same search without the index (a database whose migrations predate it): slow, but the same answers."""
    clauses = []
    for w in words:
        pattern = f"%{_like_escape(w)}%"
        clauses.append(sa.or_(
            Proposal.title.ilike(pattern, escape="\\"),
            Proposal.body.ilike(pattern, escape="\\"),
            sa.exists().where(Reply.proposal_id == Proposal.id, sa.or_(Reply.title.ilike(pattern, escape="\\"), Reply.body.ilike(pattern, escape="\\"))),
            sa.exists().where(ContactRecord.proposal_id == Proposal.id, sa.or_(
                ContactRecord.participants.ilike(pattern, escape="\\"), ContactRecord.deputy_said.ilike(pattern, escape="\\"))),
        ))
    return sa.and_(*clauses)


@dataclass
class Snippet:
    where: str
    html: Markup


def highlight(text: str, q: str | list[str]) -> Markup:
    """``text`` escaped, with every occurrence of a query term wrapped in <mark> (case-insensitive)."""
    words = terms(q) if isinstance(q, str) else q
    text = text or ""
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[pos:m.start()]))
        out.append(Markup("<mark>") + escape(m.group(0)) + Markup("</mark>"))
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def snippet(text: str, q: str | list[str], width: int = 40) -> Markup | None:
    """The part of ``text`` around its first match, highlighted (None when it does not match)."""
    words = terms(q) if isinstance(q, str) else q
    text = (text or "").replace("\n", " ")
    lowered = text.lower()
    hits = [i for i in (lowered.find(w.lower()) for w in words) if i >= 0]
    if not hits:
        return None
    first = min(hits)
    start, end = max(0, first - width), min(len(text), first + width * 2)
    body = highlight(text[start:end], words)
    return (Markup("…") if start else Markup("")) + body + (Markup("…") if end < len(text) else Markup(""))


def snippets_for(ids: list[int], q: str) -> dict[int, list[Snippet]]:
    """Where each item matched (body, replies, contact records), highlighted — one query for the page."""
    from extensions import db

    words = terms(q)
    if not ids or not words or not _exists(db.session.connection()):
        return {}
    out: dict[int, list[Snippet]] = {}
    key = _id_column(db.session.connection().dialect.name)
    rows = db.session.execute(sa.select(index_table.c.proposal_id, *(index_table.c[c] for c in COLUMNS[1:])).where(key.in_(ids)))
    for row in rows:
        found = []
        for column in COLUMNS[1:]:
            s = snippet(getattr(row, column), words)
            if s is not None:
                found.append(Snippet(COLUMN_LABELS[column], s))
        out[int(row.proposal_id)] = found
    return out


# ---------------------------------------------------------------------------
# Similar earlier items

# Words every title has: they say nothing about the subject.
_BOILERPLATE = re.compile(
    r"关于|的建议|的提案|建议|提案|进一步|加快|加强|推进|推动|切实|着力|大力|积极|完善|健全|强化|提升|提高|促进|实施|开展|做好|"
    r"我省|全省|我市|全市|有关|相关|问题|工作|方面|对策|措施|若干|几点|的|和|与|及|对|在|为|等|更|好"
)
_SEGMENTS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9.]+")


def keywords(text: str, limit: int = 24) -> list[str]:
    """Trigrams (and two-character words) of a title, without the boilerplate every title shares."""
    cleaned = _BOILERPLATE.sub(" ", text or "")
    grams: list[str] = []
    for segment in _SEGMENTS.findall(cleaned):
        if len(segment) == 2:
            grams.append(segment)
        for i in range(len(segment) - 2):
            grams.append(segment[i:i + 3])
    unique = list(dict.fromkeys(g for g in grams if len(g) >= 2))
    return unique[:limit]


def similar_items(proposal: Proposal, user, limit: int = 5) -> list[dict]:
    """Other items sharing words with this one's title, that ``user`` may see, from this year or before:
    earlier years first, then the most words in common (a word shared in the title counts double, one found
    in the body once). Each: ``proposal``, ``score``, ``shared`` (the words), ``earlier``.

    Two steps, so that long bodies are only read for the best few hundred candidates: titles first, then bodies."""
    from sqlalchemy.orm import joinedload, selectinload

    from extensions import db
    from services.proposals.queries import visible_to

    words = keywords(proposal.title)
    if not words or not _exists(db.session.connection()):
        return []
    t = index_table
    dialect = db.session.connection().dialect.name
    key = _id_column(dialect)
    patterns = [f"%{_like_escape(w)}%" for w in words]
    title_score = sum((sa.case((t.c.title.like(p, escape="\\"), 1), else_=0) for p in patterns), sa.literal(0))
    candidates = (
        sa.select(key.label("pid"), title_score.label("title_score"))
        .select_from(t)
        .join(Proposal, Proposal.id == key)
        .where(
            Proposal.id != proposal.id, Proposal.year <= proposal.year, visible_to(user),
            sa.or_(*(t.c.title.like(p, escape="\\") for p in patterns)),
        )
    )
    long_words = [w for w in words if len(w) >= 3]
    if dialect == "postgresql" and _grams_exist(db.session.connection()):
        # The grams of number, title and names narrow the titles to those that may share a word (one GIN scan;
        # pg_trgm could not, with two-character words among the patterns); LIKE then counts the words of those.
        groups = [query_grams(w) for w in words]
        query = " | ".join("(" + " & ".join(_ts_lexeme(g) for g in group) + ")" for group in groups if group)
        candidates = candidates.where(key.in_(
            sa.select(grams_table.c.proposal_id).where(
                grams_table.c.names.bool_op("@@")(sa.cast(sa.literal(query, sa.Text), postgresql.TSQUERY)))
        ))
    if dialect == "sqlite" and long_words:
        # The trigram index narrows the titles first; LIKE then only counts the shared words of those.
        candidates = candidates.where(
            sa.text(f"{TABLE} MATCH :fts").bindparams(fts="title : (" + " OR ".join(_fts_phrase(w) for w in long_words) + ")")
        )
    earlier = sa.case((Proposal.year < proposal.year, 0), else_=1)
    best = candidates.order_by(earlier, sa.desc("title_score"), Proposal.year.desc()).limit(200).subquery("best")
    body_score = sum((sa.case((t.c.body.like(p, escape="\\"), 1), else_=0) for p in patterns), sa.literal(0))
    score = (best.c.title_score * 2 + body_score).label("score")
    rows = db.session.execute(
        sa.select(Proposal, score)
        .join(best, best.c.pid == Proposal.id)
        .join(t, key == Proposal.id)
        .where(best.c.title_score * 2 + body_score >= 2)
        .options(joinedload(Proposal.lead_department), selectinload(Proposal.replies))
        .order_by(earlier, sa.desc("score"), Proposal.year.desc(), Proposal.id.desc())
        .limit(limit)
    ).all()
    out = []
    for item, s in rows:
        title = (item.title or "").lower()
        shared = [w for w in words if w.lower() in title]
        out.append({"proposal": item, "score": int(s), "shared": shared[:6], "earlier": item.year < proposal.year})
    return out
