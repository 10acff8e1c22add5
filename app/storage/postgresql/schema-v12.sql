-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 12 (after schema-v11.sql, in the same
-- transaction of `probity-cli db init`).
--
-- - The upgrade to version 10 approved, for every new case, whatever
--   country reference data the cases already there pinned: a sales
--   person's copy with Russia's embargo emptied included, silently
--   (review14c F1). And an imported case kept any reference data, or
--   none (F2). Reference data approvals now live as questionnaire
--   approvals do (schema-v10.sql): changes appended to
--   reference_approval_changes ("withdrawn", "approved", "unreviewed");
--   the upgrade's approvals are "unreviewed" and admit no new case until
--   an administrator approves the bytes again (`db init` does for the
--   data it ships and uses); and every case, made here or imported, is
--   checked.
--
-- tests/test-pg-init.sh upgrades a server holding a case on doctored
-- reference data; tests/test-pg-team.sh tries the rest by hand.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- Reference data approvals ----------------------------------------------------------

-- What happened to an approval of reference data after it, in order:
-- "withdrawn" (why in reason), "approved" (approved again, or reviewed),
-- "unreviewed" (made by the upgrade to version 10, below). Who and when
-- are the server's.
CREATE TABLE reference_approval_changes (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sha256     text NOT NULL REFERENCES approved_reference_data (sha256),
  change     text NOT NULL CHECK (change IN ('withdrawn', 'approved', 'unreviewed')),
  changed_by text NOT NULL,
  changed    timestamptz NOT NULL,
  reason     text CHECK (octet_length (reason) <= 65536)
);
CREATE INDEX reference_approval_changes_by_sha256 ON reference_approval_changes (sha256, id);

-- Whether cases may pin the reference data @sha256: NULL when no
-- administrator approved it, else its last change ('approved' when none).
CREATE FUNCTION reference_approval_state (p_sha256 text) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT coalesce ((SELECT c.change FROM reference_approval_changes c WHERE c.sha256 = a.sha256
                     ORDER BY c.id DESC LIMIT 1), 'approved')
    FROM approved_reference_data a WHERE a.sha256 = p_sha256
$$;

-- A change follows from the state before it; the approval's row is locked
-- first, so that a case made meanwhile (which shares that lock) is made
-- before the change or refused after it.
CREATE FUNCTION reference_approval_changes_before_insert () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  d reference_data;
  state text;
BEGIN
  NEW.changed_by := session_user::text;
  NEW.changed := now ();
  PERFORM 1 FROM approved_reference_data WHERE sha256 = NEW.sha256 FOR UPDATE;
  SELECT * INTO d FROM reference_data WHERE sha256 = NEW.sha256;
  state := reference_approval_state (NEW.sha256);
  IF state IS NULL THEN
    PERFORM refuse ('PBINV', format ('No administrator of this server approved the country reference data %s',
                                     NEW.sha256));
  END IF;
  IF NEW.change = 'withdrawn' AND state = 'withdrawn' THEN
    PERFORM refuse ('PBINV', format ('The approval of the country reference data %s (sha256 %s) is withdrawn already',
                                     d.version, NEW.sha256));
  END IF;
  IF NEW.change = 'withdrawn' AND is_blank (NEW.reason) THEN
    PERFORM refuse ('PBINV', format ('Withdrawing the approval of the country reference data %s (sha256 %s) needs a '
                                     'reason', d.version, NEW.sha256));
  END IF;
  IF NEW.change = 'approved' AND state = 'approved' THEN
    PERFORM refuse ('PBINV', format ('The country reference data %s (sha256 %s) is approved already', d.version,
                                     NEW.sha256));
  END IF;
  IF NEW.change = 'unreviewed' AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
    PERFORM refuse ('42501', 'Only the upgrade marks an approval unreviewed');
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER reference_approval_changes_before_insert BEFORE INSERT ON reference_approval_changes
  FOR EACH ROW EXECUTE FUNCTION reference_approval_changes_before_insert ();
CREATE TRIGGER reference_approval_changes_no_change BEFORE UPDATE OR DELETE ON reference_approval_changes
  FOR EACH ROW EXECUTE FUNCTION append_only ('changes of reference data approvals');

-- What the upgrade to version 10 approved: reviewed by nobody.
INSERT INTO reference_approval_changes (sha256, change, changed_by, changed, reason)
  SELECT sha256, 'unreviewed', '', now (),
         'approved by the upgrade to schema version 10 because cases on the server were pinned to it'
    FROM approved_reference_data WHERE by_upgrade ORDER BY sha256;

-- Every case, made here or imported (version 10 checked only the cases
-- made here: an import kept any reference data, or none), pins reference
-- data an administrator approved, whose approval is neither withdrawn nor
-- the upgrade's alone.
CREATE OR REPLACE FUNCTION cases_reference_approved () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  d reference_data;
  state text;
  w reference_approval_changes;
BEGIN
  -- Shared with reference_approval_changes_before_insert: a withdrawal
  -- being made is waited for, and then seen.
  PERFORM 1 FROM approved_reference_data WHERE sha256 = NEW.reference_sha256 FOR SHARE;
  SELECT * INTO d FROM reference_data WHERE sha256 = NEW.reference_sha256;
  state := reference_approval_state (NEW.reference_sha256);
  IF NEW.reference_sha256 IS NULL OR state IS NULL THEN
    PERFORM refuse ('PBINV', format ('Case “%s” would be rated with the country reference data %s (sha256 %s), which no '
                                     'administrator of this server approved: it is not the data Probity ships, or '
                                     'its bytes were changed. Use the installed data, or an administrator approves '
                                     'that file with “probity-cli db approve --reference CONNECTION FILE”',
                                     NEW.id, coalesce (d.version, '?'), coalesce (NEW.reference_sha256, 'none')));
  END IF;
  IF state = 'unreviewed' THEN
    PERFORM refuse ('PBINV', format ('Case “%s” would be rated with the country reference data %s (sha256 %s), which '
                                     'only the upgrade of this server approved, because older cases were pinned to '
                                     'it: an administrator checks it (“probity-cli case questionnaire --reference '
                                     'CASE”) and approves it with “probity-cli db approve --reference CONNECTION '
                                     'FILE” first', NEW.id, d.version, NEW.reference_sha256));
  END IF;
  IF state = 'withdrawn' THEN
    SELECT * INTO w FROM reference_approval_changes WHERE sha256 = NEW.reference_sha256 ORDER BY id DESC LIMIT 1;
    PERFORM refuse ('PBINV', format ('Case “%s” would be rated with the country reference data %s (sha256 %s), whose '
                                     'approval %s withdrew on %s: “%s”. Use approved data',
                                     NEW.id, d.version, NEW.reference_sha256, w.changed_by,
                                     to_char (w.changed AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'), w.reason));
  END IF;
  RETURN NEW;
END
$$;

DROP TRIGGER cases_reference_approved ON cases;
CREATE TRIGGER cases_reference_approved BEFORE INSERT ON cases
  FOR EACH ROW EXECUTE FUNCTION cases_reference_approved ();

REVOKE ALL ON reference_approval_changes FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION reference_approval_state (text), reference_approval_changes_before_insert () FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reference_approval_state (text)
  TO probity_sales, probity_reviewer, probity_auditor, probity_admin;
GRANT SELECT ON reference_approval_changes TO probity_sales, probity_reviewer, probity_auditor, probity_admin;
GRANT INSERT (sha256, change, reason) ON reference_approval_changes TO probity_admin;

RESET ROLE;
