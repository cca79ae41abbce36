"""Navigation by role. Entries whose endpoint does not exist yet are left out."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, request, url_for

from models.org import Role
from services import notify


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    roles: frozenset[Role]
    kwargs: dict = field(default_factory=dict)
    # Endpoints (by prefix) for which this entry is highlighted.
    active_prefix: str = ""
    # A count shown beside the entry; when non-zero the entry opens the list of exactly those.
    badge: str = ""


NAV: list[NavItem] = [
    NavItem("工作台", "main.home", frozenset({Role.OFFICE}), active_prefix="main.home"),
    NavItem("建议提案", "proposals.index", frozenset({Role.OFFICE}), active_prefix="proposals."),
    NavItem("统计", "stats.dashboard", frozenset({Role.OFFICE}), active_prefix="stats."),
    NavItem("工作总结", "documents.summary_page", frozenset({Role.OFFICE}), active_prefix="documents.summary"),
    NavItem("接访日程", "reception.index", frozenset({Role.OFFICE}), active_prefix="reception."),
    NavItem("本处室待办", "proposals.inbox", frozenset({Role.HANDLER, Role.HEAD}), active_prefix="proposals.inbox"),
    NavItem("接访交办", "reception.records", frozenset({Role.HANDLER, Role.HEAD}), active_prefix="reception.record"),
    NavItem("我的日程", "calendar.index", frozenset({Role.LEADER}), active_prefix="calendar."),
    NavItem("我分管的件", "proposals.index", frozenset({Role.LEADER}), {"scope": "mine"}, "proposals."),
    NavItem("联系点", "reception.points", frozenset({Role.LEADER}), active_prefix="reception.point"),
    NavItem("联系点问题", "reception.problems", frozenset({Role.HANDLER, Role.HEAD}), active_prefix="reception.problem"),
    NavItem("信访研判", "reception.analysis", frozenset({Role.LEADER}), active_prefix="reception.analysis"),
    NavItem("搜索", "search.index", frozenset({Role.OFFICE, Role.HANDLER, Role.HEAD, Role.LEADER}), active_prefix="search."),
    NavItem("通知", "notifications.index", frozenset(Role), active_prefix="notifications.", badge="unread_notifications"),
]

ADMIN_MENU: list[NavItem] = [
    NavItem("用户", "admin.users", frozenset({Role.ADMIN})),
    NavItem("登录锁定", "admin.locks", frozenset({Role.ADMIN})),
    NavItem("处室", "admin.departments", frozenset({Role.ADMIN})),
    NavItem("工作日历", "admin.workdays", frozenset({Role.ADMIN})),
    NavItem("期限规则", "admin.deadline_rules", frozenset({Role.ADMIN})),
    NavItem("公文模板", "documents.templates", frozenset({Role.ADMIN})),
    NavItem("信访办理节点", "admin.milestones_list", frozenset({Role.ADMIN})),
    NavItem("群机器人", "admin.webhooks", frozenset({Role.ADMIN})),
    NavItem("操作日志", "audit.index", frozenset({Role.ADMIN, Role.OFFICE})),
]


def _visible(items: list[NavItem], user) -> list[dict]:
    endpoints = current_app.view_functions
    seen: set[tuple] = set()
    out = []
    for item in items:
        if item.endpoint not in endpoints or not user.has_role(*item.roles):
            continue
        key = (item.label, item.endpoint)
        if key in seen:
            continue
        seen.add(key)
        active = bool(request.endpoint) and (
            request.endpoint.startswith(item.active_prefix) if item.active_prefix else request.endpoint == item.endpoint
        )
        entry = {"label": item.label, "url": url_for(item.endpoint, **item.kwargs), "active": active, "badge": None}
        if item.badge == "unread_notifications":
            entry["badge"] = notify.unread_count(user)
            if entry["badge"]:
                entry["url"] = url_for(item.endpoint, unread="1", **item.kwargs)
        out.append(entry)
    return out


def navigation(user) -> dict:
    if not user.is_authenticated:
        return {"main": [], "admin": []}
    return {"main": _visible(NAV, user), "admin": _visible(ADMIN_MENU, user)}
