/* pb-case-copying.h: cases copied onto a team server or imported from a
 * case file, each signature they bring checked on what is copied
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-case-store.h"
#include "pb-list-edition.h"
#include "pb-signing.h"

G_BEGIN_DECLS

/* Whether every sign-off of @case_id in @source holds: its report verifies
 * (pb_workflow_verify_report()) against the case under @options' trust
 * (may be NULL: the system's). A file's people are its writer's word
 * (PROBITY_USER): only a report's signature says who signed it. Refused
 * with PB_STORAGE_ERROR_REFUSED naming the case, the signer, @source_name
 * (the file as people know it) and what @importing or copying leaves
 * undone. */
gboolean  pb_workflow_check_case_signatures (PbCaseStore                *source,
                                             const char                 *case_id,
                                             const char                 *source_name,
                                             gboolean                    importing,
                                             const PbValidationOptions  *options,
                                             GError                    **error);

/* pb_case_store_copy_case() (@source_name NULL), and onto a server only if
 * every sign-off holds (pb_workflow_check_case_signatures()), checked in
 * the read transaction the case is copied from. */
gboolean  pb_workflow_copy_case             (PbCaseStore                *target,
                                             PbCaseStore                *source,
                                             const char                 *case_id,
                                             const char                 *team,
                                             const PbValidationOptions  *options,
                                             gboolean                   *copied,
                                             guint                      *n_events,
                                             guint                      *n_files,
                                             GError                    **error);

/* Whether @target may take the cases @case_ids of @source as far as the
 * list editions their screenings name go (an import carries the screening
 * events, not the lists; db copy those pb_workflow_copy_list_editions()
 * could carry; @held: pb_case_store_list_editions()
 * of @target, NULL to read it here). Onto a server, which screens each
 * run again when it verifies, an edition it lacks refuses them
 * (PB_STORAGE_ERROR_REFUSED naming the editions and the cure); onto a
 * file *@note (may be NULL) gets what to tell (NULL: nothing missing).
 * @importing: the messages say a case file is imported rather than
 * cases copied. What db copy and case import share. */
gboolean  pb_workflow_check_list_editions   (PbCaseStore                *target,
                                             GPtrArray                  *held,
                                             PbCaseStore                *source,
                                             const char * const         *case_ids,
                                             gboolean                    importing,
                                             char                      **note,
                                             GError                    **error);

/* Copies into @target the list editions the screenings of @case_ids in
 * @source, a server, name that @target, a file, lacks and @source holds
 * (from a file, none: its editions are its writer's word; onto a server,
 * none: another server's are its superuser's word, and a server's lists
 * are its administrators' imports; pb_workflow_check_list_editions()
 * then refuses, naming them), each with its entries in its own
 * transaction (pb_list_copy_edition()), so that those screenings verify
 * in @target and the cases can be screened again there; *@copied (may
 * be NULL) gets the editions of @source copied, *@n_entries their
 * entries. What db copy runs before that check. */
gboolean  pb_workflow_copy_list_editions    (PbCaseStore                *target,
                                             PbCaseStore                *source,
                                             const char * const         *case_ids,
                                             GPtrArray                 **copied,
                                             guint                      *n_entries,
                                             GError                    **error);

/* Whether @target holds @edition of @source as @source does: the same
 * publisher, title, format, date, file name, size, import time, number
 * of entries and entries (by their SHA-256); PB_STORAGE_ERROR_TAMPERED
 * if not. */
gboolean  pb_workflow_verify_list_edition_copy (PbCaseStore             *target,
                                                PbCaseStore             *source,
                                                PbListEdition           *edition,
                                                GError                 **error);

/* pb_case_store_import_case(), checked on the private copy of @path the
 * import reads: the list editions as pb_workflow_check_list_editions()
 * (*@note, may be NULL, gets what to tell onto a file), and onto a
 * server every sign-off. */
gboolean  pb_workflow_import_case           (PbCaseStore                *store,
                                             const char                 *path,
                                             const PbValidationOptions  *options,
                                             char                      **case_id,
                                             gboolean                   *changed,
                                             char                      **note,
                                             GError                    **error);

G_END_DECLS
