/* test-store-live.c: what a store on a team server does for several people
 * at once: it tells when someone else changed a case (PbCaseWatch, on a
 * server and on a file), runs a write again that a concurrent one made
 * fail (serialization failures), and never shows a password
 *
 * The server tests run on the throwaway cluster (tests/pg-cluster.sh run
 * sets PROBITY_TEST_PG) and are skipped without one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>
#include <string.h>

#include "pb-case-list.h"
#include "pb-case-screening.h"
#include "pb-case-watch.h"
#include "store-fixture.h"
#include "test-actor.h"

/* Passwords ---------------------------------------------------------------------- */

static void
assert_no_password (const char *location,
                    const char *password,
                    const char *shown)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCaseStore) store = pb_case_store_new (location, &error);
  g_autofree char *described = pb_case_store_describe_location (location);

  g_assert_null (store);
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO);
  g_test_message ("%s -> %s", location, error->message);
  g_assert_null (strstr (error->message, password));
  g_assert_null (strstr (described, password));
  g_assert_nonnull (strstr (error->message, shown));
  g_assert_nonnull (strstr (described, shown));
}

/* No message and no title shows a password a connection string holds,
 * whether libpq could read the string or not (it quotes what it cannot
 * read). No server is needed: each connection fails. */
static void
test_password_redacted (StoreFixture  *f,
                        gconstpointer  data)
{
  assert_no_password ("postgresql://sam:Tr0ub4dor%263@/probity?host=/nonexistent/sock",
                      "Tr0ub4dor", "postgresql://sam@/probity?host=/nonexistent/sock");
  assert_no_password ("host=/nonexistent/sock dbname=probity user=sam password=hunter2",
                      "hunter2", "postgresql://sam@/probity?host=/nonexistent/sock");
  assert_no_password ("host=/nonexistent/sock dbname=probity user=sam password='correct horse'",
                      "horse", "postgresql://sam@/probity");
  /* Not readable: an unquoted space, an unknown option after it. */
  assert_no_password ("host=/nonexistent/sock user=sam password=battery staple dbname=probity",
                      "staple", "team server");
  assert_no_password ("host=/nonexistent/sock user=sam password=s3cret pasword=s3cret",
                      "s3cret", "team server");
  assert_no_password ("postgresql://sam:pa55word@/probity?host=/nonexistent/sock&sslmod=verify-full",
                      "pa55word", "team server");
}

/* Live update --------------------------------------------------------------------- */

typedef struct
{
  GPtrArray *changed;   /* case ids, "" for any */
} Seen;

static void
changed_cb (PbCaseWatch *watch,
            const char  *case_id,
            Seen        *seen)
{
  g_ptr_array_add (seen->changed, g_strdup (case_id != NULL ? case_id : ""));
}

static gboolean
deadline_cb (gpointer data)
{
  *(gboolean *) data = TRUE;

  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @seen has @n changes or @seconds passed. */
static void
wait_for (Seen  *seen,
          guint  n,
          guint  seconds)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (seconds, deadline_cb, &expired);

  while (seen->changed->len < n && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
}

static void
wait_connected (PbCaseWatch *watch,
                gboolean     connected,
                guint        seconds)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (seconds, deadline_cb, &expired);

  while (pb_case_watch_get_connected (watch) != connected && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  g_assert_cmpint (pb_case_watch_get_connected (watch), ==, connected);
}

/* sam watches; what sue changes reaches him with the case's id, what he
 * changes himself does not; when his connection is cut, it is made again
 * and he hears of changes as before. */
static void
test_watch_server (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autoptr(PbCaseStore) sam = NULL;
  g_autoptr(PbCaseStore) sue = NULL;
  g_autoptr(PbCaseWatch) watch = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *other = NULL;
  g_autofree char *sql = NULL;
  Seen seen = { changed };

  if (!store_fixture_needs_server (f))
    return;

  sam = store_fixture_open_as (f, "sam", PB_ROLE_SALES);
  sue = store_fixture_open_as (f, "sue", PB_ROLE_SALES);
  watch = pb_case_watch_new (sam, &error);
  g_assert_no_error (error);
  g_signal_connect (watch, "changed", G_CALLBACK (changed_cb), &seen);

  /* His own case and answers: nothing. */
  case_id = store_fixture_new_case (f, sam, "Acme Security Ltd");
  store_fixture_answer (sam, case_id, "T01", "\"his\"", NULL, NULL);
  wait_for (&seen, 1, 1);
  g_assert_cmpuint (changed->len, ==, 0);

  /* Hers: the case's id, without anything read by him. */
  store_fixture_answer (sue, case_id, "T02", "\"hers\"", NULL, NULL);
  wait_for (&seen, 1, 10);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpstr (changed->pdata[0], ==, case_id);

  /* Also when it arrives while his store runs a query of its own. */
  other = store_fixture_new_case (f, sue, "Blue Harbour Telecom");
  g_usleep (G_USEC_PER_SEC / 5);
  store_fixture_answer (sam, case_id, "T03", "\"busy\"", NULL, NULL);
  wait_for (&seen, 2, 10);
  g_assert_cmpuint (changed->len, ==, 2);
  g_assert_cmpstr (changed->pdata[1], ==, other);

  /* His connection cut (a server restarted, a network lost): made again,
   * with "anything may have changed", and listening as before. */
  sql = g_strdup_printf ("SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
                         "WHERE usename = 'sam' AND datname = '%s'", f->database);
  store_server_exec (f->server, "postgres", sql);
  wait_connected (watch, FALSE, 10);
  wait_connected (watch, TRUE, 15);
  wait_for (&seen, 3, 5);
  g_assert_cmpuint (changed->len, ==, 3);
  g_assert_cmpstr (changed->pdata[2], ==, "");

  store_fixture_answer (sue, other, "T01", "\"after\"", NULL, NULL);
  wait_for (&seen, 4, 10);
  g_assert_cmpuint (changed->len, ==, 4);
  g_assert_cmpstr (changed->pdata[3], ==, other);

  /* And his store works again. */
  store_fixture_answer (sam, case_id, "T04", "\"back\"", NULL, NULL);
}

/* sam's window was open while the server was upgraded from a schema whose
 * notifications went to one channel for all (before 9) to one that
 * notifies each person's own (faked here by hiding the newer versions
 * from his store's open): he heard nothing more. Told of it, the watch
 * listens to the channels the server gives now, says that any case may
 * have changed, and hears sue's changes again. Told by @db_init, `probity-cli
 * db init` as an administrator runs it to upgrade, his window in the
 * background, which nobody checks (run again on the schema he follows
 * already, it tells him nothing); else by pb_case_watch_check(), the
 * window's focus. */
static void
watch_upgrade (StoreFixture *f,
               gboolean      db_init)
{
  g_autoptr(PbCaseStore) sam = NULL;
  g_autoptr(PbCaseStore) sue = NULL;
  g_autoptr(PbCaseWatch) watch = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  Seen seen = { changed };

  if (!store_fixture_needs_server (f))
    return;

  sue = store_fixture_open_as (f, "sue", PB_ROLE_SALES);
  case_id = store_fixture_new_case (f, sue, "Acme Security Ltd");
  store_server_exec (f->server, f->database, "UPDATE probity.probity_schema SET version = -version WHERE version > 8");
  sam = store_fixture_open_as (f, "sam", PB_ROLE_SALES);
  watch = pb_case_watch_new (sam, &error);
  g_assert_no_error (error);
  g_signal_connect (watch, "changed", G_CALLBACK (changed_cb), &seen);
  store_server_exec (f->server, f->database, "UPDATE probity.probity_schema SET version = -version WHERE version < 0");

  /* Upgraded: sue's change goes to sam's own channel, where he does not listen yet. */
  store_fixture_answer (sue, case_id, "T01", "\"unheard\"", NULL, NULL);
  wait_for (&seen, 1, 2);
  g_assert_cmpuint (changed->len, ==, 0);

  if (db_init)
    store_server_db_init (f->server, f->database);
  else
    pb_case_watch_check (watch);
  wait_for (&seen, 1, 10);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpstr (changed->pdata[0], ==, "");

  store_fixture_answer (sue, case_id, "T02", "\"heard\"", NULL, NULL);
  wait_for (&seen, 2, 10);
  g_assert_cmpuint (changed->len, ==, 2);
  g_assert_cmpstr (changed->pdata[1], ==, case_id);

  if (db_init)
    {
      store_server_db_init (f->server, f->database);
      wait_for (&seen, 3, 2);
      g_assert_cmpuint (changed->len, ==, 2);
    }
}

static void
test_watch_upgrade (StoreFixture  *f,
                    gconstpointer  data)
{
  watch_upgrade (f, FALSE);
}

static void
test_watch_upgrade_heard (StoreFixture  *f,
                          gconstpointer  data)
{
  watch_upgrade (f, TRUE);
}

/* What sue (team east) changes reaches the auditor's watch with the case's
 * id, read through the rows he may see; the watch of a sales person of
 * another team hears nothing of it (the server's side, with LISTEN typed
 * by hand on every channel: test-pg-roles.sh). */
static void
test_watch_other_team (StoreFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(PbCaseStore) sue = NULL;
  g_autoptr(PbCaseStore) ada = NULL;
  g_autoptr(PbCaseStore) asa = NULL;
  g_autoptr(PbCaseWatch) auditor_watch = NULL;
  g_autoptr(PbCaseWatch) other_watch = NULL;
  g_autoptr(GPtrArray) auditor_changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) other_changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *location = NULL;
  Seen auditor_seen = { auditor_changed };
  Seen other_seen = { other_changed };

  if (!store_fixture_needs_server (f))
    return;

  sue = store_fixture_open_as (f, "sue", PB_ROLE_SALES);
  ada = store_fixture_open_as (f, "ada", PB_ROLE_AUDITOR);
  /* Team north; her role keeps its capitals (store_fixture_open_as() folds them). */
  location = store_server_location (f->server, f->database, "Åsa Lindqvist");
  asa = pb_case_store_new (location, &error);
  g_assert_no_error (error);
  auditor_watch = pb_case_watch_new (ada, &error);
  g_assert_no_error (error);
  other_watch = pb_case_watch_new (asa, &error);
  g_assert_no_error (error);
  g_signal_connect (auditor_watch, "changed", G_CALLBACK (changed_cb), &auditor_seen);
  g_signal_connect (other_watch, "changed", G_CALLBACK (changed_cb), &other_seen);

  case_id = store_fixture_new_case (f, sue, "Acme Security Ltd");
  store_fixture_answer (sue, case_id, "T01", "\"east's\"", NULL, NULL);
  wait_for (&auditor_seen, 1, 10);
  g_assert_cmpuint (auditor_changed->len, >=, 1);
  for (guint i = 0; i < auditor_changed->len; i++)
    g_assert_cmpstr (auditor_changed->pdata[i], ==, case_id);

  wait_for (&other_seen, 1, 2);
  g_assert_cmpuint (other_changed->len, ==, 0);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

/* The server process of @name's connection (there is one). */
static char *
backend_of (StoreFixture *f,
            const char   *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT string_agg (pid::text, ',') FROM pg_stat_activity "
                                          "WHERE usename = '%s' AND datname = '%s'", name, f->database);

  return store_server_query (f->server, "postgres", sql);
}

/* An administrator takes rita's reviewer role away while her store is
 * open with its watch (her window), gives it back, renames her and sets
 * her organisation: each reaches her store when the server says so
 * (schema 14), with no write of hers refused and on the same connection;
 * the watch says that any case may have changed (her roles decide which
 * she sees), the store that her identity changed (a new name alone too),
 * and she approves. Until then a role given back showed only
 * after a refused write, or once she connected again. Opened while she
 * holds no role at all, her store hears one given too. */
static void
test_watch_identity (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(PbCaseStore) sam = NULL;
  g_autoptr(PbCaseStore) rita = NULL;
  g_autoptr(PbCaseWatch) watch = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *backend = NULL;
  g_autofree char *backend_after = NULL;
  g_autofree char *organisation = NULL;
  Seen seen = { changed };
  guint notified = 0;
  guint identities = 0;

  if (!store_fixture_needs_server (f))
    return;

  sam = store_fixture_open_as (f, "sam", PB_ROLE_SALES);
  case_id = store_fixture_new_case (f, sam, "Acme Security Ltd");
  store_fixture_answer (sam, case_id, "S1.01", "\"camera\"", NULL, NULL);
  pb_case_store_submit (sam, case_id, &error);
  g_assert_no_error (error);
  rita = store_fixture_open_as (f, "rita", PB_ROLE_REVIEWER);
  watch = pb_case_watch_new (rita, &error);
  g_assert_no_error (error);
  g_signal_connect (watch, "changed", G_CALLBACK (changed_cb), &seen);
  g_signal_connect_swapped (rita, "notify::actor", G_CALLBACK (count_cb), &notified);
  g_signal_connect_swapped (rita, "identity-changed", G_CALLBACK (count_cb), &identities);
  backend = backend_of (f, "rita");

  store_server_exec (f->server, f->database,
                     "UPDATE probity.members SET roles = array_remove (roles, 'reviewer') WHERE member = 'rita'");
  wait_for (&seen, 1, 10);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpstr (changed->pdata[0], ==, "");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (identities, ==, 1);
  g_assert_false (pb_role_can_decide (pb_actor_get_role (pb_case_store_get_actor (rita))));

  store_server_exec (f->server, f->database,
                     "SELECT probity.add_member ('rita', 'reviewer', NULL, 'Rita Renamed', 'Legal HQ')");
  wait_for (&seen, 2, 10);
  g_assert_cmpuint (changed->len, ==, 2);
  g_assert_cmpstr (changed->pdata[1], ==, "");
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpuint (identities, ==, 2);
  g_assert_cmpint (pb_actor_get_role (pb_case_store_get_actor (rita)), ==, PB_ROLE_REVIEWER);
  g_assert_cmpstr (pb_case_store_get_server_name (rita), ==, "Rita Renamed");
  organisation = pb_case_store_dup_acting_organisation (rita);
  g_assert_cmpstr (organisation, ==, "Legal HQ");
  backend_after = backend_of (f, "rita");
  g_assert_cmpstr (backend_after, ==, backend);

  /* A name alone: her role stays, what shows who she is follows. */
  store_server_exec (f->server, f->database,
                     "UPDATE probity.members SET display_name = 'Rita Moreno' WHERE member = 'rita'");
  wait_for (&seen, 3, 10);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpuint (identities, ==, 3);
  g_assert_cmpstr (pb_case_store_get_server_name (rita), ==, "Rita Moreno");

  g_assert_true (pb_case_store_decide (rita, case_id, PB_CASE_STATUS_APPROVED, "camera only", NULL, NULL, &error));
  g_assert_no_error (error);

  /* Every role taken away, then a store opened: it listens on her own
   * channel still, and hears one given back. */
  g_clear_object (&watch);
  g_clear_object (&rita);
  store_server_exec (f->server, f->database, "UPDATE probity.members SET roles = '{}' WHERE member = 'rita'");
  rita = store_fixture_open_as (f, "rita", PB_ROLE_REVIEWER);
  g_assert_false (pb_role_can_decide (pb_actor_get_role (pb_case_store_get_actor (rita))));
  watch = pb_case_watch_new (rita, &error);
  g_assert_no_error (error);
  g_signal_connect (watch, "changed", G_CALLBACK (changed_cb), &seen);
  store_server_exec (f->server, f->database, "SELECT probity.add_member ('rita', 'reviewer')");
  wait_for (&seen, 4, 10);
  g_assert_cmpuint (changed->len, ==, 4);
  g_assert_cmpint (pb_actor_get_role (pb_case_store_get_actor (rita)), ==, PB_ROLE_REVIEWER);
}

/* The DBA takes a group away by hand (REVOKE, not through Probity's
 * functions), which notifies nobody: the window of tess, in sales and a
 * reviewer, reads her roles again when it gets the focus back
 * (pb_case_watch_check ()), acts in the role she keeps and says that any
 * case may have changed. Until then it showed at her next refused write,
 * or connection. */
static void
test_watch_identity_by_hand (StoreFixture  *f,
                             gconstpointer  data)
{
  g_autoptr(PbCaseStore) tess = NULL;
  g_autoptr(PbCaseWatch) watch = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *revoke = NULL;
  g_autofree char *grant = NULL;
  Seen seen = { changed };
  PbRole acting;

  if (!store_fixture_needs_server (f))
    return;

  store_server_exec (f->server, f->database,
                     "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tess') THEN "
                     "CREATE ROLE tess LOGIN; END IF; END $$");
  store_server_exec (f->server, f->database,
                     "SELECT probity.add_member ('tess', 'sales', 'nordics'), probity.add_member ('tess', 'reviewer')");
  tess = store_fixture_open_as (f, "tess", PB_ROLE_REVIEWER);
  watch = pb_case_watch_new (tess, &error);
  g_assert_no_error (error);
  g_signal_connect (watch, "changed", G_CALLBACK (changed_cb), &seen);
  acting = pb_actor_get_role (pb_case_store_get_actor (tess));
  g_assert_true (acting == PB_ROLE_SALES || acting == PB_ROLE_REVIEWER);

  revoke = g_strdup_printf ("REVOKE probity_%s FROM tess", pb_role_to_string (acting));
  grant = g_strdup_printf ("GRANT probity_%s TO tess", pb_role_to_string (acting));
  store_server_exec (f->server, f->database, revoke);
  pb_case_watch_check (watch);
  wait_for (&seen, 1, 10);
  store_server_exec (f->server, f->database, grant);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpstr (changed->pdata[0], ==, "");
  g_assert_cmpint (pb_actor_get_role (pb_case_store_get_actor (tess)), !=, acting);
}

/* A login of the test's own, in no group yet: groups are the cluster's,
 * and what a test grants stays for the tests after it. */
static void
make_login (StoreFixture *f,
            const char   *name)
{
  g_autofree char *sql = g_strdup_printf ("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%s') "
                                          "THEN CREATE ROLE %s LOGIN; END IF; END $$", name, name);

  store_server_exec (f->server, f->database, sql);
}

/* The role an administrator gives a person while their window is open:
 * acting in it, they do what it allows. gwen, an auditor, is made a
 * sales person: her store hears it, acts in sales, and the case she then makes
 * goes through the gate as a sales person's must (schema 16), not to
 * the table an auditor reads ("permission denied for table cases"). */
static void
test_watch_role_given (StoreFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(PbCaseStore) gwen = NULL;
  g_autoptr(PbCaseWatch) watch = NULL;
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  Seen seen = { changed };

  if (!store_fixture_needs_server (f))
    return;

  make_login (f, "gwen");
  store_server_exec (f->server, f->database, "SELECT probity.add_member ('gwen', 'auditor')");
  gwen = store_fixture_open_as (f, "gwen", PB_ROLE_AUDITOR);
  g_assert_cmpint (pb_actor_get_role (pb_case_store_get_actor (gwen)), ==, PB_ROLE_AUDITOR);
  watch = pb_case_watch_new (gwen, &error);
  g_assert_no_error (error);
  g_signal_connect (watch, "changed", G_CALLBACK (changed_cb), &seen);

  /* As `db add-user gwen --role sales` does: her auditor's role goes
   * (one role each; a server of schema 18 refuses a person in two
   * groups every change). */
  store_server_exec (f->server, f->database, "SELECT probity.set_member ('gwen', 'sales', 'east')");
  wait_for (&seen, 1, 10);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpint (pb_actor_get_role (pb_case_store_get_actor (gwen)), ==, PB_ROLE_SALES);

  case_id = store_fixture_new_case (f, gwen, "Acme Security Ltd");
  store_fixture_answer (gwen, case_id, "S1.01", "\"camera\"", NULL, NULL);
  cases = pb_case_store_list_cases (gwen, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cases), ==, 1);
}

/* @login, in sales (team west) and an auditor, with a case of sam's team
 * to read: their store, acting in sales; the case's id in @case_id. */
static PbCaseStore *
open_sales_auditor (StoreFixture  *f,
                    const char    *login,
                    char         **case_id)
{
  g_autoptr(PbCaseStore) sam = store_fixture_open_as (f, "sam", PB_ROLE_SALES);
  g_autofree char *sql = g_strdup_printf ("SELECT probity.add_member ('%s', 'sales', 'west'), "
                                          "probity.add_member ('%s', 'auditor')", login, login);

  *case_id = store_fixture_new_case (f, sam, "Acme Security Ltd");
  make_login (f, login);
  store_server_exec (f->server, f->database, sql);

  return store_fixture_open_as (f, login, PB_ROLE_SALES);
}

/* @store reads every case itself, as an auditor does: sam's among them. */
static void
assert_reads_as_auditor (PbCaseStore *store,
                         const char  *case_id)
{
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(GError) error = NULL;

  cases = pb_case_store_list_cases (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cases), ==, 1);
  g_assert_cmpint (pb_case_store_get_status (store, case_id, 0, &error), ==, PB_CASE_STATUS_DRAFT);
  g_assert_no_error (error);
}

/* And the role taken: rhea, in sales and an auditor, loses sales while
 * her window is open (the DBA's REVOKE, then her members row): her store
 * hears it, acts as the auditor she is, and reads every case itself,
 * not through a gate only sales people and reviewers may call
 * ("permission denied for function gate"). */
static void
test_watch_role_taken (StoreFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(PbCaseStore) rhea = NULL;
  g_autoptr(PbCaseWatch) watch = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  Seen seen = { changed };

  if (!store_fixture_needs_server (f))
    return;

  rhea = open_sales_auditor (f, "rhea", &case_id);
  g_assert_cmpint (pb_actor_get_role (pb_case_store_get_actor (rhea)), ==, PB_ROLE_SALES);
  watch = pb_case_watch_new (rhea, &error);
  g_assert_no_error (error);
  g_signal_connect (watch, "changed", G_CALLBACK (changed_cb), &seen);

  store_server_exec (f->server, f->database, "REVOKE probity_sales FROM rhea");
  store_server_exec (f->server, f->database,
                     "UPDATE probity.members SET roles = array_remove (roles, 'sales') WHERE member = 'rhea'");
  wait_for (&seen, 1, 10);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpint (pb_actor_get_role (pb_case_store_get_actor (rhea)), ==, PB_ROLE_AUDITOR);
  assert_reads_as_auditor (rhea, case_id);
}

/* Nobody told (the DBA's REVOKE alone, and no watch: probity-cli's store,
 * or a window before it looks): the reads of a store that went through
 * the gate are refused there once its person may no longer call it, and
 * the store, asking the server again, reads as the auditor she still is
 * instead of showing that refusal. */
static void
test_role_taken_unheard (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(PbCaseStore) tara = NULL;
  g_autofree char *case_id = NULL;

  if (!store_fixture_needs_server (f))
    return;

  tara = open_sales_auditor (f, "tara", &case_id);
  store_server_exec (f->server, f->database, "REVOKE probity_sales FROM tara");
  assert_reads_as_auditor (tara, case_id);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  GListModel **list = data;
  g_autoptr(GError) error = NULL;

  *list = pb_case_store_list_cases_finish (PB_CASE_STORE (source), result, &error);
  g_assert_no_error (error);
}

/* @store's cases, read as a window reads them (in a worker thread, on a
 * store of the list's own). */
static PbCaseList *
list_as_window (PbCaseStore *store)
{
  GListModel *list = NULL;

  pb_case_store_list_cases_async (store, NULL, NULL, listed_cb, &list);
  while (list == NULL)
    g_main_context_iteration (NULL, TRUE);

  return PB_CASE_LIST (list);
}

static char *
listed_customer (PbCaseList *list,
                 guint       position)
{
  g_autoptr(PbCaseInfo) info = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_assert_nonnull (info);

  return g_strdup (pb_case_info_get_customer_name (info));
}

/* A window's list asked for a case while the server is away shows its id,
 * and says why only for debugging: an expected condition, not a warning
 * (which the tests make fatal). Once the connection is back, the list read
 * then (in a worker, as the window reads it) shows that case read anew,
 * though it did not change: the row was not kept as it was shown. */
static void
test_list_page_away (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(PbCaseStore) sam = NULL;
  g_autoptr(PbCaseWatch) watch = NULL;
  g_autoptr(PbCaseList) shown = pb_case_list_new ();
  g_autoptr(PbCaseList) first = NULL;
  g_autoptr(PbCaseList) again = NULL;
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *customer = NULL;

  if (!store_fixture_needs_server (f))
    return;

  sam = store_fixture_open_as (f, "sam", PB_ROLE_SALES);
  case_id = store_fixture_new_case (f, sam, "Acme Security Ltd");
  watch = pb_case_watch_new (sam, &error);
  g_assert_no_error (error);
  pb_case_watch_reconnect_in_background (watch);
  /* Listed as a window's list is, none of its cases read yet (as those
   * past the first rows a worker reads ahead), its pages read through a
   * store that does not wait to connect again. */
  first = PB_CASE_LIST (pb_case_store_list_cases_for_view (sam, NULL, &error));
  g_assert_no_error (error);
  pb_case_list_update (shown, first);
  g_assert_cmpuint (pb_case_list_get_n_read (shown), ==, 0);

  store_fixture_cluster (f, "stop");
  info = g_list_model_get_item (G_LIST_MODEL (shown), 0);
  g_assert_cmpstr (pb_case_info_get_id (info), ==, case_id);
  g_assert_cmpstr (pb_case_info_get_customer_name (info), ==, "");

  store_fixture_cluster (f, "restart");
  again = list_as_window (sam);
  pb_case_list_update (shown, again);
  customer = listed_customer (shown, 0);
  g_assert_cmpstr (customer, ==, "Acme Security Ltd");
}

/* Notifications are hints, and anyone of an audience may send them: a
 * watch tells a flood of them in bounded pieces. sue changes more cases
 * than the watch tells one by one while sam's watch does not look: it
 * says once that any case may have changed. Then she changes four cases
 * over and over, a change every few milliseconds: the watch tells them
 * in batches at least MIN_INTERVAL_MS (250 ms) apart, not once each,
 * and each case is told. (A loaded machine can only make the gaps
 * longer.) */

#define N_FLOOD_CASES 70
#define N_TRICKLE 60

typedef struct
{
  PbCaseStore  *store;
  char        **case_ids;
  gint          done;
} Trickle;

static gpointer
trickle_thread (gpointer data)
{
  Trickle *trickle = data;

  for (guint i = 0; i < N_TRICKLE; i++)
    {
      g_autofree char *json = g_strdup_printf ("\"trickle %u\"", i);

      store_fixture_answer (trickle->store, trickle->case_ids[i % 4], "T02", json, NULL, NULL);
      g_usleep (5 * 1000);
    }
  g_atomic_int_set (&trickle->done, TRUE);

  return NULL;
}

typedef struct
{
  GPtrArray *changed;   /* case ids, "" for any */
  GArray    *times;     /* gint64: when each was told */
} Timed;

static void
timed_cb (PbCaseWatch *watch,
          const char  *case_id,
          Timed       *timed)
{
  gint64 now = g_get_monotonic_time ();

  g_ptr_array_add (timed->changed, g_strdup (case_id != NULL ? case_id : ""));
  g_array_append_val (timed->times, now);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
test_watch_flood (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(PbCaseStore) sam = NULL;
  g_autoptr(PbCaseStore) sue = NULL;
  g_autoptr(PbCaseWatch) watch = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) case_ids = g_new0 (char *, N_FLOOD_CASES + 1);
  Seen seen = { changed };
  Timed timed = { changed, times };
  Trickle trickle = { 0 };
  GThread *thread;
  gint64 shortest = G_MAXINT64, deadline;
  guint n_batches = 1, wake;

  if (!store_fixture_needs_server (f))
    return;

  sam = store_fixture_open_as (f, "sam", PB_ROLE_SALES);
  sue = store_fixture_open_as (f, "sue", PB_ROLE_SALES);
  for (guint i = 0; i < N_FLOOD_CASES; i++)
    {
      g_autofree char *customer = g_strdup_printf ("Customer %02u", i);

      case_ids[i] = store_fixture_new_case (f, sue, customer);
    }
  watch = pb_case_watch_new (sam, &error);
  g_assert_no_error (error);
  g_signal_connect (watch, "changed", G_CALLBACK (timed_cb), &timed);

  /* All at once, before the watch looks: once "any case". */
  for (guint i = 0; i < N_FLOOD_CASES; i++)
    store_fixture_answer (sue, case_ids[i], "T01", "\"flood\"", NULL, NULL);
  wait_for (&seen, 1, 10);
  wait_for (&seen, 2, 1);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpstr (changed->pdata[0], ==, "");

  /* A trickle while it looks. */
  g_ptr_array_set_size (changed, 0);
  g_array_set_size (times, 0);
  trickle.store = sue;
  trickle.case_ids = case_ids;
  wake = g_timeout_add (10, wake_cb, NULL);
  thread = g_thread_new ("trickle", trickle_thread, &trickle);
  while (!g_atomic_int_get (&trickle.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  /* What came last is told within MIN_INTERVAL_MS, and a look. */
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);

  g_assert_cmpuint (changed->len, >, 0);
  for (guint i = 1; i < times->len; i++)
    {
      gint64 gap = g_array_index (times, gint64, i) - g_array_index (times, gint64, i - 1);

      /* Told in one go: one batch. */
      if (gap < 5000)
        continue;
      n_batches++;
      shortest = MIN (shortest, gap);
    }
  g_test_message ("%u changes told in %u batches, %" G_GINT64_FORMAT " ms apart at least",
                  changed->len, n_batches, shortest / 1000);
  g_assert_cmpuint (changed->len, <=, 4 * n_batches);
  g_assert_cmpint (shortest, >=, 200 * 1000);
  for (guint i = 0; i < 4; i++)
    g_assert_true (g_ptr_array_find_with_equal_func (changed, case_ids[i], g_str_equal, NULL));
}

/* A file: another program's change is seen; the store's own is not. */
static void
test_watch_file (StoreFixture  *f,
                 gconstpointer  data)
{
  g_autoptr(PbCaseWatch) watch = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *cli = store_cli_path ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  Seen seen = { changed };

  pb_test_act_as (f->store, "tester");
  case_id = store_fixture_new_case (f, f->store, "Acme Security Ltd");
  watch = pb_case_watch_new (f->store, &error);
  g_assert_no_error (error);
  g_signal_connect (watch, "changed", G_CALLBACK (changed_cb), &seen);

  store_fixture_answer (f->store, case_id, "T01", "\"mine\"", NULL, NULL);
  pb_case_watch_check (watch);
  g_assert_cmpuint (changed->len, ==, 0);

  g_assert_cmpint (store_run ((const char *[]) { cli, "case", "answer", case_id, "T02", "theirs",
                                                 "--db", f->path, "--user", "other", "--role", "sales",
                                                 NULL }, &out, &err), ==, 0);
  pb_case_watch_check (watch);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpstr (changed->pdata[0], ==, "");

  /* And without being asked, within a few seconds. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (store_run ((const char *[]) { cli, "case", "answer", case_id, "T03", "again",
                                                 "--db", f->path, "--user", "other", "--role", "sales",
                                                 NULL }, &out, &err), ==, 0);
  wait_for (&seen, 2, 10);
  g_assert_cmpuint (changed->len, ==, 2);
}

/* Concurrent writers ---------------------------------------------------------------- */

#define N_WRITES 40

typedef struct
{
  PbCaseStore *store;
  const char  *case_id;
  const char  *question_id;
  guint        failed;
  char        *first_error;
} Writer;

static gpointer
write_thread (gpointer data)
{
  Writer *writer = data;

  for (guint i = 0; i < N_WRITES; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s %u", writer->question_id, i);
      g_autoptr(PbAnswer) answer = pb_answer_new_string (text);
      g_autoptr(GError) error = NULL;

      if (!pb_case_store_set_answer (writer->store, writer->case_id, writer->question_id, answer,
                                     NULL, NULL, NULL, &error))
        {
          writer->failed++;
          if (writer->first_error == NULL)
            writer->first_error = g_strdup (error->message);
        }
      /* People type between two saves: here 20 to 50 ms, a hundred
       * times faster than they do. */
      g_usleep (g_random_int_range (20000, 50000));
    }

  return NULL;
}

/* Runs @n writers at once, each saving N_WRITES answers; asserts that
 * every one was saved and every history is whole. */
static void
run_writers (StoreFixture *f,
             Writer       *writers,
             guint         n)
{
  g_autoptr(PbCaseStore) ada = store_fixture_open_as (f, "ada", PB_ROLE_AUDITOR);
  g_autoptr(GHashTable) cases = g_hash_table_new (g_str_hash, g_str_equal);
  GThread *threads[4];
  GHashTableIter iter;
  gpointer case_id, count;

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (threads));
  for (guint i = 0; i < n; i++)
    threads[i] = g_thread_new ("writer", write_thread, &writers[i]);
  for (guint i = 0; i < n; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < n; i++)
    {
      if (writers[i].failed > 0)
        g_test_message ("%s: %u failed, first: %s", writers[i].question_id, writers[i].failed,
                        writers[i].first_error);
      g_assert_cmpuint (writers[i].failed, ==, 0);
      g_clear_pointer (&writers[i].first_error, g_free);
      count = g_hash_table_lookup (cases, writers[i].case_id);
      g_hash_table_insert (cases, (gpointer) writers[i].case_id, GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
    }

  g_hash_table_iter_init (&iter, cases);
  while (g_hash_table_iter_next (&iter, &case_id, &count))
    {
      g_autoptr(GError) error = NULL;
      guint n_events = 0, broken = 0;

      g_assert_true (pb_case_store_verify_case (ada, case_id, &n_events, &broken, &error));
      g_assert_no_error (error);
      /* created, then every answer */
      g_assert_cmpuint (n_events, ==, 1 + GPOINTER_TO_UINT (count) * N_WRITES);
    }
}

static gint n_made_again;

static void
count_made_again (const char     *domain,
                  GLogLevelFlags  level,
                  const char     *message,
                  gpointer        user_data)
{
  if (strstr (message, "is made again") != NULL)
    g_atomic_int_inc (&n_made_again);
}

/* sam and sue save answers of their own cases at the same time, much
 * faster than people type: every answer is saved, each history is whole,
 * and no save had to be made again, since neither waits for nor fails
 * because of the other (SERIALIZABLE failed some of them for conflicts
 * that were none: the server's predicate locks cover index pages and
 * small tables whole, not single cases). */
static void
test_concurrent_writers (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(PbCaseStore) sam = NULL;
  g_autoptr(PbCaseStore) sue = NULL;
  g_autofree char *his = NULL;
  g_autofree char *hers = NULL;
  guint handler;

  if (!store_fixture_needs_server (f))
    return;

  sam = store_fixture_open_as (f, "sam", PB_ROLE_SALES);
  sue = store_fixture_open_as (f, "sue", PB_ROLE_SALES);
  his = store_fixture_new_case (f, sam, "Acme Security Ltd");
  hers = store_fixture_new_case (f, sue, "Blue Harbour Telecom");

  g_atomic_int_set (&n_made_again, 0);
  handler = g_log_set_handler ("pb-case-store", G_LOG_LEVEL_DEBUG, count_made_again, NULL);
  run_writers (f, (Writer[]) { { sam, his, "T01" }, { sue, hers, "T02" } }, 2);
  g_log_remove_handler ("pb-case-store", handler);
  g_assert_cmpint (g_atomic_int_get (&n_made_again), ==, 0);
}

/* Two people on two questions of one case: their saves take turns. */
static void
test_concurrent_writers_one_case (StoreFixture  *f,
                                  gconstpointer  data)
{
  g_autoptr(PbCaseStore) sam = NULL;
  g_autoptr(PbCaseStore) sue = NULL;
  g_autofree char *case_id = NULL;

  if (!store_fixture_needs_server (f))
    return;

  sam = store_fixture_open_as (f, "sam", PB_ROLE_SALES);
  sue = store_fixture_open_as (f, "sue", PB_ROLE_SALES);
  case_id = store_fixture_new_case (f, sam, "Acme Security Ltd");

  run_writers (f, (Writer[]) { { sam, case_id, "T01" }, { sue, case_id, "T02" } }, 2);
}

/* A refusal is never made again: a stale answer stays refused at once. */
static void
test_conflict_not_retried (StoreFixture  *f,
                           gconstpointer  data)
{
  g_autoptr(PbCaseStore) sam = NULL;
  g_autoptr(PbCaseStore) sue = NULL;
  g_autoptr(PbAnswer) hers = pb_answer_new_string ("hers");
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  guint n_events = 0;
  g_autofree char *head = NULL;

  if (!store_fixture_needs_server (f))
    return;

  sam = store_fixture_open_as (f, "sam", PB_ROLE_SALES);
  sue = store_fixture_open_as (f, "sue", PB_ROLE_SALES);
  case_id = store_fixture_new_case (f, sam, "Acme Security Ltd");
  records = pb_case_store_list_answers (sue, case_id, 0, &error);
  g_assert_no_error (error);
  store_fixture_answer (sam, case_id, "T01", "\"his\"", NULL, NULL);

  g_assert_false (pb_case_store_set_answer (sue, case_id, "T01", hers, NULL, NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "his"));
  g_clear_error (&error);

  head = pb_case_store_get_history_head (sam, case_id, &n_events, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_events, ==, 2);
}

/* Forced conflicts ------------------------------------------------------------ */

/* Makes every other insert into @table fail as the server fails a
 * transaction that ran alongside another (@sqlstate: 40001, a
 * serialization failure, or 40P01, a deadlock): the first attempt of each
 * write fails, the next one goes through; forced_count() says how many
 * inserts were tried. */
static void
force_conflicts (StoreFixture *f,
                 const char   *table,
                 const char   *sqlstate)
{
  g_autofree char *sql = g_strdup_printf (
    "CREATE SEQUENCE IF NOT EXISTS public.forced;"
    "CREATE OR REPLACE FUNCTION public.force_conflict () RETURNS trigger"
    "  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$"
    "BEGIN"
    "  IF nextval ('public.forced') %% 2 = 1 THEN"
    "    RAISE EXCEPTION 'forced by the test' USING ERRCODE = TG_ARGV[0];"
    "  END IF;"
    "  RETURN NEW;"
    "END $$;"
    "CREATE TRIGGER force_conflict BEFORE INSERT ON probity.%s"
    "  FOR EACH ROW EXECUTE FUNCTION public.force_conflict ('%s')", table, sqlstate);

  store_server_exec (f->server, f->database, sql);
}

/* How many inserts the trigger saw: two per write when each was made again
 * once. */
static gint64
forced_count (StoreFixture *f)
{
  g_autofree char *value = store_server_query (f->server, f->database, "SELECT last_value FROM public.forced");

  return g_ascii_strtoll (value, NULL, 10);
}

/* The writes to a case's parties, screenings and anchors fail once each
 * as if another writer had run alongside, and are made again: each is
 * saved once, and the history is whole. */
static void
test_screening_retried (StoreFixture  *f,
                        gconstpointer  data)
{
  g_autoptr(PbCaseStore) sam = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) token = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *party_id = NULL;
  g_autofree char *head = NULL;
  guint n_events = 0, n_checked = 0, n_broken = 0, seq;

  if (!store_fixture_needs_server (f))
    return;

  store_fixture_hold_edition (f);
  sam = store_fixture_open_as (f, "sam", PB_ROLE_SALES);
  case_id = store_fixture_new_case (f, sam, "Acme Security Ltd");
  force_conflicts (f, "events", "40001");

  party_id = pb_case_store_add_party (sam, case_id, "end-user", "Harbour Logistics", "GB", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (party_id, ==, "P1");
  seq = pb_case_store_record_screening (sam, case_id,
                                        "{\"threshold\": 0.8, \"editions\": [{\"list\": \"eu-fsf\", \"publisher\": \"EU\", "
                                        "\"file_sha256\": \"0000000000000000000000000000000000000000000000000000000000000001\"}], "
                                        "\"parties\": [{\"party\": \"P1\"}], \"hits\": []}",
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seq, ==, 3);
  g_assert_true (pb_case_store_remove_party (sam, case_id, party_id, "a typing mistake", &error));
  g_assert_no_error (error);
  head = pb_case_store_get_history_head (sam, case_id, &n_events, &error);
  g_assert_no_error (error);
  token = store_fixture_token (head);
  g_assert_true (pb_case_store_add_anchor (sam, case_id, n_events, head, token, "http://tsa.example/", &error));
  g_assert_no_error (error);

  /* Four writes, each refused once and made again. */
  g_assert_cmpint (forced_count (f), ==, 8);
  g_assert_true (pb_case_store_verify_case (sam, case_id, &n_checked, &n_broken, &error));
  g_assert_no_error (error);
  /* created, party added, screened, party removed, anchored */
  g_assert_cmpuint (n_checked, ==, 5);
  g_assert_cmpuint (n_broken, ==, 0);
}

#define EDITION "0000000000000000000000000000000000000000000000000000000000000001"

/* A screening of parties P1 and P2, each found on an entry of its own;
 * the hit of @party (NULL: both) offers @prior, a JSON object, if any. */
static char *
screening_json (const char *party,
                const char *prior)
{
  g_autoptr(GString) json = g_string_new ("{\"threshold\": 0.8, \"editions\": [{\"list\": \"eu-fsf\", \"publisher\": \"EU\", "
                                          "\"file_sha256\": \"" EDITION "\"}], "
                                          "\"parties\": [{\"party\": \"P1\"}, {\"party\": \"P2\"}], \"hits\": [");

  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *id = g_strdup_printf ("P%u", i);
      g_autofree char *entry = g_strdup_printf ("{\"name\": \"Listed %u\"}", i);
      g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, entry, -1);
      g_autofree char *quoted = g_strescape (entry, NULL);

      if (party != NULL && strcmp (party, id) != 0)
        continue;
      g_string_append_printf (json, "%s{\"party\": \"%s\", \"list\": \"eu-fsf\", \"edition\": \"" EDITION "\", "
                              "\"entry\": \"%s\", \"entry_sha256\": \"%s\", \"listed_name\": \"Listed %u\", "
                              "\"score\": 0.9, \"prior\": [%s]}",
                              json->str[json->len - 1] == '[' ? "" : ", ", id, quoted, sha256, i,
                              prior != NULL ? prior : "");
    }
  g_string_append (json, "]}");

  return g_string_free (g_steal_pointer (&json), FALSE);
}

/* A case with parties P1 and P2, screened and submitted by @sales, the
 * hit of @decided cleared by @reviewer. */
static char *
screened_case (StoreFixture *f,
               PbCaseStore  *sales,
               PbCaseStore  *reviewer,
               const char   *customer,
               const char   *decided)
{
  g_autofree char *case_id = store_fixture_new_case (f, sales, customer);
  g_autofree char *json = screening_json (NULL, NULL);

  store_fixture_hold_edition (f);
  g_autofree char *hit_id = NULL;
  g_autoptr(GError) error = NULL;
  guint event;

  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("Party %u", i);

      g_free (pb_case_store_add_party (sales, case_id, "end-user", name, "GB", NULL, &error));
      g_assert_no_error (error);
    }
  event = pb_case_store_record_screening (sales, case_id, json, &error);
  g_assert_no_error (error);
  store_fixture_answer (sales, case_id, "S1.01", "\"camera\"", NULL, NULL);
  pb_case_store_submit (sales, case_id, &error);
  g_assert_no_error (error);
  hit_id = g_strdup_printf ("H%u.%s", event, strcmp (decided, "P1") == 0 ? "1" : "2");
  pb_case_store_decide_hit (reviewer, case_id, hit_id, PB_HIT_CLEARED, "A namesake", &error);
  g_assert_no_error (error);

  return g_steal_pointer (&case_id);
}

/* The decision of @other's hit on @party, as a screening offers it. */
static char *
prior_json (PbCaseStore *store,
            const char  *other,
            const char  *party)
{
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(GError) error = NULL;
  PbCaseHit *decided = NULL;
  GPtrArray *hits;

  screening = pb_case_store_get_screening (store, other, 0, &error);
  g_assert_no_error (error);
  hits = pb_case_screening_get_latest (screening)->hits;
  for (guint i = 0; i < hits->len && decided == NULL; i++)
    {
      PbCaseHit *hit = g_ptr_array_index (hits, i);

      if (strcmp (hit->party_id, party) == 0)
        decided = hit;
    }
  g_assert_nonnull (decided);
  g_assert_cmpuint (decided->decided_event, >, 0);

  return g_strdup_printf ("{\"case\": \"%s\", \"event\": %u, \"decision\": \"cleared\", \"by\": \"%s\", "
                          "\"at\": \"%s\", \"reason\": \"A namesake\", \"party\": \"%s\", \"entry_sha256\": \"%s\"}",
                          other, decided->decided_event, decided->decided_by, decided->decided_at, party,
                          decided->entry_sha256);
}

/* Screens @case_id again, its hit on @party offering @prior: the id of
 * the new hit. */
static char *
offer_decision (PbCaseStore *store,
                const char  *case_id,
                const char  *party,
                const char  *prior)
{
  g_autofree char *json = screening_json (party, prior);
  g_autoptr(GError) error = NULL;
  guint event;

  event = pb_case_store_record_screening (store, case_id, json, &error);
  g_assert_no_error (error);

  return g_strdup_printf ("H%u.1", event);
}

typedef struct
{
  PbCaseStore *store;
  const char  *case_id;
  const char  *hit_id;
  const char  *prior;
  gboolean     ok;
  GError      *error;
} Adopter;

static gpointer
adopt_in_thread (gpointer data)
{
  Adopter *adopter = data;

  adopter->ok = pb_case_store_adopt_prior_decision (adopter->store, adopter->case_id, adopter->hit_id,
                                                    adopter->prior, &adopter->error);

  return NULL;
}

static gint64
query_int (PGconn     *conn,
           const char *sql)
{
  PGresult *result = PQexec (conn, sql);
  gint64 value;

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  value = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);

  return value;
}

static void
wait_for_lock_waiters (PGconn *conn,
                       gint64  n)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (query_int (conn, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database () "
                          "AND wait_event_type = 'Lock'") < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

/* Two reviewers adopt at once each a decision of the other's case, with
 * the server's lock on the first case taken by someone else meanwhile,
 * so that both wait for it, one behind the other: each locks the two
 * cases in the order of their ids, and neither waits for the other (no
 * deadlock the server had to break, pg_stat_database.deadlocks). Locking
 * its own case first, the second held it while waiting for the first,
 * which the first, once given it, waited for: a deadlock, every time. */
static void
test_adopt_lock_order (StoreFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(PbCaseStore) sam = NULL;
  g_autoptr(PbCaseStore) bob = NULL;
  g_autofree char *a = NULL, *b = NULL, *low_hit = NULL, *high_hit = NULL;
  g_autofree char *low_prior = NULL, *high_prior = NULL;
  g_autofree char *conninfo = NULL, *lock = NULL;
  const char *low, *high;
  Adopter into_low = { 0 }, into_high = { 0 };
  GThread *first, *second;
  PGconn *holder;
  gint64 deadlocks;

  if (!store_fixture_needs_server (f))
    return;

  /* Each case offers the decision the other took. */
  sam = store_fixture_open_as (f, "sam", PB_ROLE_SALES);
  bob = store_fixture_open_as (f, "bob", PB_ROLE_REVIEWER);
  a = screened_case (f, sam, bob, "Acme Security Ltd", "P1");
  b = screened_case (f, sam, bob, "Blue Harbour Telecom", "P2");
  low = strcmp (a, b) < 0 ? a : b;
  high = low == a ? b : a;
  low_prior = prior_json (bob, high, low == a ? "P2" : "P1");
  high_prior = prior_json (bob, low, high == a ? "P2" : "P1");
  low_hit = offer_decision (bob, low, low == a ? "P2" : "P1", low_prior);
  high_hit = offer_decision (bob, high, high == a ? "P2" : "P1", high_prior);

  conninfo = g_strdup_printf ("%s dbname=%s user=postgres", f->server, f->database);
  holder = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (holder), ==, CONNECTION_OK);
  lock = g_strdup_printf ("BEGIN; SELECT 1 FROM probity.cases WHERE id = '%s' FOR UPDATE", low);
  PQclear (PQexec (holder, lock));

  into_low = (Adopter) { store_fixture_open_as (f, "bob", PB_ROLE_REVIEWER), low, low_hit, high };
  /* This one names no case: the only one offered, known once its hit is read. */
  into_high = (Adopter) { store_fixture_open_as (f, "bob", PB_ROLE_REVIEWER), high, high_hit, NULL };
  first = g_thread_new ("into-low", adopt_in_thread, &into_low);
  wait_for_lock_waiters (holder, 1);
  second = g_thread_new ("into-high", adopt_in_thread, &into_high);
  wait_for_lock_waiters (holder, 2);
  PQclear (PQexec (holder, "COMMIT"));
  g_thread_join (first);
  g_thread_join (second);
  g_assert_no_error (into_low.error);
  g_assert_no_error (into_high.error);
  g_assert_true (into_low.ok && into_high.ok);
  g_clear_object (&into_low.store);
  g_clear_object (&into_high.store);

  /* The server counts a deadlock when a session ends at the latest. */
  g_usleep (G_USEC_PER_SEC);
  PQclear (PQexec (holder, "SELECT pg_stat_clear_snapshot ()"));
  deadlocks = query_int (holder, "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database ()");
  g_test_message ("deadlocks: %" G_GINT64_FORMAT, deadlocks);
  g_assert_cmpint (deadlocks, ==, 0);
  PQfinish (holder);

  for (guint i = 0; i < 2; i++)
    {
      const char *case_id = i == 0 ? low : high;
      guint n_checked = 0, n_broken = 0;
      g_autoptr(GError) error = NULL;

      g_assert_true (pb_case_store_verify_case (bob, case_id, &n_checked, &n_broken, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n_broken, ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) g_test_add (path, StoreFixture, data, store_fixture_set_up, func, store_fixture_tear_down)
  ADD ("/pb/store-live/password-redacted", STORE_FIXTURE_NO_STORE, test_password_redacted);
  ADD ("/pb/store-live/watch-file", NULL, test_watch_file);
  ADD ("/pb/store-live/watch-server", STORE_FIXTURE_SERVER, test_watch_server);
  ADD ("/pb/store-live/watch-other-team", STORE_FIXTURE_SERVER, test_watch_other_team);
  ADD ("/pb/store-live/watch-upgrade", STORE_FIXTURE_SERVER, test_watch_upgrade);
  ADD ("/pb/store-live/watch-identity", STORE_FIXTURE_SERVER, test_watch_identity);
  ADD ("/pb/store-live/watch-identity-by-hand", STORE_FIXTURE_SERVER, test_watch_identity_by_hand);
  ADD ("/pb/store-live/watch-role-given", STORE_FIXTURE_SERVER, test_watch_role_given);
  ADD ("/pb/store-live/watch-role-taken", STORE_FIXTURE_SERVER, test_watch_role_taken);
  ADD ("/pb/store-live/role-taken-unheard", STORE_FIXTURE_SERVER, test_role_taken_unheard);
  ADD ("/pb/store-live/watch-upgrade-heard", STORE_FIXTURE_SERVER, test_watch_upgrade_heard);
  ADD ("/pb/store-live/concurrent-writers", STORE_FIXTURE_SERVER, test_concurrent_writers);
  ADD ("/pb/store-live/concurrent-writers-one-case", STORE_FIXTURE_SERVER, test_concurrent_writers_one_case);
  ADD ("/pb/store-live/conflict-not-retried", STORE_FIXTURE_SERVER, test_conflict_not_retried);
  ADD ("/pb/store-live/screening-retried", STORE_FIXTURE_SERVER, test_screening_retried);
  ADD ("/pb/store-live/adopt-lock-order", STORE_FIXTURE_SERVER, test_adopt_lock_order);
  ADD ("/pb/store-live/list-page-away", STORE_FIXTURE_OWN_CLUSTER, test_list_page_away);
  ADD ("/pb/store-live/watch-flood", STORE_FIXTURE_SERVER, test_watch_flood);
#undef ADD

  return g_test_run ();
}
