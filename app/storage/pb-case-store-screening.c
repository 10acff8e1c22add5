/* pb-case-store-screening.c: parties, screenings and hit decisions as
 * events of a case, and their replay
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pb-case-screening.h"
#include "pb-case-store-private.h"
#include "pb-countries.h"
#include "pb-db-statements.h"
#include "pb-i18n.h"

struct _PbCaseScreening
{
  GPtrArray      *parties;    /* PbCaseParty, the current ones, customer first */
  GPtrArray      *removed;    /* PbCaseParty */
  guint           n_added;
  GPtrArray      *runs;       /* PbScreeningRun */
  GHashTable     *hits;       /* id -> PbCaseHit (owned by their run) */
  GHashTable     *decisions;  /* "party\x1fentry_sha256" -> PbCaseHit, the last decided */
};

static const char * const hit_status_names[] = { "open", "cleared", "confirmed" };
static const char * const party_roles[] = { "customer", "end-user", "consignee", "intermediary", NULL };

const char *
pb_hit_status_to_string (PbHitStatus status)
{
  g_return_val_if_fail (status <= PB_HIT_CONFIRMED, NULL);

  return hit_status_names[status];
}

const char *
pb_hit_status_get_label (PbHitStatus status)
{
  switch (status)
    {
    case PB_HIT_CLEARED:
      return _("Cleared");
    case PB_HIT_CONFIRMED:
      return _("Confirmed match");
    case PB_HIT_OPEN:
    default:
      return _("Open");
    }
}

gboolean
pb_hit_status_from_string (const char  *str,
                           PbHitStatus *status)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (hit_status_names); i++)
    {
      if (strcmp (str, hit_status_names[i]) == 0)
        {
          *status = i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
party_free (PbCaseParty *party)
{
  g_free (party->id);
  g_free (party->role);
  g_free (party->name);
  g_strfreev (party->aliases);
  g_free (party->country);
  g_strfreev (party->identifiers);
  g_free (party->added);
  g_free (party->added_by);
  g_free (party->removed);
  g_free (party->removed_by);
  g_free (party->removed_reason);
  g_free (party);
}

static PbCaseParty *
party_copy (const PbCaseParty *from)
{
  PbCaseParty *party = g_new0 (PbCaseParty, 1);

  party->id = g_strdup (from->id);
  party->role = g_strdup (from->role);
  party->name = g_strdup (from->name);
  party->aliases = g_strdupv (from->aliases);
  party->country = g_strdup (from->country);
  party->identifiers = g_strdupv (from->identifiers);
  party->added = g_strdup (from->added);
  party->added_by = g_strdup (from->added_by);
  party->removed = g_strdup (from->removed);
  party->removed_by = g_strdup (from->removed_by);
  party->removed_reason = g_strdup (from->removed_reason);

  return party;
}

static void
edition_free (PbScreenedEdition *edition)
{
  g_free (edition->list_id);
  g_free (edition->publisher);
  g_free (edition->title);
  g_free (edition->published);
  g_free (edition->file_sha256);
  g_strfreev (edition->questions);
  g_free (edition);
}

void
pb_prior_decision_free (PbPriorDecision *self)
{
  if (self == NULL)
    return;

  g_free (self->case_id);
  g_free (self->decided_by);
  g_free (self->decided_role);
  g_free (self->decided_at);
  g_free (self->reason);
  g_free (self->party_name);
  g_free (self->party_country);
  g_strfreev (self->party_identifiers);
  g_free (self->list_id);
  g_free (self->entry_ref);
  g_free (self->entry_sha256);
  g_free (self->edition_sha256);
  g_free (self->edition_published);
  g_free (self);
}

static void
hit_free (PbCaseHit *hit)
{
  g_free (hit->id);
  g_free (hit->party_id);
  g_free (hit->query);
  g_free (hit->list_id);
  g_free (hit->source);
  g_free (hit->question_id);
  g_free (hit->edition_sha256);
  g_free (hit->entry_sha256);
  g_free (hit->entry_ref);
  g_free (hit->listed_name);
  g_free (hit->explanation);
  g_free (hit->entry_json);
  g_free (hit->decided_by);
  g_free (hit->decided_role);
  g_free (hit->decided_at);
  g_free (hit->reason);
  g_clear_pointer (&hit->priors, g_ptr_array_unref);
  g_free (hit->adopted_case);
  g_free (hit->adopted_by);
  g_free (hit->adopted_at);
  g_free (hit);
}

static void
run_free (PbScreeningRun *run)
{
  g_free (run->time);
  g_free (run->user);
  g_ptr_array_unref (run->editions);
  g_ptr_array_unref (run->party_ids);
  g_ptr_array_unref (run->parties);
  g_ptr_array_unref (run->hits);
  g_free (run);
}

void
pb_case_screening_free (PbCaseScreening *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->decisions);
  g_hash_table_unref (self->hits);
  g_ptr_array_unref (self->runs);
  g_ptr_array_unref (self->removed);
  g_ptr_array_unref (self->parties);
  g_free (self);
}

/* The replay before any event: the customer alone. */
static PbCaseScreening *
screening_new (PbCustomer *customer)
{
  PbCaseScreening *self = g_new0 (PbCaseScreening, 1);
  PbCaseParty *party = g_new0 (PbCaseParty, 1);

  self->parties = g_ptr_array_new_with_free_func ((GDestroyNotify) party_free);
  self->removed = g_ptr_array_new_with_free_func ((GDestroyNotify) party_free);
  self->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) run_free);
  self->hits = g_hash_table_new (g_str_hash, g_str_equal);
  self->decisions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  party->id = g_strdup ("customer");
  party->role = g_strdup ("customer");
  party->name = g_strdup (pb_customer_get_name (customer));
  party->aliases = g_strdupv ((GStrv) pb_customer_get_aliases (customer));
  if (party->aliases == NULL)
    party->aliases = g_new0 (char *, 1);
  party->country = g_strdup (pb_customer_get_country (customer));
  party->identifiers = g_new0 (char *, 1);
  party->added = g_strdup (pb_customer_get_created (customer));
  g_ptr_array_add (self->parties, party);

  return self;
}

GPtrArray *
pb_case_screening_get_parties (PbCaseScreening *self)
{
  return self->parties;
}

PbCaseParty *
pb_case_screening_lookup_party (PbCaseScreening *self,
                                const char      *party_id)
{
  for (guint i = 0; party_id != NULL && i < self->parties->len; i++)
    {
      PbCaseParty *party = g_ptr_array_index (self->parties, i);

      if (strcmp (party->id, party_id) == 0)
        return party;
    }

  return NULL;
}

GPtrArray *
pb_case_screening_get_runs (PbCaseScreening *self)
{
  return self->runs;
}

PbScreeningRun *
pb_case_screening_get_latest (PbCaseScreening *self)
{
  return self->runs->len > 0 ? g_ptr_array_index (self->runs, self->runs->len - 1) : NULL;
}

PbCaseHit *
pb_case_screening_lookup_hit (PbCaseScreening *self,
                              const char      *hit_id)
{
  return hit_id != NULL ? g_hash_table_lookup (self->hits, hit_id) : NULL;
}

GPtrArray *
pb_case_screening_get_removed (PbCaseScreening *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->removed;
}

gboolean
pb_case_screening_was_screened (PbCaseScreening *self,
                                const char      *party_id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (party_id != NULL, FALSE);

  for (guint i = 0; i < self->runs->len; i++)
    {
      PbScreeningRun *run = g_ptr_array_index (self->runs, i);

      if (g_ptr_array_find_with_equal_func (run->party_ids, party_id, g_str_equal, NULL))
        return TRUE;
    }

  return FALSE;
}

gboolean
pb_case_screening_is_stale (PbCaseScreening *self)
{
  PbScreeningRun *latest = pb_case_screening_get_latest (self);

  for (guint i = 0; i < self->parties->len; i++)
    {
      PbCaseParty *party = g_ptr_array_index (self->parties, i);

      if (latest == NULL || !g_ptr_array_find_with_equal_func (latest->party_ids, party->id, g_str_equal, NULL))
        return TRUE;
    }

  return FALSE;
}

guint
pb_case_screening_count_open (PbCaseScreening *self)
{
  PbScreeningRun *latest = pb_case_screening_get_latest (self);
  guint n = 0;

  for (guint i = 0; latest != NULL && i < latest->hits->len; i++)
    {
      PbCaseHit *hit = g_ptr_array_index (latest->hits, i);

      if (hit->status == PB_HIT_OPEN && pb_case_screening_lookup_party (self, hit->party_id) != NULL)
        n++;
    }

  return n;
}

/* clear < possible < confirmed: the answer of more concern wins. */
static void
raise_fact (GHashTable *facts,
            const char *question_id,
            const char *value)
{
  static const char * const order[] = { "clear", "possible", "confirmed" };
  const char *current = g_hash_table_lookup (facts, question_id);
  guint current_rank = 0, rank = 0;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      if (g_strcmp0 (current, order[i]) == 0)
        current_rank = i;
      if (strcmp (value, order[i]) == 0)
        rank = i;
    }

  if (current == NULL || rank > current_rank)
    g_hash_table_insert (facts, (gpointer) question_id, (gpointer) order[rank]);
}

/* The question of the national lists of the exporter's country beyond
 * those asked one by one (S2.02a-h). */
#define NATIONAL_QUESTION "S2.02i"

/* The country whose own lists a list edition holds, beyond those asked one
 * by one: the US Consolidated Screening List holds every US export
 * screening list (the Foreign Sanctions Evaders among them), and the UK
 * Sanctions List every designation under the Sanctions and Anti-Money
 * Laundering Act 2018 (s. 1), which is all the UK has since it replaced
 * OFSI's consolidated list. The EU's list holds the Union's designations,
 * not those a Member State makes by national law, so it holds no country's
 * own lists. NULL: none. */
static const char *
national_lists_of (const char *list_id)
{
  if (g_strcmp0 (list_id, "us-csl") == 0)
    return "US";
  if (g_strcmp0 (list_id, "uk-fcdo") == 0)
    return "GB";

  return NULL;
}

static const char *
string_answer (PbAnswerSet *answers,
               const char  *question_id)
{
  PbAnswer *answer = answers != NULL ? pb_answer_set_lookup (answers, question_id) : NULL;

  return answer != NULL && pb_answer_get_kind (answer) == PB_ANSWER_STRING ? pb_answer_get_string (answer) : NULL;
}

/* The exporter's country, S0.01, or NULL. */
static const char *
exporter_country (PbAnswerSet *answers)
{
  return string_answer (answers, "S0.01");
}

PbAnswerSet *
pb_case_screening_get_facts (PbCaseScreening *self,
                             PbAnswerSet     *seller)
{
  PbScreeningRun *latest = pb_case_screening_get_latest (self);
  const char *exporter = exporter_country (seller);
  g_autoptr(GHashTable) facts = NULL;
  PbAnswerSet *answers;
  GHashTableIter iter;
  gpointer key, value;

  if (latest == NULL)
    return NULL;

  facts = g_hash_table_new (g_str_hash, g_str_equal);

  /* "clear" only when the screening covered every party of the case. */
  if (!pb_case_screening_is_stale (self))
    {
      for (guint i = 0; i < latest->editions->len; i++)
        {
          PbScreenedEdition *edition = g_ptr_array_index (latest->editions, i);

          for (guint q = 0; edition->questions[q] != NULL; q++)
            raise_fact (facts, edition->questions[q], "clear");
          if (exporter != NULL && g_strcmp0 (national_lists_of (edition->list_id), exporter) == 0)
            raise_fact (facts, NATIONAL_QUESTION, "clear");
        }
    }

  for (guint i = 0; i < latest->hits->len; i++)
    {
      PbCaseHit *hit = g_ptr_array_index (latest->hits, i);

      /* A party removed since is no party of the deal. */
      if (hit->question_id == NULL || pb_case_screening_lookup_party (self, hit->party_id) == NULL)
        continue;
      /* Another country's national list binds another country's exporters. */
      if (strcmp (hit->question_id, NATIONAL_QUESTION) == 0 &&
          (exporter == NULL || g_strcmp0 (national_lists_of (hit->list_id), exporter) != 0))
        continue;
      if (hit->status == PB_HIT_OPEN)
        raise_fact (facts, hit->question_id, "possible");
      else if (hit->status == PB_HIT_CONFIRMED)
        raise_fact (facts, hit->question_id, "confirmed");
    }

  answers = pb_answer_set_new ();
  g_hash_table_iter_init (&iter, facts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(PbAnswer) answer = pb_answer_new_string (value);

      pb_answer_set_insert (answers, key, answer);
    }

  return answers;
}

/* Which lists bind the deal ------------------------------------------------- */

/* The legal orders that reach the deal, as the questionnaire's BIND_EU,
 * BIND_UK and BIND_US say: the exporter's establishment (S0.01), the
 * deployment (S0.02) and the persons of other jurisdictions taking part
 * (S0.03). */
static PbJurisdiction
deal_jurisdictions (PbAnswerSet *answers)
{
  PbAnswer *others = answers != NULL ? pb_answer_set_lookup (answers, "S0.03") : NULL;
  PbJurisdiction jurisdictions = pb_jurisdiction_of_country (string_answer (answers, "S0.01")) |
                                 pb_jurisdiction_of_country (string_answer (answers, "S0.02"));

  if (others != NULL && pb_answer_get_kind (others) == PB_ANSWER_CODES)
    for (const char * const *code = pb_answer_get_codes (others); *code != NULL; code++)
      jurisdictions |= pb_jurisdiction_from_string (*code);

  return jurisdictions;
}

/* Whether the list of @question_id binds the deal (METHOD.md, Step 2). */
static gboolean
list_binds (const char     *question_id,
            PbJurisdiction  jurisdictions,
            gboolean        ear)
{
  switch (question_id[5])
    {
    case 'a':
      return (jurisdictions & PB_JURISDICTION_EU) != 0;
    case 'c':
      return (jurisdictions & PB_JURISDICTION_UK) != 0;
    case 'd':
      return (jurisdictions & PB_JURISDICTION_US) != 0;
    case 'e': case 'f': case 'g': case 'h':
      /* Items subject to the EAR: exported from the United States, or a
       * US-origin item re-exported, US content above de minimis, a foreign
       * direct product (S0.04; 15 CFR 734.3). */
      return ear;
    case 'b':   /* every UN member applies the Security Council's decisions */
    case 'i':   /* the exporter's own national lists */
    default:
      return TRUE;
    }
}

static PbBindingState
binding_state (PbCaseScreening *self,
               const char      *question_id,
               const char      *exporter)
{
  PbScreeningRun *latest = self != NULL ? pb_case_screening_get_latest (self) : NULL;
  gboolean national = strcmp (question_id, NATIONAL_QUESTION) == 0;

  /* Probity imports a country's own lists for the US and the UK only. */
  if (national && (exporter == NULL || (strcmp (exporter, "US") != 0 && strcmp (exporter, "GB") != 0)))
    return PB_BINDING_NO_LIST;

  if (latest == NULL || pb_case_screening_is_stale (self))
    return PB_BINDING_NOT_SCREENED;

  for (guint i = 0; i < latest->editions->len; i++)
    {
      PbScreenedEdition *edition = g_ptr_array_index (latest->editions, i);

      if (national ? g_strcmp0 (national_lists_of (edition->list_id), exporter) == 0
                   : g_strv_contains ((const char * const *) edition->questions, question_id))
        return PB_BINDING_SCREENED;
    }

  return PB_BINDING_NOT_SCREENED;
}

GArray *
pb_case_screening_get_binding_lists (PbCaseScreening *self,
                                     PbAnswerSet     *answers)
{
  static const char * const questions[] = {
    "S2.02a", "S2.02b", "S2.02c", "S2.02d", "S2.02e", "S2.02f", "S2.02g", "S2.02h", NATIONAL_QUESTION,
  };
  const char *exporter = exporter_country (answers);
  PbJurisdiction jurisdictions = deal_jurisdictions (answers);
  gboolean ear = g_strcmp0 (exporter, "US") == 0 || g_strcmp0 (string_answer (answers, "S0.04"), "subject-to-ear") == 0;
  GArray *lists = g_array_new (FALSE, FALSE, sizeof (PbBindingList));

  for (guint q = 0; q < G_N_ELEMENTS (questions); q++)
    {
      PbBindingList list = { questions[q], PB_BINDING_NOT_SCREENED };

      if (!list_binds (questions[q], jurisdictions, ear))
        continue;
      list.state = binding_state (self, questions[q], exporter);
      g_array_append_val (lists, list);
    }

  return lists;
}

const char *
pb_binding_state_get_label (PbBindingState state)
{
  switch (state)
    {
    case PB_BINDING_SCREENED:
      return _("answered by the screening");
    case PB_BINDING_NO_LIST:
      return _("not verified: Probity imports no list that answers it for the exporter’s country, "
               "so the answer is the assessor’s own");
    case PB_BINDING_NOT_SCREENED:
    default:
      return _("not verified: no edition of this list was screened for every party, "
               "so the answer is the assessor’s own");
    }
}

/* Reading the data of events ------------------------------------------------ */

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static GStrv
member_strv (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (item));
        }
    }

  return g_strv_builder_end (builder);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
element_object (JsonArray *array,
                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
inconsistent (GError     **error,
              const char  *format,
              ...) G_GNUC_PRINTF (2, 3);

static gboolean
inconsistent (GError     **error,
              const char  *format,
              ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED, message);

  return FALSE;
}

static gboolean
apply_party_added (PbCaseScreening  *self,
                   const char       *time,
                   const char       *user,
                   const char       *party_id,
                   const char       *data,
                   GError          **error)
{
  g_autoptr(JsonNode) root = data != NULL ? json_from_string (data, NULL) : NULL;
  g_autofree char *expected = g_strdup_printf ("P%u", self->n_added + 1);
  JsonObject *object;
  PbCaseParty *party;
  const char *role, *name;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) || g_strcmp0 (party_id, expected) != 0)
    return inconsistent (error, _("it adds a party whose number or data is not the next one"));

  object = json_node_get_object (root);
  role = member_string (object, "role");
  name = member_string (object, "name");
  if (role == NULL || !g_strv_contains (party_roles + 1, role) || _pb_case_store_is_blank (name))
    return inconsistent (error, _("it adds a party without a name or with an unknown role"));

  party = g_new0 (PbCaseParty, 1);
  party->id = g_strdup (party_id);
  party->role = g_strdup (role);
  party->name = g_strdup (name);
  party->aliases = g_new0 (char *, 1);
  party->country = g_strdup (member_string (object, "country"));
  party->identifiers = member_strv (object, "identifiers");
  party->added = g_strdup (time);
  party->added_by = g_strdup (user);
  g_ptr_array_add (self->parties, party);
  self->n_added++;

  return TRUE;
}

static gboolean
apply_party_removed (PbCaseScreening  *self,
                     const char       *time,
                     const char       *user,
                     const char       *party_id,
                     const char       *reason,
                     GError          **error)
{
  PbCaseParty *party;
  guint index;

  if (g_strcmp0 (party_id, "customer") == 0 || pb_case_screening_lookup_party (self, party_id) == NULL)
    return inconsistent (error, _("it removes a party the case does not have"));

  for (index = 0; index < self->parties->len; index++)
    {
      if (strcmp (((PbCaseParty *) g_ptr_array_index (self->parties, index))->id, party_id) == 0)
        break;
    }
  party = g_ptr_array_steal_index (self->parties, index);
  party->removed = g_strdup (time);
  party->removed_by = g_strdup (user);
  party->removed_reason = g_strdup (reason);
  g_ptr_array_add (self->removed, party);

  return TRUE;
}

static char *
decision_key (const char *party_id,
              const char *entry_sha256)
{
  return g_strconcat (party_id, "\x1f", entry_sha256, NULL);
}

static gboolean
is_score (JsonObject *object,
          double     *score)
{
  JsonNode *node = json_object_get_member (object, "score");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64))
    return FALSE;

  *score = json_node_get_double (node);

  return *score >= 0 && *score <= 1.0;
}

static gboolean
read_editions (PbScreeningRun  *run,
               JsonArray       *editions,
               GError         **error)
{
  for (guint i = 0; editions != NULL && i < json_array_get_length (editions); i++)
    {
      JsonObject *object = element_object (editions, i);
      PbScreenedEdition *edition;

      if (object == NULL || member_string (object, "list") == NULL ||
          !_pb_case_store_is_sha256_hex (member_string (object, "file_sha256")))
        return inconsistent (error, _("a list edition it names has no list or SHA-256"));

      edition = g_new0 (PbScreenedEdition, 1);
      edition->list_id = g_strdup (member_string (object, "list"));
      edition->publisher = g_strdup (member_string (object, "publisher"));
      edition->title = g_strdup (member_string (object, "title"));
      edition->published = g_strdup (member_string (object, "published"));
      edition->file_sha256 = g_strdup (member_string (object, "file_sha256"));
      edition->n_entries = json_object_get_int_member_with_default (object, "entries", 0);
      edition->questions = member_strv (object, "questions");
      g_ptr_array_add (run->editions, edition);
    }

  if (run->editions->len == 0)
    return inconsistent (error, _("it names no list edition"));

  return TRUE;
}

static gboolean
read_parties (PbCaseScreening  *self,
              PbScreeningRun   *run,
              JsonArray        *parties,
              GError          **error)
{
  for (guint i = 0; parties != NULL && i < json_array_get_length (parties); i++)
    {
      JsonObject *object = element_object (parties, i);
      const char *party_id = object != NULL ? member_string (object, "party") : NULL;
      PbCaseParty *party = pb_case_screening_lookup_party (self, party_id);

      if (party == NULL || g_ptr_array_find_with_equal_func (run->party_ids, party_id, g_str_equal, NULL))
        return inconsistent (error, _("it screens a party the case does not have at that point"));

      g_ptr_array_add (run->party_ids, g_strdup (party_id));
      g_ptr_array_add (run->parties, party_copy (party));
    }

  if (run->party_ids->len == 0)
    return inconsistent (error, _("it screens no party"));

  return TRUE;
}

static gboolean
has_edition (PbScreeningRun *run,
             const char     *list_id,
             const char     *sha256)
{
  for (guint i = 0; i < run->editions->len; i++)
    {
      PbScreenedEdition *edition = g_ptr_array_index (run->editions, i);

      if (g_strcmp0 (edition->list_id, list_id) == 0 && g_strcmp0 (edition->file_sha256, sha256) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The decisions of other cases a screening offered for a hit (see
 * pb_case_screen()): each names its case, event, decision, reviewer, date,
 * reason, party and the entry it was taken on. */
static gboolean
read_priors (PbCaseHit   *hit,
             JsonArray   *priors,
             guint        index,
             GError     **error)
{
  for (guint i = 0; priors != NULL && i < json_array_get_length (priors); i++)
    {
      JsonObject *object = element_object (priors, i);
      g_autoptr(PbPriorDecision) prior = g_new0 (PbPriorDecision, 1);
      gint64 event;

      if (object == NULL ||
          member_string (object, "case") == NULL || member_string (object, "party") == NULL ||
          member_string (object, "by") == NULL || member_string (object, "at") == NULL ||
          _pb_case_store_is_blank (member_string (object, "reason")) ||
          !_pb_case_store_is_sha256_hex (member_string (object, "entry_sha256")) ||
          !pb_hit_status_from_string (member_string (object, "decision"), &prior->status) ||
          prior->status == PB_HIT_OPEN ||
          (event = json_object_get_int_member_with_default (object, "event", 0)) <= 0 || event > G_MAXUINT)
        /* Translators: a number */
        return inconsistent (error, _("its hit %u offers a decision of another case without its case, event, "
                                      "decision, reviewer, date, reason, party or entry"), index + 1);

      prior->case_id = g_strdup (member_string (object, "case"));
      prior->event = event;
      prior->decided_by = g_strdup (member_string (object, "by"));
      prior->decided_role = g_strdup (member_string (object, "role"));
      prior->decided_at = g_strdup (member_string (object, "at"));
      prior->reason = g_strdup (member_string (object, "reason"));
      prior->party_name = g_strdup (member_string (object, "party"));
      prior->party_country = g_strdup (member_string (object, "country"));
      prior->party_identifiers = member_strv (object, "identifiers");
      prior->list_id = g_strdup (member_string (object, "list"));
      prior->entry_ref = g_strdup (member_string (object, "reference"));
      prior->entry_sha256 = g_strdup (member_string (object, "entry_sha256"));
      prior->edition_sha256 = g_strdup (member_string (object, "edition"));
      prior->edition_published = g_strdup (member_string (object, "published"));
      prior->entry_changed = g_strcmp0 (prior->entry_sha256, hit->entry_sha256) != 0;
      g_ptr_array_add (hit->priors, g_steal_pointer (&prior));
    }

  return TRUE;
}

static gboolean
read_hits (PbCaseScreening  *self,
           PbScreeningRun   *run,
           JsonArray        *hits,
           GError          **error)
{
  for (guint i = 0; hits != NULL && i < json_array_get_length (hits); i++)
    {
      JsonObject *object = element_object (hits, i);
      g_autofree char *entry_sha256 = NULL;
      g_autofree char *key = NULL;
      const char *entry;
      PbCaseHit *hit, *decided;
      double score;

      if (object == NULL || member_string (object, "party") == NULL ||
          !g_ptr_array_find_with_equal_func (run->party_ids, member_string (object, "party"), g_str_equal, NULL) ||
          !has_edition (run, member_string (object, "list"), member_string (object, "edition")) ||
          (entry = member_string (object, "entry")) == NULL || member_string (object, "listed_name") == NULL ||
          !is_score (object, &score))
        /* Translators: a number */
        return inconsistent (error, _("its hit %u names no party, edition, listed entry or score of the screening"), i + 1);

      entry_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, entry, -1);
      if (g_strcmp0 (entry_sha256, member_string (object, "entry_sha256")) != 0)
        /* Translators: a number */
        return inconsistent (error, _("the listed entry of its hit %u no longer matches its SHA-256"), i + 1);

      hit = g_new0 (PbCaseHit, 1);
      hit->id = g_strdup_printf ("H%u.%u", run->event, i + 1);
      hit->screening = run->event;
      hit->party_id = g_strdup (member_string (object, "party"));
      hit->query = g_strdup (member_string (object, "query"));
      hit->list_id = g_strdup (member_string (object, "list"));
      hit->source = g_strdup (member_string (object, "source"));
      hit->question_id = g_strdup (member_string (object, "question"));
      hit->edition_sha256 = g_strdup (member_string (object, "edition"));
      hit->entry_sha256 = g_steal_pointer (&entry_sha256);
      hit->entry_ref = g_strdup (member_string (object, "reference"));
      hit->listed_name = g_strdup (member_string (object, "listed_name"));
      hit->explanation = g_strdup (member_string (object, "explanation"));
      hit->entry_json = g_strdup (entry);
      hit->score = score;
      hit->priors = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_prior_decision_free);
      if (!read_priors (hit, member_array (object, "prior"), i, error))
        {
          hit_free (hit);
          return FALSE;
        }

      /* A decision on the same party and entry (the same SHA-256: the
       * entry unchanged) is remembered: the hit comes back decided. */
      key = decision_key (hit->party_id, hit->entry_sha256);
      if ((decided = g_hash_table_lookup (self->decisions, key)) != NULL)
        {
          hit->status = decided->status;
          hit->carried = TRUE;
          hit->decided_event = decided->decided_event;
          hit->decided_by = g_strdup (decided->decided_by);
          hit->decided_role = g_strdup (decided->decided_role);
          hit->decided_at = g_strdup (decided->decided_at);
          hit->reason = g_strdup (decided->reason);
          hit->adopted_case = g_strdup (decided->adopted_case);
          hit->adopted_event = decided->adopted_event;
          hit->adopted_by = g_strdup (decided->adopted_by);
          hit->adopted_at = g_strdup (decided->adopted_at);
        }

      g_ptr_array_add (run->hits, hit);
      g_hash_table_insert (self->hits, hit->id, hit);
    }

  return TRUE;
}

static gboolean
apply_screened (PbCaseScreening  *self,
                guint             seq,
                guint             revision,
                const char       *time,
                const char       *user,
                const char       *data,
                GError          **error)
{
  g_autoptr(JsonNode) root = data != NULL ? json_from_string (data, NULL) : NULL;
  PbScreeningRun *run;
  JsonObject *object;
  JsonNode *threshold;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return inconsistent (error, _("its data is not a screening"));

  object = json_node_get_object (root);
  run = g_new0 (PbScreeningRun, 1);
  run->event = seq;
  run->revision = revision;
  run->time = g_strdup (time);
  run->user = g_strdup (user);
  run->editions = g_ptr_array_new_with_free_func ((GDestroyNotify) edition_free);
  run->party_ids = g_ptr_array_new_with_free_func (g_free);
  run->parties = g_ptr_array_new_with_free_func ((GDestroyNotify) party_free);
  run->hits = g_ptr_array_new_with_free_func ((GDestroyNotify) hit_free);
  threshold = json_object_get_member (object, "threshold");
  run->threshold = threshold != NULL && JSON_NODE_HOLDS_VALUE (threshold) ? json_node_get_double (threshold) : 0;

  if (!read_editions (run, member_array (object, "editions"), error) ||
      !read_parties (self, run, member_array (object, "parties"), error) ||
      !read_hits (self, run, member_array (object, "hits"), error))
    {
      for (guint i = 0; i < run->hits->len; i++)
        g_hash_table_remove (self->hits, ((PbCaseHit *) g_ptr_array_index (run->hits, i))->id);
      run_free (run);
      return FALSE;
    }

  g_ptr_array_add (self->runs, run);

  return TRUE;
}

static gboolean
apply_hit_decided (PbCaseScreening  *self,
                   guint             seq,
                   const char       *time,
                   const char       *user,
                   const char       *role,
                   const char       *old_value,
                   const char       *new_value,
                   const char       *reason,
                   const char       *data,
                   GError          **error)
{
  g_autofree char *hit_id = _pb_case_store_data_get (data, "hit");
  g_autofree char *prior_case = _pb_case_store_data_get (data, "prior_case");
  g_autofree char *prior_event = _pb_case_store_data_get (data, "prior_event");
  PbScreeningRun *latest = pb_case_screening_get_latest (self);
  PbCaseHit *hit = pb_case_screening_lookup_hit (self, hit_id);
  PbPriorDecision *prior = NULL;
  PbHitStatus decision;

  if (hit == NULL || latest == NULL || hit->screening != latest->event)
    return inconsistent (error, _("it decides a hit that is not one of the latest screening"));

  if (g_strcmp0 (old_value, pb_hit_status_to_string (hit->status)) != 0 ||
      !pb_hit_status_from_string (new_value, &decision) || decision == PB_HIT_OPEN ||
      _pb_case_store_is_blank (reason))
    return inconsistent (error, _("its decision does not follow from the hit's state, or has no reason"));

  /* An adopted decision is one the screening offered, on the same entry,
   * taken over as it was. */
  if (prior_case != NULL || prior_event != NULL)
    {
      for (guint i = 0; prior == NULL && i < hit->priors->len; i++)
        {
          PbPriorDecision *offered = g_ptr_array_index (hit->priors, i);
          g_autofree char *event = g_strdup_printf ("%u", offered->event);

          if (g_strcmp0 (offered->case_id, prior_case) == 0 && g_strcmp0 (event, prior_event) == 0)
            prior = offered;
        }
      if (prior == NULL || prior->entry_changed || prior->status != decision ||
          g_strcmp0 (prior->reason, reason) != 0)
        return inconsistent (error, _("it adopts a decision of another case that the screening did not offer "
                                      "for this entry as it is"));
    }

  hit->status = decision;
  hit->carried = FALSE;
  hit->decided_event = seq;
  g_free (hit->decided_by);
  hit->decided_by = g_strdup (user);
  g_free (hit->decided_role);
  hit->decided_role = g_strdup (role);
  g_free (hit->decided_at);
  hit->decided_at = g_strdup (time);
  g_free (hit->reason);
  hit->reason = g_strdup (reason);
  g_free (hit->adopted_case);
  hit->adopted_case = prior != NULL ? g_strdup (prior->case_id) : NULL;
  hit->adopted_event = prior != NULL ? prior->event : 0;
  g_free (hit->adopted_by);
  hit->adopted_by = prior != NULL ? g_strdup (prior->decided_by) : NULL;
  g_free (hit->adopted_at);
  hit->adopted_at = prior != NULL ? g_strdup (prior->decided_at) : NULL;
  g_hash_table_insert (self->decisions, decision_key (hit->party_id, hit->entry_sha256), hit);

  return TRUE;
}

/* Replays one event of kind party-added, party-removed, screened or
 * hit-decided; an event that does not follow from the ones before gives
 * PB_STORAGE_ERROR_TAMPERED saying why (the verifier names the event). */
gboolean
_pb_case_screening_apply (PbCaseScreening  *self,
                          guint             seq,
                          guint             revision,
                          const char       *time,
                          const char       *user,
                          const char       *role,
                          PbEventKind       kind,
                          const char       *old_value,
                          const char       *new_value,
                          const char       *reason,
                          const char       *data,
                          GError          **error)
{
  switch (kind)
    {
    case PB_EVENT_PARTY_ADDED:
      return apply_party_added (self, time, user, new_value, data, error);
    case PB_EVENT_PARTY_REMOVED:
      return apply_party_removed (self, time, user, old_value, reason, error);
    case PB_EVENT_SCREENED:
      return apply_screened (self, seq, revision, time, user, data, error);
    case PB_EVENT_HIT_DECIDED:
      return apply_hit_decided (self, seq, time, user, role, old_value, new_value, reason, data, error);
    default:
      g_return_val_if_reached (FALSE);
    }
}

PbCaseScreening *
_pb_case_screening_new_for_case (PbCaseStore  *self,
                                 const char   *case_id,
                                 GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(PbCustomer) customer = NULL;

  if (!(stmt = _pb_case_store_read_case_row (self, PB_SQL ("SELECT customer_uid FROM cases WHERE id = ?1"), case_id, error)))
    return NULL;

  if (!(customer = pb_case_store_get_customer (self, pb_db_stmt_column_text (stmt, 0), error)))
    return NULL;

  return screening_new (customer);
}

/* Replays onto @screening the events of @case_id after event @after, up to
 * event @until (0: the last) of @revision (0: all). */
static gboolean
replay_events (PbCaseStore      *self,
               PbCaseScreening  *screening,
               const char       *case_id,
               guint             revision,
               gint64            after,
               gint64            until,
               GError          **error)
{
  g_autoptr(PbDbStmt) events = NULL;
  int rc;

  if (!(events = pb_db_prepare_cached (self->db,
                                       PB_SQL ("SELECT seq, revision, time, \"user\", role, kind, old_value, new_value, reason, data"
                                               "  FROM events WHERE case_id = ?1 AND seq > ?3 AND (?4 = 0 OR seq <= ?4)"
                                               "   AND (?2 = 0 OR revision <= ?2)"
                                               "   AND kind IN ('party-added', 'party-removed', 'screened', 'hit-decided')"
                                               " ORDER BY seq"),
                                       error)))
    return FALSE;

  pb_db_stmt_bind_text (events, 1, case_id);
  pb_db_stmt_bind_int64 (events, 2, revision);
  pb_db_stmt_bind_int64 (events, 3, after);
  pb_db_stmt_bind_int64 (events, 4, until);
  while ((rc = pb_db_stmt_step (events, error)) == PB_DB_ROW)
    {
      g_autoptr(GError) local_error = NULL;
      PbEventKind kind;

      if (!pb_event_kind_from_string (pb_db_stmt_column_text (events, 5), &kind) ||
          !_pb_case_screening_apply (screening, pb_db_stmt_column_int (events, 0), pb_db_stmt_column_int (events, 1),
                                     pb_db_stmt_column_text (events, 2), pb_db_stmt_column_text (events, 3),
                                     pb_db_stmt_column_text (events, 4), kind,
                                     pb_db_stmt_column_text (events, 6), pb_db_stmt_column_text (events, 7),
                                     pb_db_stmt_column_text (events, 8), pb_db_stmt_column_text (events, 9),
                                     &local_error))
        {
          /* Translators: an event number, a case id, then why */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                       _("Event %d of case “%s” does not follow from the events before it: %s"),
                       pb_db_stmt_column_int (events, 0), case_id,
                       local_error != NULL ? local_error->message : pb_db_stmt_column_text (events, 5));
          return FALSE;
        }
    }

  return rc != 0;
}

/* The replay of the events of @case_id up to @revision (0: all). */
PbCaseScreening *
_pb_case_store_load_screening_locked (PbCaseStore  *self,
                                      const char   *case_id,
                                      guint         revision,
                                      GError      **error)
{
  g_autoptr(PbCaseScreening) screening = NULL;

  if (!(screening = _pb_case_screening_new_for_case (self, case_id, error)) ||
      !replay_events (self, screening, case_id, revision, 0, 0, error))
    return NULL;

  return g_steal_pointer (&screening);
}

/* The screening a store last rated a case with, kept so that the next
 * rating (after each answer saved) replays only the events since, not the
 * whole history: as of event @seq, whose hash was @hash. */
struct _PbScreeningReplay
{
  char            *case_id;
  guint            revision;
  gint64           seq;
  char            *hash;
  PbCaseScreening *screening;
};

void
_pb_screening_replay_free (PbScreeningReplay *replay)
{
  g_free (replay->case_id);
  g_free (replay->hash);
  pb_case_screening_free (replay->screening);
  g_free (replay);
}

static gboolean
replay_is_of (PbScreeningReplay *replay,
              const char        *case_id,
              guint              revision)
{
  return strcmp (replay->case_id, case_id) == 0 && replay->revision == revision;
}

/* Whether @replay is of @case_id and @revision, and the case's history
 * still holds the event it was replayed to: the history only grows, and
 * that event's hash seals every event before it. A write rolled back, or
 * another program's, leaves an event of another hash there, or none. */
static gboolean
replay_holds (PbCaseStore        *self,
              PbScreeningReplay  *replay,
              const char         *case_id,
              guint               revision,
              gint64              head_seq,
              const char         *head_hash,
              GError            **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  if (replay == NULL || !replay_is_of (replay, case_id, revision) || replay->seq > head_seq)
    return FALSE;
  if (replay->seq == head_seq)
    return g_strcmp0 (replay->hash, head_hash) == 0;

  if (!(stmt = pb_db_prepare_cached (self->db, PB_SQL ("SELECT hash FROM events WHERE case_id = ?1 AND seq = ?2"), error)))
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  pb_db_stmt_bind_int64 (stmt, 2, replay->seq);
  if ((rc = pb_db_stmt_step (stmt, error)) != PB_DB_ROW)
    return FALSE;

  return g_strcmp0 (pb_db_stmt_column_text (stmt, 0), replay->hash) == 0;
}

/* The replay of @case_id up to @revision, owned by the store: the one
 * kept from the last rating brought up to the case's last event, or a
 * new one. */
static PbCaseScreening *
screening_for_rating (PbCaseStore  *self,
                      const char   *case_id,
                      guint         revision,
                      GError      **error)
{
  g_autoptr(PbDbStmt) head = NULL;
  g_autoptr(GError) local_error = NULL;
  const PbCaseWritten *written = _pb_case_store_get_written (self, case_id);
  PbScreeningReplay *replay = self->replay;
  gint64 head_seq;
  const char *head_hash;

  if (written != NULL)
    {
      head_seq = written->head_seq;
      head_hash = written->head_hash;
      /* The replay went up to the head this write read, and none of the
       * events it appended since is a screening's: it holds as it is. */
      if (replay != NULL && !written->screening_moved && replay_is_of (replay, case_id, revision) &&
          replay->seq == written->read_seq && g_strcmp0 (replay->hash, written->read_hash) == 0)
        {
          replay->seq = head_seq;
          g_free (replay->hash);
          replay->hash = g_strdup (head_hash);
          return replay->screening;
        }
    }
  else if ((head = _pb_case_store_read_case_row (self, PB_SQL ("SELECT head_seq, head_hash FROM cases WHERE id = ?1"),
                                                 case_id, error)))
    {
      head_seq = pb_db_stmt_column_int64 (head, 0);
      head_hash = pb_db_stmt_column_text (head, 1);
    }
  else
    return NULL;

  if (!replay_holds (self, replay, case_id, revision, head_seq, head_hash, &local_error))
    {
      g_clear_pointer (&self->replay, _pb_screening_replay_free);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      replay = g_new0 (PbScreeningReplay, 1);
      replay->case_id = g_strdup (case_id);
      replay->revision = revision;
      if (!(replay->screening = _pb_case_screening_new_for_case (self, case_id, error)))
        {
          _pb_screening_replay_free (replay);
          return NULL;
        }
      self->replay = replay;
    }

  replay = self->replay;
  if (replay->seq < head_seq &&
      !replay_events (self, replay->screening, case_id, revision, replay->seq, head_seq, error))
    {
      g_clear_pointer (&self->replay, _pb_screening_replay_free);
      return NULL;
    }

  replay->seq = head_seq;
  g_free (replay->hash);
  replay->hash = g_strdup (head_hash);

  return replay->screening;
}

/* The answers the screening gives the sanctions questions of @revision,
 * or NULL: never screened, or a history the verifier will refuse. */
static PbAnswerSet *
_pb_case_store_screening_facts_locked (PbCaseStore  *self,
                                       const char   *case_id,
                                       guint         revision,
                                       PbAnswerSet  *answers,
                                       GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  PbCaseScreening *screening = screening_for_rating (self, case_id, revision, &local_error);

  /* On PostgreSQL a statement that failed ended the transaction: the
   * write fails with its error. */
  if (screening == NULL && local_error != NULL && !_pb_case_store_can_go_on (self, local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return screening != NULL ? pb_case_screening_get_facts (screening, answers) : NULL;
}

PbEvaluation *
_pb_case_store_rate_with_screening (PbCaseStore     *self,
                                    const char      *case_id,
                                    guint            revision,
                                    PbQuestionnaire *questionnaire,
                                    PbAnswerSet     *answers,
                                    PbCountries     *reference,
                                    GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PbAnswerSet) facts = _pb_case_store_screening_facts_locked (self, case_id, revision, answers,
                                                                        &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return pb_evaluate_with_screening (questionnaire, answers, reference, facts);
}

/* The editions a case's screenings name agree with the ones this file
 * holds, where it holds them (a case file carries the editions' records in
 * its events, not the lists). */
gboolean
_pb_case_store_verify_screened_editions (PbCaseStore      *self,
                                         const char       *case_id,
                                         PbCaseScreening  *screening,
                                         guint            *broken_event,
                                         GError          **error)
{
  for (guint r = 0; r < screening->runs->len; r++)
    {
      PbScreeningRun *run = g_ptr_array_index (screening->runs, r);

      for (guint i = 0; i < run->editions->len; i++)
        {
          PbScreenedEdition *edition = g_ptr_array_index (run->editions, i);
          g_autoptr(PbDbStmt) stmt = NULL;
          int rc;

          if (!(stmt = pb_db_prepare (self->db,
                                      PB_SQL ("SELECT publisher, published, n_entries FROM list_editions"
                                              " WHERE list_id = ?1 AND file_sha256 = ?2"),
                                      error)))
            return FALSE;

          pb_db_stmt_bind_text (stmt, 1, edition->list_id);
          pb_db_stmt_bind_text (stmt, 2, edition->file_sha256);
          if ((rc = pb_db_stmt_step (stmt, error)) == 0)
            return FALSE;
          if (rc == PB_DB_ROW &&
              (g_strcmp0 (pb_db_stmt_column_text (stmt, 0), edition->publisher) != 0 ||
               g_strcmp0 (pb_db_stmt_column_text (stmt, 1), edition->published) != 0 ||
               (guint) pb_db_stmt_column_int64 (stmt, 2) != edition->n_entries))
            {
              if (broken_event != NULL)
                *broken_event = run->event;
              /* Translators: an event number, a case id, then a list id */
              g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                           _("Event %u of case “%s” screened against an edition of list “%s” that this file "
                             "records differently (publisher, date or number of entries)"),
                           run->event, case_id, edition->list_id);
              return FALSE;
            }
        }
    }

  return TRUE;
}

/* Public API ----------------------------------------------------------------- */

PbCaseScreening *
pb_case_store_get_screening (PbCaseStore  *self,
                             const char   *case_id,
                             guint         revision,
                             GError      **error)
{
  PB_CASE_STORE_LOCKED (self);

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  return _pb_case_store_load_screening_locked (self, case_id, revision, error);
}

/* Writes to a case's screening ----------------------------------------------- */

/* The event a write records, made by its EventFunc from the replay so far. */
typedef struct
{
  PbEventKind  kind;
  const char  *question_id;   /* these point into the replay, or are static */
  const char  *old_value;
  const char  *new_value;
  const char  *reason;
  char        *data;
  const char  *locked_first;  /* in: the other case this write locked first */
  char        *lock_first;    /* set (and FALSE returned without an error):
                               * begin again, locking this case first */
} ScreeningEvent;

static void
screening_event_clear (ScreeningEvent *event)
{
  g_free (event->data);
  g_free (event->lock_first);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScreeningEvent, screening_event_clear)

/* Fills @event from @screening, the replay so far, or refuses the write
 * with @error. */
typedef gboolean (*EventFunc) (PbCaseStore     *self,
                               const char      *case_id,
                               PbCaseScreening *screening,
                               ScreeningEvent  *event,
                               gpointer         user_data,
                               GError         **error);

/* One write to the current revision of @case_id, in one transaction: the
 * actor may (@decide: decide hits), the revision is not sealed; @make
 * makes the event from the replay so far, which it is replayed on (so
 * that nothing the verifier would refuse is written), then it is appended,
 * the kept outcome refreshed and the transaction committed. A write that
 * locks another case too locks the one whose id sorts first first
 * (@lock_first), so that two writers never each hold the case the other
 * waits for (a deadlock, 40P01, on a server). @seq: the event's number. */
static gboolean
write_event_once (PbCaseStore  *self,
                  const char   *case_id,
                  gboolean      decide,
                  const char   *lock_first,
                  EventFunc     make,
                  gpointer      user_data,
                  guint        *seq,
                  GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_auto(ScreeningEvent) event = { 0 };
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(PbDbStmt) head = NULL;
  g_autoptr(GError) local_error = NULL;
  guint next;

  if (!_pb_case_store_check_actor (self, decide, case_id, error) ||
      !_pb_case_store_begin (self, error))
    return FALSE;

  if ((lock_first != NULL && strcmp (lock_first, case_id) < 0 &&
       !_pb_case_store_lock_case (self, lock_first, error)) ||
      !_pb_case_store_load_case_state (self, case_id, 0, &state, error) ||
      !_pb_case_store_refuse_sealed (self, case_id, &state, error) ||
      !(screening = _pb_case_store_load_screening_locked (self, case_id, 0, error)))
    return _pb_case_store_rollback (self);

  event.locked_first = lock_first;
  if (!make (self, case_id, screening, &event, user_data, error))
    {
      _pb_case_store_rollback (self);
      if (event.lock_first == NULL)
        return FALSE;
      return write_event_once (self, case_id, decide, event.lock_first, make, user_data, seq, error);
    }

  /* Screening goes on under a decision; the parties it was taken on stay. */
  if ((event.kind == PB_EVENT_PARTY_ADDED || event.kind == PB_EVENT_PARTY_REMOVED) &&
      !_pb_case_store_refuse_decided (self, case_id, &state, error))
    return _pb_case_store_rollback (self);

  if (!(head = pb_db_prepare (self->db, PB_SQL ("SELECT head_seq FROM cases WHERE id = ?1"), error)))
    return _pb_case_store_rollback (self);
  pb_db_stmt_bind_text (head, 1, case_id);
  if (pb_db_stmt_step (head, error) != PB_DB_ROW)
    return _pb_case_store_rollback (self);
  next = pb_db_stmt_column_int (head, 0) + 1;

  if (!_pb_case_screening_apply (screening, next, state.revision, state.time, _pb_case_store_actor_name (self),
                                 pb_role_to_string (pb_actor_get_role (pb_case_store_get_actor (self))),
                                 event.kind, event.old_value, event.new_value, event.reason, event.data,
                                 &local_error))
    {
      _pb_case_store_rollback (self);
      /* Translators: a case id, then why */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("Nothing was recorded for case “%s”: %s"), case_id, local_error->message);
      return FALSE;
    }

  if (!_pb_case_store_append_event (self, case_id, state.revision, state.time, event.kind, event.question_id,
                                    event.old_value, event.new_value, event.reason, event.data, error) ||
      !_pb_case_store_refresh_cache_locked (self, case_id, state.revision, error) ||
      !_pb_case_store_commit (self, error))
    return _pb_case_store_rollback (self);

  if (seq != NULL)
    *seq = next;

  return TRUE;
}

/* write_event_once(), made again while _pb_case_store_retry() says so. */
static gboolean
write_event (PbCaseStore  *self,
             const char   *case_id,
             gboolean      decide,
             const char   *lock_first,
             EventFunc     make,
             gpointer      user_data,
             guint        *seq,
             GError      **error)
{
  return _PB_CASE_STORE_RETRYING (self, case_id, error,
    write_event_once (self, case_id, decide, lock_first, make, user_data, seq, error));
}

typedef struct
{
  const char *data;
  char       *party_id;   /* out */
} NewParty;

static gboolean
make_party_added (PbCaseStore     *self,
                  const char      *case_id,
                  PbCaseScreening *screening,
                  ScreeningEvent  *event,
                  gpointer         user_data,
                  GError         **error)
{
  NewParty *party = user_data;

  g_free (party->party_id);
  party->party_id = g_strdup_printf ("P%u", screening->n_added + 1);
  event->kind = PB_EVENT_PARTY_ADDED;
  event->new_value = party->party_id;
  event->data = g_strdup (party->data);

  return TRUE;
}

char *
pb_case_store_add_party (PbCaseStore        *self,
                         const char         *case_id,
                         const char         *role,
                         const char         *name,
                         const char         *country,
                         const char * const *identifiers,
                         GError            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (name != NULL ? name : ""));
  NewParty party = { NULL, NULL };

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (role == NULL || !g_strv_contains (party_roles + 1, role) || *stripped == '\0' || strlen (stripped) > 1024)
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("A party of case “%s” needs a name (at most 1,024 bytes) and a role: "
                     "end-user, consignee or intermediary"), case_id);
      return NULL;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, role);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, stripped);
  json_builder_set_member_name (builder, "country");
  if (country != NULL && *country != '\0')
    json_builder_add_string_value (builder, country);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "identifiers");
  json_builder_begin_array (builder);
  for (guint i = 0; identifiers != NULL && identifiers[i] != NULL; i++)
    json_builder_add_string_value (builder, identifiers[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  data = json_to_string (root, FALSE);

  party.data = data;
  if (!write_event (self, case_id, FALSE, NULL, make_party_added, &party, NULL, error))
    g_clear_pointer (&party.party_id, g_free);

  return party.party_id;
}

typedef struct
{
  const char *party_id;
  const char *reason;
} RemovedParty;

/* A party a reviewer confirmed is on a list stays in the deal: removing it
 * would take the legal bar away with it (accept32 1). The confirmation
 * counts whatever screening came after it, one that no longer finds the
 * entry included (attack34 A3; schema-v19.sql): a wrong match is cleared
 * by a reviewer first; a deal that changed is a new case. */
static gboolean
refuse_confirmed_party (PbCaseScreening  *screening,
                        const char       *case_id,
                        PbCaseParty      *party,
                        GError          **error)
{
  GHashTableIter iter;
  PbCaseHit *hit;

  g_hash_table_iter_init (&iter, screening->decisions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &hit))
    {
      if (hit->status != PB_HIT_CONFIRMED || g_strcmp0 (hit->party_id, party->id) != 0)
        continue;

      /* Translators: a party's name and id, a hit id, then a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED,
                   _("%1$s (%2$s) stays a party of case “%4$s”: a legal reviewer confirmed it is listed (hit %3$s). "
                     "If the match is wrong, a legal reviewer clears it first; if the deal changed, it is a new case."),
                   party->name, party->id, hit->id, case_id);
      return FALSE;
    }

  return TRUE;
}

static gboolean
make_party_removed (PbCaseStore     *self,
                    const char      *case_id,
                    PbCaseScreening *screening,
                    ScreeningEvent  *event,
                    gpointer         user_data,
                    GError         **error)
{
  RemovedParty *removed = user_data;
  PbCaseParty *party = pb_case_screening_lookup_party (screening, removed->party_id);

  if (party == NULL || strcmp (party->id, "customer") == 0)
    {
      /* Translators: a party id, then a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("Case “%2$s” has no party “%1$s” that can be removed"),
                   removed->party_id ? removed->party_id : "", case_id);
      return FALSE;
    }

  if (!refuse_confirmed_party (screening, case_id, party, error))
    return FALSE;

  event->kind = PB_EVENT_PARTY_REMOVED;
  event->old_value = removed->party_id;
  event->reason = _pb_case_store_is_blank (removed->reason) ? NULL : removed->reason;
  event->data = _pb_case_store_data_json ("name", party->name, NULL);

  return TRUE;
}

gboolean
pb_case_store_remove_party (PbCaseStore  *self,
                            const char   *case_id,
                            const char   *party_id,
                            const char   *reason,
                            GError      **error)
{
  RemovedParty removed = { party_id, reason };

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  return write_event (self, case_id, FALSE, NULL, make_party_removed, &removed, NULL, error);
}

static gboolean
make_screened (PbCaseStore     *self,
               const char      *case_id,
               PbCaseScreening *screening,
               ScreeningEvent  *event,
               gpointer         user_data,
               GError         **error)
{
  event->kind = PB_EVENT_SCREENED;
  event->data = g_strdup (user_data);

  return TRUE;
}

guint
pb_case_store_record_screening (PbCaseStore  *self,
                                const char   *case_id,
                                const char   *data,
                                GError      **error)
{
  guint seq = 0;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), 0);
  g_return_val_if_fail (case_id != NULL && data != NULL, 0);

  if (!write_event (self, case_id, FALSE, NULL, make_screened, (gpointer) data, &seq, error))
    return 0;

  return seq;
}

/* Hit @hit_id of @screening's latest screening, or NULL and @error. */
static PbCaseHit *
latest_hit (PbCaseScreening  *screening,
            const char       *case_id,
            const char       *hit_id,
            GError          **error)
{
  PbCaseHit *hit = pb_case_screening_lookup_hit (screening, hit_id);

  if (hit == NULL || hit->screening != pb_case_screening_get_latest (screening)->event)
    {
      /* Translators: a hit id, then a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("Hit “%s” is not one of the latest screening of case “%s”"), hit_id ? hit_id : "", case_id);
      return NULL;
    }

  return hit;
}

/* @hit's new @status, for @reason. */
static void
hit_decided (ScreeningEvent *event,
             PbCaseHit      *hit,
             PbHitStatus     status,
             const char     *reason)
{
  event->kind = PB_EVENT_HIT_DECIDED;
  event->question_id = hit->question_id;
  event->old_value = pb_hit_status_to_string (hit->status);
  event->new_value = pb_hit_status_to_string (status);
  event->reason = reason;
}

typedef struct
{
  const char  *hit_id;
  PbHitStatus  decision;
  const char  *reason;
} HitDecision;

static gboolean
make_hit_decided (PbCaseStore     *self,
                  const char      *case_id,
                  PbCaseScreening *screening,
                  ScreeningEvent  *event,
                  gpointer         user_data,
                  GError         **error)
{
  HitDecision *decision = user_data;
  PbCaseHit *hit;

  if (!(hit = latest_hit (screening, case_id, decision->hit_id, error)))
    return FALSE;

  hit_decided (event, hit, decision->decision, decision->reason);
  event->data = _pb_case_store_data_json ("hit", hit->id, "party", hit->party_id, "entry_sha256", hit->entry_sha256,
                                          NULL);

  return TRUE;
}

gboolean
pb_case_store_decide_hit (PbCaseStore  *self,
                          const char   *case_id,
                          const char   *hit_id,
                          PbHitStatus   decision,
                          const char   *reason,
                          GError      **error)
{
  HitDecision decided = { hit_id, decision, reason };

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (decision == PB_HIT_CLEARED || decision == PB_HIT_CONFIRMED, FALSE);

  if (_pb_case_store_is_blank (reason))
    {
      /* Translators: a hit id, then a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("Clearing or confirming hit %s of case “%s” needs a written reason"), hit_id ? hit_id : "", case_id);
      return FALSE;
    }

  return write_event (self, case_id, TRUE, NULL, make_hit_decided, &decided, NULL, error);
}

/* Decisions across cases ----------------------------------------------------- */

static PbPriorDecision *
prior_from_hit (const char     *case_id,
                PbScreeningRun *run,
                PbCaseParty    *party,
                PbCaseHit      *hit)
{
  PbPriorDecision *prior = g_new0 (PbPriorDecision, 1);

  prior->case_id = g_strdup (case_id);
  prior->event = hit->decided_event;
  prior->status = hit->status;
  prior->decided_by = g_strdup (hit->decided_by);
  prior->decided_role = g_strdup (hit->decided_role);
  prior->decided_at = g_strdup (hit->decided_at);
  prior->reason = g_strdup (hit->reason);
  prior->party_name = g_strdup (party->name);
  prior->party_country = g_strdup (party->country);
  prior->party_identifiers = g_strdupv (party->identifiers);
  prior->list_id = g_strdup (hit->list_id);
  prior->entry_ref = g_strdup (hit->entry_ref);
  prior->entry_sha256 = g_strdup (hit->entry_sha256);
  prior->edition_sha256 = g_strdup (hit->edition_sha256);
  for (guint i = 0; i < run->editions->len; i++)
    {
      PbScreenedEdition *edition = g_ptr_array_index (run->editions, i);

      if (g_strcmp0 (edition->file_sha256, hit->edition_sha256) == 0)
        prior->edition_published = g_strdup (edition->published);
    }

  return prior;
}

/* The decisions a reviewer took in @screening (not those carried from an
 * earlier screening of the same case), the latest per party and entry. */
static void
collect_decisions (const char      *case_id,
                   PbCaseScreening *screening,
                   GPtrArray       *out)
{
  g_autoptr(GHashTable) latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer value;

  for (guint r = 0; r < screening->runs->len; r++)
    {
      PbScreeningRun *run = g_ptr_array_index (screening->runs, r);

      for (guint i = 0; i < run->hits->len; i++)
        {
          PbCaseHit *hit = g_ptr_array_index (run->hits, i);
          g_autofree char *key = NULL;
          PbPriorDecision *known;
          PbCaseParty *party = NULL;

          if (hit->status == PB_HIT_OPEN || hit->carried || hit->decided_event == 0)
            continue;

          for (guint p = 0; p < run->parties->len && party == NULL; p++)
            if (g_strcmp0 (((PbCaseParty *) g_ptr_array_index (run->parties, p))->id, hit->party_id) == 0)
              party = g_ptr_array_index (run->parties, p);
          if (party == NULL)
            continue;

          key = decision_key (hit->party_id, hit->entry_sha256);
          known = g_hash_table_lookup (latest, key);
          if (known != NULL && known->event >= hit->decided_event)
            continue;
          g_hash_table_insert (latest, g_steal_pointer (&key), prior_from_hit (case_id, run, party, hit));
          if (known != NULL)
            pb_prior_decision_free (known);
        }
    }

  g_hash_table_iter_init (&iter, latest);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (out, value);
}

static GPtrArray *
list_prior_decisions_locked (PbCaseStore  *self,
                             const char   *except_case_id,
                             GError      **error)
{
  g_autoptr(GPtrArray) priors = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_prior_decision_free);
  g_autoptr(GPtrArray) case_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  if (!(stmt = pb_db_prepare (self->db,
                              PB_SQL ("SELECT DISTINCT case_id FROM events"
                                      " WHERE kind = 'hit-decided' AND case_id <> ?1 ORDER BY case_id"),
                              error)))
    return NULL;

  pb_db_stmt_bind_text (stmt, 1, except_case_id != NULL ? except_case_id : "");
  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    g_ptr_array_add (case_ids, g_strdup (pb_db_stmt_column_text (stmt, 0)));
  if (rc == 0)
    return NULL;

  for (guint i = 0; i < case_ids->len; i++)
    {
      const char *case_id = g_ptr_array_index (case_ids, i);
      g_autoptr(PbCaseScreening) screening = NULL;
      g_autoptr(GError) local_error = NULL;

      /* A case whose history does not replay offers nothing; its
       * verification says why. */
      if (!(screening = _pb_case_store_load_screening_locked (self, case_id, 0, &local_error)))
        {
          g_debug ("%s: %s", case_id, local_error->message);
          continue;
        }
      collect_decisions (case_id, screening, priors);
    }

  return g_steal_pointer (&priors);
}

GPtrArray *
pb_case_store_list_prior_decisions (PbCaseStore  *self,
                                    const char   *except_case_id,
                                    GError      **error)
{
  PB_CASE_STORE_LOCKED (self);

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  return list_prior_decisions_locked (self, except_case_id, error);
}

/* Whether @offered is still in this file as it was offered: the decision
 * in force for that party and entry in its case. */
static gboolean
prior_still_holds (PbCaseStore     *self,
                   PbPriorDecision *offered,
                   GError         **error)
{
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(GPtrArray) decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_prior_decision_free);

  /* On a server, that case's writes wait until this one commits. */
  if (!_pb_case_store_lock_case (self, offered->case_id, error) ||
      !(screening = _pb_case_store_load_screening_locked (self, offered->case_id, 0, error)))
    return FALSE;

  collect_decisions (offered->case_id, screening, decisions);
  for (guint i = 0; i < decisions->len; i++)
    {
      PbPriorDecision *decision = g_ptr_array_index (decisions, i);

      if (decision->event == offered->event && decision->status == offered->status &&
          g_strcmp0 (decision->entry_sha256, offered->entry_sha256) == 0 &&
          g_strcmp0 (decision->reason, offered->reason) == 0)
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  const char *hit_id;
  const char *prior_case_id;
} Adoption;

static gboolean
make_adopted (PbCaseStore     *self,
              const char      *case_id,
              PbCaseScreening *screening,
              ScreeningEvent  *event,
              gpointer         user_data,
              GError         **error)
{
  Adoption *adoption = user_data;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *prior_event = NULL;
  PbPriorDecision *prior = NULL;
  PbCaseHit *hit;

  if (!(hit = latest_hit (screening, case_id, adoption->hit_id, error)))
    return FALSE;

  for (guint i = 0; i < hit->priors->len; i++)
    {
      PbPriorDecision *offered = g_ptr_array_index (hit->priors, i);

      if (adoption->prior_case_id != NULL ? g_strcmp0 (offered->case_id, adoption->prior_case_id) == 0 : i == 0)
        {
          prior = offered;
          break;
        }
    }

  if (prior == NULL)
    {
      /* Translators: a hit id, then a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("The screening offered no decision of case “%2$s” for hit %1$s"), hit->id,
                   adoption->prior_case_id != NULL ? adoption->prior_case_id : "?");
      return FALSE;
    }
  if (adoption->prior_case_id == NULL && hit->priors->len > 1)
    {
      /* Translators: a hit id, then a number */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("The screening offered %2$u decisions of other cases for hit %1$s: name the case whose "
                     "decision is adopted"), hit->id, hit->priors->len);
      return FALSE;
    }

  /* Never taken over when the entry is no longer the one decided on. */
  if (prior->entry_changed)
    {
      /* Translators: a case id, then a hit id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED,
                   _("The listed entry changed in a newer edition since case “%s” decided on it: decide hit %s "
                     "again, with a reason of your own"), prior->case_id, hit->id);
      return FALSE;
    }

  /* The case offered, known only now, comes first: begun again, locking
   * it first (write_event_once ()). */
  if (event->locked_first == NULL && pb_db_get_kind (self->db) == PB_DB_KIND_POSTGRESQL &&
      strcmp (prior->case_id, case_id) < 0)
    {
      event->lock_first = g_strdup (prior->case_id);
      return FALSE;
    }

  if (!prior_still_holds (self, prior, &local_error))
    {
      /* Translators: a case id, then a hit id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED,
                   _("Case “%s” no longer holds the decision offered for hit %s in this file: decide it with a "
                     "reason of your own"), prior->case_id, hit->id);
      return FALSE;
    }

  prior_event = g_strdup_printf ("%u", prior->event);
  hit_decided (event, hit, prior->status, prior->reason);
  event->data = _pb_case_store_data_json ("hit", hit->id, "party", hit->party_id, "entry_sha256", hit->entry_sha256,
                                          "prior_case", prior->case_id, "prior_event", prior_event,
                                          "prior_by", prior->decided_by, "prior_at", prior->decided_at, NULL);

  return TRUE;
}

gboolean
pb_case_store_adopt_prior_decision (PbCaseStore  *self,
                                    const char   *case_id,
                                    const char   *hit_id,
                                    const char   *prior_case_id,
                                    GError      **error)
{
  Adoption adoption = { hit_id, prior_case_id };

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  return write_event (self, case_id, TRUE, prior_case_id, make_adopted, &adoption, NULL, error);
}
