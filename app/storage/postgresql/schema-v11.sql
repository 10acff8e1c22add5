-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 11 (after schema-v10.sql, in the same
-- transaction of `probity-cli db init`).
--
-- - What a case one may not see looks like could be learned from the
--   errors of two SECURITY DEFINER triggers that ran before row-level
--   security's WITH CHECK (review14b, E6): a sales person who named a case
--   of another team in an INSERT of a revision learned its number of
--   revisions, in one of an answer whether it is signed; a reviewer
--   whether a draft was ever signed. Both now refuse a case the writer
--   may not change first (42501, as row-level security does), as
--   events_before_insert does.
-- - A reviewer could sign by hand an approval after the answers changed
--   (a confirmed EU match added after it), and a second reviewer approve
--   an override of answers the first never saw (review14b, E5): Probity
--   refuses both, the server did not. A signed event names the answers
--   fingerprint of the decision it signs, a second approval the first's.
-- - An event could be dated as far back as its transaction was old, and
--   five minutes more (review14b, E11): the lower bound of its time is
--   now the server's clock when it is written, not its transaction's
--   start.
-- - Nothing bounded a value: a 64 MB answer was kept forever (review14b,
--   E8). Every value has a size limit, Probity's own, as CHECK
--   constraints on the rows written from now on (NOT VALID: a row
--   written before that exceeds one is kept, and the upgrade does not
--   read the tables).
-- - A table-level DELETE on answers and evidence let any writer lock the
--   whole table, stopping everyone's work (review14b, E4): people remove
--   rows through remove_answer() and remove_evidence() instead.
--
-- tests/test-pg-roles.sh tries the first as a sales person of another
-- team; tests/test-pg-team.sh the others as the reviewers and sales.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

CREATE OR REPLACE FUNCTION revisions_before_insert () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  newest bigint := (SELECT max (revision) FROM revisions WHERE case_id = NEW.case_id);
BEGIN
  -- First, so that nothing below tells about a case one may not write
  -- (its number of revisions, whether it was signed).
  IF NOT may_write (NEW.case_id) THEN
    PERFORM refuse ('42501', format ('%s may not change case “%s”', session_user, NEW.case_id));
  END IF;
  IF NEW.status <> 'draft' OR NEW.sealed <> 0 OR NEW.decision IS NOT NULL OR NEW.reason IS NOT NULL
     OR NEW.conditions IS NOT NULL THEN
    PERFORM refuse ('PBINV', format ('A new revision of case “%s” is an undecided draft', NEW.case_id));
  END IF;
  IF NEW.revision IS DISTINCT FROM coalesce (newest, 0) + 1 THEN
    PERFORM refuse ('PBINV', format ('The next revision of case “%s” is %s', NEW.case_id, coalesce (newest, 0) + 1));
  END IF;
  IF newest IS NOT NULL THEN
    IF NOT holds ('reviewer') THEN
      PERFORM refuse ('PBROL', format ('%s: only a legal reviewer reopens case “%s”', session_user, NEW.case_id));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM revisions WHERE case_id = NEW.case_id AND revision = newest AND sealed = 1) THEN
      PERFORM refuse ('PBINV', format ('Case “%s” is reopened only after its revision is signed', NEW.case_id));
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION answers_check () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  who text;
  copy boolean := false;
BEGIN
  -- A row inserted into a case one may not write is refused before the
  -- seal is looked at (an UPDATE or DELETE sees only rows one may write).
  IF TG_OP = 'INSERT' AND NOT may_write (NEW.case_id) THEN
    PERFORM refuse ('42501', format ('%s may not change case “%s”', session_user, NEW.case_id));
  END IF;
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


-- A signature seals the answers the decision was taken on -----------------------

-- check_status_event of schema-v10.sql (which made a signature name the
-- decision in force), and: a signed event names the answers fingerprint
-- of the decision it signs.
CREATE OR REPLACE FUNCTION check_status_event (e events) RETURNS void
  LANGUAGE plpgsql SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  from_status text := status_before (e.case_id, e.revision, e.seq);
  decided events;
  decisions CONSTANT text[] := ARRAY['approved', 'approved-with-conditions', 'rejected'];
BEGIN
  IF e.old_value IS DISTINCT FROM from_status THEN
    PERFORM refuse ('PBINV', format ('Event %s of case “%s” changes the status from “%s”, but revision %s is “%s”',
                                     e.seq, e.case_id, e.old_value, e.revision, from_status));
  END IF;

  IF e.kind = 'signed' THEN
    IF e.new_value IS DISTINCT FROM 'signed' OR NOT (from_status = ANY (decisions || 'signed'::text)) THEN
      PERFORM refuse ('PBINV', format ('Case “%s” is %s: only a decision is signed', e.case_id, from_status));
    END IF;
    IF e.role <> 'reviewer' THEN
      PERFORM refuse ('PBROL', format ('%s acts as %s: only a legal reviewer signs case “%s”', e."user", e.role, e.case_id));
    END IF;
    -- What is signed is the decision in force, as the last status change
    -- made it: the replay takes the decision, reason and conditions of a
    -- revision from its first signed event, which could otherwise turn a
    -- rejection into an approval no rule of approval saw (review14b E2).
    SELECT * INTO decided FROM events
     WHERE case_id = e.case_id AND revision = e.revision AND kind = 'status-changed' AND seq < e.seq
     ORDER BY seq DESC LIMIT 1;
    IF (data_get (e.data, 'decision'), data_get (e.data, 'conditions'), e.reason)
       IS DISTINCT FROM (decided.new_value, data_get (decided.data, 'conditions'), decided.reason) THEN
      PERFORM refuse ('PBINV', format ('Event %s of case “%s” signs the decision “%s”, but the decision in force is “%s” '
                                       '(event %s): a signature seals a decision as it was taken',
                                       e.seq, e.case_id, coalesce (data_get (e.data, 'decision'), '-'),
                                       coalesce (decided.new_value, '-'), coalesce (decided.seq::text, '-')));
    END IF;
    -- And on the answers it was taken on: the client refuses to sign after
    -- they changed ("decide again before signing"); by hand a reviewer
    -- could seal answers no decision saw (review14b E5). The decision
    -- records their fingerprint; a signature names the same one.
    IF data_get (decided.data, 'answers_fingerprint') IS NOT NULL
       AND data_get (e.data, 'answers_fingerprint') IS DISTINCT FROM data_get (decided.data, 'answers_fingerprint') THEN
      PERFORM refuse ('PBINV', format ('The answers of case “%s” changed after its decision (event %s): decide again '
                                       'before signing', e.case_id, decided.seq));
    END IF;
    RETURN;
  END IF;

  IF e.new_value = 'submitted' THEN
    IF from_status <> 'draft' THEN
      PERFORM refuse ('PBINV', format ('Case “%s” is %s; it cannot become submitted', e.case_id, from_status));
    END IF;
    INSERT INTO submissions (case_id, seq, revision, submitted_by, outcome, hard_stops, hard_stops_known)
      SELECT e.case_id, e.seq, e.revision, e."user",
             CASE WHEN outcome_rank (data_get (e.data, 'outcome')) BETWEEN outcome_rank (r.outcome) + 1 AND 5
                  THEN data_get (e.data, 'outcome') ELSE r.outcome END,
             data_get (e.data, 'hard_stops'), data_has (e.data, 'hard_stops')
        FROM revisions r WHERE r.case_id = e.case_id AND r.revision = e.revision;
    UPDATE cases SET submitted = true WHERE id = e.case_id AND NOT submitted;
    RETURN;
  END IF;

  IF NOT (from_status = ANY (decisions || ARRAY['submitted', 'awaiting-second-approval'])) THEN
    PERFORM refuse ('PBINV', format ('Case “%s” is %s; it cannot become %s', e.case_id, from_status, e.new_value));
  END IF;
  IF e.role <> 'reviewer' THEN
    PERFORM refuse ('PBROL', format ('%s acts as %s: only a legal reviewer may decide, send back, sign or reopen case “%s”',
                                     e."user", e.role, e.case_id));
  END IF;
  IF is_blank (e.reason) THEN
    PERFORM refuse ('PBINV', format ('Changing case “%s” to %s needs a reason', e.case_id, e.new_value));
  END IF;

  IF e.new_value IN ('approved', 'approved-with-conditions', 'awaiting-second-approval') THEN
    PERFORM check_approval (e, from_status);
  ELSIF e.new_value NOT IN ('draft', 'rejected') THEN
    PERFORM refuse ('PBINV', format ('“%s” is not a status of case “%s”', e.new_value, e.case_id));
  END IF;
END
$$;

-- check_approval of schema-v6.sql, and: the second approval of an override
-- names the answers fingerprint of the first.
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
    -- The second reviewer approves the answers the first approved
    -- (review14b E5): the client refuses otherwise, and so does the server.
    IF data_get (first_approval.data, 'answers_fingerprint') IS NOT NULL
       AND data_get (e.data, 'answers_fingerprint') IS DISTINCT FROM data_get (first_approval.data, 'answers_fingerprint') THEN
      PERFORM refuse ('PBINV', format ('The answers of case “%s” changed after its first approval (event %s): '
                                       'reject it or send it back to be decided again', e.case_id, first_approval.seq));
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

-- An event's time and the server's clock -----------------------------------------

-- events_time_check of schema-v8.sql bounded an event's time below by
-- now (), the start of its transaction: a writer who held a transaction
-- open for ten minutes dated an event ten minutes and five back (review14b
-- E11). Both bounds are now the server's clock when the event is written.
CREATE OR REPLACE FUNCTION events_time_check () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  previous text;
  clock timestamptz := clock_timestamp ();
  earliest text := store_time (clock - clock_skew ());
  latest text := store_time (clock + clock_skew ());
BEGIN
  SELECT e.time INTO previous FROM events e WHERE e.case_id = NEW.case_id AND e.seq = NEW.seq - 1;
  IF NEW.time COLLATE "C" < previous COLLATE "C" THEN
    PERFORM refuse ('PBINV', format ('Event %s of case “%s” is dated %s, before event %s (%s): a history''s times '
                                     'do not go back; set this computer''s clock right', NEW.seq, NEW.case_id,
                                     NEW.time, NEW.seq - 1, previous));
  END IF;
  IF NEW.time COLLATE "C" > latest COLLATE "C" OR NEW.time COLLATE "C" < earliest COLLATE "C" THEN
    PERFORM refuse ('PBINV', format ('Event %s of case “%s” is dated %s, more than %s minutes from the server''s clock '
                                     '(%s): set this computer''s clock right', NEW.seq, NEW.case_id, NEW.time,
                                     (extract (epoch FROM clock_skew ()) / 60)::integer, store_time (clock)));
  END IF;
  RETURN NEW;
END
$$;

-- Sizes ----------------------------------------------------------------------------

-- Nothing bounded a value: a sales person stored a 64 MB answer, which
-- no one but a superuser can ever remove (events are append-only) and
-- which made case show take 18 s and 345 MB, verify 31 s and 591 MB
-- (review14b E8). The limits are Probity's own (pb-case-store-private.h):
-- an answer's value, comment and evidence note, an event's values and
-- reason 256 KiB; an event's data 4 MiB; a stored file, questionnaire or
-- reference data 64 MiB (STORED_FILE_MAX_SIZE); a time-stamp token 64 KiB
-- (PB_ANCHOR_TOKEN_MAX_SIZE); a customer's or product's field and an
-- evidence file's name and type 64 KiB.
--
-- CHECK constraints, NOT VALID: they hold for every row written from now
-- on (by anyone, the schema's owner and an import included) and the
-- upgrade neither scans the tables nor fails on a row written before
-- that exceeds them, which stays as it was (events cannot be changed).
-- A trigger would do the same at a PL/pgSQL call per row; a constraint
-- costs a length compared, and too_large() below runs only when one is
-- exceeded, to say which field in a PB error.
CREATE FUNCTION too_large (field text, size bigint, max bigint) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF size IS NULL OR size <= max THEN
    RETURN true;
  END IF;
  PERFORM refuse ('PBINV', format ('%s holds %s bytes: this server keeps at most %s (%s)', field, size, max,
                                   pg_size_pretty (max)));
  RETURN false;
END
$$;

ALTER TABLE answers
  ADD CONSTRAINT answers_value_size
    CHECK (octet_length (value) <= 262144 OR too_large ('answers.value', octet_length (value), 262144)) NOT VALID,
  ADD CONSTRAINT answers_comment_size
    CHECK (octet_length (comment) <= 262144 OR too_large ('answers.comment', octet_length (comment), 262144)) NOT VALID,
  ADD CONSTRAINT answers_evidence_note_size
    CHECK (octet_length (evidence_note) <= 262144
           OR too_large ('answers.evidence_note', octet_length (evidence_note), 262144)) NOT VALID;
ALTER TABLE events
  ADD CONSTRAINT events_old_value_size
    CHECK (coalesce (octet_length (old_value), 0) <= 262144 OR too_large ('events.old_value', octet_length (old_value), 262144)) NOT VALID,
  ADD CONSTRAINT events_new_value_size
    CHECK (coalesce (octet_length (new_value), 0) <= 262144 OR too_large ('events.new_value', octet_length (new_value), 262144)) NOT VALID,
  ADD CONSTRAINT events_reason_size
    CHECK (coalesce (octet_length (reason), 0) <= 262144 OR too_large ('events.reason', octet_length (reason), 262144)) NOT VALID,
  ADD CONSTRAINT events_data_size
    CHECK (coalesce (octet_length (data), 0) <= 4194304 OR too_large ('events.data', octet_length (data), 4194304)) NOT VALID;
ALTER TABLE blobs
  ADD CONSTRAINT blobs_size_limit
    CHECK (size <= 67108864 OR too_large ('blobs.content', size, 67108864)) NOT VALID;
ALTER TABLE questionnaires
  ADD CONSTRAINT questionnaires_content_size
    CHECK (octet_length (content) <= 67108864
           OR too_large ('questionnaires.content', octet_length (content), 67108864)) NOT VALID;
ALTER TABLE reference_data
  ADD CONSTRAINT reference_data_content_size
    CHECK (octet_length (content) <= 67108864
           OR too_large ('reference_data.content', octet_length (content), 67108864)) NOT VALID;
ALTER TABLE anchors
  ADD CONSTRAINT anchors_token_size
    CHECK (octet_length (token) <= 65536 OR too_large ('anchors.token', octet_length (token), 65536)) NOT VALID;
ALTER TABLE evidence
  ADD CONSTRAINT evidence_names_size
    CHECK (octet_length (file_name) + octet_length (media_type) <= 65536
           OR too_large ('evidence.file_name and media_type', octet_length (file_name) + octet_length (media_type),
                         65536)) NOT VALID;
ALTER TABLE customers
  ADD CONSTRAINT customers_fields_size
    CHECK (octet_length (name) <= 65536 AND octet_length (aliases) <= 65536 AND octet_length (country) <= 65536
           AND octet_length (entity_type) <= 65536 AND octet_length (notes) <= 65536
           OR too_large ('customers.' || CASE WHEN octet_length (name) > 65536 THEN 'name'
                                              WHEN octet_length (aliases) > 65536 THEN 'aliases'
                                              WHEN octet_length (country) > 65536 THEN 'country'
                                              WHEN octet_length (entity_type) > 65536 THEN 'entity_type'
                                              ELSE 'notes' END,
                         greatest (octet_length (name), octet_length (aliases), octet_length (country),
                                   octet_length (entity_type), octet_length (notes)), 65536)) NOT VALID;
ALTER TABLE products
  ADD CONSTRAINT products_fields_size
    CHECK (octet_length (name) <= 65536 AND octet_length (version) <= 65536 AND octet_length (family) <= 65536
           AND octet_length (capabilities) <= 65536
           OR too_large ('products.' || CASE WHEN octet_length (name) > 65536 THEN 'name'
                                             WHEN octet_length (version) > 65536 THEN 'version'
                                             WHEN octet_length (family) > 65536 THEN 'family'
                                             ELSE 'capabilities' END,
                         greatest (octet_length (name), octet_length (version), octet_length (family),
                                   octet_length (capabilities)), 65536)) NOT VALID;

REVOKE EXECUTE ON FUNCTION too_large (text, bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION too_large (text, bigint, bigint)
  TO probity_sales, probity_reviewer, probity_auditor, probity_admin;

-- Removing answers and evidence ------------------------------------------------------

-- A table-level DELETE let anyone who writes cases take any lock on the
-- table: one sales person's LOCK TABLE answers IN ACCESS EXCLUSIVE MODE
-- held every role's reads and saves of answers, across teams (review14b
-- E4). People remove an answer or an evidence row through these two
-- functions, which ask what row-level security asked (may_write) and
-- delete as the owner; the triggers and the checks at commit run as
-- before (an answer cleared needs its answer-cleared event, a file
-- removed its evidence-removed event). What remains granted on answers
-- and evidence is INSERT and UPDATE of columns, with which PostgreSQL
-- grants no lock stronger than ROW EXCLUSIVE.
CREATE FUNCTION remove_answer (p_case text, p_revision bigint, p_question text) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT may_write (p_case) THEN
    PERFORM refuse ('42501', format ('%s may not change case “%s”', session_user, p_case));
  END IF;
  DELETE FROM answers WHERE case_id = p_case AND revision = p_revision AND question_id = p_question;
  RETURN FOUND;
END
$$;

CREATE FUNCTION remove_evidence (p_id bigint) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  p_case text := (SELECT case_id FROM evidence WHERE id = p_id);
BEGIN
  -- An id one may not see is refused as one that does not exist.
  IF p_case IS NULL OR NOT may_write (p_case) THEN
    PERFORM refuse ('42501', format ('%s may not remove the evidence file %s', session_user, p_id));
  END IF;
  DELETE FROM evidence WHERE id = p_id;
  RETURN FOUND;
END
$$;

REVOKE DELETE ON answers, evidence FROM probity_sales, probity_reviewer;
REVOKE EXECUTE ON FUNCTION remove_answer (text, bigint, text), remove_evidence (bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION remove_answer (text, bigint, text), remove_evidence (bigint)
  TO probity_sales, probity_reviewer;

RESET ROLE;
