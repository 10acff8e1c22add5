/* pb-text-layout.h: line breaking and font runs for the PDF report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* libharu has no font fallback and its TextRect/MeasureText neither wrap CJK
 * nor count UTF-8 characters, so the report breaks lines itself and draws
 * each run of text with the font that has its glyphs. */
typedef enum
{
  PB_FONT_SCRIPT_LATIN,   /* DejaVu Sans: Latin, Greek, Cyrillic, Hebrew, Arabic and the rest */
  PB_FONT_SCRIPT_CJK,     /* WenQuanYi Zen Hei: Han, Kana, Hangul, CJK punctuation */
} PbFontScript;

typedef struct
{
  gsize         start;    /* byte offset into the text */
  gsize         length;   /* in bytes */
  PbFontScript  script;
} PbTextRun;

typedef struct
{
  gsize   start;          /* byte offset into the text */
  gsize   length;         /* in bytes, without the spaces or newline it broke at */
  double  width;
} PbTextLine;

/* The advance width of one character drawn in the font of @script. */
typedef double (*PbTextMeasureFunc) (gunichar      ch,
                                     PbFontScript  script,
                                     gpointer      user_data);

/* A copy of @text that the PDF fonts can draw: invalid UTF-8 becomes U+FFFD,
 * CR LF and CR become LF,
 * tabs and other control characters become spaces. NULL gives "". */
char          *pb_text_sanitize      (const char        *text);
/* The font a character needs, or -1 for ASCII punctuation, digits and
 * spaces, which every font has and which follow their neighbours. */
int            pb_text_classify      (gunichar           ch);
/* Splits @text (sanitized) into maximal runs of one font. Neutral characters
 * join the run before them (or after them at the start). */
GArray        *pb_text_split_runs    (const char        *text,
                                      gssize             length);
/* Greedy line breaking of @text (sanitized) into lines no wider than
 * @max_width, at the break opportunities of Unicode's line breaking
 * algorithm (UAX #14, ICU's line break iterator: never before "。" or after
 * "（"), at every newline, after "-" only when the word would not fit
 * otherwise, and, for a word wider than the box, between grapheme clusters:
 * no character is ever dropped. The spaces a line breaks at belong to no
 * line. Returns an array of PbTextLine. */
GArray        *pb_text_break_lines   (const char        *text,
                                      double             max_width,
                                      PbTextMeasureFunc  measure,
                                      gpointer           user_data);

/* @length bytes of @text (one line, sanitized) in the order a left-to-right
 * drawing must show them, with Arabic letters in their joining forms
 * (Unicode's presentation forms, which the fonts have): UAX #9 through
 * ICU's ubidi, shaping through ICU's u_shapeArabic. NULL when the line
 * holds no right-to-left character, so it is drawn as it is. */
char          *pb_text_to_visual     (const char        *text,
                                      gssize             length);

G_END_DECLS
