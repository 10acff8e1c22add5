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
  "S1.01", "S1.06", "S2.02a", "S2.02b", "S2.02c", "S2.02d", "S2.02e", "S2.05", "S2.06",
  "S3.01", "S3.02", "S4.01", "S4.02", "S4.02r", "S6.03", "S7.11",
};

static const struct {
  const char *id;
  gboolean    hard_stop;
} compound_rules[] = {
  { "CR-01", TRUE }, { "CR-02", FALSE }, { "CR-02-EAR", TRUE }, { "CR-03", FALSE },
  { "CR-04", FALSE }, { "CR-05", FALSE }, { "CR-06", FALSE }, { "CR-07", FALSE },
  { "CR-08", TRUE }, { "CR-09", FALSE }, { "CR-10", FALSE }, { "CR-11", FALSE },
  { "CR-12", FALSE }, { "CR-13", TRUE }, { "CR-14", TRUE }, { "CR-14b", FALSE },
  { "CR-15", FALSE }, { "CR-16", FALSE },
};

/* Legal facts bypass the matrix (DOMAIN C.1) and cannot be mitigated. */
static const char * const legal_hard_stops[] = {
  "S2.02-SANCTIONED", "S2.03-MONITORING-BAN", "S2.04-INFORMED", "S2.05-AWARE",
  "S2.06-NO-LICENCE", "S6.06-CONCEALMENT",
};

static void
test_surveillance_export (void)
{
  g_autoptr(PbQuestionnaire) questionnaire = load ("surveillance-export");
  const char * const *families = pb_questionnaire_get_families (questionnaire);
  PbQuestion *family_question;
  PbRule *rule;
  guint n_visible_if = 0;

  g_assert_cmpstr (pb_questionnaire_get_version (questionnaire), ==, "1.0.0");
  g_assert_cmpuint (pb_questionnaire_get_n_questions (questionnaire), >=, 70);
  g_assert_cmpuint (pb_questionnaire_get_n_sections (questionnaire), ==, 8);

  for (guint i = 0; i < G_N_ELEMENTS (gate_questions); i++)
    {
      PbQuestion *question = pb_questionnaire_lookup_question (questionnaire, gate_questions[i]);

      g_assert_nonnull (question);
      if (!pb_question_is_gate (question) || !pb_question_is_required (question))
        g_error ("%s must be a required gate question", gate_questions[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (compound_rules); i++)
    {
      rule = pb_questionnaire_lookup_rule (questionnaire, compound_rules[i].id);
      if (rule == NULL)
        g_error ("rule %s is missing", compound_rules[i].id);
      g_assert_true (pb_rule_is_compound (rule));
      g_assert_false (pb_rule_is_mitigable (rule));
      g_assert_cmpint (pb_rule_is_hard_stop (rule), ==, compound_rules[i].hard_stop);
    }

  for (guint i = 0; i < G_N_ELEMENTS (legal_hard_stops); i++)
    {
      rule = pb_questionnaire_lookup_rule (questionnaire, legal_hard_stops[i]);
      g_assert_nonnull (rule);
      g_assert_true (pb_rule_is_hard_stop (rule));
      g_assert_false (pb_rule_is_mitigable (rule));
    }

  rule = pb_questionnaire_lookup_rule (questionnaire, "GP-01");
  g_assert_nonnull (rule);
  g_assert_true (pb_rule_is_assurance (rule));

  g_assert_true (pb_rule_needs_authority (pb_questionnaire_lookup_rule (questionnaire, "S2.05-SUSPECT")));
  g_assert_true (pb_rule_needs_authority (pb_questionnaire_lookup_rule (questionnaire, "S1.07-UNSURE-SECURITY")));

  /* Product features are mitigable, country context is not (DOMAIN C.3). */
  g_assert_true (pb_rule_is_mitigable (pb_questionnaire_lookup_rule (questionnaire, "S1.03-TRAIT")));
  g_assert_true (pb_rule_is_mitigable (pb_questionnaire_lookup_rule (questionnaire, "S8.01-GAP")));
  g_assert_false (pb_rule_is_mitigable (pb_questionnaire_lookup_rule (questionnaire, "S5.02-NOT-FREE")));
  g_assert_false (pb_rule_is_mitigable (pb_questionnaire_lookup_rule (questionnaire, "S4.02-REGION")));

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
  g_assert_cmpuint (n_visible_if, >=, 5);
  g_assert_nonnull (pb_question_get_visible_if (pb_questionnaire_lookup_question (questionnaire, "S1.12")));
  g_assert_nonnull (pb_question_get_visible_if (pb_questionnaire_lookup_question (questionnaire, "S3.11")));
  g_assert_nonnull (pb_question_get_visible_if (pb_questionnaire_lookup_question (questionnaire, "S2.06r")));
  g_assert_nonnull (pb_question_get_visible_if (pb_questionnaire_lookup_question (questionnaire, "S1.08b")));
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

  good = pb_evaluate (questionnaire, answers);
  g_assert_cmpint (pb_evaluation_get_outcome (good), ==, PB_OUTCOME_PROCEED);
  g_assert_nonnull (pb_evaluation_lookup_flag (good, "S9.06-NO-EXPERTS"));
  g_assert_null (pb_evaluation_lookup_flag (good, "G-01"));

  pb_answer_set_insert (answers, "S9.01", no);
  pb_answer_set_insert (answers, "S9.03", no);
  weak = pb_evaluate (questionnaire, answers);
  g_assert_nonnull (pb_evaluation_lookup_flag (weak, "G-01"));
  g_assert_cmpint (pb_evaluation_get_outcome (weak), !=, PB_OUTCOME_PROCEED);
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
