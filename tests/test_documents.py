"""Word documents: the 答复函, the 会办意见 and the 征询意见表 as .docx (opened again with python-docx and read), the
GB/T 9704 layout of the templates, an admin replacing a template (checked for its fields), and one file converted
to PDF with LibreOffice when it is installed."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Length, Pt

from extensions import db
from models.documents import DocumentTemplate
from services.exports import documents
from tests.conftest import csrf_token_from, login
from tests.stats_support import TODAY, d, frozen, item

BODY = "顾振宇代表：\n您提出的关于加强臭氧污染协同防控的建议收悉。现答复如下：\n一、我厅已印发《挥发性有机物综合治理方案》。\n感谢您对生态环境工作的关心和支持！"


def text_of(data: bytes) -> str:
    """Every paragraph's text, tables and footers included."""
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


@pytest.fixture
def letter(app, world):
    with frozen(TODAY):
        p = item("1037", dept=world.air, leader=world.leader, state="replied", replied_on=d(5, 10), title="关于加强臭氧污染协同防控的建议",
                 proposers=("顾振宇", "林静"), contacts=[(d(5, 1), 1)], replies=[(1, d(5, 10), "B")])
        reply = p.replies[0]
        reply.title, reply.body, reply.copies = "关于省十四届人大四次会议第1037号代表建议的答复", BODY, "省人大常委会选举任免联络工作委员会"
        reply.doc_no, reply.signed_by_id, reply.signed_on = "江南环函〔2026〕56号", world.leader.id, d(5, 8)
        co = item("2001", dept=world.air, leader=world.leader, role="co", state="closed", replied_on=d(3, 5),
                  replies=[(1, d(3, 5), None)], title="关于长江流域协同治理的建议")
        co.external_lead_unit, co.assigning_body = "省水利厅", "省人大常委会办公厅"
        co.replies[0].title, co.replies[0].body = "关于第2001号建议的会办意见", "我厅赞同该建议。\n将配合做好水质监测。"
        db.session.commit()
        yield p, co


def _get(client, url):
    with frozen(TODAY):
        return client.get(url)


def test_the_reply_letter_as_word_reads_like_the_printed_one(letter, world, client):
    p, _ = letter
    login(client, "handler_a")
    r = _get(client, f"/letters/{p.id}/reply.docx")
    assert r.status_code == 200
    assert r.mimetype == documents.DOCX_MIMETYPE
    assert "attachment" in r.headers["Content-Disposition"] and ".docx" in r.headers["Content-Disposition"]
    text = text_of(r.data)
    for expected in ("江南省生态环境厅", "江南环函〔2026〕56号", "签发人：王振华", "关于省十四届人大四次会议第1037号代表建议的答复",
                     "顾振宇代表：", "一、我厅已印发《挥发性有机物综合治理方案》。", "2026年5月10日", "联系人：周立伟",
                     "抄送：省人大常委会选举任免联络工作委员会", "B类"):
        assert expected in text, expected
    # The salutation of the body is the addressee line, not a paragraph of its own; no template tag is left.
    assert text.count("顾振宇代表：") == 1
    assert "{{" not in text and "{%" not in text and "审核稿" not in text


def test_a_draft_says_so_in_the_file_and_its_name(letter, world, client):
    p, _ = letter
    p.replies[0].state, p.replies[0].sent_on = "awaiting_signoff", None
    p.replies[0].body = "正文中的 <尖括号> & 符号照原样。"
    db.session.commit()
    login(client, "office")
    r = _get(client, f"/letters/{p.id}/reply.docx")
    text = text_of(r.data)
    assert "（未发出的审核稿）" in text and "正文中的 <尖括号> & 符号照原样。" in text
    assert "%E7%A8%BF" in r.headers["Content-Disposition"]  # “稿” in the file name


def test_a_cohandled_item_gets_its_opinion_to_the_lead_unit(letter, world, client):
    _, co = letter
    login(client, "office")
    r = _get(client, f"/letters/{co.id}/reply.docx")
    assert r.status_code == 200
    text = text_of(r.data)
    assert "省水利厅：" in text and "我厅赞同该建议。" in text and "会办意见" in text
    assert "省人大常委会办公厅交办的" in text


def test_feedback_forms_have_one_page_per_proposer(letter, world, client):
    p, _ = letter
    login(client, "office")
    r = _get(client, f"/letters/{p.id}/feedback-forms.docx")
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.data))
    assert len(doc.tables) == 2
    text = text_of(r.data)
    assert "顾振宇（领衔代表）" in text and "林静" in text and "建议办理情况征询意见表" in text
    assert "江南环函〔2026〕56号" in text and "□ 满意" in text
    assert "{{" not in text


def test_an_item_without_a_reply_has_no_letter_and_strangers_see_nothing(letter, world, client):
    p, _ = letter
    with frozen(TODAY):
        bare = item("3001", dept=world.air)
        db.session.commit()
    login(client, "office")
    assert _get(client, f"/letters/{bare.id}/reply.docx").status_code == 404
    client.post("/logout")
    login(client, "handler_b")  # 水生态环境处: not involved
    assert _get(client, f"/letters/{p.id}/reply.docx").status_code == 404
    assert _get(client, f"/letters/{p.id}/feedback-forms.docx").status_code == 404


def test_the_item_page_and_the_letters_link_the_word_files(letter, world, client):
    p, _ = letter
    login(client, "office")
    page = _get(client, f"/proposals/{p.id}").get_data(as_text=True)
    assert f"/letters/{p.id}/reply.docx" in page and f"/letters/{p.id}/feedback-forms.docx" in page
    printed = _get(client, f"/letters/{p.id}/reply").get_data(as_text=True)
    assert f"/letters/{p.id}/reply.docx?round=1" in printed


@pytest.mark.parametrize("key", list(documents.SPECS))
def test_every_template_is_laid_out_per_gbt_9704(key):
    doc = Document(io.BytesIO(documents.default_bytes(key)))
    s = doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    # 版心 156 × 225 mm
    assert round(Length(s.page_width - s.left_margin - s.right_margin).mm) == 156
    assert round(Length(s.page_height - s.top_margin - s.bottom_margin).mm) == 225
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(16)  # 三号
    assert normal.paragraph_format.line_spacing == Pt(28)
    fonts = normal.element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"
    # Page numbers “— 1 —”: odd pages on the right, even on the left.
    assert doc.settings.odd_and_even_pages_header_footer
    for footer in (s.footer, s.even_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml and footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")
    # The missing fonts map to ones Word/WPS have.
    table = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable")).blob.decode()
    assert 'w:name="仿宋_GB2312"' in table and '<w:altName w:val="仿宋"/>' in table
    assert 'w:name="方正小标宋简体"' in table
    # Title in 二号 小标宋 (the feedback form's title is its two centred lines).
    east_asia = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    sizes = {r.font.size for p in doc.paragraphs for r in p.runs
             if r._element.rPr is not None and r._element.rPr.rFonts is not None and "小标宋" in (r._element.rPr.rFonts.get(east_asia) or "")}
    assert Pt(22) in sizes


def test_the_template_sizes_stay_small():
    for key in documents.SPECS:
        assert len(documents.default_bytes(key)) < 60_000, key


def _upload(client, key, data, name="模板.docx"):
    token = csrf_token_from(client.get("/admin/document-templates").get_data(as_text=True))
    return client.post("/admin/document-templates", data={"csrf_token": token, "key": key, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _edited(key, replace: dict) -> bytes:
    """The default template with some text replaced, as an office would edit it."""
    doc = Document(io.BytesIO(documents.default_bytes(key)))
    for p in doc.paragraphs:
        for r in p.runs:
            for old, new in replace.items():
                if old in r.text:
                    r.text = r.text.replace(old, new)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_an_admin_replaces_a_template_and_the_letters_use_it(letter, world, client):
    p, _ = letter
    login(client, "admin")
    edited = _edited("reply", {"{{ bureau }}": "{{ bureau }}（办公室）"})
    r = _upload(client, "reply", edited, "答复函-新.docx")
    assert r.status_code == 303
    row = db.session.query(DocumentTemplate).filter_by(key="reply").one()
    assert row.filename == "答复函-新.docx"
    page = _get(client, "/admin/document-templates").get_data(as_text=True)
    assert "已替换：答复函-新.docx" in page
    client.post("/logout")
    login(client, "office")
    assert "江南省生态环境厅（办公室）" in text_of(_get(client, f"/letters/{p.id}/reply.docx").data)
    client.post("/logout")
    login(client, "admin")
    with frozen(TODAY):
        token = csrf_token_from(client.get("/admin/document-templates").get_data(as_text=True))
        assert client.post("/admin/document-templates/reply/restore", data={"csrf_token": token}).status_code == 303
    assert db.session.query(DocumentTemplate).count() == 0


@pytest.mark.parametrize("data,message", [
    (b"not a zip", "这不是 Word 文档（.docx）"),
    ("no-title", "缺少必需的字段：{{ title }}（标题）"),
    ("unknown", "使用了系统不提供的字段：{{ fax }}"),
    ("syntax", "模板中的字段写法有误"),
])
def test_a_template_without_the_fields_it_needs_is_refused_with_a_reason(app, world, client, data, message):
    if data == "no-title":
        data = _edited("reply", {"{{ title }}": "标题"})
    elif data == "unknown":
        data = _edited("reply", {"{{ signer }}": "{{ signer }}{{ fax }}"})
    elif data == "syntax":
        data = _edited("reply", {"{{ title }}": "{{ title }"})
    login(client, "admin")
    r = _upload(client, "reply", data)
    assert r.status_code == 422
    assert message in r.get_data(as_text=True)
    assert db.session.query(DocumentTemplate).count() == 0


def test_only_the_admin_manages_templates(app, world, client):
    login(client, "office")
    assert client.get("/admin/document-templates").status_code == 403
    client.post("/logout")
    login(client, "admin")
    r = client.get("/admin/document-templates/summary.docx")
    assert r.status_code == 200 and r.data == documents.default_bytes("summary")
    assert client.get("/admin/document-templates/nope.docx").status_code == 404


def test_a_reply_converts_to_a_two_page_a4_pdf_with_libreoffice(letter, world, client, tmp_path):
    """LibreOffice opens the file as Word would: two A4 pages numbered “— 1 —”, “— 2 —” (with CI=true a missing
    LibreOffice or poppler is a failure, never a skip — Debian packages libreoffice-writer and poppler-utils)."""
    missing = [tool for tool in ("soffice", "pdftoppm", "pdfinfo", "pdftotext") if not shutil.which(tool)]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot convert to PDF in CI: {', '.join(missing)} not installed")
        pytest.skip(f"{', '.join(missing)} not installed")
    p, _ = letter
    p.replies[0].body = "\n".join([BODY] + ["　".join(["我厅将持续推进臭氧污染协同防控工作。"] * 6)] * 8)
    db.session.commit()
    login(client, "office")
    source = tmp_path / "reply.docx"
    source.write_bytes(_get(client, f"/letters/{p.id}/reply.docx").data)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "reply.pdf"
    assert pdf.exists()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.3" in info and "841.8" in info  # A4 in points
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 2
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    compact = "".join(text.split())  # pdftotext spaces out mixed Chinese and digits
    assert "江南环函〔2026〕56号" in compact and "—1—" in compact and "—2—" in compact and "签发人：王振华" in compact
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    picture = next(Path(tmp_path).glob("page*.png"))
    assert picture.stat().st_size > 5_000  # a rendered page, not a blank one
    shutil.copy(picture, "/tmp/lianxin-reply-page1.png")


def test_the_admin_templates_page_lists_the_research_report(app, world, client):
    login(client, "admin")
    page = client.get("/admin/document-templates").get_data(as_text=True)
    assert "蹲点调研报告" in page and "/admin/document-templates/research.docx" in page
    r = client.get("/admin/document-templates/research.docx")
    assert r.status_code == 200 and r.data == documents.default_bytes("research")
