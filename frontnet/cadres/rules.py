"""The field rules of one cadre, in one place: the web form and each row of an imported
workbook are checked by this same form, so the two can never disagree."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontnet.core.vntext import clean_text

from .fields import CADRE_FIELDS, SHARED, field_message, form_fields
from .normalize import PhoneError, normalize_phone

# The shared fields come from the one definition (fields.py), in its order.
CadreFieldsBase = forms.Form.__class__(
    "CadreFieldsBase", (forms.Form,), {"__module__": __name__, **form_fields(SHARED)}
)

# (form field, Cadre attribute, the value a blank one is stored as: None for a number, else "").
# The phone, which writes three attributes, is read on its own.
_MODEL_FIELDS = [
    (
        f.name,
        f.model,
        None if isinstance(CadreFieldsBase.base_fields[f.name], forms.IntegerField) else "",
    )
    for f in CADRE_FIELDS
    if f.form == SHARED and f.model and f.name != "phone"
]


class CadreFieldsForm(CadreFieldsBase):
    # Each field's last message ends with that field's own example (fields.py). The import
    # adds the example itself, as a part of its stored message (`row_form`).
    examples = True

    def full_clean(self):
        super().full_clean()
        for name, errors in (self._errors or {}).items() if self.examples else ():
            if errors and name in self.fields:
                last = errors.as_data()[-1]
                errors.data[-1] = forms.ValidationError(
                    field_message(name, errors[-1]), code=last.code
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
            # Lazy, so the import keeps the message's id and values (workbooks.plan.Said).
            raise forms.ValidationError(_(exc.msgid), params=exc.params or None) from None

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()

    def model_values(self) -> dict:
        """The cleaned input as Cadre field values."""
        data = self.cleaned_data
        values = {}
        for name, attribute, blank in _MODEL_FIELDS:
            value = data.get(name)
            values[attribute] = blank if value is None or value == "" else value
        phone = data.get("phone")
        raw = self.data.get(self.add_prefix("phone"))
        values["phone"] = phone.e164 if phone else ""
        values["phone_kind"] = phone.kind if phone else ""
        values["phone_raw"] = _typed(raw) if phone else ""
        return values


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
    form = CadreFieldsForm(data={})
    form.examples = False
    return form


def _typed(raw) -> str:
    """The phone as the user typed it; a number from a spreadsheet cell without its ".0"."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return clean_text(str(raw))
