/* test-evaluation.c: the rating method of METHOD.md, end to end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-evaluation.h"

/* Every test starts from this clean deal (outcome: proceed, no flags) and
 * changes a few answers: "ID=text" sets (as typed on a command line),
 * "-ID" removes. */
static const char * const clean[] = {
  "P1=camera", "P2=basic", "P3=yes", "P4=10",
  "C1=private", "C2=FR", "C3=no", "C4=no", "C5=yes", "C6=no", "C7=no", "C8=no",
  NULL
};

static PbQuestionnaire *questionnaire;

static void
apply (PbAnswerSet *set,
       const char  *change)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(PbAnswer) answer = NULL;
  g_autoptr(GError) error = NULL;
  PbQuestion *question;

  if (change[0] == '-')
    {
      g_assert_true (pb_answer_set_remove (set, change + 1));
      return;
    }

  parts = g_strsplit (change, "=", 2);
  question = pb_questionnaire_lookup_question (questionnaire, parts[0]);
  g_assert_nonnull (question);
  answer = pb_question_parse_answer (question, parts[1], &error);
  g_assert_no_error (error);
  pb_answer_set_insert (set, parts[0], answer);
}

static PbEvaluation *
evaluate (const char *changes)
{
  g_autoptr(PbAnswerSet) set = pb_answer_set_new ();
  g_auto(GStrv) list = g_strsplit (changes, " ", -1);

  for (guint i = 0; clean[i] != NULL; i++)
    apply (set, clean[i]);

  for (guint i = 0; list[i] != NULL; i++)
    {
      if (*list[i] != '\0')
        apply (set, list[i]);
    }

  g_assert_true (pb_answer_set_validate (set, questionnaire, NULL));

  return pb_evaluate (questionnaire, set);
}

/* "R-SPY:critical R-A:medium/low": each flag's residual level, after a
 * slash its level before mitigation when that differs. */
static char *
describe_flags (PbEvaluation *evaluation)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < pb_evaluation_get_n_flags (evaluation); i++)
    {
      PbFlag *flag = pb_evaluation_get_flag (evaluation, i);

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%s:%s", pb_rule_get_id (pb_flag_get_rule (flag)),
                              pb_severity_to_string (pb_flag_get_residual_level (flag)));
      if (pb_flag_get_level (flag) != pb_flag_get_residual_level (flag))
        g_string_append_printf (out, "/%s", pb_severity_to_string (pb_flag_get_level (flag)));
    }

  return g_string_free (out, FALSE);
}

static char *
describe_missing (PbEvaluation *evaluation)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < pb_evaluation_get_n_missing (evaluation); i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, pb_question_get_id (pb_evaluation_get_missing (evaluation, i)));
    }

  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *name;
  const char *changes;
  PbOutcome   outcome;
  const char *flags;
  const char *missing;
} MethodCase;

static const MethodCase method_cases[] = {
  { "clean", "", PB_OUTCOME_PROCEED, "", "" },
  /* A hard stop bypasses the matrix (its fixed likelihood 1 would give High)
   * and wins over everything, even missing answers. */
  { "hard-stop", "C3=yes", PB_OUTCOME_DO_NOT_PROCEED, "R-LIST:critical", "" },
  { "hard-stop-before-incomplete", "C3=yes -P1", PB_OUTCOME_DO_NOT_PROCEED, "R-LIST:critical", "P1 P5" },
  /* A missing gate answer makes the visibility of P5 unknown: it is shown. */
  { "missing-required", "-P1", PB_OUTCOME_INCOMPLETE, "", "P1 P5" },
  { "missing-in-shown-section", "C1=military", PB_OUTCOME_INCOMPLETE, "", "M1" },
  { "gate-unknown", "C1=unknown M1=no", PB_OUTCOME_DO_NOT_PROCEED, "", "" },
  { "incomplete-before-gate-unknown", "C1=unknown", PB_OUTCOME_INCOMPLETE, "", "M1" },
  /* The matrix: Critical at likelihood 1 is High. */
  { "matrix-critical-unlikely", "P1=spyware P5=no", PB_OUTCOME_PROCEED_WITH_CONDITIONS, "R-SPY:high", "" },
  { "matrix-critical-possible", "P1=spyware P5=no C1=police", PB_OUTCOME_DO_NOT_PROCEED, "R-SPY:critical", "" },
  { "matrix-low", "P4=60", PB_OUTCOME_PROCEED, "R-LOW:low", "" },
  /* Unknown answers: one severity lower, never a hard stop; Low becomes no flag. */
  { "unknown-lowers", "C3=unknown", PB_OUTCOME_PROCEED_WITH_CONDITIONS, "R-LIST:high", "" },
  { "missing-does-not-flag", "-C3", PB_OUTCOME_PROCEED, "", "" },
  { "unknown-low-is-no-flag", "P4=unknown", PB_OUTCOME_PROCEED, "", "" },
  { "consult-authority", "C4=yes", PB_OUTCOME_CONSULT_AUTHORITY, "R-SUSPECT:high", "" },
  { "two-medium", "C6=yes C7=yes", PB_OUTCOME_PROCEED, "R-A:medium R-B:medium", "" },
  { "three-medium", "C6=yes C7=yes C8=yes", PB_OUTCOME_PROCEED_WITH_CONDITIONS, "R-A:medium R-B:medium R-C:medium", "" },
  /* Mitigation lowers the likelihood (2 to 1), so High becomes Medium. */
  { "mitigated", "P2=trait C2=CN", PB_OUTCOME_PROCEED, "R-TRAIT:medium/high", "" },
  { "not-mitigated", "P2=trait C2=CN C5=no", PB_OUTCOME_PROCEED_WITH_CONDITIONS, "R-TRAIT:high", "" },
  /* A compound rule bypasses the matrix and sees the level before mitigation. */
  { "compound", "P2=trait C1=police C5=no", PB_OUTCOME_DO_NOT_PROCEED, "CR-X:critical R-TRAIT:high", "" },
  { "compound-not-mitigated", "P2=trait C1=police", PB_OUTCOME_DO_NOT_PROCEED, "CR-X:critical R-TRAIT:medium/high", "" },
  /* Hidden questions' answers are ignored. */
  { "hidden-answer-ignored", "C1=police M1=yes", PB_OUTCOME_PROCEED, "", "" },
  { "shown-answer-counts", "C1=military M1=yes", PB_OUTCOME_PROCEED, "R-EMB:medium", "" },
  /* More than 25 % of S1's answers unknown; exactly 25 % is not enough. */
  { "unknown-threshold", "P3=unknown P4=unknown", PB_OUTCOME_PROCEED_WITH_CONDITIONS, "UNKNOWN-S1:high", "" },
  { "unknown-threshold-edge", "P3=unknown", PB_OUTCOME_PROCEED, "", "" },
  /* Sorted by residual level, then severity, then id. */
  { "sorting", "C3=unknown C7=yes C6=yes P4=60 P1=spyware P5=no", PB_OUTCOME_DO_NOT_PROCEED,
    "R-SPY:critical R-LIST:high R-A:medium R-B:medium R-LOW:low", "" },
};

static void
test_method (gconstpointer data)
{
  const MethodCase *c = data;
  g_autoptr(PbEvaluation) evaluation = evaluate (c->changes);
  g_autofree char *flags = describe_flags (evaluation);
  g_autofree char *missing = describe_missing (evaluation);

  g_assert_cmpstr (pb_outcome_to_string (pb_evaluation_get_outcome (evaluation)), ==,
                   pb_outcome_to_string (c->outcome));
  g_assert_cmpstr (flags, ==, c->flags);
  g_assert_cmpstr (missing, ==, c->missing);
  g_assert_nonnull (pb_evaluation_get_reasons (evaluation)[0]);
}

static void
test_matrix (void)
{
  static const PbSeverity expected[5][4] = {
    { PB_SEVERITY_NONE,   PB_SEVERITY_NONE,     PB_SEVERITY_NONE,     PB_SEVERITY_NONE },
    { PB_SEVERITY_LOW,    PB_SEVERITY_LOW,      PB_SEVERITY_LOW,      PB_SEVERITY_MEDIUM },
    { PB_SEVERITY_LOW,    PB_SEVERITY_MEDIUM,   PB_SEVERITY_MEDIUM,   PB_SEVERITY_HIGH },
    { PB_SEVERITY_MEDIUM, PB_SEVERITY_HIGH,     PB_SEVERITY_HIGH,     PB_SEVERITY_CRITICAL },
    { PB_SEVERITY_HIGH,   PB_SEVERITY_CRITICAL, PB_SEVERITY_CRITICAL, PB_SEVERITY_CRITICAL },
  };

  for (PbSeverity severity = PB_SEVERITY_NONE; severity <= PB_SEVERITY_CRITICAL; severity++)
    for (guint likelihood = 1; likelihood <= 4; likelihood++)
      g_assert_cmpint (pb_risk_matrix_level (severity, likelihood), ==, expected[severity][likelihood - 1]);
}

static void
test_likelihood (void)
{
  static const struct { const char *changes; guint likelihood; } cases[] = {
    { "", 1 },
    { "C6=yes", 2 },                      /* 1.5 rounds up */
    { "C1=police", 2 },
    { "C1=police C2=CN", 3 },
    { "C1=police C2=CN C6=yes", 4 },
    { "C1=unknown M1=no", 2 },            /* an unknown factor counts */
    { "-C2", 2 },                         /* so does a missing one */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PbEvaluation) evaluation = evaluate (cases[i].changes);

      g_assert_cmpuint (pb_evaluation_get_likelihood (evaluation), ==, cases[i].likelihood);
    }
}

static void
test_flag_details (void)
{
  g_autoptr(PbEvaluation) evaluation = evaluate ("P2=trait C1=police C3=unknown");
  PbFlag *flag;

  flag = pb_evaluation_lookup_flag (evaluation, "R-TRAIT");
  g_assert_nonnull (flag);
  g_assert_cmpint (pb_flag_get_severity (flag), ==, PB_SEVERITY_HIGH);
  g_assert_cmpuint (pb_flag_get_likelihood (flag), ==, 2);
  g_assert_cmpuint (pb_flag_get_residual_likelihood (flag), ==, 1);
  g_assert_cmpint (pb_flag_get_level (flag), ==, PB_SEVERITY_HIGH);
  g_assert_cmpint (pb_flag_get_residual_level (flag), ==, PB_SEVERITY_MEDIUM);
  g_assert_true (pb_flag_is_mitigated (flag));
  g_assert_false (pb_flag_is_from_unknown (flag));
  g_assert_cmpstrv (pb_flag_get_triggers (flag), ((const char * const[]) { "P2", NULL }));

  flag = pb_evaluation_lookup_flag (evaluation, "R-LIST");
  g_assert_cmpint (pb_flag_get_severity (flag), ==, PB_SEVERITY_HIGH);
  g_assert_cmpint (pb_rule_get_severity (pb_flag_get_rule (flag)), ==, PB_SEVERITY_CRITICAL);
  g_assert_true (pb_flag_is_from_unknown (flag));
  g_assert_false (pb_flag_is_hard_stop (flag));
  g_assert_false (pb_flag_is_mitigated (flag));
  g_assert_cmpstrv (pb_flag_get_triggers (flag), ((const char * const[]) { "C3", NULL }));

  flag = pb_evaluation_lookup_flag (evaluation, "CR-X");
  g_assert_cmpuint (pb_flag_get_likelihood (flag), ==, 1);
  g_assert_cmpint (pb_flag_get_level (flag), ==, PB_SEVERITY_CRITICAL);
  /* fired("R-TRAIT") and SEC: the question that raised R-TRAIT, then C1. */
  g_assert_cmpstrv (pb_flag_get_triggers (flag), ((const char * const[]) { "P2", "C1", NULL }));

  g_assert_null (pb_evaluation_lookup_flag (evaluation, "R-SPY"));
  g_assert_cmpint (pb_evaluation_get_inherent_level (evaluation), ==, PB_SEVERITY_CRITICAL);
  g_assert_cmpint (pb_evaluation_get_residual_level (evaluation), ==, PB_SEVERITY_CRITICAL);
  g_assert_cmpuint (pb_evaluation_count_flags (evaluation, PB_SEVERITY_CRITICAL), ==, 1);
  g_assert_cmpuint (pb_evaluation_count_flags (evaluation, PB_SEVERITY_HIGH), ==, 1);
  g_assert_cmpuint (pb_evaluation_count_flags (evaluation, PB_SEVERITY_MEDIUM), ==, 1);
  g_assert_cmpuint (pb_evaluation_count_flags (evaluation, PB_SEVERITY_LOW), ==, 0);
}

static void
test_levels (void)
{
  g_autoptr(PbEvaluation) mitigated = evaluate ("P2=trait C2=CN");
  g_autoptr(PbEvaluation) clean_deal = evaluate ("");

  g_assert_cmpint (pb_evaluation_get_inherent_level (mitigated), ==, PB_SEVERITY_HIGH);
  g_assert_cmpint (pb_evaluation_get_residual_level (mitigated), ==, PB_SEVERITY_MEDIUM);
  g_assert_cmpint (pb_evaluation_get_inherent_level (clean_deal), ==, PB_SEVERITY_NONE);
  g_assert_cmpint (pb_evaluation_get_residual_level (clean_deal), ==, PB_SEVERITY_NONE);
}

static void
test_unknown_threshold_flag (void)
{
  g_autoptr(PbEvaluation) evaluation = evaluate ("P3=unknown P4=unknown");
  PbFlag *flag = pb_evaluation_lookup_flag (evaluation, "UNKNOWN-S1");
  PbRule *rule;

  g_assert_nonnull (flag);
  rule = pb_flag_get_rule (flag);
  g_assert_true (rule == pb_questionnaire_lookup_rule (questionnaire, "UNKNOWN-S1"));
  g_assert_cmpint (pb_flag_get_level (flag), ==, PB_SEVERITY_HIGH);
  g_assert_cmpstrv (pb_flag_get_triggers (flag), ((const char * const[]) { "P3", "P4", NULL }));
  g_assert_cmpstr (pb_rule_get_title (rule), ==, "Insufficient due diligence in section “Product”");
}

static void
test_assurance (void)
{
  g_autoptr(PbEvaluation) green = evaluate ("");
  g_autoptr(PbEvaluation) trait = evaluate ("P2=trait");

  g_assert_cmpuint (pb_evaluation_get_n_assurances (green), ==, 1);
  g_assert_cmpstr (pb_rule_get_id (pb_evaluation_get_assurance (green, 0)), ==, "GP-01");
  g_assert_cmpuint (pb_evaluation_get_n_flags (green), ==, 0);
  g_assert_null (pb_evaluation_lookup_flag (green, "GP-01"));
  g_assert_cmpuint (pb_evaluation_get_n_assurances (trait), ==, 0);
}

static void
test_reasons (void)
{
  g_autoptr(PbEvaluation) stop = evaluate ("C3=yes -P1");
  g_autoptr(PbEvaluation) gate = evaluate ("C1=unknown M1=no");
  g_autoptr(PbEvaluation) proceed = evaluate ("");
  const char * const *reasons;

  reasons = pb_evaluation_get_reasons (stop);
  g_assert_nonnull (strstr (reasons[0], "R-LIST"));
  g_assert_nonnull (strstr (reasons[1], "P1, P5"));
  g_assert_nonnull (strstr (reasons[2], "Critical (R-LIST)"));
  g_assert_null (reasons[3]);

  reasons = pb_evaluation_get_reasons (gate);
  g_assert_nonnull (strstr (reasons[0], "(C1)"));
  g_assert_null (reasons[1]);

  reasons = pb_evaluation_get_reasons (proceed);
  g_assert_nonnull (reasons[0]);
  g_assert_null (reasons[1]);
}

static void
test_visibility (void)
{
  g_autoptr(PbEvaluation) camera = evaluate ("P5=no");
  g_autoptr(PbEvaluation) spyware = evaluate ("P1=spyware P5=yes");
  g_autoptr(PbEvaluation) empty = pb_evaluate (questionnaire, NULL);
  PbQuestion *p5 = pb_questionnaire_lookup_question (questionnaire, "P5");
  PbQuestion *m1 = pb_questionnaire_lookup_question (questionnaire, "M1");
  g_autofree char *missing = describe_missing (empty);

  g_assert_false (pb_evaluation_is_visible (camera, p5));
  g_assert_false (pb_evaluation_is_visible (camera, m1));
  g_assert_true (pb_evaluation_is_visible (spyware, p5));
  g_assert_cmpuint (pb_evaluation_get_n_required (camera), ==, 2);
  g_assert_cmpuint (pb_evaluation_get_n_required_answered (camera), ==, 2);
  g_assert_cmpuint (pb_evaluation_get_n_required (spyware), ==, 3);

  /* Nothing answered: every condition on an answer is unknown, so every
   * question is shown and every required one is missing. */
  g_assert_cmpint (pb_evaluation_get_outcome (empty), ==, PB_OUTCOME_INCOMPLETE);
  g_assert_cmpstr (missing, ==, "P1 P5 C1 M1");
  g_assert_cmpuint (pb_evaluation_get_n_required_answered (empty), ==, 0);
  g_assert_cmpuint (pb_evaluation_get_n_flags (empty), ==, 0);
}

/* An answer that cannot belong to its question (a bad file that skipped
 * validation) counts as missing; it never reaches a condition. */
static void
test_ill_typed_answer (void)
{
  g_autoptr(PbAnswerSet) set = pb_answer_set_new ();
  g_autoptr(PbAnswer) text = pb_answer_new_string ("many");
  g_autoptr(PbAnswer) unknown = pb_answer_new_unknown ();
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autofree char *missing = NULL;

  for (guint i = 0; clean[i] != NULL; i++)
    apply (set, clean[i]);
  pb_answer_set_insert (set, "P4", text);
  pb_answer_set_insert (set, "C1", unknown);
  pb_answer_set_insert (set, "C5", unknown);   /* "unknown" is not allowed for C5 */
  pb_answer_set_insert (set, "ZZ", text);

  evaluation = pb_evaluate (questionnaire, set);
  missing = describe_missing (evaluation);
  g_assert_cmpstr (missing, ==, "M1");
  g_assert_cmpint (pb_evaluation_get_outcome (evaluation), ==, PB_OUTCOME_INCOMPLETE);
}

static void
test_json (void)
{
  g_autoptr(PbEvaluation) evaluation = evaluate ("P2=trait C2=CN C3=unknown -P1");
  g_autoptr(JsonNode) node = pb_evaluation_to_json_node (evaluation);
  static const char * const flag_keys[] = {
    "id", "title", "severity", "likelihood", "residual_likelihood", "level", "residual_level",
    "hard_stop", "compound", "mitigated", "from_unknown", "rationale", "mitigation",
    "references", "triggered_by",
  };
  JsonObject *root;
  JsonObject *q;
  JsonArray *flags;
  JsonArray *missing;
  JsonObject *flag;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  root = json_node_get_object (node);

  q = json_object_get_object_member (root, "questionnaire");
  g_assert_cmpstr (json_object_get_string_member (q, "id"), ==, "test-eval");
  g_assert_cmpstr (json_object_get_string_member (q, "version"), ==, "1.0");
  g_assert_cmpstr (json_object_get_string_member (q, "sha256"), ==, pb_questionnaire_get_sha256 (questionnaire));

  g_assert_cmpstr (json_object_get_string_member (root, "outcome"), ==, "incomplete");
  /* Incomplete: the High flag does not add a "proceed with conditions" reason. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "reasons")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (root, "inherent_level"), ==, "high");
  g_assert_cmpstr (json_object_get_string_member (root, "residual_level"), ==, "high");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "assurances")), ==, 0);

  flags = json_object_get_array_member (root, "flags");
  g_assert_cmpuint (json_array_get_length (flags), ==, 2);
  for (guint i = 0; i < json_array_get_length (flags); i++)
    for (guint k = 0; k < G_N_ELEMENTS (flag_keys); k++)
      g_assert_true (json_object_has_member (json_array_get_object_element (flags, i), flag_keys[k]));

  flag = json_array_get_object_element (flags, 0);
  g_assert_cmpstr (json_object_get_string_member (flag, "id"), ==, "R-LIST");
  g_assert_cmpstr (json_object_get_string_member (flag, "severity"), ==, "high");
  g_assert_true (json_object_get_boolean_member (flag, "from_unknown"));
  g_assert_false (json_object_get_boolean_member (flag, "hard_stop"));

  flag = json_array_get_object_element (flags, 1);
  g_assert_cmpstr (json_object_get_string_member (flag, "id"), ==, "R-TRAIT");
  g_assert_cmpint (json_object_get_int_member (flag, "likelihood"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (flag, "residual_likelihood"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (flag, "level"), ==, "high");
  g_assert_cmpstr (json_object_get_string_member (flag, "residual_level"), ==, "medium");
  g_assert_true (json_object_get_boolean_member (flag, "mitigated"));
  g_assert_cmpstr (json_object_get_string_member (flag, "title"), ==, "Ethnicity classification");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (flag, "references"), 0), ==,
                   "AI Act Art. 5(1)(g)");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (flag, "triggered_by"), 0), ==, "P2");

  missing = json_object_get_array_member (root, "missing");
  g_assert_cmpuint (json_array_get_length (missing), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (missing, 0), "id"), ==, "P1");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (missing, 0), "label"), ==, "Product family");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (missing, 0), "gate"));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (missing, 1), "gate"));
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (missing, 1), "required"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  path = g_test_build_filename (G_TEST_DIST, "data", "core", "eval.xml", NULL);
  file = g_file_new_for_path (path);
  questionnaire = pb_questionnaire_new_from_file (file, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (method_cases); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/pb/evaluation/method/%s", method_cases[i].name);

      g_test_add_data_func (test_path, &method_cases[i], test_method);
    }

  g_test_add_func ("/pb/evaluation/matrix", test_matrix);
  g_test_add_func ("/pb/evaluation/likelihood", test_likelihood);
  g_test_add_func ("/pb/evaluation/flag-details", test_flag_details);
  g_test_add_func ("/pb/evaluation/levels", test_levels);
  g_test_add_func ("/pb/evaluation/unknown-threshold", test_unknown_threshold_flag);
  g_test_add_func ("/pb/evaluation/assurance", test_assurance);
  g_test_add_func ("/pb/evaluation/reasons", test_reasons);
  g_test_add_func ("/pb/evaluation/visibility", test_visibility);
  g_test_add_func ("/pb/evaluation/ill-typed-answer", test_ill_typed_answer);
  g_test_add_func ("/pb/evaluation/json", test_json);

  status = g_test_run ();
  g_clear_object (&questionnaire);

  return status;
}
