"""What the province administrator's forms share: every field message names its field, so
it still makes sense read away from the form (a phone's error summary, a screen reader)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontnet.core.vntext import clean_text


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


class ProvinceRuleForm(NamedErrorsForm):
    """A target or a criterion as the province administrator types it: a name that must
    say something and an optional source, both tidied like any typed text. The cleaned data
    are the service's keyword arguments."""

    def clean_name(self):
        name = clean_text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(self.fields["name"].error_messages["required"])
        return name

    def clean_source(self):
        return clean_text(self.cleaned_data.get("source", ""))

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)
