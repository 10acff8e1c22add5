/* test-expr.c: the condition language (FORMAT.md, "The expression language")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-expr.h"
#include "pb-questionnaire.h"

/* Evaluation must not allocate. With glibc (and no AddressSanitizer, which
 * has its own allocator) this program counts the allocations made while
 * pb_expr_eval() runs, by interposing the C allocator. */
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#define COUNT_ALLOCATIONS 1

extern void *__libc_malloc  (size_t size);
extern void *__libc_calloc  (size_t n,
                             size_t size);
extern void *__libc_realloc (void  *mem,
                             size_t size);

static volatile gboolean counting;
static volatile guint n_allocations;

void *
malloc (size_t size)
{
  if (counting)
    n_allocations++;
  return __libc_malloc (size);
}

void *
calloc (size_t n,
        size_t size)
{
  if (counting)
    n_allocations++;
  return __libc_calloc (n, size);
}

void *
realloc (void  *mem,
         size_t size)
{
  if (counting)
    n_allocations++;
  return __libc_realloc (mem, size);
}
#else
static gboolean counting;
static guint n_allocations;
#endif

static void
count_allocations (gboolean start)
{
  if (start)
    n_allocations = 0;
  counting = start;
}

/* The questions every case resolves against, loaded by the real loader. */
static const char questionnaire_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<questionnaire id=\"expr-test\" version=\"1\">\n"
  "  <title>Expression test</title>\n"
  "  <section id=\"S1\">\n"
  "    <title>Product</title>\n"
  "    <question id=\"S1.01\" type=\"single\" unknown=\"true\">\n"
  "      <label>Family</label><help>Pick one.</help><ref>T 1</ref>\n"
  "      <choice code=\"camera\">Camera</choice>\n"
  "      <choice code=\"spyware\">Spyware</choice>\n"
  "      <choice code=\"analytics\">Analytics</choice>\n"
  "    </question>\n"
  "    <question id=\"S1.02\" type=\"yes-no\" unknown=\"true\">\n"
  "      <label>Licence</label><help>Yes or no.</help><ref>T 2</ref>\n"
  "    </question>\n"
  "    <question id=\"S1.03\" type=\"multiple\" unknown=\"true\">\n"
  "      <label>Capabilities</label><help>Pick any.</help><ref>T 3</ref>\n"
  "      <choice code=\"face\">Face</choice>\n"
  "      <choice code=\"plate\">Plate</choice>\n"
  "      <choice code=\"voice\">Voice</choice>\n"
  "      <choice code=\"location\">Location</choice>\n"
  "    </question>\n"
  "    <question id=\"S1.04\" type=\"yes-no-unknown\">\n"
  "      <label>Remote access</label><help>Yes, no or unknown.</help><ref>T 4</ref>\n"
  "    </question>\n"
  "  </section>\n"
  "  <section id=\"S2\">\n"
  "    <title>Deal</title>\n"
  "    <question id=\"S2.01\" type=\"number\" unknown=\"true\">\n"
  "      <label>Units</label><help>How many.</help><ref>T 5</ref>\n"
  "    </question>\n"
  "    <question id=\"S2.02\" type=\"date\">\n"
  "      <label>Delivery</label><help>When.</help><ref>T 6</ref>\n"
  "    </question>\n"
  "    <question id=\"S2.03\" type=\"country\" unknown=\"true\">\n"
  "      <label>Destination</label><help>Where.</help><ref>T 7</ref>\n"
  "    </question>\n"
  "    <question id=\"S2.04\" type=\"text\">\n"
  "      <label>Customer</label><help>Who.</help><ref>T 8</ref>\n"
  "    </question>\n"
  "  </section>\n"
  "</questionnaire>\n";

/* Rules and sections the scope knows; rule_sections maps rules to sections. */
static const char * const rule_ids[] = { "CR-01", "CR-02", "GP-01" };
static const guint rule_sections[] = { 0, 1, G_MAXUINT };
static const char * const section_ids[] = { "S1", "S2", "S3" };

typedef struct
{
  PbQuestionnaire *questionnaire;
  GHashTable      *defines;       /* name → PbExpr, owned */
  PbExprScope      scope;
} TestScope;

static TestScope the_scope;

static gboolean
lookup_question_cb (gpointer     user_data,
                    const char  *name,
                    guint       *index,
                    PbQuestion **question)
{
  TestScope *ts = user_data;
  guint n = pb_questionnaire_get_n_questions (ts->questionnaire);

  for (guint i = 0; i < n; i++)
    {
      PbQuestion *q = pb_questionnaire_get_question (ts->questionnaire, i);

      if (g_str_equal (pb_question_get_id (q), name))
        {
          *index = i;
          *question = q;
          return TRUE;
        }
    }

  return FALSE;
}

static const PbExpr *
lookup_define_cb (gpointer    user_data,
                  const char *name)
{
  TestScope *ts = user_data;

  return g_hash_table_lookup (ts->defines, name);
}

static gboolean
lookup_in (const char * const *ids,
           guint               n_ids,
           const char         *name,
           guint              *index)
{
  for (guint i = 0; i < n_ids; i++)
    {
      if (g_str_equal (ids[i], name))
        {
          *index = i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
lookup_rule_cb (gpointer    user_data,
                const char *name,
                guint      *index)
{
  return lookup_in (rule_ids, G_N_ELEMENTS (rule_ids), name, index);
}

static gboolean
lookup_section_cb (gpointer    user_data,
                   const char *name,
                   guint      *index)
{
  return lookup_in (section_ids, G_N_ELEMENTS (section_ids), name, index);
}

static void
add_define (TestScope  *ts,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  PbExpr *expr = pb_expr_parse (text, &ts->scope, NULL, &error);

  g_assert_no_error (error);
  g_hash_table_insert (ts->defines, g_strdup (name), expr);
}

static void
test_scope_init (TestScope *ts)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (questionnaire_xml, strlen (questionnaire_xml));
  g_autoptr(GError) error = NULL;

  ts->questionnaire = pb_questionnaire_new_from_bytes (bytes, "expr-test.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_questionnaire_get_n_questions (ts->questionnaire), ==, 8);

  ts->defines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) pb_expr_free);
  ts->scope = (PbExprScope) {
    .lookup_question = lookup_question_cb,
    .lookup_define = lookup_define_cb,
    .lookup_rule = lookup_rule_cb,
    .lookup_section = lookup_section_cb,
    .user_data = ts,
  };

  add_define (ts, "INTRUSION", "S1.01 == \"spyware\"");
  add_define (ts, "BIOMETRIC", "any(S1.03, [\"face\", \"voice\"])");
  add_define (ts, "RISKY", "INTRUSION or BIOMETRIC  # through two defines");
  add_define (ts, "AFTER_CR01", "fired(\"CR-01\")");
  add_define (ts, "LATER", "AFTER_CR01 and answered(S2.02)");
}

static void
test_scope_clear (TestScope *ts)
{
  g_clear_pointer (&ts->defines, g_hash_table_unref);
  g_clear_object (&ts->questionnaire);
}

static guint
question_index (const char *id)
{
  guint index = G_MAXUINT;
  PbQuestion *question;

  g_assert_true (lookup_question_cb (&the_scope, id, &index, &question));

  return index;
}

/* Answers from a JSON object {"S1.01": "camera", ...}, flags from
 * "CR-01=high GP-01=low". */
typedef struct
{
  PbAnswer   *answers[8];
  PbSeverity  flags[G_N_ELEMENTS (rule_ids)];
  PbExprEnv   env;
} Env;

static void
env_init (Env        *e,
          const char *answers_json,
          const char *flags)
{
  memset (e, 0, sizeof *e);

  if (answers_json != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = json_from_string (answers_json, &error);
      JsonObject *object;
      g_autoptr(GList) members = NULL;

      g_assert_no_error (error);
      object = json_node_get_object (root);
      members = json_object_get_members (object);
      for (const GList *l = members; l != NULL; l = l->next)
        {
          guint index = question_index (l->data);

          e->answers[index] = pb_answer_new_from_json_node (json_object_get_member (object, l->data), &error);
          g_assert_no_error (error);
        }
    }

  if (flags != NULL)
    {
      g_auto(GStrv) words = g_strsplit (flags, " ", -1);

      for (guint i = 0; words[i] != NULL; i++)
        {
          g_auto(GStrv) pair = g_strsplit (words[i], "=", 2);
          guint rule = 0;

          g_assert_true (lookup_rule_cb (NULL, pair[0], &rule));
          g_assert_true (pb_severity_from_string (pair[1], &e->flags[rule]));
        }
    }

  e->env.answers = (const PbAnswer * const *) e->answers;
  e->env.n_answers = G_N_ELEMENTS (e->answers);
  e->env.flag_levels = e->flags;
  e->env.rule_sections = rule_sections;
  e->env.n_rules = G_N_ELEMENTS (rule_ids);
}

static void
env_clear (Env *e)
{
  for (guint i = 0; i < G_N_ELEMENTS (e->answers); i++)
    g_clear_pointer (&e->answers[i], pb_answer_unref);
}

static const char *
tri_name (PbTri tri)
{
  switch (tri)
    {
    case PB_TRI_FALSE:   return "false";
    case PB_TRI_TRUE:    return "true";
    case PB_TRI_UNKNOWN: return "unknown";
    default:             return "invalid";
    }
}

static PbExpr *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  gsize offset = G_MAXSIZE;
  PbExpr *expr = pb_expr_parse (text, &the_scope.scope, &offset, &error);

  if (error != NULL)
    g_error ("«%s» does not parse: %s (at %" G_GSIZE_FORMAT ")", text, error->message, offset);

  return expr;
}

#define T PB_TRI_TRUE
#define F PB_TRI_FALSE
#define U PB_TRI_UNKNOWN

typedef struct
{
  const char *text;
  const char *answers;
  const char *flags;
  PbTri       expected;
} EvalCase;

typedef struct
{
  const EvalCase *cases;
  guint           n_cases;
} EvalTable;

static void
test_eval_table (gconstpointer data)
{
  const EvalTable *table = data;

  for (guint i = 0; i < table->n_cases; i++)
    {
      const EvalCase *c = &table->cases[i];
      g_autoptr(PbExpr) expr = parse_ok (c->text);
      Env e;
      PbTri result;

      env_init (&e, c->answers, c->flags);
      count_allocations (TRUE);
      result = pb_expr_eval (expr, &e.env);
      count_allocations (FALSE);
      env_clear (&e);

      if (n_allocations != 0)
        g_test_fail_printf ("«%s» allocated %u times while evaluating", c->text, n_allocations);

      if (result != c->expected)
        g_test_fail_printf ("«%s» with %s %s: %s, expected %s", c->text,
                            c->answers ? c->answers : "no answers", c->flags ? c->flags : "",
                            tri_name (result), tri_name (c->expected));
    }
}

static const EvalCase precedence_cases[] = {
  /* and binds tighter than or */
  { "true or false and false", NULL, NULL, T },
  { "(true or false) and false", NULL, NULL, F },
  { "false and false or true", NULL, NULL, T },
  { "false and (false or true)", NULL, NULL, F },
  /* not binds tighter than and/or */
  { "not false and false", NULL, NULL, F },
  { "not (false and false)", NULL, NULL, T },
  { "not false or true", NULL, NULL, T },
  { "not (false or true)", NULL, NULL, F },
  { "not not true", NULL, NULL, T },
  /* comparison binds tighter than and, and not applies to the whole comparison
   * (read the other way, "not S1.01" would be a type error) */
  { "not S1.01 == \"camera\"", "{\"S1.01\": \"camera\"}", NULL, F },
  { "not S1.01 == \"camera\"", "{\"S1.01\": \"spyware\"}", NULL, T },
  { "S1.01 == \"camera\" and S1.02 == \"yes\" or S1.02 == \"no\"", "{\"S1.01\": \"spyware\", \"S1.02\": \"no\"}", NULL, T },
  { "S1.01 == \"camera\" and (S1.02 == \"yes\" or S1.02 == \"no\")", "{\"S1.01\": \"spyware\", \"S1.02\": \"no\"}", NULL, F },
  { "S2.01 > 3 and S2.01 < 10", "{\"S2.01\": 5}", NULL, T },
  /* whitespace, newlines and comments */
  { "true # a comment, then\n  and false", NULL, NULL, F },
  { "\n\ttrue\n", NULL, NULL, T },
  { "((true))", NULL, NULL, T },
  { "true and true and true and false", NULL, NULL, F },
  { "false or false or false or true", NULL, NULL, T },
};

static const EvalCase comparison_cases[] = {
  /* numbers compare as numbers */
  { "S2.01 > 3", "{\"S2.01\": 5}", NULL, T },
  { "S2.01 < 3", "{\"S2.01\": 5}", NULL, F },
  { "S2.01 >= 5", "{\"S2.01\": 5}", NULL, T },
  { "S2.01 <= 4.5", "{\"S2.01\": 5}", NULL, F },
  { "S2.01 == 5", "{\"S2.01\": 5}", NULL, T },
  { "S2.01 != 5", "{\"S2.01\": 5}", NULL, F },
  { "S2.01 == 0.25", "{\"S2.01\": 0.25}", NULL, T },
  { "S2.01 < 1000000", "{\"S2.01\": 999999.5}", NULL, T },
  { "S2.01 >= 1000000", "{\"S2.01\": 999999.5}", NULL, F },
  { "3 < 10", NULL, NULL, T },
  { "10 > 9.75", NULL, NULL, T },
  { "S2.01 > 3", NULL, NULL, U },
  { "S2.01 > 3", "{\"S2.01\": \"unknown\"}", NULL, U },
  { "S2.01 != 3", "{\"S2.01\": \"unknown\"}", NULL, U },
  /* choice codes */
  { "S1.01 == \"camera\"", "{\"S1.01\": \"camera\"}", NULL, T },
  { "S1.01 == \"camera\"", "{\"S1.01\": \"spyware\"}", NULL, F },
  { "S1.01 != \"camera\"", "{\"S1.01\": \"spyware\"}", NULL, T },
  { "\"camera\" == S1.01", "{\"S1.01\": \"camera\"}", NULL, T },
  { "S1.01 == \"camera\"", NULL, NULL, U },
  { "S1.01 != \"camera\"", "{\"S1.01\": \"unknown\"}", NULL, U },
  { "S1.02 == \"no\"", "{\"S1.02\": \"no\"}", NULL, T },
  { "S1.04 == \"yes\"", "{\"S1.04\": \"unknown\"}", NULL, U },
  /* dates order as YYYY-MM-DD strings */
  { "S2.02 < \"2027-01-01\"", "{\"S2.02\": \"2026-11-26\"}", NULL, T },
  { "S2.02 >= \"2026-11-26\"", "{\"S2.02\": \"2026-11-26\"}", NULL, T },
  { "S2.02 > \"2026-12-01\"", "{\"S2.02\": \"2026-11-26\"}", NULL, F },
  { "\"2026-12-01\" > S2.02", "{\"S2.02\": \"2026-11-26\"}", NULL, T },
  { "S2.02 <= \"2026-12-01\"", NULL, NULL, U },
  /* countries are codes, text is text */
  { "S2.03 == \"CN\"", "{\"S2.03\": \"CN\"}", NULL, T },
  { "S2.03 == \"CN\"", "{\"S2.03\": \"DE\"}", NULL, F },
  { "S2.04 == \"Acme\"", "{\"S2.04\": \"Acme\"}", NULL, T },
  { "S2.04 == \"say \\\"hi\\\" \\\\ ok\"", "{\"S2.04\": \"say \\\"hi\\\" \\\\ ok\"}", NULL, T },
  { "S2.04 != \"acme\"", "{\"S2.04\": \"Acme\"}", NULL, T },
  /* conditions compare with conditions */
  { "INTRUSION == false", "{\"S1.01\": \"camera\"}", NULL, T },
  { "INTRUSION != true", "{\"S1.01\": \"spyware\"}", NULL, F },
  { "INTRUSION == false", NULL, NULL, U },
};

static const EvalCase membership_cases[] = {
  { "S1.03 in [\"voice\", \"face\"]", "{\"S1.03\": [\"face\", \"plate\"]}", NULL, T },
  { "S1.03 in [\"voice\"]", "{\"S1.03\": [\"face\", \"plate\"]}", NULL, F },
  { "S1.03 not in [\"voice\"]", "{\"S1.03\": [\"face\", \"plate\"]}", NULL, T },
  { "S1.03 not in [\"plate\"]", "{\"S1.03\": [\"face\", \"plate\"]}", NULL, F },
  { "S1.03 in [\"face\"]", "{\"S1.03\": []}", NULL, F },
  { "S1.03 in [\"face\"]", NULL, NULL, U },
  { "S1.03 not in [\"face\"]", "{\"S1.03\": \"unknown\"}", NULL, U },
  { "\"face\" in S1.03", "{\"S1.03\": [\"face\", \"plate\"]}", NULL, T },
  { "\"voice\" in S1.03", "{\"S1.03\": [\"face\", \"plate\"]}", NULL, F },
  { "\"voice\" not in S1.03", "{\"S1.03\": [\"face\", \"plate\"]}", NULL, T },
  { "S1.01 in [\"camera\", \"analytics\"]", "{\"S1.01\": \"camera\"}", NULL, T },
  { "S1.01 in [\"camera\", \"analytics\"]", "{\"S1.01\": \"spyware\"}", NULL, F },
  { "S1.01 not in [\"camera\", \"analytics\"]", "{\"S1.01\": \"spyware\"}", NULL, T },
  { "S1.01 in []", "{\"S1.01\": \"spyware\"}", NULL, F },
  { "S2.03 in [\"CN\", \"RU\"]", "{\"S2.03\": \"CN\"}", NULL, T },
  { "S2.03 not in [\"CN\", \"RU\"]", "{\"S2.03\": \"CN\"}", NULL, F },
  { "S2.03 in [\"CN\", \"RU\"]", "{\"S2.03\": \"unknown\"}", NULL, U },
  { "\"CN\" in [\"CN\", \"RU\"]", NULL, NULL, T },
};

static const EvalCase function_cases[] = {
  /* answered() and unknown() always know */
  { "answered(S1.01)", NULL, NULL, F },
  { "answered(S1.01)", "{\"S1.01\": \"camera\"}", NULL, T },
  { "answered(S1.01)", "{\"S1.01\": \"unknown\"}", NULL, T },
  { "unknown(S1.01)", NULL, NULL, F },
  { "unknown(S1.01)", "{\"S1.01\": \"camera\"}", NULL, F },
  { "unknown(S1.01)", "{\"S1.01\": \"unknown\"}", NULL, T },
  { "not answered(S2.04)", NULL, NULL, T },
  /* selected() on multiple and single choice and yes/no */
  { "selected(S1.03, \"face\")", "{\"S1.03\": [\"face\", \"plate\"]}", NULL, T },
  { "selected(S1.03, \"voice\")", "{\"S1.03\": [\"face\", \"plate\"]}", NULL, F },
  { "selected(S1.03, \"voice\")", NULL, NULL, U },
  { "selected(S1.03, \"voice\")", "{\"S1.03\": \"unknown\"}", NULL, U },
  { "selected(S1.01, \"camera\")", "{\"S1.01\": \"camera\"}", NULL, T },
  { "selected(S1.01, \"camera\")", "{\"S1.01\": \"analytics\"}", NULL, F },
  { "selected(S1.02, \"yes\")", "{\"S1.02\": \"yes\"}", NULL, T },
  { "selected(S2.03, \"CN\")", "{\"S2.03\": \"CN\"}", NULL, T },
  /* any() */
  { "any(S1.03, [\"voice\", \"plate\"])", "{\"S1.03\": [\"face\", \"plate\"]}", NULL, T },
  { "any(S1.03, [\"voice\", \"location\"])", "{\"S1.03\": [\"face\", \"plate\"]}", NULL, F },
  { "any(S1.03, [\"voice\", \"location\"])", NULL, NULL, U },
  { "any(S1.01, [\"camera\", \"spyware\"])", "{\"S1.01\": \"spyware\"}", NULL, T },
  /* count() */
  { "count(S1.03) == 2", "{\"S1.03\": [\"face\", \"plate\"]}", NULL, T },
  { "count(S1.03) > 2", "{\"S1.03\": [\"face\", \"plate\"]}", NULL, F },
  { "count(S1.03) == 0", "{\"S1.03\": []}", NULL, T },
  { "count(S1.03) >= 0", NULL, NULL, U },
  { "count(S1.03) >= 1", "{\"S1.03\": \"unknown\"}", NULL, U },
  /* count_true() knows what it can: two of three hold whatever the third is */
  { "count_true(true, false, true) == 2", NULL, NULL, T },
  { "count_true(false) == 0", NULL, NULL, T },
  { "count_true(true, true, S1.02 == \"yes\") >= 2", NULL, NULL, T },
  { "count_true(true, S1.02 == \"yes\", S1.04 == \"yes\") >= 2", NULL, NULL, U },
  { "count_true(false, false, S1.02 == \"yes\") >= 2", NULL, NULL, F },
  { "count_true(true, S1.02 == \"yes\") == 1", NULL, NULL, U },
  { "count_true(true, S1.02 == \"yes\") == 1", "{\"S1.02\": \"no\"}", NULL, T },
  { "count_true(true, S1.02 == \"yes\") < 3", NULL, NULL, T },
  { "count_true(S2.01 > 1, S2.01 > 2, S2.01 > 3) == 2", "{\"S2.01\": 2.5}", NULL, T },
  /* flags raised so far */
  { "fired(\"CR-01\")", NULL, NULL, F },
  { "fired(\"CR-01\")", NULL, "CR-01=low", T },
  { "fired(\"CR-01\")", NULL, "CR-02=critical", F },
  { "flag_count(\"high\") >= 1", NULL, "CR-01=critical", T },
  { "flag_count(\"high\") >= 1", NULL, "CR-01=medium", F },
  { "flag_count(\"low\") == 2", NULL, "CR-01=low CR-02=high", T },
  { "flag_count(\"critical\") == 0", NULL, "CR-01=high GP-01=high", T },
  { "flag_sections(\"high\", [\"S1\", \"S2\"]) == 1", NULL, "CR-01=high CR-02=medium", T },
  { "flag_sections(\"medium\", [\"S1\", \"S2\"]) == 2", NULL, "CR-01=high CR-02=medium", T },
  { "flag_sections(\"low\", [\"S1\", \"S1\"]) == 1", NULL, "CR-01=low", T },
  { "flag_sections(\"low\", [\"S3\"]) == 0", NULL, "CR-01=high CR-02=high GP-01=high", T },
  { "flag_sections(\"low\", [\"S1\"]) == 0", NULL, NULL, T },
};

/* Kleene's tables, spelt out rather than computed. U is an answer of
 * "unknown" to a yes/no question. */
#define KU "S1.02 == \"yes\""
#define KA "{\"S1.02\": \"unknown\"}"

static const EvalCase kleene_cases[] = {
  { "true and true", KA, NULL, T },
  { "true and false", KA, NULL, F },
  { "true and " KU, KA, NULL, U },
  { "false and true", KA, NULL, F },
  { "false and false", KA, NULL, F },
  { "false and " KU, KA, NULL, F },
  { KU " and true", KA, NULL, U },
  { KU " and false", KA, NULL, F },
  { KU " and " KU, KA, NULL, U },
  { "true or true", KA, NULL, T },
  { "true or false", KA, NULL, T },
  { "true or " KU, KA, NULL, T },
  { "false or true", KA, NULL, T },
  { "false or false", KA, NULL, F },
  { "false or " KU, KA, NULL, U },
  { KU " or true", KA, NULL, T },
  { KU " or false", KA, NULL, U },
  { KU " or " KU, KA, NULL, U },
  { "not true", KA, NULL, F },
  { "not false", KA, NULL, T },
  { "not " KU, KA, NULL, U },
  { "true and true and " KU " and false", KA, NULL, F },
  { "false or false or " KU " or true", KA, NULL, T },
};

/* A missing answer and an answer of "unknown" both make comparisons unknown;
 * only answered() and unknown() tell them apart. */
static const EvalCase missing_cases[] = {
  { "S1.02 == \"yes\"", NULL, NULL, U },
  { "S1.02 == \"yes\"", "{\"S1.02\": \"unknown\"}", NULL, U },
  { "S1.02 != \"yes\"", NULL, NULL, U },
  { "S1.02 != \"yes\"", "{\"S1.02\": \"unknown\"}", NULL, U },
  { "answered(S1.02)", NULL, NULL, F },
  { "answered(S1.02)", "{\"S1.02\": \"unknown\"}", NULL, T },
  { "unknown(S1.02)", NULL, NULL, F },
  { "unknown(S1.02)", "{\"S1.02\": \"unknown\"}", NULL, T },
  { "answered(S1.02) and not unknown(S1.02)", "{\"S1.02\": \"no\"}", NULL, T },
  /* an answer of the wrong kind (not checked by the caller) reads as unknown */
  { "S2.01 > 3", "{\"S2.01\": \"three\"}", NULL, U },
  { "S1.01 == \"camera\"", "{\"S1.01\": 3}", NULL, U },
  { "count(S1.03) == 1", "{\"S1.03\": \"face\"}", NULL, U },
};

static const EvalCase define_cases[] = {
  { "INTRUSION", "{\"S1.01\": \"spyware\"}", NULL, T },
  { "INTRUSION", "{\"S1.01\": \"camera\"}", NULL, F },
  { "INTRUSION", NULL, NULL, U },
  { "not INTRUSION", "{\"S1.01\": \"camera\"}", NULL, T },
  { "RISKY", "{\"S1.01\": \"camera\", \"S1.03\": [\"voice\"]}", NULL, T },
  { "RISKY", "{\"S1.01\": \"camera\", \"S1.03\": [\"plate\"]}", NULL, F },
  { "RISKY", "{\"S1.01\": \"spyware\"}", NULL, T },
  { "RISKY", "{\"S1.01\": \"camera\"}", NULL, U },
  { "LATER", "{\"S2.02\": \"2026-01-01\"}", "CR-01=high", T },
  { "LATER", "{\"S2.02\": \"2026-01-01\"}", NULL, F },
  { "INTRUSION and S1.02 == \"no\"", "{\"S1.01\": \"spyware\", \"S1.02\": \"no\"}", NULL, T },
};

#define TABLE(name) { name, G_N_ELEMENTS (name) }

static const EvalTable precedence_table = TABLE (precedence_cases);
static const EvalTable comparison_table = TABLE (comparison_cases);
static const EvalTable membership_table = TABLE (membership_cases);
static const EvalTable function_table = TABLE (function_cases);
static const EvalTable kleene_table = TABLE (kleene_cases);
static const EvalTable missing_table = TABLE (missing_cases);
static const EvalTable define_table = TABLE (define_cases);

typedef struct
{
  const char *text;
  const char *message;
  gsize       offset;
} ErrorCase;

typedef struct
{
  const ErrorCase *cases;
  guint            n_cases;
} ErrorTable;

static void
check_error (const PbExprScope *scope,
             const char        *text,
             const char        *message,
             gsize              offset)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbExpr) expr = NULL;
  gsize error_offset = G_MAXSIZE;

  expr = pb_expr_parse (text, scope, &error_offset, &error);
  if (expr != NULL)
    {
      g_test_fail_printf ("«%s» parsed; expected “%s”", text, message);
      return;
    }

  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_EXPRESSION);
  if (g_strcmp0 (error->message, message) != 0 || error_offset != offset)
    g_test_fail_printf ("«%s»: “%s” at %" G_GSIZE_FORMAT ", expected “%s” at %" G_GSIZE_FORMAT,
                        text, error->message, error_offset, message, offset);
}

static void
test_error_table (gconstpointer data)
{
  const ErrorTable *table = data;

  for (guint i = 0; i < table->n_cases; i++)
    check_error (&the_scope.scope, table->cases[i].text, table->cases[i].message, table->cases[i].offset);
}

static const ErrorCase type_error_cases[] = {
  /* names */
  { "S9.99 == \"x\"", "unknown question 'S9.99'", 0 },
  { "true and answered(S9.99)", "unknown question 'S9.99'", 18 },
  { "NOPE or true", "unknown question or condition 'NOPE'", 0 },
  { "answered(INTRUSION)", "'INTRUSION' is a named condition, not a question", 9 },
  { "fired(\"CR-99\")", "unknown rule 'CR-99' (a rule must be defined before fired() names it)", 6 },
  { "flag_sections(\"high\", [\"S1\", \"S9\"]) > 0", "unknown section 'S9'", 29 },
  { "frobnicate(S1.01)", "unknown function 'frobnicate'", 0 },
  /* arguments */
  { "answered(S1.01, S1.02)", "answered() takes 1 argument but was given 2", 0 },
  { "true or selected(S1.03)", "selected() takes 2 arguments but was given 1", 8 },
  { "unknown()", "unknown() takes 1 argument but was given 0", 0 },
  { "count_true()", "count_true() needs at least one condition", 0 },
  { "count_true(S2.01 > 1, 5) > 1", "expected a condition but found a number", 22 },
  { "answered(\"S1.01\")", "expected a question id but found '\"S1.01\"'", 9 },
  { "answered(count(S1.03))", "expected a question id but found a call of count()", 9 },
  { "selected(S2.01, \"x\")", "selected() needs a choice question, but S2.01 is not one", 9 },
  { "count(S1.01) > 1", "count() needs a multiple choice question, but S1.01 is not one", 6 },
  { "flag_count(\"severe\") > 0", "\"severe\" is not a risk level (critical, high, medium, low)", 11 },
  { "flag_count(\"none\") > 0", "\"none\" is not a risk level (critical, high, medium, low)", 11 },
  /* codes */
  { "S1.01 == \"camerra\"", "\"camerra\" is not a choice of S1.01", 9 },
  { "\"camerra\" != S1.01", "\"camerra\" is not a choice of S1.01", 0 },
  { "S1.02 == \"unknown\"", "\"unknown\" is not a choice of S1.02; use unknown(S1.02)", 9 },
  { "S1.01 == \"unknown\"", "\"unknown\" is not a choice of S1.01; use unknown(S1.01)", 9 },
  { "S1.04 == \"maybe\"", "\"maybe\" is not a choice of S1.04", 9 },
  { "S1.01 in [\"camera\", \"drone\"]", "\"drone\" is not a choice of S1.01", 20 },
  { "\"drone\" in S1.03", "\"drone\" is not a choice of S1.03", 0 },
  { "selected(S1.03, \"fingerprint\")", "\"fingerprint\" is not a choice of S1.03", 16 },
  { "any(S1.03, [\"face\", \"iris\"])", "\"iris\" is not a choice of S1.03", 20 },
  { "S2.03 == \"China\"", "\"China\" is not a two-letter country code (S2.03)", 9 },
  { "S2.03 in [\"cn\"]", "\"cn\" is not a two-letter country code (S2.03)", 10 },
  { "S2.02 < \"2026-13-01\"", "\"2026-13-01\" is not a date of the form YYYY-MM-DD (S2.02)", 8 },
  { "S2.02 == \"26/11/2026\"", "\"26/11/2026\" is not a date of the form YYYY-MM-DD (S2.02)", 9 },
  /* types */
  { "S2.01 == \"five\"", "cannot compare a number with a string", 6 },
  { "S2.01 == true", "cannot compare a number with a condition", 6 },
  { "S1.02 == true", "S1.02 is a yes/no question; compare it with \"yes\" or \"no\"", 6 },
  { "false != S1.04", "S1.04 is a yes/no question; compare it with \"yes\" or \"no\"", 6 },
  { "\"a\" == 1", "cannot compare a string with a number", 4 },
  { "S1.03 == \"face\"", "S1.03 is a multiple choice question; use selected(), any() or 'in' rather than '=='", 6 },
  { "[\"a\"] != [\"b\"]", "a list cannot be compared with '!='; use 'in'", 6 },
  { "S1.01 < \"camera\"", "'<' compares numbers or dates, not strings", 6 },
  { "S2.04 >= \"A\"", "'>=' compares numbers or dates, not strings", 6 },
  { "true < false", "conditions cannot be ordered with '<'", 5 },
  { "S2.01 in [\"a\"]", "'in' needs a string or a set on its left, not a number", 0 },
  { "S1.01 in \"camera\"", "'in' needs a list or a multiple choice question on its right, not a string", 9 },
  /* conditions where a condition is needed */
  { "S2.01", "S2.01 is a question, not a condition; compare it with a value", 0 },
  { "S1.02 and true", "S1.02 is a question, not a condition; compare it with a value", 0 },
  { "S2.01 > 3 and 5", "expected a condition but found a number", 14 },
  { "true or \"yes\"", "expected a condition but found a string", 8 },
  { "not \"x\"", "expected a condition but found a string", 4 },
  { "[\"a\"]", "expected a condition but found a set", 0 },
  { "(count(S1.03))", "expected a condition but found a number", 0 },
  { "count_true(true)", "expected a condition but found a number", 0 },
};

static const ErrorCase syntax_error_cases[] = {
  { "", "empty expression", 0 },
  { "  # only a comment", "empty expression", 0 },
  { "S1.01 == \"camera", "unterminated string", 9 },
  { "S2.04 == \"ends in a backslash\\", "unterminated string", 9 },
  { "S2.04 == \"a\\nb\"", "invalid escape '\\n' in a string; only \\\" and \\\\ are allowed", 11 },
  { "S2.04 == \"a\\éb\"", "invalid escape '\\é' in a string; only \\\" and \\\\ are allowed", 11 },
  { "(S1.02 == \"yes\" and", "expected a value but found the end of the expression", 19 },
  { "(S1.02 == \"yes\" S1.01 == \"camera\")", "expected ')' but found 'S1.01'", 16 },
  { "(S2.01 > 1 > 2)", "expected ')' but found '>'", 11 },
  { "S2.04 == \"x\" == \"y\"", "expected the end of the expression but found '=='", 13 },
  { "true false", "expected the end of the expression but found 'false'", 5 },
  { "S1.01 == \"camera\")", "expected the end of the expression but found ')'", 17 },
  { "answered(S1.01 and true)", "expected ',' or ')' but found 'and'", 15 },
  { "S1.01 in [\"camera\" and", "expected ']' but found 'and'", 19 },
  { "S1.01 in [\"camera\",]", "expected a string but found ']'", 19 },
  { "any(S1.03, \"face\")", "expected a list such as [\"a\", \"b\"] but found '\"face\"'", 11 },
  { "selected(S1.03, face)", "expected a string but found 'face'", 16 },
  { "and true", "expected a value but found 'and'", 0 },
  { "S1.01 == ", "expected a value but found the end of the expression", 9 },
  { "not", "expected a value but found the end of the expression", 3 },
  { "S1.01 = \"camera\"", "unexpected '='; compare with '=='", 6 },
  { "!answered(S1.01)", "unexpected '!'; use '!=' or 'not'", 0 },
  { "S1.01 @ 2", "unexpected character '@'", 6 },
  { "S2.04 == «x»", "unexpected character '«'", 9 },
  { "S2.04 == \"caf\xe9\"", "the expression is not valid UTF-8", 13 },
  { "S2.01 > 3x", "invalid number '3x'", 8 },
  { "S2.01 > 1.2.3", "invalid number '1.2.3'", 8 },
  { "S2.01 > -1", "unexpected character '-'", 8 },
  { "S2.01 > 1 not true", "expected the end of the expression but found 'not'", 10 },
  { "count_true(true", "expected ',' or ')' but found the end of the expression", 15 },
};

static const ErrorTable type_error_table = TABLE (type_error_cases);
static const ErrorTable syntax_error_table = TABLE (syntax_error_cases);

static char *
repeat (const char *prefix,
        guint       n,
        const char *middle,
        const char *suffix)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (s, prefix);
  g_string_append (s, middle);
  for (guint i = 0; i < n; i++)
    g_string_append (s, suffix);

  return g_string_free (s, FALSE);
}

static void
test_nesting (void)
{
  g_autofree char *parens_200 = repeat ("(", 200, "S2.01 > 1", ")");
  g_autofree char *parens_10000 = repeat ("(", 10000, "true", ")");
  g_autofree char *nots_10000 = repeat ("not ", 10000, "true", "");
  g_autofree char *calls_10000 = repeat ("count_true(", 10000, "true", ") > 0");
  g_autofree char *nots_200 = repeat ("not ", 200, "S1.02 == \"yes\"", "");
  g_autofree char *chain = repeat ("S2.01 > 1 and ", 10000, "true", "");
  g_autoptr(PbExpr) deep = parse_ok (parens_200);
  g_autoptr(PbExpr) negated = parse_ok (nots_200);
  g_autoptr(PbExpr) long_chain = parse_ok (chain);
  Env e;

  env_init (&e, "{\"S2.01\": 2, \"S1.02\": \"yes\"}", NULL);
  g_assert_cmpint (pb_expr_eval (deep, &e.env), ==, PB_TRI_TRUE);
  g_assert_cmpint (pb_expr_eval (negated, &e.env), ==, PB_TRI_TRUE);
  g_assert_cmpint (pb_expr_eval (long_chain, &e.env), ==, PB_TRI_TRUE);
  env_clear (&e);

  env_init (&e, "{\"S2.01\": 0}", NULL);
  g_assert_cmpint (pb_expr_eval (long_chain, &e.env), ==, PB_TRI_FALSE);
  g_assert_cmpint (pb_expr_eval (negated, &e.env), ==, PB_TRI_UNKNOWN);
  env_clear (&e);

  /* refused at the 257th level, not by a stack overflow */
  check_error (&the_scope.scope, parens_10000, "the expression nests too deeply (more than 256 levels)", 256);
  check_error (&the_scope.scope, nots_10000, "the expression nests too deeply (more than 256 levels)", 256 * 4);
  check_error (&the_scope.scope, calls_10000, "the expression nests too deeply (more than 256 levels)",
               256 * strlen ("count_true("));
}

/* A chain of named conditions, each reading the one before, is as deep as
 * the chain: the evaluator's recursion is bounded there too. */
static void
test_define_chain (void)
{
  TestScope ts = the_scope;
  g_autoptr(GHashTable) defines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) pb_expr_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(PbExpr) top = NULL;
  guint n;
  Env e;

  ts.defines = defines;
  ts.scope.user_data = &ts;

  add_define (&ts, "D0", "S2.01 > 1");
  for (n = 1; ; n++)
    {
      g_autofree char *name = g_strdup_printf ("D%u", n);
      g_autofree char *text = g_strdup_printf ("D%u", n - 1);
      gsize offset = G_MAXSIZE;
      PbExpr *expr = pb_expr_parse (text, &ts.scope, &offset, &error);

      if (expr == NULL)
        break;
      g_hash_table_insert (defines, g_steal_pointer (&name), expr);
    }

  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_EXPRESSION);
  g_assert_cmpstr (error->message, ==,
                   "the condition nests too deeply (more than 1024 levels, named conditions included)");
  g_assert_cmpuint (n, ==, 1023);

  g_clear_error (&error);
  top = pb_expr_parse ("not D1021", &ts.scope, NULL, &error);
  g_assert_null (top);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_EXPRESSION);

  g_clear_error (&error);
  top = pb_expr_parse ("not D1020", &ts.scope, NULL, &error);
  g_assert_no_error (error);

  env_init (&e, "{\"S2.01\": 2}", NULL);
  g_assert_cmpint (pb_expr_eval (top, &e.env), ==, PB_TRI_FALSE);
  env_clear (&e);
}

/* Named conditions that each use the one before twice double at every step:
 * the 59 of them passed the loader and then hung every evaluation.
 * The parser refuses the first that would take more than PB_EXPR_MAX_WORK
 * steps, and everything it accepts evaluates in bounded time, also when
 * collecting the rules of a compound condition. */
static void
test_define_explosion (void)
{
  TestScope ts = the_scope;
  g_autoptr(GHashTable) defines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) pb_expr_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rules = g_array_new (FALSE, FALSE, sizeof (guint));
  const PbExpr *last = NULL;
  gsize offset = G_MAXSIZE;
  guint n;
  Env e;

  ts.defines = defines;
  ts.scope.user_data = &ts;

  /* false, so that "or" must read both sides; fired() so that collecting
   * the rules walks them too */
  add_define (&ts, "E0", "S1.02 == \"no\" and fired(\"CR-01\")");
  for (n = 1; n < 59; n++)
    {
      g_autofree char *name = g_strdup_printf ("E%u", n);
      g_autofree char *text = g_strdup_printf ("E%u or E%u", n - 1, n - 1);
      PbExpr *expr = pb_expr_parse (text, &ts.scope, &offset, &error);

      if (expr == NULL)
        break;
      g_hash_table_insert (defines, g_steal_pointer (&name), expr);
      last = expr;
    }

  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_EXPRESSION);
  g_assert_cmpstr (error->message, ==,
                   "the condition is too large to evaluate: with the named conditions it uses "
                   "written out, it takes more than 1000000 steps");
  /* at the second use of the one before, where the sum passes the limit */
  g_assert_cmpuint (offset, ==, strlen ("E17 or "));
  g_assert_cmpuint (n, ==, 17);
  g_assert_cmpuint (pb_expr_get_work (last, 3), <=, PB_EXPR_MAX_WORK);
  g_assert_cmpuint (pb_expr_get_work (last, 3), >, PB_EXPR_MAX_WORK / 4);

  env_init (&e, "{\"S1.02\": \"yes\"}", "CR-01=high");
  g_assert_cmpint (pb_expr_eval (last, &e.env), ==, PB_TRI_FALSE);
  pb_expr_collect_rules (last, &e.env, rules);
  g_assert_cmpuint (rules->len, ==, 1);
  env_clear (&e);
}

/* flag_count() walks every rule, membership compares every pair: the work
 * counts what evaluation really does, not only the nodes. */
static void
test_work (void)
{
  g_autoptr(PbExpr) simple = parse_ok ("S1.02 == \"yes\"");
  g_autoptr(PbExpr) flags = parse_ok ("flag_count(\"high\") > 1 and flag_sections(\"low\", [\"S1\", \"S2\"]) > 0");
  g_autoptr(PbExpr) membership = parse_ok ("any(S1.03, [\"face\", \"plate\", \"voice\"])");
  g_autoptr(GString) long_list = g_string_new ("any(S1.03, [\"face\"");

  /* two leaves and the comparison */
  g_assert_cmpuint (pb_expr_get_work (simple, 1000), ==, 3);
  /* one walk for flag_count(), one per listed section */
  g_assert_cmpuint (pb_expr_get_work (flags, 1000) - pb_expr_get_work (flags, 0), ==, 3 * 1000);
  /* four codes against three */
  g_assert_cmpuint (pb_expr_get_work (membership, 0), >=, 4 * 3);

  /* a list of 300,000 codes against an answer of up to four */
  for (guint i = 0; i < 300000; i++)
    g_string_append (long_list, ", \"face\"");
  g_string_append (long_list, "])");
  check_error (&the_scope.scope, long_list->str,
               "the condition is too large to evaluate: with the named conditions it uses "
               "written out, it takes more than 1000000 steps", 0);
}

/* The counter the evaluation tables rely on does see allocations. */
static void
test_allocation_counter (void)
{
#ifdef COUNT_ALLOCATIONS
  g_autofree char *block = NULL;
  g_autoptr(GString) string = NULL;

  count_allocations (TRUE);
  block = g_malloc (32);
  string = g_string_new ("a");
  count_allocations (FALSE);

  g_assert_cmpuint (n_allocations, >=, 2);
#else
  g_test_skip ("allocations are not counted in this build");
#endif
}

typedef struct
{
  const char *text;
  const char *questions;  /* ids in the order they are first read */
  gboolean    reads_flags;
} CollectCase;

static const CollectCase collect_cases[] = {
  { "true", "", FALSE },
  { "S1.01 == \"camera\" and S1.01 != \"spyware\"", "S1.01", FALSE },
  { "answered(S2.04) or unknown(S2.03) or count(S1.03) > 1", "S2.04 S2.03 S1.03", FALSE },
  { "INTRUSION", "S1.01", FALSE },
  { "RISKY and S1.01 == \"camera\"", "S1.01 S1.03", FALSE },
  { "count_true(S1.02 == \"yes\", BIOMETRIC) > 0", "S1.02 S1.03", FALSE },
  { "fired(\"CR-02\")", "", TRUE },
  { "flag_count(\"low\") > 0 or S2.01 > 1", "S2.01", TRUE },
  { "flag_sections(\"low\", [\"S1\"]) > 0", "", TRUE },
  { "LATER", "S2.02", TRUE },
  { "not AFTER_CR01", "", TRUE },
};

static void
test_collect (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (collect_cases); i++)
    {
      const CollectCase *c = &collect_cases[i];
      g_autoptr(PbExpr) expr = parse_ok (c->text);
      g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GString) ids = g_string_new (NULL);

      pb_expr_collect_questions (expr, indices);
      for (guint j = 0; j < indices->len; j++)
        {
          PbQuestion *q = pb_questionnaire_get_question (the_scope.questionnaire,
                                                         g_array_index (indices, guint, j));

          g_string_append_printf (ids, "%s%s", j > 0 ? " " : "", pb_question_get_id (q));
        }

      g_assert_cmpstr (ids->str, ==, c->questions);
      g_assert_cmpint (pb_expr_reads_flags (expr), ==, c->reads_flags);
    }
}

/* The raised rules a condition reads, in the order first read: what a
 * compound rule names as the reason it fired. */
typedef struct
{
  const char *text;
  const char *flags;
  const char *rules;
} CollectRulesCase;

static const CollectRulesCase collect_rules_cases[] = {
  { "S1.01 == \"spyware\"", "CR-01=critical CR-02=high", "" },
  { "fired(\"CR-02\")", "CR-01=critical CR-02=high", "CR-02" },
  { "fired(\"CR-02\")", "CR-01=critical", "" },
  { "flag_count(\"high\") >= 1", "CR-01=critical CR-02=high GP-01=low", "CR-01 CR-02" },
  { "flag_count(\"critical\") >= 1", "CR-01=critical CR-02=high GP-01=low", "CR-01" },
  { "flag_count(\"low\") >= 1", "", "" },
  { "flag_sections(\"high\", [\"S2\"]) >= 1", "CR-01=critical CR-02=high", "CR-02" },
  { "flag_sections(\"high\", [\"S2\", \"S1\"]) >= 1", "CR-01=critical CR-02=medium", "CR-01" },
  { "LATER", "CR-01=low", "CR-01" },
  { "fired(\"GP-01\") or flag_count(\"low\") > 2", "CR-01=low GP-01=low", "GP-01 CR-01" },
};

static void
test_collect_rules (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (collect_rules_cases); i++)
    {
      const CollectRulesCase *c = &collect_rules_cases[i];
      g_autoptr(PbExpr) expr = parse_ok (c->text);
      g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GString) ids = g_string_new (NULL);
      Env e;

      env_init (&e, NULL, c->flags);
      pb_expr_collect_rules (expr, &e.env, indices);
      /* Twice: nothing is added again. */
      pb_expr_collect_rules (expr, &e.env, indices);
      for (guint j = 0; j < indices->len; j++)
        g_string_append_printf (ids, "%s%s", j > 0 ? " " : "", rule_ids[g_array_index (indices, guint, j)]);

      g_test_message ("%s with %s", c->text, c->flags);
      g_assert_cmpstr (ids->str, ==, c->rules);
      env_clear (&e);
    }
}

/* Appending to an array that already holds some indices adds no duplicate. */
static void
test_collect_appends (void)
{
  g_autoptr(PbExpr) a = parse_ok ("RISKY");
  g_autoptr(PbExpr) b = parse_ok ("S1.03 in [\"face\"] or S2.01 > 1");
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));

  pb_expr_collect_questions (a, indices);
  pb_expr_collect_questions (b, indices);
  pb_expr_collect_questions (a, indices);

  g_assert_cmpuint (indices->len, ==, 3);
  g_assert_cmpuint (g_array_index (indices, guint, 0), ==, question_index ("S1.01"));
  g_assert_cmpuint (g_array_index (indices, guint, 1), ==, question_index ("S1.03"));
  g_assert_cmpuint (g_array_index (indices, guint, 2), ==, question_index ("S2.01"));
}

/* The caller's arrays may be shorter than the scope's indices (or absent):
 * what is not there is missing, and no flag is raised. */
static void
test_short_env (void)
{
  g_autoptr(PbExpr) answered = parse_ok ("answered(S2.04)");
  g_autoptr(PbExpr) compare = parse_ok ("S2.04 == \"x\"");
  g_autoptr(PbExpr) flags = parse_ok ("fired(\"GP-01\") or flag_count(\"low\") > 0 "
                                      "or flag_sections(\"low\", [\"S1\"]) > 0");
  g_autoptr(PbAnswer) answer = pb_answer_new_string ("x");
  const PbAnswer *answers[8] = { NULL };
  PbExprEnv empty = { 0 };
  PbExprEnv shorter = { .answers = answers, .n_answers = 3 };

  answers[question_index ("S2.04")] = answer;

  g_assert_cmpint (pb_expr_eval (answered, &empty), ==, PB_TRI_FALSE);
  g_assert_cmpint (pb_expr_eval (compare, &empty), ==, PB_TRI_UNKNOWN);
  g_assert_cmpint (pb_expr_eval (flags, &empty), ==, PB_TRI_FALSE);
  g_assert_cmpint (pb_expr_eval (answered, &shorter), ==, PB_TRI_FALSE);

  shorter.n_answers = 8;
  g_assert_cmpint (pb_expr_eval (answered, &shorter), ==, PB_TRI_TRUE);
  g_assert_cmpint (pb_expr_eval (compare, &shorter), ==, PB_TRI_TRUE);
}

/* A scope with no callbacks knows no names at all. */
static void
test_empty_scope (void)
{
  PbExprScope none = { 0 };
  g_autoptr(PbExpr) expr = NULL;
  PbExprEnv env = { 0 };

  check_error (&none, "S1.01 == \"camera\"", "unknown question 'S1.01'", 0);
  check_error (&none, "fired(\"CR-01\")", "unknown rule 'CR-01' (a rule must be defined before fired() names it)", 6);
  check_error (&none, "flag_sections(\"low\", [\"S1\"]) > 0", "unknown section 'S1'", 22);

  expr = pb_expr_parse ("1 < 2 and \"a\" in [\"b\", \"a\"]", &none, NULL, NULL);
  g_assert_nonnull (expr);
  g_assert_cmpint (pb_expr_eval (expr, &env), ==, PB_TRI_TRUE);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  test_scope_init (&the_scope);

  g_test_add_data_func ("/pb/expr/eval/precedence", &precedence_table, test_eval_table);
  g_test_add_data_func ("/pb/expr/eval/comparison", &comparison_table, test_eval_table);
  g_test_add_data_func ("/pb/expr/eval/membership", &membership_table, test_eval_table);
  g_test_add_data_func ("/pb/expr/eval/functions", &function_table, test_eval_table);
  g_test_add_data_func ("/pb/expr/eval/kleene", &kleene_table, test_eval_table);
  g_test_add_data_func ("/pb/expr/eval/missing-vs-unknown", &missing_table, test_eval_table);
  g_test_add_data_func ("/pb/expr/eval/defines", &define_table, test_eval_table);
  g_test_add_func ("/pb/expr/eval/short-env", test_short_env);
  g_test_add_func ("/pb/expr/eval/allocation-counter", test_allocation_counter);
  g_test_add_data_func ("/pb/expr/errors/types", &type_error_table, test_error_table);
  g_test_add_data_func ("/pb/expr/errors/syntax", &syntax_error_table, test_error_table);
  g_test_add_func ("/pb/expr/errors/empty-scope", test_empty_scope);
  g_test_add_func ("/pb/expr/nesting", test_nesting);
  g_test_add_func ("/pb/expr/define-explosion", test_define_explosion);
  g_test_add_func ("/pb/expr/work", test_work);
  g_test_add_func ("/pb/expr/define-chain", test_define_chain);
  g_test_add_func ("/pb/expr/collect", test_collect);
  g_test_add_func ("/pb/expr/collect-appends", test_collect_appends);
  g_test_add_func ("/pb/expr/collect-rules", test_collect_rules);

  ret = g_test_run ();

  test_scope_clear (&the_scope);

  return ret;
}
