/* judgement-screening.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "judgement-screening.h"
#include "pb-case-screener.h"
#include "pb-countries.h"
#include "pb-data.h"
#include "pb-case-screening.h"
#include "pb-list-importer.h"
#include "pb-name-matcher.h"

static gboolean
invalid (GError     **error,
         const char  *path,
         const char  *what)
{
  g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_INVALID, "%s: \"screening\" %s", path, what);
  return FALSE;
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING ?
         json_node_get_string (node) : NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
member_object (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Removes @dir and the files in it (a store and its WAL). */
static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (dir);
}

/* The list files, from the suite's tests/data/screening/. */
static gboolean
import_lists (JudgementCase *self,
              PbCaseStore   *store,
              JsonArray     *lists,
              GError       **error)
{
  g_autofree char *cases_dir = g_path_get_dirname (self->path);

  for (guint i = 0; i < json_array_get_length (lists); i++)
    {
      const char *name = json_array_get_string_element (lists, i);
      g_autofree char *path = NULL;
      g_autoptr(PbListEdition) edition = NULL;

      if (name == NULL || strchr (name, '/') != NULL)
        return invalid (error, self->path, "lists must name files of tests/data/screening");
      path = g_build_filename (cases_dir, "..", "screening", name, NULL);
      if (!(edition = pb_list_import_file (store, path, PB_LIST_FORMAT_AUTO, NULL, NULL, NULL, NULL, NULL, error)))
        return FALSE;
    }

  return TRUE;
}

static char *
create_case (JudgementCase   *self,
             PbCaseStore     *store,
             PbQuestionnaire *questionnaire,
             JsonObject      *screening,
             GError         **error)
{
  JsonObject *customer_object = member_object (screening, "customer");
  const char *name = member_string (customer_object, "name");
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autofree char *case_id = NULL;

  if (name == NULL)
    return invalid (error, self->path, "needs \"customer\": {\"name\", \"country\"}"), NULL;

  if (!(customer = pb_case_store_add_customer (store, name, NULL, member_string (customer_object, "country"),
                                               NULL, NULL, error)) ||
      !(product = pb_case_store_add_product (store, "Product of the deal", "1", "other", NULL, error)) ||
      !(case_id = pb_case_store_create_case (store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                             questionnaire, error)) ||
      !(answers = pb_answer_set_new_from_json (self->answers_json, -1, self->path, error)) ||
      !pb_case_store_set_answers (store, case_id, answers, NULL, error))
    return NULL;

  return g_steal_pointer (&case_id);
}

static gboolean
add_parties (JudgementCase *self,
             PbCaseStore   *store,
             const char    *case_id,
             JsonArray     *parties,
             GError       **error)
{
  for (guint i = 0; parties != NULL && i < json_array_get_length (parties); i++)
    {
      JsonObject *party = json_array_get_object_element (parties, i);
      g_autofree char *party_id = NULL;

      if (member_string (party, "role") == NULL || member_string (party, "name") == NULL)
        return invalid (error, self->path, "parties need \"role\" and \"name\"");
      if (!(party_id = pb_case_store_add_party (store, case_id, member_string (party, "role"),
                                                member_string (party, "name"), member_string (party, "country"),
                                                NULL, error)))
        return FALSE;
    }

  return TRUE;
}

/* Each decision applies to every hit of its list; one that meets no hit
 * is an error, so that a deal cannot pass on a hit that never came. */
static gboolean
decide_hits (JudgementCase *self,
             PbCaseStore   *store,
             const char    *case_id,
             JsonArray     *decisions,
             GError       **error)
{
  for (guint d = 0; decisions != NULL && d < json_array_get_length (decisions); d++)
    {
      JsonObject *decision = json_array_get_object_element (decisions, d);
      const char *list = member_string (decision, "list");
      const char *status_text = member_string (decision, "decision");
      g_autoptr(PbCaseScreening) screening = NULL;
      PbScreeningRun *latest;
      PbHitStatus status;
      guint n = 0;

      if (list == NULL || !pb_hit_status_from_string (status_text, &status))
        return invalid (error, self->path, "decisions need \"list\" and a \"decision\" (open, cleared, confirmed)");
      if (!(screening = pb_case_store_get_screening (store, case_id, 0, error)))
        return FALSE;
      latest = pb_case_screening_get_latest (screening);

      for (guint i = 0; latest != NULL && i < latest->hits->len; i++)
        {
          PbCaseHit *hit = g_ptr_array_index (latest->hits, i);

          if (g_strcmp0 (hit->list_id, list) != 0)
            continue;
          n++;
          if (status != PB_HIT_OPEN &&
              !pb_case_store_decide_hit (store, case_id, hit->id, status, member_string (decision, "reason"), error))
            return FALSE;
        }

      if (n == 0)
        {
          g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_INVALID,
                       "%s: the screening found no hit on %s to decide", self->path, list);
          return FALSE;
        }
    }

  return TRUE;
}

static const char *
binding_state_code (PbBindingState state)
{
  switch (state)
    {
    case PB_BINDING_SCREENED:
      return "screened";
    case PB_BINDING_NO_LIST:
      return "no-list";
    case PB_BINDING_NOT_SCREENED:
    default:
      return "not-screened";
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* "S2.02a=possible S2.02b=clear", sorted, for a message. */
static char *
describe_map (GHashTable *map)
{
  g_autofree const char **keys = (const char **) g_hash_table_get_keys_as_array (map, NULL);
  GString *text = g_string_new (NULL);

  g_qsort_with_data (keys, g_hash_table_size (map), sizeof (char *), compare_strings, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    g_string_append_printf (text, "%s%s=%s", i > 0 ? " " : "", keys[i], (const char *) g_hash_table_lookup (map, keys[i]));

  return g_string_free (text, FALSE);
}

static GHashTable *
expected_map (JsonObject *object)
{
  GHashTable *map = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) members = object != NULL ? json_object_get_members (object) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    g_hash_table_insert (map, l->data, (gpointer) member_string (object, l->data));

  return map;
}

static gboolean
check_map (JudgementCase *self,
           const char    *what,
           GHashTable    *expected,
           GHashTable    *actual,
           GError       **error)
{
  g_autofree char *want = describe_map (expected);
  g_autofree char *got = describe_map (actual);

  if (g_strcmp0 (want, got) == 0)
    return TRUE;

  g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_FAILED, "%s: %s expected %s, got %s", self->path, what, want, got);
  return FALSE;
}

/* What the screening answers and which binding lists it answered are as
 * the deal expects. */
static gboolean
check_screening (JudgementCase *self,
                 PbCaseStore   *store,
                 const char    *case_id,
                 JsonObject    *screening_member,
                 GError       **error)
{
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbAnswerSet) facts = NULL;
  g_autoptr(GArray) binding = NULL;
  g_autoptr(GHashTable) expected_facts = expected_map (member_object (screening_member, "answers"));
  g_autoptr(GHashTable) expected_binding = expected_map (member_object (screening_member, "binding"));
  g_autoptr(GHashTable) actual_facts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) actual_binding = g_hash_table_new (g_str_hash, g_str_equal);
  static const char * const questions[] = {
    "S2.02a", "S2.02b", "S2.02c", "S2.02d", "S2.02e", "S2.02f", "S2.02g", "S2.02h", "S2.02i",
  };

  if (!(screening = pb_case_store_get_screening (store, case_id, 0, error)) ||
      !(answers = pb_case_store_get_answers (store, case_id, 0, error)))
    return FALSE;

  facts = pb_case_screening_get_facts (screening, answers);
  for (guint q = 0; facts != NULL && q < G_N_ELEMENTS (questions); q++)
    {
      PbAnswer *fact = pb_answer_set_lookup (facts, questions[q]);

      if (fact != NULL)
        g_hash_table_insert (actual_facts, (gpointer) questions[q], (gpointer) pb_answer_get_string (fact));
    }

  binding = pb_case_screening_get_binding_lists (screening, answers);
  for (guint i = 0; i < binding->len; i++)
    {
      PbBindingList *list = &g_array_index (binding, PbBindingList, i);

      g_hash_table_insert (actual_binding, (gpointer) list->question_id, (gpointer) binding_state_code (list->state));
    }

  return check_map (self, "the screening's answers", expected_facts, actual_facts, error) &&
         check_map (self, "the binding lists", expected_binding, actual_binding, error);
}

PbEvaluation *
judgement_case_evaluate_screened (JudgementCase   *self,
                                  PbQuestionnaire *questionnaire,
                                  GError         **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbActor) reviewer = pb_actor_new ("Judgement Reviewer", PB_ROLE_REVIEWER, NULL);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *saved_countries = g_strdup (g_getenv ("PROBITY_COUNTRIES"));
  g_autoptr(GFile) shipped = pb_data_get_file ("questionnaires", "countries.json", NULL);
  g_autofree char *shipped_path = g_file_get_path (shipped);
  PbEvaluation *evaluation = NULL;
  JsonObject *screening;
  JsonArray *lists;

  g_return_val_if_fail (self->screening_json != NULL && self->answers_json != NULL, NULL);

  root = json_from_string (self->screening_json, error);
  if (root == NULL)
    return NULL;
  screening = json_node_get_object (root);
  if (!(lists = member_array (screening, "lists")))
    return invalid (error, self->path, "needs \"lists\": the list files imported, [] for none"), NULL;

  if (!(dir = g_dir_make_tmp ("pb-judgement-XXXXXX", error)))
    return NULL;
  path = g_build_filename (dir, "cases.db", NULL);

  /* The case pins the shipped data, as the suite rates every deal with it. */
  g_setenv ("PROBITY_COUNTRIES", shipped_path, TRUE);
  pb_countries_reset_default ();

  if ((store = pb_case_store_new (path, error)) != NULL &&
      (pb_case_store_set_actor (store, reviewer), import_lists (self, store, lists, error)) &&
      (case_id = create_case (self, store, questionnaire, screening, error)) != NULL &&
      add_parties (self, store, case_id, member_array (screening, "parties"), error))
    {
      g_autoptr(PbScreeningIndex) index = pb_screening_index_new (store, NULL, error);

      /* With no list imported there is nothing to screen against: the
       * case stays unscreened, as it would for a user. */
      if (index != NULL &&
          (pb_screening_index_get_editions (index)->len == 0 ||
           (pb_case_screen (store, case_id, index, PB_NAME_MATCH_THRESHOLD, error) != 0 &&
            decide_hits (self, store, case_id, member_array (screening, "decisions"), error))) &&
          check_screening (self, store, case_id, screening, error))
        evaluation = pb_case_store_evaluate (store, case_id, 0, error);
    }

  g_clear_object (&store);
  remove_dir (dir);
  if (saved_countries != NULL)
    g_setenv ("PROBITY_COUNTRIES", saved_countries, TRUE);
  else
    g_unsetenv ("PROBITY_COUNTRIES");
  pb_countries_reset_default ();

  return evaluation;
}
