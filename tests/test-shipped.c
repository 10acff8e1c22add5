/* test-shipped.c: every shipped questionnaire loads and rates as designed
 *
 * The reference data has its own tests, test-countries.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-answer-set.h"
#include "pb-data.h"
#include "pb-evaluation.h"
#include "pb-questionnaire.h"

static PbQuestionnaire *
load (const char *id)
{
  g_autoptr(GError) error = NULL;
  PbQuestionnaire *questionnaire = pb_data_load_questionnaire (id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (questionnaire);

  return questionnaire;
}

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

/* Every *.xml in questionnaires/ loads, and everything a person reads has
 * text and every question and rule names where it comes from. */
static void
test_all_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = pb_data_list_questionnaires (&error);
  g_autoptr(GFile) folder = pb_data_get_file ("questionnaires", NULL);
  g_autofree char *path = g_file_get_path (folder);
  g_autoptr(GDir) dir = NULL;
  guint n_xml = 0;
  const char *name;
  gboolean seen_surveillance = FALSE, seen_governance = FALSE;

  g_assert_no_error (error);
  g_assert_nonnull (list);

  dir = g_dir_open (path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)))
    if (g_str_has_suffix (name, ".xml"))
      n_xml++;
  g_assert_cmpuint (list->len, ==, n_xml);

  for (guint i = 0; i < list->len; i++)
    {
      PbQuestionnaire *questionnaire = g_ptr_array_index (list, i);
      const char *id = pb_questionnaire_get_id (questionnaire);

      seen_surveillance |= g_str_equal (id, "surveillance-export");
      seen_governance |= g_str_equal (id, "governance");
      g_assert_true (has_text (pb_questionnaire_get_version (questionnaire)));
      g_assert_true (has_text (pb_questionnaire_get_title (questionnaire)));
      g_assert_cmpuint (pb_questionnaire_get_n_sections (questionnaire), >=, 1);

      for (guint q = 0; q < pb_questionnaire_get_n_questions (questionnaire); q++)
        {
          PbQuestion *question = pb_questionnaire_get_question (questionnaire, q);
          const char * const *refs = pb_question_get_references (question);

          if (!has_text (pb_question_get_help (question)) || refs == NULL || !has_text (refs[0]))
            g_error ("%s: question %s lacks help or a reference", id, pb_question_get_id (question));
          g_assert_true (has_text (pb_question_get_label (question)));
        }

      for (guint r = 0; r < pb_questionnaire_get_n_rules (questionnaire); r++)
        {
          PbRule *rule = pb_questionnaire_get_rule (questionnaire, r);
          const char * const *refs = pb_rule_get_references (rule);

          if (!has_text (pb_rule_get_title (rule)) ||
              !has_text (pb_rule_get_rationale (rule)) ||
              !has_text (pb_rule_get_mitigation (rule)) ||
              refs == NULL || !has_text (refs[0]))
            g_error ("%s: rule %s lacks a text or a reference", id, pb_rule_get_id (rule));
          /* A mitigable rule says what mitigates it (METHOD.md, C.3). */
          g_assert_true (pb_rule_is_mitigable (rule) == (pb_rule_get_mitigated_if (rule) != NULL));
        }
    }

  g_assert_true (seen_surveillance);
  g_assert_true (seen_governance);
}

static const char * const gate_questions[] = {
  "S0.02", "S1.01", "S1.06", "S2.02a", "S2.02b", "S2.02c", "S2.02d", "S2.02e", "S2.02f",
  "S2.02g", "S2.02h", "S2.02i", "S2.05", "S2.06", "S3.01", "S3.02", "S4.01", "S4.02r",
  "S7.11",
};

/* Legal bars (METHOD.md): established, they stop the deal whatever else holds. */
static const char * const legal_bars[] = {
  "LIST-EU", "LIST-UN", "LIST-UK", "LIST-SDN", "LIST-ENTITY", "LIST-MEU", "LIST-DPL",
  "LIST-NATIONAL", "CONCEALMENT", "EMBARGO-MILITARY", "BAN-MONITORING", "BAN-DUAL-USE",
  "LICENCE-REFUSED", "AUTHORITY-REFUSED", "AI-5C", "AI-5D", "AI-5E", "AI-5F", "AI-5G", "AI-5H",
};

/* Each legal bar that depends on where the rule applies has a human-rights
 * counterpart for where it does not, which is never a hard stop. */
static const char * const human_rights_counterparts[] = {
  "LIST-NOT-BINDING", "AI-5C-ABROAD", "AI-5D-ABROAD", "AI-5E-ABROAD", "AI-5F-ABROAD",
  "AI-5G-ABROAD", "AI-5H-ABROAD",
};

static const struct {
  const char *id;
  PbRuleKind  kind;
} kinds[] = {
  { "LIST-POSSIBLE", PB_RULE_KIND_HOLD }, { "LICENCE-PENDING", PB_RULE_KIND_HOLD },
  { "AUTHORITY-PENDING", PB_RULE_KIND_HOLD }, { "LICENCE-CONTRADICTION", PB_RULE_KIND_HOLD },
  { "LICENCE-APPLY", PB_RULE_KIND_CONDITION }, { "LICENCE-CONDITIONS", PB_RULE_KIND_CONDITION },
  { "LIST-UVL", PB_RULE_KIND_CONDITION }, { "AI-HIGH-RISK", PB_RULE_KIND_CONDITION },
  { "COND-HR-CLAUSE", PB_RULE_KIND_CONDITION }, { "GP-01", PB_RULE_KIND_ASSURANCE },
};

static const char * const consult_rules[] = {
  "NOTIFY-AWARE", "CONSULT-SUSPECT", "CONSULT-CYBER", "CONSULT-CLASSIFICATION", "CONSULT-REFUSED-BEFORE",
};

/* Ids of 1.0.0 that 2.0.0 removed: each fact is asked once (issue 9). */
static const char * const removed_questions[] = {
  "S1.08a", "S1.13", "S2.01", "S2.01u", "S2.03", "S2.11", "S2.12", "S3.06", "S3.08",
  "S4.02", "S4.09", "S4.10", "S5.01", "S6.03", "S6.11",
};

static void
test_surveillance_export (void)
{
  g_autoptr(PbQuestionnaire) questionnaire = load ("surveillance-export");
  const char * const *families = pb_questionnaire_get_families (questionnaire);
  PbQuestion *family_question;
  PbQuestion *question;
  PbRule *rule;
  guint n_visible_if = 0;

  g_assert_cmpstr (pb_questionnaire_get_version (questionnaire), ==, "2.1.0");
  g_assert_cmpuint (pb_questionnaire_get_method (questionnaire), ==, 2);
  g_assert_cmpuint (pb_questionnaire_get_n_questions (questionnaire), >=, 100);
  g_assert_cmpuint (pb_questionnaire_get_n_sections (questionnaire), ==, 9);

  for (guint i = 0; i < G_N_ELEMENTS (gate_questions); i++)
    {
      question = pb_questionnaire_lookup_question (questionnaire, gate_questions[i]);

      g_assert_nonnull (question);
      if (!pb_question_is_gate (question) || !pb_question_is_required (question))
        g_error ("%s must be a required gate question", gate_questions[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (removed_questions); i++)
    if (pb_questionnaire_lookup_question (questionnaire, removed_questions[i]) != NULL)
      g_error ("%s was removed in 2.0.0", removed_questions[i]);

  for (guint i = 0; i < G_N_ELEMENTS (legal_bars); i++)
    {
      rule = pb_questionnaire_lookup_rule (questionnaire, legal_bars[i]);
      if (rule == NULL)
        g_error ("rule %s is missing", legal_bars[i]);
      g_assert_true (pb_rule_is_hard_stop (rule));
      g_assert_false (pb_rule_is_mitigable (rule));
      g_assert_cmpint (pb_rule_get_severity (rule), ==, PB_SEVERITY_CRITICAL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (human_rights_counterparts); i++)
    {
      rule = pb_questionnaire_lookup_rule (questionnaire, human_rights_counterparts[i]);
      g_assert_nonnull (rule);
      g_assert_false (pb_rule_is_hard_stop (rule));
      g_assert_cmpint (pb_rule_get_severity (rule), ==, PB_SEVERITY_CRITICAL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      rule = pb_questionnaire_lookup_rule (questionnaire, kinds[i].id);
      g_assert_nonnull (rule);
      g_assert_cmpint (pb_rule_get_kind (rule), ==, kinds[i].kind);
    }

  for (guint i = 0; i < G_N_ELEMENTS (consult_rules); i++)
    g_assert_true (pb_rule_needs_authority (pb_questionnaire_lookup_rule (questionnaire, consult_rules[i])));

  /* Product features are mitigable; facts about the end user are not. */
  g_assert_true (pb_rule_is_mitigable (pb_questionnaire_lookup_rule (questionnaire, "CAP-ID")));
  g_assert_cmpuint (pb_rule_get_n_mitigations (pb_questionnaire_lookup_rule (questionnaire, "CAP-ID")), ==, 2);
  g_assert_false (pb_rule_is_mitigable (pb_questionnaire_lookup_rule (questionnaire, "NAMED")));
  g_assert_false (pb_rule_is_mitigable (pb_questionnaire_lookup_rule (questionnaire, "CAP-INTRUSION")));

  /* Compound rules fold the flags they restate. */
  rule = pb_questionnaire_lookup_rule (questionnaire, "MASS-SURVEILLANCE");
  g_assert_cmpuint (pb_rule_get_n_folds (rule), ==, 3);
  g_assert_cmpstr (pb_rule_get_id (pb_rule_get_fold (rule, 0)), ==, "INDISCRIMINATE");

  /* The country facts come from the reference data, with a reason to differ. */
  question = pb_questionnaire_lookup_question (questionnaire, "S5.02");
  g_assert_cmpint (pb_question_get_prefill (question), ==, PB_PREFILL_FIW_STATUS);
  g_assert_cmpstr (pb_question_get_id (pb_question_get_prefill_from (question)), ==, "S0.02");
  g_assert_cmpstr (pb_question_get_id (pb_question_get_override_reason (question)), ==, "S5.02o");
  g_assert_cmpint (pb_question_get_prefill (pb_questionnaire_lookup_question (questionnaire, "S5.03")), ==, PB_PREFILL_FOTN_STATUS);
  g_assert_cmpint (pb_question_get_prefill (pb_questionnaire_lookup_question (questionnaire, "S2.17")), ==, PB_PREFILL_MEASURES);

  /* What an "unknown" means is said for every question that takes it. */
  for (guint i = 0; i < pb_questionnaire_get_n_questions (questionnaire); i++)
    {
      question = pb_questionnaire_get_question (questionnaire, i);
      if (pb_question_allows_unknown (question) && pb_question_get_resolve (question) == NULL)
        g_error ("%s takes “unknown” but does not say what to find out", pb_question_get_id (question));
    }

  for (guint i = 0; i < pb_questionnaire_get_n_sections (questionnaire); i++)
    {
      PbSection *section = pb_questionnaire_get_section (questionnaire, i);
      const char *id = pb_section_get_id (section);
      gboolean weighted = g_strv_contains ((const char * const []) { "S1", "S3", "S4", "S5", NULL }, id);

      if (weighted)
        g_assert_cmpfloat_with_epsilon (pb_section_get_unknown_threshold (section), 0.25, 1e-9);
      else
        g_assert_cmpfloat (pb_section_get_unknown_threshold (section), <, 0);
    }

  /* The families offered are exactly the codes of S1.02. */
  family_question = pb_questionnaire_lookup_question (questionnaire, "S1.02");
  g_assert_nonnull (family_question);
  g_assert_cmpuint (g_strv_length ((char **) families), ==, pb_question_get_n_choices (family_question));
  for (guint i = 0; families[i] != NULL; i++)
    g_assert_nonnull (pb_question_lookup_choice (family_question, families[i]));

  for (guint i = 0; i < pb_questionnaire_get_n_questions (questionnaire); i++)
    if (pb_question_get_visible_if (pb_questionnaire_get_question (questionnaire, i)) != NULL)
      n_visible_if++;
  g_assert_cmpuint (n_visible_if, >=, 10);
  g_assert_nonnull (pb_question_get_visible_if (pb_questionnaire_lookup_question (questionnaire, "S2.04")));
  g_assert_nonnull (pb_question_get_visible_if (pb_questionnaire_lookup_question (questionnaire, "S2.06r")));
  g_assert_nonnull (pb_question_get_visible_if (pb_questionnaire_lookup_question (questionnaire, "S4.16")));
}

static void
test_governance (void)
{
  g_autoptr(PbQuestionnaire) questionnaire = load ("governance");

  g_assert_cmpuint (pb_questionnaire_get_n_questions (questionnaire), >=, 8);
  g_assert_cmpuint (pb_questionnaire_get_n_questions (questionnaire), <=, 12);
  g_assert_cmpuint (pb_questionnaire_get_n_rules (questionnaire), >=, 5);
  g_assert_nonnull (pb_questionnaire_lookup_question (questionnaire, "S9.01"));
  g_assert_nonnull (pb_questionnaire_lookup_rule (questionnaire, "S9.07-INCENTIVES"));
}

/* The same engine rates the governance check: the example answers pass,
 * and a company with neither policy nor owner is flagged. */
static void
test_governance_evaluates (void)
{
  g_autoptr(PbQuestionnaire) questionnaire = load ("governance");
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "answers", "governance-example.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswerSet) answers = pb_answer_set_new_from_file (file, &error);
  g_autoptr(PbEvaluation) good = NULL;
  g_autoptr(PbEvaluation) weak = NULL;
  g_autoptr(PbAnswer) no = pb_answer_new_string ("no");

  g_assert_no_error (error);
  pb_answer_set_validate (answers, questionnaire, &error);
  g_assert_no_error (error);

  /* A company check, not a deal: it speaks of governance, not of proceeding. */
  g_assert_cmpint (pb_questionnaire_get_purpose (questionnaire), ==, PB_PURPOSE_COMPANY_CHECK);
  g_assert_false (pb_questionnaire_reads_reference (questionnaire));

  good = pb_evaluate (questionnaire, answers);
  g_assert_cmpint (pb_evaluation_get_outcome (good), ==, PB_OUTCOME_PROCEED);
  g_assert_cmpstr (pb_evaluation_get_outcome_label (good), ==, "Governance adequate");
  g_assert_nonnull (pb_evaluation_lookup_flag (good, "S9.06-NO-EXPERTS"));
  g_assert_null (pb_evaluation_lookup_flag (good, "G-01"));

  pb_answer_set_insert (answers, "S9.01", no);
  pb_answer_set_insert (answers, "S9.03", no);
  weak = pb_evaluate (questionnaire, answers);
  g_assert_nonnull (pb_evaluation_lookup_flag (weak, "G-01"));
  g_assert_cmpint (pb_evaluation_get_outcome (weak), !=, PB_OUTCOME_PROCEED);
  g_assert_cmpstr (pb_evaluation_get_outcome_label (weak), ==,
                   pb_outcome_get_label_for_purpose (pb_evaluation_get_outcome (weak), PB_PURPOSE_COMPANY_CHECK));
  g_assert_cmpstr (pb_evaluation_get_outcome_label (weak), !=, pb_outcome_get_label (pb_evaluation_get_outcome (weak)));
  /* S9.02 is asked only when there is a policy. */
  g_assert_false (pb_evaluation_is_visible (weak, pb_questionnaire_lookup_question (questionnaire, "S9.02")));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pb/shipped/all-load", test_all_load);
  g_test_add_func ("/pb/shipped/surveillance-export", test_surveillance_export);
  g_test_add_func ("/pb/shipped/governance", test_governance);
  g_test_add_func ("/pb/shipped/governance-evaluates", test_governance_evaluates);

  return g_test_run ();
}
