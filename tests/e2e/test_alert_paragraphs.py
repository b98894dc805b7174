"""An alert of several paragraphs stacks them: Utrecht's alert is a flex row (for an icon the
portal does not use), so the failed import's "Foutenrapport downloaden (CSV)" sat right after
"…niets opgeslagen." on the same line, without a space."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PARAGRAPHS = """() => [...document.querySelectorAll(".utrecht-alert > .utrecht-paragraph")]
  .map((p) => { const r = p.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; })"""


def test_the_error_report_link_is_below_the_alert_text(e2e, dataset):
    from buildings.models import ImportJob

    job = ImportJob.objects.create(
        file="imports/x.csv",
        created_by=dataset.officer,
        status="failed",
        errors=[{"row": 1, "field": "note", "code": "too_long", "reason": "Te lang."}],
    )
    e2e.sign_in("utrecht.ambtenaar")
    e2e.goto(f"/importeren/{job.pk}")
    first, link = e2e.page.evaluate(PARAGRAPHS)
    e2e.screenshot("import-job-failed")
    assert link["top"] >= first["bottom"], (first, link)
