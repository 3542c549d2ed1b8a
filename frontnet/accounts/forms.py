from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from frontnet.units import access

from .models import Role


class AccountForm(forms.Form):
    """An account's person, unit and role. The role choices are only what the actor may
    grant; the service refuses anything else anyway."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        required=False,
        help_text=_("Để trống để tạo từ họ tên và đơn vị (không dấu)."),
    )
    unit = forms.ModelChoiceField(queryset=None, label=_("Đơn vị"))
    role = forms.ChoiceField(label=_("Vai trò"), choices=())
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)

    def __init__(self, *args, actor, units, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        grantable = access.roles_grantable_by(user=actor)
        self.fields["role"].choices = [(r, Role(r).label) for r in grantable]
        if Role.UNIT_STAFF in grantable:
            self.fields["role"].initial = Role.UNIT_STAFF
        if editing:
            del self.fields["username"]


class AccountImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bảng tính tài khoản (xlsx, xls, ods)"),
        help_text=_(
            "Các cột: Họ và tên, Đơn vị (mã hoặc tên), Vai trò, Điện thoại, Email, "
            "Tên đăng nhập (có thể để trống). Tiêu đề có thể nằm dưới vài dòng tiêu đề chung."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xls", ".ods")):
            raise forms.ValidationError(
                _("Tệp “%(file)s”: chỉ nhận tệp .xlsx, .xls hoặc .ods.") % {"file": upload.name}
            )
        return upload


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)


class SetPasswordForm(forms.Form):
    """A new password, typed twice, checked by Django's validators (their messages come in
    Vietnamese from Django's own catalogue)."""

    password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("Hai lần nhập mật khẩu không khớp."))
        elif one:
            try:
                password_validation.validate_password(one, self.user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class AssignmentForm(forms.Form):
    specialist = forms.ModelChoiceField(queryset=None, label=_("Chuyên viên theo dõi địa bàn"))
    valid_from = forms.DateField(
        label=_("Theo dõi từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, specialists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialist"].queryset = specialists


class HandOverForm(forms.Form):
    to = forms.ModelChoiceField(queryset=None, label=_("Giao cho chuyên viên"))

    def __init__(self, *args, specialists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = specialists
