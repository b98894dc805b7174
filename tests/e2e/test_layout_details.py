"""Layout details of the portal's own CSS over Utrecht's components, in the browser."""

import pytest

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
