"""The shape of one input. CadreForm checks a web POST and one row of an imported workbook
alike (the field rules come from rules.CadreFieldsForm, which the import calls directly),
so the two can never disagree. Links and phones are checked by the same functions the
services call (services.account_link, services.phone_values)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontnet.core.forms import StoredInitial, field_checked, field_error, picked, typed_text
from frontnet.core.vntext import clean_text
from frontnet.privacy.masking import mask_value
from frontnet.privacy.selectors import consent_days

from . import services
from .fields import BY_NAME, CADRE_FIELDS, DATE, LINK, WEB, form_fields
from .models import Cadre, CadreCategory, FollowStatus, OfficialChannel, Platform, SocialAccount
from .normalize import format_phone_national
from .rules import CadreFieldsForm, cadre_fields_clean

# The cadre fields the web form asks for, read from and given back to Cadre attributes.
_INSTANCE_FIELDS = [f for f in CADRE_FIELDS if f.form and f.model]


class NamedErrors:
    """A required field left empty says which field: a message read far from its field (an
    import report, a screen reader) still makes sense."""

    def name_required_errors(self):
        for field in self.fields.values():
            field.error_messages["required"] = _("%(label)s: chưa nhập.") % {"label": field.label}


# The web-only fields, after the shared ones, from the one definition (fields.py).
CadreWebFields = forms.Form.__class__(
    "CadreWebFields", (CadreFieldsForm,), {"__module__": __name__, **form_fields(WEB)}
)


def _stored(cadre: Cadre) -> dict:
    """The cadre's values as the edit form shows them."""
    values = {
        f.name: getattr(cadre, Cadre._meta.get_field(f.model).attname) for f in _INSTANCE_FIELDS
    }
    values["phone"] = format_phone_national(cadre.phone)
    return values


def stored_problems(cadre: Cadre) -> dict[str, str]:
    """The cadre's stored values that today's field rules refuse, by field: kept as they are
    until someone fixes them, shown as a warning."""
    stored = _stored(cadre)
    _values, errors = cadre_fields_clean({k: "" if v is None else v for k, v in stored.items()})
    return {name: " ".join(messages) for name, messages in errors.items()}


class CadreForm(NamedErrors, CadreWebFields):
    """One cadre: the shared field rules plus category and start date; on the add form also
    the two accounts almost everybody has (Facebook, Zalo), saved with the cadre or not at all;
    on the edit form, all the cadre's accounts (`accounts`, an AccountRows formset).

    Editing, a field posted back as it was shown is left as stored, even when today's rules
    refuse the stored value (it is then a warning, `warnings`, not an error: an old phone
    must not block a change of the birth year), and a personal value shown masked (`masked`:
    the user does not see the cadre's personal data) comes back as the stored one."""

    def __init__(
        self,
        *args,
        instance: Cadre | None = None,
        accounts=(),
        masked: bool = False,
        **kwargs,
    ):
        self.instance = instance
        self.problems: dict[str, str] = {}
        self.masked: set[str] = set()
        self.kept: dict[str, str] = {}  # fields left as stored -> the warning ("" for none)
        if instance is not None and "initial" not in kwargs:
            stored = _stored(instance)
            self.problems = stored_problems(instance)
            if masked:
                self.masked = {n for n, v in stored.items() if mask_value(n, v) != v}
                stored = {n: mask_value(n, v) for n, v in stored.items()}
            kwargs["initial"] = {
                **stored,
                "consent": consent_days(cadre_id=instance.pk).get(instance.pk),
            }
        super().__init__(*args, **kwargs)
        current = Q(pk=instance.category_id) if instance is not None else Q(pk__in=[])
        self.fields["category"].queryset = CadreCategory.objects.filter(Q(active=True) | current)
        self.accounts = None
        if instance is not None:
            del self.fields["facebook"], self.fields["zalo"]
            # A POST without the account rows (a script, an old page) changes no account.
            if not self.is_bound or "accounts-TOTAL_FORMS" in self.data:
                self.accounts = account_rows(self.data or None, accounts, masked)
            if "gender" in self.masked:  # a select shows the mask as its one extra choice
                field = self.fields["gender"]
                field.choices = [*field.choices, (self.initial["gender"], self.initial["gender"])]
            if "birth_year" in self.masked:  # a number input would show the mask as empty
                self.fields["birth_year"].widget = forms.TextInput(attrs={"inputmode": "numeric"})
        self.name_required_errors()

    def clean_consent(self):
        day = self.cleaned_data.get("consent")
        if day and day > timezone.localdate():
            raise ValidationError(_("Ngày đồng ý: không được ở tương lai."))
        return day

    def _unchanged(self, name: str) -> bool:
        posted = self.data.get(self.add_prefix(name))
        return clean_text(str(posted or "")) == clean_text(str(self.initial.get(name) or ""))

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or self.instance is None:
            return
        self.kept = {}
        for name in [*self.problems, *self.masked]:
            if name in self.fields and self._unchanged(name):
                self._errors.pop(name, None)
                self.cleaned_data.pop(name, None)
                self.kept[name] = "" if name in self.masked else self.problems[name]

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return (self.accounts is None or self.accounts.is_valid()) and valid

    @property
    def warnings(self) -> list[str]:
        """The stored values to fix (not those the user may not see), with their field."""
        found = self.kept if self.is_bound else self.problems
        found = {BY_NAME[n].label: p for n, p in found.items() if p and n not in self.masked}
        for row in self.accounts or ():
            if row.problem and row.kept():
                found[row.initial["link"]] = row.problem
        return [
            _("%(label)s đang lưu chưa đúng quy tắc hiện nay, hãy sửa khi có thể: %(problem)s")
            % {"label": label, "problem": problem}
            for label, problem in found.items()
        ]

    def _account(self, name: str, platform_key: str):
        raw = clean_text(self.cleaned_data.get(name, ""))
        if not raw:
            return ""
        try:
            services.account_link(raw, Platform.objects.get(key=platform_key), field=name)
        except ValidationError as exc:
            raise field_error(exc, name) from None
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
        for name in self.kept:
            kwargs.pop(name, None)
        if data.get("consent") and data["consent"] != self.initial.get("consent"):
            kwargs["consent_on"] = data["consent"]
        if self.accounts is not None:
            kwargs["accounts"] = self.accounts.changes()
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
        return typed_text(self.cleaned_data["end_reason"], _("Lý do: chưa nhập."))

    def service_kwargs(self) -> dict:
        return picked(self.cleaned_data, on="active_to", reason="end_reason")


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
            self.link_info = field_checked(
                self, "link", lambda: services.account_link(data["link"], data["platform"])
            )
        return data

    def service_kwargs(self) -> dict:
        return picked(self.cleaned_data, "platform", "link")


class AccountRowForm(SocialAccountForm):
    """One of a cadre's accounts in the cadre's edit form (or a new one, with no `account`)."""

    account = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, owned: dict, masked: bool, **kwargs):
        super().__init__(*args, for_cadre=True, **kwargs)
        self.owned = owned  # the cadre's accounts by id: a posted id must be one of them
        self.stored = owned.get(self.initial.get("account"))
        self.problem = ""  # the stored link, when today's rules refuse it (not when masked)
        if self.stored is not None and not masked:
            try:
                services.account_link(self.stored.canonical, self.stored.platform)
            except ValidationError as exc:
                self.problem = " ".join(exc.messages)

    def kept(self) -> bool:
        """A stored account posted back as shown (masked or not): left as it is, even when
        today's rules refuse its link."""
        return self.stored is not None and not self.has_changed()

    def clean(self):
        if self.kept():
            return self.cleaned_data
        data = super().clean()
        if data.get("account") is not None and data["account"] not in self.owned:
            raise ValidationError(_("Tài khoản này không còn; hãy tải lại trang."))
        return data


class AccountRowsBase(forms.BaseFormSet):
    deletion_widget = forms.CheckboxInput

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Xoá tài khoản này")

    def clean(self):
        seen = set()
        for form in self.forms:
            info = getattr(form, "link_info", None)
            canonical = form.stored.canonical if form.kept() else getattr(info, "canonical", "")
            if self._should_delete_form(form) or not canonical:
                continue
            if canonical in seen:
                raise ValidationError(_("Hai dòng là cùng một tài khoản: hãy xoá một dòng."))
            seen.add(canonical)

    def changes(self) -> list[services.AccountChange]:
        """What the rows change: removed, corrected and new accounts (unchanged rows: none)."""
        found = []
        for form in self.forms:
            if not form.has_changed() or form.kept():
                continue
            data = form.cleaned_data
            account = form.owned.get(data.get("account"))
            if self._should_delete_form(form):
                if account is not None:
                    found.append(services.AccountChange(account, remove=True))
                continue
            found.append(services.AccountChange(account, data["platform"], data["link"]))
        return found


AccountRows = forms.formset_factory(
    AccountRowForm, formset=AccountRowsBase, extra=1, can_delete=True
)


def account_rows(data, accounts, masked: bool) -> AccountRowsBase:
    """The formset of a cadre's accounts, one row each and one empty row to add one."""
    accounts: list[SocialAccount] = list(accounts)
    initial = [
        {
            "account": a.pk,
            "platform": a.platform_id,
            "link": mask_value("facebook", a.canonical) if masked else a.canonical,
        }
        for a in accounts
    ]
    return AccountRows(
        data,
        prefix="accounts",
        initial=initial,
        form_kwargs={"owned": {a.pk: a for a in accounts}, "masked": masked},
    )


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

    def service_kwargs(self) -> dict:
        """Every channel's answer, confirmed on the form's day (channel_follows_set)."""
        return {"answers": self.answers(), "confirmed_on": self.cleaned_data["confirmed_on"]}


class OfficialChannelForm(StoredInitial, NamedErrors, forms.Form):
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

    stored_fields = ("name", "order", "active")

    def initial_of(self, channel: OfficialChannel) -> dict:
        return super().initial_of(channel) | {
            "platform": channel.platform_id,
            "link": channel.link_raw,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_required_errors()

    def clean_name(self):
        return typed_text(self.cleaned_data["name"], _("Tên kênh: chưa nhập."))

    def clean(self):
        data = super().clean()
        if data.get("platform") and data.get("link"):
            field_checked(
                self,
                "link",
                lambda: services.account_link(data["link"], data["platform"], field="link"),
            )
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return picked(data, "platform", "name", "link") | {
            "order": data.get("order") or 0,
            "active": data.get("active", False),
        }
