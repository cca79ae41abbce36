"""Organisation: departments (处室), users, their roles, and which 处室 each leader is in charge of."""
from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from extensions import db
from rules.clock import utcnow
from rules.errors import Refused

from .vocabulary import LabelledEnum


class Role(LabelledEnum):
    OFFICE = "office", "办公室"
    HANDLER = "handler", "处室承办人"
    HEAD = "head", "处室负责人"
    LEADER = "leader", "局领导"
    ADMIN = "admin", "管理员"


ROLE_LABELS = {r: r.label for r in Role}

leader_departments = sa.Table(
    "leader_departments",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("department_id", sa.ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True),
)


class Department(db.Model):
    """A 处室. Departments are deactivated, never deleted, once history refers to them."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    phone: Mapped[str] = mapped_column(sa.String(32), default="")
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)

    users: Mapped[list["User"]] = relationship(back_populates="department")
    leaders: Mapped[list["User"]] = relationship(
        secondary=leader_departments, back_populates="departments_in_charge", order_by="User.id"
    )

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Department {self.name}>"

    def __str__(self) -> str:
        return self.name


class UserRole(db.Model):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(
        sa.Enum(Role, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]),
        primary_key=True,
        index=True,
    )


class User(UserMixin, db.Model):
    """A person who logs in. Deactivated, never deleted: history refers to users."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(64), default="")
    phone: Mapped[str] = mapped_column(sa.String(32), default="")
    email: Mapped[str] = mapped_column(sa.String(120), default="")
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"), index=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255), default="")
    active: Mapped[bool] = mapped_column(default=True)
    is_demo: Mapped[bool] = mapped_column(default=False)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Changing it logs the user out everywhere (it is part of the session id).
    session_nonce: Mapped[str] = mapped_column(sa.String(32), default=lambda: secrets.token_hex(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    department: Mapped[Department | None] = relationship(back_populates="users")
    # Loaded when first used (the logged-in user's roles, once per request), not with every query that
    # happens to load users (a timeline's authors, a list's leaders): "selectin" cost two queries each time.
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan")
    departments_in_charge: Mapped[list[Department]] = relationship(
        secondary=leader_departments, back_populates="leaders", order_by="Department.sort_order"
    )

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<User {self.username}>"

    def __str__(self) -> str:
        return self.name

    # Flask-Login
    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_nonce}"

    # Passwords
    def set_password(self, password: str, method: str = "scrypt") -> None:
        self.password_hash = generate_password_hash(password, method=method)
        self.session_nonce = secrets.token_hex(8)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def change_own_password(self, current: str, new: str, method: str = "scrypt") -> None:
        """The user replaces their own password, proving the current one; refused when it is wrong."""
        if not self.check_password(current):
            raise Refused("当前密码不正确", field="current")
        self.set_password(new, method)
        self.must_change_password = False

    # Roles
    @property
    def roles(self) -> set[Role]:
        return {r.role for r in self.role_rows}

    @roles.setter
    def roles(self, roles) -> None:
        wanted = {Role(r) for r in roles}
        self.role_rows = [r for r in self.role_rows if r.role in wanted] + [
            UserRole(role=r) for r in sorted(wanted - self.roles, key=lambda r: r.value)
        ]

    def has_role(self, *roles: Role | str) -> bool:
        mine = self.roles
        return any(Role(r) in mine for r in roles)

    @property
    def role_labels(self) -> list[str]:
        return [r.label for r in Role if r in self.roles]

    @property
    def is_office(self) -> bool:
        return self.has_role(Role.OFFICE)

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def is_leader(self) -> bool:
        return self.has_role(Role.LEADER)

    @property
    def is_department_staff(self) -> bool:
        return self.department_id is not None and self.has_role(Role.HANDLER, Role.HEAD)

    @property
    def charge_department_ids(self) -> set[int]:
        return {d.id for d in self.departments_in_charge}


# A password's length, in characters (forms, the admin's new users, the CLI).
PASSWORD_MIN = 8
PASSWORD_MAX = 128


def password_refusal(password: str, username: str) -> str | None:
    """Why ``password`` may not be ``username``'s password (it contains the user name), or None."""
    name, secret = (username or "").strip().lower(), (password or "").lower()
    if name and (name in secret if len(name) >= 3 else name == secret):
        return "密码不能包含用户名"
    return None


class LoginAttempt(db.Model):
    """One login attempt, kept for throttling and for the security trail."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        sa.Index("ix_login_attempts_username_at", "username", "at"),
        sa.Index("ix_login_attempts_ip_at", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64))
    ip: Mapped[str] = mapped_column(sa.String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    success: Mapped[bool] = mapped_column(default=False)


class UserSession(db.Model):
    """One login, held on the server so that it can be ended: logout, a password change, deactivation
    and an admin's “sign out everywhere” end it; so do the idle and absolute timeouts. The browser's
    cookie holds only a random token whose hash is stored here."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str] = mapped_column(sa.String(32), default="")
    ip: Mapped[str] = mapped_column(sa.String(64), default="")
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="")

    user: Mapped[User] = relationship()


class AccountLock(db.Model):
    """An account locked after too many failed logins, for the throttling window only; an admin may lift it."""

    __tablename__ = "account_locks"
    __table_args__ = (sa.Index("ix_account_locks_username_until", "username", "until"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64))
    locked_at: Mapped[datetime] = mapped_column(default=utcnow)
    until: Mapped[datetime]
    ip: Mapped[str] = mapped_column(sa.String(64), default="")  # the address of the attempt that locked it
    lifted_at: Mapped[datetime | None]
    lifted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
