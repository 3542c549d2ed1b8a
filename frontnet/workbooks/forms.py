from django import forms
from django.utils.translation import gettext_lazy as _

from frontnet.core.uploads import max_upload_bytes

ACCEPTED = (".xlsx", ".xls", ".xlsm", ".ods")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp biểu mẫu đã điền (xlsx, xls, ods)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(limit)s MB).")
                % {"limit": f"{max_upload_bytes() / (1024 * 1024):g}"}
            )
        if not upload.name.lower().endswith(ACCEPTED):
            raise forms.ValidationError(
                _("Chỉ nhận tệp Excel (.xlsx, .xls) hoặc LibreOffice (.ods).")
            )
        return upload


class MappingForm(forms.Form):
    """Which column of the user's own file holds which field (for files not on the template)."""

    def __init__(self, *args, headers: list[str], fields: list[tuple[str, str, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— không có —"))] + [
            (str(i), h or _("(cột %(n)s, không tiêu đề)") % {"n": i + 1})
            for i, h in enumerate(headers)
        ]
        for name, label, required in fields:
            self.fields[name] = forms.ChoiceField(label=label, choices=choices, required=required)

    def clean(self):
        data = super().clean()
        used = [v for v in data.values() if v not in ("", None)]
        if len(used) != len(set(used)):
            raise forms.ValidationError(_("Mỗi cột chỉ được ghép với một trường."))
        return data

    def mapping(self) -> dict[str, int]:
        return {k: int(v) for k, v in self.cleaned_data.items() if v not in ("", None)}
