from django import forms
from django.utils.translation import gettext_lazy as _

from frontnet.core.forms import DATE, NamedErrorsForm, picked
from frontnet.core.vntext import clean_text

from .models import ThreadState, Topic


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/*,.pdf,.xlsx,.xls,.ods"}),
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


FILES_HELP = _("Ảnh, PDF hoặc bảng tính; mỗi tệp tối đa 10 MB.")


class ThreadForm(NamedErrorsForm):
    topic = forms.ModelChoiceField(label=_("Chủ đề"), queryset=Topic.objects.none())
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    text = forms.CharField(label=_("Nội dung vướng mắc"), widget=forms.Textarea(attrs={"rows": 6}))
    files = MultipleFileField(label=_("Tệp đính kèm"), help_text=FILES_HELP)

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics

    def clean_title(self):
        return clean_text(self.cleaned_data["title"])

    def service_kwargs(self) -> dict:
        return picked(self.cleaned_data, "topic", "title", "text", uploads="files")


class ReplyForm(NamedErrorsForm):
    text = forms.CharField(label=_("Trả lời"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("Tệp đính kèm"), help_text=FILES_HELP)

    def service_kwargs(self) -> dict:
        return picked(self.cleaned_data, "text", uploads="files")


class InboxFilterForm(forms.Form):
    topic = forms.ModelChoiceField(
        label=_("Chủ đề"),
        queryset=Topic.objects.none(),
        required=False,
        empty_label=_("Mọi chủ đề"),
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=None, required=False, empty_label=_("Mọi đơn vị")
    )
    state = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Mọi trạng thái")), *ThreadState.choices],
    )

    def __init__(self, *args, topics, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics
        self.fields["unit"].queryset = units


class GuidanceForm(NamedErrorsForm):
    unit = forms.ModelChoiceField(label=_("Gửi tới"), queryset=None)
    topic = forms.ModelChoiceField(label=_("Chủ đề"), queryset=Topic.objects.none())
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    text = forms.CharField(label=_("Nội dung hướng dẫn"), widget=forms.Textarea(attrs={"rows": 8}))
    files = MultipleFileField(label=_("Tệp đính kèm"), help_text=FILES_HELP)

    def __init__(self, *args, topics, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics
        self.fields["unit"].queryset = units
        self.fields["unit"].help_text = _("Cả tỉnh, hoặc một huyện và các xã của huyện đó.")

    def service_kwargs(self) -> dict:
        return picked(self.cleaned_data, "unit", "topic", "title", "text", uploads="files")


class GuidanceSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm hướng dẫn"), required=False)
    topic = forms.ModelChoiceField(
        label=_("Chủ đề"),
        queryset=Topic.objects.none(),
        required=False,
        empty_label=_("Mọi chủ đề"),
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics


class ExampleForm(NamedErrorsForm):
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DATE)
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DATE, required=False)
    note = forms.CharField(
        label=_("Vì sao làm tốt"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def service_kwargs(self) -> dict:
        return picked(self.cleaned_data, "starts_on", "ends_on", "note")


class TopicRowForm(forms.Form):
    """One row of the province's topic list (pk empty for a new topic)."""

    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Chủ đề"), max_length=120, required=False)
    order = forms.IntegerField(label=_("Thứ tự"), min_value=0, max_value=999, required=False)
    active = forms.BooleanField(label=_("Đang dùng"), required=False, initial=True)


TopicFormSet = forms.formset_factory(TopicRowForm, extra=2)
