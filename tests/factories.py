"""Factories for tests: small, explicit helpers that read like the users' work."""
from __future__ import annotations

from types import SimpleNamespace

from extensions import db
from models.org import Department, Role, User

PASSWORD = "pass-1234"


def make_department(name: str, code: str, sort_order: int = 0) -> Department:
    department = Department(name=name, code=code, sort_order=sort_order)
    db.session.add(department)
    db.session.flush()
    return department


def make_user(
    username: str,
    *roles: Role | str,
    department: Department | None = None,
    name: str | None = None,
    in_charge_of: list[Department] | tuple = (),
    password: str = PASSWORD,
    title: str = "",
) -> User:
    user = User(username=username, name=name or username, department=department, title=title)
    user.roles = roles
    user.departments_in_charge = list(in_charge_of)
    user.set_password(password, "pbkdf2:sha256:1000")
    db.session.add(user)
    db.session.flush()
    return user


def make_world() -> SimpleNamespace:
    """大气环境处 (A) and 水生态环境处 (B); a handler of A, a head of B, a leader in charge of A,
    the office and the admin. Committed, so that requests see them."""
    office_dept = make_department("办公室", "bgs", 1)
    air = make_department("大气环境处", "dqc", 3)
    water = make_department("水生态环境处", "sstc", 4)
    w = SimpleNamespace(office_dept=office_dept, air=air, water=water)
    w.handler_a = make_user("handler_a", Role.HANDLER, department=air, name="周立伟", title="主任科员")
    w.head_a = make_user("head_a", Role.HEAD, department=air, name="陈海涛", title="处长")
    w.handler_b = make_user("handler_b", Role.HANDLER, department=water, name="林晓燕", title="科员")
    w.head_b = make_user("head_b", Role.HEAD, department=water, name="宋建平", title="处长")
    w.leader = make_user("leader", Role.LEADER, name="王振华", title="副厅长", in_charge_of=[air])
    w.leader_b = make_user("leader_b", Role.LEADER, name="刘文清", title="副厅长", in_charge_of=[water])
    w.office = make_user("office", Role.OFFICE, department=office_dept, name="赵敏", title="副主任")
    w.admin = make_user("admin", Role.ADMIN, name="孙浩", title="信息中心工程师")
    db.session.commit()
    return w
