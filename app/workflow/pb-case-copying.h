/* pb-case-copying.h: cases copied onto a team server or imported from a
 * case file, each signature they bring checked on what is copied
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-case-store.h"
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

/* pb_case_store_import_case(), and onto a server only if every sign-off
 * holds, checked on the private copy of @path the import reads. */
gboolean  pb_workflow_import_case           (PbCaseStore                *store,
                                             const char                 *path,
                                             const PbValidationOptions  *options,
                                             char                      **case_id,
                                             gboolean                   *changed,
                                             GError                    **error);

G_END_DECLS
