"""Export files built to the layouts Meta Business Suite writes: for the tests, the bench and the demo."""

import csv
import datetime as dt
import io

# The 32 columns of a posts export (2025), English and Vietnamese; the 34-column months add
# two at the end.
POSTS_EN = [
    "Post ID",
    "Page ID",
    "Page name",
    "Title",
    "Description",
    "Duration (sec)",
    "Publish time",
    "Caption type",
    "Permalink",
    "Is crosspost",
    "Is share",
    "Post type",
    "Languages",
    "Custom labels",
    "Funded content status",
    "Data comment",
    "Date",
    "Views",
    "Reach",
    "Reactions, Comments and Shares",
    "Reactions",
    "Comments",
    "Shares",
    "Total clicks",
    "Link clicks",
    "Other Clicks",
    "Matched Audience Targeting Consumption (Photo Click)",
    "Negative feedback from users: Hide all",
    "Seconds viewed",
    "Average Seconds viewed",
    "Estimated earnings (USD)",
    "Ad impressions",
]
POSTS_VI = [
    "ID bài viết",
    "ID Trang",
    "Tên Trang",
    "Tiêu đề",
    "Mô tả",
    "Thời lượng (giây)",
    "Thời gian đăng",
    "Loại phụ đề",
    "Liên kết cố định",
    "Là bài viết đăng chéo",
    "Là bài chia sẻ",
    "Loại bài viết",
    "Ngôn ngữ",
    "Nhãn tùy chỉnh",
    "Trạng thái nội dung được tài trợ",
    "Bình luận về dữ liệu",
    "Ngày",
    "Lượt xem",
    "Số người tiếp cận",
    "Cảm xúc, bình luận và lượt chia sẻ",
    "Cảm xúc",
    "Bình luận",
    "Lượt chia sẻ",
    "Tổng số lượt click",
    "Lượt click vào liên kết",
    "Lượt click khác",
    "Lượt tiêu thụ nhắm mục tiêu theo đối tượng phù hợp (Lượt click vào ảnh)",
    "Phản hồi tiêu cực từ người dùng: Ẩn tất cả",
    "Số giây đã xem",
    "Số giây xem trung bình",
    "Thu nhập ước tính (USD)",
    "Lượt hiển thị quảng cáo",
]
EXTRA_EN = ["Sticker earnings (USD)", "3-second video views"]
EXTRA_VI = ["Thu nhập từ nhãn dán (USD)", "Lượt xem video 3 giây"]


def post(
    post_id,
    when: dt.datetime,
    *,
    views=0,
    reach=0,
    reactions=0,
    comments=0,
    shares=0,
    page_id="100000000000001",
    page_name="Mặt trận xã An Một",
    kind="Ảnh",
):
    return {
        "post_id": post_id,
        "page_id": page_id,
        "page_name": page_name,
        "when": when,
        "views": views,
        "reach": reach,
        "reactions": reactions,
        "comments": comments,
        "shares": shares,
        "kind": kind,
    }


def posts_csv(posts, *, language="en", columns=32) -> bytes:
    """UTF-8 with a byte-order mark, as Business Suite downloads it."""
    headers = list(POSTS_EN if language == "en" else POSTS_VI)
    if columns == 34:
        headers += EXTRA_EN if language == "en" else EXTRA_VI
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for p in posts:
        # English exports write mm/dd/yyyy, Vietnamese ones dd/mm/yyyy.
        when = p["when"].strftime("%m/%d/%Y %H:%M" if language == "en" else "%d/%m/%Y %H:%M")
        row = [""] * len(headers)
        row[0], row[1], row[2], row[3] = p["post_id"], p["page_id"], p["page_name"], "Tin hoạt động"
        row[6], row[8], row[11] = (
            when,
            f"https://www.facebook.com/{p['page_id']}/posts/{p['post_id']}",
            p["kind"],
        )
        row[16] = "Lifetime" if language == "en" else "Trọn đời"
        row[17], row[18] = str(p["views"]), str(p["reach"])
        row[19] = str(p["reactions"] + p["comments"] + p["shares"])
        row[20], row[21], row[22] = str(p["reactions"]), str(p["comments"]), str(p["shares"])
        row[23] = "0"
        writer.writerow(row)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def metric_block(name: str, days: list[tuple[dt.date, int]]) -> list[str]:
    lines = [f'"{name}"', '"Date","Primary"']
    lines += [f'"{d:%Y-%m-%d}T00:00:00","{v}"' for d, v in days]
    return lines


def metric_csv(*blocks: list[str]) -> bytes:
    """UTF-16 LE with its byte-order mark, `sep=,` first; several blocks stack (audience)."""
    lines = ["sep=,"]
    for block in blocks:
        lines += block
    return b"\xff\xfe" + ("\r\n".join(lines) + "\r\n").encode("utf-16-le")


def days(first: dt.date, values: list[int]) -> list[tuple[dt.date, int]]:
    return [(first + dt.timedelta(days=i), v) for i, v in enumerate(values)]
