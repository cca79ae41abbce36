"""Admin: group-chat robots (群机器人 webhooks) per 处室 or leader, and the log of what was sent to them."""
from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, request, url_for
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from extensions import db
from models.notifications import Webhook, WebhookDelivery
from models.org import Role
from models.reception import leaders_query
from services import notify
from web.access import load_or_404, require
from web.actions import act
from web.forms import Form, VersionField
from web.render import render

from .admin import bp, department_choices

# The audit log's Chinese names (create_app registers them).
AUDIT_LABELS = dict(
    objects={"webhook": "群机器人"},
    actions={"test_webhook": "发送测试消息"},
    fields={"url": "地址", "secret": "加签密钥", "leader_id": "局领导"},
)


class WebhookForm(Form):
    version = VersionField()
    name = StringField("名称", validators=[DataRequired("请填写名称，如“大气环境处工作群”"), Length(max=100, message="名称不超过 100 个字")])
    url = StringField("机器人地址（Webhook）", validators=[
        DataRequired("请填写机器人的 Webhook 地址"), Length(max=500, message="地址不超过 500 个字符"),
        Regexp(r"^https?://[^\s]+$", message="地址须以 http:// 或 https:// 开头，且不含空格"),
    ])
    secret = PasswordField("加签密钥", validators=[Optional(), Length(max=200, message="密钥不超过 200 个字符")])
    department_id = SelectField("发给哪个处室的群", coerce=int, default=0)
    leader_id = SelectField("或发给哪位局领导的群", coerce=int, default=0)
    active = BooleanField("启用", default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.department_id.choices = department_choices(blank="（不是处室群）")
        self.leader_id.choices = [(0, "（不是领导群）")] + [(u.id, u.name) for u in db.session.scalars(leaders_query())]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if bool(self.department_id.data) == bool(self.leader_id.data):
            self.department_id.errors = list(self.department_id.errors) + ["请在处室和局领导中选择且只选择一个"]
            return False
        return ok


def _values(form: WebhookForm) -> dict:
    """The form's values; a blank secret (``None``) keeps the stored one."""
    return dict(name=form.name.data.strip(), url=form.url.data.strip(), secret=form.secret.data.strip() if form.secret.data else None,
               
                department_id=form.department_id.data or None, leader_id=form.leader_id.data or None, active=bool(form.active.data))


# The webhooks page lists this many of the latest deliveries.
DELIVERIES_SHOWN = 50


@bp.get("/webhooks")
@require(Role.ADMIN)
def webhooks():
    hooks = db.session.scalars(sa.select(Webhook).order_by(Webhook.id)).all()
    deliveries = db.session.scalars(sa.select(WebhookDelivery).order_by(WebhookDelivery.id.desc()).limit(DELIVERIES_SHOWN)).all()
    return render("admin/webhooks.html", hooks=hooks, deliveries=deliveries, shown=DELIVERIES_SHOWN, form=Form(formdata=None))


@bp.route("/webhooks/new", methods=["GET", "POST"])
@require(Role.ADMIN)
def webhook_new():
    form = WebhookForm()

    def page(status=200, form=form):
        return render("admin/webhook_form.html", form=form, hook=None, status=status)

    if request.method == "GET":
        return page()

    return act(lambda: Webhook.create(**_values(form)), form=form, page=page, back=url_for("admin.webhooks"),
               success=lambda hook: f"已新建群机器人“{hook.name}”。可点“发送测试消息”检查是否接通。")


@bp.route("/webhooks/<int:webhook_id>/edit", methods=["GET", "POST"])
@require(Role.ADMIN)
def webhook_edit(webhook_id: int):
    hook = load_or_404(Webhook, webhook_id, "edit")
    form = WebhookForm(obj=hook)
    if request.method == "GET":
        form.version.data = hook.version
        form.department_id.data = hook.department_id or 0
        form.leader_id.data = hook.leader_id or 0

    def page(status=200, form=form):
        return render("admin/webhook_form.html", form=form, hook=hook, status=status)

    if request.method == "GET":
        return page()

    return act(lambda: hook.edit(**_values(form)), form=form, page=page, versioned=hook, back=url_for("admin.webhooks"), success="已保存。")


@bp.post("/webhooks/<int:webhook_id>/test")
@require(Role.ADMIN)
def webhook_test(webhook_id: int):
    hook = load_or_404(Webhook, webhook_id, "edit")
    back = url_for("admin.webhooks")

    def send(_) -> None:
        """After the audit entry is committed: the message goes out, and how it went is said."""
        delivery = notify.send_test(hook)
        if delivery.status == "sent":
            flash(f"测试消息已送达“{hook.name}”。", "success")
        else:
            flash(f"测试消息未送达“{hook.name}”：{delivery.last_error}", "danger")

    return act(hook.record_test, form=Form(),
               page=lambda status, **_: redirect(back, code=303), after=send, back=back)
