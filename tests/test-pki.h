/* test-pki.h: a signing certificate for the GUI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <glib/gstdio.h>

/* Makes a CA (@dir/ca.pem) and a PKCS#12 file for @common_name that it
 * issued, with the passphrase "secret"; returns the file's path. A signer's
 * certificate is issued by a CA: a self-signed one may not sign. */
static inline char *
pb_test_make_p12 (const char *dir,
                  const char *common_name)
{
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  char *p12 = g_build_filename (dir, "signer.p12", NULL);
  g_autofree char *ca_key = g_build_filename (dir, "ca-key.pem", NULL);
  g_autofree char *ca_cert = g_build_filename (dir, "ca.pem", NULL);
  g_autofree char *req = g_strdup_printf ("sh -c \"openssl req -x509 -newkey rsa:2048 -nodes -keyout '%s' -out '%s' "
                                          "-days 30 -subj '/CN=Probity GUI Test CA' && "
                                          "openssl req -x509 -newkey rsa:2048 -nodes -keyout '%s' -out '%s' "
                                          "-days 30 -subj '/C=SE/O=Probity Test/CN=%s' -CA '%s' -CAkey '%s' "
                                          "-addext basicConstraints=CA:FALSE "
                                          "-addext keyUsage=critical,digitalSignature,nonRepudiation\"",
                                          ca_key, ca_cert, key, cert, common_name, ca_cert, ca_key);
  g_autofree char *export = g_strdup_printf ("openssl pkcs12 -export -inkey '%s' -in '%s' "
                                             "-passout pass:secret -out '%s'", key, cert, p12);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_command_line_sync (req, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_spawn_command_line_sync (export, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_unlink (key);
  g_unlink (cert);
  g_unlink (ca_key);

  return p12;
}
