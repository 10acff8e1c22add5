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
--   submitted case. Each is refused as verify would call it; and a
--   screening event (party-added, party-removed, screened, hit-decided)
--   that does not follow, as verify replays it (review14e H5).
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

-- Screening events verify replays (review14e H5) ----------------------------------

-- The server checked a screening event's writer and role, not its replay
-- (pb-case-store-screening.c, _pb_case_screening_apply ()): a reviewer's
-- "hit-decided" naming no hit of the latest screening, a sales person's
-- party numbered out of turn or a screening of no party, froze the case
-- as an H2 event did. Each is refused before it is written (PBINV), as
-- verify replays it; what verify then compares against the lists kept
-- in the file (an edition's publisher, date and entries) stays its own.

-- Blank as Probity's _pb_case_store_is_blank () says: Unicode spaces
-- (g_unichar_isspace ()) too, which is_blank () does not count.
CREATE FUNCTION pb_blank (t text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT t IS NULL OR t ~ '^[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$'
$$;

-- A JSON string member of @o, else NULL (Probity's member_string ()).
CREATE FUNCTION json_string (o jsonb, key text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN jsonb_typeof (o -> key) = 'string' THEN o ->> key END
$$;

-- The parties of @p_case before event @p_seq: "customer" and each party
-- added and not removed since.
CREATE FUNCTION screening_parties (p_case text, p_seq bigint) RETURNS text[]
  LANGUAGE sql STABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT ARRAY['customer'] || coalesce (array_agg (a.new_value ORDER BY a.seq), '{}')
    FROM events a
   WHERE a.case_id = p_case AND a.seq < p_seq AND a.kind = 'party-added'
     AND NOT EXISTS (SELECT 1 FROM events r WHERE r.case_id = p_case AND r.seq > a.seq AND r.seq < p_seq
                        AND r.kind = 'party-removed' AND r.old_value = a.new_value)
$$;

CREATE FUNCTION events_screening_check () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  d jsonb;
  why text;
  parties text[];
  run_parties text[] := '{}';
  item jsonb;
  latest events;
  hit jsonb;
  n int;
  key_party text;
  key_entry text;
  status text;
  offered boolean;
BEGIN
  BEGIN
    d := NEW.data::jsonb;
  EXCEPTION WHEN others THEN
    d := NULL;
  END;
  parties := screening_parties (NEW.case_id, NEW.seq);

  IF NEW.kind = 'party-added' THEN
    IF jsonb_typeof (d) IS DISTINCT FROM 'object'
       OR NEW.new_value IS DISTINCT FROM 'P' || (SELECT count (*) + 1 FROM events e
                                                  WHERE e.case_id = NEW.case_id AND e.seq < NEW.seq
                                                    AND e.kind = 'party-added') THEN
      why := 'it adds a party whose number or data is not the next one';
    ELSIF json_string (d, 'role') IS NULL OR json_string (d, 'role') NOT IN ('end-user', 'consignee', 'intermediary')
          OR pb_blank (json_string (d, 'name')) THEN
      why := 'it adds a party without a name or with an unknown role';
    END IF;

  ELSIF NEW.kind = 'party-removed' THEN
    IF NEW.old_value IS NULL OR NEW.old_value = 'customer' OR NOT NEW.old_value = ANY (parties) THEN
      why := 'it removes a party the case does not have';
    END IF;

  ELSIF NEW.kind = 'screened' THEN
    IF jsonb_typeof (d) IS DISTINCT FROM 'object' THEN
      why := 'its data is not a screening';
    ELSIF jsonb_typeof (d -> 'editions') IS DISTINCT FROM 'array' OR jsonb_array_length (d -> 'editions') = 0 THEN
      why := 'it names no list edition';
    ELSIF EXISTS (SELECT 1 FROM jsonb_array_elements (d -> 'editions') x
                   WHERE jsonb_typeof (x) <> 'object' OR json_string (x, 'list') IS NULL
                      OR coalesce (json_string (x, 'file_sha256'), '') !~ '^[0-9a-f]{64}$') THEN
      why := 'a list edition it names has no list or SHA-256';
    ELSIF jsonb_typeof (d -> 'parties') IS DISTINCT FROM 'array' OR jsonb_array_length (d -> 'parties') = 0 THEN
      why := 'it screens no party';
    ELSE
      FOR item IN SELECT * FROM jsonb_array_elements (d -> 'parties') LOOP
        IF jsonb_typeof (item) <> 'object' OR json_string (item, 'party') IS NULL
           OR NOT json_string (item, 'party') = ANY (parties) OR json_string (item, 'party') = ANY (run_parties) THEN
          why := 'it screens a party the case does not have at that point';
          EXIT;
        END IF;
        run_parties := run_parties || json_string (item, 'party');
      END LOOP;
      IF why IS NULL AND jsonb_typeof (d -> 'hits') = 'array' THEN
        n := 0;
        FOR item IN SELECT * FROM jsonb_array_elements (d -> 'hits') LOOP
          n := n + 1;
          IF jsonb_typeof (item) <> 'object' OR json_string (item, 'party') IS NULL
             OR NOT json_string (item, 'party') = ANY (run_parties)
             OR NOT EXISTS (SELECT 1 FROM jsonb_array_elements (d -> 'editions') ed
                             WHERE json_string (ed, 'list') = json_string (item, 'list')
                               AND json_string (ed, 'file_sha256') = json_string (item, 'edition'))
             OR json_string (item, 'entry') IS NULL OR json_string (item, 'listed_name') IS NULL
             OR NOT (CASE WHEN jsonb_typeof (item -> 'score') = 'number'
                          THEN (item -> 'score')::numeric BETWEEN 0 AND 1 ELSE false END) THEN
            why := format ('its hit %s names no party, edition, listed entry or score of the screening', n);
            EXIT;
          END IF;
          IF json_string (item, 'entry_sha256') IS DISTINCT FROM encode (sha256 (convert_to (item ->> 'entry', 'UTF8')), 'hex') THEN
            why := format ('the listed entry of its hit %s no longer matches its SHA-256', n);
            EXIT;
          END IF;
          IF jsonb_typeof (item -> 'prior') = 'array'
             AND EXISTS (SELECT 1 FROM jsonb_array_elements (item -> 'prior') p
                          WHERE jsonb_typeof (p) <> 'object'
                             OR json_string (p, 'case') IS NULL OR json_string (p, 'party') IS NULL
                             OR json_string (p, 'by') IS NULL OR json_string (p, 'at') IS NULL
                             OR pb_blank (json_string (p, 'reason'))
                             OR coalesce (json_string (p, 'entry_sha256'), '') !~ '^[0-9a-f]{64}$'
                             OR json_string (p, 'decision') IS NULL
                             OR json_string (p, 'decision') NOT IN ('cleared', 'confirmed')
                             OR NOT CASE WHEN jsonb_typeof (p -> 'event') = 'number' AND (p ->> 'event') ~ '^[1-9][0-9]{0,9}$'
                                         THEN (p ->> 'event')::bigint <= 4294967295 ELSE false END) THEN
            why := format ('its hit %s offers a decision of another case without its case, event, decision, '
                           'reviewer, date, reason, party or entry', n);
            EXIT;
          END IF;
        END LOOP;
      END IF;
      IF why IS NULL AND EXISTS (
           SELECT 1 FROM jsonb_array_elements (d -> 'editions') x
             JOIN list_editions l ON l.list_id = json_string (x, 'list') AND l.file_sha256 = json_string (x, 'file_sha256')
            WHERE l.publisher IS DISTINCT FROM json_string (x, 'publisher')
               OR l.published IS DISTINCT FROM json_string (x, 'published')
               OR l.n_entries IS DISTINCT FROM CASE WHEN jsonb_typeof (x -> 'entries') = 'number'
                                                    THEN trunc ((x -> 'entries')::numeric) ELSE 0 END) THEN
        why := 'it screened against an edition of a list that this server records differently (publisher, date or '
               'number of entries)';
      END IF;
    END IF;

  ELSIF NEW.kind = 'hit-decided' THEN
    SELECT * INTO latest FROM events e WHERE e.case_id = NEW.case_id AND e.seq < NEW.seq AND e.kind = 'screened'
     ORDER BY e.seq DESC LIMIT 1;
    IF latest.seq IS NOT NULL AND json_string (d, 'hit') ~ ('^H' || latest.seq || '\.[1-9][0-9]{0,5}$') THEN
      n := substring (json_string (d, 'hit') FROM '\.([0-9]+)$')::int;
      hit := latest.data::jsonb -> 'hits' -> (n - 1);
    END IF;
    IF hit IS NULL THEN
      why := 'it decides a hit that is not one of the latest screening';
    ELSE
      key_party := json_string (hit, 'party');
      key_entry := json_string (hit, 'entry_sha256');
      -- Its state: decided since the screening, or else the decision on
      -- the same party and entry before it (carried), or else open.
      SELECT e.new_value INTO status FROM events e
       WHERE e.case_id = NEW.case_id AND e.seq > latest.seq AND e.seq < NEW.seq AND e.kind = 'hit-decided'
         AND data_string (e.data, 'hit') = json_string (d, 'hit')
       ORDER BY e.seq DESC LIMIT 1;
      IF status IS NULL THEN
        SELECT e.new_value INTO status
          FROM events e JOIN events s ON s.case_id = e.case_id AND s.kind = 'screened'
                                     AND s.seq = substring (data_string (e.data, 'hit') FROM '^H([0-9]+)\.')::bigint
         WHERE e.case_id = NEW.case_id AND e.seq < latest.seq AND e.kind = 'hit-decided'
           AND json_string (s.data::jsonb -> 'hits' -> (substring (data_string (e.data, 'hit') FROM '\.([0-9]+)$')::int - 1),
                            'party') = key_party
           AND json_string (s.data::jsonb -> 'hits' -> (substring (data_string (e.data, 'hit') FROM '\.([0-9]+)$')::int - 1),
                            'entry_sha256') = key_entry
         ORDER BY e.seq DESC LIMIT 1;
      END IF;
      IF NEW.old_value IS DISTINCT FROM coalesce (status, 'open')
         OR NEW.new_value IS NULL OR NEW.new_value NOT IN ('cleared', 'confirmed') OR pb_blank (NEW.reason) THEN
        why := 'its decision does not follow from the hit''s state, or has no reason';
      ELSIF data_string (NEW.data, 'prior_case') IS NOT NULL OR data_string (NEW.data, 'prior_event') IS NOT NULL THEN
        SELECT EXISTS (SELECT 1 FROM jsonb_array_elements (CASE WHEN jsonb_typeof (hit -> 'prior') = 'array'
                                                                THEN hit -> 'prior' ELSE '[]' END) p
                        WHERE json_string (p, 'case') = data_string (NEW.data, 'prior_case')
                          AND p ->> 'event' = data_string (NEW.data, 'prior_event')
                          AND json_string (p, 'entry_sha256') = key_entry
                          AND json_string (p, 'decision') = NEW.new_value
                          AND json_string (p, 'reason') = NEW.reason) INTO offered;
        IF NOT offered THEN
          why := 'it adopts a decision of another case that the screening did not offer for this entry as it is';
        END IF;
      END IF;
    END IF;
  END IF;

  IF why IS NOT NULL THEN
    PERFORM refuse ('PBINV', format ('Event %s of case “%s” does not follow from the events before it: %s',
                                     NEW.seq, NEW.case_id, why));
  END IF;
  RETURN NEW;
END
$$;

-- After events_before_insert (name order): nothing is said of a case one
-- may not write.
CREATE TRIGGER events_check_screening BEFORE INSERT ON events
  FOR EACH ROW WHEN (NEW.kind IN ('party-added', 'party-removed', 'screened', 'hit-decided')
                     AND NOT importing (NEW.case_id))
  EXECUTE FUNCTION events_screening_check ();

REVOKE EXECUTE ON FUNCTION data_string (text, text), events_anchor_check (), anchors_as_recorded (), events_kept_rows (),
                           events_answer_kept (), evidence_history (text, bigint, text),
                           evidence_key (text, text, text, text, text, text, text), evidence_as_history (),
                           evidence_file_size (), pb_blank (text), json_string (jsonb, text),
                           screening_parties (text, bigint), events_screening_check () FROM PUBLIC;

RESET ROLE;
