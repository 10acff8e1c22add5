/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "pb-application.h"
#include "pb-i18n.h"

/* Running from the build tree (`make run`), the schema is compiled next to
 * the binary's build folder, not installed: point GSettings at it before
 * anything reads settings. An explicit GSETTINGS_SCHEMA_DIR wins. */
static void
use_build_tree_schemas (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *exe_dir = exe ? g_path_get_dirname (exe) : NULL;
  g_autofree char *compiled = g_build_filename (PB_BUILD_SCHEMA_DIR, "gschemas.compiled", NULL);

  if (exe_dir == NULL || g_strcmp0 (exe_dir, PB_BUILD_GUI_DIR) != 0)
    return;
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") != NULL)
    return;
  if (!g_file_test (compiled, G_FILE_TEST_EXISTS))
    return;

  g_setenv ("GSETTINGS_SCHEMA_DIR", PB_BUILD_SCHEMA_DIR, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PbApplication) app = NULL;

  pb_application_limit_arenas ();
  pb_i18n_init ();

  /* A file-size limit (ulimit -f) then makes a write fail with EFBIG, which
   * is reported and leaves no partial file, instead of killing the process
   * halfway through writing a report or the database. */
  signal (SIGXFSZ, SIG_IGN);

  use_build_tree_schemas ();
  pb_application_choose_renderer ();

  app = pb_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
