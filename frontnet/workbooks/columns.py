"""The columns of the form template (biểu mẫu): one definition for export and import.

The cadres sheet's columns are read from the definition of a cadre's fields
(frontnet/cadres/fields.py); the pages sheet's are defined here.

Each column has the header written in the template and the other ways people title it in
their own files (folded: no diacritics, lower case, punctuation as spaces).
"""

from dataclasses import dataclass

from frontnet.cadres.fields import template_fields
from frontnet.core.sheets import fold_header


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    width: int
    synonyms: tuple[str, ...] = ()
    required: bool = False

    def names(self) -> set[str]:
        return {fold_header(self.header), *(fold_header(s) for s in self.synonyms)}


CADRE_SHEET = "Cán bộ"
PAGE_SHEET = "Trang cộng đồng"
HELP_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"

ID_COLUMN = Column("id", "Mã hệ thống (không sửa)", 6, ("id", "ma he thong"))

# The cadres sheet: the hidden id, then the cadre fields of the one definition, in its order.
CADRE_COLUMNS = [
    ID_COLUMN,
    *(Column(f.name, f.header, f.width, f.aliases, f.required) for f in template_fields()),
]

FOLLOW_PREFIX = "Theo dõi: "

PAGE_COLUMNS = [
    ID_COLUMN,
    Column("unit", "Đơn vị", 34, ("don vi", "ten don vi"), True),
    Column("platform", "Nền tảng", 22, ("nen tang", "loai trang", "mang xa hoi"), True),
    Column("name", "Tên trang", 40, ("ten trang", "ten fanpage", "ten trang cong dong"), True),
    Column("link", "Liên kết", 40, ("lien ket", "link", "duong dan", "dia chi trang", "url"), True),
    Column(
        "manager",
        "Người quản lý (họ tên cán bộ)",
        26,
        ("nguoi quan ly", "quan tri vien", "nguoi phu trach", "dau moi"),
    ),
    Column(
        "created_on", "Ngày lập trang (dd/mm/yyyy)", 16, ("ngay lap trang", "ngay lap", "ngay tao")
    ),
]


def synonyms_for(columns, extra: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """The folded names each column's field is known by, with `extra` fields' names."""
    found = {c.field: c.names() for c in columns}
    found.update(extra or {})
    return found


def follow_header(channel_name: str) -> str:
    return f"{FOLLOW_PREFIX}{channel_name}"
