"""The example units' forms as other units see them (pure): the privacy masking
(`frontnet.privacy.masking`: names as initials "Nguyễn V. T.", phones as "09xx xxx 678"),
and, stricter than a masked template, personal links, e-mails and birth years removed (a
mark says there was one, so completeness stays visible).
"""

from frontnet.privacy.masking import mask_name, mask_phone

HIDDEN = "[đã ẩn]"
MASKED = {"full_name": mask_name, "phone": mask_phone}


def mask_cell(field: str, value):
    """A cadre cell of the form template as an example shows it."""
    if value in ("", None):
        return value
    if field in MASKED:
        return MASKED[field](str(value))
    if field in ("email", "facebook", "zalo", "birth_year"):
        return HIDDEN
    return value
