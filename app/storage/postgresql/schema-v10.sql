-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 10 (after schema-v9.sql, in the same
-- transaction of `probity-cli db init`): the organisation a person acts for
-- is the server's word, and an approval of a questionnaire can be withdrawn.
--
-- - An event's organisation was the client's word: a sales person could
--   record "Legal HQ". The server now keeps each member's organisation
--   (members.organisation, set by `db add-user … --organisation`; only an
--   administrator writes members), and an event made here carries exactly
--   it (none when none is set). The organisation is in the event's hash,
--   so the server cannot fill it in for the client: Probity reads it when
--   it connects, and the server refuses any other.
-- - An approval (schema-v7.sql) could not be taken back. What happens to
--   an approval after it is appended to approval_changes, never updated or
--   deleted: "withdrawn" (who, when, why), after which no new case is
--   pinned to the questionnaire, and "approved" (approved again, or
--   reviewed). Cases pinned to it already stay as they are; Probity warns
--   wherever they are read (case show, the report, the wizard).
-- - A signed event could name another decision than the one in force,
--   turning a rejection into an approval (review14b E2): it is refused.
-- - The country reference data a case pins was its creator's choice: a
--   copy with an embargo emptied let a military item to Russia through
--   (review14b E1). Like questionnaires, it is now the administrator's.
-- - Version 7 approved the questionnaires of the cases already on the
--   server, a doctored copy included, naming it in a warning only. Those
--   approvals are now marked "unreviewed" (the upgrade's, not a person's),
--   and `db approve` lists them until an administrator approves them
--   again (reviewed) or withdraws them. `db init` approves again the ones
--   whose bytes it ships.
--
-- tests/test-pg-team.sh tries each refusal as the person who could;
-- tests/test-pg-init.sh upgrades a server holding a doctored case.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- Organisations -----------------------------------------------------------------

ALTER TABLE members ADD COLUMN organisation text;

CREATE FUNCTION my_organisation () RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT organisation FROM members WHERE member = session_user
$$;

-- add_member() of schema-v1.sql, with the organisation; what is not given
-- is kept.
DROP FUNCTION add_member (text, text, text, text);
CREATE FUNCTION add_member (person text, role text, team text DEFAULT NULL, display_name text DEFAULT NULL,
                            organisation text DEFAULT NULL) RETURNS void
  LANGUAGE plpgsql SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
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
    EXECUTE format ('CREATE ROLE %I LOGIN', person);
  END IF;
  EXECUTE format ('GRANT %I TO %I', 'probity_' || role, person);
  IF NOT is_blank (team) THEN
    INSERT INTO probity.teams (name) VALUES (team) ON CONFLICT DO NOTHING;
  END IF;
  INSERT INTO probity.members (member, team, display_name, organisation)
    VALUES (person, NULLIF (btrim (team), ''), NULLIF (btrim (display_name), ''), NULLIF (btrim (organisation), ''))
    ON CONFLICT (member) DO UPDATE SET team = COALESCE (excluded.team, members.team),
                                       display_name = COALESCE (excluded.display_name, members.display_name),
                                       organisation = COALESCE (excluded.organisation, members.organisation);
END
$$;

-- An event made here (not imported) names the organisation the server
-- keeps for whoever is connected, and so does a sign-off's event (the
-- sign-off itself must match its event: schema-v6.sql). Runs only when
-- they differ, or for a sign-off. After events_before_insert (name order),
-- which checked who may write the case.
CREATE FUNCTION events_organisation_check () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  org text := my_organisation ();
BEGIN
  IF NEW.organisation IS DISTINCT FROM org
     OR (NEW.kind = 'signed' AND data_get (NEW.data, 'organisation') IS DISTINCT FROM org) THEN
    PERFORM refuse ('PBWHO', format ('Event %s of case “%s” names the organisation “%s”, but this server records %s '
                                     'for %s: an event carries the organisation an administrator set (“probity-cli '
                                     'db add-user … --organisation”); connect again to read it',
                                     NEW.seq, NEW.case_id,
                                     coalesce (CASE WHEN NEW.organisation IS DISTINCT FROM org THEN NEW.organisation
                                                    ELSE data_get (NEW.data, 'organisation') END, ''),
                                     coalesce ('“' || org || '”', 'none'), session_user));
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER events_organisation BEFORE INSERT ON events
  FOR EACH ROW WHEN (NOT importing (NEW.case_id)
                     AND (NEW.organisation IS DISTINCT FROM my_organisation () OR NEW.kind = 'signed'))
  EXECUTE FUNCTION events_organisation_check ();

-- A signature seals the decision in force --------------------------------------

-- The replay at commit (revisions_match_history) takes a revision's
-- decision, reason and conditions from its first signed event; the check
-- of a signed event asked only that a decision be in force and the signer
-- be a reviewer. One reviewer could reject a case with a confirmed
-- sanctions match and then sign the rejection with {"decision":"approved"}:
-- an approval no rule of approval saw (review14b E2). A signed event now
-- names the decision, conditions and reason of the revision's last status
-- change. (check_status_event of schema-v1.sql, and that.)
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

-- Approvals -----------------------------------------------------------------------

-- What happened to an approval after it, in order: "withdrawn" (why in
-- reason), "approved" (approved again, or reviewed), "unreviewed" (made by
-- the upgrade to version 7, below). Who and when are the server's.
CREATE TABLE approval_changes (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sha256     text NOT NULL REFERENCES approved_questionnaires (sha256),
  change     text NOT NULL CHECK (change IN ('withdrawn', 'approved', 'unreviewed')),
  changed_by text NOT NULL,
  changed    timestamptz NOT NULL,
  reason     text
);
CREATE INDEX approval_changes_by_sha256 ON approval_changes (sha256, id);

-- Whether cases may be pinned to the questionnaire @sha256: NULL when no
-- administrator approved it, else its last change ('approved' when none).
CREATE FUNCTION approval_state (p_sha256 text) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT coalesce ((SELECT c.change FROM approval_changes c WHERE c.sha256 = a.sha256 ORDER BY c.id DESC LIMIT 1),
                   'approved')
    FROM approved_questionnaires a WHERE a.sha256 = p_sha256
$$;

-- A change follows from the state before it; the approval's row is locked
-- first, so that a case made meanwhile (which shares that lock) is made
-- before the change or refused after it.
CREATE FUNCTION approval_changes_before_insert () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  q questionnaires;
  state text;
BEGIN
  NEW.changed_by := session_user::text;
  NEW.changed := now ();
  PERFORM 1 FROM approved_questionnaires WHERE sha256 = NEW.sha256 FOR UPDATE;
  SELECT * INTO q FROM questionnaires WHERE sha256 = NEW.sha256;
  state := approval_state (NEW.sha256);
  IF state IS NULL THEN
    PERFORM refuse ('PBINV', format ('No administrator of this server approved the questionnaire %s', NEW.sha256));
  END IF;
  IF NEW.change = 'withdrawn' AND state = 'withdrawn' THEN
    PERFORM refuse ('PBINV', format ('The approval of questionnaire “%s” %s (sha256 %s) is withdrawn already',
                                     q.qid, q.version, NEW.sha256));
  END IF;
  IF NEW.change = 'withdrawn' AND is_blank (NEW.reason) THEN
    PERFORM refuse ('PBINV', format ('Withdrawing the approval of questionnaire “%s” %s needs a reason', q.qid, q.version));
  END IF;
  IF NEW.change = 'approved' AND state = 'approved' THEN
    PERFORM refuse ('PBINV', format ('The questionnaire “%s” %s (sha256 %s) is approved already', q.qid, q.version,
                                     NEW.sha256));
  END IF;
  IF NEW.change = 'unreviewed' AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
    PERFORM refuse ('42501', 'Only the upgrade marks an approval unreviewed');
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER approval_changes_before_insert BEFORE INSERT ON approval_changes
  FOR EACH ROW EXECUTE FUNCTION approval_changes_before_insert ();
CREATE TRIGGER approval_changes_no_change BEFORE UPDATE OR DELETE ON approval_changes
  FOR EACH ROW EXECUTE FUNCTION append_only ('changes of questionnaire approvals');

-- Every case, made here or imported: its questionnaire is approved, and
-- the approval not withdrawn (schema-v7.sql's check, and this).
CREATE OR REPLACE FUNCTION cases_questionnaire_approved () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  q questionnaires;
  w approval_changes;
BEGIN
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
  RETURN NEW;
END
$$;

-- The approvals version 7 made for the cases already on the server: on an
-- upgrade (version 7 installed after version 1), those of the transaction
-- that installed it (the first approvals there are) whose questionnaire a
-- case made before them is pinned to. A questionnaire that installation
-- approved because Probity shipped it, and that a case made later (or an
-- older case copied in) uses, is marked too: `db init` approves again the
-- bytes it ships.
INSERT INTO approval_changes (sha256, change, changed_by, changed, reason)
  SELECT a.sha256, 'unreviewed', '', now (),
         'approved by the upgrade to schema version 7 because cases on the server were pinned to it'
    FROM approved_questionnaires a
   WHERE a.approved = (SELECT min (approved) FROM approved_questionnaires)
     AND (SELECT installed FROM probity_schema WHERE version = 7)
         IS DISTINCT FROM (SELECT installed FROM probity_schema WHERE version = 1)
     AND EXISTS (SELECT 1 FROM cases c WHERE c.questionnaire_sha256 = a.sha256
                    AND c.created COLLATE "C" < store_time (a.approved) COLLATE "C")
   ORDER BY a.sha256;

-- Approved reference data -------------------------------------------------------

-- The country reference data a case pins decides embargoes and export bans
-- (S2.17: a military item to an embargoed country is a hard stop), and
-- the case's creator chose it: $PROBITY_COUNTRIES or a generated file.
-- A sales person pinned a copy with Russia's measures emptied, and every
-- reviewer's unmodified Probity approved a military item to Russia
-- (review14b E1). Like questionnaires (schema-v7.sql): a case made here
-- pins only reference data an administrator approved. `db init` approves
-- the file the installing Probity uses, `db approve --reference` another;
-- what the cases here use already is approved, marked as the upgrade's
-- (by_upgrade). An imported case keeps what its source pinned.
CREATE TABLE approved_reference_data (
  sha256      text PRIMARY KEY REFERENCES reference_data (sha256),
  approved_by text NOT NULL,
  approved    timestamptz NOT NULL,
  by_upgrade  boolean NOT NULL DEFAULT false
);

-- Who and when: the server's (the function of schema-v7.sql).
CREATE TRIGGER approved_reference_data_before_insert BEFORE INSERT ON approved_reference_data
  FOR EACH ROW EXECUTE FUNCTION approved_questionnaires_before_insert ();
CREATE TRIGGER approved_reference_data_no_change BEFORE UPDATE OR DELETE ON approved_reference_data
  FOR EACH ROW EXECUTE FUNCTION append_only ('reference data approvals');

CREATE FUNCTION cases_reference_approved () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  d reference_data;
BEGIN
  IF NEW.reference_sha256 IS NULL
     OR NOT EXISTS (SELECT 1 FROM approved_reference_data WHERE sha256 = NEW.reference_sha256) THEN
    SELECT * INTO d FROM reference_data WHERE sha256 = NEW.reference_sha256;
    PERFORM refuse ('PBINV', format ('Case “%s” would be rated with the country reference data %s (sha256 %s), which no '
                                     'administrator of this server approved: it is not the data Probity ships, or '
                                     'its bytes were changed. Use the installed data, or an administrator approves '
                                     'that file with “probity-cli db approve --reference CONNECTION FILE”',
                                     NEW.id, coalesce (d.version, '?'), coalesce (NEW.reference_sha256, 'none')));
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER cases_reference_approved BEFORE INSERT ON cases
  FOR EACH ROW WHEN (NOT importing (NEW.id)) EXECUTE FUNCTION cases_reference_approved ();

INSERT INTO approved_reference_data (sha256, approved_by, approved, by_upgrade)
  SELECT DISTINCT reference_sha256, '', now (), true FROM cases WHERE reference_sha256 IS NOT NULL;

REVOKE ALL ON approved_reference_data FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cases_reference_approved () FROM PUBLIC;
GRANT SELECT ON approved_reference_data TO probity_sales, probity_reviewer, probity_auditor, probity_admin;
GRANT INSERT (sha256) ON approved_reference_data TO probity_admin;

REVOKE ALL ON approval_changes FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION my_organisation (), add_member (text, text, text, text, text), events_organisation_check (),
                           approval_state (text), approval_changes_before_insert () FROM PUBLIC;
GRANT EXECUTE ON FUNCTION my_organisation (), add_member (text, text, text, text, text), approval_state (text)
  TO probity_sales, probity_reviewer, probity_auditor, probity_admin;
GRANT SELECT ON approval_changes TO probity_sales, probity_reviewer, probity_auditor, probity_admin;
GRANT INSERT (sha256, change, reason) ON approval_changes TO probity_admin;

RESET ROLE;
