"""The columns of the form template (biểu mẫu): one definition for export and import.

Each column has the header written in the template and the other ways people title it in
their own files (folded: no diacritics, lower case, punctuation as spaces).
"""

from dataclasses import dataclass

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

CADRE_COLUMNS = [
    ID_COLUMN,
    Column(
        "unit",
        "Đơn vị",
        34,
        ("don vi", "ten don vi", "don vi cong tac", "xa phuong", "thon xom"),
        True,
    ),
    Column(
        "full_name",
        "Họ và tên",
        26,
        ("ho ten", "ho va ten", "ten can bo", "ho va ten can bo"),
        True,
    ),
    Column("gender", "Giới tính", 10, ("gioi tinh", "nam nu")),
    Column("birth_year", "Năm sinh", 10, ("nam sinh", "ngay sinh", "ngay thang nam sinh")),
    Column("position", "Chức vụ", 24, ("chuc vu", "chuc danh")),
    Column("category", "Loại cán bộ", 26, ("loai can bo", "doi tuong", "loai", "phan loai"), True),
    Column("phone", "Số điện thoại", 16, ("so dien thoai", "dien thoai", "sdt", "so dt", "dt")),
    Column("email", "Thư điện tử", 24, ("email", "thu dien tu", "e mail")),
    Column(
        "facebook",
        "Facebook cá nhân (liên kết)",
        36,
        ("facebook", "link facebook", "tai khoan facebook", "facebook ca nhan", "fb"),
    ),
    Column(
        "zalo",
        "Zalo (số điện thoại hoặc liên kết)",
        24,
        ("zalo", "so zalo", "tai khoan zalo", "zalo ca nhan"),
    ),
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


def follow_header(channel_name: str) -> str:
    return f"{FOLLOW_PREFIX}{channel_name}"
