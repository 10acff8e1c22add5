/* pb-report-verification.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "pb-i18n.h"
#include "pb-report.h"
#include "pb-pdf-parser.h"
#include "pb-report-verification.h"

typedef struct
{
  char     *label;
  char     *detail;
  gboolean  passed;
} Check;

struct _PbReportVerification
{
  GObject          parent_instance;

  PbPdfValidation *validation;
  char            *signature_problem;
  GArray          *checks;        /* Check */
  PbSignOff       *sign_off;
  char            *problem;
};

G_DEFINE_FINAL_TYPE (PbReportVerification, pb_report_verification, G_TYPE_OBJECT)

/* What the case says about the report, read in the calling thread before
 * the signatures are validated. */
typedef struct
{
  GBytes            *pdf;
  char              *sha256;
  GPtrArray         *revision_sha256s; /* of each earlier revision, newest first */
  char              *sealed_sha256;    /* the one a sign-off records */
  char              *expected_case_id;
  PbReportIntegrity *integrity;
  char              *integrity_error;
  gboolean           with_store;
  char              *case_error;
  PbCaseInfo        *info;
  char              *chain_error;
  guint              n_events;
  PbSignOff         *sign_off;       /* the one whose report this file is */
  guint              sign_off_seq;
  GDateTime         *sign_off_time;  /* of its event, in the hash chain */
  char              *fingerprint;    /* of the stored answers of the report's revision */
  char              *fingerprint_error;
  gboolean           head_in_history;
  /* for the validation */
  GBytes            *trust_pem;
  char              *trust_name;
  GDateTime         *validation_time;
  char              *validation_time_reason;
  /* its result */
  PbPdfValidation   *validation;
  char              *signature_problem;
} VerifyJob;

static void
check_clear (gpointer data)
{
  Check *check = data;

  g_clear_pointer (&check->label, g_free);
  g_clear_pointer (&check->detail, g_free);
}

static void
verify_job_free (VerifyJob *job)
{
  g_clear_pointer (&job->pdf, g_bytes_unref);
  g_clear_pointer (&job->sha256, g_free);
  g_clear_pointer (&job->revision_sha256s, g_ptr_array_unref);
  g_clear_pointer (&job->sealed_sha256, g_free);
  g_clear_pointer (&job->expected_case_id, g_free);
  g_clear_pointer (&job->integrity, pb_report_integrity_free);
  g_clear_pointer (&job->integrity_error, g_free);
  g_clear_pointer (&job->case_error, g_free);
  g_clear_object (&job->info);
  g_clear_pointer (&job->chain_error, g_free);
  g_clear_object (&job->sign_off);
  g_clear_pointer (&job->sign_off_time, g_date_time_unref);
  g_clear_pointer (&job->fingerprint, g_free);
  g_clear_pointer (&job->fingerprint_error, g_free);
  g_clear_pointer (&job->trust_pem, g_bytes_unref);
  g_clear_pointer (&job->trust_name, g_free);
  g_clear_pointer (&job->validation_time, g_date_time_unref);
  g_clear_pointer (&job->validation_time_reason, g_free);
  g_clear_pointer (&job->validation, pb_pdf_validation_unref);
  g_clear_pointer (&job->signature_problem, g_free);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VerifyJob, verify_job_free)

static void
pb_report_verification_finalize (GObject *object)
{
  PbReportVerification *self = (PbReportVerification *)object;

  g_clear_pointer (&self->validation, pb_pdf_validation_unref);
  g_clear_pointer (&self->signature_problem, g_free);
  g_clear_pointer (&self->checks, g_array_unref);
  g_clear_object (&self->sign_off);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (pb_report_verification_parent_class)->finalize (object);
}

static void
pb_report_verification_class_init (PbReportVerificationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_report_verification_finalize;
}

static void
pb_report_verification_init (PbReportVerification *self)
{
  self->checks = g_array_new (FALSE, TRUE, sizeof (Check));
  g_array_set_clear_func (self->checks, check_clear);
}

static void
add_check (PbReportVerification *self,
           gboolean              passed,
           const char           *label,
           const char           *detail)
{
  Check check = { g_strdup (label), g_strdup (detail), passed };

  g_array_append_val (self->checks, check);
  if (!passed && self->problem == NULL)
    self->problem = detail != NULL ? g_strdup_printf ("%s: %s", label, detail) : g_strdup (label);
}

/* The signed event of the case that recorded a report with @sha256: its
 * number and time, from the hash-chained history. */
static gboolean
find_signed_event (GListModel  *history,
                   const char  *sha256,
                   guint       *seq,
                   guint       *revision,
                   GDateTime  **time)
{
  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(PbHistoryEvent) event = g_list_model_get_item (history, i);
      g_autoptr(JsonNode) data = NULL;
      JsonObject *object;

      if (pb_history_event_get_kind (event) != PB_EVENT_SIGNED || pb_history_event_get_data (event) == NULL ||
          !(data = json_from_string (pb_history_event_get_data (event), NULL)) || !JSON_NODE_HOLDS_OBJECT (data))
        continue;

      object = json_node_get_object (data);
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "report_sha256", NULL), sha256) != 0)
        continue;

      *seq = pb_history_event_get_seq (event);
      *revision = pb_history_event_get_revision (event);
      *time = g_date_time_new_from_iso8601 (pb_history_event_get_time (event), NULL);
      return TRUE;
    }

  return FALSE;
}

typedef struct
{
  guint  revision;
  gsize  end;
  char  *sha256;
} RevisionEnd;

static int
compare_ends (gconstpointer a,
              gconstpointer b)
{
  const RevisionEnd *x = a;
  const RevisionEnd *y = b;

  return (x->end > y->end) - (x->end < y->end);
}

static int
compare_revisions (gconstpointer a,
                   gconstpointer b)
{
  const RevisionEnd *x = a;
  const RevisionEnd *y = b;

  return (x->revision < y->revision) - (x->revision > y->revision);
}

/* The SHA-256 of the file as each earlier revision left it, newest first:
 * a report sealed in a case and extended afterwards for the long term
 * (pb_workflow_extend_pdf()) starts with the bytes that were sealed. The
 * validation then says whether what came after is only validation data
 * and time-stamps. One pass over the file, which ends with the SHA-256
 * of the whole file, @sha256: each prefix's digest is a copy of the
 * running one (64 revisions of 250 MB hashed 16 GB). */
static GPtrArray *
revision_sha256s (GBytes  *pdf,
                  char   **sha256)
{
  GPtrArray *sha256s = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PbPdfDocument) document = pb_pdf_document_new (pdf, NULL);
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (RevisionEnd));
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize size;
  const guint8 *data = g_bytes_get_data (pdf, &size);
  guint n = document != NULL ? pb_pdf_document_get_n_revisions (document) : 0;
  gsize done = 0;

  for (guint r = 0; r + 1 < n; r++)
    {
      RevisionEnd end = { r, pb_pdf_document_get_revision_end (document, r), NULL };

      if (end.end > 0 && end.end < size)
        g_array_append_val (ends, end);
    }

  g_array_sort (ends, compare_ends);
  for (guint i = 0; i < ends->len; i++)
    {
      RevisionEnd *end = &g_array_index (ends, RevisionEnd, i);
      g_autoptr(GChecksum) prefix = NULL;

      g_checksum_update (checksum, data + done, end->end - done);
      done = end->end;
      prefix = g_checksum_copy (checksum);
      end->sha256 = g_strdup (g_checksum_get_string (prefix));
    }
  g_checksum_update (checksum, data + done, size - done);
  *sha256 = g_strdup (g_checksum_get_string (checksum));

  g_array_sort (ends, compare_revisions);
  for (guint i = 0; i < ends->len; i++)
    g_ptr_array_add (sha256s, g_array_index (ends, RevisionEnd, i).sha256);

  return sha256s;
}

/* In the calling thread: everything the store says about the report. */
static void
read_case (VerifyJob   *job,
           PbCaseStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) history = NULL;
  const char *case_id = job->integrity->case_id;
  guint revision = 0;

  if (!(job->info = pb_case_store_get_case (store, case_id, &error)))
    {
      job->case_error = g_strdup (error->message);
      return;
    }

  if (!pb_case_store_verify_case (store, case_id, &job->n_events, NULL, &error))
    {
      job->chain_error = g_strdup (error->message);
      g_clear_error (&error);
    }

  if (!(job->fingerprint = pb_case_store_get_answers_fingerprint (store, case_id, job->integrity->revision, &error)))
    {
      job->fingerprint_error = g_strdup (error->message);
      g_clear_error (&error);
    }
  else if (g_strcmp0 (job->fingerprint, job->integrity->answers_fingerprint) != 0)
    {
      /* A report signed on a server of schema 12 or older, in the order
       * of its database's collation. */
      gboolean holds = FALSE;

      if (pb_case_store_answers_fingerprint_holds (store, case_id, job->integrity->revision,
                                                   job->integrity->answers_fingerprint, &holds, NULL) && holds)
        {
          g_free (job->fingerprint);
          job->fingerprint = g_strdup (job->integrity->answers_fingerprint);
        }
    }

  if (!(history = pb_case_store_list_history (store, case_id, &error)))
    return;

  for (guint i = 0; i < g_list_model_get_n_items (history) && !job->head_in_history; i++)
    {
      g_autoptr(PbHistoryEvent) event = g_list_model_get_item (history, i);

      job->head_in_history = g_strcmp0 (pb_history_event_get_hash (event), job->integrity->history_head) == 0;
    }

  if (find_signed_event (history, job->sha256, &job->sign_off_seq, &revision, &job->sign_off_time))
    job->sealed_sha256 = g_strdup (job->sha256);
  for (guint i = 0; job->sealed_sha256 == NULL && i < job->revision_sha256s->len; i++)
    if (find_signed_event (history, g_ptr_array_index (job->revision_sha256s, i),
                           &job->sign_off_seq, &revision, &job->sign_off_time))
      job->sealed_sha256 = g_strdup (g_ptr_array_index (job->revision_sha256s, i));

  if (job->sealed_sha256 != NULL)
    {
      g_autoptr(GListModel) sign_offs = pb_case_store_list_sign_offs (store, case_id, revision, NULL);

      for (guint i = 0; sign_offs != NULL && i < g_list_model_get_n_items (sign_offs); i++)
        {
          g_autoptr(PbSignOff) sign_off = g_list_model_get_item (sign_offs, i);

          if (g_strcmp0 (pb_sign_off_get_report_sha256 (sign_off), job->sealed_sha256) == 0)
            g_set_object (&job->sign_off, sign_off);
        }
    }
}

static VerifyJob *
verify_job_new (PbCaseStore                *store,
                const char                 *case_id,
                GBytes                     *pdf,
                const PbValidationOptions  *options)
{
  g_autoptr(VerifyJob) job = g_new0 (VerifyJob, 1);
  g_autoptr(GError) error = NULL;

  job->pdf = g_bytes_ref (pdf);
  job->revision_sha256s = revision_sha256s (pdf, &job->sha256);
  job->expected_case_id = g_strdup (case_id);
  job->with_store = store != NULL;

  if (options != NULL)
    {
      job->trust_pem = options->trust_pem ? g_bytes_ref (options->trust_pem) : NULL;
      job->trust_name = g_strdup (options->trust_name);
      job->validation_time = options->validation_time ? g_date_time_ref (options->validation_time) : NULL;
      job->validation_time_reason = g_strdup (options->validation_time_reason);
    }

  if (store == NULL)
    return g_steal_pointer (&job);

  if (!(job->integrity = pb_report_read_integrity (pdf, &error)))
    {
      job->integrity_error = g_strdup (error->message);
      return g_steal_pointer (&job);
    }

  if (job->expected_case_id == NULL || g_strcmp0 (job->expected_case_id, job->integrity->case_id) == 0)
    read_case (job, store);

  /* Without a trusted time-stamp, the time the case vouches for: that of
   * the sign-off's event, which the hash chain holds, not the signer's
   * claimed /M. */
  if (job->validation_time == NULL && job->sign_off_time != NULL && job->chain_error == NULL)
    {
      job->validation_time = g_date_time_ref (job->sign_off_time);
      /* Translators: an event number and a case id */
      job->validation_time_reason = g_strdup_printf (_("the time of the sign-off recorded as event %u in the "
                                                       "hash-chained history of case %s"),
                                                     job->sign_off_seq, job->integrity->case_id);
    }

  return g_steal_pointer (&job);
}

/* Anywhere: the signatures. */
static gboolean
verify_job_validate (VerifyJob     *job,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  PbValidationOptions options = { 0 };

  options.trust_pem = job->trust_pem;
  options.trust_name = job->trust_name;
  options.validation_time = job->validation_time;
  options.validation_time_reason = job->validation_time_reason;

  if (!(job->validation = pb_pdf_validate (job->pdf, &options, &local_error)))
    {
      /* Unreadable trust anchors are the caller's mistake, not the report's. */
      if (g_error_matches (local_error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      job->signature_problem = g_strdup (local_error->message);
    }

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* The newest signature that is not a document time-stamp: whoever signed
 * the file as a whole. */
static PbPdfSignature *
newest_signer (PbPdfValidation *validation)
{
  for (guint i = validation->signatures->len; i > 0; i--)
    {
      PbPdfSignature *signature = g_ptr_array_index (validation->signatures, i - 1);

      if (!signature->is_document_timestamp)
        return signature;
    }

  return NULL;
}

static void
check_signer (PbReportVerification *self,
              VerifyJob            *job)
{
  PbPdfSignature *signature = job->validation ? newest_signer (job->validation) : NULL;
  const char *recorded = pb_sign_off_get_certificate_sha256 (job->sign_off);
  g_autofree char *detail = NULL;
  gboolean same;

  if (signature == NULL)
    {
      add_check (self, FALSE, _("The report is signed by the sign-off’s signer"), _("the report carries no signature"));
      return;
    }

  same = g_strcmp0 (signature->signer_name, pb_sign_off_get_name (job->sign_off)) == 0 &&
         (recorded == NULL || g_strcmp0 (signature->signer_fingerprint, recorded) == 0);
  if (same)
    detail = g_strdup (pb_sign_off_get_name (job->sign_off));
  else
    /* Translators: a person's name in a signature, then the name the sign-off records */
    detail = g_strdup_printf (_("signed by %s, but the sign-off records %s or another certificate"),
                              signature->signer_name ? signature->signer_name : "?",
                              pb_sign_off_get_name (job->sign_off));
  add_check (self, same, _("The report is signed by the sign-off’s signer"), detail);
}

/* The language the report says it is written in is the one its sign-off
 * recorded (sign-offs before schema 8 record none). */
static void
check_language (PbReportVerification *self,
                VerifyJob            *job)
{
  const char *recorded = pb_sign_off_get_language (job->sign_off);
  const char *printed = job->integrity->language;
  g_autofree char *detail = NULL;
  gboolean same = g_strcmp0 (recorded, printed) == 0;

  if (recorded == NULL)
    return;

  if (same)
    detail = g_strdup_printf ("%s (%s)", pb_i18n_get_language_name (recorded), recorded);
  else
    /* Translators: two language codes */
    detail = g_strdup_printf (_("the report says %s, the sign-off records %s"), printed ? printed : "?", recorded);
  add_check (self, same, _("Report language as recorded in the sign-off"), detail);
}

static void
check_case (PbReportVerification *self,
            VerifyJob            *job)
{
  PbReportIntegrity *integrity = job->integrity;
  g_autofree char *what = NULL;

  if (integrity == NULL)
    {
      add_check (self, FALSE, _("Integrity record"), job->integrity_error);
      return;
    }

  if (job->expected_case_id != NULL && g_strcmp0 (job->expected_case_id, integrity->case_id) != 0)
    {
      /* Translators: a case id */
      g_autofree char *detail = g_strdup_printf (_("it is a report of case %s"), integrity->case_id);

      /* Translators: a case id */
      what = g_strdup_printf (_("The report is of case %s"), job->expected_case_id);
      add_check (self, FALSE, what, detail);
      return;
    }

  /* Translators: a case id and a revision number */
  what = g_strdup_printf (_("Case %s revision %u is in the database"), integrity->case_id, integrity->revision);
  add_check (self, job->info != NULL, what, job->case_error);
  if (job->info == NULL)
    return;

  {
    /* Translators: a number of events */
    g_autofree char *detail = g_strdup_printf (_("%u events"), job->n_events);

    add_check (self, job->chain_error == NULL, _("History hash chain intact"),
               job->chain_error != NULL ? job->chain_error : detail);
  }

  if (job->sign_off != NULL)
    {
      g_autofree char *detail = NULL;
      g_autofree char *when = g_date_time_format (job->sign_off_time, "%Y-%m-%d %H:%M:%S UTC");

      /* Translators: a revision, a person's name, an event number and a date */
      detail = g_strdup_printf (_("revision %u, signed off by %s (event %u, %s)"),
                                pb_sign_off_get_revision (job->sign_off), pb_sign_off_get_name (job->sign_off),
                                job->sign_off_seq, when);
      if (g_strcmp0 (job->sealed_sha256, job->sha256) == 0)
        add_check (self, TRUE, _("This exact file is a signed-off report of the case"), detail);
      else
        add_check (self, TRUE, _("This file is a signed-off report of the case, extended since for long-term validation"),
                   detail);
      check_signer (self, job);
      check_language (self, job);
    }
  else
    {
      /* Translators: a case id, then a SHA-256 */
      g_autofree char *detail = g_strdup_printf (_("no sign-off of case %s records a report with SHA-256 %s: "
                                                   "it is not a report that was signed off"),
                                                 integrity->case_id, job->sha256);

      add_check (self, FALSE, _("This exact file is a signed-off report of the case"), detail);
    }

  if (g_strcmp0 (pb_case_info_get_questionnaire_sha256 (job->info), integrity->questionnaire_sha256) == 0)
    add_check (self, TRUE, _("Questionnaire SHA-256 matches"), NULL);
  else
    add_check (self, FALSE, _("Questionnaire SHA-256 differs"), pb_case_info_get_questionnaire_sha256 (job->info));

  if (job->fingerprint != NULL && g_strcmp0 (job->fingerprint, integrity->answers_fingerprint) == 0 &&
      (job->sign_off == NULL ||
       g_strcmp0 (pb_sign_off_get_answers_fingerprint (job->sign_off), integrity->answers_fingerprint) == 0))
    add_check (self, TRUE, _("Answers fingerprint matches"), NULL);
  else
    add_check (self, FALSE, _("Answers fingerprint differs: the stored answers are not those of the report"),
               job->fingerprint != NULL ? job->fingerprint : job->fingerprint_error);

  if (job->head_in_history &&
      (job->sign_off == NULL || g_strcmp0 (pb_sign_off_get_history_head (job->sign_off), integrity->history_head) == 0))
    add_check (self, TRUE, _("History head of the report is in the case’s history"), NULL);
  else
    add_check (self, FALSE, _("History head of the report is not the one signed off in the case’s history"),
               integrity->history_head);
}

/* In the calling thread again: the verdict. */
static PbReportVerification *
verify_job_conclude (VerifyJob *job)
{
  g_autoptr(PbReportVerification) self = g_object_new (PB_TYPE_REPORT_VERIFICATION, NULL);
  g_autofree char *case_problem = NULL;

  self->validation = job->validation ? pb_pdf_validation_ref (job->validation) : NULL;
  self->signature_problem = g_strdup (job->signature_problem);
  if (job->sign_off != NULL)
    self->sign_off = g_object_ref (job->sign_off);

  if (job->with_store)
    check_case (self, job);

  /* The signatures' problem comes first: it is what a validator says. */
  case_problem = g_steal_pointer (&self->problem);
  if (self->validation == NULL)
    self->problem = g_strdup (self->signature_problem);
  else if (!self->validation->valid)
    self->problem = g_strdup (self->validation->problem);
  if (self->problem == NULL)
    self->problem = g_steal_pointer (&case_problem);

  return g_steal_pointer (&self);
}

/* Public API -------------------------------------------------------------------- */

gboolean
pb_report_verification_is_valid (PbReportVerification *self)
{
  g_return_val_if_fail (PB_IS_REPORT_VERIFICATION (self), FALSE);

  return self->problem == NULL;
}

const char *
pb_report_verification_get_problem (PbReportVerification *self)
{
  g_return_val_if_fail (PB_IS_REPORT_VERIFICATION (self), NULL);

  return self->problem;
}

PbPdfValidation *
pb_report_verification_get_validation (PbReportVerification *self)
{
  g_return_val_if_fail (PB_IS_REPORT_VERIFICATION (self), NULL);

  return self->validation;
}

const char *
pb_report_verification_get_signature_problem (PbReportVerification *self)
{
  g_return_val_if_fail (PB_IS_REPORT_VERIFICATION (self), NULL);

  return self->signature_problem;
}

guint
pb_report_verification_get_n_checks (PbReportVerification *self)
{
  g_return_val_if_fail (PB_IS_REPORT_VERIFICATION (self), 0);

  return self->checks->len;
}

const char *
pb_report_verification_get_check_label (PbReportVerification *self,
                                        guint                 index)
{
  g_return_val_if_fail (PB_IS_REPORT_VERIFICATION (self), NULL);
  g_return_val_if_fail (index < self->checks->len, NULL);

  return g_array_index (self->checks, Check, index).label;
}

gboolean
pb_report_verification_get_check_passed (PbReportVerification *self,
                                         guint                 index)
{
  g_return_val_if_fail (PB_IS_REPORT_VERIFICATION (self), FALSE);
  g_return_val_if_fail (index < self->checks->len, FALSE);

  return g_array_index (self->checks, Check, index).passed;
}

const char *
pb_report_verification_get_check_detail (PbReportVerification *self,
                                         guint                 index)
{
  g_return_val_if_fail (PB_IS_REPORT_VERIFICATION (self), NULL);
  g_return_val_if_fail (index < self->checks->len, NULL);

  return g_array_index (self->checks, Check, index).detail;
}

PbSignOff *
pb_report_verification_get_sign_off (PbReportVerification *self)
{
  g_return_val_if_fail (PB_IS_REPORT_VERIFICATION (self), NULL);

  return self->sign_off;
}

PbReportVerification *
pb_workflow_verify_report (PbCaseStore                *store,
                           const char                 *case_id,
                           GBytes                     *pdf,
                           const PbValidationOptions  *options,
                           GCancellable               *cancellable,
                           GError                    **error)
{
  g_autoptr(VerifyJob) job = NULL;

  g_return_val_if_fail (store == NULL || PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  job = verify_job_new (store, case_id, pdf, options);
  if (!verify_job_validate (job, cancellable, error))
    return NULL;

  return verify_job_conclude (job);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!verify_job_validate (task_data, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
verify_thread_done_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, verify_job_conclude (g_task_get_task_data (task)), g_object_unref);
}

void
pb_workflow_verify_report_async (PbCaseStore                *store,
                                 const char                 *case_id,
                                 GBytes                     *pdf,
                                 const PbValidationOptions  *options,
                                 GCancellable               *cancellable,
                                 GAsyncReadyCallback         callback,
                                 gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  VerifyJob *job;

  g_return_if_fail (store == NULL || PB_IS_CASE_STORE (store));
  g_return_if_fail (pdf != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_workflow_verify_report_async);
  job = verify_job_new (store, case_id, pdf, options);
  g_task_set_task_data (task, job, (GDestroyNotify) verify_job_free);

  worker = g_task_new (NULL, cancellable, verify_thread_done_cb, g_object_ref (task));
  g_task_set_source_tag (worker, verify_thread);
  g_task_set_task_data (worker, job, NULL);
  g_task_run_in_thread (worker, verify_thread);
}

PbReportVerification *
pb_workflow_verify_report_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pb_workflow_verify_report_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
