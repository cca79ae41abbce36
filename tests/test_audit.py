import pytest

from extensions import db
from models.audit import AuditEntry
from models.org import Department
from models import audit
from tests.conftest import login


def _entries():
    return db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id)).all()


def test_an_entry_is_committed_with_its_change(app, world):
    dept = db.session.get(Department, world.air.id)
    dept.phone = "0571-87000001"
    audit.record("update", dept, summary="修改电话", changes=audit.diff(dept), user=world.admin)
    db.session.commit()
    entry = _entries()[-1]
    assert (entry.object_type, entry.object_id, entry.action) == ("department", world.air.id, "update")
    assert entry.changes == {"phone": ["", "0571-87000001"]}
    assert entry.user_id == world.admin.id


def test_a_rolled_back_change_leaves_no_entry(app, world):
    before = len(_entries())
    dept = db.session.get(Department, world.air.id)
    dept.phone = "0571-1"
    audit.record("update", dept, changes=audit.diff(dept))
    db.session.rollback()
    assert len(_entries()) == before
    assert db.session.get(Department, world.air.id).phone == ""


def test_a_failing_request_leaves_neither_change_nor_entry(app, client, world):
    login(client, "admin")
    before = len(_entries())
    # The second department with the same name is refused by the form; nothing is written.
    client.post("/admin/departments/new", data={"name": "大气环境处", "code": "dup"})
    assert len(_entries()) == before


def test_admin_edit_writes_old_and_new_values(client, world):
    login(client, "admin")
    response = client.post(
        f"/admin/departments/{world.water.id}/edit",
        data={"name": "水生态环境处", "code": "sstc", "phone": "0571-2", "sort_order": "9", "active": "y", "version": "1"},
    )
    assert response.status_code == 303
    entry = _entries()[-1]
    assert entry.changes == {"phone": ["", "0571-2"], "sort_order": [4, 9]}
    assert entry.user_id == world.admin.id


@pytest.mark.parametrize("username,status", [("office", 200), ("admin", 200), ("handler_a", 403), ("leader", 403)])
def test_office_and_admin_browse_the_trail(client, world, username, status):
    audit.record("update", world.water, summary="修改水生态环境处的电话", user=world.admin)
    db.session.commit()
    login(client, username)
    response = client.get("/audit/")
    assert response.status_code == status
    assert ("修改水生态环境处的电话" in response.get_data(as_text=True)) == (status == 200)


def test_trail_filters_by_object_and_action(client, world):
    login(client, "admin")
    client.post(f"/admin/users/{world.handler_b.id}/active", data={"active": "0"})
    page = client.get(f"/audit/?object_type=user&object_id={world.handler_b.id}&action=deactivate").get_data(as_text=True)
    assert "停用用户 林晓燕" in page
    assert "登录" not in page.split("<tbody>")[1]
    other = client.get("/audit/?object_type=department").get_data(as_text=True)
    assert "停用用户 林晓燕" not in other
