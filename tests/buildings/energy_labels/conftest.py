"""Helpers for the energy label import tests: files written by the project's generator."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from buildings.ep_online.generator import Row, write_file

_names = itertools.count()


@pytest.fixture
def ep_file(tmp_path: Path) -> Callable[..., Path]:
    """`ep_file(rows, **write_file options)`: a new monthly file in tmp_path."""

    def write(rows: list[Row], **options: object) -> Path:
        suffix = ".zip" if options.get("zipped") else ".csv"
        return write_file(tmp_path / f"ep-{next(_names)}{suffix}", rows, **options)

    return write
