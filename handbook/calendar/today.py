"""The build date: --today, else SOURCE_DATE_EPOCH, else the clock (the only clock read)."""

from __future__ import annotations

import calendar
import datetime as dt
import os

from handbook.errors import HandbookError


def build_date(today: str | None = None) -> dt.date:
    """Resolve the build date from --today, SOURCE_DATE_EPOCH or the clock."""
    if today:
        try:
            return dt.date.fromisoformat(today)
        except ValueError:
            raise HandbookError(f"--today must be a date YYYY-MM-DD, got {today!r}") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise HandbookError(
                f"SOURCE_DATE_EPOCH must be whole seconds since 1970, got {epoch!r}"
            ) from None
    return dt.datetime.now(dt.UTC).date()


def epoch_of(day: dt.date) -> int:
    """Return the Unix time of midnight UTC on `day` (SOURCE_DATE_EPOCH for the engine)."""
    return calendar.timegm(day.timetuple())
