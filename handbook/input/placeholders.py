"""Sample values of the starter and the examples that must not reach clients.

A value is a placeholder when it is one of these (and `handbook check`/`build` warn, and
`deploy` and `links --letter` refuse, until the firm replaces it):

- site_url on example.github.io, the starter's sample address;
- an address (email, URL or a host named in a text) on a domain reserved for examples by
  RFC 2606 and RFC 6761: the top-level domains .example, .test, .invalid and .localhost,
  and example.com, example.net, example.org, example.edu and their subdomains;
- a phone number the starter packs ship (+1 555 010 0100, +48 12 345 67 89,
  +34 910 000 100), or a North American number 555-0100 to 555-0199, the range NANPA keeps
  for fiction (no such line can be called);
- a tax or registry number the packs ship: EIN 12-3456789, NIP 526-104-08-28,
  REGON 123456785, KRS 0000123456, NIF/CIF B12345674.

Phone numbers are read where firm.yaml keeps them (`phone` fields and channel addresses);
domains anywhere in a text, as a client reads them there too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import phonenumbers

from handbook.errors import HandbookError, Problem
from handbook.i18n.cli import _, ngettext
from handbook.input.config import Loaded
from handbook.input.includes import load_firm_yaml
from handbook.input.loader import PathKey, Positions, load_yaml

SAMPLE_SITE_HOST = "example.github.io"
"""The host of the starter's site_url (handbook/starter/mkdocs.yml)."""
RESERVED_TLDS = ("example", "test", "invalid", "localhost")
"""Top-level domains that never resolve on the internet (RFC 2606, RFC 6761)."""
RESERVED_DOMAINS = ("example.com", "example.net", "example.org", "example.edu")
"""Second-level domains kept for documentation (RFC 2606; example.edu by IANA)."""
SAMPLE_PHONES = frozenset({"+15550100100", "+48123456789", "+34910000100"})
"""The phone numbers of the starter packs (handbook/packs/*.firm.yaml.j2), in E.164."""
SAMPLE_TAX_IDS = frozenset({"123456789", "5261040828", "123456785", "0000123456", "B12345674"})
"""The tax and registry numbers of the starter packs, digits and letters only."""

_HOST = re.compile(
    r"(?<![\w.-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})(?![\w-])", re.IGNORECASE
)


def reserved_host(host: str) -> bool:
    """Say whether a host name is reserved for examples and reaches no one."""
    host = host.lower().rstrip(".")
    if host == SAMPLE_SITE_HOST or host.rpartition(".")[2] in RESERVED_TLDS:
        return True
    return any(host == d or host.endswith("." + d) for d in RESERVED_DOMAINS)


def reserved_hosts(text: str) -> list[str]:
    """Return the reserved host names a text holds (in emails, URLs or on their own)."""
    return list(dict.fromkeys(h.lower() for h in _HOST.findall(text) if reserved_host(h)))


def sample_phone(number: str, country: str) -> str | None:
    """Say why a phone number is a sample one, or return None for a real-looking one."""
    try:
        parsed = phonenumbers.parse(number, country)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) in SAMPLE_PHONES:
        return _("shipped with the starter")
    national = str(parsed.national_number)
    fictional = len(national) == 10 and national[3:6] == "555" and national[6:8] == "01"
    if parsed.country_code == 1 and fictional:
        return _("555-0100 to 555-0199 are kept for fiction")
    return None


def sample_tax_id(number: str) -> bool:
    """Say whether a tax or registry number is one of the starter's samples."""
    bare = re.sub(r"[^0-9A-Za-z]", "", number).upper()
    return bare in SAMPLE_TAX_IDS or (len(bare) > 2 and bare[2:] in SAMPLE_TAX_IDS)


def find(config_file: Path, mkdocs_yml: Path, loaded: Loaded | None = None) -> list[Problem]:
    """Return every placeholder of firm.yaml and mkdocs.yml, each at its line and column.

    `loaded`: firm.yaml as the build already read it (includes.load_firm_yaml).
    """
    problems = list(_site_url(mkdocs_yml))
    data, positions, _problems = loaded or load_firm_yaml(config_file)
    if isinstance(data, dict):
        locale = data.get("locale")
        country = locale.get("country") if isinstance(locale, dict) else None
        problems += _walk(data, (), positions, str(country or "US").upper())
    return sorted(problems)


def refusal(problems: list[Problem], action: str) -> HandbookError:
    """Make the error that stops `action` while placeholders would reach clients."""
    refused = ngettext(
        "{action} refused: {n} sample value would reach clients:",
        "{action} refused: {n} sample values would reach clients:",
        len(problems),
    ).format(action=action, n=len(problems))
    lines = "\n".join(f"  {p}" for p in problems)
    advice = _(
        "Replace each with the firm's own, or pass --allow-placeholders for a test or a demo."
    )
    return HandbookError(f"{refused}\n{lines}\n{advice}")


def _site_url(mkdocs_yml: Path) -> Iterator[Problem]:
    """Report a site_url on a sample or reserved host."""
    if mkdocs_yml.is_symlink() or not mkdocs_yml.is_file():
        return  # a link is refused where the build reads the file (siteconfig.load_base)
    data, positions, _problems = load_yaml(mkdocs_yml)
    url = data.get("site_url") if isinstance(data, dict) else None
    if isinstance(url, str) and reserved_hosts(url):
        yield positions.problem(
            ("site_url",),
            _(
                "{url} is a sample address; set it to where the site is published, e.g. "
                "https://yourfirm.github.io/handbook/ (letters, QR codes and calendars carry it)"
            ).format(url=url),
        )


def _walk(value: Any, path: PathKey, positions: Positions, country: str) -> Iterator[Problem]:
    """Report the placeholders in a value of firm.yaml and in everything below it."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key), positions, country)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, (*path, i), positions, country)
    elif isinstance(value, str):
        yield from _text(value, path, positions, country)


def _text(text: str, path: PathKey, positions: Positions, country: str) -> Iterator[Problem]:
    """Report a sample domain, phone number or tax id in one text of firm.yaml."""
    hosts = reserved_hosts(text)
    if hosts:
        if len(text) <= 80 and "\n" not in text:
            sentence = _(
                "{text} uses {hosts}, reserved for examples (mail and visits there "
                "reach no one); write the firm's own"
            )
        else:
            sentence = _(
                "the text uses {hosts}, reserved for examples (mail and visits there "
                "reach no one); write the firm's own"
            )
        yield positions.problem(path, sentence.format(text=text, hosts=", ".join(hosts)))
    if path[-1:] in (("phone",), ("address",)):
        why = sample_phone(text, country)
        if why:
            yield positions.problem(
                path,
                _("{number} is a sample phone number ({why}); write yours").format(
                    number=text, why=why
                ),
            )
    if len(path) == 4 and path[:3] == ("firm", "legal", "ids") and sample_tax_id(text):
        yield positions.problem(
            path,
            # Translators: {kind} is the field name of the number (nip, regon, ein), as written.
            _("{kind} {number} is the starter's sample number; write the firm's own").format(
                kind=path[3], number=text
            ),
        )
