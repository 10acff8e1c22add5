/* pb-actor.h: who acts on the case store, in which role, for which organisation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What a person at the desk does; the store refuses what the role may not.
 * On a single-user file this guards against mistakes, not against the
 * file's owner, who can act under any role (README, "Roles"). */
typedef enum
{
  PB_ROLE_SALES,      /* fills in assessments and submits them */
  PB_ROLE_REVIEWER,   /* legal reviewer: also decides, signs and reopens */
  PB_ROLE_AUDITOR,    /* reads and verifies; changes nothing */
} PbRole;

#define PB_TYPE_ROLE  (pb_role_get_type ())
#define PB_TYPE_ACTOR (pb_actor_get_type ())

GType         pb_role_get_type          (void) G_GNUC_CONST;
/* "sales", "reviewer", "auditor" */
const char   *pb_role_to_string         (PbRole       role);
gboolean      pb_role_from_string       (const char  *str,
                                         PbRole      *role);
/* Translated, for people: "Sales", "Legal reviewer", "Auditor" */
const char   *pb_role_get_label         (PbRole       role);
/* Translated, lower case, as a word within a sentence ("%s acts as %s"):
 * "sales", "legal reviewer", "auditor" */
const char   *pb_role_get_noun          (PbRole       role);
/* Cases, answers, evidence, submission, imports. */
gboolean      pb_role_can_edit          (PbRole       role);
/* Decisions, sending back, signing, reopening. */
gboolean      pb_role_can_decide        (PbRole       role);

/* The acting person, recorded with every history event. Immutable. */
G_DECLARE_FINAL_TYPE (PbActor, pb_actor, PB, ACTOR, GObject)

/* @name must not be blank; @organisation may be NULL or empty. */
PbActor      *pb_actor_new              (const char  *name,
                                         PbRole       role,
                                         const char  *organisation);
const char   *pb_actor_get_name         (PbActor     *self);
PbRole        pb_actor_get_role         (PbActor     *self);
/* NULL when none was given. */
const char   *pb_actor_get_organisation (PbActor     *self);
/* Whether @name names this actor: the same words, ignoring case and
 * spacing ("ingrid  LARSSON" is Ingrid Larsson). */
gboolean      pb_actor_is_named         (PbActor     *self,
                                         const char  *name);
/* "Ingrid Larsson (Legal reviewer, Acme AB)", for people. */
char         *pb_actor_to_display       (PbActor     *self);

/* The same comparison between two names, for records of earlier actors. */
gboolean      pb_actor_names_equal      (const char  *a,
                                         const char  *b);
/* The name to act under when none is configured: the user's real name,
 * else the login name. Free with g_free(). */
char         *pb_actor_dup_default_name (void);

G_END_DECLS
