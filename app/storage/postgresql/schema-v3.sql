-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 3: importing cases (`probity-cli db
-- copy`, `case import --db`). Installed by `probity-cli db init` after
-- version 2, in the same transaction (README.md, "Imported cases").
--
-- A copied history names people who are not connected, which every rule
-- of version 1 refuses (a forged author). Only an administrator may bring
-- one in, and only through import_case(), which runs as the schema's
-- owner: it marks its own transaction as importing that one case in a
-- table nobody else may write, so the triggers take the import's checks
-- instead of the identity checks; it recomputes every event's hash and
-- chain link as it inserts them, keeps the original authors and times, and
-- appends an "imported" event of its own, by the administrator, that
-- chains on. The checks at commit (a revision is what its history says,
-- answers and evidence are what their events say, the head is the last
-- event) hold for an imported case as for any other. A modified client
-- cannot mark a transaction as importing, and cannot call import_case()
-- unless it logs in as an administrator.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- The case each running import_case() brings in, by transaction; empty
-- outside one. No grant: only the owner (import_case()) writes it.
CREATE TABLE importing (
  xact    bigint NOT NULL,
  case_id text NOT NULL,
  PRIMARY KEY (xact, case_id)
);

CREATE FUNCTION importing (p_case text) RETURNS boolean
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT EXISTS (SELECT 1 FROM importing WHERE xact = txid_current () AND case_id = p_case)
$$;

-- The rules of version 1 apply to whatever is not being imported; what is
-- gets the checks below instead. (A DELETE trigger has no NEW: the rules
-- on changing and removing answers and evidence stay as they were.)
DROP TRIGGER events_before_insert ON events;
CREATE TRIGGER events_before_insert BEFORE INSERT ON events
  FOR EACH ROW WHEN (NOT importing (NEW.case_id)) EXECUTE FUNCTION events_before_insert ();
DROP TRIGGER cases_before_insert ON cases;
CREATE TRIGGER cases_before_insert BEFORE INSERT ON cases
  FOR EACH ROW WHEN (NOT importing (NEW.id)) EXECUTE FUNCTION cases_before_insert ();
DROP TRIGGER revisions_before_insert ON revisions;
CREATE TRIGGER revisions_before_insert BEFORE INSERT ON revisions
  FOR EACH ROW WHEN (NOT importing (NEW.case_id)) EXECUTE FUNCTION revisions_before_insert ();
DROP TRIGGER answers_check ON answers;
CREATE TRIGGER answers_check BEFORE UPDATE OR DELETE ON answers
  FOR EACH ROW EXECUTE FUNCTION answers_check ();
CREATE TRIGGER answers_check_insert BEFORE INSERT ON answers
  FOR EACH ROW WHEN (NOT importing (NEW.case_id)) EXECUTE FUNCTION answers_check ();
DROP TRIGGER evidence_check ON evidence;
CREATE TRIGGER evidence_check BEFORE UPDATE OR DELETE ON evidence
  FOR EACH ROW EXECUTE FUNCTION answers_check ();
CREATE TRIGGER evidence_check_insert BEFORE INSERT ON evidence
  FOR EACH ROW WHEN (NOT importing (NEW.case_id)) EXECUTE FUNCTION answers_check ();
DROP TRIGGER sign_offs_recorded ON sign_offs;
CREATE TRIGGER sign_offs_recorded BEFORE INSERT ON sign_offs
  FOR EACH ROW WHEN (NOT importing (NEW.case_id)) EXECUTE FUNCTION recorded_by_event ();
DROP TRIGGER anchors_recorded ON anchors;
CREATE TRIGGER anchors_recorded BEFORE INSERT ON anchors
  FOR EACH ROW WHEN (NOT importing (NEW.case_id)) EXECUTE FUNCTION recorded_by_event ();

-- An imported event: it follows the head (import_case() moves the head
-- after each), hashes to its hash, is of a kind the store writes, at a
-- time of the store's form, in a revision the case has. Who made it is
-- the history's word, vouched for by the administrator's "imported" event.
CREATE FUNCTION events_import_check () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  c cases;
BEGIN
  SELECT * INTO c FROM cases WHERE id = NEW.case_id FOR UPDATE;
  IF NEW.seq IS DISTINCT FROM c.head_seq + 1 OR NEW.prev_hash IS DISTINCT FROM c.head_hash THEN
    PERFORM refuse ('PBCHN', format ('Event %s of case “%s” does not follow event %s of the history being imported: '
                                     'an event is missing or was altered', NEW.seq, NEW.case_id, c.head_seq));
  END IF;
  IF NEW.hash IS DISTINCT FROM event_hash (NEW) THEN
    PERFORM refuse ('PBCHN', format ('Event %s of case “%s” does not hash to its “hash”: it was altered after it '
                                     'was recorded', NEW.seq, NEW.case_id));
  END IF;
  IF NEW.time IS NULL OR NEW.time !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$' THEN
    PERFORM refuse ('PBINV', format ('Event %s of case “%s” has the time “%s”, not YYYY-MM-DDTHH:MM:SS.ffffffZ',
                                     NEW.seq, NEW.case_id, NEW.time));
  END IF;
  IF is_blank (NEW."user") OR NEW.kind IS NULL OR NEW.kind NOT IN
     ('case-created', 'answer-set', 'answer-changed', 'answer-cleared', 'evidence-added', 'evidence-removed',
      'status-changed', 'signed', 'reopened', 'anchored', 'party-added', 'party-removed', 'screened',
      'hit-decided', 'imported') THEN
    PERFORM refuse ('PBINV', format ('Event %s of case “%s” is of no kind the store writes (“%s”), or names nobody',
                                     NEW.seq, NEW.case_id, NEW.kind));
  END IF;
  IF (NEW.kind = 'case-created') IS DISTINCT FROM (NEW.seq = 1) THEN
    PERFORM refuse ('PBINV', format ('Case “%s” was created once, by event 1', NEW.case_id));
  END IF;
  IF NOT EXISTS (SELECT 1 FROM revisions WHERE case_id = NEW.case_id AND revision = NEW.revision) THEN
    PERFORM refuse ('PBINV', format ('Event %s of case “%s” names revision %s, which it does not have',
                                     NEW.seq, NEW.case_id, NEW.revision));
  END IF;
  -- What the server holds of each submission, as for one made here.
  IF NEW.kind = 'status-changed' AND NEW.new_value = 'submitted' THEN
    INSERT INTO submissions (case_id, seq, revision, submitted_by, outcome, hard_stops, hard_stops_known)
      SELECT NEW.case_id, NEW.seq, NEW.revision, NEW."user",
             CASE WHEN outcome_rank (data_get (NEW.data, 'outcome')) BETWEEN outcome_rank (r.outcome) + 1 AND 5
                  THEN data_get (NEW.data, 'outcome') ELSE r.outcome END,
             data_get (NEW.data, 'hard_stops'), data_has (NEW.data, 'hard_stops')
        FROM revisions r WHERE r.case_id = NEW.case_id AND r.revision = NEW.revision;
    UPDATE cases SET submitted = true WHERE id = NEW.case_id AND NOT submitted;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER events_import_check BEFORE INSERT ON events
  FOR EACH ROW WHEN (importing (NEW.case_id)) EXECUTE FUNCTION events_import_check ();

-- A sign-off or an anchor brought in with its case: recorded by its event.
CREATE FUNCTION recorded_import_check () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  v_seq bigint;
  v_kind text := CASE WHEN TG_TABLE_NAME = 'sign_offs' THEN 'signed' ELSE 'anchored' END;
BEGIN
  IF TG_TABLE_NAME = 'sign_offs' THEN
    v_seq := NEW.event_seq;
  ELSE
    v_seq := NEW.seq;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM events e WHERE e.case_id = NEW.case_id AND e.seq = v_seq AND e.kind = v_kind) THEN
    PERFORM refuse ('PBHIS', format ('Event %s of case “%s” is not the “%s” event its %s names',
                                     v_seq, NEW.case_id, v_kind, TG_TABLE_NAME));
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER sign_offs_import_check BEFORE INSERT ON sign_offs
  FOR EACH ROW WHEN (importing (NEW.case_id)) EXECUTE FUNCTION recorded_import_check ();
CREATE TRIGGER anchors_import_check BEFORE INSERT ON anchors
  FOR EACH ROW WHEN (importing (NEW.case_id)) EXECUTE FUNCTION recorded_import_check ();

-- Brings in one case, as the JSON @bundle gives it: {"case": {…},
-- "customer": {…}, "product": {…}, "revisions": […], "answers": […],
-- "evidence": […], "sign_offs": […], "events": […], "anchors": […]}, each
-- row an object of its table's columns (bytea as "\x…" hex). The
-- questionnaire, reference data and stored files it names are inserted
-- before (content-addressed: their bytes are checked against their
-- SHA-256). Every row is put in case @bundle.case.id, whatever it says.
-- The case goes to team @p_team, else to its creator's team here.
-- Returns the hash of the "imported" event appended, or NULL when the
-- case is here already with the same history (an import resumed). Only
-- administrators may call it; it runs as the schema's owner.
CREATE FUNCTION import_case (source text, bundle jsonb, p_team text DEFAULT NULL) RETURNS text
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  c cases := jsonb_populate_record (NULL::cases, bundle -> 'case');
  here cases;
  e events;
  imp events;
  n_revisions bigint;
BEGIN
  IF NOT holds ('admin') THEN
    PERFORM refuse ('PBROL', format ('%s is no administrator: only an administrator imports cases', session_user));
  END IF;
  IF c.id IS NULL OR is_blank (source) THEN
    PERFORM refuse ('PBINV', 'An import names its case and where it comes from');
  END IF;

  SELECT * INTO here FROM cases WHERE id = c.id FOR UPDATE;
  IF FOUND THEN
    -- Resumed: the same history, with nothing since but imports.
    IF (SELECT count (*) = count (DISTINCT b.seq) AND count (*) = max (b.seq) AND min (b.seq) = 1
          FROM jsonb_populate_recordset (NULL::events, bundle -> 'events') b)
       AND NOT EXISTS (SELECT 1 FROM jsonb_populate_recordset (NULL::events, bundle -> 'events') b
                         LEFT JOIN events h ON h.case_id = c.id AND h.seq = b.seq
                        WHERE h.hash IS DISTINCT FROM b.hash)
       AND NOT EXISTS (SELECT 1 FROM events h WHERE h.case_id = c.id AND h.kind <> 'imported'
                          AND h.seq > (SELECT max (b.seq) FROM jsonb_populate_recordset (NULL::events, bundle -> 'events') b)) THEN
      RETURN NULL;
    END IF;
    PERFORM refuse ('PBCHN', format ('Case “%s” is on this server already, with another history; nothing was imported',
                                     c.id));
  END IF;

  c.team := coalesce (NULLIF (btrim (p_team), ''), (SELECT m.team FROM members m WHERE m.member::text = c.created_by));
  IF c.team IS NULL THEN
    PERFORM refuse ('PBTEA', format ('Case “%s” was created by %s, who is in no team here: name the team its cases go to',
                                     c.id, c.created_by));
  END IF;
  INSERT INTO teams (name) VALUES (c.team) ON CONFLICT DO NOTHING;
  INSERT INTO importing (xact, case_id) VALUES (txid_current (), c.id);

  INSERT INTO customers SELECT (jsonb_populate_record (NULL::customers, bundle -> 'customer')).*
    ON CONFLICT (uid) DO NOTHING;
  INSERT INTO products SELECT (jsonb_populate_record (NULL::products, bundle -> 'product')).*
    ON CONFLICT (uid) DO NOTHING;
  INSERT INTO cases (id, customer_uid, product_uid, questionnaire_sha256, created, created_by, current_revision,
                     updated, head_seq, head_hash, reference_sha256, team, submitted)
    VALUES (c.id, c.customer_uid, c.product_uid, c.questionnaire_sha256, c.created, c.created_by, 1,
            c.created, 0, repeat ('0', 64), c.reference_sha256, c.team, false);

  -- Revisions unsealed, so that their answers go in; sealed last.
  INSERT INTO revisions (case_id, revision, status, decision, reason, conditions, sealed, created, outcome, n_answers)
    SELECT c.id, r.revision, r.status, r.decision, r.reason, r.conditions, 0, r.created, r.outcome, r.n_answers
      FROM jsonb_populate_recordset (NULL::revisions, bundle -> 'revisions') r;
  SELECT count (*) INTO n_revisions FROM revisions WHERE case_id = c.id;
  IF n_revisions = 0 OR n_revisions <> (SELECT max (revision) FROM revisions WHERE case_id = c.id)
     OR (SELECT min (revision) FROM revisions WHERE case_id = c.id) <> 1 THEN
    PERFORM refuse ('PBINV', format ('The revisions of case “%s” are not numbered 1, 2, …', c.id));
  END IF;
  INSERT INTO answers (case_id, revision, question_id, value, comment, evidence_note, "user", updated)
    SELECT c.id, a.revision, a.question_id, a.value, a.comment, a.evidence_note, a."user", a.updated
      FROM jsonb_populate_recordset (NULL::answers, bundle -> 'answers') a;
  INSERT INTO evidence (case_id, revision, question_id, file_name, media_type, sha256, size, added_by, added)
    SELECT c.id, v.revision, v.question_id, v.file_name, v.media_type, v.sha256, v.size, v.added_by, v.added
      FROM jsonb_populate_recordset (NULL::evidence, bundle -> 'evidence') v ORDER BY v.id;

  -- The history, checked event by event as it goes in (events_import_check).
  FOR e IN SELECT * FROM jsonb_populate_recordset (NULL::events, bundle -> 'events') ORDER BY seq
  LOOP
    e.case_id := c.id;
    INSERT INTO events SELECT e.*;
    UPDATE cases SET head_seq = e.seq, head_hash = e.hash, updated = e.time WHERE id = c.id;
  END LOOP;

  INSERT INTO sign_offs (case_id, revision, event_seq, role, name, decision, reason, conditions, time, report_sha256,
                         answers_fingerprint, history_head, organisation, certificate_sha256, language)
    SELECT c.id, s.revision, s.event_seq, s.role, s.name, s.decision, s.reason, s.conditions, s.time, s.report_sha256,
           s.answers_fingerprint, s.history_head, s.organisation, s.certificate_sha256, s.language
      FROM jsonb_populate_recordset (NULL::sign_offs, bundle -> 'sign_offs') s ORDER BY s.id;
  INSERT INTO anchors (case_id, seq, event_seq, head_hash, token)
    SELECT c.id, a.seq, a.event_seq, a.head_hash, a.token
      FROM jsonb_populate_recordset (NULL::anchors, bundle -> 'anchors') a;

  UPDATE revisions SET sealed = 1 WHERE case_id = c.id AND revision IN
    (SELECT r.revision FROM jsonb_populate_recordset (NULL::revisions, bundle -> 'revisions') r WHERE r.sealed = 1);
  UPDATE cases SET current_revision = n_revisions WHERE id = c.id;

  -- The administrator's word for the copied history, chained on.
  SELECT * INTO here FROM cases WHERE id = c.id;
  IF here.head_seq = 0 THEN
    PERFORM refuse ('PBINV', format ('Case “%s” has no history to import', c.id));
  END IF;
  imp := ROW (c.id, here.head_seq + 1, here.current_revision,
              to_char (clock_timestamp () AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
              session_user::text, 'imported', NULL, NULL, here.head_hash,
              format ('imported by %s from %s (chain head %s)', session_user, source, here.head_hash),
              jsonb_build_object ('events', here.head_seq::text, 'source', source)::text,
              here.head_hash, NULL, 'admin', NULL)::events;
  imp.hash := event_hash (imp);
  INSERT INTO events SELECT imp.*;
  UPDATE cases SET head_seq = imp.seq, head_hash = imp.hash, updated = imp.time WHERE id = c.id;

  DELETE FROM importing WHERE xact = txid_current () AND case_id = c.id;
  RETURN imp.hash;
END
$$;

-- How many cases the server holds, for an administrator (who reads none)
-- to see that a copy goes to an empty server.
CREATE FUNCTION case_count () RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT count (*) FROM cases
$$;

-- check_history() for one case, whoever may read it: what an
-- administrator checks after an import, without reading the case.
CREATE FUNCTION check_case_history (p_case text) RETURNS TABLE (seq bigint, problem text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT x.seq, x.problem FROM (
    SELECT e.seq,
           CASE WHEN e.seq <> coalesce (lag (e.seq) OVER w, 0) + 1 THEN 'an event before this one is missing'
                WHEN e.prev_hash <> coalesce (lag (e.hash) OVER w, repeat ('0', 64)) THEN 'prev_hash is not the hash of the event before'
                WHEN e.hash <> event_hash (e) THEN 'the event was altered: it does not hash to its hash'
           END AS problem
      FROM events e WHERE e.case_id = p_case
    WINDOW w AS (ORDER BY e.seq)
    UNION ALL
    SELECT c.head_seq, 'the head of the case is not its last event'
      FROM cases c
     WHERE c.id = p_case
       AND (NOT EXISTS (SELECT 1 FROM events l WHERE l.case_id = c.id AND l.seq = c.head_seq AND l.hash = c.head_hash)
            OR EXISTS (SELECT 1 FROM events l WHERE l.case_id = c.id AND l.seq > c.head_seq))
    UNION ALL
    SELECT 0, 'there is no such case' WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = p_case)
  ) x WHERE x.problem IS NOT NULL
  ORDER BY 1
$$;

REVOKE EXECUTE ON FUNCTION importing (text), events_import_check (), recorded_import_check (),
                           import_case (text, jsonb, text), case_count (), check_case_history (text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION importing (text) TO probity_sales, probity_reviewer, probity_auditor, probity_admin;
GRANT EXECUTE ON FUNCTION import_case (text, jsonb, text), case_count (), check_case_history (text) TO probity_admin;
-- The content an import names, checked against its SHA-256 by the triggers.
GRANT INSERT ON questionnaires, reference_data, blobs TO probity_admin;

RESET ROLE;
