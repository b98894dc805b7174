"""Keep an uploaded register file, import it in the background, record progress and the report.

The same way as the vacancy-record imports (buildings.services.imports): the job row is created
with the file and the task is enqueued when that commits; progress goes through a connection of
its own (JobProgress), so a page can poll it while the import's one transaction is open; the
import, the report's lines and the job's outcome commit together, and a failure is written after
the rollback, so a failed job has written nothing but its one-line error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from buildings.bag.errors import BagError
from buildings.choices import ImportJobStatus, RegisterKind, RegisterLineKind
from buildings.ep_online import EnergyLabelFileError
from buildings.models import RegisterImport, RegisterImportLine
from buildings.selectors.register_imports import summary_counts
from buildings.services.bag_import import BagImportRefused, bag_import
from buildings.services.imports.jobs import JobProgress, job_save
from kantorentop.core.templatetags.dutch import dutch_number
from regions.models import Municipality

logger = logging.getLogger(__name__)

# What each kind accepts: file name endings and the first bytes of each.
SUFFIXES = {RegisterKind.BAG: (".zip", ".gpkg"), RegisterKind.EP_ONLINE: (".csv",)}
_MAGIC = {".zip": b"PK\x03\x04", ".gpkg": b"SQLite format 3\x00"}
_SNIFF_BYTES = 64 * 1024
# The read is the long part of an import; the rules and writes after it get the rest of the bar.
READ_SHARE = 90
LINES_BATCH = 5000


class RegisterUploadRefused(Exception):
    """An upload the portal will not queue (wrong kind of file, too large, outside the user's
    municipality): the message says why, in one line."""


def register_upload_problem(*, kind: str, uploaded_file: Any) -> str | None:
    """Why an uploaded file cannot be imported as `kind`, or None. Reads its first bytes only."""
    name = (getattr(uploaded_file, "name", "") or "").lower()
    suffixes = SUFFIXES[RegisterKind(kind)]
    if not name.endswith(suffixes):
        return _("Choose a file ending in %(endings)s.") % {"endings": ", ".join(suffixes)}
    size = int(getattr(uploaded_file, "size", 0) or 0)
    if size == 0:
        return _("The file is empty.")
    limit = int(settings.REGISTER_UPLOAD_MAX_BYTES)
    if size > limit:
        return _("The file is larger than %(limit)s MB.") % {"limit": limit // 1_000_000}
    uploaded_file.seek(0)
    head = uploaded_file.read(_SNIFF_BYTES)
    uploaded_file.seek(0)
    suffix = next(s for s in suffixes if name.endswith(s))
    if suffix in _MAGIC and not head.startswith(_MAGIC[suffix]):
        return _("This is not a %(ending)s file.") % {"ending": suffix}
    if suffix == ".csv" and (b"\x00" in head or b";" not in head):
        return _("This is not EP-Online's CSV file (semicolon-separated text).")
    return None


@transaction.atomic
def register_import_create(
    *,
    kind: str,
    uploaded_file: Any,
    user: Any,
    municipality: Municipality | None,
    allowed: Iterable[Municipality] | None,
    withdraw_missing: bool = False,
    force: bool = False,
) -> RegisterImport:
    """Keep an uploaded register file and import it in the background (the `imports` queue).

    `allowed` are the municipalities the user may import for (None: any, and the whole file, an
    administrator's right; so is `force`). Raises RegisterUploadRefused with the reason."""
    problem = register_upload_problem(kind=kind, uploaded_file=uploaded_file)
    if problem:
        raise RegisterUploadRefused(problem)
    if allowed is not None and (municipality is None or municipality not in set(allowed)):
        raise RegisterUploadRefused(_("You may import files for your own municipality only."))
    if force and allowed is not None:
        raise RegisterUploadRefused(_("Only an administrator may import an older extract."))
    from buildings.tasks import register_import_job  # tasks import this module

    name = (getattr(uploaded_file, "name", "") or "upload").rsplit("/", 1)[-1]
    is_bag = kind == RegisterKind.BAG
    job = RegisterImport(
        kind=kind,
        original_name=name[:255],
        size_bytes=int(uploaded_file.size),
        municipality=municipality,
        withdraw_missing=withdraw_missing and is_bag,
        force=force and is_bag,
        created_by=user,
    )
    # A temporary upload (Django spooled it to disk) is moved, not copied, into MEDIA_ROOT.
    job.file.save(name, uploaded_file, save=False)
    job.save()
    transaction.on_commit(lambda: register_import_job.delay(job.pk))
    return job


def _percent_writer(progress: JobProgress) -> Callable[[int, int], None]:
    """progress(done, total) of a read as the job's percentage, written when it changes."""
    last = [-1]

    def report(done: int, total: int) -> None:
        percent = min(READ_SHARE, done * READ_SHARE // max(total, 1))
        if percent != last[0]:
            last[0] = percent
            progress.update(progress=percent)

    return report


def _run_bag(job: RegisterImport, path: Path, report: Callable[[int, int], None]) -> dict[str, Any]:
    result = bag_import(
        path=path,
        withdraw_missing=job.withdraw_missing,
        force=job.force,
        municipality=job.municipality.code if job.municipality else None,
        user=job.created_by,
        progress=report,
    )
    missing = "withdrawn" if job.withdraw_missing else "reported"
    return {
        "summary": result.summary,
        "extract_date": result.extract_date,
        "counts": [*summary_counts(result.summary), ("missing", len(result.missing))],
        "skipped": result.skipped,
        "missing": [(bag_id, missing) for bag_id in result.missing],
    }


def _run_ep_online(
    job: RegisterImport, path: Path, report: Callable[[int, int], None]
) -> dict[str, Any]:
    from buildings.services.energy_labels import import_energy_labels  # issue 13 item 4

    result = import_energy_labels(path=path, user=job.created_by, progress=report)
    return {
        "summary": result.summary,
        "extract_date": None,
        "counts": summary_counts(result.summary),
        # The import counts skipped rows per reason (set-based): one report line per reason.
        "skipped": [
            (ngettext("%(n)s row", "%(n)s rows", count) % {"n": dutch_number(count)}, reason)
            for reason, count in sorted(result.skipped.items())
        ],
        "missing": [],
    }


def _refusals(kind: str) -> tuple[type[Exception], ...]:
    """The exceptions with which an import refuses its input in one line."""
    if kind == RegisterKind.BAG:
        return (BagError, BagImportRefused)
    return (EnergyLabelFileError,)


def _lines(job: RegisterImport, outcome: dict[str, Any]) -> Iterable[RegisterImportLine]:
    for line_kind in (RegisterLineKind.SKIPPED, RegisterLineKind.MISSING):
        for reference, reason in outcome[line_kind.value]:
            yield RegisterImportLine(
                register_import=job, kind=line_kind, reference=reference[:64], reason=reason
            )


def register_import_run(*, job: RegisterImport) -> None:
    """Run an uploaded import: the register's import service, then the report and outcome, in
    one transaction. A refused file fails the job with the import's one-line message, any other
    error with a general one (and a log entry); either way nothing was written. The uploaded
    file is removed once the job has finished: the report stays."""
    progress = JobProgress(job)
    run = _run_bag if job.kind == RegisterKind.BAG else _run_ep_online
    try:
        progress.update(status=ImportJobStatus.RUNNING, progress=0)
        with transaction.atomic():
            outcome = run(job, Path(job.file.path), _percent_writer(progress))
            progress.update(progress=READ_SHARE + 5)
            RegisterImportLine.objects.bulk_create(_lines(job, outcome), batch_size=LINES_BATCH)
            job_save(
                job,
                status=ImportJobStatus.SUCCEEDED,
                progress=100,
                summary=outcome["summary"][:255],
                counts=outcome["counts"],
                extract_date=outcome["extract_date"],
                error="",
                finished_at=timezone.now(),
            )
    except Exception as error:
        if isinstance(error, _refusals(job.kind)):
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
        else:
            logger.exception("Register import %s failed", job.pk)
            message = _("The import failed; nothing was written.")
        job_save(job, status=ImportJobStatus.FAILED, error=message, finished_at=timezone.now())
    finally:
        progress.close()
        if job.file:
            job.file.delete(save=False)
            job_save(job, file="")
