-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 17 (after schema-v16.sql, in the same
-- transaction of `probity-cli db init`).
--
-- - A decision stands on the answers, evidence and parties it was taken
--   on. Until now a sales person could still change an answer of an
--   approved case with a reason (accept31 14a): signing it was refused
--   (events_decision_current (), schema-v12.sql), but the case list, its
--   summary and its report showed "Approved" beside an outcome of
--   "Do not proceed". Once a revision is approved, approved with
--   conditions, rejected or awaiting its second approval, its answers,
--   evidence and parties change only after a legal reviewer sends it
--   back for changes (a status-changed event to draft), as Probity's own
--   store says (_pb_case_store_refuse_decided ()). An imported history
--   keeps what it holds.
-- - A party a legal reviewer confirmed is listed was removed by the sales
--   person alone, and its hard stop with it: sent back, resubmitted and
--   approved by another reviewer (accept32 1). A party whose hit in the
--   latest screening carries a confirmed decision is not removed, by
--   anyone (events_party_removed); a reviewer clears a wrong match first.
--
-- tests/test-pg-team.sh appends such events by hand and goes through
-- Probity.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- Nothing changes under a decision -------------------------------------------------

CREATE FUNCTION events_under_decision () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  status text := status_before (NEW.case_id, NEW.revision, NEW.seq);
BEGIN
  IF status IN ('approved', 'approved-with-conditions', 'rejected', 'awaiting-second-approval') THEN
    PERFORM refuse ('PBDEC', format ('Case “%s” is %s: the decision was taken on these answers, evidence and '
                                     'parties. To change them, a legal reviewer first sends the case back for '
                                     'changes (event %s, %s)', NEW.case_id, status, NEW.seq, NEW.kind));
  END IF;
  RETURN NEW;
END
$$;

-- After events_before_insert, before events_check_answer and
-- events_check_screening (name order): whose refusals say less here.
CREATE TRIGGER events_check_after_decision BEFORE INSERT ON events
  FOR EACH ROW WHEN (NEW.kind IN ('answer-set', 'answer-changed', 'answer-cleared', 'evidence-added',
                                  'evidence-removed', 'party-added', 'party-removed')
                     AND NOT importing (NEW.case_id))
  EXECUTE FUNCTION events_under_decision ();

-- A confirmed party stays ---------------------------------------------------------

-- The decision a hit of the latest screening carries is the last
-- hit-decided event on the same party and entry (SCHEMA.md, "Screening").
CREATE FUNCTION events_party_removed () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  latest events;
  hit jsonb;
  decided text;
BEGIN
  SELECT * INTO latest FROM events
   WHERE case_id = NEW.case_id AND kind = 'screened' AND seq < NEW.seq
   ORDER BY seq DESC LIMIT 1;
  IF NOT FOUND OR latest.data IS NULL OR jsonb_typeof (latest.data::jsonb -> 'hits') IS DISTINCT FROM 'array' THEN
    RETURN NEW;
  END IF;
  FOR hit IN SELECT h FROM jsonb_array_elements (latest.data::jsonb -> 'hits') AS h
              WHERE h ->> 'party' = NEW.old_value
  LOOP
    SELECT new_value INTO decided FROM events
     WHERE case_id = NEW.case_id AND kind = 'hit-decided' AND seq < NEW.seq
       AND data::jsonb ->> 'party' = NEW.old_value AND data::jsonb ->> 'entry_sha256' = hit ->> 'entry_sha256'
     ORDER BY seq DESC LIMIT 1;
    IF decided = 'confirmed' THEN
      PERFORM refuse ('PBHSP', format ('Party %s stays a party of case “%s”: a legal reviewer confirmed it is listed; '
                                       'a legal reviewer clears a wrong match first', NEW.old_value, NEW.case_id));
    END IF;
  END LOOP;
  RETURN NEW;
END
$$;

-- Before events_check_screening (name order), whose refusal says less.
CREATE TRIGGER events_check_confirmed_party BEFORE INSERT ON events
  FOR EACH ROW WHEN (NEW.kind = 'party-removed' AND NOT importing (NEW.case_id))
  EXECUTE FUNCTION events_party_removed ();

RESET ROLE;

-- One role per person ---------------------------------------------------------------

-- add_member () adds a group: a person given a second role with `db
-- add-user` held both, and acted in the first of sales, reviewer and
-- auditor (session_role ()), so the history recorded a reviewer's edits
-- as a sales person's; and nothing took a role back but SQL by hand.
-- Probity's four-eyes rules count one capacity per person: `db add-user`
-- now calls set_member (), which takes every other role the person holds
-- in this database before it gives the new one, and `db remove-user`
-- calls take_roles (), which takes them all (the person's history, and
-- their members row, stay). add_member () itself is left as it was, for
-- the scripts that call it. tests/test-pg-team.sh replaces and removes
-- roles through probity-cli, as an administrator with no CREATEROLE.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- Whether the login @person is in the group of @role itself (not through
-- another group): what GRANT gave and REVOKE takes.
CREATE FUNCTION in_group (person text, role text) RETURNS boolean
  LANGUAGE sql STABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT EXISTS (SELECT 1 FROM pg_auth_members a
                  WHERE a.roleid = to_regrole ('probity_' || role) AND a.member = to_regrole (quote_ident (person)))
$$;

-- Takes the login @person out of the group of @role (sales, reviewer or
-- auditor), for an administrator of this database with no CREATEROLE, as
-- grant_group () puts them in (owned by probity_people too, below). Not
-- the caller: no one changes their own membership (members_own_row ()).
CREATE FUNCTION revoke_group (person text, role text) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT (holds ('admin') OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)) THEN
    PERFORM refuse ('42501', format ('%s is no administrator of this database: only one takes people''s roles',
                                     session_user));
  END IF;
  IF role IS NULL OR role NOT IN ('sales', 'reviewer', 'auditor') THEN
    PERFORM refuse ('42501', format ('An administrator takes sales, reviewer or auditor; taking %s “%s” '
                                     'takes a superuser', person, role));
  END IF;
  IF person = session_user::text THEN
    PERFORM refuse ('42501', format ('%s may not change their own membership: another administrator, or the DBA, does',
                                     session_user));
  END IF;
  IF in_group (person, role) THEN
    EXECUTE format ('REVOKE %I FROM %I', 'probity_' || role, person);
  END IF;
  PERFORM notify_member (person);
END
$$;

-- Takes from the member @person every Probity role they hold in this
-- database but @keep (NULL: every one): out of its group, and out of
-- their members row, which stays, with their name and organisation, for
-- the history that names them. Returns the roles taken, in the order
-- sales, reviewer, auditor, admin. The groups are the cluster's: a
-- person who holds the same role in another Probity database of the
-- cluster loses it there too (one Probity database per cluster is
-- simplest, README). Administrators take sales, reviewer and auditor
-- (revoke_group ()); taking "admin" takes a superuser or CREATEROLE, as
-- giving it does. Runs with the caller's rights.
CREATE FUNCTION take_roles (person text, keep text DEFAULT NULL) RETURNS text[]
  LANGUAGE plpgsql SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  dba boolean := (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user);
  taken text[];
  r text;
BEGIN
  IF NOT (holds ('admin') OR dba) THEN
    PERFORM refuse ('42501', format ('%s may not take people''s roles: an administrator of this database does',
                                     session_user));
  END IF;
  IF person = session_user::text AND NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = session_user) THEN
    PERFORM refuse ('42501', format ('%s may not change their own membership: another administrator, or the DBA, does',
                                     session_user));
  END IF;
  IF NOT EXISTS (SELECT 1 FROM members m WHERE m.member = person) THEN
    PERFORM refuse ('PBINV', format ('%s is no member of this database', person));
  END IF;
  taken := ARRAY (SELECT u.r FROM unnest (ARRAY['sales', 'reviewer', 'auditor', 'admin']) WITH ORDINALITY AS u (r, n)
                   WHERE u.r IS DISTINCT FROM keep
                     AND u.r = ANY ((SELECT m.roles FROM members m WHERE m.member = person)::text[])
                   ORDER BY u.n);
  FOREACH r IN ARRAY taken
  LOOP
    IF r = 'admin' AND NOT dba THEN
      PERFORM refuse ('42501', format ('%s is an administrator: taking that role takes a superuser or the DBA '
                                       '(CREATEROLE), as giving it does', person));
    END IF;
    IF NOT dba THEN
      PERFORM probity.revoke_group (person, r);
    ELSIF in_group (person, r) THEN
      EXECUTE format ('REVOKE %I FROM %I', 'probity_' || r, person);
    END IF;
    -- From PostgreSQL 16 a grant is its grantor's: one another role made
    -- stays, said here rather than left to act.
    IF in_group (person, r) THEN
      PERFORM refuse ('42501', format ('%s is still in the group probity_%s, which someone else granted: a superuser '
                                       'takes it (REVOKE probity_%s FROM %I GRANTED BY …)', person, r, r, person));
    END IF;
  END LOOP;
  UPDATE members m SET roles = ARRAY (SELECT x FROM unnest (m.roles) x WHERE x IS NOT DISTINCT FROM keep)
   WHERE m.member = person AND m.roles && taken;

  RETURN taken;
END
$$;

-- add_member (), but @role is the person's one role in this database:
-- every other they held here is taken first (take_roles ()). Returns the
-- roles taken (none for someone new, or given the role they hold).
CREATE FUNCTION set_member (person text, role text, team text DEFAULT NULL, display_name text DEFAULT NULL,
                            organisation text DEFAULT NULL) RETURNS text[]
  LANGUAGE plpgsql SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  taken text[] := '{}';
BEGIN
  -- add_member () says what is wrong with a new person or a role.
  IF role IN ('sales', 'reviewer', 'auditor', 'admin') AND EXISTS (SELECT 1 FROM members m WHERE m.member = person) THEN
    taken := probity.take_roles (person, role);
  END IF;
  PERFORM probity.add_member (person, role, team, display_name, organisation);

  RETURN taken;
END
$$;

REVOKE EXECUTE ON FUNCTION in_group (text, text), revoke_group (text, text), take_roles (text, text),
                           set_member (text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION in_group (text, text) TO probity_people, probity_admin;
-- As add_member (): whoever is no administrator is told so in words.
GRANT EXECUTE ON FUNCTION take_roles (text, text), set_member (text, text, text, text, text)
  TO probity_sales, probity_reviewer, probity_auditor, probity_admin;
GRANT EXECUTE ON FUNCTION revoke_group (text, text) TO probity_admin;

RESET ROLE;

-- As the installing superuser: probity_owner may not give a function away.
ALTER FUNCTION probity.revoke_group (text, text) OWNER TO probity_people;
