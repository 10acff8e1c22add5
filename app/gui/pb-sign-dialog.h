/* pb-sign-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-case-store.h"

G_BEGIN_DECLS

#define PB_TYPE_SIGN_DIALOG (pb_sign_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PbSignDialog, pb_sign_dialog, PB, SIGN_DIALOG, AdwWindow)

/* Create signed report: a certificate on a PKCS#11 token (smartcard, HSM)
 * or in a PKCS#12 file (the choice remembered in @settings), its PIN or
 * passphrase (never remembered), the PAdES level (above B-B with the
 * time-stamp authority of @settings), where to save, the report's
 * language; renders, signs and records the sign-off off the main thread's
 * way, then opens the PDF. Emits ::signed (GFile *report) when the
 * sign-off is recorded and the file written. */
PbSignDialog *pb_sign_dialog_new              (GtkWindow    *parent,
                                               PbCaseStore  *store,
                                               const char   *case_id,
                                               PbCaseStatus  decision,
                                               GSettings    *settings);
void          pb_sign_dialog_set_passphrase   (PbSignDialog *self,
                                               const char   *passphrase);
void          pb_sign_dialog_set_output       (PbSignDialog *self,
                                               GFile        *file);
/* Whether to open the PDF in the user's viewer when done (default TRUE). */
void          pb_sign_dialog_set_open_report  (PbSignDialog *self,
                                               gboolean      open_report);
/* The code of the language the report is to be written in ("fr"): the
 * interface's unless the user chose another. */
const char   *pb_sign_dialog_get_language     (PbSignDialog *self);
/* Whether the certificates on tokens have been listed yet. */
gboolean      pb_sign_dialog_get_tokens_listed (PbSignDialog *self);
/* The error shown in the dialog, or NULL. */
const char   *pb_sign_dialog_get_error        (PbSignDialog *self);
/* Whether the case is being screened again (a newer list edition was
 * imported since its screening); Sign waits for it. */
gboolean      pb_sign_dialog_is_checking      (PbSignDialog *self);

G_END_DECLS
