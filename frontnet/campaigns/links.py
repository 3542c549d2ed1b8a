"""A campaign post's link, kept as a post: `normalize_link` (the one link check) reduces a
Facebook post to the account that posted it, which is what a cadre's account needs; a
campaign needs the post itself, so the path after the account is kept, in one form.

Pure: no database.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.utils.translation import gettext as _

from frontnet.cadres.normalize import Link, LinkError, normalize_link

_SAFE = "!$&'()*+,;=:@-._~"


@dataclass(frozen=True)
class PostLink:
    canonical: str  # the post (or the page when the link names no post)
    account: str  # the account or site that posted it (normalize_link's canonical)
    is_post: bool


def _segments(text: str) -> list[str]:
    text = text.strip()
    if "://" not in text[:10]:
        text = "https://" + text.lstrip("/")
    return [s for s in urlsplit(text).path.split("/") if s]


def post_link(raw: str) -> PostLink:
    """Raises LinkError (in Vietnamese) for what is not a link at all."""
    link: Link = normalize_link(raw)
    if link.platform == "facebook" and link.kind == "profile_or_page":
        segments = _segments(link.original)
        username = link.canonical.rsplit("/", 1)[-1]
        if segments and segments[0].casefold() == username.casefold():
            rest = segments[1:]
            if rest:
                path = "".join("/" + quote(s, safe=_SAFE) for s in rest)
                return PostLink(link.canonical + path, link.canonical, True)
        return PostLink(link.canonical, link.canonical, False)
    # Websites, Zalo and Facebook's own forms (permalink.php?story_fbid=…, share links) keep
    # their path already.
    return PostLink(link.canonical, link.canonical, True)


def share_post_link(raw: str) -> PostLink:
    """A unit's shared post: a link to a post, not to a whole page."""
    found = post_link(raw)
    if not found.is_post:
        raise LinkError(
            _(
                "“%(link)s” là liên kết của cả trang; hãy dán liên kết của bài đăng "
                "(bấm vào thời gian đăng bài để lấy)."
            )
            % {"link": raw.strip()}
        )
    return found
