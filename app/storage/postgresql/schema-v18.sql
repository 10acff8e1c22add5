-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 18 (after schema-v17.sql, in the same
-- transaction of `probity-cli db init`).

SET LOCAL search_path = probity, pg_catalog;

-- perf33: the gate costs a save less CPU ---------------------------------------------
--
-- Every statement of a sales person's or reviewer's save goes through
-- gate_kept () (schema-v16.sql), about fifteen a save, and the first
-- thing it did was gate_caller_ok (): a regular expression over the
-- client's whole statement whose column list, "(c1 type, c2 type, ...)",
-- was a repetition of elements each of which could end with ", " or not,
-- in groups that capture. With the letters and spaces a type name holds
-- there are many ways to cut such a list into elements, and matching a
-- call of eleven columns took 0.67 ms (two shared cores at a load of 8
-- to 10; the statement's own part of the pattern alone 0.03 ms). The
-- list is now matched as Probity writes it, its elements separated by
-- ", " (pb-db-pg.c, gate_columns ()), in groups that do not capture:
-- 0.03 ms. It accepts a subset of what the old pattern accepted, and
-- every call Probity makes: the same rule (nothing may follow the column
-- list, whose parentheses hold only names, types and type modifiers).
--
-- And gate_caller_ok () and gate_returns_rows (), which every call of
-- the gate calls, were SQL functions with a SET clause: the server never
-- inlines those, and parses and plans their text again in each
-- transaction (each save). As PL/pgSQL functions of the same text, their
-- plans are kept for the session.

SET LOCAL ROLE probity_owner;

CREATE OR REPLACE FUNCTION gate_caller_ok () RETURNS boolean
  LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  call constant text := 'SELECT \* FROM probity\.gate(?:_kept)? \(\$1, \$2, VARIADIC ARRAY\[(?:\$[0-9]+(?:, \$[0-9]+)*)?\]'
                        '::text\[\]\) AS t \(c[0-9]+ [a-z0-9_ ."]+(?:\([0-9, ]+\)[a-z ]*)?(?:\[\])?'
                        '(?:, c[0-9]+ [a-z0-9_ ."]+(?:\([0-9, ]+\)[a-z ]*)?(?:\[\])?)*\)$';
BEGIN
  RETURN current_query () ~ ('^(?:DECLARE pb_stream NO SCROLL CURSOR FOR )?' || call)
         OR (current_query () ~ '^FETCH FORWARD [0-9]+ FROM pb_stream$'
             AND EXISTS (SELECT 1 FROM pg_cursors c
                          WHERE c.name = 'pb_stream' AND c.statement ~ ('^DECLARE pb_stream NO SCROLL CURSOR FOR ' || call)));
END
$$;

CREATE OR REPLACE FUNCTION gate_returns_rows (p_sql text) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RETURN p_sql ~* '^[\s(]*(SELECT|VALUES|WITH)\M' OR p_sql ~* '\mRETURNING\M';
END
$$;

RESET ROLE;
