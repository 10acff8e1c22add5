/* test-screening-cli.c: probity-cli lists and screen, run as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

typedef struct
{
  char *dir;
  char *db;
  char *out;
  char *err;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pb-screening-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "cases.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->out);
  g_free (f->err);
}

/* Runs probity-cli ARGS... --db f->db; returns the exit status. */
static int
cli (Fixture    *f,
     const char *first,
     ...)
{
  g_autofree char *program = g_build_filename (g_getenv ("PB_BUILD_ROOT"), "app", "cli", "probity-cli", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "PROBITY_USER", "tester", TRUE);
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, program);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, f->db);
  g_ptr_array_add (argv, NULL);

  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &f->out, &f->err, &status, &error);
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

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
