from django import forms
from django.utils.translation import gettext_lazy as _


class DecisionsUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp quyết định (xlsx, ods, csv)"))


class CommitForm(forms.Form):
    use_defaults = forms.BooleanField(
        label=_("Dùng lựa chọn mặc định cho các câu hỏi chưa quyết định"), required=False
    )
