"""import-proposals: a 交办清单 from the command line, all rows or none."""
from __future__ import annotations

import os

import click

from extensions import db
from models import audit
from services.proposals.imports import parse, save_rows


@click.command("import-proposals")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--kind", type=click.Choice(["npc", "cppcc"]), default=None, help="类型：npc 人大建议 / cppcc 政协提案（表中无类型列时）")
@click.option("--session", "session_name", default=None, help="届次，如 省十四届人大四次会议")
@click.option("--year", type=int, default=None, help="年度")
@click.option("--assigned-on", default=None, help="交办日期（表中无交办日期列时），如 2026-03-15")
@click.option("--assigning-body", default=None, help="交办单位")
@click.option("--doc-no", default=None, help="交办文号")
@click.option("--map", "maps", multiple=True, help="列对应：表头=字段，如 “建议人=lead_proposer”；字段留空表示不导入该列")
def import_proposals(path, kind, session_name, year, assigned_on, assigning_body, doc_no, maps):
    """Import a 交办清单 (.xlsx or .csv): all rows or, on any problem, none."""
    mapping = {}
    for item in maps:
        header, sep, field = item.partition("=")
        if not sep:
            raise click.ClickException(f"列对应“{item}”格式不对，应写成 表头=字段")
        mapping[header.strip()] = field.strip()
    with open(path, "rb") as fh:
        data = fh.read()
    defaults = {"kind": kind, "session_name": session_name, "year": year, "assigned_on": assigned_on, "assigning_body": assigning_body, "doc_no": doc_no}
    result = parse(os.path.basename(path), data, mapping, defaults)
    if not result.ok:
        click.echo(f"导入失败，没有保存任何内容。发现 {len(result.problems)} 个问题：", err=True)
        for problem in result.problems:
            click.echo(f"  - {problem.message}", err=True)
        if result.unmapped:
            click.echo(f"未识别的列：{'、'.join(result.unmapped)}（可用 --map 表头=字段 指定，字段见 services/proposals/importer.FIELDS）", err=True)
        raise SystemExit(1)
    try:
        created = save_rows(result, None, via=f"命令行导入《{os.path.basename(path)}》")
        audit.record("import", object_type="proposal", summary=f"命令行导入 {len(created)} 件（{os.path.basename(path)}）")
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        raise click.ClickException(f"保存时出错，没有保存任何内容：{exc}") from exc
    click.echo(f"已导入 {len(created)} 件：{'、'.join(str(p) for p in created[:10])}{' 等' if len(created) > 10 else ''}")
