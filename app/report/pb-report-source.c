/* pb-report-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"

#include "pb-case-screening.h"
#include "pb-list-entry.h"
#include "pb-citation.h"
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
      g_auto(GStrv) references = NULL;

      /* Holds and conditions are things to do, not risks: they are listed
       * with the conditions, and the reasons name them. */
      if (pb_flag_is_condition (flag))
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

      /* The citations in the report's language; their designations never change. */
      references = pb_citation_format_all (pb_flag_get_references (flag));
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
                               (const char * const *) references,
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

static char *country_text (PbEvaluation *evaluation,
                           const char   *code);

/* The country the answers say the product is deployed in (S0.02, a
 * country question), which may differ from the customer's: the report
 * names it so that it never contradicts the answers. */
static void
set_deployment_country (PbReportData    *data,
                        PbQuestionnaire *questionnaire,
                        PbAnswerSet     *answers,
                        PbEvaluation    *evaluation)
{
  PbQuestion *question = pb_questionnaire_lookup_question (questionnaire, "S0.02");
  PbAnswer *answer = pb_answer_set_lookup (answers, "S0.02");
  g_autofree char *text = NULL;

  if (question == NULL || pb_question_get_question_type (question) != PB_QUESTION_COUNTRY ||
      answer == NULL || pb_answer_get_kind (answer) != PB_ANSWER_STRING)
    return;

  text = country_text (evaluation, pb_answer_get_string (answer));
  pb_report_data_set_field (data, PB_REPORT_FIELD_DEPLOYMENT_COUNTRY, text);
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

  set_deployment_country (data, questionnaire, answers, evaluation);
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

/* "China (CN)": the name of the reference data the case was rated with,
 * then the code the case stores. A questionnaire that rates no country
 * has no reference data: the name then comes from the data the
 * application uses. The code alone if neither knows it. */
static char *
country_text (PbEvaluation *evaluation,
              const char   *code)
{
  PbCountries *reference = pb_evaluation_get_reference (evaluation);
  g_autoptr(PbCountries) fallback = NULL;
  PbCountry *country = NULL;

  if (code == NULL || *code == '\0')
    return NULL;
  if (reference != NULL)
    country = pb_countries_lookup (reference, code);
  if ((country == NULL || pb_country_get_name (country) == NULL) &&
      (fallback = pb_countries_load_default (NULL)) != NULL)
    country = pb_countries_lookup (fallback, code);
  if (country == NULL || pb_country_get_name (country) == NULL)
    return g_strdup (code);

  /* pb_country_get_name() gives it in the report's language already */
  /* Translators: a country name, then its ISO 3166 code */
  return g_strdup_printf (_("%s (%s)"), pb_country_get_name (country), code);
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

static const char *
hit_status_label (PbHitStatus status)
{
  switch (status)
    {
    case PB_HIT_CLEARED:
      return _("Cleared (not the listed party)");
    case PB_HIT_CONFIRMED:
      return _("Confirmed (the listed party)");
    case PB_HIT_OPEN:
    default:
      return _("Open: not decided yet");
    }
}

/* The latest screening up to @revision: the editions, parties and hits
 * with their decisions. Nothing when the case was never screened. */
static void
add_screening (PbReportData    *data,
               PbCaseScreening *screening)
{
  PbScreeningRun *run;

  if (screening == NULL || (run = pb_case_screening_get_latest (screening)) == NULL)
    return;

  pb_report_data_set_screening (data, run->time, run->user, pb_case_screening_is_stale (screening));
  for (guint i = 0; i < run->editions->len; i++)
    {
      PbScreenedEdition *edition = g_ptr_array_index (run->editions, i);

      pb_report_data_add_screened_list (data, edition->title ? edition->title : edition->list_id, edition->publisher,
                                        edition->published, edition->file_sha256, edition->n_entries);
    }

  for (guint i = 0; i < run->parties->len; i++)
    {
      PbCaseParty *party = g_ptr_array_index (run->parties, i);
      g_autofree char *text = NULL;

      /* Translators: a party's role in the deal, its name, then its country or nothing */
      text = g_strdup_printf (_("%s: %s%s%s%s"), pb_party_role_get_label (party->role), party->name,
                              party->country ? " (" : "", party->country ? party->country : "", party->country ? ")" : "");
      if (pb_case_screening_lookup_party (screening, party->id) == NULL)
        {
          g_autofree char *screened = g_steal_pointer (&text);

          /* Translators: a party as screened ("End user: Acme (AE)"), which is no party of the case any more */
          text = g_strdup_printf (_("%s (removed from the case since)"), screened);
        }
      pb_report_data_add_screened_party (data, text);
    }

  /* A party screened and then removed: the screening no longer covers it,
   * and the report says who took it out of the deal, when and why. */
  for (guint i = 0; i < pb_case_screening_get_removed (screening)->len; i++)
    {
      PbCaseParty *party = g_ptr_array_index (pb_case_screening_get_removed (screening), i);
      g_autofree char *text = NULL;

      if (!pb_case_screening_was_screened (screening, party->id))
        continue;

      /* Translators: a party's role in the deal, its name, then its country or nothing */
      text = g_strdup_printf (_("%s: %s%s%s%s"), pb_party_role_get_label (party->role), party->name,
                              party->country ? " (" : "", party->country ? party->country : "", party->country ? ")" : "");
      pb_report_data_add_removed_party (data, text, party->removed_by, party->removed, party->removed_reason);
    }

  for (guint i = 0; i < run->hits->len; i++)
    {
      PbCaseHit *hit = g_ptr_array_index (run->hits, i);
      g_autoptr(PbListEntry) entry = hit->entry_json != NULL ? pb_list_entry_new_from_json (hit->entry_json, NULL) : NULL;
      PbCaseParty *party = NULL;
      g_autofree char *party_text = NULL;
      g_autofree char *list = hit->source != NULL ? g_strdup_printf ("%s (%s)", hit->list_id, hit->source)
                                                  : g_strdup (hit->list_id);
      PbReportHit item = { 0 };

      for (guint p = 0; p < run->parties->len; p++)
        if (g_strcmp0 (((PbCaseParty *) g_ptr_array_index (run->parties, p))->id, hit->party_id) == 0)
          party = g_ptr_array_index (run->parties, p);
      party_text = party != NULL ? g_strdup_printf ("%s: %s", pb_party_role_get_label (party->role), party->name)
                                 : g_strdup (hit->party_id);

      item.id = hit->id;
      item.party = party_text;
      item.query = hit->query;
      item.listed_name = hit->listed_name;
      item.list = list;
      item.reference = hit->entry_ref;
      item.question_id = hit->question_id;
      item.score = hit->score;
      item.status = hit_status_label (hit->status);
      item.decided_by = hit->decided_by;
      item.decided_at = hit->decided_at;
      item.reason = hit->reason;
      /* The act the listing rests on: what forbids dealing with the party. */
      item.legal_basis = entry != NULL ? entry->legal_basis : NULL;
      item.adopted_case = hit->adopted_case;
      item.adopted_by = hit->adopted_by;
      item.adopted_at = hit->adopted_at;
      pb_report_data_add_screening_hit (data, &item);
    }

}

/* The sanctions lists that bind the deal, screened or not: a list the
 * screening did not answer leaves its question the assessor's word, and
 * the report says so. */
static void
add_binding_lists (PbReportData    *data,
                   PbQuestionnaire *questionnaire,
                   PbAnswerSet     *answers,
                   PbCaseScreening *screening)
{
  g_autoptr(GArray) lists = pb_case_screening_get_binding_lists (screening, answers);

  for (guint i = 0; i < lists->len; i++)
    {
      PbBindingList *list = &g_array_index (lists, PbBindingList, i);
      PbQuestion *question = pb_questionnaire_lookup_question (questionnaire, list->question_id);

      if (question != NULL)
        pb_report_data_add_binding_list (data, list->question_id, pb_question_get_label (question),
                                         pb_binding_state_get_label (list->state),
                                         list->state == PB_BINDING_SCREENED);
    }
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

/* The decision in force and who took part: the submitter, the approver
 * (or whoever rejected) and, for an override, the second approver. */
static void
add_decision (PbReportData *data,
              PbDecision   *decision)
{
  guint n = pb_decision_get_n_approvers (decision);
  PbCaseStatus status = pb_decision_get_decision (decision);
  gboolean approval = status != PB_CASE_STATUS_REJECTED;

  pb_report_data_set_decision (data, pb_case_status_get_label (status), pb_decision_is_pending (decision),
                               pb_decision_get_reason (decision), pb_decision_get_conditions (decision),
                               pb_decision_get_override_rationale (decision));
  if (pb_decision_get_conditions (decision) != NULL && *pb_decision_get_conditions (decision) != '\0')
    pb_report_data_add_condition (data, pb_decision_get_conditions (decision));

  if (pb_decision_get_submitter (decision) != NULL)
    pb_report_data_add_participant (data, _("Submitted by"), pb_decision_get_submitter (decision),
                                    role_text (pb_decision_get_submitter_role (decision), NULL),
                                    pb_decision_get_submitter_organisation (decision),
                                    pb_decision_get_submitted (decision));

  for (guint i = 0; i < n; i++)
    {
      const char *what;

      if (!approval)
        what = _("Rejected by");
      else if (i == 0 && pb_decision_is_override (decision))
        what = _("First approval");
      else if (i > 0)
        what = _("Second approval");
      else
        what = _("Approved by");

      pb_report_data_add_participant (data, what, pb_decision_get_approver_name (decision, i),
                                      role_text (pb_decision_get_approver_role (decision, i), NULL),
                                      pb_decision_get_approver_organisation (decision, i),
                                      pb_decision_get_approver_time (decision, i));
    }
}

PbReportData *
pb_report_data_new_for_snapshot (PbCaseSnapshot *snapshot)
{
  PbCaseInfo *info;
  GListModel *records, *evidence, *sign_offs;
  g_autoptr(GHashTable) comments = NULL;
  g_autoptr(PbReportData) data = NULL;
  g_autofree char *product = NULL;
  g_autofree char *country = NULL;
  const char *assessed = NULL;

  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (snapshot), NULL);

  info = pb_case_snapshot_get_info (snapshot);
  records = pb_case_snapshot_get_answer_records (snapshot);
  evidence = pb_case_snapshot_get_evidence (snapshot);
  sign_offs = pb_case_snapshot_get_sign_offs (snapshot);

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

  data = new_from_evaluation (pb_case_snapshot_get_questionnaire (snapshot),
                              pb_case_snapshot_get_answers (snapshot),
                              pb_case_snapshot_get_evaluation (snapshot), comments);

  product = pb_case_info_get_product_version (info) != NULL && *pb_case_info_get_product_version (info) != '\0'
    ? g_strdup_printf ("%s %s", pb_case_info_get_product_name (info), pb_case_info_get_product_version (info))
    : g_strdup (pb_case_info_get_product_name (info));

  pb_report_data_set_field (data, PB_REPORT_FIELD_CASE_ID, pb_case_info_get_id (info));
  pb_report_data_set_revision (data, pb_case_snapshot_get_revision (snapshot));
  pb_report_data_set_field (data, PB_REPORT_FIELD_WITHDRAWN_BY, pb_case_snapshot_get_withdrawn_by (snapshot));
  pb_report_data_set_field (data, PB_REPORT_FIELD_WITHDRAWN, pb_case_snapshot_get_withdrawn (snapshot));
  pb_report_data_set_field (data, PB_REPORT_FIELD_WITHDRAWN_REASON, pb_case_snapshot_get_withdrawn_reason (snapshot));
  pb_report_data_set_field (data, PB_REPORT_FIELD_REFERENCE_FOREIGN,
                            pb_case_snapshot_get_reference_foreign (snapshot) ? "foreign" : NULL);
  pb_report_data_set_field (data, PB_REPORT_FIELD_CUSTOMER, pb_case_info_get_customer_name (info));
  pb_report_data_set_field (data, PB_REPORT_FIELD_PRODUCT, product);
  country = country_text (pb_case_snapshot_get_evaluation (snapshot), pb_case_info_get_country (info));
  pb_report_data_set_field (data, PB_REPORT_FIELD_COUNTRY, country);
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

  if (pb_case_snapshot_get_decision (snapshot) != NULL)
    add_decision (data, pb_case_snapshot_get_decision (snapshot));

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
    }

  add_screening (data, pb_case_snapshot_get_screening (snapshot));
  add_binding_lists (data, pb_case_snapshot_get_questionnaire (snapshot), pb_case_snapshot_get_answers (snapshot),
                     pb_case_snapshot_get_screening (snapshot));
  pb_report_data_set_field (data, PB_REPORT_FIELD_ANSWERS_FINGERPRINT, pb_case_snapshot_get_answers_fingerprint (snapshot));
  pb_report_data_set_field (data, PB_REPORT_FIELD_HISTORY_HEAD, pb_case_snapshot_get_history_head (snapshot));

  return g_steal_pointer (&data);
}

PbReportData *
pb_report_data_new_for_case (PbCaseStore  *store,
                             const char   *case_id,
                             guint         revision,
                             GError      **error)
{
  g_autoptr(PbCaseSnapshot) snapshot = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(snapshot = pb_case_store_read_snapshot (store, case_id, revision, error)))
    return NULL;

  return pb_report_data_new_for_snapshot (snapshot);
}
