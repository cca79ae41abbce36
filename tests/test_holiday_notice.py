"""The State Council's notice pasted in (or a small table imported): parsed, previewed, then saved, and every
deadline that depends on the table recomputed in the same transaction."""
import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import time_machine

from extensions import db
from models.audit import AuditEntry
from models.settings import WorkdayEntry, WorkdayYear
from models import workcal
from services.holiday_notice import parse_notice, parse_table
from rules.workdays import WorkdayCalendar, package_entries
from tests.conftest import login
from tests.factories import make_proposal

NOTICES = Path(__file__).parent / "fixtures" / "holiday_notices"


def notice(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_real_notice_parses_to_exactly_the_package_data(year):
    parsed = parse_notice(notice(year))
    assert parsed.year == year and parsed.unread == []
    assert {(d, k) for d, k, _ in parsed.rows} == {(d, k) for d, k, _ in package_entries(year)}


@pytest.mark.parametrize("year", [2017, 2018, 2023, 2024])
def test_older_wordings_give_the_same_working_days_as_the_package(year):
    """（星期日）, “与周末连休”, “补休”, two festivals in one section, a range across the new year; the
    package's last days of December come from the next year's notice, so the comparison stops before them."""
    parsed = parse_notice(notice(year))
    ours = WorkdayCalendar.from_entries([(d, k) for d, k, _ in parsed.rows], [year])
    theirs = WorkdayCalendar.from_package([year])
    day = date(year, 1, 1)
    while day < date(year, 12, 20):
        assert ours.is_working_day(day) == theirs.is_working_day(day), day
        day = day.fromordinal(day.toordinal() + 1)


def test_wording_variants():
    p2017 = parse_notice(notice(2017))
    assert [(r.name, r.start, r.end) for r in p2017.ranges][0] == ("元旦", date(2017, 1, 1), date(2017, 1, 2))  # 补休
    labour = next(r for r in p2017.ranges if r.name == "劳动节")
    assert (labour.start, labour.end) == (date(2017, 4, 29), date(2017, 5, 1))  # 与周末连休
    both = next(r for r in p2017.ranges if "国庆" in r.name)
    assert (both.name, both.start, both.end, both.workdays) == ("中秋节、国庆节", date(2017, 10, 1), date(2017, 10, 8), [date(2017, 9, 30)])
    p2023 = parse_notice(notice(2023))
    assert (date(2022, 12, 31), "holiday", "元旦") in p2023.rows  # a range that starts in the previous year
    p2024 = parse_notice(notice(2024))
    assert p2024.unread == ["鼓励各单位结合带薪年休假等制度落实,安排职工在除夕（2月9日）休息"]
    assert date(2024, 2, 9) not in p2024.days("holiday")
    # The 2026 notice's standard sentence: a range end without its month, make-up days after 上班.
    spring = next(r for r in parse_notice(notice(2026)).ranges if r.name == "春节")
    assert (spring.start, spring.end, spring.days, spring.workdays) == (date(2026, 2, 15), date(2026, 2, 23), 9, [date(2026, 2, 14), date(2026, 2, 28)])


def test_a_notice_pasted_as_one_line_reads_the_same():
    text = notice(2026)
    assert parse_notice(text.replace("\n", "")).rows == parse_notice(text).rows


def test_an_unreadable_sentence_is_listed_not_guessed():
    text = "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n二、春节：另行通知。\n三、劳动节：5月1日至35日放假。"
    parsed = parse_notice(text)
    assert parsed.days("holiday") == [date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)]
    assert parsed.unread == ["另行通知", "5月1日至35日放假", "通知中没有读到春节、清明节、劳动节、端午节、中秋节、国庆节的放假安排，保存后该年这些节日不再放假"]
    assert parse_notice("没有年份的文字").unread and parse_notice("没有年份的文字").rows == []


def test_the_table_import_is_all_or_nothing_naming_row_and_column():
    good = "日期,类型,名称\n2027-01-01,放假,元旦\n2027-02-20,上班,春节\n".encode()
    parsed = parse_table("a.csv", good)
    assert parsed.ok and parsed.rows == [(date(2027, 1, 1), "holiday", "元旦"), (date(2027, 2, 20), "workday", "春节")]
    bad = "日期,类型\n2027-01-01,放假\n2027-13-01,放假\n2027-02-03,休假\n".encode()
    parsed = parse_table("b.csv", bad)
    assert parsed.rows == [] and not parsed.ok
    assert parsed.unread == ["第 3 行“日期”列（A列）：“2027-13-01”不是日期（格式如 2027-01-01）", "第 4 行“类型”列（B列）：“休假”应为“放假”或“上班”"]
    assert parse_table("c.csv", "日期,名称\n2027-01-01,元旦\n".encode()).unread == ["第 1 行（表头）缺少“类型”列"]


@time_machine.travel("2026-12-01 09:00 +0800", tick=False)
def test_the_admin_pastes_a_notice_sees_the_preview_and_saves_it(client, world):
    workcal.fill_known_years()
    db.session.commit()
    # 1 Oct 2026 + 3 months = 1 Jan 2027 (元旦, predicted): Mon 4 Jan; 9 Oct + 3 months = Sat 9 Jan: Mon 11 Jan.
    # The notice gives Mon 4 Jan off (p moves later, to 5 Jan) and makes Sat 9 Jan a working day (q moves earlier).
    p = make_proposal("0901", assigned_on=date(2026, 10, 1), lead=world.air, leader=world.leader)
    q = make_proposal("0902", assigned_on=date(2026, 10, 9), lead=world.air, leader=world.leader)
    assert (p.statutory_deadline, q.statutory_deadline) == (date(2027, 1, 4), date(2027, 1, 11))
    text = ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至4日（周一）放假调休，共4天。1月9日（周六）上班。\n"
            "二、春节：2月5日（农历除夕、周五）至11日（周四）放假调休，共7天。")
    login(client, "admin")
    page = client.post("/admin/workdays/notice", data={"text": text})
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "2027-01-01 至 2027-01-04，共 4 天" in body and "2027-01-09（周六）" in body
    assert "保存后将调整 2 项日期，涉及 2 件" in body
    assert "因节假日安排调整，期限由 2027-01-04 改为 2027-01-05（法定期限）" in body
    # Nothing saved by the preview.
    db.session.expire_all()
    assert db.session.get(WorkdayYear, 2027) is None and db.session.get(WorkdayEntry, date(2027, 1, 4)) is None
    saved = client.post("/admin/workdays/notice", data={"text": text, "confirm": "1"})
    assert saved.status_code == 303
    db.session.expire_all()
    assert db.session.get(WorkdayYear, 2027).source == "notice"
    workcal.invalidate()
    assert not workcal.calendar().is_predicted(2027)
    assert workcal.calendar().is_working_day(date(2027, 1, 9))
    p, q = db.session.get(type(p), p.id), db.session.get(type(q), q.id)
    assert p.statutory_deadline == date(2027, 1, 5)
    assert q.statutory_deadline == date(2027, 1, 9)
    entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.object_type == "proposal", AuditEntry.object_id == q.id,
                                                             AuditEntry.action == "deadline_earlier")).all()
    assert [e.summary for e in entries] == ["因节假日安排调整，期限由 2027-01-11 改为 2027-01-09（法定期限）"]


@time_machine.travel("2026-12-01 09:00 +0800", tick=False)
def test_an_excel_table_is_imported_and_a_bad_one_is_refused_whole(client, world):
    login(client, "admin")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["日期", "类型", "名称"])
    ws.append([date(2027, 1, 1), "放假", "元旦"])
    ws.append([date(2027, 1, 9), "上班", "元旦"])
    buf = io.BytesIO()
    wb.save(buf)
    page = client.post("/admin/workdays/import", data={"file": (io.BytesIO(buf.getvalue()), "2027.xlsx")}, content_type="multipart/form-data")
    assert page.status_code == 200 and "放假 1 天，调休上班 1 天" in page.get_data(as_text=True)
    bad = client.post("/admin/workdays/import", data={"file": (io.BytesIO("日期,类型\n2027-01-01,放\n".encode()), "x.csv")},
                      content_type="multipart/form-data")
    assert bad.status_code == 422 and "第 2 行“类型”列（B列）" in bad.get_data(as_text=True)
    table = "日期,类型,名称\n2027-01-01,放假,元旦\n2027-01-09,上班,元旦\n"
    assert client.post("/admin/workdays/import", data={"table": table, "confirm": "1"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(WorkdayYear, 2027).source == "import"
    assert db.session.get(WorkdayEntry, date(2027, 1, 9)).kind == "workday"


DEC_2027_NOTICE = ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n"
                   "二、春节：2月5日（农历除夕、周五）至11日（周四）放假调休，共7天。2月20日（周六）上班。")


@pytest.mark.parametrize("role", ["admin", "office"])
def test_from_november_the_workbench_says_next_year_is_only_predicted(client, world, role):
    with time_machine.travel("2026-10-31 09:00 +0800", tick=False):
        login(client, role)
        assert "2027 年节假日安排待录入" not in client.get("/").get_data(as_text=True)
    with time_machine.travel("2026-11-01 09:00 +0800", tick=False):
        login(client, role)
        page = client.get("/").get_data(as_text=True)
        assert "2027 年节假日安排待录入" in page and "按法定节假日预测，调休安排公布后可能调整" in page
        assert 'href="/admin/workdays/notice"' in page
        assert client.get("/admin/workdays/notice").status_code == 200
        assert client.post("/admin/workdays/notice", data={"text": DEC_2027_NOTICE, "confirm": "1"}).status_code == 303
        assert "2027 年节假日安排待录入" not in client.get("/").get_data(as_text=True)


def test_the_workbench_warning_is_not_for_a_department(client, world):
    with time_machine.travel("2026-12-01 09:00 +0800", tick=False):
        login(client, "handler_a")
        assert "节假日安排待录入" not in client.get("/").get_data(as_text=True)
        assert client.get("/admin/workdays/notice").status_code == 403


@time_machine.travel("2026-12-01 09:00 +0800", tick=False)
def test_a_deadline_moved_earlier_is_shown_to_its_department(client, world, as_user):
    # 20 Nov 2026 + 3 months = Sat 20 Feb 2027: predicted Mon 22 Feb; the notice makes 20 Feb a working day.
    p = make_proposal("0911", assigned_on=date(2026, 11, 20), lead=world.air, leader=world.leader)
    other = make_proposal("0912", assigned_on=date(2026, 11, 20), lead=world.water, leader=world.leader_b)
    assert p.statutory_deadline == date(2027, 2, 22)
    as_user("admin").post("/admin/workdays/notice", data={"text": DEC_2027_NOTICE, "confirm": "1"})
    as_user("handler_a")
    page = client.get("/").get_data(as_text=True)
    assert "期限因节假日安排调整提前" in page
    listing = client.get("/proposals/?state=moved_earlier").get_data(as_text=True)
    assert "共 1 件" in listing and "0911" in listing and "0912" not in listing
    detail = client.get(f"/proposals/{p.id}").get_data(as_text=True)
    assert "因节假日安排调整，期限由 2027-02-22 改为 2027-02-20（法定期限）" in detail
    # 水生态环境处's own item moved the same way; each 处室 sees only its own.
    listing_b = as_user("handler_b").get("/proposals/?state=moved_earlier").get_data(as_text=True)
    assert "共 1 件" in listing_b and "0912" in listing_b and "0911" not in listing_b


@time_machine.travel("2026-12-01 09:00 +0800", tick=False)
def test_a_day_edited_by_hand_can_be_previewed_before_saving(client, world):
    p = make_proposal("0921", assigned_on=date(2026, 10, 1), lead=world.air, leader=world.leader)
    assert p.statutory_deadline == date(2027, 1, 4)
    login(client, "admin")
    data = {"day": "2027-01-04", "kind": "holiday", "name": "地方调整"}
    page = client.post("/admin/workdays", data={**data, "preview": "1"}).get_data(as_text=True)
    assert "保存后将调整 1 项日期" in page and "因节假日安排调整，期限由 2027-01-04 改为 2027-01-05（法定期限）" in page
    assert 'value="地方调整"' in page
    db.session.expire_all()
    assert db.session.get(WorkdayEntry, date(2027, 1, 4)) is None and db.session.get(type(p), p.id).statutory_deadline == date(2027, 1, 4)
    assert client.post("/admin/workdays", data=data).status_code == 303
    db.session.expire_all()
    assert db.session.get(type(p), p.id).statutory_deadline == date(2027, 1, 5)
