"""Fixtures for the BAG reader: the Kadaster's real sample files and generated extracts."""

from __future__ import annotations

from pathlib import Path

import pytest

from buildings.bag.generator import Options, write_extract

ROOT = Path(__file__).resolve().parents[3]
# ../shared beside the repository (a clone, CI) or beside the worktrees' folder (a worktree)
_CANDIDATES = (ROOT.parent / "shared", ROOT.parent.parent / "shared")


@pytest.fixture(scope="session")
def bag_samples() -> Path:
    """../shared/data/bag: real LVBAG 2.0 files, read in place (never copied into the repo)."""
    for shared in _CANDIDATES:
        if (shared / "data" / "bag").is_dir():
            return shared / "data" / "bag"
    pytest.skip("the Kadaster's sample files are not at ../shared/data/bag (../shared is absent)")


SMALL = Options(units=150, office_share=0.3)


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A small generated extract with every case, in each layout."""
    base = tmp_path_factory.mktemp("bag")
    return {
        layout: write_extract(base / layout, SMALL, layout) for layout in ("zip", "folder", "gpkg")
    }
