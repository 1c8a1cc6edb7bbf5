"""`handbook init`: each country's starter builds cleanly, shows every feature, and explains it.

The starter is what a firm edits first, often with no YAML knowledge: every feature has a
working example in it, every section and term is explained in a comment, and nothing in it
is a note for developers that would end up on the client site.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result

from tests.conftest import TODAY, tree

Run = Callable[..., Result]
COUNTRIES = ["US", "PL", "ES"]
VAT = {"US": None, "PL": ("excluded", 23), "ES": ("excluded", 21)}
"""The VAT treatment of the starter's business packages: none in the US."""
TERMS = [
    "slug",
    "kind",
    "relationship",
    "reminders",
    "roll",
    "set_by",
    "opens",
    "horizon_months",
    "weights",
    "legal_basis",
]
"""Field names that each starter explains in a comment where they are used."""
EXAMPLES = ("website", "closures", "earlier", "referrals", "transcript")
"""Keys of the examples that a starter switches off with `# ` (the firm switches them on)."""


def _init(run: Run, folder: Path, country: str) -> Path:
    result = run("init", folder, "--country", country)
    assert result.exit_code == 0, result.output
    return folder / "firm.yaml"


def _data(firm_yaml: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(firm_yaml.read_text(encoding="utf-8"))
    return data


def test_the_packaged_starter_holds_no_page() -> None:
    """A Markdown file in the starter would become a page of every firm's client site."""
    starter = Path(str(resources.files("handbook"))) / "starter"
    assert not list(starter.rglob("*.md")), "a note in the starter's docs/ is published"


def test_init_says_to_preview_with_serve_and_where(run: Run, tmp_path: Path) -> None:
    result = run("init", tmp_path / "firm")
    assert result.exit_code == 0, result.output
    assert "&& handbook serve" in result.output
    assert "open http://127.0.0.1:8000/ in a browser" in result.output
    assert "site/index.html" not in result.output  # from file:// the first click lists a folder
    assert "replace the sample values (handbook check lists them)" in result.output


@pytest.mark.parametrize("country", COUNTRIES)
def test_init_then_build_warns_only_about_the_samples_and_has_no_developer_pages(
    run: Run, tmp_path: Path, country: str
) -> None:
    project = tmp_path / "firm"
    firm_yaml = _init(run, project, country)
    assert not [p for p in (project / "docs").rglob("*") if p.is_file()]
    check = run("check", "-c", firm_yaml)
    assert check.exit_code == 0, check.output
    warnings = [line for line in check.output.splitlines() if line.startswith("warning:")]
    fields = {re.sub(r"\[\d+\]", "[]", w.split(": ")[2]) for w in warnings[:-1]}
    assert {"site_url", "firm.email", "firm.phone", "team[].email"} <= fields, check.output
    assert any(field.startswith("firm.legal.ids.") for field in fields), check.output
    assert "mkdocs.yml:3:11: site_url: https://example.github.io/handbook/" in check.output
    assert "sample values would reach clients" in warnings[-1]
    # With the samples allowed, the starter builds without a single warning.
    result = run("build", "-c", firm_yaml, "--today", TODAY, "--allow-placeholders")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output.lower(), result.output
    site = project / "site"
    assert (site / "index.html").is_file()
    assert not (site / "about-this-site").exists()
    for page in site.rglob("*.html"):
        assert "About this site" not in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize("country", COUNTRIES)
def test_every_feature_has_a_live_example(run: Run, tmp_path: Path, country: str) -> None:
    data = _data(_init(run, tmp_path / "firm", country))

    legal = data["firm"]["legal"]
    assert legal["form"] and legal["ids"]

    communication = data["communication"]
    assert any(c.get("yearly") is True for c in communication["closures"])
    assert {c["kind"] for c in communication["channels"]} >= {"portal", "email", "phone", "text"}
    assert any(c.get("by_appointment") for c in communication["channels"])
    assert any(not c["allowed"] for c in communication["channels"])

    rules = data["rules"]
    assert rules["version"] and rules["effective"] and rules["rules"]
    assert any(rule.get("video") for rule in rules["rules"])

    offboarding = data["offboarding"]
    assert offboarding["client_notice_days"] != offboarding["firm_notice_days"]
    assert "notice_days" not in offboarding

    packages = {p["slug"]: p for p in data["packages"]}
    assert len(packages) >= 2
    vat = {(p["price"].get("vat"), p["price"].get("vat_rate")) for p in packages.values()}
    if VAT[country] is None:
        assert vat == {(None, None)}
    else:
        assert VAT[country] in vat

    answers = [a for q in data["quiz"] for a in q["answers"]]
    assert answers and all(a.get("weights") for a in answers)
    weighted = {slug for a in answers for slug in a["weights"]}
    assert len(weighted) >= 2 and weighted <= set(packages)
    assert any(w < 0 for a in answers for w in a["weights"].values())  # points taken away

    segments = data["segments"]
    assert any(s.get("communication") for s in segments)
    assert all(s.get("videos") for s in segments)

    videos = data["videos"]
    hosts = r"https://(www\.)?(youtube\.com|youtu\.be|vimeo\.com)/"
    assert any(re.match(hosts, v["url"]) for v in videos)
    how_to = [s.get("how_to_video") for s in data["onboarding"]["systems"]]
    assert set(how_to) & {v["slug"] for v in videos}

    assert data["calendar"]["horizon_months"]

    deadlines = data["deadlines"]
    assert {d.get("roll", "next") for d in deadlines} == {"next", "previous", "none"}
    assert {d.get("set_by") for d in deadlines} >= {"firm", country}
    assert any(d.get("opens") for d in deadlines)
    relative = [d["when"] for d in deadlines if d["when"]["kind"] == "relative"]
    assert any("business_days" in rule for rule in relative)
    assert any("days" in rule for rule in relative)
    assert any(d.get("reminders") for d in deadlines)
    assert any(d.get("legal_basis") for d in deadlines)


@pytest.mark.parametrize("country", COUNTRIES)
def test_every_section_and_term_is_explained(run: Run, tmp_path: Path, country: str) -> None:
    lines = _init(run, tmp_path / "firm", country).read_text(encoding="utf-8").splitlines()
    sections = [i for i, line in enumerate(lines) if re.match(r"[a-z_]+:", line)]
    assert len(sections) == len(_data(tmp_path / "firm" / "firm.yaml"))
    for i in sections:
        assert lines[i - 1].startswith("#"), f"no comment right above line {i + 1}: {lines[i]}"
    notes = "\n".join(line.split("#", 1)[1] for line in lines if "#" in line)
    for term in TERMS:
        assert re.search(rf"\b{term}\b", notes), f"{term} is never explained in a comment"
    assert "docs/" in notes  # where the firm's own pages go
    ids = next(line for line in lines if line.strip().startswith("ids:"))
    assert "#" in ids, "the example tax numbers must say that they are examples"


def _switch_on(text: str) -> str:
    """Delete the `# ` of every switched-off example, as the starter tells the firm to.

    An example starts with a commented key from EXAMPLES and goes on with the commented lines
    below it, at the same indentation, that are indented further or are list items. A
    switched-off closure sits inside the live `closures:` list.
    """
    out: list[str] = []
    indent: int | None = None  # the indentation of the example being switched on
    for line in text.splitlines():
        m = re.match(r"(\s*)# (.*)$", line)
        if m is None:
            indent = None
        elif indent is None and m[2].split(":")[0] in EXAMPLES:
            indent = len(m[1])
        elif indent != len(m[1]) or m[2][:1] not in (" ", "-"):
            indent = None
        if m and (indent is not None or re.match(r"- name: |  (start|end): ", m[2])):
            line = m[1] + m[2]
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("country", COUNTRIES)
def test_switched_off_examples_work_once_switched_on(
    run: Run, tmp_path: Path, country: str
) -> None:
    firm_yaml = _init(run, tmp_path / "firm", country)
    before = _data(firm_yaml)
    firm_yaml.write_text(_switch_on(firm_yaml.read_text(encoding="utf-8")), encoding="utf-8")
    after = _data(firm_yaml)
    assert after["firm"]["website"] and after["rules"]["earlier"]
    assert after["offboarding"]["referrals"] and after["videos"][0]["transcript"]
    assert len(after["communication"]["closures"]) == len(before["communication"]["closures"]) + 1
    result = run("check", "-c", firm_yaml)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("country", COUNTRIES)
def test_init_split_writes_the_same_firm_in_files(run: Run, tmp_path: Path, country: str) -> None:
    """`init --split`: a file per segment and per list, every comment kept, the same site."""
    one, split = tmp_path / "one", tmp_path / "split"
    _init(run, one, country)
    result = run("init", split, "--country", country, "--split")
    assert result.exit_code == 0, result.output
    segments = sorted(p.name for p in (split / "segments").glob("*.yaml"))
    assert len(segments) == len(_data(one / "firm.yaml")["segments"]) >= 4
    for name in ("packages.yaml", "videos.yaml", "deadlines.yaml"):
        assert (split / name).is_file()
        assert f"{name.removesuffix('.yaml')}: !include {name}" in (split / "firm.yaml").read_text()
    comments = {
        line.strip() for line in (one / "firm.yaml").read_text().splitlines() if "# " in line
    }
    moved = "".join(p.read_text() for p in split.rglob("*.yaml") if ".github" not in p.parts)
    assert comments <= {line.strip() for line in moved.splitlines()}
    for folder in (one, split):
        out = run("export", "-c", folder / "firm.yaml", folder / "out", "--today", TODAY)
        assert out.exit_code == 0, out.output
    assert tree(split / "out") == tree(one / "out")
