"""System administration: users, departments (and, from the proposal module, working days and deadline rules)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from extensions import db
from models.org import PASSWORD_MAX, PASSWORD_MIN, ROLE_LABELS, AccountLock, Department, Role, User, password_refusal
from services import accounts
from services import sessions
from web import throttle
from web.access import require
from web.actions import act
from web.forms import Form, MultiCheckboxField, VersionField
from web.render import render

bp = Blueprint("admin", __name__, url_prefix="/admin")


def department_choices(blank: str | None = "（无）") -> list[tuple[int, str]]:
    rows = db.session.scalars(sa.select(Department).where(Department.active).order_by(Department.sort_order, Department.id))
    choices = [(d.id, d.name) for d in rows]
    return ([(0, blank)] if blank else []) + choices


class UserForm(Form):
    version = VersionField()
    username = StringField(
        "用户名",
        validators=[
            DataRequired("请填写用户名"),
            Length(max=64, message="用户名不超过 64 个字符"),
            Regexp(r"^[A-Za-z0-9_.-]+$", message="用户名只能使用字母、数字、下划线、点和连字符"),
        ],
    )
    name = StringField("姓名", validators=[DataRequired("请填写姓名"), Length(max=64, message="姓名不超过 64 个字符")])
    title = StringField("职务", validators=[Optional(), Length(max=64, message="职务不超过 64 个字符")])
    phone = StringField("电话", validators=[Optional(), Length(max=32, message="电话不超过 32 个字符")])
    email = StringField("邮箱", validators=[Optional(), Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="邮箱格式不正确"), Length(max=120)])
    department_id = SelectField("所在处室", coerce=int, default=0)
    roles = MultiCheckboxField("角色", choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    departments_in_charge = MultiCheckboxField("分管处室（局领导）", coerce=int)
    active = BooleanField("在用", default=True)
    password = PasswordField("初始密码")

    def __init__(self, *args, user: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._user = user
        self.department_id.choices = department_choices()
        self.departments_in_charge.choices = department_choices(blank=None)

    def validate_username(self, field):
        other = db.session.scalar(sa.select(User).filter_by(username=field.data.strip()))
        if other is not None and other is not self._user:
            raise ValidationError("该用户名已被使用")

    def validate_roles(self, field):
        roles = set(field.data or [])
        if not roles:
            raise ValidationError("请至少选择一个角色")
        if roles & {Role.HANDLER.value, Role.HEAD.value} and not self.department_id.data:
            raise ValidationError("处室承办人和处室负责人须选择所在处室")

    def validate_password(self, field):
        if not field.data:
            raise ValidationError("新建用户须设置初始密码")
        if not PASSWORD_MIN <= len(field.data) <= PASSWORD_MAX:
            raise ValidationError(f"密码长度须为 {PASSWORD_MIN} 至 {PASSWORD_MAX} 位")
        refusal = password_refusal(field.data, self.username.data)
        if refusal:
            raise ValidationError(refusal)


class ResetPasswordForm(Form):
    password = PasswordField("新密码", validators=[DataRequired("请输入新密码"), Length(min=PASSWORD_MIN, max=PASSWORD_MAX, message=f"密码长度须为 {PASSWORD_MIN} 至 {PASSWORD_MAX} 位")])

    def __init__(self, *args, user: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._user = user

    def validate_password(self, field):
        refusal = password_refusal(field.data, self._user.username) if self._user is not None else None
        if refusal:
            raise ValidationError(refusal)


class DepartmentForm(Form):
    version = VersionField()
    name = StringField("处室名称", validators=[DataRequired("请填写处室名称"), Length(max=64, message="名称不超过 64 个字符")])
    code = StringField(
        "代码",
        validators=[DataRequired("请填写代码"), Length(max=32), Regexp(r"^[A-Za-z0-9_-]+$", message="代码只能使用字母、数字、下划线和连字符")],
    )
    phone = StringField("电话", validators=[Optional(), Length(max=32)])
    sort_order = IntegerField("排序", default=0, validators=[Optional(), NumberRange(0, 9999, "排序须在 0 至 9999 之间")])
    active = BooleanField("在用", default=True)

    def __init__(self, *args, department: Department | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._department = department

    def validate_name(self, field):
        other = db.session.scalar(sa.select(Department).filter_by(name=field.data.strip()))
        if other is not None and other is not self._department:
            raise ValidationError("已有同名处室")

    def validate_code(self, field):
        other = db.session.scalar(sa.select(Department).filter_by(code=field.data.strip()))
        if other is not None and other is not self._department:
            raise ValidationError("该代码已被使用")


def load_user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def load_department_or_404(department_id: int) -> Department:
    department = db.session.get(Department, department_id)
    if department is None:
        abort(404)
    return department


@bp.get("/")
@require(Role.ADMIN)
def index():
    return redirect(url_for("admin.users"))


@bp.get("/users")
@require(Role.ADMIN)
def users():
    q = (request.args.get("q") or "").strip()
    role = request.args.get("role") or ""
    department_id = request.args.get("department", type=int)
    status = request.args.get("status") or "active"
    stmt = sa.select(User).order_by(User.department_id.is_(None), User.department_id, User.id)
    if q:
        like = f"%{q}%"
        stmt = stmt.where(sa.or_(User.username.ilike(like), User.name.ilike(like)))
    if role in {r.value for r in Role}:
        stmt = stmt.where(User.role_rows.any(role=Role(role)))
    if department_id:
        stmt = stmt.where(User.department_id == department_id)
    if status == "active":
        stmt = stmt.where(User.active)
    elif status == "inactive":
        stmt = stmt.where(User.active.is_(False))
    rows = db.session.scalars(stmt.options(sa.orm.selectinload(User.department))).all()
    return render(
        "admin/users.html",
        block="results",
        users=rows,
        departments=department_choices(blank=None),
        filters={"q": q, "role": role, "department": department_id or 0, "status": status},
    )


def _user_values(form: UserForm) -> tuple[dict, list[str], set[int]]:
    """The user form as the service takes it: fields, role codes, ids of the 处室 in charge."""
    values = {
        "username": form.username.data.strip(),
        "name": form.name.data.strip(),
        "title": (form.title.data or "").strip(),
        "phone": (form.phone.data or "").strip(),
        "email": (form.email.data or "").strip(),
        "department_id": form.department_id.data or None,
        "active": bool(form.active.data),
    }
    return values, list(form.roles.data), set(form.departments_in_charge.data or [])


@bp.route("/users/new", methods=["GET", "POST"])
@require(Role.ADMIN)
def user_new():
    form = UserForm()

    def page(status=200, form=form):
        return render("admin/user_form.html", form=form, user=None, status=status)

    if request.method == "GET":
        return page()

    def create() -> User:
        return accounts.create_user(*_user_values(form), form.password.data, current_app.config["PASSWORD_HASH_METHOD"])

    return act(create, form=form, page=page, back=url_for("admin.users"),
               success=lambda user: f"已新建用户 {user.name}。首次登录时须修改初始密码。")


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@require(Role.ADMIN)
def user_edit(user_id: int):
    user = load_user_or_404(user_id)
    # Roles and 分管处室 as the form's own values (ids, codes), not the model's objects.
    form = UserForm(
        obj=user,
        user=user,
        roles=[r.value for r in user.roles],
        departments_in_charge=[d.id for d in user.departments_in_charge],
        department_id=user.department_id or 0,
    )
    del form.password
    if request.method == "GET":
        form.version.data = user.version
        form.department_id.data = user.department_id or 0
        form.roles.data = [r.value for r in user.roles]
        form.departments_in_charge.data = [d.id for d in user.departments_in_charge]

    def page(status=200, form=form):
        return render("admin/user_form.html", form=form, user=user, reset_form=ResetPasswordForm(),
                      live_sessions=db.session.scalars(sessions.live_query(user.id)).all(), status=status)

    if request.method == "GET":
        return page()

    return act(lambda: accounts.edit_user(user, *_user_values(form)), form=form, page=page, versioned=user, back=url_for("admin.users"), success=lambda _: f"已保存 {user.name} 的信息。")


@bp.post("/users/<int:user_id>/sign-out")
@require(Role.ADMIN)
def user_sign_out(user_id: int):
    """“Sign out everywhere”: every live session of the user ends now (a stolen cookie with it)."""
    user = load_user_or_404(user_id)

    return act(lambda: accounts.sign_out_everywhere(user), back=url_for("admin.user_edit", user_id=user.id),
               success=lambda ended: f"已强制退出 {user.name} 的全部登录（{ended} 处）。")


@bp.post("/users/<int:user_id>/reset-password")
@require(Role.ADMIN)
def user_reset_password(user_id: int):
    user = load_user_or_404(user_id)
    form = ResetPasswordForm(user=user)
    back = url_for("admin.user_edit", user_id=user.id)

    def invalid(status, form):
        """The reset form sits on the user's page: its messages are flashed there."""
        for errors in form.errors.values():
            for message in errors:
                flash(message, "danger")
        return redirect(back, code=303)

    def reset() -> None:
        accounts.reset_password(user, form.password.data, current_app.config["PASSWORD_HASH_METHOD"])

    return act(reset, form=form, page=invalid, back=back, success=f"已重置 {user.name} 的密码；其登录已全部失效，下次登录须修改密码。")


@bp.post("/users/<int:user_id>/active")
@require(Role.ADMIN)
def user_set_active(user_id: int):
    user = load_user_or_404(user_id)
    make_active = request.form.get("active") == "1"
    from flask_login import current_user

    return act(lambda: accounts.set_active(user, current_user, make_active), back=url_for("admin.users"),
               success=lambda changed: f"已{'启用' if make_active else '停用'} {user.name}。" if changed else None)


@bp.get("/locks")
@require(Role.ADMIN)
def locks():
    """Accounts locked now after failed logins, with who they belong to; each may be lifted."""
    rows = db.session.scalars(throttle.active_locks_query()).all()
    owners = {u.username: u for u in db.session.scalars(sa.select(User).where(User.username.in_({r.username for r in rows})))} if rows else {}
    return render("admin/locks.html", locks=rows, owners=owners)


@bp.post("/locks/<int:lock_id>/lift")
@require(Role.ADMIN)
def lock_lift(lock_id: int):
    row = db.session.get(AccountLock, lock_id) or abort(404)
    from flask_login import current_user

    def lift() -> bool:
        if row.lifted_at is not None:
            return False
        throttle.lift(row, current_user)
        return True

    return act(lift, back=url_for("admin.locks"), success=lambda lifted: f"已解除账号 {row.username} 的登录锁定。" if lifted else None)


@bp.get("/departments")
@require(Role.ADMIN)
def departments():
    rows = db.session.scalars(
        sa.select(Department).order_by(Department.sort_order, Department.id).options(
            sa.orm.selectinload(Department.leaders), sa.orm.selectinload(Department.users)
        )
    ).all()
    return render("admin/departments.html", departments=rows)


@bp.route("/departments/new", methods=["GET", "POST"])
@require(Role.ADMIN)
def department_new():
    form = DepartmentForm()

    def page(status=200, form=form):
        return render("admin/department_form.html", form=form, department=None, status=status)

    if request.method == "GET":
        return page()

    return act(lambda: accounts.create_department(**_department_values(form)), form=form, page=page, back=url_for("admin.departments"), success=lambda d: f"已新建处室 {d.name}。")


def _department_values(form) -> dict:
    return dict(name=form.name.data.strip(), code=form.code.data.strip(), phone=(form.phone.data or "").strip(),
                sort_order=form.sort_order.data or 0, active=bool(form.active.data))


@bp.route("/departments/<int:department_id>/edit", methods=["GET", "POST"])
@require(Role.ADMIN)
def department_edit(department_id: int):
    department = load_department_or_404(department_id)
    form = DepartmentForm(obj=department, department=department)
    if request.method == "GET":
        form.version.data = department.version

    def page(status=200, form=form):
        return render("admin/department_form.html", form=form, department=department, status=status)

    if request.method == "GET":
        return page()

    return act(lambda: accounts.edit_department(department, **_department_values(form)), form=form, page=page, versioned=department, back=url_for("admin.departments"),
               success=lambda _: f"已保存处室 {department.name}。")
