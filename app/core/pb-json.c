/* pb-json.c: reading JSON that someone handed us, and building it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <math.h>
#include <string.h>

#include "pb-json.h"
#include "pb-types.h"

/* json-glib builds the tree, but it accepts more than JSON, recurses without
 * a limit and changes some values without a word (pb-json.h). So the text
 * is first checked by this strict reader, which keeps no tree: an explicit
 * stack of open containers, each with the member or element being read, so
 * that every message can say where it is. */

typedef struct
{
  gboolean    object;
  guint       index;   /* arrays: the element being read */
  char       *key;     /* objects: the member being read, decoded */
  GHashTable *keys;    /* objects: the members seen so far */
} Level;

typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
  const char *display_name;
  Level       stack[PB_JSON_MAX_DEPTH];
  guint       depth;
  GError     *error;
} Reader;

static inline gboolean
at_end (Reader *r)
{
  return r->pos >= r->length;
}

static inline char
peek (Reader *r)
{
  return at_end (r) ? '\0' : r->data[r->pos];
}

/* "/answers/S9.08/0", escaped as RFC 6901 says; shortened when deep. */
static char *
reader_path (Reader *r)
{
  GString *path = g_string_new (NULL);

  for (guint i = 0; i < r->depth; i++)
    {
      const Level *level = &r->stack[i];

      if (path->len > 60 || (i == 4 && r->depth > 6))
        {
          g_string_append (path, "/…");
          break;
        }

      /* between the members of an object */
      if (level->object && level->key == NULL)
        break;

      g_string_append_c (path, '/');
      if (!level->object)
        g_string_append_printf (path, "%u", level->index);
      else
        {
          for (const char *p = level->key; *p != '\0'; p++)
            {
              /* a long name is cut, not in the middle of a character */
              if (p - level->key >= 40 && (*p & 0xC0) != 0x80)
                {
                  g_string_append (path, "…");
                  break;
                }
              if (*p == '~')
                g_string_append (path, "~0");
              else if (*p == '/')
                g_string_append (path, "~1");
              else
                g_string_append_c (path, *p);
            }
        }
    }

  return g_string_free (path, FALSE);
}

static gboolean fail (Reader     *r,
                      gsize       offset,
                      const char *format,
                      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Reader     *r,
      gsize       offset,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  g_autofree char *path = reader_path (r);
  gsize line_start = 0;
  guint line = 1;
  va_list args;

  if (r->error != NULL)
    return FALSE;

  va_start (args, format);
  message = pb_message_shorten (g_strdup_vprintf (format, args));
  va_end (args);

  offset = MIN (offset, r->length);
  for (gsize i = 0; i < offset; i++)
    {
      if (r->data[i] == '\n')
        {
          line++;
          line_start = i + 1;
        }
    }

  /* Columns count characters; the text up to @offset is valid UTF-8. */
  g_set_error (&r->error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE, "%s:%u:%ld: %s%s%s",
               r->display_name, line,
               g_utf8_pointer_to_offset (r->data + line_start, r->data + offset) + 1,
               path, *path != '\0' ? ": " : "", message);

  return FALSE;
}

static void
level_clear (Level *level)
{
  g_clear_pointer (&level->key, g_free);
  g_clear_pointer (&level->keys, g_hash_table_unref);
}

static void
skip_space (Reader *r)
{
  while (!at_end (r))
    {
      char c = r->data[r->pos];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      r->pos++;
    }
}

static gboolean
read_hex4 (Reader   *r,
           gsize     at,
           gunichar *out)
{
  gunichar value = 0;

  if (r->length - at < 4)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (r->data[at + i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (gunichar) digit;
    }

  *out = value;

  return TRUE;
}

/* Reads the string at r->pos (its opening quote), appending its decoded
 * text to @out when not NULL. */
static gboolean
read_string (Reader  *r,
             GString *out)
{
  gsize start = r->pos;

  r->pos++;

  for (;;)
    {
      guchar c;

      if (at_end (r))
        return fail (r, start, _("the string does not end"));

      c = (guchar) r->data[r->pos];

      if (c == '"')
        {
          r->pos++;
          return TRUE;
        }

      if (c < 0x20)
        return fail (r, r->pos, _("a control character (U+%04X) must be written as an escape in a string"), c);

      if (c != '\\')
        {
          if (out != NULL)
            g_string_append_c (out, (char) c);
          r->pos++;
          continue;
        }

      /* An escape */
      {
        gsize escape = r->pos;
        char e = r->pos + 1 < r->length ? r->data[r->pos + 1] : '\0';
        gunichar u;

        r->pos += 2;
        switch (e)
          {
          case '"':  u = '"'; break;
          case '\\': u = '\\'; break;
          case '/':  u = '/'; break;
          case 'b':  u = '\b'; break;
          case 'f':  u = '\f'; break;
          case 'n':  u = '\n'; break;
          case 'r':  u = '\r'; break;
          case 't':  u = '\t'; break;

          case 'u':
            if (!read_hex4 (r, r->pos, &u))
              return fail (r, escape, _("\\u must be followed by four hexadecimal digits"));
            r->pos += 4;

            if (u == 0)
              return fail (r, escape, _("\\u0000 (a NUL character) is not allowed in a string"));

            if (u >= 0xDC00 && u <= 0xDFFF)
              return fail (r, escape, _("\\u%04X is the second half of a surrogate pair without the first"), u);

            if (u >= 0xD800 && u <= 0xDBFF)
              {
                gunichar low;

                if (r->length - r->pos < 6 || r->data[r->pos] != '\\' || r->data[r->pos + 1] != 'u' ||
                    !read_hex4 (r, r->pos + 2, &low) || low < 0xDC00 || low > 0xDFFF)
                  return fail (r, escape, _("\\u%04X is the first half of a surrogate pair without the second"), u);

                r->pos += 6;
                u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
              }
            break;

          default:
            return fail (r, escape, _("invalid escape in a string: only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX are JSON"));
          }

        if (out != NULL)
          g_string_append_unichar (out, u);
      }
    }
}

static gboolean
read_digits (Reader *r)
{
  gsize start = r->pos;

  while (!at_end (r) && g_ascii_isdigit (r->data[r->pos]))
    r->pos++;

  return r->pos > start;
}

/* The whole of what looks like a number, for messages. */
static gboolean
fail_number (Reader     *r,
             gsize       start,
             const char *why)
{
  gsize end = start;

  while (end < r->length && end - start < 40 &&
         (g_ascii_isalnum (r->data[end]) || strchr ("+-.", r->data[end]) != NULL))
    end++;

  /* Translators: the number as written, then why it is not one */
  return fail (r, start, _("invalid number “%.*s”: %s"), (int) (end - start), r->data + start, why);
}

static gboolean
read_number (Reader *r)
{
  gsize start = r->pos;
  gboolean integer = TRUE;
  gboolean nonzero = FALSE;
  g_autofree char *text = NULL;

  if (peek (r) == '-')
    r->pos++;

  if (peek (r) == '0')
    {
      r->pos++;
      if (g_ascii_isdigit (peek (r)))
        return fail_number (r, start, _("a number may not start with 0"));
    }
  else if (!read_digits (r))
    return fail_number (r, start, _("a minus sign needs digits after it"));

  if (peek (r) == '.')
    {
      r->pos++;
      integer = FALSE;
      if (!read_digits (r))
        return fail_number (r, start, _("a decimal point needs digits after it"));
    }

  if (peek (r) == 'e' || peek (r) == 'E')
    {
      r->pos++;
      integer = FALSE;
      if (peek (r) == '+' || peek (r) == '-')
        r->pos++;
      if (!read_digits (r))
        return fail_number (r, start, _("an exponent needs digits"));
    }

  if (g_ascii_isalnum (peek (r)) || peek (r) == '.')
    return fail_number (r, start, _("JSON numbers are decimal, such as 12, -3.5 or 1e6"));

  text = g_strndup (r->data + start, r->pos - start);

  if (integer)
    {
      gint64 value;

      /* json-glib keeps integers in 64 bits and wraps the others. */
      if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
        {
          g_autofree char *limit = g_strdup_printf ("%" G_GINT64_FORMAT, G_MAXINT64);

          /* Translators: both are whole numbers */
          return fail (r, start, _("the number %s is too large (at most %s)"), text, limit);
        }
      return TRUE;
    }

  for (const char *p = text; *p != '\0' && *p != 'e' && *p != 'E'; p++)
    nonzero |= *p >= '1' && *p <= '9';

  {
    double value = g_ascii_strtod (text, NULL);

    if (!isfinite (value))
      return fail (r, start, _("the number %s is too large"), text);
    if (value == 0 && nonzero)
      return fail (r, start, _("the number %s is too small to be told from 0"), text);
  }

  return TRUE;
}

static gboolean
read_literal (Reader *r)
{
  static const char * const literals[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i]);

      if (r->length - r->pos >= n && memcmp (r->data + r->pos, literals[i], n) == 0 &&
          !g_ascii_isalnum (r->pos + n < r->length ? r->data[r->pos + n] : ' '))
        {
          r->pos += n;
          return TRUE;
        }
    }

  {
    gunichar c = g_utf8_get_char (r->data + r->pos);

    /* Translators: %s is one character */
    if (c == '\'')
      return fail (r, r->pos, _("expected a value but found ', which JSON does not use for strings"));
    return fail (r, r->pos, _("expected a value but found “%.*s”"),
                 (int) (g_utf8_next_char (r->data + r->pos) - (r->data + r->pos)), r->data + r->pos);
  }
}

static gboolean
push (Reader   *r,
      gboolean  object)
{
  if (r->depth == PB_JSON_MAX_DEPTH)
    return fail (r, r->pos, _("the values nest deeper than %d levels"), PB_JSON_MAX_DEPTH);

  r->stack[r->depth++] = (Level) { .object = object };
  r->pos++;

  return TRUE;
}

/* Reads a member's name and its colon. */
static gboolean
read_key (Reader *r)
{
  Level *level = &r->stack[r->depth - 1];
  g_autoptr(GString) key = g_string_new (NULL);
  gsize start = r->pos;

  if (peek (r) != '"')
    {
      if (peek (r) == '\'')
        return fail (r, r->pos, _("a member name must be in double quotes"));
      return fail (r, r->pos, _("expected a member name in double quotes"));
    }

  g_clear_pointer (&level->key, g_free);
  if (!read_string (r, key))
    return FALSE;

  if (level->keys == NULL)
    level->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!g_hash_table_add (level->keys, g_strdup (key->str)))
    return fail (r, start, _("the member “%s” is given twice"), key->str);
  level->key = g_string_free (g_steal_pointer (&key), FALSE);

  skip_space (r);
  if (peek (r) != ':')
    return fail (r, r->pos, _("expected “:” after the member name"));
  r->pos++;

  return TRUE;
}

static gboolean
check_syntax (Reader *r)
{
  enum { VALUE, AFTER_VALUE } state = VALUE;
  const char *invalid = NULL;

  if (!g_utf8_validate_len (r->data, r->length, &invalid))
    {
      gsize offset = invalid - r->data;

      /* The message's column counts the valid text before it. */
      if (*invalid == '\0')
        return fail (r, offset, _("the file contains a NUL byte"));
      return fail (r, offset, _("the file is not valid UTF-8"));
    }

  skip_space (r);
  if (at_end (r))
    return fail (r, r->pos, r->length == 0 ? _("the file is empty") : _("the file holds no JSON value"));

  for (;;)
    {
      skip_space (r);

      if (state == VALUE)
        {
          char c = peek (r);
          gboolean ok;

          if (at_end (r))
            return fail (r, r->pos, _("the file ends where a value was expected"));

          if (c == '{' || c == '[')
            {
              if (!push (r, c == '{'))
                return FALSE;
              skip_space (r);
              if (peek (r) == (c == '{' ? '}' : ']'))
                {
                  level_clear (&r->stack[--r->depth]);
                  r->pos++;
                  state = AFTER_VALUE;
                }
              else if (c == '{' && !read_key (r))
                return FALSE;
              continue;
            }

          if (c == '"')
            ok = read_string (r, NULL);
          else if (c == '-' || g_ascii_isdigit (c))
            ok = read_number (r);
          else
            ok = read_literal (r);

          if (!ok)
            return FALSE;
          state = AFTER_VALUE;
          continue;
        }

      /* After a value: the end, or a comma or the end of its container. */
      if (r->depth == 0)
        {
          if (!at_end (r))
            return fail (r, r->pos, _("unexpected text after the end of the JSON value"));
          return TRUE;
        }

      {
        Level *level = &r->stack[r->depth - 1];
        char close = level->object ? '}' : ']';

        if (peek (r) == close)
          {
            level_clear (level);
            r->depth--;
            r->pos++;
            continue;
          }

        if (peek (r) != ',')
          {
            if (at_end (r))
              return fail (r, r->pos, _("the file ends inside an %s"),
                           level->object ? _("object") : _("array"));
            return fail (r, r->pos, level->object ? _("expected “,” or “}”") : _("expected “,” or “]”"));
          }

        r->pos++;
        g_clear_pointer (&level->key, g_free);
        skip_space (r);
        if (peek (r) == close)
          return fail (r, r->pos, _("a comma must be followed by another value"));

        if (level->object)
          {
            if (!read_key (r))
              return FALSE;
          }
        else
          level->index++;
        state = VALUE;
      }
    }
}

JsonNode *
pb_json_parse (const char  *data,
               gsize        length,
               const char  *display_name,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  Reader r = { 0 };
  gsize bom = 0;
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (length <= G_MAXSSIZE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  r.data = data != NULL ? data : "";
  r.length = length;
  r.display_name = display_name != NULL ? display_name : "<json>";

  /* A UTF-8 byte-order mark, which Windows editors write: RFC 8259 lets a
   * reader ignore it; json-glib does not. */
  if (length >= 3 && memcmp (r.data, "\xEF\xBB\xBF", 3) == 0)
    bom = 3;
  r.pos = bom;

  ok = check_syntax (&r);
  for (guint i = 0; i < r.depth; i++)
    level_clear (&r.stack[i]);

  if (!ok)
    {
      g_propagate_error (error, r.error);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, r.data + bom, (gssize) (length - bom), &local_error))
    {
      /* Strict JSON that json-glib refuses: a bug here, which the fuzzer
       * looks for (PB_CORE_ERROR_FAILED); say so rather than guess. */
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_FAILED, "%s: %s",
                   r.display_name, local_error->message);
      return NULL;
    }

  return json_parser_steal_root (parser);
}

/* Whether @data is one JSON string with nothing to decode: nothing around
 * its quotes, and between them no quote, escape or control character, and
 * valid UTF-8. pb_json_parse() reads the bytes between the quotes from it,
 * as they are; so can the caller, without a parser (most stored answers
 * are such a string, and a save reads every answer of its case). */
gboolean
pb_json_is_plain_string (const char *data,
                         gsize       length)
{
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (length < 2 || data[0] != '"' || data[length - 1] != '"')
    return FALSE;

  for (gsize i = 1; i < length - 1; i++)
    {
      guchar c = (guchar) data[i];

      if (c == '"' || c == '\\' || c < 0x20)
        return FALSE;
    }

  return g_utf8_validate_len (data + 1, length - 2, NULL);
}

void
pb_json_add_string_member (JsonBuilder *builder,
                           const char  *name,
                           const char  *value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (name != NULL);

  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}
