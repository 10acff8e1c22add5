/* pb-history-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-history-window"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pb-gui-utils.h"
#include "pb-history-window.h"

struct _PbHistoryWindow
{
  AdwWindow        parent_instance;

  /* template widgets */
  AdwWindowTitle  *title_widget;
  GtkListBox      *event_list;

  /* owned */
  GListModel      *events;
  PbQuestionnaire *questionnaire;
  GHashTable      *comment_changes;  /* seq of answer events that change the comment */
  PbCaseInfo      *info;
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

static void
pb_history_window_dispose (GObject *object)
{
  PbHistoryWindow *self = PB_HISTORY_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_HISTORY_WINDOW);
  g_clear_object (&self->events);
  g_clear_object (&self->questionnaire);
  g_clear_pointer (&self->comment_changes, g_hash_table_unref);
  g_clear_object (&self->info);

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
  gtk_widget_class_bind_template_child (widget_class, PbHistoryWindow, event_list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pb_history_window_init (PbHistoryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PbHistoryWindow *
pb_history_window_new (GtkWindow    *parent,
                       PbCaseStore  *store,
                       const char   *case_id,
                       GError      **error)
{
  g_autoptr(GListModel) events = NULL;
  PbHistoryWindow *self;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  events = pb_case_store_list_history (store, case_id, error);
  if (events == NULL)
    return NULL;

  self = g_object_new (PB_TYPE_HISTORY_WINDOW, "transient-for", parent, NULL);
  self->events = g_steal_pointer (&events);
  self->questionnaire = pb_case_store_load_questionnaire (store, case_id, NULL);
  adw_window_title_set_subtitle (self->title_widget, case_id);
  self->info = pb_case_store_get_case (store, case_id, NULL);
  find_comment_changes (self);
  gtk_list_box_bind_model (self->event_list, self->events, create_event_row, self, NULL);

  return self;
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
