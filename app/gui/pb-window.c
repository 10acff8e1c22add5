/* pb-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "pb-case-export.h"
#include "pb-case-list.h"
#include "pb-case-row.h"
#include "pb-case-slots.h"
#include "pb-case-store.h"
#include "pb-case-summary.h"
#include "pb-case-watch.h"
#include "pb-gui-utils.h"
#include "pb-new-case-dialog.h"
#include "pb-task-bar.h"
#include "pb-window.h"
#include "pb-wizard.h"

struct _PbWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkStack             *cases_stack;
  AdwWindowTitle       *window_title;
  GtkWidget            *new_case_button;
  AdwStatusPage        *empty_page;
  GtkWidget            *empty_new_case_button;
  char                 *empty_description;   /* the empty page's, for whoever creates cases */
  GtkWidget            *search_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkBox               *search_box;
  GtkBox               *filter_box;
  GtkMenuButton        *filter_button;
  GtkPopover           *filter_popover;
  GtkDropDown          *status_filter;
  GtkDropDown          *decision_filter;
  GtkDropDown          *outcome_filter;
  PbCaseRow            *case_header;
  GtkListView          *case_view;
  GtkSortListModel     *sort_model;
  AdwStatusPage        *error_page;
  AdwStatusPage        *connecting_page;
  GtkSpinner           *connecting_spinner;
  GtkProgressBar       *opening_progress;
  GtkProgressBar       *check_progress;
  GtkRevealer          *damage_revealer;
  GtkLabel             *damage_label;
  GtkWidget            *try_again_button;
  GtkWidget            *show_folder_button;
  GtkWidget            *open_other_button;
  GtkWidget            *database_buttons;
  GtkWidget            *server_buttons;
  PbTaskBar            *task_bar;
  GtkRevealer          *connection_revealer;
  GtkSpinner           *connection_spinner;
  GtkLabel             *connection_label;

  /* owned */
  PbCaseStore          *store;
  PbCaseList           *cases;              /* the list shown, for the window's life */
  PbCaseSlots          *slots;              /* its rows, which the view shows sorted */
  PbCaseWatch          *watch;              /* what others change in it */
  GSettings            *settings;
  char                 *database_path;
  GCancellable         *load_cancellable;   /* the list being read */
  GCancellable         *open_cancellable;   /* opening the file or server */
  struct _OpenProgress *open_progress;      /* how far the file's check has come */
  guint                 open_progress_source;
  GCancellable         *check_cancellable;  /* the whole file's check, in the background */
  struct _OpenProgress *check_state;        /* how far it has come */
  guint                 check_progress_source;
  GQueue                exports;            /* GFile: exports waiting for the one under way */

  /* state */
  guint                 drop_wizard_source;
  guint                 changed_source;     /* others changed cases: the list is read again */
  guint                 trim_source;
  gboolean              read_only;
  gboolean              open_cancelled;     /* the last open was given up */
  gboolean              open_busy;          /* the last open found the file locked: that passes */
  gboolean              open_damaged;       /* the last open found the file damaged: that does not */
  gboolean              remember_location;  /* once open, the next start opens it */
  gboolean              listed;             /* the cases were read once */
  gboolean              filtered;           /* the list shown is filtered */
  gboolean              focus_list;         /* once it is read */
  gboolean              narrow;             /* a phone's width */
  gboolean              reload_pending;     /* a newer filter waits for the query running */
  gboolean              changed_pending;    /* others' changes wait for the query running */
  gboolean              from_start;         /* the next list is shown from its start */
  int                   sort_column;        /* PbCaseColumn, or -1: as the store lists them */
  GtkSortType           sort_order;
};

G_DEFINE_FINAL_TYPE (PbWindow, pb_window, ADW_TYPE_APPLICATION_WINDOW)

/* Below this width the search bar folds its filters into a popover (and
 * the list's rows take three lines: pb-case-row.c). */
#define NARROW_WIDTH 600

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  PROP_READ_ONLY,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_title (PbWindow *self)
{
  g_autofree char *basename = NULL;

  /* A server by its host and database: never a password it was given. */
  if (self->database_path != NULL && pb_case_store_is_server_location (self->database_path))
    basename = pb_case_store_describe_location (self->database_path);
  else if (self->database_path != NULL)
    basename = g_path_get_basename (self->database_path);

  if (self->read_only && basename != NULL)
    {
      /* Translators: subtitle of a window showing a case file opened read-only */
      g_autofree char *subtitle = g_strdup_printf (_("%s (read-only)"), basename);
      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
  else
    adw_window_title_set_subtitle (self->window_title, basename ? basename : "");
}

/* An auditor reads, and on a team server only sales people create cases:
 * the store would refuse a new case anyway. The role is the one the store
 * acts in now: a team server's administrator may take it away or give it
 * back while the window is open (notify::actor, ::identity-changed). */
static void
update_new_case_action (PbWindow *self)
{
  gboolean server = self->store != NULL && pb_case_store_get_server_user (self->store) != NULL;
  gboolean role_creates = self->store != NULL && pb_case_store_get_actor (self->store) != NULL &&
                          pb_case_store_may_create_cases (self->store);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-case",
                                 role_creates && !self->read_only && pb_case_store_get_damage (self->store) == NULL);
  /* Why not, where the role is the server's, not Preferences'. */
  gtk_widget_set_tooltip_text (self->new_case_button,
                               server && !role_creates
                                 ? _("New Assessment: on this team server only sales people in a team create cases")
                                 : _("New Assessment (Ctrl+N)"));
  /* An empty list there invites no one to start what they cannot. */
  if (self->empty_description == NULL)
    self->empty_description = g_strdup (adw_status_page_get_description (self->empty_page));
  gtk_widget_set_visible (self->empty_new_case_button, !server || role_creates);
  adw_status_page_set_description (self->empty_page,
                                   server && !role_creates
                                     ? _("On this team server sales people create the cases; they appear here as "
                                         "your role lets you read them.")
                                     : self->empty_description);
}

/* The store records whoever the preferences name at the moment of each
 * change, not who was named when the window or the case was opened. */
static void
update_actor (PbWindow *self)
{
  /* What was typed is saved under the name it was typed under. */
  pb_window_save_pending (self);
  /* On a team server who acts is whom it authenticated, in its role. */
  if (self->store != NULL && pb_case_store_get_server_user (self->store) == NULL)
    {
      g_autoptr(PbActor) actor = pb_settings_dup_actor (self->settings);

      pb_case_store_set_actor (self->store, actor);
    }

  update_new_case_action (self);
}

static void
update_cases_page (PbWindow *self)
{
  if (self->store == NULL && self->open_cancellable != NULL)
    gtk_stack_set_visible_child_name (self->cases_stack, "connecting");
  else if (self->store == NULL)
    gtk_stack_set_visible_child_name (self->cases_stack, "error");
  else if (!self->listed)
    gtk_stack_set_visible_child_name (self->cases_stack, "loading");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->cases)) > 0)
    gtk_stack_set_visible_child_name (self->cases_stack, "list");
  else
    gtk_stack_set_visible_child_name (self->cases_stack, self->filtered ? "no-results" : "empty");
}

static void
update_narrow (PbWindow *self)
{
  int width = 0;
  int height = 0;
  gboolean narrow;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  narrow = width > 0 && width < NARROW_WIDTH;
  if (narrow == self->narrow)
    return;

  self->narrow = narrow;
  /* The filters fold into a popover beside the search: one row. */
  g_object_ref (self->filter_box);
  if (narrow)
    {
      gtk_box_remove (self->search_box, GTK_WIDGET (self->filter_box));
      gtk_popover_set_child (self->filter_popover, GTK_WIDGET (self->filter_box));
    }
  else
    {
      gtk_popover_set_child (self->filter_popover, NULL);
      gtk_box_append (self->search_box, GTK_WIDGET (self->filter_box));
    }
  g_object_unref (self->filter_box);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->filter_box),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_button), narrow);
}

/* Item 0 of a filter is "any"; then its values from @first on. */
static int
selected_value (GtkDropDown *filter,
                int          first)
{
  guint selected = gtk_drop_down_get_selected (filter);

  return selected > 0 && selected != GTK_INVALID_LIST_POSITION ? first + (int) selected - 1 : -1;
}

/* What the search and the filters ask for. @filter's text is the entry's,
 * its words matched against the country names the window shows. */
static void
current_filter (PbWindow     *self,
                PbCaseFilter *filter)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  filter->status = selected_value (self->status_filter, PB_CASE_STATUS_DRAFT);
  filter->decision = selected_value (self->decision_filter, PB_CASE_STATUS_APPROVED);
  filter->outcome = selected_value (self->outcome_filter, PB_OUTCOME_PROCEED);
  /* Spaces or punctuation alone are no search: the list is all of it,
   * and an empty one says there are no cases, not that none matched. */
  if (pb_case_store_search_has_words (text))
    {
      filter->text = text;
      filter->country_names = pb_country_list_get_countries ();
    }
}

static void reload_cases (PbWindow *self,
                          gboolean  from_start);

/* The case selected in the list, or NULL. */
static PbCaseInfo *
selected_case (PbWindow *self)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (self->case_view);
  guint position = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection));

  if (position == GTK_INVALID_LIST_POSITION)
    return NULL;

  return pb_case_slots_get_info (G_LIST_MODEL (self->sort_model), position);
}

/* Where the list shows @case_id, or GTK_INVALID_LIST_POSITION. Sorted as
 * the store lists them, the ids tell without reading any case; sorted by a
 * column, every case was read already. */
static guint
find_case (PbWindow   *self,
           const char *case_id)
{
  GtkSorter *sorter = gtk_sort_list_model_get_sorter (self->sort_model);
  GListModel *sorted = G_LIST_MODEL (self->sort_model);

  if (sorter == NULL || gtk_sorter_get_order (sorter) == GTK_SORTER_ORDER_NONE)
    return pb_case_list_find (self->cases, case_id);

  for (guint i = 0; i < g_list_model_get_n_items (sorted); i++)
    {
      g_autoptr(PbCaseInfo) info = pb_case_slots_get_info (sorted, i);

      if (g_strcmp0 (pb_case_info_get_id (info), case_id) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* Shows @cases in place of the list shown. A new search or filter shows
 * them from the start; others' changes leave the list where it is
 * scrolled to (at the top, it stays there), and the case selected stays
 * selected, changed or not, wherever it went. */
static void
show_cases (PbWindow   *self,
            PbCaseList *cases)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->case_view));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (self->case_view));
  g_autoptr(PbCaseInfo) selected = selected_case (self);
  gboolean at_top = adjustment == NULL || gtk_adjustment_get_value (adjustment) <= 0;
  g_autofree char *selected_id = selected != NULL ? g_strdup (pb_case_info_get_id (selected)) : NULL;

  /* From the start, where the rows of the cases that stay keep their
   * widgets; the columns fit the new rows, narrower ones too. */
  if (self->from_start && adjustment != NULL)
    gtk_adjustment_set_value (adjustment, 0);
  if (self->from_start)
    pb_case_row_refit_columns (self->case_header);
  pb_case_list_update (self->cases, cases);
  /* Once more: GTK 4.8 may place the first row a few pixels down, from
   * the heights it guessed for rows it has not built. */
  if ((self->from_start || at_top) && adjustment != NULL)
    gtk_adjustment_set_value (adjustment, 0);
  self->from_start = FALSE;

  g_clear_object (&selected);
  if (selected_id != NULL && !((selected = selected_case (self)) &&
                               g_str_equal (pb_case_info_get_id (selected), selected_id)))
    gtk_single_selection_set_selected (selection, find_case (self, selected_id));
}

/* Once searching paused: the old lists and the queries' work were freed,
 * much of it in the worker thread's arena, which glibc keeps: 100 MB after
 * a few dozen searches at 100,000 cases. Given back then, not after each
 * list, where it took 5 to 70 ms of each search and the pages given back
 * were taken again at the next. */
#define TRIM_DELAY_MS 1000

static gboolean
trim_cb (gpointer data)
{
  PbWindow *self = data;

  self->trim_source = 0;
#ifdef __GLIBC__
  malloc_trim (0);
#endif

  return G_SOURCE_REMOVE;
}

static void
trim_later (PbWindow *self)
{
  g_clear_handle_id (&self->trim_source, g_source_remove);
  self->trim_source = g_timeout_add (TRIM_DELAY_MS, trim_cb, self);
}

static void
cases_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PbWindow) self = user_data;
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(GError) error = NULL;

  cases = pb_case_store_list_cases_finish (PB_CASE_STORE (source), result, &error);
  g_clear_object (&self->load_cancellable);

  /* A newer filter waited for this query: its answer is stale. */
  if (self->reload_pending)
    {
      self->reload_pending = FALSE;
      self->changed_pending = FALSE;
      reload_cases (self, FALSE);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (cases == NULL)
    {
      pb_window_add_toast (self, error->message);
      cases = G_LIST_MODEL (pb_case_list_new ());
    }

  show_cases (self, PB_CASE_LIST (cases));
  g_clear_object (&cases);
  self->listed = TRUE;
  trim_later (self);
  update_cases_page (self);
  if (self->focus_list && g_strcmp0 (gtk_stack_get_visible_child_name (self->cases_stack), "list") == 0)
    {
      self->focus_list = FALSE;
      /* Not when a case was opened before the list came (Ctrl+N at once):
       * the wizard has the keyboard then. */
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "cases") == 0)
        gtk_widget_grab_focus (GTK_WIDGET (self->case_view));
    }
  /* Others changed cases while it was read. */
  if (self->changed_pending)
    {
      self->changed_pending = FALSE;
      reload_cases (self, FALSE);
      return;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Reads the cases the search and the filters ask for, in a worker thread:
 * the store does the filtering with its indexes, so that typing in the
 * search reads only what matches, and the window draws meanwhile.
 * @from_start: show them from the start (a new search), else where the
 * list is (others changed cases). */
static void
reload_cases (PbWindow *self,
              gboolean  from_start)
{
  PbCaseFilter filter = PB_CASE_FILTER_INIT;
  gboolean was_loading = self->load_cancellable != NULL;

  self->from_start |= from_start;

  /* SQLite reads a query to its end, and the queries of one file take
   * turns: typing "interception" would queue a query per letter, each
   * waiting for the one before. Only the newest waits for the one running,
   * and then runs; those in between are never asked. */
  if (self->store != NULL && self->load_cancellable != NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      self->reload_pending = TRUE;
      return;
    }

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->reload_pending = FALSE;
  /* What others changed until now is in the list read now. */
  self->changed_pending = FALSE;

  if (self->store == NULL)
    {
      g_autoptr(PbCaseList) none = pb_case_list_new ();

      pb_case_list_update (self->cases, none);
      self->listed = FALSE;
      update_cases_page (self);
      if (was_loading)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }

  current_filter (self, &filter);
  self->filtered = filter.text != NULL || filter.status >= 0 || filter.decision >= 0 || filter.outcome >= 0;

  self->load_cancellable = g_cancellable_new ();
  pb_case_store_list_cases_async (self->store, &filter, self->load_cancellable, cases_loaded_cb, g_object_ref (self));
  if (!was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The cases of the search and the filters, shown from the start. */
void
pb_window_reload_cases (PbWindow *self)
{
  g_return_if_fail (PB_IS_WINDOW (self));

  reload_cases (self, TRUE);
}

static void
on_search_entry_search_changed_cb (PbWindow       *self,
                                   GtkSearchEntry *entry)
{
  pb_window_reload_cases (self);
}

/* The first case, selected and with the keyboard, as Home in the list
 * would have it. */
static gboolean
focus_first_case (PbWindow *self)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (self->case_view);
  g_autoptr(PbCaseSlot) first = g_list_model_get_item (G_LIST_MODEL (selection), 0);

  if (first == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->cases_stack), "list") != 0)
    return FALSE;

  gtk_selection_model_select_item (selection, 0, TRUE);
  /* Builds the first row's widget if it was scrolled away. */
  gtk_widget_activate_action (GTK_WIDGET (self->case_view), "list.scroll-to-item", "u", 0);
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->case_view));
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);

      if (PB_IS_CASE_ROW (row) && pb_case_row_get_info (PB_CASE_ROW (row)) == pb_case_slot_get_info (first))
        return gtk_widget_grab_focus (item);
    }

  return gtk_widget_grab_focus (GTK_WIDGET (self->case_view));
}

/* Down from the search goes to the cases it found, not to the column
 * titles between them, which Tab still reaches. */
static gboolean
on_search_key_pressed_cb (PbWindow              *self,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          GtkEventControllerKey *controller)
{
  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      (state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return FALSE;

  return focus_first_case (self);
}

static void
on_filter_changed_cb (PbWindow *self)
{
  gboolean filtered = selected_value (self->status_filter, 0) >= 0 || selected_value (self->decision_filter, 0) >= 0 ||
                      selected_value (self->outcome_filter, 0) >= 0;

  /* Folded away, a filter that hides cases still shows. */
  if (filtered)
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "suggested-action");
  pb_window_reload_cases (self);
}

static gboolean
drop_wizard_idle (gpointer data)
{
  PbWindow *self = data;
  GtkWidget *wizard = gtk_stack_get_child_by_name (self->main_stack, "wizard");

  self->drop_wizard_source = 0;
  if (wizard != NULL && gtk_stack_get_visible_child (self->main_stack) != wizard)
    gtk_stack_remove (self->main_stack, wizard);

  return G_SOURCE_REMOVE;
}

static void
wizard_done_cb (PbWindow *self,
                PbWizard *wizard)
{
  gtk_stack_set_visible_child_name (self->main_stack, "cases");
  reload_cases (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->case_view));

  /* A closed case gives its widgets back, once its own handler returned. */
  g_clear_handle_id (&self->drop_wizard_source, g_source_remove);
  self->drop_wizard_source = g_idle_add_full (G_PRIORITY_DEFAULT, drop_wizard_idle, self, NULL);
}

static void case_created_cb (PbWindow   *self,
                             const char *case_id);

static void
open_case (PbWindow   *self,
           const char *case_id)
{
  g_autoptr(GError) error = NULL;
  PbWizard *wizard;
  GtkWidget *old;

  wizard = pb_wizard_new (self->store, case_id, &error);
  if (wizard == NULL)
    {
      pb_window_add_toast (self, error->message);
      return;
    }

  if ((old = gtk_stack_get_child_by_name (self->main_stack, "wizard")))
    gtk_stack_remove (self->main_stack, old);

  pb_wizard_set_read_only (wizard, self->read_only);
  g_signal_connect_object (wizard, "done", G_CALLBACK (wizard_done_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (wizard, "toast", G_CALLBACK (pb_window_add_toast), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (wizard, "open-case", G_CALLBACK (case_created_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (wizard), "wizard");
  gtk_stack_set_visible_child_name (self->main_stack, "wizard");
}

static void
on_case_view_activate_cb (PbWindow    *self,
                          guint        position,
                          GtkListView *view)
{
  g_autoptr(PbCaseInfo) info = pb_case_slots_get_info (G_LIST_MODEL (self->sort_model), position);

  if (info != NULL)
    open_case (self, pb_case_info_get_id (info));
}

static void
case_created_cb (PbWindow   *self,
                 const char *case_id)
{
  reload_cases (self, FALSE);
  open_case (self, case_id);
}

static void
new_case_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PbWindow *self = PB_WINDOW (widget);
  PbNewCaseDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = pb_new_case_dialog_new (GTK_WINDOW (self), self->store);
  g_signal_connect_object (dialog, "case-created", G_CALLBACK (case_created_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Rows of the case list */

/* Whether a row is on screen: a row off screen learns of a new case
 * after the frame (pb-case-slots.c). */
static void
row_mapped_cb (GtkWidget   *row,
               GtkListItem *item)
{
  PbCaseSlot *slot = gtk_list_item_get_item (item);

  if (slot != NULL)
    pb_case_slot_set_shown (slot, gtk_widget_get_mapped (row));
}

/* Each row places its columns as the titles above do. */
static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  PbWindow *self = PB_WINDOW (user_data);
  GtkWidget *row = pb_case_row_new_for_header (self->case_header);

  g_signal_connect (row, "map", G_CALLBACK (row_mapped_cb), item);
  g_signal_connect (row, "unmap", G_CALLBACK (row_mapped_cb), item);
  gtk_list_item_set_child (item, row);
}

static void
slot_changed_cb (PbCaseRow  *row,
                 GParamSpec *pspec,
                 PbCaseSlot *slot)
{
  pb_case_row_set_info (row, pb_case_slot_get_info (slot));
}

/* A row shows its slot's case, and the next one a search puts there. */
static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  PbCaseRow *row = PB_CASE_ROW (gtk_list_item_get_child (item));
  PbCaseSlot *slot = gtk_list_item_get_item (item);

  pb_case_slot_set_shown (slot, gtk_widget_get_mapped (GTK_WIDGET (row)));
  pb_case_row_set_info (row, pb_case_slot_get_info (slot));
  g_signal_connect_object (slot, "notify::info", G_CALLBACK (slot_changed_cb), row, G_CONNECT_SWAPPED);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  PbCaseSlot *slot = gtk_list_item_get_item (item);

  pb_case_slot_set_shown (slot, FALSE);
  g_signal_handlers_disconnect_by_func (slot, slot_changed_cb, gtk_list_item_get_child (item));
}

static int
reverse_cb (gconstpointer a,
            gconstpointer b,
            gpointer      sorter)
{
  return -(int) gtk_sorter_compare (sorter, (gpointer) a, (gpointer) b);
}

/* How @column sorts its cases first: names A to Z, the most cautious
 * outcome first, the oldest change first. */
static GtkSorter *
column_sorter (PbCaseColumn column)
{
  static const char * const property_of[PB_CASE_N_COLUMNS] = {
    [PB_CASE_COLUMN_CUSTOMER] = "customer-name",
    [PB_CASE_COLUMN_PRODUCT] = "product-name",
    [PB_CASE_COLUMN_COUNTRY] = "country",
    [PB_CASE_COLUMN_UPDATED] = "updated",
  };
  GtkExpression *info = gtk_property_expression_new (PB_TYPE_CASE_SLOT, NULL, "info");
  GtkNumericSorter *numeric;

  if (column != PB_CASE_COLUMN_OUTCOME)
    {
      g_assert (property_of[column] != NULL);
      return GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (PB_TYPE_CASE_INFO, info,
                                                                              property_of[column])));
    }

  numeric = gtk_numeric_sorter_new (gtk_property_expression_new (PB_TYPE_CASE_INFO, info, "outcome"));
  gtk_numeric_sorter_set_sort_order (numeric, GTK_SORT_DESCENDING);

  return GTK_SORTER (numeric);
}

/* A title clicked: its column sorts the list, or sorts it the other way
 * round when it did already. */
static void
on_case_header_sort_cb (PbWindow  *self,
                        int        column,
                        PbCaseRow *header)
{
  g_autoptr(GtkSorter) sorter = NULL;

  if (column < 0 || column >= PB_CASE_N_COLUMNS || !pb_case_column_can_sort (column))
    return;

  if (self->sort_column == column)
    self->sort_order = self->sort_order == GTK_SORT_ASCENDING ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING;
  else
    self->sort_order = GTK_SORT_ASCENDING;
  self->sort_column = column;

  sorter = column_sorter (column);
  if (self->sort_order == GTK_SORT_DESCENDING)
    sorter = GTK_SORTER (gtk_custom_sorter_new (reverse_cb, g_steal_pointer (&sorter), g_object_unref));
  /* Sorted, a row's case changed in place would stay where it was. */
  pb_case_slots_set_in_place (self->slots, FALSE);
  gtk_sort_list_model_set_sorter (self->sort_model, sorter);
  pb_case_row_set_sorted (self->case_header, column, self->sort_order);
}

static void
fill_filter_models (PbWindow *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) decisions = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) outcomes = gtk_string_list_new (NULL);

  gtk_string_list_append (statuses, _("Any status"));
  for (guint i = PB_CASE_STATUS_DRAFT; i <= PB_CASE_STATUS_AWAITING_SECOND_APPROVAL; i++)
    gtk_string_list_append (statuses, pb_case_status_get_label (i));

  gtk_string_list_append (decisions, _("Any decision"));
  for (guint i = PB_CASE_STATUS_APPROVED; i <= PB_CASE_STATUS_REJECTED; i++)
    gtk_string_list_append (decisions, pb_case_status_get_label (i));

  gtk_string_list_append (outcomes, _("Any outcome"));
  for (guint i = PB_OUTCOME_PROCEED; i <= PB_OUTCOME_DO_NOT_PROCEED; i++)
    gtk_string_list_append (outcomes, pb_outcome_get_label (i));

  gtk_drop_down_set_model (self->status_filter, G_LIST_MODEL (statuses));
  gtk_drop_down_set_model (self->decision_filter, G_LIST_MODEL (decisions));
  gtk_drop_down_set_model (self->outcome_filter, G_LIST_MODEL (outcomes));
  pb_drop_down_set_accessible_label (self->status_filter, _("Status filter"));
  pb_drop_down_set_accessible_label (self->decision_filter, _("Decision filter"));
  pb_drop_down_set_accessible_label (self->outcome_filter, _("Outcome filter"));
}

/* Others changed cases: the list is read again, once for all the changes
 * told together (the watch tells them at most a few times a second, and
 * anyone of an audience may send notifications), and never in place of a
 * list being read: after it. */
static gboolean
reload_changed_cb (gpointer data)
{
  PbWindow *self = data;

  self->changed_source = 0;
  if (self->load_cancellable != NULL)
    self->changed_pending = TRUE;
  else
    reload_cases (self, FALSE);

  return G_SOURCE_REMOVE;
}

static void
watch_changed_cb (PbWindow    *self,
                  const char  *case_id,
                  PbCaseWatch *watch)
{
  GtkWidget *wizard = gtk_stack_get_child_by_name (self->main_stack, "wizard");

  /* Not below redraws: a window busy drawing would put it off. */
  if (self->changed_source == 0)
    self->changed_source = g_idle_add_full (G_PRIORITY_DEFAULT, reload_changed_cb, self, NULL);

  if (wizard != NULL && gtk_stack_get_visible_child (self->main_stack) == wizard &&
      (case_id == NULL || g_strcmp0 (case_id, pb_wizard_get_case_id (PB_WIZARD (wizard))) == 0))
    pb_wizard_refresh (PB_WIZARD (wizard));
}

/* A lost connection to the team server is a state, said below the page
 * for as long as it lasts (@server: the server lost; NULL: none is). It
 * was a toast of high priority, dismissed when the connection came back:
 * libadwaita 1.2 frees a toast dismissed (or pushed aside, then dismissed)
 * while its show animation runs when its hide animation ends, and if both
 * end in one frame (the main loop paused: a blocking call, a loaded
 * machine) the show animation's end then reads the freed toast: the
 * SIGSEGV gui-live-pg had. The window dismisses no toast now. */
static void
show_connection_lost (PbWindow   *self,
                      const char *server)
{
  if (server != NULL)
    {
      /* Translators: a server, as postgresql://user@host/database */
      g_autofree char *message = g_strdup_printf (_("Lost the connection to %s; trying again…"), server);

      gtk_label_set_text (self->connection_label, message);
    }
  gtk_spinner_set_spinning (self->connection_spinner, server != NULL);
  gtk_revealer_set_reveal_child (self->connection_revealer, server != NULL);
}

static void
watch_connected_cb (PbWindow    *self,
                    GParamSpec  *pspec,
                    PbCaseWatch *watch)
{
  g_autofree char *message = NULL;
  g_autofree char *server = pb_case_store_describe_location (self->database_path);

  if (!pb_case_watch_get_connected (watch))
    {
      show_connection_lost (self, server);
      return;
    }

  show_connection_lost (self, NULL);
  /* Translators: a server, as postgresql://user@host/database */
  message = g_strdup_printf (_("Connected to %s again"), server);
  pb_window_add_toast (self, message);
  /* What was typed meanwhile, before anything is read over it. */
  pb_window_save_pending (self);
}

/* What others change shows at once: a team server says so itself; a file
 * is looked at every few seconds, and when the window gets the focus. */
static void
watch_store (PbWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->watch);
  if (self->store == NULL || self->read_only)
    return;

  if (!(self->watch = pb_case_watch_new (self->store, &error)))
    {
      g_warning ("%s", error->message);
      return;
    }
  g_signal_connect_object (self->watch, "changed", G_CALLBACK (watch_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->watch, "notify::connected", G_CALLBACK (watch_connected_cb), self,
                           G_CONNECT_SWAPPED);
  /* The window's calls run in the main thread: none may wait on the network. */
  pb_case_watch_reconnect_in_background (self->watch);
}

static void
is_active_cb (PbWindow *self)
{
  if (self->watch != NULL && gtk_window_is_active (GTK_WINDOW (self)))
    pb_case_watch_check (self->watch);
}

/* What may be done with the store there is, or without one. */
static void
update_store_actions (PbWindow *self)
{
  gboolean opening = self->open_cancellable != NULL;
  gboolean server = pb_case_store_is_server_location (self->database_path);

  update_actor (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-cases", self->store != NULL);
  gtk_widget_set_sensitive (self->search_button, self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.choose-database", self->store == NULL && !self->read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.create-database", self->store == NULL && !self->read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reconnect", !opening);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-connect", opening);
  gtk_widget_set_visible (self->database_buttons, !self->read_only);
  /* Trying again helps where what stopped the open passes: a server out
   * of reach, a lock another program holds; never a damaged file. */
  gtk_widget_set_visible (self->try_again_button,
                          self->store == NULL && (server || self->open_cancelled || self->open_busy));
  gtk_widget_set_visible (self->show_folder_button, self->store == NULL && !server && self->open_damaged);
  /* One suggested way on: Try Again where it shows. */
  if (gtk_widget_get_visible (self->try_again_button))
    gtk_widget_remove_css_class (self->open_other_button, "suggested-action");
  else
    gtk_widget_add_css_class (self->open_other_button, "suggested-action");
  gtk_widget_set_visible (self->server_buttons, self->store == NULL && server);
}

static void check_file (PbWindow *self);

/* The store is open (or @error says why not): the list is read, and a
 * file checked whole meanwhile. */
static void
store_opened (PbWindow     *self,
              const GError *error)
{
  gboolean server = pb_case_store_is_server_location (self->database_path);

  self->open_cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  self->open_busy = g_error_matches (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_BUSY);
  self->open_damaged = g_error_matches (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT);
  if (self->store == NULL && server)
    adw_status_page_set_title (self->error_page, _("Cannot Connect to the Team Server"));
  else if (self->store == NULL && self->open_damaged)
    adw_status_page_set_title (self->error_page, _("The Database File Is Damaged"));
  else if (self->store == NULL)
    adw_status_page_set_title (self->error_page, _("Cannot Open the Database"));
  if (self->open_cancelled && server)
    adw_status_page_set_description (self->error_page, _("Connection attempt cancelled"));
  else if (self->open_cancelled)
    adw_status_page_set_description (self->error_page, _("Opening was cancelled; the file was left untouched."));
  else if (self->store == NULL && self->open_damaged && !server)
    {
      /* Translators: the store's message, which names the file and what
       * is damaged; “Show in Folder” and “Open Another Database” are the
       * buttons below it */
      g_autofree char *description = g_strdup_printf (_("%s\n\nShow in Folder opens the folder that holds the file: "
                                                        "put a backup in its place, then open it with Open Another "
                                                        "Database."),
                                                      error->message);

      adw_status_page_set_description (self->error_page, description);
    }
  else if (self->store == NULL)
    adw_status_page_set_description (self->error_page, error->message);

  if (self->store != NULL && self->remember_location)
    {
      g_settings_set_string (self->settings, "database-location", self->database_path);
      g_settings_reset (self->settings, "team-server");
    }
  self->remember_location = FALSE;

  update_store_actions (self);
  watch_store (self);
  pb_window_reload_cases (self);
  if (self->store != NULL && !server)
    check_file (self);
}

/* How far opening a file has come: written by the worker, read by the
 * window's timer; each holds a reference. */
typedef struct _OpenProgress
{
  int stage;       /* PbCaseStoreOpening */
  int permille;    /* -1: not known */
} OpenProgress;

typedef struct
{
  char             *location;
  PbCaseStoreFlags  flags;
  OpenProgress     *progress;
} OpenRequest;

typedef struct
{
  PbCaseStore *store;
  gboolean     read_only;   /* opened for reading only, not asked for */
} OpenResult;

static void
open_request_free (gpointer data)
{
  OpenRequest *request = data;

  g_free (request->location);
  g_atomic_rc_box_release (request->progress);
  g_free (request);
}

static void
open_result_free (gpointer data)
{
  OpenResult *result = data;

  g_clear_object (&result->store);
  g_free (result);
}

static void
open_progress_cb (PbCaseStoreOpening stage,
                  double             fraction,
                  gpointer           user_data)
{
  OpenProgress *progress = user_data;

  g_atomic_int_set (&progress->stage, stage);
  g_atomic_int_set (&progress->permille, fraction < 0 ? -1 : (int) (fraction * 1000));
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenRequest *request = task_data;
  g_autoptr(GError) error = NULL;
  OpenResult *result = g_new0 (OpenResult, 1);

  result->store = pb_case_store_open_with_progress (request->location, request->flags, cancellable,
                                                    open_progress_cb, request->progress, &error);
  /* An archived copy in a folder that may not be written: read it. */
  if (result->store == NULL && (request->flags & PB_CASE_STORE_FLAGS_READ_ONLY) == 0 &&
      g_error_matches (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_READ_ONLY))
    {
      g_clear_error (&error);
      result->store = pb_case_store_open_with_progress (request->location,
                                                        request->flags | PB_CASE_STORE_FLAGS_READ_ONLY,
                                                        cancellable, open_progress_cb, request->progress,
                                                        &error);
      result->read_only = result->store != NULL;
    }

  if (result->store != NULL)
    g_task_return_pointer (task, result, open_result_free);
  else
    {
      open_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
    }
}

static gboolean
show_open_progress_cb (gpointer user_data)
{
  PbWindow *self = user_data;
  int stage = g_atomic_int_get (&self->open_progress->stage);
  int permille = g_atomic_int_get (&self->open_progress->permille);

  if (permille < 0 && stage == PB_CASE_STORE_OPENING_UPGRADING)
    {
      gtk_progress_bar_set_text (self->opening_progress, _("Upgrading the database…"));
      gtk_progress_bar_pulse (self->opening_progress);
    }
  else if (permille >= 0)
    {
      gtk_progress_bar_set_text (self->opening_progress, NULL);
      gtk_progress_bar_set_fraction (self->opening_progress, permille / 1000.0);
    }

  return G_SOURCE_CONTINUE;
}

/* Nothing is being opened any more. */
static void
stop_opening (PbWindow *self)
{
  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_handle_id (&self->open_progress_source, g_source_remove);
  g_clear_pointer (&self->open_progress, g_atomic_rc_box_release);
  gtk_spinner_stop (self->connecting_spinner);
}

/* @user_data: a GWeakRef to the window, which the worker does not keep:
 * a window closed meanwhile cancels it. */
static void
store_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PbWindow) self = g_weak_ref_get (user_data);
  g_autoptr(GError) error = NULL;
  OpenResult *opened = g_task_propagate_pointer (G_TASK (result), &error);

  g_weak_ref_clear (user_data);
  g_free (user_data);

  /* Given up: the window went away, or another database was asked for. */
  if (self == NULL || g_task_get_cancellable (G_TASK (result)) != self->open_cancellable)
    {
      g_clear_pointer (&opened, open_result_free);
      return;
    }

  g_clear_object (&self->open_cancellable);
  stop_opening (self);
  if (opened != NULL)
    {
      self->store = g_steal_pointer (&opened->store);
      g_signal_connect_object (self->store, "notify::actor", G_CALLBACK (update_new_case_action), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->store, "identity-changed", G_CALLBACK (update_new_case_action), self,
                               G_CONNECT_SWAPPED);
      if (opened->read_only)
        {
          self->read_only = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
          update_title (self);
        }
      open_result_free (opened);
    }
  store_opened (self, error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The whole file's check, in the background --------------------------------
 *
 * A file lists as soon as it is open (its header, schema and what the
 * open reads are checked before); every page is then checked on a
 * connection of its own (pb_case_store_check_file()) while the list is
 * used, shown by a small bar in the header bar. A damaged file is named
 * with its page in a banner, and the store refuses every save from then
 * on. Another file, or closing the window, cancels the check. */

static gboolean
show_check_progress_cb (gpointer user_data)
{
  PbWindow *self = user_data;
  int permille = g_atomic_int_get (&self->check_state->permille);

  /* Once it has begun: a small file's check ends before it shows. */
  if (permille >= 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->check_progress), TRUE);
      gtk_progress_bar_set_fraction (self->check_progress, permille / 1000.0);
    }

  return G_SOURCE_CONTINUE;
}

static void
stop_checking (PbWindow *self)
{
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_handle_id (&self->check_progress_source, g_source_remove);
  g_clear_pointer (&self->check_state, g_atomic_rc_box_release);
  if (self->check_progress != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->check_progress), FALSE);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (pb_case_store_check_file (source_object, cancellable, open_progress_cb, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* @user_data: a GWeakRef to the window, as in store_opened_cb(). */
static void
file_checked_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PbWindow) self = g_weak_ref_get (user_data);
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (user_data);
  g_free (user_data);
  g_task_propagate_boolean (G_TASK (result), &error);

  /* Given up: the window went away, or another database was asked for. */
  if (self == NULL || g_task_get_cancellable (G_TASK (result)) != self->check_cancellable)
    return;

  stop_checking (self);
  if (g_error_matches (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT))
    {
      gtk_label_set_text (self->damage_label, error->message);
      gtk_revealer_set_reveal_child (self->damage_revealer, TRUE);
      update_store_actions (self);
    }
  else if (error != NULL)
    pb_window_add_toast (self, error->message);
}

static void
check_file (PbWindow *self)
{
  g_autoptr(GTask) task = NULL;
  GWeakRef *window = g_new0 (GWeakRef, 1);
  OpenProgress *state = g_atomic_rc_box_new0 (OpenProgress);

  stop_checking (self);
  g_weak_ref_init (window, self);
  state->permille = -1;
  self->check_state = g_atomic_rc_box_acquire (state);
  self->check_cancellable = g_cancellable_new ();
  task = g_task_new (self->store, self->check_cancellable, file_checked_cb, window);
  g_task_set_source_tag (task, check_file);
  g_task_set_task_data (task, state, (GDestroyNotify) g_atomic_rc_box_release);
  g_task_run_in_thread (task, check_thread);

  gtk_progress_bar_set_fraction (self->check_progress, 0);
  self->check_progress_source = g_timeout_add (250, show_check_progress_cb, self);
}

/* Opening may take long: a server its whole connect time-out, or more; a
 * file's migration, which checks every page first. The window shows
 * at once what it is opening, with Cancel, and opens in a worker thread;
 * Cancel or a failure shows why. */
static void
open_store (PbWindow *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *location = pb_case_store_describe_location (self->database_path);
  gboolean server = pb_case_store_is_server_location (self->database_path);
  OpenRequest *request = g_new0 (OpenRequest, 1);
  GWeakRef *window = g_new0 (GWeakRef, 1);

  stop_opening (self);
  stop_checking (self);
  gtk_revealer_set_reveal_child (self->damage_revealer, FALSE);
  g_clear_object (&self->watch);
  /* Preferences may keep the store left. */
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, update_new_case_action, self);
  g_clear_object (&self->store);
  /* The store left is no longer connected to again. */
  show_connection_lost (self, NULL);
  self->open_cancelled = FALSE;

  g_weak_ref_init (window, self);
  request->location = g_strdup (self->database_path);
  request->flags = (self->read_only ? PB_CASE_STORE_FLAGS_READ_ONLY : PB_CASE_STORE_FLAGS_NONE) |
                   PB_CASE_STORE_FLAGS_CHECK_LATER;
  request->progress = g_atomic_rc_box_new0 (OpenProgress);
  request->progress->permille = -1;
  self->open_progress = g_atomic_rc_box_acquire (request->progress);
  self->open_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->open_cancellable, store_opened_cb, window);
  g_task_set_source_tag (task, open_store);
  g_task_set_task_data (task, request, open_request_free);
  g_task_run_in_thread (task, open_thread);

  adw_status_page_set_title (self->connecting_page,
                             server ? _("Connecting to the Team Server…") : _("Opening the Database…"));
  adw_status_page_set_description (self->connecting_page, location);
  gtk_widget_set_visible (GTK_WIDGET (self->connecting_spinner), server);
  gtk_widget_set_visible (GTK_WIDGET (self->opening_progress), !server);
  gtk_progress_bar_set_fraction (self->opening_progress, 0);
  gtk_progress_bar_set_text (self->opening_progress, NULL);
  if (server)
    gtk_spinner_start (self->connecting_spinner);
  else
    self->open_progress_source = g_timeout_add (100, show_open_progress_cb, self);
  update_store_actions (self);
  pb_window_reload_cases (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  open_store (PB_WINDOW (widget));
}

static void
cancel_connect_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  g_cancellable_cancel (PB_WINDOW (widget)->open_cancellable);
}

static void
choose_database_response_cb (PbWindow             *self,
                             int                   response,
                             GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        pb_window_switch_database (self, file);
    }

  g_object_unref (native);
}

static void
choose_database (PbWindow             *self,
                 GtkFileChooserAction  chooser_action)
{
  gboolean create = chooser_action == GTK_FILE_CHOOSER_ACTION_SAVE;
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (create ? _("Create New Database") : _("Open Another Database"),
                                        GTK_WINDOW (self),
                                        chooser_action,
                                        create ? _("_Create") : _("_Open"),
                                        _("_Cancel"));
  if (create)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), "cases.db");
  /* Where the file that did not open is: a backup of it is near. */
  if (self->database_path != NULL && !pb_case_store_is_server_location (self->database_path))
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->database_path);
      g_autoptr(GFile) folder = g_file_get_parent (file);

      if (folder != NULL && g_file_query_exists (folder, NULL))
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_swapped (native, "response", G_CALLBACK (choose_database_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* A damaged file's folder, where a backup takes its place. */
static void
folder_shown_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    pb_window_add_toast (self, error->message);
}

static void
show_database_folder_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  PbWindow *self = PB_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_path (self->database_path);
  g_autoptr(GFile) folder = g_file_get_parent (file);
  g_autofree char *uri = folder != NULL ? g_file_get_uri (folder) : NULL;

  if (uri == NULL)
    return;
  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL, folder_shown_cb, g_object_ref (self));
}

static void
choose_database_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  choose_database (PB_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
create_database_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  choose_database (PB_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SAVE);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbWindow *self = PB_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
open_case_file_response_cb (PbWindow             *self,
                            int                   response,
                            GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      pb_window_open_case_file (self, file);
    }

  g_object_unref (native);
}

static void
open_case_file_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  PbWindow *self = PB_WINDOW (widget);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Open Case File"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"),
                                        _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Probity case files"));
  gtk_file_filter_add_mime_type (filter, "application/x-probity-case");
  gtk_file_filter_add_pattern (filter, "*.probity");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_swapped (native, "response", G_CALLBACK (open_case_file_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
export_cases_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  int n = pb_case_export_file_finish (PB_CASE_STORE (source), result, &error);

  /* A window that went away meanwhile has no one to tell. */
  if (self->task_bar == NULL)
    return;
  pb_task_bar_end (self->task_bar);

  /* Cancel stops the exports waiting too. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_queue_clear_full (&self->exports, g_object_unref);
      pb_window_add_toast (self, _("Export cancelled: no file was written"));
      return;
    }

  if (!g_queue_is_empty (&self->exports))
    {
      g_autoptr(GFile) next = g_queue_pop_head (&self->exports);

      pb_window_export_cases (self, next);
    }

  if (n < 0)
    {
      pb_window_add_toast (self, error->message);
      return;
    }

  /* Translators: the number of assessments written to a spreadsheet */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d assessment exported", "%d assessments exported", n), n);
  pb_window_add_toast (self, message);
}

static void
export_cases_response_cb (PbWindow             *self,
                          int                   response,
                          GtkFileChooserNative *native)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  g_object_unref (native);

  if (file != NULL)
    pb_window_export_cases (self, file);
}

static void
export_cases_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PbWindow *self = PB_WINDOW (widget);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) ods = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Export Assessments"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (ods, _("Spreadsheet with portfolio summary (.ods)"));
  gtk_file_filter_add_mime_type (ods, pb_export_format_get_media_type (PB_EXPORT_FORMAT_ODS));
  gtk_file_filter_add_pattern (ods, "*.ods");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), ods);
  gtk_file_filter_set_name (csv, _("Comma-separated values (.csv)"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), csv);
  /* Translators: the file name an export of the case list suggests */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("assessments.ods"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_swapped (native, "response", G_CALLBACK (export_cases_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Printing a case summary ------------------------------------------------------- */

typedef struct
{
  char        *text;
  PangoLayout *layout;
  int          lines_per_page;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_free (job->text);
  g_clear_object (&job->layout);
  g_free (job);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Monospace 9");
  double height = gtk_print_context_get_height (context);
  PangoRectangle line;
  int n_lines;

  job->layout = gtk_print_context_create_pango_layout (context);
  pango_layout_set_font_description (job->layout, font);
  pango_layout_set_width (job->layout, gtk_print_context_get_width (context) * PANGO_SCALE);
  pango_layout_set_wrap (job->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (job->layout, job->text, -1);

  pango_layout_line_get_pixel_extents (pango_layout_get_line_readonly (job->layout, 0), NULL, &line);
  job->lines_per_page = MAX (1, (int) (height / MAX (line.height, 1)));
  n_lines = pango_layout_get_line_count (job->layout);
  gtk_print_operation_set_n_pages (operation, (n_lines + job->lines_per_page - 1) / job->lines_per_page);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  int first = page_nr * job->lines_per_page;
  int n_lines = pango_layout_get_line_count (job->layout);
  double y = 0;

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int i = first; i < MIN (first + job->lines_per_page, n_lines); i++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (job->layout, i);
      PangoRectangle logical;

      pango_layout_line_get_pixel_extents (line, NULL, &logical);
      cairo_move_to (cr, 0, y - logical.y);
      pango_cairo_show_layout_line (cr, line);
      y += logical.height;
    }
}

/* Prints the summary of @case_id (pb-case-summary.c): to the PDF file
 * @pdf_path without asking, or through the print dialog when it is NULL. */
gboolean
pb_window_print_case (PbWindow    *self,
                      const char  *case_id,
                      const char  *pdf_path,
                      GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(PbCountries) countries = NULL;
  g_autofree char *title = NULL;
  PrintJob *job;

  g_return_val_if_fail (PB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  if (self->store == NULL)
    return TRUE;

  countries = pb_countries_load_default (NULL);
  job = g_new0 (PrintJob, 1);
  if (!(job->text = pb_case_summary_to_text (self->store, case_id, countries, error)))
    {
      print_job_free (job);
      return FALSE;
    }

  operation = gtk_print_operation_new ();
  /* Translators: the name of a print job: a case id */
  title = g_strdup_printf (_("Summary of %s"), case_id);
  gtk_print_operation_set_job_name (operation, title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_object_set_data_full (G_OBJECT (operation), "pb-print-job", job, (GDestroyNotify) print_job_free);

  if (pdf_path != NULL)
    {
      gtk_print_operation_set_export_filename (operation, pdf_path);
      return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, GTK_WINDOW (self), error) !=
             GTK_PRINT_OPERATION_RESULT_ERROR;
    }

  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self), error) !=
         GTK_PRINT_OPERATION_RESULT_ERROR;
}

static void
update_print_action (PbWindow *self)
{
  g_autoptr(PbCaseInfo) info = selected_case (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print-case", info != NULL);
}

static void
print_case_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  PbWindow *self = PB_WINDOW (widget);
  g_autoptr(PbCaseInfo) info = selected_case (self);
  g_autoptr(GError) error = NULL;

  if (info != NULL && !pb_window_print_case (self, pb_case_info_get_id (info), NULL, &error))
    pb_window_add_toast (self, error->message);
}

/* Keyboard users start on the list, where Enter opens the case. */
static void
pb_window_map (GtkWidget *widget)
{
  PbWindow *self = PB_WINDOW (widget);

  GTK_WIDGET_CLASS (pb_window_parent_class)->map (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "cases") != 0)
    return;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->cases_stack), "list") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->case_view));
  else
    self->focus_list = pb_window_get_loading (self);
}

static gboolean
pb_window_close_request (GtkWindow *window)
{
  PbWindow *self = PB_WINDOW (window);
  int width, height;

  if (pb_window_ask_leave_unsaved (self))
    return TRUE;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (pb_window_parent_class)->close_request (window);
}

/* Reference data past its review date rates new cases on facts that may
 * have changed: say so until the user dismisses it, as the CLI does. */
static void
warn_if_reference_overdue (PbWindow *self)
{
  g_autoptr(PbCountries) countries = pb_countries_load_default (NULL);
  g_autofree char *warning = NULL;
  AdwToast *toast;

  if (countries == NULL || !(warning = pb_countries_dup_review_warning (countries, NULL)))
    return;

  toast = adw_toast_new (_("Country reference data is past its review date"));
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_action_name (toast, "win.reference-warning");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
reference_warning_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  g_autoptr(PbCountries) countries = pb_countries_load_default (NULL);
  g_autofree char *warning = countries != NULL ? pb_countries_dup_review_warning (countries, NULL) : NULL;
  GtkWidget *dialog;

  if (warning == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (widget), _("Country reference data is past its review date"),
                                   warning);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GLib 2.74 binds no GVariant property without these. */
static gboolean
variant_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_variant (value, variant);

  return TRUE;
}

static GVariant *
variant_set_mapping (const GValue       *value,
                     const GVariantType *type,
                     gpointer            user_data)
{
  return g_value_dup_variant (value);
}

static void
pb_window_constructed (GObject *object)
{
  PbWindow *self = PB_WINDOW (object);
  PbApplication *app;

  G_OBJECT_CLASS (pb_window_parent_class)->constructed (object);

  app = PB_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  if (app != NULL && pb_application_get_settings (app) != NULL)
    self->settings = g_object_ref (pb_application_get_settings (app));
  else
    self->settings = g_settings_new (PB_APP_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_settings_bind_with_mapping (self->settings, "case-list-column-widths", self->case_header, "column-widths",
                                G_SETTINGS_BIND_DEFAULT, variant_get_mapping, variant_set_mapping, NULL, NULL);

  g_signal_connect_object (self->settings, "changed::assessor-name", G_CALLBACK (update_actor), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::assessor-role", G_CALLBACK (update_actor), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::organisation", G_CALLBACK (update_actor), self, G_CONNECT_SWAPPED);

  update_title (self);
  fill_filter_models (self);
  open_store (self);
  warn_if_reference_overdue (self);
}

static void
pb_window_dispose (GObject *object)
{
  PbWindow *self = PB_WINDOW (object);

  g_clear_handle_id (&self->drop_wizard_source, g_source_remove);
  g_clear_handle_id (&self->trim_source, g_source_remove);
  g_clear_handle_id (&self->changed_source, g_source_remove);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  stop_opening (self);
  stop_checking (self);
  self->reload_pending = FALSE;
  g_queue_clear_full (&self->exports, g_object_unref);
  g_clear_object (&self->watch);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_WINDOW);

  G_OBJECT_CLASS (pb_window_parent_class)->dispose (object);
}

static void
pb_window_finalize (GObject *object)
{
  PbWindow *self = PB_WINDOW (object);

  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->empty_description, g_free);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->slots);
  g_clear_object (&self->cases);

  G_OBJECT_CLASS (pb_window_parent_class)->finalize (object);
}

static void
pb_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PbWindow *self = PB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, pb_window_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PbWindow *self = PB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      self->database_path = g_value_dup_string (value);
      break;

    case PROP_READ_ONLY:
      self->read_only = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_window_class_init (PbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pb_window_constructed;
  object_class->dispose = pb_window_dispose;
  object_class->finalize = pb_window_finalize;
  object_class->get_property = pb_window_get_property;
  object_class->set_property = pb_window_set_property;

  window_class->close_request = pb_window_close_request;
  widget_class->map = pb_window_map;

  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* The case list is being read. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PB_TYPE_CASE_INFO);
  g_type_ensure (PB_TYPE_CASE_ROW);
  g_type_ensure (PB_TYPE_TASK_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, connection_revealer);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, connection_spinner);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, connection_label);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, cases_stack);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, new_case_button);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, empty_new_case_button);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, search_box);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, filter_box);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, filter_popover);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, status_filter);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, decision_filter);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, outcome_filter);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, case_header);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, case_view);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, sort_model);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, database_buttons);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, server_buttons);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, opening_progress);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, check_progress);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, damage_revealer);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, damage_label);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, try_again_button);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, show_folder_button);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, open_other_button);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, task_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_case_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_case_header_sort_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_row_cb);

  gtk_widget_class_install_action (widget_class, "win.new-case", NULL, new_case_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.open-case-file", NULL, open_case_file_action);
  gtk_widget_class_install_action (widget_class, "win.export-cases", NULL, export_cases_action);
  gtk_widget_class_install_action (widget_class, "win.print-case", NULL, print_case_action);
  gtk_widget_class_install_action (widget_class, "win.reference-warning", NULL, reference_warning_action);
  gtk_widget_class_install_action (widget_class, "win.choose-database", NULL, choose_database_action);
  gtk_widget_class_install_action (widget_class, "win.create-database", NULL, create_database_action);
  gtk_widget_class_install_action (widget_class, "win.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "win.show-database-folder", NULL, show_database_folder_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-connect", NULL, cancel_connect_action);
}

static void
pb_window_init (PbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pb_widget_name_menu_buttons (GTK_WIDGET (self));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  /* One list for the window's life, which each search and filter changes. */
  self->cases = pb_case_list_new ();
  self->slots = pb_case_slots_new (G_LIST_MODEL (self->cases));
  gtk_sort_list_model_set_model (self->sort_model, G_LIST_MODEL (self->slots));
  /* Sorted as the store lists them until a column's title is clicked;
   * only then does sorting read every case. */
  self->sort_column = -1;
  g_signal_connect_object (gtk_list_view_get_model (self->case_view), "notify::selected",
                           G_CALLBACK (update_print_action), self, G_CONNECT_SWAPPED);
  update_print_action (self);
  gtk_stack_set_visible_child_name (self->cases_stack, "loading");
  g_signal_connect (self, "notify::default-width", G_CALLBACK (update_narrow), NULL);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (is_active_cb), NULL);
}

PbWindow *
pb_window_new (PbApplication *application,
               const char    *database_path)
{
  return g_object_new (PB_TYPE_WINDOW,
                       "application", application,
                       "database-path", database_path,
                       NULL);
}

const char *
pb_window_get_database_path (PbWindow *self)
{
  g_return_val_if_fail (PB_IS_WINDOW (self), NULL);

  return self->database_path;
}

PbWindow *
pb_window_new_for_case_file (PbApplication *application,
                             const char    *path)
{
  return g_object_new (PB_TYPE_WINDOW,
                       "application", application,
                       "database-path", path,
                       "read-only", TRUE,
                       NULL);
}

/* The cases the list shows, filtered as it is, to @file: CSV if its name
 * ends in .csv, else an ODS spreadsheet with the portfolio summary too.
 * A toast says how many, or why not. */
void
pb_window_export_cases (PbWindow *self,
                        GFile    *file)
{
  g_autoptr(PbCountries) countries = NULL;
  g_autofree char *name = NULL;
  PbCaseFilter filter = PB_CASE_FILTER_INIT;
  GCancellable *cancellable;
  gboolean csv;

  g_return_if_fail (PB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->store == NULL)
    return;

  if (!(cancellable = pb_task_bar_begin (self->task_bar, _("Exporting the assessments…"))))
    {
      g_queue_push_tail (&self->exports, g_object_ref (file));
      return;
    }

  name = g_file_get_basename (file);
  csv = g_str_has_suffix (name, ".csv");
  current_filter (self, &filter);
  countries = pb_countries_load_default (NULL);
  pb_case_export_file_async (self->store, &filter, countries,
                             csv ? PB_EXPORT_FORMAT_CSV : PB_EXPORT_FORMAT_ODS,
                             csv ? PB_EXPORT_CASES : PB_EXPORT_CASES | PB_EXPORT_PORTFOLIO,
                             file, cancellable, export_cases_cb, g_object_ref (self));
}

PbTaskBar *
pb_window_get_task_bar (PbWindow *self)
{
  g_return_val_if_fail (PB_IS_WINDOW (self), NULL);

  return self->task_bar;
}

gboolean
pb_window_get_checking (PbWindow *self)
{
  g_return_val_if_fail (PB_IS_WINDOW (self), FALSE);

  return self->check_cancellable != NULL;
}

const char *
pb_window_get_damage (PbWindow *self)
{
  g_return_val_if_fail (PB_IS_WINDOW (self), NULL);

  return gtk_revealer_get_reveal_child (self->damage_revealer) ? gtk_label_get_text (self->damage_label) : NULL;
}

gboolean
pb_window_get_loading (PbWindow *self)
{
  g_return_val_if_fail (PB_IS_WINDOW (self), FALSE);

  return self->load_cancellable != NULL || self->open_cancellable != NULL;
}

gboolean
pb_window_get_read_only (PbWindow *self)
{
  g_return_val_if_fail (PB_IS_WINDOW (self), FALSE);

  return self->read_only;
}

void
pb_window_open_case_file (PbWindow *self,
                          GFile    *file)
{
  g_autofree char *path = NULL;
  GtkApplication *app;
  PbWindow *window = NULL;

  g_return_if_fail (PB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      pb_window_add_toast (self, _("Only local case files can be opened"));
      return;
    }

  app = gtk_window_get_application (GTK_WINDOW (self));
  for (GList *l = app ? gtk_application_get_windows (app) : NULL; l; l = l->next)
    if (PB_IS_WINDOW (l->data) && g_strcmp0 (PB_WINDOW (l->data)->database_path, path) == 0)
      window = l->data;

  if (window == NULL)
    window = pb_window_new_for_case_file (app ? PB_APPLICATION (app) : NULL, path);

  gtk_window_present (GTK_WINDOW (window));
}

void
pb_window_add_toast (PbWindow   *self,
                     const char *message)
{
  g_autofree char *title = NULL;

  g_return_if_fail (PB_IS_WINDOW (self));

  /* A toast's title is markup; a message may quote a server's words. */
  title = g_markup_escape_text (message, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

/* The file that could not be opened stays as it is: the user may want it
 * back, or to show it to someone.  The choice is remembered only once it
 * opens. */
void
pb_window_switch_database (PbWindow *self,
                           GFile    *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (PB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);

  if (path == NULL)
    {
      pb_window_add_toast (self, _("Only a local database file can be opened"));
      return;
    }

  g_free (self->database_path);
  self->database_path = g_steal_pointer (&path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE_PATH]);

  update_title (self);
  open_store (self);
  self->remember_location = TRUE;
}

/* How long the toast saying where answers waiting for a server left are
 * kept stays. */
#define KEPT_TOAST_SECONDS 10

/* Shows the cases of @location (a file or a team server; it may hold a
 * password for this session's connections, never shown nor saved). */
void
pb_window_open_location (PbWindow   *self,
                         const char *location)
{
  GtkWidget *wizard;
  g_autofree char *kept = NULL;

  g_return_if_fail (PB_IS_WINDOW (self));
  g_return_if_fail (location != NULL);

  /* Answers still waiting for the server stay kept on this computer, and
   * the case offers them back when it is opened there again. */
  pb_window_save_pending (self);
  if ((wizard = gtk_stack_get_child_by_name (self->main_stack, "wizard")) != NULL)
    {
      if (pb_wizard_get_n_unsaved (PB_WIZARD (wizard)) > 0)
        /* Translators: a case id, then a server as postgresql://user@host/database */
        kept = g_strdup_printf (_("What was typed for case %s and not saved yet is kept on this computer: "
                                  "it is offered again when the case is opened on %s."),
                                pb_wizard_get_case_id (PB_WIZARD (wizard)),
                                pb_case_store_get_display_name (self->store));
      /* It belongs to the database left: nothing of it goes on. */
      gtk_stack_set_visible_child_name (self->main_stack, "cases");
      gtk_stack_remove (self->main_stack, wizard);
    }

  g_free (self->database_path);
  self->database_path = g_strdup (location);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE_PATH]);

  update_title (self);
  open_store (self);
  if (kept != NULL)
    {
      g_autofree char *title = g_markup_escape_text (kept, -1);
      AdwToast *toast = adw_toast_new (title);

      /* At once, before any toast of the database left; longer than most:
       * it says where they are offered again. */
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_timeout (toast, KEPT_TOAST_SECONDS);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

/* Whether the cases shown follow others' changes as they happen (for tests). */
gboolean
pb_window_get_watching (PbWindow *self)
{
  g_return_val_if_fail (PB_IS_WINDOW (self), FALSE);

  return self->watch != NULL;
}

/* Answers the team server has not got yet are not dropped unasked: TRUE
 * when there are some, and the case asks whether to leave them. */
gboolean
pb_window_ask_leave_unsaved (PbWindow *self)
{
  GtkWidget *wizard;

  g_return_val_if_fail (PB_IS_WINDOW (self), FALSE);

  pb_window_save_pending (self);
  wizard = gtk_stack_get_child_by_name (self->main_stack, "wizard");
  if (wizard == NULL || pb_wizard_get_n_unsaved (PB_WIZARD (wizard)) == 0)
    return FALSE;

  gtk_stack_set_visible_child (self->main_stack, wizard);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_activate_action (wizard, "wizard.close", NULL);

  return TRUE;
}

void
pb_window_save_pending (PbWindow *self)
{
  GtkWidget *wizard;

  g_return_if_fail (PB_IS_WINDOW (self));

  wizard = gtk_stack_get_child_by_name (self->main_stack, "wizard");
  if (wizard != NULL)
    pb_wizard_save_pending (PB_WIZARD (wizard));
}

PbCaseStore *
pb_window_get_store (PbWindow *self)
{
  g_return_val_if_fail (PB_IS_WINDOW (self), NULL);

  return self->store;
}
