"""The sentences a site says about dates: why one moved, whose it is, when rules were in force."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from handbook.calendar.duedates import FIRM, Occurrence, region_name
from handbook.escape import markdown_plain
from handbook.i18n.formats import Formats
from handbook.i18n.translator import Translator
from handbook.model.engagement import RulesOfEngagement, RulesVersion


@dataclass(frozen=True)
class DatePhrases:
    """Say dates and what happened to them in one language."""

    tr: Translator
    fmt: Formats

    def explain(self, occ: Occurrence) -> str:
        """Say why a date moved: "Apr 15, 2028 is a Saturday and Apr 17 is ..., so it is due …"."""
        reasons = _reasons(occ, self.tr, self.fmt)
        due = self.fmt.prose_day(occ.due)
        text = self.tr.message("calendar.moved", reasons=self.fmt.join(reasons), due=due)
        return text[:1].upper() + text[1:]  # a reason may open the sentence: "Our office…"

    def whose(self, occ: Occurrence) -> str:
        """Say whose date it is: "Our own date", "Date set by law: United States (federal)"."""
        if occ.whose == FIRM:
            return self.tr.message("calendar.our_date")
        country, _, region = occ.whose.partition("-")
        place = self.fmt.country_name(country)
        if region:
            place = self.tr.message(
                "calendar.region", region=region_name(country, region), country=place
            )
        elif country == "US":
            place = self.tr.message("calendar.federal", country=place)
        return self.tr.message("calendar.law_date", place=place)

    def superseded(self, version: RulesVersion, newer: RulesVersion) -> str:
        """Say when an earlier version was in force, its last day the eve of the next one's."""
        last = newer.effective - dt.timedelta(days=1)
        return self.tr.message(
            "rules.superseded", start=self.date(version.effective), end=self.date(last)
        )

    def what_changed(self, rules: RulesOfEngagement, version: RulesVersion) -> list[str]:
        """Say what a version changed: the firm's list, then the rules added, removed, reworded.

        The pages, the feeds and the notice say the same sentences (rule texts in plain text).
        """
        diff = rules.compare(version)
        lines = [self.tr.text(change) for change in version.changes]
        for key, changed in (
            ("rules.added_line", diff.added),
            ("rules.removed_line", diff.removed),
            ("rules.reworded_line", diff.reworded),
        ):
            for rule in changed:
                lines.append(self.tr.message(key, rule=markdown_plain(self.tr.text(rule.text))))
        return lines

    def date(self, value: dt.date) -> str:
        """Format a date in full for the language, e.g. "September 1, 2026"."""
        return self.fmt.date(value)

    def day(self, value: dt.date) -> str:
        """Format a due date with its weekday, e.g. "Tue, Nov 10"."""
        return self.fmt.day(value)


def _reasons(occ: Occurrence, tr: Translator, fmt: Formats) -> list[str]:
    """Say each day a date skipped that a reader needs told: the first, and weekday holidays.

    A closure is said once, over the days it covers ("the office is closed 9–20 August
    (August closure)"), and as a closure, not as a holiday.
    """
    reasons = []
    said: set[str] = set()
    for i, skipped in enumerate(occ.skipped):
        if skipped.closure and skipped.name is not None:
            if skipped.name not in said:
                said.add(skipped.name)
                days = [s.day for s in occ.skipped if s.closure and s.name == skipped.name]
                dates = fmt.span(min(days), max(days)) if len(days) > 1 else fmt.prose_date(days[0])
                reasons.append(tr.message("calendar.is_closure", dates=dates, name=skipped.name))
            continue
        day = fmt.prose_date(skipped.day, year=i == 0)
        if i == 0 or (skipped.name is not None and skipped.day.weekday() < 5):
            if skipped.name:
                reasons.append(tr.message("calendar.is_holiday", date=day, name=skipped.name))
            elif skipped.name == "" and skipped.day.weekday() < 5:
                reasons.append(tr.message("calendar.is_public_holiday", date=day))
            else:
                weekday = fmt.weekday(skipped.day)
                reasons.append(tr.message("calendar.is_weekend", date=day, weekday=weekday))
    return reasons
