"""The parsers are pure: property tests on files built to Business Suite's layouts."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontnet.core.sheets import UnreadableFile
from frontnet.pagestats import parsers
from frontnet.pagestats.samples import days, metric_block, metric_csv, post, posts_csv

counts = st.integers(min_value=0, max_value=10**7)
times = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 12, 31)).map(
    lambda t: t.replace(second=0, microsecond=0)
)
posts = st.lists(
    st.builds(
        lambda i, when, v, r, a, c, s: post(
            f"10{i}", when, views=v, reach=r, reactions=a, comments=c, shares=s
        ),
        st.integers(min_value=0, max_value=10**9),
        times,
        counts,
        counts,
        counts,
        counts,
        counts,
    ),
    max_size=30,
    unique_by=lambda p: p["post_id"],
)


@given(posts, st.sampled_from(["en", "vi"]), st.sampled_from([32, 34]))
def test_posts_export_reads_back_what_was_written(rows, language, columns):
    parsed = parsers.parse_file(posts_csv(rows, language=language, columns=columns), "a.csv")
    assert parsed.layout == "posts" and not parsed.problems and not parsed.missing
    assert [
        (p.post_id, p.published_at, p.views, p.reach, p.reactions, p.comments, p.shares)
        for p in parsed.posts
    ] == [
        (
            r["post_id"],
            r["when"],
            r["views"],
            r["reach"],
            r["reactions"],
            r["comments"],
            r["shares"],
        )
        for r in rows
    ]


@given(posts)
def test_month_totals_add_up_to_the_posts(rows):
    parsed = parsers.parse_file(posts_csv(rows), "a.csv")
    totals = parsers.post_totals(parsed.posts)
    assert sum(t.posts for t in totals.values()) == len(rows)
    assert sum(t.reactions for t in totals.values()) == sum(r["reactions"] for r in rows)
    for month, t in totals.items():
        mine = [p for p in parsed.posts if parsers.month_of(p.published_at) == month]
        best = max(p.engagement for p in mine)
        assert any(p.permalink == t.best_post_url and p.engagement == best for p in mine)
    # The best post does not depend on the order of the rows.
    assert parsers.post_totals(reversed(parsed.posts)) == totals


blocks = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "Follows",
                "Views",
                "Viewers",
                "Content interactions",
                "Lượt xem",
                "Facebook followers",
            ]
        ),
        st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 1)),
        st.lists(counts, min_size=1, max_size=70),
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda b: parsers._metric_key(b[0]),
)


@given(blocks)
def test_metric_file_in_utf16_reads_every_day(spec):
    data = metric_csv(*(metric_block(name, days(first, values)) for name, first, values in spec))
    parsed = parsers.parse_file(data, "whatever.txt")
    assert parsed.layout == "metric" and not parsed.problems
    assert len(parsed.days) == sum(len(values) for _n, _f, values in spec)
    totals = parsers.metric_totals(parsed.days)
    for name, first, values in spec:
        key = parsers._metric_key(name)
        if key in parsers.KEPT_METRICS:
            field = parsers.KEPT_METRICS[key]
            assert sum(t.get(field, 0) for t in totals.values()) == sum(values)
        if key == "followers":
            last = first + dt.timedelta(days=len(values) - 1)
            assert totals[parsers.month_of(last)]["followers"] == values[-1]


@given(st.binary(max_size=400))
def test_any_bytes_either_parse_or_say_why(data):
    try:
        parsers.parse_file(data, "x.csv")
    except UnreadableFile as exc:
        assert str(exc)


@given(st.integers(min_value=0, max_value=10**12))
def test_counts_read_with_thousands_separators(n):
    assert parsers.parse_count(f"{n:,}") == n
    assert parsers.parse_count(f"{n:,}".replace(",", ".")) == n
    assert parsers.parse_count(str(n)) == n


@pytest.mark.parametrize("text", ["-3", "1,5", "abc", "1e3"])
def test_counts_refuse_what_is_not_a_count(text):
    assert parsers.parse_count(text) is None


def test_slashed_dates_follow_a_day_above_12_else_the_language():
    assert parsers.day_first_for(["03/04/2025 08:00", "25/04/2025 09:00"], vietnamese=False)
    assert not parsers.day_first_for(["04/25/2025 09:00"], vietnamese=True)
    assert parsers.day_first_for(["03/04/2025"], vietnamese=True)
    assert parsers.parse_when("03/04/2025 08:00", day_first=True) == dt.datetime(2025, 4, 3, 8, 0)


def test_layout_comes_from_the_content_not_the_name():
    posts_file = posts_csv([post("1", dt.datetime(2025, 1, 1, 8, 0), reach=1)])
    metric_file = metric_csv(metric_block("Follows", [(dt.date(2025, 1, 1), 1)]))
    assert parsers.parse_file(posts_file, "Follows.csv").layout == "posts"
    assert parsers.parse_file(metric_file, "posts.xlsx").layout == "metric"


def test_unknown_metric_is_located():
    parsed = parsers.parse_file(
        metric_csv(metric_block("Chỉ số lạ", [(dt.date(2025, 1, 1), 1)])), "m.csv"
    )
    assert parsed.problems[0].line == 2 and "Chỉ số lạ" in parsed.problems[0].reason
