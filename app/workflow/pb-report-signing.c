/* pb-report-signing.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-case-rescreening.h"
#include "pb-case-screener.h"
#include "pb-file.h"
#include "pb-i18n.h"
#include "pb-report.h"
#include "pb-report-signing.h"
#include "pb-report-source.h"
#include "pb-workflow-private.h"

/* A report is a few megabytes; what is read back is bounded all the same. */
#define REPORT_MAX_SIZE (256 * 1024 * 1024)

/* What one signing needs, read from the store before the work and handed
 * to the worker thread: nothing in it is the store's. */
typedef struct
{
  PbCaseStore      *store;          /* only touched in the calling thread */
  PbCaseSnapshot   *snapshot;
  PbSigner         *signer;
  PbReportTemplate *template;
  GDateTime        *generated_at;
  GFile            *output;
  char             *tsa_url;
  PbPadesLevel      level;
  char             *role;           /* the signer's role, as people read it */
  char             *organisation;
  const char       *language;       /* the report's, interned */
  GBytes           *pdf;            /* once written */
} SignJob;

static void
sign_job_free (SignJob *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->snapshot);
  g_clear_object (&job->signer);
  g_clear_object (&job->template);
  g_clear_pointer (&job->generated_at, g_date_time_unref);
  g_clear_object (&job->output);
  g_clear_pointer (&job->tsa_url, g_free);
  g_clear_pointer (&job->role, g_free);
  g_clear_pointer (&job->organisation, g_free);
  g_clear_pointer (&job->pdf, g_bytes_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignJob, sign_job_free)

static PbReportTemplate *
template_or_default (PbReportTemplate  *template,
                     GError           **error)
{
  if (template != NULL)
    return g_object_ref (template);

  return pb_report_template_new_default (error);
}

static GDateTime *
time_or_now (GDateTime *time)
{
  return time != NULL ? g_date_time_ref (time) : g_date_time_new_now_utc ();
}

/* In the calling thread: the snapshot, and a refusal now rather than after
 * the report is made if the store would not take the sign-off. */
static SignJob *
sign_job_new (PbCaseStore       *store,
              const char        *case_id,
              guint              revision,
              PbSigner          *signer,
              PbReportTemplate  *template,
              GDateTime         *generated_at,
              const char        *tsa_url,
              PbPadesLevel       level,
              GFile             *output,
              GError           **error)
{
  g_autoptr(SignJob) job = g_new0 (SignJob, 1);
  PbActor *actor;

  if (level == PB_PADES_LEVEL_NONE)
    level = tsa_url != NULL ? PB_PADES_LEVEL_B_T : PB_PADES_LEVEL_B_B;
  if (level > PB_PADES_LEVEL_B_B && tsa_url == NULL)
    {
      /* Translators: a PAdES level such as B-LTA */
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TSA_UNREACHABLE,
                   _("A %s signature needs a time-stamp authority: set one in Preferences, or give --tsa"),
                   pb_pades_level_to_string (level));
      return NULL;
    }

  job->store = g_object_ref (store);
  job->signer = g_object_ref (signer);
  job->output = g_object_ref (output);
  job->tsa_url = g_strdup (tsa_url);
  job->level = level;
  job->generated_at = time_or_now (generated_at);
  /* The worker thread writes in the language the caller writes in. */
  job->language = pb_i18n_get_thread_language ();
  if (job->language == NULL)
    job->language = pb_i18n_get_interface_language ();

  /* A newer list edition is screened against first: a signature never
   * stands on a screening that a newer edition has overtaken; then the
   * screening of the snapshot the report is made of is checked. */
  if (!pb_workflow_rescreen (store, case_id, NULL, error) ||
      !(job->snapshot = pb_case_store_read_snapshot (store, case_id, revision, error)) ||
      !_pb_workflow_check_snapshot_screening (store, job->snapshot, error) ||
      !pb_case_store_check_sign (store, case_id, pb_case_snapshot_get_revision (job->snapshot),
                                 pb_case_snapshot_get_answers_fingerprint (job->snapshot),
                                 pb_case_snapshot_get_history_head (job->snapshot),
                                 pb_signer_get_common_name (signer), error) ||
      !(job->template = template_or_default (template, error)))
    return NULL;

  /* pb_case_store_check_sign() refuses a store with nobody acting. */
  actor = pb_case_store_get_actor (store);
  job->role = g_strdup (pb_role_get_label (pb_actor_get_role (actor)));
  job->organisation = pb_case_store_dup_acting_organisation (store);

  return g_steal_pointer (&job);
}

/* A message in the language of the thread's PbLanguageScope: the
 * report's. */
static const char *
report_text (const char *msgid)
{
  return pb_dgettext (GETTEXT_PACKAGE, msgid);
}

/* Anywhere: the report with the sign-off it is about to carry, signed and
 * written. Touches no store. */
static gboolean
sign_job_run (SignJob       *job,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(PbReportData) data = pb_report_data_new_for_snapshot (job->snapshot);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autofree char *when = g_date_time_format_iso8601 (job->generated_at);
  g_autofree char *who = NULL;
  g_autofree char *role = NULL;
  g_autofree char *reason = NULL;
  PbDecision *decision = pb_case_snapshot_get_decision (job->snapshot);
  const char *name = pb_signer_get_common_name (job->signer);
  PbReportSignatureBox box = { 0 };
  PbSignatureOptions options = { 0 };

  if (job->organisation != NULL)
    {
      /* Translators: a person's name, then their organisation */
      who = g_strdup_printf (_("%s, %s"), name, job->organisation);
      /* Translators: a role such as "Legal reviewer", then an organisation */
      role = g_strdup_printf (_("%s, %s"), job->role, job->organisation);
    }
  else
    {
      who = g_strdup (name);
      role = g_strdup (job->role);
    }

  /* The sign-off recorded next is part of what is signed. */
  pb_report_data_add_signoff (data, job->role, who,
                              decision ? pb_case_status_get_label (pb_decision_get_decision (decision)) : NULL,
                              decision ? pb_decision_get_reason (decision) : NULL,
                              decision ? pb_decision_get_conditions (decision) : NULL,
                              when);

  if (!(pdf = pb_report_render (data, job->template, job->generated_at, &box, error)) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* Translators: the reason in a signature: case id and revision */
  reason = g_strdup_printf (_("Human-rights due-diligence report, case %s revision %u"),
                            pb_case_snapshot_get_case_id (job->snapshot),
                            pb_case_snapshot_get_revision (job->snapshot));
  options.reason = reason;
  /* The visible signature reads in the report's language, as its reason. */
  options.translate = report_text;
  /* The visible signature names the role and the organisation too. */
  options.signer_role = role;
  options.tsa_url = job->tsa_url;
  options.visible = TRUE;
  options.page_index = box.page_index;
  options.x = box.x;
  options.y = box.y;
  options.width = box.width;
  options.height = box.height;

  if (!(signed_pdf = pb_pdf_sign (pdf, job->signer, &options, error)) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* B-LT, B-LTA: the file sealed is the long-term one. */
  if (job->level >= PB_PADES_LEVEL_B_LT)
    {
      g_autoptr(GBytes) extended = pb_workflow_extend_pdf (signed_pdf,
                                                           job->level == PB_PADES_LEVEL_B_LTA ? job->tsa_url : NULL,
                                                           cancellable, error);

      if (extended == NULL)
        return FALSE;
      g_bytes_unref (signed_pdf);
      signed_pdf = g_steal_pointer (&extended);
    }

  /* The file first: a case is sealed only with a report that exists. */
  if (!pb_report_write (signed_pdf, job->output, error))
    return FALSE;

  job->pdf = g_steal_pointer (&signed_pdf);
  return TRUE;
}

/* In the calling thread: the compare-and-swap. A report the store refuses
 * to seal is taken away again. */
static PbSignOff *
sign_job_seal (SignJob  *job,
               GError  **error)
{
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, job->pdf);
  PbSignOff *sign_off;

  sign_off = pb_case_store_sign (job->store, pb_case_snapshot_get_case_id (job->snapshot),
                                 pb_case_snapshot_get_revision (job->snapshot),
                                 pb_case_snapshot_get_answers_fingerprint (job->snapshot),
                                 pb_case_snapshot_get_history_head (job->snapshot),
                                 pb_signer_get_common_name (job->signer),
                                 pb_signer_get_fingerprint (job->signer), job->language,
                                 sha256, job->pdf, job->organisation, error);
  if (sign_off == NULL)
    {
      g_autofree char *name = pb_file_dup_display_name (job->output);

      g_file_delete (job->output, NULL, NULL);
      /* Translators: a file name */
      g_prefix_error (error, _("The sign-off was not recorded, so %s was removed: "), name);
    }

  return sign_off;
}

GBytes *
pb_workflow_write_report (PbCaseStore       *store,
                          const char        *case_id,
                          guint              revision,
                          PbReportTemplate  *template,
                          GDateTime         *generated_at,
                          GFile             *output,
                          GCancellable      *cancellable,
                          GError           **error)
{
  g_autoptr(PbCaseSnapshot) snapshot = NULL;
  g_autoptr(PbReportData) data = NULL;
  g_autoptr(PbReportTemplate) own_template = NULL;
  g_autoptr(GDateTime) when = time_or_now (generated_at);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contradiction = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (output), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(snapshot = pb_case_store_read_snapshot (store, case_id, revision, error)) ||
      !(own_template = template_or_default (template, error)))
    return NULL;

  /* Wherever the screening's result is shown, say when its own lists
   * contradict it (a signed report never stands on such a screening). */
  if (pb_case_snapshot_get_screening (snapshot) != NULL &&
      !(contradiction = pb_case_screening_contradiction (store, case_id, pb_case_snapshot_get_screening (snapshot),
                                                         &local_error)) &&
      local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  data = pb_report_data_new_for_snapshot (snapshot);
  pb_report_data_set_field (data, PB_REPORT_FIELD_SCREENING_CONTRADICTED, contradiction);
  if (!(pdf = pb_report_render (data, own_template, when, NULL, error)) ||
      g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !pb_report_write (pdf, output, error))
    return NULL;

  return g_steal_pointer (&pdf);
}

PbSignOff *
pb_workflow_sign_report (PbCaseStore       *store,
                         const char        *case_id,
                         guint              revision,
                         PbSigner          *signer,
                         PbReportTemplate  *template,
                         GDateTime         *generated_at,
                         const char        *tsa_url,
                         PbPadesLevel       level,
                         GFile             *output,
                         GBytes           **pdf,
                         GCancellable      *cancellable,
                         GError           **error)
{
  g_autoptr(SignJob) job = NULL;
  PbSignOff *sign_off;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (PB_IS_SIGNER (signer), NULL);
  g_return_val_if_fail (G_IS_FILE (output), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(job = sign_job_new (store, case_id, revision, signer, template, generated_at, tsa_url, level, output, error)) ||
      !sign_job_run (job, cancellable, error) ||
      !(sign_off = sign_job_seal (job, error)))
    return NULL;

  if (pdf != NULL)
    *pdf = g_bytes_ref (job->pdf);

  return sign_off;
}

static void
sign_thread (GTask        *worker,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SignJob *job = task_data;
  g_auto(PbLanguageScope) scope = pb_language_scope_enter (job->language);
  g_autoptr(GError) error = NULL;

  if (!sign_job_run (job, cancellable, &error))
    g_task_return_error (worker, g_steal_pointer (&error));
  else
    g_task_return_boolean (worker, TRUE);
}

static void
sign_thread_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  PbSignOff *sign_off;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      !(sign_off = sign_job_seal (job, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, sign_off, g_object_unref);
}

void
pb_workflow_sign_report_async (PbCaseStore         *store,
                               const char          *case_id,
                               guint                revision,
                               PbSigner            *signer,
                               PbReportTemplate    *template,
                               GDateTime           *generated_at,
                               const char          *tsa_url,
                               PbPadesLevel         level,
                               GFile               *output,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  g_autoptr(GError) error = NULL;
  SignJob *job;

  g_return_if_fail (PB_IS_CASE_STORE (store));
  g_return_if_fail (case_id != NULL);
  g_return_if_fail (PB_IS_SIGNER (signer));
  g_return_if_fail (G_IS_FILE (output));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_workflow_sign_report_async);

  if (!(job = sign_job_new (store, case_id, revision, signer, template, generated_at, tsa_url, level, output, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, job, (GDestroyNotify) sign_job_free);

  worker = g_task_new (NULL, cancellable, sign_thread_done_cb, g_object_ref (task));
  g_task_set_source_tag (worker, sign_thread);
  g_task_set_task_data (worker, job, NULL);
  g_task_run_in_thread (worker, sign_thread);
}

PbSignOff *
pb_workflow_sign_report_finish (GAsyncResult  *result,
                                GBytes       **pdf,
                                GError       **error)
{
  SignJob *job;
  PbSignOff *sign_off;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pb_workflow_sign_report_async, NULL);

  if (!(sign_off = g_task_propagate_pointer (G_TASK (result), error)))
    return NULL;

  job = g_task_get_task_data (G_TASK (result));
  if (pdf != NULL)
    *pdf = g_bytes_ref (job->pdf);

  return sign_off;
}

GBytes *
pb_workflow_extend_pdf (GBytes        *pdf,
                        const char    *tsa_url,
                        GCancellable  *cancellable,
                        GError       **error)
{
  /* A level asked for is a level reached: a signer's certificate that
   * names nowhere to ask about it fails here, not later as a B-T file. */
  PbValidationDataOptions data = { .fetch = TRUE, .require_signers = TRUE };
  g_autoptr(GBytes) extended = NULL;

  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(extended = pb_pdf_add_validation_data (pdf, &data, error)) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (tsa_url == NULL)
    return g_steal_pointer (&extended);

  return pb_pdf_add_document_timestamp (extended, tsa_url, 0, error);
}

typedef struct
{
  GFile *file;
  char  *tsa_url;
} ExtendJob;

static void
extend_job_free (ExtendJob *job)
{
  g_clear_object (&job->file);
  g_free (job->tsa_url);
  g_free (job);
}

static void
extend_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExtendJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) extended = NULL;

  if (!(pdf = pb_file_load_bounded (job->file, REPORT_MAX_SIZE, &error)) ||
      !(extended = pb_workflow_extend_pdf (pdf, job->tsa_url, cancellable, &error)) ||
      !pb_report_write (extended, job->file, &error))
    {
      g_autofree char *name = pb_file_dup_display_name (job->file);

      /* Translators: a file name, then the reason */
      g_prefix_error (&error, _("%s: "), name);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&extended), (GDestroyNotify) g_bytes_unref);
}

void
pb_workflow_extend_report_async (GFile               *report,
                                 const char          *tsa_url,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExtendJob *job;

  g_return_if_fail (G_IS_FILE (report));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_workflow_extend_report_async);
  job = g_new0 (ExtendJob, 1);
  job->file = g_object_ref (report);
  job->tsa_url = g_strdup (tsa_url);
  g_task_set_task_data (task, job, (GDestroyNotify) extend_job_free);
  g_task_run_in_thread (task, extend_thread);
}

GBytes *
pb_workflow_extend_report_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pb_workflow_extend_report_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
