"""Layout details of the portal's own CSS over Utrecht's components, in the browser: headings on a
phone wrap between words, a select shows that it drops down, a row's header cell is underlined as
its data cells are, and the filters' buttons stand clear of the filter box."""

import io

import pytest
from PIL import Image

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONES = (320, 390)

# Every word of a heading that lies on two lines, except where it breaks after a hyphen written in
# it ("Noord-|Holland") or a soft hyphen. The test browser has no hyphenation dictionary (Chromium
# fetches them as a component, and conftest turns component updates off), so every other break
# inside a word is one without a hyphen.
SPLIT_WORDS = r"""() => {
  const split = [];
  for (const heading of document.querySelectorAll("h1, h2, h3")) {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.textContent.matchAll(/\S+/g)) {
        let previous = null;
        for (let i = 0; i < word[0].length; i++) {
          const range = document.createRange();
          range.setStart(node, word.index + i);
          range.setEnd(node, word.index + i + 1);
          const box = [...range.getClientRects()].find((r) => r.width > 0);
          if (!box) continue;
          const newLine = previous !== null && box.top > previous.top + previous.height / 2;
          if (newLine && !/[-\u00ad]/.test(word[0][i - 1])) {
            split.push(`${word[0].slice(0, i)}|${word[0].slice(i)}`);
          }
          previous = box;
        }
      }
    }
  }
  return split;
}"""


def test_headings_wrap_between_words_on_a_phone(e2e, dataset):
    """Long Dutch compounds ("Leegstandsregistraties", "Kantoorontwikkelingen") were cut
    anywhere on a phone: the h1 was wider than the screen for them, and the body's break-word
    broke them where the line ended."""
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    paths = (
        "/plannen",
        "/ontwikkelingen",
        "/importeren",
        "/leegstandwet",
        "/provincies/PV26",
        "/kantorenregios/utrecht",
        "/gemeenten/GM0344",
        f"/gebouwen/{dataset.flagged.bag_id}",
    )
    found = {}
    for width in PHONES:
        page.set_viewport_size({"width": width, "height": 844})
        for path in paths:
            assert e2e.goto(path).status == 200, path
            split = page.evaluate(SPLIT_WORDS)
            sizes = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if split or sizes[0] > sizes[1]:
                found[f"{path} at {width} px"] = (split, sizes)
            e2e.screenshot(f"headings-{width}{path.replace('/', '_')}")
    assert not found, found
    # Where the browser knows Dutch, a compound still too long for the line hyphenates.
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.locator("h1").evaluate("(h) => getComputedStyle(h).hyphens") == "auto"


def _dark_pixels(png, *, left, right):
    """How many pixels of the image's columns from `left` to `right` are dark (the indicator's
    chevron is drawn in the text colour on the white control)."""
    image = Image.open(io.BytesIO(png)).convert("L")
    return sum(image.crop((left, 0, right, image.height)).histogram()[:128])


# Each select: its background image, the width its right padding leaves free for the indicator,
# and whether its chosen option's text fits beside it.
SELECTS = """() => [...document.querySelectorAll("select:not([multiple])")].map((select) => {
  const style = getComputedStyle(select);
  const probe = document.createElement("span");
  probe.style.font = style.font;
  probe.style.whiteSpace = "pre";
  probe.style.position = "absolute";
  probe.textContent = select.options[select.selectedIndex].text;
  document.body.append(probe);
  const text = probe.getBoundingClientRect().width;
  probe.remove();
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return {
    name: select.name,
    image: style.backgroundImage,
    padding: parseFloat(style.paddingRight),
    border: parseFloat(style.borderRightWidth),
    fits: text <= room,
  };
})"""


def test_a_select_shows_that_it_drops_down(e2e, dataset):
    """Utrecht's select takes the browser's arrow away (appearance: none) and draws the one its
    theme's token names; without the token the filters' selects looked like text boxes."""
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        e2e.goto("/gebouwen")
        selects = page.evaluate(SELECTS)
        assert len(selects) > 5, selects  # the language and the filters
        for found in selects:
            # Inline, so that the CSP's img-src 'self' data: allows it and nothing is fetched.
            assert found["image"].startswith('url("data:image/svg+xml'), found
            assert found["fits"], found
        province = page.get_by_label("Provincie", exact=True)
        found = next(s for s in selects if s["name"] == "province")
        png = province.screenshot()
        right = Image.open(io.BytesIO(png)).width - round(found["border"])
        assert _dark_pixels(png, left=right - round(found["padding"]), right=right) > 10
        e2e.screenshot(f"select-indicator-{width}")
    # Forced colours drop background images: the browser's own arrow comes back.
    page.emulate_media(forced_colors="active")
    assert (
        page.get_by_label("Provincie", exact=True).evaluate("(s) => getComputedStyle(s).appearance")
        == "auto"
    )


# Per body row of the page's tables: the distinct bottom borders of its cells (th and td).
ROW_BORDERS = """() => [...document.querySelectorAll("main table tbody tr")].map((row) => [
  ...new Set([...row.cells].map((cell) => {
    const style = getComputedStyle(cell);
    return `${style.borderBottomWidth} ${style.borderBottomStyle} ${style.borderBottomColor}`;
  })),
])"""


def test_a_rows_header_cell_is_underlined_as_its_data_cells(e2e, dataset):
    """The child-area tables name each area in a row header (th): Utrecht's table underlines td
    cells only, so the name column had no line under it."""
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    uneven = {}
    for path in ("/provincies/PV26", "/kantorenregios/utrecht", "/gemeenten/GM0344"):
        e2e.goto(path)
        rows = page.evaluate(ROW_BORDERS)
        odd = [borders for borders in rows if len(borders) != 1 or borders[0].startswith("0px")]
        if odd:
            uneven[path] = odd[:3]
        e2e.screenshot(f"row-borders{path.replace('/', '_')}")
    e2e.goto("/provincies/PV26")
    assert page.locator(".kt-children__table tbody th").count() > 10  # its municipalities
    assert not uneven, uneven


def test_the_filter_buttons_stand_clear_of_the_filter_box(e2e, dataset):
    """The buttons under the filters stood on the fieldset's bottom edge."""
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    gaps = {}
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/gebouwen", "/fondsen"):
            e2e.goto(path)
            gap = page.locator("form.kt-filters").evaluate(
                """(form) => form.querySelector(".utrecht-button-group").getBoundingClientRect().top
                - form.querySelector("fieldset").getBoundingClientRect().bottom"""
            )
            gaps[f"{path} at {width} px"] = gap
            e2e.screenshot(f"filter-buttons-{width}{path.replace('/', '_')}")
    rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert all(gap >= rem / 2 for gap in gaps.values()), gaps


# Per visible h2 and h3 of the page's content: the gap between its top and the bottom of the
# content above it (the nearest earlier sibling, of the heading or of its ancestors, that is
# visible and lies in the heading's columns; in a two-column grid the other column is beside it).
HEADING_GAPS = """() => {
  const box = (el) => el.getBoundingClientRect();
  const visible = (el) => box(el).width > 1 && box(el).height > 1;
  const gaps = [];
  for (const heading of document.querySelectorAll("main h2, main h3")) {
    if (!visible(heading)) continue;
    const own = box(heading);
    const inColumn = (el) => visible(el) && box(el).left < own.right && own.left < box(el).right;
    let above = null;
    for (let el = heading; !above && el.tagName !== "MAIN"; el = el.parentElement) {
      above = el.previousElementSibling;
      while (above && !inColumn(above)) above = above.previousElementSibling;
    }
    if (above) {
      gaps.push({heading: heading.textContent.trim().slice(0, 40), above: above.className,
                 gap: Math.round(own.top - box(above).bottom)});
    }
  }
  return gaps;
}"""


def test_headings_stand_clear_of_the_content_above_them(e2e, dataset):
    """Utrecht multiplies its components' margins (the theme's tokens: an h2 has 2rem above it) by
    --utrecht-space-around, which is 0 outside its rich text: every heading sat on the paragraph,
    table or form above it, the building's record form touched the records table, and the
    scoreboard's filter box the cards above it."""
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    building = f"/gebouwen/{dataset.flagged.bag_id}"
    close, measured, form_gaps, misaligned = {}, 0, {}, {}
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/gemeenten/GM0344", building, "/leegstandwet"):
            e2e.goto(path)
            gaps = page.evaluate(HEADING_GAPS)
            measured += len(gaps)
            if tight := [gap for gap in gaps if gap["gap"] < rem]:
                close[f"{path} at {width} px"] = tight
            if path == "/gemeenten/GM0344":
                # The date's field keeps no margin below it: its input lines up with "Tonen".
                misaligned[width] = page.locator("form.kt-date-form").first.evaluate(
                    """(form) => form.querySelector("input").getBoundingClientRect().bottom
                    - form.querySelector("button").getBoundingClientRect().bottom"""
                )
            e2e.screenshot(f"heading-gaps-{width}{path.replace('/', '_')}")
        e2e.goto(building)
        form_gaps[f"{building} at {width} px"] = page.locator("#records-heading").evaluate(
            """(heading) => {
              const section = heading.closest("section");
              return section.querySelector(".kt-table-wrap").getBoundingClientRect().top
                - section.querySelector("form fieldset").getBoundingClientRect().bottom;
            }"""
        )
        # The scoreboard's cards and the filter box below them.
        e2e.goto("/convenant")
        form_gaps[f"/convenant at {width} px"] = page.locator("form.kt-filters").evaluate(
            "(form) => form.getBoundingClientRect().top"
            " - document.querySelector('.kt-checks').getBoundingClientRect().bottom"
        )
    assert measured > 20, measured  # the area page's sections, the building's, the register's
    assert not close, close
    assert all(gap >= rem / 2 for gap in form_gaps.values()), form_gaps
    assert all(abs(offset) <= 1 for offset in misaligned.values()), misaligned
