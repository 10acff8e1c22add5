/* pb-answer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pb-answer.h"
#include "pb-json.h"

struct _PbAnswer
{
  gatomicrefcount   ref_count;
  PbAnswerKind      kind;
  double            number;
  char             *string;
  char            **codes;
};

G_DEFINE_BOXED_TYPE (PbAnswer, pb_answer, pb_answer_ref, pb_answer_unref)

static PbAnswer *
pb_answer_alloc (PbAnswerKind kind)
{
  PbAnswer *self = g_new0 (PbAnswer, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;

  return self;
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The shortest text that reads back as the same double, so that the
 * canonical form of 0.1 is "0.1" and not "0.10000000000000001". Whole
 * numbers are written out (22000, not 2.2e+04): people read these too. */
static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == 0)
    return g_strdup ("0");

  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%.0f", value);

  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  return g_strdup (buf);
}

PbAnswer *
pb_answer_new_unknown (void)
{
  return pb_answer_alloc (PB_ANSWER_UNKNOWN);
}

PbAnswer *
pb_answer_new_string (const char *value)
{
  PbAnswer *self;

  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (value, -1, NULL), NULL);

  self = pb_answer_alloc (PB_ANSWER_STRING);
  self->string = g_strdup (value);

  return self;
}

PbAnswer *
pb_answer_new_number (double value)
{
  PbAnswer *self;

  g_return_val_if_fail (isfinite (value), NULL);

  self = pb_answer_alloc (PB_ANSWER_NUMBER);
  self->number = value;

  return self;
}

/* Sorted and de-duplicated, so that equal sets have equal canonical JSON. */
PbAnswer *
pb_answer_new_codes (const char * const *codes)
{
  PbAnswer *self;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  if (codes != NULL)
    {
      for (guint i = 0; codes[i] != NULL; i++)
        g_ptr_array_add (sorted, (gpointer) codes[i]);
    }

  g_ptr_array_sort (sorted, compare_codes);

  self = pb_answer_alloc (PB_ANSWER_CODES);
  self->codes = g_new0 (char *, sorted->len + 1);

  for (guint i = 0, j = 0; i < sorted->len; i++)
    {
      const char *code = g_ptr_array_index (sorted, i);

      if (j > 0 && strcmp (self->codes[j - 1], code) == 0)
        continue;

      self->codes[j++] = g_strdup (code);
    }

  return self;
}

PbAnswer *
pb_answer_ref (PbAnswer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
pb_answer_unref (PbAnswer *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->string);
      g_strfreev (self->codes);
      g_free (self);
    }
}

PbAnswerKind
pb_answer_get_kind (const PbAnswer *self)
{
  g_return_val_if_fail (self != NULL, PB_ANSWER_UNKNOWN);

  return self->kind;
}

gboolean
pb_answer_is_unknown (const PbAnswer *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->kind == PB_ANSWER_UNKNOWN;
}

/* NULL unless the answer holds a string. */
const char *
pb_answer_get_string (const PbAnswer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->string;
}

/* NAN unless the answer holds a number. */
double
pb_answer_get_number (const PbAnswer *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->kind == PB_ANSWER_NUMBER ? self->number : NAN;
}

/* NULL unless the answer holds a set of codes. */
const char * const *
pb_answer_get_codes (const PbAnswer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->codes;
}

/* For a set of codes: whether it holds @code; for a string: whether it is
 * @code (a single choice). */
gboolean
pb_answer_has_code (const PbAnswer *self,
                    const char     *code)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  switch (self->kind)
    {
    case PB_ANSWER_STRING:
      return strcmp (self->string, code) == 0;

    case PB_ANSWER_CODES:
      for (guint i = 0; self->codes[i] != NULL; i++)
        {
          if (strcmp (self->codes[i], code) == 0)
            return TRUE;
        }
      return FALSE;

    case PB_ANSWER_UNKNOWN:
    case PB_ANSWER_NUMBER:
    default:
      return FALSE;
    }
}

gboolean
pb_answer_equal (const PbAnswer *a,
                 const PbAnswer *b)
{
  if (a == b)
    return TRUE;

  if (a == NULL || b == NULL || a->kind != b->kind)
    return FALSE;

  switch (a->kind)
    {
    case PB_ANSWER_UNKNOWN:
      return TRUE;

    case PB_ANSWER_STRING:
      return strcmp (a->string, b->string) == 0;

    case PB_ANSWER_NUMBER:
      return a->number == b->number;

    case PB_ANSWER_CODES:
      return g_strv_equal ((const char * const *) a->codes, (const char * const *) b->codes);

    default:
      g_assert_not_reached ();
    }
}

JsonNode *
pb_answer_to_json_node (const PbAnswer *self)
{
  JsonNode *node;

  g_return_val_if_fail (self != NULL, NULL);

  switch (self->kind)
    {
    case PB_ANSWER_UNKNOWN:
      node = json_node_init_string (json_node_alloc (), "unknown");
      break;

    case PB_ANSWER_STRING:
      node = json_node_init_string (json_node_alloc (), self->string);
      break;

    case PB_ANSWER_NUMBER:
      if (self->number == floor (self->number) && fabs (self->number) < 1e15)
        node = json_node_init_int (json_node_alloc (), (gint64) self->number);
      else
        node = json_node_init_double (json_node_alloc (), self->number);
      break;

    case PB_ANSWER_CODES:
      {
        g_autoptr(JsonArray) array = json_array_new ();

        for (guint i = 0; self->codes[i] != NULL; i++)
          json_array_add_string_element (array, self->codes[i]);

        node = json_node_init_array (json_node_alloc (), array);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return node;
}

char *
pb_answer_to_json (const PbAnswer *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  /* json-glib prints doubles with 17 digits; the canonical form is the
   * shortest one that reads back exactly. */
  if (self->kind == PB_ANSWER_NUMBER)
    return format_number (self->number);

  node = pb_answer_to_json_node (self);

  return json_to_string (node, FALSE);
}

/* "unknown" becomes UNKNOWN; other strings, numbers and arrays of strings
 * become the corresponding kind. Anything else (objects, null, booleans,
 * nested arrays) is refused. */
PbAnswer *
pb_answer_new_from_json_node (JsonNode  *node,
                              GError   **error)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        {
          const char *str = json_node_get_string (node);

          if (g_strcmp0 (str, "unknown") == 0)
            return pb_answer_new_unknown ();

          return pb_answer_new_string (str);
        }

      if (type == G_TYPE_INT64)
        {
          gint64 value = json_node_get_int (node);
          double nearest = (double) value;

          /* Answers are doubles: beyond 2^53 not every whole number has
           * one, and a number would be stored as its neighbour. 2^63 is
           * where the conversion back would overflow. */
          if (nearest >= 9223372036854775808.0 || (gint64) nearest != value)
            {
              g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
              g_autofree char *kept = g_strdup_printf ("%.0f", nearest);

              /* Translators: both are whole numbers */
              g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                           _("%s cannot be kept exactly (the nearest number that can is %s)"), text, kept);
              return NULL;
            }

          return pb_answer_new_number (nearest);
        }

      if (type == G_TYPE_DOUBLE)
        {
          double value = json_node_get_double (node);

          if (isfinite (value))
            return pb_answer_new_number (value);
        }

      if (type == G_TYPE_BOOLEAN)
        {
          g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                       _("%s is not an answer: write \"yes\" or \"no\""),
                       json_node_get_boolean (node) ? "true" : "false");
          return NULL;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);
      g_autofree const char **codes = g_new0 (const char *, n + 1);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING)
            {
              g_autofree char *text = json_to_string (node, FALSE);

              g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                           _("%s is not an answer: a list may only hold choice codes (strings)"),
                           text);
              return NULL;
            }

          codes[i] = json_node_get_string (element);
        }

      return pb_answer_new_codes (codes);
    }

  {
    g_autofree char *text = json_to_string (node, FALSE);

    g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                 _("%s is not an answer: expected a string, a number or a list of codes"),
                 text);
  }

  return NULL;
}

PbAnswer *
pb_answer_new_from_json (const char  *json,
                         GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  length = strlen (json);
  if (pb_json_is_plain_string (json, length))
    {
      g_autofree char *text = g_strndup (json + 1, length - 2);

      return strcmp (text, "unknown") == 0 ? pb_answer_new_unknown () : pb_answer_new_string (text);
    }

  /* Stored answers come from case files too: as strict as an answers file. */
  if (!(root = pb_json_parse (json, length, "answer", &local_error)))
    {
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE,
                   _("Not a JSON answer value: %s"), local_error->message);
      return NULL;
    }

  return pb_answer_new_from_json_node (root, error);
}
