/* pb-answer-set.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-answer-set.h"
#include "pb-file.h"
#include "pb-json.h"

struct _PbAnswerSet
{
  GObject      parent_instance;

  GHashTable  *answers;          /* question id → PbAnswer */
  char        *questionnaire_id;
};

G_DEFINE_FINAL_TYPE (PbAnswerSet, pb_answer_set, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
append_json_string (GString    *out,
                    const char *str)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), str);
  g_autofree char *text = json_to_string (node, FALSE);

  g_string_append (out, text);
}

static void
pb_answer_set_finalize (GObject *object)
{
  PbAnswerSet *self = (PbAnswerSet *)object;

  g_clear_pointer (&self->answers, g_hash_table_unref);
  g_clear_pointer (&self->questionnaire_id, g_free);

  G_OBJECT_CLASS (pb_answer_set_parent_class)->finalize (object);
}

static void
pb_answer_set_class_init (PbAnswerSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_answer_set_finalize;

  /**
   * PbAnswerSet::changed:
   * @question_id: the question whose answer was set or removed
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
pb_answer_set_init (PbAnswerSet *self)
{
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal,
                                         g_free, (GDestroyNotify) pb_answer_unref);
}

PbAnswerSet *
pb_answer_set_new (void)
{
  return g_object_new (PB_TYPE_ANSWER_SET, NULL);
}

PbAnswerSet *
pb_answer_set_new_from_json (const char  *json,
                             gssize       length,
                             const char  *display_name,
                             GError     **error)
{
  g_autoptr(JsonNode) root_node = NULL;
  g_autoptr(PbAnswerSet) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *answers_node;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = "<answers>";

  if (length < 0)
    length = strlen (json);

  /* Strict: no silent change to a value, nesting bounded, FILE:LINE:COL. */
  root_node = pb_json_parse (json, length, display_name, error);
  if (root_node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE,
                   _("%s: expected a JSON object with the members \"questionnaire\" and \"answers\""),
                   display_name);
      return NULL;
    }

  root = json_node_get_object (root_node);
  self = pb_answer_set_new ();

  json_object_iter_init (&iter, root);
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (strcmp (member, "questionnaire") == 0)
        {
          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
            {
              g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE,
                           _("%s: \"questionnaire\" must be a string (the questionnaire id)"),
                           display_name);
              return NULL;
            }
          self->questionnaire_id = g_strdup (json_node_get_string (value));
        }
      else if (strcmp (member, "answers") != 0)
        {
          g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE,
                       _("%s: unknown member \"%s\" (expected \"questionnaire\" and \"answers\")"),
                       display_name, member);
          return NULL;
        }
    }

  answers_node = json_object_get_member (root, "answers");
  if (answers_node == NULL || !JSON_NODE_HOLDS_OBJECT (answers_node))
    {
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE,
                   _("%s: \"answers\" must be an object mapping question ids to values"),
                   display_name);
      return NULL;
    }

  json_object_iter_init (&iter, json_node_get_object (answers_node));
  while (json_object_iter_next (&iter, &member, &value))
    {
      g_autoptr(PbAnswer) answer = NULL;

      answer = pb_answer_new_from_json_node (value, &local_error);
      if (answer == NULL)
        {
          /* Translators: the first placeholder is a file name, the second a question id */
          g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                       _("%s: answer to question %s: %s"),
                       display_name, member, local_error->message);
          return NULL;
        }

      g_hash_table_replace (self->answers, g_strdup (member), g_steal_pointer (&answer));
    }

  return g_steal_pointer (&self);
}

PbAnswerSet *
pb_answer_set_new_from_file (GFile   *file,
                             GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display_name = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = pb_file_dup_display_name (file);

  if (!(bytes = pb_file_load_bounded (file, PB_ANSWER_SET_MAX_SIZE, error)))
    return NULL;

  data = g_bytes_get_data (bytes, &length);

  return pb_answer_set_new_from_json (data != NULL ? data : "", length, display_name, error);
}

const char *
pb_answer_set_get_questionnaire_id (PbAnswerSet *self)
{
  g_return_val_if_fail (PB_IS_ANSWER_SET (self), NULL);

  return self->questionnaire_id;
}

/* Checks in sorted order, so that the first error reported does not depend
 * on hash order. */
gboolean
pb_answer_set_validate (PbAnswerSet      *self,
                        PbQuestionnaire  *questionnaire,
                        GError          **error)
{
  g_auto(GStrv) ids = NULL;

  g_return_val_if_fail (PB_IS_ANSWER_SET (self), FALSE);
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (questionnaire), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ids = pb_answer_set_dup_ids (self);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      PbQuestion *question = pb_questionnaire_lookup_question (questionnaire, ids[i]);

      if (question == NULL)
        {
          /* Translators: a question id, then a questionnaire id */
          g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                       _("unknown question %s: questionnaire %s has no such question"),
                       ids[i], pb_questionnaire_get_id (questionnaire));
          return FALSE;
        }

      if (!pb_question_check_answer (question, g_hash_table_lookup (self->answers, ids[i]), error))
        return FALSE;
    }

  return TRUE;
}

PbAnswer *
pb_answer_set_lookup (PbAnswerSet *self,
                      const char  *question_id)
{
  g_return_val_if_fail (PB_IS_ANSWER_SET (self), NULL);
  g_return_val_if_fail (question_id != NULL, NULL);

  return g_hash_table_lookup (self->answers, question_id);
}

void
pb_answer_set_insert (PbAnswerSet *self,
                      const char  *question_id,
                      PbAnswer    *answer)
{
  PbAnswer *old;

  g_return_if_fail (PB_IS_ANSWER_SET (self));
  g_return_if_fail (question_id != NULL);
  g_return_if_fail (answer != NULL);

  old = g_hash_table_lookup (self->answers, question_id);
  if (old != NULL && pb_answer_equal (old, answer))
    return;

  g_hash_table_replace (self->answers, g_strdup (question_id), pb_answer_ref (answer));
  g_signal_emit (self, signals[CHANGED], g_quark_from_string (question_id), question_id);
}

gboolean
pb_answer_set_remove (PbAnswerSet *self,
                      const char  *question_id)
{
  g_return_val_if_fail (PB_IS_ANSWER_SET (self), FALSE);
  g_return_val_if_fail (question_id != NULL, FALSE);

  if (!g_hash_table_remove (self->answers, question_id))
    return FALSE;

  g_signal_emit (self, signals[CHANGED], g_quark_from_string (question_id), question_id);

  return TRUE;
}

guint
pb_answer_set_get_size (PbAnswerSet *self)
{
  g_return_val_if_fail (PB_IS_ANSWER_SET (self), 0);

  return g_hash_table_size (self->answers);
}

char **
pb_answer_set_dup_ids (PbAnswerSet *self)
{
  guint n;
  char **ids;

  g_return_val_if_fail (PB_IS_ANSWER_SET (self), NULL);

  ids = (char **) g_hash_table_get_keys_as_array (self->answers, &n);
  for (guint i = 0; i < n; i++)
    ids[i] = g_strdup (ids[i]);

  qsort (ids, n, sizeof (char *), compare_strings);

  return ids;
}

/* The answers file format, with members and answers in sorted order and
 * values in their canonical form: the same answers always give the same
 * bytes. */
char *
pb_answer_set_to_json (PbAnswerSet *self,
                       const char  *questionnaire_id)
{
  g_auto(GStrv) ids = NULL;
  GString *out;

  g_return_val_if_fail (PB_IS_ANSWER_SET (self), NULL);

  if (questionnaire_id == NULL)
    questionnaire_id = self->questionnaire_id;

  ids = pb_answer_set_dup_ids (self);
  out = g_string_new ("{\n");

  if (questionnaire_id != NULL)
    {
      g_string_append (out, "  \"questionnaire\": ");
      append_json_string (out, questionnaire_id);
      g_string_append (out, ",\n");
    }

  g_string_append (out, "  \"answers\": {");

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *value = pb_answer_to_json (g_hash_table_lookup (self->answers, ids[i]));

      g_string_append (out, i == 0 ? "\n    " : ",\n    ");
      append_json_string (out, ids[i]);
      g_string_append (out, ": ");
      g_string_append (out, value);
    }

  g_string_append (out, ids[0] != NULL ? "\n  }\n}\n" : "}\n}\n");

  return g_string_free (out, FALSE);
}
