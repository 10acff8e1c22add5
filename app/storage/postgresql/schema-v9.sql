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
-- tests/test-pg-roles.sh listens as a sales person of another team on
-- every channel there is.

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


RESET ROLE;
