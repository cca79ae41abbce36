"""Process settings for a long-running server (``wsgi.py``), not for tests or commands."""
from __future__ import annotations

import gc

# Python's cyclic garbage collector, as shipped, runs a young collection every 700 new objects and a full one every
# 100 of those; a page that builds a few thousand ORM objects and template values then spends a good part of its time
# in collections, and a full collection over the whole application (SQLAlchemy mappers, Jinja templates, …) now and
# then adds 60–190 ms to an unlucky request (measured in-process on the 50,000-item benchmark database). The objects
# that exist once the application is built live as long as the process: ``freeze`` takes them out of every collection.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc(thresholds: tuple[int, int, int] = GC_THRESHOLDS) -> None:
    """Freeze what exists now (the application, once built) and collect young objects less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*thresholds)
