/* pb-migration.h: carrying answers into a new version of a questionnaire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-answer-set.h"
#include "pb-questionnaire.h"

G_BEGIN_DECLS

/* What happened to one answer. */
typedef enum
{
  PB_MIGRATION_CARRIED,     /* same question, same meaning, same answer */
  PB_MIGRATION_CONVERTED,   /* moved to another question or its code mapped */
  PB_MIGRATION_REVIEW,      /* carried, but the question changed: to confirm */
  PB_MIGRATION_DROPPED,     /* no longer asked; the note says where it went */
  PB_MIGRATION_ANEW,        /* not carried: must be answered anew */
} PbMigrationAction;

typedef struct
{
  PbMigrationAction  action;
  char              *from_id;   /* the question of the earlier version, or NULL */
  char              *to_id;     /* the question of the new version, or NULL */
  char              *note;      /* translated, or NULL */
} PbMigrationChange;

void                pb_migration_change_free          (PbMigrationChange *change);
/* "carried", "converted", "review", "dropped", "anew" */
const char         *pb_migration_action_to_string     (PbMigrationAction  action);

/* Whether @to declares a <migration> from @from's id and version. */
gboolean            pb_questionnaire_can_migrate_from (PbQuestionnaire   *to,
                                                       PbQuestionnaire   *from);
/* Carries @answers, given under @from, into @to through @to's <migration>
 * from @from's version. @changes receives a PbMigrationChange for every
 * answer, in @from's document order. Answers are never invented: what cannot be carried is
 * listed as ANEW. Fails only when @to has no migration from @from. */
PbAnswerSet        *pb_questionnaire_migrate_answers  (PbQuestionnaire   *to,
                                                       PbQuestionnaire   *from,
                                                       PbAnswerSet       *answers,
                                                       GPtrArray        **changes,
                                                       GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbMigrationChange, pb_migration_change_free)

G_END_DECLS
