from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontnet.core.forms import DATE  # dd/mm/yyyy whatever the browser's locale

from .models import ConsentMethod, GrantKind, RequestKind, RequestOutcome

# Typed and shown as dd/mm/yyyy HH:MM (config/formats), never the browser's own picker.
WHEN = forms.DateTimeInput(
    attrs={"placeholder": "dd/mm/yyyy HH:MM", "autocomplete": "off"}, format="%d/%m/%Y %H:%M"
)

# The cadre fields a province may choose to keep without consent.
KEEPABLE = [
    ("full_name", _("Họ và tên")),
    ("gender", _("Giới tính")),
    ("birth_year", _("Năm sinh")),
    ("position", _("Chức vụ")),
    ("category", _("Loại cán bộ")),
    ("phone", _("Số điện thoại")),
    ("email", _("Thư điện tử")),
    ("accounts", _("Tài khoản mạng xã hội")),
    ("follows", _("Theo dõi kênh của tỉnh")),
    ("active_from", _("Bắt đầu")),
    ("active_to", _("Kết thúc")),
]


class ServiceForm(forms.Form):
    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class SettingsForm(ServiceForm):
    retention_months = forms.IntegerField(
        label=_("Ẩn danh dữ liệu của cán bộ đã kết thúc sau (tháng)"), min_value=1, max_value=240
    )
    consent_min_version = forms.IntegerField(
        label=_("Đồng ý còn hiệu lực từ phiên bản thông báo"), min_value=1
    )
    kept_without_consent = forms.MultipleChoiceField(
        label=_("Được giữ khi chưa có đồng ý"),
        choices=KEEPABLE,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class NoticeForm(ServiceForm):
    text = forms.CharField(
        label=_("Nội dung thông báo (phiên bản mới)"), widget=forms.Textarea(attrs={"rows": 8})
    )


class ConsentForm(ServiceForm):
    agreed_on = forms.DateField(label=_("Ngày đồng ý"), widget=DATE, initial=timezone.localdate)
    method = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[c for c in ConsentMethod.choices if c[0] != ConsentMethod.IMPORT],
    )
    scan = forms.FileField(label=_("Bản quét (PDF, PNG, JPEG)"), required=False)


class WithdrawForm(ServiceForm):
    on = forms.DateField(label=_("Ngày rút lại"), widget=DATE, initial=timezone.localdate)


class GrantForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Người dùng"), queryset=None)
    kind = forms.ChoiceField(label=_("Quyền"), choices=GrantKind.choices)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


class RequestForm(forms.Form):
    cadre = forms.IntegerField(label=_("Mã cán bộ (số trong địa chỉ trang cán bộ)"))
    kind = forms.ChoiceField(label=_("Loại yêu cầu"), choices=RequestKind.choices)
    received_on = forms.DateField(label=_("Ngày nhận"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class RequestCloseForm(ServiceForm):
    outcome = forms.ChoiceField(
        label=_("Kết quả"), choices=[c for c in RequestOutcome.choices if c[0]]
    )
    note = forms.CharField(
        label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=500)


class SubjectExportForm(ReasonForm):
    format = forms.ChoiceField(label=_("Định dạng"), choices=[("xlsx", "XLSX"), ("json", "JSON")])


class AccessLogSearchForm(forms.Form):
    cadre = forms.IntegerField(label=_("Mã cán bộ"), required=False)
    user = forms.CharField(label=_("Tên đăng nhập"), required=False)
    since = forms.DateField(label=_("Từ ngày"), widget=DATE, required=False)
    until = forms.DateField(label=_("Đến ngày"), widget=DATE, required=False)


class BreachForm(ServiceForm):
    found_at = forms.DateTimeField(label=_("Phát hiện lúc"), widget=WHEN)
    what = forms.CharField(label=_("Sự việc"), widget=forms.Textarea(attrs={"rows": 3}))
    people = forms.IntegerField(label=_("Số người bị ảnh hưởng"), min_value=0)
    measures = forms.CharField(
        label=_("Biện pháp đã làm"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class BreachUpdateForm(ServiceForm):
    measures = forms.CharField(
        label=_("Biện pháp đã làm"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    notified_at = forms.DateTimeField(label=_("Đã thông báo lúc"), widget=WHEN, required=False)
