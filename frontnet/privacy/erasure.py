"""A person as erasure sees them: the cadre and every form their identifiers were stored in.

`Person.of(cadre)` gathers the name, e-mail, phones and links the cadre has now *and* had
before (from the audit entries about the cadre and its accounts, which keep old values), so
an old phone number replaced last year is erased too. `scrub()` takes every one of them out
of a text or a JSON value; `stored_forms()` gives what to look for in the database first (a
JSON column on SQLite keeps "ễ" as "\\u1ec5", so both spellings are searched).
"""

import json
import re
from dataclasses import dataclass, field

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from frontnet.core.vntext import fold_search

ERASED = "[đã xoá]"
# Separators people type inside a phone number: "0912 345 678", "0912.345.678", "(+84) 912…".
_SEP = r"[\s.\-()]*"


def anonymous_name(pk: int) -> str:
    return f"Đã ẩn danh #{pk}"


def _link_handle(link: str) -> str:
    """The account part of a link ("nguyen.van.an" of facebook.com/nguyen.van.an)."""
    path = re.sub(r"^[a-z]+://", "", link.strip().lower()).split("/", 1)
    rest = path[1] if len(path) > 1 else ""
    return rest.split("?")[0].strip("/")


@dataclass
class Person:
    cadre: object
    names: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)  # national significant digits: 912345678
    texts: set[str] = field(default_factory=set)  # links, handles, e-mails, raw forms
    account_ids: set[int] = field(default_factory=set)
    unit_ids: set[int] = field(default_factory=set)  # the units it belongs or belonged to

    @classmethod
    def of(cls, cadre) -> "Person":
        from frontnet.audit.models import AuditEntry
        from frontnet.cadres.models import SocialAccount

        person = cls(cadre=cadre)
        person._add(full_name=cadre.full_name, phone=cadre.phone, phone_raw=cadre.phone_raw)
        person._add(email=cadre.email)
        for account in SocialAccount.objects.filter(cadre=cadre):
            person.account_ids.add(account.pk)
            person._add(link=account.canonical, link_raw=account.link_raw, phone=account.phone)
        # Old values: what the cadre and its accounts were before later edits or removals.
        history = AuditEntry.objects.filter(model="cadres.cadre", object_id=str(cadre.pk))
        for changes in history.values_list("changes", flat=True):
            for name in ("full_name", "phone", "phone_raw", "email"):
                for value in (changes or {}).get(name) or ():
                    person._add(**{name: value})
        units = {cadre.unit_id}
        for changes in history.values_list("changes", flat=True):
            units |= {u for u in (changes or {}).get("unit_id") or () if u}
        accounts = AuditEntry.objects.filter(model="cadres.socialaccount").filter(
            Q(object_id__in=[str(i) for i in person.account_ids]) | Q(unit_id__in=units)
        )
        for object_id, changes in accounts.values_list("object_id", "changes"):
            owners = (changes or {}).get("cadre_id") or ()
            if not (object_id.isdigit() and int(object_id) in person.account_ids) and (
                cadre.pk not in owners
            ):
                continue
            for name in ("canonical", "link_raw", "phone"):
                for value in changes.get(name) or ():
                    person._add(**{"link" if name == "canonical" else name: value})
            person.account_ids.add(int(object_id))
        person.unit_ids = units
        return person

    def _add(self, **values) -> None:
        for kind, value in values.items():
            if not value or not isinstance(value, str | int):
                continue
            value = str(value).strip()
            if kind == "full_name":
                if value.startswith("Đã ẩn danh #"):
                    continue
                self.names.add(value)
                if fold_search(value) != value.lower():
                    self.names.add(fold_search(value))
            elif kind in ("phone", "phone_raw"):
                digits = re.sub(r"\D", "", value)
                digits = digits[2:] if digits.startswith("84") and len(digits) > 9 else digits
                digits = digits.lstrip("0")
                if len(digits) >= 6:
                    self.phones.add(digits)
            elif kind in ("link", "link_raw"):
                if value.startswith("erased:"):
                    continue
                self.texts.add(value)
                handle = _link_handle(value)
                if len(handle) >= 5:
                    self.texts.add(handle)
                digits = re.sub(r"\D", "", handle)
                if len(digits) >= 9 and len(digits) == len(handle.lstrip("+")):
                    self._add(phone=digits)
            elif kind == "email":
                self.texts.add(value)

    # --- Finding and removing ------------------------------------------------------------------

    def _pattern(self) -> re.Pattern:
        parts = [re.escape(t) for t in sorted(self.names | self.texts, key=len, reverse=True)]
        # Phones with or without the leading 0 / +84 and separators; digits run as one number.
        parts += [
            r"(?<!\d)(?:\+?84|0)?" + _SEP + _SEP.join(re.escape(d) for d in digits) + r"(?!\d)"
            for digits in sorted(self.phones, key=len, reverse=True)
        ]
        return re.compile("|".join(parts), re.IGNORECASE) if parts else re.compile(r"(?!x)x")

    def scrub(self, value):
        """`value` (text, number, or JSON of lists and dicts) with every identifier replaced
        by "[đã xoá]"; dict keys are field names and stay."""
        pattern = self.__dict__.setdefault("_compiled", self._pattern())
        if isinstance(value, str):
            return pattern.sub(ERASED, value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            text = str(int(value)) if float(value).is_integer() else str(value)
            return ERASED if pattern.search(text) else value
        if isinstance(value, list):
            return [self.scrub(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self.scrub(v) for v in value)
        if isinstance(value, dict):
            return {k: self.scrub(v) for k, v in value.items()}
        return value

    def stored_forms(self) -> set[str]:
        """Substrings to pre-select rows in the database (case-insensitive)."""
        forms = set(self.texts) | set(self.phones)
        for name in self.names:
            forms.add(name)
            forms.add(json.dumps(name)[1:-1])  # as JSON stores it when escaped
        # Phones typed with separators hold a run of their last digits.
        forms |= {digits[-4:] for digits in self.phones}
        return {f for f in forms if f}

    def q(self, *columns: str, json_columns: tuple[str, ...] = ()) -> Q:
        """Rows whose text `columns` or JSON `json_columns` may hold an identifier; annotate
        the queryset with `json_text_<name>` first (see `candidates`)."""
        q = Q(pk__in=[])
        for text in self.stored_forms():
            for column in columns:
                q |= Q(**{f"{column}__icontains": text})
            for column in json_columns:
                q |= Q(**{f"json_text_{column}__icontains": text})
        return q

    def candidates(self, queryset, *columns: str, json_columns: tuple[str, ...] = ()):
        """The rows of `queryset` that may mention the person (the scrub decides)."""
        annotations = {f"json_text_{c}": Cast(c, TextField()) for c in json_columns}
        return queryset.annotate(**annotations).filter(self.q(*columns, json_columns=json_columns))
