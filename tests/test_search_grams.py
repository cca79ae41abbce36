"""The grams index (``proposal_grams``) that answers 1–2 character words, and the item list's active search
that it narrows: what the grams of a text are, the index following every kind of change (checked against the
index's own contents), answers equal to a plain substring check, rebuild, and the list search giving exactly
what its unindexed clause gives."""
from __future__ import annotations

import random

import pytest
import sqlalchemy as sa

from extensions import db
from models.proposals import ContactRecord, Proposal, Proposer, Reply
from services import search
from services.proposals import queries as proposal_queries
from tests.conftest import IS_POSTGRES
from tests.stats_support import TODAY, d, frozen, item

# ---------------------------------------------------------------------------
# Helpers


def found(q: str) -> set[str]:
    """Numbers of the items containing every word of ``q`` (title, body, replies, contact records)."""
    stmt = search.matching_ids(q)
    if stmt is None:
        return set()
    return set(db.session.scalars(sa.select(Proposal.number).where(Proposal.id.in_(stmt))))


def listed(q: str) -> set[str]:
    """Numbers the item list's active search gives for ``q``."""
    return set(db.session.scalars(sa.select(Proposal.number).where(proposal_queries.quick_search_clause(q))))


def listed_unindexed(q: str) -> set[str]:
    """The list search as it was before the grams: one pass of ILIKE over every item and every proposer."""
    like = f"%{q.strip()}%"
    clause = sa.or_(
        Proposal.number.ilike(like),
        Proposal.title.ilike(like),
        Proposal.id.in_(sa.select(Proposer.proposal_id).where(Proposer.name.ilike(like))),
    )
    return set(db.session.scalars(sa.select(Proposal.number).where(clause)))


def texts_of(p: Proposal) -> list[str]:
    """What the full-text search reads of an item, straight from the ORM (not from the index code)."""
    out = [p.title or "", p.body or ""]
    out += [x or "" for r in p.replies for x in (r.title, r.body)]
    out += [x or "" for c in p.contacts for x in (c.participants, c.deputy_said)]
    return out


def names_of(p: Proposal) -> list[str]:
    return [p.number or "", p.title or "", *(x.name or "" for x in p.proposers)]


def expected_grams() -> dict[tuple[int, str], set[str]]:
    db.session.expire_all()
    out = {}
    for p in db.session.scalars(sa.select(Proposal)):
        out[(p.id, "names")] = set().union(*(search.grams(t) for t in names_of(p)))
        out[(p.id, "text")] = set().union(*(search.grams(t) for t in texts_of(p)))
    return {k: v for k, v in out.items() if v}


def indexed_grams() -> dict[tuple[int, str], set[str]]:
    """Everything the grams table holds, read from the index itself (FTS5's vocabulary table on SQLite)."""
    conn = db.session.connection()
    out: dict[tuple[int, str], set[str]] = {}
    if IS_POSTGRES:
        rows = conn.execute(sa.text(
            "SELECT proposal_id, 'names', unnest(tsvector_to_array(names)) FROM proposal_grams "
            "UNION ALL SELECT proposal_id, 'text', unnest(tsvector_to_array(text)) FROM proposal_grams"
        ))
        for pid, column, gram in rows:
            out.setdefault((pid, column), set()).add(gram)
    else:
        conn.exec_driver_sql("CREATE VIRTUAL TABLE IF NOT EXISTS temp.grams_vocab USING fts5vocab(main, 'proposal_grams', 'instance')")
        for term, pid, column in conn.exec_driver_sql("SELECT term, doc, col FROM temp.grams_vocab"):
            out.setdefault((pid, column), set()).add(bytes.fromhex(term).decode("utf-8"))
        # The merged index must still be sound (an inexact 'delete' shows up when segments are merged).
        conn.exec_driver_sql("INSERT INTO proposal_grams(proposal_grams) VALUES('integrity-check')")
    return out


def assert_index_matches_items():
    assert indexed_grams() == expected_grams()


def grams_rows() -> int:
    table = search.grams_table if IS_POSTGRES else search.grams_names_table
    return db.session.execute(sa.select(sa.func.count()).select_from(table)).scalar()


# ---------------------------------------------------------------------------
# Grams of a text


def test_the_grams_of_a_text():
    assert search.runs("PM2.5浓度，臭氧_超标") == ["pm2", "5浓度", "臭氧", "超标"]
    assert search.grams("臭氧 O3") == {"臭", "氧", "臭氧", "o", "3", "o3"}
    assert search.grams("臭，氧") == {"臭", "氧"}  # no gram across punctuation
    assert search.grams("") == set() and search.grams("——！") == set()
    assert search.query_grams("2026-012") == ["20", "02", "26", "01", "12"]
    assert search.query_grams("王") == ["王"]
    assert search.query_grams("PM2.5") == ["pm", "m2", "5"]
    assert search.gram_term("臭氧") == "臭氧" and search.gram_term("PM") == "pm" and search.gram_term("5") == "5"
    assert search.gram_term("a.") is None and search.gram_term("臭氧污") is None and search.gram_term("_") is None
    # A capital sigma gives one gram wherever it stands (str.lower writes it as final sigma at a word's end).
    assert search.grams("ΟΔΟΣ") >= {"σ"} and search.gram_term("Σ") == "σ"


def test_both_tables_are_installed(app):
    conn = db.session.connection()
    if IS_POSTGRES:
        names = set(conn.execute(sa.text("SELECT indexname FROM pg_indexes WHERE tablename = 'proposal_grams'")).scalars())
        assert {"ix_proposal_grams_names", "ix_proposal_grams_text"} <= names
    else:
        sql = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE name = 'proposal_grams'")).scalar()
        assert "fts5" in sql and "content=''" in sql and "detail='column'" in sql
    assert search._grams_exist(conn)


# ---------------------------------------------------------------------------
# Following the items


@pytest.fixture
def two(app, world):
    with frozen(TODAY):
        a = item("2026-012", dept=world.air, leader=world.leader, title="关于加强臭氧污染防治的建议", body="夏季臭氧浓度超标。PM2.5",
                 proposers=("王小明", "Li Na"), contacts=[(d(3, 1), 1)], replies=[(1, d(4, 1), "A")])
        b = item("2026-345", dept=world.water, leader=world.leader_b, title="关于长江水质保护的建议", body="入河排污口整治",
                 proposers=("赵静",))
        db.session.commit()
        yield a, b


def test_new_items_are_found_by_one_and_two_characters(two):
    assert found("臭氧") == {"2026-012"}
    assert found("水质") == {"2026-345"}
    assert found("质") == {"2026-345"}
    assert found("的") == {"2026-012", "2026-345"}
    assert found("pm") == {"2026-012"} and found("Pm") == {"2026-012"}  # any letter case
    assert found("5") == {"2026-012"}
    assert found("答复") == {"2026-012"}  # the reply's title (关于第…号建议的答复)
    assert found("理解") == {"2026-012"}  # the contact record (代表表示理解)
    assert found("臭氧 水质") == set()
    assert found("臭氧 超标") == {"2026-012"}
    assert found("臭氧 浓度超标") == {"2026-012"}  # a gram word with a trigram word
    assert found("标。") == {"2026-012"}  # a short word with punctuation is still found, by the scan
    assert found("臭。") == set()
    assert found("氧防") == set() and found("氧污") == {"2026-012"} and found("氧浓") == {"2026-012"}
    assert_index_matches_items()


def test_the_list_search_finds_numbers_titles_and_names(two):
    assert listed("2026-012") == {"2026-012"}
    assert listed("012") == {"2026-012"}
    assert listed("2026") == {"2026-012", "2026-345"}
    assert listed("王") == {"2026-012"}
    assert listed("赵静") == {"2026-345"}
    assert listed("li na") == {"2026-012"} and listed("LI") == {"2026-012"}
    assert listed("水质") == {"2026-345"}
    assert listed("超标") == set()  # bodies are not part of the list search
    assert listed("王 小明") == set()  # one substring, blanks and all
    assert listed("明王") == set()  # two names next to each other are not one


def test_edits_of_titles_bodies_and_numbers(two):
    a, b = two
    with frozen(TODAY):
        a.title = "关于挥发性有机物治理的建议"
        a.body = "油烟"
        b.number = "2026-999"
        db.session.commit()
    assert found("臭氧") == set() and found("挥发") == {"2026-012"} and found("油烟") == {"2026-012"}
    assert found("超标") == set()
    assert listed("臭氧") == set() and listed("挥发") == {"2026-012"}
    assert listed("345") == set() and listed("999") == {"2026-999"}
    assert_index_matches_items()


def test_replies_and_contact_records_are_followed(two):
    a, b = two
    with frozen(TODAY):
        b.replies.append(Reply(round=1, state="draft", title="答复意见", body="我厅将开展渔业调查"))
        b.contacts.append(ContactRecord(round=1, stage="during", method="visit", contact_on=d(7, 1), participants="周立伟", deputy_said="关注湿地"))
        db.session.commit()
        assert found("渔业") == {"2026-345"} and found("湿地") == {"2026-345"} and found("周立") == {"2026-345"}
        assert_index_matches_items()
        b.replies[0].body = "我厅将开展鸟类调查"
        b.contacts[0].deputy_said = "关注鱼类"
        db.session.commit()
        assert found("渔业") == set() and found("鸟类") == {"2026-345"}
        assert found("湿地") == set() and found("鱼类") == {"2026-345"}
        assert_index_matches_items()
        db.session.delete(b.replies[0])
        db.session.delete(b.contacts[0])
        db.session.commit()
        assert found("鸟类") == set() and found("鱼类") == set()
        # Moving a contact record to the other item re-indexes both.
        a.contacts[0].proposal_id = b.id
        db.session.commit()
        assert found("理解") == {"2026-345"}
    assert_index_matches_items()


def test_proposers_are_followed(two):
    a, b = two
    with frozen(TODAY):
        b.proposers.append(Proposer(name="欧阳修", is_lead=False, order=5, delegation="临江代表团"))
        db.session.commit()
        assert listed("欧阳") == {"2026-345"}
        assert_index_matches_items()
        a.proposers[0].name = "张三丰"
        db.session.commit()
        assert listed("王") == set() and listed("张三") == {"2026-012"}
        assert_index_matches_items()
        db.session.delete(b.proposers[-1])
        db.session.commit()
        assert listed("欧阳") == set()
        b.proposers[0].proposal_id = a.id  # 赵静 moves to the other item
        db.session.commit()
        assert listed("赵静") == {"2026-012"}
    assert_index_matches_items()


def test_a_deleted_item_leaves_the_index(two):
    a, b = two
    before = grams_rows()
    db.session.delete(a)
    db.session.commit()
    assert found("臭氧") == set() and listed("王") == set() and found("水质") == {"2026-345"}
    assert grams_rows() == before - 1
    assert_index_matches_items()


def test_many_edits_in_a_row_keep_the_index_exact(two):
    """Several rounds on the same rows: an inexact FTS5 'delete' would leave or lose grams."""
    a, b = two
    with frozen(TODAY):
        for i, word in enumerate(["臭氧", "水质", "臭氧", "ΟΔΟΣ Σ", "PM2.5 pm10"]):
            a.title = f"关于{word}的建议{i}"
            a.proposers[1].name = word
            b.body = word * 2
            db.session.commit()
            assert_index_matches_items()
    assert listed("σ") == listed_unindexed("σ")


# ---------------------------------------------------------------------------
# Answers equal to a plain substring check

ALPHABET = "臭氧水质污染治理王李张建议大气河湖长江PMpm25OoAa"
PUNCTUATION = "，。-. 、"


def _random_text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(ALPHABET) if rng.random() > 0.12 else rng.choice(PUNCTUATION) for _ in range(n))


@pytest.fixture
def randoms(app, world):
    rng = random.Random(20261122)
    with frozen(TODAY):
        for i in range(40):
            p = item(
                f"R{i:03d}", dept=world.air, leader=world.leader, title=_random_text(rng, rng.randint(4, 16)), body=_random_text(rng, rng.randint(0, 40)),
                proposers=tuple(_random_text(rng, rng.randint(1, 4)) for _ in range(rng.randint(1, 3))),
                contacts=[(d(3, 1), 1)] if rng.random() < 0.4 else [], replies=[(1, d(4, 1), "A")] if rng.random() < 0.3 else [],
            )
            for c in p.contacts:
                c.deputy_said = _random_text(rng, 12)
            for r in p.replies:
                r.body = _random_text(rng, 12)
        db.session.commit()
        yield rng


def brute_found(q: str) -> set[str]:
    db.session.expire_all()
    words = search.terms(q)
    out = set()
    for p in db.session.scalars(sa.select(Proposal)):
        texts = [t.lower() for t in texts_of(p)]
        if words and all(any(w.lower() in t for t in texts) for w in words):
            out.add(p.number)
    return out


def brute_listed(q: str) -> set[str]:
    needle = q.strip().lower()
    return {p.number for p in db.session.scalars(sa.select(Proposal)) if any(needle in t.lower() for t in names_of(p))}


def _queries(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        size = rng.choice([1, 1, 2, 2, 2, 3, 4])
        word = "".join(rng.choice(ALPHABET + "，.") for _ in range(size))
        if rng.random() < 0.3:
            word += " " + "".join(rng.choice(ALPHABET) for _ in range(rng.choice([1, 2])))
        out.append(word)
    return out


def test_answers_equal_a_substring_check(randoms):
    queries = _queries(randoms, 150) + ["臭氧", "PM", "pm", "Pm", "2", "25", "o", "ao", "臭 氧", "的", "，", "-", "。臭"]
    for q in queries:
        assert found(q) == brute_found(q), q


def test_the_list_search_gives_what_its_unindexed_clause_gives(randoms, world):
    with frozen(TODAY):
        item("2026-012", dept=world.air, title="关于PM2.5与臭氧协同控制的建议", proposers=("欧阳明", "王芳"))
        item("2025-120", dept=world.air, title="关于水质监测的建议", proposers=("王建国",))
        db.session.commit()
    fixed = ["2026-012", "2026", "012", "-", "12", "王", "王芳", "欧阳", "水", "水质", "水质监测", "臭氧协同控制", "PM2.5", "pm2.5",
             "pm", "PM", "Pm", "2.5", "5", "，", "。", "%", "_", "a_", "%臭", "", " ", "  王 ", "王 芳", "不存在", "\\", "'"]
    for q in fixed + _queries(randoms, 120):
        assert listed(q) == listed_unindexed(q), q
        if q.strip() and "%" not in q and "_" not in q and "\\" not in q:
            assert listed(q) == brute_listed(q), q


def test_rebuild_gives_the_same_answers(randoms):
    queries = _queries(randoms, 60)
    before = {q: (found(q), listed(q)) for q in queries}
    index_before = indexed_grams()
    conn = db.session.connection()
    assert search.rebuild(conn) == 40
    assert {q: (found(q), listed(q)) for q in queries} == before
    assert indexed_grams() == index_before == expected_grams()


@pytest.mark.skipif(IS_POSTGRES, reason="PostgreSQL deletes rows of grams by key: nothing to repair")
def test_a_trigram_table_changed_by_hand_is_repaired(two):
    """The SQLite grams are removed with what the trigram table says was indexed: if that table was emptied by
    hand, the next change rebuilds both rather than corrupt the grams."""
    a, b = two
    db.session.connection().execute(sa.delete(search.index_table))
    with frozen(TODAY):
        a.title = "关于扬尘治理的建议"
        db.session.commit()
    assert found("扬尘") == {"2026-012"} and found("水质") == {"2026-345"} and found("防治") == set()
    assert found("扬尘治理") == {"2026-012"} and found("长江水质") == {"2026-345"}
    assert_index_matches_items()


def test_without_the_grams_table_the_answers_are_the_same(two, monkeypatch):
    """A database whose migrations stop before 0007: the short words and the list search scan, same answers."""
    queries = ["臭氧", "水质", "pm", "5", "王", "2026-012", "Li", "臭氧 超标"]
    with_grams = {q: (found(q), listed(q)) for q in queries}
    monkeypatch.setitem(search._grams_present, search._key(db.session.connection()), False)
    assert search.name_candidates("王") is None
    assert {q: (found(q), listed(q)) for q in queries} == with_grams


def test_the_grams_migration_fills_the_table(two):
    conn = db.session.connection()
    search.uninstall_grams(conn)
    assert not search._grams_exist(conn)
    assert found("臭氧") == {"2026-012"}  # by the scan
    search.install_grams(conn)
    assert search._grams_exist(conn)
    assert found("臭氧") == {"2026-012"} and listed("王") == {"2026-012"}
    assert_index_matches_items()


@pytest.mark.skipif(IS_POSTGRES, reason="SQLite's query plan")
def test_short_words_are_answered_by_the_grams_table(two):
    conn = db.session.connection()

    def plan(stmt):
        compiled = stmt.compile(conn, compile_kwargs={"literal_binds": True})
        return " | ".join(str(r) for r in conn.execute(sa.text(f"EXPLAIN QUERY PLAN {compiled}")))

    short = plan(search.matching_ids("臭氧 水"))
    assert "proposal_grams VIRTUAL TABLE INDEX" in short and "proposal_search" not in short
    listing = plan(sa.select(Proposal.id).where(proposal_queries.quick_search_clause("臭氧")))
    assert "proposal_grams VIRTUAL TABLE INDEX" in listing


@pytest.mark.skipif(not IS_POSTGRES, reason="SQLite has one writer at a time")
def test_two_transactions_reindexing_one_item_at_once_both_succeed(two):
    """The second one's DELETE waits for the first, which then inserts and commits: the second's INSERT must
    not fail on the item's key (an upsert), and the index ends with the item's latest text."""
    import threading

    a, _ = two
    db.session.commit()
    engine = db.engine
    first = engine.connect()
    first_tx = first.begin()
    errors: list[BaseException] = []
    try:
        search.reindex(first, [a.id])  # holds the item's rows

        def second():
            try:
                with engine.begin() as conn:
                    search.reindex(conn, [a.id])
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        thread = threading.Thread(target=second)
        thread.start()
        thread.join(timeout=1.0)
        waited = thread.is_alive()
        first_tx.commit()
    finally:
        first.close()
    thread.join(timeout=30)
    assert errors == []
    assert waited, "the second transaction waited for the first"
    assert found("臭氧") == {"2026-012"}
    assert_index_matches_items()


def test_similar_items_are_the_same_with_and_without_the_grams(app, world, monkeypatch):
    """PostgreSQL narrows the candidates of “similar items” with the names grams: the same items, same order."""
    rng = random.Random(7)
    places = ["云水市", "青州市", "南湖县", "江城", "北山区"]
    topics = ["臭氧污染防治", "水质监测", "PM2.5 与臭氧协同控制", "自然保护地整合优化", "土壤污染修复", "噪声治理", "水污染防治"]
    with frozen(TODAY):
        items = [item(f"S{i:03d}", dept=world.air, leader=world.leader, year=rng.choice([2023, 2024, 2025, 2026]),
                      title=f"关于{rng.choice(['加强', '推进', '支持', ''])}{rng.choice(places)}{rng.choice(topics)}的建议",
                      body=rng.choice(topics)) for i in range(40)]
        db.session.commit()

    def similar():
        return [[(s["proposal"].number, s["score"]) for s in search.similar_items(p, world.office, limit=8)] for p in items]

    with_grams = similar()
    assert sum(map(len, with_grams)) > 100  # the titles share words: there is something to compare
    monkeypatch.setitem(search._grams_present, search._key(db.session.connection()), False)
    assert similar() == with_grams
