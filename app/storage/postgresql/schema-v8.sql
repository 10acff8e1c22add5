-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 8 (after schema-v7.sql, in the same
-- transaction of `probity-cli db init`): two things SQL typed by hand could
-- still do, closed.
--
-- - An event's time was the client's word: the server checked its form,
--   not its value, so a sales person could date an answer 2020. An event
--   made here is now dated no earlier than the event before it in its
--   case, and within five minutes of the server's clock either way. Five
--   minutes is the clock skew Kerberos allows by default (and the
--   authentication of many a company's server already needs); a client's
--   clock further off is told to be set right. A Probity dates a change no
--   earlier than the case's last event itself (pb-case-store.c), so a
--   clock a little behind another person's is no refusal. An imported
--   history keeps its times: import_case() checks their form, and its own
--   "imported" event is dated by the server.
-- - Customers and products were readable by every role: a sales person saw
--   which customers and products every other team assesses, the sales
--   pipeline. A sales person now sees those of their team: named by one of
--   its cases, or added by one of its members (customer_teams,
--   product_teams, kept by triggers); reviewers, auditors and
--   administrators see all. A case can name only a customer and a product
--   its creator's team sees.
--
-- tests/test-pg-team.sh tries each of these as the person who could;
-- tests/test-pg-init.sh migrates a server holding cases.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- Event times ----------------------------------------------------------------

-- How far an event's time may be from the server's clock.
CREATE FUNCTION clock_skew () RETURNS interval
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT interval '5 minutes'
$$;

-- A time as the store writes it (UTC, microseconds): such times sort as
-- text in the order of time.
CREATE FUNCTION store_time (t timestamptz) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT to_char (t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- An event made here (not imported): no earlier than the event before it,
-- within clock_skew() of the server's clock. After events_before_insert
-- (name order), which checked the writer, the chain and the time's form.
CREATE FUNCTION events_time_check () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  previous text;
  earliest text := store_time (now () - clock_skew ());
  latest text := store_time (clock_timestamp () + clock_skew ());
BEGIN
  SELECT e.time INTO previous FROM events e WHERE e.case_id = NEW.case_id AND e.seq = NEW.seq - 1;
  IF NEW.time COLLATE "C" < previous COLLATE "C" THEN
    PERFORM refuse ('PBINV', format ('Event %s of case “%s” is dated %s, before event %s (%s): a history''s times '
                                     'do not go back; set this computer''s clock right', NEW.seq, NEW.case_id,
                                     NEW.time, NEW.seq - 1, previous));
  END IF;
  IF NEW.time COLLATE "C" > latest COLLATE "C" OR NEW.time COLLATE "C" < earliest COLLATE "C" THEN
    PERFORM refuse ('PBINV', format ('Event %s of case “%s” is dated %s, more than %s minutes from the server''s clock '
                                     '(%s): set this computer''s clock right', NEW.seq, NEW.case_id, NEW.time,
                                     (extract (epoch FROM clock_skew ()) / 60)::integer, store_time (clock_timestamp ())));
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER events_time BEFORE INSERT ON events
  FOR EACH ROW WHEN (NOT importing (NEW.case_id)) EXECUTE FUNCTION events_time_check ();

-- Customers and products --------------------------------------------------------

-- The teams that see a customer or a product: those of the cases naming
-- it, and the team of whoever added it. Written by the triggers below
-- only; read by the row-level security of customers and products.
CREATE TABLE customer_teams (
  team text NOT NULL,
  uid  text NOT NULL,
  PRIMARY KEY (team, uid)
);
CREATE TABLE product_teams (
  team text NOT NULL,
  uid  text NOT NULL,
  PRIMARY KEY (team, uid)
);

INSERT INTO customer_teams SELECT DISTINCT team, customer_uid FROM cases;
INSERT INTO product_teams SELECT DISTINCT team, product_uid FROM cases;

CREATE FUNCTION note_added_by_team () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
DECLARE
  team text := my_team ();
BEGIN
  IF team IS NOT NULL THEN
    IF TG_TABLE_NAME = 'customers' THEN
      INSERT INTO customer_teams VALUES (team, NEW.uid) ON CONFLICT DO NOTHING;
    ELSE
      INSERT INTO product_teams VALUES (team, NEW.uid) ON CONFLICT DO NOTHING;
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER customers_team AFTER INSERT ON customers
  FOR EACH ROW EXECUTE FUNCTION note_added_by_team ();
CREATE TRIGGER products_team AFTER INSERT ON products
  FOR EACH ROW EXECUTE FUNCTION note_added_by_team ();

-- A case made here names a customer and a product its creator's team sees
-- (an imported case brings its own); every case, imported or not, makes
-- them seen by its team.
CREATE FUNCTION cases_parties_seen () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM customer_teams WHERE team = NEW.team AND uid = NEW.customer_uid) THEN
    PERFORM refuse ('42501', format ('Case “%s” names the customer “%s”, which team %s does not see: add the customer first',
                                     NEW.id, NEW.customer_uid, NEW.team));
  END IF;
  IF NOT EXISTS (SELECT 1 FROM product_teams WHERE team = NEW.team AND uid = NEW.product_uid) THEN
    PERFORM refuse ('42501', format ('Case “%s” names the product “%s”, which team %s does not see: add the product first',
                                     NEW.id, NEW.product_uid, NEW.team));
  END IF;
  RETURN NEW;
END
$$;

-- After cases_before_insert (name order), which set the case's team.
CREATE TRIGGER cases_parties_seen BEFORE INSERT ON cases
  FOR EACH ROW WHEN (NOT importing (NEW.id)) EXECUTE FUNCTION cases_parties_seen ();

CREATE FUNCTION note_case_parties () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = probity, pg_catalog, pg_temp
AS $$
BEGIN
  INSERT INTO customer_teams VALUES (NEW.team, NEW.customer_uid) ON CONFLICT DO NOTHING;
  INSERT INTO product_teams VALUES (NEW.team, NEW.product_uid) ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE TRIGGER cases_parties AFTER INSERT ON cases
  FOR EACH ROW EXECUTE FUNCTION note_case_parties ();

-- Row-level security. A sales person's policy is one look-up in the
-- primary key of customer_teams per row read (or, over many rows, one
-- hash of the team's), the table's own security a condition on the team
-- that the key serves. The roles are asked once per statement.
ALTER TABLE customer_teams ENABLE ROW LEVEL SECURITY;
ALTER TABLE product_teams ENABLE ROW LEVEL SECURITY;
CREATE POLICY customer_teams_read ON customer_teams FOR SELECT USING (team = (SELECT my_team ()));
CREATE POLICY product_teams_read ON product_teams FOR SELECT USING (team = (SELECT my_team ()));
GRANT SELECT ON customer_teams, product_teams TO probity_sales, probity_reviewer, probity_auditor, probity_admin;

ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE products ENABLE ROW LEVEL SECURITY;
CREATE POLICY customers_read ON customers FOR SELECT USING (
  (SELECT holds ('reviewer') OR holds ('auditor') OR holds ('admin'))
  OR EXISTS (SELECT 1 FROM customer_teams t WHERE t.team = (SELECT my_team ()) AND t.uid = customers.uid));
CREATE POLICY products_read ON products FOR SELECT USING (
  (SELECT holds ('reviewer') OR holds ('auditor') OR holds ('admin'))
  OR EXISTS (SELECT 1 FROM product_teams t WHERE t.team = (SELECT my_team ()) AND t.uid = products.uid));
-- Who writes cases adds customers and products (which never change:
-- customers_no_change); an import adds them as the schema's owner.
CREATE POLICY customers_add ON customers FOR INSERT WITH CHECK (true);
CREATE POLICY products_add ON products FOR INSERT WITH CHECK (true);

RESET ROLE;
