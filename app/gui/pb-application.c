/* pb-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "pb-application.h"
#include "pb-case-store.h"
#include "pb-gui-utils.h"
#include "pb-preferences-window.h"
#include "pb-window.h"

struct _PbApplication
{
  AdwApplication  parent_instance;

  /* owned */
  GSettings      *settings;
  char           *database_path;
  char           *server_password;    /* typed for this session only */

  /* state */
  guint           signal_sources[3];
};

G_DEFINE_FINAL_TYPE (PbApplication, pb_application, ADW_TYPE_APPLICATION)

static PbWindow *
find_window_for_database (PbApplication *self,
                          const char    *path)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (PB_IS_WINDOW (l->data) &&
          g_strcmp0 (pb_window_get_database_path (l->data), path) == 0)
        return l->data;
    }

  return NULL;
}

static PbWindow *
ensure_window (PbApplication *self)
{
  g_autofree char *path = pb_application_dup_database_path (self);
  PbWindow *window = find_window_for_database (self, path);

  if (window == NULL)
    window = pb_window_new (self, path);

  return window;
}

static void
pb_application_activate (GApplication *app)
{
  PbApplication *self = PB_APPLICATION (app);

  gtk_window_present (GTK_WINDOW (ensure_window (self)));
}

static void
pb_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  PbApplication *self = PB_APPLICATION (app);

  /* Case files open read-only, each in a window of its own. */
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      PbWindow *window = path ? find_window_for_database (self, path) : NULL;

      if (path == NULL)
        continue;
      if (window == NULL)
        window = pb_window_new_for_case_file (self, path);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static int
pb_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  PbApplication *self = PB_APPLICATION (app);
  const char *db = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("probity %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "db", "^&ay", &db))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (db);

      g_free (self->database_path);
      /* A team server's connection string is no file name. */
      self->database_path = pb_case_store_is_server_location (db) ? g_strdup (db) : g_file_get_path (file);
    }

  return G_APPLICATION_CLASS (pb_application_parent_class)->handle_local_options (app, options);
}

/* Autosave waits for a pause in typing; whatever ends the application
 * first saves what was typed in every window. */
static void
save_pending (PbApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (PB_IS_WINDOW (l->data))
        pb_window_save_pending (l->data);
    }
}

static void
quit_cb (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  /* Quit asks first where answers wait for the team server. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (user_data)); l; l = l->next)
    if (PB_IS_WINDOW (l->data) && pb_window_ask_leave_unsaved (l->data))
      return;

  save_pending (user_data);
  g_application_quit (G_APPLICATION (user_data));
}

/* SIGTERM (a logout, kill), SIGINT (Ctrl+C in a terminal) and SIGHUP end
 * the application as Quit does, through shutdown, rather than at once;
 * nothing can be asked then. What was typed is saved, at once or not at
 * all (a window's store does not wait for a server that is away), and
 * what still waits for the server is kept on this computer, as it is from
 * the moment it waits (pb-wizard.c, PbUnsavedAnswers): opening the case
 * again offers it back. */
static gboolean
quit_on_signal_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));

  return G_SOURCE_CONTINUE;
}

static void
pb_application_shutdown (GApplication *app)
{
  save_pending (PB_APPLICATION (app));

  G_APPLICATION_CLASS (pb_application_parent_class)->shutdown (app);
}

static void
pb_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *new_case_accels[] = { "<Control>n", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  PbApplication *self = PB_APPLICATION (app);

  G_APPLICATION_CLASS (pb_application_parent_class)->startup (app);

  self->settings = g_settings_new (PB_APP_ID);
  pb_fix_accessible_names_of_toplevels ();

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-case", new_case_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.open-case-file", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);

  self->signal_sources[0] = g_unix_signal_add (SIGTERM, quit_on_signal_cb, self);
  self->signal_sources[1] = g_unix_signal_add (SIGINT, quit_on_signal_cb, self);
  self->signal_sources[2] = g_unix_signal_add (SIGHUP, quit_on_signal_cb, self);
}

static void
preferences_cb (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  PbApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  /* On a team server, who one is there is the server's to say. */
  PbCaseStore *store = PB_IS_WINDOW (parent) ? pb_window_get_store (PB_WINDOW (parent)) : NULL;
  PbPreferencesWindow *prefs = pb_preferences_window_new_for_store (self->settings, store);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_cb (GSimpleAction *action,
          GVariant      *param,
          gpointer       user_data)
{
  PbApplication *self = user_data;
  static const char *developers[] = { "The Probity developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (parent,
                         "application-name", _("Probity"),
                         "application-icon", PB_APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Probity developers"),
                         "developers", developers,
                         "comments", _("Human-rights due diligence before a surveillance-capable sale: "
                                       "a questionnaire per customer and product, live risk flags, "
                                       "and a signed report that proves what was answered."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://probity.example.org/",
                         "issue-url", "https://probity.example.org/issues",
                         /* Translators: your name, one per line, to be credited */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
use_local_file_cb (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  pb_application_use_local_file (user_data);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_cb },
  { "use-local-file", use_local_file_cb },
  { "preferences", preferences_cb },
  { "about", about_cb },
};

static void
pb_application_finalize (GObject *object)
{
  PbApplication *self = PB_APPLICATION (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->server_password, g_free);

  G_OBJECT_CLASS (pb_application_parent_class)->finalize (object);
}

static void
pb_application_class_init (PbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = pb_application_finalize;

  app_class->activate = pb_application_activate;
  app_class->open = pb_application_open;
  app_class->startup = pb_application_startup;
  app_class->shutdown = pb_application_shutdown;
  app_class->handle_local_options = pb_application_handle_local_options;
}

static void
pb_application_init (PbApplication *self)
{
  static const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open the case database DATABASE: a file, a postgresql:// URI or service=NAME (default: $PROBITY_DB, then the preference)"),
      N_("DATABASE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  /* Translators: the command-line arguments: case files to open read-only */
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[CASE-FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Human-rights due diligence before a surveillance-capable sale. "
                                              "Case files given on the command line open read-only."));
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
}

/* What pb_application_choose_renderer() set, so that programs we start do
 * not inherit it. */
static gboolean renderer_set;
static gboolean gl_disabled;

/* Forms and lists draw as fast with cairo, and under X11 GTK 4.8 loads
 * and initialises OpenGL at start-up even for the cairo renderer: with
 * Mesa that is about 60 MB resident and 200 ms before the first frame
 * (bench/bench-gui). A renderer or GDK_DEBUG chosen by the user wins. */
void
pb_application_choose_renderer (void)
{
  if (g_getenv ("GSK_RENDERER") == NULL)
    renderer_set = g_setenv ("GSK_RENDERER", "cairo", TRUE);
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0 && g_getenv ("GDK_DEBUG") == NULL)
    gl_disabled = g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
}

/* A frame the size of the window is drawn into an image of that size (3
 * MB at 1100×720), allocated for the frame and freed after it. glibc maps
 * the first such image on its own and unmaps it when freed; the next large
 * frame (the case list shown, once its file is open) then touches 700 new
 * pages, and a page fault costs 10-20 µs in a virtual machine: 12 ms of a
 * 30 ms frame (bench/bench-open). Taken from the heap and kept there, a
 * frame's image is the last one's memory. The window gives the heap back
 * once searching paused (pb-window.c, trim_cb ()). */
#define FRAME_MMAP_THRESHOLD (32 * 1024 * 1024)
#define FRAME_TRIM_THRESHOLD (64 * 1024 * 1024)

/* glibc gives each thread that allocates while another does an arena of
 * its own, and keeps what is freed there: the case list's worker threads
 * left 90 MB that malloc_trim() did not give back after a few dozen
 * searches at 100,000 cases (bench/bench-gui: 184 MB resident with a case
 * open, 102 MB with one arena, at the same CPU time per search). The
 * threads here allocate little at once; one arena serves them. To be
 * called before any thread starts; MALLOC_ARENA_MAX set by the user wins,
 * and so do malloc's thresholds set by the user. */
void
pb_application_limit_arenas (void)
{
#ifdef __GLIBC__
  if (g_getenv ("MALLOC_ARENA_MAX") == NULL)
    mallopt (M_ARENA_MAX, 1);
  if (g_getenv ("MALLOC_MMAP_THRESHOLD_") == NULL && g_getenv ("MALLOC_TRIM_THRESHOLD_") == NULL &&
      g_getenv ("GLIBC_TUNABLES") == NULL)
    {
      mallopt (M_MMAP_THRESHOLD, FRAME_MMAP_THRESHOLD);
      mallopt (M_TRIM_THRESHOLD, FRAME_TRIM_THRESHOLD);
    }
#endif
}

/* A launch context for @widget's display without the renderer choice made
 * for this process: a PDF viewer should draw as it usually does. */
GAppLaunchContext *
pb_application_new_launch_context (GtkWidget *widget)
{
  GAppLaunchContext *context;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (widget)));
  if (renderer_set)
    g_app_launch_context_unsetenv (context, "GSK_RENDERER");
  if (gl_disabled)
    g_app_launch_context_unsetenv (context, "GDK_DEBUG");

  return context;
}

PbApplication *
pb_application_new (void)
{
  return g_object_new (PB_TYPE_APPLICATION,
                       "application-id", PB_APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/probity/Probity",
                       NULL);
}

GSettings *
pb_application_get_settings (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);

  return self->settings;
}

char *
pb_application_dup_database_path (PbApplication *self)
{
  const char *env;
  g_autofree char *setting = NULL;

  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);

  if (self->database_path != NULL)
    return g_strdup (self->database_path);

  if ((env = g_getenv ("PROBITY_DB")) && env[0])
    return g_strdup (env);

  if (self->settings != NULL)
    setting = g_settings_get_string (self->settings, "team-server");
  if (setting != NULL && setting[0])
    return pb_case_store_location_with_password (setting, self->server_password);

  return pb_application_dup_local_database_path (self);
}

/* The database-location setting, else the default file. */
char *
pb_application_dup_local_database_path (PbApplication *self)
{
  g_autofree char *setting = NULL;

  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);

  if (self->settings != NULL)
    setting = g_settings_get_string (self->settings, "database-location");
  if (setting != NULL && setting[0])
    return g_steal_pointer (&setting);

  return pb_case_store_get_default_path ();
}

/* Every window but case files' shows @location from now on. */
static void
switch_windows (PbApplication *self,
                const char    *location)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (PB_IS_WINDOW (l->data) && !pb_window_get_read_only (l->data))
      pb_window_open_location (l->data, location);
}

/* Shows the team server @conninfo names (with no password: checked by
 * the caller) in every window, and at the next start; @password (may be
 * NULL) is kept for this session only. */
void
pb_application_connect_server (PbApplication *self,
                               const char    *conninfo,
                               const char    *password)
{
  g_autofree char *location = NULL;

  g_return_if_fail (PB_IS_APPLICATION (self));
  g_return_if_fail (conninfo != NULL);

  g_clear_pointer (&self->server_password, g_free);
  self->server_password = password != NULL && password[0] != '\0' ? g_strdup (password) : NULL;
  /* --db and $PROBITY_DB gave way to the choice made now. */
  g_clear_pointer (&self->database_path, g_free);
  g_settings_set_string (self->settings, "team-server", conninfo);

  location = pb_case_store_location_with_password (conninfo, self->server_password);
  switch_windows (self, location);
}

/* Back to the database file, now and at the next start. */
void
pb_application_use_local_file (PbApplication *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (PB_IS_APPLICATION (self));

  g_clear_pointer (&self->server_password, g_free);
  g_clear_pointer (&self->database_path, g_free);
  g_settings_reset (self->settings, "team-server");

  path = pb_application_dup_local_database_path (self);
  switch_windows (self, path);
}
