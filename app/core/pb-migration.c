/* pb-migration.c: carrying answers into a new version of a questionnaire
 * through its <migration> (FORMAT.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-migration.h"
#include "pb-questionnaire-private.h"

void
pb_migration_change_free (PbMigrationChange *change)
{
  if (change == NULL)
    return;

  g_free (change->from_id);
  g_free (change->to_id);
  g_free (change->note);
  g_free (change);
}

const char *
pb_migration_action_to_string (PbMigrationAction action)
{
  static const char * const names[] = {
    [PB_MIGRATION_CARRIED]   = "carried",
    [PB_MIGRATION_CONVERTED] = "converted",
    [PB_MIGRATION_REVIEW]    = "review",
    [PB_MIGRATION_DROPPED]   = "dropped",
    [PB_MIGRATION_ANEW]      = "anew",
  };

  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (names), NULL);

  return names[action];
}

gboolean
pb_questionnaire_can_migrate_from (PbQuestionnaire *to,
                                   PbQuestionnaire *from)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (to), FALSE);
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (from), FALSE);

  if (g_strcmp0 (to->id, from->id) != 0)
    return FALSE;

  for (guint i = 0; i < to->migration_from->len; i++)
    if (g_strcmp0 (g_ptr_array_index (to->migration_from, i), from->version) == 0)
      return TRUE;

  return FALSE;
}

/* The <carry> or <drop> of @to's <migration> from @from_version for the
 * question @from_id, if it names one. */
static PbMigrationStep *
lookup_step (PbQuestionnaire *to,
             const char      *from_version,
             const char      *from_id)
{
  for (guint i = 0; i < to->migration->len; i++)
    {
      PbMigrationStep *step = g_ptr_array_index (to->migration, i);

      if (strcmp (step->from_version, from_version) == 0 && strcmp (step->from_id, from_id) == 0)
        return step;
    }

  return NULL;
}

static const char *
map_code (PbMigrationStep *step,
          const char      *code)
{
  for (guint i = 0; i + 1 < step->values->len; i += 2)
    if (strcmp (g_ptr_array_index (step->values, i), code) == 0)
      return g_ptr_array_index (step->values, i + 1);

  return NULL;
}

/* The old answer in the new question's terms, or NULL when the step's
 * value map does not cover it. Multiple choice codes not in the map are
 * kept as they are. */
static PbAnswer *
convert_answer (PbMigrationStep *step,
                PbAnswer        *answer)
{
  if (step == NULL || step->values->len == 0)
    return pb_answer_ref (answer);

  switch (pb_answer_get_kind (answer))
    {
    case PB_ANSWER_UNKNOWN:
      {
        const char *to = map_code (step, "unknown");

        if (to == NULL)
          return NULL;
        return strcmp (to, "unknown") == 0 ? pb_answer_new_unknown () : pb_answer_new_string (to);
      }

    case PB_ANSWER_STRING:
      {
        const char *to = map_code (step, pb_answer_get_string (answer));

        if (to == NULL)
          return NULL;
        return strcmp (to, "unknown") == 0 ? pb_answer_new_unknown () : pb_answer_new_string (to);
      }

    case PB_ANSWER_CODES:
      {
        const char * const *codes = pb_answer_get_codes (answer);
        g_autoptr(GPtrArray) mapped = g_ptr_array_new ();

        for (guint i = 0; codes[i] != NULL; i++)
          {
            const char *to = map_code (step, codes[i]);

            g_ptr_array_add (mapped, (gpointer) (to != NULL ? to : codes[i]));
          }
        g_ptr_array_add (mapped, NULL);
        return pb_answer_new_codes ((const char * const *) mapped->pdata);
      }

    case PB_ANSWER_NUMBER:
    default:
      return pb_answer_ref (answer);
    }
}

static gboolean
review_if_matches (PbMigrationStep *step,
                   PbAnswer        *answer)
{
  if (step == NULL || step->review_if == NULL)
    return FALSE;

  switch (pb_answer_get_kind (answer))
    {
    case PB_ANSWER_STRING:
      return strcmp (pb_answer_get_string (answer), step->review_if) == 0;
    case PB_ANSWER_CODES:
      return pb_answer_has_code (answer, step->review_if);
    case PB_ANSWER_UNKNOWN:
    case PB_ANSWER_NUMBER:
    default:
      return FALSE;
    }
}

static PbMigrationChange *
change_new (PbMigrationAction  action,
            const char        *from_id,
            const char        *to_id,
            PbMigrationStep   *step)
{
  PbMigrationChange *change = g_new0 (PbMigrationChange, 1);

  change->action = action;
  change->from_id = g_strdup (from_id);
  change->to_id = g_strdup (to_id);
  if (step != NULL && step->note != NULL)
    change->note = g_strdup (pb_dgettext (step->domain, step->note));

  return change;
}

/* Two answers landed on one question and differ: neither counts. */
static void
mark_conflict (GPtrArray  *changes,
               const char *to_id)
{
  for (guint i = 0; i < changes->len; i++)
    {
      PbMigrationChange *change = g_ptr_array_index (changes, i);

      if (g_strcmp0 (change->to_id, to_id) == 0 && change->action != PB_MIGRATION_ANEW)
        {
          change->action = PB_MIGRATION_ANEW;
          g_free (change->note);
          /* Translators: a question id */
          change->note = g_strdup_printf (_("Two earlier answers now belong to %s and differ: answer it anew."), to_id);
        }
    }
}

/**
 * pb_questionnaire_migrate_answers:
 * @to: the new questionnaire, with a <migration> from @from
 * @from: the questionnaire the answers were given under
 * @answers: the answers
 * @changes: (out) (element-type PbMigrationChange) (transfer container):
 *   what happened to each answer
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the answers in @to's terms, or %NULL when @to
 *   has no migration from @from
 */
PbAnswerSet *
pb_questionnaire_migrate_answers (PbQuestionnaire  *to,
                                  PbQuestionnaire  *from,
                                  PbAnswerSet      *answers,
                                  GPtrArray       **changes,
                                  GError          **error)
{
  g_autoptr(PbAnswerSet) result = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GHashTable) conflicts = NULL;

  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (to), NULL);
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (from), NULL);
  g_return_val_if_fail (PB_IS_ANSWER_SET (answers), NULL);
  g_return_val_if_fail (changes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pb_questionnaire_can_migrate_from (to, from))
    {
      /* Translators: questionnaire id and version, then the earlier version */
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_NOT_FOUND,
                   _("questionnaire “%s” %s has no migration from version %s"),
                   to->id, to->version, from->version);
      return NULL;
    }

  result = pb_answer_set_new ();
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_migration_change_free);
  conflicts = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < from->questions->len; i++)
    {
      PbQuestion *old = g_ptr_array_index (from->questions, i);
      PbAnswer *answer = pb_answer_set_lookup (answers, old->id);
      PbMigrationStep *step = lookup_step (to, from->version, old->id);
      const char *to_id;
      PbQuestion *target;
      g_autoptr(PbAnswer) value = NULL;
      PbAnswer *previous;
      PbMigrationAction action;

      if (answer == NULL)
        continue;

      to_id = step != NULL ? step->to_id : (g_hash_table_contains (to->question_by_id, old->id) ? old->id : NULL);

      if (to_id == NULL)
        {
          action = review_if_matches (step, answer) ? PB_MIGRATION_ANEW : PB_MIGRATION_DROPPED;
          g_ptr_array_add (list, change_new (action, old->id, NULL, step));
          continue;
        }

      target = g_hash_table_lookup (to->question_by_id, to_id);
      value = convert_answer (step, answer);
      if (value == NULL || !pb_question_check_answer (target, value, NULL))
        {
          g_ptr_array_add (list, change_new (PB_MIGRATION_ANEW, old->id, to_id, step));
          continue;
        }

      if (g_hash_table_contains (conflicts, to_id))
        {
          g_ptr_array_add (list, change_new (PB_MIGRATION_ANEW, old->id, to_id, NULL));
          mark_conflict (list, to_id);
          continue;
        }

      previous = pb_answer_set_lookup (result, to_id);
      if (previous != NULL && !pb_answer_equal (previous, value))
        {
          pb_answer_set_remove (result, to_id);
          g_hash_table_add (conflicts, target->id);
          g_ptr_array_add (list, change_new (PB_MIGRATION_ANEW, old->id, to_id, NULL));
          mark_conflict (list, to_id);
          continue;
        }

      if (step != NULL && (step->review || review_if_matches (step, answer)))
        action = PB_MIGRATION_REVIEW;
      else if (strcmp (to_id, old->id) != 0 || !pb_answer_equal (value, answer))
        action = PB_MIGRATION_CONVERTED;
      else
        action = PB_MIGRATION_CARRIED;

      pb_answer_set_insert (result, to_id, value);
      g_ptr_array_add (list, change_new (action, old->id, to_id,
                                         action == PB_MIGRATION_REVIEW ? step : NULL));
    }

  *changes = g_steal_pointer (&list);

  return g_steal_pointer (&result);
}
