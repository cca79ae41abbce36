"""The base form: WTForms' own messages in Simplified Chinese, and the shared field types; the version check
and what an edit conflict shows (the user's input beside the saved record)."""
from __future__ import annotations

from datetime import date, datetime, time

from flask import g, has_request_context
from flask_wtf import FlaskForm
from werkzeug.exceptions import Conflict
from wtforms import DateField, HiddenField, IntegerField, SelectMultipleField, ValidationError

from rules import clock
from wtforms.widgets import CheckboxInput, ListWidget


class Form(FlaskForm):
    class Meta:
        locales = ("zh",)

        def get_translations(self, form):
            # WTForms ships zh translations; Flask-WTF's own i18n would need Flask-Babel.
            from wtforms.i18n import get_translations

            return get_translations(self.locales)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Remembered for the request, so that an edit conflict can show what was typed with the form's labels.
        if has_request_context():
            g.setdefault("lx_forms", []).append(self)

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, and for every date (and every year field) the app's sensible range:
        an item assigned in year 1 or a withdrawal in 9999 is a typing error, refused next to the field."""
        ok = super().validate(extra_validators)
        for field in self:
            value = field.data
            if isinstance(field, DateField) and isinstance(value, date):
                year = value.year
            elif isinstance(field, IntegerField) and field.short_name.endswith("year") and isinstance(value, int):
                year = value
            else:
                continue
            if not clock.sensible_year(year):
                field.errors = [*field.errors, f"日期须在 {clock.year_range_text()}之间"]
                ok = False
        return ok


class VersionField(HiddenField):
    """The version a form was opened with. On submit it is only what was posted: a form posted without it
    must not pick up the object's current version (``obj=``/``data=``) and pass as current."""

    def process_formdata(self, valuelist):
        self.data = valuelist[0] if valuelist else ""


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        # WTForms' own message for this case has no Chinese translation.
        allowed = {self.coerce(value) for value, *_ in self.iter_choices()}
        for value in self.data or []:
            if self.coerce(value) not in allowed:
                raise ValidationError(f"“{value}”不是可选的选项")


CONFLICT_MESSAGE = "您打开这个页面之后，该记录已被其他人修改。为避免覆盖对方的修改，本次提交未保存。下面是您填写的内容和当前保存的内容。"


class EditConflict(Conflict):
    """409 carrying the record as it is saved now (the error page shows it beside the user's input)."""

    def __init__(self, current, submitted: str):
        super().__init__(description=CONFLICT_MESSAGE)
        self.current = current
        self.submitted = str(submitted)


# What a form opened before its object existed carries as its version (a reply draft not yet saved).
NEW = "new"


def check_version(obj, submitted: str | None) -> None:
    """Refuse to overwrite a record someone else changed after this form was opened.

    A form without its version is stale too (it cannot show that its author saw the current text), and so
    is one opened before the object existed (``NEW``) once someone else has created it."""
    if str(submitted or "").strip() != str(obj.version):
        raise EditConflict(obj, submitted or "")


def stale(current=None) -> None:
    """409 for a form that cannot show its author saw the current record (no version, or ``NEW`` too late)."""
    raise EditConflict(current, "")


_SKIPPED = ("CSRFTokenField", "HiddenField", "FileField", "MultipleFileField", "SubmitField")


def _shown(value, field=None) -> str:
    """A value as the user reads it: a choice's label, 是/否, a date, or the text."""
    if value is None or value == "":
        return ""
    if isinstance(value, (set, list, tuple)):
        return "、".join(filter(None, (_shown(v, field) for v in value)))
    if field is not None and getattr(field, "choices", None) is not None and not isinstance(value, bool):
        for choice in field.iter_choices():
            if str(choice[0]) == str(value):
                return str(choice[1])
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, (date, time)):
        return value.isoformat()[:10] if isinstance(value, date) else f"{value:%H:%M}"
    return str(value)


def _form_for(formdata) -> FlaskForm | None:
    """The request's form that read the submitted fields (the one with most names in the submission)."""
    names = set(formdata.keys())
    best, score = None, 0
    for form in g.get("lx_forms", []):
        hits = sum(1 for f in form if f.name in names and f.type not in _SKIPPED)
        if hits > score:
            best, score = form, hits
    return best


def conflict_rows(current, formdata, labels: dict[str, str]) -> list[dict]:
    """Each field the user filled in: its label, what they typed, and (when the record has it) what is saved now."""
    rows = []
    form = _form_for(formdata)
    missing = object()
    if form is not None:
        for f in form:
            if f.type in _SKIPPED or f.name.endswith("version") or f.name not in formdata:
                continue
            typed = _shown(f.data if f.type in ("SelectField", "RadioField", "MultiCheckboxField", "BooleanField", "SelectMultipleField")
                           else f._value(), f)
            saved = getattr(current, f.short_name, missing) if current is not None else missing
            rows.append({"label": f.label.text, "typed": typed,
                         "saved": None if saved is missing else _shown(saved, f), "long": f.type == "TextAreaField"})
        return rows
    for name, value in formdata.items():
        if name == "csrf_token" or name.endswith("version"):
            continue
        # Names chosen by the browser, not by a form: show only what was typed, never an attribute they name.
        short = name.split("-", 1)[-1]
        rows.append({"label": labels.get(short, "填写的内容"), "typed": value, "saved": None, "long": "\n" in value or len(value) > 80})
    return rows


def reapply_fields(conflict: EditConflict, formdata) -> list[tuple[str, str]]:
    """The submission again, with the version field now naming the saved version (the user has seen it)."""
    fields = []
    for name, values in formdata.lists():
        if name == "csrf_token":
            continue
        for value in values:
            if name.endswith("version") and value == conflict.submitted:
                value = str(conflict.current.version)
            fields.append((name, value))
    return fields
