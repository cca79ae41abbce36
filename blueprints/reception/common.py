"""Helpers shared by the reception views."""
from __future__ import annotations

from flask import flash
from flask_login import current_user

from extensions import db
from models.point_problems import PROBLEM_STATUS_LABELS
from models.reception import ACCEPT_DECISIONS, ENUM_LABELS, SATISFACTION_LABELS
from services import agenda

AUDIT_OBJECTS = {
    "reception_rule": "接访日规则",
    "reception_day": "接访日",
    "reception_booking": "接访预约",
    "reception_record": "接访记录",
    "contact_point": "联系点",
    "contact_visit": "联系点走访",
    "point_problem": "联系点问题",
}
AUDIT_ACTIONS = {
    "substitute": "代班",
    "swap": "互换接访日",
    "reschedule": "调整接访日",
    "cancel": "取消",
    "generate": "生成接访日",
    "regenerate": "重排接访日",
    "assign": "交办",
    "accept": "受理决定",
    "progress": "办理进展",
    "request_extension": "申请延期",
    "approve_extension": "批准延期",
    "refuse_extension": "不同意延期",
    "finish": "办结",
    "rate": "登记满意度",
    "recompute": "重算期限",
    "visit_done": "记录走访",
    "report_solved": "报告已解决",
    "problem_review": "领导审阅",
    "feed_token": "生成日历订阅",
    "feed_revoke": "停用日历订阅",
}
AUDIT_FIELDS = {
    "leader_id": "接访领导",
    "swap_reason": "换班原因",
    "date": "日期",
    "starts_at": "开始时间",
    "ends_at": "结束时间",
    "place": "地点",
    "cancelled": "已取消",
    "cancel_reason": "取消原因",
    "visitor_name": "来访人",
    "id_number": "身份证号",
    "people_count": "人数",
    "issue": "反映的问题",
    "category": "问题类别",
    "district": "所在区县",
    "location": "问题发生地点",
    "accept_deadline": "受理告知期限",
    "handle_deadline": "办理期限",
    "accepted_on": "受理决定日期",
    "accept_decision": "受理决定",
    "accept_note": "受理说明",
    "extended": "已延期",
    "result": "办理结果",
    "finished_on": "办结日期",
    "satisfaction": "满意度",
    "satisfaction_note": "来访人意见",
    "instruction": "领导批示",
    "visitors": "来访人",
    "problems_found": "发现的问题",
    "problems_solved": "解决的问题",
    "found_count": "发现问题数",
    "solved_count": "解决问题数",
    "visits_per_quarter": "每季度走访目标",
    "participants": "参加人员",
    "status": "状态",
    "visit_date": "走访日期",
    "purpose": "走访目的",
    "deadline": "办理期限",
    "closed_on": "解决日期",
}


# The audit log's Chinese names (create_app registers them).
AUDIT_LABELS = dict(objects=AUDIT_OBJECTS, actions=AUDIT_ACTIONS, fields=AUDIT_FIELDS, object_types=tuple(AUDIT_OBJECTS),
                    values={"kind": ENUM_LABELS, "status": {**ENUM_LABELS, **PROBLEM_STATUS_LABELS},
                            "accept_decision": ACCEPT_DECISIONS, "satisfaction": SATISFACTION_LABELS})


def warn_day_off(day) -> None:
    """A reception day on a weekend or an official day off is allowed (a special arrangement), but said so."""
    from models.settings import WorkdayEntry
    from services.reception import schedule as rules_service
    from rules.workdays import PREDICTION_NOTE, predict_year

    cal = rules_service.working_calendar()
    if cal.is_working_day(day):
        return
    predicted = cal.is_predicted(day.year)
    entry = db.session.get(WorkdayEntry, day)
    name = entry.name if entry is not None and entry.kind == "holiday" else (
        next((n for d, _kind, n in predict_year(day.year) if d == day), None) if predicted else None)
    what = f"法定节假日（{name}）" if name else (
        "法定节假日" if day.weekday() < 5 else ("周六" if day.weekday() == 5 else "周日"))
    note = f"（{PREDICTION_NOTE}）" if predicted else ""
    flash(f"请注意：{day.month}月{day.day}日是{what}，不是工作日{note}。如确需当天接访，请做好值班安排并在预告中说明。", "warning")


def warn_clashes(leader_id: int, starts_at, ends_at, exclude) -> None:
    """Flash the leader's other entries at that time, named only as far as the current user may open them."""
    found = agenda.clashes(leader_id, starts_at, ends_at, exclude=exclude)
    if found:
        flash(agenda.clash_message(found, current_user), "warning")
