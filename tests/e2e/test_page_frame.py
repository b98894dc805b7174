"""On a short page the header keeps its own height (it stretched to 240-300 px of empty blue on
the sign-in page at 1280 x 900): the page body is a grid at least as tall as the window, and the
main content, not the header, takes the room left. The footer stays at the bottom."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FRAME = """() => {
  const header = document.querySelector("body > header");
  const footer = document.querySelector("body > footer");
  return {
    header: header.getBoundingClientRect().height,
    // Down to the lowest of the bar's items (the header and its bar are grids that stretch).
    content: Math.max(...[...header.querySelectorAll(":scope > * > *")]
      .map((el) => el.getBoundingClientRect().bottom)) - header.getBoundingClientRect().top,
    footerBottom: footer.getBoundingClientRect().bottom,
    window: window.innerHeight,
  };
}"""


def test_a_short_page_keeps_the_header_at_its_own_height(e2e):
    page = e2e.page
    page.set_viewport_size({"width": 1280, "height": 900})
    e2e.goto("/inloggen")
    frame = page.evaluate(FRAME)
    e2e.screenshot("frame-1280-sign-in")
    assert frame["header"] < 160, frame
    assert frame["header"] - frame["content"] < 24, frame  # the bar's padding, no more
    assert abs(frame["footerBottom"] - frame["window"]) <= 1, frame
