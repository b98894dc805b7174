"""Benchmarks of the covenant engine (issue 3, item 8), run with `make bench`.

Each benchmark times what the portal runs (the candidate) against a hand-written SQL baseline
that computes the same result, in the same run, interleaved (bench.harness), and checks that both
results are equal:

- flags: the flag job (`structural_vacancy_flags_update`) on the dataset's last quarter end,
  from a state without flags and rolled back, against one SELECT of the buildings that meet the
  covenant rule on that date; the flagged sets (with vacant_since) must be identical.
- series: `area_vacancy_series` of every office region from 2008 to today against one statement
  computing the same ten figures for every region and quarter end.
- import: `vacancy_records_import` of 100,000 records (rolled back; timed through the deferred
  foreign-key checks a commit runs) against a COPY of the same rows into the records table itself
  with its indexes, constraints and triggers (what writing the rows costs at all; the floor of
  issue 17, docs/adr/0009; a bare COPY into a plain table is noted beside it); and the import's
  peak Python memory for a tenth of the rows.
- dashboard (bench.dashboard): the national overview and a province page through Django's test
  Client as officers, with an empty cache each round, against the page's own SQL (captured once)
  run directly plus its template rendered from the prepared context; the HTML must be equal.
- sessions (bench.sessions): a login (POST /inloggen) against the password hasher's verify of
  the same hash, and a language switch (POST /i18n/setlang/, followed) against a plain GET of
  the page it lands on.
- children (bench.children): the child-area tables of the nation and of Noord-Holland as the
  page computes them (one grouped query, the rows, their template) against the same SQL run
  directly plus the same template rendered from the prepared rows; the HTML must be equal.

Apart from these, `make bench-bag` (bench.bag_import, issue 13): the BAG import of a generated
500,000-unit municipal extract against a bare iterparse pass over the same files, and its peak
memory at 50,000 and 500,000 units; bench.bag_floor times the reader alone.

Datasets: the national demo dataset in the development database (default), or with `--scale N`
a generated one (bench.dataset) in a database of its own on the same server.
"""
