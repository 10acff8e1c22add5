-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- For tests/test-pg-h6.sh, run by the superuser on a server with
-- probity.gate () (schema 16): every statement `db init` registered that
-- takes a value naming a case, a stored file, a customer, a product or a
-- team, as a call of the gate: "hex|kinds|columns|values", the text in hex,
-- the values as psql expressions (:'case', :'sha', :'uid', :'puid',
-- :'team', :'kupd' and :'kcase' for the case list's page bound, or a
-- constant), the columns as the caller must name them (AS t (...)).
-- SQLite's statements and the case list's and search's variants but the
-- page queries are left out (thousands of forms of the same reads).
\set ON_ERROR_STOP 1
BEGIN;
SET LOCAL search_path = probity, pg_catalog;
CREATE TEMP TABLE calls (n int, hex text, kinds text, cols text, vals text);
DO $$
DECLARE
  s record;
  types regtype[];
  kinds text;
  vals text[];
  v text;
  col text;
  ins text[];
  inscols text[];
  insvals text[];
  viewsql text;
  cols text;
  ncols int;
  varied boolean;
  n int := 0;
BEGIN
  FOR s IN SELECT sql FROM probity.statements
            WHERE sql !~* '(PRAGMA|ATTACH|sqlite_|search_text|casefile\.)'
              AND (sql !~ '(case_list|pb_contains|search_cases)'
                   OR sql ~ '^SELECT l\.case_id, l\.updated FROM case_list l WHERE TRUE( AND l\.submitted)? AND \(l\.updated, l\.case_id\) < \(\$1, \$2\) ORDER BY l\.updated DESC, l\.case_id DESC LIMIT \$3$')
            ORDER BY sql
  LOOP
    BEGIN
      EXECUTE 'PREPARE h6p AS ' || s.sql;
    EXCEPTION WHEN OTHERS THEN
      CONTINUE;
    END;
    SELECT parameter_types INTO types FROM pg_prepared_statements WHERE name = 'h6p';
    DEALLOCATE h6p;
    kinds := '';
    vals := '{}';
    varied := false;
    ins := regexp_match (s.sql, '^INSERT INTO \w+\s*\(([^)]*)\)\s*VALUES\s*\((.*)\)');
    IF ins IS NOT NULL THEN
      inscols := regexp_split_to_array (trim (ins[1]), '\s*,\s*');
      insvals := regexp_split_to_array (trim (ins[2]), '\s*,\s*');
    END IF;
    FOR p IN 1 .. coalesce (array_length (types, 1), 0) LOOP
      IF types[p] IN ('bigint'::regtype, 'integer'::regtype, 'smallint'::regtype) THEN
        kinds := kinds || 'i';
        vals := array_append (vals, '''1'''::text);
        CONTINUE;
      ELSIF types[p] = 'bytea'::regtype THEN
        kinds := kinds || 'b';
        vals := array_append (vals, '''\x00'''::text);
        CONTINUE;
      END IF;
      kinds := kinds || 't';
      IF s.sql ~ format ('\(l\.updated, l\.case_id\) < \(\$%s,', p) THEN
        vals := array_append (vals, ':''kupd'''::text);
        varied := true;
        CONTINUE;
      ELSIF s.sql ~ format ('\(l\.updated, l\.case_id\) < \(\$\d+, \$%s\)', p) THEN
        vals := array_append (vals, ':''kcase'''::text);
        varied := true;
        CONTINUE;
      END IF;
      col := (regexp_match (s.sql, format ('([\w"]+)\s*(?:=|<>|<=|>=|<|>)\s*\$%s\M', p)))[1];
      col := coalesce (col, (regexp_match (s.sql, format ('\$%s\s*=\s*[\w.]*?(\w+)\M', p)))[1]);
      col := coalesce (col, (regexp_match (s.sql, format ('(\w+) IN \((?:\$\d+, )*\$%s\M', p)))[1]);
      IF col IS NULL AND ins IS NOT NULL THEN
        FOR j IN 1 .. coalesce (array_length (insvals, 1), 0) LOOP
          IF insvals[j] = '$' || p THEN
            col := inscols[j];
          END IF;
        END LOOP;
      END IF;
      v := CASE
             WHEN col ~ 'sha256' THEN ':''sha'''
             WHEN col ~ 'uid$' AND (col = 'product_uid' OR s.sql ~ '\mproducts\M') THEN ':''puid'''
             WHEN col ~ 'uid$' THEN ':''uid'''
             WHEN col = 'team' THEN ':''team'''
             WHEN col IN ('case_id', 'id')
                  AND s.sql ~ '\m(cases|case_list|events|answers|evidence|revisions|sign_offs|anchors|submissions)\M'
               THEN ':''case'''
             ELSE '''x'''
           END;
      varied := varied OR v <> '''x''';
      vals := array_append (vals, v::text);
    END LOOP;
    CONTINUE WHEN NOT varied;
    -- the columns it gives, as the store describes them
    IF s.sql ~* '^\s*(SELECT|WITH|VALUES)\M' THEN
      viewsql := s.sql;
      FOR p IN REVERSE coalesce (array_length (types, 1), 0) .. 1 LOOP
        viewsql := regexp_replace (viewsql, format ('\$%s\M', p), format ('NULL::%s', types[p]), 'g');
      END LOOP;
      -- its number of columns (named as the store names them: c1, c2 …)
      BEGIN
        EXECUTE 'CREATE TEMP VIEW h6v AS SELECT * FROM (' || viewsql || ') x ('
                || (SELECT string_agg ('c' || g, ', ') FROM generate_series (1, 999) g) || ')';
        CONTINUE;
      EXCEPTION WHEN OTHERS THEN
        ncols := (regexp_match (SQLERRM, 'has (\d+) columns available'))[1]::int;
      END;
      CONTINUE WHEN ncols IS NULL;
      BEGIN
        EXECUTE 'CREATE TEMP VIEW h6v AS SELECT * FROM (' || viewsql || ') x ('
                || (SELECT string_agg ('c' || g, ', ') FROM generate_series (1, ncols) g) || ')';
      EXCEPTION WHEN OTHERS THEN
        CONTINUE;
      END;
      SELECT string_agg (format ('c%s %s', a.attnum, format_type (a.atttypid, a.atttypmod)), ', ' ORDER BY a.attnum)
        INTO cols FROM pg_attribute a WHERE a.attrelid = 'pg_temp.h6v'::regclass AND a.attnum > 0;
      DROP VIEW pg_temp.h6v;
    ELSIF s.sql ~* '\mRETURNING\M' THEN
      cols := 'c1 bigint';
    ELSE
      cols := 'c1 text';
    END IF;
    n := n + 1;
    INSERT INTO pg_temp.calls VALUES (n, encode (convert_to (s.sql, 'UTF8'), 'hex'), kinds, cols,
                                      array_to_string (vals, ', '));
  END LOOP;
END
$$;
SELECT hex, kinds, cols, vals FROM calls ORDER BY n;
ROLLBACK;
