/* judgement-cases.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "judgement-cases.h"
#include "pb-file.h"

#define CASE_MAX_SIZE (1024 * 1024)

static const char * const basis_names[] = {
  [JUDGEMENT_BASIS_NONE] = "none",
  [JUDGEMENT_BASIS_CONDITIONS] = "conditions",
  [JUDGEMENT_BASIS_PENDING] = "pending",
  [JUDGEMENT_BASIS_INFORMATION_GAP] = "information-gap",
  [JUDGEMENT_BASIS_HUMAN_RIGHTS] = "human-rights",
  [JUDGEMENT_BASIS_LEGAL_BAR] = "legal-bar",
};

static const char * const outcome_names[] = {
  "proceed", "proceed-with-conditions", "consult-authority", "hold", "do-not-proceed", NULL,
};

static gboolean
invalid (GError    **error,
         const char *path,
         const char *member,
         const char *what)
{
  g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_INVALID, "%s: \"%s\" %s", path, member, what);
  return FALSE;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* An optional array of strings; FALSE if present and not one. */
static gboolean
get_strv (JsonObject *object,
          const char *member,
          GStrv      *out)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return FALSE;

      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
            return FALSE;
          g_strv_builder_add (builder, json_node_get_string (element));
        }
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
parse_basis (const char     *name,
             JudgementBasis *basis)
{
  for (guint i = 0; i < G_N_ELEMENTS (basis_names); i++)
    if (g_strcmp0 (name, basis_names[i]) == 0)
      {
        *basis = i;
        return TRUE;
      }

  return FALSE;
}

/* The answers file format the core reads: {"questionnaire", "answers"}. */
static gboolean
take_answers (JudgementCase *self,
              JsonObject    *encoded,
              GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonNode *answers = json_object_get_member (encoded, "answers");
  const char *questionnaire = get_string (encoded, "questionnaire");
  const char *version = get_string (encoded, "version");

  if (questionnaire == NULL || version == NULL || answers == NULL || !JSON_NODE_HOLDS_OBJECT (answers))
    return invalid (error, self->path, "answers",
                    "must hold \"questionnaire\", \"version\" and an \"answers\" object");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "questionnaire");
  json_builder_add_string_value (builder, questionnaire);
  json_builder_set_member_name (builder, "answers");
  json_builder_add_value (builder, json_node_copy (answers));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  self->questionnaire_id = g_strdup (questionnaire);
  self->questionnaire_version = g_strdup (version);
  self->answers_json = json_to_string (root, FALSE);

  return TRUE;
}

void
judgement_case_free (JudgementCase *self)
{
  if (self == NULL)
    return;

  g_free (self->path);
  g_free (self->id);
  g_free (self->title);
  g_free (self->expected_outcome);
  g_strfreev (self->flags);
  g_strfreev (self->absent);
  g_free (self->questionnaire_id);
  g_free (self->questionnaire_version);
  g_free (self->answers_json);
  g_free (self->screening_json);
  g_free (self);
}

const char *
judgement_basis_to_string (JudgementBasis basis)
{
  g_return_val_if_fail (basis < G_N_ELEMENTS (basis_names), NULL);

  return basis_names[basis];
}

JudgementCase *
judgement_case_load (const char  *path,
                     GError     **error)
{
  g_autoptr(JudgementCase) self = g_new0 (JudgementCase, 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *basename = g_path_get_basename (path);
  JsonObject *root;
  JsonObject *expected;
  JsonNode *node;
  const char *value;
  gsize size;
  const char *data;

  self->path = g_strdup (path);

  bytes = pb_file_load_path_bounded (path, CASE_MAX_SIZE, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  if (!json_parser_load_from_data (parser, data, size, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "(root)", "must be an object"), NULL;
  root = json_node_get_object (node);

  if (g_strcmp0 (get_string (root, "format"), "probity-judgement-case") != 0)
    return invalid (error, path, "format", "must be \"probity-judgement-case\""), NULL;

  value = get_string (root, "id");
  if (value == NULL || !g_str_has_suffix (basename, ".json")
      || strlen (value) != strlen (basename) - strlen (".json")
      || strncmp (value, basename, strlen (value)) != 0)
    return invalid (error, path, "id", "must be the file name without .json"), NULL;
  self->id = g_strdup (value);

  value = get_string (root, "title");
  if (value == NULL || *value == '\0')
    return invalid (error, path, "title", "is missing"), NULL;
  self->title = g_strdup (value);

  /* Without facts, sources and reasoning a case is only an assertion. */
  for (guint i = 0; i < 3; i++)
    {
      const char *member = (const char *[]) { "facts", "reasoning", "exporter" }[i];

      value = get_string (root, member);
      if (value == NULL || *value == '\0')
        return invalid (error, path, member, "is missing"), NULL;
    }

  node = json_object_get_member (root, "sources");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return invalid (error, path, "sources", "must be a non-empty array"), NULL;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *source = json_array_get_element (json_node_get_array (node), i);

      if (!JSON_NODE_HOLDS_OBJECT (source)
          || get_string (json_node_get_object (source), "ref") == NULL
          || get_string (json_node_get_object (source), "url") == NULL
          || get_string (json_node_get_object (source), "checked") == NULL)
        return invalid (error, path, "sources", "entries need \"ref\", \"url\" and \"checked\""), NULL;
    }

  node = json_object_get_member (root, "expected");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "expected", "must be an object"), NULL;
  expected = json_node_get_object (node);

  value = get_string (expected, "outcome");
  if (value == NULL || !g_strv_contains (outcome_names, value))
    return invalid (error, path, "expected.outcome", "is not an outcome of the suite"), NULL;
  self->expected_outcome = g_strdup (value);

  if (!parse_basis (get_string (expected, "basis"), &self->basis))
    return invalid (error, path, "expected.basis", "is not a basis of the suite"), NULL;

  if (!get_strv (expected, "flags", &self->flags) || !get_strv (expected, "absent", &self->absent))
    return invalid (error, path, "expected.flags", "and \"absent\" must be arrays of rule ids"), NULL;

  node = json_object_get_member (root, "answers");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, path, "answers", "must be an object"), NULL;
      if (!take_answers (self, json_node_get_object (node), error))
        return NULL;
    }

  node = json_object_get_member (root, "screening");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, path, "screening", "must be an object"), NULL;
      self->screening_json = json_to_string (node, FALSE);
    }

  return g_steal_pointer (&self);
}

static int
compare_by_id (gconstpointer a,
               gconstpointer b)
{
  const JudgementCase *ca = *(JudgementCase * const *) a;
  const JudgementCase *cb = *(JudgementCase * const *) b;

  return strcmp (ca->id, cb->id);
}

GPtrArray *
judgement_cases_load_dir (const char  *dir,
                          GError     **error)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) judgement_case_free);
  g_autoptr(GDir) handle = g_dir_open (dir, 0, error);
  const char *name;

  if (handle == NULL)
    return NULL;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = NULL;
      JudgementCase *judgement_case;

      if (!g_str_has_suffix (name, ".json"))
        continue;

      path = g_build_filename (dir, name, NULL);
      judgement_case = judgement_case_load (path, error);
      if (judgement_case == NULL)
        return NULL;
      g_ptr_array_add (cases, judgement_case);
    }

  g_ptr_array_sort (cases, compare_by_id);

  return g_steal_pointer (&cases);
}

PbEvaluation *
judgement_case_evaluate (JudgementCase   *self,
                         PbQuestionnaire *questionnaire,
                         GError         **error)
{
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbCountries) reference = NULL;

  g_return_val_if_fail (self->answers_json != NULL, NULL);

  if (g_strcmp0 (pb_questionnaire_get_id (questionnaire), self->questionnaire_id) != 0
      || g_strcmp0 (pb_questionnaire_get_version (questionnaire), self->questionnaire_version) != 0)
    {
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_INVALID,
                   "%s: encoded for %s %s, the questionnaire is %s %s", self->path,
                   self->questionnaire_id, self->questionnaire_version,
                   pb_questionnaire_get_id (questionnaire), pb_questionnaire_get_version (questionnaire));
      return NULL;
    }

  answers = pb_answer_set_new_from_json (self->answers_json, -1, self->path, error);
  if (answers == NULL || !pb_answer_set_validate (answers, questionnaire, error))
    return NULL;

  /* The shipped data, not the user's import: the suite must judge the
   * same deal the same way on every machine. */
  reference = pb_countries_load_shipped (error);
  if (reference == NULL)
    return NULL;

  return pb_evaluate_with_reference (questionnaire, answers, reference);
}

gboolean
judgement_raised (PbEvaluation *evaluation,
                  const char   *rule_id)
{
  if (pb_evaluation_lookup_flag (evaluation, rule_id) != NULL)
    return TRUE;

  for (guint i = 0; i < pb_evaluation_get_n_assurances (evaluation); i++)
    if (g_str_equal (pb_rule_get_id (pb_evaluation_get_assurance (evaluation, i)), rule_id))
      return TRUE;

  return FALSE;
}

/* The first flag that satisfies @predicate, or NULL. */
static PbFlag *
find_flag (PbEvaluation *evaluation,
           gboolean    (*predicate) (PbFlag *flag))
{
  for (guint i = 0; i < pb_evaluation_get_n_flags (evaluation); i++)
    if (predicate (pb_evaluation_get_flag (evaluation, i)))
      return pb_evaluation_get_flag (evaluation, i);

  return NULL;
}

static gboolean
is_critical (PbFlag *flag)
{
  return pb_flag_get_residual_level (flag) == PB_SEVERITY_CRITICAL;
}

static gboolean
is_above_medium (PbFlag *flag)
{
  return pb_flag_get_residual_level (flag) > PB_SEVERITY_MEDIUM;
}

/* What the basis demands beyond the outcome (tests/data/cases/README.md). */
static char *
basis_disagreement (JudgementCase *self,
                    PbEvaluation  *evaluation)
{
  PbFlag *flag;

  switch (self->basis)
    {
    case JUDGEMENT_BASIS_LEGAL_BAR:
      if (find_flag (evaluation, pb_flag_is_hard_stop) == NULL)
        return g_strdup ("a legal bar binds this seller, but no hard stop is in force");
      break;

    case JUDGEMENT_BASIS_HUMAN_RIGHTS:
    case JUDGEMENT_BASIS_INFORMATION_GAP:
      flag = find_flag (evaluation, pb_flag_is_hard_stop);
      if (flag != NULL)
        return g_strdup_printf ("%s is presented as a legal hard stop, but no binding law applies here",
                                pb_rule_get_id (pb_flag_get_rule (flag)));
      if (self->basis == JUDGEMENT_BASIS_HUMAN_RIGHTS && find_flag (evaluation, is_critical) == NULL)
        return g_strdup ("no flag carries the Critical human-rights risk");
      break;

    case JUDGEMENT_BASIS_CONDITIONS:
      flag = find_flag (evaluation, is_critical);
      if (flag != NULL)
        return g_strdup_printf ("%s is Critical for a deal that conditions can carry",
                                pb_rule_get_id (pb_flag_get_rule (flag)));
      break;

    case JUDGEMENT_BASIS_NONE:
      flag = find_flag (evaluation, is_above_medium);
      if (flag != NULL)
        return g_strdup_printf ("%s is above Medium for a sale with nothing to mitigate",
                                pb_rule_get_id (pb_flag_get_rule (flag)));
      break;

    case JUDGEMENT_BASIS_PENDING:
    default:
      break;
    }

  return NULL;
}

char *
judgement_case_disagreement (JudgementCase *self,
                             PbEvaluation  *evaluation)
{
  const char *outcome = pb_outcome_to_string (pb_evaluation_get_outcome (evaluation));
  char *why;

  if (pb_evaluation_get_n_missing (evaluation) != 0)
    return g_strdup_printf ("%s is left unanswered",
                            pb_question_get_id (pb_evaluation_get_missing (evaluation, 0)));

  if (g_strcmp0 (outcome, self->expected_outcome) != 0)
    return g_strdup_printf ("expected %s, got %s", self->expected_outcome, outcome);

  why = basis_disagreement (self, evaluation);
  if (why != NULL)
    return why;

  for (guint i = 0; self->flags[i] != NULL; i++)
    if (!judgement_raised (evaluation, self->flags[i]))
      return g_strdup_printf ("%s did not fire", self->flags[i]);

  for (guint i = 0; self->absent[i] != NULL; i++)
    if (judgement_raised (evaluation, self->absent[i]))
      return g_strdup_printf ("%s fired", self->absent[i]);

  return NULL;
}

char *
judgement_describe (PbEvaluation *evaluation)
{
  GString *text = g_string_new (pb_outcome_to_string (pb_evaluation_get_outcome (evaluation)));
  const char * const *reasons = pb_evaluation_get_reasons (evaluation);

  for (guint i = 0; reasons != NULL && reasons[i] != NULL; i++)
    g_string_append_printf (text, "; %s", reasons[i]);

  return g_string_free (text, FALSE);
}
