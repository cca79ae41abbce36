"""SQL statements per page, counted in-process (Flask test client + a ``before_cursor_execute`` listener)."""
from __future__ import annotations

import re

import sqlalchemy as sa
from flask import has_app_context

from bench.load import CSRF_RE
from bench.pages import Page, routed


class StatementCounter:
    def __init__(self, engine):
        self.engine = engine
        self.statements: list[str] = []
        self.active = False
        sa.event.listen(engine, "before_cursor_execute", self._on)

    def _on(self, conn, cursor, statement, parameters, context, executemany):
        if self.active:
            self.statements.append(statement)

    def remove(self):
        sa.event.remove(self.engine, "before_cursor_execute", self._on)


def login(client, username: str, password: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    m = CSRF_RE.search(page)
    data = {"username": username, "password": password}
    if m:
        data["csrf_token"] = m.group(1) or m.group(2)
    response = client.post("/login", data=data)
    if response.status_code != 302:
        raise RuntimeError(f"in-process login as {username}: HTTP {response.status_code}")


def count_pages(app, pages: list[Page], ctx, users: dict, password: str) -> dict:
    """``{page key: {"status", "queries", "statements"}}``; the second request of each page is counted
    (the first warms per-process caches, as a running server would have)."""
    from extensions import db

    out: dict = {}
    # No app context is held around the requests: each request gets its own (and its own ``g``), as in
    # a server; holding one would let ``g`` caches and the logged-in user leak from one request to the next.
    with app.app_context():
        engine = db.engine
    counter = StatementCounter(engine)
    try:
        clients: dict = {}
        for page in pages:
            path = page.path(ctx)
            if not routed(app, path):
                out[page.key] = {"status": None, "queries": None, "missing": True}
                continue
            if page.user not in clients:
                client = app.test_client()
                if page.user:
                    login(client, users[page.user], password)
                clients[page.user] = client
            client = clients[page.user]
            try:
                client.get(path, headers=page.headers)
            except Exception as exc:  # noqa: BLE001 - under TESTING the view's exception reaches us
                out[page.key] = {"status": f"exception: {exc.__class__.__name__}: {exc}", "queries": None, "statements": []}
                continue
            if has_app_context():
                # Under a held app context (pytest) the session, and its identity map, would outlive the
                # request: start the counted request from an empty one, as a server request does.
                db.session.remove()
            counter.statements.clear()
            counter.active = True
            try:
                response = client.get(path, headers=page.headers)
            finally:
                counter.active = False
            out[page.key] = {
                "status": response.status_code,
                "queries": len(counter.statements),
                "statements": [_short(s) for s in counter.statements],
            }
    finally:
        counter.remove()
    return out


def _short(statement: str) -> str:
    return re.sub(r"\s+", " ", statement).strip()[:240]


def main(argv=None) -> int:
    """``python -m bench.querycount --db sqlite [--page item] [-v]``: statements per page on the seeded databases."""
    import argparse
    import collections
    import json
    import os

    from bench.pages import PAGES
    from bench.run import DATA, make_ctx
    from bench.seed import make_app

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--sizes", default="500,50000")
    parser.add_argument("--page", action="append")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    pages = [p for p in PAGES if not args.page or p.key in args.page]
    results = {}
    for size in args.sizes.split(","):
        with open(os.path.join(DATA, f"{args.db}-{size}.json"), encoding="utf-8") as fh:
            meta = json.load(fh)
        app = make_app(meta["url"])
        results[size] = count_pages(app, pages, make_ctx(meta), meta["users"], meta["password"])
    for page in pages:
        counts = " / ".join(f"{results[s][page.key].get('queries')}" for s in results)
        print(f"{page.key:12} {counts}   (HTTP {' / '.join(str(results[s][page.key].get('status')) for s in results)})")
        if args.verbose:
            last = list(results)[-1]
            for text, n in collections.Counter(s[:150] for s in results[last][page.key].get("statements", [])).most_common():
                print(f"    {n:3} × {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
