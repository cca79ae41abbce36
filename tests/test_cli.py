import sqlite3

import pytest

from extensions import db
from models.org import Role, User
from tests.conftest import IS_POSTGRES, make_app


def test_create_user_from_the_command_line(runner, world):
    result = runner.invoke(args=["create-user", "dept_new", "--name", "许文博", "--role", "handler", "--department", "大气环境处", "--password", "init-pass-1"])
    assert result.exit_code == 0, result.output
    assert "已创建用户 dept_new" in result.output
    user = db.session.scalar(db.select(User).filter_by(username="dept_new"))
    assert user.roles == {Role.HANDLER} and user.department.name == "大气环境处" and user.check_password("init-pass-1")


def test_create_user_refuses_a_handler_without_department(runner, world):
    result = runner.invoke(args=["create-user", "x1", "--name", "某人", "--role", "handler", "--password", "init-pass-1"])
    assert result.exit_code != 0 and "须用 --department" in result.output


def test_create_user_refuses_a_taken_username(runner, world):
    result = runner.invoke(args=["create-user", "office", "--name", "重名", "--role", "office", "--password", "init-pass-1"])
    assert result.exit_code != 0 and "已存在" in result.output


def test_seed_demo_fills_an_empty_database_with_the_demo_accounts(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    accounts = {u.username: u for u in db.session.scalars(db.select(User))}
    for username in ("admin", "office", "leader", "dept", "dept2"):
        assert accounts[username].check_password("demo-2026") and accounts[username].is_demo
    assert accounts["admin"].roles == {Role.ADMIN}
    assert accounts["office"].roles == {Role.OFFICE}
    assert accounts["dept"].department.name == "大气环境处" and Role.HANDLER in accounts["dept"].roles
    assert accounts["dept2"].department.name == "水生态环境处"
    leader = accounts["leader"]
    assert leader.roles == {Role.LEADER} and "大气环境处" in {d.name for d in leader.departments_in_charge}
    assert leader.title == "副厅长"


def test_seed_demo_refuses_a_database_that_holds_data(runner, world):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "只能在空数据库上运行" in result.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == 8  # nothing added


def test_seed_demo_refuses_production(_schema):
    # No outer app context here: the CLI must run inside the production app's own.
    prod = make_app(LIANXIN_ENV="production", SECRET_KEY="a-long-and-random-production-secret")
    result = prod.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "生产环境不能生成演示数据" in result.output


def test_backup_writes_a_consistent_copy(runner, world, tmp_path):
    if IS_POSTGRES:
        pytest.skip("the PostgreSQL backup runs pg_dump; covered in test_resilience.test_postgres_backup_restores")
    target = tmp_path / "backup.db"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "完整性检查通过" in result.output
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT count(*) FROM users").fetchone()[0] == 8
    copy.close()
