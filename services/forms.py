"""The base form: WTForms' own messages in Simplified Chinese, and the shared field types."""
from __future__ import annotations

from datetime import date

from flask import abort
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectMultipleField, ValidationError

from services import clock
from wtforms.widgets import CheckboxInput, ListWidget


class Form(FlaskForm):
    class Meta:
        locales = ("zh",)

        def get_translations(self, form):
            # WTForms ships zh translations; Flask-WTF's own i18n would need Flask-Babel.
            from wtforms.i18n import get_translations

            return get_translations(self.locales)

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


STALE = "您打开这个页面之后，该记录已被其他人修改。为避免覆盖对方的修改，本次提交未保存。请刷新页面，核对最新内容后重新填写。"
# What a form opened before its object existed carries as its version (a reply draft not yet saved).
NEW = "new"


def check_version(obj, submitted: str | None) -> None:
    """Refuse to overwrite a record someone else changed after this form was opened.

    A form without its version is stale too (it cannot show that its author saw the current text), and so
    is one opened before the object existed (``NEW``) once someone else has created it."""
    if str(submitted or "").strip() != str(obj.version):
        abort(409, description=STALE)


def stale() -> None:
    abort(409, description=STALE)
