/* test-file.c: pb_file_load_bounded() on regular and special files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pb-file.h"
#include "pb-types.h"

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("probity-file-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
test_regular (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "evidence.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_true (g_file_set_contents (path, "twelve bytes", -1, NULL));

  bytes = pb_file_load_path_bounded (path, 12, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "twelve bytes", 12);
  g_clear_pointer (&bytes, g_bytes_unref);

  bytes = pb_file_load_path_bounded (path, 11, &error);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "evidence.txt"));
  g_assert_null (bytes);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_empty (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "empty", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  bytes = pb_file_load_path_bounded (path, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);

  g_unlink (path);
  g_rmdir (dir);
}

/* /dev/zero says it is empty and never ends; a character device is refused
 * before a byte is read. */
static void
test_device (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = pb_file_load_path_bounded ("/dev/zero", 1024, &error);

  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/dev/zero"));
  g_assert_null (bytes);
}

/* A FIFO with no writer would block a plain open() for ever. */
static void
test_fifo (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "pipe", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  file = g_file_new_for_path (path);
  bytes = pb_file_load_bounded (file, 1024, &error);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "pipe"));
  g_assert_null (bytes);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_directory_and_missing (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = pb_file_load_path_bounded (dir, 1024, &error);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO);
  g_clear_error (&error);

  bytes = pb_file_load_path_bounded (missing, 1024, &error);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "missing"));

  g_rmdir (dir);
}

/* A file of Probity's own: a link in its place is not followed, to a
 * regular file or to a device. */
static void
test_own_link (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *target = g_build_filename (dir, "target", NULL);
  g_autofree char *link = g_build_filename (dir, "checks.ini", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_true (g_file_set_contents (target, "[a]\n", -1, NULL));
  bytes = pb_file_load_own_path_bounded (target, 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 4);
  g_clear_pointer (&bytes, g_bytes_unref);

  g_assert_cmpint (symlink (target, link), ==, 0);
  bytes = pb_file_load_own_path_bounded (link, 1024, &error);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "checks.ini"));
  g_assert_nonnull (strstr (error->message, "symbolic link"));
  g_assert_null (bytes);
  g_clear_error (&error);
  g_unlink (link);

  g_assert_cmpint (symlink ("/dev/zero", link), ==, 0);
  bytes = pb_file_load_own_path_bounded (link, 1024, &error);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO);
  g_assert_null (bytes);

  g_unlink (link);
  g_unlink (target);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pb/file/regular", test_regular);
  g_test_add_func ("/pb/file/empty", test_empty);
  g_test_add_func ("/pb/file/device", test_device);
  g_test_add_func ("/pb/file/fifo", test_fifo);
  g_test_add_func ("/pb/file/directory-and-missing", test_directory_and_missing);
  g_test_add_func ("/pb/file/own-link", test_own_link);

  return g_test_run ();
}
