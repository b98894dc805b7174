"""Servers of the tests' and benchmarks' own, with no Django: a PgBouncer in transaction pooling
(pgbouncer.py) and a streaming replica of a PostgreSQL server (replica.py). `bench` may import
them (`from tests.core.servers.pgbouncer import PgBouncer`)."""
