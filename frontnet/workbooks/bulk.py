"""Writing many rows of one model with `executemany`, for the import's commit.

Django's `bulk_create` compiles a multi-row INSERT in Python, field by field and row by row;
for a 50,000-row import that compilation cost several times what the database spends. Here
one statement is prepared per table and the rows are passed as plain tuples. Values go in
as the fields store them: text, numbers, booleans and None as they are; dates, datetimes
and JSON through the field's own `get_db_prep_save` (once per distinct date or time).

New cadres need their ids before their accounts, follows and audit entries can name them:
`allocate_ids` reserves them up front, which is only safe inside a transaction that
already holds the write lock (SQLite's IMMEDIATE transactions, set in config/settings.py)
or from the table's sequence (PostgreSQL).
"""

from collections.abc import Sequence

from django.db import connection, models

# Values these fields store need no conversion for the database drivers we use.
_AS_IS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
    "URLField",
}
_CONSTANT_TYPES = {"DateField", "DateTimeField"}


def _column(model: type[models.Model], name: str) -> models.Field:
    return model._meta.get_field(name)


def _prepare(model: type[models.Model], names: Sequence[str], rows: list) -> list:
    """The rows with each value that needs it converted as its field would convert it."""
    converters = []
    for index, name in enumerate(names):
        field = _column(model, name)
        if field.get_internal_type() in _AS_IS:
            continue
        if field.get_internal_type() in _CONSTANT_TYPES:
            # An import writes the same "now" and "today" on every row: convert each once.
            seen: dict = {}

            def convert(value, field=field, seen=seen):
                if value not in seen:
                    seen[value] = field.get_db_prep_save(value, connection)
                return seen[value]

        else:

            def convert(value, field=field):
                return field.get_db_prep_save(value, connection)

        converters.append((index, convert))
    if not converters:
        return rows
    prepared = []
    for row in rows:
        row = list(row)
        for index, convert in converters:
            row[index] = convert(row[index])
        prepared.append(row)
    return prepared


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` unused primary keys for `model`, to insert rows with. Call inside the
    transaction that inserts them."""
    if count == 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"allocate_ids: no support for {connection.vendor}")
        # AUTOINCREMENT never reuses an id, even a deleted record's (audit entries still
        # name it): start after both the largest id stored and the largest ever handed out.
        cursor.execute(f"SELECT MAX({quote(pk)}) FROM {quote(table)}")
        largest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        start = max(largest, found[0] if found else 0) + 1
    return list(range(start, start + count))


def insert_rows(model: type[models.Model], names: Sequence[str], rows: list) -> None:
    """INSERT `rows` (tuples of values in the order of `names`, attribute names such as
    "unit_id") into `model`'s table. No signals, no `save()`: the caller sets every column,
    auto_now ones included."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, n).column) for n in names)
    marks = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, _prepare(model, names, rows))


def update_rows(model: type[models.Model], names: Sequence[str], rows: list) -> None:
    """UPDATE the columns `names` of the records whose primary key ends each row."""
    if not rows:
        return
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(_column(model, n).column)} = %s" for n in names)
    pk = quote(model._meta.pk.column)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {pk} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, _prepare(model, [*names, model._meta.pk.attname], rows))
