-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 14 (after schema-v13.sql, in the same
-- transaction of `probity-cli db init`).
--
-- - is_blank() trimmed ASCII spaces only, while Probity counts every
--   white space character GLib does (g_unichar_isspace ()): a decision's
--   reason, its conditions, an override's rationale or a withdrawal's
--   reason made of U+3000 or U+00A0 alone passed here and not in Probity.
--   Both now count the same characters.
-- - add_member() could not clear a display name (what it is not given
--   it keeps): an empty one now clears it, as an organisation since
--   version 13.
-- - A role given back, a team, name or organisation changed reached an
--   open Probity at the person's next refused write only: a change of
--   their members row, and grant_group (), now notifies their own
--   channel with the payload 'member', and Probity reads them again.
-- - Telling a save (cases_changed ()) asked every role of the cluster
--   whether it is in a Probity group: now only the members it tells.
--
-- tests/test-pg-roles.sh refuses blank reasons by hand; test-store-team.c
-- compares the server's blank with Probity's; test-pg-team.sh clears a
-- name through probity-cli; test-pg-roles.sh hears 'member' by hand and
-- test-store-live.c in an open store.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- Blank as Probity says -----------------------------------------------------------

-- Probity's _pb_case_store_is_blank () (and the window's fields) call a
-- text blank when every character is white space to g_unichar_isspace ():
-- tab, line feed, form feed, carriage return and the Unicode separators
-- (Zs, Zl, Zp). Not vertical tab, U+0085, U+180E, U+200B or U+FEFF, which
-- GLib does not count either. Plain SQL, which the planner inlines into
-- the checks that ask it (README, "Cost (version 5)"); pb_blank () of
-- schema-v13.sql counted vertical tab, and is now the same function.
CREATE OR REPLACE FUNCTION is_blank (t text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT t IS NULL
      OR btrim (t, E' \t\n\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a'
                   '\u2028\u2029\u202f\u205f\u3000') = ''
$$;

CREATE OR REPLACE FUNCTION pb_blank (t text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT probity.is_blank (t)
$$;

-- Who is who ----------------------------------------------------------------------

-- add_member() of schema-v13.sql, but a display name given empty (or
-- blank) clears the member's, as an organisation does; none given (NULL)
-- keeps it. Blank is is_blank ()'s, for the team too, whose row is made
-- under the name the member is given.
CREATE OR REPLACE FUNCTION add_member (person text, role text, team text DEFAULT NULL, display_name text DEFAULT NULL,
                                       organisation text DEFAULT NULL) RETURNS void
  LANGUAGE plpgsql SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  v_team text := CASE WHEN NOT is_blank (team) THEN btrim (team) END;
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
  IF role = 'sales' AND v_team IS NULL THEN
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
  IF v_team IS NOT NULL THEN
    INSERT INTO probity.teams (name) VALUES (v_team) ON CONFLICT DO NOTHING;
  END IF;
  INSERT INTO probity.members (member, team, display_name, organisation, roles)
    VALUES (person, v_team,
            CASE WHEN NOT is_blank (display_name) THEN btrim (display_name) END,
            CASE WHEN NOT is_blank (organisation) THEN btrim (organisation) END,
            ARRAY[role])
    ON CONFLICT (member) DO UPDATE SET team = COALESCE (excluded.team, members.team),
                                       display_name = CASE WHEN add_member.display_name IS NULL
                                                           THEN members.display_name
                                                           ELSE excluded.display_name END,
                                       organisation = CASE WHEN add_member.organisation IS NULL
                                                           THEN members.organisation
                                                           ELSE excluded.organisation END,
                                       roles = CASE WHEN excluded.roles <@ members.roles THEN members.roles
                                                    ELSE members.roles || excluded.roles END;
  PERFORM probity.grant_connect (person);
END
$$;

-- Live update: what the server keeps of a person -----------------------------------

-- A role given back, or a team, name or organisation changed, reached a
-- person's open Probity only when the server next refused a write of
-- theirs, or when they connected again (version 10). Whatever changes
-- their members row (add_member (), an administrator's UPDATE or DELETE)
-- now notifies their own channel (schema-v12.sql) with the payload
-- 'member', which no case change sends (theirs is empty): Probity reads
-- their name, roles, team and organisation again when it hears it. Only
-- the channel's listener hears it, and it names nothing: a hint, as
-- every notification.
CREATE FUNCTION notify_member (person text) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT pg_notify (listen_channel ((SELECT secret FROM listen_secret), 'member ' || person), 'member')
$$;

CREATE FUNCTION members_notify () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM notify_member (OLD.member);
  END IF;
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' AND NEW.member <> OLD.member THEN
    PERFORM notify_member (NEW.member);
  END IF;
  RETURN NULL;
END
$$;

-- Every change, the same values written again included: add_member ()
-- writes the row whenever it puts someone in a group again, which gives
-- back a role a group revoked by hand had taken.
CREATE TRIGGER members_notify AFTER INSERT OR UPDATE OR DELETE ON members
  FOR EACH ROW EXECUTE FUNCTION members_notify ();

-- A member who holds no role (every one taken away, or in sales with no
-- team) has their channel too, so that a role or a team given reaches a
-- Probity they opened meanwhile; it hears of no case (cases_changed ()
-- asks their roles). An administrator, who reads no case, has none.
CREATE OR REPLACE FUNCTION my_channels () RETURNS SETOF text
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM members m WHERE m.member = session_user) AND NOT holds ('admin') THEN
    RETURN NEXT listen_channel ((SELECT secret FROM listen_secret), 'member ' || session_user);
  END IF;
END
$$;

-- Cost: a save's notifications -----------------------------------------------------

-- cases_changed () of schema-v12.sql asked pg_has_role () of every role
-- of the cluster, twice, at each save: it joined members to pg_roles,
-- and the planner moved the role checks onto the scan of pg_authid
-- (EXPLAIN), so a save cost more the more logins the cluster had, people
-- of other databases included (about 1 ms a save with 270 roles). The
-- role is now found by name (to_regrole (): none for a login dropped
-- since, which is no error, as before) and asked only of the members its
-- row names for this case; who is told is the same.
CREATE OR REPLACE FUNCTION cases_changed () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  s text := (SELECT secret FROM listen_secret);
BEGIN
  NEW.changed_xact := pg_current_xact_id ();
  NEW.changed_pid := pg_backend_pid ();
  PERFORM pg_notify (listen_channel (s, 'member ' || m.member), '')
     FROM members m
    WHERE 'auditor' = ANY (m.roles) AND pg_has_role (to_regrole (quote_ident (m.member)), 'probity_auditor', 'MEMBER')
       OR 'reviewer' = ANY (m.roles) AND NEW.submitted
          AND pg_has_role (to_regrole (quote_ident (m.member)), 'probity_reviewer', 'MEMBER')
       OR 'sales' = ANY (m.roles) AND m.team = NEW.team
          AND pg_has_role (to_regrole (quote_ident (m.member)), 'probity_sales', 'MEMBER');
  RETURN NEW;
END
$$;

REVOKE EXECUTE ON FUNCTION notify_member (text), members_notify () FROM PUBLIC;
GRANT EXECUTE ON FUNCTION notify_member (text) TO probity_people;

RESET ROLE;

-- grant_group () of schema-v12.sql (as the installing superuser: it stays
-- probity_people's), and the person it put in a group hears it.
CREATE OR REPLACE FUNCTION probity.grant_group (person text, role text) RETURNS void
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
  PERFORM notify_member (person);
END
$$;
