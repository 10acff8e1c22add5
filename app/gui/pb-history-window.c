/* pb-history-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-history-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pb-gui-utils.h"
#include "pb-history-window.h"

struct _PbHistoryWindow
{
  AdwWindow       parent_instance;

  /* template widgets */
  AdwWindowTitle *title_widget;
  GtkListBox     *event_list;

  /* owned */
  GListModel      *events;
  PbQuestionnaire *questionnaire;
};

G_DEFINE_FINAL_TYPE (PbHistoryWindow, pb_history_window, ADW_TYPE_WINDOW)

/* "Network camera or video encoder" rather than "\"camera\"". */
static char *
format_value (PbQuestionnaire *questionnaire,
              const char      *question_id,
              const char      *json)
{
  PbQuestion *question = NULL;
  g_autoptr(PbAnswer) answer = NULL;

  if (json == NULL || json[0] == '\0')
    return NULL;

  if (questionnaire != NULL && question_id != NULL)
    question = pb_questionnaire_lookup_question (questionnaire, question_id);
  if (question != NULL)
    answer = pb_answer_new_from_json (json, NULL);
  if (answer != NULL && pb_question_check_answer (question, answer, NULL))
    return pb_question_format_answer (question, answer);

  return g_strdup (json);
}

static GtkWidget *
create_event_row (gpointer item,
                  gpointer user_data)
{
  PbHistoryWindow *self = user_data;
  PbHistoryEvent *event = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = pb_format_timestamp (pb_history_event_get_time (event));
  const char *question = pb_history_event_get_question_id (event);
  g_autofree char *old_value = format_value (self->questionnaire, question,
                                             pb_history_event_get_old_value (event));
  g_autofree char *new_value = format_value (self->questionnaire, question,
                                             pb_history_event_get_new_value (event));
  const char *reason = pb_history_event_get_reason (event);
  g_autofree char *title = NULL;
  GString *subtitle = g_string_new (NULL);

  /* Translators: a history event: its number, what happened and to which question */
  if (question != NULL && question[0])
    title = g_strdup_printf (_("%u. %s: %s"), pb_history_event_get_seq (event),
                             pb_event_kind_get_label (pb_history_event_get_kind (event)), question);
  else
    title = g_strdup_printf (_("%u. %s"), pb_history_event_get_seq (event),
                             pb_event_kind_get_label (pb_history_event_get_kind (event)));

  /* Translators: when and who, e.g. "2026-11-26 04:13 by Åsa, revision 1" */
  g_string_append_printf (subtitle, _("%s by %s, revision %u"), when, pb_history_event_get_user (event),
                          pb_history_event_get_revision (event));
  if (old_value != NULL && old_value[0])
    {
      g_string_append_c (subtitle, '\n');
      /* Translators: a change of value: old → new */
      g_string_append_printf (subtitle, _("%s → %s"), old_value, new_value ? new_value : "∅");
    }
  else if (new_value != NULL && new_value[0])
    g_string_append_printf (subtitle, "\n%s", new_value);
  if (reason != NULL && reason[0])
    {
      g_string_append_c (subtitle, '\n');
      /* Translators: why a change was made */
      g_string_append_printf (subtitle, _("Reason: %s"), reason);
    }

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
  gtk_list_box_bind_model (self->event_list, self->events, create_event_row, self, NULL);

  return self;
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
