"""Tests for services.proposals.importer (the 交办清单 parser). Files are built in memory."""

import csv
import io
import re
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from services.proposals.importer import (
    FIELDS,
    ParseResult,
    Problem,
    parse,
    read_table,
    suggest_field,
)

CJK = re.compile(r"[\u4e00-\u9fff]")


def make_xlsx(rows, merges=(), sheet_title="Sheet1"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    for rng in merges:
        ws.merge_cells(rng)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def make_csv(rows, encoding="utf-8"):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode(encoding)


NPC_HEADERS = ["序号", "建议号", "案由", "领衔\n代表", "联名代表", "代表团", "工作单位及职务",
               "联系电话", "交办日期*", "交办文号", "主办单位", "会办单位", "办理方式", "是否重点"]


def npc_list():
    return [
        ["2026年省十四届人大四次会议代表建议交办清单"] + [None] * 13,
        NPC_HEADERS,
        [1, 1037, "关于加强长江流域\n生态保护的建议", "张三", "李四、王五，赵六", "省会代表团",
         "某市某局局长", 13800138000, datetime(2026, 3, 15), "省人大常委会办公厅〔2026〕12号",
         "省生态环境厅", "省水利厅；省自然资源厅", "主办", "是"],
        [2, "第1038号", "关于推进农村污水治理的建议", "王  芳", "陈七 周八", "江北代表团",
         "某县农业农村局", "0551-1234567", datetime(2026, 3, 15), "省人大常委会办公厅〔2026〕12号",
         "省住房城乡建设厅", "省生态环境厅", "会办", "否"],
    ]


# --- suggest_field --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("建议号", "number"),
        ("提案编号", "number"),
        ("序号", None),
        ("文号", "doc_no"),
        ("交办文号", "doc_no"),
        (" 案 由 ", "title"),
        ("领衔\n代表*", "lead_proposer"),
        ("（第一提案人）", "lead_proposer"),
        ("交办日期（年/月/日）", "assigned_on"),
        ("联名委员", "co_proposers"),
        ("界别党派", "delegation"),
        ("工作单位及职务", "proposer_unit"),
        ("手机", "proposer_phone"),
        ("交办机构", "assigning_body"),
        ("协办单位", "co_units"),
        ("本单位角色", "bureau_role"),
        ("是否重点", "is_key"),
        ("届次会次", "session_name"),
        ("类别期间", "period"),
        ("年份", "year"),
        ("层级", "level"),
        ("建议类型", "kind"),
        ("提案内容", "body"),
        ("主办", "lead_unit"),
        ("备注", None),
        ("", None),
    ],
)
def test_suggest_field(header, expected):
    assert suggest_field(header) == expected


def test_fields_labels_are_chinese():
    assert len(FIELDS) == 20
    assert FIELDS["number"] == "编号"
    assert FIELDS["assigned_on"] == "交办日期"
    assert all(CJK.search(label) for label in FIELDS.values())


# --- clean files --------------------------------------------------------------------


def test_clean_xlsx_with_title_row_and_header_variants():
    data = make_xlsx(npc_list(), merges=["A1:N1"])
    result = parse("清单.xlsx", data, defaults={"bureau_name": "省生态环境厅"})

    assert result.problems == []
    assert result.ok is True
    assert result.header_row == 2
    assert result.headers[3] == "领衔代表"
    assert result.headers[8] == "交办日期"
    assert result.mapping["建议号"] == "number"
    assert result.mapping["序号"] is None
    assert result.mapping["领衔代表"] == "lead_proposer"
    assert result.unmapped == []
    assert [r.row for r in result.rows] == [3, 4]

    first = result.rows[0].values
    assert first["number"] == "1037"
    assert first["title"] == "关于加强长江流域生态保护的建议"
    assert first["kind"] == "npc"  # from the headers 建议号/领衔代表/代表团
    assert first["session_name"] == "省十四届人大四次会议"  # from the title row
    assert first["level"] == "provincial"
    assert first["period"] == "session"
    assert first["year"] == 2026
    assert first["assigned_on"] == date(2026, 3, 15)
    assert first["proposer_phone"] == "13800138000"
    assert first["co_proposers"] == ["李四", "王五", "赵六"]
    assert first["co_units"] == ["省水利厅", "省自然资源厅"]
    assert first["bureau_role"] == "lead"
    assert first["is_key"] is True
    assert first["doc_no"] == "省人大常委会办公厅〔2026〕12号"
    assert result.rows[0].proposers == [
        {"name": "张三", "is_lead": True, "delegation": "省会代表团", "unit_post": "某市某局局长",
         "phone": "13800138000"},
        {"name": "李四", "is_lead": False},
        {"name": "王五", "is_lead": False},
        {"name": "赵六", "is_lead": False},
    ]

    second = result.rows[1].values
    assert second["number"] == "1038"
    assert second["lead_proposer"] == "王芳"
    assert second["co_proposers"] == ["陈七", "周八"]
    assert second["bureau_role"] == "co"
    assert second["is_key"] is False
    assert second["body"] is None


def test_cppcc_list():
    rows = [
        ["提案号", "提案标题", "第一提案人", "界别", "附议人", "交办日期", "主办单位"],
        ["0123", "关于完善生态补偿机制的提案", "刘一", "民盟", "钱二,孙三", "2026-02-01", "省生态环境厅"],
        ["第124号", "关于加强新污染物治理的提案", "民革省委会", "民革", "", "2026/2/1", "省生态环境厅"],
    ]
    result = parse("提案.xlsx", make_xlsx(rows), defaults={"session_name": "省政协十三届四次会议"})

    assert result.problems == []
    assert result.header_row == 1
    assert [r.values["kind"] for r in result.rows] == ["cppcc", "cppcc"]
    assert [r.values["number"] for r in result.rows] == ["0123", "124"]
    assert result.rows[0].values["delegation"] == "民盟"
    assert result.rows[0].values["session_name"] == "省政协十三届四次会议"
    assert result.rows[0].values["lead_proposer"] == "刘一"
    assert result.rows[0].values["co_proposers"] == ["钱二", "孙三"]
    assert result.rows[1].values["co_proposers"] == []
    assert result.rows[1].proposers == [
        {"name": "民革省委会", "is_lead": True, "delegation": "民革", "unit_post": None, "phone": None}
    ]
    assert result.rows[1].values["assigned_on"] == date(2026, 2, 1)


def test_merged_cells_copy_top_left_value():
    rows = [
        ["建议号", "案由", "领衔代表", "交办日期", "主办单位"],
        ["1", "建议一", "甲", datetime(2026, 4, 1), "省生态环境厅"],
        ["2", "建议二", "乙", None, None],
        ["3", "建议三", "丙", None, None],
        ["4", "建议四", "丁", datetime(2026, 4, 8), "省水利厅"],
    ]
    data = make_xlsx(rows, merges=["D2:D4", "E2:E3"])
    result = parse("merged.xlsx", data, defaults={"kind": "建议"})

    assert result.problems == []
    assert [r.values["assigned_on"] for r in result.rows] == [
        date(2026, 4, 1), date(2026, 4, 1), date(2026, 4, 1), date(2026, 4, 8)]
    assert [r.values["lead_unit"] for r in result.rows] == [
        "省生态环境厅", "省生态环境厅", None, "省水利厅"]

    table = read_table("merged.xlsx", data)
    assert table[2] == (3, ["2", "建议二", "乙", datetime(2026, 4, 1), "省生态环境厅"])


# --- CSV ---------------------------------------------------------------------------


CSV_ROWS = [
    ["序号", "建议编号", "标题", "代表姓名", "交办时间", "类型"],
    ["1", "第2001号", "关于治理城市黑臭水体的建议", "黄一", "2026年3月15日", "人大建议"],
    ["2", "2002", "关于加强噪声污染防治的提案", "吴二", "2026.3.16", "政协提案"],
]


def test_gbk_encoded_csv():
    data = make_csv(CSV_ROWS, encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = parse("清单.csv", data)

    assert result.problems == []
    assert result.header_row == 1
    assert [r.row for r in result.rows] == [2, 3]
    assert [r.values["number"] for r in result.rows] == ["2001", "2002"]
    assert [r.values["kind"] for r in result.rows] == ["npc", "cppcc"]
    assert [r.values["assigned_on"] for r in result.rows] == [date(2026, 3, 15), date(2026, 3, 16)]
    assert result.rows[0].values["title"] == "关于治理城市黑臭水体的建议"
    assert result.rows[0].values["lead_proposer"] == "黄一"


def test_utf8_bom_csv():
    data = make_csv(CSV_ROWS, encoding="utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    result = parse("清单.csv", data)

    assert result.problems == []
    assert result.headers[0] == "序号"
    assert result.mapping["建议编号"] == "number"
    assert result.rows[1].values["title"] == "关于加强噪声污染防治的提案"
    assert result.rows[1].values["year"] == 2026


def test_csv_that_is_neither_utf8_nor_gbk():
    result = parse("x.csv", b"\x81\x30\xff\xfe\x00\x80\xff")
    assert result.ok is False
    assert len(result.problems) == 1
    assert "编码" in result.problems[0].message


# --- skipping, validation ----------------------------------------------------------


def test_empty_rows_and_serial_only_rows_are_skipped():
    rows = [
        ["序号", "建议号", "案由", "领衔代表", "交办日期"],
        [1, "11", "建议一", "甲", "2026-03-15"],
        [None, None, None, None, None],
        [2, "12", "建议二", "乙", "2026-03-15"],
        [3, None, None, None, None],
        [None, "   ", None, None, None],
        [4, None, None, None, None],
    ]
    result = parse("gaps.xlsx", make_xlsx(rows), defaults={"kind": "npc"})

    assert result.problems == []
    assert [(r.row, r.values["number"]) for r in result.rows] == [(2, "11"), (4, "12")]
    assert [row for row, _ in read_table("gaps.xlsx", make_xlsx(rows))] == [1, 2, 4, 5, 7]


def test_bad_date_names_row_and_column():
    rows = [
        ["标题行"],
        ["建议号", "案由", "领衔代表", "代表团", "交办日期"],
        ["1", "建议一", "甲", "A团", "2026-03-15"],
        ["2", "建议二", "乙", "B团", "2026-02-30"],
        ["3", "建议三", "丙", "C团", "2026-13-01"],
    ]
    result = parse("bad.xlsx", make_xlsx(rows))

    assert result.ok is False
    assert result.problems == [
        Problem(4, "交办日期（E列）",
                "第4行“交办日期”列（E列）：日期“2026-02-30”无法识别，请写成 2026-03-15 的格式"),
        Problem(5, "交办日期（E列）",
                "第5行“交办日期”列（E列）：日期“2026-13-01”无法识别，请写成 2026-03-15 的格式"),
    ]
    assert result.rows[2].values["assigned_on"] is None
    assert result.rows[0].values["assigned_on"] == date(2026, 3, 15)


def test_excel_serial_numbers_and_date_text_formats():
    rows = [
        ["建议号", "案由", "领衔代表", "交办日期"],
        ["1", "一", "甲", 46096],
        ["2", "二", "乙", 46096.0],
        ["3", "三", "丙", "2026/3/15"],
        ["4", "四", "丁", "2026.3.15"],
        ["5", "五", "戊", "2026年3月15日"],
        ["6", "六", "己", date(2026, 3, 15)],
    ]
    result = parse("dates.xlsx", make_xlsx(rows))
    assert result.problems == []
    assert {r.values["assigned_on"] for r in result.rows} == {date(2026, 3, 15)}


def test_empty_required_cells_each_get_a_problem():
    rows = [["x"]] * 5 + [
        ["建议号", "领衔代表", "案由", "交办日期"],
        ["1", "甲", None, "2026-03-15"],
        [None, None, "建议二", "2026-03-15"],
    ]
    result = parse("empty.xlsx", make_xlsx(rows))

    assert result.header_row == 6
    assert [p.message for p in result.problems] == [
        "第7行“案由”列（C列）为空",
        "第8行“建议号”列（A列）为空",
        "第8行“领衔代表”列（B列）为空",
    ]
    assert result.problems[0].row == 7
    assert result.problems[0].column == "案由（C列）"


def test_unknown_header_unmapped_then_mapped():
    rows = [
        ["建议号", "案由", "建议人", "交办日期", "备注"],
        ["1", "建议一", "甲", "2026-03-15", "无"],
    ]
    data = make_xlsx(rows)
    first = parse("m.xlsx", data, defaults={"kind": "npc"})
    assert first.unmapped == ["建议人", "备注"]
    assert first.mapping["建议人"] is None
    assert first.ok is False
    assert first.problems[0].row is None
    assert "领衔代表/第一提案人" in first.problems[0].message

    second = parse("m.xlsx", data, mapping={"建议人": "lead_proposer", "交办日期": ""},
                   defaults={"kind": "npc", "assigned_on": "2026-04-01"})
    assert second.problems == []
    assert second.mapping["建议人"] == "lead_proposer"
    assert second.mapping["交办日期"] is None
    assert second.unmapped == ["备注"]
    assert second.rows[0].values["lead_proposer"] == "甲"
    assert second.rows[0].values["assigned_on"] == date(2026, 4, 1)


def test_mapping_to_unknown_field_is_a_problem():
    rows = [["建议号", "案由", "领衔代表", "交办日期"], ["1", "一", "甲", "2026-03-15"]]
    result = parse("m.xlsx", make_xlsx(rows), mapping={"案由": "subject"})
    assert result.problems == [Problem(None, None, "“案由”列要对应的字段“subject”不存在，请重新选择")]


def test_duplicates_in_file_and_against_existing_keys():
    rows = [
        ["建议号", "案由", "领衔代表", "交办日期", "届次"],
        ["1037", "建议一", "甲", "2026-03-15", "十四届人大二次会议"],
        ["1038", "建议二", "乙", "2026-03-15", "十四届人大二次会议"],
        ["第1037号", "建议三", "丙", "2026-03-15", "十四届人大二次会议"],
        ["1037", "建议四", "丁", "2026-03-15", "十四届人大三次会议"],
    ]
    existing = {("npc", "十四届人大二次会议", "1038"), ("cppcc", "十四届人大三次会议", "1037")}
    result = parse("d.xlsx", make_xlsx(rows), defaults={"kind": "npc"}, existing_keys=existing)

    assert result.problems == [
        Problem(3, "建议号（A列）", "第3行：建议第1038号（十四届人大二次会议）已在系统中"),
        Problem(4, "建议号（A列）", "第4行与第2行重复：建议第1037号（十四届人大二次会议）在文件中出现了两次"),
    ]
    assert len(result.rows) == 4


def test_missing_required_column_gives_one_problem():
    rows = [
        ["建议号", "案由", "领衔代表", "代表团"],
        ["1", "一", "甲", "A团"],
        ["2", "二", "乙", "B团"],
    ]
    result = parse("nodate.xlsx", make_xlsx(rows))
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.row is None
    assert problem.column is None
    assert "交办日期" in problem.message
    assert [r.values["assigned_on"] for r in result.rows] == [None, None]


def test_serial_column_used_as_number_when_nothing_else():
    rows = [["序号", "案由", "领衔代表", "交办日期"], [1, "一", "甲", "2026-03-15"], [2, None, None, None]]
    result = parse("s.xlsx", make_xlsx(rows), defaults={"kind": "npc"})
    assert result.problems == []
    assert result.mapping["序号"] == "number"
    assert [r.values["number"] for r in result.rows] == ["1"]


def test_kind_values_and_unknown_kind():
    rows = [
        ["编号", "标题", "提案人", "交办日期", "类别"],
        ["1", "一", "甲", "2026-03-15", "代表建议"],
        ["2", "二", "乙", "2026-03-15", "委员提案"],
        ["3", "三", "丙", "2026-03-15", "生态环境"],
    ]
    result = parse("k.xlsx", make_xlsx(rows))
    assert [r.values["kind"] for r in result.rows] == ["npc", "cppcc", None]
    assert [p.row for p in result.problems] == [4]
    assert result.problems[0].column == "类别（E列）"
    assert result.problems[0].message.startswith("第4行“类别”列（E列）：类型“生态环境”无法识别")


def test_kind_unknown_without_column_headers_or_defaults():
    rows = [["编号", "标题", "提案人", "交办日期"], ["1", "一", "甲", "2026-03-15"]]
    data = make_xlsx(rows)
    result = parse("k.xlsx", data)
    assert [p.row for p in result.problems] == [None]
    assert "人大建议还是政协提案" in result.problems[0].message
    assert parse("k.xlsx", data, defaults={"kind": "cppcc"}).rows[0].values["kind"] == "cppcc"


def test_too_long_number_and_title():
    rows = [["建议号", "案由", "领衔代表", "交办日期"], ["9" * 31, "长" * 301, "甲", "2026-03-15"]]
    result = parse("long.xlsx", make_xlsx(rows))
    assert [(p.row, p.column) for p in result.problems] == [(2, "建议号（A列）"), (2, "案由（B列）")]
    assert "31个字符" in result.problems[0].message
    assert "301个字" in result.problems[1].message


def test_other_value_columns():
    rows = [
        ["建议号", "案由", "领衔代表", "交办日期", "级别", "年度", "提出时间", "是否重点", "办理方式", "交办单位"],
        ["1", "一", "甲", "2026-01-05", "全国", "2025年", "闭会期间", "√", "分办", "全国人大常委会办公厅"],
        ["2", "二", "乙", "2026-01-05", "市级", None, "大会期间", "Y", "参阅", None],
        ["3", "三", "丙", "2026-01-05", "乡", "今年", "平日", "也许", "督办", None],
    ]
    result = parse("v.xlsx", make_xlsx(rows), defaults={"assigning_body": "省人大常委会办公厅"})
    r1, r2, r3 = (r.values for r in result.rows)
    assert (r1["level"], r1["year"], r1["period"], r1["is_key"], r1["bureau_role"]) == (
        "national", 2025, "recess", True, "separate")
    assert r1["assigning_body"] == "全国人大常委会办公厅"
    assert (r2["level"], r2["year"], r2["period"], r2["is_key"], r2["bureau_role"]) == (
        "municipal", 2026, "session", True, "reference")
    assert r2["assigning_body"] == "省人大常委会办公厅"
    assert [p.column for p in result.problems] == [
        "级别（E列）", "年度（F列）", "提出时间（G列）", "办理方式（I列）", "是否重点（H列）"]
    assert all(p.row == 4 for p in result.problems)


def test_bureau_role_inferred_from_bureau_name():
    rows = [
        ["建议号", "案由", "领衔代表", "交办日期", "主办单位", "协办单位"],
        ["1", "一", "甲", "2026-03-15", "省生态环境厅", "省水利厅"],
        ["2", "二", "乙", "2026-03-15", "省水利厅", "省财政厅、省生态环境厅"],
        ["3", "三", "丙", "2026-03-15", "省水利厅", "省财政厅"],
    ]
    result = parse("r.xlsx", make_xlsx(rows), defaults={"bureau_name": "生态环境厅"})
    assert [r.values["bureau_role"] for r in result.rows] == ["lead", "co", "lead"]
    assert result.rows[1].values["co_units"] == ["省财政厅", "省生态环境厅"]


def test_two_level_header():
    rows = [
        ["序号", "建议号", "案由", "领衔代表", None, "交办日期"],
        [None, None, None, "姓名", "代表团", None],
        [1, "5", "建议五", "甲", "A团", "2026-03-15"],
    ]
    data = make_xlsx(rows, merges=["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:F2"])
    result = parse("two.xlsx", data)
    assert result.problems == []
    assert result.header_row == 1
    assert result.mapping["领衔代表姓名"] == "lead_proposer"
    assert result.mapping["代表团"] == "delegation"
    assert [r.row for r in result.rows] == [3]
    assert result.rows[0].values["lead_proposer"] == "甲"
    assert result.rows[0].values["delegation"] == "A团"


def test_note_rows_below_the_data_are_skipped():
    rows = [
        ["序号", "建议号", "案由", "领衔代表", "交办日期"],
        [1, "1", "一", "甲", "2026-03-15"],
        ["注：本清单共1件"],
    ]
    result = parse("n.xlsx", make_xlsx(rows, merges=["A3:E3"]), defaults={"kind": "npc"})
    assert result.problems == []
    assert [r.row for r in result.rows] == [2]


def test_no_header_found():
    rows = [["这是一份说明"], ["甲", "乙", "丙"], ["1", "2", "3"]]
    result = parse("none.xlsx", make_xlsx(rows))
    assert result.ok is False
    assert result.header_row == 0
    assert result.rows == []
    assert len(result.problems) == 1
    assert result.problems[0].row is None
    assert result.problems[0].message.startswith("未找到表头")


def test_header_without_data_rows():
    result = parse("h.csv", make_csv([["建议号", "案由", "领衔代表", "交办日期"]]))
    assert result.ok is False
    assert result.rows == []
    assert [p.message for p in result.problems] == ["第1行是表头，但下面没有任何数据行"]


@pytest.mark.parametrize(
    ("filename", "data", "word"),
    [
        ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        ("a.xlsx", b"not a zip file", "损坏"),
        ("a.xlsx", b"PK\x03\x04broken", "损坏"),
        ("a.csv", b"", "空"),
    ],
)
def test_unreadable_files(filename, data, word):
    result = parse(filename, data)
    assert isinstance(result, ParseResult)
    assert result.ok is False
    assert len(result.problems) == 1
    assert word in result.problems[0].message


# --- property tests ----------------------------------------------------------------

cell_text = st.text(max_size=40)
HEADER = ["建议号", "案由", "领衔代表", "交办日期", "类型", "年度", "是否重点", "联名代表", "级别"]


def _assert_well_formed(result):
    assert isinstance(result, ParseResult)
    for problem in result.problems:
        assert CJK.search(problem.message), problem.message
        assert "内部错误" not in problem.message
    if not result.problems:
        assert result.ok == bool(result.rows)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell_text, min_size=0, max_size=10), max_size=6),
       st.booleans(), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_parse_never_raises_on_arbitrary_csv_text(body, with_header, encoding):
    rows = ([HEADER] if with_header else []) + body
    try:
        data = make_csv(rows, encoding=encoding)
    except UnicodeEncodeError:
        data = make_csv(rows, encoding="utf-8")
    _assert_well_formed(parse("x.csv", data))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.one_of(cell_text, st.integers(-10**9, 10**9),
                                   st.floats(allow_nan=False, allow_infinity=False)),
                         min_size=len(HEADER), max_size=len(HEADER)),
                min_size=1, max_size=5))
def test_parse_never_raises_on_arbitrary_xlsx_cells(body):
    clean = [[ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row] for row in body]
    result = parse("x.xlsx", make_xlsx([["清单标题"], HEADER] + clean))
    _assert_well_formed(result)
    assert result.header_row == 2
