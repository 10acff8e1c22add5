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
--
-- tests/test-pg-roles.sh refuses blank reasons by hand; test-store-team.c
-- compares the server's blank with Probity's.

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

RESET ROLE;
