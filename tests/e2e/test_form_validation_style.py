"""A required field that is still empty does not look like an error before the user has touched
it (the NL Design System colours :invalid; the portal waits for :user-invalid)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BORDER = "el => getComputedStyle(el).borderTopColor"
ERROR_COLOUR = """() => {
    const probe = document.createElement('span');
    probe.style.color = 'var(--kt-color-error)';
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
}"""


def test_an_empty_required_field_turns_red_only_after_interaction(e2e, dataset):
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    e2e.goto("/signaleringen")
    page.locator("details summary").first.click()
    # The first active flag's reason (the dataset's only flag), found by its field, not its pk.
    reason = page.locator("main textarea[name=reason]").first
    expect(reason).to_be_visible()
    error = page.evaluate(ERROR_COLOUR)
    assert reason.evaluate("el => el.required && !el.validity.valid")
    untouched = reason.evaluate(BORDER)
    assert untouched != error
    e2e.screenshot("flags-dismiss-untouched")

    reason.fill("x")
    reason.fill("")
    reason.blur()
    page.locator("main").click(position={"x": 5, "y": 5})
    assert reason.evaluate(BORDER) == error
