-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 11 (after schema-v10.sql, in the same
-- transaction of `probity-cli db init`).
--
-- - What a case one may not see looks like could be learned from the
--   errors of two SECURITY DEFINER triggers that ran before row-level
--   security's WITH CHECK (review14b, E6): a sales person who named a case
--   of another team in an INSERT of a revision learned its number of
--   revisions, in one of an answer whether it is signed; a reviewer
--   whether a draft was ever signed. Both now refuse a case the writer
--   may not change first (42501, as row-level security does), as
--   events_before_insert does.
--
-- tests/test-pg-roles.sh tries both as a sales person of another team.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

CREATE OR REPLACE FUNCTION revisions_before_insert () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  newest bigint := (SELECT max (revision) FROM revisions WHERE case_id = NEW.case_id);
BEGIN
  -- First, so that nothing below tells about a case one may not write
  -- (its number of revisions, whether it was signed).
  IF NOT may_write (NEW.case_id) THEN
    PERFORM refuse ('42501', format ('%s may not change case “%s”', session_user, NEW.case_id));
  END IF;
  IF NEW.status <> 'draft' OR NEW.sealed <> 0 OR NEW.decision IS NOT NULL OR NEW.reason IS NOT NULL
     OR NEW.conditions IS NOT NULL THEN
    PERFORM refuse ('PBINV', format ('A new revision of case “%s” is an undecided draft', NEW.case_id));
  END IF;
  IF NEW.revision IS DISTINCT FROM coalesce (newest, 0) + 1 THEN
    PERFORM refuse ('PBINV', format ('The next revision of case “%s” is %s', NEW.case_id, coalesce (newest, 0) + 1));
  END IF;
  IF newest IS NOT NULL THEN
    IF NOT holds ('reviewer') THEN
      PERFORM refuse ('PBROL', format ('%s: only a legal reviewer reopens case “%s”', session_user, NEW.case_id));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM revisions WHERE case_id = NEW.case_id AND revision = newest AND sealed = 1) THEN
      PERFORM refuse ('PBINV', format ('Case “%s” is reopened only after its revision is signed', NEW.case_id));
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION answers_check () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  who text;
  copy boolean := false;
BEGIN
  -- A row inserted into a case one may not write is refused before the
  -- seal is looked at (an UPDATE or DELETE sees only rows one may write).
  IF TG_OP = 'INSERT' AND NOT may_write (NEW.case_id) THEN
    PERFORM refuse ('42501', format ('%s may not change case “%s”', session_user, NEW.case_id));
  END IF;
  IF TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM revisions WHERE case_id = OLD.case_id AND revision = OLD.revision AND sealed = 1) THEN
    PERFORM refuse ('PBSEA', format ('sealed: revision %s of case “%s” is signed', OLD.revision, OLD.case_id));
  END IF;
  IF TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM revisions WHERE case_id = NEW.case_id AND revision = NEW.revision AND sealed = 1) THEN
    PERFORM refuse ('PBSEA', format ('sealed: revision %s of case “%s” is signed', NEW.revision, NEW.case_id));
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND (NEW.case_id, NEW.revision) IS DISTINCT FROM (OLD.case_id, OLD.revision) THEN
    PERFORM refuse ('PBAPP', format ('append-only: an answer of case “%s” stays in its revision', OLD.case_id));
  END IF;
  IF TG_TABLE_NAME = 'answers' THEN
    who := NEW."user";
  ELSE
    who := NEW.added_by;
  END IF;
  IF who IS NOT DISTINCT FROM session_user::text THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' AND is_reopen_copy (NEW.case_id, NEW.revision) THEN
    IF TG_TABLE_NAME = 'answers' THEN
      copy := EXISTS (
        SELECT 1 FROM answers a WHERE a.case_id = NEW.case_id AND a.revision = NEW.revision - 1
           AND (a.question_id, a.value, a.comment, a.evidence_note, a."user", a.updated)
               = (NEW.question_id, NEW.value, NEW.comment, NEW.evidence_note, NEW."user", NEW.updated));
    ELSE
      copy := EXISTS (
        SELECT 1 FROM evidence v WHERE v.case_id = NEW.case_id AND v.revision = NEW.revision - 1
           AND (v.question_id, v.file_name, v.media_type, v.sha256, v.size, v.added_by, v.added)
               = (NEW.question_id, NEW.file_name, NEW.media_type, NEW.sha256, NEW.size, NEW.added_by, NEW.added));
    END IF;
  END IF;
  IF NOT copy THEN
    PERFORM refuse ('PBWHO', format ('%s of case “%s” names “%s” as who gave it, but “%s” is connected',
                                     CASE TG_TABLE_NAME WHEN 'answers' THEN 'An answer' ELSE 'An evidence file' END,
                                     NEW.case_id, who, session_user));
  END IF;
  RETURN NEW;
END
$$;

RESET ROLE;
