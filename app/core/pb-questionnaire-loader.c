/* pb-questionnaire-loader.c: loading a questionnaire from its XML with
 * GMarkup, strictly (FORMAT.md): parsing, checking, and messages that name
 * FILE:LINE:COLUMN
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "pb-expr.h"
#include "pb-file.h"
#include "pb-questionnaire-private.h"

/* The most steps one evaluation of a whole questionnaire may take (see
 * check_evaluation_work()): tens of milliseconds. */
#define PB_QUESTIONNAIRE_MAX_WORK 4000000

/* The state of one load. */
typedef enum
{
  TEXT_NONE,
  TEXT_Q_TITLE,
  TEXT_Q_DESCRIPTION,
  TEXT_FAMILY,
  TEXT_SECTION_TITLE,
  TEXT_SECTION_DESCRIPTION,
  TEXT_LABEL,
  TEXT_HELP,
  TEXT_RESOLVE,
  TEXT_QUESTION_REF,
  TEXT_CHOICE,
  TEXT_DEFINE,
  TEXT_FACTOR,
  TEXT_WHEN,
  TEXT_RULE_TITLE,
  TEXT_RATIONALE,
  TEXT_MITIGATION,
  TEXT_RULE_REF,
  TEXT_MITIGATED_IF,
  TEXT_MIGRATION_NOTE,
} TextTarget;

typedef struct
{
  const char        *data;
  gsize              length;
  const char        *display_name;
  GArray            *line_starts;   /* gsize */
  gsize              cursor;
  GMarkupParseContext *context;

  PbQuestionnaire   *self;
  GPtrArray         *refs;          /* char *, of the current question or rule */
  GPtrArray         *ref_ifs;       /* PbExpr * or NULL, parallel to refs of a rule */
  char              *ref_if;        /* the if="" of the <ref> being read */
  gsize              ref_if_offset;

  /* The element being read and its start, as byte offsets. */
  GArray            *stack;         /* gsize: start offset of each open element */
  PbSection         *section;
  PbQuestion        *question;
  PbRule            *rule;
  gsize              section_offset;
  gsize              question_offset;
  gsize              rule_offset;
  gboolean           seen_title;
  gboolean           seen_later;    /* a likelihood or rule */
  PbLikelihoodProfile *profile;     /* the <likelihood> being read */
  PbMigrationStep   *step;          /* the <carry> or <drop> being read */
  gsize              step_offset;
  const char        *migration_version; /* the from="" of the <migration> being read */

  TextTarget         text_target;
  GString           *text;
  gsize              text_offset;   /* first byte of the element's content */
  char              *define_id;
  char              *choice_code;
  double             factor_add;
  char              *factor_label;
  char              *factor_group;

  GArray            *conditions;    /* Condition: every condition an evaluation reads */
} Loader;

/* A condition evaluation reads (not a define, which counts where it is
 * used), and where it is written, for the evaluation budget. */
typedef struct
{
  const PbExpr *expr;
  gsize         offset;
} Condition;

/* xgettext collapses white space in ITS-extracted text, so the msgid is the
 * normalised text: the same here, or translations would never be found. */
static char *
normalize_space (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = out->len > 0;
          continue;
        }

      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_valid_id (const char *id,
             gboolean    letter_first,
             gboolean    allow_dot)
{
  if (id == NULL || *id == '\0')
    return FALSE;

  if (letter_first && !g_ascii_isalpha (*id))
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && !(allow_dot && *p == '.'))
        return FALSE;
    }

  return TRUE;
}

static void
loader_position (Loader *loader,
                 gsize   offset,
                 guint  *line,
                 guint  *column)
{
  guint lo = 0;
  guint hi = loader->line_starts->len;
  gsize line_start;

  offset = MIN (offset, loader->length);

  /* The last line start <= offset. */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (loader->line_starts, gsize, mid) <= offset)
        lo = mid;
      else
        hi = mid;
    }

  line_start = g_array_index (loader->line_starts, gsize, lo);
  *line = lo + 1;
  *column = g_utf8_strlen (loader->data + line_start, offset - line_start) + 1;
}

static void G_GNUC_PRINTF (5, 6)
loader_error (Loader      *loader,
              GError     **error,
              PbCoreError  code,
              gsize        offset,
              const char  *format,
              ...)
{
  g_autofree char *message = NULL;
  guint line, column;
  va_list args;

  va_start (args, format);
  message = pb_message_shorten (g_strdup_vprintf (format, args));
  va_end (args);

  loader_position (loader, offset, &line, &column);
  g_set_error (error, PB_CORE_ERROR, code, "%s:%u:%u: %s",
               loader->display_name, line, column, message);
}

/* Whether @s is at @offset. The file is not NUL-terminated. */
static gboolean
loader_has_at (Loader     *loader,
               gsize       offset,
               const char *s)
{
  gsize n = strlen (s);

  return offset <= loader->length && loader->length - offset >= n &&
         memcmp (loader->data + offset, s, n) == 0;
}

/* The offset just past the first @marker at or after @from, or the end. */
static gsize
loader_skip_past (Loader     *loader,
                  gsize       from,
                  const char *marker)
{
  for (gsize i = from; i < loader->length; i++)
    {
      if (loader_has_at (loader, i, marker))
        return i + strlen (marker);
    }

  return loader->length;
}

/* The offset just past the end of the comment, processing instruction,
 * CDATA section or DOCTYPE that starts at @offset ("<?" or "<!"), where
 * GMarkup ends it too: it looks back from each '>', so "<?>" and "<!-->"
 * are complete, and a DOCTYPE ends at the '>' that balances its '<'.
 * Anything else starting with "<!" runs to the end of the file, for which
 * GMarkup reports an error. */
static gsize
loader_skip_passthrough (Loader *loader,
                         gsize   offset)
{
  if (loader_has_at (loader, offset, "<?"))
    return loader_skip_past (loader, offset + 1, "?>");
  if (loader_has_at (loader, offset, "<!--"))
    return loader_skip_past (loader, offset + 2, "-->");
  if (loader_has_at (loader, offset, "<![CDATA["))
    return loader_skip_past (loader, offset + 9, "]]>");
  if (loader_has_at (loader, offset, "<!DOCTYPE"))
    {
      guint balance = 0;

      for (gsize i = offset; i < loader->length; i++)
        {
          if (loader->data[i] == '<')
            balance++;
          else if (loader->data[i] == '>' && --balance == 0)
            return i + 1;
        }
    }

  return loader->length;
}

static gsize loader_find_attribute (Loader     *loader,
                                    gsize       tag,
                                    const char *name,
                                    gsize      *value_offset);

/* GMarkup reports start elements in document order, so the next start tag
 * after the previous one is the one being reported. Comments, processing
 * instructions, CDATA, end tags and the quoted attribute values of the
 * previous tag are skipped. Returns the length of the file when there is
 * none, which every user of the offset accepts. */
static gsize
loader_next_start_tag (Loader *loader)
{
  gsize offset = loader->cursor;

  while (offset < loader->length)
    {
      const char *p = memchr (loader->data + offset, '<', loader->length - offset);

      if (p == NULL)
        break;

      offset = p - loader->data;
      if (loader_has_at (loader, offset, "<?") || loader_has_at (loader, offset, "<!"))
        offset = loader_skip_passthrough (loader, offset);
      else if (loader_has_at (loader, offset, "</"))
        offset = loader_skip_past (loader, offset + 2, ">");
      else
        {
          loader->cursor = loader_find_attribute (loader, offset, NULL, NULL);
          return offset;
        }
    }

  loader->cursor = loader->length;

  return loader->length;
}

/* Finds attribute @name in the start tag at @tag: the offsets of its name and
 * of the first byte of its value. Returns the offset just past the tag's '>'
 * when @name is NULL. Offsets never pass the end of the file. */
static gsize
loader_find_attribute (Loader     *loader,
                       gsize       tag,
                       const char *name,
                       gsize      *value_offset)
{
  const char *p;
  const char *end = loader->data + loader->length;

  if (tag >= loader->length)
    {
      if (value_offset != NULL)
        *value_offset = loader->length;
      return loader->length;
    }

  p = loader->data + tag + 1;

  while (p < end && !g_ascii_isspace (*p) && *p != '>' && *p != '/')
    p++;

  while (p < end)
    {
      const char *attr_name;
      gsize attr_len;
      char quote;
      const char *value;

      while (p < end && g_ascii_isspace (*p))
        p++;

      if (p >= end || *p == '>' || *p == '/')
        break;

      attr_name = p;
      while (p < end && *p != '=' && !g_ascii_isspace (*p) && *p != '>')
        p++;
      attr_len = p - attr_name;

      while (p < end && (g_ascii_isspace (*p) || *p == '='))
        p++;

      if (p >= end || (*p != '"' && *p != '\''))
        break;

      quote = *p++;
      value = p;
      while (p < end && *p != quote)
        p++;
      if (p < end)
        p++;

      if (name != NULL && strlen (name) == attr_len && memcmp (attr_name, name, attr_len) == 0)
        {
          if (value_offset != NULL)
            *value_offset = value - loader->data;
          return attr_name - loader->data;
        }
    }

  if (name != NULL)
    {
      if (value_offset != NULL)
        *value_offset = tag;
      return tag;
    }

  p = memchr (p, '>', end - p);

  return p != NULL ? (gsize) (p + 1 - loader->data) : loader->length;
}

/* Maps an offset into decoded text (entities replaced) back to the raw
 * bytes that start at @raw. */
static gsize
loader_raw_offset (Loader *loader,
                   gsize   raw,
                   gsize   decoded)
{
  const char *p = loader->data + raw;
  const char *end = loader->data + loader->length;
  gsize n = 0;

  while (p < end && n < decoded)
    {
      if (*p == '&')
        {
          const char *semi = memchr (p, ';', end - p);
          gunichar c = 0;

          if (semi == NULL)
            break;

          if (p[1] == '#')
            c = p[2] == 'x' ? g_ascii_strtoull (p + 3, NULL, 16) : g_ascii_strtoull (p + 2, NULL, 10);

          n += c > 0 ? (gsize) g_unichar_to_utf8 (c, NULL) : 1;
          p = semi + 1;
        }
      else
        {
          p++;
          n++;
        }
    }

  return p - loader->data;
}

static gboolean
lookup_question_cb (gpointer     user_data,
                    const char  *name,
                    guint       *index,
                    PbQuestion **question)
{
  PbQuestionnaire *self = user_data;
  PbQuestion *found = g_hash_table_lookup (self->question_by_id, name);

  if (found == NULL)
    return FALSE;

  if (index != NULL)
    *index = found->index;
  if (question != NULL)
    *question = found;

  return TRUE;
}

static const PbExpr *
lookup_define_cb (gpointer    user_data,
                  const char *name)
{
  PbQuestionnaire *self = user_data;

  return g_hash_table_lookup (self->define_by_id, name);
}

static gboolean
lookup_rule_cb (gpointer    user_data,
                const char *name,
                guint      *index)
{
  PbQuestionnaire *self = user_data;
  PbRule *rule = g_hash_table_lookup (self->rule_by_id, name);

  if (rule == NULL)
    return FALSE;

  if (index != NULL)
    *index = rule->index;

  return TRUE;
}

static gboolean
lookup_section_cb (gpointer    user_data,
                   const char *name,
                   guint      *index)
{
  PbQuestionnaire *self = user_data;
  PbSection *section = g_hash_table_lookup (self->section_by_id, name);

  if (section == NULL)
    return FALSE;

  if (index != NULL)
    *index = section->index;

  return TRUE;
}

PbExprScope
_pb_questionnaire_get_expr_scope (PbQuestionnaire *self)
{
  return (PbExprScope) { lookup_question_cb, lookup_define_cb, lookup_rule_cb, lookup_section_cb, self };
}

/* @raw is the offset of the first raw byte of @text in the file, so that an
 * error points at the offending token. */
static PbExpr *
loader_parse_expr (Loader      *loader,
                   const char  *text,
                   gsize        raw,
                   GError     **error)
{
  PbExprScope scope = _pb_questionnaire_get_expr_scope (loader->self);
  g_autoptr(GError) local_error = NULL;
  gsize error_offset = 0;
  PbExpr *expr;

  expr = pb_expr_parse (text, &scope, &error_offset, &local_error);
  if (expr == NULL)
    {
      gsize offset = loader_raw_offset (loader, raw, error_offset);

      loader_error (loader, error,
                    local_error->domain == PB_CORE_ERROR ? local_error->code : PB_CORE_ERROR_EXPRESSION,
                    offset, "%s", local_error->message);
      return NULL;
    }

  if (loader->text_target != TEXT_DEFINE)
    {
      Condition condition = { expr, raw };

      g_array_append_val (loader->conditions, condition);
    }

  return expr;
}

static gboolean
parse_boolean (Loader      *loader,
               gsize        tag,
               const char  *name,
               const char  *value,
               guint       *out,
               GError     **error)
{
  gsize offset;

  if (value == NULL)
    return TRUE;

  if (strcmp (value, "true") == 0)
    *out = TRUE;
  else if (strcmp (value, "false") == 0)
    *out = FALSE;
  else
    {
      loader_find_attribute (loader, tag, name, &offset);
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("invalid value “%s” for attribute “%s”: expected true or false"),
                    value, name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_number (Loader      *loader,
              gsize        tag,
              const char  *name,
              const char  *value,
              double       min,
              double       max,
              double      *out,
              GError     **error)
{
  char *end = NULL;
  double number;
  gsize offset;

  number = g_ascii_strtod (value, &end);
  if (*value == '\0' || end == NULL || *end != '\0' || !isfinite (number) ||
      number < min || number > max)
    {
      loader_find_attribute (loader, tag, name, &offset);
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("invalid value “%s” for attribute “%s”: expected a number from %g to %g"),
                    value, name, min, max);
      return FALSE;
    }

  *out = number;

  return TRUE;
}

/* Checks the attribute names of a start tag against @allowed and returns
 * FALSE (with an error naming the first unknown one) otherwise. */
static gboolean
check_attributes (Loader              *loader,
                  gsize                tag,
                  const char          *element,
                  const char * const  *names,
                  const char * const  *allowed,
                  GError             **error)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (!g_strv_contains (allowed, names[i]))
        {
          gsize offset = loader_find_attribute (loader, tag, names[i], NULL);

          loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                        _("unknown attribute “%s” on <%s>"), names[i], element);
          return FALSE;
        }
    }

  return TRUE;
}

static const char *
get_attribute (const char * const *names,
               const char * const *values,
               const char         *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strcmp (names[i], name) == 0)
        return values[i];
    }

  return NULL;
}

static gboolean
require_attribute (Loader      *loader,
                   gsize        tag,
                   const char  *element,
                   const char  *name,
                   const char  *value,
                   GError     **error)
{
  if (value != NULL)
    return TRUE;

  loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                _("<%s> needs the attribute “%s”"), element, name);

  return FALSE;
}

static gboolean
check_id (Loader      *loader,
          gsize        tag,
          const char  *element,
          const char  *id,
          gboolean     allow_dot,
          GHashTable  *seen,
          const char  *what,
          GError     **error)
{
  gsize offset;

  loader_find_attribute (loader, tag, "id", &offset);

  if (!is_valid_id (id, TRUE, allow_dot))
    {
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("invalid id “%s” on <%s>: use letters, digits, “-” and “_”, starting with a letter"),
                    id, element);
      return FALSE;
    }

  if (seen != NULL && g_hash_table_contains (seen, id))
    {
      /* Translators: "duplicate question id “S1.01”" */
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("duplicate %s id “%s”"), what, id);
      return FALSE;
    }

  return TRUE;
}

static gboolean
start_questionnaire (Loader              *loader,
                     gsize                tag,
                     const char * const  *names,
                     const char * const  *values,
                     GError             **error)
{
  static const char * const allowed[] = { "id", "version", "gettext-domain", "method", "purpose", "xmlns:its", "its:version", NULL };
  PbQuestionnaire *self = loader->self;
  const char *id = get_attribute (names, values, "id");
  const char *version = get_attribute (names, values, "version");
  const char *domain = get_attribute (names, values, "gettext-domain");
  const char *method = get_attribute (names, values, "method");
  const char *purpose = get_attribute (names, values, "purpose");
  gsize offset;

  if (!check_attributes (loader, tag, "questionnaire", names, allowed, error) ||
      !require_attribute (loader, tag, "questionnaire", "id", id, error) ||
      !require_attribute (loader, tag, "questionnaire", "version", version, error))
    return FALSE;

  if (!is_valid_id (id, FALSE, FALSE))
    {
      loader_find_attribute (loader, tag, "id", &offset);
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("invalid questionnaire id “%s”: use letters, digits, “-” and “_”"), id);
      return FALSE;
    }

  if (*version == '\0')
    {
      loader_find_attribute (loader, tag, "version", &offset);
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset, _("the version is empty"));
      return FALSE;
    }

  /* The domain names a catalogue file: no path may hide in it. */
  if (domain != NULL && !pb_i18n_is_valid_domain (domain))
    {
      loader_find_attribute (loader, tag, "gettext-domain", &offset);
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    /* Translators: a text domain name as written in the file */
                    _("invalid gettext-domain “%s”: use up to 64 letters, digits, “.”, “_” and “-”, "
                      "not starting with “.”"), domain);
      return FALSE;
    }

  if (method == NULL)
    self->method = 1;
  else if (strcmp (method, "1") == 0 || strcmp (method, "2") == 0)
    self->method = method[0] - '0';
  else
    {
      loader_find_attribute (loader, tag, "method", &offset);
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("invalid value “%s” for attribute “method”: expected 1 or 2"), method);
      return FALSE;
    }

  if (purpose != NULL && !pb_purpose_from_string (purpose, &self->purpose))
    {
      loader_find_attribute (loader, tag, "purpose", &offset);
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("invalid value “%s” for attribute “purpose”: expected deal or company-check"), purpose);
      return FALSE;
    }

  self->id = g_strdup (id);
  self->version = g_strdup (version);
  self->domain = g_strdup (domain != NULL ? domain : GETTEXT_PACKAGE);

  return TRUE;
}

static gboolean
start_section (Loader              *loader,
               gsize                tag,
               const char * const  *names,
               const char * const  *values,
               GError             **error)
{
  static const char * const allowed[] = { "id", "visible-if", "unknown-threshold", NULL };
  PbQuestionnaire *self = loader->self;
  const char *id = get_attribute (names, values, "id");
  const char *visible_if = get_attribute (names, values, "visible-if");
  const char *threshold = get_attribute (names, values, "unknown-threshold");
  PbSection *section;

  if (!check_attributes (loader, tag, "section", names, allowed, error) ||
      !require_attribute (loader, tag, "section", "id", id, error) ||
      !check_id (loader, tag, "section", id, TRUE, self->section_by_id, _("section"), error))
    return FALSE;

  if (loader->seen_later)
    {
      loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                    _("<section> must come before <likelihood> and <rule>"));
      return FALSE;
    }

  section = g_new0 (PbSection, 1);
  section->id = g_strdup (id);
  section->domain = self->domain;
  section->index = self->sections->len;
  section->questions = g_ptr_array_new ();
  section->unknown_threshold = -1;
  g_ptr_array_add (self->sections, section);

  if (threshold != NULL &&
      !parse_number (loader, tag, "unknown-threshold", threshold, 0, 1, &section->unknown_threshold, error))
    return FALSE;

  if (visible_if != NULL)
    {
      gsize offset;

      loader_find_attribute (loader, tag, "visible-if", &offset);
      section->visible_if = g_strdup (visible_if);
      section->visible_expr = loader_parse_expr (loader, visible_if, offset, error);
      if (section->visible_expr == NULL)
        return FALSE;
    }

  loader->section = section;
  loader->section_offset = tag;

  return TRUE;
}

/* prefill="KIND" prefill-from="COUNTRY-QUESTION" override-reason="QUESTION":
 * the question is filled in from the country reference data for an earlier
 * country question, and a different answer needs a reason (FORMAT.md). */
static gboolean
start_prefill (Loader      *loader,
               gsize        tag,
               PbQuestion  *question,
               const char  *prefill,
               const char  *from,
               const char  *reason,
               GError     **error)
{
  static const struct { const char *name; PbPrefill prefill; PbQuestionType type; } kinds[] = {
    { "fiw-status",  PB_PREFILL_FIW_STATUS,  PB_QUESTION_SINGLE },
    { "fotn-status", PB_PREFILL_FOTN_STATUS, PB_QUESTION_SINGLE },
    { "measures",    PB_PREFILL_MEASURES,    PB_QUESTION_MULTIPLE },
    { "unconfirmed-measures", PB_PREFILL_UNCONFIRMED_MEASURES, PB_QUESTION_MULTIPLE },
  };
  PbQuestion *country;
  gsize offset;

  if (prefill == NULL)
    {
      if (from != NULL || reason != NULL)
        {
          loader_find_attribute (loader, tag, from != NULL ? "prefill-from" : "override-reason", &offset);
          loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                        _("“prefill-from” and “override-reason” need “prefill”"));
          return FALSE;
        }
      return TRUE;
    }

  loader_find_attribute (loader, tag, "prefill", &offset);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (strcmp (prefill, kinds[i].name) == 0)
        {
          if (question->type != kinds[i].type)
            {
              loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                            _("prefill “%s” needs a question of type %s"),
                            prefill, pb_question_type_to_string (kinds[i].type));
              return FALSE;
            }
          question->prefill = kinds[i].prefill;
        }
    }

  if (question->prefill == PB_PREFILL_NONE)
    {
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("unknown prefill “%s” (expected fiw-status, fotn-status, measures or unconfirmed-measures)"), prefill);
      return FALSE;
    }

  if (!require_attribute (loader, tag, "question", "prefill-from", from, error) ||
      !require_attribute (loader, tag, "question", "override-reason", reason, error))
    return FALSE;

  country = g_hash_table_lookup (loader->self->question_by_id, from);
  if (country == NULL || country->type != PB_QUESTION_COUNTRY)
    {
      loader_find_attribute (loader, tag, "prefill-from", &offset);
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("“%s” is not an earlier question of type country"), from);
      return FALSE;
    }

  question->prefill_from = country;
  question->override_reason_id = g_strdup (reason);

  return TRUE;
}

/* The codes a prefilled question must offer, so that every value the
 * reference data can give is a choice. */
static gboolean
check_prefill_choices (Loader      *loader,
                       PbQuestion  *question,
                       GError     **error)
{
  static const char * const fiw[] = { "free", "partly-free", "not-free", NULL };
  static const char * const fotn[] = { "free", "partly-free", "not-free", "not-rated", NULL };
  static const char * const measures[] = { "none", NULL };
  const char * const *codes;

  switch (question->prefill)
    {
    case PB_PREFILL_FIW_STATUS:  codes = fiw; break;
    case PB_PREFILL_FOTN_STATUS: codes = fotn; break;
    case PB_PREFILL_MEASURES:
    case PB_PREFILL_UNCONFIRMED_MEASURES:
      codes = measures;
      break;
    case PB_PREFILL_NONE:
    default:
      return TRUE;
    }

  for (guint i = 0; codes[i] != NULL; i++)
    {
      if (pb_question_lookup_choice (question, codes[i]) == NULL)
        {
          loader_error (loader, error, PB_CORE_ERROR_INVALID, loader->question_offset,
                        _("prefilled question “%s” needs the choice “%s”"), question->id, codes[i]);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
start_question (Loader              *loader,
                gsize                tag,
                const char * const  *names,
                const char * const  *values,
                GError             **error)
{
  static const char * const allowed[] = { "id", "type", "required", "gate", "unknown", "visible-if", "min", "max",
                                          "prefill", "prefill-from", "override-reason", NULL };
  PbQuestionnaire *self = loader->self;
  const char *id = get_attribute (names, values, "id");
  const char *type = get_attribute (names, values, "type");
  const char *min = get_attribute (names, values, "min");
  const char *max = get_attribute (names, values, "max");
  PbQuestion *question;
  guint flag;
  gsize offset;

  if (!check_attributes (loader, tag, "question", names, allowed, error) ||
      !require_attribute (loader, tag, "question", "id", id, error) ||
      !require_attribute (loader, tag, "question", "type", type, error) ||
      !check_id (loader, tag, "question", id, TRUE, self->question_by_id, _("question"), error))
    return FALSE;

  if (g_hash_table_contains (self->define_by_id, id))
    {
      loader_find_attribute (loader, tag, "id", &offset);
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("duplicate question id “%s”"), id);
      return FALSE;
    }

  question = g_new0 (PbQuestion, 1);
  question->id = g_strdup (id);
  question->section = loader->section;
  question->index = self->questions->len;
  question->domain = self->domain;
  question->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) _pb_choice_free);
  question->choice_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  question->visible_if = g_strdup (get_attribute (names, values, "visible-if"));
  /* Owned by the loader until the question is complete; questions only
   * become visible to expressions once they are. */
  loader->question = question;
  loader->question_offset = tag;

  if (!pb_question_type_from_string (type, &question->type))
    {
      loader_find_attribute (loader, tag, "type", &offset);
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("unknown question type “%s” (expected yes-no, yes-no-unknown, single, multiple, text, long-text, number, date or country)"),
                    type);
      return FALSE;
    }

  flag = FALSE;
  if (!parse_boolean (loader, tag, "required", get_attribute (names, values, "required"), &flag, error))
    return FALSE;
  question->required = flag;

  flag = FALSE;
  if (!parse_boolean (loader, tag, "gate", get_attribute (names, values, "gate"), &flag, error))
    return FALSE;
  question->gate = flag;

  flag = question->type == PB_QUESTION_YES_NO_UNKNOWN;
  if (!parse_boolean (loader, tag, "unknown", get_attribute (names, values, "unknown"), &flag, error))
    return FALSE;
  question->allow_unknown = flag || question->type == PB_QUESTION_YES_NO_UNKNOWN;

  if ((min != NULL && question->type != PB_QUESTION_NUMBER && question->type != PB_QUESTION_MULTIPLE) ||
      (max != NULL && question->type != PB_QUESTION_NUMBER))
    {
      loader_find_attribute (loader, tag, min != NULL ? "min" : "max", &offset);
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("“min” and “max” apply to number questions only (and “min” to multiple choice)"));
      return FALSE;
    }

  if (min != NULL)
    {
      /* For multiple choice: the fewest codes an answer must tick. */
      if (question->type == PB_QUESTION_MULTIPLE
          ? !parse_number (loader, tag, "min", min, 0, 1000, &question->min, error)
          : !parse_number (loader, tag, "min", min, -G_MAXDOUBLE, G_MAXDOUBLE, &question->min, error))
        return FALSE;
      question->has_min = TRUE;
    }

  if (max != NULL)
    {
      if (!parse_number (loader, tag, "max", max, -G_MAXDOUBLE, G_MAXDOUBLE, &question->max, error))
        return FALSE;
      question->has_max = TRUE;
    }

  if (question->has_min && question->has_max && question->min > question->max)
    {
      loader_find_attribute (loader, tag, "min", &offset);
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("min (%g) is greater than max (%g)"), question->min, question->max);
      return FALSE;
    }

  return start_prefill (loader, tag, question,
                        get_attribute (names, values, "prefill"),
                        get_attribute (names, values, "prefill-from"),
                        get_attribute (names, values, "override-reason"),
                        error);
}

static gboolean
end_question (Loader  *loader,
              GError **error)
{
  PbQuestionnaire *self = loader->self;
  PbQuestion *question = loader->question;
  gsize tag = loader->question_offset;
  gboolean choices = question->type == PB_QUESTION_SINGLE || question->type == PB_QUESTION_MULTIPLE;

  if (question->label == NULL || question->help == NULL)
    {
      loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                    _("question “%s” needs a <%s>"), question->id,
                    question->label == NULL ? "label" : "help");
      return FALSE;
    }

  if (loader->refs->len == 0)
    {
      loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                    _("question “%s” needs at least one <ref>"), question->id);
      return FALSE;
    }

  if (choices && question->choices->len < 2)
    {
      loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                    _("question “%s” of type %s needs at least two <choice> elements"),
                    question->id, pb_question_type_to_string (question->type));
      return FALSE;
    }

  if (!check_prefill_choices (loader, question, error))
    return FALSE;

  g_ptr_array_add (loader->refs, NULL);
  question->refs = (char **) g_ptr_array_free (g_steal_pointer (&loader->refs), FALSE);
  loader->refs = g_ptr_array_new_with_free_func (g_free);

  /* Parsed before the question joins the scope: a question cannot depend
   * on itself. */
  if (question->visible_if != NULL)
    {
      gsize offset;

      loader_find_attribute (loader, tag, "visible-if", &offset);
      question->visible_expr = loader_parse_expr (loader, question->visible_if, offset, error);
      if (question->visible_expr == NULL)
        return FALSE;
    }

  g_ptr_array_add (self->questions, g_steal_pointer (&loader->question));
  g_ptr_array_add (question->section->questions, question);
  g_hash_table_insert (self->question_by_id, question->id, question);

  return TRUE;
}

/* folds="RULE RULE ...": earlier risk rules whose flags this rule takes
 * into its own when it holds, so that one fact is not counted twice. */
static gboolean
parse_folds (Loader      *loader,
             gsize        tag,
             PbRule      *rule,
             const char  *folds,
             GError     **error)
{
  g_auto(GStrv) ids = NULL;
  gsize offset;

  if (folds == NULL)
    return TRUE;

  loader_find_attribute (loader, tag, "folds", &offset);

  if (rule->kind != PB_RULE_KIND_RISK)
    {
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("only a risk rule can fold other rules"));
      return FALSE;
    }

  ids = g_strsplit_set (folds, " \t\n", -1);
  rule->folds = g_new0 (PbRule *, g_strv_length (ids) + 1);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      PbRule *folded;

      if (*ids[i] == '\0')
        continue;

      folded = g_hash_table_lookup (loader->self->rule_by_id, ids[i]);
      if (folded == NULL || folded->kind != PB_RULE_KIND_RISK || folded->hard_stop)
        {
          loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                        _("“%s” in “folds” is not an earlier risk rule that is not a hard stop"), ids[i]);
          return FALSE;
        }

      for (guint j = 0; j < rule->n_folds; j++)
        {
          if (rule->folds[j] == folded)
            {
              loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                            _("“%s” is named twice in “folds”"), ids[i]);
              return FALSE;
            }
        }

      rule->folds[rule->n_folds++] = folded;
    }

  if (rule->n_folds == 0)
    {
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset, _("“folds” is empty"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
start_rule (Loader              *loader,
            gsize                tag,
            const char * const  *names,
            const char * const  *values,
            GError             **error)
{
  static const char * const allowed[] = { "id", "severity", "likelihood", "hard-stop", "compound", "mitigable", "action", "kind", "folds", NULL };
  PbQuestionnaire *self = loader->self;
  const char *id = get_attribute (names, values, "id");
  const char *severity = get_attribute (names, values, "severity");
  const char *likelihood = get_attribute (names, values, "likelihood");
  const char *action = get_attribute (names, values, "action");
  const char *kind = get_attribute (names, values, "kind");
  PbRule *rule;
  guint flag;
  gsize offset;

  if (!check_attributes (loader, tag, "rule", names, allowed, error) ||
      !require_attribute (loader, tag, "rule", "id", id, error) ||
      !check_id (loader, tag, "rule", id, TRUE, self->rule_by_id, _("rule"), error))
    return FALSE;

  rule = g_new0 (PbRule, 1);
  rule->id = g_strdup (id);
  rule->index = self->rules->len;
  rule->domain = self->domain;
  loader->rule = rule;
  loader->rule_offset = tag;

  if (kind == NULL || strcmp (kind, "risk") == 0)
    rule->kind = PB_RULE_KIND_RISK;
  else if (strcmp (kind, "assurance") == 0)
    rule->kind = PB_RULE_KIND_ASSURANCE;
  else if (strcmp (kind, "hold") == 0)
    rule->kind = PB_RULE_KIND_HOLD;
  else if (strcmp (kind, "condition") == 0)
    rule->kind = PB_RULE_KIND_CONDITION;
  else
    {
      loader_find_attribute (loader, tag, "kind", &offset);
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("invalid value “%s” for attribute “kind”: expected risk, assurance, hold or condition"), kind);
      return FALSE;
    }

  /* An assurance may carry a severity, which it never uses (files of
   * version 1 do, and stored cases pin their bytes). */
  if ((rule->kind == PB_RULE_KIND_HOLD || rule->kind == PB_RULE_KIND_CONDITION) &&
      (severity != NULL || likelihood != NULL))
    {
      loader_find_attribute (loader, tag, severity != NULL ? "severity" : "likelihood", &offset);
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("only a risk rule has a severity and a likelihood"));
      return FALSE;
    }

  if (rule->kind != PB_RULE_KIND_RISK && severity == NULL)
    rule->severity = PB_SEVERITY_LOW;
  else if (!require_attribute (loader, tag, "rule", "severity", severity, error))
    return FALSE;
  else if (!pb_severity_from_string (severity, &rule->severity) || rule->severity == PB_SEVERITY_NONE)
    {
      loader_find_attribute (loader, tag, "severity", &offset);
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("invalid severity “%s”: expected critical, high, medium or low"), severity);
      return FALSE;
    }

  rule->profile = 0;
  if (likelihood != NULL && g_ascii_isalpha (likelihood[0]))
    {
      gboolean found = FALSE;

      for (guint i = 0; i < self->profiles->len && !found; i++)
        {
          PbLikelihoodProfile *profile = g_ptr_array_index (self->profiles, i);

          if (g_strcmp0 (profile->id, likelihood) == 0)
            {
              rule->profile = i;
              found = TRUE;
            }
        }

      if (!found)
        {
          loader_find_attribute (loader, tag, "likelihood", &offset);
          loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                        _("unknown likelihood “%s”: a <likelihood id=\"%s\"> must come before the rule"),
                        likelihood, likelihood);
          return FALSE;
        }
    }
  else if (likelihood != NULL)
    {
      double value;

      if (!parse_number (loader, tag, "likelihood", likelihood, 1, 4, &value, error))
        return FALSE;

      if (value != floor (value))
        {
          loader_find_attribute (loader, tag, "likelihood", &offset);
          loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                        _("a fixed likelihood must be a whole number from 1 to 4"));
          return FALSE;
        }

      rule->likelihood = (guint) value;
    }

  flag = FALSE;
  if (!parse_boolean (loader, tag, "hard-stop", get_attribute (names, values, "hard-stop"), &flag, error))
    return FALSE;
  rule->hard_stop = flag;

  flag = FALSE;
  if (!parse_boolean (loader, tag, "compound", get_attribute (names, values, "compound"), &flag, error))
    return FALSE;
  rule->compound = flag;

  flag = FALSE;
  if (!parse_boolean (loader, tag, "mitigable", get_attribute (names, values, "mitigable"), &flag, error))
    return FALSE;
  rule->mitigable = flag;

  if (rule->mitigable && (rule->hard_stop || rule->compound))
    {
      loader_find_attribute (loader, tag, "mitigable", &offset);
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("a hard-stop or compound rule cannot be mitigable: only changing the facts removes it"));
      return FALSE;
    }

  if (action != NULL)
    {
      if (strcmp (action, "consult-authority") != 0)
        {
          loader_find_attribute (loader, tag, "action", &offset);
          loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                        _("invalid value “%s” for attribute “action”: expected consult-authority"), action);
          return FALSE;
        }
      rule->consult_authority = TRUE;
    }

  if (rule->kind != PB_RULE_KIND_RISK &&
      (rule->hard_stop || rule->compound || rule->mitigable || rule->consult_authority))
    {
      loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                    _("only a risk rule can be hard-stop, compound, mitigable or ask for the authority"));
      return FALSE;
    }

  if (rule->likelihood == 0 && self->profiles->len > 0)
    rule->profile_id = ((PbLikelihoodProfile *) g_ptr_array_index (self->profiles, rule->profile))->id;

  return parse_folds (loader, tag, rule, get_attribute (names, values, "folds"), error);
}

static gboolean
end_rule (Loader  *loader,
          GError **error)
{
  PbQuestionnaire *self = loader->self;
  PbRule *rule = loader->rule;
  gsize tag = loader->rule_offset;
  const char *missing = NULL;
  g_autoptr(GArray) reads = NULL;

  if (rule->when == NULL)
    missing = "when";
  else if (rule->title == NULL)
    missing = "title";
  else if (rule->rationale == NULL)
    missing = "rationale";
  else if (rule->mitigation == NULL && rule->kind != PB_RULE_KIND_ASSURANCE)
    missing = "mitigation";

  if (missing != NULL)
    {
      loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                    _("rule “%s” needs a <%s>"), rule->id, missing);
      return FALSE;
    }

  if (loader->refs->len == 0)
    {
      loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                    _("rule “%s” needs at least one <ref>"), rule->id);
      return FALSE;
    }

  g_ptr_array_add (loader->refs, NULL);
  rule->refs = (char **) g_ptr_array_free (g_steal_pointer (&loader->refs), FALSE);
  loader->refs = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < loader->ref_ifs->len; i++)
    {
      if (g_ptr_array_index (loader->ref_ifs, i) != NULL)
        {
          rule->ref_ifs = (PbExpr **) g_ptr_array_free (g_steal_pointer (&loader->ref_ifs), FALSE);
          loader->ref_ifs = g_ptr_array_new ();
          break;
        }
    }
  /* Their expressions are the rule's now, or there were none. */
  g_ptr_array_set_size (loader->ref_ifs, 0);

  reads = g_array_new (FALSE, FALSE, sizeof (guint));
  pb_expr_collect_questions (rule->when, reads);
  rule->n_reads = reads->len;
  rule->reads = (guint *) g_array_free (g_steal_pointer (&reads), FALSE);

  if (rule->n_reads > 0)
    rule->section = ((PbQuestion *) g_ptr_array_index (self->questions, rule->reads[0]))->section;

  g_ptr_array_add (self->rules, g_steal_pointer (&loader->rule));
  g_hash_table_insert (self->rule_by_id, rule->id, rule);

  return TRUE;
}

static gboolean
start_likelihood (Loader              *loader,
                  gsize                tag,
                  const char * const  *names,
                  const char * const  *values,
                  GError             **error)
{
  static const char * const allowed[] = { "id", "base", "max", NULL };
  PbQuestionnaire *self = loader->self;
  const char *id = get_attribute (names, values, "id");
  const char *base = get_attribute (names, values, "base");
  const char *max = get_attribute (names, values, "max");
  PbLikelihoodProfile *profile;
  gboolean first = self->profiles->len == 0;
  gsize offset;

  if (!check_attributes (loader, tag, "likelihood", names, allowed, error))
    return FALSE;

  /* One unnamed profile, or any number with distinct ids. */
  if (!first || id != NULL)
    {
      PbLikelihoodProfile *previous = first ? NULL : g_ptr_array_index (self->profiles, 0);

      if (id == NULL || (previous != NULL && previous->id == NULL))
        {
          loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                        _("more than one <likelihood>: each needs an “id”"));
          return FALSE;
        }

      loader_find_attribute (loader, tag, "id", &offset);
      if (!is_valid_id (id, TRUE, FALSE))
        {
          loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                        _("invalid id “%s” on <%s>: use letters, digits, “-” and “_”, starting with a letter"),
                        id, "likelihood");
          return FALSE;
        }

      for (guint i = 0; i < self->profiles->len; i++)
        {
          if (g_strcmp0 (((PbLikelihoodProfile *) g_ptr_array_index (self->profiles, i))->id, id) == 0)
            {
              loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                            _("duplicate %s id “%s”"), "likelihood", id);
              return FALSE;
            }
        }
    }

  if (first)
    profile = _pb_questionnaire_default_profile (self);
  else
    profile = _pb_questionnaire_add_profile (self);
  profile->id = g_strdup (id);
  profile->base = 1;
  profile->max = 4;
  loader->profile = profile;

  if (base != NULL && !parse_number (loader, tag, "base", base, 1, 4, &profile->base, error))
    return FALSE;

  if (max != NULL && !parse_number (loader, tag, "max", max, 1, 4, &profile->max, error))
    return FALSE;

  if (profile->base > profile->max)
    {
      loader_find_attribute (loader, tag, "base", &offset);
      loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                    _("min (%g) is greater than max (%g)"), profile->base, profile->max);
      return FALSE;
    }

  return TRUE;
}

/* <migration from="VERSION">, one for each earlier version whose answers
 * carry over, then <carry from="OLD" to="NEW" review="true"
 * review-if="CODE"> with <value from="OLD-CODE" to="NEW-CODE"/> and an
 * optional <note>, and <drop from="OLD" review-if="CODE"> with a <note>
 * (FORMAT.md). Old ids cannot be checked here, new ones can. */
static gboolean
start_migration_element (Loader              *loader,
                         gsize                tag,
                         const char          *element,
                         const char * const  *names,
                         const char * const  *values,
                         GError             **error)
{
  static const char * const migration_allowed[] = { "from", NULL };
  static const char * const carry_allowed[] = { "from", "to", "review", "review-if", NULL };
  static const char * const drop_allowed[] = { "from", "review-if", NULL };
  static const char * const value_allowed[] = { "from", "to", NULL };
  PbQuestionnaire *self = loader->self;
  const char *from = get_attribute (names, values, "from");
  const char *to = get_attribute (names, values, "to");
  gsize offset;

  if (strcmp (element, "migration") == 0)
    {
      if (!check_attributes (loader, tag, element, names, migration_allowed, error) ||
          !require_attribute (loader, tag, element, "from", from, error))
        return FALSE;
      for (guint i = 0; i < self->migration_from->len; i++)
        {
          if (strcmp (g_ptr_array_index (self->migration_from, i), from) == 0)
            {
              loader_find_attribute (loader, tag, "from", &offset);
              /* Translators: a version of the questionnaire */
              loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                            _("two <migration> elements map from version “%s”"), from);
              return FALSE;
            }
        }
      loader->seen_later = TRUE;
      g_ptr_array_add (self->migration_from, g_strdup (from));
      loader->migration_version = g_ptr_array_index (self->migration_from, self->migration_from->len - 1);
      return TRUE;
    }

  if (strcmp (element, "value") == 0)
    {
      PbQuestion *target = g_hash_table_lookup (self->question_by_id, loader->step->to_id);

      if (!check_attributes (loader, tag, element, names, value_allowed, error) ||
          !require_attribute (loader, tag, element, "from", from, error) ||
          !require_attribute (loader, tag, element, "to", to, error))
        return FALSE;

      if (pb_question_lookup_choice (target, to) == NULL &&
          strcmp (to, "yes") != 0 && strcmp (to, "no") != 0 &&
          !(strcmp (to, "unknown") == 0 && target->allow_unknown))
        {
          loader_find_attribute (loader, tag, "to", &offset);
          loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                        _("“%s” is not an answer question “%s” accepts"), to, target->id);
          return FALSE;
        }

      g_ptr_array_add (loader->step->values, g_strdup (from));
      g_ptr_array_add (loader->step->values, g_strdup (to));
      return TRUE;
    }

  if (!check_attributes (loader, tag, element, names,
                         strcmp (element, "carry") == 0 ? carry_allowed : drop_allowed, error) ||
      !require_attribute (loader, tag, element, "from", from, error))
    return FALSE;

  loader->step = g_new0 (PbMigrationStep, 1);
  loader->step->from_version = g_strdup (loader->migration_version);
  loader->step->from_id = g_strdup (from);
  loader->step->domain = self->domain;
  loader->step->review_if = g_strdup (get_attribute (names, values, "review-if"));
  loader->step->values = g_ptr_array_new_with_free_func (g_free);
  loader->step_offset = tag;

  if (strcmp (element, "carry") == 0)
    {
      guint review = FALSE;

      if (!require_attribute (loader, tag, element, "to", to, error))
        return FALSE;
      if (!g_hash_table_contains (self->question_by_id, to))
        {
          loader_find_attribute (loader, tag, "to", &offset);
          loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                        _("unknown question “%s”"), to);
          return FALSE;
        }
      if (!parse_boolean (loader, tag, "review", get_attribute (names, values, "review"), &review, error))
        return FALSE;
      loader->step->to_id = g_strdup (to);
      loader->step->review = review;
    }

  for (guint i = 0; i < self->migration->len; i++)
    {
      PbMigrationStep *other = g_ptr_array_index (self->migration, i);

      if (strcmp (other->from_version, loader->migration_version) == 0 && strcmp (other->from_id, from) == 0)
        {
          loader_find_attribute (loader, tag, "from", &offset);
          loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                        _("question “%s” is migrated twice"), from);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
end_migration_step (Loader  *loader,
                    GError **error)
{
  PbMigrationStep *step = loader->step;

  if (step->to_id == NULL && step->note == NULL)
    {
      loader_error (loader, error, PB_CORE_ERROR_INVALID, loader->step_offset,
                    _("<drop> of “%s” needs a <note> that says where the question went"), step->from_id);
      return FALSE;
    }

  if ((step->review || step->review_if != NULL) && step->note == NULL)
    {
      loader_error (loader, error, PB_CORE_ERROR_INVALID, loader->step_offset,
                    _("a reviewed migration of “%s” needs a <note> that says what changed"), step->from_id);
      return FALSE;
    }

  g_ptr_array_add (loader->self->migration, g_steal_pointer (&loader->step));

  return TRUE;
}

/* Which elements may appear where, and which take text. */
typedef struct
{
  const char *name;
  const char *parent;
  TextTarget  text;
} ElementInfo;

static const ElementInfo elements[] = {
  { "questionnaire", NULL,            TEXT_NONE },
  { "title",         "questionnaire", TEXT_Q_TITLE },
  { "description",   "questionnaire", TEXT_Q_DESCRIPTION },
  { "family",        "questionnaire", TEXT_FAMILY },
  { "section",       "questionnaire", TEXT_NONE },
  { "define",        "questionnaire", TEXT_DEFINE },
  { "likelihood",    "questionnaire", TEXT_NONE },
  { "rule",          "questionnaire", TEXT_NONE },
  { "title",         "section",       TEXT_SECTION_TITLE },
  { "description",   "section",       TEXT_SECTION_DESCRIPTION },
  { "question",      "section",       TEXT_NONE },
  { "label",         "question",      TEXT_LABEL },
  { "help",          "question",      TEXT_HELP },
  { "resolve",       "question",      TEXT_RESOLVE },
  { "ref",           "question",      TEXT_QUESTION_REF },
  { "choice",        "question",      TEXT_CHOICE },
  { "factor",        "likelihood",    TEXT_FACTOR },
  { "when",          "rule",          TEXT_WHEN },
  { "title",         "rule",          TEXT_RULE_TITLE },
  { "rationale",     "rule",          TEXT_RATIONALE },
  { "mitigation",    "rule",          TEXT_MITIGATION },
  { "ref",           "rule",          TEXT_RULE_REF },
  { "mitigated-if",  "rule",          TEXT_MITIGATED_IF },
  { "migration",     "questionnaire", TEXT_NONE },
  { "carry",         "migration",     TEXT_NONE },
  { "drop",          "migration",     TEXT_NONE },
  { "value",         "carry",         TEXT_NONE },
  { "note",          "carry",         TEXT_MIGRATION_NOTE },
  { "note",          "drop",          TEXT_MIGRATION_NOTE },
};

static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *element_name,
                  const char          **attribute_names,
                  const char          **attribute_values,
                  gpointer              user_data,
                  GError              **error)
{
  static const char * const no_attributes[] = { NULL };
  static const char * const its_attributes[] = { "xml:space", "its:translate", NULL };
  Loader *loader = user_data;
  const char * const *names = (const char * const *) attribute_names;
  const char * const *values = (const char * const *) attribute_values;
  const char *parent = g_markup_parse_context_get_element_stack (context)->next
                     ? g_markup_parse_context_get_element_stack (context)->next->data
                     : NULL;
  const ElementInfo *info = NULL;
  gsize tag = loader_next_start_tag (loader);
  gboolean ok = TRUE;

  g_array_append_val (loader->stack, tag);

  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    {
      if (strcmp (elements[i].name, element_name) == 0 &&
          g_strcmp0 (elements[i].parent, parent) == 0)
        {
          info = &elements[i];
          break;
        }
    }

  if (info == NULL)
    {
      if (parent == NULL)
        loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                      _("the root element must be <questionnaire>, not <%s>"), element_name);
      else
        loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                      _("unknown element <%s> in <%s>"), element_name, parent);
      return;
    }

  if (loader->text_target != TEXT_NONE)
    {
      loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                    _("unexpected element <%s> inside text"), element_name);
      return;
    }

  loader->text_target = info->text;
  g_string_truncate (loader->text, 0);
  loader->text_offset = loader_find_attribute (loader, tag, NULL, NULL);

  if (strcmp (element_name, "questionnaire") == 0)
    ok = start_questionnaire (loader, tag, names, values, error);
  else if (strcmp (element_name, "section") == 0)
    ok = start_section (loader, tag, names, values, error);
  else if (strcmp (element_name, "question") == 0)
    ok = start_question (loader, tag, names, values, error);
  else if (strcmp (element_name, "rule") == 0)
    {
      loader->seen_later = TRUE;
      ok = start_rule (loader, tag, names, values, error);
    }
  else if (strcmp (element_name, "likelihood") == 0)
    {
      loader->seen_later = TRUE;
      ok = start_likelihood (loader, tag, names, values, error);
    }
  else if (strcmp (element_name, "migration") == 0 || strcmp (element_name, "carry") == 0 ||
           strcmp (element_name, "drop") == 0 || strcmp (element_name, "value") == 0)
    ok = start_migration_element (loader, tag, element_name, names, values, error);
  else if (strcmp (element_name, "define") == 0)
    {
      static const char * const allowed[] = { "id", NULL };
      const char *id = get_attribute (names, values, "id");

      /* A define may stand between sections, for the questions after it. */
      ok = check_attributes (loader, tag, "define", names, allowed, error) &&
           require_attribute (loader, tag, "define", "id", id, error) &&
           check_id (loader, tag, "define", id, TRUE, loader->self->define_by_id, _("define"), error);

      if (ok && g_hash_table_contains (loader->self->question_by_id, id))
        {
          gsize offset;

          loader_find_attribute (loader, tag, "id", &offset);
          loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                        _("define “%s” has the id of a question"), id);
          ok = FALSE;
        }

      if (ok)
        loader->define_id = g_strdup (id);
    }
  else if (strcmp (element_name, "choice") == 0)
    {
      static const char * const allowed[] = { "code", NULL };
      const char *code = get_attribute (names, values, "code");
      PbQuestion *question = loader->question;

      ok = check_attributes (loader, tag, "choice", names, allowed, error) &&
           require_attribute (loader, tag, "choice", "code", code, error);

      if (ok && question->type != PB_QUESTION_SINGLE && question->type != PB_QUESTION_MULTIPLE)
        {
          loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                        _("question “%s” of type %s cannot have choices"),
                        question->id, pb_question_type_to_string (question->type));
          ok = FALSE;
        }

      if (ok)
        {
          gsize offset;

          loader_find_attribute (loader, tag, "code", &offset);

          if (!is_valid_id (code, FALSE, FALSE) || strcmp (code, "unknown") == 0)
            {
              loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                            _("invalid choice code “%s”: use letters, digits, “-” and “_” (and not “unknown”)"),
                            code);
              ok = FALSE;
            }
          else if (pb_question_lookup_choice (question, code) != NULL)
            {
              loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                            _("duplicate choice code “%s” in question “%s”"), code, question->id);
              ok = FALSE;
            }
          else
            loader->choice_code = g_strdup (code);
        }
    }
  else if (strcmp (element_name, "factor") == 0)
    {
      static const char * const allowed[] = { "add", "label", "group", NULL };
      const char *add = get_attribute (names, values, "add");
      const char *group = get_attribute (names, values, "group");

      g_clear_pointer (&loader->factor_label, g_free);
      loader->factor_label = g_strdup (get_attribute (names, values, "label"));
      g_clear_pointer (&loader->factor_group, g_free);

      ok = check_attributes (loader, tag, "factor", names, allowed, error) &&
           require_attribute (loader, tag, "factor", "add", add, error) &&
           parse_number (loader, tag, "add", add, -3, 3, &loader->factor_add, error);

      if (ok && group != NULL)
        {
          if (!is_valid_id (group, TRUE, FALSE))
            {
              gsize offset;

              loader_find_attribute (loader, tag, "group", &offset);
              loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                            _("invalid factor group “%s”: use a letter, then letters, digits, “-” and “_”"), group);
              ok = FALSE;
            }
          else
            loader->factor_group = g_strdup (group);
        }
    }
  else if (info->text == TEXT_RULE_REF)
    {
      static const char * const allowed[] = { "if", NULL };
      const char *ref_if = get_attribute (names, values, "if");

      g_clear_pointer (&loader->ref_if, g_free);
      ok = check_attributes (loader, tag, element_name, names, allowed, error);
      if (ok && ref_if != NULL)
        {
          loader->ref_if = g_strdup (ref_if);
          loader_find_attribute (loader, tag, "if", &loader->ref_if_offset);
        }
    }
  else if (info->text == TEXT_LABEL || info->text == TEXT_HELP || info->text == TEXT_RESOLVE ||
           info->text == TEXT_MIGRATION_NOTE ||
           info->text == TEXT_RULE_TITLE ||
           info->text == TEXT_RATIONALE || info->text == TEXT_MITIGATION ||
           info->text == TEXT_Q_TITLE || info->text == TEXT_SECTION_TITLE ||
           info->text == TEXT_Q_DESCRIPTION || info->text == TEXT_SECTION_DESCRIPTION)
    ok = check_attributes (loader, tag, element_name, names, its_attributes, error);
  else
    ok = check_attributes (loader, tag, element_name, names, no_attributes, error);

  /* On failure @error is set, which stops GMarkup. */
  g_assert (ok == (error == NULL || *error == NULL));
}

static gboolean
is_blank (const char *text,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isspace (text[i]))
        return FALSE;
    }

  return TRUE;
}

/* Stores the text of a finished leaf element where it belongs. */
static gboolean
end_text (Loader      *loader,
          const char  *element_name,
          GError     **error)
{
  PbQuestionnaire *self = loader->self;
  gsize tag = g_array_index (loader->stack, gsize, loader->stack->len - 1);
  g_autofree char *text = normalize_space (loader->text->str);
  char **slot = NULL;

  if (*text == '\0')
    {
      loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                    _("<%s> is empty"), element_name);
      return FALSE;
    }

  switch (loader->text_target)
    {
    case TEXT_Q_TITLE:             slot = &self->title; break;
    case TEXT_Q_DESCRIPTION:       slot = &self->description; break;
    case TEXT_SECTION_TITLE:       slot = &loader->section->title; break;
    case TEXT_SECTION_DESCRIPTION: slot = &loader->section->description; break;
    case TEXT_LABEL:               slot = &loader->question->label; break;
    case TEXT_HELP:                slot = &loader->question->help; break;
    case TEXT_RESOLVE:             slot = &loader->question->resolve; break;
    case TEXT_MIGRATION_NOTE:      slot = &loader->step->note; break;
    case TEXT_RULE_TITLE:          slot = &loader->rule->title; break;
    case TEXT_RATIONALE:           slot = &loader->rule->rationale; break;
    case TEXT_MITIGATION:          slot = &loader->rule->mitigation; break;

    case TEXT_FAMILY:
      g_ptr_array_insert (self->families, self->families->len - 1, g_steal_pointer (&text));
      return TRUE;

    case TEXT_QUESTION_REF:
      g_ptr_array_add (loader->refs, g_steal_pointer (&text));
      return TRUE;

    case TEXT_RULE_REF:
      {
        PbExpr *ref_if = NULL;

        /* <ref if="…">: cited only where the condition does not fail,
         * as a law that binds only some exporters. */
        if (loader->ref_if != NULL)
          {
            ref_if = loader_parse_expr (loader, loader->ref_if, loader->ref_if_offset, error);
            g_clear_pointer (&loader->ref_if, g_free);
            if (ref_if == NULL)
              return FALSE;
          }
        g_ptr_array_add (loader->refs, g_steal_pointer (&text));
        g_ptr_array_add (loader->ref_ifs, ref_if);
      }
      return TRUE;

    case TEXT_CHOICE:
      {
        PbChoice *choice = g_new0 (PbChoice, 1);

        choice->code = g_steal_pointer (&loader->choice_code);
        choice->label = g_steal_pointer (&text);
        choice->domain = self->domain;
        g_ptr_array_add (loader->question->choices, choice);
        g_hash_table_insert (loader->question->choice_by_code, choice->code, choice);
      }
      return TRUE;

    case TEXT_DEFINE:
      {
        PbExpr *expr = loader_parse_expr (loader, loader->text->str, loader->text_offset, error);

        if (expr == NULL)
          return FALSE;

        g_ptr_array_add (self->defines, expr);
        g_hash_table_insert (self->define_by_id, g_steal_pointer (&loader->define_id), expr);
      }
      return TRUE;

    case TEXT_FACTOR:
      {
        PbLikelihoodFactor factor = { loader->factor_add, NULL, NULL };

        factor.expr = loader_parse_expr (loader, loader->text->str, loader->text_offset, error);
        if (factor.expr == NULL)
          return FALSE;

        factor.condition = g_steal_pointer (&text);
        factor.label = g_steal_pointer (&loader->factor_label);
        factor.group = g_steal_pointer (&loader->factor_group);
        factor.domain = self->domain;
        g_array_append_val (loader->profile->factors, factor);
      }
      return TRUE;

    case TEXT_WHEN:
    case TEXT_MITIGATED_IF:
      {
        PbRule *rule = loader->rule;
        gboolean when = loader->text_target == TEXT_WHEN;
        PbExpr *mitigation = NULL;
        PbExpr **expr_slot = when ? &rule->when : &mitigation;

        if (when && *expr_slot != NULL)
          {
            loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                          _("rule “%s” has more than one <%s>"), rule->id, element_name);
            return FALSE;
          }

        if (!when && !rule->mitigable)
          {
            loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                          _("rule “%s” has a <mitigated-if> but is not mitigable=\"true\""), rule->id);
            return FALSE;
          }

        *expr_slot = loader_parse_expr (loader, loader->text->str, loader->text_offset, error);
        if (*expr_slot == NULL)
          return FALSE;

        if (when)
          rule->condition = g_steal_pointer (&text);
        else
          {
            if (rule->mitigations == NULL)
              {
                rule->mitigations = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_expr_free);
                rule->mitigated_expr = mitigation;
                rule->mitigated_if = g_steal_pointer (&text);
              }
            g_ptr_array_add (rule->mitigations, mitigation);
          }
      }
      return TRUE;

    case TEXT_NONE:
    default:
      g_assert_not_reached ();
    }

  if (*slot != NULL)
    {
      loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                    _("more than one <%s>"), element_name);
      return FALSE;
    }

  *slot = g_steal_pointer (&text);

  return TRUE;
}

/* override-reason may name a later question: resolved once all are read. */
static gboolean
resolve_override_reasons (Loader  *loader,
                          GError **error)
{
  PbQuestionnaire *self = loader->self;

  for (guint i = 0; i < self->questions->len; i++)
    {
      PbQuestion *question = g_ptr_array_index (self->questions, i);
      PbQuestion *reason;

      if (question->override_reason_id == NULL)
        continue;

      reason = g_hash_table_lookup (self->question_by_id, question->override_reason_id);
      if (reason == NULL ||
          (reason->type != PB_QUESTION_TEXT && reason->type != PB_QUESTION_LONG_TEXT) ||
          reason == question)
        {
          loader_error (loader, error, PB_CORE_ERROR_INVALID, loader->length,
                        _("question “%s”: override-reason “%s” is not a text or long-text question"),
                        question->id, question->override_reason_id);
          return FALSE;
        }

      question->override_reason = reason;
    }

  return TRUE;
}

static void
end_element_cb (GMarkupParseContext  *context,
                const char           *element_name,
                gpointer              user_data,
                GError              **error)
{
  Loader *loader = user_data;
  PbQuestionnaire *self = loader->self;
  gsize tag = g_array_index (loader->stack, gsize, loader->stack->len - 1);

  if (loader->text_target != TEXT_NONE)
    {
      if (!end_text (loader, element_name, error))
        return;

      loader->text_target = TEXT_NONE;
    }
  else if (strcmp (element_name, "question") == 0)
    {
      if (!end_question (loader, error))
        return;
    }
  else if (strcmp (element_name, "rule") == 0)
    {
      if (!end_rule (loader, error))
        return;
    }
  else if (strcmp (element_name, "carry") == 0 || strcmp (element_name, "drop") == 0)
    {
      if (!end_migration_step (loader, error))
        return;
    }
  else if (strcmp (element_name, "section") == 0)
    {
      PbSection *section = loader->section;

      if (section->title == NULL)
        {
          loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                        _("section “%s” needs a <title>"), section->id);
          return;
        }

      if (section->questions->len == 0)
        {
          loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                        _("section “%s” has no questions"), section->id);
          return;
        }

      g_hash_table_insert (self->section_by_id, section->id, section);
      loader->section = NULL;
    }
  else if (strcmp (element_name, "questionnaire") == 0)
    {
      if (self->title == NULL)
        {
          loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                        _("the questionnaire needs a <title>"));
          return;
        }

      if (self->sections->len == 0)
        {
          loader_error (loader, error, PB_CORE_ERROR_INVALID, tag,
                        _("the questionnaire has no sections"));
          return;
        }

      if (!resolve_override_reasons (loader, error))
        return;
    }

  g_array_set_size (loader->stack, loader->stack->len - 1);
}

/* GMarkup's position as a byte offset. GMarkup counts bytes, and counts a
 * newline as the first character of the next line. */
static gsize
loader_markup_offset (Loader *loader)
{
  int line = 0, column = 0;
  gsize offset;

  g_markup_parse_context_get_position (loader->context, &line, &column);

  line = CLAMP (line, 1, (int) loader->line_starts->len);
  offset = g_array_index (loader->line_starts, gsize, line - 1);
  offset += MAX (column - (line > 1 ? 2 : 1), 0);

  return MIN (offset, loader->length);
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  Loader *loader = user_data;

  if (loader->text_target != TEXT_NONE)
    {
      g_string_append_len (loader->text, text, text_len);
      return;
    }

  if (!is_blank (text, text_len))
    {
      const char *element = g_markup_parse_context_get_element (context);
      gsize offset = loader_markup_offset (loader);

      /* GMarkup stands at the end of the text: go back to the tag before
       * it, then forward to its first visible character. */
      while (offset > 0 && loader->data[offset - 1] != '>')
        offset--;
      while (offset < loader->length && g_ascii_isspace (loader->data[offset]))
        offset++;

      if (element != NULL)
        loader_error (loader, error, PB_CORE_ERROR_INVALID, offset,
                      _("unexpected text in <%s>"), element);
      else
        loader_error (loader, error, PB_CORE_ERROR_PARSE, offset,
                      _("unexpected text outside the root element"));
    }
}

static const GMarkupParser parser = {
  start_element_cb,
  end_element_cb,
  text_cb,
  NULL,
  NULL,
};

/* GMarkup prefixes its messages with "Error on line N char M: ", and
 * quotes the offending bytes, which need not be UTF-8. */
static void
loader_markup_error (Loader  *loader,
                     GError  *markup_error,
                     GError **error)
{
  const char *message = markup_error->message;
  const char *prefix_end;
  g_autofree char *valid = NULL;

  if (g_str_has_prefix (message, "Error on line ") &&
      (prefix_end = strstr (message, ": ")) != NULL)
    message = prefix_end + 2;

  valid = g_utf8_make_valid (message, -1);
  loader_error (loader, error, PB_CORE_ERROR_PARSE, loader_markup_offset (loader), "%s", valid);
}

/* One evaluation reads every condition once, and collects the rules and
 * questions behind each compound rule (pb-evaluation.c). Their sum must stay
 * within a budget, or a file of many conditions that are each within
 * PB_EXPR_MAX_WORK (or that walk many rules, or 10,000 rules that each ask
 * whether the first one fired) could still take minutes. */
static gboolean
check_evaluation_work (Loader  *loader,
                       GError **error)
{
  PbQuestionnaire *self = loader->self;
  guint n_rules = self->rules->len + self->sections->len;
  guint64 total = 0;
  guint64 largest = 0;
  gsize largest_offset = 0;

  for (guint i = 0; i < loader->conditions->len; i++)
    {
      const Condition *condition = &g_array_index (loader->conditions, Condition, i);
      guint64 work = pb_expr_get_work (condition->expr, n_rules);

      /* A compound rule: pb_expr_collect_rules() walks the expansion again
       * and marks the rules, then the questions are walked. */
      if (pb_expr_reads_flags (condition->expr))
        work = 2 * work + n_rules + self->questions->len;

      total += work;
      if (work > largest)
        {
          largest = work;
          largest_offset = condition->offset;
        }
    }

  if (total <= PB_QUESTIONNAIRE_MAX_WORK)
    return TRUE;

  {
    g_autofree char *steps = g_strdup_printf ("%" G_GUINT64_FORMAT, largest);

    /* Translators: both are numbers of steps */
    loader_error (loader, error, PB_CORE_ERROR_INVALID, largest_offset,
                  _("the questionnaire is too large to evaluate: its conditions take more than %u steps "
                    "(this one %s, with the named conditions it uses written out)"),
                  PB_QUESTIONNAIRE_MAX_WORK, steps);
  }

  return FALSE;
}

static void
compute_rule_sections (PbQuestionnaire *self)
{
  self->rule_sections = g_new (guint, MAX (self->rules->len, 1));

  for (guint i = 0; i < self->rules->len; i++)
    {
      PbRule *rule = g_ptr_array_index (self->rules, i);

      self->rule_sections[i] = rule->section != NULL ? rule->section->index : G_MAXUINT;
    }
}

static void
add_unknown_rules (PbQuestionnaire *self)
{
  for (guint i = 0; i < self->sections->len; i++)
    {
      PbSection *section = g_ptr_array_index (self->sections, i);
      PbRule *rule;

      if (section->unknown_threshold < 0)
        continue;

      rule = g_new0 (PbRule, 1);
      rule->id = g_strdup_printf ("UNKNOWN-%s", section->id);
      rule->index = G_MAXUINT;
      rule->severity = PB_SEVERITY_HIGH;
      /* Method 2: the deal waits until the gaps are filled. */
      rule->kind = self->method >= 2 ? PB_RULE_KIND_HOLD : PB_RULE_KIND_RISK;
      rule->synthetic = TRUE;
      rule->section = section;
      rule->domain = GETTEXT_PACKAGE;
      /* Translators: the section title */
      rule->title = g_strdup_printf (_("Insufficient due diligence in section “%s”"),
                                     pb_section_get_title (section));
      if (self->method >= 2)
        /* Translators: a percentage, e.g. 25 */
        rule->rationale = g_strdup_printf (_("More than %g%% of the answered questions in this section are “unknown” on points "
                                             "that could change the verdict of this deal. An unresolved information gap is itself "
                                             "a risk: a red flag creates a duty to ask."),
                                           section->unknown_threshold * 100);
      else
        /* Translators: a percentage, e.g. 25 */
        rule->rationale = g_strdup_printf (_("More than %g%% of the answered questions in this section are “unknown”. "
                                             "An unresolved information gap is itself a risk: a red flag creates a duty to ask."),
                                           section->unknown_threshold * 100);
      rule->mitigation = g_strdup (_("Obtain the missing information from the customer or other sources and update the answers."));
      rule->refs = g_strdupv ((char *[]) { (char *) "15 CFR Part 732, Supplement No. 3", (char *) "UNGP 17", NULL });
      section->unknown_rule = rule;
    }
}

/**
 * pb_questionnaire_new_from_bytes:
 * @bytes: the XML text
 * @display_name: the file name used in messages
 * @error: a location for a #GError
 *
 * Loads a questionnaire strictly (FORMAT.md). On error, the message starts
 * with `DISPLAY_NAME:LINE:COLUMN: `.
 *
 * Returns: (transfer full): the questionnaire, or %NULL with @error set
 */
PbQuestionnaire *
pb_questionnaire_new_from_bytes (GBytes      *bytes,
                                 const char  *display_name,
                                 GError     **error)
{
  g_autoptr(PbQuestionnaire) self = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  Loader loader = { 0 };
  const char *invalid;
  gsize zero = 0;
  gboolean ok;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = "<questionnaire>";

  if (g_bytes_get_size (bytes) > PB_QUESTIONNAIRE_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size (PB_QUESTIONNAIRE_MAX_SIZE);

      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_TOO_LARGE,
                   /* Translators: a file name, then a size such as "4.2 MB" */
                   _("%s: a questionnaire may not be larger than %s"), display_name, limit);
      return NULL;
    }

  self = g_object_new (PB_TYPE_QUESTIONNAIRE, NULL);
  self->bytes = g_bytes_ref (bytes);
  self->display_name = g_strdup (display_name);
  self->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  loader.data = g_bytes_get_data (bytes, &loader.length);
  if (loader.data == NULL)
    loader.data = "";
  loader.display_name = display_name;
  loader.self = self;
  loader.line_starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_array_append_val (loader.line_starts, zero);
  for (gsize i = 0; i < loader.length; i++)
    {
      if (loader.data[i] == '\n')
        {
          gsize start = i + 1;

          g_array_append_val (loader.line_starts, start);
        }
    }
  loader.stack = g_array_new (FALSE, FALSE, sizeof (gsize));
  loader.text = g_string_new (NULL);
  loader.refs = g_ptr_array_new_with_free_func (g_free);
  loader.ref_ifs = g_ptr_array_new ();
  loader.conditions = g_array_new (FALSE, FALSE, sizeof (Condition));

  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &loader, NULL);
  loader.context = context;

  /* The whole file first: GMarkup checks names and text as it meets them,
   * but after a CDATA section that is not UTF-8 (GLib 2.74) it parses on
   * with its error set, and the callbacks then set another over it. */
  if (!g_utf8_validate (loader.data, loader.length, &invalid))
    {
      gsize offset = invalid - loader.data;

      if (loader.data[offset] == '\0')
        loader_error (&loader, &local_error, PB_CORE_ERROR_PARSE, offset, _("the file contains a NUL byte"));
      else
        loader_error (&loader, &local_error, PB_CORE_ERROR_PARSE, offset, _("the file is not valid UTF-8"));
      ok = FALSE;
    }
  else
    ok = g_markup_parse_context_parse (context, loader.data, loader.length, &local_error) &&
         g_markup_parse_context_end_parse (context, &local_error);

  /* GMarkup accepts a document of nothing but comments. */
  if (ok && self->id == NULL)
    {
      loader_error (&loader, &local_error, PB_CORE_ERROR_PARSE, loader.length,
                    _("the file has no <questionnaire> element"));
      ok = FALSE;
    }

  if (ok && !check_evaluation_work (&loader, &local_error))
    ok = FALSE;

  if (!ok)
    {
      if (local_error->domain == PB_CORE_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        loader_markup_error (&loader, local_error, error);
    }

  g_array_unref (loader.line_starts);
  g_array_unref (loader.stack);
  g_string_free (loader.text, TRUE);
  g_ptr_array_unref (loader.refs);
  /* Conditions of a rule that did not finish loading. */
  for (guint i = 0; i < loader.ref_ifs->len; i++)
    g_clear_pointer (&g_ptr_array_index (loader.ref_ifs, i), pb_expr_free);
  g_ptr_array_unref (loader.ref_ifs);
  g_free (loader.ref_if);
  g_array_unref (loader.conditions);
  g_clear_pointer (&loader.question, _pb_question_free);
  g_clear_pointer (&loader.rule, _pb_rule_free);
  g_clear_pointer (&loader.step, _pb_migration_step_free);
  g_free (loader.define_id);
  g_free (loader.choice_code);
  g_free (loader.factor_label);
  g_free (loader.factor_group);

  if (!ok)
    return NULL;

  compute_rule_sections (self);
  add_unknown_rules (self);
  pb_i18n_bind_questionnaire_domain (self->domain);

  return g_steal_pointer (&self);
}

PbQuestionnaire *
pb_questionnaire_new_from_file (GFile   *file,
                                GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display_name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = pb_file_dup_display_name (file);
  bytes = pb_file_load_bounded (file, PB_QUESTIONNAIRE_MAX_SIZE, error);
  if (bytes == NULL)
    return NULL;

  return pb_questionnaire_new_from_bytes (bytes, display_name, error);
}
