"""The Atom feed (RFC 4287) of rule versions: one entry per version, with what it changed.

A feed reader, or a firm's own newsletter tool, learns of each new version of the rules from
it; every page announces it in its head. One feed per language tree, at urls.RULES_FEED.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from markupsafe import Markup

from handbook import urls
from handbook.model.engagement import RulesVersion
from handbook.pages.site import Site

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def rules_feed(site: Site) -> bytes:
    """Write the Atom feed of the rule versions in the site's language, the newest first.

    Ids are tag URIs of the site's host and the version's effective date, so they never change
    while the version and the site_url stay; `updated` is the effective date (the build date
    would make a feed reader show an old version as new after each rebuild).
    """
    firm, message = site.firm, site.tr.message
    # Plain names under an xmlns attribute: ET's own prefixes are global to the process.
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: site.language})
    name = firm.firm.name
    feed_url = site.links.file(urls.RULES_FEED)
    _text(root, "id", site.links.absolute(urls.RULES_FEED) or _tag(site, "2026", "rules"))
    _text(root, "title", message("rules.feed_title", firm=name))
    _text(root, "subtitle", message("rules.feed_subtitle"))
    _text(root, "updated", _when(max(v.effective for v in firm.rules.versions)))
    author = ET.SubElement(root, "author")
    _text(author, "name", name)
    _text(author, "uri", site.links.page(urls.HOME))
    _link(root, feed_url, "self", "application/atom+xml")
    _link(root, site.links.page(urls.RULES), "alternate", "text/html")
    for version in firm.rules.versions:
        _entry(root, site, version)
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _entry(root: ET.Element, site: Site, version: RulesVersion) -> None:
    """Add the entry of one version: its changes, its page and its what-changed section."""
    message, say = site.tr.message, site.say
    entry = ET.SubElement(root, "entry")
    page = site.links.page(urls.rules_version(version.version))
    date = say.date(version.effective)
    line = message("rules.event_version", version=version.version, date=date)
    _text(entry, "id", _tag(site, version.effective.isoformat(), f"rules/{version.version}"))
    _text(entry, "title", message("rules.version_line", version=version.version, date=date))
    _text(entry, "updated", _when(version.effective))
    _text(entry, "published", _when(version.effective))
    _link(entry, page, "alternate", "text/html")
    _link(entry, page + "#changes", "related", "text/html")
    _text(entry, "summary", line)
    items = Markup("").join(
        Markup("<li>{}</li>").format(c) for c in say.what_changed(site.firm.rules, version)
    )
    html = Markup('<p>{}</p><ul>{}</ul><p><a href="{}">{}</a></p>').format(
        line, items, page, message("rules.read_coming", version=version.version)
    )
    content = _text(entry, "content", str(html))
    content.set("type", "html")


def _tag(site: Site, date: str, name: str) -> str:
    """Return a tag URI (RFC 4151) of the site's host: tag:host,2026-09-01:rules/2026.2/en."""
    return f"tag:{site.links.host},{date}:{name}/{site.language}"


def _when(day: dt.date) -> str:
    """Return an RFC 3339 date-time: midnight UTC of `day`."""
    return f"{day.isoformat()}T00:00:00Z"


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, name)
    element.text = text
    return element


def _link(parent: ET.Element, href: str, rel: str, kind: str) -> None:
    ET.SubElement(parent, "link", {"href": href, "rel": rel, "type": kind})
