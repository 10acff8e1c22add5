/* pb-text-layout.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-text-layout.h"

#define REPLACEMENT_CHARACTER 0xFFFD

static gboolean
is_cjk_range (gunichar ch)
{
  return (ch >= 0x1100 && ch <= 0x11FF)     /* Hangul Jamo */
      || (ch >= 0x2E80 && ch <= 0x2FFF)     /* radicals, ideographic description */
      || (ch >= 0x3000 && ch <= 0x303F)     /* CJK symbols and punctuation */
      || (ch >= 0x3040 && ch <= 0x33FF)     /* kana, bopomofo, compatibility */
      || (ch >= 0x3400 && ch <= 0x4DBF)     /* extension A */
      || (ch >= 0x4E00 && ch <= 0x9FFF)     /* unified ideographs */
      || (ch >= 0xA960 && ch <= 0xA97F)     /* Hangul Jamo extended A */
      || (ch >= 0xAC00 && ch <= 0xD7FF)     /* Hangul syllables */
      || (ch >= 0xF900 && ch <= 0xFAFF)     /* compatibility ideographs */
      || (ch >= 0xFE30 && ch <= 0xFE4F)     /* compatibility forms */
      || (ch >= 0xFF00 && ch <= 0xFFEF);    /* half- and fullwidth forms */
}

/* Not after "-": pdftotext and copy-paste join a word broken after a hyphen
 * and drop the hyphen, so an auditor would not find "end-user" again. */
static gboolean
is_break_after (gunichar ch)
{
  return ch == '/' || ch == 0x2013 || ch == 0x2014;
}

int
pb_text_classify (gunichar ch)
{
  switch (g_unichar_get_script (ch))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_HANGUL:
    case G_UNICODE_SCRIPT_BOPOMOFO:
      return PB_FONT_SCRIPT_CJK;
    default:
      break;
    }

  if (is_cjk_range (ch))
    return PB_FONT_SCRIPT_CJK;

  if (ch < 0x80 && !g_ascii_isalpha ((char) ch))
    return -1;

  return PB_FONT_SCRIPT_LATIN;
}

char *
pb_text_sanitize (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (ch == '\r')
        {
          if (p[1] != '\n')
            g_string_append_c (out, '\n');
        }
      else if (ch == '\n')
        g_string_append_c (out, '\n');
      else if (ch == 0x2028 || ch == 0x2029)
        g_string_append_c (out, '\n');
      else if (ch < 0x20 || (ch >= 0x7F && ch < 0xA0))
        g_string_append_c (out, ' ');
      else if (ch > 0xFFFF)
        g_string_append_unichar (out, REPLACEMENT_CHARACTER);
      else
        g_string_append_unichar (out, ch);
    }

  return g_string_free (out, FALSE);
}

GArray *
pb_text_split_runs (const char *text,
                    gssize      length)
{
  GArray *runs;
  const char *end;
  PbTextRun run = { 0, 0, PB_FONT_SCRIPT_LATIN };
  gboolean have_script = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = strlen (text);
  end = text + length;

  runs = g_array_new (FALSE, FALSE, sizeof (PbTextRun));

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      int script = pb_text_classify (g_utf8_get_char (p));
      gsize offset = p - text;

      if (script < 0)
        continue;

      if (!have_script)
        {
          run.script = script;
          have_script = TRUE;
        }
      else if ((PbFontScript) script != run.script)
        {
          run.length = offset - run.start;
          g_array_append_val (runs, run);
          run.start = offset;
          run.script = script;
        }
    }

  run.length = length - run.start;
  if (run.length > 0)
    g_array_append_val (runs, run);

  return runs;
}

typedef struct
{
  GArray *lines;
  gsize   start;          /* of the current line */
  double  width;          /* from start up to the current character */
  /* The latest place the current line may break at */
  gboolean have_break;
  gsize    break_end;     /* the line ends here */
  double   break_width;   /* its width there */
  gsize    break_next;    /* the next line starts here */
  double   break_skip;    /* width from start to break_next */
} LineBreaker;

static void
emit_line (LineBreaker *lb,
           gsize        end,
           double       width,
           gsize        next,
           double       skip)
{
  PbTextLine line = { lb->start, end - lb->start, width };

  g_array_append_val (lb->lines, line);
  lb->start = next;
  lb->width -= skip;
  lb->have_break = FALSE;
}

static void
set_break (LineBreaker *lb,
           gsize        end,
           double       end_width,
           gsize        next,
           double       skip)
{
  if (end <= lb->start)
    return;

  lb->have_break = TRUE;
  lb->break_end = end;
  lb->break_width = end_width;
  lb->break_next = next;
  lb->break_skip = skip;
}

GArray *
pb_text_break_lines (const char        *text,
                     double             max_width,
                     PbTextMeasureFunc  measure,
                     gpointer           user_data)
{
  g_autoptr(GArray) runs = NULL;
  LineBreaker lb = { 0 };
  guint run_index = 0;
  gunichar prev = 0;
  gboolean prev_space = FALSE;
  gsize space_start = 0;
  double space_width = 0;
  gsize length;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (measure != NULL, NULL);

  length = strlen (text);
  runs = pb_text_split_runs (text, length);
  lb.lines = g_array_new (FALSE, FALSE, sizeof (PbTextLine));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gsize offset = p - text;
      gsize next = g_utf8_next_char (p) - text;
      gunichar ch = g_utf8_get_char (p);
      PbTextRun *run;
      double w;

      while (run_index + 1 < runs->len &&
             offset >= g_array_index (runs, PbTextRun, run_index).start +
                       g_array_index (runs, PbTextRun, run_index).length)
        run_index++;
      run = &g_array_index (runs, PbTextRun, run_index);

      if (ch == '\n')
        {
          gsize end = prev_space ? space_start : offset;
          double width = prev_space ? space_width : lb.width;

          emit_line (&lb, MAX (end, lb.start), width, next, lb.width);
          lb.width = 0;
          prev = ch;
          prev_space = FALSE;
          continue;
        }

      w = measure (ch, run->script, user_data);

      if (ch == ' ')
        {
          if (!prev_space)
            {
              space_start = offset;
              space_width = lb.width;
            }
          lb.width += w;
          set_break (&lb, space_start, space_width, next, lb.width);
          prev = ch;
          prev_space = TRUE;
          continue;
        }

      if (!prev_space && offset > lb.start &&
          (is_break_after (prev) ||
           pb_text_classify (ch) == PB_FONT_SCRIPT_CJK ||
           pb_text_classify (prev) == PB_FONT_SCRIPT_CJK))
        set_break (&lb, offset, lb.width, offset, lb.width);

      if (lb.width + w > max_width && offset > lb.start)
        {
          if (lb.have_break)
            emit_line (&lb, lb.break_end, lb.break_width, lb.break_next, lb.break_skip);
          else
            emit_line (&lb, offset, lb.width, offset, lb.width);

          /* The remainder may still be too wide after a break at a space */
          if (lb.width + w > max_width && offset > lb.start)
            emit_line (&lb, offset, lb.width, offset, lb.width);
        }

      lb.width += w;
      prev = ch;
      prev_space = FALSE;
    }

  if (lb.start < length || length == 0 || prev == '\n')
    {
      gsize end = prev_space ? space_start : length;
      double width = prev_space ? space_width : lb.width;

      emit_line (&lb, MAX (end, lb.start), width, length, lb.width);
    }

  return lb.lines;
}
