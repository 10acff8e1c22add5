-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 5 (after schema-v4.sql, in the same
-- transaction of `probity-cli db init`): the same rules, at a fraction of
-- the server's CPU per save.
--
-- A save (an answer, its event, the case's head, the revision's cached
-- outcome) cost about 15 ms of a backend's CPU, measured with
-- track_functions = all and pg_stat_statements on one writer: half of it in
-- calls to small functions. A function in SQL that has a SET clause or is
-- SECURITY DEFINER is never inlined, and its body is parsed and planned
-- again in every statement that calls it: holds() ran some 50 times a
-- save (each policy of row-level security asks for two or three roles,
-- and may_write() for two more per row), my_team() 32 times, may_write()
-- 7, each 40 µs. The chain's hash was 16 such calls of hash_field(); the
-- answer trigger looked for a reopening's copy before it knew it had to;
-- and the case list was rewritten twice per save, once for a cached
-- outcome that had not changed.
--
-- So, rule by rule the same:
-- - holds(), my_team(), may_write(), status_before(), is_reopen_copy() and
--   importing() are PL/pgSQL, whose plans a session keeps, with the same
--   SECURITY DEFINER and search_path as before, but holds(): it reads
--   pg_has_role(), which asks nothing of its caller, and runs under the
--   caller's search_path, so it names everything in pg_catalog. The
--   policies ask them in (SELECT …), once per statement.
-- - hash_field() and event_hash() are plain SQL the planner inlines into
--   the trigger's check, STABLE as convert_to() is: the same bytes, hashed
--   by the built-in sha256(). is_blank(), same_name() and outcome_rank()
--   inline too. They name what is Probity's in probity.
-- - answers_check() looks for a reopening's copy only when the row names
--   someone other than who is connected, which a copy is the only reason
--   for.
-- - The case list is refreshed when what it shows changed: a revision's
--   status, decision or outcome, a case's time, current revision or
--   submission; a case's time alone moves its row's time alone.
-- And one rule closes a gap: a status event appended without its
-- revision's row following it was not seen at commit (events_match_revision).
--
-- tests/test-pg-init.sh migrates a server of version 4 holding cases and
-- checks that every chain still verifies and a save goes on as before.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- Who is who -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION holds (role text) RETURNS boolean
  LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
BEGIN
  RETURN role OPERATOR(pg_catalog.=) ANY ('{sales,reviewer,auditor,admin}'::pg_catalog.text[])
         AND pg_catalog.pg_has_role (session_user, 'probity_' OPERATOR(pg_catalog.||) role, 'MEMBER');
END
$$;

CREATE OR REPLACE FUNCTION my_team () RETURNS text
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  RETURN (SELECT team FROM members WHERE member = session_user);
END
$$;

CREATE OR REPLACE FUNCTION may_write (p_case text) RETURNS boolean
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM cases c WHERE c.id = p_case
                    AND (holds ('sales') AND c.team = my_team () OR holds ('reviewer') AND c.submitted));
END
$$;

CREATE OR REPLACE FUNCTION importing (p_case text) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM importing WHERE xact = txid_current () AND case_id = p_case);
END
$$;

CREATE OR REPLACE FUNCTION same_name (a text, b text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT lower (regexp_replace (btrim (a), '\s+', ' ', 'g')) = lower (regexp_replace (btrim (b), '\s+', ' ', 'g'))
$$;

CREATE OR REPLACE FUNCTION is_blank (t text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT t IS NULL OR btrim (t, E' \t\n\r') = ''
$$;

CREATE OR REPLACE FUNCTION outcome_rank (outcome text) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE outcome WHEN 'proceed' THEN 0 WHEN 'proceed-with-conditions' THEN 1
                      WHEN 'consult-authority' THEN 2 WHEN 'hold' THEN 3
                      WHEN 'incomplete' THEN 4 WHEN 'do-not-proceed' THEN 5 ELSE 6 END
$$;

-- The history ------------------------------------------------------------------

-- The same bytes as version 1 hashed (SCHEMA.md, "Canonical form").
CREATE OR REPLACE FUNCTION hash_field (v text) RETURNS bytea
  LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN v IS NULL THEN '\x2d0a'::bytea
              ELSE convert_to (octet_length (v)::text || ':' || v, 'UTF8') || '\x0a'::bytea END
$$;

CREATE OR REPLACE FUNCTION event_hash (e events) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT encode (sha256 (
    CASE WHEN e.role IS NOT NULL
      THEN probity.hash_field ('probity-event-2') || probity.hash_field (e.case_id) || probity.hash_field (e.seq::text)
           || probity.hash_field (e.revision::text) || probity.hash_field (e.time) || probity.hash_field (e."user")
           || probity.hash_field (e.role) || probity.hash_field (e.organisation)
      ELSE probity.hash_field ('probity-event-1') || probity.hash_field (e.case_id) || probity.hash_field (e.seq::text)
           || probity.hash_field (e.revision::text) || probity.hash_field (e.time) || probity.hash_field (e."user")
    END
    || probity.hash_field (e.kind) || probity.hash_field (e.question_id) || probity.hash_field (e.old_value)
    || probity.hash_field (e.new_value) || probity.hash_field (e.reason) || probity.hash_field (e.data)
    || probity.hash_field (e.prev_hash)), 'hex')
$$;

CREATE OR REPLACE FUNCTION status_before (p_case text, p_revision bigint, before bigint) RETURNS text
  LANGUAGE plpgsql STABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  RETURN coalesce ((SELECT new_value FROM events
                     WHERE case_id = p_case AND revision = p_revision AND seq < before
                       AND kind IN ('status-changed', 'signed')
                     ORDER BY seq DESC LIMIT 1), 'draft');
END
$$;

-- Answers and evidence ---------------------------------------------------------

CREATE OR REPLACE FUNCTION is_reopen_copy (p_case text, p_revision bigint) RETURNS boolean
  LANGUAGE plpgsql STABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM revisions WHERE case_id = p_case AND revision = p_revision - 1 AND sealed = 1)
         AND NOT EXISTS (SELECT 1 FROM events WHERE case_id = p_case AND revision = p_revision);
END
$$;

-- As in version 1, but whether a row is a reopening's copy of the revision
-- before is asked only of a row that names someone other than who is
-- connected: the only row that needs to be one.
CREATE OR REPLACE FUNCTION answers_check () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  who text;
  copy boolean := false;
BEGIN
  IF TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM revisions WHERE case_id = OLD.case_id AND revision = OLD.revision AND sealed = 1) THEN
    PERFORM refuse ('PBSEA', format ('sealed: revision %s of case “%s” is signed', OLD.revision, OLD.case_id));
  END IF;
  IF TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM revisions WHERE case_id = NEW.case_id AND revision = NEW.revision AND sealed = 1) THEN
    PERFORM refuse ('PBSEA', format ('sealed: revision %s of case “%s” is signed', NEW.revision, NEW.case_id));
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND (NEW.case_id, NEW.revision) IS DISTINCT FROM (OLD.case_id, OLD.revision) THEN
    PERFORM refuse ('PBAPP', format ('append-only: an answer of case “%s” stays in its revision', OLD.case_id));
  END IF;
  IF TG_TABLE_NAME = 'answers' THEN
    who := NEW."user";
  ELSE
    who := NEW.added_by;
  END IF;
  IF who IS NOT DISTINCT FROM session_user::text THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' AND is_reopen_copy (NEW.case_id, NEW.revision) THEN
    IF TG_TABLE_NAME = 'answers' THEN
      copy := EXISTS (
        SELECT 1 FROM answers a WHERE a.case_id = NEW.case_id AND a.revision = NEW.revision - 1
           AND (a.question_id, a.value, a.comment, a.evidence_note, a."user", a.updated)
               = (NEW.question_id, NEW.value, NEW.comment, NEW.evidence_note, NEW."user", NEW.updated));
    ELSE
      copy := EXISTS (
        SELECT 1 FROM evidence v WHERE v.case_id = NEW.case_id AND v.revision = NEW.revision - 1
           AND (v.question_id, v.file_name, v.media_type, v.sha256, v.size, v.added_by, v.added)
               = (NEW.question_id, NEW.file_name, NEW.media_type, NEW.sha256, NEW.size, NEW.added_by, NEW.added));
    END IF;
  END IF;
  IF NOT copy THEN
    PERFORM refuse ('PBWHO', format ('%s of case “%s” names “%s” as who gave it, but “%s” is connected',
                                     CASE TG_TABLE_NAME WHEN 'answers' THEN 'An answer' ELSE 'An evidence file' END,
                                     NEW.case_id, who, session_user));
  END IF;
  RETURN NEW;
END
$$;

-- The history of a revision ----------------------------------------------------

-- At commit, a revision is what its status events say: checked since
-- version 1 when the revision's row changed, and now also when a status
-- event is appended, so that one appended without its revision following
-- it (by SQL typed by hand) is refused too (PBHIS).
CREATE CONSTRAINT TRIGGER events_match_revision AFTER INSERT ON events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.kind IN ('status-changed', 'signed'))
  EXECUTE FUNCTION revisions_match_history ();

-- The case list ----------------------------------------------------------------

-- As in version 1; a case whose time alone moved (a save: its head and
-- time) moves its row's time, without reading its revision again.
CREATE OR REPLACE FUNCTION case_list_refresh () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  v_id text;
BEGIN
  IF TG_TABLE_NAME = 'cases' THEN
    v_id := NEW.id;
    IF TG_OP = 'UPDATE' AND (NEW.current_revision, NEW.submitted) IS NOT DISTINCT FROM (OLD.current_revision, OLD.submitted) THEN
      UPDATE case_list SET updated = NEW.updated WHERE case_id = v_id;
      IF FOUND THEN
        RETURN NULL;
      END IF;
    END IF;
  ELSE
    v_id := NEW.case_id;
  END IF;
  INSERT INTO case_list (case_id, updated, status, decision, outcome, team, submitted)
    SELECT c.id, c.updated, r.status, r.decision, r.outcome, c.team, c.submitted FROM cases c
      LEFT JOIN revisions r ON r.case_id = c.id AND r.revision = c.current_revision
     WHERE c.id = v_id
    ON CONFLICT (case_id) DO UPDATE SET updated = excluded.updated, status = excluded.status,
                                        decision = excluded.decision, outcome = excluded.outcome,
                                        submitted = excluded.submitted;
  RETURN NULL;
END
$$;

-- Fired by what the list shows only, not by a column merely named in an
-- UPDATE (every save sets the revision's outcome, mostly to what it was).
DROP TRIGGER case_list_cases ON cases;
CREATE TRIGGER case_list_cases AFTER INSERT ON cases
  FOR EACH ROW EXECUTE FUNCTION case_list_refresh ();
CREATE TRIGGER case_list_cases_update AFTER UPDATE OF updated, current_revision, submitted ON cases
  FOR EACH ROW WHEN ((NEW.updated, NEW.current_revision, NEW.submitted)
                     IS DISTINCT FROM (OLD.updated, OLD.current_revision, OLD.submitted))
  EXECUTE FUNCTION case_list_refresh ();
DROP TRIGGER case_list_revisions ON revisions;
CREATE TRIGGER case_list_revisions AFTER INSERT ON revisions
  FOR EACH ROW EXECUTE FUNCTION case_list_refresh ();
CREATE TRIGGER case_list_revisions_update AFTER UPDATE OF status, decision, outcome ON revisions
  FOR EACH ROW WHEN ((NEW.status, NEW.decision, NEW.outcome) IS DISTINCT FROM (OLD.status, OLD.decision, OLD.outcome))
  EXECUTE FUNCTION case_list_refresh ();

-- CREATE OR REPLACE keeps each function's grants; the ones made here run
-- for whom version 1 granted them to.

RESET ROLE;
