"""What a cadre's own records hold about them, for the access export and erasure
(frontnet.privacy.registry). Runs last: the other erasers still see the identifiers."""

from django.utils.translation import gettext_lazy as _

from frontnet.core.vntext import fold_search
from frontnet.privacy.erasure import ERASED, anonymous_name
from frontnet.privacy.registry import register_handler

from .models import Cadre, SocialAccount


@register_handler("cadres.cadre", label=_("Cán bộ, tài khoản, theo dõi kênh"), order=1000)
class CadreRecords:
    def collect(self, person) -> list:
        cadre = person.cadre
        rows = [
            {
                "record": "cadre",
                "id": cadre.pk,
                "unit": str(cadre.unit),
                "full_name": cadre.full_name,
                "gender": cadre.get_gender_display() if cadre.gender else "",
                "birth_year": cadre.birth_year,
                "position": cadre.position,
                "category": str(cadre.category),
                "phone": cadre.phone,
                "phone_as_typed": cadre.phone_raw,
                "email": cadre.email,
                "active_from": cadre.active_from,
                "active_to": cadre.active_to,
                "end_reason": cadre.end_reason,
                "created_at": cadre.created_at,
            }
        ]
        for account in cadre.accounts.select_related("platform"):
            rows.append(
                {
                    "record": "account",
                    "id": account.pk,
                    "platform": str(account.platform),
                    "link": account.canonical,
                    "link_as_typed": account.link_raw,
                    "phone": account.phone,
                    "created_at": account.created_at,
                }
            )
        for follow in cadre.follows.select_related("channel"):
            rows.append(
                {
                    "record": "follow",
                    "channel": follow.channel.name,
                    "status": follow.get_status_display(),
                    "confirmed_on": follow.confirmed_on,
                }
            )
        return rows

    def erase(self, person) -> int:
        """Blank what identifies the person and keep what the published counts read: the
        row, its unit, category, dates and which required fields were filled (a filled
        name or phone becomes a placeholder, a birth year its decade), the accounts'
        platforms and dates, the follows."""
        cadre = person.cadre
        name = anonymous_name(cadre.pk)
        Cadre.objects.filter(pk=cadre.pk).update(
            full_name=name,
            search_name=fold_search(name),
            phone=ERASED if cadre.phone else "",
            phone_raw="",
            phone_kind="",
            email="",
            end_reason="",
            birth_year=cadre.birth_year // 10 * 10 if cadre.birth_year else None,
        )
        changed = 1
        for account in SocialAccount.objects.filter(cadre=cadre):
            placeholder = f"erased:{account.pk}"
            account.canonical = account.link_raw = placeholder
            account.phone = ""
            account.save(update_fields=["canonical", "link_raw", "phone", "updated_at"])
            changed += 1
        cadre.refresh_from_db()
        return changed
