"""Demo: the office's draft of the demo year's 办理工作总结 (the figures come from the demo items)."""
from __future__ import annotations

from flask import current_app

from extensions import db
from models.documents import SummaryReport
from services.stats import summary

TEXTS = {
    "intro": "今年以来，我厅坚持把建议提案办理作为践行全过程人民民主的重要抓手，厅党组专题研究部署，逐件落实“定领导、定单位、定要求、"
             "定时间”，做到办理前、办理中、办理后全程与代表委员沟通。现将办理工作情况报告如下。",
    "practices": "（一）压实办理责任。厅主要领导审定交办方案，分管厅领导领办重点建议提案，承办处室主要负责人为第一责任人。\n"
                 "（二）坚持见面沟通。对每件主办建议提案，承办处室在答复前通过座谈、走访、现场调研等方式与代表委员当面沟通，"
                 "电话、书面沟通不替代见面。\n"
                 "（三）强化督查督办。办公室按周通报办理进度，对临期、超期件发出催办，并将办理情况纳入处室年度考核。\n"
                 "（四）抓好承诺落实。对B类、C类答复建立承诺事项台账，逐项明确完成时限，定期“回头看”。",
    "cases": "臭氧污染协同防控：围绕代表关于夏季臭氧污染的建议，厅领导带队赴临江、云水两市现场调研，推动出台挥发性有机物综合治理方案，"
             "代表对办理结果表示满意。",
    "plans": "（一）存在的问题。个别答复针对性不强，少数承诺事项推进较慢，部分件见面沟通安排在答复前夕，沟通深度有待提高。\n"
             "（二）下一步工作。坚持办理前见面、办理中会商、答复后回访，把见面率与沟通率一并纳入考核；对未完成的承诺事项逐项跟踪督办，"
             "确保件件有着落、事事有回音。",
}


def seed_documents(context: dict) -> str:
    written_on = context["story"].as_of
    year = written_on.year
    f = summary.period_filters(year)
    bureau = current_app.config.get("BUREAU_NAME", "")
    values = {**summary.defaults(f, bureau), **TEXTS, "written_on": written_on}
    db.session.add(SummaryReport(period=summary.period_key(f), **values))
    return f"{year}年办理工作总结（草稿）1 篇"
