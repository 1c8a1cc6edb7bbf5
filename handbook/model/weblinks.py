"""Web addresses in firm.yaml and mkdocs.yml: https:// links, mailto: and tel: links, hosts.

Each check refuses what lets a link look like one place and open another, or add to what it
sends; the README's security section lists them.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse

import idna

from handbook.i18n.cli import _

EMAIL_PATTERN = (
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
"""The HTML standard's valid e-mail address (what <input type=email> accepts)."""
_URL_FORBIDDEN = re.compile(r"[\s\"'<>\\\[\]`{}|^]")
_URL_SCHEMES = ("https", "mailto", "tel")
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})
"""Unicode categories of controls, format characters (bidi overrides, zero-width spaces, the
byte-order mark) and line and paragraph separators: invisible, or reordering what is around."""
JOINERS = frozenset({"\u200c", "\u200d"})
"""Zero-width non-joiner and joiner: part of the spelling of Persian and Indic words and of
emoji sequences (👩‍👩‍👧), so a name may hold them; a URL may not."""


def _character(c: str) -> str:
    """Name a character for a message, e.g. U+202E (RIGHT-TO-LEFT OVERRIDE)."""
    name = unicodedata.name(c, "")
    return f"U+{ord(c):04X} ({name})" if name else f"U+{ord(c):04X}"


def invisible(value: str, allowed: frozenset[str] = frozenset()) -> None:
    """Refuse a control or format character, naming it and its position (1 is the first)."""
    for position, c in enumerate(value, 1):
        if unicodedata.category(c) in _INVISIBLE and c not in allowed:
            raise ValueError(
                _(
                    "contains the invisible character {character} at character {position}, "
                    "which can hide or reorder what a reader sees; remove it"
                ).format(character=_character(c), position=position)
            )


def _scripts(label: str) -> set[str]:
    """Return the scripts of a host label's letters (LATIN, CYRILLIC, CJK...), by Unicode name.

    A modifier letter (the Ukrainian apostrophe ʼ) belongs to no script of its own.
    """
    return {unicodedata.name(c, "?").split()[0] for c in label if c.isalpha()} - {"MODIFIER"}


_SCRIPT_MIXES = (
    frozenset({"LATIN", "CJK", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "CJK", "BOPOMOFO"}),
    frozenset({"LATIN", "CJK", "HANGUL"}),
)
"""Scripts one label may mix: Unicode's "highly restrictive" level (UTS #39), as in 例えtoday.jp."""
_CYRILLIC_LOOKALIKES = frozenset("асԁеһіјӏорԛѕԝхуъьҽпгѵѡ")
"""Cyrillic letters that look like Latin ones (after Chromium's IDN spoof checks): аррӏе.com."""


def _web_host(host: str) -> None:
    """Refuse a host that is not a valid internationalized name, or is built to look like another.

    IDNA 2008 (the idna package) refuses symbols, full-width letters and most confusables; a
    label may not mix scripts (Latin а from Cyrillic in аpple.com); a label wholly of Cyrillic
    letters that look Latin, under a TLD that is not Cyrillic, is refused as a browser would
    show it as punycode. A Polish or Ukrainian firm writes its real IDN as it is spelled
    (https://księgowa.pl/, https://бухгалтер.укр/) or in its xn-- form.
    """
    try:
        ascii_host = idna.encode(host).decode("ascii")
        unicode_host = idna.decode(ascii_host)
    except idna.IDNAError as e:
        raise ValueError(
            _("{host} is not a valid host name ({why}); e.g. https://portal.example.com").format(
                host=repr(host), why=e
            )
        ) from None
    labels = unicode_host.rstrip(".").split(".")
    for label in labels:
        scripts = _scripts(label)
        mixed = len(scripts) > 1 and not any(scripts <= mix for mix in _SCRIPT_MIXES)
        lookalike = (
            scripts == {"CYRILLIC"}
            and _scripts(labels[-1]) != {"CYRILLIC"}
            and all(c in _CYRILLIC_LOOKALIKES for c in label if c.isalpha())
        )
        if mixed or lookalike:
            raise ValueError(
                _(
                    "the host {host} ({ascii}) is written with letters of another alphabet "
                    "that look like Latin ones, as a look-alike address is; type the address "
                    "again or copy it from the browser's address bar"
                ).format(host=repr(unicode_host), ascii=ascii_host)
            )


def _https_address(parts: urllib.parse.SplitResult) -> None:
    """Refuse an https:// address without a valid host, or with a user name before an @."""
    if "@" in parts.netloc:
        user, _at, host = parts.netloc.rpartition("@")
        raise ValueError(
            _(
                "names {user} before @, so the link opens {host} whatever it seems to say; "
                "write only the site, e.g. https://{host}/"
            ).format(user=repr(user), host=host)
        )
    if not parts.hostname:
        raise ValueError(_("must name a website after https://, e.g. https://portal.example.com"))
    try:
        _port = parts.port
    except ValueError:
        raise ValueError(_("has a port that is not a number between 0 and 65535")) from None
    _web_host(parts.hostname)


_TEL = re.compile(r"^\+?[0-9().-]*[0-9][0-9().-]*$")


def mail_address(value: str) -> str:
    """Accept an email address that a mailto: link carries whole: no ?, # or % in it.

    EMAIL_PATTERN (the HTML standard's) allows them before the @, but a mail client reads
    what follows ? as more headers (biuro?bcc=all@evil.tld writes to "biuro" and copies
    evil.tld), # as the link's end and %2C as a comma between two addresses.
    """
    bad = re.search(r"[?#%]", value)
    if bad:
        raise ValueError(
            _(
                "contains {character}, which a mailto: link reads as more than the address; "
                "e.g. office@example.com"
            ).format(character=repr(bad.group()))
        )
    return value


def _contact_link(scheme: str, value: str) -> None:
    """Refuse a mailto: link that is not one address alone, a tel: link not a phone number."""
    address = value.split(":", 1)[1]
    if not address:
        raise ValueError(_("must have an address after {scheme}").format(scheme=f"{scheme}:"))
    if scheme == "tel":
        if not _TEL.match(address):
            raise ValueError(
                _("a tel: link holds only a phone number, e.g. tel:+48225550100; got {got}").format(
                    got=repr(address)
                )
            )
        return
    if "?" in address or "#" in address:
        raise ValueError(
            _(
                "a mailto: link holds one address and nothing after it (no ?bcc=, ?body= or "
                "?subject=), e.g. mailto:office@example.com"
            )
        )
    if "%" in address or not re.match(EMAIL_PATTERN, address):
        raise ValueError(
            _(
                "a mailto: link holds one email address, e.g. mailto:office@example.com; got {got}"
            ).format(got=repr(address))
        )


def web_url(value: str) -> str:
    """Accept an https:// address with a host, or a mailto:/tel: link, parsed as a URL.

    Refused, since each lets a link look like one place and open another or add to what it
    sends: an invisible or reordering character anywhere (CR, LF, tab, U+202E, U+200B...); a
    user name before @ (https://firm.example@evil.tld opens evil.tld); a host that is not valid
    IDNA or mixes alphabets (see _web_host); a mailto: with parameters (?bcc=, ?body=) or more
    than one address; a tel: with anything but a phone number.
    """
    invisible(value)
    bad = _URL_FORBIDDEN.search(value)
    if bad:
        raise ValueError(
            _(
                "contains {character}, which a web address cannot hold; "
                "copy the address from the browser's address bar"
            ).format(character=repr(bad.group()))
        )
    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError as e:
        raise ValueError(_("is not a web address ({why})").format(why=e)) from None
    scheme = parts.scheme.lower()
    if scheme not in _URL_SCHEMES:
        raise ValueError(_("must be a web address starting with https:// (or mailto: or tel:)"))
    if scheme == "https":
        _https_address(parts)
    else:
        _contact_link(scheme, value)
    return value


def site_address(value: str) -> str:
    """Check mkdocs.yml's site_url: an https:// address as `web_url` accepts, nothing else.

    It is printed in letters, QR codes, calendar feeds and page headers, so a CR or LF in it
    would break a feed's lines and a look-alike host would send every client elsewhere.
    """
    if not value.lower().startswith("https://"):
        raise ValueError(_("must be the https:// address where the site is published"))
    return web_url(value)
