"""The proposals' vocabulary: the values stored on items and their records, with the Chinese labels shown.

Each vocabulary is a :class:`models.vocabulary.LabelledEnum`; the ``*_LABELS`` dicts (``value → label``) are its
view for templates, forms and audit labels. Each name means one thing across the project: ``PROPOSAL_KIND_LABELS``
(人大建议/政协提案), ``BUREAU_ROLE_LABELS`` (the bureau's part in handling: 主办/分办/…), ``PROPOSAL_LEVEL_LABELS``
(全国/省级/市级). Pure data: no Flask, no database.
"""
from __future__ import annotations

from models.vocabulary import LabelledEnum, Satisfaction  # noqa: F401 (Satisfaction: shared with reception)


class ProposalState(LabelledEnum):
    ASSIGNED = "assigned", "待签收"
    RETURN_REQUESTED = "return_requested", "申请退回"
    IN_PROGRESS = "in_progress", "办理中"
    DEPT_REVIEW = "dept_review", "处室审核"
    OFFICE_REVIEW = "office_review", "办公室审核"
    AWAITING_SIGNOFF = "awaiting_signoff", "待签发"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "办结"
    REHANDLING = "rehandling", "重新办理"
    WITHDRAWN = "withdrawn", "撤回"
    MERGED = "merged", "并案"


class ProposalKind(LabelledEnum):
    NPC = "npc", "人大建议"
    CPPCC = "cppcc", "政协提案"


class ProposalLevel(LabelledEnum):
    NATIONAL = "national", "全国"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"


class Period(LabelledEnum):
    SESSION = "session", "大会期间"
    RECESS = "recess", "闭会期间"


class BureauRole(LabelledEnum):
    LEAD = "lead", "主办"
    SEPARATE = "separate", "分办"
    CO = "co", "会办/协办"
    REFERENCE = "reference", "参阅"


class ResultClass(LabelledEnum):
    A = "A", "A类：所提问题已经解决或基本解决"
    B = "B", "B类：所提问题正在解决或已列入计划逐步解决"
    C = "C", "C类：所提问题已列入规划，待条件成熟时逐步解决"
    D = "D", "D类：所提问题因条件限制暂时无法解决，留作参考"


class FeedbackChannel(LabelledEnum):
    RECEIPT = "receipt", "书面回执"
    PHONE = "phone", "电话回访"
    IN_PERSON = "in_person", "当面"
    ONLINE = "online", "网上"


class ContactStage(LabelledEnum):
    """When in the handling a contact with the deputy/member took place."""

    BEFORE = "before", "办前"
    DURING = "during", "办中"
    AFTER = "after", "办后"


class ContactMethod(LabelledEnum):
    """How the bureau was in touch with the deputy/member (座谈 and 面商 are recorded as 见面座谈, 现场 visits as
    走访 or 调研)."""

    MEETING = "meeting", "见面座谈"
    VISIT = "visit", "走访"
    SURVEY = "survey", "调研"
    PHONE = "phone", "电话"
    VIDEO = "video", "视频"
    WRITTEN = "written", "书面"


class Disclosure(LabelledEnum):
    PUBLIC = "public", "公开"
    PRIVATE = "private", "不公开"
    ON_REQUEST = "on_request", "依申请公开"


class ReplyState(LabelledEnum):
    DRAFT = "draft", "草稿"
    DEPT_REVIEW = "dept_review", "处室审核中"
    OFFICE_REVIEW = "office_review", "办公室审核中"
    AWAITING_SIGNOFF = "awaiting_signoff", "待领导签发"
    SIGNED = "signed", "已签发，待发出"
    SENT = "sent", "已发出"


class RequestState(LabelledEnum):
    """An extension or return request as the office decides it."""

    PENDING = "pending", "待办公室决定"
    APPROVED = "approved", "已同意"
    REFUSED = "refused", "未同意"


STATE_LABELS = ProposalState.labels()
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
PROPOSAL_KIND_LABELS = ProposalKind.labels()
KIND_SHORT = {"npc": "建议", "cppcc": "提案"}
PROPOSAL_LEVEL_LABELS = ProposalLevel.labels()
PERIOD_LABELS = Period.labels()
BUREAU_ROLE_LABELS = BureauRole.labels()
RESULT_CLASS_LABELS = ResultClass.labels()
SATISFACTION_LABELS = Satisfaction.labels()
CHANNEL_LABELS = FeedbackChannel.labels()
CONTACT_STAGE_LABELS = ContactStage.labels()
CONTACT_METHOD_LABELS = ContactMethod.labels()
# Face to face with the deputy/member (见面率): 见面座谈, 走访, 调研.
FACE_TO_FACE_METHODS = (ContactMethod.MEETING.value, ContactMethod.VISIT.value, ContactMethod.SURVEY.value)
DISCLOSURE_LABELS = Disclosure.labels()
REPLY_STATE_LABELS = ReplyState.labels()
REQUEST_STATE_LABELS = RequestState.labels()

# States in which the item still runs against a deadline (not yet answered, not ended).
OPEN_STATES = ("assigned", "return_requested", "in_progress", "dept_review", "office_review", "awaiting_signoff", "rehandling")
# States in which the 处室 works on the item (notes, contacts, the draft).
WORKING_STATES = ("in_progress", "rehandling")
ENDED_STATES = ("closed", "withdrawn", "merged")
# Roles whose reply is the bureau's own answer, rated by the proposer.
ANSWERING_ROLES = ("lead", "separate")
