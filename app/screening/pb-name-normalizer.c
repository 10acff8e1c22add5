/* pb-name-normalizer.c: the form in which names are compared
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unicode/utrans.h>

#include "pb-name-normalizer.h"

/* Names longer than this are cut before normalising: no real name comes
 * near it, and it bounds the time a hostile one can take. */
#define NAME_MAX_BYTES 1024

/* BGN/PCGN for Cyrillic, as the US and UK lists romanise Russian names;
 * then ICU's default romanisation of every other script (pinyin for Han),
 * then diacritics removed. */
#define TRANSLITERATOR_ID "Russian-Latin/BGN; Any-Latin; Latin-ASCII"

/* Legal forms written in Han or Arabic script become their Latin weak
 * tokens before transliteration, longest first. */
static const struct { const char *script; const char *latin; } script_forms[] = {
  { "股份有限公司", " jsc " },
  { "有限责任公司", " llc " },
  { "有限責任公司", " llc " },
  { "有限公司", " co ltd " },
  { "株式会社", " kk " },
  { "集团", " group " },
  { "集團", " group " },
  { "公司", " co " },
  { "شركة", " co " },
};

/* Sorted for bsearch(). */
static const char * const weak_tokens[] = {
  "ab", "ag", "aktiengesellschaft", "al", "and", "ano", "anonyme", "ao", "aps", "as",
  "asa", "ben", "beschrankter", "bhd", "bin", "bint", "bn", "bv", "chp", "cie", "cjsc",
  "closed", "co", "company", "corp", "corporation", "cv", "da", "das", "de", "del", "der",
  "des", "di", "dmcc", "do", "dos", "dr", "du", "e", "el", "est", "et", "fgup", "for",
  "fzc", "fzco", "fze", "fzllc", "gesellschaft", "gmbh", "group", "gup", "haftung", "haji",
  "hajji", "holding", "holdings", "i", "ibn", "inc", "incorporated", "ip", "joint", "jsc",
  "jv", "kft", "kg", "kk", "la", "le", "liability", "limited", "llc", "llp", "lp", "ltd",
  "ltda", "mbh", "mr", "mrs", "ms", "mullah", "mup", "nko", "nv", "oajsc", "oao",
  "obshchestvo", "of", "ohg", "ojsc", "ooo", "open", "ou", "oy", "oyj", "pao", "pat",
  "pjsc", "plc", "private", "prof", "pt", "pte", "pty", "public", "sa", "sae", "sal",
  "sarl", "sas", "sdn", "shaikh", "sheikh", "sl", "societe", "society", "spa", "srl",
  "sro", "stock", "the", "tov", "ug", "van", "von", "wll", "zao",
};

static const struct { const char *name; const char *code; } country_names[] = {
  { "afghanistan", "AF" }, { "albania", "AL" }, { "algeria", "DZ" }, { "armenia", "AM" },
  { "austria", "AT" }, { "azerbaijan", "AZ" }, { "bahrain", "BH" }, { "bangladesh", "BD" },
  { "belarus", "BY" }, { "belgium", "BE" }, { "bosnia and herzegovina", "BA" },
  { "brazil", "BR" }, { "bulgaria", "BG" }, { "burma", "MM" }, { "myanmar", "MM" },
  { "burundi", "BI" }, { "cambodia", "KH" }, { "canada", "CA" },
  { "central african republic", "CF" }, { "china", "CN" }, { "people's republic of china", "CN" },
  { "hong kong", "HK" }, { "colombia", "CO" }, { "congo", "CG" },
  { "democratic republic of the congo", "CD" }, { "cuba", "CU" }, { "cyprus", "CY" },
  { "czech republic", "CZ" }, { "czechia", "CZ" }, { "egypt", "EG" }, { "eritrea", "ER" },
  { "estonia", "EE" }, { "ethiopia", "ET" }, { "finland", "FI" }, { "france", "FR" },
  { "georgia", "GE" }, { "germany", "DE" }, { "greece", "GR" }, { "guatemala", "GT" },
  { "guinea", "GN" }, { "guinea-bissau", "GW" }, { "haiti", "HT" }, { "hungary", "HU" },
  { "india", "IN" }, { "indonesia", "ID" }, { "iran", "IR" }, { "iran (islamic republic of)", "IR" },
  { "islamic republic of iran", "IR" }, { "iraq", "IQ" }, { "ireland", "IE" }, { "israel", "IL" },
  { "italy", "IT" }, { "japan", "JP" }, { "jordan", "JO" }, { "kazakhstan", "KZ" },
  { "kenya", "KE" }, { "kosovo", "XK" }, { "kuwait", "KW" }, { "kyrgyzstan", "KG" },
  { "laos", "LA" }, { "latvia", "LV" }, { "lebanon", "LB" }, { "liberia", "LR" },
  { "libya", "LY" }, { "lithuania", "LT" }, { "malaysia", "MY" }, { "mali", "ML" },
  { "malta", "MT" }, { "mexico", "MX" }, { "moldova", "MD" }, { "republic of moldova", "MD" },
  { "montenegro", "ME" }, { "morocco", "MA" }, { "netherlands", "NL" }, { "nicaragua", "NI" },
  { "niger", "NE" }, { "nigeria", "NG" }, { "north korea", "KP" },
  { "korea, north", "KP" }, { "democratic people's republic of korea", "KP" },
  { "korea, democratic people's republic of", "KP" }, { "north macedonia", "MK" },
  { "norway", "NO" }, { "oman", "OM" }, { "pakistan", "PK" }, { "palestine", "PS" },
  { "panama", "PA" }, { "philippines", "PH" }, { "poland", "PL" }, { "portugal", "PT" },
  { "qatar", "QA" }, { "romania", "RO" }, { "russia", "RU" }, { "russian federation", "RU" },
  { "rwanda", "RW" }, { "saudi arabia", "SA" }, { "serbia", "RS" }, { "singapore", "SG" },
  { "slovakia", "SK" }, { "slovenia", "SI" }, { "somalia", "SO" }, { "south africa", "ZA" },
  { "south korea", "KR" }, { "korea, south", "KR" }, { "republic of korea", "KR" },
  { "south sudan", "SS" }, { "spain", "ES" }, { "sri lanka", "LK" }, { "sudan", "SD" },
  { "sweden", "SE" }, { "switzerland", "CH" }, { "syria", "SY" }, { "syrian arab republic", "SY" },
  { "taiwan", "TW" }, { "tajikistan", "TJ" }, { "tanzania", "TZ" }, { "thailand", "TH" },
  { "tunisia", "TN" }, { "turkey", "TR" }, { "türkiye", "TR" }, { "turkiye", "TR" },
  { "turkmenistan", "TM" }, { "uganda", "UG" }, { "ukraine", "UA" },
  { "united arab emirates", "AE" }, { "united kingdom", "GB" }, { "united states", "US" },
  { "united states of america", "US" }, { "uzbekistan", "UZ" }, { "venezuela", "VE" },
  { "viet nam", "VN" }, { "vietnam", "VN" }, { "yemen", "YE" }, { "zimbabwe", "ZW" },
};

static UTransliterator *prototype;
static GPrivate thread_transliterator = G_PRIVATE_INIT ((GDestroyNotify) utrans_close);

static gpointer
open_prototype (gpointer data)
{
  g_autofree gunichar2 *id = g_utf8_to_utf16 (TRANSLITERATOR_ID, -1, NULL, NULL, NULL);
  UErrorCode status = U_ZERO_ERROR;
  UTransliterator *transliterator;

  transliterator = utrans_openU ((const UChar *) id, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
  if (U_FAILURE (status))
    g_error ("ICU cannot open the transliterator “%s”: %s", TRANSLITERATOR_ID, u_errorName (status));

  return transliterator;
}

/* ICU transliterators are not thread-safe: each thread has its own clone. */
static UTransliterator *
get_transliterator (void)
{
  static GOnce once = G_ONCE_INIT;
  UTransliterator *transliterator = g_private_get (&thread_transliterator);
  UErrorCode status = U_ZERO_ERROR;

  if (transliterator != NULL)
    return transliterator;

  prototype = g_once (&once, open_prototype, NULL);
  transliterator = utrans_clone (prototype, &status);
  if (U_FAILURE (status))
    g_error ("ICU cannot clone a transliterator: %s", u_errorName (status));
  g_private_set (&thread_transliterator, transliterator);

  return transliterator;
}

static char *
transliterate (const char *text)
{
  g_autofree gunichar2 *utf16 = NULL;
  UErrorCode status = U_ZERO_ERROR;
  glong n_units = 0;
  int32_t length, limit, capacity;
  UChar *buffer;
  char *result;

  if (!(utf16 = g_utf8_to_utf16 (text, -1, NULL, &n_units, NULL)))
    return g_strdup (text);

  /* Romanisation grows text: one Han character becomes a syllable of up
   * to six letters and a space. */
  capacity = (int32_t) n_units * 8 + 16;
  buffer = g_new (UChar, capacity);
  memcpy (buffer, utf16, n_units * sizeof (UChar));
  length = limit = (int32_t) n_units;

  utrans_transUChars (get_transliterator (), buffer, &length, capacity, 0, &limit, &status);
  if (U_FAILURE (status))
    {
      g_free (buffer);
      return g_strdup (text);
    }

  result = g_utf16_to_utf8 ((const gunichar2 *) buffer, length, NULL, NULL, NULL);
  g_free (buffer);

  return result != NULL ? result : g_strdup (text);
}

static gboolean
is_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0x80)
      return FALSE;

  return TRUE;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
is_weak_token (const char *token)
{
  return bsearch (&token, weak_tokens, G_N_ELEMENTS (weak_tokens), sizeof (char *),
                  compare_strings) != NULL;
}

/* Arabic script as lists write it, made to romanise like the Latin
 * spellings: no short-vowel marks, the article al- as its own word (but
 * not in Allah), no taa marbuta (Usama, not Usamat). */
static void
prepare_arabic (GString *text)
{
  GString *out = g_string_sized_new (text->len);
  gboolean word_start = TRUE;

  for (const char *p = text->str; *p != '\0'; )
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0629)
        {
          p = next;
          continue;
        }

      if (word_start && g_str_has_prefix (p, "ال") && !g_str_has_prefix (p, "الله"))
        {
          const char *after = p + strlen ("ال");

          if (*after != '\0' && !g_unichar_isspace (g_utf8_get_char (after)))
            {
              g_string_append (out, "ال ");
              p = after;
              word_start = FALSE;
              continue;
            }
        }

      word_start = g_unichar_isspace (c);
      g_string_append_unichar (out, c);
      p = next;
    }

  g_string_assign (text, out->str);
  g_string_free (out, TRUE);
}

static char *
replace_script_forms (const char *text)
{
  GString *out = g_string_new (text);

  for (guint i = 0; i < G_N_ELEMENTS (script_forms); i++)
    g_string_replace (out, script_forms[i].script, script_forms[i].latin, 0);
  prepare_arabic (out);

  return g_string_free (out, FALSE);
}

/* Marks that join letters of one word: they are dropped, not split on. */
static gboolean
is_joiner (gunichar c)
{
  switch (c)
    {
    case '\'': case '`': case 0x00B4: case 0x2018: case 0x2019: case 0x02BB:
    case 0x02BC: case 0x02BE: case 0x02BF: case 0x02B9: case 0x02BA: case 0x02C8: case 0x00B7:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
add_token (GString    *out,
           const char *token,
           gsize       length)
{
  char buffer[PB_NAME_TOKEN_MAX + 1];

  if (length == 0)
    return;
  length = MIN (length, PB_NAME_TOKEN_MAX);
  memcpy (buffer, token, length);
  buffer[length] = '\0';

  if (out->len > 0)
    g_string_append_c (out, ' ');
  if (is_weak_token (buffer))
    g_string_append_c (out, '~');
  g_string_append (out, buffer);
}

/* A chunk is text between spaces and punctuation other than '.': "s.a."
 * and "l.l.c" are abbreviations written with dots and become one token;
 * "j.smith" is two. */
static void
add_chunk (GString    *out,
           const char *chunk,
           gsize       length)
{
  gboolean abbreviation = TRUE;
  guint n_parts = 0;
  gsize start = 0;

  for (gsize i = 0; i <= length; i++)
    {
      if (i == length || chunk[i] == '.')
        {
          gsize part = i - start;

          if (part > 1)
            abbreviation = FALSE;
          if (part > 0)
            n_parts++;
          start = i + 1;
        }
    }

  if (abbreviation && n_parts > 1)
    {
      g_autoptr(GString) joined = g_string_new (NULL);

      for (gsize i = 0; i < length; i++)
        if (chunk[i] != '.')
          g_string_append_c (joined, chunk[i]);
      add_token (out, joined->str, joined->len);
      return;
    }

  start = 0;
  for (gsize i = 0; i <= length; i++)
    {
      if (i == length || chunk[i] == '.')
        {
          add_token (out, chunk + start, i - start);
          start = i + 1;
        }
    }
}

char *
pb_name_normalize (const char *name)
{
  g_autofree char *valid = NULL;
  g_autofree char *composed = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *latin = NULL;
  g_autofree char *folded_latin = NULL;
  g_autoptr(GString) chunk = g_string_new (NULL);
  GString *out;
  const char *text;

  g_return_val_if_fail (name != NULL, NULL);

  valid = g_utf8_make_valid (name, -1);
  if (strlen (valid) > NAME_MAX_BYTES)
    {
      const char *end = g_utf8_find_prev_char (valid, valid + NAME_MAX_BYTES + 1);

      valid[end - valid] = '\0';
    }

  composed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKC);
  folded = g_utf8_casefold (composed, -1);
  text = folded;

  if (!is_ascii (text))
    {
      g_autofree char *replaced = replace_script_forms (text);

      latin = transliterate (replaced);
      folded_latin = g_utf8_casefold (latin, -1);
      text = folded_latin;
    }

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '&')
        c = ' ';

      if (c != '\0' && is_joiner (c))
        continue;

      if (c != '\0' && (c == '.' || (c < 0x80 ? g_ascii_isalnum (c) : g_unichar_isalnum (c))))
        {
          g_string_append_unichar (chunk, c);
          continue;
        }

      add_chunk (out, chunk->str, chunk->len);
      g_string_truncate (chunk, 0);

      if (c == '\0')
        break;
    }

  return g_string_free (out, FALSE);
}

/* Skeleton ---------------------------------------------------------------------- */

static gboolean
is_vowel (char c)
{
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Digraphs and trigraphs first: the longest that matches at a position wins.
 * Polish writes ш "sz" and ч "cz". */
static const struct { const char *from; const char *to; } skeleton_rules[] = {
  { "shch", "S" }, { "tsch", "C" }, { "sch", "S" }, { "tch", "C" }, { "dzh", "J" },
  { "zh", "Z" }, { "kh", "H" }, { "sh", "S" }, { "cz", "C" }, { "sz", "S" }, { "ch", "C" },
  { "ts", "Z" }, { "tz", "Z" }, { "ph", "F" }, { "th", "T" }, { "dh", "D" }, { "gh", "K" },
  { "ck", "K" }, { "qu", "K" }, { "dj", "J" }, { "x", "KS" },
};

/* Whether @token is spelt as German or Polish write Slavic names, where
 * ch is х (Chodorkowski, Khodorkovsky) and not ч, which they write tsch
 * and cz. */
static gboolean
has_german_spelling (const char *token)
{
  return strchr (token, 'w') != NULL || strstr (token, "sch") != NULL ||
         strstr (token, "cz") != NULL || strstr (token, "sz") != NULL;
}

/* Whether @token, of @length, is a German romanisation of a Russian name
 * beyond doubt: only then is an initial j before a, o or u the semivowel
 * (Jakowlew, Yakovlev; Juschtschenko), since Arabic and pinyin write a
 * consonant there (Jamal, Amal; Jun, Yun). */
static gboolean
is_german_romanisation (const char *token,
                        gsize       length)
{
  return strstr (token, "sch") != NULL ||
         (length >= 5 && token[length - 1] == 'w' && (token[length - 2] == 'o' || token[length - 2] == 'e')) ||
         (length >= 5 && token[length - 1] == 'a' && token[length - 2] == 'w' &&
          (token[length - 3] == 'o' || token[length - 3] == 'e')) ||
         (length >= 4 && token[length - 1] == 'j' && token[length - 2] == 'i');
}

void
pb_name_skeleton (const char *token,
                  char       *out)
{
  gboolean german, russian;
  gsize n = 0;
  gsize length;

  g_return_if_fail (token != NULL && out != NULL);

  if (*token == '~')
    token++;
  length = strlen (token);
  german = has_german_spelling (token);
  russian = is_german_romanisation (token, length);

  for (gsize i = 0; i < length && n < PB_NAME_TOKEN_MAX; )
    {
      const char *symbol = NULL;
      char c = token[i];
      char single[2] = { 0, 0 };
      gsize used = 1;

      /* Every rule starts with one of these letters. */
      if (strchr ("stdzkcptgqx", c) != NULL)
        for (guint r = 0; r < G_N_ELEMENTS (skeleton_rules); r++)
          {
            const char *from = skeleton_rules[r].from;
            gsize k = 0;

            if (from[0] != c)
              continue;
            while (from[k] != '\0' && token[i + k] == from[k])
              k++;
            if (from[k] == '\0')
              {
                symbol = skeleton_rules[r].to;
                used = k;
                break;
              }
          }

      if (symbol != NULL && german && c == 'c' && used == 2 && token[i + 1] == 'h')
        symbol = "H";

      if (symbol == NULL)
        {
          if (is_vowel (c))
            symbol = "";
          else if (c == 'j' && i == 0 && i + 1 < length &&
                   (token[i + 1] == 'e' || (russian && strchr ("aou", token[i + 1]) != NULL)))
            /* German and Polish je is the ye or e of English (Jewgeni,
             * Yevgeniy; Jelzin, Yeltsin), which neither pinyin nor the
             * romanisations of Arabic write. */
            symbol = "";
          else if (c == 'j' && i > 0 && is_vowel (token[i - 1]) &&
                   (i + 1 == length || (german && is_vowel (token[i + 1]))))
            /* The й of Sergej, Nikolaj, Jurij; Dostojewski, Dostoyevsky. */
            symbol = "";
          else if (c == 'h')
            /* A final h is silent (Usamah, Usama; Abdullah, allh); every
             * other h is a consonant, as in unvocalised Arabic (mhmd, rhmn). */
            symbol = i + 1 == length ? "" : "H";
          else if (c == 'w' && i + 1 == length && i > 0 &&
                   !(length >= 5 && (token[i - 1] == 'o' || token[i - 1] == 'e')))
            /* A final w is the long u of Arabic waw (abw, Abu), but the
             * -ow and -ew of a German surname are -ov and -ev (Lawrow). */
            symbol = "";
          else if (c == 'c')
            symbol = i + 1 < length && (token[i + 1] == 'e' || token[i + 1] == 'i' || token[i + 1] == 'y') ? "S" : "K";
          else if (c == 'q' || c == 'k' || c == 'g')
            symbol = "K";
          else if (c == 'w' || c == 'v' || c == 'f')
            symbol = "F";
          else if (g_ascii_isalnum (c))
            {
              single[0] = g_ascii_toupper (c);
              symbol = single;
            }
          else
            symbol = "";
        }

      for (const char *s = symbol; *s != '\0' && n < PB_NAME_TOKEN_MAX; s++)
        {
          if (n > 0 && out[n - 1] == *s)
            continue;
          out[n++] = *s;
        }

      i += used;
    }

  out[n] = '\0';
}

/* Identifiers and countries ----------------------------------------------------- */

char *
pb_identifier_normalize (const char *number)
{
  GString *out;

  if (number == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = number; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_toupper (*p));

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

const char *
pb_country_code_from_text (const char *text)
{
  static GHashTable *codes;
  static GHashTable *by_name;
  static gsize initialized;
  g_autofree char *folded = NULL;
  g_autofree char *stripped = NULL;

  if (g_once_init_enter (&initialized))
    {
      by_name = g_hash_table_new (g_str_hash, g_str_equal);
      codes = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < G_N_ELEMENTS (country_names); i++)
        {
          g_hash_table_insert (by_name, (gpointer) country_names[i].name, (gpointer) country_names[i].code);
          g_hash_table_insert (codes, (gpointer) country_names[i].code, (gpointer) country_names[i].code);
        }
      g_once_init_leave (&initialized, 1);
    }

  if (text == NULL)
    return NULL;

  stripped = g_strstrip (g_strdup (text));
  if (strlen (stripped) == 2 && g_ascii_isalpha (stripped[0]) && g_ascii_isalpha (stripped[1]))
    {
      char code[3] = { g_ascii_toupper (stripped[0]), g_ascii_toupper (stripped[1]), 0 };
      const char *known = g_hash_table_lookup (codes, code);

      /* A code of a country not in the table is still a code: keep it,
       * interned so that the caller need not free it. */
      return known != NULL ? known : g_intern_string (code);
    }

  folded = g_utf8_casefold (stripped, -1);
  return g_hash_table_lookup (by_name, folded);
}
