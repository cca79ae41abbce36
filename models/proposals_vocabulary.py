"""The proposals' vocabulary: the values stored on items and their records, with the Chinese labels shown.

Each name means one thing across the project: ``PROPOSAL_KIND_LABELS`` (人大建议/政协提案), ``BUREAU_ROLE_LABELS``
(the bureau's part in handling: 主办/分办/…), ``PROPOSAL_LEVEL_LABELS`` (全国/省级/市级). Pure data: no Flask, no database.
"""
from __future__ import annotations

STATE_LABELS = {
    "assigned": "待签收",
    "return_requested": "申请退回",
    "in_progress": "办理中",
    "dept_review": "处室审核",
    "office_review": "办公室审核",
    "awaiting_signoff": "待签发",
    "replied": "已答复",
    "closed": "办结",
    "rehandling": "重新办理",
    "withdrawn": "撤回",
    "merged": "并案",
}
# Bootstrap colour of each state's badge.
STATE_COLOURS = {
    "assigned": "primary",
    "return_requested": "warning",
    "in_progress": "info",
    "dept_review": "info",
    "office_review": "info",
    "awaiting_signoff": "info",
    "replied": "success",
    "closed": "secondary",
    "rehandling": "danger",
    "withdrawn": "light",
    "merged": "light",
}
PROPOSAL_KIND_LABELS = {"npc": "人大建议", "cppcc": "政协提案"}
KIND_SHORT = {"npc": "建议", "cppcc": "提案"}
PROPOSAL_LEVEL_LABELS = {"national": "全国", "provincial": "省级", "municipal": "市级"}
PERIOD_LABELS = {"session": "大会期间", "recess": "闭会期间"}
BUREAU_ROLE_LABELS = {"lead": "主办", "separate": "分办", "co": "会办/协办", "reference": "参阅"}
RESULT_CLASS_LABELS = {
    "A": "A类：所提问题已经解决或基本解决",
    "B": "B类：所提问题正在解决或已列入计划逐步解决",
    "C": "C类：所提问题已列入规划，待条件成熟时逐步解决",
    "D": "D类：所提问题因条件限制暂时无法解决，留作参考",
}
SATISFACTION_LABELS = {"satisfied": "满意", "basically": "基本满意", "unsatisfied": "不满意"}
CHANNEL_LABELS = {"receipt": "书面回执", "phone": "电话回访", "in_person": "当面", "online": "网上"}
CONTACT_STAGES = ("办前", "办中", "办后")
CONTACT_METHODS = ("见面座谈", "走访", "调研", "电话", "视频", "书面")
# Face to face with the deputy/member (见面率): 座谈 and 面商 are recorded as 见面座谈, 现场 visits as 走访 or 调研.
FACE_TO_FACE_METHODS = ("见面座谈", "走访", "调研")
DISCLOSURE_LABELS = {"public": "公开", "private": "不公开", "on_request": "依申请公开"}
REPLY_STATE_LABELS = {
    "draft": "草稿",
    "dept_review": "处室审核中",
    "office_review": "办公室审核中",
    "awaiting_signoff": "待领导签发",
    "signed": "已签发，待发出",
    "sent": "已发出",
}
REQUEST_STATE_LABELS = {"pending": "待办公室决定", "approved": "已同意", "refused": "未同意"}

# States in which the item still runs against a deadline (not yet answered, not ended).
OPEN_STATES = ("assigned", "return_requested", "in_progress", "dept_review", "office_review", "awaiting_signoff", "rehandling")
# States in which the 处室 works on the item (notes, contacts, the draft).
WORKING_STATES = ("in_progress", "rehandling")
ENDED_STATES = ("closed", "withdrawn", "merged")
# Roles whose reply is the bureau's own answer, rated by the proposer.
ANSWERING_ROLES = ("lead", "separate")
