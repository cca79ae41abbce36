"""The base form: WTForms' own messages in Simplified Chinese, and the shared field types."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget


class Form(FlaskForm):
    class Meta:
        locales = ("zh",)

        def get_translations(self, form):
            # WTForms ships zh translations; Flask-WTF's own i18n would need Flask-Babel.
            from wtforms.i18n import get_translations

            return get_translations(self.locales)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        # WTForms' own message for this case has no Chinese translation.
        allowed = {value for value, *_ in self.iter_choices()}
        for value in self.data or []:
            if self.coerce(value) not in {self.coerce(a) for a in allowed} if allowed else True:
                raise ValidationError(f"“{value}”不是可选的选项")
