"""Demo: today's digest in every demo user's notification list, and two group-chat robots (switched off: the
demo has no chat platform to reach; an admin fills in a real address and switches one on)."""
from __future__ import annotations

import sqlalchemy as sa

from extensions import db
from models.notifications import Webhook
from models.org import Department, User
from services import notify
from rules import clock


def seed_notifications(context: dict) -> str:
    db.session.flush()
    air = db.session.scalar(sa.select(Department).where(Department.name == "大气环境处"))
    leader = db.session.scalar(sa.select(User).where(User.username == "leader"))
    hooks = 0
    if air is not None:
        db.session.add(Webhook(name="大气环境处工作群", url="https://oapi.dingtalk.com/robot/send?access_token=REPLACE_ME",
                               secret="SEC-demo-please-replace", department_id=air.id, active=False))
        hooks += 1
    if leader is not None:
        db.session.add(Webhook(name=f"{leader.name}秘书群", url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=REPLACE_ME",
                               leader_id=leader.id, active=False))
        hooks += 1
    digests = notify.make_digests(clock.today())
    db.session.add_all(digests)
    return f"每日提醒 {len(digests)} 条（站内），群机器人 {hooks} 个（未启用）"
