/* fuzz-answers.c: the strict JSON reader, answers files and stored answer
 * values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "fuzz-core.h"
#include "pb-data.h"
#include "pb-json.h"

static PbQuestionnaire *questionnaires[2];

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static const char * const ids[] = { "surveillance-export", "governance" };
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      questionnaires[i] = pb_data_load_questionnaire (ids[i], &error);
      if (questionnaires[i] == NULL)
        g_error ("%s", error->message);
    }

  return 0;
}

/* json-glib gives what the strict reader promised: valid UTF-8 strings. */
static void
check_tree (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &value))
        {
          fuzz_assert (g_utf8_validate (member, -1, NULL), "a member name is not UTF-8");
          check_tree (value);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        check_tree (json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    fuzz_assert (g_utf8_validate (json_node_get_string (node), -1, NULL), "a string is not UTF-8");
}

static void
check_json (const uint8_t *data,
            size_t         size)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = pb_json_parse ((const char *) data, size, "fuzz.json", &error);
  if (root == NULL)
    {
      /* FAILED: text the strict reader passed and json-glib refused. */
      fuzz_assert (error->code == PB_CORE_ERROR_PARSE, "%s", error->message);
      fuzz_assert (g_utf8_validate (error->message, -1, NULL), "the error is not UTF-8: %s", error->message);
      fuzz_assert (fuzz_names_position (error->message, "fuzz\\.json"), "no position: %s", error->message);
      return;
    }

  check_tree (root);
}

/* Canonical JSON reads back as the same answers and the same text. */
static void
check_round_trip (PbAnswerSet *set)
{
  g_autofree char *text = pb_answer_set_to_json (set, NULL);
  g_autoptr(PbAnswerSet) again = NULL;
  g_autofree char *text_again = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = pb_answer_set_dup_ids (set);

  again = pb_answer_set_new_from_json (text, -1, "canonical.json", &error);
  fuzz_assert (again != NULL, "canonical JSON does not read back: %s\n%s", error->message, text);
  fuzz_assert (pb_answer_set_get_size (again) == pb_answer_set_get_size (set), "answers lost");
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PbAnswer *answer = pb_answer_set_lookup (again, ids[i]);

      fuzz_assert (answer != NULL && pb_answer_equal (answer, pb_answer_set_lookup (set, ids[i])),
                   "answer %s changed in a round trip", ids[i]);
    }

  text_again = pb_answer_set_to_json (again, NULL);
  fuzz_assert (g_str_equal (text, text_again), "canonical JSON is not stable:\n%s\n%s", text, text_again);
}

static void
check_value (const uint8_t *data,
             size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(PbAnswer) answer = NULL;
  g_autoptr(PbAnswer) again = NULL;
  g_autofree char *canonical = NULL;

  answer = pb_answer_new_from_json (text, NULL);
  if (answer == NULL)
    return;

  canonical = pb_answer_to_json (answer);
  again = pb_answer_new_from_json (canonical, NULL);
  fuzz_assert (again != NULL && pb_answer_equal (answer, again), "%s does not read back", canonical);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(PbAnswerSet) set = NULL;
  g_autoptr(GError) error = NULL;

  check_json (data, size);
  check_value (data, size);

  set = pb_answer_set_new_from_json ((const char *) data, size, "fuzz.json", &error);
  if (set == NULL)
    {
      fuzz_assert (g_utf8_validate (error->message, -1, NULL), "the error is not UTF-8: %s", error->message);
      fuzz_assert (g_str_has_prefix (error->message, "fuzz.json"),
                   "the error does not name the file: %s", error->message);
      fuzz_refused (error);
      return 0;
    }

  check_round_trip (set);

  for (guint i = 0; i < G_N_ELEMENTS (questionnaires); i++)
    {
      g_autoptr(GError) invalid = NULL;
      g_autoptr(PbEvaluation) evaluation = NULL;

      if (!pb_answer_set_validate (set, questionnaires[i], &invalid))
        fuzz_assert (invalid != NULL, "refused without an error");

      /* Evaluation takes any answers (case files bring unchecked ones). */
      evaluation = pb_evaluate (questionnaires[i], set);
    }

  return 0;
}
