/* pb-wizard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-wizard"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pb-gui-utils.h"
#include "pb-case-screener.h"
#include "pb-case-screening.h"
#include "pb-data.h"
#include "pb-decision-dialog.h"
#include "pb-parties-panel.h"
#include "pb-migration.h"
#include "pb-question-view.h"
#include "pb-reason-dialog.h"
#include "pb-review-page.h"
#include "pb-risk-panel.h"
#include "pb-section-page.h"
#include "pb-step-row.h"
#include "pb-store-task.h"
#include "pb-task-bar.h"
#include "pb-unsaved-answers.h"
#include "pb-wizard.h"
#include "pb-case-summary.h"
#include "pb-wizard-private.h"

G_DEFINE_FINAL_TYPE (PbWizard, pb_wizard, GTK_TYPE_WIDGET)

enum {
  DONE,
  TOAST,
  OPEN_CASE,
  ANCHORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean load_case  (PbWizard  *self,
                            GError   **error);
static void     ensure_page (PbWizard  *self,
                             guint      index);

void
_pb_wizard_toast (PbWizard   *self,
                  const char *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

/* What the store would refuse is not offered: the preferences' role
 * decides what the person at the desk may do (the store checks again). */
static gboolean
may_edit (PbWizard *self)
{
  PbActor *actor = pb_case_store_get_actor (self->store);

  return !self->read_only && actor != NULL && pb_role_can_edit (pb_actor_get_role (actor));
}

static gboolean
may_decide (PbWizard *self)
{
  PbActor *actor = pb_case_store_get_actor (self->store);

  return !self->read_only && actor != NULL && pb_role_can_decide (pb_actor_get_role (actor));
}

static void
step_clear (gpointer data)
{
  Step *step = data;

  g_clear_pointer (&step->views, g_ptr_array_unref);
}

static Step *
get_step (PbWizard *self,
          guint     index)
{
  g_assert (index < self->steps->len);

  return &g_array_index (self->steps, Step, index);
}

static gboolean
step_is_visible (PbWizard *self,
                 Step     *step)
{
  for (guint i = 0; i < pb_section_get_n_questions (step->section); i++)
    if (pb_evaluation_is_visible (self->evaluation, pb_section_get_question (step->section, i)))
      return TRUE;

  return FALSE;
}

void
_pb_wizard_show_message (PbWizard   *self,
                         const char *message)
{
  /* Whatever it said, it says no stale answer now (note_conflict ()). */
  if (self->conflicts != NULL)
    g_hash_table_remove_all (self->conflicts);
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

/* The visible required or gate questions of @step that have no answer. */
static GPtrArray *
missing_in_step (PbWizard *self,
                 Step     *step)
{
  GPtrArray *missing = g_ptr_array_new ();
  guint n = pb_evaluation_get_n_missing (self->evaluation);

  for (guint i = 0; i < n; i++)
    {
      PbQuestion *question = pb_evaluation_get_missing (self->evaluation, i);

      if (pb_question_get_section (question) == step->section)
        g_ptr_array_add (missing, question);
    }

  return missing;
}

static char *
describe_missing (GPtrArray *missing)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < missing->len; i++)
    {
      PbQuestion *question = g_ptr_array_index (missing, i);

      if (i > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, "%s %s", pb_question_get_id (question), pb_question_get_label (question));
    }

  return g_string_free (text, FALSE);
}

static void
update_steps (PbWizard *self)
{
  guint n_flags = pb_evaluation_get_n_flags (self->evaluation);

  for (guint i = 0; i < self->steps->len; i++)
    {
      Step *step = get_step (self, i);
      g_autoptr(GPtrArray) missing = missing_in_step (self, step);
      guint n_answered = 0;
      guint n_step_flags = 0;
      gboolean visible = step_is_visible (self, step);

      for (guint j = 0; j < pb_section_get_n_questions (step->section); j++)
        {
          PbQuestion *question = pb_section_get_question (step->section, j);

          if (pb_evaluation_is_visible (self->evaluation, question) &&
              pb_answer_set_lookup (self->answers, pb_question_get_id (question)) != NULL)
            n_answered++;
        }

      /* Flags as the risk panel counts them: holds and conditions apart. */
      for (guint j = 0; j < n_flags; j++)
        {
          PbFlag *flag = pb_evaluation_get_flag (self->evaluation, j);

          if (!pb_flag_is_condition (flag) && pb_rule_get_section (pb_flag_get_rule (flag)) == step->section)
            n_step_flags++;
        }

      pb_step_row_set_progress (step->row, n_answered, missing->len, n_step_flags);
      gtk_widget_set_visible (GTK_WIDGET (step->row), visible);
    }
}

static void
update_progress (PbWizard *self)
{
  guint required = pb_evaluation_get_n_required (self->evaluation);
  guint answered = pb_evaluation_get_n_required_answered (self->evaluation);
  g_autofree char *text = NULL;

  /* Translators: progress of the questionnaire, inside a narrow bar: answered
   * and required questions; keep it short */
  text = g_strdup_printf (_("%u of %u required"), answered, required);
  gtk_progress_bar_set_text (self->progress_bar, text);

  gtk_progress_bar_set_fraction (self->progress_bar, required ? (double) answered / required : 1.0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

/* A prefilled question shows what the reference data says, and shows it
 * as the answer while nobody has given another. */
static void
show_reference (PbWizard       *self,
                PbQuestionView *view)
{
  PbQuestion *question = pb_question_view_get_question (view);
  PbAnswer *reference = pb_evaluation_get_reference_answer (self->evaluation, question);
  g_autofree char *value = NULL;
  g_autofree char *note = NULL;

  if (reference == NULL)
    {
      pb_question_view_set_reference (view, NULL);
      return;
    }

  value = pb_question_format_answer (question, reference);
  /* Translators: the version of the country reference data, then a value such as "Not Free" */
  note = g_strdup_printf (_("Country reference data %s: %s"), pb_countries_get_version (self->reference), value);
  pb_question_view_set_reference (view, note);

  if (pb_answer_set_lookup (self->answers, pb_question_get_id (question)) == NULL)
    pb_question_view_set_answer (view, reference, g_hash_table_lookup (self->comments, pb_question_get_id (question)));
}

/* The case's screening answers the sanctions questions, as in the store. */
static PbEvaluation *
evaluate_with_screening (PbWizard *self)
{
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(PbAnswerSet) facts = NULL;

  if (self->store != NULL && self->case_id != NULL &&
      (screening = pb_case_store_get_screening (self->store, self->case_id, 0, NULL)) != NULL)
    facts = pb_case_screening_get_facts (screening, self->answers);

  return pb_evaluate_with_screening (self->questionnaire, self->answers, self->reference, facts);
}

void
_pb_wizard_evaluate (PbWizard *self)
{
  GHashTableIter iter;
  gpointer value;

  g_clear_object (&self->evaluation);
  self->evaluation = evaluate_with_screening (self);

  g_hash_table_iter_init (&iter, self->views);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PbQuestionView *view = value;
      PbQuestion *question = pb_question_view_get_question (view);

      gtk_widget_set_visible (GTK_WIDGET (view), pb_evaluation_is_visible (self->evaluation, question));
      if (pb_question_get_prefill (question) != PB_PREFILL_NONE)
        show_reference (self, view);
    }

  update_steps (self);
  update_progress (self);
  pb_risk_panel_set_evaluation (self->risk_panel, self->evaluation);
}

static void
show_saved (PbWizard *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");
  /* Translators: the quiet indicator that the last change is on disk; %s is a time */
  g_autofree char *text = g_strdup_printf (_("Saved %s"), time);

  gtk_label_set_text (self->saved_label, text);
}

static void
restore_view (PbWizard       *self,
              PbQuestionView *view)
{
  const char *id = pb_question_get_id (pb_question_view_get_question (view));

  pb_question_view_set_answer (view, pb_answer_set_lookup (self->answers, id),
                               g_hash_table_lookup (self->comments, id));
}

/* Answers typed while the team server is away --------------------------
 *
 * A server whose connection is lost refuses every save at once (the
 * window's store connects again in the background: PbCaseWatch). What was
 * typed stays on the page, the banner above it and the save indicator say
 * that it is not saved yet, and it is saved when the connection is back
 * (pb_wizard_save_pending(), which the window calls then) or at the next
 * change. Nothing reads the case over it meanwhile. */

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The unsaved question ids, sorted; NULL-terminated. */
static GStrv
dup_unsaved_ids (PbWizard *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, self->unsaved);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_ptr_array_add (ids, g_strdup (id));
  g_ptr_array_sort (ids, compare_ids);
  g_ptr_array_add (ids, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

/* What waits for the server is kept on this computer too, whole, each time
 * it changes (PbUnsavedAnswers): so that it outlives this window and this
 * process (a logout's SIGTERM, switching server in Preferences, a crash)
 * and is offered back when the case is opened again. When nothing waits
 * any more, the file goes. */
static gboolean
keep_unsaved (PbWizard *self)
{
  g_auto(GStrv) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (self->kept == NULL && g_hash_table_size (self->unsaved) == 0)
    return TRUE;
  if (self->kept == NULL)
    self->kept = pb_unsaved_answers_new (pb_case_store_get_display_name (self->store), self->case_id, self->revision);

  pb_unsaved_answers_remove_all (self->kept);
  ids = dup_unsaved_ids (self);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PbQuestionView *view = g_hash_table_lookup (self->views, ids[i]);
      g_autoptr(PbAnswer) answer = NULL;
      g_autofree char *base = NULL;

      if (view == NULL)
        continue;
      answer = pb_question_view_dup_answer (view);
      base = pb_case_store_dup_answer_read (self->store, self->case_id, self->revision, ids[i]);
      pb_unsaved_answers_set (self->kept, ids[i], answer, pb_question_view_get_comment (view), base);
    }

  if (pb_unsaved_answers_write (self->kept, &error))
    {
      /* Gone: nothing to remove at the next save. */
      if (ids[0] == NULL)
        g_clear_object (&self->kept);
      return TRUE;
    }

  /* Translators: why a file could not be written */
  message = g_strdup_printf (_("What you typed could not be kept on this computer as well: %s"), error->message);
  _pb_wizard_toast (self, message);

  return FALSE;
}

/* Said above the page, where what was typed stays: it was to be set aside. */
static void
show_not_kept (PbWizard     *self,
               const GError *error)
{
  /* Translators: why a file could not be written */
  g_autofree char *message = g_strdup_printf (_("What you typed could not be kept on this computer as well: %s"),
                                              error->message);

  _pb_wizard_show_message (self, message);
}

/* The store's reasons for refusing what waits, one per line, each once. */
static char *
dup_refusals (PbWizard *self)
{
  g_autoptr(GPtrArray) reasons = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer reason;

  g_hash_table_iter_init (&iter, self->refused);
  while (g_hash_table_iter_next (&iter, NULL, &reason))
    if (!g_ptr_array_find_with_equal_func (reasons, reason, g_str_equal, NULL))
      g_ptr_array_add (reasons, reason);
  g_ptr_array_sort (reasons, compare_ids);
  g_ptr_array_add (reasons, NULL);

  return g_strjoinv ("\n", (char **) reasons->pdata);
}

/* Whether something waits for the team server to be back, rather than
 * only what the store refused. */
static gboolean
waits_for_server (PbWizard *self)
{
  return g_hash_table_size (self->unsaved) > g_hash_table_size (self->refused);
}

static void
show_unsaved (PbWizard *self)
{
  g_auto(GStrv) ids = NULL;
  g_autofree char *list = NULL;
  g_autofree char *text = NULL;
  gboolean damaged;

  keep_unsaved (self);
  if (g_hash_table_size (self->unsaved) == 0)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.save-again", FALSE);
      gtk_revealer_set_reveal_child (self->unsaved_revealer, FALSE);
      /* The page shows what is stored again. */
      if (gtk_widget_has_css_class (GTK_WIDGET (self->saved_label), "warning"))
        gtk_label_set_text (self->saved_label, _("All changes are saved"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->saved_label), "warning");
      return;
    }

  ids = dup_unsaved_ids (self);
  list = g_strjoinv (", ", ids);
  /* A damaged file takes nothing more: trying again cannot help. */
  damaged = !waits_for_server (self) && pb_case_store_get_damage (self->store) != NULL;
  if (damaged)
    {
      g_autofree char *reasons = dup_refusals (self);

      /* Translators: question ids ("T01, T02"), then why, as the store says it */
      text = g_strdup_printf (_("Not saved: %s. The database file is damaged and takes no more changes. What you "
                                "typed stays on this page and is kept on this computer, offered back when the case "
                                "is opened again from a backup put in the file’s place.\n%s"),
                              list, reasons);
    }
  else if (!waits_for_server (self))
    {
      g_autofree char *reasons = dup_refusals (self);

      /* Translators: question ids ("T01, T02"), then why, as the store says it */
      text = g_strdup_printf (_("Not saved: %s. What you typed stays on this page and on this computer, "
                                "and is saved again at your next change or with Try Again.\n%s"),
                              list, reasons);
    }
  else
    /* Translators: question ids ("T01, T02"), then a server as
     * postgresql://user@host/database */
    text = g_strdup_printf (_("Not saved yet: %s. %s cannot be reached; what you typed stays on this page "
                              "and is saved as soon as the connection is back."),
                            list, pb_case_store_get_display_name (self->store));
  gtk_label_set_text (self->unsaved_label, text);
  gtk_image_set_from_icon_name (self->unsaved_icon, waits_for_server (self) ? "network-offline-symbolic"
                                                                            : "dialog-warning-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), !waits_for_server (self) && !damaged);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.save-again", !waits_for_server (self) && !damaged);
  gtk_revealer_set_reveal_child (self->unsaved_revealer, TRUE);
  /* Translators: the save indicator while answers wait for the team
   * server ("Not saved yet"), or were refused by it or the file ("Not saved") */
  gtk_label_set_text (self->saved_label, waits_for_server (self) ? _("Not saved yet") : _("Not saved"));
  gtk_widget_add_css_class (GTK_WIDGET (self->saved_label), "warning");
}

typedef enum
{
  SAVE_DONE,
  SAVE_KEPT,       /* on the page, for when the server is back */
  SAVE_CONFLICT,   /* someone else's answer is newer: @error says whose */
  SAVE_FAILED,     /* refused: @error says why; on the page, kept as SAVE_KEPT is */
} SaveResult;

/* Saves what @view shows. What the store refuses stays on the page and
 * on this computer as what waits for the server does: a full disk, a
 * file made read-only, a role taken away or a damaged file never takes
 * what was typed with it, and the page never says it is saved. */
static SaveResult
save_view (PbWizard        *self,
           PbQuestionView  *view,
           PbAnswer       **answer_out,
           GError         **error)
{
  PbQuestion *question = pb_question_view_get_question (view);
  const char *id = pb_question_get_id (question);
  g_autoptr(PbAnswer) answer = pb_question_view_dup_answer (view);
  const char *comment = pb_question_view_get_comment (view);
  g_autoptr(GError) local_error = NULL;
  gboolean saved;

  self->saving++;
  saved = pb_case_store_set_answer (self->store, self->case_id, id, answer, comment[0] ? comment : NULL, NULL, NULL,
                                    &local_error);
  self->saving--;
  if (!saved)
    {
      SaveResult result = SAVE_FAILED;

      if (pb_case_store_is_away_error (self->store, local_error))
        {
          g_debug ("%s kept to be saved: %s", id, local_error->message);
          g_hash_table_add (self->unsaved, g_strdup (id));
          g_hash_table_remove (self->refused, id);
          return SAVE_KEPT;
        }
      if (g_error_matches (local_error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT))
        {
          result = SAVE_CONFLICT;
          g_hash_table_remove (self->unsaved, id);
          g_hash_table_remove (self->refused, id);
        }
      else
        {
          g_hash_table_add (self->unsaved, g_strdup (id));
          g_hash_table_insert (self->refused, g_strdup (id), g_strdup (local_error->message));
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      if (answer_out != NULL)
        *answer_out = g_steal_pointer (&answer);
      return result;
    }

  g_hash_table_remove (self->unsaved, id);
  g_hash_table_remove (self->refused, id);
  if (answer != NULL)
    pb_answer_set_insert (self->answers, id, answer);
  else
    pb_answer_set_remove (self->answers, id);
  g_hash_table_insert (self->comments, g_strdup (id), g_strdup (comment));

  if (answer != NULL)
    pb_question_view_set_missing (view, FALSE);

  return SAVE_DONE;
}

/* A dialog that asks for a written reason before @confirm_label. */
PbReasonDialog *
_pb_wizard_reason_dialog_new (PbWizard   *self,
                              const char *heading,
                              const char *body,
                              const char *reason_title,
                              const char *confirm_label)
{
  return pb_reason_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               heading, body, reason_title, confirm_label);
}

static void
reload_view (PbWizard   *self,
             const char *question_id)
{
  PbQuestionView *view = g_hash_table_lookup (self->views, question_id);

  if (view != NULL)
    restore_view (self, view);
}

static void
override_response_cb (PbReasonDialog *dialog,
                      const char     *response,
                      PbWizard       *self)
{
  PbQuestionView *view = g_object_get_data (G_OBJECT (dialog), "view");
  PbQuestion *question = pb_question_view_get_question (view);
  const char *id = pb_question_get_id (question);
  const char *reason_id = pb_question_get_id (pb_question_get_override_reason (question));
  g_autoptr(PbAnswer) text = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled: the reference data's answer stands. */
  if (!g_str_equal (response, "confirm"))
    {
      if (!pb_case_store_set_answer (self->store, self->case_id, id, NULL, NULL, NULL, NULL, &error))
        _pb_wizard_toast (self, error->message);
      pb_answer_set_remove (self->answers, id);
      pb_question_view_set_answer (view, NULL, g_hash_table_lookup (self->comments, id));
      _pb_wizard_evaluate (self);
      return;
    }

  text = pb_answer_new_string (pb_reason_dialog_get_reason (dialog));
  if (!pb_case_store_set_answer (self->store, self->case_id, reason_id, text, NULL, NULL, NULL, &error))
    {
      _pb_wizard_toast (self, error->message);
      return;
    }
  pb_answer_set_insert (self->answers, reason_id, text);
  reload_view (self, reason_id);
  _pb_wizard_evaluate (self);
  show_saved (self);
}

/* Changing a fact the reference data gives needs a reason, which the
 * override-reason question records; without one the change is undone. */
static void
ask_override_reason (PbWizard       *self,
                     PbQuestionView *view)
{
  PbQuestion *question = pb_question_view_get_question (view);
  PbAnswer *reference = pb_evaluation_get_reference_answer (self->evaluation, question);
  g_autofree char *value = pb_question_format_answer (question, reference);
  g_autofree char *body = NULL;
  PbReasonDialog *dialog;

  /* Translators: a value from the reference data, such as "Not Free" */
  body = g_strdup_printf (_("The country reference data gives “%s”. Say why your answer differs, with the source and its date. "
                            "A reviewer checks it, and an answer that lowers the risk does not count until the data is corrected."),
                          value);
  dialog = _pb_wizard_reason_dialog_new (self, _("Differ from the Reference Data?"), body, _("Reason and source"), _("_Record Reason"));
  g_object_set_data (G_OBJECT (dialog), "view", view);
  g_signal_connect_object (dialog, "response", G_CALLBACK (override_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Someone else's changes ---------------------------------------------- */

/* Question @id's answer and comment as the wizard last read or saved them. */
static char *
dup_stored (PbWizard   *self,
            const char *id)
{
  PbAnswer *answer = self->answers != NULL ? pb_answer_set_lookup (self->answers, id) : NULL;
  g_autofree char *json = answer != NULL ? pb_answer_to_json (answer) : NULL;
  const char *comment = g_hash_table_lookup (self->comments, id);

  return g_strdup_printf ("%s\n%s", json != NULL ? json : "", comment != NULL ? comment : "");
}

/* The stale-answer message just shown names question @id's answer as the
 * case was read again: it stands while that answer does. */
static void
note_conflict (PbWizard   *self,
               const char *id)
{
  g_hash_table_insert (self->conflicts, g_strdup (id), dup_stored (self, id));
}

/* Once the case was read again (or an answer saved): a stale-answer
 * message goes when none of the answers it names stands as it says any
 * more (given on top, or changed again since: whoever changed it is said
 * in a toast). A message naming several stays whole while one stands. */
static void
settle_conflicts (PbWizard *self)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean stands = FALSE;

  if (g_hash_table_size (self->conflicts) == 0)
    return;

  g_hash_table_iter_init (&iter, self->conflicts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *now = dup_stored (self, key);

      stands |= g_strcmp0 (now, value) == 0;
    }
  if (!stands)
    _pb_wizard_show_message (self, NULL);
}

/* Reads the answers and comments again (the store then takes them as
 * read: an answer goes on top of what it shows) into every view built. */
static gboolean
read_answers (PbWizard  *self,
              GError   **error)
{
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(GListModel) records = NULL;
  g_auto(GStrv) waiting = dup_unsaved_ids (self);
  g_autoptr(GPtrArray) bases = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;
  gboolean read;

  /* What waits stays as typed, on top of what it was typed on: reading
   * takes every answer as read, which would let it overwrite a newer one
   * unsaid. */
  for (guint i = 0; waiting[i] != NULL; i++)
    g_ptr_array_add (bases, pb_case_store_dup_answer_read (self->store, self->case_id, self->revision, waiting[i]));
  read = (answers = pb_case_store_get_answers (self->store, self->case_id, 0, error)) != NULL &&
         (records = pb_case_store_list_answers (self->store, self->case_id, 0, error)) != NULL;
  for (guint i = 0; waiting[i] != NULL; i++)
    if (g_ptr_array_index (bases, i) != NULL)
      pb_case_store_set_answer_read (self->store, self->case_id, self->revision, waiting[i],
                                     g_ptr_array_index (bases, i));
  if (!read)
    return FALSE;

  g_set_object (&self->answers, answers);
  g_hash_table_remove_all (self->comments);
  for (guint i = 0; i < g_list_model_get_n_items (records); i++)
    {
      g_autoptr(PbAnswerRecord) record = g_list_model_get_item (records, i);

      g_hash_table_insert (self->comments,
                           g_strdup (pb_answer_record_get_question_id (record)),
                           g_strdup (pb_answer_record_get_comment (record)));
    }

  g_hash_table_iter_init (&iter, self->views);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (self->unsaved, key))
      restore_view (self, value);
  _pb_wizard_evaluate (self);
  settle_conflicts (self);

  return TRUE;
}

/* An answer someone else changed since this window read it is never
 * overwritten: the store refuses it, the message saying what it is now
 * and who gave it stays above the page with what was typed, and the
 * question shows their answer. */
static char *
conflict_message (PbQuestionView *view,
                  PbAnswer       *answer,
                  const GError   *conflict)
{
  g_autofree char *typed = answer != NULL ? pb_answer_to_json (answer) : NULL;
  const char *comment = pb_question_view_get_comment (view);
  g_autofree char *message = NULL;

  if (typed == NULL)
    message = g_strdup (conflict->message);
  else
    /* Translators: the store's message, then the answer given, not saved */
    message = g_strdup_printf (_("%s\nYour answer, not saved: %s"), conflict->message, typed);
  /* What a comment-only change would lose otherwise: the page shows theirs. */
  if (comment != NULL && comment[0] != '\0')
    {
      g_autofree char *before = g_steal_pointer (&message);

      /* Translators: the store's message and the answer given, then the comment given, not saved */
      message = g_strdup_printf (_("%s\nYour comment, not saved: “%s”"), before, comment);
    }

  return g_steal_pointer (&message);
}

static void
show_conflict (PbWizard       *self,
               PbQuestionView *view,
               PbAnswer       *answer,
               const GError   *conflict)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = conflict_message (view, answer, conflict);

  _pb_wizard_show_message (self, message);

  if (!read_answers (self, &error))
    {
      _pb_wizard_toast (self, error->message);
      restore_view (self, view);
    }
  else
    note_conflict (self, pb_question_get_id (pb_question_view_get_question (view)));
}

/* Saves the answers kept while the server was away, each as it is on the
 * page now; those someone else changed meanwhile are refused as any stale
 * answer is (show_conflict ()), once all were tried. FALSE while some are
 * still not saved. */
gboolean
_pb_wizard_save_unsaved (PbWizard *self)
{
  g_auto(GStrv) ids = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GPtrArray) conflicting = NULL;
  g_autoptr(GString) conflicts = NULL;
  gboolean was_refused = g_hash_table_size (self->refused) > 0;

  if (self->unsaved == NULL || g_hash_table_size (self->unsaved) == 0)
    return TRUE;

  ids = dup_unsaved_ids (self);
  saved = g_ptr_array_new ();
  conflicting = g_ptr_array_new ();
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PbQuestionView *view = g_hash_table_lookup (self->views, ids[i]);
      g_autoptr(PbAnswer) answer = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;

      switch (view != NULL ? save_view (self, view, &answer, &error) : SAVE_DONE)
        {
        case SAVE_DONE:
          g_ptr_array_add (saved, ids[i]);
          break;
        case SAVE_KEPT:
          break;
        case SAVE_CONFLICT:
          message = conflict_message (view, answer, error);
          if (conflicts == NULL)
            conflicts = g_string_new (message);
          else
            g_string_append_printf (conflicts, "\n%s", message);
          g_ptr_array_add (conflicting, view);
          break;
        case SAVE_FAILED:
        default:
          /* Still waiting, the reason said above the page. */
          break;
        }
    }

  show_unsaved (self);
  if (conflicts != NULL)
    {
      g_autoptr(GError) error = NULL;

      _pb_wizard_show_message (self, conflicts->str);
      if (!read_answers (self, &error))
        {
          _pb_wizard_toast (self, error->message);
          for (guint i = 0; i < conflicting->len; i++)
            restore_view (self, g_ptr_array_index (conflicting, i));
        }
      else
        for (guint i = 0; i < conflicting->len; i++)
          note_conflict (self, pb_question_get_id (pb_question_view_get_question (g_ptr_array_index (conflicting, i))));
    }
  else if (saved->len > 0)
    _pb_wizard_evaluate (self);

  if (saved->len > 0 && g_hash_table_size (self->unsaved) == 0)
    {
      g_autofree char *list = NULL;
      g_autofree char *toast = NULL;

      g_ptr_array_add (saved, NULL);
      list = g_strjoinv (", ", (char **) saved->pdata);
      show_saved (self);
      if (was_refused)
        /* Translators: question ids ("T01, T02") */
        toast = g_strdup_printf (_("Saved what was refused before: %s"), list);
      else
        /* Translators: question ids ("T01, T02") */
        toast = g_strdup_printf (_("Saved what was typed while the server was away: %s"), list);
      _pb_wizard_toast (self, toast);
    }

  return g_hash_table_size (self->unsaved) == 0;
}

/* The case's history since it was read: someone else's answers are shown
 * where they stand (and said in a toast), anything else reads the case
 * again. What is being typed is saved first, so that it is either kept or
 * refused with the message above, never replaced unsaid. */
void
pb_wizard_refresh (PbWizard *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) events = NULL;
  g_autoptr(GPtrArray) questions = g_ptr_array_new ();
  g_autofree char *head = NULL;
  g_autofree char *toast = NULL;
  PbActor *actor;
  const char *who = NULL;
  gboolean reload = FALSE;
  guint n_events = 0;

  g_return_if_fail (PB_IS_WIZARD (self));

  if (!(head = pb_case_store_get_history_head (self->store, self->case_id, &n_events, &error)) ||
      !(events = pb_case_store_list_history (self->store, self->case_id, &error)))
    {
      _pb_wizard_toast (self, error->message);
      return;
    }
  if (n_events <= self->n_events)
    return;

  /* A reviewer deciding meanwhile decides on the case as it is now. */
  if (self->decision_dialog != NULL)
    pb_decision_dialog_refresh (PB_DECISION_DIALOG (self->decision_dialog));

  actor = pb_case_store_get_actor (self->store);
  for (guint i = self->n_events; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(PbHistoryEvent) event = g_list_model_get_item (events, i);
      const char *user = pb_history_event_get_user (event);
      PbEventKind kind = pb_history_event_get_kind (event);

      if (kind == PB_EVENT_ANCHORED)
        continue;
      if (actor == NULL || !pb_actor_names_equal (user, pb_actor_get_name (actor)))
        who = user;
      if (kind == PB_EVENT_ANSWER_SET || kind == PB_EVENT_ANSWER_CHANGED || kind == PB_EVENT_ANSWER_CLEARED)
        {
          const char *id = pb_history_event_get_question_id (event);

          if (!g_ptr_array_find_with_equal_func (questions, id, g_str_equal, NULL))
            g_ptr_array_add (questions, (gpointer) id);
        }
      else
        reload = TRUE;
    }

  _pb_wizard_flush_views (self);
  /* Still away: read when it is back. What was refused stays as typed
   * while the case is read (read_answers (), _pb_wizard_reload ()). */
  if (!_pb_wizard_save_unsaved (self) && waits_for_server (self))
    return;
  if (reload)
    _pb_wizard_reload (self);
  else if (!read_answers (self, &error))
    _pb_wizard_toast (self, error->message);
  self->n_events = n_events;

  if (who == NULL)
    return;
  if (questions->len > 0 && !reload)
    {
      g_autofree char *ids = NULL;

      g_ptr_array_add (questions, NULL);
      ids = g_strjoinv (", ", (char **) questions->pdata);
      /* Translators: a person, then question ids ("T01, T02") */
      toast = g_strdup_printf (_("%s changed %s"), who, ids);
    }
  else
    /* Translators: a person */
    toast = g_strdup_printf (_("%s changed this case"), who);
  _pb_wizard_toast (self, toast);
}

static void
question_changed_cb (PbWizard       *self,
                     PbQuestionView *view)
{
  PbQuestion *question = pb_question_view_get_question (view);
  g_autoptr(PbAnswer) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (!self->editable)
    {
      _pb_wizard_toast (self, _("This revision is read-only: reopen it as a new revision to change answers"));
      restore_view (self, view);
      return;
    }

  switch (save_view (self, view, &answer, &error))
    {
    case SAVE_DONE:
      /* Saved again: so may be what waits with it. */
      _pb_wizard_save_unsaved (self);
      break;
    case SAVE_KEPT:
      show_unsaved (self);
      return;
    case SAVE_CONFLICT:
      show_unsaved (self);
      show_conflict (self, view, answer, error);
      return;
    case SAVE_FAILED:
    default:
      /* Said above the page, whole, with what waits (show_unsaved ()). */
      show_unsaved (self);
      return;
    }

  _pb_wizard_evaluate (self);
  /* Given on top of theirs: the message naming it goes. */
  settle_conflicts (self);
  show_unsaved (self);
  if (g_hash_table_size (self->unsaved) == 0)
    show_saved (self);

  if (pb_question_get_prefill (question) != PB_PREFILL_NONE &&
      pb_evaluation_is_overridden (self->evaluation, question) &&
      pb_answer_set_lookup (self->answers, pb_question_get_id (pb_question_get_override_reason (question))) == NULL)
    ask_override_reason (self, view);
}

/* Groups the evidence of the current revision by question. */
static gboolean
load_evidence (PbWizard  *self,
               GError   **error)
{
  g_autoptr(GListModel) list = pb_case_store_list_evidence (self->store, self->case_id, 0, error);

  if (list == NULL)
    return FALSE;

  g_hash_table_remove_all (self->evidence);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(PbEvidence) item = g_list_model_get_item (list, i);
      const char *id = pb_evidence_get_question_id (item);
      GPtrArray *files;

      if (id == NULL)
        continue;
      files = g_hash_table_lookup (self->evidence, id);
      if (files == NULL)
        {
          files = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (self->evidence, g_strdup (id), files);
        }
      g_ptr_array_add (files, g_steal_pointer (&item));
    }

  return TRUE;
}

static void
show_evidence (PbWizard       *self,
               PbQuestionView *view)
{
  const char *id = pb_question_get_id (pb_question_view_get_question (view));

  pb_question_view_set_evidence (view, g_hash_table_lookup (self->evidence, id));
}

static void
reload_evidence (PbWizard *self)
{
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer value;

  if (!load_evidence (self, &error))
    {
      _pb_wizard_toast (self, error->message);
      return;
    }

  g_hash_table_iter_init (&iter, self->views);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    show_evidence (self, value);
}

/* Slow work runs in a worker thread while the task bar moves; one piece
 * of work at a time. NULL (and a toast) while other work runs. */
GCancellable *
_pb_wizard_begin_task (PbWizard   *self,
                       const char *title)
{
  GCancellable *cancellable = pb_task_bar_begin (self->task_bar, title);

  if (cancellable == NULL)
    _pb_wizard_toast (self, _("Wait for the work under way to end, or cancel it"));

  return cancellable;
}

/* FALSE when the wizard went away meanwhile: its answer is for nobody. */
gboolean
_pb_wizard_end_task (PbWizard *self)
{
  if (self->task_bar == NULL)
    return FALSE;

  pb_task_bar_end (self->task_bar);
  return TRUE;
}

typedef struct
{
  char  *case_id;
  char  *question_id;
  GFile *file;
} Attachment;

static void
attachment_free (Attachment *attachment)
{
  g_free (attachment->case_id);
  g_free (attachment->question_id);
  g_clear_object (&attachment->file);
  g_free (attachment);
}

/* Reading and hashing a file of up to 20 MB, then storing it in one
 * transaction: Cancel counts until the store begins. */
static gpointer
attach_in_thread (PbCaseStore   *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Attachment *attachment = data;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return pb_case_store_add_evidence_file (store, attachment->case_id, attachment->question_id,
                                          attachment->file, error);
}

static void
attach_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PbWizard) self = user_data;
  g_autoptr(PbEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;

  evidence = pb_store_task_run_finish (result, &error);
  if (!_pb_wizard_end_task (self))
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _pb_wizard_toast (self, _("Attaching cancelled: nothing was stored"));
  else if (evidence == NULL)
    _pb_wizard_toast (self, error->message);
  else
    {
      reload_evidence (self);
      show_saved (self);
    }
}

static void
attach_evidence_cb (PbWizard       *self,
                    GFile          *file,
                    PbQuestionView *view)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *title = NULL;
  GCancellable *cancellable;
  Attachment *attachment;

  if (!self->editable)
    return;

  /* Translators: %s is a file name */
  title = g_strdup_printf (_("Attaching “%s”…"), name);
  if (!(cancellable = _pb_wizard_begin_task (self, title)))
    return;

  attachment = g_new0 (Attachment, 1);
  attachment->case_id = g_strdup (self->case_id);
  attachment->question_id = g_strdup (pb_question_get_id (pb_question_view_get_question (view)));
  attachment->file = g_object_ref (file);
  pb_store_task_run_async (self->store, PB_CASE_STORE_FLAGS_NO_CREATE, attach_in_thread,
                           attachment, (GDestroyNotify) attachment_free, g_object_unref,
                           cancellable, attach_done_cb, g_object_ref (self));
}

static void
open_evidence_cb (PbWizard       *self,
                  PbEvidence     *evidence,
                  PbQuestionView *view)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = pb_case_store_get_evidence_bytes (self->store, pb_evidence_get_id (evidence), &error);
  if (bytes == NULL || !pb_open_copy (GTK_WIDGET (self), pb_evidence_get_file_name (evidence), bytes, NULL, &error))
    _pb_wizard_toast (self, error->message);
}

static void
remove_evidence_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             PbWizard         *self)
{
  PbEvidence *evidence = g_object_get_data (G_OBJECT (dialog), "evidence");
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_str_equal (response, "remove"))
    return;

  if (!pb_case_store_remove_evidence (self->store, pb_evidence_get_id (evidence), NULL, &error))
    {
      _pb_wizard_toast (self, error->message);
      return;
    }

  /* Translators: %s is a file name */
  message = g_strdup_printf (_("“%s” removed; the history keeps the record"), pb_evidence_get_file_name (evidence));
  _pb_wizard_toast (self, message);
  reload_evidence (self);
  show_saved (self);
}

static void
remove_evidence_cb (PbWizard       *self,
                    PbEvidence     *evidence,
                    PbQuestionView *view)
{
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  if (!self->editable)
    return;

  /* Translators: %s is a file name */
  heading = g_strdup_printf (_("Remove “%s”?"), pb_evidence_get_file_name (evidence));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
                                   _("The file is detached from this answer. The history records who removed it and "
                                     "when, with its name and SHA-256."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "evidence", g_object_ref (evidence), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_evidence_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_pb_wizard_flush_views (PbWizard *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->views);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    pb_question_view_flush (value);
}

/* A folded panel covers the page it leads to. */
static void
hide_folded (AdwFlap *flap)
{
  if (adw_flap_get_folded (flap))
    adw_flap_set_reveal_flap (flap, FALSE);
}

static void
on_risk_panel_flag_activated_cb (PbWizard   *self,
                                 const char *question_id)
{
  hide_folded (self->risk_flap);
  pb_wizard_show_question (self, question_id);
}

/* Folded or not: on a wide window the panel can be put away too. */
static void
toggle_folded (AdwFlap *flap)
{
  adw_flap_set_reveal_flap (flap, !adw_flap_get_reveal_flap (flap));
}

static void
toggle_sections_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  toggle_folded (PB_WIZARD (widget)->step_flap);
}

static void
toggle_risk_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  toggle_folded (PB_WIZARD (widget)->risk_flap);
}

/* Review page ------------------------------------------------------------ */

static void
on_review_page_question_activated_cb (PbWizard   *self,
                                      const char *question_id)
{
  pb_wizard_show_question (self, question_id);
}


static void
build_review (PbWizard *self)
{
  PbReviewFlags flags = 0;

  if (self->editable)
    flags |= PB_REVIEW_MAY_EDIT;
  if (may_decide (self))
    flags |= PB_REVIEW_MAY_DECIDE;
  if (self->read_only)
    flags |= PB_REVIEW_READ_ONLY;

  pb_review_page_update (PB_REVIEW_PAGE (self->review_page), self->store, self->case_id,
                         self->evaluation, self->answers, self->status, flags);
}

/* Navigation ------------------------------------------------------------- */

static void
select_step_row (PbWizard *self)
{
  if (self->page < self->steps->len)
    gtk_list_box_select_row (self->step_list, GTK_LIST_BOX_ROW (get_step (self, self->page)->row));
  else
    gtk_list_box_select_row (self->step_list,
                             gtk_list_box_get_row_at_index (self->step_list, self->steps->len));
}

/* A draft a reviewer sent back says who did, when, and what is to change,
 * which the person who answers it would else find in the history only. */
static void
show_sent_back (PbWizard *self)
{
  g_autoptr(PbHistoryEvent) event = NULL;
  g_autofree char *who = NULL;
  g_autofree char *text = NULL;

  if (self->status == PB_CASE_STATUS_DRAFT)
    event = pb_case_summary_find_sent_back (self->store, self->case_id, self->revision, NULL);

  if (event != NULL)
    {
      who = pb_case_summary_describe_sent_back (event);
      /* Translators: who sent the case back and when, then the reviewer's reason */
      text = g_strdup_printf (_("Sent back for changes by %s: “%s”"), who,
                              pb_history_event_get_reason (event) ? pb_history_event_get_reason (event) : "");
    }

  gtk_label_set_text (self->sent_back_label, text ? text : "");
  gtk_revealer_set_reveal_child (self->sent_back_revealer, text != NULL);
}

static void
update_actions (PbWizard *self)
{
  gboolean on_review = self->page >= self->steps->len;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next", !on_review);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.submit",
                                 self->editable && self->status == PB_CASE_STATUS_DRAFT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.decide",
                                 may_decide (self) &&
                                 (self->status == PB_CASE_STATUS_SUBMITTED ||
                                  self->status == PB_CASE_STATUS_AWAITING_SECOND_APPROVAL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.reopen",
                                 may_decide (self) && self->status == PB_CASE_STATUS_SIGNED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.sign",
                                 may_decide (self) &&
                                 (pb_case_status_is_decision (self->status) || self->status == PB_CASE_STATUS_SIGNED));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.export", !self->read_only);
  {
    g_autoptr(PbSignOff) report = _pb_wizard_dup_signed_report (self);

    gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.open-report", report != NULL);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.extend-report", report != NULL);
  }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.return-to-draft",
                                 may_decide (self) &&
                                 (self->status == PB_CASE_STATUS_SUBMITTED || pb_case_status_is_decision (self->status) ||
                                  self->status == PB_CASE_STATUS_AWAITING_SECOND_APPROVAL));
}

/* Keyboard users land on the first question of the page they go to. */
static void
focus_page (PbWizard *self)
{
  Step *step;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->page >= self->steps->len)
    return;

  step = get_step (self, self->page);
  for (guint i = 0; i < step->views->len; i++)
    {
      PbQuestionView *view = g_ptr_array_index (step->views, i);

      if (gtk_widget_get_visible (GTK_WIDGET (view)))
        {
          pb_question_view_focus_input (view);
          return;
        }
    }
}

/* The review page leads with the outcome, the deciding flags and the
 * conditions: the risk panel beside it would list them a second time. It
 * comes back as it was on the other pages. */
static void
put_risk_panel_away (PbWizard *self,
                     gboolean  away)
{
  gtk_widget_set_visible (self->risk_button, !away);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.toggle-risk", !away);
  if (away == self->risk_put_away)
    return;

  self->risk_put_away = away;
  if (away)
    {
      self->risk_was_revealed = adw_flap_get_reveal_flap (self->risk_flap);
      self->risk_was_folded = adw_flap_get_folded (self->risk_flap);
      /* Locked, unfolding the window does not bring it back either. */
      adw_flap_set_locked (self->risk_flap, TRUE);
      adw_flap_set_reveal_flap (self->risk_flap, FALSE);
    }
  else
    {
      gboolean folded = adw_flap_get_folded (self->risk_flap);

      adw_flap_set_locked (self->risk_flap, FALSE);
      if (folded)
        adw_flap_set_reveal_flap (self->risk_flap, FALSE);
      else
        adw_flap_set_reveal_flap (self->risk_flap, self->risk_was_revealed || self->risk_was_folded);
    }
}

void
_pb_wizard_go_to_page (PbWizard *self,
                       guint     index)
{
  g_assert (index <= self->steps->len);

  _pb_wizard_flush_views (self);
  self->page = index;

  if (index < self->steps->len)
    {
      ensure_page (self, index);
      gtk_stack_set_visible_child (self->page_stack, get_step (self, index)->page);
    }
  else
    {
      build_review (self);
      gtk_stack_set_visible_child (self->page_stack, self->review_page);
    }

  put_risk_panel_away (self, index == self->steps->len);
  select_step_row (self);
  update_actions (self);
  focus_page (self);
}

static void
on_step_list_row_activated_cb (PbWizard      *self,
                               GtkListBoxRow *row,
                               GtkListBox    *list)
{
  guint index = gtk_list_box_row_get_index (row);

  hide_folded (self->step_flap);
  if (index == self->page)
    return;

  /* Moving away through the step list is allowed, but says what is left. */
  if (self->page < self->steps->len && self->editable)
    {
      g_autoptr(GPtrArray) missing = missing_in_step (self, get_step (self, self->page));

      if (missing->len > 0)
        {
          g_autofree char *names = describe_missing (missing);
          /* Translators: %s lists question ids and labels */
          g_autofree char *message = g_strdup_printf (_("Still to answer in the section you left: %s"), names);

          _pb_wizard_show_message (self, message);
        }
      else
        _pb_wizard_show_message (self, NULL);
    }

  _pb_wizard_go_to_page (self, MIN (index, self->steps->len));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PbWizard *self = PB_WIZARD (widget);
  guint index = self->page;

  while (index > 0)
    {
      index--;
      if (step_is_visible (self, get_step (self, index)))
        {
          _pb_wizard_show_message (self, NULL);
          _pb_wizard_go_to_page (self, index);
          return;
        }
    }
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PbWizard *self = PB_WIZARD (widget);
  guint index = self->page;

  if (index >= self->steps->len)
    return;

  _pb_wizard_flush_views (self);

  if (self->editable)
    {
      Step *step = get_step (self, index);
      g_autoptr(GPtrArray) missing = missing_in_step (self, step);

      if (missing->len > 0)
        {
          g_autofree char *names = describe_missing (missing);
          /* Translators: %s lists question ids and labels */
          g_autofree char *message = g_strdup_printf (_("Answer these before going on: %s"), names);

          for (guint i = 0; i < missing->len; i++)
            {
              PbQuestion *question = g_ptr_array_index (missing, i);
              pb_question_view_set_missing (g_hash_table_lookup (self->views, pb_question_get_id (question)), TRUE);
            }
          _pb_wizard_show_message (self, message);
          pb_question_view_focus_input (g_hash_table_lookup (self->views,
                                                             pb_question_get_id (g_ptr_array_index (missing, 0))));
          return;
        }
    }

  _pb_wizard_show_message (self, NULL);

  do
    index++;
  while (index < self->steps->len && !step_is_visible (self, get_step (self, index)));

  _pb_wizard_go_to_page (self, index);
}

static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbWizard *self = PB_WIZARD (widget);

  _pb_wizard_go_to_page (self, self->steps->len);
}

/* Answers kept by an earlier window ----------------------------------- */

/* Puts the kept answers on their questions, taken as typed on top of the
 * stored answers as they were read then, and saves them as any answer
 * that waited for the server: one someone else changed meanwhile is
 * refused with theirs shown. */
static void
restore_kept (PbWizard         *self,
              PbUnsavedAnswers *offered)
{
  g_auto(GStrv) ids = pb_unsaved_answers_dup_ids (offered);
  gboolean same_revision = pb_unsaved_answers_get_revision (offered) == self->revision;

  /* The same file, rewritten from what still waits. */
  g_set_object (&self->kept, offered);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PbQuestionView *view = (PbQuestionView *) pb_wizard_get_question_view (self, ids[i]);
      g_autoptr(PbAnswer) answer = NULL;
      g_autofree char *comment = NULL;
      g_autofree char *base = NULL;
      g_autoptr(GError) error = NULL;

      if (view == NULL)
        continue;
      if (!pb_unsaved_answers_lookup (offered, ids[i], &answer, &comment, &base, &error))
        {
          _pb_wizard_toast (self, error->message);
          continue;
        }
      pb_question_view_set_answer (view, answer, comment != NULL ? comment : "");
      /* Typed on another revision: on top of no answer, so that any
       * answer this one holds is shown, not replaced. */
      if (base != NULL || !same_revision)
        pb_case_store_set_answer_read (self->store, self->case_id, self->revision, ids[i],
                                       same_revision ? base : "");
      g_hash_table_add (self->unsaved, g_strdup (ids[i]));
    }

  _pb_wizard_save_unsaved (self);
  show_unsaved (self);
}

static void
kept_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  PbWizard         *self)
{
  g_autoptr(PbUnsavedAnswers) offered = g_steal_pointer (&self->offered);
  g_autoptr(GError) error = NULL;

  if (offered == NULL)
    return;

  if (g_str_equal (response, "restore"))
    restore_kept (self, offered);
  else if (g_str_equal (response, "discard"))
    {
      pb_unsaved_answers_remove_all (offered);
      if (!pb_unsaved_answers_write (offered, &error))
        _pb_wizard_toast (self, error->message);
    }
}

/* The answer @offered keeps for @question_id, as the question shows it. */
static char *
format_kept (PbWizard         *self,
             PbUnsavedAnswers *offered,
             const char       *question_id)
{
  PbQuestion *question = pb_questionnaire_lookup_question (self->questionnaire, question_id);
  g_autoptr(PbAnswer) answer = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *base = NULL;

  if (question == NULL || !pb_unsaved_answers_lookup (offered, question_id, &answer, &comment, &base, NULL))
    /* Translators: a kept answer that cannot be shown: not in this questionnaire, or not an answer */
    return g_strdup (_("(cannot be restored)"));
  if (answer == NULL)
    /* Translators: a kept answer that clears the question */
    return g_strdup (_("(no answer)"));

  return pb_question_format_answer (question, answer);
}

/* Once the case shows: answers kept on this computer by an earlier window
 * (or process) that the server never got are offered back. */
static void
offer_kept_cb (PbWizard *self,
               gpointer  data)
{
  g_auto(GStrv) ids = NULL;
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *when = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  g_signal_handlers_disconnect_by_func (self, offer_kept_cb, NULL);
  if (self->offered == NULL)
    return;

  ids = pb_unsaved_answers_dup_ids (self->offered);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *value = format_kept (self, self->offered, ids[i]);

      g_string_append_c (list, '\n');
      /* Translators: a question id, then the answer typed */
      g_string_append_printf (list, _("%s: %s"), ids[i], value);
    }
  time = pb_unsaved_answers_get_time (self->offered);
  when = time != NULL ? g_date_time_format (time, "%x %X") : g_strdup ("?");
  /* Translators: a date and time, a server as postgresql://user@host/database,
   * then the answers, one per line ("T01: yes") */
  body = g_strdup_printf (_("These answers were typed on %s and never reached %s:%s\n\n"
                            "Restore them to save them now. An answer someone else changed meanwhile "
                            "is not saved over theirs: both are shown."),
                          when, pb_case_store_get_display_name (self->store), list->str);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       _("Restore Unsaved Answers?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "discard", _("_Discard"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "restore");
  /* Closing it loses nothing either: they are saved, or shown beside
   * someone else's (kept for later, they would be overwritten by what
   * waits next). */
  adw_message_dialog_set_close_response (dialog, "restore");
  g_signal_connect_object (dialog, "response", G_CALLBACK (kept_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Answers kept for this case by an earlier window, offered once it shows. */
static void
look_for_kept (PbWizard *self)
{
  g_autoptr(GError) error = NULL;

  self->offered = pb_unsaved_answers_load (pb_case_store_get_display_name (self->store), self->case_id, &error);
  if (error != NULL)
    _pb_wizard_show_message (self, error->message);
  if (self->offered != NULL)
    g_signal_connect (self, "map", G_CALLBACK (offer_kept_cb), NULL);
}

/* What waits is no longer this window's to save, but stays kept on this
 * computer, offered back when the case is opened again (look_for_kept ()). */
static gboolean
set_aside_unsaved (PbWizard  *self,
                   GError   **error)
{
  /* As last kept, as typed (the pages may show what is stored by now);
   * not set aside if it cannot be written. */
  if (self->kept != NULL && !pb_unsaved_answers_write (self->kept, error))
    return FALSE;
  g_clear_object (&self->kept);
  g_hash_table_remove_all (self->unsaved);
  g_hash_table_remove_all (self->refused);
  show_unsaved (self);

  return TRUE;
}

static void
leave_unsaved_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           PbWizard         *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "leave"))
    return;

  /* Refused, it would be lost with nothing else to try: kept. */
  if (g_hash_table_size (self->refused) > 0)
    {
      if (!set_aside_unsaved (self, &error))
        {
          show_not_kept (self, error);
          return;
        }
    }
  else
    {
      g_hash_table_remove_all (self->unsaved);
      show_unsaved (self);
    }
  g_signal_emit (self, signals[DONE], 0);
}

/* Leaving the case drops what the server has not got yet: asked first. */
static void
ask_leave_unsaved (PbWizard *self)
{
  g_auto(GStrv) ids = dup_unsaved_ids (self);
  g_autofree char *list = g_strjoinv (", ", ids);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (g_hash_table_size (self->refused) > 0)
    {
      g_autofree char *reasons = dup_refusals (self);

      /* Translators: question ids ("T01, T02"), then why, as the store says it */
      body = g_strdup_printf (_("What you typed for %s is not saved. Leave, and it stays kept on this computer, "
                                "offered back when the case is opened again.\n%s"),
                              list, reasons);
    }
  else
    /* Translators: question ids ("T01, T02"), then a server as postgresql://user@host/database */
    body = g_strdup_printf (_("What you typed for %s is not saved: %s cannot be reached. Stay on this case and it is "
                              "saved as soon as the connection is back."),
                            list, pb_case_store_get_display_name (self->store));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       _("Leave Without Saving?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "stay", _("_Stay"),
                                    "leave", _("_Leave Without Saving"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "leave", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "stay");
  adw_message_dialog_set_close_response (dialog, "stay");
  g_signal_connect_object (dialog, "response", G_CALLBACK (leave_unsaved_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_again_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  PbWizard *self = PB_WIZARD (widget);
  g_auto(GStrv) ids = dup_unsaved_ids (self);
  gboolean had_focus = gtk_widget_has_focus (GTK_WIDGET (self->retry_button));
  PbQuestionView *first;

  _pb_wizard_flush_views (self);
  if (!_pb_wizard_save_unsaved (self))
    {
      /* Said, not only left as it was: the banner reads the same. */
      _pb_wizard_toast (self, _("Still not saved: the reason is above the page"));
      return;
    }

  /* The button goes with the banner: the keyboard lands on what was saved. */
  first = ids[0] != NULL ? g_hash_table_lookup (self->views, ids[0]) : NULL;
  if (had_focus && first != NULL)
    pb_question_view_focus_input (first);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  PbWizard *self = PB_WIZARD (widget);

  _pb_wizard_flush_views (self);
  if (!_pb_wizard_save_unsaved (self))
    {
      ask_leave_unsaved (self);
      return;
    }
  g_signal_emit (self, signals[DONE], 0);
}

/* Where the case can no longer be changed here (a role taken away, a
 * revision signed), what waits is set aside on this computer and the page
 * says so, rather than showing it as if it were the case's. */
static void
set_aside_waiting (PbWizard *self)
{
  g_auto(GStrv) ids = dup_unsaved_ids (self);
  g_autofree char *list = g_strjoinv (", ", ids);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  /* Translators: question ids ("T01, T02") */
  text = g_strdup_printf (_("What you typed for %s is not saved, and this case can no longer be changed here. "
                            "It is kept on this computer and offered back when the case is opened where it can be "
                            "saved."),
                          list);
  if (g_hash_table_size (self->refused) > 0)
    {
      g_autofree char *what = g_steal_pointer (&text);
      g_autofree char *reasons = dup_refusals (self);

      text = g_strdup_printf ("%s\n%s", what, reasons);
    }
  if (!set_aside_unsaved (self, &error))
    {
      show_not_kept (self, error);
      return;
    }
  /* What stands, where the pages still show what was typed. */
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PbQuestionView *view = g_hash_table_lookup (self->views, ids[i]);

      if (view != NULL)
        restore_view (self, view);
    }
  _pb_wizard_show_message (self, text);
  gtk_label_set_text (self->saved_label, _("Not saved"));
  gtk_widget_add_css_class (GTK_WIDGET (self->saved_label), "warning");
}

/* Puts what waited back on the pages a reload built again, to be saved
 * as before, where it still can be. */
static void
put_back_unsaved (PbWizard         *self,
                  PbUnsavedAnswers *waiting)
{
  if (self->editable)
    restore_kept (self, waiting);
  else
    set_aside_waiting (self);
}

void
_pb_wizard_reload (PbWizard *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbUnsavedAnswers) waiting = NULL;
  guint page = self->page;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  gboolean review_focused = focus != NULL && gtk_widget_is_ancestor (focus, self->review_page);

  /* What is being typed is saved, or waits, before the pages go; what
   * waits is read back from where it is kept. */
  if (self->steps != NULL)
    _pb_wizard_flush_views (self);
  if (g_hash_table_size (self->unsaved) > 0 && self->kept != NULL)
    waiting = g_object_ref (self->kept);

  if (!load_case (self, &error))
    {
      _pb_wizard_toast (self, error->message);
      return;
    }

  _pb_wizard_go_to_page (self, MIN (page, self->steps->len));
  if (waiting != NULL)
    put_back_unsaved (self, waiting);

  /* A keyboard user who just submitted or decided lands on what comes
   * next, not on nothing. */
  if (review_focused && self->page == self->steps->len)
    gtk_widget_grab_focus (pb_review_page_get_next_step (PB_REVIEW_PAGE (self->review_page)));
}

/* Reloaded for who acts now; offering no more than their role allows even
 * when the case can no longer be read (a role taken away takes the case
 * out of sight too). */
static void
reload_for_actor (PbWizard *self)
{
  _pb_wizard_reload (self);
  self->editable = self->editable && may_edit (self);
  /* Not read again (out of sight now): what waits cannot be saved here. */
  if (!self->editable && g_hash_table_size (self->unsaved) > 0)
    set_aside_waiting (self);
  /* Editable again: what was set aside is offered back. */
  else if (self->editable && self->kept == NULL && self->offered == NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      look_for_kept (self);
      offer_kept_cb (self, NULL);
    }
  if (self->steps != NULL)
    update_actions (self);
}

static gboolean
actor_changed_idle (gpointer user_data)
{
  PbWizard *self = user_data;

  self->actor_source = 0;
  reload_for_actor (self);

  return G_SOURCE_REMOVE;
}

/* Someone else at the desk (Preferences), or what the server says of the
 * person read again after it refused a write (a role taken away): what
 * they may do is offered; after the save that was refused has returned,
 * when that is what changed it (the reload replaces the views). */
static void
actor_changed_cb (PbWizard *self)
{
  if (self->saving == 0)
    reload_for_actor (self);
  else if (self->actor_source == 0)
    self->actor_source = g_idle_add_full (G_PRIORITY_DEFAULT, actor_changed_idle, self, NULL);
}

/* Building the pages ---------------------------------------------------- */

/* Appends to the step list; the list owns the row. */
static PbStepRow *
append_step_row (PbWizard   *self,
                 const char *title)
{
  GtkWidget *row = pb_step_row_new (title);

  gtk_list_box_append (self->step_list, row);

  return PB_STEP_ROW (row);
}

/* A party added or removed: the screening no longer covers every party,
 * which the rating reads. */
static void
parties_changed_cb (PbWizard *self)
{
  _pb_wizard_evaluate (self);
}

/* Adds to the page stack, which owns the page. */
static GtkWidget *
add_section_page (PbWizard *self,
                  Step     *step)
{
  GtkWidget *page = pb_section_page_new (step->section);

  for (guint i = 0; i < pb_section_get_n_questions (step->section); i++)
    {
      PbQuestion *question = pb_section_get_question (step->section, i);
      GtkWidget *view = pb_question_view_new (question);

      g_signal_connect_object (view, "changed", G_CALLBACK (question_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (view, "attach-evidence", G_CALLBACK (attach_evidence_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (view, "open-evidence", G_CALLBACK (open_evidence_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (view, "remove-evidence", G_CALLBACK (remove_evidence_cb), self, G_CONNECT_SWAPPED);
      g_hash_table_insert (self->views, g_strdup (pb_question_get_id (question)), view);
      g_ptr_array_add (step->views, view);
      pb_section_page_add_view (PB_SECTION_PAGE (page), view);

      pb_question_view_set_answer (PB_QUESTION_VIEW (view),
                                   pb_answer_set_lookup (self->answers, pb_question_get_id (question)),
                                   g_hash_table_lookup (self->comments, pb_question_get_id (question)));
      show_evidence (self, PB_QUESTION_VIEW (view));
      pb_question_view_set_editable (PB_QUESTION_VIEW (view), self->editable);
      gtk_widget_set_visible (view, pb_evaluation_is_visible (self->evaluation, question));
    }

  /* The parties of the deal are entered where the deal is described: on
   * the first page, with the questions of who and where. */
  if (step == get_step (self, 0))
    {
      self->parties_panel = pb_parties_panel_new (self->store, self->case_id, TRUE);
      gtk_widget_set_margin_top (self->parties_panel, 12);
      pb_parties_panel_set_editable (PB_PARTIES_PANEL (self->parties_panel), self->editable);
      g_signal_connect_object (self->parties_panel, "changed", G_CALLBACK (parties_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->parties_panel, "toast", G_CALLBACK (_pb_wizard_toast), self, G_CONNECT_SWAPPED);
      pb_section_page_add_view (PB_SECTION_PAGE (page), self->parties_panel);
    }

  gtk_stack_add_child (self->page_stack, page);

  return page;
}

static void
ensure_page (PbWizard *self,
             guint     index)
{
  Step *step = get_step (self, index);

  if (step->page != NULL)
    return;

  step->page = add_section_page (self, step);
}

static void
clear_pages (PbWizard *self)
{
  GtkListBoxRow *row;

  for (guint i = 0; self->steps && i < self->steps->len; i++)
    if (get_step (self, i)->page != NULL)
      gtk_stack_remove (self->page_stack, get_step (self, i)->page);

  while ((row = gtk_list_box_get_row_at_index (self->step_list, 0)))
    gtk_list_box_remove (self->step_list, GTK_WIDGET (row));

  g_clear_pointer (&self->steps, g_array_unref);
  g_hash_table_remove_all (self->views);
  self->parties_panel = NULL;
}

static gboolean
load_case (PbWizard  *self,
           GError   **error)
{
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(GListModel) records = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *locked = NULL;
  g_autoptr(GError) local_error = NULL;

  info = pb_case_store_get_case (self->store, self->case_id, error);
  if (info == NULL)
    return FALSE;

  {
    g_autofree char *head = pb_case_store_get_history_head (self->store, self->case_id, &self->n_events, error);

    if (head == NULL)
      return FALSE;
  }

  g_clear_object (&self->questionnaire);
  self->questionnaire = pb_case_store_load_questionnaire (self->store, self->case_id, error);
  if (self->questionnaire == NULL)
    return FALSE;

  /* A case stays pinned to its questionnaire; where a newer version is
   * installed that documents how to carry answers into it, offer that. */
  g_clear_object (&self->newer);
  self->newer = pb_data_load_questionnaire (pb_questionnaire_get_id (self->questionnaire), NULL);
  if (self->newer != NULL &&
      (g_strcmp0 (pb_questionnaire_get_sha256 (self->newer), pb_questionnaire_get_sha256 (self->questionnaire)) == 0 ||
       !pb_questionnaire_can_migrate_from (self->newer, self->questionnaire)))
    g_clear_object (&self->newer);

  g_clear_object (&self->reference);
  self->reference = pb_case_store_load_reference (self->store, self->case_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_clear_object (&self->answers);
  self->answers = pb_case_store_get_answers (self->store, self->case_id, 0, error);
  if (self->answers == NULL)
    return FALSE;

  records = pb_case_store_list_answers (self->store, self->case_id, 0, error);
  if (records == NULL)
    return FALSE;
  if (!load_evidence (self, error))
    return FALSE;

  self->status = pb_case_info_get_status (info);
  self->revision = pb_case_info_get_revision (info);
  self->editable = !self->read_only && self->status == PB_CASE_STATUS_DRAFT && may_edit (self);

  /* Translators: title of the wizard: customer — product */
  title = g_strdup_printf (_("%s — %s"), pb_case_info_get_customer_name (info), pb_case_info_get_product_name (info));
  /* Translators: subtitle of the wizard: case id, revision number, status */
  subtitle = g_strdup_printf (_("%s, revision %u, %s"), self->case_id, self->revision,
                              pb_case_status_get_label (self->status));
  adw_window_title_set_title (self->title_widget, title);
  adw_window_title_set_subtitle (self->title_widget, subtitle);

  clear_pages (self);
  self->steps = g_array_new (FALSE, TRUE, sizeof (Step));
  g_array_set_clear_func (self->steps, step_clear);

  for (guint i = 0; i < pb_questionnaire_get_n_sections (self->questionnaire); i++)
    {
      Step step = { 0 };

      step.section = pb_questionnaire_get_section (self->questionnaire, i);
      step.views = g_ptr_array_new ();
      step.row = append_step_row (self, pb_section_get_title (step.section));
      g_array_append_val (self->steps, step);
    }
  append_step_row (self, _("Review and Sign-Off"));

  g_hash_table_remove_all (self->comments);
  for (guint i = 0; i < g_list_model_get_n_items (records); i++)
    {
      g_autoptr(PbAnswerRecord) record = g_list_model_get_item (records, i);

      g_hash_table_insert (self->comments,
                           g_strdup (pb_answer_record_get_question_id (record)),
                           g_strdup (pb_answer_record_get_comment (record)));
    }

  if (self->status == PB_CASE_STATUS_SIGNED)
    /* Translators: %u is a revision number */
    locked = g_strdup_printf (_("Revision %u is signed and read-only. Reopen it as a new revision to change anything."),
                              self->revision);
  else if (self->read_only)
    locked = g_strdup (_("Opened read-only: nothing in this case file can be changed here."));
  else if (!may_edit (self) && pb_case_store_get_server_user (self->store) != NULL)
    {
      /* The role is the team server's, not Preferences'. */
      g_autofree char *roles = pb_case_store_dup_server_roles_label (self->store);

      /* Translators: the roles a team server gives the person ("Auditor"; "No Probity role") */
      locked = g_strdup_printf (_("Your role on this team server: %s. Cases are read and verified here, not changed."),
                                roles);
    }
  else if (!may_edit (self))
    locked = g_strdup (_("You act as auditor (Preferences): cases are read and verified here, not changed."));
  else if (self->status == PB_CASE_STATUS_SUBMITTED)
    /* Translators: %s is a status such as "Submitted". True of the GUI,
     * and not hiding what the store allows: a correction with a reason
     * (probity-cli case answer --reason) during the review. */
    locked = g_strdup_printf (_("%s: the answers are not changed here while the case is reviewed; to change them, "
                                "a legal reviewer sends it back for changes. A correction made during the review "
                                "needs a reason, shows in the history, and its author does not approve the case."),
                              pb_case_status_get_label (self->status));
  /* The review is over: what stands is the decision, and what comes next. */
  else if (pb_case_status_is_decision (self->status))
    /* Translators: %s is a decision such as "Rejected" */
    locked = g_strdup_printf (_("%s: the decision is recorded with these answers. To change them, the case is sent back "
                                "for changes; the review page says what comes next."),
                              pb_case_status_get_label (self->status));
  gtk_label_set_text (self->locked_label, locked ? locked : "");
  gtk_revealer_set_reveal_child (self->locked_revealer, locked != NULL);
  show_sent_back (self);
  gtk_widget_set_visible (GTK_WIDGET (self->reopen_button),
                          may_decide (self) && self->status == PB_CASE_STATUS_SIGNED);

  if (self->newer != NULL && !self->read_only && may_edit (self))
    {
      /* Translators: a questionnaire id, its version, then the installed version */
      g_autofree char *offer = g_strdup_printf (_("This case was answered under %s %s; version %s is installed. "
                                                  "Its answers can be carried into %s as a new case, and this case stays as it is."),
                                                pb_questionnaire_get_id (self->questionnaire),
                                                pb_questionnaire_get_version (self->questionnaire),
                                                pb_questionnaire_get_version (self->newer),
                                                pb_questionnaire_get_version (self->newer));

      gtk_label_set_text (self->migrate_label, offer);
      gtk_revealer_set_reveal_child (self->migrate_revealer, TRUE);
    }
  else
    gtk_revealer_set_reveal_child (self->migrate_revealer, FALSE);

  /* Rules someone else wrote, or changed (a copy keeps the id and
   * version), or whose approval the team server's administrator withdrew,
   * or country reference data its creator chose: whoever rates with them
   * is told. */
  {
    const char *sha256 = pb_questionnaire_get_sha256 (self->questionnaire);
    g_autofree char *withdrawn_by = NULL;
    g_autofree char *withdrawn = NULL;
    g_autofree char *reason = NULL;
    g_autofree char *text = NULL;
    gboolean foreign_reference;

    if (!pb_case_store_read_questionnaire_withdrawal (self->store, sha256, &withdrawn_by, &withdrawn, &reason, error) ||
        !pb_case_store_reference_is_foreign (self->store, self->reference, &foreign_reference, error))
      return FALSE;
    if (withdrawn_by != NULL)
      /* Translators: who withdrew the approval of a questionnaire, when, then why */
      text = g_strdup_printf (_("The team server’s administrator withdrew the approval of this case’s questionnaire "
                                "(%s, %s: “%s”): no new case may use it. Check its rules before relying on this "
                                "outcome."),
                              withdrawn_by, withdrawn, reason != NULL ? reason : "");
    else if (pb_data_ships_questionnaire (sha256) && foreign_reference)
      text = g_strdup (_("This case’s country reference data is none this Probity ships or uses, and no administrator "
                         "approved it: its embargoes and country ratings, hard stops included, may not be the "
                         "published ones. Check where it came from before relying on its outcome."));
    else
      text = g_strdup (_("This case’s questionnaire is not one this Probity ships: its rules, hard stops included, "
                         "may not be the published ones. Check where it came from before relying on its outcome."));
    gtk_label_set_text (self->foreign_label, text);
    gtk_revealer_set_reveal_child (self->foreign_revealer,
                                   withdrawn_by != NULL || !pb_data_ships_questionnaire (sha256) || foreign_reference);
  }

  _pb_wizard_evaluate (self);
  _pb_wizard_show_message (self, NULL);

  return TRUE;
}

/* How many cases remember the section they were left at. */
#define MAX_LAST_SECTIONS 200

static const char *
page_id (PbWizard *self)
{
  return self->page < self->steps->len ? pb_section_get_id (get_step (self, self->page)->section) : "review";
}

/* Remembers the page the case is left at, the most recent last. */
static void
remember_page (PbWizard *self)
{
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  g_autoptr(GVariant) old = g_settings_get_value (settings, "last-sections");
  g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("a(ss)"));
  gsize n = g_variant_n_children (old);

  for (gsize i = n > MAX_LAST_SECTIONS - 1 ? n - (MAX_LAST_SECTIONS - 1) : 0; i < n; i++)
    {
      const char *case_id, *section_id;

      g_variant_get_child (old, i, "(&s&s)", &case_id, &section_id);
      if (!g_str_equal (case_id, self->case_id))
        g_variant_builder_add (builder, "(ss)", case_id, section_id);
    }
  g_variant_builder_add (builder, "(ss)", self->case_id, page_id (self));
  g_settings_set_value (settings, "last-sections", g_variant_builder_end (builder));
}

/* A case opens where it was left: the page someone left to go and ask a
 * colleague is the one to come back to. */
static guint
resume_page (PbWizard *self)
{
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  g_autoptr(GVariant) last = g_settings_get_value (settings, "last-sections");
  const char *left = NULL;

  for (gsize i = 0; i < g_variant_n_children (last); i++)
    {
      const char *case_id, *section_id;

      g_variant_get_child (last, i, "(&s&s)", &case_id, &section_id);
      if (g_str_equal (case_id, self->case_id))
        left = section_id;
    }

  if (g_strcmp0 (left, "review") == 0)
    return self->steps->len;
  for (guint i = 0; left != NULL && i < self->steps->len; i++)
    if (g_str_equal (pb_section_get_id (get_step (self, i)->section), left))
      return step_is_visible (self, get_step (self, i)) ? i : 0;

  return 0;
}

static gboolean
focus_page_idle (gpointer data)
{
  PbWizard *self = data;

  self->focus_source = 0;
  focus_page (self);

  return G_SOURCE_REMOVE;
}

static void
pb_wizard_map (GtkWidget *widget)
{
  PbWizard *self = PB_WIZARD (widget);

  GTK_WIDGET_CLASS (pb_wizard_parent_class)->map (widget);

  /* At once, so that no key typed next lands elsewhere (the header bar's
   * Back button), and again after the dialog that opened the case is gone
   * and its window active. Not at a low priority: while anything redraws
   * (a progress bar, a busy machine) such an idle waits, and keys do not. */
  focus_page (self);
  g_clear_handle_id (&self->focus_source, g_source_remove);
  self->focus_source = g_idle_add_full (G_PRIORITY_DEFAULT, focus_page_idle, self, NULL);
}

/* Leaving the wizard (back to the list, closing the window, quitting)
 * saves what was typed but not yet saved. */
static void
pb_wizard_unmap (GtkWidget *widget)
{
  PbWizard *self = PB_WIZARD (widget);

  g_clear_handle_id (&self->focus_source, g_source_remove);
  if (self->views != NULL)
    _pb_wizard_flush_views (self);
  if (self->steps != NULL)
    remember_page (self);

  GTK_WIDGET_CLASS (pb_wizard_parent_class)->unmap (widget);
}

static void
pb_wizard_dispose (GObject *object)
{
  PbWizard *self = PB_WIZARD (object);
  GtkWidget *child;

  g_clear_handle_id (&self->focus_source, g_source_remove);
  g_clear_handle_id (&self->actor_source, g_source_remove);
  g_clear_weak_pointer (&self->decision_dialog);
  if (self->views != NULL)
    _pb_wizard_flush_views (self);
  g_clear_pointer (&self->steps, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_WIZARD);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_pointer (&self->views, g_hash_table_unref);
  g_clear_pointer (&self->comments, g_hash_table_unref);
  g_clear_pointer (&self->evidence, g_hash_table_unref);
  g_clear_pointer (&self->unsaved, g_hash_table_unref);
  g_clear_object (&self->kept);
  g_clear_object (&self->offered);
  g_clear_object (&self->store);
  g_clear_object (&self->questionnaire);
  g_clear_object (&self->newer);
  g_clear_object (&self->reference);
  g_clear_object (&self->answers);
  g_clear_object (&self->evaluation);

  G_OBJECT_CLASS (pb_wizard_parent_class)->dispose (object);
}

static void
pb_wizard_finalize (GObject *object)
{
  PbWizard *self = PB_WIZARD (object);

  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->refused, g_hash_table_unref);
  g_clear_pointer (&self->conflicts, g_hash_table_unref);

  G_OBJECT_CLASS (pb_wizard_parent_class)->finalize (object);
}

static void
pb_wizard_class_init (PbWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_wizard_dispose;
  object_class->finalize = pb_wizard_finalize;
  widget_class->map = pb_wizard_map;
  widget_class->unmap = pb_wizard_unmap;

  signals[DONE] =
    g_signal_new ("done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[TOAST] =
    g_signal_new ("toast",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /* The history was time-stamped after an action (a TSA is set). */
  signals[ANCHORED] =
    g_signal_new ("history-anchored",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* A case was made from this one (carried into a newer questionnaire):
   * the window lists and opens it. */
  signals[OPEN_CASE] =
    g_signal_new ("open-case",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (PB_TYPE_RISK_PANEL);
  g_type_ensure (PB_TYPE_REVIEW_PAGE);
  g_type_ensure (PB_TYPE_TASK_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, PbWizard, title_widget);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, saved_label);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, locked_revealer);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, locked_label);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, sent_back_revealer);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, sent_back_label);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, migrate_revealer);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, migrate_label);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, foreign_revealer);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, foreign_label);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, step_flap);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, risk_flap);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, risk_button);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, step_list);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, message_label);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, unsaved_revealer);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, unsaved_icon);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, retry_button);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, unsaved_label);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, page_stack);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, risk_panel);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, review_page);
  gtk_widget_class_bind_template_child (widget_class, PbWizard, task_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_step_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_risk_panel_flag_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_review_page_question_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Read as a group of what it holds, not as a nameless "filler". */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.review", NULL, review_action);
  gtk_widget_class_install_action (widget_class, "wizard.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "wizard.save-again", NULL, save_again_action);
  _pb_wizard_class_actions_init (klass);
  gtk_widget_class_install_action (widget_class, "wizard.toggle-sections", NULL, toggle_sections_action);
  gtk_widget_class_install_action (widget_class, "wizard.toggle-risk", NULL, toggle_risk_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "wizard.toggle-sections", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, 0, "wizard.toggle-risk", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "wizard.back", NULL);
  /* Bound here, not as application accelerators: those start looking for
   * the action at the window, above the wizard. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
}

static void
pb_wizard_init (PbWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pb_widget_name_menu_buttons (GTK_WIDGET (self));
  /* libadwaita 1.2 keeps five characters of the title on any width: on a
   * phone's width the buttons need them. */
  for (GtkWidget *box = gtk_widget_get_first_child (GTK_WIDGET (self->title_widget)); box; box = gtk_widget_get_next_sibling (box))
    for (GtkWidget *label = gtk_widget_get_first_child (box); label; label = gtk_widget_get_next_sibling (label))
      if (GTK_IS_LABEL (label))
        gtk_label_set_width_chars (GTK_LABEL (label), 1);
  pb_widget_fix_accessible_names (GTK_WIDGET (self));

  self->views = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->comments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->evidence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->unsaved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->conflicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

PbWizard *
pb_wizard_new (PbCaseStore *store,
               const char  *case_id,
               GError     **error)
{
  g_autoptr(PbWizard) self = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_ref_sink (g_object_new (PB_TYPE_WIZARD, NULL));
  self->store = g_object_ref (store);
  self->case_id = g_strdup (case_id);
  g_signal_connect_object (store, "notify::actor", G_CALLBACK (actor_changed_cb), self, G_CONNECT_SWAPPED);

  if (!load_case (self, error))
    return NULL;

  _pb_wizard_go_to_page (self, resume_page (self));
  /* Offered where it can be saved; elsewhere left kept. */
  if (self->editable)
    look_for_kept (self);

  /* Like any new widget: floating, so that its container owns it. */
  g_object_force_floating (G_OBJECT (self));
  return g_steal_pointer (&self);
}

const char *
pb_wizard_get_case_id (PbWizard *self)
{
  g_return_val_if_fail (PB_IS_WIZARD (self), NULL);

  return self->case_id;
}

gboolean
pb_wizard_get_editable (PbWizard *self)
{
  g_return_val_if_fail (PB_IS_WIZARD (self), FALSE);

  return self->editable;
}

GtkWidget *
pb_wizard_get_question_view (PbWizard   *self,
                             const char *question_id)
{
  PbQuestion *question;

  g_return_val_if_fail (PB_IS_WIZARD (self), NULL);

  question = pb_questionnaire_lookup_question (self->questionnaire, question_id);
  if (question == NULL)
    return NULL;
  ensure_page (self, pb_section_get_index (pb_question_get_section (question)));

  return g_hash_table_lookup (self->views, question_id);
}

GtkWidget *
pb_wizard_get_risk_panel (PbWizard *self)
{
  g_return_val_if_fail (PB_IS_WIZARD (self), NULL);

  return GTK_WIDGET (self->risk_panel);
}

guint
pb_wizard_get_page (PbWizard *self)
{
  g_return_val_if_fail (PB_IS_WIZARD (self), 0);

  return self->page;
}

void
pb_wizard_set_page (PbWizard *self,
                    guint     index)
{
  g_return_if_fail (PB_IS_WIZARD (self));

  _pb_wizard_go_to_page (self, MIN (index, self->steps->len));
}

const char *
pb_wizard_get_message (PbWizard *self)
{
  g_return_val_if_fail (PB_IS_WIZARD (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->message_revealer))
    return NULL;

  return gtk_label_get_text (self->message_label);
}

gboolean
pb_wizard_show_question (PbWizard   *self,
                         const char *question_id)
{
  PbQuestionView *view;
  PbSection *section;

  g_return_val_if_fail (PB_IS_WIZARD (self), FALSE);

  view = (PbQuestionView *) pb_wizard_get_question_view (self, question_id);
  if (view == NULL)
    return FALSE;

  section = pb_question_get_section (pb_question_view_get_question (view));
  _pb_wizard_go_to_page (self, pb_section_get_index (section));
  /* The question asked for wins over the first one of the page. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    g_clear_handle_id (&self->focus_source, g_source_remove);
  pb_question_view_focus_input (view);

  return TRUE;
}


void
pb_wizard_set_read_only (PbWizard *self,
                         gboolean  read_only)
{
  g_return_if_fail (PB_IS_WIZARD (self));

  if (self->read_only == !!read_only)
    return;

  self->read_only = !!read_only;
  _pb_wizard_reload (self);
}

gboolean
pb_wizard_is_busy (PbWizard *self)
{
  g_return_val_if_fail (PB_IS_WIZARD (self), FALSE);

  return pb_task_bar_is_busy (self->task_bar);
}

PbTaskBar *
pb_wizard_get_task_bar (PbWizard *self)
{
  g_return_val_if_fail (PB_IS_WIZARD (self), NULL);

  return self->task_bar;
}

void
pb_wizard_save_pending (PbWizard *self)
{
  g_return_if_fail (PB_IS_WIZARD (self));

  if (self->views != NULL)
    {
      _pb_wizard_flush_views (self);
      _pb_wizard_save_unsaved (self);
    }
}

guint
pb_wizard_get_n_unsaved (PbWizard *self)
{
  g_return_val_if_fail (PB_IS_WIZARD (self), 0);

  return self->unsaved != NULL ? g_hash_table_size (self->unsaved) : 0;
}
