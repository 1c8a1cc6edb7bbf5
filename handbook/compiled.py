"""Compiled templates, kept in this process's memory and never in a file.

Jinja loads compiled templates with `marshal`: a file of them is code the build runs, so a
cache a firm's repository could commit (or any folder a project can supply) must not hold
them. In memory, each template is compiled once per process: once per command, once per
`serve` session however many rebuilds, once per test worker. Jinja checks each entry
against its template's source, so an edited template is compiled again.
"""

from __future__ import annotations

import hashlib

import jinja2


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates of one kind of Jinja environment, for the life of the process."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """Key an entry by the template's name alone, not its file.

        A build stages its MkDocs project in a new folder, so the theme's overrides
        (main.html, 404.html) had a new file name each build and were compiled again each
        time: 0.6 s of a one-language build. One name is one file in an environment, and
        a different source under the same name fails Jinja's checksum and is compiled anew.
        """
        return hashlib.sha1(name.encode("utf-8")).hexdigest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill `bucket` from memory, if this template was compiled before."""
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep `bucket`'s compiled template."""
        self._store[bucket.key] = bucket.bytecode_to_string()


_CACHES: dict[str, MemoryBytecodeCache] = {}


def compiled(kind: str) -> MemoryBytecodeCache:
    """Return the cache of one kind of environment ("pages", "html", "theme").

    Jinja keys an entry by the template's file and checks its source, but not the
    environment's options, so each kind of environment has a cache of its own.
    """
    return _CACHES.setdefault(kind, MemoryBytecodeCache())
