"""Demo organisation: 处室, the 厅长 and four 副厅长 with their 分管 处室, and users in every role."""
from __future__ import annotations

from flask import current_app

from extensions import db
from models.org import Department, Role, User
from services import demo
from rules import clock
from models import workcal
from services.demo.seed import DEMO_PASSWORD


def seed_organisation(context: dict) -> str:
    method = current_app.config["PASSWORD_HASH_METHOD"]
    filled = workcal.fill_known_years()
    workcal.invalidate()
    story = context["story"] = demo.load(clock.today(), workcal.calendar())
    departments: dict[str, Department] = {}
    names = [d["name"] for d in story.departments]
    extra = sorted({u["department"] for u in story.users if u.get("department")} - set(names))
    for order, spec in enumerate([*story.departments, *({"name": n, "code": f"x{i}", "phone": ""} for i, n in enumerate(extra))], start=1):
        dept = Department(name=spec["name"], code=spec["code"], phone=spec.get("phone", ""), sort_order=order * 10)
        db.session.add(dept)
        departments[dept.name] = dept

    # One password hash for every demo account: hashing 40 times would only slow the demo down.
    template = User(username="_", name="_")
    template.set_password(DEMO_PASSWORD, method)
    password_hash = template.password_hash

    users: dict[str, User] = {}
    for spec in story.leaders:
        user = User(username=spec["username"], name=spec["name"], title=spec["title"], phone=spec.get("phone", ""), is_demo=True)
        user.roles = [Role.LEADER]
        user.departments_in_charge = [departments[n] for n in spec["in_charge"]]
        users[user.username] = user
    for spec in story.users:
        user = User(
            username=spec["username"],
            name=spec["name"],
            title=spec.get("title", ""),
            phone=spec.get("phone", ""),
            department=departments.get(spec.get("department") or ""),
            is_demo=True,
        )
        user.roles = spec["roles"]
        users[user.username] = user
    for user in users.values():
        user.password_hash = password_hash
        db.session.add(user)

    context.update(users=users, departments=departments)
    return f"处室 {len(departments)} 个，用户 {len(users)} 人（其中局领导 {len(story.leaders)} 人），工作日历 {len(filled)} 年"
