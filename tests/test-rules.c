/* test-rules.c: every compound rule of the shipped questionnaire fires on a
 * minimal change to a benign deal, and does not fire on its near miss.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-answer-set.h"
#include "pb-data.h"
#include "pb-evaluation.h"

/* The benign base: anonymous people counting for a Swedish retailer, which
 * raises no compound rule and follows the green path. */
#define BASE "benign-retail-people-counting.json"

typedef struct
{
  const char *name;
  const char *rule;
  const char *fires;      /* answers changed from the base, as JSON */
  const char *near_miss;  /* the same with one answer changed */
} RuleCase;

static const RuleCase cases[] = {
  { "CR-01", "CR-01",
    "{\"S2.02a\": \"confirmed\"}",
    "{\"S2.02a\": \"possible\"}" },
  { "CR-02", "CR-02",
    "{\"S2.02e\": \"confirmed\", \"S1.03\": [\"face-identification\"]}",
    "{\"S2.02e\": \"clear\", \"S1.03\": [\"face-identification\"]}" },
  { "CR-02-basic-item", "CR-02",
    "{\"S2.02e\": \"confirmed\", \"S1.03\": [\"face-identification\"]}",
    "{\"S2.02e\": \"confirmed\", \"S1.03\": [\"people-counting\"]}" },
  { "CR-02-EAR", "CR-02-EAR",
    "{\"S2.02e\": \"confirmed\", \"S2.01u\": \"yes\"}",
    "{\"S2.02e\": \"confirmed\", \"S2.01u\": \"no\"}" },
  { "CR-03", "CR-03",
    "{\"S1.03\": [\"trait-classification\"], \"S3.02\": \"police\"}",
    "{\"S1.03\": [\"trait-classification\"], \"S3.02\": \"private-commercial\"}" },
  { "CR-03-country", "CR-03",
    "{\"S1.03\": [\"trait-classification\"], \"S5.03\": \"not-free\"}",
    "{\"S1.03\": [\"trait-classification\"], \"S5.03\": \"partly-free\"}" },
  { "CR-04", "CR-04",
    "{\"S1.03\": [\"face-identification\"], \"S3.02\": \"police\", \"S5.02\": \"not-free\"}",
    "{\"S1.03\": [\"face-identification\"], \"S3.02\": \"police\", \"S5.02\": \"partly-free\"}" },
  { "CR-04-inference", "CR-04",
    "{\"S1.03\": [\"emotion\"], \"S3.04\": \"yes\", \"S5.02\": \"not-free\"}",
    "{\"S1.03\": [\"emotion\"], \"S3.04\": \"no\", \"S5.02\": \"not-free\"}" },
  { "CR-05", "CR-05",
    "{\"S1.03\": [\"face-identification\"], \"S4.02r\": \"xuar\"}",
    "{\"S1.03\": [\"face-identification\"], \"S4.02r\": \"none\"}" },
  { "CR-05-security", "CR-05",
    "{\"S3.02\": \"police\", \"S3.08\": \"yes\"}",
    "{\"S3.02\": \"civil-government\", \"S3.08\": \"yes\"}" },
  { "CR-06", "CR-06",
    "{\"S1.02\": \"lawful-interception\", \"S3.02\": \"police\", \"S5.05\": \"inadequate\"}",
    "{\"S1.02\": \"lawful-interception\", \"S3.02\": \"police\", \"S5.05\": \"partial\"}" },
  { "CR-06-unknown-law", "CR-06",
    "{\"S1.03\": [\"interception\"], \"S3.02\": \"civil-government\", \"S5.05\": \"unknown\"}",
    "{\"S1.03\": [\"people-counting\"], \"S3.02\": \"civil-government\", \"S5.05\": \"unknown\"}" },
  { "CR-07", "CR-07",
    "{\"S3.02\": \"police\", \"S4.05\": \"yes\", \"S4.04\": 30000, \"S5.02\": \"not-free\"}",
    "{\"S3.02\": \"police\", \"S4.05\": \"yes\", \"S4.04\": 500, \"S5.02\": \"not-free\"}" },
  { "CR-08", "CR-08",
    "{\"S2.05\": \"yes\"}",
    "{\"S2.05\": \"suspect\"}" },
  { "CR-08-informed", "CR-08",
    "{\"S2.04\": \"yes\"}",
    "{\"S2.04\": \"no\"}" },
  { "CR-09", "CR-09",
    "{\"S3.06\": \"yes\", \"S1.03\": [\"gait\"]}",
    "{\"S3.06\": \"yes\", \"S1.03\": [\"people-counting\"]}" },
  { "CR-10", "CR-10",
    "{\"S6.06\": \"yes\"}",
    "{\"S6.06\": \"no\"}" },
  { "CR-11", "CR-11",
    "{\"S6.03\": \"no\", \"S1.03\": [\"face-identification\"]}",
    "{\"S6.03\": \"no\", \"S1.03\": [\"people-counting\"]}" },
  { "CR-12", "CR-12",
    "{\"S1.10\": \"safeguard-removal\"}",
    "{\"S1.10\": \"new-feature\"}" },
  { "CR-12-interrogation", "CR-12",
    "{\"S1.03\": [\"emotion\"], \"S4.01\": [\"interrogation\"]}",
    "{\"S1.03\": [\"emotion\"], \"S4.01\": [\"investigation\"]}" },
  { "CR-13", "CR-13",
    "{\"S2.03\": \"monitoring-ban\", \"S1.02\": \"imsi-catcher\"}",
    "{\"S2.03\": \"political-embargo\", \"S1.02\": \"imsi-catcher\"}" },
  { "CR-14", "CR-14",
    "{\"S2.03\": \"binding-embargo\", \"S3.02\": \"military\"}",
    "{\"S2.03\": \"political-embargo\", \"S3.02\": \"military\"}" },
  { "CR-14b", "CR-14b",
    "{\"S2.03\": \"political-embargo\", \"S3.02\": \"military\", \"S1.03\": [\"face-identification\"]}",
    "{\"S2.03\": \"political-embargo\", \"S3.02\": \"military\", \"S1.03\": [\"people-counting\"]}" },
  /* Three High flags in S1, S3 and S4 at likelihood 2 (one red flag in S6). */
  { "CR-15", "CR-15",
    "{\"S1.05\": \"yes\", \"S3.10\": \"yes\", \"S4.09\": \"no\", \"S6.08\": \"yes\"}",
    "{\"S1.05\": \"no\", \"S3.10\": \"yes\", \"S4.09\": \"no\", \"S6.08\": \"yes\"}" },
  { "CR-16", "CR-16",
    "{\"S1.05\": \"yes\", \"S6.08\": \"yes\", \"S7.11\": \"no\"}",
    "{\"S1.05\": \"yes\", \"S6.08\": \"yes\", \"S7.11\": \"doubtful\"}" },
  { "CR-16-low-risk", "CR-16",
    "{\"S1.05\": \"yes\", \"S6.08\": \"yes\", \"S7.11\": \"no\"}",
    "{\"S1.05\": \"yes\", \"S6.08\": \"no\", \"S7.11\": \"no\"}" },
  { "GP-01", "GP-01",
    "{}",
    "{\"S5.02\": \"partly-free\"}" },
  { "GP-01-end-user", "GP-01",
    "{\"S3.02\": \"civil-government\"}",
    "{\"S3.02\": \"border\"}" },
};

static PbQuestionnaire *questionnaire;

/* A flag or, for kind="assurance" rules such as GP-01, an assurance. */
static gboolean
raised (PbEvaluation *evaluation,
        const char   *rule_id)
{
  if (pb_evaluation_lookup_flag (evaluation, rule_id) != NULL)
    return TRUE;

  for (guint i = 0; i < pb_evaluation_get_n_assurances (evaluation); i++)
    if (g_str_equal (pb_rule_get_id (pb_evaluation_get_assurance (evaluation, i)), rule_id))
      return TRUE;

  return FALSE;
}

static PbEvaluation *
evaluate_with (const char *changes)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "answers", BASE, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  answers = pb_answer_set_new_from_file (file, &error);
  g_assert_no_error (error);

  root = json_from_string (changes, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      g_autoptr(PbAnswer) answer = pb_answer_new_from_json_node (json_object_get_member (object, l->data), &error);

      g_assert_no_error (error);
      g_assert_nonnull (pb_questionnaire_lookup_question (questionnaire, l->data));
      pb_answer_set_insert (answers, l->data, answer);
    }

  pb_answer_set_validate (answers, questionnaire, &error);
  g_assert_no_error (error);

  return pb_evaluate (questionnaire, answers);
}

static void
test_rule (gconstpointer data)
{
  const RuleCase *rule_case = data;
  g_autoptr(PbEvaluation) fired = NULL;
  g_autoptr(PbEvaluation) missed = NULL;
  PbFlag *flag;

  g_assert_nonnull (pb_questionnaire_lookup_rule (questionnaire, rule_case->rule));

  fired = evaluate_with (rule_case->fires);
  if (!raised (fired, rule_case->rule))
    g_error ("%s did not fire on %s", rule_case->rule, rule_case->fires);
  flag = pb_evaluation_lookup_flag (fired, rule_case->rule);
  g_assert_true (flag == NULL || !pb_flag_is_from_unknown (flag));

  missed = evaluate_with (rule_case->near_miss);
  if (raised (missed, rule_case->rule))
    g_error ("%s fired on its near miss %s", rule_case->rule, rule_case->near_miss);
}

/* A compound rule that reads other flags names the questions that raised
 * them (and the ones it reads itself), once each, in document order. */
static void
test_compound_triggers (void)
{
  static const struct { const char *changes; const char *rule; const char *triggers; } checks[] = {
    { "{\"S1.05\": \"yes\", \"S3.10\": \"yes\", \"S4.09\": \"no\", \"S6.08\": \"yes\"}",
      "CR-15", "S1.05 S3.10 S4.09" },
    { "{\"S1.05\": \"yes\", \"S6.08\": \"yes\", \"S7.11\": \"no\"}",
      "CR-16", "S1.05 S6.08 S7.09 S7.11" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autoptr(PbEvaluation) evaluation = evaluate_with (checks[i].changes);
      PbFlag *flag = pb_evaluation_lookup_flag (evaluation, checks[i].rule);
      g_autofree char *triggers = NULL;

      g_assert_nonnull (flag);
      triggers = g_strjoinv (" ", (char **) pb_flag_get_triggers (flag));
      g_assert_cmpstr (triggers, ==, checks[i].triggers);
    }
}

/* The base itself is the green path and fires no compound rule. */
static void
test_base (void)
{
  g_autoptr(PbEvaluation) evaluation = evaluate_with ("{}");

  g_assert_cmpint (pb_evaluation_get_outcome (evaluation), ==, PB_OUTCOME_PROCEED);
  for (guint i = 0; i < pb_evaluation_get_n_flags (evaluation); i++)
    {
      PbRule *rule = pb_flag_get_rule (pb_evaluation_get_flag (evaluation, i));

      if (pb_rule_is_compound (rule))
        g_error ("the base fires %s", pb_rule_get_id (rule));
    }
}

/* Single answers raise the flag of their row in DOMAIN A at its severity,
 * and answers to hidden questions are ignored. */
static const struct {
  const char *changes;
  const char *rule;
  PbSeverity  severity;   /* PB_SEVERITY_NONE: must not be raised */
} answer_flags[] = {
  { "{\"S1.03\": [\"trait-classification\"]}", "S1.03-TRAIT", PB_SEVERITY_CRITICAL },
  { "{\"S1.03\": [\"gait\"]}", "S1.03-ID", PB_SEVERITY_HIGH },
  { "{\"S1.03\": [\"age-gender\"]}", "S1.03-PROFILING", PB_SEVERITY_MEDIUM },
  { "{\"S1.03\": [\"interception\"]}", "S1.03-COMMS", PB_SEVERITY_HIGH },
  { "{\"S1.02\": \"intrusion\"}", "S1.02-COVERT-FAMILY", PB_SEVERITY_HIGH },
  { "{\"S1.08a\": 2000}", "S1.08-SCALE", PB_SEVERITY_HIGH },
  { "{\"S1.08a\": 200}", "S1.08-SCALE-MEDIUM", PB_SEVERITY_MEDIUM },
  { "{\"S1.10\": \"new-feature\"}", "S1.10-FEATURE", PB_SEVERITY_HIGH },
  { "{\"S2.12\": \"no\"}", "S2.12-RECORDS", PB_SEVERITY_LOW },
  { "{\"S2.02c\": \"possible\"}", "S2.02-POSSIBLE", PB_SEVERITY_HIGH },
  { "{\"S3.04\": \"unknown\"}", "S3.04-LINKED", PB_SEVERITY_MEDIUM },
  { "{\"S3.09\": \"refuses\"}", "S3.09-REFUSES", PB_SEVERITY_HIGH },
  { "{\"S3.09\": \"refuses\", \"S3.02\": \"police\"}", "S3.09-REFUSES-SECURITY", PB_SEVERITY_CRITICAL },
  { "{\"S4.01\": [\"interrogation\"]}", "S4.01-INTERROGATION", PB_SEVERITY_CRITICAL },
  { "{\"S1.03\": [\"watchlist\"], \"S4.07\": \"unknown\"}", "S4.07-WATCHLIST", PB_SEVERITY_HIGH },
  { "{\"S5.06\": [\"terrorism-laws\"]}", "S5.06-LAW", PB_SEVERITY_MEDIUM },
  { "{\"S5.06\": [\"terrorism-laws\", \"shutdowns\"]}", "S5.06-LAWS", PB_SEVERITY_HIGH },
  { "{\"S6.10\": 7}", "S6.10-DEPENDENCE", PB_SEVERITY_LOW },
  { "{\"S8.04\": \"no\"}", "S8.04-GAP", PB_SEVERITY_MEDIUM },
  /* Hidden: no biometric function, not a university, no licence needed. */
  { "{\"S1.12\": \"no\"}", "S1.12-NO", PB_SEVERITY_NONE },
  { "{\"S1.03\": [\"face-verification\"], \"S1.12\": \"no\"}", "S1.12-NO", PB_SEVERITY_MEDIUM },
  { "{\"S3.11\": \"security-partner\"}", "S3.11-SECURITY-PARTNER", PB_SEVERITY_NONE },
  { "{\"S3.02\": \"university\", \"S3.11\": \"security-partner\"}", "S3.11-SECURITY-PARTNER", PB_SEVERITY_HIGH },
};

static void
test_answer_flags (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (answer_flags); i++)
    {
      g_autoptr(PbEvaluation) evaluation = evaluate_with (answer_flags[i].changes);
      PbFlag *flag = pb_evaluation_lookup_flag (evaluation, answer_flags[i].rule);

      if (answer_flags[i].severity == PB_SEVERITY_NONE)
        {
          if (flag != NULL)
            g_error ("%s raised %s", answer_flags[i].changes, answer_flags[i].rule);
          continue;
        }

      if (flag == NULL)
        g_error ("%s did not raise %s", answer_flags[i].changes, answer_flags[i].rule);
      if (pb_flag_get_severity (flag) != answer_flags[i].severity)
        g_error ("%s raised %s at %s", answer_flags[i].changes, answer_flags[i].rule,
                 pb_severity_to_string (pb_flag_get_severity (flag)));
    }
}

/* Hard stops decide the outcome whatever else holds. */
static void
test_hard_stops (void)
{
  static const char * const changes[] = {
    "{\"S2.02b\": \"confirmed\"}",
    "{\"S2.06\": \"not-applied\"}",
    "{\"S6.06\": \"yes\"}",
    "{\"S2.03\": \"monitoring-ban\", \"S1.03\": [\"interception\"]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autoptr(PbEvaluation) evaluation = evaluate_with (changes[i]);

      if (pb_evaluation_get_outcome (evaluation) != PB_OUTCOME_DO_NOT_PROCEED)
        g_error ("%s: %s", changes[i], pb_outcome_to_string (pb_evaluation_get_outcome (evaluation)));
    }
}

/* Suspicion and an unclear classification for a security user ask for the
 * authority; knowledge stops the deal. */
static void
test_consult_authority (void)
{
  g_autoptr(PbEvaluation) suspect = evaluate_with ("{\"S2.05\": \"suspect\"}");
  g_autoptr(PbEvaluation) unsure = evaluate_with ("{\"S1.07\": \"unsure\", \"S3.02\": \"civil-government\"}");

  g_assert_cmpint (pb_evaluation_get_outcome (suspect), ==, PB_OUTCOME_CONSULT_AUTHORITY);
  g_assert_nonnull (pb_evaluation_lookup_flag (suspect, "S2.05-SUSPECT"));
  g_assert_nonnull (pb_evaluation_lookup_flag (unsure, "S1.07-UNSURE"));
  g_assert_null (pb_evaluation_lookup_flag (unsure, "S1.07-UNSURE-SECURITY"));
}

/* A removed module mitigates the capability flag, unless the safeguards
 * cannot be enforced. */
static void
test_mitigation (void)
{
  g_autoptr(PbEvaluation) locked =
    evaluate_with ("{\"S1.03\": [\"face-identification\"], \"S7.05\": [\"licence-locked\"]}");
  g_autoptr(PbEvaluation) unenforceable =
    evaluate_with ("{\"S1.03\": [\"face-identification\"], \"S7.05\": [\"licence-locked\"], \"S7.11\": \"no\"}");
  PbFlag *flag;

  flag = pb_evaluation_lookup_flag (locked, "S1.03-ID");
  g_assert_nonnull (flag);
  g_assert_true (pb_flag_is_mitigated (flag));

  flag = pb_evaluation_lookup_flag (unenforceable, "S1.03-ID");
  g_assert_nonnull (flag);
  g_assert_false (pb_flag_is_mitigated (flag));
}

/* Too many unknown answers in a weighted section is itself a High flag. */
static void
test_unknown_threshold (void)
{
  g_autoptr(PbEvaluation) few = evaluate_with ("{\"S3.04\": \"unknown\"}");
  g_autoptr(PbEvaluation) many =
    evaluate_with ("{\"S3.03\": \"unknown\", \"S3.04\": \"unknown\", \"S3.06\": \"unknown\", \"S3.08\": \"unknown\"}");

  g_assert_null (pb_evaluation_lookup_flag (few, "UNKNOWN-S3"));
  g_assert_nonnull (pb_evaluation_lookup_flag (many, "UNKNOWN-S3"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  questionnaire = pb_data_load_questionnaire ("surveillance-export", &error);
  g_assert_no_error (error);

  g_test_add_func ("/pb/rules/base", test_base);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pb/rules/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_rule);
    }
  g_test_add_func ("/pb/rules/answer-flags", test_answer_flags);
  g_test_add_func ("/pb/rules/compound-triggers", test_compound_triggers);
  g_test_add_func ("/pb/rules/hard-stops", test_hard_stops);
  g_test_add_func ("/pb/rules/consult-authority", test_consult_authority);
  g_test_add_func ("/pb/rules/mitigation", test_mitigation);
  g_test_add_func ("/pb/rules/unknown-threshold", test_unknown_threshold);

  status = g_test_run ();
  g_clear_object (&questionnaire);

  return status;
}
