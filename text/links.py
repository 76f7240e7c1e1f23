"""Links and contact addresses that point outside the domains a tenant lists: in a knowledge paragraph, a link to
anywhere else is how a planted instruction sends the customer away ("Visit www.cheap-deals.example for deals",
"send your card details to help@refunds-desk.example").

Found: URLs with a scheme, hosts written with `www.`, e-mail addresses, and bare host names whose last label is
a common top-level domain (`deals-now.shop`); a host is listed when it is one of the domains or below one
(`help.acme.example` is under `acme.example`). Pure; offsets are into the text as given."""

from __future__ import annotations

import re
from collections.abc import Iterable

from interlock.text.findings import Finding

# Top-level domains a bare host name is recognised by (with a scheme, `www.` or `@`, any name counts). Words
# that end in a dot and a short word ("e.g.", "Node.js", "v1.2") do not end in one of these.
_BARE_TLDS = (
    "com|net|org|info|biz|io|co|app|dev|shop|store|online|site|xyz|top|club|live|link|click|win|vip|money|"
    "deals|sale|example|us|uk|de|fr|es|it|nl|ru|cn|jp|kr|in|br|au|ca|ch|eu|me|tv|cc|ly|gg|to"
)
_HOST = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}"
_LINK = re.compile(
    rf"(?P<email>[a-z0-9._%+-]+@(?P<mailhost>{_HOST}))"
    rf"|(?:https?|ftp)://(?P<urlhost>{_HOST}|\d{{1,3}}(?:\.\d{{1,3}}){{3}})"
    rf"|\bwww\.(?P<wwwhost>{_HOST})"
    rf"|(?<![\w.@/-])(?P<barehost>(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)+(?:{_BARE_TLDS}))(?![\w-]|\.\w)",
    re.IGNORECASE,
)


def normalized_domains(domains: Iterable[str]) -> tuple[str, ...]:
    """The listed domains as compared: lower case, without a scheme, `www.`, path or trailing dot; sorted."""
    cleaned = set()
    for domain in domains:
        host = re.sub(r"^[a-z]+://", "", domain.strip().lower()).split("/")[0].rstrip(".")
        cleaned.add(host.removeprefix("www."))
    return tuple(sorted(d for d in cleaned if d))


def _listed(host: str, domains: tuple[str, ...]) -> bool:
    host = host.lower().rstrip(".").removeprefix("www.")
    return any(host == d or host.endswith("." + d) for d in domains)


def unlisted_links(text: str, domains: tuple[str, ...]) -> tuple[Finding, ...]:
    """Every link or e-mail address in `text` whose host is not under one of `domains` (normalized, see
    `normalized_domains`); kind `unlisted_link`, feature `url`, `www`, `email` or `host` and the host itself."""
    found = []
    for match in _LINK.finditer(text):
        for group, feature in (("mailhost", "email"), ("urlhost", "url"), ("wwwhost", "www"), ("barehost", "host")):
            host = match.group(group)
            if host is None:
                continue
            host = host if feature != "www" else "www." + host
            if not _listed(host, domains):
                found.append(Finding(match.start(), match.end(), "unlisted_link", f"{feature}:{host.lower()}"))
            break
    return tuple(sorted(found))
