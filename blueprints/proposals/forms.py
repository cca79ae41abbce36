"""The forms of the proposal screens (WTForms, Chinese messages)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_wtf.file import FileField, MultipleFileField
from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from extensions import db
from models.org import Department, Role, User, UserRole
from models.proposals_vocabulary import (
    BUREAU_ROLE_LABELS,
    CHANNEL_LABELS,
    CONTACT_METHOD_LABELS,
    CONTACT_STAGE_LABELS,
    DISCLOSURE_LABELS,
    PERIOD_LABELS,
    PROPOSAL_KIND_LABELS,
    PROPOSAL_LEVEL_LABELS,
    RESULT_CLASS_LABELS,
    SATISFACTION_LABELS,
)
from web.forms import Form, MultiCheckboxField, VersionField

DATE_MESSAGE = "请按 2026-03-15 的格式填写日期"


def id_or_0(value) -> int:
    """An optional id from a select: “（无）”, a missing value or None is 0."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def department_choices(blank: str | None = "请选择处室") -> list[tuple[int, str]]:
    rows = db.session.execute(
        sa.select(Department.id, Department.name).where(Department.active).order_by(Department.sort_order, Department.id)
    ).all()
    return ([(0, blank)] if blank else []) + [(i, n) for i, n in rows]


def leader_choices(blank: str = "（未定）") -> list[tuple[int, str]]:
    rows = db.session.execute(
        sa.select(User.id, User.name, User.title)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.LEADER, User.active)
        .order_by(User.id)
    ).all()
    return [(0, blank)] + [(i, f"{t}{n}" if t else n) for i, n, t in rows]


def _date(label: str, required: bool = False, **kw):
    validators = [DataRequired(f"请填写{label}")] if required else [Optional()]
    return DateField(label, validators=validators, format="%Y-%m-%d", **kw)


class VersionedForm(Form):
    version = VersionField()


class ProposalForm(VersionedForm):
    kind = SelectField("类型", choices=list(PROPOSAL_KIND_LABELS.items()), validators=[DataRequired("请选择类型")])
    level = SelectField("级别", choices=list(PROPOSAL_LEVEL_LABELS.items()), default="provincial")
    session_name = StringField("届次", validators=[DataRequired("请填写届次，如 省十四届人大四次会议"), Length(max=64)])
    year = IntegerField("年度", validators=[InputRequired("请填写年度"), NumberRange(2000, 2100, "年度须为四位年份")])
    period = SelectField("提出时间", choices=list(PERIOD_LABELS.items()), default="session")
    number = StringField("编号", validators=[DataRequired("请填写编号"), Length(max=30, message="编号最多 30 个字符")])
    title = StringField("标题（案由）", validators=[DataRequired("请填写标题"), Length(max=300, message="标题最多 300 个字")])
    body = TextAreaField("内容", validators=[Optional()])
    bureau_role = SelectField("本厅办理方式", choices=list(BUREAU_ROLE_LABELS.items()), default="lead")
    assigning_body = StringField("交办单位", validators=[Optional(), Length(max=128)])
    assigned_on = _date("交办日期", required=True)
    doc_no = StringField("交办文号", validators=[Optional(), Length(max=64)])
    external_lead_unit = StringField("主办单位（会办件）", validators=[Optional(), Length(max=128)])
    external_co_units = StringField("其他会办单位", validators=[Optional(), Length(max=255)])
    is_key = BooleanField("重点建议/提案")
    lead_name = StringField("领衔代表/第一提案人", validators=[DataRequired("请填写领衔代表或第一提案人"), Length(max=64)])
    lead_delegation = StringField("代表团/界别", validators=[Optional(), Length(max=64)])
    lead_unit_post = StringField("工作单位及职务", validators=[Optional(), Length(max=128)])
    lead_phone = StringField("联系电话", validators=[Optional(), Length(max=32)])
    co_signers = TextAreaField("联名代表/附议人", validators=[Optional()], description="用顿号、逗号或换行分隔")

    def validate_external_lead_unit(self, field):
        if self.bureau_role.data == "co" and not (field.data or "").strip():
            raise ValidationError("会办件须填写主办单位（本厅的会办意见送交该单位）")


class AssignForm(VersionedForm):
    lead_department_id = SelectField("主办处室（定单位）", coerce=int, validators=[DataRequired("请选择主办处室")])
    co_department_ids = MultiCheckboxField("会办处室", coerce=int)
    responsible_leader_id = SelectField("责任领导（定领导）", coerce=id_or_0, default=0)
    bureau_role = SelectField("本厅办理方式", choices=list(BUREAU_ROLE_LABELS.items()))
    is_key = BooleanField("重点件（由领导领办）")
    leading_leader_id = SelectField("领办领导", coerce=id_or_0, default=0)
    requirements = TextAreaField("办理要求（定要求）", validators=[Optional(), Length(max=2000)])
    internal_deadline = _date("内部办理期限")
    cohandling_deadline = _date("会办意见期限")
    statutory_override = _date("调整法定期限")
    override_reason = StringField("调整理由", validators=[Length(max=200)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lead_department_id.choices = department_choices()
        self.co_department_ids.choices = department_choices(blank=None)
        self.responsible_leader_id.choices = leader_choices()
        self.leading_leader_id.choices = leader_choices("（同责任领导）")
        for optional in (self.responsible_leader_id, self.leading_leader_id):
            optional.data = optional.data or 0  # an item's empty leader is the “（未定）” choice

    def validate_override_reason(self, field):
        if self.statutory_override.data and not (field.data or "").strip():
            raise ValidationError("调整法定期限须填写理由")


class BatchAssignForm(Form):
    ids = MultiCheckboxField("所选件", coerce=int)
    lead_department_id = SelectField("主办处室", coerce=int, validators=[DataRequired("请选择主办处室")])
    co_department_ids = MultiCheckboxField("会办处室", coerce=int)
    responsible_leader_id = SelectField("责任领导", coerce=id_or_0, default=0)
    requirements = TextAreaField("办理要求", validators=[Optional(), Length(max=2000)])
    internal_deadline = _date("内部办理期限")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lead_department_id.choices = department_choices()
        self.co_department_ids.choices = department_choices(blank=None)
        self.responsible_leader_id.choices = leader_choices()

    def validate_ids(self, field):
        if not field.data:
            raise ValidationError("请在列表中至少勾选一件")


class ReturnRequestForm(Form):
    reason = TextAreaField("申请退回的理由", validators=[DataRequired("请填写理由"), Length(max=1000)])
    suggested_department_id = SelectField("建议改由哪个处室办理", coerce=id_or_0, default=0)
    suggested_unit = StringField("或建议的厅外单位", validators=[Optional(), Length(max=128)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggested_department_id.choices = department_choices("（厅内处室均不适合）")

    def validate_suggested_unit(self, field):
        if not self.suggested_department_id.data and not (field.data or "").strip():
            raise ValidationError("请选择建议的处室，或填写建议的厅外单位")


class DecideForm(Form):
    decision = RadioField("决定", choices=[("approve", "同意"), ("refuse", "不同意")], validators=[DataRequired("请选择同意或不同意")])
    note = TextAreaField("说明", validators=[Optional(), Length(max=1000)])


class DecideReturnForm(DecideForm):
    new_department_id = SelectField("改由处室主办", coerce=id_or_0, default=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_department_id.choices = department_choices("（按申请建议）")


class NoteForm(Form):
    body = TextAreaField("办理进展", validators=[DataRequired("请填写进展内容"), Length(max=2000)])


class ContactForm(Form):
    stage = SelectField("阶段", choices=list(CONTACT_STAGE_LABELS.items()), validators=[DataRequired()])
    method = SelectField("方式", choices=list(CONTACT_METHOD_LABELS.items()), validators=[DataRequired()])
    contact_on = _date("沟通日期", required=True)
    participants = StringField("参加人员", validators=[DataRequired("请填写参加人员"), Length(max=500)])
    leader_present = BooleanField("有局领导参加")
    deputy_said = TextAreaField("代表/委员的意见", validators=[Optional(), Length(max=4000)])
    files = MultipleFileField("附件（PDF、Word、Excel、JPG、PNG）")


class MeetingForm(Form):
    day = _date("日期", required=True)
    starts = TimeField("开始时间", validators=[DataRequired("请填写开始时间")], format="%H:%M")
    ends = TimeField("结束时间", validators=[DataRequired("请填写结束时间")], format="%H:%M")
    place = StringField("地点", validators=[DataRequired("请填写地点"), Length(max=128)])
    leader_id = SelectField("参加的局领导", coerce=id_or_0, default=0)
    note = StringField("备注", validators=[Optional(), Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.leader_id.choices = leader_choices("（无领导参加）")


class OpinionForm(Form):
    body = TextAreaField("会办意见", validators=[DataRequired("请填写会办意见"), Length(max=8000)])


class DraftForm(Form):
    reply_version = VersionField()
    doc_no = StringField("文号", validators=[Optional(), Length(max=64)])
    title = StringField("标题", validators=[DataRequired("请填写标题"), Length(max=300)])
    body = TextAreaField("正文", validators=[Optional(), Length(max=30000)])
    result_class = SelectField("办理结果分类", choices=[("", "（请选择）")] + list(RESULT_CLASS_LABELS.items()), validators=[Optional()])
    contact_person = StringField("联系人", validators=[Optional(), Length(max=64)])
    contact_phone = StringField("联系电话", validators=[Optional(), Length(max=32)])
    disclosure = SelectField("公开属性", choices=list(DISCLOSURE_LABELS.items()), default="public")
    disclosure_reason = StringField("不公开/依申请公开的理由", validators=[Optional(), Length(max=255)])
    copies = StringField("抄送", validators=[Optional(), Length(max=255)])
    commitment_text = TextAreaField("承诺事项（B/C 类，每行一项）", validators=[Optional(), Length(max=4000)])
    commitment_due_on = _date("承诺完成时限")


class ReasonForm(Form):
    reason = TextAreaField("理由", validators=[DataRequired("请填写理由"), Length(max=1000)])


class SentForm(Form):
    sent_on = _date("发出日期", required=True)
    doc_no = StringField("文号", validators=[Optional(), Length(max=64)])


class FeedbackForm(Form):
    proposer_id = SelectField("代表/委员", coerce=int, validators=[DataRequired("请选择代表/委员")])
    met = BooleanField("办理过程中与其见过面")
    attitude = RadioField("对办理态度", choices=list(SATISFACTION_LABELS.items()), validators=[DataRequired("请选择对办理态度的评价")])
    result = RadioField("对办理结果", choices=list(SATISFACTION_LABELS.items()), validators=[DataRequired("请选择对办理结果的评价")])
    words = TextAreaField("代表/委员的意见", validators=[Optional(), Length(max=4000)])
    channel = SelectField("反馈方式", choices=list(CHANNEL_LABELS.items()))
    received_on = _date("收到日期", required=True)


class CommitmentDoneForm(Form):
    done_on = _date("完成日期", required=True)
    note = StringField("完成情况", validators=[Optional(), Length(max=500)])


class ExtensionForm(Form):
    until = _date("延期至", required=True)
    reason = TextAreaField("延期理由", validators=[DataRequired("请填写延期理由"), Length(max=1000)])


class OverdueNoteForm(Form):
    text = TextAreaField("超期说明", validators=[DataRequired("请填写超期说明"), Length(max=2000)])


class UrgeForm(Form):
    note = StringField("催办说明", validators=[Optional(), Length(max=500)])


class WithdrawForm(Form):
    reason = TextAreaField("撤回原因", validators=[DataRequired("请填写撤回原因"), Length(max=1000)])
    on = _date("撤回日期")


class MergeForm(Form):
    target_number = StringField("并入的件（同届次编号）", validators=[DataRequired("请填写要并入的件的编号"), Length(max=30)])
    reason = StringField("并案说明", validators=[Optional(), Length(max=500)])


def read_upload(field, too_big_hint: str = "") -> bytes | None:
    """The uploaded file's bytes, or None with the reason under the field (too big, or empty)."""
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    data = field.data.stream.read(limit + 1)
    if len(data) > limit:
        field.errors.append(f"文件超过 {limit // (1024 * 1024)} MB{too_big_hint}")
    elif not data:
        field.errors.append("上传的文件是空的")
    else:
        return data
    return None


class ImportForm(Form):
    file = FileField("交办清单文件（.xlsx 或 .csv）")
    kind = SelectField("类型（表中没有类型列时）", choices=[("", "按表格判断")] + list(PROPOSAL_KIND_LABELS.items()), default="")
    session_name = StringField("届次（表中没有届次列时）", validators=[Optional(), Length(max=64)])
    year = IntegerField("年度", validators=[Optional(), NumberRange(2000, 2100, "年度须为四位年份")])
    assigned_on = _date("交办日期（表中没有交办日期列时）")
    assigning_body = StringField("交办单位", validators=[Optional(), Length(max=128)])
    doc_no = StringField("交办文号", validators=[Optional(), Length(max=64)])

    def validate_file(self, field):
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError("请选择要导入的交办清单文件")


class FeedbackImportForm(Form):
    file = FileField("填好的征询意见表模板（.xlsx 或 .csv）")

    def validate_file(self, field):
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError("请选择要导入的文件")
