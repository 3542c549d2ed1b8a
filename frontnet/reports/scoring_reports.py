"""The emulation results as the standing committee sends them: an XLSX of the ranking and the
breakdown, and the signed DOCX report (docx_report.report_docx) for a unit's subtree."""

from __future__ import annotations

import datetime as dt
import io
import math
from decimal import Decimal

import xlsxwriter

from frontnet.scoring.selectors import Board

from .docx_report import ReportData, report_docx
from .vnformat import vn_date, vn_number

# Who is named in the report, as the letters do: the best quarter of the units (at most
# NAMED, ties at the cut all named) that are above the mean, and the worst quarter below it.
NAMED = 5

TIE_RULE = (
    "Các đơn vị bằng điểm được xếp đồng hạng; hạng kế tiếp bỏ qua số đơn vị đồng hạng "
    "(ví dụ: 1, 2, 2, 4)."
)


def points_text(value) -> str:
    return vn_number(value, 2)


def _front(score) -> str:
    return score.unit.front_name


def _rank_of(board: Board, score) -> int:
    """Among siblings when the table lists one unit's children, else across the province."""
    return score.rank_in_parent if score.parent_id == board.unit.pk else score.rank_in_level


def doing_well_and_lagging(scores):
    if not scores:
        return [], []
    mean = sum((s.points for s in scores), Decimal(0)) / len(scores)
    size = min(NAMED, math.ceil(len(scores) / 4))
    ranked = sorted(scores, key=lambda s: (-s.points, s.unit_name))
    best_cut = ranked[size - 1].points
    good = [s for s in ranked if s.points >= best_cut and s.points > mean]
    worst_cut = ranked[-size].points
    lagging = [s for s in reversed(ranked) if s.points <= worst_cut and s.points < mean]
    return good, lagging


def _shortfalls(score, size=2) -> str:
    missing = sorted(
        (line for line in score.lines.all() if line.points < line.max_points),
        key=lambda line: line.points - line.max_points,
    )[:size]
    return "; ".join(f"{line.name}: {line.value_text}" for line in missing)


def report_data(board: Board, *, day: dt.date, signer_name: str = "") -> ReportData:
    unit, period = board.unit, board.period
    subtitle = f"Kết quả chấm điểm thi đua {period.label}"
    if not period.published:
        subtitle += " (dự thảo, chưa công bố)"
    paragraphs = [
        "Thực hiện yêu cầu đánh giá thi đua theo từng tháng và cả năm về việc hoàn thiện dữ "
        "liệu cán bộ Mặt trận tham gia mạng xã hội và xây dựng “Trang cộng đồng”, Ban Thường "
        f"trực Ủy ban MTTQ Việt Nam {unit.front_name} báo cáo kết quả chấm điểm "
        f"{period.label} (số liệu tính đến ngày {vn_date(period.as_of)}) như sau:"
    ]
    headings = {1: "I. KẾT QUẢ CHUNG"}
    for level, scores in board.groups:
        top, low = scores[0], scores[-1]
        mean = sum((s.points for s in scores), Decimal(0)) / len(scores)
        full = sum(1 for s in scores if s.points == s.max_points)
        tops = ", ".join(_front(s) for s in scores if s.points == top.points)
        lows = ", ".join(_front(s) for s in scores if s.points == low.points)
        paragraphs.append(
            f"{level.name}: {vn_number(len(scores))} đơn vị được chấm điểm; điểm bình quân "
            f"{points_text(mean)}/{points_text(top.max_points)} điểm; cao nhất "
            f"{points_text(top.points)} điểm ({tops}); thấp nhất {points_text(low.points)} "
            f"điểm ({lows}); {vn_number(full)} đơn vị đạt điểm tối đa."
        )
    if board.own is not None:
        own = board.own
        paragraphs.append(
            f"{unit.name} đạt {points_text(own.points)}/{points_text(own.max_points)} điểm, "
            f"xếp hạng {own.rank_in_level}/{own.level_count} trong {own.level.name.lower()} "
            "toàn tỉnh."
        )
    if len(paragraphs) == 1:
        paragraphs.append("Chưa có đơn vị nào được chấm điểm trong kỳ này.")
    paragraphs.append(TIE_RULE)

    headings[len(paragraphs)] = "II. ĐƠN VỊ LÀM TỐT, ĐƠN VỊ CÒN CHẬM"
    good, lagging = doing_well_and_lagging(board.first_group)
    if good:
        names = ", ".join(f"{_front(s)} ({points_text(s.points)} điểm)" for s in good)
        paragraphs.append(
            "Một số đơn vị đã thực hiện rất tốt, cụ thể như: Ban Thường trực Ủy ban MTTQ Việt "
            f"Nam {names}."
        )
    else:
        paragraphs.append("Các đơn vị có số điểm tương đương nhau.")
    if lagging:
        named = "; ".join(
            f"{_front(s)} ({points_text(s.points)} điểm; còn thiếu: {_shortfalls(s)})"
            for s in lagging
        )
        paragraphs.append(
            "Bên cạnh đó, còn một số đơn vị chưa thật sự quan tâm thực hiện, kết quả còn thấp: "
            f"{named}."
        )
    headings[len(paragraphs)] = "III. ĐỀ NGHỊ"
    paragraphs.append(
        "Đề nghị Ban Thường trực Ủy ban MTTQ Việt Nam các đơn vị có kết quả còn thấp phối hợp "
        "với các đồng chí chuyên viên theo dõi địa bàn hoàn thiện dữ liệu, báo cáo Trang cộng "
        "đồng đúng thời hạn và báo cáo khó khăn, vướng mắc để được hướng dẫn kịp thời./."
    )
    rows = board.first_group or ([board.own] if board.own else [])
    province = board.province
    recipients = (
        ["Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam (để b/c);"]
        if not unit.parent_id
        else [f"Ban Thường trực Ủy ban MTTQ Việt Nam {province.front_name} (để b/c);"]
    )
    recipients += [
        "Ban Thường trực Ủy ban MTTQ Việt Nam các đơn vị trực thuộc;",
        "Lưu: VT.",
    ]
    return ReportData(
        body_name=f"ỦY BAN MTTQ VIỆT NAM {unit.front_name.upper()}",
        office="BAN THƯỜNG TRỰC",
        number="Số:      /BC-MTTQ",
        place=province.bare_name,
        day=day,
        title="BÁO CÁO",
        subtitle=subtitle,
        paragraphs=paragraphs,
        headings=headings,
        table_header=["STT", "Đơn vị", "Điểm", "Xếp hạng"],
        table_rows=[
            [
                str(i),
                s.unit_name,
                f"{points_text(s.points)}/{points_text(s.max_points)}",
                str(_rank_of(board, s)),
            ]
            for i, s in enumerate(rows, start=1)
        ],
        recipients=recipients,
        signer_name=signer_name,
    )


def scores_docx(board: Board, *, day: dt.date, signer_name: str = "") -> bytes:
    return report_docx(report_data(board, day=day, signer_name=signer_name))


def scores_xlsx(board: Board) -> bytes:
    """Two sheets: the ranking by level, and every unit's points per criterion. Text is always
    written as text (strings_to_formulas off), so a name starting with "=" never runs."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = book.add_format({"bold": True})
    head = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#EEF0F3"}
    )
    number = book.add_format({"num_format": "#,##0.00"})
    period = board.period
    status = "đã công bố" if period.published else "chưa công bố"
    title = f"Kết quả thi đua {period.label} ({status}) — {board.unit.name}"
    as_of = f"Số liệu tính đến ngày {vn_date(period.as_of)}"
    scores = ([board.own] if board.own else []) + board.scores

    ranking = book.add_worksheet("Xếp hạng")
    ranking.write_string(0, 0, title, bold)
    ranking.write_string(1, 0, as_of)
    ranking.write_string(2, 0, TIE_RULE)
    header = [
        "STT",
        "Đơn vị",
        "Cấp",
        "Đơn vị cấp trên",
        "Điểm",
        "Điểm tối đa",
        "Hạng trong cấp (toàn tỉnh)",
        "Hạng trong đơn vị cấp trên",
    ]
    if period.kind == "year":
        header.append("Số tháng được chấm")
    top = 4
    for col, text in enumerate(header):
        ranking.write_string(top, col, text, head)
    for i, s in enumerate(scores, start=1):
        r = top + i
        ranking.write_number(r, 0, i)
        ranking.write_string(r, 1, s.unit_name)
        ranking.write_string(r, 2, s.level.name)
        ranking.write_string(r, 3, s.parent.name if s.parent_id else "")
        ranking.write_number(r, 4, float(s.points), number)
        ranking.write_number(r, 5, float(s.max_points), number)
        ranking.write_string(r, 6, f"{s.rank_in_level}/{s.level_count}")
        ranking.write_string(r, 7, f"{s.rank_in_parent}/{s.parent_count}")
        if period.kind == "year":
            ranking.write_number(r, 8, s.months)
    ranking.set_column(0, 0, 5)
    ranking.set_column(1, 3, 28)
    ranking.set_column(4, 8, 14)
    ranking.freeze_panes(top + 1, 2)

    detail = book.add_worksheet("Chi tiết theo tiêu chí")
    detail.write_string(0, 0, title, bold)
    detail.write_string(1, 0, as_of)
    header = ["Đơn vị", "Tiêu chí", "Kết quả", "Cách tính", "Điểm", "Điểm tối đa"]
    for col, text in enumerate(header):
        detail.write_string(3, col, text, head)
    r = 3
    for s in scores:
        for line in s.lines.all():
            r += 1
            detail.write_string(r, 0, s.unit_name)
            detail.write_string(r, 1, line.name)
            detail.write_string(r, 2, line.value_text)
            detail.write_string(r, 3, line.rule_text)
            detail.write_number(r, 4, float(line.points), number)
            detail.write_number(r, 5, float(line.max_points), number)
    detail.set_column(0, 1, 30)
    detail.set_column(2, 3, 45)
    detail.set_column(4, 5, 12)
    detail.freeze_panes(4, 1)
    book.close()
    return out.getvalue()
