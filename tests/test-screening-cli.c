/* test-screening-cli.c: probity-cli lists and screen, run as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "store-fixture.h"

typedef struct
{
  StoreFixture  base;
  char         *out;
  char         *err;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  store_fixture_set_up (&f->base, STORE_FIXTURE_NO_STORE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->out);
  g_free (f->err);
  store_fixture_tear_down (&f->base, data);
}

/* probity-cli ARGS... --db f->base.path as "tester"; the exit status. */
#define cli(f, ...) store_cli ((f)->base.path, "tester", NULL, &(f)->out, &(f)->err, __VA_ARGS__)

static JsonObject *
parse_json (const char  *text,
            JsonParser **parser)
{
  g_autoptr(GError) error = NULL;

  *parser = json_parser_new ();
  json_parser_load_from_data (*parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_get_object (json_parser_get_root (*parser));
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *eu = g_test_build_filename (G_TEST_DIST, "data", "screening", "eu-fsf.xml", NULL);
  g_autofree char *un = g_test_build_filename (G_TEST_DIST, "data", "screening", "un-sc.xml", NULL);
  g_autofree char *csl = g_test_build_filename (G_TEST_DIST, "data", "screening", "us-csl.csv", NULL);
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root, *hit;
  JsonArray *hits, *editions;

  /* No database, then a database without lists: screening refuses rather
   * than answer "no hit". */
  g_assert_cmpint (cli (f, "screen", "Osama bin Ladin", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "cases.db"));
  g_assert_cmpint (cli (f, "lists", "import", "--format", "uk-fcdo-xml", eu, NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "eu-fsf.xml"));
  g_assert_cmpint (cli (f, "screen", "Osama bin Ladin", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "no list is imported"));
  g_assert_cmpint (cli (f, "lists", "status", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "No list imported yet"));

  g_assert_cmpint (cli (f, "lists", "import", eu, NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "3 entries"));
  g_assert_cmpint (cli (f, "lists", "import", "--format", "un-sc-xml", un, NULL), ==, 0);
  g_assert_cmpint (cli (f, "lists", "import", "--published", "2026-11-21", csl, NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "published 2026-11-21"));

  /* The same file again, a file of another format than named, a missing file. */
  g_assert_cmpint (cli (f, "lists", "import", eu, NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "imported before"));
  g_assert_cmpint (cli (f, "lists", "import", "/nonexistent/list.xml", NULL), ==, 1);
  g_assert_cmpint (cli (f, "lists", "import", "--role", "auditor", un, NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "auditor"));
  g_assert_cmpint (cli (f, "lists", "import", "--format", "nonsense", eu, NULL), ==, 1);

  g_assert_cmpint (cli (f, "lists", "status", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "eu-fsf"));
  g_assert_nonnull (strstr (f->out, "un-sc"));
  g_assert_cmpint (cli (f, "lists", "status", "--json", "--max-age", "100000", NULL), ==, 0);
  root = parse_json (f->out, &parser);
  editions = json_object_get_array_member (root, "editions");
  g_assert_cmpuint (json_array_get_length (editions), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "stale")), ==, 0);
  g_clear_object (&parser);

  g_assert_cmpint (cli (f, "screen", "أسامة بن لادن", "--json", NULL), ==, 0);
  root = parse_json (f->out, &parser);
  hits = json_object_get_array_member (root, "hits");
  g_assert_cmpuint (json_array_get_length (hits), ==, 1);
  hit = json_array_get_object_element (hits, 0);
  g_assert_cmpstr (json_object_get_string_member (hit, "list"), ==, "un-sc");
  g_assert_cmpstr (json_object_get_string_member (hit, "source_id"), ==, "QDi.004");
  g_assert_cmpuint (strlen (json_object_get_string_member (hit, "entry_sha256")), ==, 64);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (hit, "tokens")), >, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "editions")), ==, 3);
  g_clear_object (&parser);

  /* A German exporter's own spelling of a listed person: the EU lists him
   * as Yevgeniy Viktorovich PRIGOZHIN. */
  g_assert_cmpint (cli (f, "screen", "Jewgeni Prigoschin", "--json", NULL), ==, 0);
  root = parse_json (f->out, &parser);
  hits = json_object_get_array_member (root, "hits");
  hit = NULL;
  for (guint i = 0; i < json_array_get_length (hits); i++)
    {
      JsonObject *candidate = json_array_get_object_element (hits, i);

      if (g_strcmp0 (json_object_get_string_member (candidate, "source_id"), "EU.7536.88") == 0)
        hit = candidate;
    }
  g_assert_nonnull (hit);
  g_assert_cmpstr (json_object_get_string_member (hit, "list"), ==, "eu-fsf");
  g_assert_cmpfloat (json_object_get_double_member (hit, "score"), >=, 0.85);
  g_clear_object (&parser);

  g_assert_cmpint (cli (f, "screen", "Hikvision", "--country", "CN", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Entity List (EL)"));
  g_assert_nonnull (strstr (f->out, "the party’s country"));

  g_assert_cmpint (cli (f, "screen", "Ivan Petrov", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "No entry scores"));

  g_assert_cmpint (cli (f, "screen", "X", "--country", "Atlantis", NULL), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pb/screening/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);

  return g_test_run ();
}
