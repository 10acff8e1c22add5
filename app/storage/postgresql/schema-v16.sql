-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 16 (after schema-v15.sql, in the same
-- transaction of `probity-cli db init`, which runs as a superuser).
--
-- PostgreSQL has no privilege on EXPLAIN (review14e H6). Whoever may read
-- a table under row-level security can EXPLAIN ANALYZE a query on it: a
-- leakproof condition (text =, <, >=) becomes an index condition, the
-- policy a filter after it, and "Rows Removed by Filter" tells, by
-- bisection, every hidden row's index keys: every case's id, team,
-- status, decision, outcome and times, customers' and products' uids,
-- every stored file's SHA-256. The statistics counters after a query
-- (pg_stat_*_tables, pg_statio_*, pg_stat_get_*) tell the same.
--
-- So from this version a sales person or a reviewer reaches no table that
-- row-level security hides rows of (cases, their rows and history,
-- case_list, submissions, blobs, customers, products and the teams that
-- see them): their groups hold no privilege on them. What they held is
-- the NOLOGIN role probity_gate's (roles.sql), and they run Probity's
-- statements through probity.gate () (SECURITY DEFINER, owned by
-- probity_gate), which runs a statement only if its text is one `db
-- init` registered from this build (probity.statements, keyed by the
-- SHA-256 of the text: app/storage/pb-db-statements.c lists them), with
-- the values given. Row-level security and every trigger work as before:
-- the policies and triggers ask session_user (holds (), my_team ()), not
-- current_user. EXPLAIN of a call shows a function scan; EXPLAIN of a
-- table is refused (no privilege); the gate runs no EXPLAIN, since no
-- registered statement is one.
--
-- Auditors and administrators keep their direct, read-mostly access, once
-- nothing is hidden from them on a table they read: an auditor reads
-- every team's customer_teams and product_teams rows; an administrator
-- no longer reads them (customers and products stay readable to them
-- through policies that no more look at those tables for them).
--
-- And in this database nobody but a superuser reads the statistics
-- counters, nor runs a query given as a string through a built-in
-- (query_to_xml () and the like), below.

SET LOCAL search_path = probity, pg_catalog;

-- The statements Probity runs -----------------------------------------------------

CREATE TABLE statements (
  sha256     bytea PRIMARY KEY,  -- of the text, in UTF-8
  sql        text NOT NULL
);
ALTER TABLE statements OWNER TO probity_owner;
CREATE TRIGGER statements_append_only BEFORE UPDATE OR DELETE ON statements
  FOR EACH ROW EXECUTE FUNCTION append_only ();

-- The privileges the groups sales and reviewer held, to the gate ------------------

GRANT USAGE ON SCHEMA probity TO probity_gate;

DO $move$
DECLARE
  r record;
BEGIN
  -- Every table and column they may touch, to the gate.
  FOR r IN SELECT g.table_name, g.privilege_type
             FROM information_schema.role_table_grants g
            WHERE g.table_schema = 'probity' AND g.grantee IN ('probity_sales', 'probity_reviewer')
            GROUP BY 1, 2
  LOOP
    EXECUTE format ('GRANT %s ON probity.%I TO probity_gate', r.privilege_type, r.table_name);
  END LOOP;
  FOR r IN SELECT c.table_name, c.column_name, c.privilege_type
             FROM information_schema.column_privileges c
            WHERE c.table_schema = 'probity' AND c.grantee IN ('probity_sales', 'probity_reviewer')
            GROUP BY 1, 2, 3
  LOOP
    EXECUTE format ('GRANT %s (%I) ON probity.%I TO probity_gate', r.privilege_type, r.column_name, r.table_name);
  END LOOP;
  -- Every function either may call, run inside a statement the gate runs.
  FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p
            WHERE p.pronamespace = 'probity'::regnamespace
              AND (has_function_privilege ('probity_sales', p.oid, 'EXECUTE')
                   OR has_function_privilege ('probity_reviewer', p.oid, 'EXECUTE'))
  LOOP
    EXECUTE format ('GRANT EXECUTE ON FUNCTION %s TO probity_gate', r.f);
  END LOOP;
  -- The groups keep EXECUTE on functions, and nothing on a table
  -- row-level security hides rows of. What has no such table (members,
  -- teams, meta, questionnaires, lists, approvals, probity_schema) they
  -- still read as before: EXPLAIN tells of it what a SELECT does.
  FOR r IN SELECT c.oid::regclass AS t FROM pg_class c
            WHERE c.relnamespace = 'probity'::regnamespace AND c.relrowsecurity
  LOOP
    EXECUTE format ('REVOKE ALL ON %s FROM probity_sales, probity_reviewer', r.t);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS t, a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
            WHERE c.relnamespace = 'probity'::regnamespace AND c.relrowsecurity
              AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
  LOOP
    EXECUTE format ('REVOKE ALL (%I) ON %s FROM probity_sales, probity_reviewer', r.attname, r.t);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS t FROM pg_class c
            WHERE c.relnamespace = 'probity'::regnamespace AND c.relkind = 'S'
  LOOP
    EXECUTE format ('GRANT USAGE ON SEQUENCE %s TO probity_gate', r.t);
  END LOOP;
  -- No view reads such a table but as its owner would: none may be
  -- left to them (a view's own security is its owner's).
  IF EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = 'probity'::regnamespace AND c.relkind IN ('v', 'm')
                AND (has_table_privilege ('probity_sales', c.oid, 'SELECT')
                     OR has_table_privilege ('probity_reviewer', c.oid, 'SELECT'))) THEN
    RAISE EXCEPTION 'schema-v16: a view readable by sales or reviewers';
  END IF;
END
$move$;

-- Nothing hidden from an auditor or an administrator on what they read --------------

-- An auditor reads every case, so every team's customers and products.
ALTER POLICY customer_teams_read ON customer_teams
  USING (team = (SELECT my_team ()) OR (SELECT holds ('auditor')));
ALTER POLICY product_teams_read ON product_teams
  USING (team = (SELECT my_team ()) OR (SELECT holds ('auditor')));

-- An administrator reads customers and products, not which team sees
-- them: the policies that read customer_teams and product_teams apply to
-- the gate and auditors only, another one to administrators.
ALTER POLICY customers_read ON customers TO probity_gate, probity_auditor;
ALTER POLICY products_read ON products TO probity_gate, probity_auditor;
CREATE POLICY customers_admin_read ON customers FOR SELECT TO probity_admin USING ((SELECT holds ('admin')));
CREATE POLICY products_admin_read ON products FOR SELECT TO probity_admin USING ((SELECT holds ('admin')));
REVOKE ALL ON customer_teams, product_teams FROM probity_admin;

-- The gate -------------------------------------------------------------------------

-- Refuses @p_sql unless `db init` registered it (PBREG).
CREATE FUNCTION gate_check (p_sql text) RETURNS void
  LANGUAGE plpgsql STABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM statements s WHERE s.sha256 = sha256 (convert_to (p_sql, 'UTF8'))) THEN
    RAISE EXCEPTION 'this statement of Probity is not registered on the server'
      USING ERRCODE = 'PBREG', HINT = 'an administrator runs probity-cli db init with this Probity';
  END IF;
END
$$;

-- Whether the gate is called as Probity calls it (pb-db-pg.c): the
-- client's statement is that call, alone (the statement and values as
-- parameters, the columns as the server described them), or the cursor
-- pb_stream of one, or a FETCH from that cursor declared so (a cursor
-- runs the call at its first FETCH, whatever text declared it).
-- EXPLAIN (ANALYZE, BUFFERS) of a call counts the pages the statement
-- inside read, rows the person may not see included (review-h6 G17-1):
-- a call inside EXPLAIN, a DO block, a statement of several, or any other
-- query is refused. current_query () is the client's own text (a
-- prepared statement's when it is executed). Nothing may follow the
-- column list: its parentheses hold only names, types and type modifiers,
-- so the only ")" not closing a modifier is the last character.
CREATE FUNCTION gate_caller_ok () RETURNS boolean
  LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
AS $$
  WITH call (pattern) AS (
    SELECT 'SELECT \* FROM probity\.gate(_kept)? \(\$1, \$2, VARIADIC ARRAY\[(\$[0-9]+(, \$[0-9]+)*)?\]'
           '::text\[\]\) AS t \((c[0-9]+ [a-z0-9_ ."]+(\([0-9, ]+\)[a-z ]*)?(\[\])?(, )?)+\)$')
  SELECT current_query () ~ ('^(DECLARE pb_stream NO SCROLL CURSOR FOR )?' || call.pattern)
         OR (current_query () ~ '^FETCH FORWARD [0-9]+ FROM pb_stream$'
             AND EXISTS (SELECT 1 FROM pg_cursors c
                          WHERE c.name = 'pb_stream' AND c.statement ~ ('^DECLARE pb_stream NO SCROLL CURSOR FOR '
                                                                         || call.pattern)))
    FROM call
$$;

-- Refuses a call otherwise than Probity calls it (gate_caller_ok ()), and
-- in a SERIALIZABLE transaction, whose predicate locks (pg_locks) name
-- every row the statement read (review-h6 G17-2).
CREATE FUNCTION gate_enter () RETURNS void
  LANGUAGE plpgsql STABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT gate_caller_ok () THEN
    RAISE EXCEPTION 'the gate runs only as Probity calls it' USING ERRCODE = '42501';
  END IF;
  IF current_setting ('transaction_isolation') = 'serializable' THEN
    RAISE EXCEPTION 'the gate runs no statement in a SERIALIZABLE transaction' USING ERRCODE = '42501';
  END IF;
END
$$;

-- The values @p_params as SQL: NULL, a quoted literal (kind 't' in
-- @p_kinds: untyped, as libpq's parameter of no type was; 'i': a
-- bigint) or, for a file's bytes ('b', given as "\x" and hex), $1[k] of
-- @blobs, the bytea array the statement is run with. Values are
-- anyone's: each is quoted, never read as SQL.
CREATE FUNCTION gate_values (p_kinds text, p_params text[], OUT args text[], OUT blobs bytea[])
  LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v text;
BEGIN
  args := '{}';
  blobs := '{}';
  FOR i IN 1 .. coalesce (array_length (p_params, 1), 0) LOOP
    v := p_params[i];
    IF v IS NULL THEN
      args := args || 'NULL'::text;
    ELSIF substr (p_kinds, i, 1) = 'b' THEN
      IF left (v, 2) <> '\x' THEN
        RAISE EXCEPTION 'gate: parameter % is not bytes', i USING ERRCODE = '22023';
      END IF;
      blobs := blobs || decode (substr (v, 3), 'hex');
      args := args || ('$1[' || array_length (blobs, 1) || ']');
    ELSIF substr (p_kinds, i, 1) = 'i' THEN
      args := args || (quote_literal (v::bigint) || '::int8');
    ELSE
      args := args || quote_literal (v);
    END IF;
  END LOOP;
END
$$;

-- @p_sql with each $N replaced by @p_args[N] (gate_values ()), in one
-- pass over the registered text.
CREATE FUNCTION gate_sql (p_sql text, p_args text[]) RETURNS text
  LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  parts text[] := regexp_split_to_array (p_sql, '\$[0-9]+');
  numbers text[] := ARRAY (SELECT m[1] FROM regexp_matches (p_sql, '\$([0-9]+)', 'g') m);
  q text := parts[1];
BEGIN
  FOR i IN 1 .. coalesce (array_length (numbers, 1), 0) LOOP
    q := q || coalesce (p_args[numbers[i]::int], 'NULL') || parts[i + 1];
  END LOOP;
  RETURN q;
END
$$;

-- Whether @p_sql gives rows (a query, or a change RETURNING them).
CREATE FUNCTION gate_returns_rows (p_sql text) RETURNS boolean
  LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p_sql ~* '^[\s(]*(SELECT|VALUES|WITH)\M' OR p_sql ~* '\mRETURNING\M'
$$;

-- Runs @p_sql, a statement `db init` registered, for @p_params ($1, $2,
-- ... in order; kinds as gate_values ()), as probity_gate, under
-- row-level security as session_user: the caller names the columns of
-- what it returns, as the statement gives them (AS t (c1 type, ...)). No
-- other statement: no EXPLAIN, no query of the caller's making. Each $N
-- of the registered text is replaced by its value in one pass.
CREATE FUNCTION gate (p_sql text, p_kinds text, VARIADIC p_params text[]) RETURNS SETOF record
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
  -- The plans of what it runs, and the sorts, are not the caller's to
  -- print (G17-4): nor is any message below a notice.
  SET debug_print_plan = off SET debug_print_parse = off SET debug_print_rewritten = off
  SET trace_sort = off SET client_min_messages = notice
AS $$
DECLARE
  v record;
  q text;
BEGIN
  PERFORM gate_enter ();
  PERFORM gate_check (p_sql);
  v := gate_values (p_kinds, p_params);
  q := gate_sql (p_sql, v.args);
  IF gate_returns_rows (p_sql) THEN
    RETURN QUERY EXECUTE q USING v.blobs;
  ELSE
    EXECUTE q USING v.blobs;
  END IF;
END
$$;

-- The same for a statement of a change (a save runs the same ones again
-- and again in a session): prepared, as probity_gate, once a session, and
-- run with the values given; planned as the server plans a prepared
-- statement (a generic plan once it costs no more than the plans for
-- each value), not at each call. A statement prepared under its name is
-- run only if it is the one this function prepares, word for word (the
-- person may prepare and deallocate statements of their own in their
-- session: one of theirs under this name is deallocated first). Its
-- names are resolved in the search path of this function: when it is
-- prepared, and again by the server whenever it runs under another (a
-- prepared statement is analysed again when the search path changed),
-- which is also why the person cannot run it as theirs: under their own
-- privileges it is refused.
CREATE FUNCTION gate_kept (p_sql text, p_kinds text, VARIADIC p_params text[]) RETURNS SETOF record
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
  SET debug_print_plan = off SET debug_print_parse = off SET debug_print_rewritten = off
  SET trace_sort = off SET client_min_messages = notice
AS $$
DECLARE
  v_name text := 'pbgate_' || left (encode (sha256 (convert_to (p_sql || ':' || p_kinds, 'UTF8')), 'hex'), 48);
  v_types text;
  v_prepare text;
  v record;
  q text;
BEGIN
  PERFORM gate_enter ();
  PERFORM gate_check (p_sql);
  IF p_kinds !~ '^[tib]*$' OR length (p_kinds) <> coalesce (array_length (p_params, 1), 0) THEN
    RAISE EXCEPTION 'gate: % kinds for % values', length (p_kinds), coalesce (array_length (p_params, 1), 0)
      USING ERRCODE = '22023';
  END IF;
  v := gate_values (p_kinds, p_params);
  -- Bytes go to the statement as a parameter of EXECUTE … USING, which
  -- a prepared statement's EXECUTE does not take: run as gate () runs it.
  IF strpos (p_kinds, 'b') > 0 THEN
    q := gate_sql (p_sql, v.args);
  ELSE
    v_types := replace (replace (replace (NULLIF (array_to_string (regexp_split_to_array (p_kinds, ''), ', '), ''),
                                           't', 'unknown'), 'i', 'int8'), 'b', 'bytea');
    v_prepare := format ('PREPARE %I%s AS %s', v_name, coalesce (' (' || v_types || ')', ''), p_sql);
    IF NOT EXISTS (SELECT 1 FROM pg_prepared_statements p WHERE p.name = v_name AND p.statement = v_prepare) THEN
      IF EXISTS (SELECT 1 FROM pg_prepared_statements p WHERE p.name = v_name) THEN
        EXECUTE format ('DEALLOCATE %I', v_name);
      END IF;
      EXECUTE v_prepare;
    END IF;
    q := format ('EXECUTE %I%s', v_name, coalesce (' (' || NULLIF (array_to_string (v.args, ', '), '') || ')', ''));
  END IF;
  IF gate_returns_rows (p_sql) THEN
    RETURN QUERY EXECUTE q USING v.blobs;
  ELSE
    EXECUTE q USING v.blobs;
  END IF;
END
$$;

DO $gate$
DECLARE
  f regprocedure;
BEGIN
  FOREACH f IN ARRAY ARRAY['gate_check (text)', 'gate_values (text, text[])', 'gate_sql (text, text[])',
                           'gate_returns_rows (text)', 'gate_caller_ok ()', 'gate_enter ()']::regprocedure[]
  LOOP
    EXECUTE format ('ALTER FUNCTION %s OWNER TO probity_owner', f);
    EXECUTE format ('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format ('GRANT EXECUTE ON FUNCTION %s TO probity_gate', f);
  END LOOP;
  FOREACH f IN ARRAY ARRAY['gate (text, text, text[])', 'gate_kept (text, text, text[])']::regprocedure[]
  LOOP
    EXECUTE format ('ALTER FUNCTION %s OWNER TO probity_gate', f);
    EXECUTE format ('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format ('GRANT EXECUTE ON FUNCTION %s TO probity_sales, probity_reviewer', f);
  END LOOP;
END
$gate$;
GRANT SELECT ON statements TO probity_gate;

-- Oracles called directly (review-h6 G17-5): may_write () tells, by the
-- pages EXPLAIN counts, whether a case exists; blob_stored () whether a
-- file is. Only the gate (its policies and triggers) calls them.
REVOKE EXECUTE ON FUNCTION may_write (text) FROM PUBLIC, probity_sales, probity_reviewer, probity_auditor, probity_admin;
REVOKE EXECUTE ON FUNCTION blob_stored (text) FROM PUBLIC, probity_reviewer;
GRANT EXECUTE ON FUNCTION may_write (text), blob_stored (text) TO probity_gate;

-- Keys the server picks (review-h6 G17-3) ------------------------------------------

-- A new case, customer or product was stored under the key its writer
-- chose, and a key another team's row holds was refused by the unique
-- index (cases_pkey, customers_pkey, products_pkey): through the gate,
-- a sales person or reviewer confirmed any case id or uid they guessed
-- or learnt. The gate's inserts now take a key the server picks: a
-- case id as Probity makes one ("C-", the year, 32 random bits in hex)
-- or a random UUID, none stored yet (read past row-level security);
-- Probity takes it back with RETURNING. What an administrator writes
-- (an import, db copy) keeps its keys. The trigger's name puts it before
-- the other BEFORE INSERT triggers, which fire in the order of their
-- names and check or record the row's key.
--
-- RETURNING shows the new row only if the SELECT policies let the
-- writer read it, and a customer's or product's team (customer_teams,
-- written by an AFTER trigger) is not there yet: the row keeps the team
-- of the sales person who added it through the gate, which a policy of
-- the gate's reads (NULL for any other row).
ALTER TABLE customers ADD COLUMN added_by_team text;
ALTER TABLE products ADD COLUMN added_by_team text;
CREATE POLICY customers_added_read ON customers FOR SELECT TO probity_gate
  USING (added_by_team = (SELECT my_team ()));
CREATE POLICY products_added_read ON products FOR SELECT TO probity_gate
  USING (added_by_team = (SELECT my_team ()));
-- An administrator reads customers and products but not which team sees
-- them (above): every column but that one.
REVOKE SELECT ON customers, products FROM probity_admin;
GRANT SELECT (uid, name, aliases, country, entity_type, notes, created) ON customers TO probity_admin;
GRANT SELECT (uid, name, version, family, capabilities, created) ON products TO probity_admin;

-- Whether a row of @p_table (cases, customers, products) holds the key
-- @p_key, whoever may read it. The gate's only, for key_minted ().
CREATE FUNCTION key_taken (p_table text, p_key text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT CASE p_table WHEN 'cases' THEN EXISTS (SELECT 1 FROM cases c WHERE c.id = p_key)
                      WHEN 'customers' THEN EXISTS (SELECT 1 FROM customers c WHERE c.uid = p_key)
                      ELSE EXISTS (SELECT 1 FROM products p WHERE p.uid = p_key) END
$$;

-- Runs as whoever inserts: inside the gate, probity_gate.
CREATE FUNCTION key_minted () RETURNS trigger
  LANGUAGE plpgsql SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF current_user <> 'probity_gate' THEN
    IF TG_TABLE_NAME <> 'cases' THEN
      NEW.added_by_team := NULL;
    END IF;
    RETURN NEW;
  END IF;
  IF TG_TABLE_NAME = 'cases' THEN
    LOOP
      NEW.id := 'C-' || to_char (clock_timestamp () AT TIME ZONE 'UTC', 'YYYY') || '-'
                || upper (left (gen_random_uuid ()::text, 8));
      EXIT WHEN NOT key_taken ('cases', NEW.id);
    END LOOP;
  ELSE
    LOOP
      NEW.uid := gen_random_uuid ()::text;
      EXIT WHEN NOT key_taken (TG_TABLE_NAME, NEW.uid);
    END LOOP;
    NEW.added_by_team := my_team ();
  END IF;
  RETURN NEW;
END
$$;

DO $keys$
DECLARE
  f regprocedure;
BEGIN
  FOREACH f IN ARRAY ARRAY['key_taken (text, text)', 'key_minted ()']::regprocedure[]
  LOOP
    EXECUTE format ('ALTER FUNCTION %s OWNER TO probity_owner', f);
    EXECUTE format ('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
  END LOOP;
END
$keys$;
GRANT EXECUTE ON FUNCTION key_taken (text, text) TO probity_gate;
CREATE TRIGGER cases_0_id_minted BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION key_minted ();
CREATE TRIGGER customers_0_uid_minted BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION key_minted ();
CREATE TRIGGER products_0_uid_minted BEFORE INSERT ON products FOR EACH ROW EXECUTE FUNCTION key_minted ();

-- A sales person's case list by status, with no statistics ------------------------

-- With no statistics of case_list (statistics.sql, review-h6 G17-4) the
-- planner takes a status as matching 0.5 % of the rows, and lists a sales
-- person's cases of one status by walking their team's cases in order
-- (case_list_by_team) until it has a page: every one of them when the
-- team has none of that status (a team's submitted cases, say: 185 ms
-- over 1,000,000 cases on a loaded machine). Team and status lead this
-- index, so that such a list starts where its rows are.
CREATE INDEX case_list_by_team_status ON case_list (team, status, updated, case_id)
  INCLUDE (decision, outcome, submitted);

-- A sign-off's event before the file it names (review-h6 G17-6) ---------------------

-- BEFORE triggers fire in the order of their names: the file a sign-off
-- names was checked first, and refused when stored (hidden from the
-- signer) but not when absent (a report kept by its hash alone), so any
-- sign-off, its event made up, told whether a file of that SHA-256 is
-- stored. Its event is checked first now: only a sign-off of one's own
-- signed event reaches the file (README, Limits).
ALTER TRIGGER sign_offs_file_named ON sign_offs RENAME TO sign_offs_recorded_then_file_named;

-- Nobody but a superuser reads the statistics counters, or runs a query
-- given as a string through a built-in, in this database ---------------------------

DO $builtins$
DECLARE
  f regprocedure;
BEGIN
  FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
            WHERE p.pronamespace = 'pg_catalog'::regnamespace
              AND (p.proname LIKE 'pg\_stat\_get\_%'
                   OR p.proname = 'pg_lock_status'
                   -- How often the server chose a generic plan for a
                   -- save's statement gate_kept () prepared, which
                   -- follows the estimated costs (probe18 P18-2).
                   OR p.proname = 'pg_prepared_statement'
                   -- Where the WAL stands: the first read of a row after
                   -- a checkpoint logs its hint bits when data checksums
                   -- or wal_log_hints are on, hidden rows too (probe18
                   -- P18-6).
                   OR p.proname IN ('pg_current_wal_lsn', 'pg_current_wal_insert_lsn', 'pg_current_wal_flush_lsn',
                                    'pg_last_wal_receive_lsn', 'pg_last_wal_replay_lsn')
                   OR p.proname IN ('query_to_xml', 'query_to_xmlschema', 'query_to_xml_and_xmlschema',
                                    'cursor_to_xml', 'cursor_to_xmlschema',
                                    'table_to_xml', 'table_to_xmlschema', 'table_to_xml_and_xmlschema',
                                    'schema_to_xml', 'schema_to_xmlschema', 'schema_to_xml_and_xmlschema',
                                    'database_to_xml', 'database_to_xmlschema', 'database_to_xml_and_xmlschema',
                                    'ts_stat')
                   OR (p.proname = 'ts_rewrite' AND p.pronargs = 2 AND p.proargtypes[0] = 'tsquery'::regtype
                       AND p.proargtypes[1] = 'text'::regtype))
  LOOP
    EXECUTE format ('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
    -- A monitoring role the DBA made a member of pg_read_all_stats
    -- (pg_monitor) reads them still.
    IF f::text LIKE 'pg\_stat\_get\_%' OR f::text LIKE 'pg\_lock\_status%' THEN
      EXECUTE format ('GRANT EXECUTE ON FUNCTION %s TO pg_read_all_stats', f);
    END IF;
    IF f::text LIKE '%wal\_%lsn%' THEN
      EXECUTE format ('GRANT EXECUTE ON FUNCTION %s TO pg_monitor', f);
    END IF;
    -- gate_kept () reads its own prepared statements.
    IF f::text LIKE 'pg\_prepared\_statement%' THEN
      EXECUTE format ('GRANT EXECUTE ON FUNCTION %s TO probity_gate', f);
    END IF;
  END LOOP;
END
$builtins$;
