"""Chinese substring search (SQLite FTS5 trigram / PostgreSQL pg_trgm): 1–2 and 3+ character words, titles,
bodies, replies and contact records, highlighting, visibility, the index following edits, similar earlier items."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import render_template
from markupsafe import Markup

from extensions import db
from models.proposals import ContactRecord, Proposal
from services import search
from tests.conftest import IS_POSTGRES, login
from tests.stats_support import TODAY, d, frozen, item


@pytest.fixture
def corpus(app, world):
    with frozen(TODAY):
        c = type("Corpus", (), {})()
        c.ozone = item("S01", dept=world.air, leader=world.leader, title="关于加强臭氧污染防治的建议", body="夏季臭氧浓度超标天数增多。")
        c.ozone_2024 = item("S02", dept=world.air, leader=world.leader, year=2024, assigned_on=d(2, 10, 2024), title="关于臭氧污染协同治理的建议",
                            body="建议开展臭氧前体物协同控制。", state="closed", replied_on=d(5, 1, 2024), replies=[(1, d(5, 1, 2024), "A")])
        c.river = item("S03", dept=world.water, leader=world.leader_b, title="关于长江水生态保护修复的建议", body="建议加强入河排污口整治。")
        c.diesel = item("S04", dept=world.air, leader=world.leader, year=2025, assigned_on=d(2, 10, 2025), title="关于推进机动车尾气治理的提案",
                        kind="cppcc", contacts=[(d(3, 1, 2025), 1)], replies=[(1, d(4, 1, 2025), "B")])
        c.diesel.replies[0].body = "我厅将加快淘汰老旧柴油货车。"
        c.diesel.contacts[0].deputy_said = "代表希望加大PM2.5监测力度。"
        c.markup = item("S05", dept=world.air, leader=world.leader, title="<b>警告</b>臭氧 & 污染")
        db.session.commit()
        yield c


def numbers(q: str, user) -> set[str]:
    return set(db.session.scalars(sa.select(Proposal.number).where(search.full_text_clause(q), _visible(user))))


def _visible(user):
    from services.proposals.queries import visible_to

    return visible_to(user)


def test_the_index_is_installed(app):
    conn = db.session.connection()
    if IS_POSTGRES:
        names = set(conn.execute(sa.text("SELECT indexname FROM pg_indexes WHERE tablename = 'proposal_search'")).scalars())
        assert {f"ix_proposal_search_{c}_trgm" for c in search.COLUMNS} <= names
        assert conn.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).scalar() == 1
    else:
        sql = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE name = 'proposal_search'")).scalar()
        assert "fts5" in sql and "trigram" in sql


def test_two_characters_find_the_word_inside_a_longer_one(corpus, world):
    assert numbers("臭氧", world.office) == {"S01", "S02", "S05"}


def test_three_or_more_characters(corpus, world):
    assert numbers("臭氧污染", world.office) == {"S01", "S02"}
    assert numbers("污染防治", world.office) == {"S01"}


def test_one_character(corpus, world):
    assert numbers("臭", world.office) == {"S01", "S02", "S05"}


def test_bodies_replies_and_contact_records_are_searched(corpus, world):
    assert numbers("超标", world.office) == {"S01"}  # body, 2 characters
    assert numbers("入河排污口", world.office) == {"S03"}  # body
    assert numbers("柴油货车", world.office) == {"S04"}  # reply
    assert numbers("pm2.5", world.office) == {"S04"}  # contact record, any letter case


def test_every_word_must_match(corpus, world):
    assert numbers("臭氧 协同", world.office) == {"S02"}
    assert numbers("臭氧 长江", world.office) == set()


def test_only_visible_items_are_found(corpus, world):
    assert numbers("臭氧", world.handler_b) == set()
    assert numbers("排污口", world.handler_a) == set()
    assert numbers("排污口", world.head_b) == {"S03"}


def test_the_page_highlights_matches_and_escapes_the_rest(corpus, world, client):
    login(client, "office")
    html = client.get("/search?q=臭氧").get_data(as_text=True)
    assert "<mark>臭氧</mark>" in html
    assert "&lt;b&gt;警告&lt;/b&gt;<mark>臭氧</mark> &amp; 污染" in html
    assert "<b>警告</b>" not in html
    assert "共找到 <strong class=\"search-total\">3</strong> 件" in html
    # A body match is shown in context.
    html = client.get("/search?q=超标").get_data(as_text=True)
    assert "夏季臭氧浓度<mark>超标</mark>天数增多" in html


def test_htmx_active_search_gets_the_results_only(corpus, world, client):
    login(client, "office")
    response = client.get("/search?q=柴油", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "<html" not in html and "<mark>柴油</mark>" in html
    assert "HX-Request" in response.headers["Vary"]


def test_highlight_escapes_first():
    assert search.highlight("a<b>臭氧</b>", "臭氧") == Markup("a&lt;b&gt;<mark>臭氧</mark>&lt;/b&gt;")
    assert search.highlight("x<b>y", "<b>") == Markup("x<mark>&lt;b&gt;</mark>y")
    assert search.highlight("PM2.5浓度", "pm2.5") == Markup("<mark>PM2.5</mark>浓度")


def test_the_index_follows_edits(corpus, world):
    with frozen(TODAY):
        corpus.ozone.title = "关于挥发性有机物综合治理的建议"
        db.session.commit()
        assert numbers("挥发性", world.office) == {"S01"}
        assert numbers("污染防治", world.office) == set()
        corpus.river.contacts.append(ContactRecord(round=1, stage="during", method="visit", contact_on=d(7, 1), deputy_said="关注渔业资源恢复"))
        db.session.commit()
        assert numbers("渔业资源", world.office) == {"S03"}
        db.session.delete(corpus.markup)
        db.session.commit()
        left = db.session.execute(sa.select(sa.func.count()).select_from(search.index_table)).scalar()
        assert left == 4


def test_a_verb_on_the_model_updates_the_index(app, world):
    from tests.factories import make_proposal

    with frozen(TODAY):
        p = make_proposal("2001", lead=world.air, leader=world.leader, title="关于餐饮油烟治理的建议")
        assert numbers("油烟", world.office) == {"2001"}
        p.sign_for(world.handler_a)
        p.add_contact(world.handler_a, stage="before", method="phone", contact_on=TODAY, participants="周立伟", leader_present=False,
                      deputy_said="建议推广油烟在线监控")
        db.session.commit()
        assert numbers("在线监控", world.office) == {"2001"}


def test_rebuild_refills_the_index(corpus, world):
    conn = db.session.connection()
    search.clear(conn)  # both tables: the trigrams and the grams (1–2 character words)
    assert numbers("臭氧", world.office) == set()
    assert numbers("臭氧污染", world.office) == set()
    assert search.rebuild(conn) == 5
    assert numbers("臭氧污染", world.office) == {"S01", "S02"}
    assert numbers("臭氧", world.office) == {"S01", "S02", "S05"}


@pytest.mark.skipif(IS_POSTGRES, reason="SQLite's query plan")
def test_long_words_use_the_trigram_index(corpus):
    conn = db.session.connection()
    stmt = search.matching_ids("臭氧污染")
    compiled = stmt.compile(conn, compile_kwargs={"literal_binds": True})
    plan = " ".join(str(r) for r in conn.execute(sa.text(f"EXPLAIN QUERY PLAN {compiled}")))
    assert "VIRTUAL TABLE INDEX" in plan


def test_similar_earlier_items(corpus, world):
    similar = search.similar_items(corpus.ozone, world.office)
    assert [s["proposal"].number for s in similar] == ["S02"]
    assert similar[0]["earlier"] and "臭氧污" in similar[0]["shared"]
    # Seen from the earlier item, the later one is not “earlier”.
    assert search.similar_items(corpus.ozone_2024, world.office) == []
    # Nobody is shown what they may not see.
    assert search.similar_items(corpus.ozone, world.handler_b) == []


def test_similar_items_earlier_years_first(app, world):
    with frozen(TODAY):
        now = item("T01", dept=world.air, leader=world.leader, title="关于加强臭氧污染防治和挥发性有机物管控的建议")
        same_year = item("T02", dept=world.air, leader=world.leader, title="关于臭氧污染防治和挥发性有机物管控的建议")
        older = item("T03", dept=world.air, leader=world.leader, year=2023, title="关于臭氧污染防治的建议")
        oldest = item("T04", dept=world.air, leader=world.leader, year=2021, title="关于挥发性有机物管控的建议")
        item("T05", dept=world.air, leader=world.leader, year=2022, title="关于农村生活污水治理的建议")
        db.session.commit()
        got = [s["proposal"].number for s in search.similar_items(now, world.office)]
    assert got[:2] == ["T03", "T04"] or got[:2] == ["T04", "T03"]
    assert got[-1] == "T02" and "T05" not in got
    assert {older.number, oldest.number, same_year.number} == set(got)


def test_the_similar_items_partial(corpus, world, client):
    login(client, "office")
    with client.application.test_request_context():
        from flask_login import login_user

        login_user(world.office)
        html = render_template("search/_similar.html", p=corpus.ozone)
    assert "类似件" in html and "关于臭氧污染协同治理的建议" in html and "2024年" in html


def test_without_the_index_the_search_still_answers(corpus, world, monkeypatch):
    """A database built by migrations that predate the index: same answers, no similar items, no failure."""
    key = search._key(db.session.connection())
    monkeypatch.setitem(search._present, key, False)
    assert numbers("臭氧", world.office) == {"S01", "S02", "S05"}
    assert numbers("柴油货车", world.office) == {"S04"}
    assert numbers("pm2.5", world.office) == {"S04"}
    assert search.similar_items(corpus.ozone, world.office) == []


def test_the_item_page_shows_similar_earlier_items(app, world, client):
    with frozen(TODAY):
        now = item("T01", dept=world.air, leader=world.leader, title="关于加强臭氧污染防治的建议")
        item("T03", dept=world.air, leader=world.leader, year=2023, title="关于臭氧污染防治的建议", state="closed",
             replied_on=d(5, 1, 2023), replies=[(1, d(5, 1, 2023), "A")])
        db.session.commit()
        login(client, "handler_a")
        page = client.get(f"/proposals/{now.id}").get_data(as_text=True)
        # The page does not wait for them: the block is loaded after it, from its own address.
        fragment_url = f"/search/similar/{now.id}"
        assert f'hx-get="{fragment_url}"' in page and 'hx-trigger="load"' in page
        assert "关于臭氧污染防治的建议" not in page
        html = client.get(fragment_url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "类似件" in html and "关于臭氧污染防治的建议" in html and "看答复" in html
    assert "<html" not in html


def test_similar_items_of_an_item_one_may_not_see_are_not_found(app, world, client):
    with frozen(TODAY):
        hidden = item("T01", dept=world.air, leader=world.leader, title="关于加强臭氧污染防治的建议")
        twin = item("T02", dept=world.air, leader=world.leader, title="关于臭氧污染防治工作的建议")
        water = item("T03", dept=world.water, leader=world.leader_b, title="关于加强臭氧污染协同防治的建议")
        db.session.commit()
        login(client, "handler_b")
        assert client.get(f"/search/similar/{hidden.id}").status_code == 404
        # 水生态环境处 finds nothing of 大气环境处 among its own item's similar ones.
        page = client.get(f"/search/similar/{water.id}").get_data(as_text=True)
        assert "类似件" in page and hidden.title not in page and twin.title not in page
        other = app.test_client()
        login(other, "handler_a")
        page = other.get(f"/search/similar/{hidden.id}").get_data(as_text=True)
        assert f"第{twin.number}号 {twin.title}" in page and water.title not in page
        assert other.get("/search/similar/999999").status_code == 404
