-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 6 (after schema-v5.sql, in the same
-- transaction of `probity-cli db init`): what an adversarial check of the
-- team server found a person could do with SQL typed by hand, closed.
--
-- - Stored files were readable by every role: a sales person read every
--   team's evidence and every signed report with SELECT on blobs. A stored
--   file is now read by whoever sees a row naming it (an evidence file or
--   a sign-off of a case they see), an auditor every one.
-- - An evidence row could be deleted without the evidence-removed event
--   that records it: the file left the case and its history said nothing.
-- - A signed revision's kept outcome and number of answers (what the case
--   list shows and `case verify` checks) could still be changed.
-- - A stored questionnaire's id and version, and reference data's version,
--   could be set to anything by any sales person or reviewer: every case
--   answered under it then failed `case verify`, on every team. They are
--   now what the stored bytes say, and never change.
-- - A sign-off row needed only its signed event and the signer's name: the
--   rest of it (role, decision, report, fingerprint, …) is now what that
--   event recorded, as `case verify` checks.
-- - An answer event could say it changed an answer "from" a value nobody
--   gave, and an evidence-removed event remove a file the revision does
--   not have: the history then no longer follows, and the case looks
--   tampered. Each now follows from the events before it.
-- - Approvals were checked against what the revision was rated at its
--   submission and the outcome kept now, which whoever writes the case may
--   set: a reviewer could lower it and approve, alone, a case an answer or
--   a hit confirmed after the submission made a legal hard stop. The
--   server now keeps the gravest outcome kept since each submission: an
--   approval of a case that became do-not-proceed or on hold since, or
--   whose hit was confirmed since, is refused until it is sent back and
--   submitted again: the server cannot rate it, and a new submission
--   records its hard stops and what it takes to approve it.
--
-- tests/test-pg-team.sh tries each of these as the person who could.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- Stored files -------------------------------------------------------------

CREATE INDEX evidence_by_sha256 ON evidence (sha256);
CREATE INDEX sign_offs_by_report ON sign_offs (report_sha256);

-- The subqueries read evidence and sign_offs under their own row-level
-- security: a file is seen through a case the reader sees. Anyone who
-- writes cases may add a file (its bytes must hash to its name); a stored
-- file never changes (content_matches) and is never deleted.
ALTER TABLE blobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY blobs_read ON blobs FOR SELECT USING (
  (SELECT holds ('auditor'))
  OR EXISTS (SELECT 1 FROM evidence v WHERE v.sha256 = blobs.sha256)
  OR EXISTS (SELECT 1 FROM sign_offs s WHERE s.report_sha256 = blobs.sha256));
CREATE POLICY blobs_add ON blobs FOR INSERT WITH CHECK (true);
-- An administrator reads no case, nor its files; the files of a case
-- imported go in with INSERT … ON CONFLICT DO NOTHING, which reads none.
REVOKE SELECT ON blobs FROM probity_admin;

-- Evidence removed ----------------------------------------------------------

-- At commit: the files of a question in a revision are those its events
-- added, less those they removed, plus the ones a reopening copied from
-- the signed revision before (which no longer changes). Checked when a
-- file is deleted and when an evidence-removed event is appended.
CREATE FUNCTION evidence_removed_by_event () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  v_case text;
  v_revision bigint;
  v_question text;
  v_sha256 text;
  n_rows bigint;
  n_added bigint;
  n_removed bigint;
  n_copied bigint := 0;
BEGIN
  IF TG_TABLE_NAME = 'evidence' THEN
    v_case := OLD.case_id; v_revision := OLD.revision; v_question := OLD.question_id; v_sha256 := OLD.sha256;
  ELSE
    v_case := NEW.case_id; v_revision := NEW.revision; v_question := NEW.question_id; v_sha256 := NEW.old_value;
  END IF;
  SELECT count (*) INTO n_rows FROM evidence
   WHERE case_id = v_case AND revision = v_revision AND question_id = v_question AND sha256 = v_sha256;
  SELECT count (*) FILTER (WHERE kind = 'evidence-added' AND new_value = v_sha256),
         count (*) FILTER (WHERE kind = 'evidence-removed' AND old_value = v_sha256)
    INTO n_added, n_removed
    FROM events
   WHERE case_id = v_case AND revision = v_revision AND question_id = v_question
     AND kind IN ('evidence-added', 'evidence-removed');
  IF v_revision > 1 THEN
    SELECT count (*) INTO n_copied FROM evidence
     WHERE case_id = v_case AND revision = v_revision - 1 AND question_id = v_question AND sha256 = v_sha256;
  END IF;
  IF n_rows IS DISTINCT FROM n_copied + n_added - n_removed THEN
    PERFORM refuse ('PBHIS', format ('The evidence files %s of question %s of case “%s” (revision %s) are not what '
                                     'its history added and removed', v_sha256, v_question, v_case, v_revision));
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER evidence_removed_by_event AFTER DELETE ON evidence
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION evidence_removed_by_event ();
CREATE CONSTRAINT TRIGGER events_evidence_removed AFTER INSERT ON events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.kind = 'evidence-removed')
  EXECUTE FUNCTION evidence_removed_by_event ();

-- Answers follow ---------------------------------------------------------------

-- An answer event changes the answer from what the events before it left:
-- the last answer event of the question in the revision, else the answer
-- a reopening copied from the signed revision before, else none (the
-- replay of `case verify`). After events_before_insert (name order), so
-- that nobody learns of a case they may not write.
CREATE FUNCTION events_answer_follows () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  last_event events;
  current text;
BEGIN
  SELECT * INTO last_event FROM events
   WHERE case_id = NEW.case_id AND revision = NEW.revision AND question_id = NEW.question_id
     AND kind IN ('answer-set', 'answer-changed', 'answer-cleared') AND seq < NEW.seq
   ORDER BY seq DESC LIMIT 1;
  IF FOUND THEN
    current := CASE WHEN last_event.kind = 'answer-cleared' THEN NULL ELSE last_event.new_value END;
  ELSIF NEW.revision > 1 THEN
    SELECT value INTO current FROM answers
     WHERE case_id = NEW.case_id AND revision = NEW.revision - 1 AND question_id = NEW.question_id;
  END IF;
  IF NEW.question_id IS NULL OR NEW.old_value IS DISTINCT FROM current THEN
    PERFORM refuse ('PBCHN', format ('Event %s of case “%s” changes the answer to %s from another value than it has: '
                                     'someone else changed it meanwhile; read the case again',
                                     NEW.seq, NEW.case_id, coalesce (NEW.question_id, '-')));
  END IF;
  RETURN NEW;
END
$$;

-- The last answer event of a question, found without walking the case's
-- history (answers_match_history asks the same at commit).
CREATE INDEX events_by_question ON events (case_id, revision, question_id, seq) WHERE question_id IS NOT NULL;

CREATE TRIGGER events_check_answer BEFORE INSERT ON events
  FOR EACH ROW WHEN (NEW.kind IN ('answer-set', 'answer-changed', 'answer-cleared') AND NOT importing (NEW.case_id))
  EXECUTE FUNCTION events_answer_follows ();

-- A signed revision ---------------------------------------------------------

-- As in version 1, and a sealed revision's kept outcome and number of
-- answers do not change either.
CREATE OR REPLACE FUNCTION revisions_before_update () RETURNS trigger
  LANGUAGE plpgsql SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF (NEW.case_id, NEW.revision, NEW.created) IS DISTINCT FROM (OLD.case_id, OLD.revision, OLD.created) THEN
    PERFORM refuse ('PBAPP', format ('append-only: revision %s of case “%s” keeps its number and time',
                                     OLD.revision, OLD.case_id));
  END IF;
  IF OLD.sealed = 1 AND (NEW.status, NEW.decision, NEW.reason, NEW.conditions, NEW.sealed, NEW.outcome, NEW.n_answers)
                        IS DISTINCT FROM
                        (OLD.status, OLD.decision, OLD.reason, OLD.conditions, OLD.sealed, OLD.outcome, OLD.n_answers) THEN
    PERFORM refuse ('PBSEA', format ('sealed: revision %s of case “%s” is signed', OLD.revision, OLD.case_id));
  END IF;
  IF NEW.sealed = 1 AND OLD.sealed = 0 AND NEW.status <> 'signed' THEN
    PERFORM refuse ('PBINV', format ('Revision %s of case “%s” is sealed by signing it', OLD.revision, OLD.case_id));
  END IF;
  RETURN NEW;
END
$$;

-- Approvals against what the case became since it was submitted ----------------

-- The gravest outcome each revision was kept at since its latest
-- submission (outcome_rank; incomplete and unknown are not kept here: an
-- incomplete case is refused as it is now). Written by the trigger below
-- only; no role has a grant.
CREATE TABLE kept_since_submission (
  case_id text NOT NULL,
  seq     bigint NOT NULL,
  gravest text NOT NULL,
  PRIMARY KEY (case_id, seq)
);

CREATE FUNCTION note_kept_outcome () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  sub_seq bigint;
BEGIN
  IF NEW.outcome IS NULL OR NEW.outcome NOT IN ('proceed', 'proceed-with-conditions', 'consult-authority', 'hold',
                                                'do-not-proceed') THEN
    RETURN NULL;
  END IF;
  SELECT seq INTO sub_seq FROM submissions
   WHERE case_id = NEW.case_id AND revision = NEW.revision ORDER BY seq DESC LIMIT 1;
  IF FOUND THEN
    INSERT INTO kept_since_submission (case_id, seq, gravest) VALUES (NEW.case_id, sub_seq, NEW.outcome)
      ON CONFLICT (case_id, seq) DO UPDATE SET gravest = excluded.gravest
        WHERE outcome_rank (excluded.gravest) > outcome_rank (kept_since_submission.gravest);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER revisions_kept_outcome AFTER UPDATE OF outcome ON revisions
  FOR EACH ROW WHEN (NEW.outcome IS DISTINCT FROM OLD.outcome) EXECUTE FUNCTION note_kept_outcome ();

-- As in version 1, with what the case became since its submission.
CREATE OR REPLACE FUNCTION check_approval (e events, from_status text) RETURNS void
  LANGUAGE plpgsql STABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  sub submissions;
  first_approval events;
  decision text := CASE WHEN e.new_value = 'awaiting-second-approval' THEN data_get (e.data, 'decision') ELSE e.new_value END;
  conditions text := data_get (e.data, 'conditions');
  kept text;
  since text;
  outcome text;
BEGIN
  IF decision IS NULL OR decision NOT IN ('approved', 'approved-with-conditions') THEN
    PERFORM refuse ('PBINV', format ('Event %s of case “%s” awaits a second approval of “%s”, which is not an approval',
                                     e.seq, e.case_id, decision));
  END IF;
  IF decision = 'approved-with-conditions' AND is_blank (conditions) THEN
    PERFORM refuse ('PBINV', format ('Approving case “%s” with conditions needs the conditions', e.case_id));
  END IF;

  SELECT * INTO sub FROM submissions
   WHERE case_id = e.case_id AND revision = e.revision ORDER BY seq DESC LIMIT 1;
  IF NOT FOUND THEN
    PERFORM refuse ('PBINV', format ('Revision %s of case “%s” was never submitted', e.revision, e.case_id));
  END IF;

  IF same_name (e."user", sub.submitted_by) THEN
    PERFORM refuse ('PBFOE', format ('%s submitted case “%s”: its approval must come from another legal reviewer',
                                     e."user", e.case_id));
  END IF;

  IF NOT is_blank (sub.hard_stops) THEN
    PERFORM refuse ('PBHSP', format ('Case “%s” has a legal hard stop (%s): nobody may approve it',
                                     e.case_id, sub.hard_stops));
  END IF;

  -- What the server cannot rate: a hit confirmed, or the case kept
  -- do-not-proceed, since it was submitted. A new submission records
  -- the hard stops of what it became.
  IF EXISTS (SELECT 1 FROM events h WHERE h.case_id = e.case_id AND h.revision = e.revision AND h.seq > sub.seq
                AND h.kind = 'hit-decided' AND h.new_value = 'confirmed') THEN
    PERFORM refuse ('PBHSP', format ('A screening hit of case “%s” was confirmed after it was submitted: it may be a '
                                     'legal hard stop; send the case back and submit it again', e.case_id));
  END IF;
  SELECT k.gravest INTO since FROM kept_since_submission k WHERE k.case_id = e.case_id AND k.seq = sub.seq;
  IF since = 'do-not-proceed' AND sub.outcome IS DISTINCT FROM 'do-not-proceed' THEN
    PERFORM refuse ('PBHSP', format ('Case “%s” became do-not-proceed after it was submitted: it may have a legal '
                                     'hard stop; send it back and submit it again', e.case_id));
  END IF;
  -- On hold since, and not when submitted: approving it took an override
  -- (two reviewers), which a kept outcome lowered by hand would skip.
  IF since = 'hold' AND outcome_rank (sub.outcome) < outcome_rank ('hold') THEN
    PERFORM refuse ('PBOVR', format ('Case “%s” was put on hold after it was submitted: send it back and submit it '
                                     'again before it is decided', e.case_id));
  END IF;

  SELECT r.outcome INTO kept FROM revisions r WHERE r.case_id = e.case_id AND r.revision = e.revision;
  outcome := CASE WHEN outcome_rank (kept) > outcome_rank (sub.outcome) THEN kept ELSE sub.outcome END;

  IF outcome IS NULL OR outcome_rank (outcome) = 6 THEN
    PERFORM refuse ('PBINV', format ('The submission of case “%s” recorded no outcome: it cannot be approved; send it back',
                                     e.case_id));
  END IF;
  IF outcome = 'incomplete' THEN
    PERFORM refuse ('PBHSP', format ('Case “%s” has unanswered required questions: it cannot be approved', e.case_id));
  END IF;
  IF outcome = 'do-not-proceed' AND NOT sub.hard_stops_known THEN
    PERFORM refuse ('PBHSP', format ('The submission of case “%s” did not record whether a hard stop is in force: '
                                     'send it back and submit it again', e.case_id));
  END IF;

  IF from_status = 'awaiting-second-approval' AND e.new_value <> 'awaiting-second-approval' THEN
    SELECT * INTO first_approval FROM events
     WHERE case_id = e.case_id AND revision = e.revision AND kind = 'status-changed'
       AND new_value = 'awaiting-second-approval' AND seq > sub.seq
     ORDER BY seq DESC LIMIT 1;
    IF decision IS DISTINCT FROM data_get (first_approval.data, 'decision') THEN
      PERFORM refuse ('PBINV', format ('Case “%s” awaits a second approval of “%s”: approve that, reject it, or send it back',
                                       e.case_id, data_get (first_approval.data, 'decision')));
    END IF;
    IF same_name (e."user", first_approval."user") THEN
      PERFORM refuse ('PBFOE', format ('%s gave the first approval of case “%s”: the second must come from another legal reviewer',
                                       e."user", e.case_id));
    END IF;
    IF NULLIF (conditions, '') IS DISTINCT FROM NULLIF (data_get (first_approval.data, 'conditions'), '') THEN
      PERFORM refuse ('PBINV', format ('The first approval of case “%s” set the conditions “%s”; send it back to change them',
                                       e.case_id, data_get (first_approval.data, 'conditions')));
    END IF;
    RETURN;
  END IF;

  IF outcome IN ('do-not-proceed', 'hold') THEN
    IF e.new_value <> 'awaiting-second-approval' THEN
      PERFORM refuse ('PBOVR', format ('Approving case “%s” against its outcome “%s” is an override: it awaits a second '
                                       'legal reviewer’s approval first', e.case_id, outcome));
    END IF;
    IF is_blank (data_get (e.data, 'override')) THEN
      PERFORM refuse ('PBOVR', format ('Approving case “%s” against its outcome “%s” is an override: it needs a written rationale',
                                       e.case_id, outcome));
    END IF;
  END IF;
END
$$;

-- Questionnaires and reference data ------------------------------------------

-- What the stored bytes say they are: a questionnaire's root element's id
-- and version, reference data's "version" member. Bytes that do not
-- parse are refused: no Probity reads them either.
CREATE FUNCTION pinned_names_match () RETURNS trigger
  LANGUAGE plpgsql SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  qid text;
  version text;
BEGIN
  BEGIN
    IF TG_TABLE_NAME = 'questionnaires' THEN
      SELECT (xpath ('/questionnaire/@id', d))[1]::text, (xpath ('/questionnaire/@version', d))[1]::text
        INTO qid, version
        FROM (SELECT xmlparse (DOCUMENT convert_from (NEW.content, 'UTF8')) AS d) x;
    ELSE
      version := convert_from (NEW.content, 'UTF8')::jsonb ->> 'version';
    END IF;
  EXCEPTION WHEN others THEN
    PERFORM refuse ('PBINV', format ('The bytes stored as %s (%s) are not a file Probity reads: %s',
                                     NEW.sha256, TG_TABLE_NAME, SQLERRM));
  END;
  -- (PL/pgSQL plans NEW.qid only where the row has it: an IF of its own.)
  IF TG_TABLE_NAME = 'questionnaires' THEN
    IF NEW.qid IS DISTINCT FROM qid THEN
      PERFORM refuse ('PBINV', format ('The questionnaire stored as %s is “%s”, not “%s”', NEW.sha256, qid, NEW.qid));
    END IF;
  END IF;
  IF NEW.version IS DISTINCT FROM version THEN
    PERFORM refuse ('PBINV', format ('The file stored as %s (%s) is version “%s”, not “%s”', NEW.sha256, TG_TABLE_NAME,
                                     version, NEW.version));
  END IF;
  RETURN NEW;
END
$$;

-- After content_matches (triggers fire in name order): the bytes are
-- first checked against their SHA-256.
CREATE TRIGGER questionnaires_names BEFORE INSERT OR UPDATE ON questionnaires
  FOR EACH ROW EXECUTE FUNCTION pinned_names_match ();
CREATE TRIGGER reference_data_names BEFORE INSERT OR UPDATE ON reference_data
  FOR EACH ROW EXECUTE FUNCTION pinned_names_match ();

-- Sign-offs -------------------------------------------------------------------

-- As in version 2, and every column of the sign-off is what its signed
-- event recorded (the event's revision, reason and time, and the members
-- of its data), as `case verify` compares them.
CREATE OR REPLACE FUNCTION recorded_by_event () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  v_seq bigint;
  v_kind text;
  e events;
BEGIN
  IF TG_TABLE_NAME = 'sign_offs' THEN
    v_seq := NEW.event_seq;
    v_kind := 'signed';
  ELSE
    v_seq := NEW.seq;
    v_kind := 'anchored';
  END IF;
  SELECT * INTO e FROM events
   WHERE case_id = NEW.case_id AND seq = v_seq AND kind = v_kind AND "user" = session_user::text;
  IF NOT FOUND THEN
    PERFORM refuse ('PBWHO', format ('Event %s of case “%s” is not a “%s” event of %s', v_seq, NEW.case_id, v_kind, session_user));
  END IF;
  IF TG_TABLE_NAME = 'sign_offs' THEN
    IF NOT same_name (NEW.name, my_name ()) THEN
      PERFORM refuse ('PBWHO', format ('The sign-off of case “%s” names “%s” as signer, but %s signs as “%s”',
                                       NEW.case_id, NEW.name, session_user, my_name ()));
    END IF;
    IF (NEW.revision, NEW.reason, NEW.time, NEW.role, NEW.name, NEW.organisation, NEW.decision, NEW.conditions,
        NEW.report_sha256, NEW.answers_fingerprint, NEW.history_head, NEW.certificate_sha256, NEW.language)
       IS DISTINCT FROM
       (e.revision, e.reason, e.time, data_get (e.data, 'role'), data_get (e.data, 'name'),
        data_get (e.data, 'organisation'), data_get (e.data, 'decision'), data_get (e.data, 'conditions'),
        data_get (e.data, 'report_sha256'), data_get (e.data, 'answers_fingerprint'), data_get (e.data, 'history_head'),
        data_get (e.data, 'certificate_sha256'), data_get (e.data, 'language')) THEN
      PERFORM refuse ('PBWHO', format ('The sign-off of case “%s” is not what event %s recorded', NEW.case_id, v_seq));
    END IF;
  END IF;
  RETURN NEW;
END
$$;

RESET ROLE;
