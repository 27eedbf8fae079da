"""The baselines of bench/scale.py: bare Flask apps served by the same gunicorn settings as
`pinbridge api` (``pinbridge.processes.serving.run_gunicorn``: gthread, 4 threads a worker).

Run: python bench/scale_apps.py json|insert --port P --workers 2 [--database-url URL]

- ``json``: answers every request with a small JSON body (the floor of any Flask endpoint); it is
  also the fast loopback webhook receiver of the fan-out benchmark.
- ``insert``: ``POST /rows`` does one INSERT of the request's JSON in its own transaction and
  ``GET /rows/<id>`` one SELECT by primary key, on the same database as PinBridge (the floor of
  a durable accept and of a read by id).
"""

from __future__ import annotations

import argparse
import json
import uuid
from typing import Any

from flask import Flask, jsonify, request
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    MetaData,
    String,
    Table,
    create_engine,
    func,
    insert,
    select,
)

from pinbridge.processes.serving import run_gunicorn

metadata = MetaData()
rows = Table(
    "bench_rows",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("body", JSON),
    Column("created_at", DateTime(timezone=True), server_default=func.now()),
)


def json_app() -> Flask:
    app = Flask("bench-json")

    @app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
    @app.route("/<path:path>", methods=["GET", "POST"])
    def answer(path: str) -> Any:
        request.get_data()
        return jsonify(id="row_0", status="ok"), 200

    return app


def insert_app(database_url: str) -> Flask:
    app = Flask("bench-insert")
    engine = create_engine(database_url, pool_size=8)  # no ping: the floor of a durable accept

    @app.post("/rows")
    def create() -> Any:
        row_id = f"row_{uuid.uuid4().hex}"
        with engine.begin() as conn:
            conn.execute(insert(rows).values(id=row_id, body=request.get_json(force=True)))
        return jsonify(id=row_id, status="queued"), 201

    @app.get("/rows/<row_id>")
    def read(row_id: str) -> Any:
        with engine.connect() as conn:
            row = conn.execute(select(rows).where(rows.c.id == row_id)).first()
        if row is None:
            return jsonify(error={"code": "not_found"}), 404
        return jsonify(id=row.id, body=row.body, created_at=row.created_at.isoformat()), 200

    return app


def create_table(database_url: str) -> str:
    """Creates the table and one row; returns that row's id (the GET target)."""
    engine = create_engine(database_url)
    metadata.create_all(engine)
    row_id = f"row_{uuid.uuid4().hex}"
    with engine.begin() as conn:
        conn.execute(insert(rows).values(id=row_id, body=json.loads('{"title": "seed"}')))
    engine.dispose()
    return row_id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["json", "insert"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url
    factory = json_app if args.kind == "json" else lambda: insert_app(url)
    run_gunicorn(
        factory,
        bind=f"127.0.0.1:{args.port}",
        workers=args.workers,
        log_level="WARNING",
    )


if __name__ == "__main__":
    main()
