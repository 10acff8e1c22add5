/* pb-name-matcher.c: scoring one name against another, with the reasons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-name-matcher.h"
#include "pb-name-normalizer.h"

#define SPAN_MAX        3
#define JOINED_MAX      (PB_NAME_TOKEN_MAX * SPAN_MAX)
/* A token pair below this similarity does not count as found. */
#define PAIR_MIN        0.80
#define PHONETIC_SCORE  0.93
#define INITIAL_SCORE   0.85
#define ACRONYM_SCORE   0.90
#define ABBREVIATION_SCORE 0.88
#define SHORT_PHONETIC_MIN 0.75
#define WEAK_WEIGHT     0.2
/* A spelling that is not a romanisation variant must be this close to count. */
#define FUZZY_MIN       0.90
/* What each letter more or fewer beyond the first costs such a spelling. */
#define LENGTH_PENALTY  0.08
#define INITIAL_WEIGHT  0.5

/* One listed token compared with each token of the query. */
typedef struct
{
  guint16           filled[2];    /* bit i: query token i done, by allow_prefix */
  float             similarity[2][PB_NAME_MAX_TOKENS];
  guint8            kind[2][PB_NAME_MAX_TOKENS];
} CacheSlot;

struct _PbNameCache
{
  GHashTable *slots;   /* interned listed token text -> CacheSlot */
};

typedef struct
{
  guint8            query_first;
  guint8            query_length;
  guint8            listed_first;
  guint8            listed_length;
  PbTokenMatchKind  kind;
  double            similarity;
} Pair;

/* Jaro-Winkler over code points; at most JOINED_MAX of each are compared. */
double
pb_jaro_winkler_ucs4 (const gunichar *a,
                      gsize           a_length,
                      const gunichar *b,
                      gsize           b_length)
{
  guint8 a_matched[JOINED_MAX];
  guint8 b_matched[JOINED_MAX];
  gsize window, matches = 0, transpositions = 0, prefix = 0;
  double jaro;

  a_length = MIN (a_length, JOINED_MAX);
  b_length = MIN (b_length, JOINED_MAX);

  if (a_length == 0 && b_length == 0)
    return 1.0;
  if (a_length == 0 || b_length == 0)
    return 0.0;

  memset (a_matched, 0, a_length);
  memset (b_matched, 0, b_length);

  window = MAX (a_length, b_length) / 2;
  window = window > 0 ? window - 1 : 0;

  for (gsize i = 0; i < a_length; i++)
    {
      gsize start = i > window ? i - window : 0;
      gsize end = MIN (i + window + 1, b_length);

      for (gsize j = start; j < end; j++)
        {
          if (b_matched[j] || a[i] != b[j])
            continue;
          a_matched[i] = b_matched[j] = TRUE;
          matches++;
          break;
        }
    }

  if (matches == 0)
    return 0.0;

  for (gsize i = 0, j = 0; i < a_length; i++)
    {
      if (!a_matched[i])
        continue;
      while (!b_matched[j])
        j++;
      if (a[i] != b[j])
        transpositions++;
      j++;
    }

  jaro = ((double) matches / a_length + (double) matches / b_length +
          (double) (matches - transpositions / 2) / matches) / 3.0;

  while (prefix < 4 && prefix < a_length && prefix < b_length && a[prefix] == b[prefix])
    prefix++;

  return jaro + prefix * 0.1 * (1.0 - jaro);
}

double
pb_jaro_winkler (const char *a,
                 gsize       a_length,
                 const char *b,
                 gsize       b_length)
{
  gunichar wide_a[JOINED_MAX], wide_b[JOINED_MAX];

  a_length = MIN (a_length, JOINED_MAX);
  b_length = MIN (b_length, JOINED_MAX);
  for (gsize i = 0; i < a_length; i++)
    wide_a[i] = (guchar) a[i];
  for (gsize i = 0; i < b_length; i++)
    wide_b[i] = (guchar) b[i];

  return pb_jaro_winkler_ucs4 (wide_a, a_length, wide_b, b_length);
}

static double
token_weight (const PbToken *token)
{
  if (token->weak)
    return WEAK_WEIGHT;
  if (token->length == 1)
    return INITIAL_WEIGHT;
  return 1.0;
}

static gboolean
has_vowel (const char *text,
           gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (strchr ("aeiou", text[i]) != NULL)
      return TRUE;

  return FALSE;
}

static gboolean
has_sch (const char *text,
         gsize       length)
{
  for (gsize i = 0; i + 2 < length; i++)
    if (text[i] == 's' && text[i + 1] == 'c' && text[i + 2] == 'h')
      return TRUE;

  return FALSE;
}

/* German writes both ж and ш "sch" (Prigoschin, Prigozhin; Lukaschenko,
 * Lukashenko): against a German spelling, the skeleton's zh and sh are
 * one. Elsewhere they are two (Zharov, Sharov). */
static gboolean
same_skeleton (const char *a,
               gsize       a_length,
               const char *a_skeleton,
               const char *b,
               gsize       b_length,
               const char *b_skeleton)
{
  gsize i;

  if (strcmp (a_skeleton, b_skeleton) == 0)
    return TRUE;
  if (!has_sch (a, a_length) && !has_sch (b, b_length))
    return FALSE;

  for (i = 0; a_skeleton[i] != '\0' && b_skeleton[i] != '\0'; i++)
    if (a_skeleton[i] != b_skeleton[i] &&
        !(strchr ("SZ", a_skeleton[i]) != NULL && strchr ("SZ", b_skeleton[i]) != NULL))
      return FALSE;

  return a_skeleton[i] == b_skeleton[i];
}

static double
compare_strings (const char       *a,
                 gsize             a_length,
                 const char       *a_skeleton,
                 const char       *b,
                 gsize             b_length,
                 const char       *b_skeleton,
                 gboolean          allow_prefix,
                 PbTokenMatchKind *kind)
{
  gsize shorter = MIN (a_length, b_length), longer = MAX (a_length, b_length);
  double similarity;

  if (a_length == b_length && memcmp (a, b, a_length) == 0)
    {
      *kind = PB_TOKEN_MATCH_EXACT;
      return 1.0;
    }

  if (shorter == 1)
    {
      *kind = PB_TOKEN_MATCH_INITIAL;
      return a[0] == b[0] ? INITIAL_SCORE : 0.0;
    }

  /* Jaro-Winkler cannot reach FUZZY_MIN when one is less than half the
   * other; only the skeleton or an abbreviation can then match. */
  similarity = shorter * 2 >= longer ? pb_jaro_winkler (a, a_length, b, b_length) : 0.0;

  /* The same consonants: a romanisation variant (Yevgeniy, Evgeny). One
   * consonant is little evidence, unless the spellings are close too
   * (Choe, Choi; Yuri, Iurii) or one is written without vowels, as
   * Arabic script romanises (ly, Ali). */
  if (a_skeleton[0] != '\0' &&
      same_skeleton (a, a_length, a_skeleton, b, b_length, b_skeleton) &&
      (a_skeleton[1] != '\0' || similarity >= SHORT_PHONETIC_MIN ||
       !has_vowel (a, a_length) || !has_vowel (b, b_length)))
    {
      *kind = PB_TOKEN_MATCH_PHONETIC;
      return MAX (similarity, PHONETIC_SCORE);
    }

  /* "Tech" for "Technology", "Air" for "Airlines", where the rest of the
   * names agree; alone it would make Gazprom Gazprombank. */
  if (allow_prefix && shorter >= 3 && longer > shorter &&
      memcmp (a, b, shorter) == 0)
    {
      *kind = PB_TOKEN_MATCH_ABBREVIATION;
      return ABBREVIATION_SCORE;
    }

  /* Spelt alike but not the same sounds: a typo, or another name (Sechin,
   * Sechkin). Letters more or fewer make another name likelier (Gazprom,
   * Gazprombank), and so does one letter apart in a syllable (Wei, Wen). */
  *kind = PB_TOKEN_MATCH_FUZZY;
  if (longer - shorter >= 2)
    similarity -= LENGTH_PENALTY * (longer - shorter - 1);
  if (longer <= 4)
    similarity -= 0.08;

  return similarity;
}

/* @tokens[first .. first + length - 1] written together. */
static gsize
join_span (const PbToken *tokens,
           guint          first,
           guint          length,
           char          *out)
{
  gsize n = 0;

  for (guint i = first; i < first + length; i++)
    {
      memcpy (out + n, tokens[i].text, tokens[i].length);
      n += tokens[i].length;
    }
  out[n] = '\0';

  return n;
}

/* Compares single tokens of @a with spans of @b, adding the pairs that
 * count; @swapped says that @a is the listed name. */
PbNameCache *
pb_name_cache_new (void)
{
  PbNameCache *cache = g_new0 (PbNameCache, 1);

  cache->slots = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  return cache;
}

void
pb_name_cache_free (PbNameCache *cache)
{
  if (cache == NULL)
    return;

  g_hash_table_unref (cache->slots);
  g_free (cache);
}

/* compare_strings() of query token @i and listed token @listed, through
 * @cache when there is one. */
static double
compare_tokens (const PbToken    *query,
                guint             i,
                const PbToken    *listed,
                gboolean          allow_prefix,
                PbNameCache      *cache,
                PbTokenMatchKind *kind)
{
  CacheSlot *slot;
  double similarity;

  if (cache == NULL)
    return compare_strings (query[i].text, query[i].length, query[i].skeleton,
                            listed->text, listed->length, listed->skeleton, allow_prefix, kind);

  if (!(slot = g_hash_table_lookup (cache->slots, listed->text)))
    {
      slot = g_new0 (CacheSlot, 1);
      g_hash_table_insert (cache->slots, (gpointer) listed->text, slot);
    }

  if (slot->filled[allow_prefix] & (1u << i))
    {
      *kind = slot->kind[allow_prefix][i];
      return slot->similarity[allow_prefix][i];
    }

  similarity = compare_strings (query[i].text, query[i].length, query[i].skeleton,
                                listed->text, listed->length, listed->skeleton, allow_prefix, kind);
  slot->filled[allow_prefix] |= 1u << i;
  slot->similarity[allow_prefix][i] = similarity;
  slot->kind[allow_prefix][i] = *kind;

  return similarity;
}

static guint
collect_pairs (const PbToken *a,
               guint          n_a,
               const PbToken *b,
               guint          n_b,
               gboolean       swapped,
               gboolean       allow_prefix,
               PbNameCache   *cache,
               Pair          *pairs,
               guint          n_pairs,
               guint          max_pairs)
{
  char joined[JOINED_MAX + 1];
  char skeleton[PB_NAME_TOKEN_MAX + 1];

  for (guint i = 0; i < n_a; i++)
    for (guint j = 0; j < n_b; j++)
      for (guint length = swapped ? 2 : 1; length <= SPAN_MAX && j + length <= n_b; length++)
        {
          PbTokenMatchKind kind;
          const char *b_text, *b_skeleton;
          gsize b_length, total = 0;
          double similarity;

          if (n_pairs >= max_pairs)
            return n_pairs;

          if (length == 1)
            {
              /* Only the query's tokens against the listed name's come
               * here (swapped pairs are spans): the cache is keyed so. */
              similarity = compare_tokens (a, i, &b[j], allow_prefix, cache, &kind);
              goto compared;
            }
          else
            {
              for (guint k = j; k < j + length; k++)
                total += b[k].length;
              /* Only spans that could spell the token: same first letter,
               * about the same length. */
              if ((b[j].text[0] != a[i].text[0] && b[j].skeleton[0] != a[i].skeleton[0]) ||
                  a[i].length < 4 ||
                  total * 4 < a[i].length * 3 || total * 3 > a[i].length * 4)
                continue;
              b_length = join_span (b, j, length, joined);
              pb_name_skeleton (joined, skeleton);
              b_text = joined;
              b_skeleton = skeleton;
            }

          similarity = compare_strings (a[i].text, a[i].length, a[i].skeleton,
                                        b_text, b_length, b_skeleton, allow_prefix, &kind);
        compared:
          if (similarity < (kind == PB_TOKEN_MATCH_FUZZY ? FUZZY_MIN : PAIR_MIN))
            continue;

          pairs[n_pairs] = (Pair) {
            .query_first = swapped ? j : i,
            .query_length = swapped ? length : 1,
            .listed_first = swapped ? i : j,
            .listed_length = swapped ? 1 : length,
            .kind = kind,
            .similarity = similarity,
          };
          n_pairs++;
        }

  return n_pairs;
}

static int
compare_pairs (const void *a,
               const void *b)
{
  const Pair *pa = a, *pb = b;

  if (pa->similarity != pb->similarity)
    return pa->similarity > pb->similarity ? -1 : 1;
  /* Prefer the pair that covers more tokens. */
  return (int) (pb->query_length + pb->listed_length) - (int) (pa->query_length + pa->listed_length);
}

/* "IRGC" against the initials of "Islamic Revolutionary Guard Corps". */
static gboolean
is_acronym (const PbToken *token,
            const PbToken *tokens,
            guint          n_tokens)
{
  guint n = 0;

  if (token->weak || token->length < 3 || n_tokens < 3)
    return FALSE;

  for (guint i = 0; i < n_tokens; i++)
    {
      if (tokens[i].weak)
        continue;
      if (n >= token->length || tokens[i].text[0] != token->text[n])
        return FALSE;
      n++;
    }

  return n == token->length;
}

static guint
count_strong (const PbToken *tokens,
              guint          n_tokens)
{
  guint n = 0;

  for (guint i = 0; i < n_tokens; i++)
    n += !tokens[i].weak;

  return n;
}

double
pb_name_score (const PbToken *query,
               guint          n_query,
               const PbToken *listed,
               guint          n_listed,
               PbNameCache   *cache,
               PbNameScore   *explanation)
{
  Pair pairs[512];
  gboolean query_used[PB_NAME_MAX_TOKENS] = { 0 };
  gboolean listed_used[PB_NAME_MAX_TOKENS] = { 0 };
  double query_weight = 0, listed_weight = 0, query_found = 0, listed_found = 0;
  double small, large, score;
  gboolean strong_found = FALSE, allow_prefix;
  guint n_pairs = 0, n_matches = 0;

  n_query = MIN (n_query, PB_NAME_MAX_TOKENS);
  n_listed = MIN (n_listed, PB_NAME_MAX_TOKENS);

  if (explanation != NULL)
    memset (explanation, 0, sizeof *explanation);

  if (n_query == 0 || n_listed == 0)
    return 0.0;

  if (count_strong (query, n_query) == 1 && n_query <= 2)
    {
      for (guint i = 0; i < n_query; i++)
        if (!query[i].weak && is_acronym (&query[i], listed, n_listed))
          {
            if (explanation != NULL)
              {
                explanation->score = explanation->query_coverage = explanation->listed_coverage = ACRONYM_SCORE;
                explanation->n_matches = 1;
                explanation->matches[0] = (PbTokenMatch) { i, 1, 0, n_listed, PB_TOKEN_MATCH_ACRONYM, ACRONYM_SCORE };
              }
            return ACRONYM_SCORE;
          }
    }

  allow_prefix = count_strong (query, n_query) >= 2 && count_strong (listed, n_listed) >= 2;
  n_pairs = collect_pairs (query, n_query, listed, n_listed, FALSE, allow_prefix, cache,
                           pairs, n_pairs, G_N_ELEMENTS (pairs));
  n_pairs = collect_pairs (listed, n_listed, query, n_query, TRUE, allow_prefix, NULL,
                           pairs, n_pairs, G_N_ELEMENTS (pairs));
  qsort (pairs, n_pairs, sizeof (Pair), compare_pairs);


  for (guint p = 0; p < n_pairs; p++)
    {
      const Pair *pair = &pairs[p];
      gboolean free_tokens = TRUE;
      double weight_q = 0, weight_l = 0;

      for (guint k = pair->query_first; k < pair->query_first + pair->query_length; k++)
        free_tokens &= !query_used[k];
      for (guint k = pair->listed_first; k < pair->listed_first + pair->listed_length; k++)
        free_tokens &= !listed_used[k];
      if (!free_tokens)
        continue;

      for (guint k = pair->query_first; k < pair->query_first + pair->query_length; k++)
        {
          query_used[k] = TRUE;
          weight_q += token_weight (&query[k]);
          strong_found |= !query[k].weak;
        }
      for (guint k = pair->listed_first; k < pair->listed_first + pair->listed_length; k++)
        {
          listed_used[k] = TRUE;
          weight_l += token_weight (&listed[k]);
        }

      query_found += weight_q * pair->similarity;
      listed_found += weight_l * pair->similarity;

      if (explanation != NULL && n_matches < G_N_ELEMENTS (explanation->matches))
        explanation->matches[n_matches] = (PbTokenMatch) {
          pair->query_first, pair->query_length, pair->listed_first, pair->listed_length,
          pair->kind, pair->similarity,
        };
      n_matches++;
    }

  /* Weak tokens count when they match and never against: "Acme OOO" is
   * "Acme LLC", and a legal form alone decides nothing. */
  for (guint i = 0; i < n_query; i++)
    if (!query[i].weak || query_used[i])
      query_weight += token_weight (&query[i]);
  for (guint i = 0; i < n_listed; i++)
    if (!listed[i].weak || listed_used[i])
      listed_weight += token_weight (&listed[i]);

  if (query_weight == 0 || listed_weight == 0)
    return 0.0;

  query_found /= query_weight;
  listed_found /= listed_weight;

  /* Token-set matching: the shorter name should be found whole in the
   * longer; what the longer has besides (a middle name, a patronymic)
   * costs a little. */
  if (query_weight <= listed_weight)
    small = query_found, large = listed_found;
  else
    small = listed_found, large = query_found;
  /* A score is in [0, 1] (a server refuses a hit scored otherwise): the
   * weighted sums round a hair above 1 for some names. */
  score = CLAMP (0.8 * small + 0.2 * large, 0.0, 1.0);

  /* Legal forms and particles alone are no match. */
  if (!strong_found)
    score *= 0.5;

  if (explanation != NULL)
    {
      explanation->score = score;
      explanation->query_coverage = query_found;
      explanation->listed_coverage = listed_found;
      explanation->n_matches = MIN (n_matches, G_N_ELEMENTS (explanation->matches));
    }

  return score;
}

guint
pb_name_tokenize (const char   *match_form,
                  GStringChunk *storage,
                  PbToken      *tokens)
{
  guint n = 0;
  const char *p = match_form;

  while (*p != '\0' && n < PB_NAME_MAX_TOKENS)
    {
      const char *start;
      char text[PB_NAME_TOKEN_MAX + 1];
      char skeleton[PB_NAME_TOKEN_MAX + 1];
      gboolean weak = FALSE;
      gsize length;

      while (*p == ' ')
        p++;
      if (*p == '~')
        {
          weak = TRUE;
          p++;
        }
      start = p;
      while (*p != '\0' && *p != ' ')
        p++;
      length = MIN ((gsize) (p - start), PB_NAME_TOKEN_MAX);
      if (length == 0)
        continue;

      memcpy (text, start, length);
      text[length] = '\0';
      pb_name_skeleton (text, skeleton);

      tokens[n] = (PbToken) {
        .text = g_string_chunk_insert_const (storage, text),
        .skeleton = g_string_chunk_insert_const (storage, skeleton),
        .length = length,
        .weak = weak,
      };
      n++;
    }

  return n;
}

gunichar *
pb_name_baseline_form (const char *name,
                       glong      *length)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  g_auto(GStrv) words = g_strsplit_set (g_strstrip (folded), " \t\n", -1);
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", words[i]);

  return g_utf8_to_ucs4_fast (joined->str, -1, length);
}

double
pb_name_baseline_score (const char *query,
                        const char *listed)
{
  glong a_length = 0, b_length = 0;
  g_autofree gunichar *a = pb_name_baseline_form (query, &a_length);
  g_autofree gunichar *b = pb_name_baseline_form (listed, &b_length);

  return pb_jaro_winkler_ucs4 (a, a_length, b, b_length);
}
