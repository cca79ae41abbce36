"""Login, logout and one's own password."""
from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

import config
from extensions import db
from models.org import PASSWORD_MAX, PASSWORD_MIN, User, password_refusal
from models import audit
from services import sessions
from web import throttle
from web.access import public, require
from web.actions import act
from web.forms import Form
from rules.clock import utcnow
from web.render import render

bp = Blueprint("auth", __name__)


class LoginForm(Form):
    username = StringField("用户名", validators=[DataRequired("请输入用户名"), Length(max=64)])
    password = PasswordField("密码", validators=[DataRequired("请输入密码"), Length(max=PASSWORD_MAX)])


class PasswordForm(Form):
    current = PasswordField("当前密码", validators=[DataRequired("请输入当前密码")])
    new = PasswordField("新密码", validators=[DataRequired("请输入新密码"), Length(min=PASSWORD_MIN, max=PASSWORD_MAX, message=f"新密码长度须为 {PASSWORD_MIN} 至 {PASSWORD_MAX} 位")])
    confirm = PasswordField("再次输入新密码", validators=[DataRequired("请再次输入新密码"), EqualTo("new", "两次输入的新密码不一致")])

    def validate_new(self, field):
        if field.data and (field.data.isdigit() or field.data.isalpha()):
            raise ValidationError("新密码须同时包含字母和数字（或其他符号）")
        refusal = password_refusal(field.data, current_user.username)
        if refusal:
            raise ValidationError(refusal)


def safe_next(target: str | None) -> str | None:
    """Only relative, same-site paths are followed after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def client_ip() -> str:
    return request.remote_addr or "unknown"


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        username = form.username.data.strip()
        ip = client_ip()
        user, error = throttle.authenticate(username, form.password.data, ip)
        if user is not None and not user.active:
            error = "该账号已停用，请联系管理员。"
            user = None
        elif user is not None and user.is_demo and config.is_production(current_app.config):
            error = "演示账号不能在生产环境中使用。"
            user = None
        if user is not None:
            session.clear()
            session.permanent = True
            session["sid"] = sessions.start(user, ip, request.user_agent.string)
            login_user(user)
            # A plain UPDATE: two simultaneous logins of one account must not trip the
            # optimistic lock that guards edits of the user's record.
            db.session.execute(sa.update(User).where(User.id == user.id).values(last_login_at=utcnow()))
            audit.record("login", user, summary=f"{user.name} 登录", user=user)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")) or url_for("main.home"))
        db.session.commit()
    status = 200 if error is None and not form.errors else 422
    return render("auth/login.html", form=form, error=error, status=status)


@bp.post("/logout")
@require()
def logout():
    sessions.end(session.get("sid"), "logout")
    db.session.commit()
    logout_user()
    session.clear()
    flash("您已安全退出。", "info")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/account/password", methods=["GET", "POST"])
@require()
def change_password():
    form = PasswordForm()
    if request.method == "GET":
        return render("auth/password.html", form=form)
    user = current_user._get_current_object()

    def change() -> None:
        sessions.change_password(user, form.current.data, form.new.data, current_app.config["PASSWORD_HASH_METHOD"],
                                 keep=session.get("sid"))
        login_user(user)  # the nonce changed: this session goes on under the new one

    return act(change, form=form, page=lambda status, form: render("auth/password.html", form=form, status=status),
               success="密码已修改。其他设备上的登录已失效。", back=url_for("main.home"))
