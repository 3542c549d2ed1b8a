from django import forms
from django.utils.translation import gettext_lazy as _

from frontnet.core.forms import DateInput
from frontnet.core.vntext import clean_text

from .models import Level, Unit


class UnitChildForm(forms.Form):
    """A unit added under another one, usually a residential committee."""

    level = forms.ModelChoiceField(queryset=Level.objects.none(), label=_("Cấp"))
    division_type = forms.CharField(
        label=_("Loại"), max_length=60, help_text=_("Ví dụ: thôn, xóm, khối, tổ dân phố.")
    )
    name = forms.CharField(label=_("Tên"), max_length=200)
    code = forms.CharField(label=_("Mã (nếu có)"), max_length=32, required=False)
    valid_from = forms.DateField(label=_("Hiệu lực từ"), required=False, widget=DateInput())

    def __init__(self, *args, parent: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        below = Level.objects.filter(rank__gt=parent.level.rank)
        self.fields["level"].queryset = below
        self.fields["level"].initial = below.first()

    def clean_name(self):
        name = clean_text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Tên không được để trống."))
        return name


class UnitEditForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "division_type", "code", "valid_from", "valid_to"]
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data


class ResidentialUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách (xlsx, xls, ods, csv)"),
        help_text=_("Hai cột: “Tên” và “Mã xã”. Tiêu đề có thể nằm dưới vài dòng tiêu đề chung."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
        if not upload.name.lower().endswith((".xlsx", ".xls", ".ods", ".csv")):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx, .xls, .ods hoặc .csv."))
        return upload
