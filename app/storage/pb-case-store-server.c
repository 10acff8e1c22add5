/* pb-case-store-server.c: a case store on a PostgreSQL server: its schema
 * (installed by `probity-cli db init`, never by the store), and who acts,
 * which is whom the server authenticated, in the role the server gives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include "pb-i18n.h"

#include "pb-case-store-private.h"
#include "pb-db-pg.h"
#include "pb-db-statements.h"
#include "pb-server-admin.h"

/* The server schema this build reads and writes (app/storage/postgresql). */
#define SERVER_SCHEMA_VERSION PB_SERVER_SCHEMA_VERSION
/* The first that searches words (schema-v4.sql). */
#define SERVER_SCHEMA_SEARCH 4
/* The first that keeps the questionnaires an administrator approved. */
#define SERVER_SCHEMA_APPROVED 7
/* The first whose notifications name no case (schema-v9.sql). */
#define SERVER_SCHEMA_PRIVATE_NOTIFY 9
/* Where every case's id was notified before that. */
#define SERVER_CHANNEL_ALL "probity_cases"
/* The first that keeps each member's organisation, and withdraws approvals. */
#define SERVER_SCHEMA_ORGANISATION 10
/* The first where people remove answers and evidence through functions. */
#define SERVER_SCHEMA_REMOVE 11
/* The first whose reference data approvals are withdrawn and reviewed. */
#define SERVER_SCHEMA_REFERENCE_CHANGES 12
/* The first that shows a sales person their team's customers and products
 * only (schema-v8.sql): until 16 its policy refuses what this build adds
 * there, whose keys it reads back (RETURNING) as schema 16 lets it. */
#define SERVER_SCHEMA_TEAM_CATALOG 8

/* The server's schema is db init's, owned by a role nobody logs in as:
 * what the store checks is that it knows its version. */
gboolean
_pb_case_store_check_server_schema (PbCaseStore  *self,
                                    GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 version;

  if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT max (version) FROM probity_schema"), error)))
    return FALSE;

  if (pb_db_stmt_step (stmt, &local_error) != PB_DB_ROW || pb_db_stmt_column_is_null (stmt, 0))
    {
      /* Translators: a database, then the server's message (or nothing) */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_A_DATABASE,
                   _("%s holds no Probity schema (%s); an administrator sets it up with "
                     "“probity-cli db init”"),
                   pb_db_get_name (self->db), local_error != NULL ? local_error->message : "-");
      return FALSE;
    }

  version = pb_db_stmt_column_int64 (stmt, 0);
  if (version > SERVER_SCHEMA_VERSION)
    {
      /* Translators: a database, its schema version and the one this program knows */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TOO_NEW,
                   _("%s was set up by a newer version of Probity (schema %lld, this program "
                     "knows %d); it was left untouched. Update Probity to use it."),
                   pb_db_get_name (self->db), (long long) version, SERVER_SCHEMA_VERSION);
      return FALSE;
    }
  self->server_schema = version;

  return TRUE;
}

/* Whether answers and evidence are removed through probity.remove_answer()
 * and probity.remove_evidence() (no DELETE on them: schema-v11.sql). */
gboolean
_pb_case_store_server_removes (PbCaseStore *self)
{
  return self->server_user != NULL && self->server_schema >= SERVER_SCHEMA_REMOVE;
}

/* Whether the server keeps an index of the cases' words. */
gboolean
_pb_case_store_server_searches (PbCaseStore *self)
{
  return self->server_user != NULL && self->server_schema >= SERVER_SCHEMA_SEARCH;
}

/* How the approval of the questionnaire @sha256 stands on a server of
 * schema 10: @withdrawn_by is NULL unless it was withdrawn. */
static gboolean
read_withdrawal (PbCaseStore  *self,
                 const char   *sha256,
                 gboolean     *approved,
                 char        **withdrawn_by,
                 char        **withdrawn,
                 char        **reason,
                 GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int step;

  if (!(stmt = pb_db_prepare (self->db,
                              PB_SQL ("SELECT c.change, c.changed_by,"
                                      "       to_char (c.changed AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"'), c.reason"
                                      "  FROM approved_questionnaires a"
                                      "  LEFT JOIN LATERAL (SELECT x.change, x.changed_by, x.changed, x.reason"
                                      "                       FROM approval_changes x WHERE x.sha256 = a.sha256"
                                      "                      ORDER BY x.id DESC LIMIT 1) c ON true"
                                      " WHERE a.sha256 = ?1"),
                              error)))
    return FALSE;
  pb_db_stmt_bind_text (stmt, 1, sha256);
  if ((step = pb_db_stmt_step (stmt, error)) == 0)
    return FALSE;

  *approved = step == PB_DB_ROW;
  *withdrawn_by = *withdrawn = *reason = NULL;
  if (step == PB_DB_ROW && g_strcmp0 (pb_db_stmt_column_text (stmt, 0), "withdrawn") == 0)
    {
      *withdrawn_by = g_strdup (pb_db_stmt_column_text (stmt, 1));
      *withdrawn = g_strdup (pb_db_stmt_column_text (stmt, 2));
      *reason = g_strdup (pb_db_stmt_column_text (stmt, 3));
    }

  return TRUE;
}

/* On a server, a case is pinned only to a questionnaire an administrator
 * approved, and whose approval nobody withdrew: the server refuses any
 * other (schema-v7.sql, schema-v10.sql); this says so first, in the
 * person's language. */
gboolean
_pb_case_store_check_questionnaire_approved (PbCaseStore      *self,
                                             PbQuestionnaire  *questionnaire,
                                             GError          **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autofree char *withdrawn_by = NULL;
  g_autofree char *withdrawn = NULL;
  g_autofree char *reason = NULL;
  gboolean approved;
  int step;

  if (self->server_user == NULL || self->server_schema < SERVER_SCHEMA_APPROVED)
    return TRUE;

  if (self->server_schema >= SERVER_SCHEMA_ORGANISATION)
    {
      if (!read_withdrawal (self, pb_questionnaire_get_sha256 (questionnaire), &approved, &withdrawn_by, &withdrawn,
                            &reason, error))
        return FALSE;
    }
  else
    {
      if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT 1 FROM approved_questionnaires WHERE sha256 = ?1"), error)))
        return FALSE;
      pb_db_stmt_bind_text (stmt, 1, pb_questionnaire_get_sha256 (questionnaire));
      if ((step = pb_db_stmt_step (stmt, error)) == 0)
        return FALSE;
      approved = step == PB_DB_ROW;
    }

  if (!approved)
    {
      /* Translators: a database, a questionnaire id, its version, then its SHA-256 */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("No administrator of %s approved the questionnaire “%s” %s (sha256 %s): it is not one "
                     "Probity ships, or its bytes were changed, and a case on the server is rated only with an "
                     "approved one. Choose an installed questionnaire, or ask an administrator to approve the "
                     "file with “probity-cli db approve CONNECTION FILE”."),
                   pb_db_get_name (self->db), pb_questionnaire_get_id (questionnaire),
                   pb_questionnaire_get_version (questionnaire), pb_questionnaire_get_sha256 (questionnaire));
      return FALSE;
    }

  if (withdrawn_by != NULL)
    {
      /* Translators: a questionnaire id, its version, its SHA-256, a database, who withdrew its approval, when,
       * then why */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("The approval of the questionnaire “%s” %s (sha256 %s) on %s was withdrawn by %s, %s: “%s”. "
                     "No new case is rated with it; choose another questionnaire."),
                   pb_questionnaire_get_id (questionnaire), pb_questionnaire_get_version (questionnaire),
                   pb_questionnaire_get_sha256 (questionnaire), pb_db_get_name (self->db), withdrawn_by, withdrawn,
                   reason != NULL ? reason : "");
      return FALSE;
    }

  return TRUE;
}

/* A case whose questionnaire's approval an administrator withdrew, or
 * its country reference data's, is rejected, or assessed again: it is
 * not approved, nor its approval signed. The server refuses it too
 * (schema-v12.sql, review14c F5, review14d G7); this says so first, in
 * the person's language. */
gboolean
_pb_case_store_check_approvals_in_force (PbCaseStore  *self,
                                         const char   *case_id,
                                         GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(PbDbStmt) reference = NULL;
  int step;

  if (self->server_user == NULL || self->server_schema < SERVER_SCHEMA_ORGANISATION)
    return TRUE;

  if (!(stmt = pb_db_prepare (self->db,
                              PB_SQL ("SELECT q.qid, q.version, q.sha256, w.changed_by,"
                                      "       to_char (w.changed AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"'), w.reason"
                                      "  FROM cases c JOIN questionnaires q ON q.sha256 = c.questionnaire_sha256"
                                      "  JOIN LATERAL (SELECT x.change, x.changed_by, x.changed, x.reason"
                                      "                  FROM approval_changes x WHERE x.sha256 = c.questionnaire_sha256"
                                      "                 ORDER BY x.id DESC LIMIT 1) w ON w.change = 'withdrawn'"
                                      " WHERE c.id = ?1"),
                              error)))
    return FALSE;
  pb_db_stmt_bind_text (stmt, 1, case_id);
  if ((step = pb_db_stmt_step (stmt, error)) == 0)
    return FALSE;
  if (step == PB_DB_ROW)
    {
      /* Translators: a questionnaire id, its version, its SHA-256, a case id, who withdrew the questionnaire's
       * approval, when, then why */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED,
                   _("The approval of the questionnaire “%s” %s (sha256 %s) of case “%s” was withdrawn by %s, %s: "
                     "“%s”. The case can be rejected, but not approved, nor its approval signed: assess it again "
                     "on the current questionnaire."),
                   pb_db_stmt_column_text (stmt, 0), pb_db_stmt_column_text (stmt, 1),
                   pb_db_stmt_column_text (stmt, 2), case_id, pb_db_stmt_column_text (stmt, 3),
                   pb_db_stmt_column_text (stmt, 4),
                   pb_db_stmt_column_text (stmt, 5) != NULL ? pb_db_stmt_column_text (stmt, 5) : "");
      return FALSE;
    }

  if (self->server_schema < SERVER_SCHEMA_REFERENCE_CHANGES)
    return TRUE;

  if (!(reference = pb_db_prepare (self->db,
                                   PB_SQL ("SELECT d.version, d.sha256, w.changed_by,"
                                           "       to_char (w.changed AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"'),"
                                           "       w.reason"
                                           "  FROM cases c JOIN reference_data d ON d.sha256 = c.reference_sha256"
                                           "  JOIN LATERAL (SELECT x.change, x.changed_by, x.changed, x.reason"
                                           "                  FROM reference_approval_changes x"
                                           "                 WHERE x.sha256 = c.reference_sha256"
                                           "                 ORDER BY x.id DESC LIMIT 1) w ON w.change = 'withdrawn'"
                                           " WHERE c.id = ?1"),
                                   error)))
    return FALSE;
  pb_db_stmt_bind_text (reference, 1, case_id);
  if ((step = pb_db_stmt_step (reference, error)) == 0)
    return FALSE;
  if (step != PB_DB_ROW)
    return TRUE;

  /* Translators: a version of the country reference data, its SHA-256, a case id, who withdrew the data's
   * approval, when, then why */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED,
               _("The approval of the country reference data %s (sha256 %s) of case “%s” was withdrawn by %s, %s: "
                 "“%s”. The case can be rejected, but not approved, nor its approval signed: assess it again with "
                 "approved data."),
               pb_db_stmt_column_text (reference, 0), pb_db_stmt_column_text (reference, 1), case_id,
               pb_db_stmt_column_text (reference, 2), pb_db_stmt_column_text (reference, 3),
               pb_db_stmt_column_text (reference, 4) != NULL ? pb_db_stmt_column_text (reference, 4) : "");
  return FALSE;
}

gboolean
pb_case_store_read_questionnaire_withdrawal (PbCaseStore  *self,
                                             const char   *sha256,
                                             char        **withdrawn_by,
                                             char        **withdrawn,
                                             char        **reason,
                                             GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  gboolean approved;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);

  *withdrawn_by = *withdrawn = *reason = NULL;
  if (self->server_user == NULL || self->server_schema < SERVER_SCHEMA_ORGANISATION)
    return TRUE;

  return read_withdrawal (self, sha256, &approved, withdrawn_by, withdrawn, reason, error);
}

/* Whether an administrator of the server approved the reference data
 * @sha256 (schema-v10.sql), not only its upgrade because older cases were
 * pinned to it (by_upgrade), and nobody withdrew the approval since
 * (schema-v12.sql); FALSE on a file or an older server. */
gboolean
_pb_case_store_server_reference_approved (PbCaseStore  *self,
                                          const char   *sha256,
                                          gboolean     *approved,
                                          GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int step;

  *approved = FALSE;
  if (self->server_user == NULL || self->server_schema < SERVER_SCHEMA_ORGANISATION)
    return TRUE;

  if (!(stmt = pb_db_prepare (self->db,
                              self->server_schema >= SERVER_SCHEMA_REFERENCE_CHANGES
                              ? PB_SQL ("SELECT 1 WHERE reference_approval_state (?1) = 'approved'")
                              : PB_SQL ("SELECT 1 FROM approved_reference_data WHERE sha256 = ?1 AND NOT by_upgrade"),
                              error)))
    return FALSE;
  pb_db_stmt_bind_text (stmt, 1, sha256);
  if ((step = pb_db_stmt_step (stmt, error)) == 0)
    return FALSE;

  *approved = step == PB_DB_ROW;

  return TRUE;
}

/* session_user, and the role the server's groups give it (none for someone
 * who is no member of them, or only an administrator), the name they sign
 * under and every role they hold; and which cases the row-level security
 * of case_list lets them see (schema-v1.sql, case_list_read), said again
 * as a condition an index serves. Read again (@changed: whether any of it
 * changed since), not the organisation. */
static gboolean
read_roles (PbCaseStore  *self,
            gboolean     *changed,
            GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  gboolean sales, reviewer, member, admin;
  PbRole role = PB_ROLE_SALES;
  const char *name;
  guint roles;

  if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT session_user, session_role (), my_name (), holds ('admin'), "
                                                "holds ('auditor'), holds ('sales') AND my_team () IS NOT NULL, "
                                                "holds ('reviewer'), holds ('sales')"),
                              error)) ||
      pb_db_stmt_step (stmt, error) != PB_DB_ROW)
    return FALSE;

  member = pb_role_from_string (pb_db_stmt_column_text (stmt, 1), &role);
  name = pb_db_stmt_column_text (stmt, 2);
  admin = g_strcmp0 (pb_db_stmt_column_text (stmt, 3), "t") == 0;
  sales = pb_db_stmt_column_int (stmt, 5);
  reviewer = pb_db_stmt_column_int (stmt, 6);
  roles = (pb_db_stmt_column_int (stmt, 7) ? 1u << PB_ROLE_SALES : 0) |
          (reviewer ? 1u << PB_ROLE_REVIEWER : 0) |
          (pb_db_stmt_column_int (stmt, 4) ? 1u << PB_ROLE_AUDITOR : 0);

  *changed = self->server_user != NULL &&
             (member != self->server_member || (member && role != self->server_role) ||
              g_strcmp0 (name, self->server_name) != 0 || admin != self->server_admin || roles != self->server_roles);
  if (self->server_user == NULL)
    self->server_user = g_strdup (pb_db_stmt_column_text (stmt, 0));
  self->server_member = member;
  self->server_role = role;
  g_free (self->server_name);
  self->server_name = g_strdup (name);
  self->server_admin = admin;
  self->server_roles = roles;
  self->server_creates = sales;

  /* (SELECT my_team ()): asked once per query, not once per row. */
  if (pb_db_stmt_column_int (stmt, 4))
    self->server_visible = "";
  else if (sales && reviewer)
    self->server_visible = " AND (l.team = (SELECT my_team ()) OR l.submitted)";
  else if (sales)
    self->server_visible = " AND l.team = (SELECT my_team ())";
  else if (reviewer)
    self->server_visible = " AND l.submitted";
  else
    self->server_visible = " AND FALSE";

  return TRUE;
}

static gboolean
read_identity (PbCaseStore  *self,
               GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  gboolean changed;

  if (!read_roles (self, &changed, error))
    return FALSE;

  /* The organisation every event of theirs carries (schema-v10.sql). */
  if (self->server_schema >= SERVER_SCHEMA_ORGANISATION)
    {
      if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT my_organisation ()"), error)) ||
          pb_db_stmt_step (stmt, error) != PB_DB_ROW)
        return FALSE;
      self->server_organisation = g_strdup (pb_db_stmt_column_text (stmt, 0));
    }

  return TRUE;
}

gboolean
_pb_case_store_server_read_organisation (PbCaseStore *self)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  const char *organisation;
  gboolean changed = FALSE;

  if (self->server_user == NULL)
    return FALSE;

  /* The name and roles too, as the organisation: an administrator may
   * have changed them since the person connected. */
  if (!read_roles (self, &changed, &error))
    {
      g_debug ("%s: the roles were not read again: %s", self->path, error ? error->message : "");
      return FALSE;
    }
  self->server_identity_changed |= changed;

  if (self->server_schema < SERVER_SCHEMA_ORGANISATION)
    return FALSE;
  if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT my_organisation ()"), &error)) ||
      pb_db_stmt_step (stmt, &error) != PB_DB_ROW)
    {
      g_debug ("%s: the organisation was not read again: %s", self->path, error ? error->message : "");
      return FALSE;
    }

  organisation = pb_db_stmt_column_text (stmt, 0);
  if (g_strcmp0 (organisation, self->server_organisation) == 0)
    return FALSE;

  /* The events written from now on carry it
   * (_pb_case_store_acting_organisation()). The actor is left as it is
   * until the write ends (_pb_case_store_server_update_identity()): callers
   * hold it, and this runs inside a write. */
  g_free (self->server_organisation);
  self->server_organisation = g_strdup (organisation);
  self->server_identity_changed = TRUE;

  return TRUE;
}

void
_pb_case_store_server_update_identity (PbCaseStore *self,
                                       gboolean     refused)
{
  PbDbPgFailure failure;
  g_autoptr(PbActor) actor = NULL;

  if (self->server_user == NULL)
    return;

  /* Refused: maybe because an administrator took a role away since the
   * person connected (the server refuses anyway); read what the server
   * says of them again, unless the server cannot be asked now. */
  failure = pb_db_pg_get_failure (PB_DB_PG (self->db));
  if (refused && failure != PB_DB_PG_FAILURE_CONNECTION && failure != PB_DB_PG_FAILURE_UNKNOWN &&
      !pb_db_in_transaction (self->db) && pb_db_pg_is_connected (PB_DB_PG (self->db)))
    _pb_case_store_server_read_organisation (self);

  if (!self->server_identity_changed)
    return;
  self->server_identity_changed = FALSE;

  /* The actor the store acts as, in the role the server gives the person
   * now: a reviewer whose role was taken away is shown as one who no
   * longer approves. Their organisation and name are the server's
   * already wherever they are written (_pb_case_store_acting_organisation(),
   * server_name). */
  if (self->actor != NULL && _pb_case_store_is_server_person (self, pb_actor_get_name (self->actor)))
    {
      actor = _pb_case_store_server_actor (self, pb_actor_get_organisation (self->actor));
      if (pb_actor_get_role (actor) != pb_actor_get_role (self->actor))
        pb_case_store_set_actor (self, actor);
    }
  /* What shows who they are follows a second role, a new name too. */
  _pb_case_store_emit_identity_changed (self);
}

void
_pb_case_store_server_read_identity_again (PbCaseStore *self)
{
  PB_CASE_STORE_LOCKED (self);

  g_assert (!pb_db_in_transaction (self->db));

  if (self->server_user == NULL)
    return;

  _pb_case_store_server_read_organisation (self);
  _pb_case_store_server_update_identity (self, FALSE);
}

const char *
_pb_case_store_acting_organisation (PbCaseStore *self)
{
  if (self->server_user != NULL && self->server_schema >= SERVER_SCHEMA_ORGANISATION &&
      self->actor != NULL && _pb_case_store_is_server_person (self, pb_actor_get_name (self->actor)))
    return self->server_organisation;

  return self->actor != NULL ? pb_actor_get_organisation (self->actor) : NULL;
}

/* " AND ..." on case_list l: the cases the person sees. The server's
 * policy decides; the store says it again so that the list query walks
 * the index of those rows (schema-v2.sql) instead of filtering them all. */
const char *
_pb_case_store_server_visible (PbCaseStore *self)
{
  return self->server_visible != NULL ? self->server_visible : "";
}

gboolean
_pb_case_store_open_server (PbCaseStore       *self,
                            PbCaseStoreFlags   flags,
                            GCancellable      *cancellable,
                            GError           **error)
{
  gboolean read_only = (flags & PB_CASE_STORE_FLAGS_READ_ONLY) != 0;
  g_autoptr(PbActor) actor = NULL;
  PbDb *db;
  gboolean current;

  if (!(db = pb_db_pg_open (self->location, read_only, cancellable, error)))
    return FALSE;

  self->db = db;
  g_free (self->path);
  self->path = g_strdup (pb_db_get_name (db));
  self->read_only = read_only;
  self->connection = _pb_connection_new (db, read_only);

  if (!_pb_case_store_check_server_schema (self, error) ||
      !read_identity (self, error) ||
      !_pb_case_store_read_caches_current (self, &current, error))
    return FALSE;

  self->connection->caches_current = current;
  actor = _pb_case_store_server_actor (self, NULL);
  pb_case_store_set_actor (self, actor);

  return TRUE;
}

/* Who the server says acts, for @organisation: on schema 10 and later
 * for the organisation the server keeps for them, whatever was asked (it
 * refuses any other). */
PbActor *
_pb_case_store_server_actor (PbCaseStore *self,
                             const char  *organisation)
{
  g_assert (self->server_user != NULL);

  if (self->server_schema >= SERVER_SCHEMA_ORGANISATION)
    organisation = self->server_organisation;

  /* Someone with no role of the store's (an administrator) reads as an
   * auditor; the server decides what they may write. */
  return pb_actor_new (self->server_user, self->server_member ? self->server_role : PB_ROLE_AUDITOR,
                       organisation);
}

/* Every role the server gives the person, for people to read: an
 * administrator with no other role acts as an auditor (reading; the
 * server decides what they may write) and reads as an administrator. */
char *
pb_case_store_dup_server_roles_label (PbCaseStore *self)
{
  static const PbRole roles[] = { PB_ROLE_SALES, PB_ROLE_REVIEWER, PB_ROLE_AUDITOR };
  g_autofree char *label = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  if (self->server_user == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (self->server_roles & (1u << roles[i]))
      {
        char *longer = label == NULL ? g_strdup (pb_role_get_label (roles[i]))
                                     /* Translators: a list so far, then one more role */
                                     : g_strdup_printf (_("%s, %s"), label, pb_role_get_label (roles[i]));

        g_free (label);
        label = longer;
      }
  if (self->server_admin)
    {
      /* Translators: the role of whoever manages the team server's people, lists and cases */
      const char *admin = _("Administrator");
      char *longer = label == NULL ? g_strdup (admin) : g_strdup_printf (_("%s, %s"), label, admin);

      g_free (label);
      label = longer;
    }

  return label != NULL ? g_steal_pointer (&label) : g_strdup (_("No Probity role"));
}

gboolean
_pb_case_store_reads_no_case (PbCaseStore *self)
{
  return self->server_user != NULL && self->server_admin && !self->server_member;
}

void
_pb_case_store_set_reads_no_case_error (PbCaseStore  *self,
                                        GError      **error)
{
  if (error != NULL)
    g_clear_error (error);
  /* Translators: a database, then a person's name */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION,
               _("On %s an administrator manages people, teams and lists but reads no case, and “%s” holds "
                 "no other role: sales people, reviewers and auditors read the cases"),
               pb_db_get_name (self->db), self->server_user);
}

gboolean
_pb_case_store_explain_read_refused (PbCaseStore  *self,
                                     GError      **error)
{
  if (error != NULL && _pb_case_store_reads_no_case (self) &&
      g_error_matches (*error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION))
    _pb_case_store_set_reads_no_case_error (self, error);

  return FALSE;
}

gboolean
pb_case_store_is_connected (PbCaseStore *self)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);

  if (self->db == NULL || pb_db_get_kind (self->db) != PB_DB_KIND_POSTGRESQL)
    return TRUE;

  {
    PB_CASE_STORE_LOCKED (self);

    return pb_db_pg_is_connected (PB_DB_PG (self->db));
  }
}

gboolean
pb_case_store_is_away_error (PbCaseStore  *self,
                             const GError *error)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);

  return g_error_matches (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO) &&
         !pb_case_store_is_connected (self);
}

gboolean
_pb_case_store_is_server_person (PbCaseStore *self,
                                 const char  *name)
{
  return name != NULL &&
         (g_strcmp0 (name, self->server_user) == 0 ||
          (self->server_name != NULL && pb_actor_names_equal (name, self->server_name)));
}

/* Whether this build changes nothing on the server: one of schema 8 or
 * later, older than this build's, whose rules and row-level security are
 * not those this build writes for (from 16 a customer's, product's or
 * case's key is the server's, read back with RETURNING, which the
 * policies of 8 to 15 refuse with their own words: "new row violates
 * row-level security policy"; 16 lets a decided case's answers change,
 * which 17 refuses), and which may register no statements that could say
 * so (PBREG, schema 16). Before 8 the rules are the fewest, and
 * this build still writes as they take it (the server tests make the
 * cases they upgrade so). */
static gboolean
server_outdated (PbCaseStore *self)
{
  return self->server_schema >= SERVER_SCHEMA_TEAM_CATALOG && self->server_schema < SERVER_SCHEMA_VERSION;
}

/* A change on a server this build does not write for is refused, naming
 * the cure as a change the gate does not know is; reading goes on. The
 * version is read again first, outside a write: an upgrade since the
 * store opened counts. */
gboolean
_pb_case_store_check_server_current (PbCaseStore  *self,
                                     GError      **error)
{
  if (self->server_user == NULL || !server_outdated (self))
    return TRUE;

  if (!pb_db_in_transaction (self->db) && !_pb_case_store_check_server_schema (self, error))
    return FALSE;
  if (!server_outdated (self))
    return TRUE;

  g_debug ("%s: schema %u, older than this build's %d: no change is made", self->path, self->server_schema,
           SERVER_SCHEMA_VERSION);
  pb_db_pg_set_other_version_error (self->db, error);

  return FALSE;
}

/* On a server, the person acting is the one it authenticated: a store told
 * to act as someone else refuses every change. */
gboolean
_pb_case_store_check_server_actor (PbCaseStore  *self,
                                   GError      **error)
{
  const char *name = self->actor != NULL ? pb_actor_get_name (self->actor) : NULL;

  if (!_pb_case_store_check_server_current (self, error))
    return FALSE;

  if (name != NULL && g_strcmp0 (name, self->server_user) != 0)
    {
      /* Translators: a database, the name it logged in as, then the name given */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION,
                   _("You are connected to %s as “%s”: the server records that name with every change, "
                     "so nothing can be done as “%s”. Connect as that person, or leave out the name."),
                   pb_db_get_name (self->db), self->server_user, name);
      return FALSE;
    }

  if (!self->server_member)
    {
      /* Translators: a database, then a person's name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION,
                   _("%s gives “%s” no Probity role (sales, reviewer or auditor); "
                     "an administrator grants one with “probity-cli db add-user”"),
                   pb_db_get_name (self->db), self->server_user);
      return FALSE;
    }

  return TRUE;
}

gboolean
_pb_case_store_check_admin (PbCaseStore  *self,
                            gboolean      cases,
                            GError      **error)
{
  const char *name = self->actor != NULL ? pb_actor_get_name (self->actor) : NULL;

  if (self->server_user == NULL || self->read_only)
    return _pb_case_store_check_actor (self, FALSE, NULL, error);

  if (name != NULL && g_strcmp0 (name, self->server_user) != 0)
    return _pb_case_store_check_server_actor (self, error);

  if (!_pb_case_store_check_server_current (self, error))
    return FALSE;

  if (!self->server_admin)
    {
      if (cases)
        /* Translators: a database, then a person's name */
        g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION,
                     _("On %s only an administrator brings in cases from elsewhere, with their history, and "
                       "“%s” is none; one is made with “probity-cli db add-user --role admin”"),
                     pb_db_get_name (self->db), self->server_user);
      else
        /* Translators: a database, then a person's name */
        g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION,
                     _("On %s only an administrator keeps the lists, and “%s” is none; "
                       "one is made with “probity-cli db add-user --role admin”"),
                     pb_db_get_name (self->db), self->server_user);
      return FALSE;
    }

  return TRUE;
}

/* What others change --------------------------------------------------------- */

/* The channels on which the server says that another connection changed a
 * case this person sees, to LISTEN to: from version 9 the ones it gives
 * them (my_channels(): names nobody can guess, notifications without a
 * payload; a team's, the reviewers', the auditors' up to version 11, one
 * of each person's own from version 12, so that someone moved out of a
 * team hears it no more), and
 * *private_channels set: which cases changed is then read through
 * row-level security (_pb_case_store_server_changed_since()). Before, the
 * one channel every case's id was sent to. */
char **
_pb_case_store_server_channels (PbCaseStore  *self,
                                gboolean     *private_channels,
                                GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) channels = g_strv_builder_new ();
  int step;

  *private_channels = self->server_schema >= SERVER_SCHEMA_PRIVATE_NOTIFY;
  if (!*private_channels)
    {
      g_strv_builder_add (channels, SERVER_CHANNEL_ALL);
      return g_strv_builder_end (channels);
    }

  if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT my_channels ()"), error)))
    return NULL;
  while ((step = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    g_strv_builder_add (channels, pb_db_stmt_column_text (stmt, 0));
  if (step == 0)
    return NULL;

  return g_strv_builder_end (channels);
}

/* Where the server's changes stand now (its snapshot: the transactions
 * committed), for _pb_case_store_server_changed_since(). */
char *
_pb_case_store_server_change_mark (PbCaseStore  *self,
                                   GError      **error)
{
  g_autoptr(PbDbStmt) stmt = pb_db_prepare (self->db, PB_SQL ("SELECT pg_current_snapshot ()::text"), error);
  int step;

  if (stmt == NULL || (step = pb_db_stmt_step (stmt, error)) == 0)
    return NULL;
  if (step != PB_DB_ROW)
    {
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_FAILED, _("%s: no snapshot"), pb_db_get_name (self->db));
      return NULL;
    }

  return g_strdup (pb_db_stmt_column_text (stmt, 0));
}

/* Adds to @case_ids the cases this person sees that another connection
 * changed in a transaction committed after @mark (not visible in that
 * snapshot: each case keeps the transaction that last changed it), and
 * moves @mark to now, the snapshot the cases were read in. Row-level
 * security decides which cases are read. */
gboolean
_pb_case_store_server_changed_since (PbCaseStore  *self,
                                     char        **mark,
                                     GPtrArray    *case_ids,
                                     GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autofree char *now = NULL;
  int step;

  if (!(stmt = pb_db_prepare (self->db,
                              PB_SQL ("SELECT s.now::text, c.id FROM (SELECT pg_current_snapshot () AS now) s "
                                      "LEFT JOIN cases c ON c.changed_xact >= pg_snapshot_xmin (?1::pg_snapshot) "
                                      "AND NOT pg_visible_in_snapshot (c.changed_xact, ?1::pg_snapshot) "
                                      "AND c.changed_pid <> pg_backend_pid ()"),
                              error)))
    return FALSE;
  pb_db_stmt_bind_text (stmt, 1, *mark);
  while ((step = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    {
      if (now == NULL)
        now = g_strdup (pb_db_stmt_column_text (stmt, 0));
      if (!pb_db_stmt_column_is_null (stmt, 1))
        g_ptr_array_add (case_ids, g_strdup (pb_db_stmt_column_text (stmt, 1)));
    }
  if (step == 0)
    return FALSE;

  g_free (*mark);
  *mark = g_steal_pointer (&now);

  return TRUE;
}
