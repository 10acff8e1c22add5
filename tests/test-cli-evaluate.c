/* test-cli-evaluate.c: probity-cli questionnaires, check and evaluate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the built probity-cli as a user would and checks its exit status and
 * output; --json output is parsed.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

typedef struct
{
  char *dir;          /* a private data dir holding questionnaires/eval.xml */
  char *fixture;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_free (result->out);
  g_free (result->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *questionnaires = NULL;
  g_autofree char *copy = NULL;

  fixture->dir = g_dir_make_tmp ("pb-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->fixture = g_test_build_filename (G_TEST_DIST, "data", "core", "eval.xml", NULL);

  questionnaires = g_build_filename (fixture->dir, "questionnaires", NULL);
  g_assert_cmpint (g_mkdir (questionnaires, 0700), ==, 0);
  copy = g_build_filename (questionnaires, "eval.xml", NULL);
  g_file_get_contents (fixture->fixture, &contents, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (copy, contents, -1, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }

  g_remove (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->fixture);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

static Result
run (Fixture    *fixture,
     const char *first_arg,
     ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Result result = { 0 };
  va_list args;

  g_ptr_array_add (argv, g_build_filename (g_getenv ("PB_BUILD_ROOT"), "app", "cli", "probity-cli", NULL));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "PROBITY_DATA_DIR", fixture->dir, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, NULL, NULL, &result.out, &result.err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result.status = g_subprocess_get_exit_status (process);

  return result;
}

static void
test_check_ok (Fixture       *fixture,
               gconstpointer  data)
{
  g_auto(Result) result = run (fixture, "check", fixture->fixture, NULL);
  g_autofree char *expected = g_strdup_printf ("%s: OK (14 questions, 11 rules)\n", fixture->fixture);

  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, expected);
  g_assert_cmpstr (result.err, ==, "");
}

static void
test_check_error (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *bad = write_file (fixture, "bad.xml",
                                     "<questionnaire id=\"t\" version=\"1\">\n"
                                     "<title>T</title>\n"
                                     "<section id=\"S1\"><title>S</title>\n"
                                     "<question id=\"Q1\" type=\"yes-no\"><label>L</label><help>H</help><ref>R</ref></question>\n"
                                     "</section>\n"
                                     "<rule id=\"R1\" severity=\"high\"><when>Q1 == \"yes\" or Q2 == \"no\"</when>\n");
  g_auto(Result) result = run (fixture, "check", fixture->fixture, bad, NULL);
  g_autofree char *expected = g_strdup_printf ("%s:6:52: unknown question or condition 'Q2'\n", bad);

  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.err, ==, expected);
  /* The good file is still checked. */
  g_assert_nonnull (strstr (result.out, ": OK (14 questions"));
}

static void
test_questionnaires (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(Result) result = run (fixture, "questionnaires", NULL);
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (result.status, ==, 0);
  lines = g_strsplit (result.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "ID"));
  g_assert_true (g_regex_match_simple ("^test-eval +1\\.0 +14  Evaluation fixture$", lines[1], 0, 0));
}

static void
test_evaluate_json (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *answers = write_file (fixture, "answers.json",
                                         "{\"questionnaire\": \"test-eval\", \"answers\": {"
                                         "\"P1\": \"camera\", \"P2\": [\"trait\"], \"C1\": \"police\","
                                         " \"C2\": \"CN\", \"C3\": \"unknown\", \"C5\": \"no\"}}");
  g_auto(Result) result = run (fixture, "evaluate", "--answers", answers, "--json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *flags;
  JsonArray *missing;

  g_assert_cmpint (result.status, ==, 0);
  json_parser_load_from_data (parser, result.out, -1, &error);
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "outcome"), ==, "do-not-proceed");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "questionnaire"), "id"), ==, "test-eval");

  flags = json_object_get_array_member (root, "flags");
  g_assert_cmpuint (json_array_get_length (flags), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (flags, 0), "id"), ==, "CR-X");
  /* Likelihood 4: police, CN, and the unanswered red flag C6 counts. */
  g_assert_cmpint (json_object_get_int_member (root, "likelihood"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (flags, 1), "id"), ==, "R-TRAIT");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (flags, 1), "level"), ==, "critical");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (flags, 2), "id"), ==, "R-LIST");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (flags, 2), "from_unknown"));

  missing = json_object_get_array_member (root, "missing");
  g_assert_cmpuint (json_array_get_length (missing), ==, 0);
}

static void
test_evaluate_text (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *answers = write_file (fixture, "answers.json",
                                         "{\"answers\": {\"P1\": \"spyware\", \"P2\": [\"basic\"], \"P5\": \"no\","
                                         " \"C1\": \"private\", \"C2\": \"FR\", \"C6\": \"no\"}}");
  g_auto(Result) result = run (fixture, "evaluate", "--answers", answers, "--questionnaire", fixture->fixture, NULL);

  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, "Outcome: proceed-with-conditions (Proceed with conditions)\n"));
  g_assert_nonnull (strstr (result.out, "R-SPY  severity Critical, likelihood 1, level High\n"));
  g_assert_nonnull (strstr (result.out, "    Unlicensed intrusion software\n"));
  g_assert_nonnull (strstr (result.out, "    Rationale: Annex I items need a licence.\n"));
  g_assert_nonnull (strstr (result.out, "    Mitigation: Apply for a licence.\n"));
  g_assert_nonnull (strstr (result.out, "    References: EU 2021/821 Art. 3\n"));
  g_assert_nonnull (strstr (result.out, "    Triggered by: P1, P5\n"));
  g_assert_nonnull (strstr (result.out, "Unanswered required and gate questions (0)\n"));
  g_assert_nonnull (strstr (result.out, "GP-01  Green path\n"));
}

typedef struct
{
  const char *name;
  const char *answers;       /* NULL: no such file */
  const char *questionnaire; /* NULL: the file's */
  const char *message;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "wrong-type", "{\"questionnaire\": \"test-eval\", \"answers\": {\"P4\": \"many\"}}", NULL,
    "question P4: \"many\" is not a number" },
  { "unknown-question", "{\"questionnaire\": \"test-eval\", \"answers\": {\"S9.99\": \"yes\"}}", NULL,
    "unknown question S9.99" },
  { "not-json", "{\"answers\": ", "test-eval", "answers.json:" },
  { "no-questionnaire", "{\"answers\": {}}", NULL, "names no questionnaire" },
  { "unknown-questionnaire", "{\"questionnaire\": \"nope\", \"answers\": {}}", NULL,
    "no questionnaire with the id “nope”" },
  { "mismatch", "{\"questionnaire\": \"other\", \"answers\": {}}", "test-eval",
    "the answers are for questionnaire “other”, not “test-eval”" },
  { "missing-file", NULL, NULL, "missing.json" },
};

static void
test_evaluate_error (Fixture       *fixture,
                     gconstpointer  data)
{
  const ErrorCase *c = data;
  g_autofree char *answers = NULL;
  g_auto(Result) result = { 0 };

  if (c->answers != NULL)
    answers = write_file (fixture, "answers.json", c->answers);
  else
    answers = g_build_filename (fixture->dir, "missing.json", NULL);

  if (c->questionnaire != NULL)
    result = run (fixture, "evaluate", "--answers", answers, "--questionnaire", c->questionnaire, NULL);
  else
    result = run (fixture, "evaluate", "--answers", answers, NULL);

  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_true (g_str_has_prefix (result.err, "probity-cli: "));
  if (strstr (result.err, c->message) == NULL)
    g_error ("%s: expected “%s” in “%s”", c->name, c->message, result.err);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pb/cli/check/ok", Fixture, NULL, fixture_set_up, test_check_ok, fixture_tear_down);
  g_test_add ("/pb/cli/check/error", Fixture, NULL, fixture_set_up, test_check_error, fixture_tear_down);
  g_test_add ("/pb/cli/questionnaires", Fixture, NULL, fixture_set_up, test_questionnaires, fixture_tear_down);
  g_test_add ("/pb/cli/evaluate/json", Fixture, NULL, fixture_set_up, test_evaluate_json, fixture_tear_down);
  g_test_add ("/pb/cli/evaluate/text", Fixture, NULL, fixture_set_up, test_evaluate_text, fixture_tear_down);

  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pb/cli/evaluate/error/%s", error_cases[i].name);

      g_test_add (path, Fixture, &error_cases[i], fixture_set_up, test_evaluate_error, fixture_tear_down);
    }

  return g_test_run ();
}
