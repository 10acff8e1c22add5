/* pb-case-facts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-facts"

#include "config.h"

#include "pb-case-facts.h"
#include "pb-i18n.h"

typedef enum
{
  FACT_COUNTRY,
  FACT_ENTITY_TYPE,
  FACT_FAMILY,
  FACT_CAPABILITIES,
} Fact;

/* Which question of a shipped questionnaire asks again for what the
 * new-case dialog already took. The customer's country is where a
 * product is usually deployed; the question says it may differ. */
static const struct {
  const char *questionnaire_id;
  const char *question_id;
  Fact        fact;
} carried[] = {
  { "surveillance-export", "S0.02", FACT_COUNTRY },
  { "surveillance-export", "S1.02", FACT_FAMILY },
  { "surveillance-export", "S1.03", FACT_CAPABILITIES },
  { "surveillance-export", "S3.02", FACT_ENTITY_TYPE },
};

static const PbCaseFactCode entity_types[] = {
  { "police", N_("Police or public security bureau") },
  { "intelligence", N_("Intelligence or state security") },
  { "military", N_("Military") },
  { "paramilitary", N_("Paramilitary or quasi-state security body") },
  { "detention", N_("Prison or detention facility") },
  { "border", N_("Border or migration authority") },
  { "civil-authority", N_("Civilian ministry or municipality") },
  { "state-owned", N_("State-owned enterprise") },
  { "research", N_("University or research institute") },
  { "private-critical", N_("Private company, critical infrastructure") },
  { "private-commercial", N_("Private company, commercial") },
  { "ngo", N_("NGO or other") },
  { "unknown", N_("Not known") },
};

static const PbCaseFactCode families[] = {
  { "camera", N_("Camera or encoder") },
  { "vms", N_("Video management system") },
  { "video-analytics", N_("Video analytics") },
  { "biometric", N_("Biometric identification") },
  { "lawful-interception", N_("Lawful interception or monitoring centre") },
  { "network-monitoring", N_("IP network monitoring or DPI") },
  { "imsi-catcher", N_("Mobile interception (IMSI catcher)") },
  { "intrusion", N_("Intrusion software") },
  { "forensic-extraction", N_("Digital forensic extraction") },
  { "data-analytics", N_("Data analytics or fusion") },
  { "social-media", N_("Social-media monitoring") },
  { "location-tracking", N_("Location tracking") },
  { "other", N_("Other") },
};

const PbCaseFactCode *
pb_case_facts_get_entity_types (guint *n_types)
{
  g_return_val_if_fail (n_types != NULL, NULL);

  *n_types = G_N_ELEMENTS (entity_types);
  return entity_types;
}

const PbCaseFactCode *
pb_case_facts_get_families (guint *n_families)
{
  g_return_val_if_fail (n_families != NULL, NULL);

  *n_families = G_N_ELEMENTS (families);
  return families;
}

/* Customer entity types (the store's codes) whose choice code differs. */
static const struct {
  const char *entity_type;
  const char *code;
} entity_codes[] = {
  { "civil-authority", "civil-government" },
  { "research", "university" },
  { "private-critical", "private-infrastructure" },
  { "ngo", "ngo-other" },
};

static const char *
entity_code (const char *entity_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (entity_codes); i++)
    if (g_str_equal (entity_type, entity_codes[i].entity_type))
      return entity_codes[i].code;

  return entity_type;
}

/* A choice by its code or, as typed in the dialog, its label. */
static const char *
find_choice (PbQuestion *question,
             const char *text)
{
  g_autofree char *wanted = g_utf8_casefold (text, -1);

  for (guint i = 0; i < pb_question_get_n_choices (question); i++)
    {
      PbChoice *choice = pb_question_get_choice (question, i);
      g_autofree char *code = g_utf8_casefold (pb_choice_get_code (choice), -1);
      g_autofree char *label = g_utf8_casefold (pb_choice_get_label (choice), -1);

      if (g_str_equal (wanted, code) || g_str_equal (wanted, label))
        return pb_choice_get_code (choice);
    }

  return NULL;
}

/* All the capabilities or none: the question asks what the product can do,
 * and a list that leaves out one it could not read ("face recognition" for
 * "1:N face identification") would answer it as complete and too mild. */
static PbAnswer *
capabilities_answer (PbQuestion         *question,
                     const char * const *capabilities)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();

  for (guint i = 0; capabilities != NULL && capabilities[i] != NULL; i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (capabilities[i]));
      const char *code;

      if (text[0] == '\0')
        continue;
      if ((code = find_choice (question, text)) == NULL)
        return NULL;
      if (!g_ptr_array_find_with_equal_func (codes, code, g_str_equal, NULL))
        g_ptr_array_add (codes, (gpointer) code);
    }

  if (codes->len == 0)
    return NULL;
  g_ptr_array_add (codes, NULL);

  return pb_answer_new_codes ((const char * const *) codes->pdata);
}

static PbAnswer *
fact_answer (PbQuestion        *question,
             Fact               fact,
             const PbCaseFacts *facts)
{
  const char *text = NULL;

  switch (fact)
    {
    case FACT_COUNTRY:
      text = facts->country;
      break;
    case FACT_ENTITY_TYPE:
      text = facts->entity_type != NULL ? entity_code (facts->entity_type) : NULL;
      break;
    case FACT_FAMILY:
      text = facts->family;
      break;
    case FACT_CAPABILITIES:
      return capabilities_answer (question, facts->capabilities);
    default:
      g_assert_not_reached ();
    }

  /* Not known is not a fact, and a code the question does not list is not
   * one it can take. */
  if (text == NULL || text[0] == '\0' || g_str_equal (text, "unknown"))
    return NULL;
  if (pb_question_get_question_type (question) == PB_QUESTION_SINGLE && pb_question_lookup_choice (question, text) == NULL)
    return NULL;

  return pb_question_parse_answer (question, text, NULL);
}

static gboolean
is_code (const PbCaseFactCode *codes,
         guint                 n_codes,
         const char           *code)
{
  for (guint i = 0; i < n_codes; i++)
    if (g_str_equal (codes[i].code, code))
      return TRUE;

  return FALSE;
}

static char *
list_codes (const PbCaseFactCode *codes,
            guint                 n_codes)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < n_codes; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", codes[i].code);

  return g_string_free (list, FALSE);
}

gboolean
pb_case_facts_check (PbQuestionnaire   *questionnaire,
                     const PbCaseFacts *facts,
                     GError           **error)
{
  g_return_val_if_fail (questionnaire != NULL, FALSE);
  g_return_val_if_fail (facts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (facts->entity_type != NULL && facts->entity_type[0] != '\0' &&
      !is_code (entity_types, G_N_ELEMENTS (entity_types), facts->entity_type))
    {
      g_autofree char *codes = list_codes (entity_types, G_N_ELEMENTS (entity_types));

      /* Translators: an entity type as given, then the codes it may be */
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_INVALID, _("Unknown entity type “%s”: one of %s"),
                   facts->entity_type, codes);
      return FALSE;
    }

  return TRUE;
}

PbAnswerSet *
pb_case_facts_to_answers (PbQuestionnaire   *questionnaire,
                          const PbCaseFacts *facts)
{
  PbAnswerSet *answers;

  g_return_val_if_fail (questionnaire != NULL, NULL);
  g_return_val_if_fail (facts != NULL, NULL);

  answers = pb_answer_set_new ();

  for (guint i = 0; i < G_N_ELEMENTS (carried); i++)
    {
      PbQuestion *question;
      g_autoptr(PbAnswer) answer = NULL;

      if (g_strcmp0 (pb_questionnaire_get_id (questionnaire), carried[i].questionnaire_id) != 0)
        continue;
      question = pb_questionnaire_lookup_question (questionnaire, carried[i].question_id);
      if (question == NULL)
        continue;

      answer = fact_answer (question, carried[i].fact, facts);
      if (answer != NULL && pb_question_check_answer (question, answer, NULL))
        pb_answer_set_insert (answers, carried[i].question_id, answer);
    }

  return answers;
}

char **
pb_case_facts_split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}
