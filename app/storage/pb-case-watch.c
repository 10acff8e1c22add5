/* pb-case-watch.c: tells when someone else changes the cases of a store
 *
 * On a team server the store's own connection LISTENs to the channels the
 * server NOTIFYs when a case changes (app/storage/postgresql/README.md,
 * "Live update"), and a GSource watches its socket: no timer. libpq also
 * keeps what arrives while the store runs a query, which no poll would
 * see, so the source looks at what libpq holds before each poll too.
 * From server schema 9 a notification says only that a case this person
 * sees changed, on channels the server gives them; which ones is read
 * through row-level security: the cases changed by another connection
 * since the watch last looked (_pb_case_store_server_changed_since()).
 * Before, the payload was the case's id, and everyone heard every case.
 * From schema 14 the payload "member" on the person's own channel says
 * that what the server keeps of them changed (a role given or taken, their
 * team, name or organisation): the store reads it again, and acts in the
 * role given now, without waiting for a write the server refuses; and
 * since roles and team decide which cases they see, any case may have
 * changed. It is read again whenever the connection is made again too,
 * and on pb_case_watch_check() (a window that gets the focus back): a
 * group the DBA granted or revoked by hand notifies nobody.
 *
 * A lost connection (a server restarted, a network gone) is made again
 * in a worker thread (pb_db_pg_reconnect_async(): nothing waits on the
 * network in the watch's thread), after 1, 2, 4 … 30 s; the session is set
 * up again (search path, LISTEN) and "changed" says that any case may have
 * changed meanwhile; the schema is read again then, on
 * pb_case_watch_check(), and when `db init` says on its own channel
 * (PB_SERVER_SCHEMA_CHANNEL, which the watch listens to beside its
 * person's) that it ran, so that a server upgraded while the store was
 * open (schema 12 notifies each person's own channel only) is listened to
 * on the channels it gives now, by a window in the background too, with
 * no timer. Anyone may send on that channel: each notification costs one
 * read of the schema version, at most every MIN_INTERVAL_MS. A call of
 * the store's may find the connection lost
 * first and make it again itself (pb_db_pg_reconnect()), unless
 * pb_case_watch_reconnect_in_background() said that it must not wait:
 * the watch sees that the connection's generation changed, watches the
 * new socket and says "changed" the same way.
 *
 * Notifications are hints, and anyone of an audience may send them (NOTIFY
 * needs no privilege): what one costs is bounded. The watch reads every
 * notification as it comes, but looks at which cases changed, and says
 * so, at most every MIN_INTERVAL_MS: a flood makes each window read its
 * list a few times a second, not once per notification. Beyond
 * MAX_PENDING cases at once (or a payload that is no case id) it says
 * that any case may have changed, once, rather than keep them all.
 *
 * An SQLite file has no notifications: PRAGMA data_version changes when
 * another connection (another program) commits, and is read every few
 * seconds. Stores of this process on one file share one connection, so
 * their changes are not counted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-watch"

#include "config.h"

#include <string.h>

#include "pb-case-store-private.h"
#include "pb-case-watch.h"
#include "pb-db-pg.h"
#include "pb-db-statements.h"
#include "pb-server-admin.h"

/* How often a file's data_version is read. */
#define FILE_CHECK_SECONDS 2
#define RECONNECT_MAX_SECONDS 30
/* How soon to look again when the store's connection was busy. */
#define LOOK_AGAIN_MS 100
/* At most so often are changes looked for and told. */
#define MIN_INTERVAL_MS 250
/* The most cases told one by one at a time; beyond, "any case". */
#define MAX_PENDING 64
/* Longer than any case id: a payload that is none. */
#define MAX_CASE_ID_LENGTH 64

typedef struct
{
  GSource       source;
  PbCaseWatch  *watch;    /* not owned: the watch destroys the source first */
  gpointer      tag;
  int           fd;
} WatchSource;

struct _PbCaseWatch
{
  GObject       parent_instance;

  PbCaseStore  *store;
  GMainContext *context;
  GSource      *source;             /* a server's socket */
  GHashTable   *pending;            /* case ids notified, not yet emitted */
  gint64        last_told;          /* when "changed" was last emitted (monotonic µs) */
  guint         calm_id;            /* changes wait for MIN_INTERVAL_MS since then */
  char         *mark;               /* private channels: where the watch last looked; NULL: not known */
  guint         look_id;            /* private channels: a look put off, the connection being busy */
  GCancellable *cancellable;        /* a reconnection under way */
  guint         timeout_id;         /* a file's check, or the next reconnection */
  guint         reconnect_delay;    /* seconds */
  gint64        data_version;       /* a file's */
  guint         generation;         /* of the server connection watched */
  guint         schema;             /* the server's schema the channels listened to are given for */
  guint         connected : 1;
  guint         background : 1;     /* the store's calls do not wait to connect again */
  guint         private_channels : 1;   /* notifications without a payload (server schema 9) */
  guint         look : 1;           /* private channels: someone else changed something */
  guint         identity : 1;       /* private channels: what the server keeps of the person changed */
  guint         any : 1;            /* any case may have changed: more than MAX_PENDING, or unknown */
  guint         init : 1;           /* `db init` ran: the schema may be another */
};

G_DEFINE_FINAL_TYPE (PbCaseWatch, pb_case_watch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* A timeout in the watch's main context. */
static guint
add_timeout (PbCaseWatch *self,
             guint        seconds,
             GSourceFunc  func)
{
  g_autoptr(GSource) source = g_timeout_source_new_seconds (seconds);

  g_source_set_callback (source, func, self, NULL);

  return g_source_attach (source, self->context);
}

static guint
add_timeout_ms (PbCaseWatch *self,
                guint        ms,
                GSourceFunc  func)
{
  g_autoptr(GSource) source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, self, NULL);

  return g_source_attach (source, self->context);
}

/* Removes the source @id of the watch's context, if any. */
static void
clear_source (PbCaseWatch *self,
              guint       *id)
{
  if (*id != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, *id);

      if (source != NULL)
        g_source_destroy (source);
      *id = 0;
    }
}

static PbDbPg *
server_db (PbCaseWatch *self)
{
  return PB_DB_PG (self->store->db);
}

static void
set_connected (PbCaseWatch *self,
               gboolean     connected)
{
  if (self->connected == !!connected)
    return;

  self->connected = !!connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

/* Keeps @case_id to be told, unless so many are kept already that any
 * case may as well have changed. */
static void
add_pending (PbCaseWatch *self,
             const char  *case_id)
{
  if (self->any)
    return;
  if (g_hash_table_size (self->pending) >= MAX_PENDING)
    {
      self->any = TRUE;
      g_hash_table_remove_all (self->pending);
      return;
    }
  g_hash_table_add (self->pending, g_strdup (case_id));
}

/* Emits "changed" for @case_id (NULL: any case). */
static void
tell (PbCaseWatch *self,
      const char  *case_id)
{
  self->last_told = g_get_monotonic_time ();
  g_signal_emit (self, signals[CHANGED], 0, case_id);
}

static void
collect_cb (const char *channel,
            const char *payload,
            gboolean    own,
            gpointer    user_data)
{
  PbCaseWatch *self = user_data;

  if (own)
    return;
  if (g_str_equal (channel, PB_SERVER_SCHEMA_CHANNEL))
    self->init = TRUE;
  else if (self->private_channels)
    {
      self->look = TRUE;
      if (g_strcmp0 (payload, PB_SERVER_MEMBER_PAYLOAD) == 0)
        self->identity = TRUE;
    }
  else if (payload == NULL || payload[0] == '\0' || strlen (payload) > MAX_CASE_ID_LENGTH)
    self->any = TRUE;
  else
    add_pending (self, payload);
}

static void emit_pending (PbCaseWatch *self);

/* Where the server's changes stand, when the connection is free. */
static void
take_mark (PbCaseWatch *self)
{
  GRecMutex *lock = &self->store->connection->lock;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->mark, g_free);
  if (!self->private_channels || !g_rec_mutex_trylock (lock))
    return;
  if (!pb_db_in_transaction (self->store->db) &&
      !(self->mark = _pb_case_store_server_change_mark (self->store, &error)))
    g_debug ("%s", error != NULL ? error->message : "no snapshot");
  g_rec_mutex_unlock (lock);
}

static gboolean look_again_cb (gpointer user_data);

/* Private channels: reads which cases others changed since the last look
 * into self->pending; when that is not known, says that any may have.
 * Put off a little while another thread uses the connection. */
static void
look_again (PbCaseWatch *self)
{
  GRecMutex *lock = &self->store->connection->lock;
  g_autoptr(GPtrArray) case_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->look_id != 0)
    return;
  if (!g_rec_mutex_trylock (lock))
    {
      self->look_id = add_timeout_ms (self, LOOK_AGAIN_MS, look_again_cb);
      return;
    }
  if (pb_db_in_transaction (self->store->db))
    {
      g_rec_mutex_unlock (lock);
      self->look_id = add_timeout_ms (self, LOOK_AGAIN_MS, look_again_cb);
      return;
    }

  self->look = FALSE;
  if (self->identity)
    {
      self->identity = FALSE;
      _pb_case_store_server_read_identity_again (self->store);
      self->any = TRUE;
    }
  if (self->mark == NULL)
    {
      /* First the mark, then what is read: nothing falls between. */
      take_mark (self);
      g_rec_mutex_unlock (lock);
      self->any = TRUE;
      return;
    }
  ok = _pb_case_store_server_changed_since (self->store, &self->mark, case_ids, &error);
  g_rec_mutex_unlock (lock);

  if (!ok)
    {
      /* Lost with the connection, or not known: anything may have changed. */
      g_debug ("%s", error != NULL ? error->message : "no snapshot");
      g_clear_pointer (&self->mark, g_free);
      self->any = TRUE;
      return;
    }
  for (guint i = 0; i < case_ids->len; i++)
    add_pending (self, g_ptr_array_index (case_ids, i));
}

static void flush (PbCaseWatch *self);

static gboolean
look_again_cb (gpointer user_data)
{
  g_autoptr(PbCaseWatch) self = g_object_ref (user_data);

  self->look_id = 0;
  flush (self);

  return G_SOURCE_REMOVE;
}

/* Reads what the server sent into self->pending; FALSE when the
 * connection is lost. Never while another thread runs a call of the
 * store's (the lock is taken only if free). */
static gboolean
read_server (PbCaseWatch *self,
             gboolean     consume)
{
  GRecMutex *lock = &self->store->connection->lock;
  gboolean ok;

  if (!g_rec_mutex_trylock (lock))
    return TRUE;
  ok = pb_db_pg_read_notifications (server_db (self), consume, collect_cb, self);
  g_rec_mutex_unlock (lock);

  return ok;
}

/* Tells what changed: each case kept, or once that any case may have. */
static void
emit_pending (PbCaseWatch *self)
{
  g_autoptr(GHashTable) pending = g_steal_pointer (&self->pending);
  GHashTableIter iter;
  const char *case_id;

  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (self->any)
    {
      self->any = FALSE;
      tell (self, NULL);
      return;
    }
  g_hash_table_iter_init (&iter, pending);
  while (g_hash_table_iter_next (&iter, (gpointer *) &case_id, NULL))
    tell (self, case_id);
}

static gboolean follow_upgrade (PbCaseWatch *self, gboolean *busy);

/* `db init` ran: the schema is read again, and an upgrade followed. Put
 * off a little while another thread uses the connection. */
static void
follow_init (PbCaseWatch *self)
{
  gboolean busy = FALSE;

  if (follow_upgrade (self, &busy))
    self->any = TRUE;
  if (!busy)
    self->init = FALSE;
  else if (self->look_id == 0)
    self->look_id = add_timeout_ms (self, LOOK_AGAIN_MS, look_again_cb);
}

/* Looks for what changed and tells it. */
static void
flush (PbCaseWatch *self)
{
  if (self->init)
    follow_init (self);
  if (self->look)
    look_again (self);
  emit_pending (self);
}

static gboolean
calm_cb (gpointer user_data)
{
  g_autoptr(PbCaseWatch) self = g_object_ref (user_data);

  self->calm_id = 0;
  flush (self);

  return G_SOURCE_REMOVE;
}

/* Looks and tells now, unless it was done less than MIN_INTERVAL_MS ago:
 * then once that much time has passed, with all that came meanwhile. */
static void
flush_calmly (PbCaseWatch *self)
{
  gint64 since = (g_get_monotonic_time () - self->last_told) / 1000;

  if (self->calm_id != 0)
    return;
  if (self->last_told != 0 && since < MIN_INTERVAL_MS)
    {
      self->calm_id = add_timeout_ms (self, MIN_INTERVAL_MS - since, calm_cb);
      return;
    }
  flush (self);
}

static void watch_fd (PbCaseWatch *self, GIOCondition condition);
static void connection_lost (PbCaseWatch *self);

/* Listens to the channels the server gives the store's person, and to
 * the one `db init` notifies. The caller holds the connection. */
static gboolean
listen_to_server (PbCaseWatch  *self,
                  GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) given = NULL;
  g_auto(GStrv) channels = NULL;
  gboolean private_channels;

  if (!(given = _pb_case_store_server_channels (self->store, &private_channels, error)))
    return FALSE;
  g_strv_builder_addv (builder, (const char **) given);
  g_strv_builder_add (builder, PB_SERVER_SCHEMA_CHANNEL);
  channels = g_strv_builder_end (builder);
  if (!pb_db_pg_listen (server_db (self), (const char * const *) channels, error))
    return FALSE;
  self->private_channels = private_channels;
  self->schema = self->store->server_schema;

  return TRUE;
}

/* Whether the server's schema changed since the watch began listening (a
 * server upgraded while the store was open): then it listens to the
 * channels the server gives now, not those it gave (from schema 12 each
 * person has one of their own, and no other channel is notified), and
 * the caller says that any case may have changed. Not while another
 * thread uses the connection (@busy, if given, says so): a later check
 * does. */
static gboolean
follow_upgrade (PbCaseWatch *self,
                gboolean    *busy)
{
  GRecMutex *lock = &self->store->connection->lock;
  g_autoptr(GError) error = NULL;
  guint before = self->schema;
  gboolean upgraded = FALSE;

  if (!g_rec_mutex_trylock (lock))
    {
      if (busy != NULL)
        *busy = TRUE;
      return FALSE;
    }
  if (pb_db_in_transaction (self->store->db))
    {
      g_rec_mutex_unlock (lock);
      if (busy != NULL)
        *busy = TRUE;
      return FALSE;
    }
  /* (Against the schema it listens for: the store may have read the
   * version since, before a change: _pb_case_store_check_server_current ().) */
  if (_pb_case_store_check_server_schema (self->store, &error) && self->store->server_schema != before)
    {
      g_debug ("%s: schema %u, was %u: listening again", self->store->path, self->store->server_schema, before);
      upgraded = TRUE;
      pb_db_pg_unlisten (server_db (self));
      listen_to_server (self, &error);
    }
  if (error != NULL)
    g_debug ("%s: %s", self->store->path, error->message);
  g_rec_mutex_unlock (lock);

  if (upgraded)
    take_mark (self);

  return upgraded;
}


/* Reads what the server keeps of the person again, unless another thread
 * uses the connection (then the next look does). */
static void
read_identity_again (PbCaseWatch *self)
{
  GRecMutex *lock = &self->store->connection->lock;
  gboolean read = FALSE;

  if (g_rec_mutex_trylock (lock))
    {
      if ((read = !pb_db_in_transaction (self->store->db)))
        _pb_case_store_server_read_identity_again (self->store);
      g_rec_mutex_unlock (lock);
    }
  if (!read && self->private_channels)
    self->identity = self->look = TRUE;
}

/* A group the DBA granted or revoked with GRANT or REVOKE, outside
 * grant_group () and add_member (), notifies nobody (PostgreSQL has no
 * trigger on role membership): the person's roles are read again when
 * their window gets the focus back, and any case may have changed if
 * the role the store acts in did. Two short queries. */
static void
read_identity_on_check (PbCaseWatch *self)
{
  g_autoptr(PbActor) before = NULL;

  if (pb_case_store_get_actor (self->store) != NULL)
    before = g_object_ref (pb_case_store_get_actor (self->store));
  read_identity_again (self);
  if (pb_case_store_get_actor (self->store) != before)
    self->any = TRUE;
}

/* Whether the store's connection was made again since the watch last
 * looked, by the watch or by a call of the store's. */
static gboolean
generation_changed (PbCaseWatch *self)
{
  return self->generation != pb_db_pg_get_generation (server_db (self));
}

static void
connected_again (PbCaseWatch *self)
{
  g_debug ("%s: connected again", self->store->path);
  clear_source (self, &self->timeout_id);
  self->generation = pb_db_pg_get_generation (server_db (self));
  self->reconnect_delay = 0;
  watch_fd (self, G_IO_IN | G_IO_HUP | G_IO_ERR);
  set_connected (self, TRUE);
  /* Listening as before, unless the server was upgraded meanwhile. */
  follow_upgrade (self, NULL);
  /* What was notified of the person meanwhile went unheard too. */
  read_identity_again (self);
  /* Whatever happened meanwhile went unnotified; what happens after the
   * mark will be. */
  take_mark (self);
  tell (self, NULL);
}

static void
reconnected_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PbCaseWatch) self = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* Cancelled: the watch is gone. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  self = g_object_ref (user_data);
  {
    PB_CASE_STORE_LOCKED (self->store);

    ok = pb_db_pg_reconnect_finish (PB_DB_PG (object), result, &error);
  }
  if (!ok)
    g_debug ("%s", error->message);
  /* A call of the store's may have connected again meanwhile. */
  if (ok || pb_db_pg_is_connected (server_db (self)))
    connected_again (self);
  else if (self->timeout_id == 0)
    connection_lost (self);
}

static gboolean
reconnect_cb (gpointer user_data)
{
  g_autoptr(PbCaseWatch) self = g_object_ref (user_data);

  self->timeout_id = 0;

  if (generation_changed (self) && pb_db_pg_is_connected (server_db (self)))
    connected_again (self);
  else
    pb_db_pg_reconnect_async (server_db (self), self->cancellable, reconnected_cb, self);

  return G_SOURCE_REMOVE;
}

/* Tries again later, each time twice as late, up to half a minute. */
static void
connection_lost (PbCaseWatch *self)
{
  set_connected (self, FALSE);
  watch_fd (self, 0);
  self->reconnect_delay = CLAMP (self->reconnect_delay * 2, 1, RECONNECT_MAX_SECONDS);
  g_assert (self->timeout_id == 0);
  self->timeout_id = add_timeout (self, self->reconnect_delay, reconnect_cb);
  g_debug ("%s: connection lost; again in %u s", self->store->path, self->reconnect_delay);
}

/* What the source has to tell without reading the socket. */
static gboolean
has_news (PbCaseWatch *self)
{
  /* Else it waits for calm_cb () or look_again_cb (). */
  if (self->calm_id != 0)
    return FALSE;

  return g_hash_table_size (self->pending) > 0 || self->any ||
         ((self->look || self->init) && self->look_id == 0);
}

static gboolean
watch_source_prepare (GSource *source,
                      int     *timeout)
{
  WatchSource *watch_source = (WatchSource *) source;
  PbCaseWatch *self = watch_source->watch;

  *timeout = -1;

  if (generation_changed (self) && pb_db_pg_is_connected (server_db (self)))
    return TRUE;

  /* What libpq read while the store ran its queries wakes no poll. */
  if (self->connected && !read_server (self, FALSE))
    return TRUE;

  return has_news (self);
}

static gboolean
watch_source_check (GSource *source)
{
  WatchSource *watch_source = (WatchSource *) source;

  return has_news (watch_source->watch) ||
         (watch_source->tag != NULL && g_source_query_unix_fd (source, watch_source->tag) != 0);
}

static gboolean
watch_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  /* A handler of its signals may drop the last other reference. */
  g_autoptr(PbCaseWatch) self = g_object_ref (((WatchSource *) source)->watch);

  if (generation_changed (self) && pb_db_pg_is_connected (server_db (self)))
    {
      connected_again (self);
      return G_SOURCE_CONTINUE;
    }

  if (!self->connected || !read_server (self, TRUE))
    {
      if (self->connected)
        connection_lost (self);
      return G_SOURCE_CONTINUE;
    }
  flush_calmly (self);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs watch_source_funcs = {
  watch_source_prepare,
  watch_source_check,
  watch_source_dispatch,
  NULL, NULL, NULL,
};

/* Watches the connection's socket (again: a reset may give another one)
 * for @condition; 0 for none. */
static void
watch_fd (PbCaseWatch  *self,
          GIOCondition  condition)
{
  WatchSource *source = (WatchSource *) self->source;
  int fd = condition != 0 ? pb_db_pg_get_socket (server_db (self)) : -1;

  if (source->tag != NULL && source->fd == fd)
    {
      g_source_modify_unix_fd (self->source, source->tag, condition);
      return;
    }

  if (source->tag != NULL)
    g_source_remove_unix_fd (self->source, source->tag);
  source->tag = NULL;
  source->fd = fd;
  if (fd >= 0)
    source->tag = g_source_add_unix_fd (self->source, fd, condition);
}

static gboolean
read_data_version (PbCaseWatch  *self,
                   gint64       *version)
{
  PB_CASE_STORE_LOCKED (self->store);
  g_autoptr(PbDbStmt) stmt = pb_db_prepare (self->store->db, PB_SQL ("PRAGMA data_version"), NULL);

  if (stmt == NULL || pb_db_stmt_step (stmt, NULL) != PB_DB_ROW)
    return FALSE;

  *version = pb_db_stmt_column_int64 (stmt, 0);

  return TRUE;
}

static void
check_file (PbCaseWatch *self)
{
  gint64 version;

  if (read_data_version (self, &version) && version != self->data_version)
    {
      self->data_version = version;
      tell (self, NULL);
    }
}

static gboolean
check_file_cb (gpointer user_data)
{
  g_autoptr(PbCaseWatch) self = g_object_ref (user_data);

  check_file (self);

  return G_SOURCE_CONTINUE;
}

static void
pb_case_watch_dispose (GObject *object)
{
  PbCaseWatch *self = PB_CASE_WATCH (object);

  clear_source (self, &self->timeout_id);
  clear_source (self, &self->look_id);
  clear_source (self, &self->calm_id);
  g_cancellable_cancel (self->cancellable);
  if (self->source != NULL)
    {
      PB_CASE_STORE_LOCKED (self->store);

      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
      /* Else libpq would keep every notification for nobody. */
      pb_db_pg_unlisten (server_db (self));
      if (self->background)
        pb_db_pg_set_background (server_db (self), FALSE);
    }

  G_OBJECT_CLASS (pb_case_watch_parent_class)->dispose (object);
}

static void
pb_case_watch_finalize (GObject *object)
{
  PbCaseWatch *self = PB_CASE_WATCH (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->mark, g_free);

  G_OBJECT_CLASS (pb_case_watch_parent_class)->finalize (object);
}

static void
pb_case_watch_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PbCaseWatch *self = PB_CASE_WATCH (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_case_watch_class_init (PbCaseWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_case_watch_dispose;
  object_class->finalize = pb_case_watch_finalize;
  object_class->get_property = pb_case_watch_get_property;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PbCaseWatch::changed:
   * @case_id: (nullable): the case someone else changed, or %NULL when any
   *   case may have changed
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
pb_case_watch_init (PbCaseWatch *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->connected = TRUE;
}

PbCaseWatch *
pb_case_watch_new (PbCaseStore  *store,
                   GError      **error)
{
  g_autoptr(PbCaseWatch) self = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (PB_TYPE_CASE_WATCH, NULL);
  self->store = g_object_ref (store);
  self->context = g_main_context_ref_thread_default ();

  if (pb_db_get_kind (store->db) == PB_DB_KIND_POSTGRESQL)
    {
      PB_CASE_STORE_LOCKED (store);

      if (!listen_to_server (self, error))
        return NULL;
      /* After LISTEN: what is committed after the mark is notified. */
      if (self->private_channels && !(self->mark = _pb_case_store_server_change_mark (store, error)))
        return NULL;

      self->generation = pb_db_pg_get_generation (server_db (self));

      self->source = g_source_new (&watch_source_funcs, sizeof (WatchSource));
      ((WatchSource *) self->source)->watch = self;
      ((WatchSource *) self->source)->fd = -1;
      g_source_set_static_name (self->source, "PbCaseWatch");
      watch_fd (self, G_IO_IN | G_IO_HUP | G_IO_ERR);
      g_source_attach (self->source, self->context);
    }
  else
    {
      if (!read_data_version (self, &self->data_version))
        self->data_version = -1;
      self->timeout_id = add_timeout (self, FILE_CHECK_SECONDS, check_file_cb);
    }

  return g_steal_pointer (&self);
}

PbCaseStore *
pb_case_watch_get_store (PbCaseWatch *self)
{
  g_return_val_if_fail (PB_IS_CASE_WATCH (self), NULL);

  return self->store;
}

void
pb_case_watch_check (PbCaseWatch *self)
{
  g_return_if_fail (PB_IS_CASE_WATCH (self));

  if (self->source == NULL)
    check_file (self);
  else if (self->connected)
    {
      if (!read_server (self, TRUE))
        {
          connection_lost (self);
          return;
        }
      if (follow_upgrade (self, NULL))
        self->any = TRUE;
      if (self->private_channels)
        read_identity_on_check (self);
      flush_calmly (self);
    }
}

gboolean
pb_case_watch_get_connected (PbCaseWatch *self)
{
  g_return_val_if_fail (PB_IS_CASE_WATCH (self), FALSE);

  return self->connected;
}

/* On a server: the store's calls no longer make a lost connection again
 * themselves, waiting for the server; they fail at once (saying that it
 * is being made again), and the watch alone makes it, in a worker thread.
 * For a store whose calls run in a window's main thread. */
void
pb_case_watch_reconnect_in_background (PbCaseWatch *self)
{
  g_return_if_fail (PB_IS_CASE_WATCH (self));

  if (self->source != NULL)
    {
      PB_CASE_STORE_LOCKED (self->store);

      pb_db_pg_set_background (server_db (self), TRUE);
      self->background = TRUE;
    }
}
