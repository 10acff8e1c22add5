/* pb-sign-off.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include "pb-storage-types.h"

G_BEGIN_DECLS

/* A sign-off of a revision. The first one seals the revision.
 * Immutable: the store fills it in; its properties are read-only. */
#define PB_TYPE_SIGN_OFF (pb_sign_off_get_type ())

G_DECLARE_FINAL_TYPE (PbSignOff, pb_sign_off, PB, SIGN_OFF, GObject)

const char         *pb_sign_off_get_case_id             (PbSignOff *self);
guint               pb_sign_off_get_revision            (PbSignOff *self);
const char         *pb_sign_off_get_role                (PbSignOff *self);
const char         *pb_sign_off_get_name                (PbSignOff *self);
PbCaseStatus        pb_sign_off_get_decision            (PbSignOff *self);
const char         *pb_sign_off_get_reason              (PbSignOff *self);
const char         *pb_sign_off_get_conditions          (PbSignOff *self);
const char         *pb_sign_off_get_time                (PbSignOff *self);
const char         *pb_sign_off_get_report_sha256       (PbSignOff *self);
const char         *pb_sign_off_get_answers_fingerprint (PbSignOff *self);
const char         *pb_sign_off_get_history_head        (PbSignOff *self);
/* The signer's organisation, NULL when none was given. */
const char         *pb_sign_off_get_organisation        (PbSignOff *self);
/* Lowercase hex SHA-256 of the signing certificate; NULL for sign-offs
 * recorded before schema 3 or without one. */
const char         *pb_sign_off_get_certificate_sha256  (PbSignOff *self);
/* The code of the language the signed report is written in ("fr"); NULL
 * for sign-offs recorded before schema 8. */
const char         *pb_sign_off_get_language            (PbSignOff *self);

G_END_DECLS
