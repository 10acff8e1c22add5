/* test-text-layout.c: line breaking and font runs, measured with the real fonts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <hpdf.h>
#include <string.h>

#include "pb-text-layout.h"

#define FONT_SIZE 10.0

typedef struct
{
  HPDF_Doc   pdf;
  HPDF_Page  page;
  HPDF_Font  fonts[2];
} Fonts;

static Fonts fonts;

static void
on_error (HPDF_STATUS  error_no,
          HPDF_STATUS  detail_no,
          void        *user_data)
{
  g_error ("libharu error 0x%04X (%u)", (guint) error_no, (guint) detail_no);
}

static void
load_fonts (void)
{
  const char *latin, *cjk;

  fonts.pdf = HPDF_New (on_error, NULL);
  HPDF_UseUTFEncodings (fonts.pdf);
  HPDF_SetCurrentEncoder (fonts.pdf, "UTF-8");
  latin = HPDF_LoadTTFontFromFile (fonts.pdf, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", HPDF_TRUE);
  cjk = HPDF_LoadTTFontFromFile2 (fonts.pdf, "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, HPDF_TRUE);
  fonts.fonts[PB_FONT_SCRIPT_LATIN] = HPDF_GetFont (fonts.pdf, latin, "UTF-8");
  fonts.fonts[PB_FONT_SCRIPT_CJK] = HPDF_GetFont (fonts.pdf, cjk, "UTF-8");
  fonts.page = HPDF_AddPage (fonts.pdf);
}

static double
measure (gunichar      ch,
         PbFontScript  script,
         gpointer      user_data)
{
  char buf[8];
  int len = g_unichar_to_utf8 (ch, buf);
  HPDF_TextWidth tw = HPDF_Font_TextWidth (fonts.fonts[script], (const HPDF_BYTE *) buf, len);

  return tw.width * FONT_SIZE / 1000.0;
}

/* The width of a line as the page measures it, run by run: independent of
 * the per-character sums the layout uses. */
static double
page_width (const char *text,
            gsize       length)
{
  g_autoptr(GArray) runs = pb_text_split_runs (text, length);
  double width = 0;

  for (guint i = 0; i < runs->len; i++)
    {
      PbTextRun *run = &g_array_index (runs, PbTextRun, i);
      g_autofree char *piece = g_strndup (text + run->start, run->length);

      HPDF_Page_SetFontAndSize (fonts.page, fonts.fonts[run->script], FONT_SIZE);
      width += HPDF_Page_TextWidth (fonts.page, piece);
    }

  return width;
}

static char *
mixed_no_spaces (guint n_chars)
{
  static const char * const pieces[] = {
    "Überwachungskamera", "ВидеонаблюдениеПолиции", "ΠαρακολούθησηΠολιτών", "上海市公安局视频监控", "naïveté",
  };
  GString *s = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; n < n_chars; i++)
    for (const char *p = pieces[i % G_N_ELEMENTS (pieces)]; *p != '\0' && n < n_chars; p = g_utf8_next_char (p), n++)
      g_string_append_unichar (s, g_utf8_get_char (p));

  return g_string_free (s, FALSE);
}

static char *
line_text (const char *text,
           PbTextLine *line)
{
  return g_strndup (text + line->start, line->length);
}

static void
assert_lines_fit (const char *text,
                  GArray     *lines,
                  double      max_width)
{
  for (guint i = 0; i < lines->len; i++)
    {
      PbTextLine *line = &g_array_index (lines, PbTextLine, i);
      double width = page_width (text + line->start, line->length);

      g_assert_true (g_utf8_validate_len (text + line->start, line->length, NULL));
      if (width > max_width + 0.01)
        g_error ("line %u is %.2f wide, the box %.2f", i, width, max_width);
      g_assert_cmpfloat_with_epsilon (width, line->width, 0.01);
    }
}

static void
test_no_spaces_mixed (void)
{
  g_autofree char *text = mixed_no_spaces (5000);
  static const double widths[] = { 483.0, 200.0, 31.0, 12.0 };

  g_assert_cmpuint (g_utf8_strlen (text, -1), ==, 5000);

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_autoptr(GArray) lines = pb_text_break_lines (text, widths[w], measure, NULL);
      GString *joined = g_string_new (NULL);

      g_assert_cmpuint (lines->len, >, 5000 * 5.0 / widths[w]);
      assert_lines_fit (text, lines, widths[w]);

      for (guint i = 0; i < lines->len; i++)
        {
          PbTextLine *line = &g_array_index (lines, PbTextLine, i);

          g_assert_cmpuint (line->length, >, 0);
          g_string_append_len (joined, text + line->start, line->length);
        }

      /* Nothing dropped, nothing added */
      g_assert_cmpstr (joined->str, ==, text);
      g_string_free (joined, TRUE);
    }
}

static void
test_latin_spaces (void)
{
  const char *text = "Exporting an Annex I item without an authorisation is an offence, and "
                     "the competent authority must be notified when the exporter is aware "
                     "of a risk of internal repression.";
  g_autoptr(GArray) lines = pb_text_break_lines (text, 150, measure, NULL);
  GString *joined = g_string_new (NULL);

  g_assert_cmpuint (lines->len, >=, 4);
  assert_lines_fit (text, lines, 150);

  for (guint i = 0; i < lines->len; i++)
    {
      PbTextLine *line = &g_array_index (lines, PbTextLine, i);
      g_autofree char *piece = line_text (text, line);

      /* Lines break between words, and the space they broke at is gone */
      g_assert_false (g_str_has_prefix (piece, " "));
      g_assert_false (g_str_has_suffix (piece, " "));
      if (i + 1 < lines->len)
        g_assert_cmpint (text[line->start + line->length], ==, ' ');
      g_string_append_printf (joined, "%s%s", i > 0 ? " " : "", piece);
    }

  g_assert_cmpstr (joined->str, ==, text);
  g_string_free (joined, TRUE);
}

typedef struct
{
  const char   *name;
  const char   *text;
  double        width;
  const char  *lines[8];
} BreakCase;

static const BreakCase break_cases[] = {
  { "empty", "", 100, { "", NULL } },
  { "short", "Proceed", 100, { "Proceed", NULL } },
  { "newlines", "first\n\nthird", 200, { "first", "", "third", NULL } },
  { "trailing-newline", "line\n", 200, { "line", "", NULL } },
  { "slash", "contracts/end-users/statements", 130, { "contracts/end-users/", "statements", NULL } },
  { "long-word", "aaaaaaaaaaaaaaaaaaaa", 35, { "aaaaa", "aaaaa", "aaaaa", "aaaaa", NULL } },
  { "cjk", "上海市公安局上海市公安局", 60.5, { "上海市公安局", "上海市公安局", NULL } },
  { "cjk-latin", "Customer 上海市公安局", 85, { "Customer 上海市", "公安局", NULL } },
  { "spaces-collapse-at-break", "alpha    beta", 40, { "alpha", "beta", NULL } },
  /* UAX #14: closing punctuation never starts a line, opening punctuation
   * never ends one; the character before goes along. */
  { "cjk-full-stop", "上海市公安局。下一句", 60.5, { "上海市公安", "局。下一句", NULL } },
  { "cjk-comma", "监控系统，公安局", 40.5, { "监控系", "统，公安", "局", NULL } },
  { "cjk-brackets", "上海市公安（局）", 60.5, { "上海市公安", "（局）", NULL } },
  { "latin-full-stop-after-cjk", "监控系统.", 40.5, { "监控系", "统.", NULL } },
  /* After "-" only when the word does not fit whole */
  { "hyphen-word-whole", "the end-user statement", 60, { "the", "end-user", "statement", NULL } },
  { "hyphen-when-needed", "MASS-SURVEILLANCE", 80, { "MASS-", "SURVEILLANCE", NULL } },
  { "german-compound", "Datenschutz-Folgenabschätzungsverpflichtung", 90,
    { "Datenschutz-", "Folgenabschätzu", "ngsverpflichtung", NULL } },
  /* Never between a letter and its combining accent */
  { "combining-marks", "e\xCC\x81" "e\xCC\x81" "e\xCC\x81", 8, { "e\xCC\x81", "e\xCC\x81", "e\xCC\x81", NULL } },
  { "leading-spaces", "  indented text here", 150, { "  indented text here", NULL } },
  { "leading-spaces-dropped-at-break", "  indented text here", 50, { "indented", "text here", NULL } },
};

static void
test_break_case (gconstpointer user_data)
{
  const BreakCase *c = user_data;
  g_autoptr(GArray) lines = pb_text_break_lines (c->text, c->width, measure, NULL);
  guint n = g_strv_length ((char **) c->lines);

  assert_lines_fit (c->text, lines, c->width);
  for (guint i = 0; i < MIN (n, lines->len); i++)
    {
      g_autofree char *piece = line_text (c->text, &g_array_index (lines, PbTextLine, i));

      g_assert_cmpstr (piece, ==, c->lines[i]);
    }
  g_assert_cmpuint (lines->len, ==, n);
}

typedef struct
{
  const char *name;
  const char *text;
  const char *runs;   /* "L:abc|C:上海" */
} RunCase;

static const RunCase run_cases[] = {
  { "latin", "Société Générale", "L:Société Générale" },
  { "greek-cyrillic", "Ωμέγα и мир", "L:Ωμέγα и мир" },
  { "cjk", "上海市公安局", "C:上海市公安局" },
  { "mixed", "Customer 上海市公安局 (Shanghai)", "L:Customer |C:上海市公安局 (|L:Shanghai)" },
  { "neutral-first", "(12) 公安", "C:(12) 公安" },
  { "only-neutral", "12 / 34", "L:12 / 34" },
  { "kana-hangul", "カメラ카메라", "C:カメラ카메라" },
  { "cjk-punctuation", "监控，系统。ok", "C:监控，系统。|L:ok" },
  { "replacement", "a\xEF\xBF\xBD" "b", "L:a\xEF\xBF\xBD" "b" },
  { "empty", "", "" },
};

static void
test_run_case (gconstpointer user_data)
{
  const RunCase *c = user_data;
  g_autoptr(GArray) runs = pb_text_split_runs (c->text, -1);
  GString *got = g_string_new (NULL);

  for (guint i = 0; i < runs->len; i++)
    {
      PbTextRun *run = &g_array_index (runs, PbTextRun, i);

      g_string_append_printf (got, "%s%c:%.*s", i > 0 ? "|" : "",
                              run->script == PB_FONT_SCRIPT_CJK ? 'C' : 'L',
                              (int) run->length, c->text + run->start);
    }

  g_assert_cmpstr (got->str, ==, c->runs);
  g_string_free (got, TRUE);
}

typedef struct
{
  const char *name;
  const char *input;
  const char *output;
} SanitizeCase;

static const SanitizeCase sanitize_cases[] = {
  { "plain", "Größe 上海", "Größe 上海" },
  { "above-bmp", "smile 😀 and 𝔸 and 𠀀", "smile 😀 and 𝔸 and 𠀀" },
  { "crlf", "a\r\nb\rc\nd", "a\nb\nc\nd" },
  { "tab-and-controls", "a\tb\x01" "c", "a b c" },
  { "invalid-utf8", "ab\xFF" "cd", "ab\xEF\xBF\xBD" "cd" },
  { "line-separator", "a\xE2\x80\xA8" "b", "a\nb" },
};

static void
test_sanitize_case (gconstpointer user_data)
{
  const SanitizeCase *c = user_data;
  g_autofree char *output = pb_text_sanitize (c->input);

  g_assert_cmpstr (output, ==, c->output);
}

static void
test_sanitize_null (void)
{
  g_autofree char *output = pb_text_sanitize (NULL);

  g_assert_cmpstr (output, ==, "");
}

static void
test_above_bmp_kept_in_layout (void)
{
  /* A character above U+FFFF is kept (the report gives it a code libharu
   * can encode) and takes a place in a line. */
  g_autofree char *text = pb_text_sanitize ("😀😀😀😀😀😀😀😀😀😀");
  g_autoptr(GArray) lines = pb_text_break_lines (text, 30, measure, NULL);
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      PbTextLine *line = &g_array_index (lines, PbTextLine, i);

      g_string_append_len (joined, text + line->start, line->length);
    }

  g_assert_cmpuint (g_utf8_strlen (joined->str, -1), ==, 10);
  g_assert_cmpstr (joined->str, ==, text);
  g_assert_cmpuint (lines->len, >, 1);
  g_string_free (joined, TRUE);
}

/* Right-to-left lines come back in drawing order, Arabic shaped; a line
 * without right-to-left text needs nothing. */
static void
test_to_visual (void)
{
  g_autofree char *hebrew = pb_text_to_visual ("שלום", -1);
  g_autofree char *lam_alef = pb_text_to_visual ("لا", -1);
  g_autofree char *mixed = pb_text_to_visual ("ID 42: שלום", -1);
  g_autofree char *joined = pb_text_to_visual ("بب", -1);

  g_assert_null (pb_text_to_visual ("Größe 上海", -1));
  g_assert_cmpstr (hebrew, ==, "םולש");
  g_assert_cmpstr (lam_alef, ==, "\xEF\xBB\xBB");          /* U+FEFB, one ligature */
  g_assert_cmpstr (mixed, ==, "ID 42: םולש");
  g_assert_cmpstr (joined, ==, "\xEF\xBA\x90\xEF\xBA\x91"); /* final U+FE90, then initial U+FE91 */
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  load_fonts ();

  g_test_add_func ("/pb/text-layout/no-spaces-mixed", test_no_spaces_mixed);
  g_test_add_func ("/pb/text-layout/latin-spaces", test_latin_spaces);
  g_test_add_func ("/pb/text-layout/sanitize/null", test_sanitize_null);
  g_test_add_func ("/pb/text-layout/to-visual", test_to_visual);
  g_test_add_func ("/pb/text-layout/above-bmp", test_above_bmp_kept_in_layout);

  for (guint i = 0; i < G_N_ELEMENTS (break_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pb/text-layout/break/%s", break_cases[i].name);

      g_test_add_data_func (path, &break_cases[i], test_break_case);
    }
  for (guint i = 0; i < G_N_ELEMENTS (run_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pb/text-layout/runs/%s", run_cases[i].name);

      g_test_add_data_func (path, &run_cases[i], test_run_case);
    }
  for (guint i = 0; i < G_N_ELEMENTS (sanitize_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pb/text-layout/sanitize/%s", sanitize_cases[i].name);

      g_test_add_data_func (path, &sanitize_cases[i], test_sanitize_case);
    }

  status = g_test_run ();
  HPDF_Free (fonts.pdf);

  return status;
}
