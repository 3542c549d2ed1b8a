from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontnet.core.forms import DateInput, field_checked, field_error, picked
from frontnet.units.models import Unit

from . import selectors
from .models import NameVerdict
from .services import clean_page_name, normalize_page_link


class PageForm(forms.Form):
    """One community page of a unit. The checks are the services' own (clean_page_name,
    normalize_page_link), so a form and an import row cannot disagree."""

    platform = forms.ModelChoiceField(
        queryset=selectors.platforms_for_pages(), label=_("Nền tảng"), empty_label=None
    )
    name = forms.CharField(
        label=_("Tên trang"),
        max_length=255,
        help_text=_("Đúng như tên hiện trên trang, ví dụ “Mặt trận huyện Nghi Lộc tỉnh Nghệ An”."),
    )
    link_raw = forms.CharField(
        label=_("Liên kết của trang"),
        max_length=500,
        help_text=_("Dán địa chỉ trang, ví dụ https://www.facebook.com/mattranhuyennghiloc"),
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
    manager = forms.ModelChoiceField(
        queryset=None,
        label=_("Cán bộ quản lý (đầu mối liên hệ)"),
        required=False,
        empty_label=_("— Chưa phân công —"),
        help_text=_("Cán bộ của đơn vị được phân công quản lý, vận hành trang."),
    )
    created_on = forms.DateField(
        label=_("Ngày lập trang"),
        required=False,
        widget=DateInput(),
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["manager"].queryset = selectors.page_manager_choices(unit)
        # Check the name against the convention while it is typed (htmx).
        self.fields["name"].widget.attrs.update(
            {
                "hx-get": reverse("page_name_check", args=[unit.pk]),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#name-check",
                "autocomplete": "off",
            }
        )
        if not self.is_bound and "platform" not in self.initial:
            default = self.fields["platform"].queryset.filter(key="facebook_page").first()
            self.initial["platform"] = default.pk if default else None

    def clean_name(self):
        try:
            return clean_page_name(self.cleaned_data["name"])
        except ValidationError as exc:
            raise field_error(exc, "name") from None

    def clean_created_on(self):
        day = self.cleaned_data["created_on"]
        if day and day > timezone.localdate():
            raise ValidationError(_("Ngày lập trang không được ở tương lai."))
        return day

    def clean(self):
        data = super().clean()
        if "link_raw" in data:
            link = data["link_raw"]
            field_checked(self, "link_raw", lambda: normalize_page_link(link, data.get("platform")))
        return data

    def service_kwargs(self) -> dict:
        names = ("platform", "name", "manager", "created_on")
        return picked(self.cleaned_data, *names, link="link_raw")


class PageReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nói rõ đơn vị cần sửa gì, ví dụ: tên trang thiếu tên tỉnh."),
    )


class PageVerifyForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú (nếu có)"), max_length=500, required=False)

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        if page is not None and page.name_verdict == NameVerdict.MISMATCH:
            # A name that breaks the convention is verified only on purpose, with a reason.
            self.fields["accept_name"] = forms.BooleanField(
                label=_("Tôi vẫn xác nhận trang dù tên chưa đúng quy ước"),
                error_messages={
                    "required": _("Đánh dấu ô này để xác nhận trang có tên sai quy ước.")
                },
            )
            note = self.fields["note"]
            note.required = True
            note.label = _("Lý do vẫn xác nhận")
            note.error_messages["required"] = _(
                "Ghi lý do vẫn xác nhận, ví dụ: tên đã được Ban Thường trực đồng ý."
            )
            self.order_fields(["accept_name", "note"])
