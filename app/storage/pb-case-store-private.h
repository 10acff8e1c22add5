/* pb-case-store-private.h: what the pb-case-store-*.c files share: the
 * instance structure, the case state, the column lists and the helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-case-store.h"
#include "pb-db.h"
#include "pb-storage-private.h"

G_BEGIN_DECLS

/* 'PBTY': marks a database as Probity's (PRAGMA application_id). */
#define PB_APPLICATION_ID  0x50425459
#define QUICK_CHECK_MAX_SIZE (G_GOFFSET_CONSTANT (64) * 1024 * 1024)
/* Private open flag: the file is a throwaway copy, migrate it without a backup. */
#define FLAGS_NO_BACKUP    (1 << 8)
/* Private open flag: a case file someone handed us. Read-only, at most
 * CASE_FILE_MAX_SIZE, and read from a private copy that nobody else can
 * change while it is checked and imported. */
#define FLAGS_CASE_FILE    (1 << 9)
/* Signed reports, questionnaires and reference data kept with a case. */
#define STORED_FILE_MAX_SIZE (64 * 1024 * 1024)
/* A time-stamp token is a few kilobytes; none is larger (a literal: it is
 * spelled into SQL). */
#define PB_ANCHOR_TOKEN_MAX_SIZE 65536
/* The most an answer's value, comment or evidence note, and an event's
 * values or reason, hold; an event's data; a customer's or product's
 * field. A team server keeps no more (schema-v11.sql). */
#define PB_TEXT_MAX_SIZE       (256 * 1024)
#define PB_EVENT_DATA_MAX_SIZE (4 * 1024 * 1024)
#define PB_FIELD_MAX_SIZE      (64 * 1024)

#define GENESIS_HASH       "0000000000000000000000000000000000000000000000000000000000000000"
#define EVENT_FORMAT       "probity-event-1"
#define EVENT_FORMAT_2     "probity-event-2"
#define ANSWERS_FORMAT     "probity-answers-1"
/* The first server schema that orders a fingerprint's rows bytewise. */
#define PB_SERVER_SCHEMA_BYTEWISE_FINGERPRINT 13

/* The one connection of this process to a database file, shared by the
 * stores opened on it (pb-case-store-connection.c). */
typedef struct
{
  guint       ref_count;    /* under the registry lock */
  char       *key;          /* device:inode of the database file */
  GRecMutex   lock;         /* held by every public call on a store */
  PbDb       *db;
  char       *file_path;    /* the file open: the database, or an upgraded copy of it */
  char       *temp_dir;     /* holds that copy; removed with the connection */
  GError     *damage;       /* what the file's check found; then every write is refused */
  guint       read_only : 1;
  guint       caches_current : 1;   /* revisions.outcome kept by this rating method */
} PbConnection;

/* What the write transaction in progress read of the case it writes
 * (_pb_case_store_load_case_state()), under the case's lock, and where
 * its own events have taken the case's head since: a save need not read
 * them again. Kept for one transaction (pb_db_get_write ()), and only
 * the facts of a case no write changes, and its head, which only this
 * transaction moves while it holds the lock (_pb_case_store_lock_case()). */
typedef struct
{
  guint64  write;                 /* pb_db_get_write () then; 0: nothing kept */
  char    *case_id;
  char    *questionnaire_sha256;
  char    *reference_sha256;      /* NULL: the case pins none */
  gint64   read_seq;              /* the head as read */
  char    *read_hash;
  gint64   head_seq;              /* and as this transaction's events left it */
  char    *head_hash;
  gboolean screening_moved;       /* one of them is a screening's (party, screened, hit) */
} PbCaseWritten;

struct _PbCaseStore
{
  GObject       parent_instance;

  PbConnection *connection;
  PbDb         *db;           /* the connection's; the store's own while opening */
  char         *path;         /* the file or server named in messages */
  char         *location;     /* what was opened: the file, or a server's
                               * connection string (maybe with a password:
                               * never in a message) */
  char         *file_path;    /* the file open: path, or an upgraded copy of it */
  char         *temp_dir;     /* while opening: holds that copy; then the connection's */
  char         *backup_path;
  GHashTable   *questionnaires;   /* sha256 -> PbQuestionnaire */
  PbActor      *actor;            /* who acts: recorded with every event */
  GHashTable   *references;       /* sha256 -> PbCountries */
  GHashTable   *seen;             /* answers as this store read them (-cases) */
  GHashTable   *unclear;          /* and wrote, not knowing whether it was saved */
  struct _PbScreeningReplay *replay;  /* the screening last rated with (-screening) */
  PbCaseWritten written;          /* the case the write in progress writes */
  char         *server_user;      /* on a server: who logged in (session_user) */
  char         *server_name;      /* and the name they sign under (probity.my_name ()) */
  char         *server_organisation; /* and the one they act for (schema 10: members.organisation) */
  PbRole        server_role;      /* and the role the server gives them */
  guint         server_member : 1;    /* whether it gives them one */
  guint         server_admin : 1;     /* whether they hold probity_admin */
  guint         server_roles;     /* 1 << each PbRole it gives them */
  guint         server_creates : 1;   /* whether they may create cases: sales, in a team */
  guint         server_schema;    /* the version of the server's schema */
  const char   *server_visible;   /* the cases they see, as a condition on case_list l */
  gboolean      server_identity_changed; /* read again, and not yet in the actor */
  GCancellable *opening_cancellable;   /* while opening a file */
  PbCaseStoreProgressFunc opening_progress;
  gpointer      opening_progress_data;
  guint         read_only : 1;
  guint         created : 1;      /* this store created its file on open */
  guint         caches_current : 1;   /* while opening; then the connection's */
};

/* The first line of every public function that touches the database:
 * holds the connection's lock until the function returns. Declared first
 * so that it is released last, after the function's statements are
 * finalized. */
#define PB_CASE_STORE_LOCKED(self) \
  g_autoptr(GRecMutexLocker) G_PASTE (pb_case_store_locker_, __LINE__) = _pb_case_store_lock (self)

/* How often a write that failed for a reason that goes away by itself is
 * made in all (_pb_case_store_retry()). */
#define PB_CASE_STORE_WRITE_ATTEMPTS 8

/* Evaluates @call, a whole write that returns FALSE, NULL or 0 on failure,
 * again while _pb_case_store_retry() says so; its value. @key names the
 * case written (NULL for none): on a server, the write locks its row
 * (_pb_case_store_lock_case()), so the writes of one case take turns. */
#define _PB_CASE_STORE_RETRYING(self, key, error, call) \
  ({ \
    __typeof__ (call) pb_result_; \
    guint pb_attempt_ = 0; \
    (void) (key); \
    while (!(pb_result_ = (call)) && _pb_case_store_retry ((self), ++pb_attempt_, (error))) \
      ; \
    _pb_case_store_server_update_identity ((self), !pb_result_); \
    pb_result_; \
  })

typedef struct
{
  char         *questionnaire_sha256;
  char         *customer_uid;
  char         *product_uid;
  guint         current_revision;
  guint         revision;          /* the one asked for */
  PbCaseStatus  status;
  char         *decision;
  char         *reason;
  char         *conditions;
  gboolean      sealed;
  char         *time;              /* of a change made now (load_case_state) */
} CaseState;

#define CUSTOMER_COLUMNS "uid, name, aliases, country, entity_type, notes, created"

#define PRODUCT_COLUMNS "uid, name, version, family, capabilities, created"

#define CASE_INFO_COLUMNS \
  "c.id, c.current_revision, c.customer_uid, cu.name, cu.country, c.product_uid, p.name, p.version," \
  " q.qid, q.version, c.questionnaire_sha256, r.status, r.outcome, r.n_answers, c.created," \
  " c.created_by, c.updated, r.decision"

/* What a case's row joins, each with @join ("JOIN", "LEFT JOIN"). */
#define CASE_INFO_JOINS(join) \
  " " join " revisions r ON r.case_id = c.id AND r.revision = c.current_revision" \
  " " join " customers cu ON cu.uid = c.customer_uid" \
  " " join " products p ON p.uid = c.product_uid" \
  " " join " questionnaires q ON q.sha256 = c.questionnaire_sha256"

#define CASE_INFO_QUERY "SELECT " CASE_INFO_COLUMNS " FROM cases c" CASE_INFO_JOINS ("JOIN")

/* role and organisation (schema 3) last, so that older code's indices hold. */
#define EVENT_COLUMNS \
  "case_id, seq, revision, time, \"user\", kind, question_id, old_value, new_value, reason, data, prev_hash, hash," \
  " role, organisation"

#define SIGN_OFF_COLUMNS \
  "case_id, revision, role, name, decision, reason, conditions, time, report_sha256, answers_fingerprint, history_head," \
  " organisation, certificate_sha256, language"

#define EVIDENCE_COLUMNS \
  "id, case_id, revision, question_id, file_name, media_type, sha256, size, added_by, added"

typedef gpointer (*RowFunc) (PbDbStmt *stmt);

typedef enum
{
  PB_RECORD_CUSTOMER,
  PB_RECORD_PRODUCT,
} PbRecordKind;

/* pb-case-store-connection.c */

void
_pb_case_store_registry_lock (void);

void
_pb_case_store_registry_unlock (void);

PbConnection *
_pb_case_store_registry_lookup (const char  *path,
                                char       **claim);

void
_pb_case_store_registry_release (char *claim);

PbConnection *
_pb_case_store_registry_add (const char *path,
                             PbDb       *db,
                             const char *file_path,
                             char       *temp_dir,
                             gboolean    read_only);

gboolean
_pb_case_store_registry_contains (const char *path);

PbConnection *
_pb_connection_new (PbDb     *db,
                    gboolean  read_only);

void
_pb_connection_unref (PbConnection *connection);

GRecMutexLocker *
_pb_case_store_lock (PbCaseStore *self);

gboolean
_pb_case_store_caches_current (PbCaseStore *self);

/* pb-case-store.c */

gboolean
_pb_case_store_case_not_found (PbCaseStore  *self,
                               const char   *case_id,
                               GError      **error);

/* @sql, a query of case @case_id's row (?1), stepped to that row; NULL
 * and @error when it fails or there is no such case. */
PbDbStmt *
_pb_case_store_read_case_row (PbCaseStore  *self,
                              const char   *sql,
                              const char   *case_id,
                              GError      **error);

gboolean
_pb_case_store_begin (PbCaseStore  *self,
                      GError      **error);

gboolean
_pb_case_store_commit (PbCaseStore  *self,
                       GError      **error);

gboolean
_pb_case_store_rollback (PbCaseStore *self);

gboolean
_pb_case_store_lock_case (PbCaseStore  *self,
                          const char   *case_id,
                          GError      **error);

gboolean
_pb_case_store_commit_unknown (PbCaseStore *self);
gboolean
_pb_case_store_retry (PbCaseStore  *self,
                      guint         attempts,
                      GError      **error);

char *
_pb_case_store_now_iso8601 (void);

gboolean
_pb_case_store_check_creator (PbCaseStore  *self,
                              GError      **error);
gboolean
_pb_case_store_check_actor (PbCaseStore  *self,
                            gboolean      decide,
                            const char   *case_id,
                            GError      **error);

const char *
_pb_case_store_actor_name (PbCaseStore *self);

gboolean
_pb_case_store_is_blank (const char *str);
gboolean
_pb_case_store_check_size (const char  *text,
                           gsize        max,
                           const char  *what,
                           GError     **error);

char *
_pb_case_store_strv_join_lines (const char * const *strv);

/* Inside a write: checks a new customer's (product's) fields and inserts
 * its row; the uid it is stored under (a server's own for a sales person). */
char *
_pb_case_store_insert_customer (PbCaseStore        *self,
                                const char         *name,
                                const char * const *aliases,
                                const char         *country,
                                const char         *entity_type,
                                const char         *notes,
                                GError            **error);
char *
_pb_case_store_insert_product (PbCaseStore        *self,
                               const char         *name,
                               const char         *version,
                               const char         *family,
                               const char * const *capabilities,
                               GError            **error);

gboolean
_pb_case_store_is_sha256_hex (const char *str);

char *
_pb_case_store_compute_event_hash (const char *case_id,
                                   gint64      seq,
                                   gint64      revision,
                                   const char *time,
                                   const char *user,
                                   const char *role,
                                   const char *organisation,
                                   const char *kind,
                                   const char *question_id,
                                   const char *old_value,
                                   const char *new_value,
                                   const char *reason,
                                   const char *data,
                                   const char *prev_hash);

char *
_pb_case_store_data_json (const char *first_key,
                          ...);

char *
_pb_case_store_data_get (const char *json,
                         const char *key);

/* pb-case-store-screening.c */
typedef struct _PbCaseScreening PbCaseScreening;

PbCaseScreening *
_pb_case_screening_new_for_case (PbCaseStore  *self,
                                 const char   *case_id,
                                 GError      **error);

gboolean
_pb_case_screening_apply (PbCaseScreening  *self,
                          guint             seq,
                          guint             revision,
                          const char       *time,
                          const char       *user,
                          const char       *role,
                          PbEventKind       kind,
                          const char       *old_value,
                          const char       *new_value,
                          const char       *reason,
                          const char       *data,
                          GError          **error);

void
pb_case_screening_free (PbCaseScreening *self);

PbCaseScreening *
_pb_case_store_load_screening_locked (PbCaseStore  *self,
                                      const char   *case_id,
                                      guint         revision,
                                      GError      **error);

typedef struct _PbScreeningReplay PbScreeningReplay;

void
_pb_screening_replay_free (PbScreeningReplay *replay);

gboolean
_pb_case_store_verify_screened_editions (PbCaseStore      *self,
                                         const char       *case_id,
                                         PbCaseScreening  *screening,
                                         guint            *broken_event,
                                         GError          **error);

/* pb_evaluate_with_screening() with the screening of @revision; NULL and
 * @error only when the database failed (a screening that cannot be read
 * back rates as none). */
PbEvaluation *
_pb_case_store_rate_with_screening (PbCaseStore     *self,
                                    const char      *case_id,
                                    guint            revision,
                                    PbQuestionnaire *questionnaire,
                                    PbAnswerSet     *answers,
                                    PbCountries     *reference,
                                    GError         **error);

/* Whether a write may go on after loading stored bytes failed with
 * @error: because of the bytes, or on SQLite, not after a statement
 * failed on PostgreSQL, which ends the transaction. */
gboolean
_pb_case_store_can_go_on (PbCaseStore  *self,
                          const GError *error);

/* pb-case-store-reference.c */
gboolean
_pb_case_store_pin_reference_locked (PbCaseStore  *self,
                                     PbCountries **reference,
                                     GError      **error);

PbCountries *
_pb_case_store_load_reference_locked (PbCaseStore  *self,
                                      const char   *case_id,
                                      GError      **error);

PbQuestionnaire *
_pb_case_store_load_questionnaire_by_sha (PbCaseStore  *self,
                                          const char   *sha256,
                                          GError      **error);

void
_pb_case_store_case_state_clear (CaseState *state);

gboolean
_pb_case_store_load_case_state (PbCaseStore  *self,
                                const char   *case_id,
                                guint         revision,
                                CaseState    *state,
                                GError      **error);

gboolean
_pb_case_store_refuse_sealed (PbCaseStore  *self,
                              const char   *case_id,
                              CaseState    *state,
                              GError      **error);

gboolean
_pb_case_store_refuse_decided (PbCaseStore  *self,
                               const char   *case_id,
                               CaseState    *state,
                               GError      **error);

gboolean
_pb_case_store_append_event (PbCaseStore  *self,
                             const char   *case_id,
                             guint         revision,
                             const char   *time,
                             PbEventKind   kind,
                             const char   *question_id,
                             const char   *old_value,
                             const char   *new_value,
                             const char   *reason,
                             const char   *data,
                             GError      **error);

PbAnswerSet *
_pb_case_store_read_answers (PbCaseStore  *self,
                             const char   *case_id,
                             guint         revision,
                             GError      **error);

const PbCaseWritten *
_pb_case_store_get_written (PbCaseStore *self,
                            const char  *case_id);

void
_pb_case_store_forget_written (PbCaseStore *self);

gboolean
_pb_case_store_event_kind_screens (PbEventKind kind);

gboolean
_pb_case_store_refresh_cache_locked (PbCaseStore  *self,
                                     const char   *case_id,
                                     guint         revision,
                                     GError      **error);

gboolean
_pb_case_store_compute_cache_locked (PbCaseStore  *self,
                                     const char   *case_id,
                                     guint         revision,
                                     const char  **outcome,
                                     guint        *n_answers,
                                     GError      **error);

char *
_pb_case_store_compute_record_digest (PbCaseStore  *self,
                                      PbRecordKind  kind,
                                      const char   *uid,
                                      GError      **error);

gboolean
_pb_case_store_put_blob (PbCaseStore  *self,
                         const char   *sha256,
                         GBytes       *bytes,
                         GError      **error);

char *
_pb_case_store_compute_fingerprint (PbCaseStore  *self,
                                    const char   *case_id,
                                    guint         revision,
                                    GError      **error);

gboolean
_pb_case_store_fingerprint_holds (PbCaseStore  *self,
                                  const char   *case_id,
                                  guint         revision,
                                  const char   *fingerprint,
                                  gboolean     *holds,
                                  GError      **error);

PbCustomer *
_pb_case_store_customer_from_row (PbDbStmt *stmt);

PbProduct *
_pb_case_store_product_from_row (PbDbStmt *stmt);

PbCaseInfo *
_pb_case_store_case_info_from_row_with (PbDbStmt  *stmt,
                                        PbOutcome  outcome,
                                        guint      n_answers);

/* pb-case-store-cases.c: a CASE_INFO_QUERY row, with the outcome and
 * number of answers kept in the file, or computed now when another build's
 * rating method kept them. */
PbCaseInfo *
_pb_case_store_case_info_from_row (PbCaseStore   *self,
                                   PbDbStmt      *stmt,
                                   GError       **error);

PbHistoryEvent *
_pb_case_store_history_event_from_row (PbDbStmt *stmt);

PbSignOff *
_pb_case_store_sign_off_from_row (PbDbStmt *stmt);

PbEvidence *
_pb_case_store_evidence_from_row (PbDbStmt *stmt);

GListModel *
_pb_case_store_collect (PbCaseStore   *self,
                        PbDbStmt      *stmt,
                        GType          item_type,
                        RowFunc        func,
                        GError       **error);

gpointer
_pb_case_store_query_row (PbCaseStore  *self,
                          const char   *sql,
                          const char   *key,
                          RowFunc       func,
                          GError      **error);

/* pb-case-store-open.c */

gboolean
_pb_case_store_read_pragma_int (PbCaseStore  *self,
                                const char   *sql,
                                gint64       *value,
                                GError      **error);

void
_pb_case_store_remove_temp_dir (const char *dir);

gboolean
_pb_case_store_check_schema (PbCaseStore  *self,
                             GError      **error);

gboolean
_pb_case_store_read_caches_current (PbCaseStore  *self,
                                    gboolean     *current,
                                    GError      **error);

/* pb-case-store-server.c: a store on a PostgreSQL server */

gboolean
_pb_case_store_open_server (PbCaseStore       *self,
                            PbCaseStoreFlags   flags,
                            GCancellable      *cancellable,
                            GError           **error);

gboolean
_pb_case_store_server_removes (PbCaseStore *self);
gboolean
_pb_case_store_server_searches (PbCaseStore *self);

gboolean
_pb_case_store_check_server_schema (PbCaseStore  *self,
                                    GError      **error);

char **
_pb_case_store_server_channels (PbCaseStore  *self,
                                gboolean     *private_channels,
                                GError      **error);
char *
_pb_case_store_server_change_mark (PbCaseStore  *self,
                                   GError      **error);
gboolean
_pb_case_store_server_changed_since (PbCaseStore  *self,
                                     char        **mark,
                                     GPtrArray    *case_ids,
                                     GError      **error);
/* The payload with which a server notifies a person's own channel that
 * what it keeps of them changed (schema-v14.sql); a case's change has
 * none. */
#define PB_SERVER_MEMBER_PAYLOAD "member"
/* What the server keeps of the person changed, or may have: reads their
 * name, roles, team and organisation again and acts in the role it gives
 * now (notify::actor when that changed). Outside a transaction. */
void
_pb_case_store_server_read_identity_again (PbCaseStore *self);
/* "identity-changed": what the server keeps of the person changed. */
void
_pb_case_store_emit_identity_changed (PbCaseStore *self);

gboolean
_pb_case_store_check_questionnaire_approved (PbCaseStore      *self,
                                             PbQuestionnaire  *questionnaire,
                                             GError          **error);

gboolean
_pb_case_store_check_approvals_in_force (PbCaseStore  *self,
                                             const char   *case_id,
                                             GError      **error);

gboolean
_pb_case_store_server_reference_approved (PbCaseStore  *self,
                                          const char   *sha256,
                                          gboolean     *approved,
                                          GError      **error);
const char *
_pb_case_store_server_visible (PbCaseStore *self);
/* Whether @self is a server's, for an administrator holding no other
 * role: one who reads no case. */
gboolean
_pb_case_store_reads_no_case (PbCaseStore *self);
/* Sets @error (replacing one already there) to say that an administrator
 * reads no case, and who does. */
void
_pb_case_store_set_reads_no_case_error (PbCaseStore  *self,
                                        GError      **error);
/* A refusal (@error, PB_STORAGE_ERROR_PERMISSION) of a case's read, for
 * an administrator who reads none, said so: not as the server's refusal
 * of a table. Returns FALSE. */
gboolean
_pb_case_store_explain_read_refused (PbCaseStore  *self,
                                     GError      **error);

/* What a search reads of one user's text: enough words for any query a
 * person types, few enough that no text makes the query slow (and that a
 * server knows a list's statement for each number of them). */
#define PB_SEARCH_MAX_WORDS 16

/* The statements built as the store runs, in each form (pb-db-statements.c). */
void          _pb_case_store_list_statements (GPtrArray *out);
void          _pb_case_store_copy_statements (GPtrArray *out);
PbActor *
_pb_case_store_server_actor (PbCaseStore *self,
                             const char  *organisation);
/* Reads what the server says of the person again (after a refused write,
 * before a sign-off's report is made): their name, roles and
 * organisation; TRUE when the organisation changed since. The actor
 * follows once the write ends. */
gboolean
_pb_case_store_server_read_organisation (PbCaseStore *self);
/* After a write on a server (@refused: it failed): the identity read
 * again if it was refused, and the actor made anew when it changed. */
void
_pb_case_store_server_update_identity (PbCaseStore *self,
                                       gboolean     refused);
/* The organisation an event of the actor carries: on a server of schema
 * 10 or later the one it keeps for the person (read again when it
 * refuses another), else the actor's. */
const char *
_pb_case_store_acting_organisation (PbCaseStore *self);

gboolean
_pb_case_store_check_server_actor (PbCaseStore  *self,
                                   GError      **error);
/* On a server of a schema older than this build's that it does not write
 * for (8 to 15), a change is refused, naming `db init` as the cure;
 * reading goes on. */
gboolean
_pb_case_store_check_server_current (PbCaseStore  *self,
                                     GError      **error);

/* What only an administrator does on a server: list editions, and @cases
 * brought in from elsewhere; on a file, whoever may edit. */
gboolean
_pb_case_store_check_admin (PbCaseStore  *self,
                            gboolean      cases,
                            GError      **error);

/* Whether @name is the person the server authenticated: their role name
 * or the display name they sign under. */
gboolean
_pb_case_store_is_server_person (PbCaseStore *self,
                                 const char  *name);

/* pb-case-store-cases.c */

gboolean
_pb_case_store_has_blob (PbCaseStore  *self,
                         const char   *sha256);

GBytes *
_pb_case_store_read_blob (PbCaseStore  *self,
                          const char   *sha256,
                          gint64        max_size,
                          GError      **error);

/* pb-case-store-case-list.c */

/* Migration step: the case list's table and its triggers, then the
 * full-text index (_pb_case_store_migrate_search()). */
gboolean
_pb_case_store_migrate_case_list (PbCaseStore  *self,
                                  GError      **error);

/* Migration step (schema 10): the customer and product of each row. */
gboolean
_pb_case_store_migrate_case_list_owners (PbCaseStore  *self,
                                         GError      **error);

/* Whether the case list's row of @case_id and its document in the search
 * index are what its record gives (PB_STORAGE_ERROR_TAMPERED if not). */
gboolean
_pb_case_store_verify_listing (PbCaseStore  *self,
                               const char   *case_id,
                               GError      **error);

/* pb-case-store-search.c: the full-text index, SQLite FTS5 */

/* Migration step: the index, the triggers that keep it in step with the
 * answers and evidence, and the documents of what the file holds. */
gboolean
_pb_case_store_migrate_search (PbCaseStore  *self,
                               GError      **error);

/* Migration step (schema 11): the index made again with the beginnings
 * of words, and the table of pending cases. */
gboolean
_pb_case_store_migrate_search_pending (PbCaseStore  *self,
                                       GError      **error);

/* On a server: a subquery of the case_list ids of the cases that have the
 * words of one "?" parameter, which takes _pb_case_store_search_match()'s
 * value. */
const char *
_pb_case_store_search_subquery (PbCaseStore *self);

struct _PbDbRowSet;

/* In a file: adds to @found the case_list ids of the cases whose answers,
 * comments, evidence notes and file names hold the word of @match
 * (_pb_case_store_search_match()), read through @db (the store's
 * connection, or a reader of its file). */
gboolean
_pb_case_store_search_add_cases (PbCaseStore         *self,
                                 PbDb                *db,
                                 const char          *match,
                                 struct _PbDbRowSet  *found,
                                 GError             **error);

/* On a connection that writes: the triggers that keep the index in step
 * with every write, and the documents of cases that have none. */
gboolean
_pb_case_store_search_connect (PbCaseStore  *self,
                               GError      **error);

/* Before a commit: marks the cases the transaction changed as pending,
 * and writes the documents of the pending cases it did not change. */
gboolean
_pb_case_store_search_flush (PbCaseStore  *self,
                             GError      **error);

/* The words of what a person typed into a search, each of which a case
 * must have somewhere (PbCaseFilter): what spaces part, or a phrase in
 * double quotes whole (its quotes dropped, its spaces one each), but for
 * those without a letter or digit; at most 16, of at most 64 characters,
 * each once (case ignored). The one place a search's text is split, for
 * either kind of database. */
GStrv
_pb_case_store_search_words (const char *text);

/* What to bind for one @word of a search (_pb_case_store_search_words():
 * whatever a person typed, its syntax never the index's), or NULL when
 * the index has nothing to look for: no letter or digit, or one letter
 * that is the search's only word (@alone). From three bytes on, also the
 * start of longer words. */
char *
_pb_case_store_search_match (PbCaseStore *self,
                             const char  *word,
                             gboolean     alone);

/* Whether the index holds what case @case_id says (TAMPERED if not). */
gboolean
_pb_case_store_verify_search (PbCaseStore  *self,
                              const char   *case_id,
                              GError      **error);

/* pb-case-store-sign-off.c */

gboolean
_pb_case_store_invalid_transition (const char    *case_id,
                                   CaseState     *state,
                                   PbCaseStatus   to,
                                   GError       **error);

gboolean
_pb_case_store_change_status_locked (PbCaseStore   *self,
                                     const char    *case_id,
                                     CaseState     *state,
                                     PbCaseStatus   to,
                                     const char    *reason,
                                     const char    *conditions,
                                     const char    *data,
                                     const char    *now,
                                     GError       **error);

/* pb-case-store-decide.c */

PbEvaluation *
_pb_case_store_evaluate_locked (PbCaseStore  *self,
                                const char   *case_id,
                                CaseState    *state,
                                GError      **error);

/* The hard stops in force: "R-01 Title; R-02 Title", or NULL for none. */
char *
_pb_case_store_list_hard_stops (PbEvaluation *evaluation);

gboolean
_pb_case_store_check_decision (const char    *case_id,
                               PbCaseStatus   decision,
                               const char    *reason,
                               const char    *conditions,
                               GError       **error);

PbDecision *
_pb_case_store_read_decision (PbCaseStore  *self,
                              const char   *case_id,
                              guint         revision,
                              GError      **error);
char **
_pb_case_store_read_authors (PbCaseStore  *self,
                             const char   *case_id,
                             guint         revision,
                             GError      **error);

gboolean
_pb_case_store_check_decision_current (PbCaseStore  *self,
                                       const char   *case_id,
                                       CaseState    *state,
                                       const char   *fingerprint,
                                       GError      **error);

/* pb-case-store-history.c */

gboolean
_pb_case_store_verify_locked (PbCaseStore  *self,
                              const char   *case_id,
                              guint        *n_events,
                              guint        *broken_event,
                              GError      **error);

gboolean
_pb_case_store_migrate_anchors (PbCaseStore  *self,
                                GError      **error);

gboolean
_pb_case_store_verify_anchors_locked (PbCaseStore  *self,
                                      const char   *case_id,
                                      guint         n_anchored,
                                      guint        *broken_event,
                                      GError      **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CaseState, _pb_case_store_case_state_clear)

G_END_DECLS
