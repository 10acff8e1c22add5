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
  char          *resolve;             /* what to find out when "unknown", or NULL */
  PbPrefill      prefill;             /* filled in from the country reference data */
  PbQuestion    *prefill_from;        /* the country question it is filled in for */
  char          *override_reason_id;
  PbQuestion    *override_reason;     /* the question that asks why it was overridden */
};

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
  char         *mitigated_if;         /* the first <mitigated-if> */
  PbExpr       *mitigated_expr;
  GPtrArray    *mitigations;          /* PbExpr: every <mitigated-if>, one step each */
  guint         profile;              /* index of the <likelihood> profile */
  const char   *profile_id;           /* its id, NULL for a fixed likelihood */
  PbRule      **folds;                /* the rules whose flags it folds into its own */
  guint         n_folds;
  char         *title;
  char         *rationale;
  char         *mitigation;
  char        **refs;
  PbExpr      **ref_ifs;              /* NULL, or one condition (or NULL) per ref */
  const char   *domain;
  PbSection    *section;
  guint        *reads;                /* question indices the condition reads */
  guint         n_reads;
};

/* One <carry> or <drop> of a <migration>: where an answer given under the
 * earlier version goes. */
typedef struct
{
  char         *from_version;         /* the version its <migration> maps from */
  char         *from_id;              /* the question of the earlier version */
  char         *to_id;                /* NULL for <drop> */
  char         *note;
  const char   *domain;
  char         *review_if;            /* a code: review only when it was answered/selected */
  guint         review : 1;           /* always ask the person to confirm */
  GPtrArray    *values;               /* char *: old code, new code, old code, new code ... */
} PbMigrationStep;

void _pb_migration_step_free (PbMigrationStep *step);

typedef struct
{
  double        add;
  PbExpr       *expr;
  char         *condition;            /* the source text */
  char         *label;                /* what it means, for people; may be NULL */
  char         *group;                /* factors of one group are exclusive states of one fact; may be NULL */
  const char   *domain;
} PbLikelihoodFactor;

/* One <likelihood> element: how likely misuse is, see METHOD.md. */
typedef struct
{
  char         *id;
  double        base;
  double        max;
  GArray       *factors;              /* PbLikelihoodFactor */
} PbLikelihoodProfile;

/* Likelihood inputs of the first profile: base, cap and the factors. */
void                      pb_questionnaire_get_likelihood   (PbQuestionnaire           *self,
                                                             double                    *base,
                                                             double                    *max,
                                                             const PbLikelihoodFactor **factors,
                                                             guint                     *n_factors);
guint                     pb_questionnaire_get_n_profiles   (PbQuestionnaire           *self);
const PbLikelihoodProfile *pb_questionnaire_get_profile     (PbQuestionnaire           *self,
                                                             guint                      index);
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
  guint        method;            /* the rating method: 1 or 2 (METHOD.md) */
  PbPurpose    purpose;           /* a deal assessment or a company check */
  GPtrArray   *families;          /* char *, NULL-terminated */

  GPtrArray   *sections;          /* PbSection */
  GPtrArray   *questions;         /* PbQuestion */
  GPtrArray   *rules;             /* PbRule */
  GPtrArray   *defines;           /* PbExpr */
  GPtrArray   *profiles;          /* PbLikelihoodProfile */
  GPtrArray   *migration_from;    /* char *: the versions the <migration>s map from */
  GPtrArray   *migration;         /* PbMigrationStep, of every <migration> */
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

void
_pb_likelihood_profile_free (PbLikelihoodProfile *profile);

/* The default profile, created on first use for a file without <likelihood>. */
PbLikelihoodProfile *
_pb_questionnaire_default_profile (PbQuestionnaire *self);

/* Appends a profile with base 1, max 4 and no factors. */
PbLikelihoodProfile *
_pb_questionnaire_add_profile (PbQuestionnaire *self);

/* What @self's conditions name: its questions, named conditions, rules and
 * sections (pb-questionnaire-loader.c). */
PbExprScope
_pb_questionnaire_get_expr_scope (PbQuestionnaire *self);

G_END_DECLS
