/* pb-expr.h: the condition language of questionnaires (FORMAT.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-answer.h"
#include "pb-questionnaire.h"

G_BEGIN_DECLS

typedef struct _PbExpr PbExpr;

/* Three-valued (Kleene) logic: a comparison that reads a missing answer or an
 * answer of "unknown" is UNKNOWN, and so is anything it decides. */
typedef enum
{
  PB_TRI_FALSE,
  PB_TRI_TRUE,
  PB_TRI_UNKNOWN,
} PbTri;

/* How the parser resolves names. Each callback returns FALSE when the name
 * is not defined; the parser then reports "unknown question 'X'" etc. */
typedef struct
{
  /* A question id: its index in document order and the question itself, so
   * that choice codes and types can be checked at parse time. */
  gboolean      (*lookup_question) (gpointer      user_data,
                                    const char   *name,
                                    guint        *index,
                                    PbQuestion  **question);
  /* A named condition (<define>), defined earlier in the file. */
  const PbExpr *(*lookup_define)   (gpointer      user_data,
                                    const char   *name);
  /* A rule id, defined earlier in the file (so no cycles can form). */
  gboolean      (*lookup_rule)     (gpointer      user_data,
                                    const char   *name,
                                    guint        *index);
  /* A section id. */
  gboolean      (*lookup_section)  (gpointer      user_data,
                                    const char   *name,
                                    guint        *index);
  gpointer        user_data;
} PbExprScope;

/* What evaluation reads. Arrays are indexed like the scope's indices. */
typedef struct
{
  const PbAnswer * const *answers;      /* by question: NULL when missing or hidden */
  guint                   n_answers;
  const PbSeverity       *flag_levels;  /* by rule: level of its flag so far, NONE if not raised */
  const guint            *rule_sections;/* by rule: section index, G_MAXUINT for none */
  guint                   n_rules;
  /* Optional, may be NULL. By rule: the flag was raised only as unresolved
   * (its condition read an "unknown"), so fired() and the counts are
   * unknown for it. By question: the answer differs from the reference
   * data it was filled in from (overridden()). */
  const guint8           *flag_unresolved;
  const guint8           *overridden;
} PbExprEnv;

/* The most steps one condition may take to evaluate, with the named
 * conditions it uses written out: more is a load error. It bounds the time
 * a hostile questionnaire can take (each step is a few nanoseconds), far
 * above what a real one needs. */
#define PB_EXPR_MAX_WORK 1000000

/* Parses @text, which must be of boolean type. On error, sets
 * PB_CORE_ERROR_EXPRESSION with a message such as
 * "unknown question 'S9.99'" and stores the byte offset of the offending
 * token in @error_offset, so that the caller can name the file position. */
PbExpr     *pb_expr_parse              (const char        *text,
                                        const PbExprScope *scope,
                                        gsize             *error_offset,
                                        GError           **error);
void        pb_expr_free               (PbExpr            *expr);
PbTri       pb_expr_eval               (const PbExpr      *expr,
                                        const PbExprEnv   *env);
/* Appends the indices of the questions the expression reads (through
 * named conditions too), without duplicates, to @indices (guint). */
void        pb_expr_collect_questions  (const PbExpr      *expr,
                                        GArray            *indices);
/* Appends the indices of the rules whose raised flags (in @env) the
 * expression reads, through named conditions too, without duplicates, to
 * @indices (guint): fired()'s rule if raised, and the raised rules that
 * flag_count() and flag_sections() count. */
void        pb_expr_collect_rules      (const PbExpr      *expr,
                                        const PbExprEnv   *env,
                                        GArray            *indices);
/* At most how many steps one evaluation takes, or collecting its rules,
 * when the questionnaire has @n_rules rules (flag_count() walks them). */
guint64     pb_expr_get_work           (const PbExpr      *expr,
                                        guint              n_rules);
/* Whether the expression reads any raised flag (fired(), flag_count(), ...). */
gboolean    pb_expr_reads_flags        (const PbExpr      *expr);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbExpr, pb_expr_free)

G_END_DECLS
