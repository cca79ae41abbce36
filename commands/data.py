"""Accounts and data: create-user, seed-demo, rebuild-facts, backup, restore."""
from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app

import config
from extensions import db
from models.org import PASSWORD_MIN, Department, Role, User
from models import audit


@click.command("create-user")
@click.argument("username")
@click.option("--name", required=True, help="姓名")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice([r.value for r in Role]), help="角色，可重复")
@click.option("--department", default=None, help="所在处室名称")
@click.option("--title", default="", help="职务")
@click.option("--password", default=None, help="密码（不填则提示输入）")
def create_user(username, name, roles, department, title, password):
    """Create a user (e.g. the first administrator)."""
    if db.session.scalar(sa.select(User).filter_by(username=username)):
        raise click.ClickException(f"用户名 {username} 已存在")
    dept = None
    if department:
        dept = db.session.scalar(sa.select(Department).filter_by(name=department))
        if dept is None:
            raise click.ClickException(f"没有名为“{department}”的处室")
    if {Role.HANDLER.value, Role.HEAD.value} & set(roles) and dept is None:
        raise click.ClickException("处室承办人和处室负责人须用 --department 指定所在处室")
    if password is None:
        password = click.prompt("密码", hide_input=True, confirmation_prompt="再次输入密码")
    if len(password) < PASSWORD_MIN:
        raise click.ClickException(f"密码至少 {PASSWORD_MIN} 位")
    user = User(username=username, name=name, title=title, department=dept)
    user.roles = roles
    user.set_password(password, current_app.config["PASSWORD_HASH_METHOD"])
    db.session.add(user)
    audit.record("create", user, summary=f"命令行新建用户 {name}（{username}）")
    db.session.commit()
    click.echo(f"已创建用户 {username}（{name}），角色：{'、'.join(Role(r).label for r in roles)}")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="数据库非空时不报错，直接跳过（供启动脚本使用）")
def seed_demo(if_empty):
    """Fill an empty database with a realistic demo bureau."""
    from services.demo.seed import DatabaseNotEmpty, run_seeders

    if config.is_production(current_app.config):
        raise click.ClickException("生产环境不能生成演示数据。")
    try:
        summary = run_seeders()
    except DatabaseNotEmpty as exc:
        if if_empty:
            click.echo("数据库中已有数据，跳过演示数据生成。")
            return
        raise click.ClickException(str(exc)) from None
    for line in summary:
        click.echo(line)
    click.echo("演示数据已生成。演示账号密码均为 demo-2026。")


@click.command("rebuild-facts")
def rebuild_facts():
    """Write every item's row of facts (``proposal_facts``, the statistics' figures) again from its records."""
    from models import facts

    n = facts.rebuild(db.session.connection())
    db.session.commit()
    click.echo(f"已重建 {n} 件的统计事实。")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
def backup(path):
    """Write a consistent backup of the database to PATH (SQLite online backup, or pg_dump)."""
    from services.exports.backup import backup_database

    try:
        info = backup_database(db.engine, path)
    except Exception as exc:  # report any failure in Chinese, exit non-zero
        raise click.ClickException(f"备份失败：{exc}") from exc
    click.echo(info)


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def restore(path):
    """Restore a backup made by ``flask backup`` into the configured database, which must be empty."""
    from services.exports.backup import restore_database

    try:
        info = restore_database(db.engine, path)
    except Exception as exc:  # report any failure in Chinese, exit non-zero
        raise click.ClickException(f"恢复失败：{exc}") from exc
    click.echo(info)
