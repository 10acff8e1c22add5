-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 19 (after schema-v18.sql, in the same
-- transaction of `probity-cli db init`).
--
-- A party a legal reviewer confirmed is listed stays a party of the case
-- (schema-v17.sql, events_party_removed ()), but only while the latest
-- screening still held its hit: a sales person appended, through the
-- gate, a screening of the same parties and editions whose hits were none
-- (the server cannot screen, and takes the hits a screening names), then
-- removed the party (attack34 A3). A reviewer's confirmation now counts
-- whatever screening came after it, until a reviewer clears the hit:
--
-- - events_party_removed (): a party whose latest decision on any entry
--   is "confirmed" is not removed, by anyone (PBHSP);
-- - events_screening_keeps_confirmed (): a screening that screens a party
--   against the edition (list, file SHA-256) in which a hit of it that a
--   reviewer confirmed was found must hold that hit again: the same
--   edition and the same party find the same entry (PBHSP).
--
-- And under a decision, a screening that found what the one before it
-- found moves no outcome listed for the case (schema-v18.sql,
-- screened_again ()): "what it found" was the screening's whole data, so
-- a copy with one key more, or a score written otherwise (0.85 for
-- 0.84999999999999998), moved it (attack34 A1). It is now what Probity's
-- rating reads of a screening (pb_case_screening_get_facts ()): the
-- editions with the questions they answer, the parties screened, and
-- each hit's party, list, edition, entry and question
-- (screening_found ()).
--
-- Probity's store refuses the same removal before it writes
-- (refuse_confirmed_party (), pb-case-store-screening.c). An imported
-- history keeps what it holds. tests/test-pg-attack34.sh appends such
-- events through the gate.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- The entries (their SHA-256) of which a legal reviewer's latest decision
-- for party @p_party of case @p_case, before event @p_seq, is "confirmed".
CREATE FUNCTION confirmed_entries (p_case text, p_party text, p_seq bigint) RETURNS SETOF text
  LANGUAGE sql STABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT d.entry
    FROM (SELECT DISTINCT ON (e.data::jsonb ->> 'entry_sha256') e.data::jsonb ->> 'entry_sha256' AS entry,
                 e.new_value AS decided
            FROM events e
           WHERE e.case_id = p_case AND e.kind = 'hit-decided' AND e.seq < p_seq
             AND e.data::jsonb ->> 'party' = p_party
           ORDER BY e.data::jsonb ->> 'entry_sha256', e.seq DESC) d
   WHERE d.decided = 'confirmed'
$$;

CREATE OR REPLACE FUNCTION events_party_removed () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM confirmed_entries (NEW.case_id, NEW.old_value, NEW.seq)) THEN
    PERFORM refuse ('PBHSP', format ('Party %s stays a party of case “%s”: a legal reviewer confirmed it is listed; '
                                     'a legal reviewer clears a wrong match first', NEW.old_value, NEW.case_id));
  END IF;
  RETURN NEW;
END
$$;

-- After events_check_screening (name order), which refuses data that is
-- no screening.
CREATE FUNCTION events_screening_keeps_confirmed () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  d jsonb := NEW.data::jsonb;
  lost record;
BEGIN
  SELECT h ->> 'party' AS party, h ->> 'list' AS list, h ->> 'edition' AS edition INTO lost
    FROM events p
   CROSS JOIN LATERAL jsonb_array_elements (CASE WHEN jsonb_typeof (p.data::jsonb -> 'hits') = 'array'
                                                 THEN p.data::jsonb -> 'hits' ELSE '[]' END) h
   WHERE p.case_id = NEW.case_id AND p.kind = 'screened' AND p.seq < NEW.seq
     AND h ->> 'entry_sha256' IN (SELECT confirmed_entries (NEW.case_id, h ->> 'party', NEW.seq))
     AND EXISTS (SELECT 1 FROM jsonb_array_elements (d -> 'parties') x WHERE x ->> 'party' = h ->> 'party')
     AND EXISTS (SELECT 1 FROM jsonb_array_elements (d -> 'editions') ed
                  WHERE ed ->> 'list' = h ->> 'list' AND ed ->> 'file_sha256' = h ->> 'edition')
     AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements (CASE WHEN jsonb_typeof (d -> 'hits') = 'array'
                                                              THEN d -> 'hits' ELSE '[]' END) n
                      WHERE n ->> 'party' = h ->> 'party' AND n ->> 'entry_sha256' = h ->> 'entry_sha256')
   LIMIT 1;
  IF FOUND THEN
    PERFORM refuse ('PBHSP', format ('Event %s of case “%s” screens party %s against list %s (file SHA-256 %s) '
                                     'without the hit a legal reviewer confirmed in it: the same edition finds it '
                                     'again; a legal reviewer clears a wrong match first',
                                     NEW.seq, NEW.case_id, lost.party, lost.list, lost.edition));
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER events_check_screening_confirmed BEFORE INSERT ON events
  FOR EACH ROW WHEN (NEW.kind = 'screened' AND NOT importing (NEW.case_id))
  EXECUTE FUNCTION events_screening_keeps_confirmed ();

-- What Probity's rating reads of screening data @d, in one order.
CREATE FUNCTION screening_found (d jsonb) RETURNS jsonb
  LANGUAGE sql IMMUTABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT jsonb_build_object (
    'editions', (SELECT coalesce (jsonb_agg (DISTINCT jsonb_build_array (
                                    x ->> 'list', x ->> 'file_sha256',
                                    (SELECT coalesce (jsonb_agg (DISTINCT q), '[]')
                                       FROM jsonb_array_elements_text (CASE WHEN jsonb_typeof (x -> 'questions') = 'array'
                                                                            THEN x -> 'questions' ELSE '[]' END) q))),
                                  '[]')
                   FROM jsonb_array_elements (CASE WHEN jsonb_typeof (d -> 'editions') = 'array'
                                                   THEN d -> 'editions' ELSE '[]' END) x),
    'parties', (SELECT coalesce (jsonb_agg (DISTINCT x ->> 'party'), '[]')
                  FROM jsonb_array_elements (CASE WHEN jsonb_typeof (d -> 'parties') = 'array'
                                                  THEN d -> 'parties' ELSE '[]' END) x),
    'hits', (SELECT coalesce (jsonb_agg (DISTINCT jsonb_build_array (x ->> 'party', x ->> 'list', x ->> 'edition',
                                                                     x ->> 'entry_sha256', x ->> 'question')), '[]')
               FROM jsonb_array_elements (CASE WHEN jsonb_typeof (d -> 'hits') = 'array'
                                               THEN d -> 'hits' ELSE '[]' END) x))
$$;

CREATE OR REPLACE FUNCTION screened_again (p_case text) RETURNS boolean
  LANGUAGE sql STABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT coalesce ((SELECT last.kind = 'screened'
                           AND screening_found (last.data::jsonb)
                               = (SELECT screening_found (p.data::jsonb) FROM events p
                                   WHERE p.case_id = p_case AND p.kind = 'screened' AND p.seq < last.seq
                                   ORDER BY p.seq DESC LIMIT 1)
                      FROM (SELECT e.seq, e.kind, e.data FROM events e WHERE e.case_id = p_case
                             ORDER BY e.seq DESC LIMIT 1) last), false)
$$;

REVOKE EXECUTE ON FUNCTION confirmed_entries (text, text, bigint), events_screening_keeps_confirmed (),
  screening_found (jsonb) FROM PUBLIC;

RESET ROLE;
