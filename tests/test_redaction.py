"""The public version (公开版) leaves no personal data in, however it is spelled (issue 11 item 7): phone
and ID numbers in full-width digits, with separators, in Chinese numerals; e-mail addresses; house addresses.
What is not personal (dates, amounts, document and item numbers) stays as written."""
from __future__ import annotations

import pytest

from services.proposals.letters import ADDRESS_MASK, EMAIL_MASK, ID_MASK, PHONE_MASK, scrub

PHONES = [
    "13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "１３８１２３４５６７８", "１３８－１２３４－５６７８",
    "一三八一二三四五六七八", "幺三八 幺二三四 五六七八", "138.1234.5678", "0871-65123456", "（0871）6512 3456", "〇八七一六五一二三四五六",
]
IDS = [
    "330102198805061234", "33010219880506123X", "330102 19880506 1234", "３３０１０２１９８８０５０６１２３Ｘ",
    "三三〇一〇二一九八八〇五〇六一二三四", "330102-1988-0506-123x", "330102880506123",
]
EMAILS = ["zhangsan@163.com", "zhang.san@example.com.cn", "zhang.san ＠ qq . com", "wang (at) example.org", "Li_Hua（at）mail.gov.cn"]
ADDRESSES = [
    "临江市滨江区长江路18号3栋2单元501室", "解放大道一二三号", "青石村3组12号", "阳光花园5栋1单元302室", "人民路１８号",
]
KEPT = ["2026-03-15", "投入资金35000000元", "江南环函〔2026〕31号", "第1037号建议", "二〇二六年三月十五日", "共整改12345处"]


@pytest.mark.parametrize("spelling", PHONES)
def test_phone_numbers_are_redacted_however_written(spelling):
    out = scrub(f"请与我联系{spelling}，谢谢")
    assert PHONE_MASK in out and spelling not in out and out.endswith("，谢谢")


@pytest.mark.parametrize("spelling", IDS)
def test_id_numbers_are_redacted_however_written(spelling):
    out = scrub(f"来信人证件{spelling}。")
    assert ID_MASK in out and spelling not in out


@pytest.mark.parametrize("spelling", EMAILS)
def test_email_addresses_are_redacted(spelling):
    out = scrub(f"可发邮件至 {spelling} 联系")
    assert EMAIL_MASK in out and "@" not in out and "at" not in out.replace("联系", "")


@pytest.mark.parametrize("spelling", ADDRESSES)
def test_house_addresses_are_redacted_without_a_label(spelling):
    out = scrub(f"反映{spelling}旁搅拌站扰民。")
    assert ADDRESS_MASK in out and spelling not in out and out.endswith("旁搅拌站扰民。")


@pytest.mark.parametrize("text", KEPT)
def test_what_is_not_personal_stays(text):
    assert scrub(f"经查，{text}。") == f"经查，{text}。"


def test_the_disclosure_page_shows_the_scrubbed_body(client, world, as_user):
    from extensions import db
    from tests.factories import make_proposal

    p = make_proposal("1037", lead=world.air, leader=world.leader)
    p.sign_for(world.handler_a)
    p.save_draft(world.handler_a, body="顾振宇代表：您反映的搅拌站（临江市长江路18号）已整改，手机一三八一二三四五六七八，邮箱 gu@163.com。",
                 result_class="A", contact_person="周立伟", contact_phone="1")
    db.session.commit()
    response = as_user("office").get(f"/letters/{p.id}/disclosure")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "已整改" in html and PHONE_MASK in html, html[html.find("<main"):][:1500]
    assert "一三八一二三四五六七八" not in html and "gu@163.com" not in html and "长江路18号" not in html
