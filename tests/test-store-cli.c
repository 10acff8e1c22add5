/* test-store-cli.c: probity-cli case, run as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "store-fixture.h"

/* The fixture's database without a store open on it (a file, or alice on
 * a server: store-fixture.h). */
typedef struct
{
  StoreFixture  base;
  char         *db;             /* what --db names: f->base.path, or another */
  char         *questionnaire;
  char         *out;
  char         *err;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  store_fixture_set_up (&f->base, STORE_FIXTURE_NO_STORE);
  f->db = g_strdup (f->base.path);
  f->questionnaire = g_test_build_filename (G_TEST_DIST, "data", "storage", "store-test.xml", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->db);
  g_free (f->questionnaire);
  g_free (f->out);
  g_free (f->err);
  store_fixture_tear_down (&f->base, data);
}

/* Who acts: "tester" on a file (PROBITY_USER), whom the server
 * authenticated on a server (the person of f->db). */
static void
act_as (Fixture    *f,
        const char *login)
{
  g_free (f->db);
  f->db = store_fixture_on_server (&f->base) ? store_server_location (f->base.server, f->base.database, login)
                                             : g_strdup (f->base.path);
}

/* Runs probity-cli case ARGS… --db f->db as "tester" on a file (on a
 * server as whom it authenticated, never one given); returns the exit
 * status. */
#define cli(f, ...) store_cli ((f)->db, store_fixture_on_server (&(f)->base) ? NULL : "tester", NULL, \
                               &(f)->out, &(f)->err, "case", __VA_ARGS__)

static JsonNode *
parse_out (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (f->out, &error);

  g_assert_no_error (error);

  return node;
}

static char *
new_case (Fixture    *f,
          const char *customer)
{
  g_assert_cmpint (cli (f, "new", "--customer", customer, "--country", "GB", "--product", "EyeCam",
                        "--questionnaire", f->questionnaire, NULL), ==, 0);
  g_assert_true (g_regex_match_simple ("^C-[0-9]{4}-[0-9A-F]{8}\n$", f->out, 0, 0));

  return g_strstrip (g_strdup (f->out));
}

static void
test_lifecycle (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *case_id = new_case (f, "Acme Security Ltd");
  g_autofree char *other = new_case (f, "acme security ltd");
  g_autofree char *answers = store_fixture_build_path (&f->base, "answers.json");
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) show = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonArray *events;

  /* the second case reuses the customer */
  g_assert_cmpint (cli (f, "list", "--json", NULL), ==, 0);
  list = parse_out (f);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (list), i), "customer"),
                     ==, "Acme Security Ltd");

  g_assert_cmpint (cli (f, "answer", case_id, "S1.01", "spyware", "--comment", "from the datasheet", NULL), ==, 0);
  g_assert_cmpint (cli (f, "answer", case_id, "S1.02", "maybe", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "S1.02"));
  /* A server records whom it authenticated: acting as anyone else is
   * refused, nothing recorded (the events counted below). */
  if (store_fixture_on_server (&f->base))
    {
      g_assert_cmpint (cli (f, "answer", case_id, "S1.03", "face", "--user", "mallory", NULL), ==, 1);
      g_assert_nonnull (strstr (f->err, "mallory"));
      g_assert_nonnull (strstr (f->err, "alice"));
    }

  g_file_set_contents (answers, "{\"questionnaire\": \"store-test\", \"answers\": {\"S1.02\": \"no\", \"S1.04\": 12}}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cli (f, "import-answers", case_id, answers, NULL), ==, 0);

  g_assert_cmpint (cli (f, "show", case_id, "--json", NULL), ==, 0);
  show = parse_out (f);
  object = json_node_get_object (show);
  g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "do-not-proceed");
  g_assert_cmpint (json_object_get_int_member (object, "answers"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "events"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (object, "answer_list"), 0), "comment"),
                   ==, "from the datasheet");

  g_assert_cmpint (cli (f, "list", "--json", "--outcome", "do-not-proceed", NULL), ==, 0);
  g_clear_pointer (&list, json_node_unref);
  list = parse_out (f);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);

  g_assert_cmpint (cli (f, "submit", case_id, NULL), ==, 0);
  g_assert_cmpint (cli (f, "answer", case_id, "S1.02", "yes", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "reason"));
  act_as (f, "bob");
  g_assert_cmpint (cli (f, "decide", case_id, "--role", "reviewer", "--decision", "approved-with-conditions", "--reason", "ok", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "conditions"));
  g_assert_cmpint (cli (f, "decide", case_id, "--role", "reviewer", "--decision", "rejected", "--reason", "listed item, no licence", NULL), ==, 0);
  g_assert_cmpint (cli (f, "reopen", case_id, "--role", "reviewer", "--reason", "too early", NULL), ==, 1);
  act_as (f, "alice");

  g_assert_cmpint (cli (f, "history", case_id, "--json", NULL), ==, 0);
  history = parse_out (f);
  events = json_node_get_array (history);
  g_assert_cmpuint (json_array_get_length (events), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 5), "kind"), ==, "status-changed");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 5), "user"), ==,
                   store_fixture_on_server (&f->base) ? "bob" : "tester");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 5), "reason"), ==, "listed item, no licence");

  g_assert_cmpint (cli (f, "verify", case_id, NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "OK, 6 events"));

  /* PROBITY_DB chooses the database when --db is not given. */
  g_setenv ("PROBITY_DB", f->db, TRUE);
  g_assert_cmpint (store_cli (NULL, "tester", NULL, &f->out, &f->err, "case", "list", NULL), ==, 0);
  g_unsetenv ("PROBITY_DB");
  g_assert_nonnull (strstr (f->out, other));

  g_assert_cmpint (cli (f, "show", "C-1999-DEADBEEF", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "C-1999-DEADBEEF"));
}

/* A reviewer sends a case back: its sales person reads who did, when and
 * why in `case show` and `case summary`, not only in its history; once it
 * is submitted again, that is past. */
static void
test_sent_back (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *case_id = new_case (f, "Acme Security Ltd");
  g_autofree char *answers = store_fixture_build_path (&f->base, "answers.json");
  g_autoptr(JsonNode) show = NULL;
  g_autoptr(GError) error = NULL;
  const char *reviewer = store_fixture_on_server (&f->base) ? "bob" : "tester";
  JsonObject *sent_back;

  g_file_set_contents (answers, "{\"questionnaire\": \"store-test\", \"answers\": "
                       "{\"S1.01\": \"spyware\", \"S1.02\": \"no\", \"S1.04\": 12}}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cli (f, "import-answers", case_id, answers, NULL), ==, 0);

  /* a draft never submitted was sent back by no one */
  g_assert_cmpint (cli (f, "show", case_id, "--json", NULL), ==, 0);
  show = parse_out (f);
  g_assert_true (json_object_has_member (json_node_get_object (show), "sent_back"));
  g_assert_true (json_object_get_null_member (json_node_get_object (show), "sent_back"));
  g_clear_pointer (&show, json_node_unref);

  g_assert_cmpint (cli (f, "submit", case_id, NULL), ==, 0);
  act_as (f, "bob");
  g_assert_cmpint (cli (f, "decide", case_id, "--role", "reviewer", "--decision", "draft", "--reason",
                        "Name the end user in S1.03", NULL), ==, 0);
  act_as (f, "alice");

  g_assert_cmpint (cli (f, "show", case_id, "--json", NULL), ==, 0);
  show = parse_out (f);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (show), "status"), ==, "draft");
  sent_back = json_object_get_object_member (json_node_get_object (show), "sent_back");
  g_assert_nonnull (sent_back);
  g_assert_cmpstr (json_object_get_string_member (sent_back, "name"), ==, reviewer);
  g_assert_cmpstr (json_object_get_string_member (sent_back, "role"), ==, "reviewer");
  g_assert_cmpstr (json_object_get_string_member (sent_back, "reason"), ==, "Name the end user in S1.03");
  g_assert_nonnull (json_object_get_string_member (sent_back, "time"));
  g_clear_pointer (&show, json_node_unref);

  g_assert_cmpint (cli (f, "show", case_id, NULL), ==, 0);
  g_assert_true (g_regex_match_simple ("^  Sent back by: +[^\n]*\\(Legal reviewer\\), [^\n]* UTC$", f->out,
                                       G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^  Changes asked: +Name the end user in S1\\.03$", f->out, G_REGEX_MULTILINE, 0));

  g_assert_cmpint (cli (f, "summary", case_id, NULL), ==, 0);
  g_assert_true (g_regex_match_simple ("^Sent back by +[^\n]*\\(Legal reviewer\\), [^\n]* UTC$", f->out,
                                       G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Changes asked +Name the end user in S1\\.03$", f->out, G_REGEX_MULTILINE, 0));

  /* submitted again: the request is answered, no longer shown */
  g_assert_cmpint (cli (f, "submit", case_id, NULL), ==, 0);
  g_assert_cmpint (cli (f, "show", case_id, "--json", NULL), ==, 0);
  show = parse_out (f);
  g_assert_true (json_object_get_null_member (json_node_get_object (show), "sent_back"));
  g_assert_cmpint (cli (f, "summary", case_id, NULL), ==, 0);
  g_assert_null (strstr (f->out, "Sent back by"));
  g_assert_cmpint (cli (f, "show", case_id, NULL), ==, 0);
  g_assert_null (strstr (f->out, "Sent back by"));
}

static void
test_case_files (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *case_id = new_case (f, "Globex");
  g_autofree char *file = store_fixture_build_path (&f->base, "globex.probity");
  g_autofree char *other_db = store_fixture_build_path (&f->base, "other.db");
  g_autofree char *history_a = NULL;

  g_assert_cmpint (cli (f, "answer", case_id, "S1.01", "camera", NULL), ==, 0);

  /* evidence travels with the case; above 20 MB it is refused */
  {
    g_autofree char *scan = store_fixture_build_path (&f->base, "statement.txt");
    g_autofree char *big = store_fixture_build_path (&f->base, "video.bin");
    g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "end-user statement", -1);
    g_autoptr(GError) error = NULL;
    FILE *stream;

    g_file_set_contents (scan, "end-user statement", -1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cli (f, "attach", case_id, "S1.01", scan, NULL), ==, 0);
    g_assert_true (g_str_has_prefix (f->out, sha));

    stream = fopen (big, "w");
    g_assert_nonnull (stream);
    g_assert_cmpint (ftruncate (fileno (stream), 21 * 1024 * 1024), ==, 0);
    fclose (stream);
    g_assert_cmpint (cli (f, "attach", case_id, "S1.01", big, NULL), ==, 1);
    g_assert_nonnull (strstr (f->err, "video.bin"));
    g_assert_nonnull (strstr (f->err, "20"));
  }

  if (store_fixture_on_server (&f->base))
    {
      /* Not yet: refused, saying what does it instead. */
      g_assert_cmpint (cli (f, "export", case_id, "-o", file, NULL), ==, 1);
      g_assert_nonnull (strstr (f->err, "db copy"));
      g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
      g_test_skip ("a team server exports no case file yet (db copy writes its cases to one)");
      return;
    }

  g_assert_cmpint (cli (f, "export", case_id, "-o", file, NULL), ==, 0);
  g_assert_cmpint (cli (f, "export", case_id, "-o", file, NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, file));
  g_assert_cmpint (cli (f, "history", case_id, "--json", NULL), ==, 0);
  history_a = g_strdup (f->out);

  /* Reading a case file leaves it byte for byte as it was. */
  {
    g_autofree char *db = g_steal_pointer (&f->db);
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
    before = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
    g_clear_pointer (&contents, g_free);

    f->db = g_strdup (file);
    g_assert_cmpint (cli (f, "verify", case_id, NULL), ==, 0);
    g_assert_cmpint (cli (f, "show", case_id, "--json", NULL), ==, 0);
    g_assert_cmpint (cli (f, "list", NULL), ==, 0);
    g_assert_cmpint (cli (f, "history", case_id, NULL), ==, 0);

    g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
    after = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
    g_assert_cmpstr (before, ==, after);

    g_free (f->db);
    f->db = g_steal_pointer (&db);
  }

  g_free (f->db);
  f->db = g_strdup (other_db);
  g_assert_cmpint (cli (f, "import", file, NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "imported"));
  g_assert_cmpint (cli (f, "import", file, NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "nothing changed"));
  g_assert_cmpint (cli (f, "history", case_id, "--json", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, history_a);
  g_assert_cmpint (cli (f, "verify", case_id, NULL), ==, 0);
}

static void
test_bad_database (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!store_fixture_needs_file (&f->base, "file that is not a database"))
    return;

  g_file_set_contents (f->db, "not a database\n", -1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (cli (f, "list", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, f->db));
  g_assert_nonnull (strstr (f->err, "not a Probity database"));

  g_assert_cmpint (cli (f, "new", "--customer", "Initech", "--product", "EyeCam",
                        "--questionnaire", f->questionnaire, NULL), ==, 1);
  g_assert_cmpint (cli (f, "frobnicate", NULL), ==, 2);
}

/* `case new` carries what it is given into the answers as the new-case
 * dialog does (one code path, pb_workflow_carry_case_facts()): the country
 * into S0.02, the family, capabilities (codes or names) and entity type,
 * each with a comment saying where it comes from; what no question takes
 * ("unknown") is left out. A reused customer brings its own record. */
static void
test_new_carries_facts (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonNode) show = NULL;
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *case_id = NULL;
  g_autofree char *second = NULL;
  JsonArray *list;

  g_assert_cmpint (cli (f, "new", "--customer", "Guilin PSB", "--country", "CN", "--entity-type", "police",
                        "--product", "Q6155-E", "--family", "camera", "--capabilities", "live-video, Recording ,",
                        NULL), ==, 0);
  case_id = g_strstrip (g_strdup (f->out));

  g_assert_cmpint (cli (f, "show", case_id, "--json", NULL), ==, 0);
  show = parse_out (f);
  list = json_object_get_array_member (json_node_get_object (show), "answer_list");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *answer = json_array_get_object_element (list, i);

      g_hash_table_insert (values, g_strdup (json_object_get_string_member (answer, "question")),
                           json_to_string (json_object_get_member (answer, "value"), FALSE));
      g_assert_nonnull (strstr (json_object_get_string_member (answer, "comment"), "customer and product records"));
    }
  g_assert_cmpstr (g_hash_table_lookup (values, "S0.02"), ==, "\"CN\"");
  g_assert_cmpstr (g_hash_table_lookup (values, "S1.02"), ==, "\"camera\"");
  g_assert_cmpstr (g_hash_table_lookup (values, "S1.03"), ==, "[\"live-video\",\"recording\"]");
  g_assert_cmpstr (g_hash_table_lookup (values, "S3.02"), ==, "\"police\"");
  g_assert_cmpuint (g_hash_table_size (values), ==, 4);

  /* The same customer and product again: their records answer. */
  g_assert_cmpint (cli (f, "new", "--customer", "Guilin PSB", "--product", "Q6155-E", NULL), ==, 0);
  second = g_strstrip (g_strdup (f->out));
  g_clear_pointer (&show, json_node_unref);
  g_assert_cmpint (cli (f, "show", second, "--json", NULL), ==, 0);
  show = parse_out (f);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (show), "answers"), ==, 4);

  /* An entity type no record takes is refused, naming it, and nothing is
   * saved: no customer "Initech", no product "Lens 9", no case. */
  g_assert_cmpint (cli (f, "new", "--customer", "Initech", "--country", "DE", "--entity-type", "government",
                        "--product", "Lens 9", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "“government”"));
  g_assert_cmpint (cli (f, "list", "--json", "--customer", "Initech", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (f->out), ==, "[]");
  g_assert_cmpint (cli (f, "list", "--json", NULL), ==, 0);
  g_clear_pointer (&show, json_node_unref);
  show = parse_out (f);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (show)), ==, 2);
}

/* How many customers named @customer and products named @product the
 * database holds, read past the store (on a server as its superuser, who
 * sees every team's). */
static gint64
count_records (Fixture    *f,
               const char *customer,
               const char *product)
{
  g_autofree char *sql = g_strdup_printf ("SELECT (SELECT count(*) FROM %1$scustomers WHERE name = '%2$s')"
                                          " + (SELECT count(*) FROM %1$sproducts WHERE name = '%3$s')",
                                          store_fixture_on_server (&f->base) ? "probity." : "", customer, product);
  g_autofree char *value = NULL;

  if (!store_fixture_on_server (&f->base))
    return store_sqlite_int (f->base.path, sql);
  value = store_server_query (f->base.server, f->base.database, sql);

  return g_ascii_strtoll (value, NULL, 10);
}

/* A new case's customer and product are recorded in the case's own
 * transaction: a case refused after they were written (the reference
 * data it pins cannot be read), or on a server whose connection is cut
 * there (a trigger ends the session: the store connects again and tries
 * again, cut each time), leaves neither behind. Then it goes through. */
static void
test_new_leaves_nothing (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *first = new_case (f, "Acme Security Ltd");
  g_autofree char *second = NULL;
  g_autofree char *missing = g_build_filename (f->base.dir, "no-such-countries.json", NULL);

  g_setenv ("PROBITY_COUNTRIES", missing, TRUE);
  g_assert_cmpint (cli (f, "new", "--customer", "Orphan Ltd", "--country", "FR", "--product", "Orphan Cam",
                        "--questionnaire", f->questionnaire, NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "no-such-countries.json"));
  g_assert_cmpint (count_records (f, "Orphan Ltd", "Orphan Cam"), ==, 0);
  /* A known customer with a new product: the product goes too. */
  g_assert_cmpint (cli (f, "new", "--customer", "Acme Security Ltd", "--product", "Orphan Cam",
                        "--questionnaire", f->questionnaire, NULL), ==, 1);
  g_assert_cmpint (count_records (f, "Acme Security Ltd", "Orphan Cam"), ==, 1);
  g_unsetenv ("PROBITY_COUNTRIES");

  if (store_fixture_on_server (&f->base))
    {
      store_server_exec (f->base.server, f->base.database,
                         "CREATE FUNCTION probity.test_cut () RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER"
                         " AS $$ BEGIN PERFORM pg_terminate_backend (pg_backend_pid ()); RETURN NEW; END $$;"
                         "CREATE TRIGGER test_cut BEFORE INSERT ON probity.cases"
                         " FOR EACH ROW EXECUTE FUNCTION probity.test_cut ()");
      g_assert_cmpint (cli (f, "new", "--customer", "Orphan Ltd", "--country", "FR", "--product", "Orphan Cam",
                            "--questionnaire", f->questionnaire, NULL), ==, 1);
      g_assert_cmpint (count_records (f, "Orphan Ltd", "Orphan Cam"), ==, 0);
      store_server_exec (f->base.server, f->base.database, "DROP TRIGGER test_cut ON probity.cases");
    }

  second = new_case (f, "Orphan Ltd");
  g_assert_cmpstr (first, !=, second);
  g_assert_cmpint (count_records (f, "Orphan Ltd", "EyeCam"), ==, 2);
}

/* The character offset of @needle in @line, which holds it. */
static glong
offset_of (const char *line,
           const char *needle)
{
  const char *at = strstr (line, needle);

  g_assert_nonnull (at);

  return g_utf8_pointer_to_offset (line, at);
}

/* A customer's or product's name wider than its column is cut to fit
 * with an ellipsis: the columns after it stay under their headings, for
 * a short name and a long one (its letters not all ASCII) alike. */
static void
test_list_columns (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *short_case = new_case (f, "Acme");
  g_autofree char *long_case = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (cli (f, "new", "--customer", "Überwachungstechnik Großhandel Nord GmbH", "--country", "DE",
                        "--product", "EyeCam Ultra Panorama 4K Outdoor", "--questionnaire", f->questionnaire, NULL),
                   ==, 0);
  long_case = g_strstrip (g_strdup (f->out));
  g_assert_cmpint (cli (f, "list", NULL), ==, 0);
  lines = g_strsplit (f->out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);

  for (guint i = 1; i < 3; i++)
    {
      gboolean is_long = g_str_has_prefix (lines[i], long_case);

      g_test_message ("%s", lines[i]);
      g_assert_true (is_long || g_str_has_prefix (lines[i], short_case));
      g_assert_cmpint (offset_of (lines[i], is_long ? " DE " : " GB "), ==, offset_of (lines[0], " CC "));
      g_assert_cmpint (offset_of (lines[i], " draft "), ==, offset_of (lines[0], " STATUS "));
      g_assert_true (!is_long || strstr (lines[i], "Überwachungstechnik Gro… ") != NULL);
      g_assert_true (!is_long || strstr (lines[i], "EyeCam Ultra Panora… ") != NULL);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pb/store-cli/lifecycle", Fixture, NULL, fixture_set_up, test_lifecycle, fixture_tear_down);
  g_test_add ("/pb/store-cli/sent-back", Fixture, NULL, fixture_set_up, test_sent_back, fixture_tear_down);
  g_test_add ("/pb/store-cli/list-columns", Fixture, NULL, fixture_set_up, test_list_columns, fixture_tear_down);
  g_test_add ("/pb/store-cli/case-files", Fixture, NULL, fixture_set_up, test_case_files, fixture_tear_down);
  g_test_add ("/pb/store-cli/bad-database", Fixture, NULL, fixture_set_up, test_bad_database, fixture_tear_down);
  g_test_add ("/pb/store-cli/new-carries-facts", Fixture, NULL, fixture_set_up, test_new_carries_facts, fixture_tear_down);
  g_test_add ("/pb/store-cli/new-leaves-nothing", Fixture, NULL, fixture_set_up, test_new_leaves_nothing, fixture_tear_down);

  return g_test_run ();
}
