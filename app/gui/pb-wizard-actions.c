/* pb-wizard-actions.c: what the wizard does with its case (submit, decide,
 * reopen, carry into a newer questionnaire, sign, verify, export, history,
 * screening, time-stamping) and the dialogs that ask for it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-wizard"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pb-case-screener.h"
#include "pb-decision-dialog.h"
#include "pb-file.h"
#include "pb-gui-utils.h"
#include "pb-history-window.h"
#include "pb-migration.h"
#include "pb-parties-panel.h"
#include "pb-reason-dialog.h"
#include "pb-screening-window.h"
#include "pb-sign-dialog.h"
#include "pb-signing.h"
#include "pb-store-task.h"
#include "pb-wizard-private.h"
#include "pb-workflow.h"

#define MAX_REPORT_SIZE (256 * 1024 * 1024)
#define MAX_TRUST_SIZE  (16 * 1024 * 1024)

/* Time-stamping the history ------------------------------------------------ */

/* The time-stamp authority set in Preferences, or NULL. */
static char *
dup_tsa_url (void)
{
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  g_autofree char *url = g_settings_get_string (settings, "tsa-url");

  g_strstrip (url);
  return *url != '\0' ? g_steal_pointer (&url) : NULL;
}

static void export_case (PbWizard *self,
                         GFile    *file);

typedef struct
{
  PbWizard *self;
  GFile    *export_to;   /* a case file to write once anchored, or NULL */
} AnchorData;

static void
anchor_data_free (AnchorData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->export_to);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnchorData, anchor_data_free)

static void
anchored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AnchorData) data = user_data;
  g_autoptr(GError) error = NULL;

  if (!pb_workflow_anchor_history_finish (result, &error))
    {
      /* Translators: the reason, e.g. that the authority cannot be reached */
      g_autofree char *message = g_strdup_printf (_("Done, but the history was not time-stamped: %s"), error->message);

      _pb_wizard_toast (data->self, message);
    }
  else
    g_signal_emit_by_name (data->self, "history-anchored");

  if (data->export_to != NULL)
    export_case (data->self, data->export_to);
}

/* After a submission, decision, sign-off or export: time-stamps the head
 * of the history with the authority set in Preferences, as probity-cli's
 * --tsa does. The action stands either way; a toast says when the history
 * could not be time-stamped, and why. Then writes @export_to (may be
 * NULL), so that a case file carries the anchor. */
static void
anchor_history (PbWizard *self,
                GFile    *export_to)
{
  g_autofree char *url = dup_tsa_url ();
  AnchorData *data;

  if (url == NULL)
    {
      if (export_to != NULL)
        export_case (self, export_to);
      return;
    }

  data = g_new0 (AnchorData, 1);
  data->self = g_object_ref (self);
  data->export_to = export_to ? g_object_ref (export_to) : NULL;
  pb_workflow_anchor_history_async (self->store, self->case_id, url, NULL, anchored_cb, data);
}

/* Says what screening again found, where it stays until the person moves
 * on: a new possible match holds the case. */
static void
submitted (PbWizard            *self,
           const PbRescreening *rescreening)
{
  g_autofree char *said = pb_rescreening_describe (rescreening);

  _pb_wizard_toast (self, _("Submitted for review"));
  _pb_wizard_reload (self);
  if (said != NULL)
    _pb_wizard_show_message (self, said);
  anchor_history (self, NULL);
}

static void
submitted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PbWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  PbRescreening rescreening = { 0 };

  if (!pb_workflow_submit_finish (result, &rescreening, &error))
    {
      _pb_wizard_show_message (self, NULL);
      _pb_wizard_toast (self, error->message);
      _pb_wizard_reload (self);
      return;
    }

  submitted (self, &rescreening);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbWizard *self = PB_WIZARD (widget);
  g_autoptr(GError) error = NULL;
  PbRescreening rescreening = { 0 };

  _pb_wizard_flush_views (self);

  /* Not without what was typed: the banner above the page says why. */
  if (!_pb_wizard_save_unsaved (self))
    {
      _pb_wizard_show_message (self, _("Some answers on this case are not saved, as said above the page: "
                                       "submit it once they are."));
      return;
    }

  if (pb_evaluation_get_n_missing (self->evaluation) > 0)
    {
      _pb_wizard_show_message (self, _("Answer the missing questions before submitting: they are listed on the review page."));
      _pb_wizard_go_to_page (self, self->steps->len);
      return;
    }

  /* Screened again first when a newer list edition was imported: in a
   * thread, since a large list takes seconds to index. */
  if (pb_case_needs_rescreening (self->store, self->case_id, &error))
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.submit", FALSE);
      _pb_wizard_show_message (self, _("Screening the parties again against the newer list editions…"));
      pb_workflow_submit_async (self->store, self->case_id, NULL, submitted_cb, g_object_ref (self));
      return;
    }

  if (error != NULL || !pb_workflow_submit (self->store, self->case_id, &rescreening, &error))
    {
      _pb_wizard_toast (self, error->message);
      return;
    }

  submitted (self, &rescreening);
}

static void
decided_cb (PbWizard *self)
{
  _pb_wizard_toast (self, _("Decision recorded"));
  _pb_wizard_reload (self);
  anchor_history (self, NULL);
}

/* A hard stop's way on, offered from the decision dialog. */
static void
send_back_cb (PbWizard *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "wizard.return-to-draft", NULL);
}

static void
decide_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbWizard *self = PB_WIZARD (widget);
  g_autoptr(GError) error = NULL;
  PbDecisionDialog *dialog;

  _pb_wizard_flush_views (self);

  dialog = pb_decision_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->store, self->case_id, &error);
  if (dialog == NULL)
    {
      _pb_wizard_toast (self, error->message);
      return;
    }

  g_signal_connect_object (dialog, "decided", G_CALLBACK (decided_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "send-back", G_CALLBACK (send_back_cb), self, G_CONNECT_SWAPPED);
  /* Told when others change the case meanwhile (pb_wizard_refresh ()). */
  g_set_weak_pointer (&self->decision_dialog, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reopen_response_cb (PbReasonDialog *dialog,
                    const char     *response,
                    PbWizard       *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "confirm"))
    return;

  if (!pb_wizard_reopen (self, pb_reason_dialog_get_reason (dialog), &error))
    _pb_wizard_toast (self, error->message);
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbWizard *self = PB_WIZARD (widget);
  PbReasonDialog *dialog;

  dialog = _pb_wizard_reason_dialog_new (self, _("Reopen as New Revision?"),
                              _("The signed revision stays as it is. A new draft revision starts with its answers; the reason is recorded in the history."),
                              _("Reason for reopening"), _("_Reopen"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (reopen_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
migrate_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PbWizard         *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *new_id = NULL;

  if (!g_str_equal (response, "migrate") || self->newer == NULL)
    return;

  new_id = pb_case_store_migrate_case (self->store, self->case_id, self->newer, NULL, &error);
  if (new_id == NULL)
    {
      _pb_wizard_toast (self, error->message);
      return;
    }

  g_signal_emit_by_name (self, "open-case", new_id);
}

/* What carrying the answers does, before anything is stored: how many are
 * carried as they are, and each that changes, is no longer asked or must
 * be answered anew, with the questionnaire's note. */
static char *
describe_migration (PbWizard *self)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(PbAnswerSet) migrated = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  guint carried = 0;

  migrated = pb_questionnaire_migrate_answers (self->newer, self->questionnaire, self->answers, &changes, NULL);
  if (migrated == NULL)
    return NULL;

  for (guint i = 0; i < changes->len; i++)
    carried += ((PbMigrationChange *) g_ptr_array_index (changes, i))->action == PB_MIGRATION_CARRIED;

  /* Translators: a number of answers */
  g_string_append_printf (text, _("%u answers are carried as they are. This case stays as it is; the new case "
                                  "asks what the new version asks anew."), carried);

  for (guint i = 0; i < changes->len; i++)
    {
      PbMigrationChange *change = g_ptr_array_index (changes, i);
      const char *what;

      switch (change->action)
        {
        case PB_MIGRATION_CONVERTED: what = _("converted"); break;
        case PB_MIGRATION_REVIEW:    what = _("to confirm"); break;
        case PB_MIGRATION_DROPPED:   what = _("no longer asked"); break;
        case PB_MIGRATION_ANEW:      what = _("to answer anew"); break;
        case PB_MIGRATION_CARRIED:
        default:
          continue;
        }

      g_string_append_printf (text, "\n• %s → %s: %s", change->from_id,
                              change->to_id != NULL ? change->to_id : "–", what);
      if (change->note != NULL)
        g_string_append_printf (text, ". %s", change->note);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
migrate_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PbWizard *self = PB_WIZARD (widget);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (self->newer == NULL || (body = describe_migration (self)) == NULL)
    return;

  /* Translators: a questionnaire version */
  heading = g_strdup_printf (_("Carry the Answers Into Version %s?"), pb_questionnaire_get_version (self->newer));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "migrate", _("_Create New Case"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "migrate", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "migrate");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (migrate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
signed_cb (PbWizard     *self,
           GFile        *report,
           PbSignDialog *dialog)
{
  g_autofree char *name = g_file_get_basename (report);
  /* Translators: %s is a file name */
  g_autofree char *message = g_strdup_printf (_("Signed report saved as “%s”"), name);

  _pb_wizard_toast (self, message);
  _pb_wizard_reload (self);
  anchor_history (self, NULL);
}

static PbCaseStatus
current_decision (PbWizard *self)
{
  g_autoptr(GListModel) sign_offs = NULL;
  guint n;

  if (pb_case_status_is_decision (self->status))
    return self->status;

  sign_offs = pb_case_store_list_sign_offs (self->store, self->case_id, 0, NULL);
  n = sign_offs ? g_list_model_get_n_items (sign_offs) : 0;
  if (n > 0)
    {
      g_autoptr(PbSignOff) last = g_list_model_get_item (sign_offs, n - 1);
      return pb_sign_off_get_decision (last);
    }

  return PB_CASE_STATUS_APPROVED;
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PbWizard *self = PB_WIZARD (widget);
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  PbSignDialog *dialog;

  dialog = pb_sign_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->store, self->case_id,
                               current_decision (self), settings);
  g_signal_connect_object (dialog, "signed", G_CALLBACK (signed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
return_response_cb (PbReasonDialog *dialog,
                    const char     *response,
                    PbWizard       *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "confirm"))
    return;

  if (!pb_case_store_return_to_draft (self->store, self->case_id, pb_reason_dialog_get_reason (dialog), &error))
    {
      _pb_wizard_toast (self, error->message);
      return;
    }

  _pb_wizard_toast (self, _("Sent back to draft"));
  _pb_wizard_reload (self);
  anchor_history (self, NULL);
}

static void
return_to_draft_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  PbWizard *self = PB_WIZARD (widget);
  PbReasonDialog *dialog;

  dialog = _pb_wizard_reason_dialog_new (self, _("Send Back for Changes?"),
                              _("The answers can be changed again; the reason is recorded in the history."),
                              _("What needs to change"), _("_Send Back"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (return_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_check (GString    *text,
           gboolean    passed,
           const char *what)
{
  /* Translators: one line of a verification result; the words carry the
   * result, not only the mark */
  g_string_append_printf (text, passed ? _("✓ Passed: %s\n") : _("✗ Failed: %s\n"), what);
}

static void
show_result (PbWizard   *self,
             gboolean    ok,
             const char *body)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   ok ? _("Verified") : _("Verification Failed"),
                                   body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The history chain and the seals, and its time-stamps, checked as lines
 * of a result. */
typedef struct
{
  gboolean  ok;
  char     *line;
  gboolean  anchors_ok;
  char     *anchors_line;   /* NULL: nothing time-stamped, nothing to say */
} ChainCheck;

static void
chain_check_free (ChainCheck *check)
{
  g_free (check->line);
  g_free (check->anchors_line);
  g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChainCheck, chain_check_free)

/* What the worker needs: the case, and the authorities whose time-stamps
 * Preferences trust (empty: the system's). */
typedef struct
{
  char *case_id;
  char *tsa_trust_path;
} ChainCheckData;

static void
chain_check_data_free (ChainCheckData *data)
{
  g_free (data->case_id);
  g_free (data->tsa_trust_path);
  g_free (data);
}

/* The history's time-stamps: up to which event the history is anchored. */
static void
check_anchors (PbCaseStore    *store,
               ChainCheckData *data,
               guint           n_events,
               ChainCheck     *check)
{
  g_autoptr(GBytes) trust = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(PbAnchorReport) report = { 0 };
  g_autofree char *when = NULL;

  if ((*data->tsa_trust_path != '\0' &&
       !(trust = pb_file_load_path_bounded (data->tsa_trust_path, MAX_TRUST_SIZE, &error))) ||
      !pb_workflow_verify_anchors (store, data->case_id, trust, &report, &error))
    {
      check->anchors_line = g_strdup (error->message);
      return;
    }

  check->anchors_ok = TRUE;
  if (report.anchored_seq == 0)
    return;

  when = g_date_time_format (report.anchored_time, "%Y-%m-%d %H:%M:%S UTC");
  /* Translators: an event number, the number of events, a time, then a time-stamp authority */
  check->anchors_line = g_strdup_printf (_("the history time-stamped up to event %u of %u, at %s by %s"),
                                         report.anchored_seq, n_events, when,
                                         report.tsa_name ? report.tsa_name : "?");
}

static void
add_chain_checks (GString    *text,
                  ChainCheck *check)
{
  add_check (text, check->ok, check->line);
  if (check->anchors_line != NULL)
    add_check (text, check->anchors_ok, check->anchors_line);
}

/* Replays the whole history: in a worker, as it grows with the case. */
static gpointer
check_chain_in_thread (PbCaseStore   *store,
                       gpointer       user_data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  ChainCheckData *data = user_data;
  const char *case_id = data->case_id;
  g_autoptr(GError) local_error = NULL;
  ChainCheck *check = g_new0 (ChainCheck, 1);
  g_autofree char *not_checked = NULL;
  guint n_events = 0;
  guint broken = 0;
  guint n_screenings = 0;

  /* The chain and seals, then the screenings its approvals stand on,
   * screened again (a screening is the lists' word): as case verify. */
  check->ok = pb_case_store_verify_case (store, case_id, &n_events, &broken, &local_error) &&
              pb_case_verify_screenings (store, case_id, &n_screenings, &not_checked, &broken, &local_error);
  if (check->ok)
    /* Translators: %u is a number of history events */
    check->line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "the history chain of %u event and every seal",
                                                "the history chain of %u events and every seal",
                                                n_events), n_events);
  else
    check->line = g_strdup (local_error->message);
  if (check->ok)
    check_anchors (store, data, n_events, check);

  return check;
}

static void
check_chain_async (PbWizard            *self,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  ChainCheckData *data = g_new0 (ChainCheckData, 1);

  data->case_id = g_strdup (self->case_id);
  data->tsa_trust_path = g_settings_get_string (settings, "tsa-certificates");
  pb_store_task_run_async (self->store, PB_CASE_STORE_FLAGS_READ_ONLY, check_chain_in_thread,
                           data, (GDestroyNotify) chain_check_data_free, (GDestroyNotify) chain_check_free,
                           cancellable, callback, user_data);
}

static void
report_chain_checked_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  ChainCheck *check = pb_store_task_run_finish (result, &error);

  if (check == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, check, (GDestroyNotify) chain_check_free);
}

/* The report's checks first, then the history's, both in workers. */
static void
verify_workflow_done_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  PbReportVerification *verification = pb_workflow_verify_report_finish (result, &error);
  PbWizard *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (verification == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (task, verification, g_object_unref);
  check_chain_async (self, cancellable, report_chain_checked_cb, g_steal_pointer (&task));
}

static void
verify_report_done_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(PbWizard) self = user_data;
  g_autofree char *summary = NULL;
  gboolean ok = pb_wizard_verify_report_finish (self, result, &summary);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  if (!_pb_wizard_end_task (self))
    return;

  if (g_cancellable_is_cancelled (cancellable))
    _pb_wizard_toast (self, _("Verification cancelled"));
  else
    show_result (self, ok, summary);
}

static void
verify_report_response_cb (PbWizard             *self,
                           int                   response,
                           GtkFileChooserNative *native)
{
  GCancellable *cancellable;

  if (response == GTK_RESPONSE_ACCEPT && (cancellable = _pb_wizard_begin_task (self, _("Verifying the report…"))))
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      pb_wizard_verify_report_async (self, file, cancellable, verify_report_done_cb, g_object_ref (self));
    }

  g_object_unref (native);
}

static void
history_checked_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PbWizard) self = user_data;
  g_autoptr(ChainCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  check = pb_store_task_run_finish (result, &error);
  if (!_pb_wizard_end_task (self))
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _pb_wizard_toast (self, _("Verification cancelled"));
  else if (check == NULL)
    _pb_wizard_toast (self, error->message);
  else
    {
      add_chain_checks (text, check);
      show_result (self, check->ok && check->anchors_ok, g_strchomp (text->str));
    }
}

static void
verify_choice_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  PbWizard         *self)
{
  GCancellable *cancellable;

  if (g_str_equal (response, "history"))
    {
      if ((cancellable = _pb_wizard_begin_task (self, _("Checking the history and the seals…"))))
        check_chain_async (self, cancellable, history_checked_cb, g_object_ref (self));
    }
  else if (g_str_equal (response, "report"))
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
      GtkFileChooserNative *native;

      native = gtk_file_chooser_native_new (_("Choose a Report to Verify Against the Case"),
                                            GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                            GTK_FILE_CHOOSER_ACTION_OPEN,
                                            _("_Verify"), _("_Cancel"));
      gtk_file_filter_set_name (filter, _("PDF reports"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
      gtk_file_filter_add_pattern (filter, "*.pdf");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
      g_signal_connect_object (native, "response", G_CALLBACK (verify_report_response_cb), self, G_CONNECT_SWAPPED);
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
    }
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbWizard *self = PB_WIZARD (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Verify the Case"),
                                   _("Check that the history chain and the seals are intact, and optionally that a "
                                     "report PDF is the one signed for this case."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "history", _("_History Only"),
                                    "report", _("Choose _Report…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "report", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "report");
  g_signal_connect_object (dialog, "response", G_CALLBACK (verify_choice_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PbWizard *self = PB_WIZARD (widget);
  PbHistoryWindow *window;

  window = pb_history_window_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->store, self->case_id);
  gtk_window_present (GTK_WINDOW (window));
}

static void
screening_changed_cb (PbWizard *self)
{
  if (self->parties_panel != NULL)
    pb_parties_panel_refresh (PB_PARTIES_PANEL (self->parties_panel));
  _pb_wizard_evaluate (self);
}

static void
screening_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PbWizard *self = PB_WIZARD (widget);
  PbScreeningWindow *window;

  window = pb_screening_window_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->store, self->case_id);
  g_signal_connect_object (window, "changed", G_CALLBACK (screening_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

static void
export_response_cb (PbWizard             *self,
                    int                   response,
                    GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      /* Anchored first, so that the file carries the anchor. */
      anchor_history (self, file);
    }

  g_object_unref (native);
}

static void
export_case (PbWizard *self,
             GFile    *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  /* The chooser asked before overwriting; the store writes new files only. */
  g_unlink (path);
  if (!pb_case_store_export_case (self->store, self->case_id, path, &error))
    _pb_wizard_toast (self, error->message);
  else
    _pb_wizard_toast (self, _("Case file exported"));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbWizard *self = PB_WIZARD (widget);
  g_autofree char *name = g_strdup_printf ("%s.probity", self->case_id);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Export Case File"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (export_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* The newest sign-off that kept its report, of this revision or an
 * earlier one, or NULL. */
PbSignOff *
_pb_wizard_dup_signed_report (PbWizard *self)
{
  for (guint revision = self->revision; revision > 0; revision--)
    {
      g_autoptr(GListModel) sign_offs = pb_case_store_list_sign_offs (self->store, self->case_id, revision, NULL);

      for (guint i = sign_offs ? g_list_model_get_n_items (sign_offs) : 0; i > 0; i--)
        {
          g_autoptr(PbSignOff) sign_off = g_list_model_get_item (sign_offs, i - 1);

          if (pb_sign_off_get_report_sha256 (sign_off) != NULL)
            return g_steal_pointer (&sign_off);
        }
    }

  return NULL;
}

static void
open_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PbWizard *self = PB_WIZARD (widget);
  g_autoptr(PbSignOff) sign_off = _pb_wizard_dup_signed_report (self);
  g_autoptr(GBytes) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (sign_off == NULL)
    return;

  report = pb_case_store_get_report (self->store, self->case_id, pb_sign_off_get_report_sha256 (sign_off), &error);
  name = g_strdup_printf ("%s-r%u-report.pdf", self->case_id, pb_sign_off_get_revision (sign_off));
  if (report == NULL || !pb_open_copy (widget, name, report, NULL, &error))
    _pb_wizard_toast (self, error->message);
}

static void
extended_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PbWizard) self = user_data;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!(pdf = pb_workflow_extend_report_finish (result, &error)))
    /* Translators: the reason */
    message = g_strdup_printf (_("The signature was not extended: %s"), error->message);
  else
    message = g_strdup (_("Long-term signature extended: validation data and a document time-stamp added"));
  _pb_wizard_toast (self, message);
}

void
pb_wizard_extend_report (PbWizard *self,
                         GFile    *report)
{
  g_autofree char *url = NULL;

  g_return_if_fail (PB_IS_WIZARD (self));
  g_return_if_fail (G_IS_FILE (report));

  if (!(url = dup_tsa_url ()))
    {
      _pb_wizard_toast (self, _("A long-term signature needs a time-stamp authority: set one in Preferences"));
      return;
    }

  pb_workflow_extend_report_async (report, url, NULL, extended_cb, g_object_ref (self));
}

static void
extend_response_cb (PbWizard             *self,
                    int                   response,
                    GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      pb_wizard_extend_report (self, file);
    }

  g_object_unref (native);
}

/* The archive routine: before the newest time-stamp's certificate expires,
 * a report file gets fresh validation data and a document time-stamp. */
static void
extend_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PbWizard *self = PB_WIZARD (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *url = dup_tsa_url ();
  GtkFileChooserNative *native;

  if (url == NULL)
    {
      _pb_wizard_toast (self, _("A long-term signature needs a time-stamp authority: set one in Preferences"));
      return;
    }

  native = gtk_file_chooser_native_new (_("Choose a Signed Report to Extend"),
                                        GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Extend"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF reports"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_pattern (filter, "*.pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (extend_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}


/* One line per signature, then one per check against the case, then the
 * verdict's reason: the lines probity-cli verify --db prints, in words. */
static char *
describe_verification (PbWizard             *self,
                       PbReportVerification *verification,
                       ChainCheck           *chain)
{
  g_autoptr(GString) text = g_string_new (NULL);
  PbPdfValidation *validation = pb_report_verification_get_validation (verification);

  add_chain_checks (text, chain);

  if (validation == NULL)
    add_check (text, FALSE, pb_report_verification_get_signature_problem (verification));
  for (guint i = 0; validation != NULL && i < validation->signatures->len; i++)
    {
      PbPdfSignature *signature = g_ptr_array_index (validation->signatures, i);
      g_autofree char *line = NULL;
      const char *problem = NULL;

      for (guint c = 0; c < PB_SIGNATURE_N_CHECKS && problem == NULL; c++)
        if (signature->checks[c] == PB_CHECK_FAILED)
          problem = signature->details[c] ? signature->details[c] : pb_signature_check_get_label (c);

      if (problem != NULL)
        /* Translators: a person's name, then what is wrong with their signature */
        line = g_strdup_printf (_("the signature by %s: %s"), signature->signer_name ? signature->signer_name : "?",
                                problem);
      else
        /* Translators: a person's name, then which time its certificate was
         * checked at and why ("validated at …") */
        line = g_strdup_printf (_("the signature by %s is valid, %s"),
                                signature->signer_name ? signature->signer_name : "?",
                                signature->validation_time_reason ? signature->validation_time_reason : "");
      add_check (text, signature->valid, line);
    }

  for (guint i = 0; i < pb_report_verification_get_n_checks (verification); i++)
    {
      const char *detail = pb_report_verification_get_check_detail (verification, i);
      g_autofree char *line = detail != NULL
        ? g_strdup_printf ("%s: %s", pb_report_verification_get_check_label (verification, i), detail)
        : g_strdup (pb_report_verification_get_check_label (verification, i));

      add_check (text, pb_report_verification_get_check_passed (verification, i), line);
    }

  if (!pb_report_verification_is_valid (verification))
    /* Translators: why a report is not valid */
    g_string_append_printf (text, _("\nNot valid: %s"), pb_report_verification_get_problem (verification));

  return g_strdup (g_strchomp (text->str));
}

void
_pb_wizard_class_actions_init (PbWizardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "wizard.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "wizard.decide", NULL, decide_action);
  gtk_widget_class_install_action (widget_class, "wizard.reopen", NULL, reopen_action);
  gtk_widget_class_install_action (widget_class, "wizard.migrate", NULL, migrate_action);
  gtk_widget_class_install_action (widget_class, "wizard.verify", NULL, verify_action);
  gtk_widget_class_install_action (widget_class, "wizard.sign", NULL, sign_action);
  gtk_widget_class_install_action (widget_class, "wizard.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "wizard.screening", NULL, screening_action);
  gtk_widget_class_install_action (widget_class, "wizard.return-to-draft", NULL, return_to_draft_action);
  gtk_widget_class_install_action (widget_class, "wizard.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "wizard.open-report", NULL, open_report_action);
  gtk_widget_class_install_action (widget_class, "wizard.extend-report", NULL, extend_report_action);
}

gboolean
pb_wizard_reopen (PbWizard    *self,
                  const char  *reason,
                  GError     **error)
{
  g_return_val_if_fail (PB_IS_WIZARD (self), FALSE);

  if (pb_case_store_reopen (self->store, self->case_id, reason, error) == 0)
    return FALSE;

  _pb_wizard_toast (self, _("Reopened as a new draft revision"));
  _pb_wizard_reload (self);

  return TRUE;
}

void
pb_wizard_verify_report_async (PbWizard            *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) trust = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trust_path = NULL;
  g_autofree char *trust_name = NULL;
  PbValidationOptions options = { 0 };

  g_return_if_fail (PB_IS_WIZARD (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_wizard_verify_report_async);

  settings = g_settings_new (PB_APP_ID);
  trust_path = g_settings_get_string (settings, "trusted-certificates");
  if (*trust_path != '\0')
    {
      if (!(trust = pb_file_load_path_bounded (trust_path, MAX_TRUST_SIZE, &error)))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      trust_name = g_filename_display_name (trust_path);
      options.trust_pem = trust;
      options.trust_name = trust_name;
    }

  if (!(pdf = pb_file_load_bounded (file, MAX_REPORT_SIZE, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The same workflow as probity-cli verify --db: the report tied to its
   * sign-off, checked at the time the history records for it. */
  pb_workflow_verify_report_async (self->store, self->case_id, pdf, &options, cancellable,
                                   verify_workflow_done_cb, g_steal_pointer (&task));
}

gboolean
pb_wizard_verify_report_finish (PbWizard      *self,
                                GAsyncResult  *result,
                                char         **summary)
{
  g_autoptr(ChainCheck) chain = NULL;
  g_autoptr(GError) error = NULL;
  PbReportVerification *verification;

  g_return_val_if_fail (PB_IS_WIZARD (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!(chain = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      if (summary != NULL)
        *summary = g_strdup (error->message);
      return FALSE;
    }

  verification = g_task_get_task_data (G_TASK (result));
  if (summary != NULL)
    *summary = describe_verification (self, verification, chain);

  return pb_report_verification_is_valid (verification) && chain->anchors_ok;
}
