-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 9 (after schema-v8.sql, in the same
-- transaction of `probity-cli db init`).
--
-- - Live update told everyone connected every case's id: each event
--   notified channel probity_cases with its case's id, and PostgreSQL has
--   no privilege on LISTEN, so a sales person heard which cases every
--   other team worked on, and when. A change now notifies, with no
--   payload, the channels of those who see the case: its team's, the
--   reviewers' once it is submitted, the auditors'. A channel's name is
--   made from a secret only the schema's owner reads (listen_secret), and
--   my_channels() gives each person theirs; a LISTEN typed by hand on a
--   channel learned some other way hears only that something changed.
--   Which cases changed, a client reads through row-level security: each
--   case keeps the transaction that last changed it (changed_xact), and
--   the client asks for those committed since the snapshot it last read
--   in (pb-case-store-server.c).
--
-- - A save cost the server 5.8 ms of CPU (bench-team, schema 8), 1.2 ms
--   more than under version 5. Measured with pg_stat_statements (nested
--   statements) and track_functions on one writer, the same rules now cost
--   less (below, "Cost"): checks at commit that could not fail are not
--   made, the history of a revision's status is found by an index instead
--   of walking the case's whole history (each save walked it twice, so a
--   save's cost grew with the case), an event's time is checked without
--   planning a function at each save.
--
-- tests/test-pg-roles.sh listens as a sales person of another team on
-- every channel there is; test-pg-team.sh and test-pg-roles.sh try every
-- check made cheaper.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- Live update ------------------------------------------------------------------

-- One row: the secret the channels' names are made from. No grant: only
-- the owner's functions read it.
CREATE TABLE listen_secret (
  one    boolean PRIMARY KEY DEFAULT true CHECK (one),
  secret text NOT NULL
);
INSERT INTO listen_secret (secret)
  VALUES (encode (sha256 (convert_to (gen_random_uuid ()::text || gen_random_uuid ()::text
                                      || clock_timestamp ()::text, 'UTF8')), 'hex'));

-- The channel of an audience: 'auditors', 'reviewers', 'team NAME'.
CREATE FUNCTION listen_channel (secret text, audience text) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT 'probity_' || left (encode (sha256 (convert_to (secret || E'\n' || audience, 'UTF8')), 'hex'), 40)
$$;

-- The channels the person connected listens to: those of the cases they
-- see (cases_read).
CREATE FUNCTION my_channels () RETURNS SETOF text
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  s text := (SELECT secret FROM listen_secret);
  team text := my_team ();
BEGIN
  IF holds ('auditor') THEN
    RETURN NEXT listen_channel (s, 'auditors');
  END IF;
  IF holds ('reviewer') THEN
    RETURN NEXT listen_channel (s, 'reviewers');
  END IF;
  IF holds ('sales') AND team IS NOT NULL THEN
    RETURN NEXT listen_channel (s, 'team ' || team);
  END IF;
END
$$;

-- The transaction that last changed a case, and the server process that
-- ran it (so that a client hears nothing of its own changes). Cases
-- changed before version 10 count as changed long ago.
ALTER TABLE cases ADD COLUMN changed_xact xid8 NOT NULL DEFAULT '0';
ALTER TABLE cases ADD COLUMN changed_pid integer NOT NULL DEFAULT 0;
CREATE INDEX cases_by_changed ON cases (changed_xact);

-- Every event moves its case's head (events_head checks it at commit): a
-- case changes, made or imported, only with its row.
CREATE FUNCTION cases_changed () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  s text := (SELECT secret FROM listen_secret);
BEGIN
  NEW.changed_xact := pg_current_xact_id ();
  NEW.changed_pid := pg_backend_pid ();
  PERFORM pg_notify (listen_channel (s, 'auditors'), '');
  PERFORM pg_notify (listen_channel (s, 'team ' || NEW.team), '');
  IF NEW.submitted THEN
    PERFORM pg_notify (listen_channel (s, 'reviewers'), '');
  END IF;
  RETURN NEW;
END
$$;

-- After cases_before_insert and cases_before_update (name order), which
-- set the team and check the rest.
CREATE TRIGGER cases_changed BEFORE INSERT OR UPDATE ON cases
  FOR EACH ROW EXECUTE FUNCTION cases_changed ();

DROP TRIGGER events_notify ON events;
DROP FUNCTION events_notify ();

REVOKE EXECUTE ON FUNCTION listen_channel (text, text), my_channels (), cases_changed () FROM PUBLIC;
GRANT EXECUTE ON FUNCTION my_channels () TO probity_sales, probity_reviewer, probity_auditor, probity_admin;

-- Cost ---------------------------------------------------------------------------

-- The status events of a revision, in order: what status_before() and
-- revisions_match_history() look for at each save. Without it both walked
-- every event of the case (the key (case_id, seq)), to find none in a
-- draft.
CREATE INDEX events_status ON events (case_id, revision, seq) WHERE kind IN ('status-changed', 'signed');

-- At commit, a revision is what its status events say: checked when the
-- revision is made, when a status event is appended (events_match_revision)
-- and, as before, when the columns those events decide change. A save
-- changes only the kept outcome and the number of answers, which no
-- status event decides: the revision is then as its last commit left it,
-- which was checked.
DROP TRIGGER revisions_match_history ON revisions;
CREATE CONSTRAINT TRIGGER revisions_match_history AFTER INSERT ON revisions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION revisions_match_history ();
CREATE CONSTRAINT TRIGGER revisions_match_history_update AFTER UPDATE ON revisions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN ((NEW.status, NEW.decision, NEW.reason, NEW.conditions, NEW.sealed)
        IS DISTINCT FROM (OLD.status, OLD.decision, OLD.reason, OLD.conditions, OLD.sealed))
  EXECUTE FUNCTION revisions_match_history ();

-- At commit, a case's head is its last event: checked for every event
-- appended (events_head) and for a case made or changed. A head moves
-- only to the case's last event (cases_before_update), so a head that
-- moved means an event appended in the same transaction, whose own check
-- covers the case, its time included: checking the case again was the
-- same work twice per save.
DROP TRIGGER cases_head ON cases;
CREATE CONSTRAINT TRIGGER cases_head AFTER INSERT ON cases
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION head_matches_history ();
CREATE CONSTRAINT TRIGGER cases_head_update AFTER UPDATE ON cases
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN ((NEW.head_seq, NEW.head_hash) IS NOT DISTINCT FROM (OLD.head_seq, OLD.head_hash))
  EXECUTE FUNCTION head_matches_history ();

-- As in version 8, but plain SQL the planner inlines (everything named in
-- pg_catalog): with a SET clause it was parsed and planned again at each
-- save, twice.
CREATE OR REPLACE FUNCTION store_time (t timestamptz) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT pg_catalog.to_char (pg_catalog.timezone ('UTC', t), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- As in version 5, the writer's team read in the same query, not by a
-- call of my_team() per row written.
CREATE OR REPLACE FUNCTION may_write (p_case text) RETURNS boolean
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM cases c WHERE c.id = p_case
                    AND (holds ('sales') AND c.team = (SELECT m.team FROM members m WHERE m.member = session_user)
                         OR holds ('reviewer') AND c.submitted));
END
$$;

RESET ROLE;
