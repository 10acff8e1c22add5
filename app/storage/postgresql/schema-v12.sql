-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 12 (after schema-v11.sql, in the same
-- transaction of `probity-cli db init`).
--
-- - The upgrade to version 10 approved, for every new case, whatever
--   country reference data the cases already there pinned: a sales
--   person's copy with Russia's embargo emptied included, silently
--   (review14c F1). And an imported case kept any reference data, or
--   none (F2). Reference data approvals now live as questionnaire
--   approvals do (schema-v10.sql): changes appended to
--   reference_approval_changes ("withdrawn", "approved", "unreviewed");
--   the upgrade's approvals are "unreviewed" and admit no new case until
--   an administrator approves the bytes again (`db init` does for the
--   data it ships and uses); and every case, made here or imported, is
--   checked.
-- - A decision taken in a file, under any name, stood on the server after
--   an honest administrator's `db copy`, and any reviewer signed it
--   (review14c F8): a signature seals only a decision taken on this
--   server, after the case's last "imported" event, and the second
--   approval of an override pairs only with a first one taken here too.
-- - A decision typed by hand without the answers fingerprint skipped the
--   check that a signature seals the answers it was taken on (review14b
--   E5, version 11): a decision names its fingerprint, and a signature
--   seals only a decision that names one; and the fingerprint is the
--   server's, computed as Probity computes it, not the writer's word
--   (review14d G1).
-- - A REPEATABLE READ transaction opened before an approval was withdrawn
--   pinned a new case to it after the withdrawal: the row lock the two
--   share orders READ COMMITTED transactions only, and a snapshot never
--   sees the withdrawal (review14c F4). A case is made in a READ
--   COMMITTED transaction (the store's), or refused.
-- - Probity's four groups are the cluster's, not a database's: a reviewer
--   added to one database approved cases in another of the same cluster,
--   where they were no member, and any Probity login read its member list
--   (review14c F3). A person acts only where they are a member (holds()
--   needs their members row in this database), and connects only there:
--   CONNECT is granted to each member (add_member(), and `db init` for
--   those there already), no more to the groups; and a member holds a
--   role here only when it was given here (members.roles: review14d G6).
-- - A withdrawal stopped new cases only: a case pinned to a withdrawn
--   questionnaire (a doctored copy the upgrade to version 7 approved)
--   was still approved and signed, with a warning; and a questionnaire
--   only that upgrade approved, reviewed by nobody, still admitted new
--   cases (review14c F5). Such a case can be rejected, not approved nor
--   its approval signed: it is assessed again on the current
--   questionnaire. The same for reference data withdrawn (review14d G7).
--   An "unreviewed" approval admits no new case until an
--   administrator approves the bytes again (`db init` does for those it
--   ships).
-- - `db add-user` needed CREATEROLE, with which on PostgreSQL 15 an
--   administrator grants itself probity_owner and rewrites the history
--   (review14b E10). An administrator now puts a login the company's
--   DBA made in the sales, reviewer or auditor group through
--   grant_group(), owned by the NOLOGIN role probity_people (roles.sql),
--   which may grant those three groups and nothing else: Probity
--   administrators need no CREATEROLE. Making a login, or an
--   administrator, stays a superuser's (or CREATEROLE's).
-- - A stored file's SHA-256 was a key to it: a sales person named another
--   team's evidence in her own draft, by hand, and read it (review14b
--   E9). A row names a stored file only if its writer sent the bytes in
--   the same transaction, or reads the file already.
-- - A person moved out of a team kept its live-update channel, whose
--   name never changed: each person now listens on a channel of their
--   own, notified while they see the case.
--
-- tests/test-pg-init.sh upgrades a server holding a case on doctored
-- reference data; tests/test-pg-roles.sh moves a person out of a team;
-- tests/test-pg-team.sh tries the rest by hand.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- Reference data approvals ----------------------------------------------------------

-- What happened to an approval of reference data after it, in order:
-- "withdrawn" (why in reason), "approved" (approved again, or reviewed),
-- "unreviewed" (made by the upgrade to version 10, below). Who and when
-- are the server's.
CREATE TABLE reference_approval_changes (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sha256     text NOT NULL REFERENCES approved_reference_data (sha256),
  change     text NOT NULL CHECK (change IN ('withdrawn', 'approved', 'unreviewed')),
  changed_by text NOT NULL,
  changed    timestamptz NOT NULL,
  reason     text CHECK (octet_length (reason) <= 65536)
);
CREATE INDEX reference_approval_changes_by_sha256 ON reference_approval_changes (sha256, id);

-- Whether cases may pin the reference data @sha256: NULL when no
-- administrator approved it, else its last change ('approved' when none).
CREATE FUNCTION reference_approval_state (p_sha256 text) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT coalesce ((SELECT c.change FROM reference_approval_changes c WHERE c.sha256 = a.sha256
                     ORDER BY c.id DESC LIMIT 1), 'approved')
    FROM approved_reference_data a WHERE a.sha256 = p_sha256
$$;

-- A change follows from the state before it; the approval's row is locked
-- first, so that a case made meanwhile (which shares that lock) is made
-- before the change or refused after it.
CREATE FUNCTION reference_approval_changes_before_insert () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  d reference_data;
  state text;
BEGIN
  NEW.changed_by := session_user::text;
  NEW.changed := now ();
  PERFORM 1 FROM approved_reference_data WHERE sha256 = NEW.sha256 FOR UPDATE;
  SELECT * INTO d FROM reference_data WHERE sha256 = NEW.sha256;
  state := reference_approval_state (NEW.sha256);
  IF state IS NULL THEN
    PERFORM refuse ('PBINV', format ('No administrator of this server approved the country reference data %s',
                                     NEW.sha256));
  END IF;
  IF NEW.change = 'withdrawn' AND state = 'withdrawn' THEN
    PERFORM refuse ('PBINV', format ('The approval of the country reference data %s (sha256 %s) is withdrawn already',
                                     d.version, NEW.sha256));
  END IF;
  IF NEW.change = 'withdrawn' AND is_blank (NEW.reason) THEN
    PERFORM refuse ('PBINV', format ('Withdrawing the approval of the country reference data %s (sha256 %s) needs a '
                                     'reason', d.version, NEW.sha256));
  END IF;
  IF NEW.change = 'approved' AND state = 'approved' THEN
    PERFORM refuse ('PBINV', format ('The country reference data %s (sha256 %s) is approved already', d.version,
                                     NEW.sha256));
  END IF;
  IF NEW.change = 'unreviewed' AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
    PERFORM refuse ('42501', 'Only the upgrade marks an approval unreviewed');
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER reference_approval_changes_before_insert BEFORE INSERT ON reference_approval_changes
  FOR EACH ROW EXECUTE FUNCTION reference_approval_changes_before_insert ();
CREATE TRIGGER reference_approval_changes_no_change BEFORE UPDATE OR DELETE ON reference_approval_changes
  FOR EACH ROW EXECUTE FUNCTION append_only ('changes of reference data approvals');

-- What the upgrade to version 10 approved: reviewed by nobody.
INSERT INTO reference_approval_changes (sha256, change, changed_by, changed, reason)
  SELECT sha256, 'unreviewed', '', now (),
         'approved by the upgrade to schema version 10 because cases on the server were pinned to it'
    FROM approved_reference_data WHERE by_upgrade ORDER BY sha256;

-- A case is pinned to approvals under their row's lock, which a withdrawal
-- takes too: a READ COMMITTED transaction that waited for it sees the
-- withdrawal, a REPEATABLE READ or SERIALIZABLE one keeps its snapshot
-- and never does (review14c F4). The store writes in READ COMMITTED.
CREATE FUNCTION refuse_snapshot_case (p_case text) RETURNS void
  LANGUAGE plpgsql STABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF current_setting ('transaction_isolation') <> 'read committed' THEN
    PERFORM refuse ('PBINV', format ('Case “%s” is made in a READ COMMITTED transaction only, which sees an approval '
                                     'withdrawn while it waited', p_case));
  END IF;
END
$$;

-- cases_questionnaire_approved of schema-v10.sql, in READ COMMITTED only,
-- and not on an approval the upgrade alone made.
CREATE OR REPLACE FUNCTION cases_questionnaire_approved () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  q questionnaires;
  w approval_changes;
BEGIN
  PERFORM refuse_snapshot_case (NEW.id);
  -- Shared with approval_changes_before_insert: a withdrawal being made
  -- is waited for, and then seen.
  PERFORM 1 FROM approved_questionnaires WHERE sha256 = NEW.questionnaire_sha256 FOR SHARE;
  SELECT * INTO q FROM questionnaires WHERE sha256 = NEW.questionnaire_sha256;
  IF NOT FOUND OR approval_state (NEW.questionnaire_sha256) IS NULL THEN
    PERFORM refuse ('PBINV', format ('Case “%s” would be rated with questionnaire “%s” %s (sha256 %s), which no '
                                     'administrator of this server approved: it is not one Probity ships, or its '
                                     'bytes were changed. Use an installed questionnaire, or an administrator '
                                     'approves that file with “probity-cli db approve CONNECTION FILE”',
                                     NEW.id, coalesce (q.qid, '?'), coalesce (q.version, '?'),
                                     NEW.questionnaire_sha256));
  END IF;
  SELECT * INTO w FROM approval_changes WHERE sha256 = NEW.questionnaire_sha256 ORDER BY id DESC LIMIT 1;
  IF w.change = 'withdrawn' THEN
    PERFORM refuse ('PBINV', format ('Case “%s” would be rated with questionnaire “%s” %s (sha256 %s), whose approval '
                                     '%s withdrew on %s: “%s”. Use an approved questionnaire',
                                     NEW.id, q.qid, q.version, NEW.questionnaire_sha256, w.changed_by,
                                     to_char (w.changed AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'), w.reason));
  END IF;
  -- Approved by the upgrade to version 7 alone, because older cases were
  -- pinned to it: reviewed by nobody (review14c F5).
  IF w.change = 'unreviewed' THEN
    PERFORM refuse ('PBINV', format ('Case “%s” would be rated with questionnaire “%s” %s (sha256 %s), which only the '
                                     'upgrade of this server approved, because older cases were pinned to it: an '
                                     'administrator checks it (“probity-cli case questionnaire --sha256”) and '
                                     'approves it with “probity-cli db approve” first',
                                     NEW.id, q.qid, q.version, NEW.questionnaire_sha256));
  END IF;
  RETURN NEW;
END
$$;

-- Every case, made here or imported (version 10 checked only the cases
-- made here: an import kept any reference data, or none), pins reference
-- data an administrator approved, whose approval is neither withdrawn nor
-- the upgrade's alone.
CREATE OR REPLACE FUNCTION cases_reference_approved () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  d reference_data;
  state text;
  w reference_approval_changes;
BEGIN
  PERFORM refuse_snapshot_case (NEW.id);
  -- Shared with reference_approval_changes_before_insert: a withdrawal
  -- being made is waited for, and then seen.
  PERFORM 1 FROM approved_reference_data WHERE sha256 = NEW.reference_sha256 FOR SHARE;
  SELECT * INTO d FROM reference_data WHERE sha256 = NEW.reference_sha256;
  state := reference_approval_state (NEW.reference_sha256);
  IF NEW.reference_sha256 IS NULL OR state IS NULL THEN
    PERFORM refuse ('PBINV', format ('Case “%s” would be rated with the country reference data %s (sha256 %s), which no '
                                     'administrator of this server approved: it is not the data Probity ships, or '
                                     'its bytes were changed. Use the installed data, or an administrator approves '
                                     'that file with “probity-cli db approve --reference CONNECTION FILE”',
                                     NEW.id, coalesce (d.version, '?'), coalesce (NEW.reference_sha256, 'none')));
  END IF;
  IF state = 'unreviewed' THEN
    PERFORM refuse ('PBINV', format ('Case “%s” would be rated with the country reference data %s (sha256 %s), which '
                                     'only the upgrade of this server approved, because older cases were pinned to '
                                     'it: an administrator checks it (“probity-cli case questionnaire --reference '
                                     'CASE”) and approves it with “probity-cli db approve --reference CONNECTION '
                                     'FILE” first', NEW.id, d.version, NEW.reference_sha256));
  END IF;
  IF state = 'withdrawn' THEN
    SELECT * INTO w FROM reference_approval_changes WHERE sha256 = NEW.reference_sha256 ORDER BY id DESC LIMIT 1;
    PERFORM refuse ('PBINV', format ('Case “%s” would be rated with the country reference data %s (sha256 %s), whose '
                                     'approval %s withdrew on %s: “%s”. Use approved data',
                                     NEW.id, d.version, NEW.reference_sha256, w.changed_by,
                                     to_char (w.changed AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'), w.reason));
  END IF;
  RETURN NEW;
END
$$;

DROP TRIGGER cases_reference_approved ON cases;
CREATE TRIGGER cases_reference_approved BEFORE INSERT ON cases
  FOR EACH ROW EXECUTE FUNCTION cases_reference_approved ();

-- Decisions taken here ------------------------------------------------------------

-- check_status_event of schema-v11.sql, and: no approval of a case whose
-- questionnaire's, or reference data's, approval was withdrawn (review14c
-- F5, review14d G7); a signature
-- seals a decision taken on this server (after the case's last
-- "imported" event: a file's names are its writer's word, review14c F8)
-- that names the answers it was taken on; a decision names them
-- (review14b E5: without, the check of the signature was skipped).
CREATE OR REPLACE FUNCTION check_status_event (e events) RETURNS void
  LANGUAGE plpgsql SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  from_status text := status_before (e.case_id, e.revision, e.seq);
  decided events;
  imported bigint := (SELECT max (i.seq) FROM events i WHERE i.case_id = e.case_id AND i.kind = 'imported');
  decisions CONSTANT text[] := ARRAY['approved', 'approved-with-conditions', 'rejected'];
BEGIN
  IF e.old_value IS DISTINCT FROM from_status THEN
    PERFORM refuse ('PBINV', format ('Event %s of case “%s” changes the status from “%s”, but revision %s is “%s”',
                                     e.seq, e.case_id, e.old_value, e.revision, from_status));
  END IF;

  -- A case whose questionnaire's approval was withdrawn is rejected, or
  -- assessed again on the current questionnaire: not approved, nor its
  -- approval signed (review14c F5).
  IF (CASE WHEN e.kind = 'signed' THEN data_get (e.data, 'decision') ELSE e.new_value END)
       IN ('approved', 'approved-with-conditions', 'awaiting-second-approval')
     AND approval_state ((SELECT c.questionnaire_sha256 FROM cases c WHERE c.id = e.case_id)) = 'withdrawn' THEN
    PERFORM refuse ('PBINV', format ('The approval of the questionnaire of case “%s” was withdrawn: the case can be '
                                     'rejected, not approved nor its approval signed; assess it again on the current '
                                     'questionnaire (probity-cli case migrate)', e.case_id));
  END IF;
  -- And of its country reference data (review14d G7): an embargo emptied
  -- in a copy an administrator approved by mistake, then withdrew.
  IF (CASE WHEN e.kind = 'signed' THEN data_get (e.data, 'decision') ELSE e.new_value END)
       IN ('approved', 'approved-with-conditions', 'awaiting-second-approval')
     AND reference_approval_state ((SELECT c.reference_sha256 FROM cases c WHERE c.id = e.case_id)) = 'withdrawn' THEN
    PERFORM refuse ('PBINV', format ('The approval of the country reference data of case “%s” was withdrawn: the case '
                                     'can be rejected, not approved nor its approval signed; assess it again with '
                                     'approved data (probity-cli case migrate)', e.case_id));
  END IF;

  IF e.kind = 'signed' THEN
    IF e.new_value IS DISTINCT FROM 'signed' OR NOT (from_status = ANY (decisions || 'signed'::text)) THEN
      PERFORM refuse ('PBINV', format ('Case “%s” is %s: only a decision is signed', e.case_id, from_status));
    END IF;
    IF e.role <> 'reviewer' THEN
      PERFORM refuse ('PBROL', format ('%s acts as %s: only a legal reviewer signs case “%s”', e."user", e.role, e.case_id));
    END IF;
    -- What is signed is the decision in force, as the last status change
    -- made it (review14b E2).
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
    -- Taken on this server: before the case's last "imported" event it
    -- was taken in a file, under a name nobody checked (review14c F8). A
    -- revision signed already (in the file, with its report) stays so.
    IF from_status <> 'signed' AND imported > coalesce (decided.seq, 0) THEN
      PERFORM refuse ('PBINV', format ('The decision in force on case “%s” (event %s) was taken before the case was '
                                       'imported (event %s), where who took it was not checked: a legal reviewer '
                                       'decides again on this server before it is signed',
                                       e.case_id, decided.seq, imported));
    END IF;
    -- On the answers it was taken on (review14b E5): the decision records
    -- their fingerprint, and a signature names the same one.
    IF from_status <> 'signed' AND is_blank (data_get (decided.data, 'answers_fingerprint')) THEN
      PERFORM refuse ('PBINV', format ('The decision in force on case “%s” (event %s) names no answers fingerprint, so '
                                       'what it was taken on is unknown: decide again before signing',
                                       e.case_id, decided.seq));
    END IF;
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

  -- A decision names the answers it is taken on, which its signature and
  -- a second approval then name too (review14b E5).
  IF e.new_value <> 'draft' AND is_blank (data_get (e.data, 'answers_fingerprint')) THEN
    PERFORM refuse ('PBINV', format ('Event %s of case “%s” decides “%s” without the fingerprint of the answers it is '
                                     'taken on (its “answers_fingerprint”)', e.seq, e.case_id, e.new_value));
  END IF;
END
$$;

-- check_approval of schema-v11.sql, and: the second approval of an
-- override pairs with a first one taken on this server (after the case's
-- last "imported" event: review14c F8), which names the answers it
-- approved.
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
  imported bigint;
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
  -- Four eyes over who prepared the answers: a reviewer who sent a case
  -- back and rewrote an answer approved its resubmission alone.
  IF EXISTS (SELECT 1 FROM events w WHERE w.case_id = e.case_id AND w.revision = e.revision
                AND w.kind IN ('answer-set', 'answer-changed', 'answer-cleared', 'evidence-added', 'evidence-removed')
                AND same_name (w."user", e."user")) THEN
    PERFORM refuse ('PBFOE', format ('%s wrote answers or evidence of case “%s”: its approval must come from a legal '
                                     'reviewer who did not', e."user", e.case_id));
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
    -- Given in a file, under a name nobody checked (review14c F8).
    imported := (SELECT max (i.seq) FROM events i WHERE i.case_id = e.case_id AND i.kind = 'imported');
    IF imported > coalesce (first_approval.seq, 0) THEN
      PERFORM refuse ('PBINV', format ('The first approval of case “%s” (event %s) was given before the case was '
                                       'imported (event %s), where who gave it was not checked: reject it or send it '
                                       'back to be decided again on this server', e.case_id, first_approval.seq,
                                       imported));
    END IF;
    -- The second reviewer approves the answers the first approved
    -- (review14b E5), which the first approval names.
    IF data_get (e.data, 'answers_fingerprint') IS DISTINCT FROM data_get (first_approval.data, 'answers_fingerprint')
       OR is_blank (data_get (first_approval.data, 'answers_fingerprint')) THEN
      PERFORM refuse ('PBINV', format ('The answers of case “%s” changed after its first approval (event %s), or it '
                                       'names none: reject it or send it back to be decided again', e.case_id,
                                       first_approval.seq));
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

-- The answers a decision is taken on, as the server reads them --------------------

-- Version 11 compared the answers fingerprint a signature names with the
-- one its decision named: both the writer's word, so a reviewer who
-- copied the decision's value signed answers changed since (a confirmed
-- EU match: review14d G1). The server computes it, as Probity does
-- (pb-case-store.c, _pb_case_store_compute_fingerprint(): a SHA-256 over
-- hash_field() of the revision's questionnaire, answers and evidence, in
-- the order the client's query on this server reads them), and a
-- decision or a signature names the answers as they are when it is
-- written. The order is the columns' collation, the database's, as the
-- client's ORDER BY on this server reads it (bytewise only where the
-- database's collation is; test-pg-team.sh tries a Swedish one).
CREATE FUNCTION answers_fingerprint (p_case text, p_revision bigint) RETURNS text
  LANGUAGE sql STABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT encode (sha256 (
    hash_field ('probity-answers-1') || hash_field (p_case) || hash_field (p_revision::text)
    || hash_field ((SELECT c.questionnaire_sha256 FROM cases c WHERE c.id = p_case))
    || coalesce ((SELECT string_agg (hash_field ('answer') || hash_field (a.question_id) || hash_field (a.value)
                                     || hash_field (a.comment) || hash_field (a.evidence_note), ''::bytea
                                     ORDER BY a.question_id)
                    FROM answers a WHERE a.case_id = p_case AND a.revision = p_revision), ''::bytea)
    || coalesce ((SELECT string_agg (hash_field ('evidence') || hash_field (v.question_id) || hash_field (v.sha256)
                                     || hash_field (v.file_name) || hash_field (v.size::text), ''::bytea
                                     ORDER BY v.question_id, v.sha256, v.file_name)
                    FROM evidence v WHERE v.case_id = p_case AND v.revision = p_revision), ''::bytea)), 'hex')
$$;

CREATE FUNCTION events_fingerprint_check () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  current text := answers_fingerprint (NEW.case_id, NEW.revision);
BEGIN
  IF data_get (NEW.data, 'answers_fingerprint') IS DISTINCT FROM current THEN
    PERFORM refuse ('PBINV', format ('Event %s of case “%s” names the answers fingerprint %s, but the answers of '
                                     'revision %s are %s now: a decision or a signature is taken on the answers '
                                     'as they are; read the case again', NEW.seq, NEW.case_id,
                                     coalesce (data_get (NEW.data, 'answers_fingerprint'), 'none'), NEW.revision,
                                     current));
  END IF;
  RETURN NEW;
END
$$;

-- After events_before_insert (name order), which refuses first a case one
-- may not write, and every other rule of a decision.
CREATE TRIGGER events_fingerprint BEFORE INSERT ON events
  FOR EACH ROW WHEN ((NEW.kind = 'signed'
                      OR NEW.kind = 'status-changed'
                         AND NEW.new_value IN ('approved', 'approved-with-conditions', 'rejected',
                                               'awaiting-second-approval'))
                     AND NOT importing (NEW.case_id))
  EXECUTE FUNCTION events_fingerprint_check ();

-- Who is who, in this database ------------------------------------------------------

-- The roles a member was given in this database (add_member()): a group
-- granted in another database of the cluster gives none here (review14d
-- G6). Those there before keep the groups they hold: the upgrade cannot
-- tell where each was given.
ALTER TABLE members ADD COLUMN roles text[] NOT NULL DEFAULT '{}'
  CHECK (roles <@ ARRAY['sales', 'reviewer', 'auditor', 'admin']);
UPDATE members m SET roles = ARRAY (SELECT r FROM unnest (ARRAY['sales', 'reviewer', 'auditor', 'admin']) r
                                     WHERE pg_has_role (m.member, 'probity_' || r, 'MEMBER'));

-- holds() of schema-v5.sql, and the role in session_user's members row in
-- this database: the groups are the cluster's (review14c F3, review14d G6).
CREATE OR REPLACE FUNCTION holds (role text) RETURNS boolean
  LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
BEGIN
  -- The members row is read only for someone in the group, who may.
  RETURN CASE WHEN role OPERATOR(pg_catalog.=) ANY ('{sales,reviewer,auditor,admin}'::pg_catalog.text[])
                   AND pg_catalog.pg_has_role (session_user, 'probity_' OPERATOR(pg_catalog.||) role, 'MEMBER')
              THEN EXISTS (SELECT 1 FROM probity.members m WHERE m.member OPERATOR(pg_catalog.=) session_user
                                                             AND role OPERATOR(pg_catalog.=) ANY (m.roles))
              ELSE false END;
END
$$;

-- Lets the member @person connect to this database, as its owner's grant
-- (`db init` gives probity_owner CONNECT WITH GRANT OPTION): an
-- administrator of this database, who may add people, need not own it.
CREATE FUNCTION grant_connect (person text) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  -- CREATEROLE may grant itself as much (the company's DBA who adds people).
  IF NOT (holds ('admin') OR (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = session_user)) THEN
    PERFORM refuse ('42501', format ('%s is no administrator of this database: only one lets people connect to it',
                                     session_user));
  END IF;
  IF NOT EXISTS (SELECT 1 FROM members WHERE member = person) THEN
    PERFORM refuse ('PBINV', format ('%s is no member of this database', person));
  END IF;
  -- GRANT … TO "public" is PUBLIC, and a group gives all its members
  -- (review14e L1): CONNECT goes to a login.
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = person AND rolcanlogin AND rolname NOT LIKE 'probity\_%') THEN
    PERFORM refuse ('PBINV', format ('“%s” is no login of this cluster: CONNECT goes to a person, not to PUBLIC or '
                                     'a group', person));
  END IF;
  EXECUTE format ('GRANT CONNECT ON DATABASE %I TO %I', current_database (), person);
END
$$;

-- Puts the login @person in the group of @role (sales, reviewer or
-- auditor), for an administrator of this database with no CREATEROLE
-- (review14b E10): owned by probity_people, which may grant those three
-- groups only (roles.sql). Not to a role that cannot log in (a group, whose
-- members would all gain it), a superuser or one of Probity's own.
CREATE FUNCTION grant_group (person text, role text) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT (holds ('admin') OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)) THEN
    PERFORM refuse ('42501', format ('%s is no administrator of this database: only one adds people to it',
                                     session_user));
  END IF;
  IF role IS NULL OR role NOT IN ('sales', 'reviewer', 'auditor') THEN
    PERFORM refuse ('42501', format ('An administrator puts people in sales, reviewer or auditor; making %s “%s” '
                                     'takes a superuser', person, role));
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = person AND rolcanlogin AND NOT rolsuper
                    AND rolname NOT LIKE 'probity\_%') THEN
    PERFORM refuse ('PBINV', format ('“%s” is no login of this cluster that Probity may use: the company''s DBA '
                                     'makes it first (CREATE ROLE … LOGIN)', person));
  END IF;
  -- An administrator reads and decides no case: not through a group they
  -- give themselves, nor another administrator (review14e H1).
  IF person = session_user::text OR pg_has_role (person, 'probity_admin', 'MEMBER') THEN
    PERFORM refuse ('42501', format ('%s is an administrator: an administrator reads and decides no case, so only a '
                                     'superuser gives one the role “%s”', person, role));
  END IF;
  EXECUTE format ('GRANT %I TO %I', 'probity_' || role, person);
END
$$;

-- add_member() of schema-v10.sql, and: the person may connect to this
-- database (and no other, by being added here); an administrator with
-- no CREATEROLE adds a login that exists through grant_group().
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
                                       organisation = COALESCE (excluded.organisation, members.organisation),
                                       roles = CASE WHEN excluded.roles <@ members.roles THEN members.roles
                                                    ELSE members.roles || excluded.roles END;
  PERFORM probity.grant_connect (person);
END
$$;

-- grant_group () put any login in a group, the caller included, and
-- members.roles is an administrator's to write: adam, with no
-- CREATEROLE, made himself a reviewer and an auditor, imported a case of
-- his making and approved and signed it alone (review14e H1). No one but
-- a superuser or CREATEROLE (the DBA) changes their own members row, or
-- gives an administrator another role there.
CREATE FUNCTION members_own_row () RETURNS trigger
  LANGUAGE plpgsql SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = session_user) THEN
    RETURN coalesce (NEW, OLD);
  END IF;
  IF TG_OP <> 'INSERT' AND OLD.member = session_user OR TG_OP <> 'DELETE' AND NEW.member = session_user THEN
    PERFORM refuse ('42501', format ('%s may not change their own membership: another administrator, or the DBA, does',
                                     session_user));
  END IF;
  IF TG_OP <> 'DELETE' AND 'admin' = ANY (NEW.roles) AND cardinality (NEW.roles) > 1
     AND (TG_OP = 'INSERT' OR NEW.roles IS DISTINCT FROM OLD.roles) THEN
    PERFORM refuse ('42501', format ('%s is an administrator: an administrator reads and decides no case, so only a '
                                     'superuser gives one another role', NEW.member));
  END IF;
  RETURN coalesce (NEW, OLD);
END
$$;

CREATE TRIGGER members_own_row BEFORE INSERT OR UPDATE OR DELETE ON members
  FOR EACH ROW EXECUTE FUNCTION members_own_row ();

-- Stored files: a name is no key ----------------------------------------------------

-- A stored file is read by whoever sees a row naming it (schema-v6.sql),
-- and the row was its writer's word: a sales person who knew the SHA-256
-- of another team's evidence (a report prints each file's) named it in
-- her own draft, by hand, and read it (review14b E9). A row now names a
-- stored file only if its writer sent the bytes in the same transaction
-- (Probity's INSERT … ON CONFLICT DO NOTHING: the bytes are checked
-- against the name before the conflict skips them) or reads the file
-- already (a reopening copies a signed revision's evidence).

-- The stored files whose bytes a transaction sent, until a row names
-- them. No grant: the functions below only.
CREATE TABLE blobs_sent (
  xact   xid8 NOT NULL,
  sha256 text NOT NULL,
  PRIMARY KEY (xact, sha256)
);

CREATE FUNCTION blobs_sent_record () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  -- Those who write cases; an administrator's files go with an import.
  IF NEW.sha256 = encode (sha256 (NEW.content), 'hex') AND (holds ('sales') OR holds ('reviewer')) THEN
    INSERT INTO blobs_sent (xact, sha256) VALUES (pg_current_xact_id (), NEW.sha256) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NEW;
END
$$;

-- Before the conflict of an ON CONFLICT DO NOTHING skips the row.
CREATE TRIGGER blobs_sent BEFORE INSERT ON blobs
  FOR EACH ROW EXECUTE FUNCTION blobs_sent_record ();

-- Whether this transaction sent the bytes of @p_sha256 (taken: once).
CREATE FUNCTION blob_sent_here (p_sha256 text) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  DELETE FROM blobs_sent WHERE xact = pg_current_xact_id () AND sha256 = p_sha256;
  RETURN FOUND;
END
$$;

-- Whether a file @p_sha256 is stored, read or not (committed, or this
-- transaction's).
CREATE FUNCTION blob_stored (p_sha256 text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = p_sha256)
$$;

-- An evidence row or a sign-off (TG_ARGV[0]: the column naming the file),
-- checked as its writer: its bytes sent, or the file read through the
-- rows they see already (blobs_read). A sign-off may name a report kept
-- by its hash alone, which no file stored has.
CREATE FUNCTION stored_file_named () RETURNS trigger
  LANGUAGE plpgsql SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  v_sha256 text := to_jsonb (NEW) ->> TG_ARGV[0];
BEGIN
  IF v_sha256 IS NULL OR blob_sent_here (v_sha256) THEN
    RETURN NEW;
  END IF;
  -- Nested: a sales person may not call blob_stored().
  IF TG_TABLE_NAME = 'sign_offs' THEN
    IF NOT blob_stored (v_sha256) THEN
      RETURN NEW;
    END IF;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = v_sha256) THEN
    PERFORM refuse ('42501', format ('%s names the stored file %s in case “%s” without sending its bytes, and reads '
                                     'it through no case: a case names a file its writer has', session_user,
                                     v_sha256, NEW.case_id));
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER evidence_file_named BEFORE INSERT ON evidence
  FOR EACH ROW WHEN (NOT importing (NEW.case_id)) EXECUTE FUNCTION stored_file_named ('sha256');
CREATE TRIGGER sign_offs_file_named BEFORE INSERT ON sign_offs
  FOR EACH ROW WHEN (NEW.report_sha256 IS NOT NULL AND NOT importing (NEW.case_id))
  EXECUTE FUNCTION stored_file_named ('report_sha256');

-- Live update: a channel of one's own ----------------------------------------------

-- A channel was an audience's (schema-v9.sql: a team's, the reviewers',
-- the auditors'), named from a secret that never changed: a person moved
-- out of a team, or no more a reviewer, kept its name and heard when it
-- changed something (the limit version 9 named). Each person now listens
-- on a channel of their own, and a case's change is notified to each
-- member who sees it then (their members row and group, as holds()
-- asks): one who left hears nothing more, and those who stay, or arrive,
-- LISTEN to no other name. Notifications per change: one per member of
-- the case's team, of the reviewers once it is submitted, of the
-- auditors.
CREATE OR REPLACE FUNCTION my_channels () RETURNS SETOF text
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF holds ('auditor') OR holds ('reviewer') OR holds ('sales') AND my_team () IS NOT NULL THEN
    RETURN NEXT listen_channel ((SELECT secret FROM listen_secret), 'member ' || session_user);
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION cases_changed () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  s text := (SELECT secret FROM listen_secret);
BEGIN
  NEW.changed_xact := pg_current_xact_id ();
  NEW.changed_pid := pg_backend_pid ();
  -- By the role's oid: a member whose login was dropped is no error.
  PERFORM pg_notify (listen_channel (s, 'member ' || m.member), '')
     FROM members m JOIN pg_roles r ON r.rolname = m.member
    WHERE 'auditor' = ANY (m.roles) AND pg_has_role (r.oid, 'probity_auditor', 'MEMBER')
       OR 'reviewer' = ANY (m.roles) AND NEW.submitted AND pg_has_role (r.oid, 'probity_reviewer', 'MEMBER')
       OR 'sales' = ANY (m.roles) AND m.team = NEW.team AND pg_has_role (r.oid, 'probity_sales', 'MEMBER');
  RETURN NEW;
END
$$;

-- Nothing but a signature or a time-stamp after a signature ------------------------

-- A revision is sealed by the UPDATE that follows its signed event, in
-- the same transaction: between the two, the signer appended an
-- answer-changed event and changed the answer, and committed a sealed
-- revision whose answers neither its decision nor its signature saw
-- (review14e H3). After a signed event a revision takes only another
-- signature or a time-stamp, as after its seal.
CREATE FUNCTION events_after_signature () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM events e WHERE e.case_id = NEW.case_id AND e.revision = NEW.revision AND e.kind = 'signed'
                AND e.seq < NEW.seq) THEN
    PERFORM refuse ('PBSEA', format ('sealed: revision %s of case “%s” is signed: event %s (%s) comes after its signature',
                                     NEW.revision, NEW.case_id, NEW.seq, NEW.kind));
  END IF;
  RETURN NEW;
END
$$;

-- Asked at every save: a signature is found without reading the case's history.
CREATE INDEX events_signed ON events (case_id, revision) WHERE kind = 'signed';

-- After events_before_insert (name order).
CREATE TRIGGER events_check_sealed BEFORE INSERT ON events
  FOR EACH ROW WHEN (NEW.kind NOT IN ('signed', 'anchored') AND NOT importing (NEW.case_id))
  EXECUTE FUNCTION events_after_signature ();

-- A decision is signed, and a first approval seconded, on what it saw --------------

-- The answers fingerprint (above) covers answers and evidence, not
-- screening: rob confirmed a sanctions hit after rita's approval, and
-- rita signed it by hand (review14e H4). check_approval refuses an
-- approval after a hit confirmed since the submission (schema-v6.sql);
-- a signature of a decision, or the second approval of an override, is
-- refused too when a hit was confirmed, or an answer or evidence event
-- appended, in the revision since the decision (the first approval):
-- decide again. (A change made and undone since asks for it too.)
CREATE FUNCTION events_decision_current () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  decided events;
BEGIN
  SELECT * INTO decided FROM events
   WHERE case_id = NEW.case_id AND revision = NEW.revision AND kind IN ('status-changed', 'signed') AND seq < NEW.seq
   ORDER BY seq DESC LIMIT 1;
  IF NOT FOUND OR decided.kind <> 'status-changed'
     OR NOT (NEW.kind = 'signed' AND decided.new_value IN ('approved', 'approved-with-conditions', 'rejected')
             OR NEW.kind = 'status-changed' AND decided.new_value = 'awaiting-second-approval'
                AND NEW.new_value IN ('approved', 'approved-with-conditions')) THEN
    RETURN NEW;
  END IF;
  IF EXISTS (SELECT 1 FROM events h
              WHERE h.case_id = NEW.case_id AND h.revision = NEW.revision AND h.seq > decided.seq AND h.seq < NEW.seq
                AND (h.kind IN ('answer-set', 'answer-changed', 'answer-cleared', 'evidence-added', 'evidence-removed')
                     OR h.kind = 'hit-decided' AND h.new_value = 'confirmed')) THEN
    PERFORM refuse ('PBINV', format ('The answers of case “%s” changed after its decision (event %s): decide again '
                                     'before %s', NEW.case_id, decided.seq,
                                     CASE WHEN NEW.kind = 'signed' THEN 'signing' ELSE 'approving' END));
  END IF;
  RETURN NEW;
END
$$;

-- After events_fingerprint (name order), whose refusal says more where
-- both apply.
CREATE TRIGGER events_since_decision BEFORE INSERT ON events
  FOR EACH ROW WHEN (NEW.kind IN ('signed', 'status-changed') AND NOT importing (NEW.case_id))
  EXECUTE FUNCTION events_decision_current ();

-- Grants: no chosen ids, no row locks on shared rows -------------------------------

-- Both ids are GENERATED BY DEFAULT: a sales person inserted evidence rows
-- with ids of her choosing, and every other team's next attachments failed
-- on evidence_pkey (review14e M1). The store names no id.
REVOKE INSERT ON evidence FROM probity_sales, probity_reviewer;
GRANT INSERT (case_id, revision, question_id, file_name, media_type, sha256, size, added_by, added) ON evidence
  TO probity_sales, probity_reviewer;
REVOKE INSERT ON sign_offs FROM probity_reviewer;
GRANT INSERT (case_id, revision, event_seq, role, name, decision, reason, conditions, time, report_sha256,
              answers_fingerprint, history_head, organisation, certificate_sha256, language) ON sign_offs
  TO probity_reviewer;

-- `SELECT … FROM questionnaires FOR UPDATE`, held open, stopped every
-- team's `case new` (review14d G2): the store needs no UPDATE there
-- (a928c92), nor on stored files.
REVOKE UPDATE ON questionnaires, reference_data, blobs FROM probity_sales, probity_reviewer;

-- The values schema-v11.sql's limits missed (review14e M2): a sales
-- person stored 32 MB in customers.created, kept for ever.
ALTER TABLE customers
  ADD CONSTRAINT customers_created_size
    CHECK (octet_length (created) <= 256 OR too_large ('customers.created', octet_length (created), 256)) NOT VALID;
ALTER TABLE products
  ADD CONSTRAINT products_created_size
    CHECK (octet_length (created) <= 256 OR too_large ('products.created', octet_length (created), 256)) NOT VALID;
ALTER TABLE questionnaires
  ADD CONSTRAINT questionnaires_file_name_size
    CHECK (octet_length (file_name) <= 65536
           OR too_large ('questionnaires.file_name', octet_length (file_name), 65536)) NOT VALID;
ALTER TABLE reference_data
  ADD CONSTRAINT reference_data_file_name_size
    CHECK (octet_length (file_name) <= 65536
           OR too_large ('reference_data.file_name', octet_length (file_name), 65536)) NOT VALID;
ALTER TABLE anchors
  ADD CONSTRAINT anchors_head_hash_size
    CHECK (octet_length (head_hash) <= 256 OR too_large ('anchors.head_hash', octet_length (head_hash), 256)) NOT VALID;

REVOKE ALL ON reference_approval_changes FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION reference_approval_state (text), reference_approval_changes_before_insert (),
                           refuse_snapshot_case (text), grant_connect (text), grant_group (text, text),
                           answers_fingerprint (text, bigint), events_fingerprint_check (), blobs_sent_record (),
                           blob_sent_here (text), blob_stored (text), stored_file_named (), members_own_row (),
                           events_after_signature (), events_decision_current () FROM PUBLIC;
GRANT EXECUTE ON FUNCTION blob_sent_here (text) TO probity_sales, probity_reviewer;
GRANT EXECUTE ON FUNCTION blob_stored (text) TO probity_reviewer;
GRANT EXECUTE ON FUNCTION answers_fingerprint (text, bigint)
  TO probity_sales, probity_reviewer, probity_auditor, probity_admin;
GRANT EXECUTE ON FUNCTION grant_connect (text), grant_group (text, text) TO probity_admin;
GRANT EXECUTE ON FUNCTION reference_approval_state (text)
  TO probity_sales, probity_reviewer, probity_auditor, probity_admin;
GRANT SELECT ON reference_approval_changes TO probity_sales, probity_reviewer, probity_auditor, probity_admin;
GRANT INSERT (sha256, change, reason) ON reference_approval_changes TO probity_admin;

RESET ROLE;

-- As the installing superuser: probity_owner may not give a function away.
ALTER FUNCTION probity.grant_group (text, text) OWNER TO probity_people;
