"""Check handbook's own catalogs, from a checkout: `python -m handbook.i18n.check [--update]`.

It reports, for each gettext domain and language: messages missing or fuzzy, messages no
longer used (obsolete, or English source texts nothing calls), placeholders that differ from
the English, plural forms that do not match the language, and a template (.pot) or a compiled
catalog (.mo) that is not what pybabel makes from the sources. `--update` first runs the three
pybabel commands of the README (extract, update, compile), which is how a catalog is remade.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from handbook.i18n.catalogs import source
from handbook.i18n.pocheck import entry_problems

LOCALES = Path("handbook/locales")

EXTRACT = {
    "messages": ["-F", "babel.cfg", "--no-location", "--sort-output"],
    "cli": [
        *("-F", "babel-cli.cfg", "--no-default-keywords", "-k", "_", "-k", "ngettext:1,2"),
        *("-c", "Translators:", "--no-location", "--sort-output"),
    ],
}
"""The `pybabel extract` options of each domain (the README's commands)."""

_HEADER = ["--project=handbook", "--copyright-holder=the handbook authors"]


def pybabel(*args: str) -> None:
    """Run a pybabel command of this environment's Babel."""
    command = [sys.executable, "-m", "babel.messages.frontend", "-q", *args]
    subprocess.run(command, check=True)


def update(domain: str) -> None:
    """Remake a domain's template, merge it into every language, compile the catalogs."""
    template = LOCALES / f"{domain}.pot"
    pybabel("extract", *EXTRACT[domain], *_HEADER, "-o", str(template), ".")
    pybabel("update", "-D", domain, "-i", str(template), "-d", str(LOCALES))
    pybabel("compile", "-D", domain, "-d", str(LOCALES))


def problems(domain: str) -> Iterator[str]:
    """Yield every problem of a domain's catalogs, as `file:line: id: what`."""
    template = LOCALES / f"{domain}.pot"
    pot = _read(template)
    yield from _stale_template(domain, pot)
    if domain == "messages":
        extracted = {str(m.context) for m in pot if m.id}
        for key in sorted(set(source()) - extracted):
            yield f"{LOCALES}/en.yaml: {key}: unused (no template or code names it)"
    for po_file in sorted(LOCALES.glob(f"*/LC_MESSAGES/{domain}.po")):
        yield from _language(po_file, pot)


def _language(po_file: Path, pot: Catalog) -> Iterator[str]:
    po = _read(po_file)
    wanted = {_key(m) for m in pot if m.id}
    for message in po:
        if not message.id:
            continue
        where = f"{po_file}:{message.lineno}: {message.context or message.id}"
        if _key(message) not in wanted:
            yield f"{where}: unused (not in {pot.domain or 'the'} template)"
        for problem in entry_problems(message, po.num_plurals):
            yield f"{where}: {problem}"
    for key in sorted(wanted - {_key(m) for m in po if m.id}, key=str):
        yield f"{po_file}: {key}: missing (run pybabel update)"
    for message in po.obsolete.values():
        yield f"{po_file}:{message.lineno}: {message.context or message.id}: obsolete; delete it"
    compiled = io.BytesIO()
    write_mo(compiled, po)
    mo_file = po_file.with_suffix(".mo")
    if not mo_file.is_file() or mo_file.read_bytes() != compiled.getvalue():
        yield f"{mo_file}: not compiled from {po_file.name} (run pybabel compile)"


def _stale_template(domain: str, pot: Catalog) -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        fresh_file = Path(tmp) / f"{domain}.pot"
        pybabel("extract", *EXTRACT[domain], *_HEADER, "-o", str(fresh_file), ".")
        fresh = _read(fresh_file)
    if _entries(fresh) != _entries(pot):
        yield f"{LOCALES}/{domain}.pot: not what pybabel extract makes (run it, then update)"


def _key(message: Message) -> tuple[str | None, str]:
    """Return what identifies a message: its context and (singular) English text."""
    english = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, english


def _entries(catalog: Catalog) -> list[tuple[object, ...]]:
    return [(m.context, m.id, tuple(sorted(m.flags))) for m in catalog if m.id]


def _read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, abort_invalid=True)


def main(argv: list[str] | None = None) -> int:
    """Report the catalogs' problems; exit 1 if there are any."""
    parser = argparse.ArgumentParser(prog="python -m handbook.i18n.check", description=__doc__)
    parser.add_argument("--update", action="store_true", help="run pybabel extract/update/compile")
    args = parser.parse_args(argv)
    found = []
    for domain in EXTRACT:
        if args.update:
            update(domain)
        found += list(problems(domain))
    for line in found:
        print(line)
    print(f"{len(found)} problems in the catalogs" if found else "catalogs OK")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
