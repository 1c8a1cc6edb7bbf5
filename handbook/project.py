"""A firm's project: its folder, and the inputs a build reads from it, each read once."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from handbook.engines import siteconfig
from handbook.errors import HandbookError, InputError, Problem
from handbook.i18n.cli import _
from handbook.i18n.translator import Translator
from handbook.input import projectfiles
from handbook.input.budget import check_budget
from handbook.input.config import Loaded, load_firm
from handbook.input.includes import load_firm_yaml
from handbook.input.loader import load_yaml
from handbook.input.messages import load_messages
from handbook.memo import Cache
from handbook.model import FirmConfig
from handbook.model.weblinks import site_address
from handbook.pages.render import bundled_templates


class Project:
    """firm.yaml, and beside it mkdocs.yml, docs/ and templates/: what one build reads.

    A relative `config_file` is from the current folder; it is made absolute at once, so a
    later change of folder (an engine, git) cannot move the project. Each input is read the
    first time it is asked for, then kept: a new build (`handbook serve`) takes a new Project.
    """

    def __init__(self, config_file: Path) -> None:
        self.config_file = config_file.absolute()
        if self.config_file.is_symlink():
            # Its folder would be the project: docs/, templates/ and mkdocs.yml read from there.
            message = _("is a symbolic link; keep the file itself in the project folder")
            raise InputError([Problem(self.config_file.name, 1, 1, "", message)])

    def __repr__(self) -> str:
        return f"Project({self.config_file})"

    @functools.cached_property
    def folder(self) -> Path:
        """Return the project folder (the folder of firm.yaml)."""
        return self.config_file.resolve().parent

    @property
    def docs(self) -> Path:
        """Return the firm's own pages folder."""
        return self.folder / "docs"

    @property
    def templates(self) -> Path:
        """Return the firm's template overrides folder."""
        return self.folder / "templates"

    @property
    def mkdocs_yml(self) -> Path:
        """Return the firm's base site settings file."""
        return self.folder / "mkdocs.yml"

    @property
    def protected(self) -> list[Path]:
        """Return what no output folder may hold or be inside: the inputs a build reads."""
        return [
            self.config_file,
            self.docs,
            self.templates,
            self.folder / "locales",
            bundled_templates(),
        ]

    @functools.cached_property
    def loaded(self) -> Loaded:
        """Return firm.yaml and its includes as read, before validation (read once)."""
        return load_firm_yaml(self.config_file)

    @functools.cached_property
    def firm(self) -> FirmConfig:
        """Return firm.yaml, validated; InputError lists every problem in it."""
        firm, _ = load_firm(self.config_file, self.loaded)
        return firm

    @functools.cached_property
    def messages(self) -> dict[str, bytes]:
        """Return the firm's own wording of handbook's messages, compiled, by language."""
        return load_messages(self.folder, self.firm.locale.site_languages)

    def check(self) -> None:
        """Check firm.yaml, its catalogs and mkdocs.yml: one InputError lists every problem."""
        problems: list[Problem] = []
        languages = None
        try:
            languages = self.firm.locale.site_languages
            check_budget(self.firm, self.config_file)
        except InputError as e:
            problems += e.problems
        try:
            load_messages(self.folder, languages)
        except InputError as e:
            problems += e.problems
        try:
            self.base  # noqa: B018  (a property that raises InputError)
            self.site_url  # noqa: B018 (checked when first read)
        except InputError as e:
            problems += e.problems
        if problems:
            raise InputError(problems)

    def translator(self, language: str) -> Translator:
        """Return the translator of one language, with the firm's own wording of messages."""
        return Translator(language, self.messages)

    @functools.cached_property
    def base(self) -> dict[str, Any]:
        """Return the firm's own mkdocs.yml settings ({} without the file)."""
        return siteconfig.load_base(self.mkdocs_yml)

    @functools.cached_property
    def site_url(self) -> str | None:
        """Return where the site is published (mkdocs.yml's site_url), if it says.

        It is checked as weblinks.site_address says (https://, no CR/LF, no look-alike host);
        the error, or that a number or list is no address, points at its line in mkdocs.yml.
        """
        url = self.base.get("site_url")
        if url is None or url == "":
            return None
        try:
            return site_address(url.strip() if isinstance(url, str) else str(url))
        except ValueError as e:
            _data, positions, _problems = load_yaml(self.mkdocs_yml)
            raise InputError([positions.problem(("site_url",), str(e))]) from None

    @functools.cached_property
    def firm_pages(self) -> dict[str, dict[str, Path]]:
        """Map each language to the firm's own files: docs/ for the default, docs/<code>/ else.

        A page of the default language must exist in every other language too: a reader of
        the Spanish site never lands on an English page.
        """
        default, *others = self.firm.locale.site_languages
        files: dict[str, dict[str, Path]] = {code: {} for code in [default, *others]}
        for path in projectfiles.walk(self.docs, self.folder):
            rel = path.relative_to(self.docs).as_posix()
            head, _, rest = rel.partition("/")
            if head in others and rest:
                files[head][rest] = path
            else:
                files[default][rel] = path
        missing = [
            f"docs/{code}/{page}"
            for code in others
            for page in files[default]
            if page.endswith(".md") and page not in files[code]
        ]
        if missing:
            raise HandbookError(
                "these pages of yours have no translation (every language needs each page): "
                + ", ".join(missing)
            )
        return files

    @functools.cached_property
    def cache(self) -> Cache:
        """Return the cache of this build (see memo.py)."""
        return Cache.of(self.folder)

    def shown(self, path: Path) -> str:
        """Return a project file's path as messages show it, e.g. docs/privacy.md."""
        return path.relative_to(self.folder).as_posix()
