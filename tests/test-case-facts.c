/* test-case-facts.c: what the new-case dialog took, carried into answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-case-facts.h"
#include "pb-data.h"

static char *
answer_json (PbAnswerSet *answers,
             const char  *question_id)
{
  PbAnswer *answer = pb_answer_set_lookup (answers, question_id);

  return answer ? pb_answer_to_json (answer) : NULL;
}

static const struct {
  const char *name;
  PbCaseFacts facts;
  const char *country;       /* S0.02 */
  const char *family;        /* S1.02 */
  const char *capabilities;  /* S1.03 */
  const char *entity_type;   /* S3.02 */
} cases[] = {
  { "all", { "CN", "police", "camera", (const char *[]) { "live-video", "Recording", NULL } },
    "\"CN\"", "\"camera\"", "[\"live-video\",\"recording\"]", "\"police\"" },
  /* The customer records' codes that the question spells differently. */
  { "entity-codes", { NULL, "civil-authority", NULL, NULL }, NULL, NULL, NULL, "\"civil-government\"" },
  { "research", { NULL, "research", NULL, NULL }, NULL, NULL, NULL, "\"university\"" },
  /* Not known is no answer; nor is what a question does not list. */
  { "unknown", { NULL, "unknown", NULL, NULL }, NULL, NULL, NULL, NULL },
  { "foreign-codes", { NULL, "astronauts", "toaster", (const char *[]) { "toasting", " ", NULL } },
    NULL, NULL, NULL, NULL },
  /* One capability the question does not list: not a list in part, which
   * would answer the question as complete. */
  { "capabilities-in-part", { NULL, NULL, NULL, (const char *[]) { "Live video", "face recognition", NULL } },
    NULL, NULL, NULL, NULL },
  { "nothing", { NULL, NULL, NULL, NULL }, NULL, NULL, NULL, NULL },
};

static void
test_case_facts (gconstpointer data)
{
  const typeof (cases[0]) *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = pb_data_load_questionnaire ("surveillance-export", &error);
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autofree char *country = NULL;
  g_autofree char *family = NULL;
  g_autofree char *capabilities = NULL;
  g_autofree char *entity_type = NULL;
  guint expected = 0;

  g_assert_no_error (error);
  answers = pb_case_facts_to_answers (questionnaire, &c->facts);
  country = answer_json (answers, "S0.02");
  family = answer_json (answers, "S1.02");
  capabilities = answer_json (answers, "S1.03");
  entity_type = answer_json (answers, "S3.02");
  g_assert_cmpstr (country, ==, c->country);
  g_assert_cmpstr (family, ==, c->family);
  g_assert_cmpstr (capabilities, ==, c->capabilities);
  g_assert_cmpstr (entity_type, ==, c->entity_type);

  expected = (c->country != NULL) + (c->family != NULL) + (c->capabilities != NULL) + (c->entity_type != NULL);
  g_assert_cmpuint (pb_answer_set_get_size (answers), ==, expected);
  g_assert_true (pb_answer_set_validate (answers, questionnaire, &error));
  g_assert_no_error (error);
}

/* Another questionnaire asks none of it. */
static void
test_case_facts_other_questionnaire (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = pb_data_load_questionnaire ("governance", &error);
  PbCaseFacts facts = { "CN", "police", "camera", NULL };
  g_autoptr(PbAnswerSet) answers = NULL;

  g_assert_no_error (error);
  answers = pb_case_facts_to_answers (questionnaire, &facts);
  g_assert_cmpuint (pb_answer_set_get_size (answers), ==, 0);
}

/* What a customer's record takes: every entity type the new-case dialog
 * offers; another is an error that names it and what it may be. */
static void
test_case_facts_check (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = pb_data_load_questionnaire ("surveillance-export", &error);
  const PbCaseFactCode *codes;
  guint n;

  g_assert_no_error (error);
  codes = pb_case_facts_get_entity_types (&n);
  for (guint i = 0; i < n; i++)
    {
      PbCaseFacts facts = { NULL, codes[i].code, NULL, NULL };

      g_assert_true (pb_case_facts_check (questionnaire, &facts, &error));
      g_assert_no_error (error);
    }
  {
    PbCaseFacts facts = { "CN", "government", "camera", (const char *[]) { "anything", NULL } };

    g_assert_false (pb_case_facts_check (questionnaire, &facts, &error));
    g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "“government”"));
    g_assert_nonnull (strstr (error->message, "civil-authority"));
    g_clear_error (&error);
  }
  /* Families stay open: a questionnaire or an organisation adds its own. */
  {
    PbCaseFacts facts = { NULL, "police", "cctv", NULL };

    g_assert_true (pb_case_facts_check (questionnaire, &facts, &error));
    g_assert_no_error (error);
  }
  {
    PbCaseFacts facts = { NULL, "", "", NULL };

    g_assert_true (pb_case_facts_check (questionnaire, &facts, &error));
    g_assert_no_error (error);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pb/case-facts/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case_facts);
    }
  g_test_add_func ("/pb/case-facts/other-questionnaire", test_case_facts_other_questionnaire);
  g_test_add_func ("/pb/case-facts/check", test_case_facts_check);

  return g_test_run ();
}
