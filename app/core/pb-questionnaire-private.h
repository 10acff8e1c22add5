/* pb-questionnaire-private.h: the loaded model, for the evaluator and for
 * the pb-questionnaire-*.c files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-expr.h"
#include "pb-questionnaire.h"

G_BEGIN_DECLS

struct _PbChoice
{
  char         *code;
  char         *label;
  const char   *domain;
};

struct _PbSection
{
  char         *id;
  char         *title;
  char         *description;
  const char   *domain;
  guint         index;
  GPtrArray    *questions;            /* PbQuestion, not owned */
  char         *visible_if;
  PbExpr       *visible_expr;
  double        unknown_threshold;    /* < 0: none */
  PbRule       *unknown_rule;         /* the synthetic UNKNOWN-<id> rule, or NULL */
};

struct _PbQuestion
{
  char          *id;
  PbQuestionType type;
  PbSection     *section;
  guint          index;
  char          *label;
  char          *help;
  char         **refs;
  const char    *domain;
  guint          required : 1;
  guint          gate : 1;
  guint          allow_unknown : 1;
  guint          has_min : 1;
  guint          has_max : 1;
  double         min;
  double         max;
  char          *visible_if;
  PbExpr        *visible_expr;
  GPtrArray     *choices;             /* PbChoice, owned */
  GHashTable    *choice_by_code;      /* code → PbChoice, not owned */
};

typedef enum
{
  PB_RULE_KIND_RISK,
  PB_RULE_KIND_ASSURANCE,
} PbRuleKind;

struct _PbRule
{
  char         *id;
  guint         index;                /* G_MAXUINT for a synthetic rule */
  PbSeverity    severity;
  guint         likelihood;           /* 0: the computed likelihood */
  guint         hard_stop : 1;
  guint         compound : 1;
  guint         mitigable : 1;
  guint         consult_authority : 1;
  guint         synthetic : 1;        /* texts are already translated */
  PbRuleKind    kind;
  char         *condition;
  PbExpr       *when;
  char         *mitigated_if;
  PbExpr       *mitigated_expr;
  char         *title;
  char         *rationale;
  char         *mitigation;
  char        **refs;
  const char   *domain;
  PbSection    *section;
  guint        *reads;                /* question indices the condition reads */
  guint         n_reads;
};

typedef struct
{
  double        add;
  PbExpr       *expr;
} PbLikelihoodFactor;

/* Likelihood inputs: base, cap and the factors, see METHOD.md. */
void                      pb_questionnaire_get_likelihood   (PbQuestionnaire           *self,
                                                             double                    *base,
                                                             double                    *max,
                                                             const PbLikelihoodFactor **factors,
                                                             guint                     *n_factors);
/* By rule index: the section index of each rule, G_MAXUINT for none. */
const guint              *pb_questionnaire_get_rule_sections (PbQuestionnaire          *self);

struct _PbQuestionnaire
{
  GObject      parent_instance;

  char        *id;
  char        *version;
  char        *title;
  char        *description;
  char        *domain;
  char        *display_name;
  char        *sha256;
  GBytes      *bytes;
  GPtrArray   *families;          /* char *, NULL-terminated */

  GPtrArray   *sections;          /* PbSection */
  GPtrArray   *questions;         /* PbQuestion */
  GPtrArray   *rules;             /* PbRule */
  GPtrArray   *defines;           /* PbExpr */
  GArray      *factors;           /* PbLikelihoodFactor */
  double       likelihood_base;
  double       likelihood_max;
  guint       *rule_sections;

  GHashTable  *question_by_id;
  GHashTable  *define_by_id;
  GHashTable  *rule_by_id;
  GHashTable  *section_by_id;
};

/* pb-questionnaire.c */

void
_pb_choice_free (PbChoice *choice);

void
_pb_rule_free (PbRule *rule);

void
_pb_question_free (PbQuestion *question);

G_END_DECLS
