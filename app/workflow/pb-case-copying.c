/* pb-case-copying.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pb-case-copying.h"
#include "pb-case-screening.h"
#include "pb-list-importer.h"
#include "pb-list-store.h"
#include "pb-report-verification.h"

typedef struct
{
  const char                *source_name;
  gboolean                   importing;
  const PbValidationOptions *options;
  /* An import's: the store it goes into, the editions it holds, and the
   * note pb_workflow_check_list_editions() leaves. */
  PbCaseStore               *target;
  GPtrArray                 *held;
  char                      *note;
} SignatureCheck;

/* The first check of @verification against the case that failed, for
 * people, or NULL when they all held (the signature is what failed). */
static const char *
failed_case_check (PbReportVerification *verification)
{
  for (guint i = 0; i < pb_report_verification_get_n_checks (verification); i++)
    if (!pb_report_verification_get_check_passed (verification, i))
      {
        const char *detail = pb_report_verification_get_check_detail (verification, i);

        return detail != NULL ? detail : pb_report_verification_get_check_label (verification, i);
      }

  return NULL;
}

/* Refuses @sign_off, whose report @verification does not vouch for, saying
 * what failed: the case no longer matching what was signed (a file changed
 * by hand), a signature under the certification authorities given with
 * --ca, or under the system's (then --ca is the cure to name). */
static gboolean
refuse_sign_off (const char                 *case_id,
                 const char                 *source_name,
                 gboolean                    importing,
                 const PbValidationOptions  *options,
                 PbSignOff                  *sign_off,
                 PbReportVerification       *verification,
                 GError                    **error)
{
  const char *case_problem = failed_case_check (verification);
  const char *trust_name = options != NULL && options->trust_pem != NULL ? options->trust_name : NULL;

  if (case_problem != NULL && importing)
    /* Translators: a case id, a file name, a person's name, then what failed */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                 _("Case “%s” of the case file %s does not match the report “%s” signed, so it was changed "
                   "since: nothing was imported. %s"),
                 case_id, source_name, pb_sign_off_get_name (sign_off), case_problem);
  else if (case_problem != NULL)
    /* Translators: a case id, a database, a person's name, then what failed */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                 _("Case “%s” of %s does not match the report “%s” signed, so it was changed since: nothing "
                   "was copied. %s"),
                 case_id, source_name, pb_sign_off_get_name (sign_off), case_problem);
  else if (trust_name != NULL && importing)
    /* Translators: a case id, a file name, a person's name, a file of CA certificates, then why */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED,
                 _("Case “%s” of the case file %s is signed by “%s”, but the signature of its report does not hold "
                   "under the certification authorities of %s, and who signs in a file is the file’s word until a "
                   "report’s signature vouches for it: nothing was imported. Check the report with “probity-cli "
                   "verify”. %s"),
                 case_id, source_name, pb_sign_off_get_name (sign_off), trust_name,
                 pb_report_verification_get_problem (verification));
  else if (trust_name != NULL)
    /* Translators: a case id, a database, a person's name, a file of CA certificates, then why */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED,
                 _("Case “%s” of %s is signed by “%s”, but the signature of its report does not hold under the "
                   "certification authorities of %s, and who signs in a file is the file’s word until a report’s "
                   "signature vouches for it: nothing was copied. Check the report with “probity-cli verify”. %s"),
                 case_id, source_name, pb_sign_off_get_name (sign_off), trust_name,
                 pb_report_verification_get_problem (verification));
  else if (importing)
    /* Translators: a case id, a file name, a person's name, then why */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED,
                 _("Case “%s” of the case file %s is signed by “%s”, but the signature of its report does not hold "
                   "here, and who signs in a file is the file’s word until a report’s signature vouches for it: "
                   "nothing was imported. Check the report with “probity-cli verify”, or give the certification "
                   "authority that vouches for it with --ca. %s"),
                 case_id, source_name, pb_sign_off_get_name (sign_off),
                 pb_report_verification_get_problem (verification));
  else
    /* Translators: a case id, a database, a person's name, then why */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED,
                 _("Case “%s” of %s is signed by “%s”, but the signature of its report does not hold "
                   "here, and who signs in a file is the file’s word until a report’s signature vouches "
                   "for it: nothing was copied. Check the report with “probity-cli verify”, or give "
                   "the certification authority that vouches for it with --ca. %s"),
                 case_id, source_name, pb_sign_off_get_name (sign_off),
                 pb_report_verification_get_problem (verification));

  return FALSE;
}

static gboolean
check_signatures_cb (PbCaseStore  *source,
                     const char   *case_id,
                     gpointer      user_data,
                     GError      **error)
{
  SignatureCheck *check = user_data;

  return pb_workflow_check_case_signatures (source, case_id, check->source_name, check->importing, check->options,
                                            error);
}

/* An import's check: the list editions first, then on a server the
 * signatures. */
static gboolean
check_import_cb (PbCaseStore  *source,
                 const char   *case_id,
                 gpointer      user_data,
                 GError      **error)
{
  SignatureCheck *check = user_data;
  const char *ids[] = { case_id, NULL };

  g_clear_pointer (&check->note, g_free);
  if (!pb_workflow_check_list_editions (check->target, check->held, source, ids, TRUE, &check->note, error))
    return FALSE;

  return pb_case_store_get_server_user (check->target) == NULL ||
         check_signatures_cb (source, case_id, user_data, error);
}

/* Whether @editions holds the edition @screened names (its list, its
 * file's SHA-256). */
static PbListEdition *
find_edition (GPtrArray          *editions,
              PbScreenedEdition  *screened)
{
  for (guint i = 0; i < editions->len; i++)
    {
      PbListEdition *edition = g_ptr_array_index (editions, i);

      if (g_strcmp0 (pb_list_edition_get_list_id (edition), screened->list_id) == 0 &&
          g_strcmp0 (pb_list_edition_get_file_sha256 (edition), screened->file_sha256) == 0)
        return edition;
    }

  return NULL;
}

typedef void (*ScreenedEditionFunc) (PbScreenedEdition *screened,
                                     gpointer           user_data);

/* Calls @func once for each edition the screenings of @case_ids in
 * @source name that @held lacks. */
static gboolean
foreach_edition_lacking (PbCaseStore          *source,
                         GPtrArray            *held,
                         const char * const   *case_ids,
                         ScreenedEditionFunc   func,
                         gpointer              user_data,
                         GError              **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; case_ids[i] != NULL; i++)
    {
      g_autoptr(PbCaseScreening) screening = NULL;
      GPtrArray *runs;

      if (!(screening = pb_case_store_get_screening (source, case_ids[i], 0, error)))
        return FALSE;
      runs = pb_case_screening_get_runs (screening);
      for (guint r = 0; runs != NULL && r < runs->len; r++)
        {
          PbScreeningRun *run = g_ptr_array_index (runs, r);

          for (guint e = 0; e < run->editions->len; e++)
            {
              PbScreenedEdition *screened = g_ptr_array_index (run->editions, e);

              if (find_edition (held, screened) == NULL &&
                  g_hash_table_add (seen, g_strconcat (screened->list_id, " ", screened->file_sha256, NULL)))
                func (screened, user_data);
            }
        }
    }

  return TRUE;
}

static void
describe_edition_cb (PbScreenedEdition *screened,
                     gpointer           user_data)
{
  /* Translators: a list id, its title, its date of publication, then the SHA-256 of its file */
  g_string_append_printf (user_data, _("  %s: %s, published %s, file SHA-256 %s\n"), screened->list_id,
                          screened->title, screened->published != NULL ? screened->published : "?",
                          screened->file_sha256);
}

/* The list editions the screenings of @case_ids name that @held lacks,
 * one line each ("  list-id: title, published, SHA-256"); "" when it
 * holds them all. */
static char *
missing_list_editions (PbCaseStore         *source,
                       GPtrArray           *held,
                       const char * const  *case_ids,
                       GError             **error)
{
  g_autoptr(GString) lines = g_string_new (NULL);

  if (!foreach_edition_lacking (source, held, case_ids, describe_edition_cb, lines, error))
    return NULL;

  return g_string_free (g_steal_pointer (&lines), FALSE);
}

typedef struct
{
  GPtrArray *available;   /* the source's editions */
  GPtrArray *carry;       /* those of them to copy */
} Carrying;

static void
carry_edition_cb (PbScreenedEdition *screened,
                  gpointer           user_data)
{
  Carrying *carrying = user_data;
  PbListEdition *edition = find_edition (carrying->available, screened);

  if (edition != NULL)
    g_ptr_array_add (carrying->carry, g_object_ref (edition));
}

/* The editions of @source the screenings of @case_ids name that @target
 * lacks and @source holds, each once. */
static GPtrArray *
editions_to_carry (PbCaseStore         *target,
                   PbCaseStore         *source,
                   const char * const  *case_ids,
                   GError             **error)
{
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GPtrArray) available = NULL;
  g_autoptr(GPtrArray) carry = g_ptr_array_new_with_free_func (g_object_unref);
  Carrying carrying = { 0 };

  if (!(held = pb_case_store_list_editions (target, FALSE, error)) ||
      !(available = pb_case_store_list_editions (source, FALSE, error)))
    return NULL;

  carrying.available = available;
  carrying.carry = carry;
  if (!foreach_edition_lacking (source, held, case_ids, carry_edition_cb, &carrying, error))
    return NULL;

  return g_steal_pointer (&carry);
}

/* Public API -------------------------------------------------------------------- */

gboolean
pb_workflow_check_list_editions (PbCaseStore         *target,
                                 GPtrArray           *held,
                                 PbCaseStore         *source,
                                 const char * const  *case_ids,
                                 gboolean             importing,
                                 char               **note,
                                 GError             **error)
{
  g_autoptr(GPtrArray) held_here = NULL;
  g_autofree char *missing = NULL;
  const char *name;

  g_return_val_if_fail (PB_IS_CASE_STORE (target), FALSE);
  g_return_val_if_fail (PB_IS_CASE_STORE (source), FALSE);
  g_return_val_if_fail (case_ids != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (note != NULL)
    *note = NULL;
  if (held == NULL && !(held = held_here = pb_case_store_list_editions (target, FALSE, error)))
    return FALSE;
  if (!(missing = missing_list_editions (source, held, case_ids, error)))
    return FALSE;
  if (missing[0] == '\0')
    return TRUE;

  name = pb_case_store_get_display_name (target);
  /* A case import carries the screening events, not the lists, and db
   * copy carried those it could (pb_workflow_copy_list_editions()). On a
   * server verification screens each run again against its editions, and
   * one it does not hold breaks the case for good (a sealed case cannot
   * be screened again): the editions are imported first. A file only
   * leaves such a screening unchecked: it is told. */
  if (pb_case_store_is_server_location (pb_case_store_get_path (target)))
    {
      if (importing)
        /* Translators: a database, then lines naming list editions */
        g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED,
                     _("Nothing was imported: the case was screened against list editions %s does not hold, and "
                       "without them its screenings would not verify there:\n%s"
                       "Import the same list files there first (probity-cli lists import FILE), then import the "
                       "case again."), name, missing);
      else
        /* Translators: a database, then lines naming list editions */
        g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED,
                     _("Nothing was copied: the cases were screened against list editions %s does not hold, and "
                       "without them their screenings would not verify there:\n%s"
                       "Import the same list files there first (probity-cli lists import FILE), then copy again."),
                     name, missing);
      return FALSE;
    }

  if (note == NULL)
    return TRUE;
  if (importing)
    /* Translators: a database, then lines naming list editions */
    *note = g_strdup_printf (_("Note: the case was screened against list editions %s does not hold; its screenings "
                               "cannot be checked there until the same list files are imported (probity-cli lists "
                               "import FILE):\n%s"), name, missing);
  else
    /* Translators: a database, then lines naming list editions */
    *note = g_strdup_printf (_("Note: the cases were screened against list editions %s does not hold; their "
                               "screenings cannot be checked there until the same list files are imported "
                               "(probity-cli lists import FILE):\n%s"), name, missing);

  return TRUE;
}

gboolean
pb_workflow_check_case_signatures (PbCaseStore                *source,
                                   const char                 *case_id,
                                   const char                 *source_name,
                                   gboolean                    importing,
                                   const PbValidationOptions  *options,
                                   GError                    **error)
{
  g_autoptr(PbCaseInfo) info = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (source), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (source_name == NULL)
    source_name = pb_case_store_get_display_name (source);
  if (!(info = pb_case_store_get_case (source, case_id, error)))
    return FALSE;

  for (guint revision = 1; revision <= pb_case_info_get_revision (info); revision++)
    {
      g_autoptr(GListModel) sign_offs = pb_case_store_list_sign_offs (source, case_id, revision, error);

      if (sign_offs == NULL)
        return FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (sign_offs); i++)
        {
          g_autoptr(PbSignOff) sign_off = g_list_model_get_item (sign_offs, i);
          g_autoptr(PbReportVerification) verification = NULL;
          g_autoptr(GBytes) report = NULL;

          if (!(report = pb_case_store_get_report (source, case_id, pb_sign_off_get_report_sha256 (sign_off), error)) ||
              !(verification = pb_workflow_verify_report (source, case_id, report, options, NULL, error)))
            return FALSE;

          if (!pb_report_verification_is_valid (verification))
            return refuse_sign_off (case_id, source_name, importing, options, sign_off, verification, error);
        }
    }

  return TRUE;
}

gboolean
pb_workflow_copy_case (PbCaseStore                *target,
                       PbCaseStore                *source,
                       const char                 *case_id,
                       const char                 *team,
                       const PbValidationOptions  *options,
                       gboolean                   *copied,
                       guint                      *n_events,
                       guint                      *n_files,
                       GError                    **error)
{
  SignatureCheck check = { pb_case_store_get_display_name (source), FALSE, options };

  g_return_val_if_fail (PB_IS_CASE_STORE (target), FALSE);
  g_return_val_if_fail (PB_IS_CASE_STORE (source), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  /* A server's people are its own; a file's are its writer's word. */
  return pb_case_store_copy_case_checked (target, source, case_id, NULL, team,
                                          pb_case_store_get_server_user (target) != NULL ? check_signatures_cb : NULL,
                                          &check, copied, n_events, n_files, error);
}

gboolean
pb_workflow_import_case (PbCaseStore                *store,
                         const char                 *path,
                         const PbValidationOptions  *options,
                         char                      **case_id,
                         gboolean                   *changed,
                         char                      **note,
                         GError                    **error)
{
  g_autoptr(GPtrArray) held = NULL;
  SignatureCheck check = { path, TRUE, options, store, NULL, NULL };
  gboolean ok;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (note != NULL)
    *note = NULL;
  /* Read before the import begins: the check runs inside it. */
  if (!(held = check.held = pb_case_store_list_editions (store, FALSE, error)))
    return FALSE;

  ok = pb_case_store_import_case_checked (store, path, check_import_cb, &check, case_id, changed, error);
  if (ok && note != NULL)
    *note = g_steal_pointer (&check.note);
  g_free (check.note);

  return ok;
}

gboolean
pb_workflow_copy_list_editions (PbCaseStore         *target,
                                PbCaseStore         *source,
                                const char * const  *case_ids,
                                GPtrArray          **copied,
                                guint               *n_entries,
                                GError             **error)
{
  g_autoptr(GPtrArray) carry = NULL;
  g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (PB_IS_CASE_STORE (target), FALSE);
  g_return_val_if_fail (PB_IS_CASE_STORE (source), FALSE);
  g_return_val_if_fail (case_ids != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (copied != NULL)
    *copied = NULL;
  if (n_entries != NULL)
    *n_entries = 0;

  /* A file's editions are its writer's word: entries cut out, with the
   * count to match, under the SHA-256 of the publisher's file, would
   * pass every check here, and an edition held under that SHA-256 keeps
   * the publisher's file out for good (lists import takes it as imported
   * already), a listed party missed by every screening after. So are
   * another server's, its superuser's word (attack34 A2: any Probity
   * database on a cluster of one's own): onto a server none comes, its
   * lists are its administrators', imported from the publisher's file,
   * and pb_workflow_check_list_editions() refuses the copy naming every
   * edition missing. Only a server's come, onto a file (an auditor's
   * copy). */
  if (!pb_case_store_is_server_location (pb_case_store_get_path (source)) ||
      pb_case_store_is_server_location (pb_case_store_get_path (target)))
    {
      if (copied != NULL)
        *copied = g_steal_pointer (&done);
      return TRUE;
    }

  if (!(carry = editions_to_carry (target, source, case_ids, error)))
    return FALSE;

  for (guint i = 0; i < carry->len; i++)
    {
      PbListEdition *edition = g_ptr_array_index (carry, i);
      g_autoptr(PbListEdition) stored = NULL;
      gboolean already = FALSE;

      if (!(stored = pb_list_copy_edition (target, source, edition, &already, error)))
        {
          /* Translators: a list id, its title, a database, then why */
          g_prefix_error (error, _("The edition of list “%s” (%s) was not copied to %s: "),
                          pb_list_edition_get_list_id (edition), pb_list_edition_get_title (edition),
                          pb_case_store_get_display_name (target));
          return FALSE;
        }
      if (already)
        continue;
      g_ptr_array_add (done, g_object_ref (edition));
      if (n_entries != NULL)
        *n_entries += pb_list_edition_get_n_entries (stored);
    }

  if (copied != NULL)
    *copied = g_steal_pointer (&done);
  return TRUE;
}

static gboolean
collect_entry_cb (const char  *sha256,
                  const char  *data,
                  gpointer     user_data,
                  GError     **error)
{
  g_ptr_array_add (user_data, g_strdup (sha256));
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The SHA-256 of every entry of @edition, sorted. */
static GPtrArray *
entry_hashes (PbCaseStore    *store,
              PbListEdition  *edition,
              GError        **error)
{
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);

  if (!pb_case_store_foreach_list_entry (store, pb_list_edition_get_id (edition), collect_entry_cb, hashes, error))
    return NULL;
  g_ptr_array_sort (hashes, compare_strings);

  return g_steal_pointer (&hashes);
}

gboolean
pb_workflow_verify_list_edition_copy (PbCaseStore    *target,
                                      PbCaseStore    *source,
                                      PbListEdition  *edition,
                                      GError        **error)
{
  g_autoptr(PbListEdition) copy = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  g_autoptr(GPtrArray) ours = NULL;
  gboolean same;

  g_return_val_if_fail (PB_IS_CASE_STORE (target), FALSE);
  g_return_val_if_fail (PB_IS_CASE_STORE (source), FALSE);
  g_return_val_if_fail (PB_IS_LIST_EDITION (edition), FALSE);

  if (!(copy = pb_case_store_find_list_edition (target, pb_list_edition_get_list_id (edition),
                                                pb_list_edition_get_file_sha256 (edition), error)) ||
      !(theirs = entry_hashes (source, edition, error)) ||
      !(ours = entry_hashes (target, copy, error)))
    return FALSE;

  /* What a screening records of it, and what orders it among its list's. */
  same = g_strcmp0 (pb_list_edition_get_publisher (copy), pb_list_edition_get_publisher (edition)) == 0 &&
         g_strcmp0 (pb_list_edition_get_title (copy), pb_list_edition_get_title (edition)) == 0 &&
         g_strcmp0 (pb_list_edition_get_format (copy), pb_list_edition_get_format (edition)) == 0 &&
         g_strcmp0 (pb_list_edition_get_published (copy), pb_list_edition_get_published (edition)) == 0 &&
         g_strcmp0 (pb_list_edition_get_file_name (copy), pb_list_edition_get_file_name (edition)) == 0 &&
         g_strcmp0 (pb_list_edition_get_imported (copy), pb_list_edition_get_imported (edition)) == 0 &&
         pb_list_edition_get_file_size (copy) == pb_list_edition_get_file_size (edition) &&
         pb_list_edition_get_n_entries (copy) == pb_list_edition_get_n_entries (edition) &&
         ours->len == theirs->len;
  for (guint i = 0; same && i < ours->len; i++)
    same = strcmp (g_ptr_array_index (ours, i), g_ptr_array_index (theirs, i)) == 0;

  if (!same)
    {
      /* Translators: a list id, a SHA-256, then two databases */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                   _("The edition of list “%s” with file SHA-256 %s in %s is not the one in %s (its date, publisher, "
                     "size or entries differ)"),
                   pb_list_edition_get_list_id (edition), pb_list_edition_get_file_sha256 (edition),
                   pb_case_store_get_display_name (target), pb_case_store_get_display_name (source));
      return FALSE;
    }

  return TRUE;
}
