"""Brand colours: text colours and link colours always meet WCAG AA contrast."""

from __future__ import annotations

import pytest

from handbook.model.firm import Branding
from handbook.pages.brand import WHITE, contrast, css, darken_until, readable_on


def test_contrast_matches_wcag_reference_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("primary", ["#1f4e79", "#ffd54f", "#4051b5", "#00bcd4", "#ff0000", "#fff"])
def test_text_on_primary_and_links_are_readable(primary: str) -> None:
    assert contrast(readable_on(primary), primary) >= 4.5
    assert contrast(darken_until(primary, WHITE), WHITE) >= 4.5


def test_css_sets_material_variables_from_firm_colours() -> None:
    sheet = css(Branding(primary_color="#1F4E79", accent_color="#c2410c"))
    assert "--md-primary-fg-color: #1f4e79;" in sheet
    assert "--md-primary-bg-color: #ffffff;" in sheet


@pytest.mark.parametrize("primary", ["#1e4d5c", "#ffd54f", "#00bcd4", "#fff"])
def test_headings_and_outlined_buttons_take_the_brand_colour_at_aa(primary: str) -> None:
    sheet = css(Branding(primary_color=primary, accent_color="#c2410c"))
    heading = sheet.split("--hb-heading: ")[1].split(";")[0]
    assert contrast(heading, WHITE) >= 4.5
    if contrast(primary, WHITE) >= 4.5:
        assert heading == primary
