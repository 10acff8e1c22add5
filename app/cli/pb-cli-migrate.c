/* pb-cli-migrate.c: carrying an answers file into a new questionnaire version
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pb-answer-set.h"
#include "pb-file.h"
#include "pb-cli.h"
#include "pb-countries.h"
#include "pb-data.h"
#include "pb-evaluation.h"
#include "pb-json.h"
#include "pb-migration.h"
#include "pb-questionnaire.h"

static const char *
action_label (PbMigrationAction action)
{
  switch (action)
    {
    case PB_MIGRATION_CARRIED:   return _("carried");
    case PB_MIGRATION_CONVERTED: return _("converted");
    case PB_MIGRATION_REVIEW:    return _("to confirm");
    case PB_MIGRATION_DROPPED:   return _("no longer asked");
    case PB_MIGRATION_ANEW:      return _("answer anew");
    default:                     return "";
    }
}

/* The questions to answer before the migrated assessment is complete: the
 * answers that could not be carried, and the new questions that apply and
 * have no answer. Ids, each once, in that order. */
static GPtrArray *
collect_to_answer (GPtrArray    *changes,
                   PbEvaluation *evaluation)
{
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; i < changes->len; i++)
    {
      PbMigrationChange *change = g_ptr_array_index (changes, i);

      if (change->action == PB_MIGRATION_ANEW && change->to_id != NULL &&
          !g_ptr_array_find_with_equal_func (ids, change->to_id, g_str_equal, NULL))
        g_ptr_array_add (ids, change->to_id);
    }

  for (guint i = 0; i < pb_evaluation_get_n_missing (evaluation); i++)
    {
      const char *id = pb_question_get_id (pb_evaluation_get_missing (evaluation, i));

      if (!g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
        g_ptr_array_add (ids, (gpointer) id);
    }

  return ids;
}

static JsonNode *
report_to_json (PbAnswerSet     *migrated,
                PbQuestionnaire *to,
                GPtrArray       *changes,
                GPtrArray       *to_answer)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *answers_text = pb_answer_set_to_json (migrated, pb_questionnaire_get_id (to));
  g_autoptr(JsonNode) answers = json_from_string (answers_text, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "to");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, pb_questionnaire_get_id (to));
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, pb_questionnaire_get_version (to));
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, pb_questionnaire_get_sha256 (to));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < changes->len; i++)
    {
      PbMigrationChange *change = g_ptr_array_index (changes, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "from");
      json_builder_add_string_value (builder, change->from_id);
      pb_json_add_string_member (builder, "to", change->to_id);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, pb_migration_action_to_string (change->action));
      pb_json_add_string_member (builder, "note", change->note);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "to_answer");
  json_builder_begin_array (builder);
  for (guint i = 0; i < to_answer->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (to_answer, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "answers");
  json_builder_add_value (builder, json_node_ref (answers));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_report (FILE            *out,
              PbQuestionnaire *from,
              PbQuestionnaire *to,
              GPtrArray       *changes,
              GPtrArray       *to_answer)
{
  /* Translators: questionnaire id, old version, new version */
  fprintf (out, _("Answers of %s %s carried into %s:\n"), pb_questionnaire_get_id (from),
           pb_questionnaire_get_version (from), pb_questionnaire_get_version (to));

  for (guint i = 0; i < changes->len; i++)
    {
      PbMigrationChange *change = g_ptr_array_index (changes, i);

      if (change->action == PB_MIGRATION_CARRIED)
        continue;

      fprintf (out, "  %-7s → %-7s %s\n", change->from_id, change->to_id != NULL ? change->to_id : "-",
               action_label (change->action));
      if (change->note != NULL)
        fprintf (out, "      %s\n", change->note);
    }

  fprintf (out, "%s (%u)\n", _("To answer before the assessment is complete"), to_answer->len);
  for (guint i = 0; i < to_answer->len; i++)
    {
      PbQuestion *question = pb_questionnaire_lookup_question (to, g_ptr_array_index (to_answer, i));

      fprintf (out, "  %s  %s\n", pb_question_get_id (question), pb_question_get_label (question));
    }
}

/* Prints what carrying @changes from @from into @to did, and what must be
 * answered before @evaluation (of the carried answers) is complete. */
void
pb_cli_print_migration (FILE            *out,
                        PbQuestionnaire *from,
                        PbQuestionnaire *to,
                        GPtrArray       *changes,
                        PbEvaluation    *evaluation)
{
  g_autoptr(GPtrArray) to_answer = collect_to_answer (changes, evaluation);

  print_report (out, from, to, changes, to_answer);
}

int
pb_cli_migrate (int    argc,
                char **argv)
{
  g_autofree char *answers_path = NULL;
  g_autofree char *from_path = NULL;
  g_autofree char *to_arg = NULL;
  g_autofree char *output_path = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "answers", 'a', 0, G_OPTION_ARG_FILENAME, &answers_path,
      N_("The answers file given under the earlier version"), N_("FILE") },
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from_path,
      N_("The questionnaire file the answers were given under (a case pins its bytes)"), N_("FILE") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to_arg,
      N_("The new questionnaire: an installed id or a file (default: the installed one of the same id)"), N_("ID|FILE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("Write the carried answers to FILE instead of standard output"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object: the changes, what to answer anew and the answers"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbAnswerSet) migrated = NULL;
  g_autoptr(PbQuestionnaire) from = NULL;
  g_autoptr(PbQuestionnaire) to = NULL;
  g_autoptr(PbCountries) reference = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) to_answer = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Carry an answers file into a new version of its questionnaire and list what changed and what must be answered anew."));
  if (!pb_cli_parse_options (context, &argc, &argv))
    return 1;

  if (argc > 1)
    {
      pb_cli_printerr (_("unexpected argument “%s”"), argv[1]);
      return 1;
    }

  if (answers_path == NULL || from_path == NULL)
    {
      pb_cli_printerr ("%s", _("--answers FILE and --from FILE are required"));
      return 1;
    }

  file = pb_cli_file_new (from_path);
  from = pb_questionnaire_new_from_file (file, &error);
  g_clear_object (&file);
  if (from == NULL)
    {
      pb_cli_print_error (error);
      return 1;
    }

  to = pb_data_load_questionnaire (to_arg != NULL ? to_arg : pb_questionnaire_get_id (from), &error);
  if (to == NULL)
    {
      pb_cli_print_error (error);
      return 1;
    }

  file = pb_cli_file_new (answers_path);
  answers = pb_answer_set_new_from_file (file, &error);
  if (answers == NULL || !pb_answer_set_validate (answers, from, &error))
    {
      pb_cli_printerr ("%s: %s", answers_path, error->message);
      return 1;
    }

  migrated = pb_questionnaire_migrate_answers (to, from, answers, &changes, &error);
  if (migrated == NULL)
    {
      pb_cli_print_error (error);
      return 1;
    }

  /* What is still missing depends on the prefilled questions too. */
  reference = pb_countries_load_default (&error);
  if (reference == NULL)
    {
      pb_cli_print_error (error);
      return 1;
    }
  evaluation = pb_evaluate_with_reference (to, migrated, reference);
  to_answer = collect_to_answer (changes, evaluation);

  if (json)
    {
      g_autoptr(JsonNode) node = report_to_json (migrated, to, changes, to_answer);
      g_autofree char *text = json_to_string (node, TRUE);

      printf ("%s\n", text);
      return 0;
    }

  if (output_path != NULL)
    {
      g_autofree char *text = pb_answer_set_to_json (migrated, pb_questionnaire_get_id (to));

      if (!pb_file_check_replaceable (output_path, &error) ||
          !g_file_set_contents (output_path, text, -1, &error))
        {
          pb_cli_print_error (error);
          return 1;
        }
      print_report (stdout, from, to, changes, to_answer);
    }
  else
    {
      g_autofree char *text = pb_answer_set_to_json (migrated, pb_questionnaire_get_id (to));

      printf ("%s\n", text);
      print_report (stderr, from, to, changes, to_answer);
    }

  return 0;
}
