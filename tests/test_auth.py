import time_machine
from datetime import datetime, timedelta, timezone

from extensions import db
from models.org import LoginAttempt, User
from tests.conftest import login, make_app


def test_office_logs_in_and_sees_the_workbench(client, world):
    response = client.post("/login", data={"username": "office", "password": "pass-1234"})
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "工作台" in page and "赵敏" in page


def test_wrong_password_is_refused_in_chinese_and_keeps_the_username(client, world):
    response = client.post("/login", data={"username": "office", "password": "wrong-pass"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "用户名或密码不正确" in page
    assert 'value="office"' in page


def test_empty_login_form_names_each_missing_field(client, world):
    page = client.post("/login", data={}).get_data(as_text=True)
    assert "请输入用户名" in page and "请输入密码" in page


def test_logout_is_a_post_and_ends_the_session(client, world):
    login(client, "office")
    assert client.get("/logout").status_code == 405
    response = client.post("/logout")
    assert response.status_code == 303
    assert client.get("/").status_code == 302


def test_session_cookie_is_httponly_and_samesite_lax(client, world):
    response = client.post("/login", data={"username": "office", "password": "pass-1234"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert "Expires=" in cookie  # a permanent session with a lifetime, not a browser-lifetime cookie


def test_production_session_cookie_is_secure(app, world):
    prod = make_app(LIANXIN_ENV="production", SECRET_KEY="a-long-and-random-production-secret")
    with prod.app_context():
        response = prod.test_client().post("/login", data={"username": "office", "password": "pass-1234"})
    assert "Secure" in response.headers["Set-Cookie"]


def test_demo_accounts_are_refused_in_production(app, world):
    world.office.is_demo = True
    db.session.commit()
    prod = make_app(LIANXIN_ENV="production", SECRET_KEY="a-long-and-random-production-secret")
    with prod.app_context():
        response = prod.test_client().post("/login", data={"username": "office", "password": "pass-1234"})
        assert response.status_code == 422
        assert "演示账号不能在生产环境中使用" in response.get_data(as_text=True)
    # The same account works in development.
    assert app.test_client().post("/login", data={"username": "office", "password": "pass-1234"}).status_code == 302


def test_five_failures_lock_the_account_even_for_the_right_password(client, world):
    for _ in range(5):
        client.post("/login", data={"username": "office", "password": "bad-guess"})
    response = client.post("/login", data={"username": "office", "password": "pass-1234"})
    assert response.status_code == 422
    assert "连续登录失败次数过多" in response.get_data(as_text=True)
    # Another account from the same address is not locked by it.
    assert client.post("/login", data={"username": "admin", "password": "pass-1234"}).status_code == 302


def test_account_lock_lifts_after_the_window(client, world):
    with time_machine.travel(datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc), tick=False) as traveller:
        for _ in range(5):
            client.post("/login", data={"username": "office", "password": "bad-guess"})
        assert client.post("/login", data={"username": "office", "password": "pass-1234"}).status_code == 422
        traveller.shift(timedelta(minutes=16))
        assert client.post("/login", data={"username": "office", "password": "pass-1234"}).status_code == 302


def test_many_failures_from_one_address_are_throttled(app, client, world):
    for i in range(20):
        client.post("/login", data={"username": f"nobody{i}", "password": "x-12345678"})
    response = client.post("/login", data={"username": "admin", "password": "pass-1234"})
    assert response.status_code == 422
    assert "本机登录失败次数过多" in response.get_data(as_text=True)
    other = app.test_client()
    assert other.post("/login", data={"username": "admin", "password": "pass-1234"}, environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 302


def test_login_attempts_are_recorded(client, world):
    client.post("/login", data={"username": "office", "password": "bad-guess"})
    login(client, "office")
    rows = db.session.scalars(db.select(LoginAttempt).order_by(LoginAttempt.id)).all()
    assert [(r.username, r.success) for r in rows] == [("office", False), ("office", True)]


def test_passwords_are_hashed(world):
    user = db.session.scalar(db.select(User).filter_by(username="office"))
    assert "pass-1234" not in user.password_hash
    assert user.password_hash.startswith("pbkdf2:")


def test_next_only_follows_relative_paths(client, world):
    response = client.post("/login?next=https://evil.example/x", data={"username": "office", "password": "pass-1234"})
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=/admin/users", data={"username": "office", "password": "pass-1234"})
    assert response.headers["Location"] == "/admin/users"


def test_change_own_password(client, world):
    login(client, "handler_a")
    bad = client.post("/account/password", data={"current": "nope-1234", "new": "newpass-2026", "confirm": "newpass-2026"})
    assert bad.status_code == 422 and "当前密码不正确" in bad.get_data(as_text=True)
    mismatch = client.post("/account/password", data={"current": "pass-1234", "new": "newpass-2026", "confirm": "other-2026"})
    assert "两次输入的新密码不一致" in mismatch.get_data(as_text=True)
    ok = client.post("/account/password", data={"current": "pass-1234", "new": "newpass-2026", "confirm": "newpass-2026"})
    assert ok.status_code == 303
    client.post("/logout")
    assert client.post("/login", data={"username": "handler_a", "password": "pass-1234"}).status_code == 422
    login(client, "handler_a", "newpass-2026")


def test_a_password_reset_ends_existing_sessions_and_forces_a_change(app, client, world):
    login(client, "handler_a")
    assert client.get("/").status_code == 200
    admin = app.test_client()
    login(admin, "admin")
    admin.post(f"/admin/users/{world.handler_a.id}/reset-password", data={"password": "temp-pass-99"})
    assert client.get("/").status_code == 302  # the old session no longer works
    login(client, "handler_a", "temp-pass-99")
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/password")


def test_session_expires(app, client, world):
    with time_machine.travel(datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc), tick=False) as traveller:
        login(client, "office")
        assert client.get("/").status_code == 200
        traveller.shift(timedelta(hours=9))
        assert client.get("/").status_code == 302


def test_deactivated_user_cannot_log_in(client, world):
    world.handler_a.active = False
    db.session.commit()
    response = client.post("/login", data={"username": "handler_a", "password": "pass-1234"})
    assert response.status_code == 422
    assert "已停用" in response.get_data(as_text=True)
