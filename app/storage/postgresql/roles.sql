-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The roles of a Probity server (cluster-wide; run by `probity-cli db init`
-- on every install or upgrade, before the schema). None of them can log in:
-- people are LOGIN roles granted one of the four groups
-- (probity.add_member(), README "Team server"). probity_gate holds what
-- sales people and reviewers may do to the tables, which they do through
-- probity.gate () only (schema-v16.sql).

DO $roles$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['probity_owner', 'probity_sales', 'probity_reviewer',
                           'probity_auditor', 'probity_admin', 'probity_people', 'probity_gate']
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format ('CREATE ROLE %I NOLOGIN', r);
    END IF;
    -- A group that could log in, or bypass row-level security, would be a
    -- way round every rule below.
    EXECUTE format ('ALTER ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', r);
  END LOOP;
  -- probity_people owns probity.grant_group() (schema-v12.sql), through
  -- which an administrator puts a login the DBA made in a group, with no
  -- CREATEROLE: on PostgreSQL 15 CREATEROLE may grant itself
  -- probity_owner and rewrite the history (review14b E10). It may grant
  -- these three groups, nothing else, and nobody logs in as it.
  FOREACH r IN ARRAY ARRAY['probity_sales', 'probity_reviewer', 'probity_auditor']
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_auth_members m
                    WHERE m.roleid = r::regrole AND m.member = 'probity_people'::regrole AND m.admin_option) THEN
      EXECUTE format ('GRANT %I TO probity_people WITH ADMIN OPTION', r);
    END IF;
  END LOOP;
END
$roles$;
