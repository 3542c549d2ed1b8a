"""Issue #11 item 12: a unit code used twice is a form error in words, not a raw constraint."""

from django.urls import reverse


def test_a_code_already_used_is_a_vietnamese_form_error(client_for, tree):
    client = client_for("huyen")
    response = client.post(
        reverse("unit_edit", args=[tree["commune_a2"].pk]),
        {"name": "Xã An Hai", "division_type": "xã", "code": "99101"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mã “99101” đã được dùng cho Xã An Một" in page
    assert "unit_code_unique_in_scheme" not in page and "Constraint" not in page
