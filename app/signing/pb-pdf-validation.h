/* pb-pdf-validation.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-signing-types.h"

G_BEGIN_DECLS

/* Validation of every signature in a PDF, the way an expert's validator
 * (poppler's pdfsig, the EU DSS validator) judges them: each signature's
 * bytes, the revision of the file it covers and what was changed after it,
 * its certificate's usage and chain at a stated time. Nothing here knows
 * cases: callers compare the signer and the file's hash with their own
 * records. Fields are read-only. */

typedef enum
{
  PB_CHECK_SKIPPED,   /* not run: it does not apply, or an earlier check failed */
  PB_CHECK_PASSED,
  PB_CHECK_FAILED,
} PbCheckResult;

typedef enum
{
  PB_SIGNATURE_CHECK_BYTE_RANGE,   /* covers one whole revision of the file but its own /Contents */
  PB_SIGNATURE_CHECK_DIGEST,       /* the CMS signature is valid for the covered bytes */
  PB_SIGNATURE_CHECK_CHANGES,      /* nothing but signatures, timestamps and validation data came after it */
  PB_SIGNATURE_CHECK_CERT_USAGE,   /* key usage, extended key usage; not a CA, not self-signed */
  PB_SIGNATURE_CHECK_CHAIN,        /* chains up to a trust anchor at the validation time */
  PB_SIGNATURE_CHECK_REVOCATION,   /* not revoked at the validation time (CRL or OCSP) */
  PB_SIGNATURE_CHECK_TIMESTAMP,    /* the signature time-stamp token is valid (PAdES B-T) */
  PB_SIGNATURE_N_CHECKS
} PbSignatureCheck;

typedef enum
{
  PB_VALIDATION_TIME_NOW,          /* nothing better: the current time */
  PB_VALIDATION_TIME_CALLER,       /* the time the caller vouches for (PbValidationOptions) */
  PB_VALIDATION_TIME_TIMESTAMP,    /* the genTime of a valid signature time-stamp */
} PbValidationTimeSource;

typedef enum
{
  PB_PADES_LEVEL_NONE,             /* the signature itself is not valid */
  PB_PADES_LEVEL_B_B,
  PB_PADES_LEVEL_B_T,
  PB_PADES_LEVEL_B_LT,
  PB_PADES_LEVEL_B_LTA,
} PbPadesLevel;

typedef enum
{
  PB_PDF_CHANGE_SIGNATURE,         /* a later signature: allowed */
  PB_PDF_CHANGE_TIMESTAMP,         /* a document time-stamp: allowed */
  PB_PDF_CHANGE_VALIDATION_DATA,   /* a DSS (certificates, CRLs, OCSP responses): allowed */
  PB_PDF_CHANGE_MODIFICATION,      /* anything else: pages, content, annotations, form, metadata */
} PbPdfChangeKind;

typedef struct _PbPdfChange PbPdfChange;

struct _PbPdfChange
{
  PbPdfChangeKind kind;
  gboolean        allowed;
  guint           revision;     /* 1-based revision that made it; 0 for bytes in no revision */
  gint64          object;       /* the object concerned, 0 when none */
  char           *description;  /* translated */
};

typedef struct _PbPdfSignature PbPdfSignature;

struct _PbPdfSignature
{
  guint                   index;              /* 1-based, in the order of the revisions they cover */
  gboolean                is_document_timestamp;
  char                   *field_name;
  char                   *sub_filter;
  char                   *reason;
  char                   *location;

  /* What it covers. */
  gint64                  byte_range[4];
  guint                   revision;           /* 1-based revision it covers; 0 when it ends in none */
  gsize                   covered_end;        /* bytes [0, covered_end) but its /Contents */
  gboolean                covers_whole_file;  /* covered_end is the end of the file */
  GPtrArray              *changes;            /* PbPdfChange: what came after it, oldest first */

  /* Who signed. NULL when the CMS holds no usable signer certificate. */
  GBytes                 *signer_certificate; /* DER */
  char                   *signer_name;        /* the common name, else the whole subject */
  char                   *signer_subject;     /* RFC 2253 */
  char                   *signer_email;
  char                   *signer_fingerprint; /* lowercase hex SHA-256 of the DER */
  char                   *issuer_subject;

  /* When. */
  GDateTime              *claimed_time;       /* the signer's own word: /M, else the CMS signingTime */
  GDateTime              *timestamp_time;     /* genTime of a valid signature time-stamp, else NULL */
  GDateTime              *validation_time;    /* the time the chain was checked at */
  PbValidationTimeSource  validation_time_source;
  char                   *validation_time_reason;  /* translated: which time and why */

  PbCheckResult           checks[PB_SIGNATURE_N_CHECKS];
  char                   *details[PB_SIGNATURE_N_CHECKS];  /* translated; why, for a failed check */

  PbPadesLevel            level;
  char                   *level_reason;       /* translated: why no higher level */

  gboolean                valid;              /* every check that applies passed */

  GBytes                 *cms;                /* the /Contents, without its padding: a CMS or a time-stamp token */
};

typedef struct _PbPdfValidation PbPdfValidation;

struct _PbPdfValidation
{
  GPtrArray *signatures;     /* PbPdfSignature, oldest first */
  guint      n_revisions;
  gsize      file_size;
  char      *sha256;         /* lowercase hex SHA-256 of the whole file */
  gboolean   valid;          /* every signature valid and nothing but allowed changes after any */
  char      *problem;        /* translated: the first reason it is not valid, NULL when valid */
};

typedef struct
{
  /* Trust anchors as PEM, with a name for messages (a file name); NULL:
   * the system's trusted certificates. */
  GBytes     *trust_pem;
  const char *trust_name;

  /* The time to validate at when a signature has no valid time-stamp, and
   * why the caller vouches for it (say, "the sign-off recorded in the
   * case's history"); NULL: now. The signer's claimed /M is never used. */
  GDateTime  *validation_time;
  const char *validation_time_reason;
} PbValidationOptions;

#define PB_TYPE_PDF_CHANGE     (pb_pdf_change_get_type ())
#define PB_TYPE_PDF_SIGNATURE  (pb_pdf_signature_get_type ())
#define PB_TYPE_PDF_VALIDATION (pb_pdf_validation_get_type ())

GType            pb_pdf_change_get_type      (void) G_GNUC_CONST;
PbPdfChange     *pb_pdf_change_ref           (PbPdfChange     *change);
void             pb_pdf_change_unref         (PbPdfChange     *change);

GType            pb_pdf_signature_get_type   (void) G_GNUC_CONST;
PbPdfSignature  *pb_pdf_signature_ref        (PbPdfSignature  *signature);
void             pb_pdf_signature_unref      (PbPdfSignature  *signature);
/* Untranslated names for output meant for programs: "B-B" … "B-LTA". */
const char      *pb_pades_level_to_string    (PbPadesLevel     level);
/* "B-B", "B-T", "B-LT" or "B-LTA", in any case; FALSE for anything else. */
gboolean         pb_pades_level_from_string  (const char      *text,
                                              PbPadesLevel    *level);
/* Translated short names of the checks, for people. */
const char      *pb_signature_check_get_label (PbSignatureCheck check);

GType            pb_pdf_validation_get_type  (void) G_GNUC_CONST;
PbPdfValidation *pb_pdf_validation_ref       (PbPdfValidation *validation);
void             pb_pdf_validation_unref     (PbPdfValidation *validation);
/* The signature that covers the newest revision, or the last one. */
PbPdfSignature  *pb_pdf_validation_get_newest (PbPdfValidation *validation);

/* Validates every signature of @pdf. Returns NULL only when nothing can be
 * judged: the PDF cannot be read, holds no signature, or the trust anchors
 * cannot be read; otherwise a verdict, valid or not, with every detail.
 * @options may be NULL. Bounded in time and memory for hostile input. */
PbPdfValidation *pb_pdf_validate             (GBytes                     *pdf,
                                              const PbValidationOptions  *options,
                                              GError                    **error);

/* The same in a worker thread; @options is copied. */
void             pb_pdf_validate_async       (GBytes                     *pdf,
                                              const PbValidationOptions  *options,
                                              GCancellable               *cancellable,
                                              GAsyncReadyCallback         callback,
                                              gpointer                    user_data);
PbPdfValidation *pb_pdf_validate_finish      (GAsyncResult               *result,
                                              GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbPdfChange, pb_pdf_change_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbPdfSignature, pb_pdf_signature_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbPdfValidation, pb_pdf_validation_unref)

G_END_DECLS
