"""psycopg2 and SQLAlchemy against mast serve, as Superset and scripts use them.

Usage: psycopg_sqlalchemy.py HOST PORT DBNAME USER PASSWORD SUBJECT KIND,KIND...

Prints one JSON object (see pythonReport in cmd/mast/serve_clients_test.go):
the SQLAlchemy inspector's schemas, tables, views, columns and primary keys,
every event point read through a psycopg2 named (server-side) cursor, and
counts from parameterised queries (psycopg2's %s, SQLAlchemy's :name).
"""
import json
import sys

import psycopg2
import sqlalchemy
from sqlalchemy import create_engine, inspect, text

host, port, dbname, user, password, subject, kinds = sys.argv[1:8]

url = sqlalchemy.engine.URL.create(
    "postgresql+psycopg2", username=user, password=password, host=host, port=int(port), database=dbname)
engine = create_engine(url)
insp = inspect(engine)
out = {}
out["schemas"] = insp.get_schema_names()
out["tables"] = insp.get_table_names(schema="public")
out["views"] = insp.get_view_names(schema="public")
out["columns"] = {
    rel: [[c["name"], str(c["type"])] for c in insp.get_columns(rel, schema="public")]
    for rel in ("events", "event_points", "cell_wedges")
}
out["primary_keys"] = {
    t: insp.get_pk_constraint(t, schema="public")["constrained_columns"] for t in out["tables"]
}
with engine.connect() as c:
    out["subject_rows"] = c.execute(
        text("SELECT count(*) FROM event_points WHERE subject = :s"), {"s": subject}).scalar()
engine.dispose()

conn = psycopg2.connect(host=host, port=port, dbname=dbname, user=user, password=password, application_name="psycopg2")
try:
    cur = conn.cursor()
    out["kinds"] = {}
    for kind in kinds.split(","):
        cur.execute("SELECT count(*) FROM events WHERE kind = %s", (kind,))
        out["kinds"][kind] = cur.fetchone()[0]
    cur.close()
    named = conn.cursor(name="mast_points")  # DECLARE "mast_points" CURSOR WITHOUT HOLD FOR ...
    named.itersize = 500
    named.execute("SELECT event_id, at_end, subject, kind FROM event_points ORDER BY event_id, at_end")
    out["named_cursor"] = [[r[0], r[1], r[2], r[3]] for r in named]
    named.close()
    conn.commit()
finally:
    conn.close()

json.dump(out, sys.stdout)
print()
