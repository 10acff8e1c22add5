/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>

#include "gui-test-utils.h"
#include "pb-text-field.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>

/* GLib's constructor allocates the first block of its quark table, and
 * GLib drops that block by design once the table grows past 2,048 quarks
 * (gquark.c: "This leaks the old quarks array"), as a whole window does.
 * LeakSanitizer cannot be told that block alone: the fast unwinder records
 * only malloc and g_malloc for it, as for every GLib allocation whose
 * callers keep no frame pointer, so a suppression that named it would
 * hide real leaks. What shared libraries allocate while they load is
 * not counted instead: from before their constructors (the executable's
 * preinit array) to the executable's own constructor, which runs after
 * theirs. Everything allocated from main() on is checked. */
static void
lsan_disable_while_loading (void)
{
  __lsan_disable ();
}

__attribute__ ((section (".preinit_array"), used))
static void (*const lsan_disable_while_loading_p) (void) = lsan_disable_while_loading;

__attribute__ ((constructor))
static void
lsan_enable_once_loaded (void)
{
  __lsan_enable ();
}
#endif

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds. */
void
spin_main_loop (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Spins until @done says so, at most 60 s; FALSE on time-out. */
gboolean
spin_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  return done (data);
}

void
present (GtkWindow *window)
{
  gtk_window_present (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

static gboolean
gone_cb (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Destroys @window once its file is open and listed, and waits for its
 * store to go: until then a worker may still read the file (the whole
 * file's check reads on a connection of its own), and reading after a test
 * removed the folder would make a -wal and a -shm there again. */
void
close_window (PbWindow *window)
{
  PbCaseStore *store;

  while (pb_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
  store = pb_window_get_store (window);
  if (store != NULL)
    g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (spin_until (gone_cb, &store));
}

static const char *
shown_label (GtkWidget *widget)
{
  if (ADW_IS_PREFERENCES_ROW (widget))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  if (GTK_IS_CHECK_BUTTON (widget))
    return gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (GTK_IS_MENU_BUTTON (widget))
    return gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));
  if (PB_IS_TEXT_FIELD (widget))
    return pb_text_field_get_title (PB_TEXT_FIELD (widget));
  return NULL;
}

/* The first descendant of @type whose label (a button's label, a
 * preferences row's or a text field's title) is @label; any when @label
 * is NULL. */
GtkWidget *
find_descendant (GtkWidget  *root,
                 GType       type,
                 const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type)
          && (label == NULL || g_strcmp0 (shown_label (child), label) == 0))
        return child;
      if ((found = find_descendant (child, type, label)) != NULL)
        return found;
    }

  return NULL;
}

/* The revealer above the page whose label starts with @prefix, if it
 * shows it. */
gboolean
banner_shown (GtkWidget  *root,
              const char *prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (child)), prefix))
        {
          GtkWidget *revealer = gtk_widget_get_ancestor (child, GTK_TYPE_REVEALER);

          return revealer != NULL && gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
        }
      if (banner_shown (child, prefix))
        return TRUE;
    }

  return FALSE;
}

/* The window's list of cases (a drop-down's list is a GtkListView too). */
GtkWidget *
find_case_view (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LIST_VIEW (child) && gtk_widget_has_css_class (child, "case-list"))
        return child;
      if ((found = find_case_view (child)))
        return found;
    }

  return NULL;
}

/* The first GtkLabel below @root that shows @text. */
GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return child;
      if ((found = find_label (child, text)) != NULL)
        return found;
    }

  return NULL;
}

/* The first GtkLabel below @root whose text contains @text. */
GtkWidget *
find_label_containing (GtkWidget  *root,
                       const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && strstr (gtk_label_get_text (GTK_LABEL (child)), text) != NULL)
        return child;
      if ((found = find_label_containing (child, text)))
        return found;
    }

  return NULL;
}

/* The status page below @root titled @title, or NULL. */
GtkWidget *
find_status_page (GtkWidget  *root,
                  const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_STATUS_PAGE (child) &&
          g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (child)), title) == 0)
        return child;
      if ((found = find_status_page (child, title)))
        return found;
    }

  return NULL;
}

/* Whether the keyboard focus of @root is on @widget or inside it. */
gboolean
focus_within (GtkRoot   *root,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (root);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The message dialog shown with @heading, or NULL. */
GtkWidget *
find_message_dialog (const char *heading)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();

  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (window) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0)
        return window;
    }

  return NULL;
}

/* A PNG of @widget as it is drawn, named @name, in the folder
 * PB_TEST_SCREENSHOTS names; nothing when it is not set. */
void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("PB_TEST_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;

  gtk_test_widget_wait_for_draw (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  /* A widget inside a window is drawn on the window's background, light
   * or dark. */
  if (!GTK_IS_WINDOW (widget))
    {
      GdkRGBA background;

      gdk_rgba_parse (&background, adw_style_manager_get_dark (adw_style_manager_get_default ()) ? "#242424" : "#fafafa");
      gtk_snapshot_append_color (snapshot, &background,
                                 &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget)));
    }
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node, NULL);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}
