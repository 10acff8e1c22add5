-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- For tests/test-pg-h6.sh, run by the superuser with -v prober=ROLE: what
-- the prober may not see, as probe targets. Every index of every table
-- under row-level security in schema probity (from the catalog), with a
-- row the prober cannot see, gives "tbl|idx|k|cond|hit|miss|updcol":
-- cond fixes the index's first k-1 key columns to that row's values and
-- compares the k-th to :'v'; hit is the row's value, miss one no row has
-- (as long, where text). The rows the prober sees are read as they would
-- read them (SET SESSION AUTHORIZATION; through the gate's role where
-- schema 16 has one), in a transaction rolled back.
\set ON_ERROR_STOP 1
BEGIN;
CREATE TEMP TABLE vis (tbl oid, r jsonb);
GRANT ALL ON vis TO PUBLIC;
SELECT to_regrole ('probity_gate') IS NOT NULL AS gated \gset
\if :gated
GRANT probity_gate TO :"prober";
\endif
SET SESSION AUTHORIZATION :"prober";
\if :gated
SET ROLE probity_gate;
\endif
DO $$
DECLARE
  t oid;
BEGIN
  FOR t IN SELECT c.oid FROM pg_class c
            WHERE c.relnamespace = 'probity'::regnamespace AND c.relkind IN ('r', 'p') AND c.relrowsecurity
  LOOP
    BEGIN
      EXECUTE format ('INSERT INTO pg_temp.vis SELECT %s, to_jsonb (x) - ''content'' FROM %s x', t, t::regclass);
    EXCEPTION WHEN insufficient_privilege THEN
      NULL;
    END;
  END LOOP;
END
$$;
RESET ROLE;
RESET SESSION AUTHORIZATION;
SELECT set_config ('h6.prober', :'prober', true) \gset
CREATE TEMP TABLE targets (tbl text, idx text, k int, cond text, hit text, miss text, updcol text);
DO $$
DECLARE
  i record;
  k int;
  h jsonb;
  where_hidden text;
  cond text;
  cand text;
  miss text;
  found_miss boolean;
  updcol text;
  prober text := current_setting ('h6.prober');
BEGIN
  FOR i IN SELECT x.indrelid::regclass AS tbl, x.indexrelid::regclass AS idx, x.indnkeyatts AS nk,
                  pg_get_expr (x.indpred, x.indrelid) AS pred,
                  ARRAY (SELECT a.attname::text FROM generate_series (0, x.indnkeyatts - 1) g
                           JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[g] ORDER BY g) AS cols,
                  ARRAY (SELECT format_type (a.atttypid, a.atttypmod) FROM generate_series (0, x.indnkeyatts - 1) g
                           JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[g] ORDER BY g) AS types
             FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid
            WHERE c.relnamespace = 'probity'::regnamespace AND c.relrowsecurity AND x.indexprs IS NULL
            ORDER BY 1, 2
  LOOP
    SELECT a.attname INTO updcol FROM pg_attribute a
     WHERE a.attrelid = i.tbl AND a.attnum > 0 AND NOT a.attisdropped
       AND has_column_privilege (prober, i.tbl, a.attnum, 'UPDATE') ORDER BY a.attnum LIMIT 1;
    updcol := coalesce (updcol, i.cols[1]);
    FOR k IN SELECT DISTINCT unnest (ARRAY[1, i.nk]) ORDER BY 1 LOOP
      -- only types whose literals compare exactly
      CONTINUE WHEN EXISTS (SELECT 1 FROM unnest (i.types[1:k]) t
                             WHERE t NOT IN ('text', 'bigint', 'integer', 'smallint', 'boolean'));
      where_hidden := (SELECT string_agg (format ('x.%I IS NOT NULL', c), ' AND ') FROM unnest (i.cols[1:k]) c)
        || coalesce (' AND (' || i.pred || ')', '')
        || format (' AND NOT EXISTS (SELECT 1 FROM pg_temp.vis v WHERE v.tbl = %s AND %s)', i.tbl::oid,
                   (SELECT string_agg (format ('v.r ->> %L = x.%I::text', c, c), ' AND ') FROM unnest (i.cols[1:k]) c));
      EXECUTE format ('SELECT to_jsonb (x) - ''content'' FROM %s x WHERE %s ORDER BY %s LIMIT 1', i.tbl, where_hidden,
                      (SELECT string_agg (format ('x.%I', c), ', ') FROM unnest (i.cols[1:k]) c))
        INTO h;
      CONTINUE WHEN h IS NULL;
      -- the columns before k fixed to the hidden row's, the k-th the probed value
      cond := coalesce ((SELECT string_agg (format ('%I = %L::%s', i.cols[j], h ->> i.cols[j], i.types[j]), ' AND ')
                           FROM generate_series (1, k - 1) j) || ' AND ', '')
              || format ('%I = :''v''::%s', i.cols[k], i.types[k]) || coalesce (' AND (' || i.pred || ')', '');
      -- a value of column k no row has (with the same columns before it)
      found_miss := false;
      FOREACH cand IN ARRAY CASE
          WHEN i.types[k] = 'text' THEN
            ARRAY (SELECT overlay ((h ->> i.cols[k]) PLACING c FROM length (h ->> i.cols[k]))
                     FROM unnest ('{0,1,2,9,A,F,Z,a,f,z,~}'::text[]) c
                    WHERE length (h ->> i.cols[k]) > 0)
          WHEN i.types[k] = 'boolean' THEN ARRAY[(NOT (h ->> i.cols[k])::boolean)::text]
          ELSE ARRAY (SELECT ((h ->> i.cols[k])::bigint + d)::text FROM unnest ('{1,2,3,5,7,11,101,1009}'::int[]) d)
        END
      LOOP
        CONTINUE WHEN cand = h ->> i.cols[k];
        EXECUTE format ('SELECT NOT EXISTS (SELECT 1 FROM %s WHERE %s)', i.tbl, replace (cond, ':''v''', quote_literal (cand)))
          INTO found_miss;
        IF found_miss THEN
          miss := cand;
          EXIT;
        END IF;
      END LOOP;
      CONTINUE WHEN NOT found_miss;
      INSERT INTO pg_temp.targets VALUES (i.tbl::text, i.idx::text, k, cond, h ->> i.cols[k], miss, updcol);
    END LOOP;
  END LOOP;
END
$$;
SELECT tbl, idx, k, cond, hit, miss, updcol FROM targets ORDER BY 1, 2, 3;
ROLLBACK;
