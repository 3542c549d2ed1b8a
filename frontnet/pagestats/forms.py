from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontnet.core.forms import DATE, NamedErrorsForm

from .parsers import parse_month


class UploadForm(NamedErrorsForm):
    file = forms.FileField(
        label=_("Tệp"),
        help_text=_(
            "Tệp bài viết hoặc tệp chỉ số trang tải từ Meta Business Suite (CSV, như khi tải "
            "về), hoặc biểu mẫu Excel có trang “Hiệu quả trang”."
        ),
    )
    page = forms.ModelChoiceField(
        label=_("Trang"),
        queryset=None,
        required=False,
        help_text=_("Để trống nếu tệp có ghi ID Trang; bắt buộc với tệp chỉ số trang."),
    )
    exported_on = forms.DateField(label=_("Ngày tải tệp từ Meta"), widget=DATE, required=False)

    def __init__(self, *args, pages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = pages
        self.fields["page"].label_from_instance = lambda p: f"{p.name} — {p.unit.name}"

    def service_kwargs(self) -> dict:
        """What `services.stats_upload_create` takes of the form."""
        file = self.cleaned_data["file"]
        return {
            "data": file.read(),
            "filename": file.name,
            "exported_on": self.cleaned_data["exported_on"],
        }

    def clean_exported_on(self):
        day = self.cleaned_data.get("exported_on") or timezone.localdate()
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày tải tệp từ Meta: không được sau hôm nay."))
        return day


class MonthField(forms.CharField):
    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        month = parse_month(text)
        if month is None:
            raise forms.ValidationError(_("Tháng: nhập dạng MM/YYYY, ví dụ 01/2025."))
        return month


FIGURE_MAX = 2_147_483_647  # what the figures' columns hold (a larger number is refused, not a 500)


class MonthForm(NamedErrorsForm):
    """One page's month, as its admin screen shows it (Zalo OA: người quan tâm, tương tác,
    bài viết). Blank figures are left as they are."""

    month = MonthField(
        label=_("Tháng (MM/YYYY)"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "01/2025"}),
    )
    followers = forms.IntegerField(
        label=_("Người theo dõi / người quan tâm cuối tháng"),
        min_value=0,
        max_value=FIGURE_MAX,
        required=False,
    )
    new_follows = forms.IntegerField(
        label=_("Lượt theo dõi mới trong tháng"), min_value=0, max_value=FIGURE_MAX, required=False
    )
    posts = forms.IntegerField(
        label=_("Bài viết đã đăng trong tháng"), min_value=0, max_value=FIGURE_MAX, required=False
    )
    interactions = forms.IntegerField(
        label=_("Lượt tương tác"), min_value=0, max_value=FIGURE_MAX, required=False
    )
    reach = forms.IntegerField(
        label=_("Người tiếp cận"), min_value=0, max_value=FIGURE_MAX, required=False
    )
    views = forms.IntegerField(
        label=_("Lượt xem"), min_value=0, max_value=FIGURE_MAX, required=False
    )
    best_post_url = forms.URLField(label=_("Liên kết bài nổi bật"), required=False, max_length=500)

    NUMBERS = ("followers", "new_follows", "posts", "interactions", "reach", "views")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.NUMBERS:
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month and month > timezone.localdate().replace(day=1):
            raise forms.ValidationError(_("Tháng: không được sau tháng này."))
        return month

    def values(self) -> dict:
        data = {n: self.cleaned_data.get(n) for n in self.NUMBERS}
        if self.cleaned_data.get("best_post_url"):
            data["best_post_url"] = self.cleaned_data["best_post_url"]
        return data
