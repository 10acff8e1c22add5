-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 18 (after schema-v17.sql, in the same
-- transaction of `probity-cli db init`).

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- roles33: a person in two Probity groups writes nothing ----------------------
--
-- `db add-user` leaves a person one role (schema-v17.sql, set_member ()),
-- but a group granted by hand (a DBA's GRANT probity_sales,
-- probity_reviewer TO bob, or add_member () called twice) still made
-- someone act in the first of sales, reviewer and auditor
-- (session_role ()), so the history recorded a reviewer's edits as a
-- sales person's; only `db status` said so. Every change of such a
-- person is now refused (PBTWO), naming the groups: an administrator
-- leaves them one (`db add-user … --role`) or takes them out (`db
-- remove-user`). Reading goes on. A superuser, a member of every group
-- by right, is counted by the roles of their members row (holds ()).

-- The Probity groups session_user is in (a superuser: the roles their
-- members row gives), in the order of session_role (), comma-separated;
-- NULL for none.
CREATE FUNCTION held_groups () RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT string_agg (u.r, ', ' ORDER BY u.n)
    FROM unnest (ARRAY['sales', 'reviewer', 'auditor', 'admin']) WITH ORDINALITY AS u (r, n)
   WHERE CASE WHEN (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user) THEN holds (u.r)
              ELSE pg_has_role (session_user, 'probity_' || u.r, 'MEMBER') END
$$;

CREATE FUNCTION refuse_several_groups () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  held text := held_groups ();
BEGIN
  IF strpos (held, ',') > 0 THEN
    PERFORM refuse ('PBTWO', format ('%s holds more than one Probity role here (%s), and a person acts in one',
                                     session_user, held));
  END IF;
  RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION held_groups (), refuse_several_groups () FROM PUBLIC;
GRANT EXECUTE ON FUNCTION held_groups () TO probity_sales, probity_reviewer, probity_auditor, probity_admin,
                                           probity_gate;

-- On every table of the schema anyone but its owner may change (through
-- the gate, or an administrator's grants), once a statement.
DO $one_role$
DECLARE
  t regclass;
BEGIN
  FOR t IN
    SELECT c.oid::regclass FROM pg_class c
     WHERE c.relnamespace = 'probity'::regnamespace AND c.relkind IN ('r', 'p')
       AND EXISTS (SELECT 1 FROM unnest (ARRAY['probity_gate', 'probity_sales', 'probity_reviewer',
                                               'probity_auditor', 'probity_admin']) g (role)
                    WHERE has_table_privilege (g.role, c.oid, 'INSERT')
                       OR has_table_privilege (g.role, c.oid, 'UPDATE')
                       OR has_table_privilege (g.role, c.oid, 'DELETE')
                       OR EXISTS (SELECT 1 FROM pg_attribute a
                                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                                     AND (has_column_privilege (g.role, c.oid, a.attnum, 'INSERT')
                                          OR has_column_privilege (g.role, c.oid, a.attnum, 'UPDATE'))))
     ORDER BY 1
  LOOP
    EXECUTE format ('CREATE TRIGGER aa_one_role BEFORE INSERT OR UPDATE OR DELETE ON %s'
                    ' FOR EACH STATEMENT EXECUTE FUNCTION probity.refuse_several_groups ()', t);
  END LOOP;
END
$one_role$;

RESET ROLE;
