-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The roles of a Probity server (cluster-wide; run by `probity-cli db init`
-- on every install or upgrade, before the schema). None of them can log in:
-- people are LOGIN roles granted one of the four groups
-- (probity.add_member(), README "Team server").

DO $roles$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['probity_owner', 'probity_sales', 'probity_reviewer',
                           'probity_auditor', 'probity_admin']
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format ('CREATE ROLE %I NOLOGIN', r);
    END IF;
    -- A group that could log in, or bypass row-level security, would be a
    -- way round every rule below.
    EXECUTE format ('ALTER ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', r);
  END LOOP;
END
$roles$;
