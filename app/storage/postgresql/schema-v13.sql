-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 13 (after schema-v12.sql, in the same
-- transaction of `probity-cli db init`).
--
-- - The answers fingerprint ordered question ids and file names by the
--   database's collation here and bytewise in a file: a case copied
--   between a file and a server whose database collates otherwise
--   (en_US.UTF-8, an ICU locale) failed `case verify`, and a decision
--   taken on it was refused. It orders them bytewise (COLLATE "C") here
--   too, as SCHEMA.md says.
-- - add_member() could not clear an organisation (what it is not given
--   it keeps): an empty one now clears it.
-- - The server took events that `case verify` then called BROKEN, for
--   ever (the history is append-only): an "anchored" event naming no
--   event, a "signed" event without its sign-off, an answer event
--   without its answer, evidence rows beyond their events (review14e
--   H2). A sales person froze her team's cases so, a reviewer any
--   submitted case. Each is refused as verify would call it.
--
-- tests/test-pg-team.sh copies a case through a Swedish database;
-- tests/test-pg-init.sh upgrades one holding a case sealed under 12.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- The answers fingerprint, bytewise ---------------------------------------------

-- As schema-v12.sql's, every text ORDER BY in "C": Probity orders a
-- fingerprint's rows bytewise in a file (SQLite's BINARY) and, from this
-- version, on a server. Seals recorded before keep the order of the
-- database's collation; Probity still accepts that order on this server
-- when it verifies one (pb_case_store_answers_fingerprint_holds()).
CREATE OR REPLACE FUNCTION answers_fingerprint (p_case text, p_revision bigint) RETURNS text
  LANGUAGE sql STABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT encode (sha256 (
    hash_field ('probity-answers-1') || hash_field (p_case) || hash_field (p_revision::text)
    || hash_field ((SELECT c.questionnaire_sha256 FROM cases c WHERE c.id = p_case))
    || coalesce ((SELECT string_agg (hash_field ('answer') || hash_field (a.question_id) || hash_field (a.value)
                                     || hash_field (a.comment) || hash_field (a.evidence_note), ''::bytea
                                     ORDER BY a.question_id COLLATE "C")
                    FROM answers a WHERE a.case_id = p_case AND a.revision = p_revision), ''::bytea)
    || coalesce ((SELECT string_agg (hash_field ('evidence') || hash_field (v.question_id) || hash_field (v.sha256)
                                     || hash_field (v.file_name) || hash_field (v.size::text), ''::bytea
                                     ORDER BY v.question_id COLLATE "C", v.sha256 COLLATE "C",
                                              v.file_name COLLATE "C")
                    FROM evidence v WHERE v.case_id = p_case AND v.revision = p_revision), ''::bytea)), 'hex')
$$;

-- Who is who ----------------------------------------------------------------------

-- add_member() of schema-v12.sql, but an organisation given empty (or
-- blank) clears the member's; none given (NULL) keeps it, as before.
-- Every event of theirs from then on names none (events_organisation).
CREATE OR REPLACE FUNCTION add_member (person text, role text, team text DEFAULT NULL, display_name text DEFAULT NULL,
                                       organisation text DEFAULT NULL) RETURNS void
  LANGUAGE plpgsql SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT (holds ('admin') OR (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user)) THEN
    PERFORM refuse ('42501', format ('%s may not add people: an administrator of this database does', session_user));
  END IF;
  IF is_blank (person) OR length (person) > 63 THEN
    PERFORM refuse ('PBINV', format ('“%s” cannot be a role name: give 1 to 63 characters', person));
  END IF;
  IF role IS NULL OR role NOT IN ('sales', 'reviewer', 'auditor', 'admin') THEN
    PERFORM refuse ('PBINV', format ('“%s” is not a Probity role: give sales, reviewer, auditor or admin', role));
  END IF;
  IF role = 'sales' AND is_blank (team) THEN
    PERFORM refuse ('PBTEA', format ('%s acts in sales and needs a team', person));
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = person AND (rolsuper OR rolname LIKE 'probity\_%')) THEN
    PERFORM refuse ('PBINV', format ('“%s” is a superuser or one of Probity''s own roles', person));
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = person) THEN
    IF NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
      PERFORM refuse ('PBINV', format ('There is no login “%s” in this cluster: the company''s DBA makes it first '
                                       '(CREATE ROLE … LOGIN), then an administrator adds it', person));
    END IF;
    EXECUTE format ('CREATE ROLE %I LOGIN', person);
  END IF;
  IF role <> 'admin' AND NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
    PERFORM probity.grant_group (person, role);
  ELSE
    EXECUTE format ('GRANT %I TO %I', 'probity_' || role, person);
  END IF;
  IF NOT is_blank (team) THEN
    INSERT INTO probity.teams (name) VALUES (team) ON CONFLICT DO NOTHING;
  END IF;
  INSERT INTO probity.members (member, team, display_name, organisation, roles)
    VALUES (person, NULLIF (btrim (team), ''), NULLIF (btrim (display_name), ''), NULLIF (btrim (organisation), ''),
            ARRAY[role])
    ON CONFLICT (member) DO UPDATE SET team = COALESCE (excluded.team, members.team),
                                       display_name = COALESCE (excluded.display_name, members.display_name),
                                       organisation = CASE WHEN add_member.organisation IS NULL THEN members.organisation
                                                           ELSE excluded.organisation END,
                                       roles = CASE WHEN excluded.roles <@ members.roles THEN members.roles
                                                    ELSE members.roles || excluded.roles END;
  PERFORM probity.grant_connect (person);
END
$$;

-- History case verify calls broken (review14e H2) ---------------------------------

-- Whatever goes into a case's history stays (append-only), and an honest
-- Probity decides and signs no case whose history does not hold: an
-- event the server took and `case verify` then called BROKEN froze the
-- case for ever, a signed one included. A sales person could do it to
-- her team's cases, a reviewer to every submitted one, by hand: an
-- "anchored" event naming no event, a "signed" event without its
-- sign-off, an answer event without its answer, evidence rows beyond
-- their events. Each is now refused as verify would call it
-- (pb-case-store-history.c, pb-case-store-anchors.c), before the event
-- is written where the event alone tells, else at commit, where the
-- rows written with it in one transaction do.

-- What Probity's _pb_case_store_data_get() reads: a member of a JSON
-- object that is a string, else NULL (data_get() gives numbers too).
CREATE FUNCTION data_string (data text, key text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF jsonb_typeof (data::jsonb -> key) = 'string' THEN
    RETURN data::jsonb ->> key;
  END IF;
  RETURN NULL;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$$;

-- An anchored event names an earlier event of the case (data "event_seq",
-- in decimal) by its hash (new_value), in the case's current revision.
CREATE FUNCTION events_anchor_check () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  anchored text := data_string (NEW.data, 'event_seq');
  stamped bigint;
BEGIN
  IF anchored ~ '^[1-9][0-9]{0,17}$' THEN
    stamped := anchored::bigint;
  END IF;
  IF stamped IS NULL OR stamped >= NEW.seq
     OR NEW.new_value IS DISTINCT FROM (SELECT e.hash FROM events e WHERE e.case_id = NEW.case_id AND e.seq = stamped)
     OR NEW.revision IS DISTINCT FROM (SELECT c.current_revision FROM cases c WHERE c.id = NEW.case_id)
     OR data_string (NEW.data, 'token_sha256') IS NULL THEN
    PERFORM refuse ('PBINV', format ('Event %s of case “%s” time-stamps no event of its history: an anchored event '
                                     'names an earlier event (“event_seq”) by its hash, in the current revision, and '
                                     'its token’s SHA-256 (“token_sha256”)', NEW.seq, NEW.case_id));
  END IF;
  RETURN NEW;
END
$$;

-- After events_before_insert (name order): nothing is said of a case one
-- may not write.
CREATE TRIGGER events_check_anchor BEFORE INSERT ON events
  FOR EACH ROW WHEN (NEW.kind = 'anchored' AND NOT importing (NEW.case_id))
  EXECUTE FUNCTION events_anchor_check ();

-- An anchor holds what its event recorded: the event it time-stamps, its
-- hash, and the token whose SHA-256 the event names.
CREATE FUNCTION anchors_as_recorded () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM events e
                  WHERE e.case_id = NEW.case_id AND e.seq = NEW.seq AND e.kind = 'anchored'
                    AND data_string (e.data, 'event_seq') = NEW.event_seq::text AND e.new_value = NEW.head_hash
                    AND data_string (e.data, 'token_sha256') = encode (sha256 (NEW.token), 'hex')) THEN
    PERFORM refuse ('PBHIS', format ('The time-stamp of event %s of case “%s” is not what that event recorded (the '
                                     'event it stamps, its hash, the token’s SHA-256)', NEW.seq, NEW.case_id));
  END IF;
  RETURN NEW;
END
$$;

-- After anchors_recorded (name order), which refuses first an anchor
-- without its event by the same person.
CREATE TRIGGER anchors_same_as_event BEFORE INSERT ON anchors
  FOR EACH ROW EXECUTE FUNCTION anchors_as_recorded ();

-- At commit: an anchored event has its anchor (one: the primary key),
-- a signed event its sign-off (one: sign_offs_by_event), and the report
-- it records a size for is stored; case verify counts both.
CREATE FUNCTION events_kept_rows () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  report text;
BEGIN
  IF NEW.kind = 'anchored' THEN
    IF NOT EXISTS (SELECT 1 FROM anchors a WHERE a.case_id = NEW.case_id AND a.seq = NEW.seq) THEN
      PERFORM refuse ('PBHIS', format ('Event %s of case “%s” records a time-stamp its case does not keep',
                                       NEW.seq, NEW.case_id));
    END IF;
    RETURN NULL;
  END IF;
  SELECT s.report_sha256 INTO report FROM sign_offs s WHERE s.case_id = NEW.case_id AND s.event_seq = NEW.seq;
  IF NOT FOUND THEN
    PERFORM refuse ('PBHIS', format ('Event %s of case “%s” signs it without its sign-off', NEW.seq, NEW.case_id));
  END IF;
  IF data_string (NEW.data, 'report_size') IS NOT NULL AND NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = report) THEN
    PERFORM refuse ('PBHIS', format ('Event %s of case “%s” signs a report (%s) that is not stored with it',
                                     NEW.seq, NEW.case_id, report));
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER events_kept_rows AFTER INSERT ON events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.kind IN ('anchored', 'signed'))
  EXECUTE FUNCTION events_kept_rows ();

-- At commit: a question's answer is what its last answer event of the
-- revision recorded (none after "answer-cleared"), as verify compares
-- them: the value, and the comment, note, who and when ('' for none).
-- answers_match_history (schema-v1.sql) asks it when the row changes;
-- this when an answer event is appended.
CREATE FUNCTION events_answer_kept () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  a answers;
  e events;
  differs boolean;
BEGIN
  IF NEW.question_id IS NULL THEN
    PERFORM refuse ('PBHIS', format ('Event %s of case “%s” answers no question', NEW.seq, NEW.case_id));
  END IF;
  SELECT * INTO e FROM events
   WHERE case_id = NEW.case_id AND revision = NEW.revision AND question_id = NEW.question_id
     AND kind IN ('answer-set', 'answer-changed', 'answer-cleared')
   ORDER BY seq DESC LIMIT 1;
  SELECT * INTO a FROM answers WHERE case_id = NEW.case_id AND revision = NEW.revision AND question_id = NEW.question_id;
  IF e.kind = 'answer-cleared' THEN
    differs := a.case_id IS NOT NULL;
  ELSE
    differs := a.case_id IS NULL
               OR a.value IS DISTINCT FROM e.new_value
               OR coalesce (a.comment, '') <> coalesce (data_string (e.data, 'comment'), '')
               OR coalesce (a.evidence_note, '') <> coalesce (data_string (e.data, 'evidence_note'), '')
               OR coalesce (a."user", '') <> coalesce (e."user", '')
               OR coalesce (a.updated, '') <> coalesce (e.time, '');
  END IF;
  IF differs THEN
    PERFORM refuse ('PBHIS', format ('The answer to %s of case “%s” (revision %s) is not what event %s of its history '
                                     'recorded', NEW.question_id, NEW.case_id, NEW.revision, e.seq));
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER events_answer_kept AFTER INSERT ON events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.kind IN ('answer-set', 'answer-changed', 'answer-cleared'))
  EXECUTE FUNCTION events_answer_kept ();

-- As Probity's evidence_key () (pb-case-store-history.c): fields apart by
-- U+001F, a NULL name "(null)" as printf writes it, other NULLs empty.
CREATE FUNCTION evidence_key (question text, sha256 text, file_name text, media_type text, size text, added_by text,
                              added text) RETURNS text
  LANGUAGE sql IMMUTABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT concat_ws (chr (31), coalesce (question, '(null)'), coalesce (sha256, '(null)'), coalesce (file_name, '(null)'),
                    coalesce (media_type, ''), coalesce (size, ''), coalesce (added_by, ''), coalesce (added, ''))
$$;

-- The evidence files of a question in a revision as verify replays them:
-- each "evidence-added" event of the question, in order, adds one
-- (question, SHA-256, file name, type, size, who, when), each
-- "evidence-removed" the first with its question, SHA-256 and file name,
-- and a reopening starts from the files of the revision before. NULL
-- when a removal finds no such file.
CREATE FUNCTION evidence_history (p_case text, p_revision bigint, p_question text) RETURNS text[]
  LANGUAGE plpgsql STABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  files text[] := '{}';
  e record;
  prefix text;
  i int;
BEGIN
  FOR e IN SELECT kind, new_value, old_value, "user", time, data FROM events
            WHERE case_id = p_case AND revision <= p_revision AND question_id = p_question
              AND kind IN ('evidence-added', 'evidence-removed')
            ORDER BY seq LOOP
    IF e.kind = 'evidence-added' THEN
      files := files || evidence_key (p_question, e.new_value, data_string (e.data, 'file_name'),
                                      data_string (e.data, 'media_type'), data_string (e.data, 'size'), e."user", e.time);
    ELSE
      prefix := evidence_key (p_question, e.old_value, data_string (e.data, 'file_name'), NULL, NULL, NULL, NULL);
      prefix := left (prefix, length (prefix) - 3);
      SELECT min (u.n) INTO i FROM unnest (files) WITH ORDINALITY AS u (f, n) WHERE left (u.f, length (prefix)) = prefix;
      IF i IS NULL THEN
        RETURN NULL;
      END IF;
      files := files[1:i - 1] || files[i + 1:];
    END IF;
  END LOOP;
  RETURN ARRAY (SELECT f FROM unnest (files) f ORDER BY f COLLATE "C");
END
$$;

-- At commit, when a file is kept or removed or an evidence event appended:
-- the question's files are what its history added and removed, row for
-- row (evidence_match_history and evidence_removed_by_event asked for an
-- event per row and a count per SHA-256: one event let 2,000 rows in).
CREATE FUNCTION evidence_as_history () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  r record := coalesce (NEW, OLD);
  question text;
  kept text[];
BEGIN
  question := r.question_id;
  IF question IS NULL THEN
    PERFORM refuse ('PBHIS', format ('An evidence event of case “%s” names no question', r.case_id));
  END IF;
  SELECT ARRAY (SELECT x.k
                  FROM (SELECT evidence_key (v.question_id, v.sha256, v.file_name, v.media_type, v.size::text,
                                             v.added_by, v.added) AS k
                          FROM evidence v
                         WHERE v.case_id = r.case_id AND v.revision = r.revision AND v.question_id = question) x
                 ORDER BY x.k COLLATE "C") INTO kept;
  IF evidence_history (r.case_id, r.revision, question) IS DISTINCT FROM kept THEN
    PERFORM refuse ('PBHIS', format ('The evidence files of question %s of case “%s” (revision %s) are not those its '
                                     'history added and removed', question, r.case_id, r.revision));
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER evidence_as_history AFTER INSERT OR DELETE ON evidence
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION evidence_as_history ();
CREATE CONSTRAINT TRIGGER events_evidence_as_history AFTER INSERT ON events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.kind IN ('evidence-added', 'evidence-removed'))
  EXECUTE FUNCTION evidence_as_history ();

-- Verify reads every evidence file, and refuses one above 20 MiB (Probity's
-- PB_EVIDENCE_MAX_SIZE): stored files go up to 64 MiB (a signed report).
CREATE FUNCTION evidence_file_size () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF (SELECT octet_length (b.content) FROM blobs b WHERE b.sha256 = NEW.sha256) > 20971520 THEN
    PERFORM refuse ('PBINV', format ('The evidence file “%s” of case “%s” is above the 20 MiB an evidence file holds',
                                     NEW.file_name, NEW.case_id));
  END IF;
  RETURN NEW;
END
$$;

-- After evidence_check_insert and evidence_file_named (name order).
CREATE TRIGGER evidence_size BEFORE INSERT ON evidence
  FOR EACH ROW EXECUTE FUNCTION evidence_file_size ();

REVOKE EXECUTE ON FUNCTION data_string (text, text), events_anchor_check (), anchors_as_recorded (), events_kept_rows (),
                           events_answer_kept (), evidence_history (text, bigint, text),
                           evidence_key (text, text, text, text, text, text, text), evidence_as_history (),
                           evidence_file_size () FROM PUBLIC;

RESET ROLE;
