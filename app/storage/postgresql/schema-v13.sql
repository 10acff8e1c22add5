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

RESET ROLE;
