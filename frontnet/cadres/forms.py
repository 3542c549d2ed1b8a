"""The shape of one input. CadreForm checks a web POST and one row of an imported workbook
alike (the field rules come from rules.CadreFieldsForm, which the import calls directly),
so the two can never disagree. Links and phones are checked by the same functions the
services call (services.account_link, services.phone_values)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontnet.core.vntext import clean_text

from . import services
from .fields import CADRE_FIELDS, DATE, LINK, WEB, form_fields
from .models import Cadre, CadreCategory, FollowStatus, OfficialChannel, Platform
from .normalize import format_phone_national
from .rules import CadreFieldsForm

# The cadre fields the web form asks for, read from and given back to Cadre attributes.
_INSTANCE_FIELDS = [f for f in CADRE_FIELDS if f.form and f.model]


class NamedErrors:
    """A required field left empty says which field: a message read far from its field (an
    import report, a screen reader) still makes sense."""

    def name_required_errors(self):
        for field in self.fields.values():
            field.error_messages["required"] = _("%(label)s: chưa nhập.") % {"label": field.label}


def _field_error(exc: ValidationError, field: str) -> ValidationError:
    return ValidationError(exc.message_dict.get(field, exc.messages))


# The web-only fields, after the shared ones, from the one definition (fields.py).
CadreWebFields = forms.Form.__class__(
    "CadreWebFields", (CadreFieldsForm,), {"__module__": __name__, **form_fields(WEB)}
)


class CadreForm(NamedErrors, CadreWebFields):
    """One cadre: the shared field rules plus category and start date; on the add form also
    the two accounts almost everybody has (Facebook, Zalo), saved with the cadre or not at all."""

    def __init__(self, *args, instance: Cadre | None = None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                f.name: getattr(instance, Cadre._meta.get_field(f.model).attname)
                for f in _INSTANCE_FIELDS
            }
            kwargs["initial"]["phone"] = format_phone_national(instance.phone)
        super().__init__(*args, **kwargs)
        current = Q(pk=instance.category_id) if instance is not None else Q(pk__in=[])
        self.fields["category"].queryset = CadreCategory.objects.filter(Q(active=True) | current)
        if instance is not None:
            # Accounts of an existing cadre are managed one by one on its page.
            del self.fields["facebook"], self.fields["zalo"]
        self.name_required_errors()

    def _account(self, name: str, platform_key: str):
        raw = clean_text(self.cleaned_data.get(name, ""))
        if not raw:
            return ""
        try:
            services.account_link(raw, Platform.objects.get(key=platform_key), field=name)
        except ValidationError as exc:
            raise _field_error(exc, name) from None
        return raw

    def clean_facebook(self):
        return self._account("facebook", "facebook_profile")

    def clean_zalo(self):
        return self._account("zalo", "zalo")

    def service_kwargs(self) -> dict:
        """The cleaned input as the arguments of cadre_create / cadre_update."""
        data = self.cleaned_data
        values = self.model_values()
        # Shared fields as model values, web-only ones as cleaned; the phone as typed.
        kwargs = {
            f.name: values[f.model] if f.model in values else data.get(f.name)
            for f in _INSTANCE_FIELDS
        }
        kwargs["phone"] = values["phone_raw"]
        if self.instance is None:
            kwargs["accounts"] = [
                (Platform.objects.get(key=key), data[name])
                for name, key in (("facebook", "facebook_profile"), ("zalo", "zalo"))
                if data.get(name)
            ]
        elif kwargs["active_from"] is None:
            kwargs["active_from"] = self.instance.active_from
        return kwargs


class CadreEndForm(NamedErrors, forms.Form):
    active_to = forms.DateField(label=_("Ngày kết thúc công tác"), widget=DATE)
    end_reason = forms.CharField(
        label=_("Lý do"),
        max_length=200,
        help_text=_("Ví dụ: nghỉ hưu, chuyển công tác, hết nhiệm kỳ."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"active_to": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.name_required_errors()

    def clean_end_reason(self):
        reason = clean_text(self.cleaned_data["end_reason"])
        if not reason:
            raise ValidationError(_("Lý do: chưa nhập."))
        return reason


class SocialAccountForm(NamedErrors, forms.Form):
    platform = forms.ModelChoiceField(
        queryset=Platform.objects.none(), label=_("Nền tảng"), empty_label="—"
    )
    link = forms.CharField(
        label=_("Liên kết"),
        max_length=500,
        widget=LINK,
        help_text=_(
            "Dán liên kết (không cần https://). Zalo cá nhân: nhập số điện thoại cũng được."
        ),
    )

    def __init__(self, *args, for_cadre: bool, **kwargs):
        super().__init__(*args, **kwargs)
        platforms = Platform.objects.all()
        self.fields["platform"].queryset = (
            platforms.filter(for_people=True) if for_cadre else platforms.filter(for_units=True)
        )
        self.name_required_errors()

    def clean(self):
        data = super().clean()
        if data.get("platform") and data.get("link"):
            try:
                self.link_info = services.account_link(data["link"], data["platform"])
            except ValidationError as exc:
                self.add_error("link", _field_error(exc, "link"))
        return data

    def service_kwargs(self) -> dict:
        return {"platform": self.cleaned_data["platform"], "link": self.cleaned_data["link"]}


class FollowForm(forms.Form):
    """One cadre's answer for each official channel of the province, confirmed on one day."""

    confirmed_on = forms.DateField(label=_("Ngày xác nhận"), widget=DATE)

    def __init__(self, *args, channels: list[OfficialChannel], answers: dict, **kwargs):
        kwargs.setdefault("initial", {"confirmed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.channels = channels
        for channel in channels:
            answer = answers.get(channel.pk)
            self.fields[f"channel_{channel.pk}"] = forms.ChoiceField(
                label=f"{channel.name} ({channel.platform})",
                choices=FollowStatus.choices,
                initial=answer.status if answer else FollowStatus.UNKNOWN,
                widget=forms.RadioSelect,
            )
        self.fields["confirmed_on"].error_messages["required"] = _("Ngày xác nhận: chưa nhập.")

    def clean_confirmed_on(self):
        day = self.cleaned_data["confirmed_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Ngày xác nhận: không được ở tương lai."))
        return day

    def answers(self):
        """(channel, status) for every channel on the form."""
        return [(ch, self.cleaned_data[f"channel_{ch.pk}"]) for ch in self.channels]


class OfficialChannelForm(NamedErrors, forms.Form):
    platform = forms.ModelChoiceField(
        queryset=Platform.objects.filter(for_units=True), label=_("Nền tảng"), empty_label="—"
    )
    name = forms.CharField(
        label=_("Tên kênh"), max_length=200, help_text=_("Ví dụ: Fanpage Mặt trận tỉnh.")
    )
    link = forms.CharField(label=_("Liên kết"), max_length=500, widget=LINK)
    order = forms.IntegerField(label=_("Thứ tự"), required=False, min_value=0, max_value=999)
    active = forms.BooleanField(
        label=_("Đang theo dõi"),
        required=False,
        initial=True,
        help_text=_("Bỏ chọn khi tỉnh thôi dùng kênh này; câu trả lời cũ vẫn được giữ."),
    )

    def __init__(self, *args, instance: OfficialChannel | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "platform": instance.platform_id,
                "name": instance.name,
                "link": instance.link_raw,
                "order": instance.order,
                "active": instance.active,
            }
        super().__init__(*args, **kwargs)
        self.name_required_errors()

    def clean_name(self):
        name = clean_text(self.cleaned_data["name"])
        if not name:
            raise ValidationError(_("Tên kênh: chưa nhập."))
        return name

    def clean(self):
        data = super().clean()
        if data.get("platform") and data.get("link"):
            try:
                services.account_link(data["link"], data["platform"], field="link")
            except ValidationError as exc:
                self.add_error("link", _field_error(exc, "link"))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "platform": data["platform"],
            "name": data["name"],
            "link": data["link"],
            "order": data.get("order") or 0,
            "active": data.get("active", False),
        }
