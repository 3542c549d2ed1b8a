"""The transition plan of one province: from the lineage (`UnitLineage`, loaded from
`vietnam-provinces`' legacy sources of each 2025 commune), where each legacy unit's people,
pages and records go in the two-level tree, and the questions nobody may answer silently.

Questions (each has a default, used only when asked to: `--use-defaults`):
- `commune:<id>`: a legacy commune split between several 2025 communes: where its own cadres
  and users go;
- `residential:<id>`: each residential committee of a split commune: which successor it
  continues under (its cadres follow it);
- `page:<id>`: each page of a split commune (which successor) or of a district (end it, or
  carry it to a commune);
- `district:<id>`: a district disappears: its cadres go to the province office or a commune;
- `user:<id>`: a district's user, or the user of a residential committee that is not carried
  (ended before the reform, or under one): the province office (view only), a commune (same
  role), or deactivated; never skipped silently;
- `keep:<unit id>`: several pages land on one 2025 unit: which one continues (the others end,
  kept in history);
- `cadre:<id>`: a cadre in office whose unit has nowhere to go (a residential committee ended
  before the reform, or under one): a unit of the new tree, or end them on 30/6/2025; never
  skipped silently;
- `channel:<id>`, `target:<id>`, `criterion:<id>`: when several legacy provinces merge, each
  one's official channels, targets and criteria are kept, merged into another province's one
  (the same platform, the same measure) or ended.

The default successor of a split commune is the one named for the largest part: the one with
the legacy commune's own name, else the first the official conversion table lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from frontnet.accounts.models import User
from frontnet.cadres.models import Cadre, OfficialChannel
from frontnet.core.vntext import fold_form
from frontnet.pages.models import CommunityPage, NameVerdict, PageStatus
from frontnet.units.models import Scheme, Unit, UnitLineage
from frontnet.units.services import REFORM_DAY

PROVINCE = "province"
DEACTIVATE = "deactivate"
END = "end"
KEEP = "keep"
MERGE = "merge:"


@dataclass
class Question:
    key: str
    label: str
    options: list[tuple[str, str]]  # (value, label)
    default: str
    value: str | None = None

    @property
    def decided(self) -> bool:
        return self.value is not None

    def option_label(self, value: str) -> str:
        return dict(self.options).get(value, value)


def unit_value(unit: Unit) -> str:
    return f"unit:{unit.pk}"


class NoNewTree(ValueError):
    pass


@dataclass
class Plan:
    province: Unit  # the 2025 province
    legacy_roots: list[Unit]
    units: dict[int, Unit]  # every unit of the legacy trees
    successors: dict[int, list[Unit]]  # legacy commune id -> 2025 communes, default first
    questions: dict[str, Question] = field(default_factory=dict)
    cadres: list[Cadre] = field(default_factory=list)
    pages: list[CommunityPage] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    residential: list[Unit] = field(default_factory=list)
    ended_pages: list[CommunityPage] = field(default_factory=list)  # filled by `page_targets`

    # --- Answers ---------------------------------------------------------------------------

    def undecided(self) -> list[Question]:
        return [q for q in self.questions.values() if not q.decided]

    def choice(self, key: str, default: str = PROVINCE) -> str:
        """The answer to a question, its default when unanswered; `default` when nothing
        needed asking (a district with no cadres)."""
        q = self.questions.get(key)
        if q is None:
            return default
        return q.value if q.value is not None else q.default

    def unit_of(self, value: str) -> Unit | None:
        if value == PROVINCE:
            return self.province
        if value.startswith("unit:"):
            return self._new_units().get(int(value[5:]))
        return None

    def _new_units(self) -> dict[int, Unit]:
        if not hasattr(self, "_new_cache"):
            self._new_cache = {
                u.pk: u for u in Unit.objects.filter(path__startswith=self.province.path)
            }
        return self._new_cache

    # --- Where things go -------------------------------------------------------------------

    def is_legacy_tree_unit(self, unit: Unit) -> bool:
        return unit.scheme == Scheme.LEGACY

    def target_of_unit(self, unit: Unit) -> Unit | None:
        """Where a legacy (official-list) unit's own cadres and users go; None for a local
        unit (a residential committee), which is carried as a new unit of its own."""
        if unit.scheme != Scheme.LEGACY:
            return None
        if unit.parent_id is None:
            return self.province
        if unit.pk in self.successors:
            found = self.successors[unit.pk]
            if len(found) == 1:
                return found[0]
            return self.unit_of(self.choice(f"commune:{unit.pk}", unit_value(found[0])))
        return self.unit_of(self.choice(f"district:{unit.pk}"))

    def residential_parent(self, unit: Unit, carried: dict[int, Unit]) -> Unit | None:
        """The 2025 unit a local unit (residential committee) is carried under; `carried`
        maps local units already carried to their new copies (for nested ones)."""
        parent = self.units[unit.parent_id]
        if parent.scheme != Scheme.LEGACY:
            return carried.get(parent.pk)
        if parent.pk in self.successors and len(self.successors[parent.pk]) > 1:
            return self.unit_of(self.choice(f"residential:{unit.pk}"))
        return self.target_of_unit(parent)

    def carried_locals(self) -> set[int]:
        """The local units (residential committees) the transition carries: live ones whose
        parent is an official unit or itself carried."""
        if not hasattr(self, "_carried_cache"):
            carried: set[int] = set()
            for unit in self.residential:  # parents first
                parent = self.units.get(unit.parent_id)
                if parent is not None and (parent.scheme == Scheme.LEGACY or parent.pk in carried):
                    carried.add(unit.pk)
            self._carried_cache = carried
        return self._carried_cache

    def cadre_placed(self, cadre: Cadre) -> bool:
        """Whether a cadre's unit has a place in the new tree without asking."""
        unit = self.units[cadre.unit_id]
        return unit.scheme == Scheme.LEGACY or unit.pk in self.carried_locals()

    def page_destination(self, page: CommunityPage) -> str:
        """ "unit:<id>" of the new unit, "local:<id>" of the legacy local unit whose new copy
        it goes to, or END."""
        unit = self.units[page.unit_id]
        key = f"page:{page.pk}"
        if key in self.questions:
            return self.choice(key)
        if unit.scheme != Scheme.LEGACY:
            return f"local:{unit.pk}"
        target = self.target_of_unit(unit)
        return unit_value(target) if target else END

    def page_groups(self) -> dict[str, list[CommunityPage]]:
        """The pages that would land on each new unit (only 2025 units, where legacy pages of
        several units meet)."""
        groups: dict[str, list[CommunityPage]] = {}
        for page in self.pages:
            where = self.page_destination(page)
            if where.startswith("unit:"):
                groups.setdefault(where, []).append(page)
        return groups

    def page_continues(self, page: CommunityPage) -> bool:
        where = self.page_destination(page)
        if where == END:
            return False
        if where.startswith("unit:"):
            key = f"keep:{where[5:]}"
            if key in self.questions:
                return self.choice(key) == f"page:{page.pk}"
        return True

    def user_destination(self, user: User) -> str:
        key = f"user:{user.pk}"
        if key in self.questions:
            return self.choice(key)
        unit = self.units[user.unit_id]
        if unit.scheme != Scheme.LEGACY:
            return f"local:{unit.pk}"
        target = self.target_of_unit(unit)
        return unit_value(target) if target else DEACTIVATE

    def counts(self) -> dict[str, int]:
        return {
            "cadres": len(self.cadres),
            "pages": len(self.pages),
            "users": len(self.users),
            "residential": len(self.residential),
            "undecided": len(self.undecided()),
        }

    def summary(self) -> str:
        return " ".join(f"{k}={v}" for k, v in self.counts().items())


# --- Building the plan ------------------------------------------------------------------------


def legacy_roots_of(province: Unit) -> list[Unit]:
    """The legacy provinces the 2025 province replaced (several when provinces merged)."""
    return list(
        Unit.objects.filter(
            successions__successor=province, parent__isnull=True, scheme=Scheme.LEGACY
        ).order_by("code")
    )


def _conversion_order() -> dict[int, list[int]]:
    try:
        from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW
    except ImportError:  # the table is the package's own: without it, code order
        return {}
    return {old: [n.code for n in entry.new_wards] for old, entry in OLD_TO_NEW.items()}


def _ordered_successors(legacy: Unit, found: list[Unit], order: dict[int, list[int]]):
    listed = order.get(int(legacy.code), []) if legacy.code.isdigit() else []

    def rank(unit: Unit):
        same_name = fold_form(unit.bare_name) == fold_form(legacy.bare_name)
        code = int(unit.code) if unit.code.isdigit() else 0
        position = listed.index(code) if code in listed else len(listed)
        return (not same_name, position, unit.code)

    return sorted(found, key=rank)


def _province_choices(plan: Plan, communes: list[Unit], *, deactivate: bool = False):
    options = [(PROVINCE, _("Văn phòng %(unit)s") % {"unit": plan.province.name})]
    options += [(unit_value(u), u.name) for u in communes]
    if deactivate:
        options.append((DEACTIVATE, _("Ngừng tài khoản")))
    return options


def _best_page(pages: list[CommunityPage]) -> CommunityPage:
    def rank(page):
        named = page.name_verdict in (NameVerdict.MATCH, NameVerdict.FORM_ONLY)
        return (page.status != PageStatus.VERIFIED, not named, page.created_at, page.pk)

    return sorted(pages, key=rank)[0]


def build_plan(province: Unit, *, decisions: dict[str, str] | None = None) -> Plan:
    """The plan of the 2025 province `province`, with the stored decisions (and `decisions`,
    overriding them) applied."""
    from .models import Decision

    if province.scheme != Scheme.REFORM_2025 or province.parent_id is not None:
        raise NoNewTree(_("%(unit)s không phải là tỉnh theo danh mục 2025.") % {"unit": province})
    roots = legacy_roots_of(province)
    if not roots:
        raise NoNewTree(
            _("Tỉnh %(unit)s chưa nối với tỉnh cũ nào: nạp cả hai danh mục (load_units).")
            % {"unit": province.name}
        )
    tree_q = Q()
    for root in roots:
        tree_q |= Q(path__startswith=root.path)
    units = {u.pk: u for u in Unit.objects.filter(tree_q).select_related("level")}
    order = _conversion_order()
    found: dict[int, list[Unit]] = {}
    lineage = UnitLineage.objects.filter(
        predecessor_id__in=list(units), successor__path__startswith=province.path
    ).select_related("successor")
    for row in lineage:
        if row.predecessor_id in units and row.successor.parent_id is not None:
            found.setdefault(row.predecessor_id, []).append(row.successor)
    successors = {pk: _ordered_successors(units[pk], s, order) for pk, s in found.items()}
    plan = Plan(province=province, legacy_roots=roots, units=units, successors=successors)
    live = [u for u in units.values() if u.valid_to is None or u.valid_to >= REFORM_DAY]
    legacy_ids = list(units)
    plan.cadres = list(
        Cadre.objects.filter(unit_id__in=legacy_ids)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=REFORM_DAY))
        .order_by("pk")
    )
    plan.pages = list(
        CommunityPage.objects.filter(unit_id__in=legacy_ids, active=True).order_by("pk")
    )
    plan.users = list(User.objects.filter(unit_id__in=legacy_ids, is_active=True).order_by("pk"))
    plan.residential = sorted(
        (u for u in live if u.scheme != Scheme.LEGACY), key=lambda u: (u.depth, u.path)
    )
    _ask(plan)
    stored = dict(Decision.objects.filter(province=province).values_list("key", "value"))
    stored.update(decisions or {})
    for key, value in stored.items():
        if key in plan.questions and value in dict(plan.questions[key].options):
            plan.questions[key].value = value
    _ask_pages_kept(plan)  # depends on where the pages go, so after the answers
    for key, value in stored.items():
        if key.startswith("keep:") and key in plan.questions:
            if value in dict(plan.questions[key].options):
                plan.questions[key].value = value
    return plan


def _district_communes(plan: Plan, district: Unit) -> list[Unit]:
    seen: dict[int, Unit] = {}
    for pk, units in plan.successors.items():
        if plan.units[pk].parent_id == district.pk:
            for u in units:
                seen.setdefault(u.pk, u)
    return sorted(seen.values(), key=lambda u: u.name)


def _legacy_ancestor(plan: Plan, unit: Unit) -> Unit:
    while unit.scheme != Scheme.LEGACY and unit.parent_id in plan.units:
        unit = plan.units[unit.parent_id]
    return unit


def _ask_which_successor(q: dict, key: str, label: str, successors: list[Unit]) -> None:
    """Which of the new communes a split unit's thing goes on in (the first, unless told)."""
    options = [(unit_value(u), u.name) for u in successors]
    q[key] = Question(key, label, options, unit_value(successors[0]))


def _unplaced(plan: Plan, unit_id: int):
    """For a unit that is not carried: the unit, its nearest official ancestor, that one's
    successors, and the communes to offer (the successors, else a district's new communes)."""
    unit = plan.units[unit_id]
    near = _legacy_ancestor(plan, unit)
    succ = plan.successors.get(near.pk) or []
    return unit, near, succ, succ or _district_communes(plan, near)


def _ask_unplaced_cadres(plan: Plan) -> None:
    """A cadre in office on a unit that is not carried (ended before 1/7/2025, or under one)
    is asked about, one question per cadre: where they go, or end."""
    for cadre in plan.cadres:
        if plan.cadre_placed(cadre):
            continue
        unit, near, succ, communes = _unplaced(plan, cadre.unit_id)
        options = _province_choices(plan, communes)
        options.append((END, _("Kết thúc công tác ngày 30/6/2025")))
        default = unit_value(succ[0]) if succ else PROVINCE
        plan.questions[f"cadre:{cadre.pk}"] = Question(
            f"cadre:{cadre.pk}",
            _(
                "Cán bộ %(name)s (%(unit)s, %(parent)s): đơn vị không chuyển sang danh mục 2025"
                " (đã kết thúc hoặc thuộc đơn vị đã kết thúc); chuyển về"
            )
            % {"name": cadre.full_name, "unit": unit.name, "parent": near.name},
            options,
            default,
        )


def _ask_unplaced_users(plan: Plan) -> None:
    """A user on a local unit that is not carried (a residential committee ended before
    1/7/2025, or under one) is asked about as its cadres are: nobody keeps an account on a
    closed unit. The default stops the account: a place in a commune gives its rights."""
    carried = plan.carried_locals()
    for user in plan.users:
        if plan.units[user.unit_id].scheme == Scheme.LEGACY or user.unit_id in carried:
            continue
        unit, near, _succ, communes = _unplaced(plan, user.unit_id)
        options = [(PROVINCE, _("Văn phòng %(unit)s (chỉ xem)") % {"unit": plan.province.name})]
        options += [(unit_value(u), u.name) for u in communes]
        options.append((DEACTIVATE, _("Ngừng tài khoản")))
        plan.questions[f"user:{user.pk}"] = Question(
            f"user:{user.pk}",
            _(
                "Tài khoản %(user)s (%(unit)s, %(parent)s): đơn vị không chuyển sang danh mục"
                " 2025 (đã kết thúc hoặc thuộc đơn vị đã kết thúc)"
            )
            % {"user": user.username, "unit": unit.name, "parent": near.name},
            options,
            DEACTIVATE,
        )


def _ask(plan: Plan) -> None:
    q = plan.questions
    cadre_units = {c.unit_id for c in plan.cadres}
    user_units = {u.unit_id for u in plan.users}
    residential_parents = {u.parent_id for u in plan.residential}
    for unit in sorted(plan.units.values(), key=lambda u: u.path):
        if unit.scheme != Scheme.LEGACY or unit.parent_id is None:
            continue
        succ = plan.successors.get(unit.pk)
        if succ is not None and len(succ) > 1:
            if unit.pk in cadre_units or unit.pk in user_units:
                _ask_which_successor(
                    q,
                    f"commune:{unit.pk}",
                    _("%(unit)s được chia cho nhiều xã mới: cán bộ và tài khoản của chính xã")
                    % {"unit": unit.name},
                    succ,
                )
        elif succ is None and unit.level.key != "commune":
            if unit.pk in cadre_units or unit.pk in residential_parents:
                communes = _district_communes(plan, unit)
                q[f"district:{unit.pk}"] = Question(
                    f"district:{unit.pk}",
                    _("%(unit)s không còn: cán bộ của đơn vị chuyển về") % {"unit": unit.name},
                    _province_choices(plan, communes),
                    PROVINCE,
                )
        elif succ is None:  # a commune the lineage does not name: the administrator places it
            q[f"commune:{unit.pk}"] = Question(
                f"commune:{unit.pk}",
                _("%(unit)s không có xã kế thừa trong danh mục: cán bộ chuyển về")
                % {"unit": unit.name},
                _province_choices(
                    plan, sorted(plan._new_units().values(), key=lambda u: u.path)[1:]
                ),
                PROVINCE,
            )
    for unit in plan.residential:
        parent = plan.units.get(unit.parent_id)
        succ = plan.successors.get(parent.pk) if parent else None
        if succ is not None and len(succ) > 1:
            _ask_which_successor(
                q,
                f"residential:{unit.pk}",
                _("%(unit)s (%(parent)s): tiếp tục thuộc xã mới")
                % {"unit": unit.name, "parent": parent.name},
                succ,
            )
        elif parent is not None and parent.scheme == Scheme.LEGACY and succ is None:
            if parent.parent_id is not None and f"district:{parent.pk}" not in q:
                q[f"district:{parent.pk}"] = Question(
                    f"district:{parent.pk}",
                    _("%(unit)s không còn: cán bộ của đơn vị chuyển về") % {"unit": parent.name},
                    _province_choices(plan, _district_communes(plan, parent)),
                    PROVINCE,
                )
    for page in plan.pages:
        unit = plan.units[page.unit_id]
        if unit.scheme != Scheme.LEGACY or unit.parent_id is None:
            continue
        succ = plan.successors.get(unit.pk)
        if succ is not None and len(succ) > 1:
            _ask_which_successor(
                q,
                f"page:{page.pk}",
                _("Trang “%(page)s” của %(unit)s: tiếp tục ở xã mới")
                % {"page": page.name, "unit": unit.name},
                succ,
            )
        elif succ is None:
            options = [(END, _("Kết thúc trang (giữ trong lịch sử)"))]
            options += [(unit_value(u), u.name) for u in _district_communes(plan, unit)]
            q[f"page:{page.pk}"] = Question(
                f"page:{page.pk}",
                _("Trang “%(page)s” của %(unit)s (đơn vị không còn)")
                % {"page": page.name, "unit": unit.name},
                options,
                END,
            )
    for user in plan.users:
        unit = plan.units[user.unit_id]
        if unit.scheme == Scheme.LEGACY and unit.parent_id and unit.pk not in plan.successors:
            if unit.level.key == "commune":
                continue  # a commune the lineage does not name: its own question decides
            options = [(PROVINCE, _("Văn phòng %(unit)s (chỉ xem)") % {"unit": plan.province.name})]
            options += [(unit_value(u), u.name) for u in _district_communes(plan, unit)]
            options.append((DEACTIVATE, _("Ngừng tài khoản")))
            q[f"user:{user.pk}"] = Question(
                f"user:{user.pk}",
                _("Tài khoản %(user)s (%(unit)s)") % {"user": user.username, "unit": unit.name},
                options,
                PROVINCE,
            )
    _ask_unplaced_cadres(plan)
    _ask_unplaced_users(plan)
    if len(plan.legacy_roots) > 1:
        _ask_merged_rules(plan)


def _ask_pages_kept(plan: Plan) -> None:
    units = plan._new_units()
    for where, pages in plan.page_groups().items():
        if len(pages) < 2:
            continue
        unit = units.get(int(where[5:]))
        key = f"keep:{unit.pk}"
        plan.questions[key] = Question(
            key,
            _("Nhiều trang cùng về %(unit)s: trang tiếp tục (các trang khác kết thúc)")
            % {"unit": unit.name},
            [
                (f"page:{p.pk}", f"{p.name} ({plan.units[p.unit_id].name})")
                for p in sorted(pages, key=lambda p: p.pk)
            ],
            f"page:{_best_page(pages).pk}",
        )


def _ask_merged_rules(plan: Plan) -> None:
    from frontnet.monitoring.models import Target
    from frontnet.scoring.models import Criterion

    q = plan.questions
    channels = list(
        OfficialChannel.objects.filter(province__in=plan.legacy_roots).select_related("province")
    )
    for channel in channels:
        options = [(KEEP, _("Giữ")), (END, _("Kết thúc"))]
        options += [
            (
                f"{MERGE}{other.pk}",
                _("Gộp vào “%(name)s” (%(unit)s)")
                % {"name": other.name, "unit": other.province.name},
            )
            for other in channels
            if other.province_id != channel.province_id and other.platform_id == channel.platform_id
        ]
        q[f"channel:{channel.pk}"] = Question(
            f"channel:{channel.pk}",
            _("Kênh chính thức “%(name)s” của %(unit)s")
            % {"name": channel.name, "unit": channel.province.name},
            options,
            KEEP,
        )
    targets = list(Target.objects.filter(root__in=plan.legacy_roots).select_related("root"))
    for target in targets:
        q[f"target:{target.pk}"] = Question(
            f"target:{target.pk}",
            _("Chỉ tiêu “%(name)s” của %(unit)s") % {"name": target.name, "unit": target.root.name},
            _rule_options(target, targets, "root_id", lambda t: t.root.name),
            KEEP,
        )
    criteria = list(
        Criterion.objects.filter(province__in=plan.legacy_roots).select_related("province")
    )
    for criterion in criteria:
        q[f"criterion:{criterion.pk}"] = Question(
            f"criterion:{criterion.pk}",
            _("Tiêu chí thi đua “%(name)s” của %(unit)s")
            % {"name": criterion.name, "unit": criterion.province.name},
            _rule_options(criterion, criteria, "province_id", lambda c: c.province.name),
            KEEP,
        )


def _rule_options(rule, rules, owner: str, owner_name) -> list[tuple[str, str]]:
    """Keep, end, or merge into another legacy province's rule of the same measure (its
    listed units or levels join the one kept)."""
    options = [(KEEP, _("Giữ")), (END, _("Kết thúc"))]
    options += [
        (
            f"{MERGE}{other.pk}",
            _("Gộp vào “%(name)s” (%(unit)s)") % {"name": other.name, "unit": owner_name(other)},
        )
        for other in rules
        if getattr(other, owner) != getattr(rule, owner) and other.measure == rule.measure
    ]
    return options
