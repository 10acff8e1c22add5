/* pb-server-admin.h: setting up a team server on PostgreSQL: its schema,
 * its people and the questionnaires its cases may be pinned to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-countries.h"
#include "pb-questionnaire.h"

G_BEGIN_DECLS

/* The server schema this build installs, reads and writes
 * (app/storage/postgresql/schema-vN.sql). */
#define PB_SERVER_SCHEMA_VERSION 19

/* Asks for a password (NULL: none given); the caller clears and frees it. */
typedef char *(*PbServerAdminAskSecret) (const char *prompt);

/* How an approval of a questionnaire or of reference data stands. */
typedef enum
{
  PB_SERVER_APPROVAL_APPROVED,     /* cases may be pinned to it */
  PB_SERVER_APPROVAL_UNREVIEWED,   /* approved by the upgrade to schema 7 (10), reviewed by nobody */
  PB_SERVER_APPROVAL_WITHDRAWN,    /* no new case may be pinned to it */
} PbServerApprovalState;

/* What `db approve` did with one questionnaire or reference data. */
typedef enum
{
  PB_SERVER_APPROVE_ADDED,          /* approved now */
  PB_SERVER_APPROVE_AGAIN,          /* was withdrawn or unreviewed: approved again */
  PB_SERVER_APPROVE_ALREADY,        /* was approved already */
} PbServerApproveResult;

/* One approved questionnaire of a server, and its last change. */
typedef struct
{
  char                  *id;
  char                  *version;
  char                  *sha256;
  char                  *approved_by;
  char                  *approved;      /* "YYYY-MM-DD HH:MM UTC" */
  PbServerApprovalState  state;
  char                  *changed_by;    /* the last change: NULL when none */
  char                  *changed;
  char                  *reason;
  gboolean               shipped;       /* by this Probity */
} PbServerApproval;

void pb_server_approval_free (PbServerApproval *approval);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbServerApproval, pb_server_approval_free)

#define PB_TYPE_SERVER_ADMIN (pb_server_admin_get_type ())
G_DECLARE_FINAL_TYPE (PbServerAdmin, pb_server_admin, PB, SERVER_ADMIN, GObject)

/* Connects to @conninfo (a postgresql:// URI, key=value settings or
 * service=NAME), asking @ask_secret for a password when the server wants
 * one. No password is ever kept or put in a message. */
PbServerAdmin *pb_server_admin_connect            (const char              *conninfo,
                                                   PbServerAdminAskSecret   ask_secret,
                                                   GError                 **error);
/* "database “probity” on /run/postgresql:5432 as alice" */
char          *pb_server_admin_describe           (PbServerAdmin           *self);
const char    *pb_server_admin_get_user           (PbServerAdmin           *self);

/* The schema version installed: 0 for none. */
gboolean       pb_server_admin_read_version       (PbServerAdmin           *self,
                                                   int                     *version,
                                                   GError                 **error);
/* The channel `db init` notifies (the payload: the schema version) when it
 * is done, having maybe upgraded the schema: every PbCaseWatch listens to
 * it, beside the channels the server gives its person, and reads the
 * schema version again (pb-case-watch.c). */
#define PB_SERVER_SCHEMA_CHANNEL "probity_schema"

/* Installs or upgrades the schema and roles (a superuser), in one
 * transaction, and approves the questionnaires this Probity ships
 * (@approved: their names, for those approved now). @unreviewed gets the
 * names of the questionnaires approved by an upgrade that nobody reviewed,
 * when this one made or marked them; @unreviewed_references those of the
 * country reference data an upgrade approved that this Probity neither
 * ships nor uses. @from: the version before; @n_registered: how many of
 * this Probity's statements it registered that were not yet. As it
 * commits, it notifies PB_SERVER_SCHEMA_CHANNEL. */
gboolean       pb_server_admin_install            (PbServerAdmin           *self,
                                                   int                     *from,
                                                   guint                   *n_registered,
                                                   GPtrArray               *approved,
                                                   GPtrArray               *unreviewed,
                                                   GPtrArray               *unreviewed_references,
                                                   GError                 **error);
/* Refuses a server whose schema is not this build's. */
gboolean       pb_server_admin_require_current    (PbServerAdmin           *self,
                                                   GError                 **error);
/* Lets @name log in, in @role ("sales", "reviewer", "auditor", "admin")
 * and no other (one role per person: any other they held in this database
 * is taken, and set in @taken, an empty vector for none), @team, signing
 * as @display_name, for @organisation (each NULL: kept). */
gboolean       pb_server_admin_add_member         (PbServerAdmin           *self,
                                                   const char              *name,
                                                   const char              *role,
                                                   const char              *team,
                                                   const char              *display_name,
                                                   const char              *organisation,
                                                   char                  ***taken,
                                                   GError                 **error);
/* Takes every Probity role of the member @name in this database (set in
 * @taken, an empty vector for none): they no longer act in Probity there.
 * Their history, and the name and organisation it records, stay. */
gboolean       pb_server_admin_remove_member      (PbServerAdmin           *self,
                                                   const char              *name,
                                                   char                  ***taken,
                                                   GError                 **error);
/* Who is connected: role name, the name they sign as, their role (NULL:
 * none; every one they hold, joined by ", ", for someone given more than
 * one by hand), team and organisation (NULL: none). */
gboolean       pb_server_admin_read_identity      (PbServerAdmin           *self,
                                                   char                   **user,
                                                   char                   **name,
                                                   char                   **role,
                                                   char                   **team,
                                                   char                   **organisation,
                                                   GError                 **error);
/* Refuses someone who is neither an administrator nor a superuser, saying
 * that approving (or @withdrawing) needs one. */
gboolean       pb_server_admin_require_admin      (PbServerAdmin           *self,
                                                   gboolean                 withdrawing,
                                                   GError                 **error);
/* Approves every questionnaire of @questionnaires, all or none: @results
 * gets a PbServerApproveResult for each. */
gboolean       pb_server_admin_approve            (PbServerAdmin           *self,
                                                   GPtrArray               *questionnaires,
                                                   GArray                  *results,
                                                   GError                 **error);
/* Approves the country reference data @reference (schema 10): cases on
 * the server may pin it; approved again when the upgrade's alone, or
 * withdrawn (schema 12). */
gboolean       pb_server_admin_approve_reference  (PbServerAdmin           *self,
                                                   PbCountries             *reference,
                                                   PbServerApproveResult   *result,
                                                   GError                 **error);
/* Withdraws the approval of the questionnaire @sha256 (or of the country
 * reference data, when @reference), saying why; @name gets its name, as
 * in “surveillance-export” 2.0.0 (sha256 …). */
gboolean       pb_server_admin_withdraw           (PbServerAdmin           *self,
                                                   const char              *sha256,
                                                   gboolean                 reference,
                                                   const char              *reason,
                                                   char                   **name,
                                                   GError                 **error);
/* Every approved questionnaire (PbServerApproval), by id and version. */
GPtrArray     *pb_server_admin_list_approvals     (PbServerAdmin           *self,
                                                   GError                 **error);
/* Every approved country reference data (PbServerApproval: id "countries",
 * its state and last change as for a questionnaire; shipped when this
 * Probity ships or uses it), by version. */
GPtrArray     *pb_server_admin_list_reference_approvals (PbServerAdmin     *self,
                                                         GError           **error);

/* “surveillance-export” 2.0.0 (sha256 fe939fc7…): the exact bytes. */
char          *pb_server_describe_questionnaire   (const char              *id,
                                                   const char              *version,
                                                   const char              *sha256);

G_END_DECLS
