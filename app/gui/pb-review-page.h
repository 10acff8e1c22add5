/* pb-review-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pb-case-store.h"
#include "pb-evaluation.h"

G_BEGIN_DECLS

#define PB_TYPE_REVIEW_PAGE (pb_review_page_get_type ())

G_DECLARE_FINAL_TYPE (PbReviewPage, pb_review_page, PB, REVIEW_PAGE, GtkWidget)

/* What the wizard's review page may offer to the person at the desk. */
typedef enum
{
  PB_REVIEW_MAY_EDIT   = 1 << 0,  /* a draft this person may answer */
  PB_REVIEW_MAY_DECIDE = 1 << 1,  /* a legal reviewer */
  PB_REVIEW_READ_ONLY  = 1 << 2,  /* a case file opened for reading */
} PbReviewFlags;

/* The review of a case, leading with its outcome, the next step, the
 * recorded decision and the flags that decide the outcome; then what is
 * missing and every answer. Its buttons use the wizard's actions; rows of
 * questions emit ::question-activated (const char *question_id). */
GtkWidget  *pb_review_page_new           (void);
void        pb_review_page_update        (PbReviewPage  *self,
                                          PbCaseStore   *store,
                                          const char    *case_id,
                                          PbEvaluation  *evaluation,
                                          PbAnswerSet   *answers,
                                          PbCaseStatus   status,
                                          PbReviewFlags  flags);
/* The button of the next step (or the first tool): where the keyboard
 * goes after a step is taken. */
GtkWidget  *pb_review_page_get_next_step (PbReviewPage  *self);

G_END_DECLS
