/* fuzz-template.c: a report template someone hands `report --template`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is written as a template file beside a small PNG logo
 * (logo.png), a file that is no PNG (text.png) and a font file that is
 * no font (font.ttf), and loaded. A refusal names the template file; a
 * template that loads gives what it promises: a name, every text, its
 * parts with the sign-off and the integrity record among them, and a logo
 * that is a file of its folder, if any.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fuzz.h"
#include "pb-report-template.h"
#include "pb-report-types.h"

static char *dir;
static char *path;
static const char * const side_files[] = { "logo.png", "text.png", "font.ttf" };

/* A PNG of 1 × 1 grey pixel. */
static const guint8 logo[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b,
  0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x68, 0x00, 0x00, 0x00,
  0x82, 0x00, 0x81, 0x77, 0xcd, 0x72, 0xb6, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
  0x42, 0x60, 0x82,
};

static void
cleanup (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (side_files); i++)
    {
      g_autofree char *side = g_build_filename (dir, side_files[i], NULL);

      g_unlink (side);
    }
  g_unlink (path);
  g_rmdir (dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *logo_path = NULL;
  g_autofree char *text_path = NULL;
  g_autofree char *font_path = NULL;

  fuzz_init ();
  dir = g_dir_make_tmp ("pb-fuzz-template-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "fuzz.report.ini", NULL);
  logo_path = g_build_filename (dir, "logo.png", NULL);
  text_path = g_build_filename (dir, "text.png", NULL);
  font_path = g_build_filename (dir, "font.ttf", NULL);
  atexit (cleanup);

  if (!g_file_set_contents (logo_path, (const char *) logo, sizeof logo, &error) ||
      !g_file_set_contents (text_path, "not a PNG", -1, &error) ||
      !g_file_set_contents (font_path, "not a font", -1, &error))
    g_error ("%s", error->message);

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(PbReportTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  const PbReportPart *parts;
  gboolean sign_off = FALSE, integrity = FALSE;
  guint n_parts = 0;

  if (!g_file_set_contents (path, (const char *) data, size, &error))
    g_error ("%s", error->message);

  file = g_file_new_for_path (path);
  template = pb_report_template_new_from_file (file, &error);
  if (template == NULL)
    {
      fuzz_assert (error != NULL && error->domain == PB_REPORT_ERROR, "a refusal without a report error");
      fuzz_assert (g_utf8_validate (error->message, -1, NULL), "the error is not UTF-8");
      fuzz_assert (strstr (error->message, "fuzz.report.ini") != NULL, "the error does not name the file: %s",
                   error->message);
      fuzz_refused (error);
      return 0;
    }

  fuzz_assert (pb_report_template_get_name (template) != NULL, "a template without a name");
  for (guint i = 0; i < PB_REPORT_N_TEXTS; i++)
    fuzz_assert (pb_report_template_get_text (template, i) != NULL, "a template without text %u", i);

  parts = pb_report_template_get_parts (template, &n_parts);
  fuzz_assert (n_parts <= PB_REPORT_N_PARTS, "%u parts", n_parts);
  for (guint i = 0; i < n_parts; i++)
    {
      fuzz_assert ((guint) parts[i] < PB_REPORT_N_PARTS, "a part out of range");
      sign_off |= parts[i] == PB_REPORT_PART_SIGN_OFF;
      integrity |= parts[i] == PB_REPORT_PART_INTEGRITY;
    }
  fuzz_assert (sign_off && integrity, "the sign-off or the integrity record was left out");

  if (pb_report_template_get_logo (template) != NULL)
    fuzz_assert (g_file_test (pb_report_template_get_logo (template), G_FILE_TEST_IS_REGULAR),
                 "a logo that is no file");

  return 0;
}
