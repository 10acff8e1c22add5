/* pb-report-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"

#include "pb-report-source.h"

static void
add_flags (PbReportData *data,
           PbEvaluation *evaluation)
{
  PbQuestionnaire *questionnaire = pb_evaluation_get_questionnaire (evaluation);
  guint n_flags = pb_evaluation_get_n_flags (evaluation);

  for (guint i = 0; i < n_flags; i++)
    {
      PbFlag *flag = pb_evaluation_get_flag (evaluation, i);
      PbRule *rule = pb_flag_get_rule (flag);
      g_autofree char *title = NULL;

      /* Holds and conditions are things to do, not risks: they are listed
       * with the conditions, and the reasons name them. */
      if (pb_rule_get_kind (rule) != PB_RULE_KIND_RISK)
        {
          /* Translators: a rule title, then what must be done */
          g_autofree char *condition = g_strdup_printf (_("%s: %s"), pb_rule_get_title (rule),
                                                        pb_rule_get_mitigation (rule));

          pb_report_data_add_condition (data, condition);
          continue;
        }

      if (pb_flag_is_unresolved (flag))
        {
          const char * const *unknowns = pb_flag_get_unknowns (flag);
          g_autofree char *ids = g_strjoinv (", ", (char **) unknowns);

          /* Translators: a rule title, then question ids answered "unknown" */
          title = g_strdup_printf (_("Unresolved: %s (unknown: %s)"), pb_rule_get_title (rule), ids);
          for (guint u = 0; unknowns[u] != NULL; u++)
            {
              PbQuestion *question = pb_questionnaire_lookup_question (questionnaire, unknowns[u]);
              const char *resolve = pb_question_get_resolve (question);

              if (resolve != NULL)
                {
                  /* Translators: a question id, then what to find out */
                  g_autofree char *condition = g_strdup_printf (_("Find out (%s): %s"), unknowns[u], resolve);

                  pb_report_data_add_condition (data, condition);
                }
            }
        }

      pb_report_data_add_flag (data,
                               pb_rule_get_id (rule),
                               title != NULL ? title : pb_rule_get_title (rule),
                               pb_flag_get_severity (flag),
                               pb_flag_get_likelihood (flag),
                               pb_flag_get_residual_likelihood (flag),
                               pb_flag_get_residual_level (flag),
                               pb_flag_is_hard_stop (flag),
                               pb_rule_get_rationale (rule),
                               pb_rule_get_mitigation (rule),
                               pb_flag_get_references (flag),
                               pb_flag_get_triggers (flag));

      if (pb_evaluation_get_outcome (evaluation) == PB_OUTCOME_PROCEED_WITH_CONDITIONS &&
          pb_rule_is_mitigable (rule) && pb_rule_get_mitigation (rule) != NULL)
        pb_report_data_add_condition (data, pb_rule_get_mitigation (rule));
    }
}

static void
add_answers (PbReportData    *data,
             PbQuestionnaire *questionnaire,
             PbAnswerSet     *answers,
             PbEvaluation    *evaluation,
             GHashTable      *comments)
{
  guint n_sections = pb_questionnaire_get_n_sections (questionnaire);

  for (guint s = 0; s < n_sections; s++)
    {
      PbSection *section = pb_questionnaire_get_section (questionnaire, s);
      guint n_questions = pb_section_get_n_questions (section);

      pb_report_data_add_section (data, pb_section_get_id (section), pb_section_get_title (section));

      for (guint q = 0; q < n_questions; q++)
        {
          PbQuestion *question = pb_section_get_question (section, q);
          const char *id = pb_question_get_id (question);
          PbAnswer *answer = pb_answer_set_lookup (answers, id);
          g_autofree char *text = NULL;

          if (!pb_evaluation_is_visible (evaluation, question))
            continue;

          if (answer == NULL)
            {
              pb_report_data_add_unanswered (data, id, pb_question_get_label (question),
                                             pb_section_get_title (section));
              continue;
            }

          text = pb_question_format_answer (question, answer);
          pb_report_data_add_answer (data, id, pb_question_get_label (question), text,
                                     comments != NULL ? g_hash_table_lookup (comments, id) : NULL);
        }
    }
}

static PbReportData *
new_from_evaluation (PbQuestionnaire *questionnaire,
                     PbAnswerSet     *answers,
                     PbEvaluation    *evaluation,
                     GHashTable      *comments)
{
  PbReportData *data = pb_report_data_new ();
  const char * const *reasons = pb_evaluation_get_reasons (evaluation);

  pb_report_data_set_field (data, PB_REPORT_FIELD_QUESTIONNAIRE_ID, pb_questionnaire_get_id (questionnaire));
  pb_report_data_set_field (data, PB_REPORT_FIELD_QUESTIONNAIRE_VERSION, pb_questionnaire_get_version (questionnaire));
  pb_report_data_set_field (data, PB_REPORT_FIELD_QUESTIONNAIRE_TITLE, pb_questionnaire_get_title (questionnaire));
  pb_report_data_set_field (data, PB_REPORT_FIELD_QUESTIONNAIRE_SHA256, pb_questionnaire_get_sha256 (questionnaire));
  if (pb_evaluation_get_reference (evaluation) != NULL)
    {
      PbCountries *reference = pb_evaluation_get_reference (evaluation);

      pb_report_data_set_field (data, PB_REPORT_FIELD_REFERENCE_VERSION, pb_countries_get_version (reference));
      pb_report_data_set_field (data, PB_REPORT_FIELD_REFERENCE_SHA256, pb_countries_get_sha256 (reference));
    }

  pb_report_data_set_outcome (data, pb_evaluation_get_outcome (evaluation));
  pb_report_data_set_field (data, PB_REPORT_FIELD_OUTCOME_LABEL, pb_evaluation_get_outcome_label (evaluation));
  pb_report_data_set_levels (data, pb_evaluation_get_inherent_level (evaluation),
                             pb_evaluation_get_residual_level (evaluation));
  for (guint i = 0; reasons != NULL && reasons[i] != NULL; i++)
    pb_report_data_add_reason (data, reasons[i]);

  add_answers (data, questionnaire, answers, evaluation, comments);
  add_flags (data, evaluation);

  return data;
}

PbReportData *
pb_report_data_new_from_evaluation (PbQuestionnaire *questionnaire,
                                    PbAnswerSet     *answers,
                                    PbEvaluation    *evaluation)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (questionnaire), NULL);
  g_return_val_if_fail (PB_IS_ANSWER_SET (answers), NULL);
  g_return_val_if_fail (PB_IS_EVALUATION (evaluation), NULL);

  return new_from_evaluation (questionnaire, answers, evaluation, NULL);
}

/* A stored role ("reviewer") as people read it; free text of older
 * sign-offs as it was given. */
static const char *
role_text (const char *role,
           const char *fallback)
{
  PbRole value;

  if (role == NULL)
    return fallback;
  if (pb_role_from_string (role, &value))
    return pb_role_get_label (value);

  return role;
}

/* "Ingrid Larsson, Acme AB", or the name alone. */
static char *
name_with_organisation (const char *name,
                        const char *organisation)
{
  if (organisation == NULL || *organisation == '\0')
    return g_strdup (name);

  /* Translators: a person's name, then their organisation */
  return g_strdup_printf (_("%s, %s"), name, organisation);
}

/* The latest decision of @revision still in force, from the history: who
 * decided, what, why and on which conditions. */
static gboolean
add_recorded_decision (PbReportData  *data,
                       PbCaseStore   *store,
                       const char    *case_id,
                       guint          revision,
                       GError       **error)
{
  g_autoptr(GListModel) history = pb_case_store_list_history (store, case_id, error);
  g_autoptr(PbHistoryEvent) decided = NULL;
  g_autofree char *conditions = NULL;
  g_autofree char *who = NULL;
  PbCaseStatus status;

  if (history == NULL)
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(PbHistoryEvent) event = g_list_model_get_item (history, i);

      if (pb_history_event_get_revision (event) != revision ||
          pb_history_event_get_kind (event) != PB_EVENT_STATUS_CHANGED)
        continue;

      /* Sent back to draft after a decision: that decision no longer holds. */
      g_clear_object (&decided);
      if (pb_case_status_from_string (pb_history_event_get_new_value (event), &status) &&
          pb_case_status_is_decision (status))
        decided = g_steal_pointer (&event);
    }

  if (decided == NULL)
    return TRUE;

  if (pb_history_event_get_data (decided) != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      if (json_parser_load_from_data (parser, pb_history_event_get_data (decided), -1, NULL) &&
          (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
        conditions = g_strdup (json_object_get_string_member_with_default (json_node_get_object (root),
                                                                           "conditions", NULL));
    }

  pb_case_status_from_string (pb_history_event_get_new_value (decided), &status);
  who = name_with_organisation (pb_history_event_get_user (decided), pb_history_event_get_organisation (decided));
  pb_report_data_add_signoff (data, role_text (pb_history_event_get_role (decided), PB_REPORT_ROLE_REVIEWER),
                              who,
                              pb_case_status_get_label (status),
                              pb_history_event_get_reason (decided),
                              conditions,
                              pb_history_event_get_time (decided));
  if (conditions != NULL && *conditions != '\0')
    pb_report_data_add_condition (data, conditions);

  return TRUE;
}

PbReportData *
pb_report_data_new_for_case (PbCaseStore  *store,
                             const char   *case_id,
                             guint         revision,
                             GError      **error)
{
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GListModel) evidence = NULL;
  g_autoptr(GListModel) sign_offs = NULL;
  g_autoptr(GHashTable) comments = NULL;
  g_autoptr(PbReportData) data = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *history_head = NULL;
  g_autofree char *product = NULL;
  const char *assessed = NULL;
  guint n_revisions;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = pb_case_store_get_case (store, case_id, error);
  if (info == NULL)
    return NULL;

  n_revisions = pb_case_store_get_n_revisions (store, case_id, error);
  if (n_revisions == 0)
    return NULL;
  if (revision == 0)
    revision = n_revisions;
  if (revision > n_revisions)
    {
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   /* Translators: a case id, a revision and the number of revisions */
                   _("Case %s has no revision %u (it has %u)"), case_id, revision, n_revisions);
      return NULL;
    }

  if (!(questionnaire = pb_case_store_load_questionnaire (store, case_id, error)) ||
      !(answers = pb_case_store_get_answers (store, case_id, revision, error)) ||
      !(evaluation = pb_case_store_evaluate (store, case_id, revision, error)) ||
      !(records = pb_case_store_list_answers (store, case_id, revision, error)) ||
      !(evidence = pb_case_store_list_evidence (store, case_id, revision, error)) ||
      !(sign_offs = pb_case_store_list_sign_offs (store, case_id, revision, error)))
    return NULL;

  comments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < g_list_model_get_n_items (records); i++)
    {
      g_autoptr(PbAnswerRecord) record = g_list_model_get_item (records, i);
      const char *comment = pb_answer_record_get_comment (record);
      const char *note = pb_answer_record_get_evidence_note (record);
      const char *updated = pb_answer_record_get_updated (record);
      g_autofree char *text = NULL;

      if (updated != NULL && g_strcmp0 (updated, assessed) > 0)
        assessed = updated;

      if (comment != NULL && *comment != '\0' && note != NULL && *note != '\0')
        text = g_strdup_printf ("%s\n%s", comment, note);
      else if (comment != NULL && *comment != '\0')
        text = g_strdup (comment);
      else if (note != NULL && *note != '\0')
        text = g_strdup (note);

      if (text != NULL)
        g_hash_table_insert (comments, g_strdup (pb_answer_record_get_question_id (record)),
                             g_steal_pointer (&text));
    }

  data = new_from_evaluation (questionnaire, answers, evaluation, comments);

  product = pb_case_info_get_product_version (info) != NULL && *pb_case_info_get_product_version (info) != '\0'
    ? g_strdup_printf ("%s %s", pb_case_info_get_product_name (info), pb_case_info_get_product_version (info))
    : g_strdup (pb_case_info_get_product_name (info));

  pb_report_data_set_field (data, PB_REPORT_FIELD_CASE_ID, pb_case_info_get_id (info));
  pb_report_data_set_revision (data, revision);
  pb_report_data_set_field (data, PB_REPORT_FIELD_CUSTOMER, pb_case_info_get_customer_name (info));
  pb_report_data_set_field (data, PB_REPORT_FIELD_PRODUCT, product);
  pb_report_data_set_field (data, PB_REPORT_FIELD_COUNTRY, pb_case_info_get_country (info));
  pb_report_data_set_field (data, PB_REPORT_FIELD_CREATED, pb_case_info_get_created (info));
  pb_report_data_set_field (data, PB_REPORT_FIELD_ASSESSOR, pb_case_info_get_created_by (info));
  pb_report_data_set_field (data, PB_REPORT_FIELD_ASSESSED, assessed);

  for (guint i = 0; i < g_list_model_get_n_items (evidence); i++)
    {
      g_autoptr(PbEvidence) item = g_list_model_get_item (evidence, i);

      pb_report_data_add_evidence (data, pb_evidence_get_question_id (item),
                                   pb_evidence_get_file_name (item),
                                   pb_evidence_get_size (item),
                                   pb_evidence_get_sha256 (item));
    }

  for (guint i = 0; i < g_list_model_get_n_items (sign_offs); i++)
    {
      g_autoptr(PbSignOff) sign_off = g_list_model_get_item (sign_offs, i);
      g_autofree char *who = name_with_organisation (pb_sign_off_get_name (sign_off),
                                                     pb_sign_off_get_organisation (sign_off));

      pb_report_data_add_signoff (data,
                                  role_text (pb_sign_off_get_role (sign_off), NULL),
                                  who,
                                  pb_case_status_get_label (pb_sign_off_get_decision (sign_off)),
                                  pb_sign_off_get_reason (sign_off),
                                  pb_sign_off_get_conditions (sign_off),
                                  pb_sign_off_get_time (sign_off));
      if (pb_sign_off_get_conditions (sign_off) != NULL && *pb_sign_off_get_conditions (sign_off) != '\0')
        pb_report_data_add_condition (data, pb_sign_off_get_conditions (sign_off));

      if (i == 0)
        {
          fingerprint = g_strdup (pb_sign_off_get_answers_fingerprint (sign_off));
          history_head = g_strdup (pb_sign_off_get_history_head (sign_off));
        }
    }

  /* Decided but not signed yet: the block shows the decision as recorded,
   * and the signature added next signs it. */
  if (g_list_model_get_n_items (sign_offs) == 0 && !add_recorded_decision (data, store, case_id, revision, error))
    return NULL;

  if (fingerprint == NULL &&
      !(fingerprint = pb_case_store_get_answers_fingerprint (store, case_id, revision, error)))
    return NULL;
  if (history_head == NULL &&
      !(history_head = pb_case_store_get_history_head (store, case_id, NULL, error)))
    return NULL;

  pb_report_data_set_field (data, PB_REPORT_FIELD_ANSWERS_FINGERPRINT, fingerprint);
  pb_report_data_set_field (data, PB_REPORT_FIELD_HISTORY_HEAD, history_head);

  return g_steal_pointer (&data);
}
