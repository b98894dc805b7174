"""Load test (issue 7, item 4): gunicorn with two workers serving the national demo dataset, and a
load generator on loopback written with the standard library only (threads and http.client).

`python -m bench.load` (or `make prove`):

1. a fresh database `kantorentop_load` on the embedded server, migrated and loaded with the
   national demo dataset (`load_demo_data`), so the plans it receives are counted exactly and the
   development database stays as it was;
2. a national read-only API key from `manage.py create_api_client`;
3. gunicorn (`--workers 2`) in production settings (DJANGO_DEBUG=0, secure cookies, the SSL
   redirect; the generator sends `X-Forwarded-Proto: https` as the reverse proxy of
   docs/operations.md would), without REDIS_URL (local-memory cache per worker, tasks in-process);
4. reads: 50 concurrent users for 60 seconds, a third each anonymous visitors, signed-in officers
   and API clients, mixing the dashboard pages and API reads (bench.load.scenarios), each user
   waiting a random 0.5-1.5 s between requests; every answer must be a 200;
5. writes: 1,000 plan submissions from 50 concurrent investors through the portal (the path
   investors use: an API key is a provincial or national system, not a member of an owner
   organisation): the plan form, then "submit"; afterwards the database must hold exactly 1,000
   new plans, all submitted, each once, and no request may have answered a 5xx;
6. the results into docs/benchmarks.md ("Load" section).
"""
