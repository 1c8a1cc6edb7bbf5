"""`handbook init --country PL`: a segment per Polish client type, each with the dates of its type.

Who files what, from the law (the pack's comments cite each article):
- every JDG on skala, liniowy or ryczałt pays its own ZUS by the 20th (sus art. 47 ust. 1 pkt 4)
  and settles the year's health contribution in April's DRA, by 20 May;
- skala files PIT-36 (PIT art. 45 ust. 1), liniowy PIT-36L (art. 45 ust. 1a), both pay
  monthly advances by the 20th (art. 44 ust. 6), keep a KPiR and so take stock on 31 December,
  and send it as JPK_PKPIR by the return's deadline (art. 24a ust. 1e);
- ryczałt files PIT-28 and pays ryczałt by the 20th for January-November, December's with
  the return (uzpd art. 21 ust. 1 and 2), and sends its records as JPK_EWP by then;
- VAT is monthly (JPK_V7M, VAT art. 99 ust. 1) unless a client opts for quarters: the pack
  ships the quarterly entries switched off, for a group of their own;
- a sp. z o.o. pays CIT advances (CIT art. 25), files CIT-8 and JPK_CIT (art. 27 ust. 1,
  art. 9 ust. 1c), draws up, approves and files its financial statements with the KRS (UoR
  art. 52, 53, 69), and as a legal person pays ZUS by the 15th (sus art. 47 ust. 1 pkt 3);
- an employer pays wages by the 10th (KP art. 85), PIT withheld by the 20th (PIT art. 38),
  PPK by the 15th, files PIT-4R and PIT-11 (art. 38 ust. 1a, art. 39 ust. 1): the employers'
  group is for natural persons and partnerships (ZUS by the 20th); a company's payroll is in
  its own group, with ZUS by the 15th.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from handbook.calendar.duedates import FIRM, Schedule, schedule
from handbook.commands.cli import cli
from handbook.input.config import load_firm
from handbook.model import FirmConfig

VAT_MONTHLY = {"dokumenty-miesieczne", "jpk-v7m", "ksef-najmniejsi"}
JDG = {"skladki-zus", "zdrowotna-roczna", "dokumenty-roczne"}
PAYER = {"zaliczka-pit-pracownicy", "ppk", "pit-4r", "pit-11-urzad", "pit-11-pracownicy"}
PAYER |= {"wyplata-wynagrodzen", "dokumenty-kadrowe"}
LAW = {
    "jdg-skala": JDG | VAT_MONTHLY | {"zaliczka-pit", "pit-36", "jpk-pkpir", "spis-z-natury"},
    "jdg-liniowy": JDG | VAT_MONTHLY | {"zaliczka-pit", "pit-36l", "jpk-pkpir", "spis-z-natury"},
    "jdg-ryczalt": JDG | VAT_MONTHLY | {"ryczalt", "pit-28", "jpk-ewp"},
    "spolki": VAT_MONTHLY
    | PAYER
    | {"skladki-zus-osoby-prawne", "zaliczka-cit", "cit-8", "jpk-cit"}
    | {"sprawozdanie-sporzadzenie", "sprawozdanie-zatwierdzenie", "sprawozdanie-krs"},
    "pracodawcy": PAYER | {"skladki-zus"},
}
"""Each client type's deadlines, from the law (see the module docstring)."""
VAT = {"jpk-v7m", "jpk-v7k", "jpk-v7k-ewidencja"}
Pack = tuple[dict[str, Any], FirmConfig, Schedule]


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    """The PL starter as `init` writes it and `check` accepts it, with 2027-2029 scheduled."""
    project = tmp_path_factory.mktemp("pl") / "firm"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(project), "--country", "PL"]).exit_code == 0
    checked = runner.invoke(cli, ["check", "-c", str(project / "firm.yaml")])
    assert checked.exit_code == 0, checked.output
    assert "5 segments" in checked.output
    raw = yaml.safe_load((project / "firm.yaml").read_text(encoding="utf-8"))
    firm, _ = load_firm(project / "firm.yaml")
    firm = firm.model_copy(
        update={"calendar": firm.calendar.model_copy(update={"horizon_months": 36})}
    )
    return raw, firm, schedule(firm, dt.date(2027, 1, 1))


def _segment_dates(firm: FirmConfig, plan: Schedule, slug: str) -> list[tuple[str, dt.date]]:
    segment = next(s for s in firm.segments if s.slug == slug)
    return [(o.deadline.slug, o.due) for o in plan.for_deadlines(segment.deadlines)]


def test_each_segment_has_exactly_the_deadlines_of_its_client_type(pack: Pack) -> None:
    raw, firm, _ = pack
    assert {s.slug: set(s.deadlines) for s in firm.segments} == LAW
    used = set().union(*LAW.values())
    assert {d["slug"] for d in raw["deadlines"]} == used, "no deadline only on the firm calendar"
    assert {p for s in firm.segments for p in s.packages} == {p.slug for p in firm.packages}
    assert {v for s in firm.segments for v in s.videos} == {v.slug for v in firm.videos}


def test_one_vat_cadence_per_segment_and_one_vat_entry_per_day(pack: Pack) -> None:
    _, firm, plan = pack
    for segment in firm.segments:
        vat = VAT & set(segment.deadlines)
        assert vat in (set(), {"jpk-v7m"}, {"jpk-v7k", "jpk-v7k-ewidencja"}), segment.slug
        dates = _segment_dates(firm, plan, segment.slug)
        per_day = Counter(due for slug, due in dates if slug in VAT)
        assert all(n == 1 for n in per_day.values()), (segment.slug, per_day.most_common(2))
        if vat:
            assert len(per_day) == 36, segment.slug  # every month of 2027-2029, once


def test_every_date_says_whose_it_is_and_every_statutory_one_cites_isap(pack: Pack) -> None:
    raw, _, _ = pack
    for deadline in raw["deadlines"]:
        assert deadline["set_by"] in ("firm", "PL"), deadline["slug"]
        if deadline["set_by"] == "PL":
            basis = deadline["legal_basis"]
            assert basis["text"].strip(), deadline["slug"]
            assert basis["url"].startswith("https://isap.sejm.gov.pl/"), deadline["slug"]
        else:
            assert "legal_basis" not in deadline, deadline["slug"]


def test_dates_a_firm_would_check_first(pack: Pack) -> None:
    _, firm, plan = pack
    ryczalt = [due for slug, due in _segment_dates(firm, plan, "jdg-ryczalt") if slug == "ryczalt"]
    assert all(due.month != 1 for due in ryczalt), "December's ryczałt is paid with the PIT-28"
    assert len(ryczalt) == 33
    pay = [due for slug, due in _segment_dates(firm, plan, "pracodawcy") if slug.startswith("wyp")]
    # 10 Jan 2027 is a Sunday: wages are paid the working day before (KP art. 85 § 3).
    assert pay[:2] == [dt.date(2027, 1, 8), dt.date(2027, 2, 10)]
    returns = {o.deadline.slug: o for o in plan.occurrences if o.due.year == 2028}
    for slug in ("pit-36", "pit-36l", "pit-28"):  # 30 Apr 2028 Sunday, 1 May holiday
        window = (returns[slug].opens, returns[slug].due)
        assert window == (dt.date(2028, 2, 15), dt.date(2028, 5, 2)), slug
    spolka = _segment_dates(firm, plan, "spolki")
    # Accounting-act dates never move (MF); JPK_CIT follows the CIT-8, which does.
    assert ("sprawozdanie-zatwierdzenie", dt.date(2029, 6, 30)) in spolka
    assert ("sprawozdanie-krs", dt.date(2029, 7, 15)) in spolka
    assert ("cit-8", dt.date(2029, 4, 3)) in spolka and ("jpk-cit", dt.date(2029, 4, 3)) in spolka
    ksef = [o for o in plan.occurrences if o.deadline.slug == "ksef-najmniejsi"]
    assert [(o.due, o.whose) for o in ksef] == [(dt.date(2027, 1, 1), "PL")]


def test_polish_days_off_are_nationwide_and_include_christmas_eve(pack: Pack) -> None:
    raw, firm, plan = pack
    assert "region" not in raw["locale"] and firm.locale.country == "PL"
    for year in (2027, 2028, 2029):
        assert plan.calendar.holiday(dt.date(year, 12, 24)), year  # Wigilia, a day off since 2025
    assert {o.whose for o in plan.occurrences} == {FIRM, "PL"}


def test_a_quarterly_vat_group_made_as_the_pack_says_has_one_vat_entry_a_day(
    tmp_path: Path,
) -> None:
    project = tmp_path / "firm"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(project), "--country", "PL"]).exit_code == 0
    path = project / "firm.yaml"
    text = path.read_text(encoding="utf-8")
    # As the comments say: switch the two JPK_V7K entries on, and copy a group for them.
    start, end = text.index("  # - slug: jpk-v7k\n"), text.index("  # KSeF:")
    switched = re.sub(r"(?m)^  # ", "  ", text[start:end])
    segment = text[text.index("  - slug: jdg-liniowy\n") : text.index("  - slug: jdg-ryczalt\n")]
    copy = segment.replace("slug: jdg-liniowy", "slug: jdg-liniowy-kwartalnie").replace(
        "jpk-v7m,", "jpk-v7k, jpk-v7k-ewidencja,"
    )
    text = text[:start] + switched + text[end:]
    text = text.replace("  - slug: jdg-ryczalt\n", copy + "  - slug: jdg-ryczalt\n", 1)
    path.write_text(text, encoding="utf-8")
    checked = runner.invoke(cli, ["check", "-c", str(path)])
    assert checked.exit_code == 0, checked.output
    firm, _ = load_firm(path)
    firm = firm.model_copy(
        update={"calendar": firm.calendar.model_copy(update={"horizon_months": 36})}
    )
    plan = schedule(firm, dt.date(2027, 1, 1))
    vat = [(s, d) for s, d in _segment_dates(firm, plan, "jdg-liniowy-kwartalnie") if s in VAT]
    monthly = [o.due for o in plan.occurrences if o.deadline.slug == "jpk-v7m"]
    # The same 25th and the same roll: the quarterly file is due when the monthly one would be.
    assert [d for _, d in vat] == monthly
    assert [s for s, d in vat if d.year == 2027][:4] == [
        "jpk-v7k",
        "jpk-v7k-ewidencja",
        "jpk-v7k-ewidencja",
        "jpk-v7k",
    ]
