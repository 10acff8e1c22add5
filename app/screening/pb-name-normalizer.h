/* pb-name-normalizer.h: the form in which names are compared
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Raised whenever pb_name_normalize() or pb_name_skeleton() change their
 * output: match forms stored under another version are computed again. */
#define PB_NAME_MATCHER_VERSION 2

/* Longest token and skeleton kept; longer tokens are cut. */
#define PB_NAME_TOKEN_MAX 48

/* The match form of @name: Unicode NFKC, case folded, transliterated to
 * ASCII (Cyrillic by BGN/PCGN, Han to pinyin, Arabic and the rest by ICU's
 * Any-Latin), diacritics and punctuation removed, split into tokens joined
 * by single spaces. Legal forms (Ltd, GmbH, OOO, 有限公司, …), particles
 * (al, bin, de, von, …) and titles are weak tokens, written with a leading
 * '~'. Returns "" for a name with no letters or digits. Thread-safe. */
char       *pb_name_normalize          (const char *name);

/* The phonetic skeleton of an ASCII match token: consonant classes that
 * survive the usual romanisation variants (kh/h, zh/z/j, ks/x, v/w/ff,
 * ie/y, double letters, vowels), so "Muhammad", "Mohamed" and the
 * unvocalised "mhmd" all give "MHMD". German and Polish spellings of
 * Slavic names fold too: tsch/cz/ch, sz/sh, ch as kh where the token is
 * so spelt (Chodorkowski), je- and a final -j as the semivowel (Jewgeni,
 * Sergej), -ow/-ew as -ov/-ev. @out holds at least PB_NAME_TOKEN_MAX + 1
 * bytes. */
void        pb_name_skeleton           (const char *token,
                                        char       *out);

/* An identifier number as compared: its ASCII letters and digits, upper
 * case; NULL when none. */
char       *pb_identifier_normalize    (const char *number);

/* The ISO 3166 alpha-2 code of a country as lists write it ("RU",
 * "Russian Federation", "Democratic People's Republic of Korea", …), or
 * NULL when it is not known. */
const char *pb_country_code_from_text  (const char *text);

G_END_DECLS
