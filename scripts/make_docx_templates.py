"""Write the default Word templates (templates/docx/*.docx) laid out per GB/T 9704-2012.

Run once after changing the layout and commit the .docx files:

    .venv/bin/python scripts/make_docx_templates.py

The templates are docxtpl (Jinja) templates: an office may edit them in Word or WPS, keeping the {{ fields }};
an admin uploads the edited file (系统管理 → 公文模板), and the app checks it has the fields it needs.

Layout (GB/T 9704-2012): A4; 版心 156 × 225 mm (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm); title 2号
(22 pt) 小标宋, centred; body 3号 (16 pt) 仿宋, fixed 28 pt line spacing, first line indented two characters;
first-level headings 黑体; page numbers 4号 (14 pt) “— 1 —”, odd pages on the right and even pages on the left,
one character in from the edge of the 版心. Fonts missing on a machine are mapped through the font table's
alternative names (仿宋_GB2312 → 仿宋, 方正小标宋简体 → 宋体, 楷体_GB2312 → 楷体), which Word, WPS and LibreOffice read.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "templates" / "docx"

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONG = "宋体"
LATIN = "Times New Roman"
# name → (alternative name, font family, pitch): what Word/WPS/LibreOffice substitute when the font is missing.
FONT_TABLE = {
    FANGSONG: ("仿宋", "modern", "fixed"),
    XIAOBIAOSONG: ("宋体", "roman", "variable"),
    KAITI: ("楷体", "modern", "fixed"),
    HEITI: ("SimHei", "modern", "fixed"),
    SONG: ("SimSun", "auto", "variable"),
}
RED = RGBColor(0xE6, 0x00, 0x12)
SIZE_2 = Pt(22)   # 二号
SIZE_3 = Pt(16)   # 三号
SIZE_4 = Pt(14)   # 四号
LINE = Pt(28)
INDENT_2 = Pt(32)  # two 三号 characters


def set_fonts(run_or_style_font_element, east_asia: str, latin: str = LATIN) -> None:
    rpr = run_or_style_font_element
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def font(run, east_asia=FANGSONG, size=SIZE_3, bold=False, color=None, latin=LATIN):
    run.font.size = size
    run.font.bold = bold
    run.font.name = latin
    if color is not None:
        run.font.color.rgb = color
    set_fonts(run._element.get_or_add_rPr(), east_asia, latin)
    return run


def para(doc_or_cell, text="", *, east_asia=FANGSONG, size=SIZE_3, align=None, indent=INDENT_2, bold=False, color=None,
         right_indent=None, line=LINE, keep=False):
    """One paragraph with one run (docxtpl needs each {{ field }} inside a single run)."""
    p = doc_or_cell.add_paragraph()
    fmt = p.paragraph_format
    fmt.first_line_indent = indent
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    if right_indent is not None:
        fmt.right_indent = right_indent
    if keep:
        fmt.keep_with_next = True
    if align is not None:
        p.alignment = align
    if text:
        font(p.add_run(text), east_asia, size, bold, color)
    return p


def tag(doc_or_cell, text):
    """A paragraph that holds only a docxtpl block tag ({%p … %}); it disappears from the output."""
    return para(doc_or_cell, text, indent=None)


def border(paragraph, side="bottom", color="E60012", size=12):
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size))  # eighths of a point
    edge.set(qn("w:space"), "1")
    edge.set(qn("w:color"), color)
    bdr.append(edge)
    ppr.append(bdr)


def page_field(paragraph, size=SIZE_4):
    """“— 1 —”: the page number as a field, between em dashes (4号 宋体, half-width digits)."""
    font(paragraph.add_run("— "), SONG, size, latin=SONG)
    run = font(paragraph.add_run(), SONG, size, latin=SONG)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "1":
            el = OxmlElement("w:t")
            el.text = "1"
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    font(paragraph.add_run(" —"), SONG, size, latin=SONG)


def new_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(20)
    # Normal: 3号仿宋, fixed 28 pt, 28 characters a line.
    normal = doc.styles["Normal"]
    normal.font.size = SIZE_3
    normal.font.name = LATIN
    set_fonts(normal.element.get_or_add_rPr(), FANGSONG)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE
    pf.space_before = pf.space_after = Pt(0)
    pf.widow_control = False
    # Page numbers: odd pages right, even pages left, one character in.
    doc.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = SIZE_4
    page_field(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = SIZE_4
    page_field(even)
    # The first paragraph of a new document is empty: the templates start with their own.
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    _font_table(doc)
    core = doc.core_properties
    core.author = core.last_modified_by = "连心"
    core.title = ""
    core.comments = "GB/T 9704-2012 版式；{{ 字段 }} 由系统填写，请勿删除。"
    return doc


def _font_table(doc) -> None:
    """Declare the Chinese fonts with their alternative names (substitution when missing)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    part = next(rel.target_part for rel in doc.part.rels.values() if rel.reltype == RT.FONT_TABLE)
    from docx.oxml import parse_xml

    root = parse_xml(part.blob)
    for name, (alt, family, pitch) in FONT_TABLE.items():
        el = OxmlElement("w:font")
        el.set(qn("w:name"), name)
        for child, value in (("w:altName", alt), ("w:charset", "86"), ("w:family", family), ("w:pitch", pitch)):
            c = OxmlElement(child)
            c.set(qn("w:val"), value)
            el.append(c)
        root.append(el)
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def head(doc, mark_line: bool = True):
    """版头: marks (公开属性, 分类), the issuing organ in red, the red rule, 发文字号 and 签发人."""
    if mark_line:
        para(doc, "{{ marks }}", east_asia=HEITI, indent=None)
    para(doc, "{{ bureau }}", east_asia=XIAOBIAOSONG, size=Pt(30), align=WD_ALIGN_PARAGRAPH.CENTER, indent=None, color=RED,
         line=Pt(44))
    number = para(doc, "", indent=None)
    number.paragraph_format.left_indent = SIZE_3
    number.paragraph_format.tab_stops.add_tab_stop(Mm(156) - SIZE_3, WD_TAB_ALIGNMENT.RIGHT)
    font(number.add_run("{{ doc_no }}\t签发人："), FANGSONG)
    font(number.add_run("{{ signer }}"), KAITI)
    border(number, "bottom", size=16)
    para(doc, "", indent=None)


def title(doc, text="{{ title }}"):
    para(doc, text, east_asia=XIAOBIAOSONG, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=None, line=Pt(36))
    para(doc, "", indent=None)


def body(doc, loop="body"):
    tag(doc, f"{{%p for par in {loop} %}}")
    para(doc, "{{ par }}")
    tag(doc, "{%p endfor %}")


def signature(doc):
    para(doc, "", indent=None)
    para(doc, "{{ bureau }}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=None, right_indent=Pt(64), keep=True)
    para(doc, "{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=None, right_indent=Pt(64))


def copies(doc):
    tag(doc, "{%p if copies %}")
    para(doc, "", indent=None)
    p = para(doc, "抄送：{{ copies }}", size=SIZE_4, indent=None)
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = SIZE_4
    border(p, "top", color="000000", size=6)
    border(p, "bottom", color="000000", size=6)
    tag(doc, "{%p endif %}")


def reply_template() -> Document:
    """答复函 (主办/分办) to the deputy or member."""
    doc = new_document()
    head(doc)
    title(doc)
    para(doc, "{{ addressee }}：", indent=None)
    body(doc)
    signature(doc)
    tag(doc, "{%p if contact %}")
    para(doc, "（{{ contact }}）")
    tag(doc, "{%p endif %}")
    copies(doc)
    return doc


def opinion_template() -> Document:
    """会办意见 to the outside lead unit (the bureau co-handles the item)."""
    doc = new_document()
    head(doc)
    title(doc)
    para(doc, "{{ addressee }}：", indent=None)
    para(doc, "{{ preface }}")
    body(doc)
    signature(doc)
    tag(doc, "{%p if contact %}")
    para(doc, "（{{ contact }}）")
    tag(doc, "{%p endif %}")
    copies(doc)
    return doc


def _cell(cell, text, *, bold=False, align=None, east_asia=FANGSONG, size=SIZE_4):
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return para(cell, text, east_asia=east_asia, size=size, indent=None, bold=bold, align=align, line=Pt(24))


def _grid(table):
    tbl = table._tbl
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "6")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl.tblPr.append(borders)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER


def feedback_template() -> Document:
    """征询意见表, one page per proposer."""
    doc = new_document()
    tag(doc, "{%p for f in forms %}")
    para(doc, "{{ f.marks }}", east_asia=HEITI, indent=None)
    para(doc, "{{ bureau }}", east_asia=XIAOBIAOSONG, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=None, line=Pt(36))
    para(doc, "{{ noun }}办理情况征询意见表", east_asia=XIAOBIAOSONG, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=None,
         line=Pt(36))
    rows = [
        ("{{ noun }}编号", "{{ f.number }}", "答复文号", "{{ f.doc_no }}"),
        ("{{ noun }}标题", "{{ f.title }}", None, None),
        ("{{ person }}姓名", "{{ f.name }}", "{{ f.group_label }}", "{{ f.group }}"),
        ("承办单位", "{{ f.unit }}", "联系人及电话", "{{ f.contact }}"),
        ("办理前是否与您联系", "□ 是　　□ 否", None, None),
        ("办理中是否与您沟通", "□ 见面座谈　□ 走访调研　□ 电话　□ 视频　□ 书面　□ 未沟通", None, None),
        ("对办理工作态度", "□ 满意　　□ 基本满意　　□ 不满意", None, None),
        ("对办理结果", "□ 满意　　□ 基本满意　　□ 不满意", None, None),
        ("意见和建议", "\n\n\n", None, None),
        ("{{ person }}签名：", "　　年　　月　　日", None, None),
    ]
    table = doc.add_table(rows=len(rows), cols=4)
    _grid(table)
    widths = (Mm(34), Mm(48), Mm(30), Mm(44))
    for r, (a, b, c, d) in enumerate(rows):
        cells = table.rows[r].cells
        for i, w in enumerate(widths):
            cells[i].width = w
        _cell(cells[0], a, bold=True)
        if c is None:
            merged = cells[1].merge(cells[3])
            _cell(merged, b)
        else:
            _cell(cells[1], b)
            _cell(cells[2], c, bold=True)
            _cell(cells[3], d)
    para(doc, "{{ f.note }}", size=SIZE_4, line=Pt(24))
    tag(doc, "{%p if not loop.last %}")
    brk = para(doc, "", indent=None)
    brk.add_run().add_break(WD_BREAK.PAGE)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    return doc


def _table(doc, header: list[str], cells: list[str], loop: str, widths=None):
    """A table: a header row, then one row per item of ``loop`` ({%tr for … %} rows around the template row)."""
    table = doc.add_table(rows=4, cols=len(header))
    _grid(table)
    for i, text in enumerate(header):
        _cell(table.rows[0].cells[i], text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, east_asia=HEITI)
    first = table.rows[1].cells[0].merge(table.rows[1].cells[-1])
    _cell(first, f"{{%tr for r in {loop} %}}")
    for i, text in enumerate(cells):
        _cell(table.rows[2].cells[i], text, align=WD_ALIGN_PARAGRAPH.LEFT if i == 0 else WD_ALIGN_PARAGRAPH.CENTER)
    last = table.rows[3].cells[0].merge(table.rows[3].cells[-1])
    _cell(last, "{%tr endfor %}")
    if widths:
        for column, w in zip(table.columns, widths):
            column.width = w  # the grid, which LibreOffice and WPS follow
        for row in table.rows:
            for i, w in enumerate(widths):
                if i < len(row.cells):
                    row.cells[i].width = w
    para(doc, "", indent=None)
    return table


def heading(doc, text):
    para(doc, text, east_asia=HEITI, keep=True)


def subheading(doc, text):
    para(doc, text, east_asia=KAITI, keep=True)


def paragraphs_of(doc, loop):
    tag(doc, f"{{%p for par in {loop} %}}")
    para(doc, "{{ par }}")
    tag(doc, "{%p endfor %}")


def summary_template() -> Document:
    """办理工作总结: the office's paragraphs around the figures of the year or session."""
    doc = new_document()
    head(doc, mark_line=False)
    title(doc)
    para(doc, "{{ addressee }}：", indent=None)
    paragraphs_of(doc, "intro")
    heading(doc, "一、基本情况")
    paragraphs_of(doc, "facts")
    subheading(doc, "（一）按类型和届次")
    _table(doc, ["类型", "届次", "件数", "主办/分办", "会办", "参阅"],
           ["{{ r.kind }}", "{{ r.session }}", "{{ r.total }}", "{{ r.answering }}", "{{ r.co }}", "{{ r.reference }}"], "sessions")
    subheading(doc, "（二）“三率”和见面率")
    _table(doc, ["指标", "比率", "分子", "分母"], ["{{ r.label }}", "{{ r.pct }}", "{{ r.num }}", "{{ r.den }}"], "rates")
    subheading(doc, "（三）答复分类")
    _table(doc, ["分类", "件数", "占比"], ["{{ r.label }}", "{{ r.n }}", "{{ r.pct }}"], "classes")
    subheading(doc, "（四）按主办处室")
    _table(doc, ["主办处室", "件数", "沟通率", "见面率", "按时办结率", "满意率"],
           ["{{ r.label }}", "{{ r.total }}", "{{ r.comm }}", "{{ r.meet }}", "{{ r.ontime }}", "{{ r.sat }}"], "departments")
    subheading(doc, "（五）按局领导")
    _table(doc, ["局领导", "件数", "沟通率", "见面率", "按时办结率", "满意率"],
           ["{{ r.label }}", "{{ r.total }}", "{{ r.comm }}", "{{ r.meet }}", "{{ r.ontime }}", "{{ r.sat }}"], "leaders")
    heading(doc, "二、主要做法")
    paragraphs_of(doc, "practices")
    heading(doc, "三、答复承诺事项落实情况")
    paragraphs_of(doc, "commitments")
    heading(doc, "四、延期和超期情况")
    paragraphs_of(doc, "deadlines")
    heading(doc, "五、重新办理情况")
    paragraphs_of(doc, "rehandled")
    heading(doc, "六、典型案例")
    paragraphs_of(doc, "cases")
    heading(doc, "七、存在的问题和下一步工作")
    paragraphs_of(doc, "plans")
    signature(doc)
    return doc


def research_template() -> Document:
    """蹲点调研报告: one leader's year at the contact points — visits against the quarterly target, problems found and solved."""
    doc = new_document()
    title(doc)
    heading(doc, "一、基本情况")
    para(doc, "{{ intro }}")
    _table(doc, ["联系点", "每季目标", "一季度", "二季度", "三季度", "四季度"],
           ["{{ r.name }}", "{{ r.target }}", "{{ r.q1 }}", "{{ r.q2 }}", "{{ r.q3 }}", "{{ r.q4 }}"], "points",
           widths=[Mm(40), Mm(24)] + [Mm(23)] * 4)
    heading(doc, "二、发现和解决的问题")
    para(doc, "{{ problems_summary }}")
    tag(doc, "{%p if problems %}")
    _table(doc, ["联系点", "问题", "交办处室", "办理期限", "状态", "解决情况"],
           ["{{ r.point }}", "{{ r.description }}", "{{ r.department }}", "{{ r.deadline }}", "{{ r.status }}", "{{ r.closure }}"],
           "problems", widths=[Mm(24), Mm(40), Mm(24), Mm(24), Mm(20), Mm(24)])
    tag(doc, "{%p endif %}")
    heading(doc, "三、走访情况")
    tag(doc, "{%p for v in visits %}")
    subheading(doc, "{{ v.heading }}")
    for field in ("participants", "found", "solved"):
        tag(doc, f"{{%p if v.{field} %}}")
        para(doc, f"{{{{ v.{field} }}}}")
        tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not visits %}")
    para(doc, "本年度尚未走访。")
    tag(doc, "{%p endif %}")
    signature(doc)
    return doc


TEMPLATES = {
    "reply": reply_template,
    "opinion": opinion_template,
    "feedback": feedback_template,
    "summary": summary_template,
    "research": research_template,
}


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for key, build in TEMPLATES.items():
        path = out / f"{key}.docx"
        build().save(path)
        print(f"{path}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
