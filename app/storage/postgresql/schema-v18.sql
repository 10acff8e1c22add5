-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 18 (after schema-v17.sql, in the same
-- transaction of `probity-cli db init`).

-- lead: the kept outcome follows the history ----------------------------------------
--
-- revisions.outcome and n_answers keep what a revision's answers give
-- (the rating method, which runs in Probity, not here), for the case list
-- to show and filter on. Anyone who wrote answers could rewrite them alone
-- through the gate's registered statement (accept32 2): the list showed an
-- approved case as "do not proceed", a rejected one as "proceed". The
-- server still cannot rate a case, but it now ties the kept outcome to the
-- history: it changes only in the transaction that appends the event it
-- follows, the last of the case, in that revision (an answer, a party, a
-- screening or a hit decision, or the case's creation), whose author the
-- history names; a revision begins with none (the first) or with what
-- the revision before it kept (a reopening's copy). Under a decision no
-- answer or party changes (schema-v17.sql), so only a screening or a
-- reviewer's hit decision moves it then, and a screening that found what
-- the one before it found (the same data: editions, parties, hits and
-- the decisions they carry) moves it not (accept33 D1: sally appended a
-- copy of the last screening to list an approved case as "do not
-- proceed"). The number of answers is the revision's, counted. An import
-- keeps what the history it brings holds. What a person writes with a
-- real answer or a new screening stays their word, in a transaction the
-- history names them in: Probity's store recomputes it (`case verify`,
-- and before a decision or a signature).
--
-- "This transaction" is its own transaction id, not a savepoint's: an
-- event appended inside a savepoint does not count, and the write is
-- refused (Probity sets none).

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- Whether this transaction appended the last event of case @p_case: in
-- revision @p_revision, of a kind after which Probity keeps an outcome,
-- or an administrator's `imported` event (PBROL: nobody else's), after
-- which an import keeps
-- every revision's (import_case (), schema-v3.sql, and the store's
-- refresh that follows).
CREATE FUNCTION outcome_written_now (p_case text, p_revision bigint) RETURNS boolean
  LANGUAGE sql VOLATILE SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT EXISTS (SELECT 1 FROM (SELECT e.xmin, e.revision, e.kind, e.role FROM events e
                                 WHERE e.case_id = p_case ORDER BY e.seq DESC LIMIT 1) last
                  WHERE last.xmin::text::bigint = txid_current () % 4294967296
                    AND ((last.kind = 'imported' AND last.role = 'admin')
                         OR (last.revision = p_revision
                             AND last.kind IN ('case-created', 'answer-set', 'answer-changed', 'answer-cleared',
                                               'party-added', 'party-removed', 'screened', 'hit-decided'))))
$$;

-- Whether the last event of case @p_case is a screening whose data is
-- the screening's before it.
CREATE FUNCTION screened_again (p_case text) RETURNS boolean
  LANGUAGE sql STABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT coalesce ((SELECT last.kind = 'screened' AND last.data::jsonb = (SELECT p.data::jsonb FROM events p
                                                                            WHERE p.case_id = p_case AND p.kind = 'screened'
                                                                              AND p.seq < last.seq
                                                                            ORDER BY p.seq DESC LIMIT 1)
                      FROM (SELECT e.seq, e.kind, e.data FROM events e WHERE e.case_id = p_case
                             ORDER BY e.seq DESC LIMIT 1) last), false)
$$;

-- At commit.
CREATE FUNCTION revisions_kept_outcome () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  before revisions;
  now_kept revisions;
  n_held bigint;
BEGIN
  SELECT * INTO now_kept FROM revisions WHERE case_id = NEW.case_id AND revision = NEW.revision;
  SELECT count (*) INTO n_held FROM answers a WHERE a.case_id = NEW.case_id AND a.revision = NEW.revision;
  IF now_kept.n_answers IS DISTINCT FROM n_held THEN
    PERFORM refuse ('PBHIS', format ('Revision %s of case “%s” is listed with %s answers, but it holds %s',
                                     NEW.revision, NEW.case_id, now_kept.n_answers, n_held));
  END IF;
  IF outcome_written_now (NEW.case_id, NEW.revision) THEN
    IF TG_OP = 'UPDATE' AND NEW.outcome IS DISTINCT FROM OLD.outcome
       AND now_kept.status IN ('approved', 'approved-with-conditions', 'rejected', 'awaiting-second-approval')
       AND screened_again (NEW.case_id) THEN
      PERFORM refuse ('PBHIS', format ('Case “%s” is %s: a screening that found what the one before it found '
                                       'changes no outcome listed for it', NEW.case_id, now_kept.status));
    END IF;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT * INTO before FROM revisions WHERE case_id = NEW.case_id AND revision = NEW.revision - 1;
    IF (NEW.outcome, NEW.n_answers) IS DISTINCT FROM (before.outcome, coalesce (before.n_answers, 0)) THEN
      PERFORM refuse ('PBHIS', format ('Revision %s of case “%s” begins listed as “%s” with %s answers: a revision '
                                       'begins with what the one before it kept', NEW.revision, NEW.case_id,
                                       coalesce (NEW.outcome, 'none'), NEW.n_answers));
    END IF;
  ELSE
    PERFORM refuse ('PBHIS', format ('The outcome listed for revision %s of case “%s” changes only with the answer, '
                                     'party or screening it follows, in the same transaction', NEW.revision,
                                     NEW.case_id));
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER revisions_outcome_begins AFTER INSERT ON revisions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION revisions_kept_outcome ();
CREATE CONSTRAINT TRIGGER revisions_outcome_follows AFTER UPDATE OF outcome, n_answers ON revisions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD.n_answers IS DISTINCT FROM NEW.n_answers)
  EXECUTE FUNCTION revisions_kept_outcome ();

REVOKE EXECUTE ON FUNCTION outcome_written_now (text, bigint), screened_again (text), revisions_kept_outcome ()
  FROM PUBLIC;

RESET ROLE;

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

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- roles33: a person in two Probity groups writes nothing ----------------------
--
-- `db add-user` leaves a person one role (schema-v17.sql, set_member ()),
-- but a group granted by hand (a DBA's GRANT probity_sales,
-- probity_reviewer TO bob, or add_member () called twice) still made
-- someone act in the first of sales, reviewer and auditor
-- (session_role ()), so the history recorded a reviewer's edits as a
-- sales person's; only `db status` said so. Every change of such a
-- person is now refused (PBTWO), naming the groups: an administrator
-- leaves them one (`db add-user … --role`) or takes them out (`db
-- remove-user`). Reading goes on. A superuser, a member of every group
-- by right, is counted by the roles of their members row (holds ()).

-- The Probity groups session_user is in (a superuser: the roles their
-- members row gives), in the order of session_role (), comma-separated;
-- NULL for none.
-- Called by refuse_several_groups () only, as its owner: no SECURITY
-- DEFINER of its own, nobody else's to call (test-pg-h6.sh reviews each).
CREATE FUNCTION held_groups () RETURNS text
  LANGUAGE sql STABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT string_agg (u.r, ', ' ORDER BY u.n)
    FROM unnest (ARRAY['sales', 'reviewer', 'auditor', 'admin']) WITH ORDINALITY AS u (r, n)
   WHERE CASE WHEN (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user) THEN holds (u.r)
              ELSE pg_has_role (session_user, 'probity_' || u.r, 'MEMBER') END
$$;

CREATE FUNCTION refuse_several_groups () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  held text;
BEGIN
  -- Once a statement of every save: the four memberships first, in one
  -- expression whose plan the session keeps (held_groups (), an SQL
  -- function with a SET clause, is planned at each call: 0.25 ms, a
  -- tenth of a save's server CPU in bench-team); the groups named, and a
  -- superuser counted by their members row, only for whoever is in two.
  IF pg_has_role (session_user, 'probity_sales', 'MEMBER')::int
     + pg_has_role (session_user, 'probity_reviewer', 'MEMBER')::int
     + pg_has_role (session_user, 'probity_auditor', 'MEMBER')::int
     + pg_has_role (session_user, 'probity_admin', 'MEMBER')::int < 2 THEN
    RETURN NULL;
  END IF;
  held := held_groups ();
  IF strpos (held, ',') > 0 THEN
    PERFORM refuse ('PBTWO', format ('%s holds more than one Probity role here (%s), and a person acts in one',
                                     session_user, held));
  END IF;
  RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION held_groups (), refuse_several_groups () FROM PUBLIC;

-- On every table of the schema anyone but its owner may change (through
-- the gate, or an administrator's grants), once a statement.
DO $one_role$
DECLARE
  t regclass;
BEGIN
  FOR t IN
    SELECT c.oid::regclass FROM pg_class c
     WHERE c.relnamespace = 'probity'::regnamespace AND c.relkind IN ('r', 'p')
       AND EXISTS (SELECT 1 FROM unnest (ARRAY['probity_gate', 'probity_sales', 'probity_reviewer',
                                               'probity_auditor', 'probity_admin']) g (role)
                    WHERE has_table_privilege (g.role, c.oid, 'INSERT')
                       OR has_table_privilege (g.role, c.oid, 'UPDATE')
                       OR has_table_privilege (g.role, c.oid, 'DELETE')
                       OR EXISTS (SELECT 1 FROM pg_attribute a
                                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                                     AND (has_column_privilege (g.role, c.oid, a.attnum, 'INSERT')
                                          OR has_column_privilege (g.role, c.oid, a.attnum, 'UPDATE'))))
     ORDER BY 1
  LOOP
    EXECUTE format ('CREATE TRIGGER aa_one_role BEFORE INSERT OR UPDATE OR DELETE ON %s'
                    ' FOR EACH STATEMENT EXECUTE FUNCTION probity.refuse_several_groups ()', t);
  END LOOP;
END
$one_role$;

RESET ROLE;

SET LOCAL search_path = probity, pg_catalog;

-- perf34: the gate's helpers change no setting ---------------------------------------
--
-- Each call of gate_kept () (about fifteen a save) called five helpers
-- (gate_enter (), gate_caller_ok (), gate_check (), gate_values (),
-- gate_returns_rows (); gate_sql () too for a file's bytes), each with a
-- SET search_path clause: each call pushed a level of settings, set the
-- search path (which makes the server look up every schema of the path
-- again at the next name it resolves), and at its end walked every
-- setting of the server to restore them (PostgreSQL 15 walks all of
-- them, some 350) and set the path back. Only probity_gate may call
-- them (schema-v16.sql), that is only gate () and gate_kept (), whose own
-- SET clause gives them the search path they always ran with
-- (probity, pg_catalog, pg_temp); and every function, operator and table
-- they name is now named with its schema, as holds () does, so that they
-- read the same under any path. Same text otherwise, same checks, same
-- results. gate () and gate_kept () keep their SET clauses: they are the
-- SECURITY DEFINER functions a person calls.

SET LOCAL ROLE probity_owner;

CREATE OR REPLACE FUNCTION gate_check (p_sql text) RETURNS void
  LANGUAGE plpgsql STABLE
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM probity.statements s
                  WHERE s.sha256 OPERATOR(pg_catalog.=) pg_catalog.sha256 (pg_catalog.convert_to (p_sql, 'UTF8'))) THEN
    RAISE EXCEPTION 'this statement of Probity is not registered on the server'
      USING ERRCODE = 'PBREG', HINT = 'an administrator runs probity-cli db init with this Probity';
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION gate_caller_ok () RETURNS boolean
  LANGUAGE plpgsql STABLE
AS $$
DECLARE
  call constant pg_catalog.text := 'SELECT \* FROM probity\.gate(?:_kept)? \(\$1, \$2, VARIADIC ARRAY\[(?:\$[0-9]+(?:, \$[0-9]+)*)?\]'
                        '::text\[\]\) AS t \(c[0-9]+ [a-z0-9_ ."]+(?:\([0-9, ]+\)[a-z ]*)?(?:\[\])?'
                        '(?:, c[0-9]+ [a-z0-9_ ."]+(?:\([0-9, ]+\)[a-z ]*)?(?:\[\])?)*\)$';
BEGIN
  RETURN pg_catalog.current_query () OPERATOR(pg_catalog.~)
           ('^(?:DECLARE pb_stream NO SCROLL CURSOR FOR )?' OPERATOR(pg_catalog.||) call)
         OR (pg_catalog.current_query () OPERATOR(pg_catalog.~) '^FETCH FORWARD [0-9]+ FROM pb_stream$'
             AND EXISTS (SELECT 1 FROM pg_catalog.pg_cursors c
                          WHERE c.name OPERATOR(pg_catalog.=) 'pb_stream'
                            AND c.statement OPERATOR(pg_catalog.~)
                                  ('^DECLARE pb_stream NO SCROLL CURSOR FOR ' OPERATOR(pg_catalog.||) call)));
END
$$;

CREATE OR REPLACE FUNCTION gate_enter () RETURNS void
  LANGUAGE plpgsql STABLE
AS $$
BEGIN
  IF NOT probity.gate_caller_ok () THEN
    RAISE EXCEPTION 'the gate runs only as Probity calls it' USING ERRCODE = '42501';
  END IF;
  IF pg_catalog.current_setting ('transaction_isolation') OPERATOR(pg_catalog.=) 'serializable' THEN
    RAISE EXCEPTION 'the gate runs no statement in a SERIALIZABLE transaction' USING ERRCODE = '42501';
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION gate_values (p_kinds text, p_params text[], OUT args text[], OUT blobs bytea[])
  LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
  v pg_catalog.text;
BEGIN
  args := '{}';
  blobs := '{}';
  FOR i IN 1 .. coalesce (pg_catalog.array_length (p_params, 1), 0) LOOP
    v := p_params[i];
    IF v IS NULL THEN
      args := args OPERATOR(pg_catalog.||) 'NULL'::pg_catalog.text;
    ELSIF pg_catalog.substr (p_kinds, i, 1) OPERATOR(pg_catalog.=) 'b' THEN
      IF pg_catalog.left (v, 2) OPERATOR(pg_catalog.<>) '\x' THEN
        RAISE EXCEPTION 'gate: parameter % is not bytes', i USING ERRCODE = '22023';
      END IF;
      blobs := blobs OPERATOR(pg_catalog.||) pg_catalog.decode (pg_catalog.substr (v, 3), 'hex');
      args := args OPERATOR(pg_catalog.||) ('$1[' OPERATOR(pg_catalog.||) pg_catalog.array_length (blobs, 1)
                                            OPERATOR(pg_catalog.||) ']');
    ELSIF pg_catalog.substr (p_kinds, i, 1) OPERATOR(pg_catalog.=) 'i' THEN
      args := args OPERATOR(pg_catalog.||) (pg_catalog.quote_literal (v::pg_catalog.int8) OPERATOR(pg_catalog.||) '::int8');
    ELSE
      args := args OPERATOR(pg_catalog.||) pg_catalog.quote_literal (v);
    END IF;
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION gate_sql (p_sql text, p_args text[]) RETURNS text
  LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
  parts pg_catalog.text[] := pg_catalog.regexp_split_to_array (p_sql, '\$[0-9]+');
  numbers pg_catalog.text[] := ARRAY (SELECT m[1] FROM pg_catalog.regexp_matches (p_sql, '\$([0-9]+)', 'g') m);
  q pg_catalog.text := parts[1];
BEGIN
  FOR i IN 1 .. coalesce (pg_catalog.array_length (numbers, 1), 0) LOOP
    q := q OPERATOR(pg_catalog.||) coalesce (p_args[numbers[i]::pg_catalog.int4], 'NULL') OPERATOR(pg_catalog.||) parts[i OPERATOR(pg_catalog.+) 1];
  END LOOP;
  RETURN q;
END
$$;

CREATE OR REPLACE FUNCTION gate_returns_rows (p_sql text) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
  RETURN p_sql OPERATOR(pg_catalog.~*) '^[\s(]*(SELECT|VALUES|WITH)\M'
         OR p_sql OPERATOR(pg_catalog.~*) '\mRETURNING\M';
END
$$;

RESET ROLE;
