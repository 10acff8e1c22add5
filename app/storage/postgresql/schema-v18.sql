-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 18 (after schema-v17.sql, in the same
-- transaction of `probity-cli db init`).

-- lead: the kept outcome follows the history ----------------------------------------
--
-- revisions.outcome and n_answers keep what a revision's answers give
-- (the rating method, which runs in Probity, not here), for the case list
-- to show and filter on. Anyone who wrote answers could rewrite them alone
-- through the gate's registered statement (accept32 2): the list showed an
-- approved case as "do not proceed", a rejected one as "proceed". The
-- server still cannot rate a case, but it now ties the kept outcome to the
-- history: it changes only in the transaction that appends the event it
-- follows, the last of the case, in that revision (an answer, a party, a
-- screening or a hit decision, or the case's creation), whose author the
-- history names; a revision begins with none (the first) or with what
-- the revision before it kept (a reopening's copy). Under a decision no
-- answer or party changes (schema-v17.sql), so only a screening moves it
-- then. An import keeps what the history it brings holds. What a person writes
-- with a real answer stays their word: Probity's store recomputes it
-- (`case verify`, and before a decision or a signature).

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- Whether this transaction appended the last event of case @p_case: in
-- revision @p_revision, of a kind after which Probity keeps an outcome,
-- or an administrator's `imported` event (PBROL: nobody else's), after
-- which an import keeps
-- every revision's (import_case (), schema-v3.sql, and the store's
-- refresh that follows).
CREATE FUNCTION outcome_written_now (p_case text, p_revision bigint) RETURNS boolean
  LANGUAGE sql VOLATILE SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT EXISTS (SELECT 1 FROM (SELECT e.xmin, e.revision, e.kind, e.role FROM events e
                                 WHERE e.case_id = p_case ORDER BY e.seq DESC LIMIT 1) last
                  WHERE last.xmin::text::bigint = txid_current () % 4294967296
                    AND ((last.kind = 'imported' AND last.role = 'admin')
                         OR (last.revision = p_revision
                             AND last.kind IN ('case-created', 'answer-set', 'answer-changed', 'answer-cleared',
                                               'party-added', 'party-removed', 'screened', 'hit-decided'))))
$$;

-- At commit.
CREATE FUNCTION revisions_kept_outcome () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  before revisions;
BEGIN
  IF outcome_written_now (NEW.case_id, NEW.revision) THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT * INTO before FROM revisions WHERE case_id = NEW.case_id AND revision = NEW.revision - 1;
    IF (NEW.outcome, NEW.n_answers) IS DISTINCT FROM (before.outcome, coalesce (before.n_answers, 0)) THEN
      PERFORM refuse ('PBHIS', format ('Revision %s of case “%s” begins listed as “%s” with %s answers: a revision '
                                       'begins with what the one before it kept', NEW.revision, NEW.case_id,
                                       coalesce (NEW.outcome, 'none'), NEW.n_answers));
    END IF;
  ELSE
    PERFORM refuse ('PBHIS', format ('The outcome listed for revision %s of case “%s” changes only with the answer, '
                                     'party or screening it follows, in the same transaction', NEW.revision,
                                     NEW.case_id));
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER revisions_outcome_begins AFTER INSERT ON revisions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION revisions_kept_outcome ();
CREATE CONSTRAINT TRIGGER revisions_outcome_follows AFTER UPDATE OF outcome, n_answers ON revisions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD.n_answers IS DISTINCT FROM NEW.n_answers)
  EXECUTE FUNCTION revisions_kept_outcome ();

REVOKE EXECUTE ON FUNCTION outcome_written_now (text, bigint), revisions_kept_outcome () FROM PUBLIC;

RESET ROLE;
