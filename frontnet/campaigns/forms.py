from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from frontnet.cadres.normalize import LinkError, normalize_link
from frontnet.core.forms import DATE, NamedErrorsForm, picked
from frontnet.core.vntext import clean_text

from .models import Channel

CHANNEL_OF = {"facebook": Channel.PAGE, "zalo": Channel.ZALO_OA}


class CampaignForm(NamedErrorsForm):
    name = forms.CharField(label=_("Tên đợt"), max_length=200)
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DATE)
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DATE)
    description = forms.CharField(
        label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    levels = forms.ModelMultipleChoiceField(
        label=_("Gửi tới các cấp"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    items = forms.CharField(
        label=_("Nội dung cần lan toả"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Mỗi dòng một bài: tiêu đề | liên kết (trang chính thức, Zalo OA hoặc trang web)."
        ),
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["levels"].queryset = levels

    def clean_items(self):
        items, errors = [], []
        for n, line in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            if not line.strip():
                continue
            title, bar, link = line.rpartition("|")
            if not bar or not clean_text(title) or not clean_text(link):
                errors.append(_("Dòng %(n)s: cần “tiêu đề | liên kết”.") % {"n": n})
                continue
            try:
                parsed = normalize_link(clean_text(link))
            except LinkError as exc:
                errors.append(_("Dòng %(n)s: %(error)s") % {"n": n, "error": exc})
                continue
            items.append(
                (clean_text(title), CHANNEL_OF.get(parsed.platform, Channel.WEBSITE), link)
            )
        if errors:
            raise ValidationError(errors)
        if not items:
            raise ValidationError(_("Nội dung cần lan toả: chưa có bài nào."))
        return items

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        names = ("name", "starts_on", "ends_on", "description", "items")
        return picked(d, *names) | {"levels": list(d["levels"])}


class ShareForm(NamedErrorsForm):
    """One content item: the link of the unit's post, how many cadres shared it, and (when
    the unit knows) which of its cadres shared or commented it."""

    post_link = forms.CharField(label=_("Liên kết bài chia sẻ"), max_length=500, required=False)
    cadres_shared = forms.IntegerField(
        label=_("Số cán bộ đã chia sẻ"), min_value=0, max_value=100000, required=False
    )
    shared_by = forms.ModelMultipleChoiceField(
        label=_("Cán bộ đã chia sẻ (không bắt buộc)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    commented_by = forms.ModelMultipleChoiceField(
        label=_("Cán bộ đã bình luận (không bắt buộc)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("shared_by", "commented_by"):
            self.fields[name].queryset = cadres
            self.fields[name].label_from_instance = lambda c: c.full_name
        if not cadres.exists():
            del self.fields["shared_by"], self.fields["commented_by"]

    def clean(self):
        data = super().clean()
        marked = data.get("shared_by")
        if marked and data.get("cadres_shared") is None:
            data["cadres_shared"] = len(marked)
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        kwargs = {"post_link": d["post_link"], "cadres_shared": d["cadres_shared"] or 0}
        if "shared_by" in self.fields:
            kwargs |= {"shared": list(d["shared_by"]), "commented": list(d["commented_by"])}
        return kwargs
