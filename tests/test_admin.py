from extensions import db
from models.org import Department, Role, User
from tests.conftest import login


def test_admin_creates_a_handler_who_must_change_the_initial_password(client, world):
    login(client, "admin")
    response = client.post(
        "/admin/users/new",
        data={"username": "dept_soil", "name": "郑雨桐", "department_id": str(world.water.id), "roles": ["handler"], "password": "init-pass-1", "active": "y"},
    )
    assert response.status_code == 303
    user = db.session.scalar(db.select(User).filter_by(username="dept_soil"))
    assert user.roles == {Role.HANDLER} and user.department_id == world.water.id and user.must_change_password


def test_invalid_user_form_keeps_what_was_typed(client, world):
    login(client, "admin")
    response = client.post("/admin/users/new", data={"username": "bad name!", "name": "郑雨桐", "roles": ["handler"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "用户名只能使用字母" in page and "须选择所在处室" in page and "新建用户须设置初始密码" in page
    assert 'value="郑雨桐"' in page


def test_leader_is_put_in_charge_of_departments(client, world):
    login(client, "admin")
    response = client.post(
        f"/admin/users/{world.leader.id}/edit",
        data={"username": "leader", "name": "王振华", "department_id": "0", "roles": ["leader"], "departments_in_charge": [str(world.air.id), str(world.water.id)], "active": "y", "version": str(world.leader.version)},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, world.leader.id).charge_department_ids == {world.air.id, world.water.id}


def test_a_concurrent_edit_is_detected_and_explained(app, client, world):
    login(client, "admin")
    stale_version = str(world.water.version)
    # Someone else saves first.
    dept = db.session.get(Department, world.water.id)
    dept.phone = "0571-99"
    db.session.commit()
    response = client.post(
        f"/admin/departments/{world.water.id}/edit",
        data={"name": "水生态环境处（改）", "code": "sstc", "sort_order": "4", "active": "y", "version": stale_version},
    )
    assert response.status_code == 409
    assert "已被其他人修改" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Department, world.water.id).name == "水生态环境处"


def test_deactivating_keeps_the_user(client, world):
    login(client, "admin")
    client.post(f"/admin/users/{world.handler_b.id}/active", data={"active": "0"})
    db.session.expire_all()
    user = db.session.get(User, world.handler_b.id)
    assert user is not None and user.active is False


def test_admin_cannot_deactivate_themselves(client, world):
    login(client, "admin")
    client.post(f"/admin/users/{world.admin.id}/active", data={"active": "0"})
    db.session.expire_all()
    assert db.session.get(User, world.admin.id).active is True


def test_there_is_no_route_that_deletes_users(app):
    user_rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/admin/users") or r.rule.startswith("/admin/departments")]
    assert user_rules and not [r for r in user_rules if "DELETE" in r.methods or "delete" in r.rule]


def test_users_list_filters_by_role(client, world):
    login(client, "admin")
    page = client.get("/admin/users?role=leader").get_data(as_text=True)
    assert "王振华" in page and "周立伟" not in page
