/* pb-parties-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-parties-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "pb-case-screener.h"
#include "pb-case-screening.h"
#include "pb-gui-utils.h"
#include "pb-name-matcher.h"
#include "pb-parties-panel.h"
#include "pb-screening-index-cache.h"
#include "pb-screening-window.h"
#include "pb-store-opener.h"
#include "pb-store-task.h"

/* How long typing pauses before the party is screened. */
#define LIVE_DELAY_MS 300

struct _PbPartiesPanel
{
  GtkWidget              parent_instance;

  /* template widgets */
  GtkWidget             *box;
  AdwPreferencesGroup   *parties_group;
  GtkWidget             *screening_box;
  GtkLabel              *screening_label;
  GtkWidget             *add_group;
  AdwEntryRow           *name_row;
  AdwActionRow          *live_row;
  GtkImage              *live_icon;
  AdwComboRow           *role_row;
  AdwEntryRow           *country_row;
  AdwEntryRow           *identifier_row;

  /* owned */
  PbCaseStore           *store;
  char                  *case_id;
  GPtrArray             *rows;
  PbScreeningIndexCache *cache;               /* the index, shared on the store */
  GCancellable          *live_cancellable;    /* of the live screening running, NULL when none */
  GCancellable          *record_cancellable;  /* of the screening being recorded, NULL when none */
  GCancellable          *check_cancellable;   /* of the check of the latest screening, NULL when none */
  guint                  live_source;
  guint                  n_live;              /* live screenings run, for tests */
  gboolean               editable;
  gboolean               show_screening;
  gboolean               no_lists;            /* a worker found no list imported */
  gboolean               contradicted;        /* the latest screening is not its lists' word */
};

G_DEFINE_FINAL_TYPE (PbPartiesPanel, pb_parties_panel, GTK_TYPE_WIDGET)

enum { CHANGED, TOAST, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The roles a party added here can have, in the order of the role row. */
static const char * const party_roles[] = { "end-user", "consignee", "intermediary" };

static void
toast (PbPartiesPanel *self,
       const char     *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

/* Screening status in words --------------------------------------------------- */

/* A list as a row has room to name it: "EU", "UN", "UK", "US CSL", else
 * its title. */
static const char *
list_short_name (const char *list_id,
                 const char *title)
{
  if (g_strcmp0 (list_id, "eu-fsf") == 0)
    return C_("restricted-party list", "EU");
  if (g_strcmp0 (list_id, "un-sc") == 0)
    return C_("restricted-party list", "UN");
  if (g_strcmp0 (list_id, "uk-fcdo") == 0)
    return C_("restricted-party list", "UK");
  if (g_strcmp0 (list_id, "us-csl") == 0)
    return C_("restricted-party list", "US CSL");
  if (g_strcmp0 (list_id, "opensanctions") == 0)
    return "OpenSanctions";

  return title != NULL ? title : list_id;
}

/* Adds "EU 2026-11-20" to @text: a list and the date of its edition. */
static void
append_edition (GString    *text,
                const char *list_id,
                const char *title,
                const char *published)
{
  if (text->len > 0)
    g_string_append (text, ", ");
  g_string_append (text, list_short_name (list_id, title));
  if (published != NULL)
    g_string_append_printf (text, " %.10s", published);
}

static char *
describe_no_match (guint       n_lists,
                   const char *editions)
{
  /* Translators: a number of lists, then their editions */
  return g_strdup_printf (ngettext ("No match on %u list (%s)", "No match on %u lists (%s)", n_lists),
                          n_lists, editions);
}

/* What the latest screening says of one party; sets @icon_name and
 * @n_hits (the hits shown, decided or not). */
static char *
describe_party (PbPartiesPanel   *self,
                PbCaseScreening  *screening,
                PbCaseParty      *party,
                const char      **icon_name,
                guint            *n_hits)
{
  PbScreeningRun *run = pb_case_screening_get_latest (screening);
  g_autoptr(GString) editions = g_string_new (NULL);
  g_autofree char *no_match = NULL;
  guint n_open = 0, n_confirmed = 0, n_cleared = 0;
  gboolean screened = FALSE;

  *n_hits = 0;
  *icon_name = "dialog-information-symbolic";
  for (guint i = 0; run != NULL && i < run->party_ids->len && !screened; i++)
    screened = g_strcmp0 (g_ptr_array_index (run->party_ids, i), party->id) == 0;
  if (!screened)
    return g_strdup (self->no_lists ? _("No lists imported") : _("Not screened yet"));

  for (guint i = 0; i < run->hits->len; i++)
    {
      PbCaseHit *hit = g_ptr_array_index (run->hits, i);

      if (g_strcmp0 (hit->party_id, party->id) != 0)
        continue;
      (*n_hits)++;
      if (hit->status == PB_HIT_OPEN)
        n_open++;
      else if (hit->status == PB_HIT_CONFIRMED)
        n_confirmed++;
      else
        n_cleared++;
    }

  if (n_confirmed > 0)
    {
      *icon_name = "dialog-error-symbolic";
      /* Translators: a number of hits a reviewer confirmed */
      return g_strdup_printf (ngettext ("%u confirmed match", "%u confirmed matches", n_confirmed), n_confirmed);
    }
  if (n_open > 0)
    {
      *icon_name = "dialog-warning-symbolic";
      /* Translators: a number of hits nobody decided yet */
      return g_strdup_printf (ngettext ("%u possible match — review", "%u possible matches — review", n_open), n_open);
    }

  for (guint i = 0; i < run->editions->len; i++)
    {
      PbScreenedEdition *edition = g_ptr_array_index (run->editions, i);

      append_edition (editions, edition->list_id, edition->title, edition->published);
    }
  /* Its "no match" is what the screener wrote, not what the lists say. */
  if (self->contradicted)
    {
      *icon_name = "dialog-warning-symbolic";
      return g_strdup (_("Contradicted by the lists it names: screen the case again"));
    }

  *icon_name = "emblem-ok-symbolic";
  no_match = describe_no_match (run->editions->len, editions->str);
  if (n_cleared > 0)
    /* Translators: a number of hits a reviewer cleared, then "No match on 2 lists (…)" */
    return g_strdup_printf (ngettext ("%2$s: %1$u possible match cleared", "%2$s: %1$u possible matches cleared",
                                      n_cleared),
                            n_cleared, no_match);

  return g_steal_pointer (&no_match);
}

/* The icon beside the words takes their colour too. */
static void
status_icon_set_class (GtkWidget  *icon,
                       const char *icon_name)
{
  gtk_widget_remove_css_class (icon, "warning");
  gtk_widget_remove_css_class (icon, "error");
  gtk_widget_remove_css_class (icon, "success");
  if (g_str_equal (icon_name, "dialog-warning-symbolic"))
    gtk_widget_add_css_class (icon, "warning");
  else if (g_str_equal (icon_name, "dialog-error-symbolic"))
    gtk_widget_add_css_class (icon, "error");
  else if (g_str_equal (icon_name, "emblem-ok-symbolic"))
    gtk_widget_add_css_class (icon, "success");
}

static void
add_row (PbPartiesPanel  *self,
         PbCaseScreening *screening,
         PbCaseParty     *party)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) subtitle = g_string_new (pb_party_role_get_label (party->role));
  g_autofree char *status = NULL;
  const char *icon_name = "content-loading-symbolic";
  guint n_hits = 0;

  if (party->country != NULL)
    g_string_append_printf (subtitle, " · %s", party->country);
  for (guint i = 0; party->identifiers != NULL && party->identifiers[i] != NULL; i++)
    g_string_append_printf (subtitle, " · %s", party->identifiers[i]);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), party->name);

  /* How its screening stands, in words beside an icon, never colour alone. */
  status = self->record_cancellable != NULL ? g_strdup (_("Screening…"))
                                            : describe_party (self, screening, party, &icon_name, &n_hits);
    {
      GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

      status_icon_set_class (icon, icon_name);

      g_string_append_printf (subtitle, "\n%s", status);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, status, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, status, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      g_object_set_data_full (G_OBJECT (row), "status", g_strdup (status), g_free);
      gtk_widget_set_name (row, "party");

      if (n_hits > 0)
        {
          GtkWidget *review = gtk_button_new_with_mnemonic (_("_Review"));
          /* Translators: a party's name */
          g_autofree char *label = g_strdup_printf (_("Review the possible matches of %s"), party->name);

          gtk_widget_set_valign (review, GTK_ALIGN_CENTER);
          gtk_widget_set_name (review, "review");
          gtk_widget_set_tooltip_text (review, _("Compare the party with the listed entry, and clear or confirm the match"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (review), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (review), "parties.review");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (review), "s", party->id);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), review);
        }
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);

  if (self->editable && g_strcmp0 (party->id, "customer") != 0)
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      /* Translators: a party's name */
      g_autofree char *label = g_strdup_printf (_("Remove %s"), party->name);

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove the party"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "parties.remove");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", party->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
    }

  g_object_set_data_full (G_OBJECT (row), "party", g_strdup (party->id), g_free);
  adw_preferences_group_add (self->parties_group, row);
  g_ptr_array_add (self->rows, row);
}

/* How the screening of the case stands, in a sentence. */
static char *
describe_screening (PbCaseScreening *screening)
{
  PbScreeningRun *run = pb_case_screening_get_latest (screening);
  g_autofree char *when = NULL;
  guint n_open;

  if (run == NULL)
    return g_strdup (_("Not screened yet: screen the parties before the case is submitted."));

  if (pb_case_screening_is_stale (screening))
    return g_strdup (_("A party was added after the latest screening: screen the parties again."));

  when = pb_format_timestamp (run->time);
  n_open = pb_case_screening_count_open (screening);
  if (n_open == 0)
    /* Translators: a date and time, then the number of list editions */
    return g_strdup_printf (ngettext ("Screened on %s against %u list edition: no open hit.",
                                         "Screened on %s against %u list editions: no open hit.",
                                         run->editions->len),
                            when, run->editions->len);

  /* Translators: a date and time, then the number of open hits */
  return g_strdup_printf (ngettext ("Screened on %s: %u open hit holds the case until a legal reviewer decides it.",
                                       "Screened on %s: %u open hits hold the case until a legal reviewer decides them.",
                                       n_open),
                          when, n_open);
}

/* Whether the latest screening is what its own lists give ----------------- */

/* The rows of the parties of @screening; none when NULL. */
static void
show_parties (PbPartiesPanel  *self,
              PbCaseScreening *screening)
{
  GPtrArray *parties = screening != NULL ? pb_case_screening_get_parties (screening) : NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->parties_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; parties != NULL && i < parties->len; i++)
    add_row (self, screening, g_ptr_array_index (parties, i));
}

static void cancel_job (GCancellable **cancellable);

static gpointer
check_in_thread (PbCaseStore   *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(GError) local_error = NULL;
  char *contradiction = NULL;

  if (!(screening = pb_case_store_get_screening (store, data, 0, &local_error)) ||
      (!(contradiction = pb_case_screening_contradiction (store, data, screening, &local_error)) &&
       local_error != NULL))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* It holds: an empty text. */
  return contradiction != NULL ? contradiction : g_strdup ("");
}

typedef struct
{
  PbPartiesPanel *self;
  GCancellable   *cancellable;   /* cancelled: the panel went, or checks again */
} CheckCall;

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autofree CheckCall *call = user_data;
  g_autoptr(PbPartiesPanel) self = call->self;
  g_autoptr(GCancellable) cancellable = call->cancellable;
  g_autoptr(GError) error = NULL;
  g_autofree char *contradiction = pb_store_task_run_finish (result, &error);

  if (g_cancellable_is_cancelled (cancellable))
    return;
  g_clear_object (&self->check_cancellable);

  if (contradiction == NULL)
    {
      g_debug ("The screening of %s was not checked: %s", self->case_id, error->message);
      return;
    }

  /* Its parties no longer read "no match" when it is not the lists' word. */
  if (self->contradicted != (*contradiction != '\0'))
    {
      g_autoptr(PbCaseScreening) screening = NULL;

      self->contradicted = *contradiction != '\0';
      if ((screening = pb_case_store_get_screening (self->store, self->case_id, 0, &error)))
        show_parties (self, screening);
    }
  /* Said in place of "no open hit". */
  if (self->contradicted)
    {
      gtk_label_set_text (self->screening_label, contradiction);
      gtk_widget_add_css_class (GTK_WIDGET (self->screening_label), "error");
    }
}

/* Screens the parties of the latest screening again, in a worker (the
 * index of a large list takes seconds to build). */
static void
check_screening (PbPartiesPanel *self)
{
  CheckCall *call = g_new0 (CheckCall, 1);

  cancel_job (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();
  call->self = g_object_ref (self);
  call->cancellable = g_object_ref (self->check_cancellable);
  pb_store_task_run_async (self->store, PB_CASE_STORE_FLAGS_READ_ONLY, check_in_thread, g_strdup (self->case_id),
                           g_free, g_free, self->check_cancellable, checked_cb, call);
}

void
pb_parties_panel_refresh (PbPartiesPanel *self)
{
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;

  g_return_if_fail (PB_IS_PARTIES_PANEL (self));

  if (!(screening = pb_case_store_get_screening (self->store, self->case_id, 0, &error)))
    {
      show_parties (self, NULL);
      gtk_label_set_text (self->screening_label, error->message);
      return;
    }

  /* Until checked again, a screening found contradicted stays so. */
  if (pb_case_screening_get_latest (screening) == NULL)
    self->contradicted = FALSE;
  show_parties (self, screening);
  status = describe_screening (screening);
  gtk_label_set_text (self->screening_label, status);
  gtk_widget_remove_css_class (GTK_WIDGET (self->screening_label), "error");
  if (pb_case_screening_get_latest (screening) != NULL)
    check_screening (self);
  else
    cancel_job (&self->check_cancellable);
}

void
pb_parties_panel_set_editable (PbPartiesPanel *self,
                               gboolean        editable)
{
  g_return_if_fail (PB_IS_PARTIES_PANEL (self));

  self->editable = !!editable;
  gtk_widget_set_visible (self->add_group, self->editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "parties.add", self->editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "parties.remove", self->editable);
  pb_parties_panel_refresh (self);
}

/* Screening in a thread ------------------------------------------------------- */

/* A party as typed, screened against the current editions without
 * recording anything (@case_id NULL), or every party of the case screened
 * and recorded as probity-cli case screen does (pb_case_screen()). The
 * worker opens a store of its own on the same file; the index of the
 * current editions comes from the cache every panel and screening window
 * on the store share, built once. */
typedef struct
{
  PbStoreOpener         *opener;
  PbScreeningIndexCache *cache;
  char                  *case_id;          /* set: record the screening of the case */
  char                  *name;
  char                  *country;
  char                  *identifier;
} Job;

typedef struct
{
  PbScreeningIndex *index;        /* NULL when no list is imported */
  GPtrArray        *hits;         /* PbScreeningHit of the party typed */
  char             *entry_names[3]; /* the first name of the entries of the first hits */
  guint             event;        /* the screened event recorded */
} JobResult;

static void
job_free (Job *job)
{
  pb_store_opener_free (job->opener);
  g_clear_object (&job->cache);
  g_free (job->case_id);
  g_free (job->name);
  g_free (job->country);
  g_free (job->identifier);
  g_free (job);
}

static void
job_result_free (JobResult *result)
{
  g_clear_object (&result->index);
  g_clear_pointer (&result->hits, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (result->entry_names); i++)
    g_free (result->entry_names[i]);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JobResult, job_result_free)

static Job *
job_new (PbPartiesPanel *self)
{
  Job *job = g_new0 (Job, 1);

  job->opener = pb_store_opener_new (self->store);
  job->cache = g_object_ref (self->cache);

  return job;
}

static void
screen_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GPtrArray) editions = NULL;
  g_autoptr(JobResult) result = g_new0 (JobResult, 1);
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!(store = pb_store_opener_open (job->opener, PB_CASE_STORE_FLAGS_NO_CREATE, &error)) ||
      !(editions = pb_case_store_list_editions (store, TRUE, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (editions->len > 0)
    {
      if (!(result->index = pb_screening_index_cache_get_index (job->cache, store, editions, &error)))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  /* Nothing is recorded against no list; a cancelled record is not begun. */
  if (job->case_id != NULL && result->index != NULL)
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      if ((result->event = pb_case_screen (store, job->case_id, result->index, PB_NAME_MATCH_THRESHOLD, &error)) == 0)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  else if (job->case_id == NULL && result->index != NULL)
    {
      const char *identifiers[] = { job->identifier, NULL };
      PbScreeningQuery query = {
        .name = job->name,
        .country = job->country,
        .identifiers = job->identifier != NULL ? identifiers : NULL,
      };

      result->hits = pb_screening_index_screen (result->index, &query, PB_NAME_MATCH_THRESHOLD);
      /* A hit names the alias that matched; the entry's own name too. */
      for (guint i = 0; i < result->hits->len && i < G_N_ELEMENTS (result->entry_names); i++)
        {
          PbScreeningHit *hit = g_ptr_array_index (result->hits, i);
          g_autoptr(PbListEntry) entry = pb_case_store_get_list_entry (store, hit->entry_id, NULL, NULL);

          if (entry != NULL && entry->names->len > 0)
            result->entry_names[i] = g_strdup (((PbListName *) g_ptr_array_index (entry->names, 0))->text);
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) job_result_free);
}

static void
cancel_job (GCancellable **cancellable)
{
  if (*cancellable != NULL)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
}

/* Runs @job in a worker under a new cancellable kept in @cancellable; the
 * job that ran there is cancelled. */
static void
run_job (PbPartiesPanel       *self,
         Job                  *job,
         GCancellable        **cancellable,
         GAsyncReadyCallback   callback)
{
  g_autoptr(GTask) task = NULL;

  cancel_job (cancellable);
  *cancellable = g_cancellable_new ();
  task = g_task_new (self, *cancellable, callback, NULL);
  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, screen_thread);
}

/* A job of run_job() ended: @found is its result, or NULL and @error set.
 * FALSE when it was cancelled (a newer job took its place, or the panel
 * went): nothing to show. */
static gboolean
job_ended (PbPartiesPanel  *self,
           GAsyncResult    *result,
           GCancellable   **cancellable,
           JobResult      **found,
           GError         **error)
{
  *found = g_task_propagate_pointer (G_TASK (result), error);
  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  g_clear_object (cancellable);
  if (*found != NULL)
    self->no_lists = (*found)->index == NULL;

  return TRUE;
}

/* Live screening of the party being typed ------------------------------------ */

static void
show_live (PbPartiesPanel *self,
           const char     *icon_name,
           const char     *title,
           const char     *subtitle)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->live_row), title);
  adw_action_row_set_subtitle (self->live_row, subtitle != NULL ? subtitle : "");
  gtk_image_set_from_icon_name (self->live_icon, icon_name);
  status_icon_set_class (GTK_WIDGET (self->live_icon), icon_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->live_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle != NULL ? subtitle : "",
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (self->live_row), TRUE);
}

static void
show_live_result (PbPartiesPanel *self,
                  JobResult      *found)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *title = NULL;

  if (found->index == NULL)
    {
      show_live (self, "dialog-information-symbolic", _("No lists imported"),
                 _("Import the restricted-party lists your company follows to screen the parties."));
      return;
    }

  if (found->hits->len == 0)
    {
      GPtrArray *editions = pb_screening_index_get_editions (found->index);
      g_autoptr(GString) described = g_string_new (NULL);

      for (guint i = 0; i < editions->len; i++)
        {
          PbListEdition *edition = g_ptr_array_index (editions, i);

          append_edition (described, pb_list_edition_get_list_id (edition), pb_list_edition_get_title (edition),
                          pb_list_edition_get_published (edition));
        }
      title = describe_no_match (editions->len, described->str);
      show_live (self, "emblem-ok-symbolic", title, NULL);
      return;
    }

  for (guint i = 0; i < found->hits->len && i < G_N_ELEMENTS (found->entry_names); i++)
    {
      PbScreeningHit *hit = g_ptr_array_index (found->hits, i);
      const char *list = list_short_name (pb_list_edition_get_list_id (hit->edition),
                                          pb_list_edition_get_title (hit->edition));
      const char *entry_name = found->entry_names[i];

      if (entry_name != NULL && g_strcmp0 (entry_name, hit->listed_name) != 0)
        /* Translators: the listed entry's name, the name of it that matched, the list, then the score */
        g_string_append_printf (names, _("%s, as “%s” (%s, score %.2f). "), entry_name, hit->listed_name, list,
                                hit->score);
      else
        /* Translators: a listed name, the list, then the score */
        g_string_append_printf (names, _("%s (%s, score %.2f). "), hit->listed_name, list, hit->score);
    }
  g_string_append (names, _("Add the party to record the screening in the case, then review the match."));
  /* Translators: a number of possible matches for the party being typed */
  title = g_strdup_printf (ngettext ("%u possible match — review", "%u possible matches — review", found->hits->len),
                           found->hits->len);
  show_live (self, "dialog-warning-symbolic", title, names->str);
}

static void
live_screened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PbPartiesPanel *self = PB_PARTIES_PANEL (object);
  g_autoptr(JobResult) found = NULL;
  g_autoptr(GError) error = NULL;

  /* A query overtaken by typing was cancelled: only the last is shown. */
  if (!job_ended (self, result, &self->live_cancellable, &found, &error))
    return;

  if (found == NULL)
    show_live (self, "dialog-error-symbolic", _("The party could not be screened"), error->message);
  else
    show_live_result (self, found);
}

static char *
typed (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static gboolean
live_timeout_cb (gpointer user_data)
{
  PbPartiesPanel *self = user_data;
  Job *job = job_new (self);

  self->live_source = 0;
  job->name = typed (self->name_row);
  job->country = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->country_row)), -1);
  g_strstrip (job->country);
  job->identifier = typed (self->identifier_row);
  if (*job->country == '\0')
    g_clear_pointer (&job->country, g_free);
  if (*job->identifier == '\0')
    g_clear_pointer (&job->identifier, g_free);

  self->n_live++;
  run_job (self, job, &self->live_cancellable, live_screened_cb);

  return G_SOURCE_REMOVE;
}

static void
cancel_live (PbPartiesPanel *self)
{
  g_clear_handle_id (&self->live_source, g_source_remove);
  cancel_job (&self->live_cancellable);
}

/* The name, country or number changed: the party is screened once typing
 * pauses, in a thread; what an earlier query would say is dropped. */
static void
party_changed_cb (PbPartiesPanel *self)
{
  g_autofree char *name = typed (self->name_row);

  cancel_live (self);
  if (*name == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->live_row), FALSE);
      return;
    }

  show_live (self, "content-loading-symbolic", _("Screening…"), NULL);
  self->live_source = g_timeout_add (LIVE_DELAY_MS, live_timeout_cb, self);
}

/* Recording the screening of a party saved ------------------------------------ */

static void
recorded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  PbPartiesPanel *self = PB_PARTIES_PANEL (object);
  g_autoptr(JobResult) found = NULL;
  g_autoptr(GError) error = NULL;

  if (!job_ended (self, result, &self->record_cancellable, &found, &error))
    return;

  if (found == NULL)
    toast (self, error->message);

  pb_parties_panel_refresh (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* A party saved: every party of the case is screened and the screening
 * recorded in its history, as probity-cli case screen does, in a thread. */
static void
record_screening (PbPartiesPanel *self)
{
  Job *job = job_new (self);

  job->case_id = g_strdup (self->case_id);
  run_job (self, job, &self->record_cancellable, recorded_cb);
}

/* Actions --------------------------------------------------------------------- */

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  PbPartiesPanel *self = PB_PARTIES_PANEL (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *party_id = NULL;
  g_autofree char *country = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->country_row)), -1);
  g_autofree char *identifier = typed (self->identifier_row);
  const char *identifiers[] = { identifier, NULL };
  guint role = adw_combo_row_get_selected (self->role_row);

  g_strstrip (country);
  if (!(party_id = pb_case_store_add_party (self->store, self->case_id,
                                            party_roles[MIN (role, G_N_ELEMENTS (party_roles) - 1)],
                                            gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                            *country != '\0' ? country : NULL,
                                            *identifier != '\0' ? identifiers : NULL, &error)))
    {
      toast (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }

  /* Saved: screened and recorded now, not at every key typed. */
  record_screening (self);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->country_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->identifier_row), "");
  cancel_live (self);
  gtk_widget_set_visible (GTK_WIDGET (self->live_row), FALSE);
  pb_parties_panel_refresh (self);
  /* Ready for the next party. */
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbPartiesPanel *self = PB_PARTIES_PANEL (widget);
  g_autoptr(GError) error = NULL;

  if (!pb_case_store_remove_party (self->store, self->case_id, g_variant_get_string (param, NULL), NULL, &error))
    {
      toast (self, error->message);
      return;
    }

  pb_parties_panel_refresh (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
screening_window_changed_cb (PbPartiesPanel *self)
{
  pb_parties_panel_refresh (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The hits of a party, in the screening window's review: the one this
 * panel is in, else a new one. */
static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbPartiesPanel *self = PB_PARTIES_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  PbScreeningWindow *window;

  if (PB_IS_SCREENING_WINDOW (root))
    window = PB_SCREENING_WINDOW (root);
  else
    {
      window = pb_screening_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store, self->case_id);
      g_signal_connect_object (window, "changed", G_CALLBACK (screening_window_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (window));
    }

  pb_screening_window_show_party (window, g_variant_get_string (param, NULL));
}

/* Return in the name, country or number adds the party, as the button does. */
static void
entry_activated_cb (PbPartiesPanel *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "parties.add", NULL);
}

/* GObject ------------------------------------------------------------------------ */

static void
pb_parties_panel_dispose (GObject *object)
{
  PbPartiesPanel *self = PB_PARTIES_PANEL (object);

  cancel_live (self);
  cancel_job (&self->record_cancellable);
  cancel_job (&self->check_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_PARTIES_PANEL);
  g_clear_object (&self->store);
  g_clear_object (&self->cache);
  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_parties_panel_parent_class)->dispose (object);
}

static void
pb_parties_panel_class_init (PbPartiesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_parties_panel_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-parties-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, box);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, parties_group);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, screening_box);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, screening_label);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, add_group);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, name_row);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, live_row);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, live_icon);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, role_row);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, country_row);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, identifier_row);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, party_changed_cb);

  gtk_widget_class_install_action (widget_class, "parties.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "parties.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "parties.review", "s", review_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pb_parties_panel_init (PbPartiesPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->editable = TRUE;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Parties to the deal"), -1);
}

GtkWidget *
pb_parties_panel_new (PbCaseStore *store,
                      const char  *case_id,
                      gboolean     show_screening)
{
  PbPartiesPanel *self;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (PB_TYPE_PARTIES_PANEL, NULL);
  self->store = g_object_ref (store);
  self->cache = pb_screening_index_cache_get_for_store (store);
  self->case_id = g_strdup (case_id);
  self->show_screening = show_screening;
  gtk_widget_set_visible (self->screening_box, show_screening);
  pb_parties_panel_refresh (self);

  return GTK_WIDGET (self);
}

gboolean
pb_parties_panel_is_busy (PbPartiesPanel *self)
{
  g_return_val_if_fail (PB_IS_PARTIES_PANEL (self), FALSE);

  return self->live_source != 0 || self->live_cancellable != NULL || self->record_cancellable != NULL ||
         self->check_cancellable != NULL;
}

guint
pb_parties_panel_get_n_live_screenings (PbPartiesPanel *self)
{
  g_return_val_if_fail (PB_IS_PARTIES_PANEL (self), 0);

  return self->n_live;
}
