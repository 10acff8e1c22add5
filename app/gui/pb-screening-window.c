/* pb-screening-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-screening-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pb-case-screener.h"
#include "pb-gui-utils.h"
#include "pb-list-importer.h"
#include "pb-parties-panel.h"
#include "pb-screening-index-cache.h"
#include "pb-screening-window.h"
#include "pb-store-opener.h"
#include "pb-text-field.h"

struct _PbScreeningWindow
{
  AdwWindow              parent_instance;

  /* template widgets */
  AdwToastOverlay       *toast_overlay;
  AdwWindowTitle        *title_widget;
  GtkRevealer           *busy_revealer;
  GtkProgressBar        *progress_bar;
  GtkScrolledWindow     *scrolled_window;
  AdwBin                *parties_bin;
  AdwPreferencesGroup   *hits_group;
  GtkLabel              *lists_label;
  GtkWidget             *parties_panel;

  /* owned */
  PbCaseStore           *store;
  PbScreeningIndexCache *cache;           /* the index, shared with the parties panels */
  char                  *case_id;
  GPtrArray             *hit_rows;
  GCancellable          *cancellable;     /* of the running task, NULL when idle */
  GtkWidget             *review_row;      /* the hit to show and focus (weak) */
  guint                  review_tick;
  guint                  review_ticks;
  guint                  review_settled;
  int                    review_height;
  guint                  progress_source;
};

G_DEFINE_FINAL_TYPE (PbScreeningWindow, pb_screening_window, ADW_TYPE_WINDOW)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
toast (PbScreeningWindow *self,
       const char        *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static gboolean
may_decide (PbScreeningWindow *self)
{
  PbActor *actor = pb_case_store_get_actor (self->store);

  return actor != NULL && pb_role_can_decide (pb_actor_get_role (actor));
}

/* Showing the replay ------------------------------------------------------ */

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
wrapped_label (const char *text,
               gboolean    dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");

  return label;
}

static GtkWidget *
decide_button (const char *label,
               const char *hit_id,
               gboolean    confirm)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), confirm ? "screening.confirm-hit" : "screening.clear-hit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", hit_id);
  if (confirm)
    gtk_widget_add_css_class (button, "destructive-action");

  return button;
}

static void
append_line (GString    *text,
             const char *label,
             const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  g_string_append_printf (text, "%s%s: %s", text->len > 0 ? "\n" : "", label, value);
}

static void
append_strings (GString    *text,
                const char *label,
                GPtrArray  *values)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; values != NULL && i < values->len; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? "; " : "", (const char *) g_ptr_array_index (values, i));
  append_line (text, label, joined->str);
}

/* The party as screened beside the entry as listed, for the reviewer to
 * compare. */
static GtkWidget *
comparison (PbCaseParty *party,
            PbCaseHit   *hit)
{
  g_autoptr(PbListEntry) entry = pb_list_entry_new_from_json (hit->entry_json, NULL);
  g_autoptr(GString) left = g_string_new (NULL);
  g_autoptr(GString) right = g_string_new (NULL);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *heading;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);

  if (party != NULL)
    {
      g_autofree char *ids = g_strjoinv ("; ", party->identifiers);
      g_autofree char *aliases = g_strjoinv ("; ", party->aliases);

      append_line (left, _("Name"), party->name);
      append_line (left, _("Aliases"), aliases);
      append_line (left, _("Role"), pb_party_role_get_label (party->role));
      append_line (left, _("Country"), party->country);
      append_line (left, _("Identifiers"), ids);
    }

  if (entry != NULL)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < entry->names->len; i++)
        g_ptr_array_add (names, ((PbListName *) g_ptr_array_index (entry->names, i))->text);
      for (guint i = 0; i < entry->identifiers->len; i++)
        {
          PbListIdentifier *id = g_ptr_array_index (entry->identifiers, i);

          g_ptr_array_add (ids, g_strdup_printf ("%s %s", id->type ? id->type : "", id->number ? id->number : ""));
        }
      append_strings (right, _("Names"), names);
      append_line (right, _("Type"), pb_list_entry_kind_get_label (entry->kind));
      append_line (right, _("Reference"), entry->source_id);
      append_line (right, _("List"), entry->source_list);
      append_strings (right, _("Programmes"), entry->programmes);
      append_strings (right, _("Countries"), entry->countries);
      append_strings (right, _("Identifiers"), ids);
      append_strings (right, _("Born"), entry->birth_dates);
      append_strings (right, _("Addresses"), entry->addresses);
      append_line (right, _("Legal basis"), entry->legal_basis);
      append_line (right, _("Listed on"), entry->listed_on);
    }

  heading = gtk_label_new (_("The party"));
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_grid_attach (GTK_GRID (grid), heading, 0, 0, 1, 1);
  heading = gtk_label_new (_("The listed entry"));
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_grid_attach (GTK_GRID (grid), heading, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), wrapped_label (left->str, FALSE), 0, 1, 1, 1);
  gtk_widget_set_name (gtk_grid_get_child_at (GTK_GRID (grid), 0, 1), "party-in-review");
  gtk_grid_attach (GTK_GRID (grid), wrapped_label (right->str, FALSE), 1, 1, 1, 1);
  gtk_widget_set_valign (gtk_grid_get_child_at (GTK_GRID (grid), 0, 1), GTK_ALIGN_START);
  gtk_widget_set_valign (gtk_grid_get_child_at (GTK_GRID (grid), 1, 1), GTK_ALIGN_START);

  return grid;
}

/* A decision of another case on the same entry for the same party: who,
 * when, why, on which edition; a reviewer may adopt it while the entry is
 * the one decided on. */
static void
add_prior (PbScreeningWindow *self,
           GtkBox            *box,
           PbCaseHit         *hit,
           PbPriorDecision   *prior)
{
  g_autofree char *time = pb_format_timestamp (prior->decided_at);
  g_autofree char *text = NULL;

  /* Translators: a case id, Cleared/Confirmed, a person, a time, the list edition's date, then the reason */
  text = g_strdup_printf (_("Decided before in case %s: %s by %s on %s, on the list edition of %s: %s"),
                          prior->case_id, pb_hit_status_get_label (prior->status), prior->decided_by, time,
                          prior->edition_published ? prior->edition_published : "?", prior->reason);
  gtk_box_append (box, wrapped_label (text, FALSE));

  if (prior->entry_changed)
    gtk_box_append (box, wrapped_label (_("The listed entry changed since that decision: decide this hit again."),
                                        TRUE));
  else if (hit->status == PB_HIT_OPEN && may_decide (self))
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Adopt This Decision"));
      /* Translators: a case id */
      g_autofree char *description = g_strdup_printf (_("Adopt the decision of case %s"), prior->case_id);

      gtk_widget_set_halign (button, GTK_ALIGN_END);
      gtk_widget_set_name (button, "adopt");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "screening.adopt-hit");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", hit->id, prior->case_id);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
      gtk_box_append (box, button);
    }
}

/* A hit: the listed name and how it matched; inside, the explanation, the
 * decision or the means to make one. */
static void
add_hit_row (PbScreeningWindow *self,
             PbCaseScreening   *screening,
             PbCaseHit         *hit)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  PbCaseParty *party = pb_case_screening_lookup_party (screening, hit->party_id);
  g_autofree char *subtitle = NULL;

  /* Translators: hit id, party name, list, score, then the hit's status */
  subtitle = g_strdup_printf (_("%s · %s · %s · score %.2f · %s"), hit->id, party ? party->name : hit->party_id,
                              hit->source ? hit->source : hit->list_id, hit->score, pb_hit_status_get_label (hit->status));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), hit->listed_name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), comparison (party, hit));
  if (hit->explanation != NULL)
    gtk_box_append (GTK_BOX (box), wrapped_label (hit->explanation, TRUE));
  if (hit->question_id != NULL)
    {
      /* Translators: a question id such as S2.02a */
      g_autofree char *answers = g_strdup_printf (_("Answers question %s of the assessment."), hit->question_id);

      gtk_box_append (GTK_BOX (box), wrapped_label (answers, TRUE));
    }

  if (hit->status != PB_HIT_OPEN)
    {
      g_autofree char *time = pb_format_timestamp (hit->decided_at);
      /* Translators: Cleared/Confirmed, a person, a time, then the reason */
      g_autofree char *decided = g_strdup_printf (_("%s by %s on %s: %s"), pb_hit_status_get_label (hit->status),
                                                  hit->decided_by, time, hit->reason);

      gtk_box_append (GTK_BOX (box), wrapped_label (decided, FALSE));
      if (hit->adopted_case != NULL)
        {
          /* Translators: a case id */
          g_autofree char *adopted = g_strdup_printf (_("The decision of case %s, adopted."), hit->adopted_case);

          gtk_box_append (GTK_BOX (box), wrapped_label (adopted, TRUE));
        }
    }

  for (guint i = 0; i < hit->priors->len; i++)
    add_prior (self, GTK_BOX (box), hit, g_ptr_array_index (hit->priors, i));

  if (may_decide (self))
    {
      /* Which of the two decisions is meant is for the buttons to say:
       * Ctrl+Return confirms nothing here. */
      GtkWidget *reason = pb_text_field_new (_("Reason for the decision"));
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

      gtk_widget_set_name (reason, "reason");
      gtk_box_append (GTK_BOX (box), reason);
      gtk_widget_set_halign (buttons, GTK_ALIGN_END);
      gtk_box_append (GTK_BOX (buttons), decide_button (_("C_lear: Another Party"), hit->id, FALSE));
      gtk_box_append (GTK_BOX (buttons), decide_button (_("Con_firm Match"), hit->id, TRUE));
      gtk_box_append (GTK_BOX (box), buttons);
      g_object_set_data (G_OBJECT (row), "reason", reason);
      g_object_set_data_full (G_OBJECT (row), "hit", g_strdup (hit->id), g_free);
    }
  else if (hit->status == PB_HIT_OPEN)
    gtk_box_append (GTK_BOX (box), wrapped_label (_("A legal reviewer clears or confirms this hit."), TRUE));

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "party", g_strdup (hit->party_id), g_free);
  g_object_set_data (G_OBJECT (row), "open", GINT_TO_POINTER (hit->status == PB_HIT_OPEN));
  adw_preferences_group_add (self->hits_group, row);
  g_ptr_array_add (self->hit_rows, row);
}

static void
refresh (PbScreeningWindow *self)
{
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) lists = g_string_new (NULL);
  g_autofree char *time = NULL;
  PbScreeningRun *run;

  clear_rows (self->hits_group, self->hit_rows);
  pb_parties_panel_refresh (PB_PARTIES_PANEL (self->parties_panel));

  if (!(screening = pb_case_store_get_screening (self->store, self->case_id, 0, &error)))
    {
      toast (self, error->message);
      return;
    }

  run = pb_case_screening_get_latest (screening);
  if (run == NULL)
    {
      gtk_label_set_text (self->lists_label, _("Not screened yet. Import the lists your company follows, "
                                               "then screen the parties."));
      return;
    }

  time = pb_format_timestamp (run->time);
  /* Translators: a time, then a person */
  g_string_append_printf (lists, _("Screened on %s by %s against:"), time, run->user);
  for (guint i = 0; i < run->editions->len; i++)
    {
      PbScreenedEdition *edition = g_ptr_array_index (run->editions, i);

      /* Translators: a list title, its publisher, a date, a number of entries, then a SHA-256 */
      g_string_append_printf (lists, _("\n• %s (%s), published %s, %u entries, SHA-256 %s"),
                              edition->title ? edition->title : edition->list_id, edition->publisher,
                              edition->published ? edition->published : _("on no stated date"),
                              edition->n_entries, edition->file_sha256);
    }
  if (pb_case_screening_is_stale (screening))
    g_string_append_printf (lists, "\n%s", _("A party was added since: screen the parties again."));
  gtk_label_set_text (self->lists_label, lists->str);

  for (guint i = 0; i < run->hits->len; i++)
    add_hit_row (self, screening, g_ptr_array_index (run->hits, i));
  adw_preferences_group_set_description (self->hits_group,
                                         run->hits->len == 0 ? _("No listed entry matched any party.")
                                                             : _("A reviewer clears a hit that is another party, or confirms "
                                                                 "a true match, with a reason. An open hit holds the case."));
}

static void
recorded (PbScreeningWindow *self)
{
  refresh (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Work in a thread ----------------------------------------------------------- */

/* What a thread needs: its own store on the same file (they share the
 * connection and take turns on it), the same actor. */
typedef struct
{
  PbStoreOpener         *opener;
  PbScreeningIndexCache *cache;
  char                  *case_id;
  char                  *list_path;
  guint64                bytes_read;
  guint64                bytes_total;
  guint                  n_entries;
  GMutex                 lock;
} Work;

static void
work_free (Work *work)
{
  pb_store_opener_free (work->opener);
  g_clear_object (&work->cache);
  g_free (work->case_id);
  g_free (work->list_path);
  g_mutex_clear (&work->lock);
  g_free (work);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Work, work_free)

static Work *
work_new (PbScreeningWindow *self)
{
  Work *work = g_new0 (Work, 1);

  work->opener = pb_store_opener_new (self->store);
  work->cache = g_object_ref (self->cache);
  work->case_id = g_strdup (self->case_id);
  g_mutex_init (&work->lock);

  return work;
}

static void
set_busy (PbScreeningWindow *self,
          const char        *text)
{
  gboolean busy = text != NULL;

  g_clear_object (&self->cancellable);
  if (busy)
    self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_revealer_set_reveal_child (self->busy_revealer, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.screen", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.import", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.cancel", busy);
}

static void
screen_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Work *work = task_data;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbScreeningIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  guint event;

  if (!(store = pb_store_opener_open (work->opener, PB_CASE_STORE_FLAGS_NO_CREATE, &error)) ||
      !(index = pb_screening_index_cache_get_index (work->cache, store, NULL, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (pb_screening_index_get_editions (index)->len == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               _("No restricted-party list is imported yet: import the lists first."));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  if ((event = pb_case_screen (store, work->case_id, index, PB_NAME_MATCH_THRESHOLD, &error)) == 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, event);
}

static void
screen_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  PbScreeningWindow *self = PB_SCREENING_WINDOW (object);
  g_autoptr(GError) error = NULL;

  set_busy (self, NULL);
  if (g_task_propagate_int (G_TASK (result), &error) <= 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  recorded (self);
  toast (self, _("The parties were screened; the result is in the case’s history."));
}

static void
screen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbScreeningWindow *self = PB_SCREENING_WINDOW (widget);
  g_autoptr(GTask) task = NULL;

  set_busy (self, _("Screening the parties…"));
  gtk_progress_bar_pulse (self->progress_bar);
  task = g_task_new (self, self->cancellable, screen_done, NULL);
  g_task_set_task_data (task, work_new (self), (GDestroyNotify) work_free);
  g_task_run_in_thread (task, screen_thread);
}

/* Called from the import thread after each chunk; the main loop shows it. */
static void
import_progress (guint64  bytes_read,
                 guint64  bytes_total,
                 guint    n_entries,
                 gpointer user_data)
{
  Work *work = user_data;

  g_mutex_lock (&work->lock);
  work->bytes_read = bytes_read;
  work->bytes_total = bytes_total;
  work->n_entries = n_entries;
  g_mutex_unlock (&work->lock);
}

static gboolean
show_progress (gpointer user_data)
{
  GTask *task = user_data;
  Work *work = g_task_get_task_data (task);
  PbScreeningWindow *self = PB_SCREENING_WINDOW (g_task_get_source_object (task));
  g_autofree char *text = NULL;
  guint64 read, total;
  guint n;

  g_mutex_lock (&work->lock);
  read = work->bytes_read;
  total = work->bytes_total;
  n = work->n_entries;
  g_mutex_unlock (&work->lock);

  /* Translators: a number of entries, then a percentage */
  text = g_strdup_printf (_("Importing: %u entries, %.0f %%"), n, total > 0 ? 100.0 * read / total : 0.0);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) read / total : 0);
  gtk_progress_bar_set_text (self->progress_bar, text);

  return G_SOURCE_CONTINUE;
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Work *work = task_data;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbListEdition) edition = NULL;
  g_autoptr(GError) error = NULL;
  gboolean already = FALSE;

  if (!(store = pb_store_opener_open (work->opener, PB_CASE_STORE_FLAGS_NO_CREATE, &error)) ||
      !(edition = pb_list_import_file (store, work->list_path, PB_LIST_FORMAT_AUTO, NULL,
                                       import_progress, work, cancellable, &already, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The index of the editions before is no use to anyone any more. */
  if (!already)
    pb_screening_index_cache_forget (work->cache);
  g_task_return_pointer (task, g_steal_pointer (&edition), g_object_unref);
}

static void
import_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  PbScreeningWindow *self = PB_SCREENING_WINDOW (object);
  g_autoptr(PbListEdition) edition = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  g_clear_handle_id (&self->progress_source, g_source_remove);
  set_busy (self, NULL);
  if (!(edition = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      toast (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                   ? _("Import cancelled; the lists imported before are as they were.") : error->message);
      return;
    }

  /* Translators: a list title, then a number of entries */
  message = g_strdup_printf (_("%s: %u entries imported"), pb_list_edition_get_title (edition),
                             pb_list_edition_get_n_entries (edition));
  toast (self, message);
}

void
pb_screening_window_import (PbScreeningWindow *self,
                            const char        *path)
{
  g_autoptr(GTask) task = NULL;
  Work *work;

  g_return_if_fail (PB_IS_SCREENING_WINDOW (self));
  g_return_if_fail (self->cancellable == NULL);

  set_busy (self, _("Importing…"));
  work = work_new (self);
  work->list_path = g_strdup (path);
  task = g_task_new (self, self->cancellable, import_done, NULL);
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  self->progress_source = g_timeout_add_full (G_PRIORITY_DEFAULT, 200, show_progress,
                                              g_object_ref (task), g_object_unref);
  g_task_run_in_thread (task, import_thread);
}

static void
import_response_cb (PbScreeningWindow    *self,
                    int                   response,
                    GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        pb_screening_window_import (self, path);
    }
  g_object_unref (native);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbScreeningWindow *self = PB_SCREENING_WINDOW (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Import a Restricted-Party List"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (import_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbScreeningWindow *self = PB_SCREENING_WINDOW (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* Parties and decisions -------------------------------------------------------- */

static void
decide (PbScreeningWindow *self,
        const char        *hit_id,
        PbHitStatus        decision)
{
  g_autoptr(GError) error = NULL;
  const char *reason = NULL;

  for (guint i = 0; i < self->hit_rows->len; i++)
    {
      GObject *row = g_ptr_array_index (self->hit_rows, i);

      if (g_strcmp0 (g_object_get_data (row, "hit"), hit_id) == 0)
        reason = pb_text_field_get_text (g_object_get_data (row, "reason"));
    }

  if (!pb_case_store_decide_hit (self->store, self->case_id, hit_id, decision, reason, &error))
    toast (self, error->message);
  else
    recorded (self);
}

static void
clear_hit_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  decide (PB_SCREENING_WINDOW (widget), g_variant_get_string (param, NULL), PB_HIT_CLEARED);
}

static void
adopt_hit_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PbScreeningWindow *self = PB_SCREENING_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  const char *hit_id, *prior_case;

  g_variant_get (param, "(&s&s)", &hit_id, &prior_case);
  if (!pb_case_store_adopt_prior_decision (self->store, self->case_id, hit_id, prior_case, &error))
    toast (self, error->message);
  else
    recorded (self);
}

static void
confirm_hit_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  decide (PB_SCREENING_WINDOW (widget), g_variant_get_string (param, NULL), PB_HIT_CONFIRMED);
}

/* GObject ------------------------------------------------------------------------ */

static void
pb_screening_window_dispose (GObject *object)
{
  PbScreeningWindow *self = PB_SCREENING_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_weak_pointer (&self->review_row);
  if (self->review_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->review_tick);
  self->review_tick = 0;
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->cache);
  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->hit_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_screening_window_parent_class)->dispose (object);
}

static void
pb_screening_window_class_init (PbScreeningWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_screening_window_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-screening-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PbScreeningWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PbScreeningWindow, title_widget);
  gtk_widget_class_bind_template_child (widget_class, PbScreeningWindow, busy_revealer);
  gtk_widget_class_bind_template_child (widget_class, PbScreeningWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PbScreeningWindow, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, PbScreeningWindow, parties_bin);
  gtk_widget_class_bind_template_child (widget_class, PbScreeningWindow, hits_group);
  gtk_widget_class_bind_template_child (widget_class, PbScreeningWindow, lists_label);

  gtk_widget_class_install_action (widget_class, "screening.screen", NULL, screen_action);
  gtk_widget_class_install_action (widget_class, "screening.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "screening.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "screening.clear-hit", "s", clear_hit_action);
  gtk_widget_class_install_action (widget_class, "screening.confirm-hit", "s", confirm_hit_action);
  gtk_widget_class_install_action (widget_class, "screening.adopt-hit", "(ss)", adopt_hit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pb_screening_window_init (PbScreeningWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->hit_rows = g_ptr_array_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.cancel", FALSE);
}

gboolean
pb_screening_window_is_busy (PbScreeningWindow *self)
{
  g_return_val_if_fail (PB_IS_SCREENING_WINDOW (self), FALSE);

  return self->cancellable != NULL || pb_parties_panel_is_busy (PB_PARTIES_PANEL (self->parties_panel));
}

/* Until the hit under review sits at the top of the view (its row opens
 * with an animation, the view grows meanwhile), for a second at most; its
 * reason takes the focus (else the row itself). */
static gboolean
review_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  PbScreeningWindow *self = PB_SCREENING_WINDOW (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->scrolled_window);
  GtkWidget *content = gtk_viewport_get_child (GTK_VIEWPORT (viewport));
  graphene_point_t point;
  GtkWidget *reason;
  int height;

  if (self->review_row == NULL || ++self->review_ticks > 60)
    {
      g_clear_weak_pointer (&self->review_row);
      self->review_tick = 0;
      return G_SOURCE_REMOVE;
    }

  if (self->review_ticks == 1)
    {
      reason = g_object_get_data (G_OBJECT (self->review_row), "reason");
      gtk_widget_grab_focus (reason != NULL ? reason : self->review_row);
    }

  if (!gtk_widget_compute_point (self->review_row, content, &GRAPHENE_POINT_INIT (0, 0), &point))
    return G_SOURCE_CONTINUE;

  gtk_adjustment_set_value (adjustment, point.y - 12);
  height = gtk_widget_get_height (self->review_row);
  /* Settled: there, at the same height, for ten frames. */
  if (!G_APPROX_VALUE (gtk_adjustment_get_value (adjustment), point.y - 12, 1.0) || height != self->review_height)
    self->review_settled = 0;
  else if (++self->review_settled >= 10)
    {
      g_clear_weak_pointer (&self->review_row);
      self->review_tick = 0;
      return G_SOURCE_REMOVE;
    }
  self->review_height = height;

  return G_SOURCE_CONTINUE;
}

void
pb_screening_window_show_party (PbScreeningWindow *self,
                                const char        *party_id)
{
  GtkWidget *first = NULL;

  g_return_if_fail (PB_IS_SCREENING_WINDOW (self));
  g_return_if_fail (party_id != NULL);

  /* The party's hits open, the first one nobody decided (else the first)
   * taking the focus: its reason field, for a reviewer. */
  for (guint i = 0; i < self->hit_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->hit_rows, i);
      gboolean is_open = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "open"));

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "party"), party_id) != 0)
        continue;
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      if (first == NULL || (is_open && !GPOINTER_TO_INT (g_object_get_data (G_OBJECT (first), "open"))))
        first = row;
    }

  if (first == NULL)
    return;
  g_set_weak_pointer (&self->review_row, first);
  self->review_ticks = 0;
  self->review_settled = 0;
  self->review_height = -1;
  if (self->review_tick == 0)
    self->review_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), review_tick_cb, NULL, NULL);
}

PbScreeningWindow *
pb_screening_window_new (GtkWindow   *parent,
                         PbCaseStore *store,
                         const char  *case_id)
{
  PbScreeningWindow *self;
  gboolean editable;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (PB_TYPE_SCREENING_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->cache = pb_screening_index_cache_get_for_store (store);
  self->case_id = g_strdup (case_id);
  adw_window_title_set_subtitle (self->title_widget, case_id);

  editable = pb_case_store_get_actor (store) != NULL &&
             pb_role_can_edit (pb_actor_get_role (pb_case_store_get_actor (store)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.screen", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screening.import", editable);
  self->parties_panel = pb_parties_panel_new (store, case_id, FALSE);
  pb_parties_panel_set_editable (PB_PARTIES_PANEL (self->parties_panel), editable);
  g_signal_connect_object (self->parties_panel, "changed", G_CALLBACK (recorded), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->parties_panel, "toast", G_CALLBACK (toast), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->parties_bin, self->parties_panel);
  refresh (self);

  return self;
}
