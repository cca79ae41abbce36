"""Forms of the reception module (WTForms, Chinese messages)."""
from __future__ import annotations

import re

import sqlalchemy as sa
from wtforms import BooleanField, DateField, HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from extensions import db
from models.reception import (
    ACCEPT_DECISIONS,
    PETITION_CATEGORIES,
    NTH_NAMES,
    SATISFACTION_LABELS,
    PointKind,
    RecordKind,
    RuleKind,
    leaders_query,
)
from rules.clock import WEEKDAY_NAMES
from web.forms import Form, MultiCheckboxField, VersionField

ID_NUMBER = re.compile(r"^(\d{17}[\dXx]|\d{15})$")
PHONE = re.compile(r"^[0-9+\-（）() ]{7,20}$")


def leader_choices(blank: str | None = None) -> list[tuple[int, str]]:
    rows = db.session.scalars(leaders_query()).all()
    choices = [(u.id, f"{u.name}（{u.title}）" if u.title else u.name) for u in rows]
    return ([(0, blank)] if blank else []) + choices


def department_choices(blank: str | None = "（暂不交办）") -> list[tuple[int, str]]:
    from models.org import Department

    rows = db.session.scalars(sa.select(Department).where(Department.active).order_by(Department.sort_order, Department.id))
    return ([(0, blank)] if blank else []) + [(d.id, d.name) for d in rows]


def _reason(label: str = "原因"):
    return TextAreaField(label, validators=[DataRequired(f"请填写{label}"), Length(max=500, message=f"{label}不超过 500 字")])


def chosen(message: str):
    """A required choice: a select's first option (0, “（请选择）”) or an empty set of boxes is no answer."""
    def check(form, field):
        if not field.data:
            raise ValidationError(message)
    return check

class RuleForm(Form):
    version = VersionField()
    name = StringField("名称", validators=[DataRequired("请填写名称"), Length(max=100)], default="厅领导接访日")
    kind = SelectField("重复方式", choices=RuleKind.choices(), default=RuleKind.MONTHLY_DAY.value)
    day_of_month = IntegerField("每月几日", validators=[Optional(), NumberRange(1, 31, "日期须在 1 至 31 之间")])
    nth = SelectField("第几个", coerce=int, choices=[(k, v) for k, v in NTH_NAMES.items()], default=1)
    weekday = SelectField("星期", coerce=int, choices=list(enumerate(WEEKDAY_NAMES)), default=4)
    shift = BooleanField("遇节假日、休息日顺延至下一个工作日（每周重复时为“不安排”）", default=True)
    start_time = TimeField("开始时间", validators=[InputRequired("请填写开始时间")], format="%H:%M")
    end_time = TimeField("结束时间", validators=[InputRequired("请填写结束时间")], format="%H:%M")
    place = StringField("地点", validators=[DataRequired("请填写接访地点"), Length(max=200)])
    leaders = MultiCheckboxField("接访领导（选多位即按所列顺序轮值）", coerce=int, validators=[chosen("请至少选择一位接访领导")])
    valid_from = DateField("开始日期", validators=[InputRequired("请填写开始日期")])
    valid_until = DateField("结束日期（不填为长期）", validators=[Optional()])
    booking_info = TextAreaField("预约方式（用于接访日预告）", validators=[Optional(), Length(max=1000)])
    out_of_scope = TextAreaField("不予受理范围（用于接访日预告）", validators=[Optional(), Length(max=1000)])
    active = BooleanField("启用", default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.leaders.choices = leader_choices()

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        # An inline validator would not run: Optional() stops the chain on an empty field.
        if self.kind.data == RuleKind.MONTHLY_DAY.value and not self.day_of_month.data and not self.day_of_month.errors:
            self.day_of_month.errors = [*self.day_of_month.errors, "按每月固定日期重复时，请填写每月几日"]
            ok = False
        return ok

    def validate_end_time(self, field):
        if self.start_time.data and field.data and field.data <= self.start_time.data:
            raise ValidationError("结束时间须晚于开始时间")

    def validate_valid_until(self, field):
        if field.data and self.valid_from.data and field.data < self.valid_from.data:
            raise ValidationError("结束日期不能早于开始日期")


class DayForm(Form):
    """A reception day added by hand (outside any rule)."""

    leader_id = SelectField("接访领导", coerce=int, validators=[chosen("请选择接访领导")])
    date = DateField("日期", validators=[InputRequired("请填写日期")])
    start_time = TimeField("开始时间", validators=[InputRequired("请填写开始时间")], format="%H:%M")
    end_time = TimeField("结束时间", validators=[InputRequired("请填写结束时间")], format="%H:%M")
    place = StringField("地点", validators=[DataRequired("请填写接访地点"), Length(max=200)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.leader_id.choices = leader_choices("（请选择）")

    def validate_end_time(self, field):
        if self.start_time.data and field.data and field.data <= self.start_time.data:
            raise ValidationError("结束时间须晚于开始时间")


class RescheduleForm(DayForm):
    version = VersionField()
    reason = _reason("调整原因")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.leader_id


class SubstituteForm(Form):
    version = VersionField()
    leader_id = SelectField("代班领导", coerce=int, validators=[chosen("请选择代班领导")])
    reason = _reason("换班原因")

    def __init__(self, *args, exclude: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.leader_id.choices = [c for c in leader_choices("（请选择）") if c[0] != exclude]


class SwapForm(Form):
    version = VersionField()
    other_day_id = SelectField("与哪一个接访日互换", coerce=int, validators=[chosen("请选择要互换的接访日")])
    reason = _reason("换班原因")


class CancelForm(Form):
    version = VersionField()
    reason = _reason("取消原因")


class BookingForm(Form):
    version = VersionField()
    visitor_name = StringField("来访人姓名", validators=[DataRequired("请填写来访人姓名"), Length(max=64)])
    phone = StringField("联系电话", validators=[DataRequired("请填写联系电话"), Length(max=32)])
    id_number = StringField("身份证号", validators=[DataRequired("请填写身份证号"), Length(max=18)])
    people_count = IntegerField("来访人数", default=1, validators=[InputRequired("请填写来访人数"), NumberRange(1, 50, "来访人数须在 1 至 50 人之间（5 人以上请推选代表）")])
    issue = TextAreaField("反映的问题", validators=[DataRequired("请填写反映的问题"), Length(max=2000)])

    def validate_id_number(self, field):
        if field.data and not ID_NUMBER.match(field.data.strip()):
            raise ValidationError("身份证号应为 18 位（最后一位可为 X）或 15 位数字")

    def validate_phone(self, field):
        if field.data and not PHONE.match(field.data.strip()):
            raise ValidationError("请填写有效的电话号码")


class RecordForm(Form):
    version = VersionField()
    kind = SelectField("方式", choices=RecordKind.choices(), default=RecordKind.ONSITE.value)
    leader_id = SelectField("接访领导", coerce=int, validators=[chosen("请选择接访领导")])
    day_id = HiddenField()
    booking_id = HiddenField()
    received_on = DateField("日期", validators=[InputRequired("请填写日期")])
    start_time = TimeField("开始时间", validators=[Optional()], format="%H:%M")
    end_time = TimeField("结束时间", validators=[Optional()], format="%H:%M")
    place = StringField("地点", validators=[Optional(), Length(max=200)])
    visitors = StringField("来访人", validators=[Optional(), Length(max=200)])
    visitor_count = IntegerField("人数", default=1, validators=[InputRequired("请填写人数"), NumberRange(1, 500, "人数须在 1 至 500 之间")])
    visitor_phone = StringField("联系电话", validators=[Optional(), Length(max=32)])
    issue = TextAreaField("反映的问题", validators=[Optional(), Length(max=4000)])
    category = SelectField("问题类别", choices=[("", "（未分类）")] + list(PETITION_CATEGORIES.items()), default="")
    district = StringField("所在区县", validators=[Optional(), Length(max=32)])
    location = StringField("问题发生地点", validators=[Optional(), Length(max=200)])
    instruction = TextAreaField("领导批示", validators=[Optional(), Length(max=4000)])
    department_id = SelectField("交办处室", coerce=int, default=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.leader_id.choices = leader_choices("（请选择）")
        self.department_id.choices = department_choices()

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        # Checked here: Optional() stops the validator chain of an empty field.
        planned = self.kind.data != RecordKind.ONSITE.value
        problems = {
            self.start_time: "下访、约访须填写开始时间，以便列入领导日程" if planned and not self.start_time.data else None,
            self.end_time: "下访、约访须填写结束时间" if planned and not self.end_time.data else None,
            self.place: "下访、约访须填写地点" if planned and not (self.place.data or "").strip() else None,
        }
        if self.start_time.data and self.end_time.data and self.end_time.data <= self.start_time.data:
            problems[self.end_time] = "结束时间须晚于开始时间"
        for f, message in problems.items():
            if message and message not in f.errors:
                f.errors = [*f.errors, message]
                ok = False
        return ok


class AssignForm(Form):
    version = VersionField()
    department_id = SelectField("交办处室", coerce=int, validators=[chosen("请选择交办处室")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.department_id.choices = department_choices("（请选择）")


class AcceptForm(Form):
    version = VersionField()
    decision = RadioField("受理决定", choices=list(ACCEPT_DECISIONS.items()), validators=[InputRequired("请选择受理或不予受理")])
    on = DateField("决定日期", validators=[InputRequired("请填写决定日期")])
    note = TextAreaField("说明（不予受理须写明理由）", validators=[Optional(), Length(max=2000)])


class ProgressForm(Form):
    text = TextAreaField("办理进展", validators=[DataRequired("请填写办理进展"), Length(max=2000)])


class ExtensionForm(Form):
    version = VersionField()
    reason = _reason("延期理由")


class DecideExtensionForm(Form):
    version = VersionField()
    decision = RadioField("决定", choices=[("approve", "同意延期"), ("refuse", "不同意")], validators=[InputRequired("请选择同意或不同意")])
    note = TextAreaField("理由（不同意须写明）", validators=[Optional(), Length(max=2000)])


class FinishForm(Form):
    version = VersionField()
    on = DateField("办结日期", validators=[InputRequired("请填写办结日期")])
    result = TextAreaField("办理结果", validators=[DataRequired("请填写办理结果"), Length(max=4000)])


class RateForm(Form):
    version = VersionField()
    satisfaction = RadioField("来访人满意度", choices=list(SATISFACTION_LABELS.items()), validators=[InputRequired("请选择满意度")])
    note = TextAreaField("来访人意见", validators=[Optional(), Length(max=2000)])


class VersionOnlyForm(Form):
    version = VersionField()


class PointForm(Form):
    version = VersionField()
    leader_id = SelectField("联系领导", coerce=int, validators=[chosen("请选择联系领导")])
    name = StringField("联系点名称", validators=[DataRequired("请填写联系点名称"), Length(max=100)])
    kind = SelectField("类型", choices=PointKind.choices())
    region = StringField("所在地区", validators=[Optional(), Length(max=100)])
    address = StringField("地址", validators=[Optional(), Length(max=200)])
    contact_person = StringField("联系人", validators=[Optional(), Length(max=64)])
    contact_phone = StringField("联系电话", validators=[Optional(), Length(max=32)])
    year = IntegerField("年度", validators=[InputRequired("请填写年度"), NumberRange(2000, 2100, "年度不正确")])
    visits_per_quarter = IntegerField("每季度至少走访次数", default=1, validators=[InputRequired("请填写走访目标"), NumberRange(1, 12, "每季度目标须在 1 至 12 次之间")])
    focus = TextAreaField("联系重点", validators=[Optional(), Length(max=2000)])
    active = BooleanField("在用", default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.leader_id.choices = leader_choices("（请选择）")


class VisitForm(Form):
    version = VersionField()
    visit_date = DateField("日期", validators=[InputRequired("请填写走访日期")])
    start_time = TimeField("开始时间", validators=[InputRequired("请填写开始时间")], format="%H:%M")
    end_time = TimeField("结束时间", validators=[InputRequired("请填写结束时间")], format="%H:%M")
    purpose = StringField("走访内容", validators=[Optional(), Length(max=200)])
    participants = StringField("随行人员", validators=[Optional(), Length(max=200)])

    def validate_end_time(self, field):
        if self.start_time.data and field.data and field.data <= self.start_time.data:
            raise ValidationError("结束时间须晚于开始时间")


class OutcomeForm(Form):
    version = VersionField()
    participants = StringField("随行人员", validators=[Optional(), Length(max=200)])
    problems_found = TextAreaField("发现的问题", validators=[Optional(), Length(max=4000)])
    found_count = IntegerField("发现问题数", default=0, validators=[InputRequired("请填写发现问题数"), NumberRange(0, 999, "数目不正确")])
    problems_solved = TextAreaField("解决的问题", validators=[Optional(), Length(max=4000)])
    solved_count = IntegerField("解决问题数", default=0, validators=[InputRequired("请填写解决问题数"), NumberRange(0, 999, "数目不正确")])

    def validate_solved_count(self, field):
        if field.data is not None and self.found_count.data is not None and field.data > self.found_count.data:
            raise ValidationError("解决问题数不能多于发现问题数")


class MilestoneDoneForm(Form):
    on = DateField("完成日期", validators=[InputRequired("请填写完成日期（格式 2026-12-01）")])
    note = StringField("说明", validators=[Optional(), Length(max=500, message="说明不超过 500 字")])


class ProblemForm(Form):
    """A problem found on a visit; with a 处室 and a deadline it is handed over at once."""

    description = TextAreaField("发现的问题", validators=[DataRequired("请填写发现的问题"), Length(max=2000)])
    department_id = SelectField("交办处室", coerce=int, default=0)
    deadline = DateField("办理期限", validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.department_id.choices = department_choices()

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        # Checked here: Optional() stops the validator chain of an empty field.
        if self.department_id.data and not self.deadline.data and not self.deadline.errors:
            self.deadline.errors = [*self.deadline.errors, "交办处室时请填写办理期限"]
            ok = False
        return ok


class ProblemAssignForm(Form):
    version = VersionField()
    department_id = SelectField("交办处室", coerce=int, validators=[chosen("请选择交办处室")])
    deadline = DateField("办理期限", validators=[InputRequired("请填写办理期限")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.department_id.choices = department_choices("（请选择）")


class ProblemCloseForm(Form):
    version = VersionField()
    on = DateField("解决日期", validators=[InputRequired("请填写解决日期")])
    closure = TextAreaField("解决情况", validators=[DataRequired("请填写解决情况"), Length(max=4000)])


class ProblemReviewForm(Form):
    version = VersionField()
    decision = RadioField("审阅意见", choices=[("accept", "认可，问题已解决"), ("return", "退回重办")], validators=[InputRequired("请选择审阅意见")])
    note = TextAreaField("说明（退回时必填）", validators=[Optional(), Length(max=1000)])
