/* test-answers.c: answers, answer sets and their checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pb-answer-set.h"
#include "pb-json.h"

static PbQuestionnaire *
load_fixture (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "core", "eval.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PbQuestionnaire *questionnaire;

  questionnaire = pb_questionnaire_new_from_file (file, &error);
  g_assert_no_error (error);

  return questionnaire;
}

typedef struct
{
  const char   *json;
  PbAnswerKind  kind;
  const char   *canonical;
} ValueCase;

static const ValueCase value_cases[] = {
  { "\"yes\"",              PB_ANSWER_STRING,  "\"yes\"" },
  { "\"unknown\"",          PB_ANSWER_UNKNOWN, "\"unknown\"" },
  { "\"Fish \\\"&\\\" chips\"", PB_ANSWER_STRING, "\"Fish \\\"&\\\" chips\"" },
  { "[\"b\", \"a\", \"b\"]", PB_ANSWER_CODES,   "[\"a\",\"b\"]" },
  { "[]",                   PB_ANSWER_CODES,   "[]" },
  { "12",                   PB_ANSWER_NUMBER,  "12" },
  { "12.50",                PB_ANSWER_NUMBER,  "12.5" },
  { "0.1",                  PB_ANSWER_NUMBER,  "0.1" },
  { "-3e-7",                PB_ANSWER_NUMBER,  "-3e-07" },
  { "1e21",                 PB_ANSWER_NUMBER,  "1e+21" },
  { "22000",                PB_ANSWER_NUMBER,  "22000" },
  { "3e4",                  PB_ANSWER_NUMBER,  "30000" },
  { "-1000000",             PB_ANSWER_NUMBER,  "-1000000" },
  /* above 2^53 a canonical whole number reads back when a double holds it
   * exactly (found by fuzz-answers) */
  { "9.274444444580844e15", PB_ANSWER_NUMBER,  "9274444444580844" },
  { "9007199254740994",     PB_ANSWER_NUMBER,  "9007199254740994" },
};

/* Canonical JSON is what history hashes cover: it must not depend on the
 * order or spelling the answer came in, and must read back equal. */
static void
test_value_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (value_cases); i++)
    {
      const ValueCase *c = &value_cases[i];
      g_autoptr(PbAnswer) answer = NULL;
      g_autoptr(PbAnswer) again = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *canonical = NULL;

      answer = pb_answer_new_from_json (c->json, &error);
      g_assert_no_error (error);
      g_assert_cmpint (pb_answer_get_kind (answer), ==, c->kind);

      canonical = pb_answer_to_json (answer);
      g_assert_cmpstr (canonical, ==, c->canonical);

      again = pb_answer_new_from_json (canonical, &error);
      g_assert_no_error (error);
      g_assert_true (pb_answer_equal (answer, again));
    }
}

static void
test_value_accessors (void)
{
  const char * const codes[] = { "trait", "basic", "trait", NULL };
  g_autoptr(PbAnswer) set = pb_answer_new_codes (codes);
  g_autoptr(PbAnswer) single = pb_answer_new_string ("camera");
  g_autoptr(PbAnswer) number = pb_answer_new_number (4.25);
  g_autoptr(PbAnswer) unknown = pb_answer_new_unknown ();
  g_autoptr(PbAnswer) copy = NULL;

  g_assert_cmpstr (pb_answer_get_codes (set)[0], ==, "basic");
  g_assert_cmpstr (pb_answer_get_codes (set)[1], ==, "trait");
  g_assert_null (pb_answer_get_codes (set)[2]);
  g_assert_true (pb_answer_has_code (set, "trait"));
  g_assert_false (pb_answer_has_code (set, "identify"));
  g_assert_true (pb_answer_has_code (single, "camera"));
  g_assert_false (pb_answer_has_code (number, "4.25"));
  g_assert_cmpfloat (pb_answer_get_number (number), ==, 4.25);
  g_assert_null (pb_answer_get_string (number));
  g_assert_true (pb_answer_is_unknown (unknown));
  g_assert_false (pb_answer_equal (single, unknown));
  g_assert_false (pb_answer_equal (number, NULL));

  copy = g_boxed_copy (PB_TYPE_ANSWER, number);
  g_assert_true (copy == number);
  pb_answer_unref (g_steal_pointer (&copy));
}

static void
test_value_errors (void)
{
  static const char * const bad[] = { "true", "null", "{\"a\": 1}", "[1, 2]", "[[\"a\"]]", "nope" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(PbAnswer) answer = NULL;
      g_autoptr(GError) error = NULL;

      answer = pb_answer_new_from_json (bad[i], &error);
      g_assert_null (answer);
      g_assert_nonnull (error);
      g_assert_true (error->domain == PB_CORE_ERROR);
    }
}

typedef struct
{
  const char *question;
  const char *json;
  const char *message;   /* NULL: accepted */
} CheckCase;

static const CheckCase check_cases[] = {
  { "P1", "\"camera\"",       NULL },
  { "P1", "\"unknown\"",      NULL },
  { "P1", "\"drone\"",        "question P1: \"drone\" is not one of its choices (camera, spyware, analytics)" },
  { "P1", "[\"camera\"]",     "question P1: [\"camera\"] is not a single choice code" },
  { "P2", "[\"basic\", \"trait\"]", NULL },
  { "P2", "[]",               NULL },
  { "P2", "[\"basic\", \"laser\"]", "question P2: \"laser\" is not one of its choices" },
  { "P2", "\"basic\"",        "question P2: \"basic\" is not a list of choice codes" },
  { "P3", "\"no\"",           NULL },
  { "P3", "\"maybe\"",        "question P3: \"maybe\" is not an answer to a yes/no question (expected \"yes\", \"no\" or \"unknown\")" },
  { "P4", "100",              NULL },
  { "P4", "100.5",            "question P4: 100.5 is out of range (0 to 100)" },
  { "P4", "-1",               "question P4: -1 is out of range" },
  { "P4", "\"7\"",            "question P4: \"7\" is not a number" },
  { "P5", "\"unknown\"",      "question P5: \"unknown\" is not an accepted answer" },
  { "P5", "\"Yes\"",          "question P5: \"Yes\" is not an answer to a yes/no question (expected \"yes\" or \"no\")" },
  { "C2", "\"CN\"",           NULL },
  { "C2", "\"cn\"",           "question C2: \"cn\" is not a country code" },
  { "C2", "\"CHN\"",          "question C2: \"CHN\" is not a country code" },
  /* Two capital letters are not yet a country (red team R-05). */
  { "C2", "\"GB\"",           NULL },
  { "C2", "\"UK\"",           "question C2: UK is not an ISO 3166-1 country code; use GB" },
  { "C2", "\"EL\"",           "question C2: EL is not an ISO 3166-1 country code; use GR" },
  { "C2", "\"EU\"",           "question C2: EU is not an assigned ISO 3166-1 country code" },
  { "C2", "\"XK\"",           "question C2: XK is not an assigned ISO 3166-1 country code" },
  { "C2", "\"unknown\"",      "question C2: \"unknown\" is not an accepted answer" },
};

static void
test_check_answer (void)
{
  g_autoptr(PbQuestionnaire) questionnaire = load_fixture ();

  for (guint i = 0; i < G_N_ELEMENTS (check_cases); i++)
    {
      const CheckCase *c = &check_cases[i];
      PbQuestion *question = pb_questionnaire_lookup_question (questionnaire, c->question);
      g_autoptr(PbAnswer) answer = pb_answer_new_from_json (c->json, NULL);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_assert_nonnull (answer);
      ok = pb_question_check_answer (question, answer, &error);

      if (c->message == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER);
          if (!g_str_has_prefix (error->message, c->message))
            g_error ("%s = %s: expected “%s…”, got “%s”", c->question, c->json, c->message, error->message);
        }
    }
}

/* Dates need a text question of type date: build one inline. */
static void
test_check_date (void)
{
  static const char xml[] =
    "<questionnaire id=\"d\" version=\"1\"><title>T</title><section id=\"S\"><title>S</title>"
    "<question id=\"D1\" type=\"date\"><label>L</label><help>H</help><ref>R</ref></question>"
    "<question id=\"T1\" type=\"long-text\"><label>L</label><help>H</help><ref>R</ref></question>"
    "</section></questionnaire>";
  static const struct { const char *value; gboolean ok; } dates[] = {
    { "2026-11-26", TRUE }, { "2024-02-29", TRUE }, { "2023-02-29", FALSE },
    { "2026-13-01", FALSE }, { "26-11-2026", FALSE }, { "2026-1-05", FALSE }, { "", FALSE },
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (xml, sizeof xml - 1);
  g_autoptr(PbQuestionnaire) questionnaire = pb_questionnaire_new_from_bytes (bytes, "d.xml", NULL);
  PbQuestion *date = pb_questionnaire_lookup_question (questionnaire, "D1");
  PbQuestion *text = pb_questionnaire_lookup_question (questionnaire, "T1");
  g_autoptr(PbAnswer) empty = pb_answer_new_string ("");
  g_autoptr(PbAnswer) story = pb_answer_new_string ("Line one\nline two");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autoptr(PbAnswer) answer = pb_answer_new_string (dates[i].value);
      g_autoptr(GError) date_error = NULL;

      g_assert_cmpint (pb_question_check_answer (date, answer, &date_error), ==, dates[i].ok);
      if (!dates[i].ok)
        g_assert_true (g_str_has_prefix (date_error->message, "question D1: \""));
    }

  g_assert_true (pb_question_check_answer (text, story, NULL));
  g_assert_false (pb_question_check_answer (text, empty, &error));
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER);
}

static void
test_parse_and_format (void)
{
  g_autoptr(PbQuestionnaire) questionnaire = load_fixture ();
  static const struct { const char *question; const char *text; const char *json; const char *formatted; } cases[] = {
    { "P1", "spyware",         "\"spyware\"",          "Intrusion software" },
    { "P1", "Unknown",         "\"unknown\"",          "Unknown" },
    { "P2", "trait, basic",    "[\"basic\",\"trait\"]", "Recording, Ethnicity classification" },
    { "P2", "",                "[]",                   "None" },
    { "P3", "YES",             "\"yes\"",              "Yes" },
    { "P4", " 12.5 ",          "12.5",                 "12.5" },
    { "C2", "cn",              "\"CN\"",               "China (CN)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PbQuestion *question = pb_questionnaire_lookup_question (questionnaire, cases[i].question);
      g_autoptr(PbAnswer) answer = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;
      g_autofree char *formatted = NULL;

      answer = pb_question_parse_answer (question, cases[i].text, &error);
      g_assert_no_error (error);
      json = pb_answer_to_json (answer);
      g_assert_cmpstr (json, ==, cases[i].json);
      formatted = pb_question_format_answer (question, answer);
      g_assert_cmpstr (formatted, ==, cases[i].formatted);
    }

  {
    g_autoptr(PbAnswer) answer = NULL;
    g_autoptr(GError) error = NULL;

    answer = pb_question_parse_answer (pb_questionnaire_lookup_question (questionnaire, "P4"), "12 sites", &error);
    g_assert_null (answer);
    g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER);
    g_assert_cmpstr (error->message, ==, "question P4: “12 sites” is not a number");
  }

  {
    g_autoptr(PbAnswer) answer = NULL;
    g_autoptr(GError) error = NULL;

    answer = pb_question_parse_answer (pb_questionnaire_lookup_question (questionnaire, "C2"), "uk", &error);
    g_assert_null (answer);
    g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER);
    g_assert_cmpstr (error->message, ==, "question C2: UK is not an ISO 3166-1 country code; use GB");
  }
}

static void
changed_cb (PbAnswerSet *set,
            const char  *question_id,
            GPtrArray   *seen)
{
  g_ptr_array_add (seen, g_strdup (question_id));
}

static void
test_set_round_trip (void)
{
  static const char json[] =
    "{\"answers\": {\"P4\": 12.0, \"P2\": [\"trait\", \"basic\"], \"C2\": \"CN\", \"P1\": \"unknown\"},"
    " \"questionnaire\": \"test-eval\"}";
  static const char canonical[] =
    "{\n"
    "  \"questionnaire\": \"test-eval\",\n"
    "  \"answers\": {\n"
    "    \"C2\": \"CN\",\n"
    "    \"P1\": \"unknown\",\n"
    "    \"P2\": [\"basic\",\"trait\"],\n"
    "    \"P4\": 12\n"
    "  }\n"
    "}\n";
  g_autoptr(PbQuestionnaire) questionnaire = load_fixture ();
  g_autoptr(PbAnswerSet) set = NULL;
  g_autoptr(PbAnswerSet) again = NULL;
  g_autoptr(PbAnswerSet) empty = pb_answer_set_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PbAnswer) yes = pb_answer_new_string ("yes");
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  g_autofree char *empty_text = NULL;
  g_auto(GStrv) ids = NULL;

  set = pb_answer_set_new_from_json (json, -1, "a.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_answer_set_get_questionnaire_id (set), ==, "test-eval");
  g_assert_cmpuint (pb_answer_set_get_size (set), ==, 4);
  g_assert_true (pb_answer_set_validate (set, questionnaire, &error));
  g_assert_no_error (error);

  text = pb_answer_set_to_json (set, NULL);
  g_assert_cmpstr (text, ==, canonical);

  again = pb_answer_set_new_from_json (text, -1, "b.json", &error);
  g_assert_no_error (error);
  text_again = pb_answer_set_to_json (again, NULL);
  g_assert_cmpstr (text_again, ==, text);

  ids = pb_answer_set_dup_ids (set);
  g_assert_cmpstrv (ids, ((const char * const[]) { "C2", "P1", "P2", "P4", NULL }));

  g_signal_connect (set, "changed", G_CALLBACK (changed_cb), seen);
  pb_answer_set_insert (set, "P3", yes);
  pb_answer_set_insert (set, "P3", yes);   /* unchanged: no signal */
  g_assert_true (pb_answer_set_remove (set, "C2"));
  g_assert_false (pb_answer_set_remove (set, "C2"));
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "P3");
  g_assert_cmpstr (g_ptr_array_index (seen, 1), ==, "C2");
  g_assert_true (pb_answer_equal (pb_answer_set_lookup (set, "P3"), yes));
  g_assert_null (pb_answer_set_lookup (set, "C2"));

  empty_text = pb_answer_set_to_json (empty, "x");
  g_assert_cmpstr (empty_text, ==, "{\n  \"questionnaire\": \"x\",\n  \"answers\": {}\n}\n");
}

typedef struct
{
  const char  *json;
  PbCoreError  code;
  const char  *message;
} SetErrorCase;

static const SetErrorCase set_error_cases[] = {
  { "{\"answers\": {", PB_CORE_ERROR_PARSE, "a.json:1:" },
  { "{\"answers\": {}}\nhello", PB_CORE_ERROR_PARSE, "a.json:2:" },
  { "[]", PB_CORE_ERROR_PARSE, "a.json: expected a JSON object" },
  { "{\"questionnaire\": \"q\"}", PB_CORE_ERROR_PARSE, "a.json: \"answers\" must be an object" },
  { "{\"questionnaire\": 3, \"answers\": {}}", PB_CORE_ERROR_PARSE, "a.json: \"questionnaire\" must be a string" },
  { "{\"answers\": {}, \"extra\": 1}", PB_CORE_ERROR_PARSE, "a.json: unknown member \"extra\"" },
  { "{\"answers\": {\"P3\": true}}", PB_CORE_ERROR_ANSWER, "a.json: answer to question P3: true is not an answer" },
  { "{\"answers\": {\"P2\": [\"a\", 1]}}", PB_CORE_ERROR_ANSWER, "a.json: answer to question P2: [\"a\",1] is not an answer" },
  /* What json-glib would have taken silently, changed or crashed on */
  { "", PB_CORE_ERROR_PARSE, "a.json:1:1: the file is empty" },
  { "  \n ", PB_CORE_ERROR_PARSE, "a.json:2:2: the file holds no JSON value" },
  { "{\"answers\": {\"P4\": 123456789012345678901234567890}}", PB_CORE_ERROR_PARSE,
    "a.json:1:20: /answers/P4: the number 123456789012345678901234567890 is too large (at most 9223372036854775807)" },
  { "{\"answers\": {\"P4\": 18446744073709551615}}", PB_CORE_ERROR_PARSE,
    "a.json:1:20: /answers/P4: the number 18446744073709551615 is too large" },
  { "{\"answers\": {\"P4\": 9007199254740993}}", PB_CORE_ERROR_ANSWER,
    "a.json: answer to question P4: 9007199254740993 cannot be kept exactly (the nearest number that can is 9007199254740992)" },
  { "{\"answers\": {\"P4\": 9223372036854775807}}", PB_CORE_ERROR_ANSWER,
    "a.json: answer to question P4: 9223372036854775807 cannot be kept exactly (the nearest number that can is 9223372036854775808)" },
  { "{\"answers\": {\"P4\": 1e400}}", PB_CORE_ERROR_PARSE, "a.json:1:20: /answers/P4: the number 1e400 is too large" },
  { "{\"answers\": {\"P4\": 1e-400}}", PB_CORE_ERROR_PARSE,
    "a.json:1:20: /answers/P4: the number 1e-400 is too small to be told from 0" },
  { "{\"answers\": {\"P5\": \"ok\\u0000; drop\"}}", PB_CORE_ERROR_PARSE,
    "a.json:1:23: /answers/P5: \\u0000 (a NUL character) is not allowed in a string" },
  { "{\"answers\": {\"P5\": \"\\udc00\"}}", PB_CORE_ERROR_PARSE,
    "a.json:1:21: /answers/P5: \\uDC00 is the second half of a surrogate pair without the first" },
  { "{\"answers\": {\"P5\": \"\\ud800x\"}}", PB_CORE_ERROR_PARSE,
    "a.json:1:21: /answers/P5: \\uD800 is the first half of a surrogate pair without the second" },
  { "{\"answers\": {\"P1\": \"camera\",\n \"P1\": \"spyware\"}}", PB_CORE_ERROR_PARSE,
    "a.json:2:2: /answers: the member “P1” is given twice" },
  { "{\"answers\": {\"P4\": 0x10}}", PB_CORE_ERROR_PARSE,
    "a.json:1:20: /answers/P4: invalid number “0x10”: JSON numbers are decimal" },
  { "{\"answers\": {\"P4\": 010}}", PB_CORE_ERROR_PARSE,
    "a.json:1:20: /answers/P4: invalid number “010”: a number may not start with 0" },
  { "{\"answers\": {\"P4\": -}}", PB_CORE_ERROR_PARSE,
    "a.json:1:20: /answers/P4: invalid number “-”: a minus sign needs digits after it" },
  { "{\"answers\": {\"P4\": 1.e5}}", PB_CORE_ERROR_PARSE,
    "a.json:1:20: /answers/P4: invalid number “1.e5”: a decimal point needs digits after it" },
  { "{\"answers\": {\"P4\": .5}}", PB_CORE_ERROR_PARSE, "a.json:1:20: /answers/P4: expected a value but found “.”" },
  { "{'answers': {}}", PB_CORE_ERROR_PARSE, "a.json:1:2: a member name must be in double quotes" },
  { "{\"answers\": {} /* note */}", PB_CORE_ERROR_PARSE, "a.json:1:16: /answers: expected “,” or “}”" },
  { "{\"answers\": {\"P1\": \"camera\",}}", PB_CORE_ERROR_PARSE, "a.json:1:29: /answers: a comma must be followed by another value" },
  { "{\"answers\": {\"P5\": \"tab\there\"}}", PB_CORE_ERROR_PARSE,
    "a.json:1:24: /answers/P5: a control character (U+0009) must be written as an escape in a string" },
  { "{\"answers\": {\"P5\": \"caf\xe9\"}}", PB_CORE_ERROR_PARSE, "a.json:1:24: the file is not valid UTF-8" },
  { "{\"answers\": {\"P5\": \"x\\q\"}}", PB_CORE_ERROR_PARSE, "a.json:1:22: /answers/P5: invalid escape in a string" },
};

static void
test_set_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (set_error_cases); i++)
    {
      const SetErrorCase *c = &set_error_cases[i];
      g_autoptr(PbAnswerSet) set = NULL;
      g_autoptr(GError) error = NULL;

      set = pb_answer_set_new_from_json (c->json, -1, "a.json", &error);
      g_assert_null (set);
      g_assert_error (error, PB_CORE_ERROR, (int) c->code);
      if (!g_str_has_prefix (error->message, c->message))
        g_error ("%s: expected “%s…”, got “%s”", c->json, c->message, error->message);
    }
}

/* The crash: 200,000 nested arrays overflowed json-glib's recursion. */
static void
test_set_deep (void)
{
  GString *json = g_string_new ("{\"answers\": {\"P2\": ");
  g_autoptr(PbAnswerSet) set = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (json, ']');
  g_string_append (json, "}}");

  set = pb_answer_set_new_from_json (json->str, json->len, "a.json", &error);
  g_assert_null (set);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "a.json:1:82: /answers/P2/0/0/…: the values nest deeper than 64 levels");
  g_string_free (json, TRUE);
}

/* A UTF-8 byte-order mark, as Windows editors write it, is not an error. */
static void
test_set_byte_order_mark (void)
{
  static const char json[] = "\xEF\xBB\xBF{\"answers\": {\"P5\": \"ok\"}}";
  g_autoptr(PbAnswerSet) set = NULL;
  g_autoptr(GError) error = NULL;

  set = pb_answer_set_new_from_json (json, sizeof json - 1, "a.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (set, "P5")), ==, "ok");
}

/* A NUL byte in the file itself, not escaped. */
static void
test_set_nul_byte (void)
{
  static const char json[] = "{\"answers\": {\"P5\": \"ok\0; drop\"}}";
  g_autoptr(PbAnswerSet) set = NULL;
  g_autoptr(GError) error = NULL;

  set = pb_answer_set_new_from_json (json, sizeof json - 1, "a.json", &error);
  g_assert_null (set);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "a.json:1:23: the file contains a NUL byte");
}

/* Stored answer values come from case files as well: just as strict. */
static void
test_value_hostile (void)
{
  static const char * const bad[] = { "\"ok\\u0000; drop\"", "\"\\udfff\"", "18446744073709551616",
                                      "9007199254740993", "", "[\"a\"] [\"b\"]" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(PbAnswer) answer = NULL;
      g_autoptr(GError) error = NULL;

      answer = pb_answer_new_from_json (bad[i], &error);
      g_assert_null (answer);
      g_assert_nonnull (error);
      g_assert_true (error->domain == PB_CORE_ERROR);
    }
}

/* A string with nothing to decode is read without the parser: it must
 * read as the parser reads it, and anything else must go to the parser. */
static void
test_value_plain_string (void)
{
  static const struct { const char *json; gboolean plain; } cases[] = {
    { "\"yes\"", TRUE },
    { "\"\"", TRUE },
    { "\"unknown\"", TRUE },
    { "\"Malmö, 上海市公安局 / Zürich\"", TRUE },
    { "\"a \\\"quoted\\\" word\"", FALSE },
    { "\"line\\nbreak\"", FALSE },
    { "\"\\u00e9t\xC3\xA9\"", FALSE },
    { "\"tab\there\"", FALSE },
    { "\"a\" \"b\"", FALSE },
    { " \"spaced\"", FALSE },
    { "\"spaced\" ", FALSE },
    { "\"\xEF\xBB\xBF\"", TRUE },
    { "\"\xC3\x28\"", FALSE },
    { "\"\xED\xA0\x80\"", FALSE },
    { "\"", FALSE },
    { "[\"a\", \"b\"]", FALSE },
    { "12", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize length = strlen (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) parse_error = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(PbAnswer) answer = NULL;
      g_autoptr(PbAnswer) parsed = NULL;

      g_test_message ("%s", cases[i].json);
      g_assert_cmpint (pb_json_is_plain_string (cases[i].json, length), ==, cases[i].plain);

      answer = pb_answer_new_from_json (cases[i].json, &error);
      if ((node = pb_json_parse (cases[i].json, length, "answer", &parse_error)))
        parsed = pb_answer_new_from_json_node (node, NULL);
      if (cases[i].plain)
        g_assert_nonnull (parsed);
      g_assert_true ((answer == NULL) == (parsed == NULL));
      if (answer != NULL)
        g_assert_true (pb_answer_equal (answer, parsed));
      else
        g_assert_nonnull (error);
    }
}

/* A file may write a megabyte where a number or a name is wanted: the
 * message quotes its start and its end, not all of it. */
static void
test_set_long_quotes (void)
{
  g_autofree char *digits = g_strnfill (1024 * 1024, '0');
  g_autofree char *name = g_strnfill (1024 * 1024, 'x');
  g_autofree char *large = g_strconcat ("{\"answers\": {\"P4\": 1", digits, "}}", NULL);
  g_autofree char *small = g_strconcat ("{\"answers\": {\"P4\": 0.", digits, "1}}", NULL);
  g_autofree char *twice = g_strconcat ("{\"answers\": {\"", name, "\": 1, \"", name, "\": 2}}", NULL);
  const char * const files[] = { large, small, twice };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(PbAnswerSet) set = NULL;
      g_autoptr(GError) error = NULL;

      set = pb_answer_set_new_from_json (files[i], -1, "long.json", &error);
      g_assert_null (set);
      g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE);
      g_test_message ("%.80s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "long.json:1:"));
      g_assert_cmpuint (strlen (error->message), <=, PB_MESSAGE_MAX_SIZE + 64);
      g_assert_nonnull (strstr (error->message, "…"));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      /* the end stays: what is wrong with the value */
      if (i == 0)
        g_assert_true (g_str_has_suffix (error->message, "000 is too large (at most 9223372036854775807)"));
    }
}

static void
test_set_validate (void)
{
  static const struct { const char *json; const char *message; } cases[] = {
    { "{\"answers\": {\"P1\": \"camera\", \"S9.99\": \"yes\"}}",
      "unknown question S9.99: questionnaire test-eval has no such question" },
    { "{\"answers\": {\"P1\": \"camera\", \"P4\": \"many\"}}",
      "question P4: \"many\" is not a number" },
  };
  g_autoptr(PbQuestionnaire) questionnaire = load_fixture ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PbAnswerSet) set = pb_answer_set_new_from_json (cases[i].json, -1, "a.json", NULL);
      g_autoptr(GError) error = NULL;

      g_assert_false (pb_answer_set_validate (set, questionnaire, &error));
      g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_set_from_file (void)
{
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/answers.json");
  g_autoptr(PbAnswerSet) set = NULL;
  g_autoptr(GError) error = NULL;

  set = pb_answer_set_new_from_file (missing, &error);
  g_assert_null (set);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO);
}

/* Read through pb_file_load_bounded(): no device, nothing over the limit,
 * and an empty file is an error, not a GLib critical. */
static void
test_set_from_bad_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pb-answers-XXXXXX", NULL);
  g_autofree char *empty_path = g_build_filename (dir, "empty.json", NULL);
  g_autofree char *large_path = g_build_filename (dir, "large.json", NULL);
  g_autoptr(GFile) device = g_file_new_for_path ("/dev/zero");
  g_autoptr(GFile) empty = g_file_new_for_path (empty_path);
  g_autoptr(GFile) large = g_file_new_for_path (large_path);
  g_autofree char *padding = g_malloc (PB_ANSWER_SET_MAX_SIZE + 1);
  g_autoptr(PbAnswerSet) set = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (empty_path, "", 0, NULL));
  memset (padding, ' ', PB_ANSWER_SET_MAX_SIZE + 1);
  g_assert_true (g_file_set_contents (large_path, padding, PB_ANSWER_SET_MAX_SIZE + 1, NULL));

  set = pb_answer_set_new_from_file (device, &error);
  g_assert_null (set);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO);
  g_clear_error (&error);

  set = pb_answer_set_new_from_file (large, &error);
  g_assert_null (set);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  set = pb_answer_set_new_from_file (empty, &error);
  g_assert_null (set);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE);
  g_assert_true (g_str_has_suffix (error->message, "empty.json:1:1: the file is empty"));

  g_unlink (empty_path);
  g_unlink (large_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pb/answers/value/round-trip", test_value_round_trip);
  g_test_add_func ("/pb/answers/value/accessors", test_value_accessors);
  g_test_add_func ("/pb/answers/value/errors", test_value_errors);
  g_test_add_func ("/pb/answers/check", test_check_answer);
  g_test_add_func ("/pb/answers/check-date", test_check_date);
  g_test_add_func ("/pb/answers/parse-and-format", test_parse_and_format);
  g_test_add_func ("/pb/answers/set/round-trip", test_set_round_trip);
  g_test_add_func ("/pb/answers/set/errors", test_set_errors);
  g_test_add_func ("/pb/answers/set/long-quotes", test_set_long_quotes);
  g_test_add_func ("/pb/answers/set/validate", test_set_validate);
  g_test_add_func ("/pb/answers/set/from-file", test_set_from_file);
  g_test_add_func ("/pb/answers/set/from-bad-files", test_set_from_bad_files);
  g_test_add_func ("/pb/answers/set/deep", test_set_deep);
  g_test_add_func ("/pb/answers/set/nul-byte", test_set_nul_byte);
  g_test_add_func ("/pb/answers/set/byte-order-mark", test_set_byte_order_mark);
  g_test_add_func ("/pb/answers/value/hostile", test_value_hostile);
  g_test_add_func ("/pb/answers/value/plain-string", test_value_plain_string);

  return g_test_run ();
}
