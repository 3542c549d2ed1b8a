"""How a unit is named in a workbook's unit column, and how such a name is read back."""

import functools

from frontnet.core.vntext import fold_form
from frontnet.units.models import Unit


def unit_labels(units: list[Unit]) -> dict[int, str]:
    """A label per unit, unique within the list: the name alone when no other unit shares it,
    else the name with its parent's ("Thôn 1 - xã Nghi Văn"), else with its code or id."""
    by_name: dict[str, list[Unit]] = {}
    for unit in units:
        by_name.setdefault(fold_form(unit.name), []).append(unit)
    labels = {}
    for group in by_name.values():
        for unit in group:
            if len(group) == 1:
                labels[unit.pk] = unit.name
            else:
                parent = unit.parent.front_name if unit.parent_id else ""
                labels[unit.pk] = f"{unit.name} - {parent}" if parent else unit.name
    seen: dict[str, int] = {}
    for pk, label in list(labels.items()):
        key = fold_form(label)
        if key in seen:
            labels[pk] = f"{label} [{pk}]"
        seen[key] = pk
    return labels


def unit_resolver(units: list[Unit]):
    """A function from the text of a unit cell to a unit of the list (or None): accepts the
    template's label, a name that is unique in the list, or an official code."""
    labels = unit_labels(units)
    index: dict[str, Unit | None] = {}
    by_pk = {u.pk: u for u in units}
    for pk, label in labels.items():
        index[fold_form(label)] = by_pk[pk]
    names: dict[str, list[Unit]] = {}
    for unit in units:
        names.setdefault(fold_form(unit.name), []).append(unit)
        names.setdefault(fold_form(unit.front_name), []).append(unit)
        if unit.code:
            index.setdefault(unit.code, unit)
    for key, group in names.items():
        if len({u.pk for u in group}) == 1:
            index.setdefault(key, group[0])

    @functools.lru_cache(maxsize=4096)
    def resolve(text: str) -> Unit | None:
        # A workbook names few units many times over: fold each text once.
        return index.get(fold_form(text)) or index.get(text.strip())

    return resolve
