"""The 答复函 as printed, the 征询意见表 per proposer, and the public version of a reply (no phone, ID or address)."""
from __future__ import annotations

import re

import pytest

from extensions import db
from services.proposals import letters
from tests.conftest import login
from tests.stats_support import TODAY, d, frozen, item

BODY = """顾振宇代表：
您提出的关于加强臭氧污染协同防控的建议收悉。经研究，现答复如下：
一、我厅已于2026年3月印发《挥发性有机物综合治理方案》，安排资金1200万元，PM2.5浓度下降12.3%。
二、5月10日，我厅副厅长王振华带队到临江市走访，与您当面交流（您的手机13812345678，办公电话0571-87001234）。
三、群众来信人李某（身份证号码：330102198805061234，住址：临江市解放路18号3幢2单元501室）反映的问题已转临江市处理。
另可致电 (0571)88886666 或 138 1234 5679 联系，旧证件号 330102880506123 亦已核实。
感谢您对生态环境工作的关心和支持！"""

LEAKS = ["13812345678", "0571-87001234", "330102198805061234", "解放路18号", "88886666", "138 1234 5679", "330102880506123",
         "13900001111", "0571-85550000", "87654321"]


@pytest.fixture
def letter(app, world):
    with frozen(TODAY):
        p = item("1037", dept=world.air, leader=world.leader, state="replied", replied_on=d(5, 10), title="关于加强臭氧污染协同防控的建议",
                 proposers=("顾振宇", "林静", "周海"), phones=("13900001111", "0571-85550000"), contacts=[(d(5, 1), 1)],
                 replies=[(1, d(5, 10), "B")])
        reply = p.replies[0]
        reply.title = "关于省十四届人大四次会议第1037号代表建议的答复"
        reply.body = BODY
        reply.copies = "省人大常委会选举任免联络工作委员会，省政府办公厅"
        reply.contact_person = "周立伟"
        reply.contact_phone = "0571-87654321"
        reply.doc_no = "江南环函〔2026〕56号"
        reply.signed_by_id = world.leader.id
        reply.signed_on = d(5, 8)
        db.session.commit()
        yield p


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_reply_letter_in_the_official_layout(letter, client, world):
    login(client, "handler_a")
    html = client.get(f"/letters/{letter.id}/reply").get_data(as_text=True)
    assert '<span class="class-mark" title="办理结果分类">B</span>' in html
    text = _text(html)
    for part in ("江南省生态环境厅", "江南环函〔2026〕56号", "签发人：王振华", "关于省十四届人大四次会议第1037号代表建议的答复",
                 "顾振宇代表：", "2026年5月10日", "联系人：周立伟，联系电话：0571-87654321",
                 "抄送：省人大常委会选举任免联络工作委员会，省政府办公厅。", "感谢您对生态环境工作的关心和支持！"):
        assert part in text, part
    # One paragraph per line of the body; the body's own salutation is not repeated.
    assert html.count('class="letter-par"') == 6 and text.count("顾振宇代表：") == 1
    assert "style=" not in html


def test_a_draft_is_marked_as_such(letter, client, world):
    letter.replies[0].state = "office_review"
    db.session.commit()
    login(client, "office")
    html = client.get(f"/letters/{letter.id}/reply").get_data(as_text=True)
    assert "尚未发出" in html


def test_without_a_salutation_in_the_body_the_letter_adds_one(letter, client, world):
    letter.replies[0].body = BODY.split("\n", 1)[1]
    db.session.commit()
    login(client, "office")
    assert "顾振宇等代表：" in _text(client.get(f"/letters/{letter.id}/reply").get_data(as_text=True))


def test_a_cppcc_reply_is_addressed_to_the_member(app, world, client):
    with frozen(TODAY):
        p = item("0203", kind="cppcc", dept=world.air, leader=world.leader, state="closed", replied_on=d(5, 1), proposers=("李明",),
                 replies=[(1, d(5, 1), "A")])
        db.session.commit()
        login(client, "office")
        assert "李明委员：" in _text(client.get(f"/letters/{p.id}/reply").get_data(as_text=True))


def test_one_feedback_form_per_proposer(letter, client, world):
    login(client, "office")
    html = client.get(f"/letters/{letter.id}/feedback-forms").get_data(as_text=True)
    assert html.count('class="letter-sheet feedback-sheet"') == 3
    text = _text(html)
    assert "建议办理情况征询意见表" in text
    assert "顾振宇（领衔代表）" in text and "林静" in text and "周海" in text
    assert text.count("□ 满意 □ 基本满意 □ 不满意") == 6  # attitude and result, for each proposer
    assert "江南环函〔2026〕56号" in text


def test_the_public_version_leaks_no_phone_id_or_address(letter, client, world):
    login(client, "office")
    html = client.get(f"/letters/{letter.id}/disclosure").get_data(as_text=True)
    text = _text(html)
    for leak in LEAKS:
        assert leak not in html, leak
    assert "[电话已隐去]" in text and "[证件号码已隐去]" in text and "[地址已隐去]" in text
    # What is not personal stays: dates, money, figures, the document number, the names.
    for kept in ("2026年3月", "1200万元", "PM2.5浓度下降12.3%", "5月10日", "江南环函〔2026〕56号", "顾振宇代表：", "王振华"):
        assert kept in text, kept
    assert "公开版" in text


def test_a_reply_marked_not_public_has_no_public_version(letter, client, world):
    letter.replies[0].disclosure = "private"
    letter.replies[0].disclosure_reason = "涉及个人隐私"
    db.session.commit()
    login(client, "office")
    html = client.get(f"/letters/{letter.id}/disclosure").get_data(as_text=True)
    assert "不提供公开版" in html and "一、我厅" not in html


@pytest.mark.parametrize("raw,expected", [
    ("手机13812345678", "手机：[电话已隐去]"),
    ("电话：0571-87001234。", "电话：[电话已隐去]。"),
    ("请拨 0571 8700 1234", "请拨 [电话已隐去]"),
    ("请拨(0571)87001234转8021", "请拨[电话已隐去]"),
    ("+86-138-1234-5678", "[电话已隐去]"),
    ("身份证330102198805061234。", "身份证[证件号码已隐去]。"),
    ("身份证号码：33010219880506123X", "身份证号码：[证件号码已隐去]"),
    ("住址：临江市解放路18号，", "住址：[地址已隐去]，"),
    ("家住临江市滨江区江南大道100号。", "[地址已隐去]。"),
])
def test_scrub_patterns(raw, expected):
    assert letters.scrub(raw) == expected


@pytest.mark.parametrize("safe", [
    "2026年5月10日", "资金1200万元", "江南环函〔2026〕56号", "PM2.5浓度下降12.3%", "第1037号建议", "2025—2026年", "COD排放量减少3456.78吨",
    "20260510", "省十四届人大四次会议",
])
def test_scrub_leaves_ordinary_numbers_alone(safe):
    assert letters.scrub(safe) == safe


def test_scrub_removes_the_recorded_phones_whatever_their_shape():
    assert letters.scrub("联系 8123-4567 即可", extra=["8123-4567"]) == "联系 [电话已隐去] 即可"


def test_letters_follow_the_items_visibility(letter, client, world):
    login(client, "handler_b")  # 水生态环境处 has nothing to do with this item
    for page in ("reply", "feedback-forms", "disclosure"):
        assert client.get(f"/letters/{letter.id}/{page}").status_code == 404


def test_the_links_partial_for_the_item_page(letter, app, world):
    from flask import render_template

    with app.test_request_context():
        html = render_template("letters/_links.html", p=letter)
    assert f"/letters/{letter.id}/reply" in html and f"/letters/{letter.id}/feedback-forms" in html and f"/letters/{letter.id}/disclosure" in html
