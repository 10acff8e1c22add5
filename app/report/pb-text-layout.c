/* pb-text-layout.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unicode/ubidi.h>
#include <unicode/ubrk.h>
#include <unicode/ushape.h>
#include <unicode/utext.h>

#include "pb-text-layout.h"


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

/* Right-to-left text ---------------------------------------------------- */

static gboolean
is_rtl (gunichar ch)
{
  return (ch >= 0x0590 && ch <= 0x08FF)      /* Hebrew, Arabic, Syriac, Thaana, N'Ko... */
      || (ch >= 0xFB1D && ch <= 0xFDFF)      /* Hebrew and Arabic presentation forms */
      || (ch >= 0xFE70 && ch <= 0xFEFF)
      || (ch >= 0x10800 && ch <= 0x10FFF)
      || (ch >= 0x1E800 && ch <= 0x1EFFF);
}

char *
pb_text_to_visual (const char *text,
                   gssize      length)
{
  g_autofree gunichar2 *logical = NULL;
  g_autofree UChar *shaped = NULL;
  g_autofree UChar *visual = NULL;
  UErrorCode status = U_ZERO_ERROR;
  const uint32_t options = U_SHAPE_LETTERS_SHAPE | U_SHAPE_TEXT_DIRECTION_LOGICAL |
                           U_SHAPE_LENGTH_GROW_SHRINK;
  UBiDi *bidi;
  glong n_logical = 0;
  int32_t n_shaped, n_visual;
  gboolean rtl = FALSE;
  char *result;

  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = strlen (text);
  for (const char *p = text; p < text + length && !rtl; p = g_utf8_next_char (p))
    rtl = is_rtl (g_utf8_get_char (p));
  if (!rtl)
    return NULL;

  logical = g_utf8_to_utf16 (text, length, NULL, &n_logical, NULL);
  if (logical == NULL || n_logical > G_MAXINT32 / 2)
    return NULL;

  /* Joining forms first, on the logical text (ICU's shaper: the Arabic
   * presentation forms, lam-alef ligatures included), then the order of
   * UAX #9 for a line, its direction that of its first strong character. */
  n_shaped = u_shapeArabic (logical, n_logical, NULL, 0, options, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE (status))
    return NULL;
  status = U_ZERO_ERROR;
  shaped = g_new (UChar, n_shaped + 1);
  n_shaped = u_shapeArabic (logical, n_logical, shaped, n_shaped + 1, options, &status);
  if (U_FAILURE (status))
    return NULL;

  bidi = ubidi_openSized (n_shaped, 0, &status);
  ubidi_setPara (bidi, shaped, n_shaped, UBIDI_DEFAULT_LTR, NULL, &status);
  visual = g_new (UChar, n_shaped + 1);
  n_visual = ubidi_writeReordered (bidi, visual, n_shaped + 1,
                                   UBIDI_DO_MIRRORING | UBIDI_REMOVE_BIDI_CONTROLS, &status);
  ubidi_close (bidi);
  if (U_FAILURE (status))
    return NULL;

  result = g_utf16_to_utf8 ((const gunichar2 *) visual, n_visual, NULL, NULL, NULL);
  return result;
}

/* Line breaking: ICU's line break iterator (UAX #14) says where a line may
 * end, which keeps "。" and "）" off the start of a line and "（" off its
 * end, breaks between ideographs, after spaces, slashes and dashes. One
 * tailoring: a break after "-" is taken only when the word would not fit
 * otherwise, since pdftotext and copy-paste join a word broken after a
 * hyphen and drop the hyphen, and an auditor would not find "end-user"
 * again. A piece that is still too wide breaks between grapheme clusters. */

typedef enum
{
  LEVEL_WORD,       /* between UAX #14 opportunities, those after "-" left out */
  LEVEL_HYPHEN,     /* every UAX #14 opportunity */
  LEVEL_CLUSTER,    /* between grapheme clusters */
} Level;

typedef struct
{
  const char        *text;
  gsize              length;
  double            *x;           /* x[i]: width of text[0..i) at character boundaries */
  double             max_width;
  UText             *utext;
  UBreakIterator    *line_breaks;
  UBreakIterator    *clusters;    /* opened when first needed */
  GArray            *lines;
  gsize              line_start;
  gsize              line_end;    /* the end of what the line shows */
  gboolean           has_content;
} Layout;

static UBreakIterator *
open_iterator (UBreakIteratorType type)
{
  static UBreakIterator *templates[2];
  static gsize initialized;
  UErrorCode status = U_ZERO_ERROR;
  guint index = type == UBRK_LINE ? 0 : 1;
  UBreakIterator *iterator;

  /* Opening an iterator loads its rules (7 µs), cloning one is ten times
   * cheaper; the two templates live as long as the program. */
  if (g_once_init_enter (&initialized))
    {
      templates[0] = ubrk_open (UBRK_LINE, "", NULL, 0, &status);
      templates[1] = ubrk_open (UBRK_CHARACTER, "", NULL, 0, &status);
      if (U_FAILURE (status))
        g_error ("Cannot open ICU's break iterators: %s", u_errorName (status));
      g_once_init_leave (&initialized, 1);
    }

  iterator = ubrk_clone (templates[index], &status);
  if (U_FAILURE (status))
    g_error ("Cannot clone an ICU break iterator: %s", u_errorName (status));

  return iterator;
}

static UBreakIterator *
iterator_for (Layout *layout,
              Level   level)
{
  UErrorCode status = U_ZERO_ERROR;

  if (level != LEVEL_CLUSTER)
    return layout->line_breaks;

  if (layout->clusters == NULL)
    {
      layout->clusters = open_iterator (UBRK_CHARACTER);
      ubrk_setUText (layout->clusters, layout->utext, &status);
      g_assert (U_SUCCESS (status));
    }

  return layout->clusters;
}

static void
emit_line (Layout *layout,
           gsize   next)
{
  PbTextLine line = {
    layout->line_start,
    layout->line_end - layout->line_start,
    layout->x[layout->line_end] - layout->x[layout->line_start],
  };

  g_array_append_val (layout->lines, line);
  layout->line_start = next;
  layout->line_end = next;
  layout->has_content = FALSE;
}

static gboolean
is_hyphen_break (Layout *layout,
                 gsize   offset)
{
  return offset > 0 && offset < layout->length && layout->text[offset - 1] == '-';
}

static void place (Layout *layout, gsize start, gsize end, Level level);

/* Places the pieces of [start, end) that the breaks of @level delimit. */
static void
place_pieces (Layout *layout,
              gsize   start,
              gsize   end,
              Level   level)
{
  UBreakIterator *breaks = iterator_for (layout, level);
  gsize piece_start = start;
  int32_t boundary = ubrk_following (breaks, start);

  while (boundary != UBRK_DONE && (gsize) boundary < end)
    {
      if (level == LEVEL_WORD && is_hyphen_break (layout, boundary))
        {
          boundary = ubrk_next (breaks);
          continue;
        }
      place (layout, piece_start, boundary, level);
      piece_start = boundary;
      /* place() may have moved the iterator, when it recursed. */
      boundary = ubrk_following (breaks, piece_start);
    }

  place (layout, piece_start, end, level);
}

/* Puts the piece [start, end) on the current line, or on a new one, or, when
 * it is wider than a line, its smaller pieces. Spaces and a newline at its
 * end take no room; a newline ends the line. */
static void
place (Layout *layout,
       gsize   start,
       gsize   end,
       Level   level)
{
  gboolean hard = end > start && layout->text[end - 1] == '\n';
  gsize visible_end = hard ? end - 1 : end;
  double width;

  while (visible_end > start && layout->text[visible_end - 1] == ' ')
    visible_end--;

  if (visible_end > start)
    {
      width = layout->x[visible_end] - layout->x[layout->line_start];
      if (width > layout->max_width)
        {
          /* A new line, or, when the line holds only spaces (it began
           * with them), the same line without them. */
          if (layout->has_content)
            emit_line (layout, start);
          layout->line_start = layout->line_end = start;
          width = layout->x[visible_end] - layout->x[start];
        }
      if (width > layout->max_width && level < LEVEL_CLUSTER)
        {
          /* Its pieces, then what follows them (the spaces, the newline). */
          place_pieces (layout, start, visible_end, level + 1);
          if (hard)
            emit_line (layout, end);
          return;
        }
      layout->line_end = visible_end;
      layout->has_content = TRUE;
    }

  if (hard)
    emit_line (layout, end);
}

GArray *
pb_text_break_lines (const char        *text,
                     double             max_width,
                     PbTextMeasureFunc  measure,
                     gpointer           user_data)
{
  g_autoptr(GArray) runs = NULL;
  g_autofree double *x = NULL;
  UErrorCode status = U_ZERO_ERROR;
  Layout layout = { 0 };
  guint run_index = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (measure != NULL, NULL);

  layout.text = text;
  layout.length = strlen (text);
  layout.max_width = max_width;
  layout.lines = g_array_new (FALSE, FALSE, sizeof (PbTextLine));

  /* Widths at every character boundary, each character measured once in
   * the font of its run. */
  runs = pb_text_split_runs (text, layout.length);
  x = g_new0 (double, layout.length + 1);
  for (const char *p = text; *p != '\0'; )
    {
      gsize offset = p - text;
      const char *next = g_utf8_next_char (p);
      gunichar ch = g_utf8_get_char (p);
      PbTextRun *run;

      while (run_index + 1 < runs->len &&
             offset >= g_array_index (runs, PbTextRun, run_index).start +
                       g_array_index (runs, PbTextRun, run_index).length)
        run_index++;
      run = &g_array_index (runs, PbTextRun, run_index);

      x[next - text] = x[offset] + (ch == '\n' ? 0 : measure (ch, run->script, user_data));
      p = next;
    }
  layout.x = x;

  layout.utext = utext_openUTF8 (NULL, text, layout.length, &status);
  layout.line_breaks = open_iterator (UBRK_LINE);
  ubrk_setUText (layout.line_breaks, layout.utext, &status);
  g_assert (U_SUCCESS (status));

  place_pieces (&layout, 0, layout.length, LEVEL_WORD);
  emit_line (&layout, layout.length);

  ubrk_close (layout.line_breaks);
  g_clear_pointer (&layout.clusters, ubrk_close);
  utext_close (layout.utext);

  return layout.lines;
}
