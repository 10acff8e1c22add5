-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- No planner statistics of the tables row-level security hides rows of:
-- run by `probity-cli db init` (a superuser) every time, after the
-- schema, so that a column or index a later version adds is covered too.
--
-- The planner reads pg_statistic for any table a query names, with or
-- without the privilege to read it, and debug_print_plan (which anyone
-- may set) prints its estimates before the executor refuses the query:
-- the most common values and histogram bounds of events.case_id bisected
-- the ids of the busiest cases of every team, and those of cases.team,
-- case_list.status and the like counted another team's cases (review-h6
-- G17-4). With a statistics target of 0 ANALYZE, autovacuum's too, keeps
-- nothing of a column (nor of an index's expression), and what an
-- earlier ANALYZE kept is deleted here. The planner then uses its
-- default selectivities and each table's size (pg_class.reltuples, which
-- the README's Limits name); the case list's plans keep their indexes.

DO $hide$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT c.oid::regclass AS t, a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
            WHERE c.relnamespace = 'probity'::regnamespace AND c.relrowsecurity
              AND a.attnum > 0 AND NOT a.attisdropped AND a.attstattarget <> 0
  LOOP
    EXECUTE format ('ALTER TABLE %s ALTER COLUMN %I SET STATISTICS 0', r.t, r.attname);
  END LOOP;
  -- An index keeps statistics of its expressions (lower (name), the
  -- words of answers and file names) as a table does of its columns.
  FOR r IN SELECT i.indexrelid::regclass AS ix, a.attnum FROM pg_index i
             JOIN pg_class c ON c.oid = i.indrelid
             JOIN pg_attribute a ON a.attrelid = i.indexrelid
            WHERE c.relnamespace = 'probity'::regnamespace AND c.relrowsecurity
              AND a.attnum > 0 AND i.indkey[a.attnum - 1] = 0 AND a.attstattarget <> 0
  LOOP
    EXECUTE format ('ALTER INDEX %s ALTER COLUMN %s SET STATISTICS 0', r.ix, r.attnum);
  END LOOP;
  IF EXISTS (SELECT 1 FROM pg_statistic_ext x JOIN pg_class c ON c.oid = x.stxrelid
              WHERE c.relnamespace = 'probity'::regnamespace AND c.relrowsecurity) THEN
    RAISE EXCEPTION 'statistics.sql: extended statistics on a table that hides rows';
  END IF;
END
$hide$;

DELETE FROM pg_statistic s
 WHERE s.starelid IN (SELECT c.oid FROM pg_class c
                       WHERE c.relnamespace = 'probity'::regnamespace AND c.relrowsecurity
                      UNION ALL
                      SELECT i.indexrelid FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
                       WHERE c.relnamespace = 'probity'::regnamespace AND c.relrowsecurity);
