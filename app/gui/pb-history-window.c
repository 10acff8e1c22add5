/* pb-history-window.c: every event of a case, with filters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-history-window"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pb-gui-utils.h"
#include "pb-history-window.h"
#include "pb-store-task.h"

struct _PbHistoryWindow
{
  AdwWindow        parent_instance;

  /* template widgets */
  AdwWindowTitle  *title_widget;
  GtkSearchEntry  *question_entry;
  GtkDropDown     *kind_filter;
  GtkDropDown     *person_filter;
  GtkDropDown     *revision_filter;
  GtkLabel        *shown_label;
  GtkStack        *stack;
  AdwStatusPage   *error_page;
  GtkListBox      *event_list;

  /* owned */
  GListModel      *events;
  GtkFilterListModel *shown;         /* the events the filters let through */
  GtkCustomFilter *filter;
  GArray          *kinds;            /* PbEventKind of each kind_filter item after "any" */
  GtkStringList   *people;           /* person_filter's items */
  PbQuestionnaire *questionnaire;
  GHashTable      *comment_changes;  /* seq of answer events that change the comment */
  PbCaseInfo      *info;
  char            *case_id;
  GCancellable    *cancellable;      /* the history being read */
};

G_DEFINE_FINAL_TYPE (PbHistoryWindow, pb_history_window, ADW_TYPE_WINDOW)

/* "Network camera or video encoder" rather than "\"camera\"", and
 * "Submitted for review" rather than "submitted". */
static char *
format_value (PbQuestionnaire *questionnaire,
              PbHistoryEvent  *event,
              const char      *json)
{
  const char *question_id = pb_history_event_get_question_id (event);
  PbQuestion *question = NULL;
  g_autoptr(PbAnswer) answer = NULL;
  PbCaseStatus status;

  if (json == NULL || json[0] == '\0')
    return NULL;

  if ((pb_history_event_get_kind (event) == PB_EVENT_STATUS_CHANGED ||
       pb_history_event_get_kind (event) == PB_EVENT_SIGNED) &&
      pb_case_status_from_string (json, &status))
    return g_strdup (pb_case_status_get_label (status));

  if (questionnaire != NULL && question_id != NULL)
    question = pb_questionnaire_lookup_question (questionnaire, question_id);
  if (question != NULL)
    answer = pb_answer_new_from_json (json, NULL);
  if (answer != NULL && pb_question_check_answer (question, answer, NULL))
    return pb_question_format_answer (question, answer);

  return g_strdup (json);
}

/* The string member @key of the event's JSON data, or NULL. */
static char *
data_get (PbHistoryEvent *event,
          const char     *key)
{
  const char *data = pb_history_event_get_data (event);
  g_autoptr(JsonNode) root = NULL;
  JsonNode *member;

  if (data == NULL || !(root = json_from_string (data, NULL)) || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  member = json_object_get_member (json_node_get_object (root), key);
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (member));
}

static void G_GNUC_PRINTF (2, 3)
append_line (GString    *text,
             const char *format,
             ...)
{
  va_list args;

  g_string_append_c (text, '\n');
  va_start (args, format);
  g_string_append_vprintf (text, format, args);
  va_end (args);
}

static gboolean
is_set (const char *text)
{
  return text != NULL && text[0] != '\0';
}

static void
find_comment_changes (PbHistoryWindow *self)
{
  g_autoptr(GHashTable) comments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  self->comment_changes = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (self->events); i++)
    {
      g_autoptr(PbHistoryEvent) event = g_list_model_get_item (self->events, i);
      PbEventKind kind = pb_history_event_get_kind (event);
      const char *question_id = pb_history_event_get_question_id (event);
      g_autofree char *key = NULL;
      g_autofree char *comment = NULL;

      if (question_id == NULL)
        continue;
      key = g_strdup_printf ("%u:%s", pb_history_event_get_revision (event), question_id);
      if (kind == PB_EVENT_ANSWER_CLEARED)
        {
          g_hash_table_remove (comments, key);
          continue;
        }
      if (kind != PB_EVENT_ANSWER_SET && kind != PB_EVENT_ANSWER_CHANGED)
        continue;

      comment = data_get (event, "comment");
      if (g_strcmp0 (is_set (comment) ? comment : NULL, g_hash_table_lookup (comments, key)) != 0)
        g_hash_table_add (self->comment_changes, GUINT_TO_POINTER (pb_history_event_get_seq (event)));
      if (is_set (comment))
        g_hash_table_replace (comments, g_steal_pointer (&key), g_steal_pointer (&comment));
      else
        g_hash_table_remove (comments, key);
    }
}

static GtkWidget *
create_event_row (gpointer item,
                  gpointer user_data)
{
  PbHistoryWindow *self = user_data;
  PbHistoryEvent *event = item;
  PbEventKind kind = pb_history_event_get_kind (event);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = pb_format_timestamp (pb_history_event_get_time (event));
  const char *question_id = pb_history_event_get_question_id (event);
  PbQuestion *question = NULL;
  g_autofree char *old_value = format_value (self->questionnaire, event, pb_history_event_get_old_value (event));
  g_autofree char *new_value = format_value (self->questionnaire, event, pb_history_event_get_new_value (event));
  g_autofree char *comment = data_get (event, "comment");
  g_autofree char *conditions = data_get (event, "conditions");
  g_autofree char *file_name = data_get (event, "file_name");
  g_autofree char *title = NULL;
  GString *subtitle = g_string_new (NULL);

  if (self->questionnaire != NULL && question_id != NULL && question_id[0])
    question = pb_questionnaire_lookup_question (self->questionnaire, question_id);

  if (question != NULL)
    /* Translators: a history event: its number, what happened, the question's label and id */
    title = g_strdup_printf (_("%u. %s: %s (%s)"), pb_history_event_get_seq (event),
                             pb_event_kind_get_label (kind), pb_question_get_label (question), question_id);
  else if (question_id != NULL && question_id[0])
    /* Translators: a history event: its number, what happened and to which question */
    title = g_strdup_printf (_("%u. %s: %s"), pb_history_event_get_seq (event),
                             pb_event_kind_get_label (kind), question_id);
  else
    title = g_strdup_printf (_("%u. %s"), pb_history_event_get_seq (event), pb_event_kind_get_label (kind));

  /* Translators: when and who, e.g. "2026-11-26 04:13 by Åsa, revision 1" */
  g_string_append_printf (subtitle, _("%s by %s, revision %u"), when, pb_history_event_get_user (event),
                          pb_history_event_get_revision (event));

  if (old_value != NULL && g_strcmp0 (old_value, new_value) != 0)
    {
      g_string_append_c (subtitle, '\n');
      /* Translators: a change of value, old → new; "no answer" when it was cleared */
      g_string_append_printf (subtitle, _("%s → %s"), old_value, new_value ? new_value : _("no answer"));
    }
  else if (new_value != NULL && old_value == NULL && kind == PB_EVENT_ANSWER_SET)
    /* Translators: the value of a first answer */
    append_line (subtitle, _("Answer: %s"), new_value);

  if (kind == PB_EVENT_CASE_CREATED && self->info != NULL)
    /* Translators: the customer and the product of a new case */
    append_line (subtitle, _("%s, %s"), pb_case_info_get_customer_name (self->info),
                 pb_case_info_get_product_name (self->info));
  /* Only when it changed: every answer event carries the comment it leaves. */
  if ((kind == PB_EVENT_ANSWER_SET || kind == PB_EVENT_ANSWER_CHANGED) &&
      g_hash_table_contains (self->comment_changes, GUINT_TO_POINTER (pb_history_event_get_seq (event))))
    {
      if (is_set (comment))
        /* Translators: the comment given with an answer */
        append_line (subtitle, _("Comment: %s"), comment);
      else
        append_line (subtitle, "%s", _("Comment removed"));
    }
  if (is_set (conditions))
    /* Translators: the conditions of an approval */
    append_line (subtitle, _("Conditions: %s"), conditions);
  if (is_set (file_name))
    /* Translators: an evidence file added to or removed from an answer */
    append_line (subtitle, _("File: %s"), file_name);
  if (is_set (pb_history_event_get_reason (event)))
    /* Translators: why a change was made */
    append_line (subtitle, _("Reason: %s"), pb_history_event_get_reason (event));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_tooltip_text (row, pb_history_event_get_hash (event));

  g_string_free (subtitle, TRUE);

  return row;
}

/* Filters --------------------------------------------------------------------- */

static gboolean
question_matches (PbHistoryWindow *self,
                  PbHistoryEvent  *event,
                  const char      *folded)
{
  const char *question_id = pb_history_event_get_question_id (event);
  PbQuestion *question = NULL;
  g_autofree char *id = NULL;
  g_autofree char *label = NULL;

  if (question_id == NULL || question_id[0] == '\0')
    return FALSE;

  id = g_utf8_casefold (question_id, -1);
  if (strstr (id, folded) != NULL)
    return TRUE;

  if (self->questionnaire != NULL)
    question = pb_questionnaire_lookup_question (self->questionnaire, question_id);
  if (question == NULL)
    return FALSE;
  label = g_utf8_casefold (pb_question_get_label (question), -1);

  return strstr (label, folded) != NULL;
}

static gboolean
event_matches (gpointer item,
               gpointer user_data)
{
  PbHistoryWindow *self = user_data;
  PbHistoryEvent *event = item;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->question_entry));
  guint kind = gtk_drop_down_get_selected (self->kind_filter);
  guint person = gtk_drop_down_get_selected (self->person_filter);
  guint revision = gtk_drop_down_get_selected (self->revision_filter);

  /* Item 0 of each is "any". */
  if (kind > 0 && kind != GTK_INVALID_LIST_POSITION &&
      pb_history_event_get_kind (event) != g_array_index (self->kinds, PbEventKind, kind - 1))
    return FALSE;
  if (person > 0 && person != GTK_INVALID_LIST_POSITION &&
      g_strcmp0 (pb_history_event_get_user (event), gtk_string_list_get_string (self->people, person)) != 0)
    return FALSE;
  if (revision > 0 && revision != GTK_INVALID_LIST_POSITION &&
      pb_history_event_get_revision (event) != revision)
    return FALSE;
  if (text[0] != '\0')
    {
      g_autofree char *folded = g_utf8_casefold (text, -1);

      if (!question_matches (self, event, folded))
        return FALSE;
    }

  return TRUE;
}

static void
update_shown_label (PbHistoryWindow *self)
{
  guint shown, all;
  g_autofree char *text = NULL;

  if (self->shown == NULL)
    return;

  shown = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  all = g_list_model_get_n_items (self->events);
  if (shown == all)
    /* Translators: how many events the history holds */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", all), all);
  else
    /* Translators: how many events the filters let through, of how many */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u event", "%u of %u events", all), shown, all);
  gtk_label_set_text (self->shown_label, text);
}

static void
on_filter_changed_cb (PbHistoryWindow *self)
{
  if (self->filter == NULL)
    return;

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_shown_label (self);
}

static int
compare_kinds (gconstpointer a,
               gconstpointer b)
{
  return *(const PbEventKind *) a - *(const PbEventKind *) b;
}

/* Each filter offers what the history holds: its kinds of event, the
 * people who acted, its revisions. */
static void
fill_filters (PbHistoryWindow *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) revisions = gtk_string_list_new (NULL);
  g_autoptr(GHashTable) people = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen_kinds = g_hash_table_new (NULL, NULL);
  guint n_revisions = 0;

  self->kinds = g_array_new (FALSE, FALSE, sizeof (PbEventKind));
  self->people = gtk_string_list_new (NULL);
  /* Translators: the first item of the history's person filter */
  gtk_string_list_append (self->people, _("Anyone"));

  for (guint i = 0; i < g_list_model_get_n_items (self->events); i++)
    {
      g_autoptr(PbHistoryEvent) event = g_list_model_get_item (self->events, i);
      PbEventKind kind = pb_history_event_get_kind (event);
      const char *user = pb_history_event_get_user (event);

      if (g_hash_table_add (seen_kinds, GUINT_TO_POINTER (kind + 1)))
        g_array_append_val (self->kinds, kind);
      if (user != NULL && !g_hash_table_contains (people, user))
        {
          gtk_string_list_append (self->people, user);
          g_hash_table_add (people, (gpointer) gtk_string_list_get_string (self->people,
                                                                          g_list_model_get_n_items (G_LIST_MODEL (self->people)) - 1));
        }
      n_revisions = MAX (n_revisions, pb_history_event_get_revision (event));
    }

  g_array_sort (self->kinds, compare_kinds);
  /* Translators: the first item of the history's event kind filter */
  gtk_string_list_append (kinds, _("Any event"));
  for (guint i = 0; i < self->kinds->len; i++)
    gtk_string_list_append (kinds, pb_event_kind_get_label (g_array_index (self->kinds, PbEventKind, i)));

  /* Translators: the first item of the history's revision filter */
  gtk_string_list_append (revisions, _("Any revision"));
  for (guint r = 1; r <= n_revisions; r++)
    {
      /* Translators: an item of the history's revision filter */
      g_autofree char *label = g_strdup_printf (_("Revision %u"), r);

      gtk_string_list_append (revisions, label);
    }

  gtk_drop_down_set_model (self->kind_filter, G_LIST_MODEL (kinds));
  gtk_drop_down_set_model (self->person_filter, G_LIST_MODEL (self->people));
  gtk_drop_down_set_model (self->revision_filter, G_LIST_MODEL (revisions));
}

static void
pb_history_window_dispose (GObject *object)
{
  PbHistoryWindow *self = PB_HISTORY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_HISTORY_WINDOW);
  g_clear_object (&self->shown);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->kinds, g_array_unref);
  g_clear_object (&self->people);
  g_clear_object (&self->events);
  g_clear_object (&self->questionnaire);
  g_clear_pointer (&self->comment_changes, g_hash_table_unref);
  g_clear_object (&self->info);
  g_clear_pointer (&self->case_id, g_free);

  G_OBJECT_CLASS (pb_history_window_parent_class)->dispose (object);
}

static void
pb_history_window_class_init (PbHistoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_history_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-history-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PbHistoryWindow, title_widget);
  gtk_widget_class_bind_template_child (widget_class, PbHistoryWindow, question_entry);
  gtk_widget_class_bind_template_child (widget_class, PbHistoryWindow, kind_filter);
  gtk_widget_class_bind_template_child (widget_class, PbHistoryWindow, person_filter);
  gtk_widget_class_bind_template_child (widget_class, PbHistoryWindow, revision_filter);
  gtk_widget_class_bind_template_child (widget_class, PbHistoryWindow, shown_label);
  gtk_widget_class_bind_template_child (widget_class, PbHistoryWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PbHistoryWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, PbHistoryWindow, event_list);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pb_history_window_init (PbHistoryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* What the worker reads. */
typedef struct
{
  GListModel      *events;
  PbQuestionnaire *questionnaire;
  PbCaseInfo      *info;
} History;

static void
history_free (gpointer data)
{
  History *history = data;

  g_clear_object (&history->events);
  g_clear_object (&history->questionnaire);
  g_clear_object (&history->info);
  g_free (history);
}

static gpointer
read_history (PbCaseStore   *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  const char *case_id = data;
  g_autoptr(GListModel) events = NULL;
  History *history;

  if (!(events = pb_case_store_list_history (store, case_id, error)) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  history = g_new0 (History, 1);
  history->events = g_steal_pointer (&events);
  history->questionnaire = pb_case_store_load_questionnaire (store, case_id, NULL);
  history->info = pb_case_store_get_case (store, case_id, NULL);

  return history;
}

static void
show_history (PbHistoryWindow *self,
              History         *history)
{
  self->events = g_steal_pointer (&history->events);
  self->questionnaire = g_steal_pointer (&history->questionnaire);
  self->info = g_steal_pointer (&history->info);
  if (self->info != NULL)
    {
      /* Translators: the history's subtitle: a case id, then the id and
       * version of the questionnaire it was answered under */
      g_autofree char *subtitle = g_strdup_printf (_("%s · questionnaire %s %s"), self->case_id,
                                                   pb_case_info_get_questionnaire_id (self->info),
                                                   pb_case_info_get_questionnaire_version (self->info));

      adw_window_title_set_subtitle (self->title_widget, subtitle);
    }
  find_comment_changes (self);
  fill_filters (self);

  self->filter = gtk_custom_filter_new (event_matches, self, NULL);
  self->shown = gtk_filter_list_model_new (g_object_ref (self->events), g_object_ref (GTK_FILTER (self->filter)));
  gtk_list_box_bind_model (self->event_list, G_LIST_MODEL (self->shown), create_event_row, self, NULL);
  gtk_list_box_set_placeholder (self->event_list, gtk_label_new (_("No event matches these filters")));
  update_shown_label (self);
  gtk_stack_set_visible_child_name (self->stack, "events");
}

/* @user_data: a reference to the window, which may have been closed. */
static void
history_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PbHistoryWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  History *history = pb_store_task_run_finish (result, &error);

  /* Closed meanwhile. */
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&history, history_free);
      return;
    }

  g_clear_object (&self->cancellable);
  if (history == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      show_history (self, history);
      history_free (history);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->question_entry), history != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_filter), history != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->person_filter), history != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->revision_filter), history != NULL);
}

/* Shown at once; the events are read in a worker thread (a case may have
 * thousands), and the reading stops when the window is closed. */
PbHistoryWindow *
pb_history_window_new (GtkWindow    *parent,
                       PbCaseStore  *store,
                       const char   *case_id)
{
  PbHistoryWindow *self;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (PB_TYPE_HISTORY_WINDOW, "transient-for", parent, NULL);
  self->case_id = g_strdup (case_id);
  self->cancellable = g_cancellable_new ();
  adw_window_title_set_subtitle (self->title_widget, case_id);
  gtk_widget_set_sensitive (GTK_WIDGET (self->question_entry), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_filter), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->person_filter), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->revision_filter), FALSE);
  pb_store_task_run_async (store, PB_CASE_STORE_FLAGS_NO_CREATE, read_history, g_strdup (case_id), g_free,
                           history_free, self->cancellable, history_read_cb, g_object_ref (self));

  return self;
}

gboolean
pb_history_window_get_loading (PbHistoryWindow *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_WINDOW (self), FALSE);

  return self->cancellable != NULL;
}

char *
pb_history_window_dup_row_text (PbHistoryWindow *self,
                                guint            index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (PB_IS_HISTORY_WINDOW (self), NULL);

  row = gtk_list_box_get_row_at_index (self->event_list, index);
  if (row == NULL)
    return NULL;

  return g_strdup_printf ("%s\n%s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                          adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
}

guint
pb_history_window_get_n_rows (PbHistoryWindow *self)
{
  guint n = 0;

  g_return_val_if_fail (PB_IS_HISTORY_WINDOW (self), 0);

  while (gtk_list_box_get_row_at_index (self->event_list, n) != NULL)
    n++;

  return n;
}
