/* test-questionnaire.c: the strict loader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "pb-data.h"
#include "pb-questionnaire.h"

/* Lines 1-2 of every inline document. */
#define HEAD "<questionnaire id=\"t\" version=\"1\">\n" \
             "<title>T</title>\n"
#define YESNO(id) "<question id=\"" id "\" type=\"yes-no\"><label>L</label><help>H</help><ref>R</ref></question>\n"
#define COUNTRY(id) "<section id=\"S1\"><title>S</title>\n<question id=\"Q0\" type=\"yes-no\"><label>L</label><help>H</help><ref>R</ref></question>" \
                    "<question id=\"" id "\" type=\"country\"><label>L</label><help>H</help><ref>R</ref></question>\n"
#define RULE_TEXTS "<title>T</title><rationale>R</rationale><mitigation>M</mitigation><ref>X</ref>"

typedef struct
{
  const char  *name;
  const char  *xml;
  PbCoreError  code;
  guint        line;
  guint        column;
  const char  *message;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "malformed",
    HEAD "<section id=\"S1\">\n<title>S</title>\n" YESNO ("Q1") "</sectio>\n",
    PB_CORE_ERROR_PARSE, 6, 9, "closed, but the currently open element is “section”" },
  { "empty",
    "",
    PB_CORE_ERROR_PARSE, 1, 1, "empty" },
  { "wrong-root",
    "<form id=\"t\"/>\n",
    PB_CORE_ERROR_INVALID, 1, 1, "the root element must be <questionnaire>, not <form>" },
  { "unknown-element",
    HEAD "<section id=\"S1\">\n  <titel>S</titel>\n",
    PB_CORE_ERROR_INVALID, 4, 3, "unknown element <titel> in <section>" },
  { "unknown-attribute",
    HEAD "<section id=\"S1\" colour=\"red\">\n",
    PB_CORE_ERROR_INVALID, 3, 18, "unknown attribute “colour” on <section>" },
  { "missing-attribute",
    HEAD "<section id=\"S1\"><title>S</title>\n  <question type=\"yes-no\">\n",
    PB_CORE_ERROR_INVALID, 4, 3, "<question> needs the attribute “id”" },
  { "missing-element",
    HEAD "<section id=\"S1\"><title>S</title>\n"
    "  <question id=\"Q1\" type=\"yes-no\"><label>L</label><ref>R</ref></question>\n",
    PB_CORE_ERROR_INVALID, 4, 3, "question “Q1” needs a <help>" },
  { "unknown-type",
    HEAD "<section id=\"S1\"><title>S</title>\n"
    "<question id=\"Q1\" type=\"yesno\">\n",
    PB_CORE_ERROR_INVALID, 4, 25, "unknown question type “yesno”" },
  { "bad-boolean",
    HEAD "<section id=\"S1\"><title>S</title>\n"
    "<question id=\"Q1\" type=\"yes-no\" required=\"yes\">\n",
    PB_CORE_ERROR_INVALID, 4, 43, "invalid value “yes” for attribute “required”" },
  { "duplicate-question",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") YESNO ("Q1"),
    PB_CORE_ERROR_INVALID, 5, 15, "duplicate question id “Q1”" },
  { "duplicate-choice",
    HEAD "<section id=\"S1\"><title>S</title>\n"
    "<question id=\"Q1\" type=\"single\"><label>L</label><help>H</help><ref>R</ref>\n"
    "  <choice code=\"a\">A</choice>\n"
    "  <choice code=\"a\">B</choice>\n",
    PB_CORE_ERROR_INVALID, 6, 17, "duplicate choice code “a” in question “Q1”" },
  { "too-few-choices",
    HEAD "<section id=\"S1\"><title>S</title>\n"
    "<question id=\"Q1\" type=\"multiple\"><label>L</label><help>H</help><ref>R</ref>\n"
    "  <choice code=\"a\">A</choice>\n"
    "</question>\n",
    PB_CORE_ERROR_INVALID, 4, 1, "question “Q1” of type multiple needs at least two <choice> elements" },
  { "min-greater-than-max",
    HEAD "<section id=\"S1\"><title>S</title>\n"
    "<question id=\"N1\" type=\"number\" min=\"10\" max=\"5\">\n",
    PB_CORE_ERROR_INVALID, 4, 38, "min (10) is greater than max (5)" },
  { "duplicate-section",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<section id=\"S1\"><title>S</title>\n",
    PB_CORE_ERROR_INVALID, 6, 14, "duplicate section id “S1”" },
  { "duplicate-define",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<define id=\"D\">Q1 == \"yes\"</define>\n"
    "<define id=\"D\">Q1 == \"no\"</define>\n",
    PB_CORE_ERROR_INVALID, 7, 13, "duplicate define id “D”" },
  { "define-clashes-with-question",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<define id=\"Q1\">Q1 == \"yes\"</define>\n",
    PB_CORE_ERROR_INVALID, 6, 13, "define “Q1” has the id of a question" },
  { "duplicate-rule",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<rule id=\"R1\" severity=\"low\"><when>Q1 == \"yes\"</when>" RULE_TEXTS "</rule>\n"
    "<rule id=\"R1\" severity=\"low\">\n",
    PB_CORE_ERROR_INVALID, 7, 11, "duplicate rule id “R1”" },
  { "used-before-defined",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<define id=\"A\">Q1 == \"yes\" and B</define>\n"
    "<define id=\"B\">Q1 == \"no\"</define>\n",
    PB_CORE_ERROR_EXPRESSION, 6, 32, "unknown question or condition 'B'" },
  { "rule-names-missing-question",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<rule id=\"R1\" severity=\"high\">\n"
    "  <when>Q1 == \"yes\" or Q9 == \"yes\"</when>\n",
    PB_CORE_ERROR_EXPRESSION, 7, 24, "unknown question or condition 'Q9'" },
  { "syntax-error",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<rule id=\"R1\" severity=\"high\">\n"
    "  <when>\n"
    "    Q1 == \"yes\" and )\n"
    "  </when>\n",
    PB_CORE_ERROR_EXPRESSION, 8, 21, "expected a value but found ')'" },
  { "type-error",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<rule id=\"R1\" severity=\"high\"><when>Q1 &gt;= 3</when>\n",
    PB_CORE_ERROR_EXPRESSION, 6, 40, "cannot compare a string with a number" },
  { "visible-if-unknown-code",
    HEAD "<section id=\"S1\"><title>S</title>\n"
    "<question id=\"Q1\" type=\"single\"><label>L</label><help>H</help><ref>R</ref>"
    "<choice code=\"a\">A</choice><choice code=\"b\">B</choice></question>\n"
    "<question id=\"Q2\" type=\"yes-no\" visible-if=\"Q1 == &quot;c&quot;\">"
    "<label>L</label><help>H</help><ref>R</ref></question>\n",
    PB_CORE_ERROR_EXPRESSION, 5, 51, "\"c\" is not a choice of Q1" },
  { "fired-later-rule",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<rule id=\"R1\" severity=\"high\" compound=\"true\"><when>fired(\"R2\")</when>\n",
    PB_CORE_ERROR_EXPRESSION, 6, 59, "unknown rule 'R2'" },
  { "mitigated-if-not-mitigable",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<rule id=\"R1\" severity=\"high\"><when>Q1 == \"yes\"</when>" RULE_TEXTS "\n"
    "  <mitigated-if>Q1 == \"no\"</mitigated-if>\n",
    PB_CORE_ERROR_INVALID, 7, 3, "rule “R1” has a <mitigated-if> but is not mitigable=\"true\"" },
  { "rule-without-ref",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<rule id=\"R1\" severity=\"high\"><when>Q1 == \"yes\"</when>"
    "<title>T</title><rationale>R</rationale><mitigation>M</mitigation></rule>\n",
    PB_CORE_ERROR_INVALID, 6, 1, "rule “R1” needs at least one <ref>" },
  { "bad-severity",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<rule id=\"R1\" severity=\"severe\">\n",
    PB_CORE_ERROR_INVALID, 6, 25, "invalid severity “severe”" },
  { "compound-mitigable",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<rule id=\"R1\" severity=\"high\" compound=\"true\" mitigable=\"true\">\n",
    PB_CORE_ERROR_INVALID, 6, 58, "cannot be mitigable" },
  { "text-in-section",
    HEAD "<section id=\"S1\">\n  stray words\n<title>S</title>\n",
    PB_CORE_ERROR_INVALID, 4, 3, "unexpected text in <section>" },
  { "text-between-questions",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1")
    "  oops &amp; more\n" YESNO ("Q2"),
    PB_CORE_ERROR_INVALID, 5, 3, "unexpected text in <section>" },
  { "section-without-questions",
    HEAD "<section id=\"S1\"><title>S</title></section>\n",
    PB_CORE_ERROR_INVALID, 3, 1, "section “S1” has no questions" },
  /* Processing instructions, comments and attribute values as GMarkup ends
   * them: "<?>" and "<!-->" are complete, "<" may stand in a value. The
   * first made the loader read past the end of the file. */
  { "empty-processing-instruction",
    "<?><questionnaire>",
    PB_CORE_ERROR_INVALID, 1, 4, "<questionnaire> needs the attribute “id”" },
  { "empty-comment",
    "<!--><questionnaire id=\"t\">",
    PB_CORE_ERROR_INVALID, 1, 6, "<questionnaire> needs the attribute “version”" },
  { "doctype",
    "<!DOCTYPE q [<!ENTITY a 'b'>]>\n<questionnaire version=\"1\">",
    PB_CORE_ERROR_INVALID, 2, 1, "<questionnaire> needs the attribute “id”" },
  { "angle-in-attribute",
    "<questionnaire id=\"t\" version=\"<b>\">\n<title x=\"1\">",
    PB_CORE_ERROR_INVALID, 2, 8, "unknown attribute “x” on <title>" },
  { "unterminated-processing-instruction",
    "<questionnaire id=\"t\" version=\"1\"><?",
    PB_CORE_ERROR_PARSE, 1, 37, "Document ended unexpectedly" },
  /* The whole file is checked before GMarkup reads it: the message is
   * UTF-8 and points at the byte (found by fuzz-questionnaire). */
  { "invalid-utf8-in-name",
    "<questionnaire id=\"t\" version=\"1\">\n<ti\xfftle>",
    PB_CORE_ERROR_PARSE, 2, 4, "the file is not valid UTF-8" },
  /* GMarkup parsed on after one of these, and set an error over its own
   * (found by fuzz-questionnaire). */
  { "invalid-utf8-in-cdata",
    "<questionnaire id=\"t\" version=\"1\">\n<title><![CDATA[ \xff ]]></title>\n<bogus/>\n",
    PB_CORE_ERROR_PARSE, 2, 18, "the file is not valid UTF-8" },
  { "choices-on-yes-no",
    HEAD "<section id=\"S1\"><title>S</title>\n"
    "<question id=\"Q1\" type=\"yes-no\"><label>L</label><help>H</help><ref>R</ref>\n"
    " <choice code=\"a\">A</choice>\n",
    PB_CORE_ERROR_INVALID, 5, 2, "question “Q1” of type yes-no cannot have choices" },
  /* Added with questionnaire 2.0.0. */
  { "unknown-method",
    "<questionnaire id=\"t\" version=\"1\" method=\"3\">\n",
    PB_CORE_ERROR_INVALID, 1, 43, "invalid value “3” for attribute “method”" },
  { "unknown-purpose",
    "<questionnaire id=\"t\" version=\"1\" purpose=\"audit\">\n",
    PB_CORE_ERROR_INVALID, 1, 44, "invalid value “audit” for attribute “purpose”" },
  { "unknown-prefill",
    HEAD COUNTRY ("C1") "<question id=\"Q1\" type=\"single\" prefill=\"gdp\" prefill-from=\"C1\" override-reason=\"Q2\">\n",
    PB_CORE_ERROR_INVALID, 5, 42, "unknown prefill “gdp”" },
  { "prefill-wrong-type",
    HEAD COUNTRY ("C1") "<question id=\"Q1\" type=\"multiple\" prefill=\"fiw-status\" prefill-from=\"C1\" override-reason=\"Q2\">\n",
    PB_CORE_ERROR_INVALID, 5, 44, "prefill “fiw-status” needs a question of type single" },
  { "prefill-from-not-country",
    HEAD COUNTRY ("C1") "<question id=\"Q1\" type=\"single\" prefill=\"fiw-status\" prefill-from=\"Q0\" override-reason=\"Q2\">\n",
    PB_CORE_ERROR_INVALID, 5, 68, "“Q0” is not an earlier question of type country" },
  { "prefill-without-reason",
    HEAD COUNTRY ("C1") "<question id=\"Q1\" type=\"single\" prefill=\"fiw-status\" prefill-from=\"C1\">\n",
    PB_CORE_ERROR_INVALID, 5, 1, "<question> needs the attribute “override-reason”" },
  { "prefill-missing-choice",
    HEAD COUNTRY ("C1") "<question id=\"Q1\" type=\"single\" prefill=\"fiw-status\" prefill-from=\"C1\" override-reason=\"Q2\">"
    "<label>L</label><help>H</help><ref>R</ref><choice code=\"free\">F</choice><choice code=\"not-free\">N</choice></question>\n",
    PB_CORE_ERROR_INVALID, 5, 1, "prefilled question “Q1” needs the choice “partly-free”" },
  { "override-reason-not-text",
    HEAD COUNTRY ("C1") "<question id=\"Q1\" type=\"single\" prefill=\"fiw-status\" prefill-from=\"C1\" override-reason=\"C1\">"
    "<label>L</label><help>H</help><ref>R</ref><choice code=\"free\">F</choice><choice code=\"partly-free\">P</choice>"
    "<choice code=\"not-free\">N</choice></question>\n</section>\n</questionnaire>\n",
    PB_CORE_ERROR_INVALID, 8, 1, "override-reason “C1” is not a text or long-text question" },
  { "overridden-not-prefilled",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<rule id=\"R1\" severity=\"high\"><when>overridden(Q1)</when>\n",
    PB_CORE_ERROR_EXPRESSION, 6, 48, "overridden() needs a prefilled question, but Q1 is not one" },
  { "unknown-kind",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<rule id=\"R1\" kind=\"warning\">\n",
    PB_CORE_ERROR_INVALID, 6, 21, "expected risk, assurance, hold or condition" },
  { "hold-with-severity",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<rule id=\"R1\" kind=\"hold\" severity=\"high\">\n",
    PB_CORE_ERROR_INVALID, 6, 37, "only a risk rule has a severity and a likelihood" },
  { "condition-hard-stop",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<rule id=\"R1\" kind=\"condition\" hard-stop=\"true\">\n",
    PB_CORE_ERROR_INVALID, 6, 1, "only a risk rule can be hard-stop" },
  { "folds-later-rule",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<rule id=\"R1\" severity=\"high\" folds=\"R2\">\n",
    PB_CORE_ERROR_INVALID, 6, 38, "“R2” in “folds” is not an earlier risk rule" },
  { "ref-if-unknown-question",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<rule id=\"R1\" severity=\"low\"><when>Q1 == \"yes\"</when><title>T</title><rationale>R</rationale>"
    "<mitigation>M</mitigation>\n<ref if=\"Q9 == 'yes'\">X</ref></rule>\n",
    PB_CORE_ERROR_EXPRESSION, 7, 10, "unknown question or condition 'Q9'" },
  { "ref-if-on-a-question",
    HEAD "<section id=\"S1\"><title>S</title>\n"
    "<question id=\"Q1\" type=\"yes-no\"><label>L</label><help>H</help><ref if=\"Q1\">R</ref></question>\n",
    PB_CORE_ERROR_INVALID, 4, 68, "unknown attribute “if” on <ref>" },
  { "folds-twice",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<rule id=\"R1\" severity=\"low\"><when>Q1 == \"yes\"</when>" RULE_TEXTS "</rule>\n"
    "<rule id=\"R2\" severity=\"high\" folds=\"R1 R1\">\n",
    PB_CORE_ERROR_INVALID, 7, 38, "“R1” is named twice in “folds”" },
  { "likelihood-profile-unknown",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<likelihood id=\"misuse\" base=\"1\" max=\"4\"/>\n"
    "<rule id=\"R1\" severity=\"high\" likelihood=\"diversion\">\n",
    PB_CORE_ERROR_INVALID, 7, 43, "unknown likelihood “diversion”" },
  { "likelihood-two-unnamed",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<likelihood base=\"1\" max=\"4\"/>\n"
    "<likelihood base=\"1\" max=\"4\"/>\n",
    PB_CORE_ERROR_INVALID, 7, 1, "more than one <likelihood>: each needs an “id”" },
  { "migration-unknown-target",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<migration from=\"0.9\"><carry from=\"Q0\" to=\"Q9\"/>\n",
    PB_CORE_ERROR_INVALID, 6, 44, "unknown question “Q9”" },
  { "migration-drop-without-note",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<migration from=\"0.9\"><drop from=\"Q0\"/>\n",
    PB_CORE_ERROR_INVALID, 6, 23, "<drop> of “Q0” needs a <note>" },
  { "migration-value-not-accepted",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<migration from=\"0.9\"><carry from=\"Q0\" to=\"Q1\"><value from=\"1\" to=\"maybe\"/>\n",
    PB_CORE_ERROR_INVALID, 6, 68, "“maybe” is not an answer question “Q1” accepts" },
  { "migration-twice",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<migration from=\"0.9\"><carry from=\"Q0\" to=\"Q1\"/><carry from=\"Q0\" to=\"Q1\"/>\n",
    PB_CORE_ERROR_INVALID, 6, 62, "question “Q0” is migrated twice" },
  /* One <migration> for each earlier version, never two for one. */
  { "migration-version-twice",
    HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
    "<migration from=\"0.9\"></migration><migration from=\"0.9\">\n",
    PB_CORE_ERROR_INVALID, 6, 52, "two <migration> elements map from version “0.9”" },
};

static void
test_error (gconstpointer data)
{
  const ErrorCase *c = data;
  g_autoptr(GBytes) bytes = g_bytes_new_static (c->xml, strlen (c->xml));
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = g_strdup_printf ("bad.xml:%u:%u: ", c->line, c->column);

  questionnaire = pb_questionnaire_new_from_bytes (bytes, "bad.xml", &error);

  g_assert_null (questionnaire);
  g_assert_error (error, PB_CORE_ERROR, (int) c->code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (!g_str_has_prefix (error->message, prefix) || strstr (error->message, c->message) == NULL)
    {
      g_test_message ("%s: expected “%s…%s”, got “%s”", c->name, prefix, c->message, error->message);
      g_test_fail ();
    }
}

static GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "core", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static void
test_good (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("eval.xml");
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  const char * const families[] = { "camera", "spyware", NULL };
  PbSection *section;
  PbQuestion *question;
  PbRule *rule;
  double bound;

  questionnaire = pb_questionnaire_new_from_bytes (bytes, "eval.xml", &error);
  g_assert_no_error (error);

  g_assert_cmpstr (pb_questionnaire_get_id (questionnaire), ==, "test-eval");
  g_assert_cmpstr (pb_questionnaire_get_version (questionnaire), ==, "1.0");
  g_assert_cmpstr (pb_questionnaire_get_title (questionnaire), ==, "Evaluation fixture");
  g_assert_cmpstr (pb_questionnaire_get_description (questionnaire), ==,
                   "Every rule kind, gate, visibility and likelihood factor.");
  g_assert_cmpstr (pb_questionnaire_get_gettext_domain (questionnaire), ==, GETTEXT_PACKAGE);
  g_assert_true (g_strv_equal (pb_questionnaire_get_families (questionnaire), families));
  g_assert_cmpstr (pb_questionnaire_get_sha256 (questionnaire), ==, sha);
  g_assert_true (g_bytes_equal (pb_questionnaire_get_bytes (questionnaire), bytes));
  g_assert_cmpstr (pb_questionnaire_get_display_name (questionnaire), ==, "eval.xml");

  g_assert_cmpuint (pb_questionnaire_get_n_sections (questionnaire), ==, 3);
  g_assert_cmpuint (pb_questionnaire_get_n_questions (questionnaire), ==, 14);
  g_assert_cmpuint (pb_questionnaire_get_n_rules (questionnaire), ==, 11);

  section = pb_questionnaire_get_section (questionnaire, 0);
  g_assert_cmpstr (pb_section_get_id (section), ==, "S1");
  g_assert_cmpstr (pb_section_get_title (section), ==, "Product");
  g_assert_cmpuint (pb_section_get_n_questions (section), ==, 5);
  g_assert_cmpfloat (pb_section_get_unknown_threshold (section), ==, 0.25);
  section = pb_questionnaire_get_section (questionnaire, 2);
  g_assert_cmpstr (pb_section_get_visible_if (section), ==, "C1 == \"military\"");
  g_assert_cmpfloat (pb_section_get_unknown_threshold (section), <, 0);

  question = pb_questionnaire_lookup_question (questionnaire, "P1");
  g_assert_nonnull (question);
  g_assert_true (question == pb_questionnaire_get_question (questionnaire, 0));
  g_assert_true (pb_question_get_section (question) == pb_questionnaire_get_section (questionnaire, 0));
  g_assert_cmpint (pb_question_get_question_type (question), ==, PB_QUESTION_SINGLE);
  g_assert_cmpstr (pb_question_get_label (question), ==, "Product family");
  g_assert_cmpstr (pb_question_get_help (question), ==, "What is sold.");
  g_assert_cmpstr (pb_question_get_references (question)[0], ==, "EU 2021/821 Art. 2");
  g_assert_null (pb_question_get_references (question)[1]);
  g_assert_true (pb_question_is_required (question));
  g_assert_true (pb_question_is_gate (question));
  g_assert_true (pb_question_allows_unknown (question));
  g_assert_null (pb_question_get_visible_if (question));
  g_assert_cmpuint (pb_question_get_n_choices (question), ==, 3);
  g_assert_cmpstr (pb_choice_get_code (pb_question_get_choice (question, 1)), ==, "spyware");
  g_assert_cmpstr (pb_choice_get_label (pb_question_lookup_choice (question, "analytics")), ==, "Video analytics");
  g_assert_null (pb_question_lookup_choice (question, "drone"));

  question = pb_questionnaire_lookup_question (questionnaire, "P3");
  g_assert_cmpint (pb_question_get_question_type (question), ==, PB_QUESTION_YES_NO_UNKNOWN);
  g_assert_true (pb_question_allows_unknown (question));
  g_assert_false (pb_question_is_required (question));

  question = pb_questionnaire_lookup_question (questionnaire, "P4");
  g_assert_cmpuint (pb_question_get_index (question), ==, 3);
  g_assert_true (pb_question_get_min (question, &bound));
  g_assert_cmpfloat (bound, ==, 0);
  g_assert_true (pb_question_get_max (question, &bound));
  g_assert_cmpfloat (bound, ==, 100);

  question = pb_questionnaire_lookup_question (questionnaire, "P5");
  g_assert_cmpstr (pb_question_get_visible_if (question), ==, "P1 == \"spyware\"");
  g_assert_false (pb_question_allows_unknown (question));
  g_assert_false (pb_question_get_min (question, NULL));
  g_assert_null (pb_questionnaire_lookup_question (questionnaire, "SEC"));

  rule = pb_questionnaire_lookup_rule (questionnaire, "R-TRAIT");
  g_assert_true (rule == pb_questionnaire_get_rule (questionnaire, 2));
  g_assert_cmpuint (pb_rule_get_index (rule), ==, 2);
  g_assert_cmpint (pb_rule_get_severity (rule), ==, PB_SEVERITY_HIGH);
  g_assert_true (pb_rule_is_mitigable (rule));
  g_assert_false (pb_rule_is_hard_stop (rule));
  g_assert_false (pb_rule_is_compound (rule));
  g_assert_cmpuint (pb_rule_get_likelihood (rule), ==, 0);
  g_assert_cmpstr (pb_rule_get_condition (rule), ==, "selected(P2, \"trait\")");
  g_assert_cmpstr (pb_rule_get_mitigated_if (rule), ==, "C5 == \"yes\"");
  g_assert_cmpstr (pb_rule_get_title (rule), ==, "Ethnicity classification");
  g_assert_cmpstr (pb_rule_get_rationale (rule), ==, "Classifying people by ethnicity enables persecution.");
  g_assert_cmpstr (pb_rule_get_mitigation (rule), ==, "Remove the module or agree an audit clause.");
  g_assert_cmpstr (pb_rule_get_references (rule)[0], ==, "AI Act Art. 5(1)(g)");
  g_assert_cmpstr (pb_section_get_id (pb_rule_get_section (rule)), ==, "S1");

  rule = pb_questionnaire_lookup_rule (questionnaire, "R-LIST");
  g_assert_true (pb_rule_is_hard_stop (rule));
  g_assert_cmpuint (pb_rule_get_likelihood (rule), ==, 1);
  g_assert_cmpstr (pb_section_get_id (pb_rule_get_section (rule)), ==, "S2");

  rule = pb_questionnaire_lookup_rule (questionnaire, "R-SUSPECT");
  g_assert_true (pb_rule_needs_authority (rule));

  rule = pb_questionnaire_lookup_rule (questionnaire, "CR-X");
  g_assert_true (pb_rule_is_compound (rule));

  rule = pb_questionnaire_lookup_rule (questionnaire, "GP-01");
  g_assert_true (pb_rule_is_assurance (rule));
  g_assert_null (pb_rule_get_mitigation (rule));

  /* The built-in flag of a section with unknown-threshold. */
  rule = pb_questionnaire_lookup_rule (questionnaire, "UNKNOWN-S1");
  g_assert_nonnull (rule);
  g_assert_cmpuint (pb_rule_get_index (rule), ==, G_MAXUINT);
  g_assert_cmpint (pb_rule_get_severity (rule), ==, PB_SEVERITY_HIGH);
  g_assert_nonnull (strstr (pb_rule_get_title (rule), "Product"));
  g_assert_null (pb_questionnaire_lookup_rule (questionnaire, "UNKNOWN-S2"));
}

/* Text is white-space normalised (as xgettext does for msgids), entities
 * are decoded, and the file of record is the exact bytes. */
static void
test_text (void)
{
  static const char xml[] =
    HEAD
    "<section id=\"S1\"><title>\n   Product   and\n  use </title>\n"
    "<question id=\"Q1\" type=\"text\"><label>Fish &amp; chips</label>"
    "<help>A\tB</help><ref>R 1</ref><ref>R 2</ref></question>\n"
    "</section></questionnaire>\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (xml, sizeof xml - 1);
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(GError) error = NULL;
  PbQuestion *question;
  const char * const refs[] = { "R 1", "R 2", NULL };

  questionnaire = pb_questionnaire_new_from_bytes (bytes, "text.xml", &error);
  g_assert_no_error (error);

  g_assert_cmpstr (pb_section_get_title (pb_questionnaire_get_section (questionnaire, 0)), ==, "Product and use");
  question = pb_questionnaire_get_question (questionnaire, 0);
  g_assert_cmpstr (pb_question_get_label (question), ==, "Fish & chips");
  g_assert_cmpstr (pb_question_get_help (question), ==, "A B");
  g_assert_true (g_strv_equal (pb_question_get_references (question), refs));
  g_assert_null (pb_question_get_visible_if (question));
  g_assert_cmpuint (pb_questionnaire_get_n_rules (questionnaire), ==, 0);
  g_assert_null (pb_questionnaire_get_description (questionnaire));
}

/* Text reaches people through the questionnaire's gettext domain, looked
 * up with the white-space-normalised msgid that xgettext extracts. */
static void
test_translated (void)
{
  static const char po[] =
    "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
    "msgid \"Product and use\"\nmsgstr \"Produkt und Verwendung\"\n\n"
    "msgid \"Network camera\"\nmsgstr \"Netzwerkkamera\"\n";
  static const char xml[] =
    "<questionnaire id=\"t\" version=\"1\" gettext-domain=\"probity-test-tr\"><title>T</title>\n"
    "<section id=\"S1\"><title>\n  Product   and\n  use\n</title>\n"
    "<question id=\"Q1\" type=\"single\"><label>Kind</label><help>H</help><ref>R</ref>"
    "<choice code=\"camera\">Network camera</choice><choice code=\"other\">Other</choice></question>\n"
    "</section></questionnaire>\n";
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_autofree char *dir = NULL;
  g_autofree char *messages = NULL;
  g_autofree char *po_path = NULL;
  g_autofree char *mo_path = NULL;
  g_autofree char *de = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(GError) error = NULL;
  PbQuestion *question;
  int status;

  if (msgfmt == NULL)
    {
      g_test_skip ("msgfmt is not installed");
      return;
    }

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  dir = g_dir_make_tmp ("pb-tr-XXXXXX", &error);
  g_assert_no_error (error);
  messages = g_build_filename (dir, "de", "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  po_path = g_build_filename (dir, "de.po", NULL);
  mo_path = g_build_filename (messages, "probity-test-tr.mo", NULL);
  g_file_set_contents (po_path, po, -1, &error);
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char *[]) { msgfmt, (char *) "-o", mo_path, po_path, NULL }, NULL,
                G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  bindtextdomain ("probity-test-tr", dir);
  bind_textdomain_codeset ("probity-test-tr", "UTF-8");
  g_setenv ("LANGUAGE", "de", TRUE);
  setlocale (LC_ALL, "");

  bytes = g_bytes_new_static (xml, sizeof xml - 1);
  questionnaire = pb_questionnaire_new_from_bytes (bytes, "tr.xml", &error);
  g_assert_no_error (error);

  g_assert_cmpstr (pb_questionnaire_get_gettext_domain (questionnaire), ==, "probity-test-tr");
  g_assert_cmpstr (pb_section_get_title (pb_questionnaire_get_section (questionnaire, 0)), ==, "Produkt und Verwendung");
  question = pb_questionnaire_get_question (questionnaire, 0);
  g_assert_cmpstr (pb_choice_get_label (pb_question_get_choice (question, 0)), ==, "Netzwerkkamera");
  /* Untranslated text, and ids and codes, stay as written. */
  g_assert_cmpstr (pb_choice_get_label (pb_question_get_choice (question, 1)), ==, "Other");
  g_assert_cmpstr (pb_choice_get_code (pb_question_get_choice (question, 0)), ==, "camera");
  g_assert_cmpstr (pb_question_get_label (question), ==, "Kind");

  g_remove (mo_path);
  g_remove (po_path);
  g_rmdir (messages);
  de = g_path_get_dirname (messages);
  g_rmdir (de);
  g_rmdir (dir);
}

/* Every prefix of a good file is refused with an error, never a crash or a
 * half-loaded questionnaire. */
static void
test_truncated (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("eval.xml");
  gsize length = g_bytes_get_size (bytes);
  const char *data = g_bytes_get_data (bytes, NULL);

  for (gsize cut = 0; cut < length - 2; cut += 13)
    {
      g_autoptr(GBytes) prefix = g_bytes_new_static (data, cut);
      g_autoptr(PbQuestionnaire) questionnaire = NULL;
      g_autoptr(GError) error = NULL;

      questionnaire = pb_questionnaire_new_from_bytes (prefix, "cut.xml", &error);
      g_assert_null (questionnaire);
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, "cut.xml:"));
    }
}

/* Random byte edits of a good file: each either loads or is refused with a
 * positioned error; none crashes (this suite also runs under ASan/UBSan). */
static void
test_mutated (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("eval.xml");
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  static const char alphabet[] = "<>/=\"&;# ()[]!aZ0.-\n";
  gsize length = g_bytes_get_size (bytes);
  guint refused = 0;

  for (guint round = 0; round < 400; round++)
    {
      g_autofree char *data = g_memdup2 (g_bytes_get_data (bytes, NULL), length);
      g_autoptr(GBytes) mutated = NULL;
      g_autoptr(PbQuestionnaire) questionnaire = NULL;
      g_autoptr(GError) error = NULL;
      guint n_edits = g_rand_int_range (rand, 1, 4);

      for (guint i = 0; i < n_edits; i++)
        data[g_rand_int_range (rand, 0, length)] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];

      mutated = g_bytes_new_take (g_steal_pointer (&data), length);
      questionnaire = pb_questionnaire_new_from_bytes (mutated, "m.xml", &error);

      if (questionnaire == NULL)
        {
          g_assert_true (g_regex_match_simple ("^m\\.xml:[0-9]+:[0-9]+: .", error->message, 0, 0));
          refused++;
        }
      else
        g_assert_no_error (error);
    }

  /* Most edits of a strict format break it. */
  g_assert_cmpuint (refused, >, 200);
}

static void
test_data (void)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "core", "eval.xml", NULL);
  g_autoptr(PbQuestionnaire) by_path = NULL;
  g_autoptr(PbQuestionnaire) by_id = NULL;
  g_autoptr(PbQuestionnaire) none = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;

  /* tests/meson.build points PROBITY_DATA_DIR at the source tree. */
  g_assert_cmpstr (pb_data_get_dir (), ==, g_getenv ("PROBITY_DATA_DIR"));
  file = pb_data_get_file ("questionnaires", "FORMAT.md", NULL);
  path = g_file_get_path (file);
  expected = g_build_filename (pb_data_get_dir (), "questionnaires", "FORMAT.md", NULL);
  g_assert_cmpstr (path, ==, expected);
  g_assert_true (g_file_query_exists (file, NULL));

  by_path = pb_data_load_questionnaire (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_questionnaire_get_id (by_path), ==, "test-eval");

  all = pb_data_list_questionnaires (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >=, 1);
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpstr (pb_questionnaire_get_id (g_ptr_array_index (all, i - 1)), <,
                     pb_questionnaire_get_id (g_ptr_array_index (all, i)));

  by_id = pb_data_load_questionnaire (pb_questionnaire_get_id (g_ptr_array_index (all, 0)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_questionnaire_get_sha256 (by_id), ==,
                   pb_questionnaire_get_sha256 (g_ptr_array_index (all, 0)));

  none = pb_data_load_questionnaire ("no-such-questionnaire", &error);
  g_assert_null (none);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“no-such-questionnaire”"));
}

static void
test_from_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "core", "eval.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/q.xml");
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbQuestionnaire) none = NULL;
  g_autoptr(GError) error = NULL;

  questionnaire = pb_questionnaire_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_questionnaire_get_display_name (questionnaire), ==, path);

  none = pb_questionnaire_new_from_file (missing, &error);
  g_assert_null (none);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/q.xml"));
}

static char *
define_chain (guint n)
{
  GString *xml = g_string_new (HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
                               "<define id=\"E0\">Q1 == \"yes\"</define>\n");

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (xml, "<define id=\"E%u\">E%u or E%u</define>\n", i, i - 1, i - 1);
  g_string_append_printf (xml, "<rule id=\"R1\" severity=\"high\"><when>E%u and Q1 == \"no\"</when>"
                          RULE_TEXTS "</rule>\n</questionnaire>\n", n);

  return g_string_free (xml, FALSE);
}

static void
assert_load_error (const char  *xml,
                   gsize        length,
                   PbCoreError  code,
                   const char  *prefix,
                   const char  *message)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (xml, length);
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(GError) error = NULL;

  questionnaire = pb_questionnaire_new_from_bytes (bytes, "bad.xml", &error);
  g_assert_null (questionnaire);
  g_assert_error (error, PB_CORE_ERROR, (int) code);
  if (!g_str_has_prefix (error->message, prefix) || strstr (error->message, message) == NULL)
    g_test_fail_printf ("expected “%s…%s”, got “%s”", prefix, message, error->message);
}

/* The file: 59 named conditions, each "the one before or the one
 * before". It passed `check` and then hung every evaluation of the case
 * (2^59 steps). It is refused where the cost passes the limit. */
static void
test_define_explosion (void)
{
  g_autofree char *xml = define_chain (59);

  /* line 6 is E0, so E18 is on line 24: at its second use of E17 */
  assert_load_error (xml, strlen (xml), PB_CORE_ERROR_EXPRESSION, "bad.xml:24:25: ",
                     "the condition is too large to evaluate");
}

/* Each condition within the limit, but together too much: flag_count()
 * walks all 3,000 rules in each of 3,000 rules. */
static void
test_evaluation_budget (void)
{
  GString *xml = g_string_new (HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n");
  g_autofree char *text = NULL;
  g_autofree char *fine = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (xml, "<rule id=\"R%u\" severity=\"low\" compound=\"true\">"
                            "<when>flag_count(\"low\") &gt;= 1</when>" RULE_TEXTS "</rule>\n", i);
  g_string_append (xml, "</questionnaire>\n");
  text = g_string_free (xml, FALSE);

  assert_load_error (text, strlen (text), PB_CORE_ERROR_INVALID, "bad.xml:6:",
                     "the questionnaire is too large to evaluate: its conditions take more than 4000000 steps");

  /* 10,000 compound rules that each ask whether the first fired: each
   * evaluation would walk all rules and questions for each of them */
  g_free (text);
  xml = g_string_new (HEAD "<section id=\"S1\"><title>S</title>\n" YESNO ("Q1") "</section>\n"
                      "<rule id=\"R0\" severity=\"low\"><when>Q1 == \"yes\"</when>" RULE_TEXTS "</rule>\n");
  for (guint i = 1; i < 10000; i++)
    g_string_append_printf (xml, "<rule id=\"R%u\" severity=\"low\" compound=\"true\">"
                            "<when>fired(\"R0\")</when>" RULE_TEXTS "</rule>\n", i);
  g_string_append (xml, "</questionnaire>\n");
  text = g_string_free (xml, FALSE);

  assert_load_error (text, strlen (text), PB_CORE_ERROR_INVALID, "bad.xml:7:",
                     "the questionnaire is too large to evaluate");

  /* the longest chain within the limit loads */
  fine = define_chain (16);
  bytes = g_bytes_new_static (fine, strlen (fine));
  questionnaire = pb_questionnaire_new_from_bytes (bytes, "fine.xml", &error);
  g_assert_no_error (error);
}

/* Elements nest only as FORMAT.md says: a deep file stops at the first
 * element out of place, and GMarkup keeps its own stack, not the C one. */
static void
test_deep_xml (void)
{
  GString *xml = g_string_new (HEAD);

  for (guint i = 0; i < 200000; i++)
    g_string_append (xml, "<section id=\"S1\">\n");

  assert_load_error (xml->str, xml->len, PB_CORE_ERROR_INVALID, "bad.xml:4:1: ",
                     "unknown element <section> in <section>");
  g_string_free (xml, TRUE);
}

/* A NUL byte, in a CDATA section where GMarkup parsed on after it, is
 * named where it stands (found by fuzz-questionnaire). */
static void
test_nul_byte (void)
{
  static const char xml[] = "<questionnaire id=\"t\" version=\"1\">\n<title><![CDATA[ \0 ]]></title>\n<bogus/>\n";

  assert_load_error (xml, sizeof xml - 1, PB_CORE_ERROR_PARSE, "bad.xml:2:18: ", "the file contains a NUL byte");
}

/* An id or an attribute name of a megabyte is quoted by its start and its
 * end: the message stays a line a person reads. */
static void
test_long_quotes (void)
{
  g_autofree char *word = g_strnfill (1024 * 1024, 'x');
  g_autofree char *long_id = g_strdup_printf ("<questionnaire id=\"%s!\" version=\"1\">\n", word);
  g_autofree char *long_attribute = g_strdup_printf ("<questionnaire id=\"t\" version=\"1\" %s=\"1\">\n", word);
  const char * const files[] = { long_id, long_attribute };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (files[i], strlen (files[i]));
      g_autoptr(GError) error = NULL;

      g_assert_null (pb_questionnaire_new_from_bytes (bytes, "bad.xml", &error));
      g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_INVALID);
      g_test_message ("%.80s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "bad.xml:1:"));
      g_assert_cmpuint (strlen (error->message), <=, PB_MESSAGE_MAX_SIZE + 64);
      g_assert_nonnull (strstr (error->message, i == 0 ? "xxx!”" : "xxx”"));
    }
}

/* A file over the limit is refused before it is parsed; a question with
 * 50,000 choices loads (choices are looked up by hash, not by walking
 * them once per choice) . */
static void
test_large (void)
{
  gsize length = PB_QUESTIONNAIRE_MAX_SIZE + 1;
  g_autofree char *huge = g_malloc (length);
  GString *xml = g_string_new (HEAD "<section id=\"S1\"><title>S</title>\n"
                               "<question id=\"Q1\" type=\"multiple\"><label>L</label><help>H</help><ref>R</ref>\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(GError) error = NULL;
  PbQuestion *question;

  memset (huge, ' ', length);
  assert_load_error (huge, length, PB_CORE_ERROR_TOO_LARGE, "bad.xml: ", "may not be larger than");

  for (guint i = 0; i < 50000; i++)
    g_string_append_printf (xml, "<choice code=\"c%u\">C</choice>\n", i);
  g_string_append (xml, "</question></section>\n"
                   "<rule id=\"R1\" severity=\"low\"><when>any(Q1, [\"c49999\", \"c7\"])</when>" RULE_TEXTS "</rule>\n"
                   "</questionnaire>\n");
  bytes = g_string_free_to_bytes (xml);
  questionnaire = pb_questionnaire_new_from_bytes (bytes, "large.xml", &error);
  g_assert_no_error (error);
  question = pb_questionnaire_lookup_question (questionnaire, "Q1");
  g_assert_cmpuint (pb_question_get_n_choices (question), ==, 50000);
  g_assert_nonnull (pb_question_lookup_choice (question, "c49999"));
  g_assert_null (pb_question_lookup_choice (question, "c50000"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pb/questionnaire/error/%s", error_cases[i].name);

      g_test_add_data_func (path, &error_cases[i], test_error);
    }

  g_test_add_func ("/pb/questionnaire/good", test_good);
  g_test_add_func ("/pb/questionnaire/text", test_text);
  g_test_add_func ("/pb/questionnaire/translated", test_translated);
  g_test_add_func ("/pb/questionnaire/truncated", test_truncated);
  g_test_add_func ("/pb/questionnaire/from-file", test_from_file);
  g_test_add_func ("/pb/questionnaire/mutated", test_mutated);
  g_test_add_func ("/pb/questionnaire/data", test_data);
  g_test_add_func ("/pb/questionnaire/hostile/define-explosion", test_define_explosion);
  g_test_add_func ("/pb/questionnaire/hostile/evaluation-budget", test_evaluation_budget);
  g_test_add_func ("/pb/questionnaire/hostile/deep-xml", test_deep_xml);
  g_test_add_func ("/pb/questionnaire/hostile/large", test_large);
  g_test_add_func ("/pb/questionnaire/hostile/long-quotes", test_long_quotes);
  g_test_add_func ("/pb/questionnaire/hostile/nul-byte", test_nul_byte);

  return g_test_run ();
}
