/* pb-case-store.h: cases, answers and their history in one SQLite file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-answer-set.h"
#include "pb-countries.h"
#include "pb-evaluation.h"
#include "pb-questionnaire.h"

#include "pb-actor.h"
#include "pb-answer-record.h"
#include "pb-case-info.h"
#include "pb-case-snapshot.h"
#include "pb-customer.h"
#include "pb-decision.h"
#include "pb-evidence.h"
#include "pb-history-event.h"
#include "pb-product.h"
#include "pb-history-anchor.h"
#include "pb-sign-off.h"
#include "pb-storage-types.h"

G_BEGIN_DECLS

/* The case store. See app/storage/SCHEMA.md for the schema, the history hash
 * chain, the seal and the case-file format.
 *
 * Every write is its own committed transaction (autosave): when a function
 * returns TRUE the change is on disk. Every write is made by the store's
 * actor (pb_case_store_set_actor()), whose name, role and organisation each
 * history event records; without one, or when the actor's role may not make
 * the change, it is refused with PB_STORAGE_ERROR_PERMISSION. @case_id is
 * the text id of a case ("C-2026-4F3A9B12"); functions that take a
 * @revision accept 0 for the current (latest) revision.
 *
 * Use a PbCaseStore from one thread at a time; open one per thread. Stores
 * opened on the same file in one process share its one SQLite connection
 * and take turns on it, call by call. Two processes may use the same file
 * at once: writers wait for each other (busy timeout). */
#define PB_TYPE_CASE_STORE (pb_case_store_get_type ())

G_DECLARE_FINAL_TYPE (PbCaseStore, pb_case_store, PB, CASE_STORE, GObject)

typedef enum
{
  PB_CASE_STORE_FLAGS_NONE      = 0,
  /* Fail with PB_STORAGE_ERROR_NOT_FOUND rather than create the file. */
  PB_CASE_STORE_FLAGS_NO_CREATE = 1 << 0,
  /* Open for reading only (auditors, case files); implies NO_CREATE. The
   * file is never written: one of an older schema is read through an
   * upgraded private copy. */
  PB_CASE_STORE_FLAGS_READ_ONLY = 1 << 1,
  /* Check every page of a file on open, whatever its size (otherwise only
   * files up to 64 MB are: a check reads the whole file, about a second
   * for 300 MB). For a worker thread: pb_case_store_open_with_progress(). */
  PB_CASE_STORE_FLAGS_CHECK     = 1 << 2,
  /* Check the whole file later, whatever its size: the open reads its
   * header, schema version and what it needs, and lists at once. An open
   * that writes (a migration) still checks every page first. Then
   * pb_case_store_check_file() in a worker. */
  PB_CASE_STORE_FLAGS_CHECK_LATER = 1 << 3,
} PbCaseStoreFlags;

/* What opening a file is doing. */
typedef enum
{
  PB_CASE_STORE_OPENING_CHECKING,    /* reading every page (a fraction) */
  PB_CASE_STORE_OPENING_UPGRADING,   /* migrating to this schema (no fraction) */
} PbCaseStoreOpening;

/* Called in the opening thread: how far @stage has come, 0 to 1, or -1
 * when that is not known. */
typedef void (*PbCaseStoreProgressFunc) (PbCaseStoreOpening  stage,
                                         double              fraction,
                                         gpointer            user_data);

/* Filter of pb_case_store_list_cases(). Initialise with PB_CASE_FILTER_INIT;
 * the conditions that are set must all hold. */
typedef struct
{
  /* Case-insensitive substring of the customer's name or aliases, NULL for any. */
  const char *customer;
  /* A substring of the product name, NULL for any. */
  const char *product;
  /* A PbCaseStatus, or -1 for any. */
  int         status;
  /* A PbOutcome, or -1 for any. */
  int         outcome;
  /* The decision on record: PB_CASE_STATUS_APPROVED,
   * PB_CASE_STATUS_APPROVED_WITH_CONDITIONS or PB_CASE_STATUS_REJECTED
   * (a signed case keeps its decision); any other value (-1) for any. */
  int         decision;
  /* What a person types into a search: its words, each of which a case
   * must have somewhere (what spaces part, or a phrase in double quotes):
   * in its id, its customer's name or alias, its product's name, its
   * customer's country (one of @country_names), or, as the start of a
   * word, in an answer, comment, evidence note or evidence file name of
   * any revision ("sky" finds "Skynet"; "police sweden" a police
   * customer in Sweden). A word of one or two characters is matched at
   * the start of a word of a name only, a country's code or the start of
   * its name, a whole word of the answers ("acme se": an Acme Security
   * case, or an Acme in Sweden). Any text is safe here: it is never read
   * as query syntax. NULL for any. */
  const char *text;
  /* With @text: the countries whose names or codes the words may name (the
   * caller knows the names, in its language), or NULL for none. */
  PbCountries *country_names;
} PbCaseFilter;

#define PB_CASE_FILTER_INIT { NULL, NULL, -1, -1, -1, NULL, NULL }

/* Whether @text (PbCaseFilter's) has a word to look for: spaces, quotes
 * and other punctuation alone have none, and a filter with such a text
 * lists what one without any does. */
gboolean        pb_case_store_search_has_words        (const char        *text);

/* The schema version this build writes (PRAGMA user_version). */
#define PB_CASE_STORE_SCHEMA_VERSION 11

/* $XDG_DATA_HOME/probity/probity.db. Free with g_free(). */
char           *pb_case_store_get_default_path        (void);

/* Opens @path, creating it (0600, in a folder created 0700) unless @flags
 * say otherwise. A file this process already has open (by any name) shares
 * that connection; a writer cannot join a read-only one
 * (PB_STORAGE_ERROR_BUSY). An older schema is migrated after a backup copy of the file
 * is made next to it; a newer schema (PB_STORAGE_ERROR_TOO_NEW), a non-SQLite
 * file (NOT_A_DATABASE) or a damaged one (CORRUPT) is refused with a message
 * naming the file, and the file is left as it was. */
PbCaseStore    *pb_case_store_open                    (const char        *path,
                                                       PbCaseStoreFlags   flags,
                                                       GError           **error);
/* pb_case_store_open(), and connecting to a server stops when @cancellable
 * is cancelled (G_IO_ERROR_CANCELLED): for a worker thread whose caller
 * gives up. A file opens as pb_case_store_open() opens it. */
PbCaseStore    *pb_case_store_open_cancellable        (const char        *path,
                                                       PbCaseStoreFlags   flags,
                                                       GCancellable      *cancellable,
                                                       GError           **error);
/* pb_case_store_open_cancellable(), telling @progress (may be NULL) how
 * far opening a file has come. Cancelling @cancellable stops a file's
 * check or migration too (G_IO_ERROR_CANCELLED); the file is left as it
 * was. */
PbCaseStore    *pb_case_store_open_with_progress      (const char              *path,
                                                       PbCaseStoreFlags         flags,
                                                       GCancellable            *cancellable,
                                                       PbCaseStoreProgressFunc  progress,
                                                       gpointer                 progress_data,
                                                       GError                 **error);
/* Checks every page of the file @self is open on (PRAGMA quick_check), on
 * a read-only connection of its own, while the store goes on being read
 * and written: for a worker thread, after an open with
 * PB_CASE_STORE_FLAGS_CHECK_LATER. @progress as in
 * pb_case_store_open_with_progress(); cancelling @cancellable stops it
 * (G_IO_ERROR_CANCELLED). A damaged file is PB_STORAGE_ERROR_CORRUPT,
 * naming the file and SQLite's first finding (which names the page);
 * from then on every store on the file refuses to write with that
 * message, and nothing more is written into the file. TRUE on a team
 * server, which keeps its own pages. */
gboolean        pb_case_store_check_file              (PbCaseStore              *self,
                                                       GCancellable             *cancellable,
                                                       PbCaseStoreProgressFunc   progress,
                                                       gpointer                  progress_data,
                                                       GError                  **error);
/* The damage pb_case_store_check_file() found in the file, which every
 * write is refused with, or NULL. */
const GError   *pb_case_store_get_damage              (PbCaseStore       *self);
/* pb_case_store_open (path, PB_CASE_STORE_FLAGS_NONE, error) */
PbCaseStore    *pb_case_store_new                     (const char        *path,
                                                       GError           **error);
/* What the store was opened on, to open it again (another thread's store):
 * a file, or a server's connection string, which may hold a password.
 * Never show it: pb_case_store_get_display_name() is what messages say. */
const char     *pb_case_store_get_path                (PbCaseStore       *self);
/* Whether @location names a team server (a postgresql:// URI, a libpq
 * service= or key=value connection string) rather than a file. */
gboolean        pb_case_store_is_server_location      (const char        *location);
/* @location as messages and titles show it: a file as it is, a server
 * without its password. Free with g_free(). */
char           *pb_case_store_describe_location       (const char        *location);
/* Whether a server's @location holds a password (which is never stored). */
gboolean        pb_case_store_location_has_password   (const char        *location);
/* A server's @location with @password (NULL: none) added, for a session's
 * connections; a file's as it is. Free with g_free(). */
char           *pb_case_store_location_with_password  (const char        *location,
                                                       const char        *password);
/* The database as messages and titles name it: the file, or the server as
 * postgresql://user@host:port/database, never with its password. */
const char     *pb_case_store_get_display_name        (PbCaseStore       *self);
/* The backup made by the migration run when this store was opened, or NULL. */
const char     *pb_case_store_get_migration_backup    (PbCaseStore       *self);

/* Who acts from now on (NULL: nobody; then every write is refused). The
 * GUI sets it from its preferences whenever they change, the CLI from
 * --user, --role and --organisation. On a team server only the name it
 * authenticated is taken, in the role it gives (pb_case_store_get_server_user()). */
void            pb_case_store_set_actor               (PbCaseStore       *self,
                                                       PbActor           *actor);
PbActor        *pb_case_store_get_actor               (PbCaseStore       *self);
/* Whether whoever acts may create cases here: on a file sales and legal
 * reviewers, on a team server only sales people in a team (what the
 * server allows); never on a file open read-only. What offers "New
 * Assessment"; pb_case_store_create_case() and the customer and product
 * records refuse the others before writing anything. */
gboolean        pb_case_store_may_create_cases        (PbCaseStore       *self);
/* Whether whoever acts may create a case under @questionnaire here (their
 * role, and on a team server an administrator's approval of it), checked
 * before the customer and product records the case needs are made, so
 * that a refused case leaves none behind. pb_case_store_create_case()
 * checks all again. */
gboolean        pb_case_store_check_new_case          (PbCaseStore       *self,
                                                       PbQuestionnaire   *questionnaire,
                                                       GError           **error);
/* The organisation the actor's changes are recorded for: on a team server
 * the one it keeps for them (read again when it refuses another, or before
 * a sign-off: an administrator changed it), else the actor's. What a
 * report about to be signed names, and gives pb_case_store_sign(). */
char           *pb_case_store_dup_acting_organisation (PbCaseStore       *self);
/* On a team server, the name it authenticated (session_user): the only
 * one the store acts as. NULL for a file. */
const char     *pb_case_store_get_server_user         (PbCaseStore       *self);
/* On a team server, the name the person signs under there (the one
 * `probity-cli db add-user --name` gave them, else their role name). NULL
 * for a file. */
const char     *pb_case_store_get_server_name         (PbCaseStore       *self);
/* On a team server, every role it gives the person, for people to read
 * ("Sales, Legal reviewer"; "Administrator"). NULL for a file. The name
 * and the roles are read again when the server says an administrator
 * changed them, and the store then emits "identity-changed". */
char           *pb_case_store_dup_server_roles_label  (PbCaseStore       *self);
/* FALSE while the connection to a team server is lost, until it is made
 * again (a window's store: pb_case_watch_reconnect_in_background());
 * always TRUE for a file. */
gboolean        pb_case_store_is_connected            (PbCaseStore       *self);
/* Whether @error says only that the team server cannot be reached now
 * (the connection lost and not made again yet), not that the store or
 * the server's rules refused: an expected condition, which ends when the
 * connection is back. */
gboolean        pb_case_store_is_away_error           (PbCaseStore       *self,
                                                       const GError      *error);

/* Copying cases between stores (probity-cli db copy) -------------------- */

/* Copies case @case_id of @source, verified first, with its whole history,
 * into @self in one transaction: into a file as it is, verified again
 * before the commit; onto a server through the administrator's
 * probity.import_case (), which checks every event and appends an
 * "imported" event naming @source_name (NULL: the file's name, or the
 * server's without its password) and puts the case in @team (NULL:
 * its creator's team there). *@copied is FALSE when @self holds the case
 * already with the same history; another history is CONFLICT. */
gboolean        pb_case_store_copy_case               (PbCaseStore       *self,
                                                       PbCaseStore       *source,
                                                       const char        *case_id,
                                                       const char        *source_name,
                                                       const char        *team,
                                                       gboolean          *copied,
                                                       guint             *n_events,
                                                       guint             *n_files,
                                                       GError           **error);
/* What a copy or an import asks of a case before it takes it: called
 * with the store the case is read from (a case file's private copy) and
 * inside the read transaction it is read in, so that what it sees is
 * exactly what is copied. FALSE, with @error set, refuses the case:
 * nothing of it is copied, and @error is what the caller is told. */
typedef gboolean (*PbCaseCopyCheck) (PbCaseStore  *source,
                                     const char   *case_id,
                                     gpointer      user_data,
                                     GError      **error);
/* pb_case_store_copy_case(), the case taken only if @check (may be NULL)
 * lets it in. */
gboolean        pb_case_store_copy_case_checked       (PbCaseStore       *self,
                                                       PbCaseStore       *source,
                                                       const char        *case_id,
                                                       const char        *source_name,
                                                       const char        *team,
                                                       PbCaseCopyCheck    check,
                                                       gpointer           check_data,
                                                       gboolean          *copied,
                                                       guint             *n_events,
                                                       guint             *n_files,
                                                       GError           **error);
/* How many cases @self holds (on a server, all of them, for an administrator too). */
gboolean        pb_case_store_count_cases             (PbCaseStore       *self,
                                                       guint             *n_cases,
                                                       GError           **error);
/* After a copy: pb_case_store_verify_case (), or for an administrator on a
 * server, who reads no case, the server's check of its chain. */
gboolean        pb_case_store_verify_copy             (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       guint             *n_events,
                                                       GError           **error);

/* Customers and products ------------------------------------------------ */

/* Adds a customer; @aliases may be NULL. Returns the new customer. */
PbCustomer     *pb_case_store_add_customer            (PbCaseStore       *self,
                                                       const char        *name,
                                                       const char * const *aliases,
                                                       const char        *country,
                                                       const char        *entity_type,
                                                       const char        *notes,
                                                       GError           **error);
/* The customer with this exact name (case-insensitive), or NULL without
 * an error when there is none. */
PbCustomer     *pb_case_store_find_customer           (PbCaseStore       *self,
                                                       const char        *name,
                                                       GError           **error);
PbCustomer     *pb_case_store_get_customer            (PbCaseStore       *self,
                                                       const char        *uid,
                                                       GError           **error);
/* A GListModel of PbCustomer, sorted by name. */
GListModel     *pb_case_store_list_customers          (PbCaseStore       *self,
                                                       GError           **error);

PbProduct      *pb_case_store_add_product             (PbCaseStore       *self,
                                                       const char        *name,
                                                       const char        *version,
                                                       const char        *family,
                                                       const char * const *capabilities,
                                                       GError           **error);
/* By exact name (case-insensitive), or NULL without an error. */
PbProduct      *pb_case_store_find_product            (PbCaseStore       *self,
                                                       const char        *name,
                                                       GError           **error);
PbProduct      *pb_case_store_get_product             (PbCaseStore       *self,
                                                       const char        *uid,
                                                       GError           **error);
/* A GListModel of PbProduct, sorted by name. */
GListModel     *pb_case_store_list_products           (PbCaseStore       *self,
                                                       GError           **error);

/* Cases ----------------------------------------------------------------- */

/* Creates a case in draft, pinning @questionnaire (id, version, SHA-256
 * and its bytes). Returns the new case id. */
char           *pb_case_store_create_case             (PbCaseStore       *self,
                                                       const char        *customer_uid,
                                                       const char        *product_uid,
                                                       PbQuestionnaire   *questionnaire,
                                                       GError           **error);
/* A new case's customer (product): an existing one by @uid, else one
 * recorded with the case from the other fields (@aliases, @capabilities
 * may be NULL). */
typedef struct
{
  const char         *uid;
  const char         *name;
  const char * const *aliases;
  const char         *country;
  const char         *entity_type;
  const char         *notes;
} PbNewCustomer;
typedef struct
{
  const char         *uid;
  const char         *name;
  const char         *version;
  const char         *family;
  const char * const *capabilities;
} PbNewProduct;
/* pb_case_store_create_case(), the customer and product records
 * @customer and @product give (those without a uid) recorded in the same
 * transaction as the case: a case refused, or a connection lost before
 * the commit, leaves no customer or product behind. @customer_out and
 * @product_out (may be NULL) get the case's customer and product. */
char           *pb_case_store_create_case_for         (PbCaseStore          *self,
                                                       const PbNewCustomer  *customer,
                                                       const PbNewProduct   *product,
                                                       PbQuestionnaire      *questionnaire,
                                                       PbCustomer          **customer_out,
                                                       PbProduct           **product_out,
                                                       GError              **error);
/* Carries a case into a newer questionnaire as a new case (the case itself
 * stays pinned to its own); @changes gets PbMigrationChange elements. */
char           *pb_case_store_migrate_case            (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       PbQuestionnaire   *to,
                                                       GPtrArray        **changes,
                                                       GError           **error);
PbCaseInfo     *pb_case_store_get_case                (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       GError           **error);
/* A GListModel of PbCaseInfo, the most recently updated first. @filter
 * may be NULL. The list holds the ids and reads the cases a page at a
 * time as they are asked for (from whichever thread asks, one at a time). */
GListModel     *pb_case_store_list_cases              (PbCaseStore       *self,
                                                       const PbCaseFilter *filter,
                                                       GError           **error);
/* The same, for a view: the first thousand, and more as the view scrolls
 * near the end (read in an idle callback of the thread's main context,
 * which then tells of the rows added). */
GListModel     *pb_case_store_list_cases_for_view     (PbCaseStore       *self,
                                                       const PbCaseFilter *filter,
                                                       GError           **error);
/* Called with each case of a list in turn; FALSE and @error stop the walk. */
typedef gboolean (*PbCaseInfoFunc) (PbCaseInfo  *info,
                                    gpointer     user_data,
                                    GError     **error);
/* Calls @func with each case @filter (NULL: any) lists, in the list's
 * order, read by one query in one read transaction: the cases as they
 * were at one moment, in bounded memory (on a server a thousand rows at
 * a time, through a cursor), for exports and the CLI's list. */
gboolean        pb_case_store_foreach_case            (PbCaseStore       *self,
                                                       const PbCaseFilter *filter,
                                                       PbCaseInfoFunc     func,
                                                       gpointer           user_data,
                                                       GError           **error);
/* pb_case_store_list_cases_for_view() in a worker thread, through a store of its
 * own on the same file (it shares the connection), so that a window draws
 * while a large list is read. @filter is copied. */
void            pb_case_store_list_cases_async        (PbCaseStore       *self,
                                                       const PbCaseFilter *filter,
                                                       GCancellable      *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer           user_data);
GListModel     *pb_case_store_list_cases_finish       (PbCaseStore       *self,
                                                       GAsyncResult      *result,
                                                       GError           **error);
/* The questionnaire the case was answered under, loaded from the bytes
 * stored with the case (never from the current file). */
PbQuestionnaire *pb_case_store_load_questionnaire     (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       GError           **error);
/* A questionnaire the store keeps, by the SHA-256 of its bytes (which are
 * checked against it). */
PbQuestionnaire *pb_case_store_load_questionnaire_by_sha256 (PbCaseStore  *self,
                                                             const char   *sha256,
                                                             GError      **error);
/* On a team server: whether an administrator withdrew the approval of the
 * questionnaire @sha256 (schema-v10.sql), and then who, when ("YYYY-MM-DD
 * HH:MM UTC") and why; all three NULL when not (and on a file). */
gboolean        pb_case_store_read_questionnaire_withdrawal (PbCaseStore  *self,
                                                             const char   *sha256,
                                                             char        **withdrawn_by,
                                                             char        **withdrawn,
                                                             char        **reason,
                                                             GError      **error);
/* The revisions of a case are numbered 1..n; n is the current one. */
guint           pb_case_store_get_n_revisions         (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       GError           **error);
PbCaseStatus    pb_case_store_get_status              (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       guint              revision,
                                                       GError           **error);

/* Answers --------------------------------------------------------------- */

/* Sets (or with @answer NULL clears) the answer to @question_id in the
 * current revision, checked against the case's questionnaire, and records an
 * answer-set / -changed / -cleared event. Setting the same value, comment and
 * evidence note again records nothing. @comment or @evidence_note NULL
 * keep the stored ones. Once the revision has been submitted
 * a @reason is required. A signed revision refuses with
 * PB_STORAGE_ERROR_SEALED. The cached outcome of the case is recomputed. */
gboolean        pb_case_store_set_answer              (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       const char        *question_id,
                                                       PbAnswer          *answer,
                                                       const char        *comment,
                                                       const char        *evidence_note,
                                                       const char        *reason,
                                                       GError           **error);
/* Sets every answer of @answers in one transaction (one event each). */
gboolean        pb_case_store_set_answers             (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       PbAnswerSet       *answers,
                                                       const char        *reason,
                                                       GError           **error);
PbAnswerSet    *pb_case_store_get_answers             (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       guint              revision,
                                                       GError           **error);
/* An answer changed since this store read it is not overwritten
 * (pb_case_store_set_answer()): the time its stored answer had when this
 * store read it ("" none; NULL: never read), and taking it as read at
 * @updated: for answers kept to be saved by another store, later. */
char           *pb_case_store_dup_answer_read         (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       guint              revision,
                                                       const char        *question_id);
void            pb_case_store_set_answer_read         (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       guint              revision,
                                                       const char        *question_id,
                                                       const char        *updated);
/* A GListModel of PbAnswerRecord, sorted by question id. */
GListModel     *pb_case_store_list_answers            (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       guint              revision,
                                                       GError           **error);
/* The rating of the revision's answers under the pinned questionnaire and
 * the pinned country reference data (pb_evaluate_with_reference()). */
PbEvaluation   *pb_case_store_evaluate                (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       guint              revision,
                                                       GError           **error);
/* The country reference data the case was created with, from the bytes
 * stored with it; NULL without an error for a case from before schema
 * version 3, which pins none. */
PbCountries    *pb_case_store_load_reference          (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       GError           **error);
/* Whether @reference, the country reference data a case pins, is data no one
 * here vouches for: neither the data this Probity ships or uses
 * (pb_countries_is_known()) nor, on a team server, data an administrator
 * approved (an approval the server's upgrade made alone does not count).
 * Such a case was rated with embargoes its creator chose (review14b E1). */
gboolean        pb_case_store_reference_is_foreign    (PbCaseStore       *self,
                                                       PbCountries       *reference,
                                                       gboolean          *foreign,
                                                       GError           **error);

/* Evidence -------------------------------------------------------------- */

/* Attaches a file (at most PB_EVIDENCE_MAX_SIZE bytes, else
 * PB_STORAGE_ERROR_TOO_LARGE) to the answer of @question_id in the current
 * revision. @media_type may be NULL. */
PbEvidence     *pb_case_store_add_evidence            (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       const char        *question_id,
                                                       const char        *file_name,
                                                       const char        *media_type,
                                                       GBytes            *bytes,
                                                       GError           **error);
/* Reads @file (checking its size before reading it) and attaches it. */
PbEvidence     *pb_case_store_add_evidence_file       (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       const char        *question_id,
                                                       GFile             *file,
                                                       GError           **error);
/* A GListModel of PbEvidence of a revision. */
GListModel     *pb_case_store_list_evidence           (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       guint              revision,
                                                       GError           **error);
GBytes         *pb_case_store_get_evidence_bytes      (PbCaseStore       *self,
                                                       gint64             evidence_id,
                                                       GError           **error);
/* Detaches an evidence file from the current revision (an evidence-removed
 * event); a signed revision refuses with PB_STORAGE_ERROR_SEALED. Once the
 * revision has been submitted a @reason is required. */
gboolean        pb_case_store_remove_evidence         (PbCaseStore       *self,
                                                       gint64             evidence_id,
                                                       const char        *reason,
                                                       GError           **error);

/* Status, decisions, sign-off ------------------------------------------- */

/* draft -> submitted. */
gboolean        pb_case_store_submit                  (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       GError           **error);
/* Records a legal reviewer's decision on a submitted (or decided) revision:
 * approved, approved with conditions, or rejected. @reason is required;
 * @conditions are required for approved with conditions.
 *
 * The store refuses an approval that slips past the rules, whoever asks:
 * - a hard stop in force (a legal fact such as a sanctions match), or
 *   required questions unanswered: PB_STORAGE_ERROR_REFUSED;
 * - by the person who submitted the revision, or who wrote one of its
 *   answer or evidence events: PB_STORAGE_ERROR_PERMISSION;
 * - against a do-not-proceed or hold outcome (an override: nothing ships
 *   under either, pb_outcome_needs_override()) without a written
 *   @override_rationale: PB_STORAGE_ERROR_REFUSED. With one, the revision
 *   becomes PB_CASE_STATUS_AWAITING_SECOND_APPROVAL; a second legal
 *   reviewer, neither the submitter, an author nor the first approver,
 *   then decides the same decision (its conditions are the first
 *   approver's) to put it in force, or rejects it, or sends it back.
 * Rejecting is always open to a legal reviewer. Each decision records the
 * outcome and the answers fingerprint it was taken on. */
gboolean        pb_case_store_decide                  (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       PbCaseStatus       decision,
                                                       const char        *reason,
                                                       const char        *conditions,
                                                       const char        *override_rationale,
                                                       GError           **error);
/* No screening was checked before the decision (pb_case_store_decide()). */
#define PB_SCREENING_UNCHECKED G_MAXUINT
/* pb_case_store_decide() by a client that checked the case's latest
 * screening against its own lists first (app/screening's
 * pb_case_check_screening()): @screening is the screened event it checked
 * (0: the case was never screened). An approval is refused
 * (PB_STORAGE_ERROR_CONFLICT) when another screening was recorded since,
 * so that none slips in between the check and the decision; it records
 * the event and hash of the screening it stands on ("screening_event",
 * "screening_hash" in its data). */
gboolean        pb_case_store_decide_on_screening     (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       PbCaseStatus       decision,
                                                       const char        *reason,
                                                       const char        *conditions,
                                                       const char        *override_rationale,
                                                       guint              screening,
                                                       GError           **error);
/* What a client read of a case before deciding on it
 * (pb_case_store_decide_on()). */
typedef struct
{
  /* The screened event its approval was checked on, as
   * pb_case_store_decide_on_screening(); PB_SCREENING_UNCHECKED: none. */
  guint screening;
  /* The events of the case's history it read
   * (pb_case_snapshot_get_n_events(), pb_case_store_get_history_head());
   * 0: not said. */
  guint n_events;
} PbDecisionBasis;

#define PB_DECISION_BASIS_INIT { PB_SCREENING_UNCHECKED, 0 }

/* pb_case_store_decide_on_screening() by a client that says what it read
 * (@basis, NULL: nothing): a change of the case's status recorded after
 * the events it read (someone decided it, or sent it back, in between) is
 * refused (PB_STORAGE_ERROR_CONFLICT, naming who did what and when), and
 * nothing is recorded, so that a decision never silently replaces one its
 * client did not see. Compared inside the decision's transaction, after
 * the case is locked: it holds between a server's clients too. */
gboolean        pb_case_store_decide_on               (PbCaseStore            *self,
                                                       const char             *case_id,
                                                       PbCaseStatus            decision,
                                                       const char             *reason,
                                                       const char             *conditions,
                                                       const char             *override_rationale,
                                                       const PbDecisionBasis  *basis,
                                                       GError                **error);
/* The decision in force on @revision (0: the current one) with its
 * submitter and approvers, or NULL without an error when nothing is decided
 * (or the revision was sent back since). */
PbDecision     *pb_case_store_get_decision            (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       guint              revision,
                                                       GError           **error);
/* submitted or decided -> draft (sent back for changes). @reason required. */
gboolean        pb_case_store_return_to_draft         (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       const char        *reason,
                                                       GError           **error);
/* Records a sign-off of the current revision by the actor, a legal
 * reviewer, and seals it.
 *
 * Sealing is a compare-and-swap: @revision, @answers_fingerprint and
 * @history_head are those the signed report was made from (and prints); if
 * the case is no longer there (another revision, an answer or any event
 * since), nothing is recorded (PB_STORAGE_ERROR_CONFLICT). A decision must
 * be in force, taken on these answers (PB_STORAGE_ERROR_REFUSED while it
 * awaits a second approval, or after the answers changed); the sign-off
 * signs it. A sealed revision may be signed again by a second signer, with
 * a report of the sealed revision. @signer_name is the name in the signing
 * certificate: it must be the actor's (pb_actor_is_named()), so that a
 * report never says one name beside another's signature;
 * @signer_certificate (may be NULL) is the certificate's SHA-256.
 * @language is the code of the language the report is written in ("fr",
 * "pt_BR"), recorded with the sign-off and in its event's hash.
 * @report_sha256 is the lowercase hex SHA-256 of the signed report; @report
 * (may be NULL) are its bytes, stored with the case so the case file
 * carries them. @organisation (NULL: none) is the one the report names
 * beside the signer, pb_case_store_dup_acting_organisation() when it was
 * made: if the store acts for another one now (an administrator changed
 * it on the server since), nothing is recorded (PB_STORAGE_ERROR_CONFLICT).
 * A case that fails pb_case_store_verify_case() is not signed
 * (PB_STORAGE_ERROR_TAMPERED). */
PbSignOff      *pb_case_store_sign                    (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       guint              revision,
                                                       const char        *answers_fingerprint,
                                                       const char        *history_head,
                                                       const char        *signer_name,
                                                       const char        *signer_certificate,
                                                       const char        *language,
                                                       const char        *report_sha256,
                                                       GBytes            *report,
                                                       const char        *organisation,
                                                       GError           **error);
/* Revision @revision (0: the current one) read whole in one read
 * transaction: what a report shows and a sign-off compares. */
PbCaseSnapshot *pb_case_store_read_snapshot           (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       guint              revision,
                                                       GError           **error);
/* Whether pb_case_store_sign() with these values would be accepted now,
 * writing nothing: to refuse before a report is made and signed. On a
 * server it reads again the organisation the signer acts for. */
gboolean        pb_case_store_check_sign              (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       guint              revision,
                                                       const char        *answers_fingerprint,
                                                       const char        *history_head,
                                                       const char        *signer_name,
                                                       GError           **error);
/* A GListModel of PbSignOff of a revision (0: current), oldest first. */
GListModel     *pb_case_store_list_sign_offs          (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       guint              revision,
                                                       GError           **error);
/* The stored bytes of a signed report, by its SHA-256. */
GBytes         *pb_case_store_get_report              (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       const char        *report_sha256,
                                                       GError           **error);
/* Signed -> a new draft revision n+1 with the answers and evidence of
 * revision n copied; revision n stays sealed. @reason required; a case that
 * fails verification is not reopened. Returns the new revision number, 0 on
 * error. */
guint           pb_case_store_reopen                  (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       const char        *reason,
                                                       GError           **error);

/* History and integrity ------------------------------------------------- */

/* A GListModel of PbHistoryEvent, oldest first. */
GListModel     *pb_case_store_list_history            (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       GError           **error);
/* Lowercase hex SHA-256 over the canonical sorted answers of a revision
 * (SCHEMA.md), what a sign-off seals and the report prints. */
char           *pb_case_store_get_answers_fingerprint (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       guint              revision,
                                                       GError           **error);
/* Whether @fingerprint is that of the answers of @revision as they are:
 * also, on a server, as one of schema 12 or older ordered them (its
 * database's collation) for the seals and reports made there. */
gboolean        pb_case_store_answers_fingerprint_holds (PbCaseStore     *self,
                                                       const char        *case_id,
                                                       guint              revision,
                                                       const char        *fingerprint,
                                                       gboolean          *holds,
                                                       GError           **error);
/* The hash of the last history event; @n_events (may be NULL) gets their
 * number. */
char           *pb_case_store_get_history_head        (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       guint             *n_events,
                                                       GError           **error);
/* Recomputes the hash chain, replays the history against the stored
 * answers and statuses, and checks every seal. On failure sets
 * PB_STORAGE_ERROR_TAMPERED naming the first broken event and stores its
 * sequence number in @broken_event (may be NULL; 0 when no single event is
 * to blame). @n_events (may be NULL) gets the number of events checked. */
gboolean        pb_case_store_verify_case             (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       guint             *n_events,
                                                       guint             *broken_event,
                                                       GError           **error);

/* Anchors: time-stamps on the history's head (SCHEMA.md) ---------------- */

/* Whether whoever acts may anchor a case's history, asked before the
 * authority is: in a file any role may (an anchor adds evidence and
 * changes no fact), on a team server only sales people and legal
 * reviewers, and never in a file opened for reading. */
gboolean        pb_case_store_check_may_anchor        (PbCaseStore       *self,
                                                       GError           **error);
/* Keeps @token, a time-stamp token from the authority at @tsa_url on the
 * hash of event @event_seq of the case, which must be @head_hash. The
 * store does not read the token; the workflow layer asks for it and checks
 * it (pb-history-anchoring.h). Whoever pb_case_store_check_may_anchor()
 * lets anchor. */
gboolean        pb_case_store_add_anchor              (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       guint              event_seq,
                                                       const char        *head_hash,
                                                       GBytes            *token,
                                                       const char        *tsa_url,
                                                       GError           **error);
/* A GListModel of PbHistoryAnchor, oldest event first. */
GListModel     *pb_case_store_list_anchors            (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       GError           **error);

/* Case files ------------------------------------------------------------ */

/* Writes the case (all revisions, history, evidence, signed reports, its
 * customer, product and questionnaire) to @path as a standalone database
 * of the same schema. @path must not exist. */
gboolean        pb_case_store_export_case             (PbCaseStore       *self,
                                                       const char        *case_id,
                                                       const char        *path,
                                                       GError           **error);
/* Imports the case file @path, keeping ids, history and hashes; verifies it
 * first. Importing a case that is already here with the same history changes
 * nothing (@changed FALSE); a file whose history carries on the stored one
 * brings the case up to date; a history that parts from the stored one, or
 * an older copy, is refused with PB_STORAGE_ERROR_CONFLICT saying where.
 * @case_id (may be NULL) gets the imported case's id. */
gboolean        pb_case_store_import_case             (PbCaseStore       *self,
                                                       const char        *path,
                                                       char             **case_id,
                                                       gboolean          *changed,
                                                       GError           **error);
/* pb_case_store_import_case(), the case taken only if @check (may be
 * NULL) lets it in, asked of the file as the import reads it. */
gboolean        pb_case_store_import_case_checked     (PbCaseStore       *self,
                                                       const char        *path,
                                                       PbCaseCopyCheck    check,
                                                       gpointer           check_data,
                                                       char             **case_id,
                                                       gboolean          *changed,
                                                       GError           **error);

G_END_DECLS
