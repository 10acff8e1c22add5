/* pb-cli-evaluate.c: questionnaires, check and evaluate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "pb-answer-set.h"
#include "pb-citation.h"
#include "pb-cli.h"
#include "pb-countries.h"
#include "pb-data.h"
#include "pb-evaluation.h"
#include "pb-file.h"
#include "pb-questionnaire.h"

static char *
join_strv (const char * const *strv,
           const char         *separator)
{
  return g_strjoinv (separator, (char **) strv);
}

int
pb_cli_questionnaires (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GPtrArray) questionnaires = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, _("List the installed questionnaires: id, version, number of questions and title."));
  if (!pb_cli_parse_options (context, &argc, &argv))
    return 1;

  if (argc > 1)
    {
      pb_cli_printerr (_("unexpected argument “%s”"), argv[1]);
      return 1;
    }

  questionnaires = pb_data_list_questionnaires (&error);
  if (questionnaires == NULL)
    {
      pb_cli_print_error (error);
      return 1;
    }

  printf ("%-28s %-10s %9s  %s\n", _("ID"), _("VERSION"), _("QUESTIONS"), _("TITLE"));
  for (guint i = 0; i < questionnaires->len; i++)
    {
      PbQuestionnaire *questionnaire = g_ptr_array_index (questionnaires, i);

      printf ("%-28s %-10s %9u  %s\n",
              pb_questionnaire_get_id (questionnaire),
              pb_questionnaire_get_version (questionnaire),
              pb_questionnaire_get_n_questions (questionnaire),
              pb_questionnaire_get_title (questionnaire));
    }

  return 0;
}

int
pb_cli_check (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE…"));
  int status = 0;

  g_option_context_set_summary (context, _("Load questionnaire files strictly and report the first error in each as FILE:LINE:COLUMN: message."));
  if (!pb_cli_parse_options (context, &argc, &argv))
    return 1;

  if (argc < 2)
    {
      pb_cli_printerr ("%s", _("no questionnaire file given"));
      return 1;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(PbQuestionnaire) questionnaire = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *display_name = pb_cli_display_name (argv[i]);

      if (!(bytes = pb_file_load_path_bounded (argv[i], PB_QUESTIONNAIRE_MAX_SIZE, &error)))
        {
          pb_cli_print_error (error);
          status = 1;
          continue;
        }

      questionnaire = pb_questionnaire_new_from_bytes (bytes, display_name, &error);
      if (questionnaire == NULL)
        {
          /* Compiler style, so that editors can jump to the position. */
          fprintf (stderr, "%s\n", error->message);
          status = 1;
          continue;
        }

      /* Translators: a file name, then counts */
      printf (_("%s: OK (%u questions, %u rules)\n"), display_name,
              pb_questionnaire_get_n_questions (questionnaire),
              pb_questionnaire_get_n_rules (questionnaire));
    }

  return status;
}

static void
print_flag (PbQuestionnaire *questionnaire,
            PbFlag          *flag)
{
  PbRule *rule = pb_flag_get_rule (flag);
  const char * const *triggers = pb_flag_get_triggers (flag);
  g_auto(GStrv) citations = pb_citation_format_all (pb_flag_get_references (flag));
  g_autofree char *references = join_strv ((const char * const *) citations, "; ");
  g_autofree char *triggered = join_strv (triggers, ", ");
  g_autoptr(GString) marks = g_string_new (NULL);

  if (pb_flag_is_hard_stop (flag))
    g_string_append_printf (marks, " [%s]", _("legal bar"));
  if (pb_rule_is_compound (rule))
    g_string_append_printf (marks, " [%s]", _("compound"));
  if (pb_flag_is_unresolved (flag))
    g_string_append_printf (marks, " [%s]", _("unresolved"));
  else if (pb_flag_is_from_unknown (flag))
    g_string_append_printf (marks, " [%s]", _("from an unknown answer"));
  if (pb_rule_needs_authority (rule))
    g_string_append_printf (marks, " [%s]", _("consult the authority"));

  switch (pb_rule_get_kind (rule))
    {
    case PB_RULE_KIND_HOLD:
      printf ("%s  %s%s\n", pb_rule_get_id (rule), _("hold"), marks->str);
      break;

    case PB_RULE_KIND_CONDITION:
      printf ("%s  %s%s\n", pb_rule_get_id (rule), _("condition"), marks->str);
      break;

    case PB_RULE_KIND_RISK:
    case PB_RULE_KIND_ASSURANCE:
    default:
      /* Translators: rule id, severity, likelihood (1-4), risk level, markers */
      printf (_("%s  severity %s, likelihood %u, level %s%s\n"),
              pb_rule_get_id (rule),
              pb_severity_get_label (pb_flag_get_severity (flag)),
              pb_flag_get_likelihood (flag),
              pb_severity_get_label (pb_flag_get_level (flag)),
              marks->str);
      break;
    }

  if (pb_flag_is_mitigated (flag))
    /* Translators: likelihood (1-4), then risk level */
    printf (_("    mitigated: residual likelihood %u, residual level %s\n"),
            pb_flag_get_residual_likelihood (flag),
            pb_severity_get_label (pb_flag_get_residual_level (flag)));

  printf ("    %s\n", pb_rule_get_title (rule));
  printf ("    %s %s\n", _("Rationale:"), pb_rule_get_rationale (rule));
  printf ("    %s %s\n", pb_rule_get_kind (rule) == PB_RULE_KIND_RISK ? _("Mitigation:") : _("To do:"),
          pb_rule_get_mitigation (rule));
  if (pb_flag_get_n_factors (flag) > 0)
    {
      g_autoptr(GString) factors = g_string_new (NULL);

      for (guint i = 0; i < pb_flag_get_n_factors (flag); i++)
        {
          double add;
          gboolean assumed;
          const char *label = pb_flag_get_factor (flag, i, &add, &assumed);

          if (i > 0)
            g_string_append (factors, "; ");
          g_string_append_printf (factors, "%+g %s", add, label);
          if (assumed)
            g_string_append_printf (factors, " (%s)", _("assumed: unknown"));
        }
      printf ("    %s %s\n", _("Likelihood:"), factors->str);
    }
  for (guint i = 0; i < pb_flag_get_n_folds (flag); i++)
    printf ("    %s %s\n", _("Includes:"), pb_rule_get_id (pb_flag_get_fold (flag, i)));
  for (const char * const *u = pb_flag_get_unknowns (flag); u != NULL && *u != NULL; u++)
    {
      PbQuestion *question = pb_questionnaire_lookup_question (questionnaire, *u);
      const char *resolve = pb_question_get_resolve (question);

      /* Translators: a question id, then what to find out */
      printf ("    %s %s: %s\n", _("Unknown:"), *u, resolve != NULL ? resolve : pb_question_get_label (question));
    }
  printf ("    %s %s\n", _("References:"), references);
  printf ("    %s %s\n", _("Triggered by:"), *triggered != '\0' ? triggered : "-");
}

static void
print_evaluation (PbEvaluation *evaluation)
{
  const char * const *reasons = pb_evaluation_get_reasons (evaluation);
  guint n_flags = pb_evaluation_get_n_flags (evaluation);
  guint n_assurances = pb_evaluation_get_n_assurances (evaluation);
  guint n_missing = pb_evaluation_get_n_missing (evaluation);
  PbOutcome outcome = pb_evaluation_get_outcome (evaluation);

  printf ("%s %s (%s)\n", _("Outcome:"), pb_outcome_to_string (outcome), pb_evaluation_get_outcome_label (evaluation));
  if (pb_evaluation_get_reference (evaluation) != NULL)
    {
      PbCountries *reference = pb_evaluation_get_reference (evaluation);

      /* Translators: a version, then a SHA-256 */
      printf (_("Reference data: %s (SHA-256 %s)\n"), pb_countries_get_version (reference),
              pb_countries_get_sha256 (reference));
    }
  for (guint i = 0; reasons[i] != NULL; i++)
    printf ("  - %s\n", reasons[i]);

  /* Translators: two risk levels, then a likelihood (1-4) */
  printf (_("Risk: inherent %s, residual %s (computed likelihood %u)\n"),
          pb_severity_get_label (pb_evaluation_get_inherent_level (evaluation)),
          pb_severity_get_label (pb_evaluation_get_residual_level (evaluation)),
          pb_evaluation_get_likelihood (evaluation));

  printf ("\n%s (%u)\n", _("Flags"), n_flags);
  for (guint i = 0; i < n_flags; i++)
    print_flag (pb_evaluation_get_questionnaire (evaluation), pb_evaluation_get_flag (evaluation, i));

  if (n_assurances > 0)
    {
      printf ("\n%s (%u)\n", _("Assurances"), n_assurances);
      for (guint i = 0; i < n_assurances; i++)
        {
          PbRule *rule = pb_evaluation_get_assurance (evaluation, i);

          printf ("%s  %s\n", pb_rule_get_id (rule), pb_rule_get_title (rule));
        }
    }

  printf ("\n%s (%u)\n", _("Unanswered required and gate questions"), n_missing);
  for (guint i = 0; i < n_missing; i++)
    {
      PbQuestion *question = pb_evaluation_get_missing (evaluation, i);

      printf ("%s  %s%s\n", pb_question_get_id (question), pb_question_get_label (question),
              pb_question_is_gate (question) ? _(" [gate]") : "");
    }
}

/* The data given with --reference, else the data in use. Overdue data
 * still rates; the user is told on stderr. */
static PbCountries *
load_reference (const char  *path,
                GError     **error)
{
  g_autoptr(PbCountries) reference = NULL;
  g_autofree char *warning = NULL;

  if (path != NULL)
    {
      g_autoptr(GFile) file = pb_cli_file_new (path);

      reference = pb_countries_new_from_file (file, error);
    }
  else
    reference = pb_countries_load_default (error);

  if (reference == NULL)
    return NULL;

  warning = pb_countries_dup_review_warning (reference, NULL);
  if (warning != NULL)
    pb_cli_printerr ("%s", warning);

  return g_steal_pointer (&reference);
}

int
pb_cli_evaluate (int    argc,
                 char **argv)
{
  g_autofree char *answers_path = NULL;
  g_autofree char *questionnaire_arg = NULL;
  g_autofree char *reference_path = NULL;
  g_autoptr(PbCountries) reference = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "answers", 'a', 0, G_OPTION_ARG_FILENAME, &answers_path,
      N_("The answers file ({\"questionnaire\": ID, \"answers\": {…}})"), N_("FILE") },
    { "questionnaire", 'q', 0, G_OPTION_ARG_FILENAME, &questionnaire_arg,
      N_("An installed questionnaire id or a questionnaire file (default: the answers file’s)"), N_("ID|FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object (outcome, flags, missing, …) instead of text"), NULL },
    { "reference", 'r', 0, G_OPTION_ARG_FILENAME, &reference_path,
      N_("The country reference data to rate with (default: the data in use, see “probity-cli data status”)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autoptr(GFile) answers_file = NULL;
  g_autofree char *answers_name = NULL;
  g_autoptr(GError) error = NULL;
  const char *wanted;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Rate a set of answers with the method of METHOD.md and print the outcome, every flag and the unanswered required questions."));
  if (!pb_cli_parse_options (context, &argc, &argv))
    return 1;

  if (argc > 1)
    {
      pb_cli_printerr (_("unexpected argument “%s”"), argv[1]);
      return 1;
    }

  if (answers_path == NULL)
    {
      pb_cli_printerr ("%s", _("--answers FILE is required"));
      return 1;
    }

  answers_name = pb_cli_display_name (answers_path);
  answers_file = pb_cli_file_new (answers_path);
  answers = pb_answer_set_new_from_file (answers_file, &error);
  if (answers == NULL)
    {
      pb_cli_print_error (error);
      return 1;
    }

  wanted = questionnaire_arg != NULL ? questionnaire_arg : pb_answer_set_get_questionnaire_id (answers);
  if (wanted == NULL)
    {
      pb_cli_printerr (_("%s names no questionnaire: add \"questionnaire\": \"ID\" or use --questionnaire"), answers_name);
      return 1;
    }

  questionnaire = pb_data_load_questionnaire (wanted, &error);
  if (questionnaire == NULL)
    {
      pb_cli_print_error (error);
      return 1;
    }

  if (pb_answer_set_get_questionnaire_id (answers) != NULL &&
      g_strcmp0 (pb_answer_set_get_questionnaire_id (answers), pb_questionnaire_get_id (questionnaire)) != 0)
    {
      /* Translators: a file, then two questionnaire ids */
      pb_cli_printerr (_("%s: the answers are for questionnaire “%s”, not “%s”"), answers_name,
                       pb_answer_set_get_questionnaire_id (answers),
                       pb_questionnaire_get_id (questionnaire));
      return 1;
    }

  if (!pb_answer_set_validate (answers, questionnaire, &error))
    {
      pb_cli_printerr ("%s: %s", answers_name, error->message);
      return 1;
    }

  reference = load_reference (reference_path, &error);
  if (reference == NULL)
    {
      pb_cli_print_error (error);
      return 1;
    }

  evaluation = pb_evaluate_with_reference (questionnaire, answers, reference);

  if (json)
    {
      g_autoptr(JsonNode) node = pb_evaluation_to_json_node (evaluation);
      g_autofree char *text = json_to_string (node, TRUE);

      printf ("%s\n", text);
    }
  else
    print_evaluation (evaluation);

  return 0;
}
