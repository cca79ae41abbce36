"""Importing the 交办清单 through the screens and from the command line: all or nothing, every problem named."""
from __future__ import annotations

import csv
import io
import os
import re
from datetime import datetime

import openpyxl
import pytest

from extensions import db
from models.proposals import Proposal
from tests.factories import make_proposal

HEADERS = ["序号", "建议号", "案由", "领衔代表", "联名代表", "代表团", "工作单位及职务", "联系电话", "交办日期", "主办单位", "办理方式", "是否重点"]


def rows(*extra):
    return [
        ["江南省十四届人大四次会议代表建议交办清单"] + [None] * 11,
        HEADERS,
        [1, 1037, "关于提升基层生态环境执法能力的建议", "杨秀兰", "黄建军、朱雅琴", "北山代表团", "东岭县人民检察院副检察长",
         13957182264, datetime(2026, 3, 18), "省生态环境厅", "主办", "是"],
        [2, "第1038号", "关于推进农村污水治理的建议", "王  芳", "陈七 周八", "江北代表团", "某县农业农村局",
         "0551-1234567", datetime(2026, 3, 18), "省住房城乡建设厅", "会办", "否"],
        *extra,
    ]


def xlsx(table, merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(table, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    for rng in merges:
        ws.merge_cells(rng)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(table, encoding="utf-8"):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([["" if v is None else (v.strftime("%Y-%m-%d") if isinstance(v, datetime) else v) for v in row] for row in table])
    return buf.getvalue().encode(encoding)


def upload(client, data: bytes, name: str = "交办清单.xlsx", **defaults):
    response = client.post("/proposals/import", data={"file": (io.BytesIO(data), name), **defaults}, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:400]
    location = response.headers["Location"]
    return location, client.get(location).get_data(as_text=True)


def count() -> int:
    return db.session.scalar(db.select(db.func.count(Proposal.id)))


def test_a_clean_list_is_previewed_then_saved_whole(client, world, as_user, app):
    office = as_user("office")
    location, preview = upload(office, xlsx(rows()))
    assert "共 2 件，没有发现问题" in preview and count() == 0  # nothing saved by the preview
    # The file waits in the instance folder's uploads, under a random name, not under static/.
    token = location.rsplit("/", 1)[-1]
    kept = os.listdir(os.path.join(app.config["UPLOAD_FOLDER"], "imports"))
    assert any(name.startswith(token) for name in kept) and "交办清单" not in "".join(kept)
    response = office.post(f"{location}/confirm")
    assert response.status_code == 303
    items = {p.number: p for p in db.session.scalars(db.select(Proposal))}
    assert set(items) == {"1037", "1038"}
    assert items["1037"].session_name == "省十四届人大四次会议" and items["1037"].is_key and items["1037"].bureau_role == "lead"
    assert [p.name for p in items["1037"].proposers] == ["杨秀兰", "黄建军", "朱雅琴"]
    assert items["1038"].bureau_role == "co" and items["1038"].external_lead_unit == "省住房城乡建设厅"
    assert items["1038"].proposers[0].name == "王芳"  # a padded two-character name
    assert all(p.is_unassigned for p in items.values())
    assert not [n for n in os.listdir(os.path.join(app.config["UPLOAD_FOLDER"], "imports")) if n.startswith(token)]
    from models.audit import AuditEntry

    entry = db.session.scalars(db.select(AuditEntry).filter_by(action="import")).one()
    assert entry.summary == "导入交办清单《交办清单.xlsx》共 2 件"


@pytest.mark.parametrize(
    "name, table, expected",
    [
        ("bad date", rows([3, 1039, "关于加强臭氧污染防控的建议", "顾振宇", "", "临江代表团", "", "", "三月十八日", "省生态环境厅", "主办", "否"]),
         "第5行“交办日期”列（I列）：日期“三月十八日”无法识别"),
        ("duplicate in file", rows([3, 1037, "重复的建议", "某代表", "", "", "", "", datetime(2026, 3, 18), "", "主办", "否"]),
         "第5行与第3行重复"),
        ("empty title", rows([3, 1040, None, "某代表", "", "", "", "", datetime(2026, 3, 18), "", "主办", "否"]),
         "第5行“案由”列（C列）为空"),
    ],
)
def test_a_broken_list_names_the_row_and_column_and_saves_nothing(client, world, as_user, name, table, expected):
    office = as_user("office")
    location, preview = upload(office, xlsx(table))
    assert expected in preview and "不能导入" in preview
    response = office.post(f"{location}/confirm", follow_redirects=True)
    assert "没有导入任何一件" in response.get_data(as_text=True)
    assert count() == 0


def test_an_item_already_stored_is_a_duplicate(client, world, as_user):
    make_proposal("1038", session_name="省十四届人大四次会议")
    office = as_user("office")
    location, preview = upload(office, xlsx(rows()))
    assert "第4行：建议第1038号（省十四届人大四次会议）已在系统中" in preview
    office.post(f"{location}/confirm")
    assert count() == 1


def test_an_unknown_column_is_mapped_by_the_user_and_the_list_reparsed(client, world, as_user):
    table = rows()
    table[1] = [h if h != "领衔代表" else "建议人" for h in table[1]]  # a header no list template uses
    office = as_user("office")
    location, preview = upload(office, xlsx(table))
    assert "缺少必填的“领衔代表/第一提案人”列" in preview and "未识别" in preview
    headers = re.findall(r'name="header_(\d+)" value="([^"]+)"', preview)
    index = next(i for i, h in headers if h == "建议人")
    response = office.post(location, data={f"header_{index}": "建议人", f"field_{index}": "lead_proposer"})
    assert response.status_code == 303
    preview = office.get(location).get_data(as_text=True)
    assert "没有发现问题" in preview
    office.post(f"{location}/confirm")
    assert count() == 2


def test_gbk_csv_with_empty_rows_and_defaults_from_the_form(client, world, as_user):
    table = [
        ["提案号", "案由", "第一提案人", "界别", "附议人"],
        ["0123", "关于推进农村生活污水治理的提案", "钱立华", "民盟界", "孙丽"],
        ["", "", "", "", ""],
        ["0124", "关于加强塑料污染治理的提案", "赵敏", "农工党界", ""],
    ]
    office = as_user("office")
    location, preview = upload(office, csv_bytes(table, "gbk"), "提案清单.csv",
                               session_name="省政协十三届四次会议", assigned_on="2026-02-10")
    assert "共 2 件，没有发现问题" in preview
    office.post(f"{location}/confirm")
    items = db.session.scalars(db.select(Proposal).order_by(Proposal.number)).all()
    assert [(p.kind, p.number, p.session_name, str(p.assigned_on)) for p in items] == [
        ("cppcc", "0123", "省政协十三届四次会议", "2026-02-10"), ("cppcc", "0124", "省政协十三届四次会议", "2026-02-10")]


def test_merged_cells_are_filled_from_their_top_left_value(client, world, as_user):
    table = rows([3, 1041, "关于加强噪声污染防治的建议", "林海", "", "临江代表团", "", "", None, "省生态环境厅", "主办", "否"])
    office = as_user("office")
    # 交办日期 merged down rows 3-5 (one date for the whole batch, as lists often do).
    location, preview = upload(office, xlsx(table, merges=["I3:I5"]))
    assert "共 3 件，没有发现问题" in preview
    office.post(f"{location}/confirm")
    assert {str(p.assigned_on) for p in db.session.scalars(db.select(Proposal))} == {"2026-03-18"}


def test_only_the_uploader_sees_a_kept_upload_and_junk_tokens_are_404(client, world, as_user):
    office = as_user("office")
    location, _ = upload(office, xlsx(rows()))
    assert office.get("/proposals/import/../../etc/passwd").status_code == 404
    assert office.get("/proposals/import/short").status_code == 404
    from tests.factories import make_user
    from models.org import Role

    make_user("office2", Role.OFFICE)
    db.session.commit()
    other = as_user("office2")
    assert other.get(location).status_code == 404


def test_a_file_that_is_not_a_list_is_refused_in_chinese(client, world, as_user):
    office = as_user("office")
    location, preview = upload(office, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版.xls")
    assert "暂不支持旧版 Excel（.xls）文件" in preview and count() == 0


def test_the_command_line_imports_all_or_nothing(runner, world, tmp_path):
    good = tmp_path / "清单.xlsx"
    good.write_bytes(xlsx(rows()))
    bad = tmp_path / "有错的清单.xlsx"
    bad.write_bytes(xlsx(rows([3, 1039, "关于加强臭氧污染防控的建议", "顾振宇", "", "", "", "", "三月", "省生态环境厅", "主办", "否"])))

    result = runner.invoke(args=["import-proposals", str(bad)])
    assert result.exit_code == 1
    assert "导入失败，没有保存任何内容" in result.output and "第5行“交办日期”列（I列）：日期“三月”无法识别" in result.output
    assert count() == 0

    result = runner.invoke(args=["import-proposals", str(good)])
    assert result.exit_code == 0, result.output
    assert "已导入 2 件" in result.output and count() == 2

    # The same file again: every row is a duplicate, nothing more is saved.
    result = runner.invoke(args=["import-proposals", str(good)])
    assert result.exit_code == 1 and "已在系统中" in result.output and count() == 2


def test_the_command_line_takes_column_mappings_and_defaults(runner, world, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([["编号", "题目", "交办日期", "建议人"], ["2001", "关于加强秸秆禁烧的建议", "2026-03-18", "陈刚"]]))
    result = runner.invoke(args=["import-proposals", str(path)])
    assert result.exit_code == 1 and "建议人" in result.output
    result = runner.invoke(args=["import-proposals", str(path), "--map", "建议人=lead_proposer", "--kind", "npc",
                                 "--session", "省十四届人大四次会议"])
    assert result.exit_code == 0, result.output
    p = db.session.scalars(db.select(Proposal)).one()
    assert (p.number, p.proposers[0].name, p.kind) == ("2001", "陈刚", "npc")


def test_an_unrecognised_column_with_content_must_be_mapped_or_set_aside_before_confirming(client, world, as_user):
    table = rows()
    table[1] = [h if h != "联名代表" else "联名" for h in table[1]]  # 联名 alone is not a header the parser knows
    office = as_user("office")
    location, preview = upload(office, xlsx(table))
    assert "没有发现问题" not in preview
    summary = preview.split('id="import-summary"')[1].split("</div>\n  <form")[0]
    assert "“联名”列（2 行有内容）" in summary
    assert re.search(r"<button[^>]*disabled[^>]*>确认导入 2 件</button>", preview)
    # The server refuses a confirm without the acknowledgement: nothing saved, the preview says why.
    response = office.post(f"{location}/confirm")
    assert response.status_code == 422 and "联名" in response.get_data(as_text=True)
    assert count() == 0
    headers = re.findall(r'name="header_(\d+)" value="([^"]+)"', preview)
    index = next(i for i, h in headers if h == "联名")
    # Re-reading the mapping without a choice for that column does not acknowledge it.
    office.post(location, data={f"header_{index}": "联名", f"field_{index}": "?"})
    assert re.search(r"<button[^>]*disabled[^>]*>确认导入", office.get(location).get_data(as_text=True))
    office.post(location, data={f"header_{index}": "联名", f"field_{index}": ""})  # 不导入
    preview = office.get(location).get_data(as_text=True)
    assert "没有发现问题" in preview and not re.search(r"<button[^>]*disabled[^>]*>确认导入", preview)
    assert office.post(f"{location}/confirm").status_code == 303
    assert count() == 2


def test_an_unrecognised_column_mapped_to_a_field_is_imported(client, world, as_user):
    table = rows()
    table[1] = [h if h != "联名代表" else "联名" for h in table[1]]
    office = as_user("office")
    location, preview = upload(office, xlsx(table))
    index = next(i for i, h in re.findall(r'name="header_(\d+)" value="([^"]+)"', preview) if h == "联名")
    office.post(location, data={f"header_{index}": "联名", f"field_{index}": "co_proposers"})
    assert office.post(f"{location}/confirm").status_code == 303
    p = db.session.scalars(db.select(Proposal).where(Proposal.number == "1037")).one()
    assert {"黄建军", "朱雅琴"} <= {pr.name for pr in p.proposers}


def test_an_unrecognised_empty_column_needs_no_acknowledgement(client, world, as_user):
    table = rows()
    table[1] = table[1] + ["备注"]
    office = as_user("office")
    _, preview = upload(office, xlsx(table))
    assert "没有发现问题" in preview
