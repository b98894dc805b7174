"""What a process keeps of what its views built (querysets, compiled statements, table rows),
under keys that name everything it depends on, usually with the version of the data: reused by
later requests, never shared between processes (what must be goes into Django's cache)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

# How many built objects a process keeps. An area page keeps about seven (its area, key figures,
# counts, series, child rows and their HTML): the country's 400 area pages keep some 2,700, about
# 16 MB. With 256 they pushed each other out and every visit rebuilt them (a third more CPU per
# area page, docs/benchmarks.md, "Load").
KEPT_OBJECTS = 4096


class KeptObjects:
    """Built objects by key, the least recently used dropped beyond `size`; shared by the
    process's threads. What is kept must not change afterwards."""

    def __init__(self, size: int = KEPT_OBJECTS) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            built = self._items.get(key)
            if built is not None:
                self._items.move_to_end(key)
            return built

    def put(self, key: Hashable, built: Any) -> None:
        with self._lock:
            self._items[key] = built
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


kept_objects = KeptObjects()
