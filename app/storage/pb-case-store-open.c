/* pb-case-store-open.c: opening a database: the schema, checks before and after
 * opening, migrations with their backup, and read-only upgraded copies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include "pb-i18n.h"
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pb-case-store-private.h"
#include "pb-db-pg.h"
#include "pb-db-sqlite-reads.h"
#include "pb-db-sqlite.h"
#include "pb-db-statements.h"
#include "pb-file-checks.h"
#include "pb-list-store-private.h"

/* Schema version 1: the first release. Kept verbatim: fresh databases are
 * created by running it and then every migration step, so that each step is
 * exercised on every new file. */
static const char schema_v1[] =
  "CREATE TABLE meta (\n"
  "  key   TEXT PRIMARY KEY,\n"
  "  value TEXT NOT NULL\n"
  ");\n"
  "CREATE TABLE customers (\n"
  "  uid         TEXT PRIMARY KEY,\n"
  "  name        TEXT NOT NULL,\n"
  "  aliases     TEXT NOT NULL DEFAULT '',\n"
  "  country     TEXT NOT NULL DEFAULT '',\n"
  "  entity_type TEXT NOT NULL DEFAULT '',\n"
  "  notes       TEXT NOT NULL DEFAULT '',\n"
  "  created     TEXT NOT NULL\n"
  ");\n"
  "CREATE INDEX customers_by_name ON customers (name COLLATE NOCASE);\n"
  "CREATE TABLE products (\n"
  "  uid          TEXT PRIMARY KEY,\n"
  "  name         TEXT NOT NULL,\n"
  "  version      TEXT NOT NULL DEFAULT '',\n"
  "  family       TEXT NOT NULL DEFAULT '',\n"
  "  capabilities TEXT NOT NULL DEFAULT '',\n"
  "  created      TEXT NOT NULL\n"
  ");\n"
  "CREATE INDEX products_by_name ON products (name COLLATE NOCASE);\n"
  "CREATE TABLE questionnaires (\n"
  "  sha256    TEXT PRIMARY KEY,\n"
  "  qid       TEXT NOT NULL,\n"
  "  version   TEXT NOT NULL,\n"
  "  file_name TEXT NOT NULL,\n"
  "  content   BLOB NOT NULL\n"
  ");\n"
  "CREATE TABLE cases (\n"
  "  id                   TEXT PRIMARY KEY,\n"
  "  customer_uid         TEXT NOT NULL REFERENCES customers (uid),\n"
  "  product_uid          TEXT NOT NULL REFERENCES products (uid),\n"
  "  questionnaire_sha256 TEXT NOT NULL REFERENCES questionnaires (sha256),\n"
  "  created              TEXT NOT NULL,\n"
  "  created_by           TEXT NOT NULL,\n"
  "  current_revision     INTEGER NOT NULL DEFAULT 1,\n"
  "  updated              TEXT NOT NULL,\n"
  "  head_seq             INTEGER NOT NULL DEFAULT 0,\n"
  "  head_hash            TEXT NOT NULL\n"
  ");\n"
  "CREATE INDEX cases_by_customer ON cases (customer_uid);\n"
  "CREATE INDEX cases_by_updated ON cases (updated);\n"
  "CREATE TABLE revisions (\n"
  "  case_id    TEXT NOT NULL REFERENCES cases (id),\n"
  "  revision   INTEGER NOT NULL,\n"
  "  status     TEXT NOT NULL DEFAULT 'draft',\n"
  "  decision   TEXT,\n"
  "  reason     TEXT,\n"
  "  conditions TEXT,\n"
  "  sealed     INTEGER NOT NULL DEFAULT 0,\n"
  "  created    TEXT NOT NULL,\n"
  "  PRIMARY KEY (case_id, revision)\n"
  ");\n"
  "CREATE TABLE answers (\n"
  "  case_id       TEXT NOT NULL,\n"
  "  revision      INTEGER NOT NULL,\n"
  "  question_id   TEXT NOT NULL,\n"
  "  value         TEXT NOT NULL,\n"
  "  comment       TEXT NOT NULL DEFAULT '',\n"
  "  evidence_note TEXT NOT NULL DEFAULT '',\n"
  "  user          TEXT NOT NULL,\n"
  "  updated       TEXT NOT NULL,\n"
  "  PRIMARY KEY (case_id, revision, question_id),\n"
  "  FOREIGN KEY (case_id, revision) REFERENCES revisions (case_id, revision)\n"
  ") WITHOUT ROWID;\n"
  "CREATE TABLE blobs (\n"
  "  sha256  TEXT PRIMARY KEY,\n"
  "  size    INTEGER NOT NULL,\n"
  "  content BLOB NOT NULL\n"
  ");\n"
  "CREATE TABLE evidence (\n"
  "  id          INTEGER PRIMARY KEY,\n"
  "  case_id     TEXT NOT NULL,\n"
  "  revision    INTEGER NOT NULL,\n"
  "  question_id TEXT NOT NULL,\n"
  "  file_name   TEXT NOT NULL,\n"
  "  media_type  TEXT NOT NULL,\n"
  "  sha256      TEXT NOT NULL REFERENCES blobs (sha256),\n"
  "  size        INTEGER NOT NULL,\n"
  "  added_by    TEXT NOT NULL,\n"
  "  added       TEXT NOT NULL,\n"
  "  FOREIGN KEY (case_id, revision) REFERENCES revisions (case_id, revision)\n"
  ");\n"
  "CREATE INDEX evidence_by_case ON evidence (case_id, revision);\n"
  "CREATE TABLE sign_offs (\n"
  "  id                  INTEGER PRIMARY KEY,\n"
  "  case_id             TEXT NOT NULL,\n"
  "  revision            INTEGER NOT NULL,\n"
  "  event_seq           INTEGER NOT NULL,\n"
  "  role                TEXT NOT NULL,\n"
  "  name                TEXT NOT NULL,\n"
  "  decision            TEXT NOT NULL,\n"
  "  reason              TEXT,\n"
  "  conditions          TEXT,\n"
  "  time                TEXT NOT NULL,\n"
  "  report_sha256       TEXT NOT NULL,\n"
  "  answers_fingerprint TEXT NOT NULL,\n"
  "  history_head        TEXT NOT NULL,\n"
  "  FOREIGN KEY (case_id, revision) REFERENCES revisions (case_id, revision)\n"
  ");\n"
  "CREATE INDEX sign_offs_by_case ON sign_offs (case_id, revision);\n"
  "CREATE TABLE events (\n"
  "  case_id     TEXT NOT NULL REFERENCES cases (id),\n"
  "  seq         INTEGER NOT NULL,\n"
  "  revision    INTEGER NOT NULL,\n"
  "  time        TEXT NOT NULL,\n"
  "  user        TEXT NOT NULL,\n"
  "  kind        TEXT NOT NULL,\n"
  "  question_id TEXT,\n"
  "  old_value   TEXT,\n"
  "  new_value   TEXT,\n"
  "  reason      TEXT,\n"
  "  data        TEXT,\n"
  "  prev_hash   TEXT NOT NULL,\n"
  "  hash        TEXT NOT NULL,\n"
  "  PRIMARY KEY (case_id, seq)\n"
  ") WITHOUT ROWID;\n"
  /* The seal: the answers and evidence of a signed revision never change,
   * and a revision once sealed stays sealed. */
  "CREATE TRIGGER answers_sealed_insert BEFORE INSERT ON answers\n"
  "  WHEN (SELECT sealed FROM revisions WHERE case_id = NEW.case_id AND revision = NEW.revision)\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  "CREATE TRIGGER answers_sealed_update BEFORE UPDATE ON answers\n"
  "  WHEN (SELECT sealed FROM revisions WHERE case_id = OLD.case_id AND revision = OLD.revision)\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  "CREATE TRIGGER answers_sealed_delete BEFORE DELETE ON answers\n"
  "  WHEN (SELECT sealed FROM revisions WHERE case_id = OLD.case_id AND revision = OLD.revision)\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  "CREATE TRIGGER evidence_sealed_insert BEFORE INSERT ON evidence\n"
  "  WHEN (SELECT sealed FROM revisions WHERE case_id = NEW.case_id AND revision = NEW.revision)\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  "CREATE TRIGGER evidence_sealed_change BEFORE UPDATE ON evidence\n"
  "  WHEN (SELECT sealed FROM revisions WHERE case_id = OLD.case_id AND revision = OLD.revision)\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  "CREATE TRIGGER evidence_sealed_delete BEFORE DELETE ON evidence\n"
  "  WHEN (SELECT sealed FROM revisions WHERE case_id = OLD.case_id AND revision = OLD.revision)\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  "CREATE TRIGGER revisions_stay_sealed BEFORE UPDATE OF sealed, status, decision ON revisions\n"
  "  WHEN OLD.sealed\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  "CREATE TRIGGER revisions_sealed_delete BEFORE DELETE ON revisions\n"
  "  WHEN OLD.sealed\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  /* The history and the sign-offs are append-only. */
  "CREATE TRIGGER events_no_update BEFORE UPDATE ON events\n"
  "  BEGIN SELECT RAISE (ABORT, 'append-only: history events cannot change'); END;\n"
  "CREATE TRIGGER events_no_delete BEFORE DELETE ON events\n"
  "  BEGIN SELECT RAISE (ABORT, 'append-only: history events cannot be deleted'); END;\n"
  "CREATE TRIGGER sign_offs_no_update BEFORE UPDATE ON sign_offs\n"
  "  BEGIN SELECT RAISE (ABORT, 'append-only: sign-offs cannot change'); END;\n"
  "CREATE TRIGGER sign_offs_no_delete BEFORE DELETE ON sign_offs\n"
  "  BEGIN SELECT RAISE (ABORT, 'append-only: sign-offs cannot be deleted'); END;\n";

/* Version 2 caches the outcome and the number of answers of each revision,
 * so that listing and filtering 10,000 cases need not evaluate any. */
static const char migrate_v2[] =
  "ALTER TABLE revisions ADD COLUMN outcome TEXT;\n"
  "ALTER TABLE revisions ADD COLUMN n_answers INTEGER NOT NULL DEFAULT 0;\n"
  "CREATE INDEX revisions_by_status ON revisions (status, outcome);\n"
  /* The reason and conditions of a signed decision are sealed too. */
  "DROP TRIGGER revisions_stay_sealed;\n"
  "CREATE TRIGGER revisions_stay_sealed BEFORE UPDATE OF sealed, status, decision, reason, conditions ON revisions\n"
  "  WHEN OLD.sealed\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  "UPDATE revisions SET n_answers = (SELECT count(*) FROM answers a\n"
  "  WHERE a.case_id = revisions.case_id AND a.revision = revisions.revision);\n";

/* Version 3 records who acted in which role, for which organisation, with
 * every event (in its hash), and the signer's organisation and certificate
 * with every sign-off. Older events keep no role and their first hash form. */
static const char migrate_v3[] =
  "ALTER TABLE events ADD COLUMN role TEXT;\n"
  "ALTER TABLE events ADD COLUMN organisation TEXT;\n"
  "ALTER TABLE sign_offs ADD COLUMN organisation TEXT;\n"
  "ALTER TABLE sign_offs ADD COLUMN certificate_sha256 TEXT;\n";

/* Version 4 pins the country reference data a case is rated with, bytes and
 * SHA-256, as version 1 pins its questionnaire. Cases created before pin
 * none: their questionnaires (1.0.0) read no reference data. */
static const char migrate_v4[] =
  "CREATE TABLE reference_data (\n"
  "  sha256    TEXT PRIMARY KEY,\n"
  "  version   TEXT NOT NULL,\n"
  "  file_name TEXT NOT NULL,\n"
  "  content   BLOB NOT NULL\n"
  ");\n"
  "ALTER TABLE cases ADD COLUMN reference_sha256 TEXT REFERENCES reference_data (sha256);\n";

/* Version 8 records the language each signed report is written in with its
 * sign-off (and in its event's hash). Older sign-offs name none. */
static const char migrate_v8[] =
  "ALTER TABLE sign_offs ADD COLUMN language TEXT;\n";

/* Version 9 makes the indexes a search goes through from customers and
 * products to their cases covering: a search that names most customers
 * ("inte") reads the ids of ~97,000 cases from the index alone, without a
 * look-up of each case's row. */
static const char migrate_v9[] =
  "DROP INDEX cases_by_customer;\n"
  "CREATE INDEX cases_by_customer ON cases (customer_uid, id);\n"
  "DROP INDEX cases_by_product;\n"
  "CREATE INDEX cases_by_product ON cases (product_uid, id);\n";

/* Opening ------------------------------------------------------------------- */

typedef enum
{
  HEADER_EMPTY,
  HEADER_SQLITE,
  HEADER_OTHER,
  HEADER_TRUNCATED,
  HEADER_UNREADABLE,   /* errno says why */
  HEADER_NOT_REGULAR,  /* a FIFO, a device, a folder, a socket */
} HeaderKind;

/* A -wal file with pages in it next to @path. */
static gboolean
has_wal_frames (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  /* A 32-byte header, then frames. */
  return g_stat (wal, &st) == 0 && st.st_size > 32;
}

/* Looks at the file before SQLite does, so that a file that is not ours is
 * refused without SQLite ever opening it for writing. Only ever called
 * while this process has no connection to the file (the registry has
 * none, and this thread holds the claim to open it): closing the
 * descriptor here would drop that connection's locks. */
static HeaderKind
inspect_header (const char *path,
                goffset    *file_size,
                goffset    *expected_size)
{
  guchar header[100];
  GStatBuf st;
  gssize n;
  int fd;

  *file_size = 0;
  *expected_size = 0;

  /* Not a regular file (a FIFO would block the open, a device never
   * ends): refused before anything opens it. */
  if (g_stat (path, &st) != 0)
    return HEADER_UNREADABLE;
  if (!S_ISREG (st.st_mode))
    return HEADER_NOT_REGULAR;

  *file_size = st.st_size;
  if (st.st_size == 0)
    return HEADER_EMPTY;

  /* O_NONBLOCK: should the file have been swapped for a FIFO since. */
  if ((fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0)) < 0)
    return HEADER_UNREADABLE;

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      return HEADER_NOT_REGULAR;
    }

  n = read (fd, header, sizeof header);
  close (fd);

  if (n < 16 || memcmp (header, "SQLite format 3", 16) != 0)
    return HEADER_OTHER;

  if (n < (gssize)sizeof header)
    return HEADER_TRUNCATED;

  {
    guint page_size = (header[16] << 8) | header[17];
    guint32 change_counter = GUINT32_FROM_BE (*(guint32 *)(header + 24));
    guint32 n_pages = GUINT32_FROM_BE (*(guint32 *)(header + 28));
    guint32 valid_for = GUINT32_FROM_BE (*(guint32 *)(header + 92));

    if (page_size == 1)
      page_size = 65536;

    /* The page count in the header is only trustworthy when it was written
     * by the same transaction as the change counter, and when no WAL file
     * holds pages a checkpoint has not yet written: a checkpoint that a full
     * disk or a kill interrupted leaves the file shorter than its header
     * says, and nothing is lost. The integrity check on open reads through
     * the WAL and still finds a file that is really truncated. */
    if (n_pages > 0 && valid_for == change_counter && !has_wal_frames (path))
      {
        *expected_size = (goffset)n_pages * page_size;
        if (*expected_size > st.st_size)
          return HEADER_TRUNCATED;
      }
  }

  return HEADER_SQLITE;
}

static gboolean
create_file (const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      /* Translators: a folder name, then the system's reason */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      /* Translators: a file name, then the system's reason */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("Could not create %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);

  return TRUE;
}

static gboolean
read_int (PbDb        *db,
          const char  *sql,
          gint64      *value,
          GError     **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  if (!(stmt = pb_db_prepare (db, sql, error)) || (rc = pb_db_stmt_step (stmt, error)) == 0)
    return FALSE;
  if (rc != PB_DB_ROW)
    {
      /* Translators: a database file, then an SQL statement */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT, _("%s: “%s” gave no value"),
                   pb_db_get_name (db), sql);
      return FALSE;
    }

  *value = pb_db_stmt_column_int64 (stmt, 0);

  return TRUE;
}

gboolean
_pb_case_store_read_pragma_int (PbCaseStore  *self,
                                const char   *sql,
                                gint64       *value,
                                GError      **error)
{
  return read_int (self->db, sql, value, error);
}

/* How far PRAGMA quick_check has come. It reads every page once as it
 * walks the b-trees (one step of SQLite's virtual machine, in which no
 * progress handler runs), then every table's pages again as it reads each
 * row (steps that do run one). The first pass tells how many of its pages
 * were tables', hence what the second will read. */
typedef struct
{
  PbDb                    *db;
  GCancellable            *cancellable;
  PbCaseStoreProgressFunc  progress;
  gpointer                 progress_data;
  GHashTable  *roots;         /* root page -> ROOT_TABLE or ROOT_INDEX */
  gint64       n_pages;
  gint64       first_reads;   /* pages read by the walk */
  gint64       table_reads;   /* of which were tables' */
  gint64       second_reads;  /* pages read by the row pass */
  double       reported;
  guint        in_table : 1;
  guint        second_pass : 1;
} CheckProgress;

#define ROOT_TABLE 1
#define ROOT_INDEX 2
/* Reads between two reports (4 MB at 4 KB pages). */
#define CHECK_REPORT_READS 1024

static double
check_fraction (CheckProgress *check)
{
  double first, tables;

  if (!check->second_pass)
    {
      /* Tables' share of what is left is guessed from what was walked. */
      first = MAX (check->n_pages, check->first_reads);
      tables = check->first_reads > 0 ? first * check->table_reads / check->first_reads : first;
      return check->first_reads / (first + tables);
    }

  return (double) (check->first_reads + check->second_reads) /
         (check->first_reads + MAX (check->table_reads, check->second_reads));
}

static void
check_report (CheckProgress *check,
              double         fraction)
{
  /* Never backwards: the guess above may be corrected. */
  if (fraction <= check->reported)
    return;

  check->reported = fraction;
  check->progress (PB_CASE_STORE_OPENING_CHECKING, fraction, check->progress_data);
}

static gboolean
check_page_read_cb (guint    page,
                    gpointer user_data)
{
  CheckProgress *check = user_data;

  if (g_cancellable_is_cancelled (check->cancellable))
    return FALSE;

  if (!check->second_pass)
    {
      gpointer root = g_hash_table_lookup (check->roots, GUINT_TO_POINTER (page));

      if (root != NULL)
        check->in_table = GPOINTER_TO_INT (root) == ROOT_TABLE;
      check->first_reads++;
      check->table_reads += check->in_table;
    }
  else
    check->second_reads++;

  /* The first read too: the check has begun. */
  if (check->progress != NULL &&
      (check->first_reads + check->second_reads) % CHECK_REPORT_READS == 1)
    check_report (check, MIN (check_fraction (check), 0.99));

  return TRUE;
}

/* Stops a statement when the check is cancelled; marks the end of the
 * walk. */
static int
check_step_cb (void *user_data)
{
  CheckProgress *check = user_data;

  check->second_pass = TRUE;

  return g_cancellable_is_cancelled (check->cancellable);
}

static gboolean
read_roots (CheckProgress  *check,
            GError        **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  if (!read_int (check->db, "PRAGMA page_count", &check->n_pages, error) ||
      !(stmt = pb_db_prepare (check->db,
                              PB_SQL ("SELECT rootpage, type = 'index' FROM sqlite_schema WHERE rootpage > 0"),
                              error)))
    return FALSE;

  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    g_hash_table_insert (check->roots, GUINT_TO_POINTER ((guint) pb_db_stmt_column_int64 (stmt, 0)),
                         GINT_TO_POINTER (pb_db_stmt_column_int64 (stmt, 1) ? ROOT_INDEX : ROOT_TABLE));

  return rc == PB_DB_DONE;
}

/* PRAGMA quick_check of the whole file @db is open on, telling @progress
 * (may be NULL) how far it has come; stopped by @cancellable. TRUE with
 * *@finding NULL when the file is sound, or SQLite's first finding (which
 * names the page) when it is damaged; FALSE when the check could not run
 * to its end. */
static gboolean
check_pages (PbDb                     *db,
             GCancellable             *cancellable,
             PbCaseStoreProgressFunc   progress,
             gpointer                  progress_data,
             char                    **finding,
             GError                  **error)
{
  g_autoptr(GHashTable) roots = g_hash_table_new (NULL, NULL);
  CheckProgress check = { db, cancellable, progress, progress_data, roots, };
  sqlite3 *handle = pb_db_sqlite_get_handle (PB_DB_SQLITE (db));
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *result;
  int rc;

  *finding = NULL;
  if (!read_roots (&check, error) ||
      !(stmt = pb_db_prepare (db, PB_SQL ("PRAGMA quick_check(1)"), error)))
    return FALSE;

  pb_db_sqlite_reads_watch (handle, check_page_read_cb, &check);
  sqlite3_progress_handler (handle, 1000, check_step_cb, &check);
  rc = pb_db_stmt_step (stmt, &local_error);
  sqlite3_progress_handler (handle, 0, NULL, NULL);
  pb_db_sqlite_reads_watch (handle, NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (rc != PB_DB_ROW)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  result = pb_db_stmt_column_text (stmt, 0);
  if (g_strcmp0 (result, "ok") != 0)
    {
      /* Without the line naming the schema ("*** in database main ***"):
       * "Page 19297: btreeInitPage() returns error code 11". */
      if (result != NULL && g_str_has_prefix (result, "*** ") && strchr (result, '\n') != NULL)
        result = strchr (result, '\n') + 1;
      *finding = g_strdup (result != NULL ? result : "");
      return TRUE;
    }

  if (progress != NULL)
    check_report (&check, 1.0);

  return TRUE;
}

/* The check of every page before the open goes on (with the store's
 * opening_progress and opening_cancellable). */
static gboolean
check_integrity (PbCaseStore  *self,
                 GError      **error)
{
  g_autofree char *finding = NULL;

  if (!check_pages (self->db, self->opening_cancellable, self->opening_progress,
                    self->opening_progress_data, &finding, error))
    return FALSE;

  if (finding != NULL)
    {
      /* Translators: a file name, then SQLite's first finding */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT,
                   _("%s is damaged (%s); it was left untouched. Restore it from a backup."),
                   self->path, finding);
      return FALSE;
    }

  return TRUE;
}

static gboolean
make_backup (PbCaseStore  *self,
             gint64        from_version,
             GError      **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *backup_path = NULL;
  g_autoptr(GError) local_error = NULL;

  for (guint i = 0; ; i++)
    {
      g_free (backup_path);
      if (i == 0)
        backup_path = g_strdup_printf ("%s.v%" G_GINT64_FORMAT "-%s.bak", self->path, from_version, stamp);
      else
        backup_path = g_strdup_printf ("%s.v%" G_GINT64_FORMAT "-%s-%u.bak", self->path, from_version, stamp, i);

      if (!g_file_test (backup_path, G_FILE_TEST_EXISTS))
        break;
    }

  if (!create_file (backup_path, error))
    return FALSE;

  if (!pb_db_sqlite_backup_to (PB_DB_SQLITE (self->db), backup_path, &local_error))
    {
      /* Translators: a file name, then SQLite's message */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("Could not back up %s before upgrading it: %s"), self->path, local_error->message);
      g_unlink (backup_path);
      return FALSE;
    }

  self->backup_path = g_steal_pointer (&backup_path);

  return TRUE;
}

/* Recomputes the cached outcome and answer count of every revision, with
 * this build's rating method. */
static gboolean
refresh_all_caches_locked (PbCaseStore  *self,
                           GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) case_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) revisions = g_array_new (FALSE, FALSE, sizeof (guint));
  int rc;

  if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT case_id, revision FROM revisions"), error)))
    return FALSE;

  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    {
      guint revision = pb_db_stmt_column_int (stmt, 1);

      g_ptr_array_add (case_ids, g_strdup (pb_db_stmt_column_text (stmt, 0)));
      g_array_append_val (revisions, revision);
    }
  if (rc == 0)
    return FALSE;

  for (guint i = 0; i < case_ids->len; i++)
    {
      if (!_pb_case_store_refresh_cache_locked (self, g_ptr_array_index (case_ids, i),
                                                g_array_index (revisions, guint, i), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
migrate_to_v2 (PbCaseStore  *self,
               GError      **error)
{
  return pb_db_exec (self->db, migrate_v2, error) &&
         refresh_all_caches_locked (self, error);
}

/* The outcomes kept for listing were computed by this build's rating
 * method (meta 'cache-method', PB_EVALUATION_METHOD_VERSION). */
gboolean
_pb_case_store_read_caches_current (PbCaseStore  *self,
                                    gboolean     *current,
                                    GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  *current = FALSE;
  if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT value FROM meta WHERE key = 'cache-method'"), error)))
    return FALSE;

  if ((rc = pb_db_stmt_step (stmt, error)) == 0)
    return FALSE;

  *current = rc == PB_DB_ROW &&
             g_ascii_strtoll (pb_db_stmt_column_text (stmt, 0), NULL, 10) == PB_EVALUATION_METHOD_VERSION;

  return TRUE;
}

/* In a file open for changes, outcomes another rating method kept are
 * recomputed once, so that no list shows what this build would not say. */
static gboolean
make_caches_current (PbCaseStore  *self,
                     GError      **error)
{
  g_autofree char *method = g_strdup_printf ("%d", PB_EVALUATION_METHOD_VERSION);
  gboolean current;

  if (!_pb_case_store_read_caches_current (self, &current, error))
    return FALSE;

  if (!current &&
      (!_pb_case_store_begin (self, error) ||
       !refresh_all_caches_locked (self, error) ||
       !pb_db_run (self->db,
                   PB_SQL ("INSERT INTO meta (key, value) VALUES ('cache-method', ?1)"
                           " ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                   error, 1, method) ||
       !_pb_case_store_commit (self, error)))
    return _pb_case_store_rollback (self);

  self->caches_current = TRUE;

  return TRUE;
}

static gboolean
migrate_to_v3 (PbCaseStore  *self,
               GError      **error)
{
  return pb_db_exec (self->db, migrate_v3, error);
}

static gboolean
migrate_to_v4 (PbCaseStore  *self,
               GError      **error)
{
  return pb_db_exec (self->db, migrate_v4, error);
}

static gboolean
migrate_to_v8 (PbCaseStore  *self,
               GError      **error)
{
  return pb_db_exec (self->db, migrate_v8, error);
}

static gboolean
migrate_to_v9 (PbCaseStore  *self,
               GError      **error)
{
  return pb_db_exec (self->db, migrate_v9, error);
}

typedef gboolean (*MigrationFunc) (PbCaseStore *self, GError **error);

/* Runs the steps from schema @version up to @to. */
static gboolean
migrate_to (PbCaseStore  *self,
            gint64        version,
            gint64        to,
            gboolean      fresh,
            gboolean      backup,
            GError      **error)
{
  static const MigrationFunc steps[] = {
    NULL,             /* 0 -> 1: schema_v1 */
    migrate_to_v2,    /* 1 -> 2 */
    migrate_to_v3,    /* 2 -> 3 */
    migrate_to_v4,    /* 3 -> 4 */
    _pb_case_store_migrate_lists,  /* 4 -> 5: restricted-party lists */
    _pb_case_store_migrate_case_list,   /* 5 -> 6: the case list, full-text search */
    _pb_case_store_migrate_anchors,     /* 6 -> 7: time-stamps on the history */
    migrate_to_v8,                      /* 7 -> 8: the language of signed reports */
    migrate_to_v9,                      /* 8 -> 9: covering indexes from customers and products */
    _pb_case_store_migrate_case_list_owners, /* 9 -> 10: customers and products in the case list */
    _pb_case_store_migrate_search_pending,   /* 10 -> 11: beginnings of words, pending documents */
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (steps) == PB_CASE_STORE_SCHEMA_VERSION);

  g_assert (to <= PB_CASE_STORE_SCHEMA_VERSION);

  if (version >= to)
    return TRUE;

  if (backup && !make_backup (self, version, error))
    return FALSE;

  if (!_pb_case_store_begin (self, error))
    return FALSE;

  for (gint64 v = version; v < to; v++)
    {
      g_autofree char *pragma = NULL;
      gboolean ok;

      if (v == 0)
        ok = pb_db_exec (self->db, schema_v1, error);
      else
        ok = steps[v] (self, error);

      if (!ok)
        {
          g_prefix_error (error, _("Upgrading %s from schema version %lld: "),
                          self->path, (long long) v);
          return _pb_case_store_rollback (self);
        }

      pragma = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, v + 1);
      if (!pb_db_exec (self->db, pragma, error))
        return _pb_case_store_rollback (self);
    }

  if (fresh)
    {
      g_autofree char *pragma = g_strdup_printf ("PRAGMA application_id = %d", PB_APPLICATION_ID);
      g_autofree char *uid = g_uuid_string_random ();

      if (!pb_db_exec (self->db, pragma, error) ||
          !pb_db_run (self->db, PB_SQL ("INSERT INTO meta (key, value) VALUES ('store-uid', ?1)"), error, 1, uid))
        return _pb_case_store_rollback (self);
    }

  return _pb_case_store_commit (self, error);
}

static gboolean
migrate (PbCaseStore  *self,
         gint64        version,
         gboolean      fresh,
         gboolean      backup,
         GError      **error)
{
  return migrate_to (self, version, PB_CASE_STORE_SCHEMA_VERSION, fresh, backup, error);
}

/* Opens the SQLite connection on @file_path, with the URI parameters
 * @query (may be NULL). */
static gboolean
connect (PbCaseStore  *self,
         const char   *file_path,
         gboolean      read_only,
         const char   *query,
         GError      **error)
{
  g_clear_object (&self->db);
  if (!(self->db = pb_db_sqlite_open (file_path, read_only, query, self->path, error)))
    return FALSE;

  self->read_only = read_only;

  return TRUE;
}

/* The first reads, which fail if the file cannot be read as it was opened. */
static gboolean
probe (PbCaseStore  *self,
       gint64       *version,
       gint64       *application_id,
       gint64       *n_tables,
       GError      **error)
{
  return _pb_case_store_read_pragma_int (self, "PRAGMA user_version", version, error) &&
         _pb_case_store_read_pragma_int (self, "PRAGMA application_id", application_id, error) &&
         _pb_case_store_read_pragma_int (self, "SELECT count(*) FROM sqlite_master", n_tables, error);
}

static gboolean
refuse_read_only (PbCaseStore  *self,
                  GError      **error)
{
  /* Translators: a file name */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_READ_ONLY,
               _("%s cannot be opened for changes: the file or its folder is read-only. "
                 "It was left untouched and can still be opened for reading."),
               self->path);
  return FALSE;
}

/* A rollback journal with something in it next to @path. */
static gboolean
has_journal (const char *path)
{
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  GStatBuf st;

  return g_stat (journal, &st) == 0 && st.st_size > 0;
}

static gboolean open_upgraded_copy (PbCaseStore  *self,
                                    GError      **error);
static gboolean check_schema_at_open (PbCaseStore  *self,
                                      gint64        version,
                                      GError      **error);
static gboolean open_private_copy (PbCaseStore  *self,
                                   const char   *path,
                                   GError      **error);

static int
opening_cancelled_cb (void *user_data)
{
  PbCaseStore *self = user_data;

  return g_cancellable_is_cancelled (self->opening_cancellable);
}

/* Whether the whole file is checked before the open goes on. A full
 * quick_check reads every page: about a second for 300 MB, a minute for
 * 3 GB. Files up to QUICK_CHECK_MAX_SIZE (every case file, most
 * databases) are always checked on open, larger ones when asked
 * (PB_CASE_STORE_FLAGS_CHECK); otherwise damage shows as
 * PB_STORAGE_ERROR_CORRUPT when a damaged page is read. With
 * PB_CASE_STORE_FLAGS_CHECK_LATER only an open that writes waits for the
 * check, whatever the size: a migration, or outcomes another rating
 * method kept, recomputed; the caller checks the rest later
 * (pb_case_store_check_file()). */
static gboolean
check_on_open (PbCaseStore       *self,
               PbCaseStoreFlags   flags,
               goffset            file_size,
               gint64             version,
               gboolean          *check,
               GError           **error)
{
  gboolean current;

  if ((flags & PB_CASE_STORE_FLAGS_CHECK_LATER) == 0)
    {
      *check = file_size <= QUICK_CHECK_MAX_SIZE || (flags & PB_CASE_STORE_FLAGS_CHECK) != 0;
      return TRUE;
    }

  /* Read through an upgraded copy, or migrated in place. */
  *check = version < PB_CASE_STORE_SCHEMA_VERSION;
  if (*check || (flags & PB_CASE_STORE_FLAGS_READ_ONLY) != 0)
    return TRUE;

  if (!_pb_case_store_read_caches_current (self, &current, error))
    return FALSE;
  *check = !current;

  return TRUE;
}

static gboolean
open_database_file (PbCaseStore       *self,
                    const char        *file_path,
                    PbCaseStoreFlags   flags,
                    GError           **error)
{
  sqlite3 *handle;
  gboolean ok;
  gboolean read_only = (flags & PB_CASE_STORE_FLAGS_READ_ONLY) != 0;
  gboolean no_create = read_only || (flags & PB_CASE_STORE_FLAGS_NO_CREATE) != 0;
  gboolean fresh = FALSE;
  goffset file_size = 0, expected_size = 0;
  gint64 version = 0, application_id = 0, n_tables = 0;
  gboolean check = FALSE;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;

  /* A link that loops or leads nowhere, or a folder on the way that may
   * not be entered, is no missing file: SQLite must not be asked to make
   * one there. */
  if (g_stat (file_path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno != ENOENT || g_lstat (file_path, &st) == 0)
        {
          /* Translators: a file name, then the system's reason */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                       _("Could not read %s: %s"), self->path, g_strerror (saved_errno));
          return FALSE;
        }
    }

  if (!g_file_test (file_path, G_FILE_TEST_EXISTS))
    {
      if (no_create)
        {
          /* Translators: a file name */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                       _("%s does not exist"), self->path);
          return FALSE;
        }

      if (!create_file (file_path, error))
        return FALSE;

      fresh = TRUE;
      self->created = TRUE;
    }
  else
    {
      switch (inspect_header (file_path, &file_size, &expected_size))
        {
        case HEADER_SQLITE:
          if ((flags & FLAGS_CASE_FILE) != 0 && file_size > CASE_FILE_MAX_SIZE)
            {
              g_autofree char *size_text = g_format_size_full (file_size, G_FORMAT_SIZE_IEC_UNITS);
              g_autofree char *limit_text = g_format_size_full (CASE_FILE_MAX_SIZE, G_FORMAT_SIZE_IEC_UNITS);

              /* Translators: a file name, its size, then the limit */
              g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TOO_LARGE,
                           _("The case file %s is %s; case files above %s are not read"),
                           self->path, size_text, limit_text);
              return FALSE;
            }
          break;

        case HEADER_EMPTY:
          /* Translators: a file name */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_A_DATABASE,
                       _("%s is empty, not a Probity database; it was left untouched"), self->path);
          return FALSE;

        case HEADER_TRUNCATED:
          /* Translators: a file name, its size and the size it should have */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT,
                       _("%s is truncated (%lld bytes of %lld); "
                         "it was left untouched. Restore it from a backup."),
                       self->path, (long long) file_size, (long long) expected_size);
          return FALSE;

        case HEADER_UNREADABLE:
          {
            int saved_errno = errno;

            /* Translators: a file name, then the system's reason */
            g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                         _("Could not read %s: %s"), self->path, g_strerror (saved_errno));
            return FALSE;
          }

        case HEADER_NOT_REGULAR:
          /* Translators: a file name */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_A_DATABASE,
                       _("%s is not a regular file (a device, a pipe or a folder); it was not read"),
                       self->path);
          return FALSE;

        case HEADER_OTHER:
        default:
          /* Translators: a file name */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_A_DATABASE,
                       _("%s is not a Probity database (not an SQLite file); it was left untouched"),
                       self->path);
          return FALSE;
        }
    }

  if (!connect (self, file_path, read_only, NULL, error))
    return FALSE;

  /* SQLite opens a file it may not write for reading only, silently. */
  if (!read_only && sqlite3_db_readonly (pb_db_sqlite_get_handle (PB_DB_SQLITE (self->db)), "main") == 1)
    return refuse_read_only (self, error);

  /* Nothing below writes until the file is known to be ours and sound. */
  if (!probe (self, &version, &application_id, &n_tables, &local_error))
    {
      int rc = pb_db_sqlite_get_error_code (PB_DB_SQLITE (self->db));

      /* The file opened but its WAL index or journal cannot be made: a
       * folder that may not be written, such as an auditor's archive. */
      if (rc != SQLITE_READONLY && rc != SQLITE_CANTOPEN)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (!read_only)
        return refuse_read_only (self, error);

      g_clear_error (&local_error);
      g_clear_object (&self->db);

      /* Committed changes still in the WAL, or a hot journal to roll back:
       * reading the file alone would show something that was never
       * there. They are read from a private copy, which SQLite recovers. */
      if (has_wal_frames (file_path) || has_journal (file_path))
        return open_private_copy (self, file_path, error);

      /* Nothing pending, and nobody can write the folder: read the file as
       * it is, without locks or a WAL index. */
      if (!connect (self, file_path, TRUE, "immutable=1", error) ||
          !probe (self, &version, &application_id, &n_tables, error))
        return FALSE;
    }

  if (!fresh && !(version == 0 && n_tables == 0 && application_id == 0) &&
      application_id != PB_APPLICATION_ID)
    {
      /* Translators: a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_A_DATABASE,
                   _("%s is an SQLite database but not a Probity one; it was left untouched"),
                   self->path);
      return FALSE;
    }

  if (version > PB_CASE_STORE_SCHEMA_VERSION)
    {
      /* Translators: a file name, its schema version and the one this program knows */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TOO_NEW,
                   _("%s was written by a newer version of Probity (schema %lld, this program "
                     "knows %d); it was left untouched. Update Probity to open it."),
                   self->path, (long long) version, PB_CASE_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  if (!fresh && version > 0 && !check_schema_at_open (self, version, error))
    return FALSE;

  if (!fresh && !check_on_open (self, flags, file_size, version, &check, error))
    return FALSE;
  if (check && !check_integrity (self, error))
    return FALSE;

  if (read_only && version > 0 &&
      (version < PB_CASE_STORE_SCHEMA_VERSION || (flags & FLAGS_CASE_FILE) != 0))
    return open_upgraded_copy (self, error);

  if (read_only)
    {
      gboolean current;

      if (!_pb_case_store_read_caches_current (self, &current, error))
        return FALSE;
      self->caches_current = current;

      return pb_db_exec (self->db, "PRAGMA query_only = ON", error);
    }

  /* Checkpoints run off the commits (pb-db-sqlite.c). */
  if (!pb_db_sqlite_checkpoint_in_background (PB_DB_SQLITE (self->db), error))
    return FALSE;

  if (!pb_db_exec (self->db, "PRAGMA journal_mode = WAL", error) ||
      !pb_db_exec (self->db, "PRAGMA synchronous = FULL", error) ||
      !pb_db_exec (self->db, "PRAGMA foreign_keys = ON", error) ||
      !pb_db_exec (self->db, "PRAGMA cache_size = -32768", error))
    return FALSE;

  /* Connecting the search reads every case's row to find those without a
   * document: the pages that leaves in the cache are of no use to what
   * comes next, and a window would keep them for its life. The cache
   * holds up to 32 MB, what a search of the answers at 100,000 cases
   * reads again at each search (its customers' names, the cases of each,
   * the list's index): with 8 MB, "guilin" read them from the file each
   * time, 43 ms of CPU against 26 ms (bench-gui); the pages of every case
   * would fit in no cache a desktop program should keep. */
  if (!fresh && version < PB_CASE_STORE_SCHEMA_VERSION && self->opening_progress != NULL)
    self->opening_progress (PB_CASE_STORE_OPENING_UPGRADING, -1, self->opening_progress_data);

  /* Cancelling rolls back what is under way; what was committed is whole. */
  handle = pb_db_sqlite_get_handle (PB_DB_SQLITE (self->db));
  sqlite3_progress_handler (handle, 1000, opening_cancelled_cb, self);
  ok = migrate (self, version, fresh || version == 0,
                !fresh && version > 0 && (flags & FLAGS_NO_BACKUP) == 0, error) &&
       make_caches_current (self, error) &&
       _pb_case_store_search_connect (self, error) &&
       pb_db_exec (self->db, "PRAGMA shrink_memory", error);
  sqlite3_progress_handler (handle, 0, NULL, NULL);

  return ok;
}

/* A file opened without its check (PB_CASE_STORE_FLAGS_CHECK_LATER) that
 * SQLite found malformed while opening: checked now, so that *@error
 * names the file and the page, as the check on open would have; told and
 * stopped as that check is (the opening's progress and cancellable: the
 * window shows it and its Cancel stops it). */
static void
name_damage (PbCaseStore       *self,
             PbCaseStoreFlags   flags,
             GError           **error)
{
  g_autofree char *finding = NULL;

  if ((flags & PB_CASE_STORE_FLAGS_CHECK_LATER) == 0 || self->db == NULL ||
      pb_db_get_kind (self->db) != PB_DB_KIND_SQLITE ||
      !g_error_matches (*error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT))
    return;

  pb_db_rollback (self->db);
  if (!check_pages (self->db, self->opening_cancellable, self->opening_progress, self->opening_progress_data,
                    &finding, NULL) || finding == NULL)
    return;

  g_clear_error (error);
  /* Translators: a file name, then SQLite's first finding */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT,
               _("%s is damaged (%s); it was left untouched. Restore it from a backup."),
               self->path, finding);
}

/* Opens @file_path; if this call creates it and cannot finish (a full
 * disk), the file is removed again: an empty file left behind would be
 * refused by every later open as "not a Probity database". */
static gboolean
open_database (PbCaseStore       *self,
               const char        *file_path,
               PbCaseStoreFlags   flags,
               GError           **error)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autoptr(GError) local_error = NULL;

  if (open_database_file (self, file_path, flags, &local_error))
    return TRUE;
  if (!self->created)
    name_damage (self, flags, &local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  if (!self->created)
    return FALSE;

  g_clear_object (&self->db);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (file_path, suffixes[i], NULL);

      g_unlink (name);
    }

  return FALSE;
}

void
_pb_case_store_remove_temp_dir (const char *dir)
{
  g_autoptr(GDir) entries = g_dir_open (dir, 0, NULL);
  const char *name;

  while (entries != NULL && (name = g_dir_read_name (entries)))
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      g_unlink (child);
    }

  g_rmdir (dir);
}

/* A private folder for a copy of the file, which is read instead of it;
 * removed with the connection. */
static gboolean
make_copy_path (PbCaseStore  *self,
                GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!(self->temp_dir = g_dir_make_tmp ("probity-read-XXXXXX", &local_error)))
    {
      /* Translators: a file name, then the reason */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("Could not make a private copy of %s to read it: %s"), self->path, local_error->message);
      return FALSE;
    }

  g_free (self->file_path);
  self->file_path = g_build_filename (self->temp_dir, "copy.db", NULL);

  return TRUE;
}

/* Opens the copy: SQLite recovers what it holds (a WAL, a hot journal),
 * it is migrated to this schema without a backup, and then only read. */
static gboolean
open_copy (PbCaseStore  *self,
           GError      **error)
{
  g_clear_object (&self->db);

  if (!open_database (self, self->file_path, PB_CASE_STORE_FLAGS_NO_CREATE | FLAGS_NO_BACKUP, error))
    return FALSE;

  self->read_only = TRUE;

  return pb_db_exec (self->db, "PRAGMA query_only = ON", error);
}

/* Reading a file of an older schema without writing it: @self->db is open
 * on it for reading; its content is copied through SQLite (the backup API,
 * which reads the WAL too and never touches the file behind SQLite's back)
 * and the copy is read instead. */
static gboolean
open_upgraded_copy (PbCaseStore  *self,
                    GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!make_copy_path (self, error))
    return FALSE;

  if (self->opening_progress != NULL)
    self->opening_progress (PB_CASE_STORE_OPENING_UPGRADING, -1, self->opening_progress_data);
  if (!pb_db_sqlite_backup_to (PB_DB_SQLITE (self->db), self->file_path, &local_error))
    {
      /* Translators: a file name, then SQLite's message */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("Could not copy %s to upgrade it: %s"), self->path, local_error->message);
      return FALSE;
    }

  return open_copy (self, error);
}

/* Reading a file in a folder that may not be written, with a WAL or a
 * journal that SQLite cannot recover there: the file and that journal are
 * copied as they are and the copy is read. A plain copy is safe here only
 * because this process has no connection to the file (the registry is
 * locked and has none; the one that failed is closed). */
static gboolean
open_private_copy (PbCaseStore  *self,
                   const char   *path,
                   GError      **error)
{
  const char *suffixes[] = { "", "-wal", "-journal" };
  /* @path may be self->file_path, which is about to name the copy. */
  g_autofree char *file_path = g_strdup (path);

  if (!make_copy_path (self, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from_path = g_strconcat (file_path, suffixes[i], NULL);
      g_autofree char *to_path = g_strconcat (self->file_path, suffixes[i], NULL);
      g_autoptr(GFile) from = g_file_new_for_path (from_path);
      g_autoptr(GFile) to = g_file_new_for_path (to_path);
      g_autoptr(GError) local_error = NULL;

      if (i > 0 && !g_file_test (from_path, G_FILE_TEST_IS_REGULAR))
        continue;

      /* Default permissions: the copy is written (recovered, migrated). */
      if (!g_file_copy (from, to, G_FILE_COPY_TARGET_DEFAULT_PERMS, NULL, NULL, NULL, &local_error))
        {
          /* Translators: a file name, then the reason */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                       _("Could not make a private copy of %s to read it: %s"), self->path, local_error->message);
          return FALSE;
        }
    }

  return open_copy (self, error);
}

/* The schema ---------------------------------------------------------------- */

/* Every object in the main schema, one string each: type, name, table and
 * SQL text. sqlite_stat* tables (ANALYZE) are nobody's business. */
static GPtrArray *
read_schema (PbCaseStore  *self,
             GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (!(stmt = pb_db_prepare (self->db,
                              PB_SQL ("SELECT type, name, tbl_name, sql FROM main.sqlite_master"
                                      " WHERE name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\' ORDER BY type, name"),
                              error)))
    return NULL;

  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    g_ptr_array_add (objects, g_strjoin ("\x1f", pb_db_stmt_column_text (stmt, 0), pb_db_stmt_column_text (stmt, 1),
                                         pb_db_stmt_column_text (stmt, 2),
                                         pb_db_stmt_column_text (stmt, 3) ? pb_db_stmt_column_text (stmt, 3) : "",
                                         NULL));

  return rc == 0 ? NULL : g_steal_pointer (&objects);
}

/* What this build makes of schema @version: the schema of a new database,
 * built once per process in memory by the same migration steps a file
 * goes through, up to that version. */
static GPtrArray *
reference_schema (gint64   version,
                  GError **error)
{
  static GMutex lock;
  static GPtrArray *references[PB_CASE_STORE_SCHEMA_VERSION + 1];
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  g_autoptr(PbCaseStore) memory = NULL;

  g_assert (version >= 1 && version <= PB_CASE_STORE_SCHEMA_VERSION);

  if (references[version] != NULL)
    return references[version];

  memory = g_object_new (PB_TYPE_CASE_STORE, NULL);
  memory->path = g_strdup (":memory:");
  if (!(memory->db = pb_db_sqlite_open_memory (error)))
    return NULL;

  if (!migrate_to (memory, 0, version, TRUE, FALSE, error))
    return NULL;

  return references[version] = read_schema (memory, error);
}

static char *schema_object_label (const char *object);

static gboolean
in_schema (GPtrArray  *schema,
           const char *object)
{
  for (guint i = 0; i < schema->len; i++)
    {
      if (strcmp (g_ptr_array_index (schema, i), object) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Before anything reads a table of a file that may come from anyone: every
 * view and trigger in it is one this build makes for its schema @version,
 * and each of our table names is a table. A view in place of a table (a
 * recursive one would never end) or a trigger of someone else's is refused
 * before it can run. What is missing or weakened is left to verification. */
static gboolean
check_schema_at_open (PbCaseStore  *self,
                      gint64        version,
                      GError      **error)
{
  g_autoptr(GPtrArray) actual = NULL;
  g_autoptr(GHashTable) tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *expected;

  if (!(expected = reference_schema (version, error)) || !(actual = read_schema (self, error)))
    return FALSE;

  for (guint i = 0; i < expected->len; i++)
    {
      g_auto(GStrv) fields = g_strsplit (g_ptr_array_index (expected, i), "\x1f", 3);

      if (strcmp (fields[0], "table") == 0)
        g_hash_table_add (tables, g_strdup (fields[1]));
    }

  for (guint i = 0; i < actual->len; i++)
    {
      const char *object = g_ptr_array_index (actual, i);
      g_auto(GStrv) fields = g_strsplit (object, "\x1f", 3);
      gboolean runs = strcmp (fields[0], "view") == 0 || strcmp (fields[0], "trigger") == 0;

      if ((runs && !in_schema (expected, object)) ||
          (g_hash_table_contains (tables, fields[1]) && strcmp (fields[0], "table") != 0))
        {
          g_autofree char *label = schema_object_label (object);

          /* Translators: a file name, then a schema object such as view “events” */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                       _("%s holds a %s that Probity does not make; it was not read and was left untouched"),
                       self->path, label);
          return FALSE;
        }
    }

  return TRUE;
}

static char *
schema_object_label (const char *object)
{
  g_auto(GStrv) fields = g_strsplit (object, "\x1f", 3);

  /* "trigger “events_no_update”" */
  return g_strdup_printf ("%s “%s”", fields[0], fields[1] ? fields[1] : "");
}

/* In the order of read_schema (): by type, then name. */
static int
compare_type_and_name (const char *a,
                       const char *b)
{
  const char *end_a = strchr (strchr (a, '\x1f') + 1, '\x1f');
  const char *end_b = strchr (strchr (b, '\x1f') + 1, '\x1f');
  gsize length_a = end_a - a, length_b = end_b - b;
  int order = memcmp (a, b, MIN (length_a, length_b));

  return order != 0 ? order : (length_a > length_b) - (length_a < length_b);
}

static gboolean
schema_altered (PbCaseStore  *self,
                const char   *object,
                const char   *how,
                GError      **error)
{
  g_autofree char *label = schema_object_label (object);

  /* Translators: a file name, a schema object such as trigger “events_no_update”,
   * then what happened to it: "is missing", "was changed", "is not one Probity makes" */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
               _("The schema of %s was altered behind Probity’s back: the %s %s"),
               self->path, label, how);
  return FALSE;
}

/* Whether the tables, indexes and triggers of the file (the seal and the
 * append-only rules among them) are exactly the ones this build makes. */
gboolean
_pb_case_store_check_schema (PbCaseStore  *self,
                             GError      **error)
{
  g_autoptr(GPtrArray) actual = NULL;
  GPtrArray *expected;
  guint i = 0, j = 0;

  if (pb_db_get_kind (self->db) != PB_DB_KIND_SQLITE)
    return _pb_case_store_check_server_schema (self, error);

  if (!(expected = reference_schema (PB_CASE_STORE_SCHEMA_VERSION, error)) || !(actual = read_schema (self, error)))
    return FALSE;

  while (i < expected->len || j < actual->len)
    {
      const char *want = i < expected->len ? g_ptr_array_index (expected, i) : NULL;
      const char *have = j < actual->len ? g_ptr_array_index (actual, j) : NULL;
      int order = want == NULL ? 1 : have == NULL ? -1 : compare_type_and_name (want, have);

      if (order < 0)
        return schema_altered (self, want, _("is missing"), error);
      if (order > 0)
        return schema_altered (self, have, _("is not one Probity makes"), error);
      if (strcmp (want, have) != 0)
        return schema_altered (self, have, _("was changed"), error);
      i++;
      j++;
    }

  return TRUE;
}

/* Public API: opening ---------------------------------------------------------- */

char *
pb_case_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "probity", "probity.db", NULL);
}

/* A second store on a file this process has open shares its connection
 * (@connection, a reference that the store takes on success). */
static gboolean
share_connection (PbCaseStore       *self,
                  PbConnection      *connection,
                  PbCaseStoreFlags   flags,
                  GError           **error)
{
  gboolean read_only = (flags & PB_CASE_STORE_FLAGS_READ_ONLY) != 0;

  /* A case file is read from a private copy; this one is in use here. */
  if ((flags & FLAGS_CASE_FILE) != 0)
    {
      /* Translators: a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_BUSY,
                   _("%s is open as a database in this program; close it before importing it as a case file"),
                   self->path);
      return FALSE;
    }

  if (!read_only && connection->read_only)
    {
      /* Translators: a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_BUSY,
                   _("%s is already open for reading only in this program; "
                     "close it there before opening it to make changes"),
                   self->path);
      return FALSE;
    }

  self->connection = connection;
  self->db = connection->db;
  self->file_path = g_strdup (connection->file_path);
  self->read_only = read_only || connection->read_only;

  return TRUE;
}

PbCaseStore *
pb_case_store_open (const char        *path,
                    PbCaseStoreFlags   flags,
                    GError           **error)
{
  return pb_case_store_open_cancellable (path, flags, NULL, error);
}

PbCaseStore *
pb_case_store_open_cancellable (const char        *path,
                                PbCaseStoreFlags   flags,
                                GCancellable      *cancellable,
                                GError           **error)
{
  return pb_case_store_open_with_progress (path, flags, cancellable, NULL, NULL, error);
}

static void recall_damage (PbCaseStore *self);

PbCaseStore *
pb_case_store_open_with_progress (const char               *path,
                                  PbCaseStoreFlags          flags,
                                  GCancellable             *cancellable,
                                  PbCaseStoreProgressFunc   progress,
                                  gpointer                  progress_data,
                                  GError                  **error)
{
  g_autoptr(PbCaseStore) self = NULL;
  PbConnection *connection, *refused = NULL;
  char *claim = NULL;
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (PB_TYPE_CASE_STORE, NULL);
  self->location = g_strdup (path);

  if (pb_db_pg_is_conninfo (path))
    {
      self->path = pb_db_pg_describe_conninfo (path);
      return _pb_case_store_open_server (self, flags, cancellable, error) ? g_steal_pointer (&self) : NULL;
    }

  self->path = g_strdup (path);

  /* Locked from the lookup to the registration, so that two threads
   * opening the same file end up with one connection; but not while an
   * existing file is opened and checked (that may take minutes), which the
   * claim on it keeps to this thread. */
  _pb_case_store_registry_lock ();

  if ((connection = _pb_case_store_registry_lookup (path, &claim)) != NULL)
    {
      if (!(ok = share_connection (self, connection, flags, error)))
        refused = connection;
    }
  else
    {
      g_autoptr(GError) local_error = NULL;

      self->file_path = g_strdup (path);
      self->opening_cancellable = cancellable;
      self->opening_progress = progress;
      self->opening_progress_data = progress_data;
      if (claim != NULL)
        _pb_case_store_registry_unlock ();
      ok = open_database (self, self->file_path, flags, &local_error);
      if (claim != NULL)
        _pb_case_store_registry_lock ();
      self->opening_cancellable = NULL;
      self->opening_progress = NULL;
      /* An SQLite statement stopped by it says "interrupted". */
      if (!ok && !g_cancellable_set_error_if_cancelled (cancellable, error))
        g_propagate_error (error, g_steal_pointer (&local_error));
      if (ok)
        {
          self->connection = _pb_case_store_registry_add (path, self->db, self->file_path,
                                                          g_steal_pointer (&self->temp_dir),
                                                          self->read_only);
          self->connection->caches_current = self->caches_current;
        }
      _pb_case_store_registry_release (g_steal_pointer (&claim));
    }

  _pb_case_store_registry_unlock ();

  if (refused != NULL)
    _pb_connection_unref (refused);

  if (!ok)
    return NULL;

  if ((flags & PB_CASE_STORE_FLAGS_CHECK_LATER) != 0)
    recall_damage (self);

  return g_steal_pointer (&self);
}

/* From now on every store on the file refuses to write, saying that it
 * is damaged, and nothing more is written into it. With the store's lock. */
static void
mark_damaged (PbCaseStore *self,
              const char  *finding)
{
  GError *damage = NULL;

  if (self->connection->damage != NULL)
    return;

  /* Translators: a file name, then SQLite's first finding, which names the page */
  g_set_error (&damage, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT,
               _("%s is damaged (%s). Nothing more is saved to it, so that what it holds stays as it was "
                 "found. Restore it from a backup."),
               self->path, finding);
  pb_db_sqlite_stop_writing (PB_DB_SQLITE (self->connection->db));
  /* Set once, read without the lock (pb_case_store_get_damage ()). */
  g_atomic_pointer_set (&self->connection->damage, damage);
}

/* What a check of every page found when the file was last as it is now
 * (pb-file-checks.c); UNKNOWN for a private copy, which is new. */
static PbFileCheck
recall_check (PbCaseStore  *self,
              PbFileState  *state,
              char        **finding)
{
  *finding = NULL;
  if (self->connection->temp_dir != NULL || !pb_file_state_read (self->connection->file_path, state))
    return PB_FILE_CHECK_UNKNOWN;

  return pb_file_checks_lookup (state, finding);
}

/* After an open with PB_CASE_STORE_FLAGS_CHECK_LATER: a file found
 * damaged, not written since, refuses writes from the start. */
static void
recall_damage (PbCaseStore *self)
{
  g_auto(PbFileState) state = { 0 };
  g_autofree char *finding = NULL;

  if (recall_check (self, &state, &finding) == PB_FILE_CHECK_DAMAGED)
    {
      PB_CASE_STORE_LOCKED (self);

      mark_damaged (self, finding);
    }
}

gboolean
pb_case_store_check_file (PbCaseStore              *self,
                          GCancellable             *cancellable,
                          PbCaseStoreProgressFunc   progress,
                          gpointer                  progress_data,
                          GError                  **error)
{
  g_autoptr(PbDb) reader = NULL;
  g_autofree char *finding = NULL;
  g_auto(PbFileState) before = { 0 };
  g_auto(PbFileState) after = { 0 };
  PbFileCheck known;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (pb_db_pg_is_conninfo (self->location))
    return TRUE;

  /* Nothing has written the file since a check: what it found stands. */
  known = recall_check (self, &before, &finding);
  if (known == PB_FILE_CHECK_SOUND)
    return TRUE;

  /* A file's connection is the one it was opened with, for its life:
   * read here without its lock, which the check leaves to the others. */
  if (known == PB_FILE_CHECK_UNKNOWN &&
      (!(reader = pb_db_sqlite_open_reader (PB_DB_SQLITE (self->connection->db), error)) ||
       !check_pages (reader, cancellable, progress, progress_data, &finding, error)))
    return FALSE;

  /* Remembered only of a file nothing wrote while it was checked. */
  if (known == PB_FILE_CHECK_UNKNOWN && before.key != NULL &&
      pb_file_state_read (self->connection->file_path, &after) && pb_file_state_equal (&before, &after))
    pb_file_checks_remember (&before, finding);

  if (finding == NULL)
    return TRUE;

  {
    PB_CASE_STORE_LOCKED (self);

    mark_damaged (self, finding);
    g_propagate_error (error, g_error_copy (self->connection->damage));
  }

  return FALSE;
}

const GError *
pb_case_store_get_damage (PbCaseStore *self)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  /* Without the store's lock, which a worker's query may hold: the main
   * thread asks. */
  return self->connection != NULL ? g_atomic_pointer_get (&self->connection->damage) : NULL;
}

PbCaseStore *
pb_case_store_new (const char  *path,
                   GError     **error)
{
  return pb_case_store_open (path, PB_CASE_STORE_FLAGS_NONE, error);
}

const char *
pb_case_store_get_path (PbCaseStore *self)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  return self->location;
}

gboolean
pb_case_store_is_server_location (const char *location)
{
  g_return_val_if_fail (location != NULL, FALSE);

  return pb_db_pg_is_conninfo (location);
}

gboolean
pb_case_store_location_has_password (const char *location)
{
  g_return_val_if_fail (location != NULL, FALSE);

  return pb_db_pg_is_conninfo (location) && pb_db_pg_conninfo_has_password (location);
}

char *
pb_case_store_location_with_password (const char *location,
                                      const char *password)
{
  g_return_val_if_fail (location != NULL, NULL);

  if (!pb_db_pg_is_conninfo (location))
    return g_strdup (location);

  return pb_db_pg_conninfo_with_password (location, password);
}

char *
pb_case_store_describe_location (const char *location)
{
  g_return_val_if_fail (location != NULL, NULL);

  if (pb_db_pg_is_conninfo (location))
    return pb_db_pg_describe_conninfo (location);

  return g_strdup (location);
}

const char *
pb_case_store_get_migration_backup (PbCaseStore *self)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  return self->backup_path;
}
