"""The criterion and year-rule forms, as the province administrator types them. Every
message names its field (see `frontnet.core.forms`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontnet.core.forms import DATE, NamedErrorsForm, ProvinceRuleForm
from frontnet.monitoring.target_selectors import levels_below_province

from .models import Criterion, Measure, Rule, YearRule
from .rules import RuleKind
from .services import CRITERION_FIELDS


def decimal_field(label, *, max_digits, **kwargs):
    return forms.DecimalField(
        label=label,
        max_digits=max_digits,
        decimal_places=2,
        localize=True,  # "2,5" in Vietnamese, "2.5" in English
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **kwargs,
    )


class CriterionForm(ProvinceRuleForm):
    code = forms.SlugField(
        label=_("Mã tiêu chí"),
        max_length=40,
        help_text=_("Chữ không dấu, số và gạch nối, ví dụ: trang-dung-han. Không đổi được sau."),
    )
    name = forms.CharField(label=_("Tên tiêu chí"), max_length=200)
    measure = forms.ChoiceField(label=_("Nội dung đo"), choices=[("", "—"), *Measure.choices])
    rule = forms.ChoiceField(label=_("Cách tính điểm"), choices=[("", "—"), *Rule.choices])
    weight = decimal_field(_("Trọng số (điểm tối đa)"), max_digits=6)
    floor = decimal_field(
        _("Mức sàn (%)"),
        max_digits=5,
        min_value=0,
        max_value=100,
        required=False,
        initial=0,
        help_text=_("Cách tính tỉ lệ thuận: từ mức này trở xuống được 0 điểm."),
    )
    target = decimal_field(
        _("Mức mục tiêu (%)"),
        max_digits=5,
        min_value=0,
        max_value=100,
        initial=100,
        help_text=_("Đạt mức này được đủ điểm."),
    )
    deadline = forms.DateField(
        label=_("Thời hạn"),
        widget=DATE,
        required=False,
        help_text=_("Bắt buộc với cách tính theo thời hạn và trừ điểm chậm."),
    )
    penalty = decimal_field(
        _("Điểm trừ mỗi tháng chậm"),
        max_digits=6,
        min_value=0,
        required=False,
        initial=0,
        help_text=_("Chỉ dùng cho cách tính trừ điểm mỗi tháng chậm."),
    )
    levels = forms.ModelMultipleChoiceField(
        label=_("Áp dụng cho các cấp"),
        queryset=None,  # set in __init__
        widget=forms.CheckboxSelectMultiple,
    )
    order = forms.IntegerField(label=_("Thứ tự"), min_value=0, max_value=999, required=False)
    source = forms.CharField(label=_("Căn cứ"), max_length=200, required=False)

    # What the service takes, but the code: it names the criterion and never changes.
    stored_fields = CRITERION_FIELDS - {"code"}

    def initial_of(self, criterion: Criterion) -> dict:
        return super().initial_of(criterion) | {"levels": [lv.pk for lv in criterion.levels.all()]}

    def __init__(self, *args, province, instance: Criterion | None = None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        if instance is not None:
            del self.fields["code"]  # the criterion's identity, also in published lines
        self.fields["levels"].queryset = levels_below_province(province)
        self.fields["levels"].error_messages["required"] = _(
            "Áp dụng cho các cấp: chọn ít nhất một cấp."
        )

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight is not None and weight <= 0:
            raise forms.ValidationError(_("Trọng số (điểm tối đa): phải lớn hơn 0."))
        return weight

    def clean(self):
        data = super().clean()
        rule = data.get("rule")
        for name, default in (("floor", 0), ("penalty", 0), ("order", 0)):
            if data.get(name) is None and name not in self.errors:
                data[name] = default
        floor, target = data.get("floor"), data.get("target")
        if rule == RuleKind.LINEAR and floor is not None and target is not None:
            if floor >= target:
                self.add_error("floor", _("Mức sàn (%): phải thấp hơn mức mục tiêu."))
        if rule in (RuleKind.BY_DEADLINE, RuleKind.LATE_PENALTY) and not data.get("deadline"):
            if "deadline" not in self.errors:
                self.add_error("deadline", _("Thời hạn: cách tính này cần thời hạn."))
        return data


class YearRuleForm(NamedErrorsForm):
    method = forms.ChoiceField(
        label=_("Cách tính điểm năm"), choices=YearRule._meta.get_field("method").choices
    )
