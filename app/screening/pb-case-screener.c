/* pb-case-screener.c: screening the parties of a case and recording it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "pb-case-screener.h"
#include "pb-i18n.h"
#include "pb-json.h"
#include "pb-name-normalizer.h"
#include "pb-screening-index-cache.h"

static const struct
{
  const char *list_id;
  const char *questions[6];
} list_questions[] = {
  { "eu-fsf",  { "S2.02a", NULL } },
  { "un-sc",   { "S2.02b", NULL } },
  { "uk-fcdo", { "S2.02c", NULL } },
  { "us-csl",  { "S2.02d", "S2.02e", "S2.02f", "S2.02g", "S2.02h", NULL } },
};

/* Within an aggregate, the list an entry comes from, by the words its
 * publisher uses: the CSL's "source" ("Entity List (EL) - Bureau of
 * Industry and Security") and OpenSanctions' dataset titles. Checked in
 * order: the first that the text contains decides. */
static const struct
{
  const char *words;
  const char *question;
} source_questions[] = {
  { "(SDN)", "S2.02d" },
  { "Specially Designated Nationals", "S2.02d" },
  { "Entity List", "S2.02e" },
  { "Military End User", "S2.02f" },
  { "(MEU)", "S2.02f" },
  { "Denied Persons", "S2.02g" },
  { "Unverified List", "S2.02h" },
  /* A national list of the US beyond those asked one by one, answering for
   * a US exporter only (pb_case_screening_get_facts()): US persons may not
   * deal with a foreign sanctions evader (Executive Order 13608, Sec. 1(a)). */
  { "Foreign Sanctions Evaders", "S2.02i" },
  { "(FSE)", "S2.02i" },
  { "EU Financial Sanctions", "S2.02a" },
  { "EU Consolidated", "S2.02a" },
  { "UN Security Council", "S2.02b" },
  { "UK Sanctions List", "S2.02c" },
  { "HM Treasury", "S2.02c" },
  { "OFSI", "S2.02c" },
};

const char * const *
pb_screening_list_questions (const char *list_id)
{
  static const char * const none[] = { NULL };

  for (guint i = 0; i < G_N_ELEMENTS (list_questions); i++)
    {
      if (g_strcmp0 (list_questions[i].list_id, list_id) == 0)
        return list_questions[i].questions;
    }

  return none;
}

const char *
pb_screening_entry_question (const char *list_id,
                             const char *source_list)
{
  const char * const *own = pb_screening_list_questions (list_id);

  if (own[0] != NULL && own[1] == NULL)
    return own[0];

  for (guint i = 0; source_list != NULL && i < G_N_ELEMENTS (source_questions); i++)
    {
      if (strstr (source_list, source_questions[i].words) != NULL)
        return source_questions[i].question;
    }

  return NULL;
}

static void
add_editions (JsonBuilder *builder,
              GPtrArray   *editions)
{
  json_builder_set_member_name (builder, "editions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < editions->len; i++)
    {
      PbListEdition *edition = g_ptr_array_index (editions, i);
      const char * const *questions = pb_screening_list_questions (pb_list_edition_get_list_id (edition));

      json_builder_begin_object (builder);
      pb_json_add_string_member (builder, "list", pb_list_edition_get_list_id (edition));
      pb_json_add_string_member (builder, "publisher", pb_list_edition_get_publisher (edition));
      pb_json_add_string_member (builder, "title", pb_list_edition_get_title (edition));
      pb_json_add_string_member (builder, "published", pb_list_edition_get_published (edition));
      pb_json_add_string_member (builder, "file_sha256", pb_list_edition_get_file_sha256 (edition));
      json_builder_set_member_name (builder, "entries");
      json_builder_add_int_value (builder, pb_list_edition_get_n_entries (edition));
      json_builder_set_member_name (builder, "questions");
      json_builder_begin_array (builder);
      for (guint q = 0; questions[q] != NULL; q++)
        json_builder_add_string_value (builder, questions[q]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* The names a party is screened under: its name, then the customer's
 * aliases. */
static GPtrArray *
party_queries (PbCaseParty *party)
{
  GPtrArray *queries = g_ptr_array_new ();

  g_ptr_array_add (queries, party->name);
  for (guint i = 0; party->aliases != NULL && party->aliases[i] != NULL; i++)
    g_ptr_array_add (queries, party->aliases[i]);

  return queries;
}

typedef struct
{
  PbScreeningHit *hit;
  const char     *query;
} PartyHit;

static int
compare_party_hits (gconstpointer a,
                    gconstpointer b)
{
  const PartyHit *x = *(PartyHit * const *) a;
  const PartyHit *y = *(PartyHit * const *) b;

  if (x->hit->score != y->hit->score)
    return x->hit->score > y->hit->score ? -1 : 1;

  return x->hit->entry_id < y->hit->entry_id ? -1 : x->hit->entry_id > y->hit->entry_id;
}

/* The party's hits, one per entry (the best of its names), best first. */
static GPtrArray *
screen_party (PbScreeningIndex *index,
              PbCaseParty      *party,
              double            threshold,
              GPtrArray       **keep)
{
  g_autoptr(GHashTable) best = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  g_autoptr(GPtrArray) queries = party_queries (party);
  GPtrArray *hits = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  for (guint q = 0; q < queries->len; q++)
    {
      PbScreeningQuery query = {
        .name = g_ptr_array_index (queries, q),
        .country = party->country,
        .identifiers = (const char * const *) party->identifiers,
      };
      GPtrArray *found = pb_screening_index_screen (index, &query, threshold);

      g_ptr_array_add (*keep, found);
      for (guint i = 0; i < found->len; i++)
        {
          PbScreeningHit *hit = g_ptr_array_index (found, i);
          PartyHit *current = g_hash_table_lookup (best, &hit->entry_id);

          if (current == NULL)
            {
              current = g_new0 (PartyHit, 1);
              g_hash_table_insert (best, &hit->entry_id, current);
            }
          else if (current->hit->score >= hit->score)
            continue;

          current->hit = hit;
          current->query = query.name;
        }
    }

  g_hash_table_iter_init (&iter, best);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_ptr_array_add (hits, g_memdup2 (value, sizeof (PartyHit)));
    }
  g_ptr_array_set_free_func (hits, g_free);
  g_ptr_array_sort (hits, compare_party_hits);

  return hits;
}

/* Decisions of other cases ---------------------------------------------------- */

/* At most this many decisions of other cases are offered for one hit. */
#define MAX_PRIORS 5

typedef struct
{
  GPtrArray *decisions;   /* PbPriorDecision, of the other cases of the file */
  GPtrArray *forms;       /* char *, the strong words of each one's party name, sorted */
} Priors;

static void
priors_clear (Priors *priors)
{
  g_clear_pointer (&priors->decisions, g_ptr_array_unref);
  g_clear_pointer (&priors->forms, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Priors, priors_clear)

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* A name as the same party's name is written: its match form without the
 * weak words (legal forms, particles, titles), in any order. */
static char *
party_form (const char *name)
{
  g_autofree char *normal = pb_name_normalize (name);
  g_auto(GStrv) tokens = g_strsplit (normal, " ", -1);
  g_autoptr(GPtrArray) strong = g_ptr_array_new ();

  for (guint i = 0; tokens[i] != NULL; i++)
    if (tokens[i][0] != '\0' && tokens[i][0] != '~')
      g_ptr_array_add (strong, tokens[i]);
  g_ptr_array_sort (strong, compare_strings);
  g_ptr_array_add (strong, NULL);

  return g_strjoinv (" ", (char **) strong->pdata);
}

static gboolean
priors_load (Priors       *priors,
             PbCaseStore  *store,
             const char   *case_id,
             GError      **error)
{
  if (!(priors->decisions = pb_case_store_list_prior_decisions (store, case_id, error)))
    return FALSE;

  priors->forms = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < priors->decisions->len; i++)
    g_ptr_array_add (priors->forms, party_form (((PbPriorDecision *) g_ptr_array_index (priors->decisions, i))->party_name));

  return TRUE;
}

static gboolean
share_identifier (const char * const *a,
                  const char * const *b)
{
  for (guint i = 0; a != NULL && a[i] != NULL; i++)
    {
      g_autofree char *x = pb_identifier_normalize (a[i]);

      for (guint j = 0; x != NULL && b != NULL && b[j] != NULL; j++)
        {
          g_autofree char *y = pb_identifier_normalize (b[j]);

          if (g_strcmp0 (x, y) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

/* The same party: an identifier in common, or the same name (any of the
 * party's) where the countries, when both are known, agree. */
static gboolean
same_party (PbCaseParty     *party,
            PbPriorDecision *prior,
            const char      *prior_form)
{
  g_autoptr(GPtrArray) queries = NULL;

  if (share_identifier ((const char * const *) party->identifiers, (const char * const *) prior->party_identifiers))
    return TRUE;

  if (party->country != NULL && prior->party_country != NULL &&
      g_ascii_strcasecmp (party->country, prior->party_country) != 0)
    return FALSE;

  queries = party_queries (party);
  for (guint q = 0; q < queries->len; q++)
    {
      g_autofree char *form = party_form (g_ptr_array_index (queries, q));

      if (*form != '\0' && strcmp (form, prior_form) == 0)
        return TRUE;
    }

  return FALSE;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const PbPriorDecision *x = *(PbPriorDecision * const *) a;
  const PbPriorDecision *y = *(PbPriorDecision * const *) b;

  return -g_strcmp0 (x->decided_at, y->decided_at);
}

/* The decisions of other cases on the same entry of the same list (by the
 * publisher's reference, else unchanged) for the same party, newest first. */
static GPtrArray *
priors_find (Priors      *priors,
             PbCaseParty *party,
             const char  *list_id,
             const char  *entry_ref,
             const char  *entry_sha256)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < priors->decisions->len; i++)
    {
      PbPriorDecision *prior = g_ptr_array_index (priors->decisions, i);
      gboolean same_entry = g_strcmp0 (prior->entry_sha256, entry_sha256) == 0 ||
                            (entry_ref != NULL && g_strcmp0 (prior->entry_ref, entry_ref) == 0);

      if (g_strcmp0 (prior->list_id, list_id) == 0 && same_entry &&
          same_party (party, prior, g_ptr_array_index (priors->forms, i)))
        g_ptr_array_add (found, prior);
    }
  g_ptr_array_sort (found, compare_newest_first);
  if (found->len > MAX_PRIORS)
    g_ptr_array_set_size (found, MAX_PRIORS);

  return found;
}

static void
add_priors (JsonBuilder *builder,
            GPtrArray   *found)
{
  json_builder_set_member_name (builder, "prior");
  json_builder_begin_array (builder);
  for (guint i = 0; i < found->len; i++)
    {
      PbPriorDecision *prior = g_ptr_array_index (found, i);

      json_builder_begin_object (builder);
      pb_json_add_string_member (builder, "case", prior->case_id);
      json_builder_set_member_name (builder, "event");
      json_builder_add_int_value (builder, prior->event);
      pb_json_add_string_member (builder, "decision", pb_hit_status_to_string (prior->status));
      pb_json_add_string_member (builder, "by", prior->decided_by);
      pb_json_add_string_member (builder, "role", prior->decided_role);
      pb_json_add_string_member (builder, "at", prior->decided_at);
      pb_json_add_string_member (builder, "reason", prior->reason);
      pb_json_add_string_member (builder, "party", prior->party_name);
      pb_json_add_string_member (builder, "country", prior->party_country);
      json_builder_set_member_name (builder, "identifiers");
      json_builder_begin_array (builder);
      for (guint j = 0; prior->party_identifiers != NULL && prior->party_identifiers[j] != NULL; j++)
        json_builder_add_string_value (builder, prior->party_identifiers[j]);
      json_builder_end_array (builder);
      pb_json_add_string_member (builder, "list", prior->list_id);
      pb_json_add_string_member (builder, "reference", prior->entry_ref);
      pb_json_add_string_member (builder, "entry_sha256", prior->entry_sha256);
      pb_json_add_string_member (builder, "edition", prior->edition_sha256);
      pb_json_add_string_member (builder, "published", prior->edition_published);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static gboolean
add_hit (JsonBuilder     *builder,
         PbCaseStore     *store,
         Priors          *priors,
         PbCaseParty     *party,
         PartyHit        *found,
         GError         **error)
{
  PbScreeningHit *hit = found->hit;
  g_autoptr(PbListEntry) entry = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *json = NULL;
  g_autofree char *explanation = NULL;
  g_autoptr(GPtrArray) offered = NULL;
  const char *list_id = pb_list_edition_get_list_id (hit->edition);

  if (!(entry = pb_case_store_get_list_entry (store, hit->entry_id, &sha256, error)))
    return FALSE;

  json = pb_list_entry_to_json (entry);
  explanation = pb_screening_hit_explain (hit);

  json_builder_begin_object (builder);
  pb_json_add_string_member (builder, "party", party->id);
  pb_json_add_string_member (builder, "query", found->query);
  pb_json_add_string_member (builder, "list", list_id);
  pb_json_add_string_member (builder, "source", entry->source_list);
  pb_json_add_string_member (builder, "question", pb_screening_entry_question (list_id, entry->source_list));
  pb_json_add_string_member (builder, "edition", pb_list_edition_get_file_sha256 (hit->edition));
  pb_json_add_string_member (builder, "entry_sha256", sha256);
  pb_json_add_string_member (builder, "reference", entry->source_id);
  pb_json_add_string_member (builder, "listed_name", hit->listed_name);
  json_builder_set_member_name (builder, "score");
  json_builder_add_double_value (builder, round (hit->score * 1000) / 1000);
  pb_json_add_string_member (builder, "explanation", explanation);
  pb_json_add_string_member (builder, "entry", json);
  offered = priors_find (priors, party, list_id, entry->source_id, sha256);
  if (offered->len > 0)
    add_priors (builder, offered);
  json_builder_end_object (builder);

  return TRUE;
}

gboolean
pb_screening_threshold_is_valid (double threshold)
{
  /* A little room for a threshold written to JSON and read back. */
  return threshold >= PB_SCREENING_MIN_THRESHOLD - 1e-9 && threshold <= PB_NAME_MATCH_THRESHOLD + 1e-9;
}

/* The threshold a run names; the default for one that names none (an
 * older Probity's). */
static double
run_threshold (PbScreeningRun *run)
{
  return run->threshold > 0 ? run->threshold : PB_NAME_MATCH_THRESHOLD;
}

guint
pb_case_screen (PbCaseStore       *store,
                const char        *case_id,
                PbScreeningIndex  *index,
                double             threshold,
                GError           **error)
{
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) all_hits = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autofree char *data = NULL;
  g_auto(Priors) priors = { 0 };
  GPtrArray *parties;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), 0);
  g_return_val_if_fail (PB_IS_SCREENING_INDEX (index), 0);

  if (!pb_screening_threshold_is_valid (threshold))
    {
      /* Translators: three scores such as 0.99, 0.50 and 0.85 */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("A screening threshold of %.2f is not one Probity screens at: give one from %.2f to %.2f "
                     "(a higher one misses spellings of listed names)"),
                   threshold, PB_SCREENING_MIN_THRESHOLD, PB_NAME_MATCH_THRESHOLD);
      return 0;
    }

  if (!(screening = pb_case_store_get_screening (store, case_id, 0, error)) ||
      !priors_load (&priors, store, case_id, error))
    return 0;

  parties = pb_case_screening_get_parties (screening);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "threshold");
  json_builder_add_double_value (builder, threshold);
  add_editions (builder, pb_screening_index_get_editions (index));

  json_builder_set_member_name (builder, "parties");
  json_builder_begin_array (builder);
  for (guint i = 0; i < parties->len; i++)
    {
      PbCaseParty *party = g_ptr_array_index (parties, i);
      g_autoptr(GPtrArray) queries = party_queries (party);

      json_builder_begin_object (builder);
      pb_json_add_string_member (builder, "party", party->id);
      pb_json_add_string_member (builder, "role", party->role);
      pb_json_add_string_member (builder, "name", party->name);
      pb_json_add_string_member (builder, "country", party->country);
      json_builder_set_member_name (builder, "queries");
      json_builder_begin_array (builder);
      for (guint q = 0; q < queries->len; q++)
        json_builder_add_string_value (builder, g_ptr_array_index (queries, q));
      json_builder_end_array (builder);
      json_builder_end_object (builder);

      g_ptr_array_add (all_hits, screen_party (index, party, threshold, &keep));
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "hits");
  json_builder_begin_array (builder);
  for (guint i = 0; i < parties->len; i++)
    {
      GPtrArray *hits = g_ptr_array_index (all_hits, i);

      for (guint h = 0; h < hits->len; h++)
        {
          if (!add_hit (builder, store, &priors, g_ptr_array_index (parties, i), g_ptr_array_index (hits, h), error))
            return 0;
        }
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  data = json_to_string (root, FALSE);

  return pb_case_store_record_screening (store, case_id, data, error);
}

/* Whether @screened, as a screened event records it, is @edition. */
static gboolean
same_edition (PbScreenedEdition *screened,
              PbListEdition     *edition)
{
  return g_strcmp0 (screened->list_id, pb_list_edition_get_list_id (edition)) == 0 &&
         g_strcmp0 (screened->file_sha256, pb_list_edition_get_file_sha256 (edition)) == 0;
}

/* Whether @editions (the current ones) hold one the run did not use. */
static gboolean
run_is_outdated (PbScreeningRun *run,
                 GPtrArray      *editions)
{
  for (guint i = 0; i < editions->len; i++)
    {
      PbListEdition *edition = g_ptr_array_index (editions, i);
      gboolean used = FALSE;

      for (guint j = 0; j < run->editions->len && !used; j++)
        used = same_edition (g_ptr_array_index (run->editions, j), edition);
      if (!used)
        return TRUE;
    }

  return FALSE;
}

gboolean
pb_case_needs_rescreening (PbCaseStore  *store,
                           const char   *case_id,
                           GError      **error)
{
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(GPtrArray) editions = NULL;
  PbScreeningRun *run;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), FALSE);

  return (screening = pb_case_store_get_screening (store, case_id, 0, error)) != NULL &&
         (run = pb_case_screening_get_latest (screening)) != NULL &&
         (editions = pb_case_store_list_editions (store, TRUE, error)) != NULL &&
         run_is_outdated (run, editions);
}

guint
pb_case_rescreen_if_outdated (PbCaseStore  *store,
                              const char   *case_id,
                              GError      **error)
{
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(GPtrArray) editions = NULL;
  g_autoptr(PbScreeningIndexCache) cache = NULL;
  g_autoptr(PbScreeningIndex) index = NULL;
  PbScreeningRun *run;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), 0);

  /* The index a parties panel or screening window holds, if one does. */
  cache = pb_screening_index_cache_get_for_store (store);
  if (!(screening = pb_case_store_get_screening (store, case_id, 0, error)) ||
      (run = pb_case_screening_get_latest (screening)) == NULL ||
      !(editions = pb_case_store_list_editions (store, TRUE, error)) ||
      !run_is_outdated (run, editions) ||
      !(index = pb_screening_index_cache_get_index (cache, store, editions, error)))
    return 0;

  /* Never at a threshold Probity does not screen at, whoever recorded it. */
  return pb_case_screen (store, case_id, index,
                         pb_screening_threshold_is_valid (run_threshold (run)) ? run_threshold (run)
                                                                               : PB_NAME_MATCH_THRESHOLD,
                         error);
}

/* Checking a recorded screening ---------------------------------------------- */

/* The store's editions the run names, in the order the cache indexes them
 * when they are the current ones (so that the index a window holds serves);
 * NULL with @missing set to the first one the store does not hold. */
static GPtrArray *
run_editions (PbCaseStore     *store,
              PbScreeningRun  *run,
              char           **missing,
              GError         **error)
{
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);

  if (!(current = pb_case_store_list_editions (store, TRUE, error)))
    return NULL;
  if (current->len == run->editions->len && !run_is_outdated (run, current))
    return g_steal_pointer (&current);

  if (!(all = pb_case_store_list_editions (store, FALSE, error)))
    return NULL;
  for (guint i = 0; i < run->editions->len; i++)
    {
      PbScreenedEdition *screened = g_ptr_array_index (run->editions, i);
      PbListEdition *edition = NULL;

      for (guint j = 0; j < all->len && edition == NULL; j++)
        if (same_edition (screened, g_ptr_array_index (all, j)))
          edition = g_ptr_array_index (all, j);
      if (edition == NULL)
        {
          *missing = g_strdup_printf ("%s %s", screened->list_id, screened->file_sha256);
          return NULL;
        }
      g_ptr_array_add (found, g_object_ref (edition));
    }

  return g_steal_pointer (&found);
}

/* Whether the run records @hit of @party as its lists give it: the same
 * entry (by its SHA-256), on the edition and list it was found in, for the
 * question its list asks. */
static gboolean
run_records_hit (PbScreeningRun  *run,
                 PbCaseParty     *party,
                 PbScreeningHit  *hit,
                 const char      *entry_sha256,
                 const char      *question)
{
  for (guint i = 0; i < run->hits->len; i++)
    {
      PbCaseHit *recorded = g_ptr_array_index (run->hits, i);

      if (g_strcmp0 (recorded->party_id, party->id) == 0 &&
          g_strcmp0 (recorded->entry_sha256, entry_sha256) == 0 &&
          g_strcmp0 (recorded->list_id, pb_list_edition_get_list_id (hit->edition)) == 0 &&
          g_strcmp0 (recorded->edition_sha256, pb_list_edition_get_file_sha256 (hit->edition)) == 0 &&
          g_strcmp0 (recorded->question_id, question) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
refuse_run (GError         **error,
            const char      *case_id,
            PbScreeningRun  *run,
            const char      *why)
{
  /* Translators: a case id, an event number, then what is wrong with it */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
               _("The screening of case “%s” (event %u) is not what its own lists give: %s; screen the case again"),
               case_id, run->event, why);
  return FALSE;
}

/* Every edition claims only the questions its list answers (an older
 * Probity may have named fewer); NULL when so, else why not. */
static char *
run_questions_why (PbScreeningRun *run)
{
  for (guint i = 0; i < run->editions->len; i++)
    {
      PbScreenedEdition *edition = g_ptr_array_index (run->editions, i);
      const char * const *own = pb_screening_list_questions (edition->list_id);

      for (guint q = 0; edition->questions != NULL && edition->questions[q] != NULL; q++)
        if (!g_strv_contains (own, edition->questions[q]))
          /* Translators: a list id such as eu-fsf, then a question id such as S2.02a */
          return g_strdup_printf (_("it says the list %s answers %s, which that list does not"),
                                  edition->list_id, edition->questions[q]);
    }

  return NULL;
}

/* Screens the parties @run recorded again against the editions it names, at
 * its threshold. TRUE with @why NULL when the run records every hit found
 * (or, @not_checked set, when this file does not hold its editions); TRUE
 * with @why saying what its lists contradict, naming every hit it misses;
 * FALSE on another error. */
static gboolean
check_run_why (PbCaseStore     *store,
               const char      *case_id,
               PbScreeningRun  *run,
               char           **why,
               char           **not_checked,
               GError         **error)
{
  g_autoptr(PbScreeningIndexCache) cache = NULL;
  g_autoptr(PbScreeningIndex) index = NULL;
  g_autoptr(GPtrArray) editions = NULL;
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) missed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *missing = NULL;
  double threshold = run_threshold (run);

  *why = NULL;
  /* A run "at" a threshold above Probity's finds fewer hits than Probity's
   * own screening would: its "nothing found" is no screening's word. */
  if (!pb_screening_threshold_is_valid (threshold))
    {
      /* Translators: three scores such as 0.99, 0.50 and 0.85 */
      *why = g_strdup_printf (_("its threshold %.2f is not one Probity screens at (%.2f to %.2f)"),
                              threshold, PB_SCREENING_MIN_THRESHOLD, PB_NAME_MATCH_THRESHOLD);
      return TRUE;
    }
  if ((*why = run_questions_why (run)) != NULL)
    return TRUE;

  if (!(editions = run_editions (store, run, &missing, error)))
    {
      if (missing == NULL)
        return FALSE;
      /* On a server the lists are the administrator's and kept for good:
       * an edition it never held was not screened against. A file may
       * come from elsewhere (db copy, a case file) without its lists. */
      if (pb_case_store_is_server_location (pb_case_store_get_path (store)))
        /* Translators: a list id and the SHA-256 of its file */
        *why = g_strdup_printf (_("it names a list edition this server does not hold (%s)"), missing);
      else
        /* Translators: a case id, an event number, then a list id and the SHA-256 of its file */
        *not_checked = g_strdup_printf (_("The screening of case “%s” (event %u) was not checked: this file does not hold "
                                          "the list edition it names (%s)"), case_id, run->event, missing);
      return TRUE;
    }

  cache = pb_screening_index_cache_get_for_store (store);
  if (!(index = pb_screening_index_cache_get_index (cache, store, editions, error)))
    return FALSE;

  for (guint p = 0; p < run->parties->len; p++)
    {
      PbCaseParty *party = g_ptr_array_index (run->parties, p);
      g_autoptr(GPtrArray) hits = screen_party (index, party, threshold, &keep);

      for (guint h = 0; h < hits->len; h++)
        {
          PbScreeningHit *hit = ((PartyHit *) g_ptr_array_index (hits, h))->hit;
          g_autoptr(PbListEntry) entry = NULL;
          g_autofree char *sha256 = NULL;
          const char *list_id = pb_list_edition_get_list_id (hit->edition);

          if (!(entry = pb_case_store_get_list_entry (store, hit->entry_id, &sha256, error)))
            return FALSE;
          if (!run_records_hit (run, party, hit, sha256, pb_screening_entry_question (list_id, entry->source_list)))
            /* Translators: a party's name, the name listed, then a list id such as eu-fsf */
            g_ptr_array_add (missed, g_strdup_printf (_("“%s” on “%s” (%s)"), party->name, hit->listed_name, list_id));
        }
    }

  if (missed->len == 1)
    /* Translators: a hit, as "“party” on “listed name” (list)" */
    *why = g_strdup_printf (_("it misses the hit of %s"), (char *) g_ptr_array_index (missed, 0));
  else if (missed->len > 1)
    {
      g_autofree char *all = NULL;

      g_ptr_array_add (missed, NULL);
      all = g_strjoinv ("; ", (char **) missed->pdata);
      /* Translators: the hits, each as "“party” on “listed name” (list)", separated by ";" */
      *why = g_strdup_printf (_("it misses the hits of %s"), all);
    }

  return TRUE;
}

/* check_run_why(), refusing a run its lists contradict. */
static gboolean
check_run (PbCaseStore     *store,
           const char      *case_id,
           PbScreeningRun  *run,
           char           **not_checked,
           GError         **error)
{
  g_autofree char *why = NULL;

  if (!check_run_why (store, case_id, run, &why, not_checked, error))
    return FALSE;
  if (why != NULL)
    return refuse_run (error, case_id, run, why);

  return TRUE;
}

char *
pb_case_screening_contradiction (PbCaseStore      *store,
                                 const char       *case_id,
                                 PbCaseScreening  *screening,
                                 GError          **error)
{
  PbScreeningRun *run;
  g_autofree char *why = NULL;
  g_autofree char *not_checked = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (screening != NULL, NULL);

  if ((run = pb_case_screening_get_latest (screening)) == NULL ||
      !check_run_why (store, case_id, run, &why, &not_checked, error) ||
      why == NULL)
    return NULL;

  /* Translators: an event number, then what the lists contradict ("it misses the hit of …") */
  return g_strdup_printf (_("The screening of event %u is contradicted by its own lists: %s. Its result is not "
                            "the lists’ word: screen the case again."), run->event, why);
}

gboolean
pb_case_check_screening_run (PbCaseStore     *store,
                             const char      *case_id,
                             PbScreeningRun  *run,
                             char           **not_checked,
                             GError         **error)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (not_checked != NULL && *not_checked == NULL, FALSE);

  return run == NULL || check_run (store, case_id, run, not_checked, error);
}

gboolean
pb_case_check_screening (PbCaseStore  *store,
                         const char   *case_id,
                         guint        *event,
                         char        **not_checked,
                         GError      **error)
{
  g_autoptr(PbCaseScreening) screening = NULL;
  PbScreeningRun *run;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (not_checked != NULL && *not_checked == NULL, FALSE);

  if (event != NULL)
    *event = 0;
  if (!(screening = pb_case_store_get_screening (store, case_id, 0, error)))
    return FALSE;
  if ((run = pb_case_screening_get_latest (screening)) == NULL)
    return TRUE;
  if (event != NULL)
    *event = run->event;

  return check_run (store, case_id, run, not_checked, error);
}

static gboolean
is_approval_event (PbHistoryEvent *event)
{
  PbCaseStatus status;

  return pb_history_event_get_kind (event) == PB_EVENT_STATUS_CHANGED &&
         pb_case_status_from_string (pb_history_event_get_new_value (event), &status) &&
         (status == PB_CASE_STATUS_APPROVED || status == PB_CASE_STATUS_APPROVED_WITH_CONDITIONS ||
          status == PB_CASE_STATUS_AWAITING_SECOND_APPROVAL);
}

gboolean
pb_case_verify_screenings (PbCaseStore  *store,
                           const char   *case_id,
                           guint        *n_checked,
                           char        **not_checked,
                           guint        *broken,
                           GError      **error)
{
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(GListModel) history = NULL;
  g_autoptr(GHashTable) relied = g_hash_table_new (NULL, NULL);
  GPtrArray *runs;
  guint n;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (not_checked != NULL && *not_checked == NULL, FALSE);

  *n_checked = 0;
  *broken = 0;
  if (!(screening = pb_case_store_get_screening (store, case_id, 0, error)) ||
      !(history = pb_case_store_list_history (store, case_id, error)))
    return FALSE;

  runs = pb_case_screening_get_runs (screening);
  if (runs->len == 0)
    return TRUE;

  /* The screening each approval was taken on, and the latest. */
  g_hash_table_add (relied, g_ptr_array_index (runs, runs->len - 1));
  n = g_list_model_get_n_items (history);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbHistoryEvent) event = g_list_model_get_item (history, i);
      PbScreeningRun *before = NULL;

      if (!is_approval_event (event))
        continue;
      for (guint r = 0; r < runs->len; r++)
        {
          PbScreeningRun *run = g_ptr_array_index (runs, r);

          if (run->event < pb_history_event_get_seq (event))
            before = run;
        }
      if (before != NULL)
        g_hash_table_add (relied, before);
    }

  for (guint r = 0; r < runs->len; r++)
    {
      PbScreeningRun *run = g_ptr_array_index (runs, r);
      g_autofree char *unchecked = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!g_hash_table_contains (relied, run))
        continue;
      if (!check_run (store, case_id, run, &unchecked, &local_error))
        {
          if (g_error_matches (local_error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED))
            *broken = run->event;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (unchecked != NULL && *not_checked == NULL)
        *not_checked = g_steal_pointer (&unchecked);
      else if (unchecked == NULL)
        (*n_checked)++;
    }

  return TRUE;
}
