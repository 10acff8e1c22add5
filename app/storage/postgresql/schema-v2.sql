-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 2 (after schema-v1.sql, in the same
-- transaction of `probity-cli db init`): the case list's indexes for the
-- rows each role sees, and anchors that can be written.
--
-- Row-level security filters case_list with one OR over the roles
-- (case_list_read), which no index can serve: over a million cases a sales
-- person's list was a sequential scan and a sort on disk (1.2 s). The
-- store now says in its query which rows the person sees (the team's, or
-- the submitted ones), and these indexes give them in the order shown;
-- every column the list filters on or the policy reads is in each index,
-- so that each filter is an index-only scan.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

DROP INDEX case_list_by_updated, case_list_by_status, case_list_by_decision, case_list_by_outcome;

CREATE INDEX case_list_by_updated ON case_list (updated, case_id)
  INCLUDE (status, decision, outcome, team, submitted);
CREATE INDEX case_list_by_status ON case_list (status, updated, case_id)
  INCLUDE (decision, outcome, team, submitted);
CREATE INDEX case_list_by_decision ON case_list (decision, updated, case_id)
  INCLUDE (status, outcome, team, submitted);
CREATE INDEX case_list_by_outcome ON case_list (outcome, updated, case_id)
  INCLUDE (status, decision, team, submitted);
-- A sales person's list: their team's cases.
CREATE INDEX case_list_by_team ON case_list (team, updated, case_id)
  INCLUDE (status, decision, outcome, submitted);
-- A reviewer's: the submitted cases.
CREATE INDEX case_list_submitted ON case_list (updated, case_id)
  INCLUDE (status, decision, outcome, team) WHERE submitted;

-- Anchors could not be written: PL/pgSQL plans "TG_TABLE_NAME = 'sign_offs'
-- AND ... NEW.name" as one expression, and an anchor has no name. The
-- sign-off's check in an IF of its own.
CREATE OR REPLACE FUNCTION recorded_by_event () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  v_seq bigint;
  v_kind text;
BEGIN
  IF TG_TABLE_NAME = 'sign_offs' THEN
    v_seq := NEW.event_seq;
    v_kind := 'signed';
  ELSE
    v_seq := NEW.seq;
    v_kind := 'anchored';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM events e WHERE e.case_id = NEW.case_id AND e.seq = v_seq AND e.kind = v_kind
                    AND e."user" = session_user::text) THEN
    PERFORM refuse ('PBWHO', format ('Event %s of case “%s” is not a “%s” event of %s', v_seq, NEW.case_id, v_kind, session_user));
  END IF;
  IF TG_TABLE_NAME = 'sign_offs' THEN
    IF NOT same_name (NEW.name, my_name ()) THEN
      PERFORM refuse ('PBWHO', format ('The sign-off of case “%s” names “%s” as signer, but %s signs as “%s”',
                                       NEW.case_id, NEW.name, session_user, my_name ()));
    END IF;
  END IF;
  RETURN NEW;
END
$$;

RESET ROLE;
