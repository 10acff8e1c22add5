/* pb-screening-index.c: list editions held in memory for screening
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-screening"

#include "config.h"

#include <string.h>

#include "pb-name-normalizer.h"
#include "pb-screening-index.h"

/* Characters of a skeleton that make a blocking key. */
#define KEY_LENGTH     4
#define MAX_KEYS       48
/* A key shared by this many entries or fewer is rare enough to make each
 * of them a candidate on its own. */
#define RARE_KEY       32
/* A key shared by more entries than this (and than 0.5% of them) is
 * common: a given name, a city, "Trading". */
#define COMMON_KEY     1000
/* Candidates scored at most, the most keys shared first. */
#define MAX_CANDIDATES 20000
#define MAX_HITS       100
#define COUNTRY_BONUS    0.03
#define COUNTRY_PENALTY  0.05
#define IDENTIFIER_SCORE 0.98

typedef struct
{
  gint64       entry_id;
  guint32      first_name;
  guint16      n_names;
  guint8       kind;
  guint8       min_strong;   /* strong tokens of its shortest name */
  guint16      edition;
  const char  *countries;
  const char  *identifiers;
} Entry;

typedef struct
{
  const char  *text;
  guint32      first_token;
  guint8       n_tokens;
  guint8       kind;
} Name;

struct _PbScreeningIndex
{
  GObject        parent_instance;

  GPtrArray     *editions;
  GArray        *entries;    /* Entry */
  GArray        *names;      /* Name */
  GArray        *tokens;     /* PbToken */
  GStringChunk  *strings;
  GHashTable    *postings;   /* key -> GArray of guint32 entry indices */
  /* While building */
  guint          edition_index;
  gint64         last_entry_id;
  char          *keys[MAX_KEYS];
  guint          n_keys;
};

G_DEFINE_FINAL_TYPE (PbScreeningIndex, pb_screening_index, G_TYPE_OBJECT)

static void
pb_screening_index_finalize (GObject *object)
{
  PbScreeningIndex *self = PB_SCREENING_INDEX (object);

  g_clear_pointer (&self->editions, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->names, g_array_unref);
  g_clear_pointer (&self->tokens, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->postings, g_hash_table_unref);

  G_OBJECT_CLASS (pb_screening_index_parent_class)->finalize (object);
}

static void
pb_screening_index_class_init (PbScreeningIndexClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_screening_index_finalize;
}

static void
pb_screening_index_init (PbScreeningIndex *self)
{
  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  self->names = g_array_new (FALSE, FALSE, sizeof (Name));
  self->tokens = g_array_new (FALSE, FALSE, sizeof (PbToken));
  self->strings = g_string_chunk_new (1024 * 1024);
  self->postings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
}

/* Blocking keys ------------------------------------------------------------------ */

/* @word: the key of one word (not of two joined, not an identifier). */
typedef void (*KeyFunc) (const char *key, gboolean word, gpointer data);

/* A key does not tell zh from sh, so that a German spelling, which
 * writes both "sch", finds either (pb_name_score() decides). */
static void
fold_key (char *key)
{
  for (char *p = key; *p != '\0'; p++)
    if (*p == 'Z')
      *p = 'S';
}

static void
skeleton_key (const char *text,
              const char *skeleton,
              char       *key)
{
  if (skeleton[0] != '\0')
    {
      g_strlcpy (key, skeleton, KEY_LENGTH + 1);
      fold_key (key);
    }
  else
    {
      /* All vowels ("ai", "eu"): the letters themselves. */
      key[0] = '_';
      g_strlcpy (key + 1, text, KEY_LENGTH);
    }
}

/* The keys of a name: the skeleton prefix of each token (initials and,
 * when there are other tokens, weak ones aside), and of each pair of
 * neighbours written together, so that "Xi Jinping" and "Xi Jin Ping",
 * "Alqaida" and "Al Qaida" share one. */
static void
name_keys (const PbToken *tokens,
           guint          n_tokens,
           KeyFunc        func,
           gpointer       data)
{
  char key[KEY_LENGTH + 2];
  guint n_strong = 0;

  for (guint i = 0; i < n_tokens; i++)
    n_strong += !tokens[i].weak && tokens[i].length > 1;

  for (guint i = 0; i < n_tokens; i++)
    {
      if (tokens[i].length < 2 || (tokens[i].weak && n_strong > 0))
        continue;
      skeleton_key (tokens[i].text, tokens[i].skeleton, key);
      func (key, TRUE, data);
    }

  for (guint i = 0; i + 1 < n_tokens; i++)
    {
      char joined[2 * PB_NAME_TOKEN_MAX + 1];
      char skeleton[PB_NAME_TOKEN_MAX + 1];

      if (tokens[i].weak && tokens[i + 1].weak)
        continue;
      g_snprintf (joined, sizeof joined, "%s%s", tokens[i].text, tokens[i + 1].text);
      joined[PB_NAME_TOKEN_MAX] = '\0';
      pb_name_skeleton (joined, skeleton);
      skeleton_key (joined, skeleton, key);
      func (key, FALSE, data);
    }
}

/* Building ------------------------------------------------------------------------ */

/* Tokens that make keys: neither weak nor initials. */
static guint
count_strong (const PbToken *tokens,
              guint          n_tokens)
{
  guint n = 0;

  for (guint i = 0; i < n_tokens; i++)
    n += !tokens[i].weak && tokens[i].length > 1;

  return MIN (n, G_MAXUINT8);
}

static void
collect_key_cb (const char *key,
                gboolean    word,
                gpointer    data)
{
  PbScreeningIndex *self = data;

  for (guint i = 0; i < self->n_keys; i++)
    if (strcmp (self->keys[i], key) == 0)
      return;

  if (self->n_keys < MAX_KEYS)
    self->keys[self->n_keys++] = g_string_chunk_insert_const (self->strings, key);
}

static void
flush_keys (PbScreeningIndex *self)
{
  guint32 index = self->entries->len - 1;

  for (guint i = 0; i < self->n_keys; i++)
    {
      GArray *posting = g_hash_table_lookup (self->postings, self->keys[i]);

      if (posting == NULL)
        {
          posting = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_hash_table_insert (self->postings, self->keys[i], posting);
        }
      g_array_append_val (posting, index);
    }

  self->n_keys = 0;
}

static void
add_identifier_keys (PbScreeningIndex *self,
                     const char       *identifiers)
{
  g_auto(GStrv) numbers = g_strsplit (identifiers, " ", 64);

  for (guint i = 0; numbers[i] != NULL; i++)
    {
      g_autofree char *key = NULL;

      if (*numbers[i] == '\0')
        continue;
      key = g_strconcat ("#", numbers[i], NULL);
      collect_key_cb (key, FALSE, self);
    }
}

static gboolean
add_name_cb (const PbListNameRow  *row,
             gpointer              user_data,
             GError              **error)
{
  PbScreeningIndex *self = user_data;
  g_autofree char *renormalized = NULL;
  PbToken tokens[PB_NAME_MAX_TOKENS];
  const char *match = row->match;
  Entry *entry;
  Name name;
  guint n;

  if (row->entry_id != self->last_entry_id || self->entries->len == 0)
    {
      Entry new_entry = {
        .entry_id = row->entry_id,
        .first_name = self->names->len,
        .kind = row->entry_kind,
        .edition = self->edition_index,
        .countries = g_string_chunk_insert_const (self->strings, row->countries ? row->countries : ""),
        .identifiers = g_string_chunk_insert_const (self->strings, row->identifiers ? row->identifiers : ""),
      };

      if (self->entries->len > 0)
        flush_keys (self);
      g_array_append_val (self->entries, new_entry);
      self->last_entry_id = row->entry_id;
      add_identifier_keys (self, new_entry.identifiers);
    }

  /* Match forms stored by another version of the normaliser are made again. */
  if (row->matcher_version != PB_NAME_MATCHER_VERSION || match == NULL)
    match = renormalized = pb_name_normalize (row->text);

  n = pb_name_tokenize (match, self->strings, tokens);
  name.text = g_string_chunk_insert (self->strings, row->text);
  name.first_token = self->tokens->len;
  name.n_tokens = n;
  name.kind = row->kind;
  g_array_append_vals (self->tokens, tokens, n);
  g_array_append_val (self->names, name);

  entry = &g_array_index (self->entries, Entry, self->entries->len - 1);
  entry->n_names++;
  entry->min_strong = entry->n_names == 1 ? count_strong (tokens, n)
                                          : MIN (entry->min_strong, count_strong (tokens, n));
  name_keys (tokens, n, collect_key_cb, self);

  return TRUE;
}

PbScreeningIndex *
pb_screening_index_new (PbCaseStore  *store,
                        GPtrArray    *editions,
                        GError      **error)
{
  g_autoptr(PbScreeningIndex) self = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (PB_TYPE_SCREENING_INDEX, NULL);

  if (editions != NULL)
    self->editions = g_ptr_array_ref (editions);
  else if (!(self->editions = pb_case_store_list_editions (store, TRUE, error)))
    return NULL;

  for (guint i = 0; i < self->editions->len; i++)
    {
      PbListEdition *edition = g_ptr_array_index (self->editions, i);

      self->edition_index = i;
      self->last_entry_id = -1;
      if (!pb_case_store_foreach_list_name (store, pb_list_edition_get_id (edition), add_name_cb, self, error))
        return NULL;
      if (self->entries->len > 0)
        flush_keys (self);
    }

  return g_steal_pointer (&self);
}

GPtrArray *
pb_screening_index_get_editions (PbScreeningIndex *self)
{
  g_return_val_if_fail (PB_IS_SCREENING_INDEX (self), NULL);

  return self->editions;
}

guint
pb_screening_index_get_n_entries (PbScreeningIndex *self)
{
  g_return_val_if_fail (PB_IS_SCREENING_INDEX (self), 0);

  return self->entries->len;
}

guint
pb_screening_index_get_n_names (PbScreeningIndex *self)
{
  g_return_val_if_fail (PB_IS_SCREENING_INDEX (self), 0);

  return self->names->len;
}

/* Screening ------------------------------------------------------------------------ */

typedef struct
{
  GStringChunk *strings;
  const char   *keys[MAX_KEYS];
  gboolean      words[MAX_KEYS];   /* the key of a word, not of a pair or an identifier */
  guint         n_keys;
} QueryKeys;

static void
query_key_cb (const char *key,
              gboolean    word,
              gpointer    data)
{
  QueryKeys *keys = data;

  for (guint i = 0; i < keys->n_keys; i++)
    if (strcmp (keys->keys[i], key) == 0)
      {
        keys->words[i] |= word;
        return;
      }

  if (keys->n_keys < MAX_KEYS)
    {
      keys->words[keys->n_keys] = word;
      keys->keys[keys->n_keys++] = g_string_chunk_insert_const (keys->strings, key);
    }
}

/* Adds the keys that entries have among those one typo away from
 * @skeleton: two neighbouring symbols swapped, or one dropped. */
static gboolean
add_typo_keys (PbScreeningIndex *self,
               const char       *skeleton,
               QueryKeys        *keys)
{
  gsize length = strlen (skeleton);
  gboolean found = FALSE;

  for (gsize i = 0; i < MIN (length, KEY_LENGTH + 1); i++)
    for (guint edit = 0; edit < 2; edit++)
      {
        char variant[PB_NAME_TOKEN_MAX + 1];
        char key[KEY_LENGTH + 1];

        g_strlcpy (variant, skeleton, sizeof variant);
        if (edit == 0)
          {
            if (i + 1 >= length)
              continue;
            variant[i] = skeleton[i + 1];
            variant[i + 1] = skeleton[i];
          }
        else
          memmove (variant + i, variant + i + 1, length - i);

        if (variant[0] == '\0')
          continue;
        g_strlcpy (key, variant, sizeof key);
        fold_key (key);
        if (g_hash_table_contains (self->postings, key))
          {
            query_key_cb (key, TRUE, keys);
            found = TRUE;
          }
      }

  return found;
}

typedef struct
{
  guint32 entry;
  guint8  count;
} Candidate;

enum
{
  FLAG_RARE = 1 << 0,
  FLAG_UNCOMMON = 1 << 1,
};

static int
compare_candidates (const void *a,
                    const void *b)
{
  const Candidate *ca = a, *cb = b;

  if (ca->count != cb->count)
    return (int) cb->count - (int) ca->count;
  return ca->entry < cb->entry ? -1 : ca->entry > cb->entry;
}

static gboolean
has_word (const char *list,
          const char *word)
{
  gsize length = strlen (word);

  for (const char *p = list; (p = strstr (p, word)) != NULL; p += length)
    if ((p == list || p[-1] == ' ') && (p[length] == '\0' || p[length] == ' '))
      return TRUE;

  return FALSE;
}

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const PbScreeningHit *ha = *(PbScreeningHit * const *) a;
  const PbScreeningHit *hb = *(PbScreeningHit * const *) b;

  if (ha->score != hb->score)
    return ha->score > hb->score ? -1 : 1;
  return ha->entry_id < hb->entry_id ? -1 : ha->entry_id > hb->entry_id;
}

static GStrv
tokens_to_strv (const PbToken *tokens,
                guint          n_tokens)
{
  GStrv strv = g_new0 (char *, n_tokens + 1);

  for (guint i = 0; i < n_tokens; i++)
    strv[i] = g_strdup (tokens[i].text);

  return strv;
}

static PbScreeningHit *
score_entry (PbScreeningIndex        *self,
             PbNameCache             *cache,
             const Entry             *entry,
             const PbToken           *query,
             guint                    n_query,
             const PbScreeningQuery  *party,
             char * const            *party_ids,
             double                   threshold)
{
  g_autoptr(PbScreeningHit) hit = NULL;
  PbNameScore best_detail = { 0 };
  const Name *best = NULL;
  double best_score = -1, score, adjustment = 0;
  const char *identifier = NULL;

  for (guint n = 0; n < entry->n_names; n++)
    {
      const Name *name = &g_array_index (self->names, Name, entry->first_name + n);
      const PbToken *tokens = &g_array_index (self->tokens, PbToken, name->first_token);
      PbNameScore detail;
      double name_score = pb_name_score (query, n_query, tokens, name->n_tokens, cache, &detail);

      /* A weak alias counts a little less than the names the list vouches for. */
      if (name->kind == PB_LIST_NAME_WEAK_ALIAS)
        name_score -= 0.03;

      if (name_score > best_score)
        {
          best_score = name_score;
          best_detail = detail;
          best = name;
        }
    }

  for (guint i = 0; party_ids != NULL && party_ids[i] != NULL; i++)
    if (has_word (entry->identifiers, party_ids[i]))
      identifier = party_ids[i];

  if (best == NULL)
    return NULL;

  score = best_score;
  if (party->country != NULL && *entry->countries != '\0')
    adjustment = has_word (entry->countries, party->country) ? COUNTRY_BONUS : -COUNTRY_PENALTY;
  score = CLAMP (score + adjustment, 0.0, 1.0);
  if (identifier != NULL)
    score = MAX (score, IDENTIFIER_SCORE);

  if (score < threshold)
    return NULL;

  hit = pb_screening_hit_new ();
  hit->edition = g_object_ref (g_ptr_array_index (self->editions, entry->edition));
  hit->entry_id = entry->entry_id;
  hit->entry_kind = entry->kind;
  hit->listed_name = g_strdup (best->text);
  hit->listed_name_kind = best->kind;
  hit->score = score;
  hit->name_score = best_score;
  hit->detail = best_detail;
  hit->query_tokens = tokens_to_strv (query, n_query);
  hit->listed_tokens = tokens_to_strv (&g_array_index (self->tokens, PbToken, best->first_token), best->n_tokens);
  hit->country_adjustment = adjustment;
  hit->country = adjustment != 0 ? g_strdup (party->country) : NULL;
  hit->identifier = g_strdup (identifier);

  return g_steal_pointer (&hit);
}

GPtrArray *
pb_screening_index_screen (PbScreeningIndex        *self,
                           const PbScreeningQuery  *party,
                           double                   threshold)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_screening_hit_unref);
  g_autoptr(GStringChunk) strings = g_string_chunk_new (256);
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr(GPtrArray) party_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PbNameCache) cache = pb_name_cache_new ();
  g_autofree guint8 *counts = NULL;
  g_autofree guint8 *flags = NULL;
  g_autofree char *match = NULL;
  PbToken query[PB_NAME_MAX_TOKENS];
  QueryKeys keys = { 0 };
  guint n_query, n_strong, n_unknown = 0, common_limit;
  gboolean has_uncommon = FALSE;

  g_return_val_if_fail (PB_IS_SCREENING_INDEX (self), NULL);
  g_return_val_if_fail (party != NULL && party->name != NULL, NULL);

  keys.strings = strings;
  match = pb_name_normalize (party->name);
  n_query = pb_name_tokenize (match, strings, query);
  name_keys (query, n_query, query_key_cb, &keys);

  for (guint i = 0; party->identifiers != NULL && party->identifiers[i] != NULL; i++)
    {
      char *number = pb_identifier_normalize (party->identifiers[i]);

      if (number != NULL && strlen (number) >= 4)
        {
          g_autofree char *key = g_strconcat ("#", number, NULL);

          g_ptr_array_add (party_ids, number);
          query_key_cb (key, FALSE, &keys);
        }
      else
        g_free (number);
    }
  g_ptr_array_add (party_ids, NULL);

  if ((n_query == 0 && party_ids->len == 1) || self->entries->len == 0)
    return g_steal_pointer (&hits);

  counts = g_new0 (guint8, self->entries->len);
  flags = g_new0 (guint8, self->entries->len);
  common_limit = MAX (COMMON_KEY, self->entries->len / 200);

  /* Blocking: an entry is a candidate when it shares with the party two
   * keys, or one when the party's name or one of the entry's has a single
   * word; and, when the party's name has a word that is not common, one
   * of those. A rare key or an identifier is enough on its own. A name
   * that shares one key of several cannot reach the threshold: the
   * shorter name must be found nearly whole. */
  n_strong = count_strong (query, n_query);

  /* A word whose key no entry has may be a typo of a listed word: the
   * keys one typo away (two consonants swapped, one dropped) that entries
   * have stand in for it; when there are none, one key fewer is enough,
   * so that the rest of the name still finds the entry. */
  for (guint i = 0; i < n_query; i++)
    {
      char key[KEY_LENGTH + 2];

      if (query[i].weak || query[i].length < 2)
        continue;
      skeleton_key (query[i].text, query[i].skeleton, key);
      if (g_hash_table_contains (self->postings, key))
        continue;
      if (!add_typo_keys (self, query[i].skeleton, &keys))
        n_unknown++;
    }

  for (guint k = 0; k < keys.n_keys; k++)
    {
      GArray *posting = g_hash_table_lookup (self->postings, keys.keys[k]);

      /* Words only: two common words joined make a rare pair ("LLC
       * Istanbul") that says nothing of the name. */
      if (posting != NULL && posting->len <= common_limit && keys.words[k])
        has_uncommon = TRUE;
    }

  for (guint k = 0; k < keys.n_keys; k++)
    {
      GArray *posting = g_hash_table_lookup (self->postings, keys.keys[k]);
      guint8 flag;

      if (posting == NULL)
        continue;
      flag = (posting->len <= RARE_KEY && keys.words[k]) || keys.keys[k][0] == '#' ? FLAG_RARE : 0;
      if (posting->len <= common_limit && keys.words[k])
        flag |= FLAG_UNCOMMON;

      for (guint p = 0; p < posting->len; p++)
        {
          guint32 index = g_array_index (posting, guint32, p);

          if (counts[index] == 0)
            {
              Candidate candidate = { index, 0 };

              g_array_append_val (candidates, candidate);
            }
          if (counts[index] < G_MAXUINT8)
            counts[index]++;
          flags[index] |= flag;
        }
    }

  {
    guint kept = 0;

    for (guint c = 0; c < candidates->len; c++)
      {
        Candidate *candidate = &g_array_index (candidates, Candidate, c);

        const Entry *entry = &g_array_index (self->entries, Entry, candidate->entry);
        guint needed = MIN (2, MIN (n_strong, entry->min_strong));

        if (n_unknown > 0 && needed > 1)
          needed--;
        needed = MAX (needed, 1);

        guint8 flag = flags[candidate->entry];

        candidate->count = counts[candidate->entry];
        if ((flag & FLAG_RARE) ||
            (candidate->count >= needed && ((flag & FLAG_UNCOMMON) || !has_uncommon)))
          g_array_index (candidates, Candidate, kept++) = *candidate;
      }
    g_array_set_size (candidates, kept);
  }

  if (candidates->len > MAX_CANDIDATES)
    {
      g_array_sort (candidates, compare_candidates);
      g_array_set_size (candidates, MAX_CANDIDATES);
    }

  for (guint c = 0; c < candidates->len; c++)
    {
      const Entry *entry = &g_array_index (self->entries, Entry, g_array_index (candidates, Candidate, c).entry);
      PbScreeningHit *hit = score_entry (self, cache, entry, query, n_query, party,
                                         (char * const *) party_ids->pdata, threshold);

      if (hit != NULL)
        g_ptr_array_add (hits, hit);
    }

  g_ptr_array_sort (hits, compare_hits);
  if (hits->len > MAX_HITS)
    g_ptr_array_set_size (hits, MAX_HITS);

  return g_steal_pointer (&hits);
}
