"""What the apps' forms share: a service's own check of a field and its message on that
field, a typed text that must say something, the service's arguments picked from the
cleaned data, a changed object's stored values; and every field message naming its field,
so it still makes sense read away from the form (a phone's error summary, a screen reader)."""

from collections.abc import Collection

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from frontnet.core.vntext import clean_text


def field_error(exc: ValidationError, field: str) -> ValidationError:
    """The message of a service ValidationError raised for one field."""
    return ValidationError(exc.message_dict.get(field, exc.messages))


def field_checked(form, field: str, check):
    """What `check()` (a service's own rule, so a form and an import cannot disagree) gives
    for one field; when it refuses, its message goes on `field` and this gives None."""
    try:
        return check()
    except ValidationError as exc:
        form.add_error(field, field_error(exc, field))
        return None


def typed_text(value: str, missing) -> str:
    """A typed text tidied (clean_text); `missing` is the refusal when nothing is left."""
    text = clean_text(value)
    if not text:
        raise ValidationError(missing)
    return text


def picked(data: dict, *names: str, **renamed: str) -> dict:
    """The values of `names` in `data` (a form's cleaned data), and those of `renamed` under
    another name (argument=field): a service's keyword arguments."""
    return {name: data[name] for name in names} | {
        argument: data[field] for argument, field in renamed.items()
    }


class DateInput(forms.DateInput):
    """A date typed as dd/mm/yyyy, the format shown: a browser's own date picker would show
    mm/dd/yyyy to a reader whose browser is set to English (config/formats parses it)."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
            | (attrs or {}),
            format="%d/%m/%Y",
        )


DATE = DateInput()


class NamedErrorsForm(forms.Form):
    """Field errors that say which field: "<label>: <what is wrong>"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_errors()

    def name_errors(self):
        for field in self.fields.values():
            label = field.label
            # Messages Django fills with parameters are %-formatted once more: a "%" in a
            # label ("Mức sàn (%)") must be doubled there.
            quoted = str(label).replace("%", "%%")
            messages = field.error_messages
            picks = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
            messages["required"] = (
                _("%(label)s: chưa chọn.") if picks else _("%(label)s: chưa nhập.")
            ) % {"label": label}
            messages["invalid"] = _("%(label)s: giá trị không hợp lệ.") % {"label": label}
            if isinstance(field, forms.DateField):
                messages["invalid"] = _("%(label)s: ngày không hợp lệ.") % {"label": label}
            choice = _("%(label)s: lựa chọn không hợp lệ.") % {"label": quoted}
            for code in ("invalid_choice", "invalid_pk_value"):
                messages[code] = choice
            messages["invalid_list"] = _("%(label)s: lựa chọn không hợp lệ.") % {"label": label}
            low, high = getattr(field, "min_value", None), getattr(field, "max_value", None)
            if low is not None:
                text = (
                    _("%(label)s: phải từ %(low)s đến %(high)s.")
                    if high is not None
                    else _("%(label)s: không được nhỏ hơn %(low)s.")
                )
                messages["min_value"] = text % {"label": quoted, "low": low, "high": high}
                messages["max_value"] = messages["min_value"]
            if isinstance(field, forms.DecimalField):
                digits = _("%(label)s: quá nhiều chữ số.") % {"label": quoted}
                for code in ("max_digits", "max_whole_digits"):
                    messages[code] = digits
                messages["max_decimal_places"] = _(
                    "%(label)s: tối đa %(n)s chữ số sau dấu phẩy."
                ) % {"label": quoted, "n": field.decimal_places}
            if getattr(field, "max_length", None):
                messages["max_length"] = _("%(label)s: dài quá %(n)s ký tự.") % {
                    "label": quoted,
                    "n": field.max_length,
                }


class StoredInitial:
    """A form that changes a stored object (`instance=`) shows the object's values, unless
    the caller gives its own `initial`: the `stored_fields` as stored, with what a form's
    `initial_of` adds (ids, lists)."""

    stored_fields: Collection[str] = ()

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_of(instance)
        super().__init__(*args, **kwargs)

    def initial_of(self, instance) -> dict:
        return {name: getattr(instance, name) for name in self.stored_fields}


class ProvinceRuleForm(StoredInitial, NamedErrorsForm):
    """A target or a criterion as the province administrator types it: a name that must
    say something and an optional source, both tidied like any typed text. The cleaned data
    are the service's keyword arguments."""

    def clean_name(self):
        return typed_text(self.cleaned_data["name"], self.fields["name"].error_messages["required"])

    def clean_source(self):
        return clean_text(self.cleaned_data.get("source", ""))

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)
