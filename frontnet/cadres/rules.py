"""The field rules of one cadre, in one place: the web form and each row of an imported
workbook are checked by this same form, so the two can never disagree."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontnet.core.vntext import clean_text

from .models import Gender
from .normalize import PhoneError, normalize_phone


class CadreFieldsForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    gender = forms.ChoiceField(
        label=_("Giới tính"), choices=[("", "—"), *Gender.choices], required=False
    )
    birth_year = forms.IntegerField(
        label=_("Năm sinh"),
        required=False,
        min_value=1920,
        max_value=2015,
        error_messages={"invalid": _("Năm sinh phải là số có 4 chữ số, ví dụ 1985.")},
    )
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        error_messages={"invalid": _("Thư điện tử không hợp lệ.")},
    )

    def clean_full_name(self):
        name = clean_text(self.cleaned_data["full_name"])
        if not name:
            raise forms.ValidationError(_("Họ và tên không được để trống."))
        return name

    def clean_position(self):
        return clean_text(self.cleaned_data.get("position", ""))

    def clean_phone(self):
        raw = self.data.get(self.add_prefix("phone"))
        if raw in (None, ""):
            return None
        try:
            return normalize_phone(raw if isinstance(raw, int | float) else str(raw))
        except PhoneError as exc:
            raise forms.ValidationError(str(exc)) from None

    def model_values(self) -> dict:
        """The cleaned input as Cadre field values."""
        data = self.cleaned_data
        phone = data.get("phone")
        raw = self.data.get(self.add_prefix("phone"))
        return {
            "full_name": data["full_name"],
            "gender": data.get("gender") or "",
            "birth_year": data.get("birth_year"),
            "position": data.get("position") or "",
            "phone": phone.e164 if phone else "",
            "phone_kind": phone.kind if phone else "",
            "phone_raw": _typed(raw) if phone else "",
            "email": (data.get("email") or "").strip().lower(),
        }


def cadre_fields_clean(
    data: dict, *, form: CadreFieldsForm | None = None
) -> tuple[dict, dict[str, list[str]]]:
    """Check one cadre's fields. Returns (model values, {}) or ({}, {field: [messages]}).

    An import checks tens of thousands of rows: it passes one `form` (from `row_form()`)
    that is re-bound for each row, which saves building a form per row. The rules run are
    the form's own either way."""
    if form is None:
        form = CadreFieldsForm(data=data)
    else:
        form.data, form._errors = data, None
    if form.is_valid():
        return form.model_values(), {}
    return {}, {name: list(errors) for name, errors in form.errors.items()}


def row_form() -> CadreFieldsForm:
    return CadreFieldsForm(data={})


def _typed(raw) -> str:
    """The phone as the user typed it; a number from a spreadsheet cell without its ".0"."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return clean_text(str(raw))
