"""The one definition of a cadre's fields: every place that lists them reads it.

Each entry says what the field is called on the model, in the web form and in the form
template (the workbook), in which order the template's columns come, whether it is personal
data and whether it counts for the completeness measure. The web form (`rules`, `forms`), the
template and its import (`workbooks.columns`, `importing`, `applying`, `export`), the
completeness measure (`monitoring.measures`) and the benchmarks are built from this tuple.

Adding a field: one entry here plus a migration of `Cadre`; see docs/architecture.md.

Pure: no database access (a form field is only described here, built when a form class is).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from frontnet.core.forms import DateInput

from .models import CadreCategory, Gender

# Form groups. SHARED: in `rules.CadreFieldsForm`, which checks a web POST and every imported
# row alike. WEB: only on the web form (`forms.CadreForm`); the import reads these cells its own
# way (the category from the list, links through the normalisers).
SHARED, WEB = "shared", "web"
# Completeness kinds: "text" is filled when not blank, "value" when not null.
TEXT, VALUE = "text", "value"

DATE = DateInput()  # dd/mm/yyyy whatever the browser (frontnet.core.forms)
LINK = forms.TextInput(
    attrs={
        "inputmode": "url",
        "autocomplete": "off",
        "autocapitalize": "none",
        "spellcheck": "false",
        "placeholder": "facebook.com/ten.tai.khoan",
    }
)


@dataclass(frozen=True)
class CadreField:
    name: str  # the key in forms, in the import's rows and in the template's columns
    label: str  # the web form's label (translatable)
    model: str = ""  # the Cadre attribute; "" when kept elsewhere (an account)
    # The Cadre columns the field writes, when more than `model` (the phone keeps three).
    columns: tuple[str, ...] = ()
    form: str = ""  # SHARED, WEB or "" (not on the form: the unit comes from the page)
    # Builds the form field, given label and required; validators go with it, the rules that
    # need the raw input are `clean_<name>` methods of rules.CadreFieldsForm.
    form_field: Callable[..., forms.Field] | None = None
    header: str = ""  # the template's column header (Vietnamese, as the province's form); "" none
    aliases: tuple[str, ...] = ()  # other headers accepted on import, folded (see fold_header)
    width: int = 16  # the template column's width
    required: bool = False  # on the web form and as a template column
    # Personal data (Decree 13/2023): contact details and what identifies a person beyond
    # name and role. Masking and consent are built on this flag.
    personal: bool = False
    completeness: str = ""  # TEXT or VALUE when the field counts for "complete data"
    # A right value of this field, shown in each of its error messages (web form, import), so
    # a bad Zalo value never gets a Facebook example. Short: it must fit a phone's screen.
    example: str = ""

    @property
    def stored(self) -> tuple[str, ...]:
        """The Cadre fields it writes."""
        return self.columns or ((self.model,) if self.model else ())

    def build_form_field(self) -> forms.Field:
        return self.form_field(label=self.label, required=self.required)


# In template column order (the export order); the web form keeps this order within each group.
CADRE_FIELDS: tuple[CadreField, ...] = (
    CadreField(
        "unit",
        _("Đơn vị"),
        # No fixed example: a right unit is one of the import's scope, which its message names.
        model="unit",
        header="Đơn vị",
        aliases=("don vi", "ten don vi", "don vi cong tac", "xa phuong", "thon xom"),
        width=34,
        required=True,
    ),
    CadreField(
        "full_name",
        _("Họ và tên"),
        example="Nguyễn Văn An",
        model="full_name",
        form=SHARED,
        form_field=partial(forms.CharField, max_length=150),
        header="Họ và tên",
        aliases=("ho ten", "ho va ten", "ten can bo", "ho va ten can bo"),
        width=26,
        required=True,
        completeness=TEXT,
    ),
    CadreField(
        "gender",
        _("Giới tính"),
        example="Nam",
        model="gender",
        form=SHARED,
        form_field=partial(forms.ChoiceField, choices=[("", "—"), *Gender.choices]),
        header="Giới tính",
        aliases=("gioi tinh", "nam nu"),
        width=10,
        personal=True,
        completeness=TEXT,
    ),
    CadreField(
        "birth_year",
        _("Năm sinh"),
        example="1985",
        model="birth_year",
        form=SHARED,
        form_field=partial(
            forms.IntegerField,
            min_value=1920,
            max_value=2015,
            error_messages={"invalid": _("Năm sinh phải là số có 4 chữ số, ví dụ 1985.")},
        ),
        header="Năm sinh",
        aliases=("nam sinh", "ngay sinh", "ngay thang nam sinh"),
        width=10,
        personal=True,
        completeness=VALUE,
    ),
    CadreField(
        "position",
        _("Chức vụ"),
        example="Phó Chủ tịch",
        model="position",
        form=SHARED,
        form_field=partial(forms.CharField, max_length=150),
        header="Chức vụ",
        aliases=("chuc vu", "chuc danh"),
        width=24,
        completeness=TEXT,
    ),
    CadreField(
        "category",
        _("Loại cán bộ"),
        example="Cán bộ chuyên trách",
        model="category",
        form=WEB,
        # The queryset is set per form (active categories and the cadre's own).
        form_field=partial(
            forms.ModelChoiceField, queryset=CadreCategory.objects.none(), empty_label="—"
        ),
        header="Loại cán bộ",
        aliases=("loai can bo", "doi tuong", "loai", "phan loai"),
        width=26,
        required=True,
        completeness=VALUE,
    ),
    CadreField(
        "active_from",
        _("Bắt đầu công tác"),
        example="01/07/2025",
        model="active_from",
        form=WEB,
        form_field=partial(forms.DateField, widget=DATE),
    ),
    CadreField(
        "phone",
        _("Số điện thoại"),
        example="0912 345 678",
        model="phone",
        columns=("phone_raw", "phone", "phone_kind"),
        form=SHARED,
        form_field=partial(
            forms.CharField,
            max_length=40,
            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        ),
        header="Số điện thoại",
        aliases=("so dien thoai", "dien thoai", "sdt", "so dt", "dt"),
        personal=True,
        completeness=TEXT,
    ),
    CadreField(
        "email",
        _("Thư điện tử"),
        example="an.nv@mattran.vn",
        model="email",
        form=SHARED,
        form_field=partial(
            forms.EmailField, error_messages={"invalid": _("Thư điện tử không hợp lệ.")}
        ),
        header="Thư điện tử",
        aliases=("email", "thu dien tu", "e mail"),
        width=24,
        personal=True,
    ),
    CadreField(
        "facebook",
        _("Facebook cá nhân"),
        example="facebook.com/nguyenvanan",
        form=WEB,
        form_field=partial(
            forms.CharField,
            max_length=500,
            widget=LINK,
            help_text=_("Dán liên kết trang cá nhân; không cần https://."),
        ),
        header="Facebook cá nhân (liên kết)",
        aliases=("facebook", "link facebook", "tai khoan facebook", "facebook ca nhan", "fb"),
        width=36,
        personal=True,
    ),
    CadreField(
        "zalo",
        _("Zalo cá nhân"),
        example="zalo.me/0912345678",
        form=WEB,
        form_field=partial(
            forms.CharField,
            max_length=500,
            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            help_text=_("Số điện thoại dùng Zalo, hoặc liên kết zalo.me."),
        ),
        header="Zalo (số điện thoại hoặc liên kết)",
        aliases=("zalo", "so zalo", "tai khoan zalo", "zalo ca nhan"),
        width=24,
        personal=True,
    ),
    # Consent is a record of its own (frontnet/privacy: `Consent`, to a version of the
    # province's notice); this column and form field record the day the cadre agreed to the
    # current notice. Emptying it withdraws nothing: that is done on the cadre's privacy page.
    CadreField(
        "consent",
        _("Ngày đồng ý xử lý dữ liệu cá nhân"),
        form=WEB,
        form_field=partial(
            forms.DateField,
            widget=DATE,
            help_text=_(
                "Ngày cán bộ đồng ý với thông báo hiện hành của tỉnh. Rút lại, bản quét: "
                "ở trang Đồng ý của cán bộ."
            ),
        ),
        header="Ngày đồng ý xử lý dữ liệu cá nhân",
        aliases=("dong y", "ngay dong y", "dong y xu ly du lieu ca nhan", "dong y du lieu"),
        width=18,
        example="05/01/2026",
    ),
)

BY_NAME = {f.name: f for f in CADRE_FIELDS}


def form_fields(group: str) -> dict[str, forms.Field]:
    """New form fields of one group, in the definition's order, for a form class."""
    return {f.name: f.build_form_field() for f in CADRE_FIELDS if f.form == group}


def template_fields() -> tuple[CadreField, ...]:
    """The fields that are a column of the form template, in column order."""
    return tuple(f for f in CADRE_FIELDS if f.header)


def completeness_fields() -> tuple[CadreField, ...]:
    """The fields whose filling makes a cadre's data complete."""
    return tuple(f for f in CADRE_FIELDS if f.completeness)


def personal_fields() -> tuple[CadreField, ...]:
    return tuple(f for f in CADRE_FIELDS if f.personal)


def editable_fields() -> tuple[str, ...]:
    """The names cadre_create / cadre_update take as the cadre's own fields."""
    return tuple(f.name for f in CADRE_FIELDS if f.model and f.form)


# The example of a link on each network, for the account form (where the platform is chosen):
# a cadre's own Facebook and Zalo from their fields above, the others here.
NETWORK_EXAMPLES = {
    "facebook": BY_NAME["facebook"].example,
    "zalo": BY_NAME["zalo"].example,
    "tiktok": "tiktok.com/@mattrannghean",
    "youtube": "youtube.com/@mattrannghean",
    "website": "mattran.nghean.gov.vn",
}


def example_missing(message: str, example: str) -> bool:
    """Whether `message` still lacks the `example` (given once, even if asked again)."""
    said = str(message).casefold()
    return bool(example) and not any(
        f"ví dụ{sep}{example}".casefold() in said for sep in (" ", ": ")
    )


def with_example(message: str, example: str) -> str:
    """A field's message ending with its own example."""
    message = str(message).rstrip()
    if not example_missing(message, example):
        return message
    end = "" if message.endswith((".", "!", "?", ")")) else "."
    return f"{message}{end} " + gettext("Ví dụ: %(example)s") % {"example": example}


def field_message(name: str, message: str) -> str:
    """`message` about the cadre field `name`, with that field's example."""
    field = BY_NAME.get(name)
    return with_example(message, field.example) if field else str(message)
