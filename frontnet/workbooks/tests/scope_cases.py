"""How to find an import batch or unit outside a user's scope, for tests/test_scope_sweep.py."""

from frontnet.units.tests.scope_cases import unit_outside
from frontnet.workbooks.models import ImportBatch


def batch_outside(tree, user):
    from frontnet.accounts.models import User

    unit = next(u for u in tree.values() if u.pk == unit_outside(tree, user))
    owner = User.objects.filter(is_superuser=False).exclude(pk=user.pk).first() or user
    return ImportBatch.objects.create(
        unit=unit, uploaded_by=owner, filename="x.xlsx", file="imports/x.xlsx", sha256="0" * 64
    ).pk


OUT_OF_SCOPE = {
    **dict.fromkeys(
        ["template_download", "batch_upload", "batch_list", "api_batch_list"], unit_outside
    ),
    **dict.fromkeys(
        [
            "batch_detail",
            "batch_commit",
            "batch_cancel",
            "batch_revalidate",
            "batch_rejected",
            "batch_file",
            "batch_mapping",
            "api_batch_detail",
            "api_batch_commit",
            "api_batch_cancel",
            "api_batch_mapping",
        ],
        batch_outside,
    ),
}
