"""The target form: one target as the province administrator types it. Every message names
its field (see `frontnet.core.forms`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontnet.core.forms import DATE, ProvinceRuleForm

from .models import Measure, Target, validate_remind_days
from .services import TARGET_FIELDS
from .target_selectors import levels_below_province, target_unit_choices


def percent_field(label, **kwargs):
    return forms.IntegerField(
        label=label, min_value=0, max_value=100, widget=forms.NumberInput(), **kwargs
    )


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name} ({unit.parent.name})" if unit.parent_id else unit.name


class TargetForm(ProvinceRuleForm):
    name = forms.CharField(label=_("Tên chỉ tiêu"), max_length=200)
    measure = forms.ChoiceField(label=_("Nội dung đo"), choices=[("", "—"), *Measure.choices])
    level = forms.ModelChoiceField(
        label=_("Cấp áp dụng"),
        queryset=None,  # set in __init__
        required=False,
        empty_label="—",
        help_text=_("Mọi đơn vị của cấp này trong tỉnh; hoặc để trống và chọn các đơn vị."),
    )
    units = UnitsField(
        label=_("Hoặc các đơn vị"),
        queryset=None,  # set in __init__
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Giữ Ctrl (trên máy tính) để chọn nhiều đơn vị."),
    )
    threshold = percent_field(_("Tỉ lệ đơn vị phải đạt (%)"))
    unit_threshold = percent_field(
        _("Tỉ lệ cán bộ trong mỗi đơn vị (%)"),
        required=False,
        initial=100,
        # The page-posts and campaign-shares measures read it as a count per unit (K).
        help_text=_(
            "Nội dung đo về cán bộ: đơn vị đạt khi từng ấy phần trăm cán bộ đạt. Nội dung ghi"
            " “mỗi đơn vị: số bài”: số bài tối thiểu của mỗi đơn vị."
        ),
    )
    start = forms.DateField(
        label=_("Ngày bắt đầu"), widget=DATE, help_text=_("Ngày giao chỉ tiêu, để tính tiến độ.")
    )
    deadline = forms.DateField(label=_("Thời hạn"), widget=DATE)
    source = forms.CharField(
        label=_("Căn cứ"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: Công văn số …/MTTQ-BTT ngày …"),
    )
    remind_days = forms.CharField(
        label=_("Nhắc trước thời hạn (ngày)"),
        max_length=50,
        required=False,
        initial="7,1",
        help_text=_("Ví dụ 7,1: nhắc 7 ngày và 1 ngày trước thời hạn; ghi 0: không nhắc."),
    )

    def clean_remind_days(self):
        # Blank keeps the default; "0" turns reminders off (stored as blank).
        text = self.cleaned_data["remind_days"].strip()
        if not text:
            return "7,1"
        if text == "0":
            return ""
        validate_remind_days(text)
        return text

    stored_fields = TARGET_FIELDS - {"level"}  # the level by its id (initial_of)

    def initial_of(self, target: Target) -> dict:
        units = [u.pk for u in target.units.all()]
        return super().initial_of(target) | {"level": target.level_id, "units": units}

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = levels_below_province(province)
        self.fields["units"].queryset = target_unit_choices(province)

    def clean(self):
        data = super().clean()
        level, units = data.get("level"), data.get("units")
        if "level" in data and "units" in data:
            if not level and not units:
                self.add_error("level", _("Cấp áp dụng: chọn một cấp hoặc ít nhất một đơn vị."))
            elif level and units:
                self.add_error(
                    "units",
                    _("Các đơn vị: chọn một cấp hoặc danh sách đơn vị, không chọn cả hai."),
                )
        start, deadline = data.get("start"), data.get("deadline")
        if start and deadline and deadline < start:
            self.add_error("deadline", _("Thời hạn: không được trước ngày bắt đầu."))
        if data.get("unit_threshold") is None and "unit_threshold" not in self.errors:
            data["unit_threshold"] = 100
        return data
