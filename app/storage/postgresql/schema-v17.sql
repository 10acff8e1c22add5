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
