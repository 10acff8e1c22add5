-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 7 (after schema-v6.sql, in the same
-- transaction of `probity-cli db init`): the questionnaires an
-- administrator approved.
--
-- A case is rated with the questionnaire it is pinned to, whose bytes the
-- server keeps; whoever created the case chose them. A sales person could
-- pin a copy of the shipped questionnaire with a hard stop demoted (the
-- same id and version: only its SHA-256 differs), and every reviewer's
-- unmodified Probity then rated a confirmed sanctions match "proceed with
-- conditions", approved it, and `case verify` said OK. The rules are now
-- the administrator's: a case is pinned only to a questionnaire whose
-- exact bytes an administrator approved. `db init` approves the ones the
-- installing Probity ships, `db approve` another file; the questionnaires
-- of the cases already on the server when this version is installed are
-- approved by it, so that nothing there stops working (db init lists
-- those Probity does not ship).
--
-- tests/test-pg-team.sh tries a doctored copy as a sales person, through
-- probity-cli and by hand.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- Who approved, when: the server's word (the trigger below).
CREATE TABLE approved_questionnaires (
  sha256      text PRIMARY KEY REFERENCES questionnaires (sha256),
  approved_by text NOT NULL,
  approved    timestamptz NOT NULL
);

CREATE FUNCTION approved_questionnaires_before_insert () RETURNS trigger
  LANGUAGE plpgsql SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  NEW.approved_by := session_user::text;
  NEW.approved := now ();
  RETURN NEW;
END
$$;

CREATE TRIGGER approved_questionnaires_before_insert BEFORE INSERT ON approved_questionnaires
  FOR EACH ROW EXECUTE FUNCTION approved_questionnaires_before_insert ();
CREATE TRIGGER approved_questionnaires_no_change BEFORE UPDATE OR DELETE ON approved_questionnaires
  FOR EACH ROW EXECUTE FUNCTION append_only ('questionnaire approvals');

-- Every case, made here or imported: its questionnaire is approved. After
-- cases_before_insert (name order): who acts, and in which team, first.
CREATE FUNCTION cases_questionnaire_approved () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  q questionnaires;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM approved_questionnaires WHERE sha256 = NEW.questionnaire_sha256) THEN
    SELECT * INTO q FROM questionnaires WHERE sha256 = NEW.questionnaire_sha256;
    PERFORM refuse ('PBINV', format ('Case “%s” would be rated with questionnaire “%s” %s (sha256 %s), which no '
                                     'administrator of this server approved: it is not one Probity ships, or its '
                                     'bytes were changed. Use an installed questionnaire, or an administrator '
                                     'approves that file with “probity-cli db approve CONNECTION FILE”',
                                     NEW.id, coalesce (q.qid, '?'), coalesce (q.version, '?'),
                                     NEW.questionnaire_sha256));
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER cases_questionnaire_approved BEFORE INSERT ON cases
  FOR EACH ROW EXECUTE FUNCTION cases_questionnaire_approved ();

-- What the cases here already use stays usable (db init names those
-- Probity does not ship).
INSERT INTO approved_questionnaires (sha256, approved_by, approved)
  SELECT DISTINCT questionnaire_sha256, session_user::text, now () FROM cases;

REVOKE ALL ON approved_questionnaires FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION approved_questionnaires_before_insert (), cases_questionnaire_approved () FROM PUBLIC;
GRANT SELECT ON approved_questionnaires TO probity_sales, probity_reviewer, probity_auditor, probity_admin;
GRANT INSERT ON approved_questionnaires TO probity_admin;

RESET ROLE;
