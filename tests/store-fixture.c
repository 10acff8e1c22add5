/* store-fixture.c: what the store tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>

#include "pb-data.h"
#include "store-fixture.h"
#include "test-actor.h"

static PbQuestionnaire *
load_questionnaire (void)
{
  g_autofree char *xml = g_test_build_filename (G_TEST_DIST, "data", "storage", "store-test.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (xml);
  g_autoptr(GError) error = NULL;
  PbQuestionnaire *questionnaire;

  questionnaire = pb_questionnaire_new_from_file (file, &error);
  g_assert_no_error (error);

  return questionnaire;
}

/* Server ------------------------------------------------------------------------ */

/* Everyone of the template database, one role each (a server of schema
 * 18 refuses every change of someone in two groups): "alice" is sales
 * there (on a file the fixture's actor is a reviewer, test-actor.h), and a
 * test that needs a reviewer on a server acts as "bob"
 * (store_fixture_act_as ()); alice, sam and sue share the team "east".
 * test-approvals' people act for the organisation their actors name: on a
 * server it is the server's word (schema-v10.sql). */
static const struct { const char *name; const char *role; const char *team; const char *organisation; } people[] = {
  { "alice", "sales", "east", NULL },
  { "bob", "reviewer", NULL, NULL },
  { "carol", "reviewer", NULL, NULL },
  { "dan", "reviewer", NULL, NULL },
  { "ada", "auditor", NULL, NULL },
  { "sam", "sales", "east", NULL },
  { "sue", "sales", "east", NULL },
  { "rita", "reviewer", "east", NULL },
  { "rex", "reviewer", "east", NULL },
  /* test-approvals' people log in under their full names. */
  { "Åsa Lindqvist", "sales", "north", "Nordvik Systems AB" },
  { "Ingrid Larsson", "reviewer", "north", "Nordvik Systems AB" },
  { "Karl Berg", "reviewer", "north", "Nordvik Systems AB" },
  { "Lena Holm", "reviewer", "north", "Nordvik Systems AB" },
  { "Aino Virtanen", "auditor", NULL, "Audit Oy" },
};

const char *
store_server_cluster (void)
{
  static char *server;
  const char *conninfo;
  const char *dbname;

  if (server != NULL)
    return server;
  conninfo = g_getenv ("PROBITY_TEST_PG");
  if (conninfo == NULL || *conninfo == '\0')
    return NULL;
  if ((dbname = strstr (conninfo, "dbname=")) == NULL)
    return server = g_strconcat (conninfo, " ", NULL);

  return server = g_strndup (conninfo, dbname - conninfo);
}

char *
store_server_query (const char *server,
                    const char *dbname,
                    const char *sql)
{
  g_autofree char *conninfo = g_strdup_printf ("%s dbname=%s user=postgres", server, dbname);
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result;
  char *value = NULL;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("%s: %s", conninfo, PQerrorMessage (conn));
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  PQfinish (conn);

  return value;
}

void
store_server_exec (const char *server,
                   const char *dbname,
                   const char *sql)
{
  g_free (store_server_query (server, dbname, sql));
}

/* A database with the schema (`probity-cli db init`) and the people, made
 * once per process; each test gets a copy of it. */
static const char *
server_template (const char *server)
{
  static const char template[] = "probity_fixture_template";
  static gboolean made;
  g_autoptr(GString) members = g_string_new ("SELECT 1");
  g_autofree char *cli = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *store_test_xml = g_test_build_filename (G_TEST_DIST, "data", "storage", "store-test.xml", NULL);
  g_autofree char *old_xml = g_test_build_filename (G_TEST_DIST, "data", "questionnaires-1.0.0",
                                                    "surveillance-export-1.0.0.xml", NULL);

  if (made)
    return template;

  cli = store_cli_path ();
  conninfo = g_strdup_printf ("%s dbname=%s user=postgres", server, template);
  store_server_exec (server, "postgres", "CREATE DATABASE probity_fixture_template");
  if (store_run ((const char *[]) { cli, "db", "init", conninfo, NULL }, &out, &err) != 0)
    g_error ("db init: %s%s", out, err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* A case on a server is pinned only to a questionnaire an administrator
   * approved (schema-v7.sql): the tests' own, and the one before the
   * shipped version, which db init does not approve. */
  if (store_run ((const char *[]) { cli, "db", "approve", conninfo, store_test_xml, old_xml, NULL }, &out, &err) != 0)
    g_error ("db approve: %s%s", out, err);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_string_append_printf (members, ", probity.add_member ('%s', '%s', %s%s%s, NULL, %s%s%s)", people[i].name,
                            people[i].role,
                            people[i].team != NULL ? "'" : "", people[i].team != NULL ? people[i].team : "NULL",
                            people[i].team != NULL ? "'" : "",
                            people[i].organisation != NULL ? "'" : "",
                            people[i].organisation != NULL ? people[i].organisation : "NULL",
                            people[i].organisation != NULL ? "'" : "");
  store_server_exec (server, template, members->str);
  made = TRUE;

  return template;
}

char *
store_server_new_database (const char *server)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *sql = NULL;
  char *database = g_strdelimit (g_strconcat ("t_", uuid, NULL), "-", '_');

  sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE %s", database, server_template (server));
  store_server_exec (server, "postgres", sql);

  return database;
}

void
store_server_db_init (const char *server,
                      const char *database)
{
  g_autofree char *cli = store_cli_path ();
  g_autofree char *conninfo = g_strdup_printf ("%s dbname=%s user=postgres", server, database);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (store_run ((const char *[]) { cli, "db", "init", conninfo, NULL }, &out, &err) != 0)
    g_test_fail_printf ("db init: %s%s", out, err);
}

void
store_server_drop_database (const char *server,
                            const char *database)
{
  g_autofree char *sql = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", database);

  store_server_exec (server, "postgres", sql);
}

char *
store_server_location (const char *server,
                       const char *database,
                       const char *user)
{
  g_autoptr(GString) quoted = g_string_new (user);

  /* A conninfo value in quotes, which may hold spaces. */
  g_string_replace (quoted, "\\", "\\\\", 0);
  g_string_replace (quoted, "'", "\\'", 0);

  return g_strdup_printf ("%s dbname=%s user='%s'", server, database, quoted->str);
}

/* Fixture ----------------------------------------------------------------------- */

gboolean
store_fixture_on_server (StoreFixture *f)
{
  return f->server != NULL;
}

gboolean
store_fixture_needs_file (StoreFixture *f,
                          const char   *what)
{
  if (f->server != NULL)
    {
      g_autofree char *message = g_strdup_printf ("a team server has no %s (a file's only)", what);

      g_test_skip (message);
    }

  return f->server == NULL;
}

gboolean
store_fixture_needs_server (StoreFixture *f)
{
  if (f->server == NULL)
    g_test_skip ("needs a PostgreSQL server (run inside tests/pg-cluster.sh run)");

  return f->server != NULL;
}

void
store_fixture_cluster (StoreFixture *f,
                       const char   *command)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "pg-cluster.sh", NULL);
  const char *argv[] = { "sh", script, command, f->cluster_dir, NULL };
  g_autofree char *err = NULL;

  g_assert_nonnull (f->cluster_dir);
  if (store_run (argv, NULL, &err) != 0)
    g_error ("pg-cluster.sh %s: %s", command, err);
}

PbCaseStore *
store_fixture_open_as (StoreFixture *f,
                       const char   *name,
                       PbRole        role)
{
  g_autoptr(PbActor) actor = pb_actor_new (name, role, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *login = NULL;
  PbCaseStore *store;

  if (f->server == NULL)
    {
      pb_case_store_set_actor (f->store, actor);
      return g_object_ref (f->store);
    }

  login = g_ascii_strdown (name, -1);
  conninfo = store_server_location (f->server, f->database, login);
  store = pb_case_store_new (conninfo, &error);
  g_assert_no_error (error);

  return store;
}

PbCaseStore *
store_fixture_act_as (StoreFixture *f,
                      const char   *name)
{
  g_autofree char *login = NULL;
  PbCaseStore *store;

  if (f->server == NULL)
    {
      pb_test_act_as (f->store, name);
      return f->store;
    }

  login = g_ascii_strdown (name, -1);
  if (g_strcmp0 (login, "alice") == 0 && f->store != NULL)
    return f->store;
  if (f->people == NULL)
    f->people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  if ((store = g_hash_table_lookup (f->people, login)) == NULL)
    {
      store = store_fixture_open_as (f, login, PB_ROLE_REVIEWER);
      g_hash_table_insert (f->people, g_steal_pointer (&login), store);
    }

  return store;
}

void
store_fixture_set_up (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean on_server = FALSE;

  f->dir = g_dir_make_tmp ("pb-store-XXXXXX", &error);
  g_assert_no_error (error);
  if (g_strcmp0 (data, STORE_FIXTURE_SHIPPED) == 0)
    {
      f->questionnaire = pb_data_load_questionnaire ("surveillance-export", &error);
      g_assert_no_error (error);
    }
  else
    f->questionnaire = load_questionnaire ();

  if (g_strcmp0 (data, STORE_FIXTURE_OWN_CLUSTER) == 0)
    {
      /* Without its folder the cluster cannot be restarted: no server. */
      f->cluster_dir = g_strdup (g_getenv ("PROBITY_TEST_PG_DIR"));
      on_server = f->cluster_dir != NULL && store_server_cluster () != NULL;
    }
  else if (g_strcmp0 (data, STORE_FIXTURE_SERVER) == 0)
    on_server = store_server_cluster () != NULL;
  else if (g_strcmp0 (g_getenv ("PROBITY_TEST_DB"), "pg") == 0)
    {
      if (store_server_cluster () == NULL)
        g_error ("PROBITY_TEST_DB=pg needs a cluster: run the test inside tests/pg-cluster.sh run");
      on_server = TRUE;
    }

  if (on_server)
    {
      f->server = g_strdup (store_server_cluster ());
      f->database = store_server_new_database (f->server);
      f->path = store_server_location (f->server, f->database, "alice");
    }
  else
    f->path = g_build_filename (f->dir, "cases.db", NULL);

  if (data == NULL || g_strcmp0 (data, STORE_FIXTURE_SHIPPED) == 0)
    {
      f->store = pb_case_store_new (f->path, &error);
      g_assert_no_error (error);
      pb_test_act_as (f->store, "alice");
    }
}

void
store_fixture_tear_down (StoreFixture  *f,
                         gconstpointer  data)
{
  g_clear_pointer (&f->people, g_hash_table_unref);
  g_clear_object (&f->store);
  g_clear_object (&f->questionnaire);
  if (f->database != NULL)
    store_server_drop_database (f->server, f->database);
  g_clear_pointer (&f->database, g_free);
  g_clear_pointer (&f->server, g_free);
  g_clear_pointer (&f->cluster_dir, g_free);
  store_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->path, g_free);
}

char *
store_fixture_build_path (StoreFixture *f,
                          const char   *name)
{
  return g_build_filename (f->dir, name, NULL);
}

char *
store_fixture_new_case (StoreFixture *f,
                        PbCaseStore  *store,
                        const char   *customer_name)
{
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autoptr(GError) error = NULL;
  char *case_id;

  if (store == NULL)
    store = f->store;

  customer = pb_case_store_find_customer (store, customer_name, &error);
  g_assert_no_error (error);
  if (customer == NULL)
    customer = pb_case_store_add_customer (store, customer_name, NULL, "GB", NULL, NULL, &error);
  g_assert_no_error (error);

  product = pb_case_store_find_product (store, "EyeCam", &error);
  g_assert_no_error (error);
  if (product == NULL)
    product = pb_case_store_add_product (store, "EyeCam", "4.2", "camera", NULL, &error);
  g_assert_no_error (error);

  case_id = pb_case_store_create_case (store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                       f->questionnaire, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (case_id, "C-"));

  return case_id;
}

void
store_fixture_answer (PbCaseStore *store,
                      const char  *case_id,
                      const char  *question_id,
                      const char  *json,
                      const char  *comment,
                      const char  *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswer) answer = pb_answer_new_from_json (json, &error);

  g_assert_no_error (error);
  pb_case_store_set_answer (store, case_id, question_id, answer, comment, NULL, reason, &error);
  g_assert_no_error (error);
}

/* Appends the DER element @tag holding @content. */
static void
der_append (GByteArray   *out,
            guint8        tag,
            const guint8 *content,
            gsize         len)
{
  guint8 header[4] = { tag };
  guint n = 2;

  g_assert (len < 0x10000);
  if (len < 0x80)
    header[1] = len;
  else if (len < 0x100)
    {
      header[1] = 0x81;
      header[2] = len;
      n = 3;
    }
  else
    {
      header[1] = 0x82;
      header[2] = len >> 8;
      header[3] = len & 0xff;
      n = 4;
    }
  g_byte_array_append (out, header, n);
  g_byte_array_append (out, content, len);
}

/* Wraps @inner in the element @tag, in place. */
static void
der_wrap (GByteArray *inner,
          guint8      tag)
{
  g_autoptr(GByteArray) outer = g_byte_array_new ();

  der_append (outer, tag, inner->data, inner->len);
  g_byte_array_set_size (inner, 0);
  g_byte_array_append (inner, outer->data, outer->len);
}

GBytes *
store_fixture_token (const char *head)
{
  static const guint8 sha256[] = { 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
                                   0x05, 0x00 };
  static const guint8 tst_info_oid[] = { 0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x04 };
  static const guint8 signed_data_oid[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02 };
  static const guint8 v1_policy_serial[] = { 0x02, 0x01, 0x01, 0x06, 0x03, 0x2a, 0x03, 0x04 };
  static const guint8 serial_time[] = { 0x02, 0x01, 0x01, 0x18, 0x0f, '2', '0', '2', '6', '1', '2', '0', '3',
                                        '0', '0', '0', '0', '0', '0', 'Z' };
  static const guint8 version_algorithms[] = { 0x02, 0x01, 0x03, 0x31, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48,
                                               0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00 };
  static const guint8 no_signer[] = { 0x31, 0x02, 0x30, 0x00 };
  g_autoptr(GByteArray) imprint = g_byte_array_new ();
  g_autoptr(GByteArray) tst = g_byte_array_new ();
  g_autoptr(GByteArray) token = g_byte_array_new ();
  guint8 hash[32];

  g_assert (strlen (head) == 64);
  for (guint i = 0; i < 32; i++)
    hash[i] = g_ascii_xdigit_value (head[2 * i]) << 4 | g_ascii_xdigit_value (head[2 * i + 1]);

  g_byte_array_append (imprint, sha256, sizeof sha256);
  der_append (imprint, 0x04, hash, sizeof hash);
  der_wrap (imprint, 0x30);
  g_byte_array_append (tst, v1_policy_serial, sizeof v1_policy_serial);
  g_byte_array_append (tst, imprint->data, imprint->len);
  g_byte_array_append (tst, serial_time, sizeof serial_time);
  der_wrap (tst, 0x30);
  der_wrap (tst, 0x04);
  der_wrap (tst, 0xa0);
  g_byte_array_prepend (tst, tst_info_oid, sizeof tst_info_oid);
  der_wrap (tst, 0x30);
  g_byte_array_append (token, version_algorithms, sizeof version_algorithms);
  g_byte_array_append (token, tst->data, tst->len);
  g_byte_array_append (token, no_signer, sizeof no_signer);
  der_wrap (token, 0x30);
  der_wrap (token, 0xa0);
  g_byte_array_prepend (token, signed_data_oid, sizeof signed_data_oid);
  der_wrap (token, 0x30);

  return g_bytes_new (token->data, token->len);
}

void
store_fixture_hold_edition (StoreFixture *f)
{
  if (!store_fixture_on_server (f))
    return;

  store_server_exec (f->server, f->database,
                     "INSERT INTO probity.list_editions (list_id, publisher, title, format, file_name, file_sha256,"
                     "                                   file_size, n_entries, imported, imported_by)"
                     "  SELECT 'eu-fsf', 'EU', 'EU financial sanctions', 'eu-fsf-xml', 'eu.xml',"
                     "         repeat ('0', 63) || '1', 1, 0, '2026-01-01T00:00:00.000000Z', 'postgres'"
                     "   WHERE NOT EXISTS (SELECT 1 FROM probity.list_editions"
                     "                      WHERE list_id = 'eu-fsf' AND file_sha256 = repeat ('0', 63) || '1')");
}

char *
store_fixture_full_case (StoreFixture *f,
                         PbCaseStore  *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbEvidence) evidence = NULL;
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(GBytes) scan = g_bytes_new_static ("licence refusal", 15);
  g_autoptr(GBytes) report = g_bytes_new_static ("%PDF-1.7 signed", 15);
  g_autoptr(GBytes) token = NULL;
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);
  g_autofree char *head = NULL;
  g_autoptr(PbCaseStore) bob = NULL;
  gboolean anchored;
  guint n_events = 0;
  char *case_id;

  if (store == NULL)
    store = f->store;

  case_id = store_fixture_new_case (f, store, "Acme Security Ltd");
  store_fixture_answer (store, case_id, "S1.01", "\"spyware\"", NULL, NULL);
  store_fixture_answer (store, case_id, "S1.02", "\"no\"", "checked the register", NULL);
  store_fixture_answer (store, case_id, "T01", "\"a note\"", NULL, NULL);
  evidence = pb_case_store_add_evidence (store, case_id, "S1.02", "refusal.txt", "text/plain", scan, &error);
  g_assert_no_error (error);
  pb_case_store_submit (store, case_id, &error);
  g_assert_no_error (error);
  if (store == f->store)
    bob = store_fixture_open_as (f, "Bob", PB_ROLE_REVIEWER);
  else
    {
      /* A store of the test's own (a file): Bob signs there. */
      pb_test_act_as (store, "Bob");
      bob = g_object_ref (store);
    }
  sign_off = pb_test_sign (bob, case_id, f->server != NULL ? "bob" : "Bob", PB_CASE_STATUS_REJECTED,
                           "listed item without a licence", NULL, sha, report, &error);
  g_assert_no_error (error);
  head = pb_case_store_get_history_head (bob, case_id, &n_events, &error);
  g_assert_no_error (error);
  token = store_fixture_token (head);
  anchored = pb_case_store_add_anchor (bob, case_id, n_events, head, token, "http://tsa.example/", &error);
  g_assert_no_error (error);
  g_assert_true (anchored);
  pb_test_act_as (store, "alice");
  /* alice reopens as the reviewer she acts as; a server records the role
   * it gives her, sales, and a reviewer reopens there. */
  g_assert_cmpuint (pb_case_store_reopen (f->server != NULL ? bob : store, case_id, "licence granted", &error), ==, 2);
  g_assert_no_error (error);
  store_fixture_answer (store, case_id, "S1.02", "\"yes\"", "licence granted", NULL);

  return case_id;
}

void
store_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  /* A test may have left a folder read-only. */
  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        store_remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

char *
store_file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
}

int
store_run (const char * const  *argv,
           char               **out,
           char               **err)
{
  g_autoptr(GError) error = NULL;
  GSpawnFlags flags = G_SPAWN_SEARCH_PATH;
  int status = 0;

  /* Nothing on our stdout: it is the TAP stream. */
  if (out == NULL)
    flags |= G_SPAWN_STDOUT_TO_DEV_NULL;
  if (err == NULL)
    flags |= G_SPAWN_STDERR_TO_DEV_NULL;

  g_spawn_sync (NULL, (char **)argv, NULL, flags, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));

  return WEXITSTATUS (status);
}

char *
store_sqlite3 (const char *path,
               const char *sql)
{
  const char *argv[] = { "sqlite3", path, sql, NULL };
  g_autofree char *err = NULL;
  char *out = NULL;

  if (store_run (argv, &out, &err) != 0)
    {
      g_autoptr(GString) one_line = g_string_new (sql);

      /* g_error() goes to the TAP stream: one line. */
      g_string_replace (one_line, "\n", " ", 0);
      g_error ("sqlite3 %s \"%s\" failed: %s", path, one_line->str, g_strstrip (err));
    }

  return out;
}

void
store_sqlite_exec (const char *path,
                   const char *statements)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, statements, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", statements, message);
  sqlite3_close (db);
}

gint64
store_sqlite_int (const char *path,
                  const char *query)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, query, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

char *
store_cli_path (void)
{
  return g_build_filename (g_getenv ("PB_BUILD_ROOT"), "app", "cli", "probity-cli", NULL);
}

int
store_cli (const char  *db,
           const char  *user,
           const char  *role,
           char       **out,
           char       **err,
           const char  *first,
           ...)
{
  g_autofree char *program = store_cli_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int status = 0;
  va_list args;

  envp = user != NULL ? g_environ_setenv (envp, "PROBITY_USER", user, TRUE) : g_environ_unsetenv (envp, "PROBITY_USER");
  envp = role != NULL ? g_environ_setenv (envp, "PROBITY_ROLE", role, TRUE) : g_environ_unsetenv (envp, "PROBITY_ROLE");
  g_ptr_array_add (argv, program);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  if (db != NULL)
    {
      g_ptr_array_add (argv, (char *) "--db");
      g_ptr_array_add (argv, (char *) db);
    }
  g_ptr_array_add (argv, NULL);

  g_clear_pointer (out, g_free);
  g_clear_pointer (err, g_free);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) != 0)
    g_test_message ("probity-cli %s: %s", first, *err);

  return WEXITSTATUS (status);
}
