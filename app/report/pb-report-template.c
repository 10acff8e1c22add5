/* pb-report-template.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-data.h"
#include "pb-file.h"
#include "pb-report-template.h"
#include "pb-report-types.h"

#define N_LEVELS (PB_SEVERITY_CRITICAL + 1)
#define N_OUTCOMES (PB_OUTCOME_DO_NOT_PROCEED + 1)

struct _PbReportTemplate
{
  GObject        parent_instance;

  char          *name;
  char          *organisation;
  char          *logo;
  char          *texts[PB_REPORT_N_TEXTS];            /* in the interface's language */
  char          *plain_texts[PB_REPORT_N_TEXTS];      /* "Title=", unlocalized */
  GHashTable    *localized_texts[PB_REPORT_N_TEXTS];  /* "fr" -> "Title[fr]=" */
  PbReportColor  accent;
  PbReportColor  outcome_colors[N_OUTCOMES];
  PbReportColor  level_colors[N_LEVELS];
  PbReportPart   parts[PB_REPORT_N_PARTS];
  guint          n_parts;
  char          *font_regular;
  char          *font_bold;
  char          *font_cjk;
  guint          font_cjk_index;
};

G_DEFINE_FINAL_TYPE (PbReportTemplate, pb_report_template, G_TYPE_OBJECT)

static const char * const part_names[PB_REPORT_N_PARTS] = {
  "cover", "summary", "heat-map", "flags", "screening", "answers", "unanswered", "sign-off", "integrity",
};

static const char * const text_keys[PB_REPORT_N_TEXTS] = {
  "Title", "Intro", "Method", "Disclaimer",
};

/* Keys of the Colours group, by outcome and by level. */
static const char * const outcome_keys[N_OUTCOMES] = {
  "Proceed", "ProceedWithConditions", "ConsultAuthority", "Hold", "Incomplete", "DoNotProceed",
};
static const char * const level_keys[N_LEVELS] = {
  "None", "Low", "Medium", "High", "Critical",
};

static const struct {
  const char *group;
  const char *keys[13];
} known_keys[] = {
  { "Template", { "Name", NULL } },
  { "Organisation", { "Name", "Logo", NULL } },
  { "Text", { "Title", "Intro", "Method", "Disclaimer", NULL } },
  { "Colours", { "Accent", "Proceed", "ProceedWithConditions", "ConsultAuthority", "Hold", "Incomplete",
                 "DoNotProceed", "None", "Low", "Medium", "High", "Critical", NULL } },
  { "Layout", { "Parts", NULL } },
  { "Fonts", { "Regular", "Bold", "CJK", "CJKIndex", NULL } },
};

/* Every "Title[fr]=" of [Text], for reports written in another language
 * than the interface's (pb_report_template_get_text()). */
static void
load_localized_texts (PbReportTemplate *self,
                      GKeyFile         *key_file)
{
  g_auto(GStrv) keys = g_key_file_get_keys (key_file, "Text", NULL, NULL);

  for (guint i = 0; i < PB_REPORT_N_TEXTS; i++)
    {
      g_autofree char *plain = g_key_file_get_string (key_file, "Text", text_keys[i], NULL);

      if (plain != NULL && *g_strstrip (plain) != '\0')
        self->plain_texts[i] = g_steal_pointer (&plain);
    }

  for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
    {
      const char *bracket = strchr (keys[k], '[');
      g_autofree char *value = NULL;
      g_autofree char *locale = NULL;

      if (bracket == NULL || !g_str_has_suffix (bracket, "]"))
        continue;
      locale = g_strndup (bracket + 1, strlen (bracket) - 2);
      value = g_key_file_get_string (key_file, "Text", keys[k], NULL);
      if (value == NULL || *g_strstrip (value) == '\0')
        continue;

      for (guint i = 0; i < PB_REPORT_N_TEXTS; i++)
        {
          if (strlen (text_keys[i]) != (gsize) (bracket - keys[k]) ||
              strncmp (keys[k], text_keys[i], bracket - keys[k]) != 0)
            continue;
          if (self->localized_texts[i] == NULL)
            self->localized_texts[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          g_hash_table_replace (self->localized_texts[i], g_steal_pointer (&locale), g_steal_pointer (&value));
          break;
        }
    }
}

static const char *
default_text (PbReportText text)
{
  switch (text)
    {
    case PB_REPORT_TEXT_TITLE:
      return _("Human-rights due-diligence report");
    case PB_REPORT_TEXT_INTRO:
      return _("This report records the human-rights due-diligence assessment carried out before "
               "the sale of a surveillance-capable product to the customer named below. It sets "
               "out the answers given, the risks they raise, the outcome, and who reviewed and "
               "signed the decision.");
    case PB_REPORT_TEXT_METHOD:
      return _("Each risk flag has a severity (how grave, how widespread and how irremediable the "
               "harm could be, UNGP 14) and a likelihood of misuse from 1 (unlikely) to 4 (almost "
               "certain) derived from the end user, the destination and the red flags observed. "
               "Their combination gives the flag's level; a verified mitigation lowers the "
               "likelihood by one step, never the severity. Hard stops and legal prohibitions "
               "decide the outcome on their own.");
    case PB_REPORT_TEXT_DISCLAIMER:
      return _("This assessment reflects the information available to the assessor on the date "
               "shown. It does not replace legal advice or an export licence decision by the "
               "competent authority.");
    case PB_REPORT_N_TEXTS:
    default:
      g_assert_not_reached ();
    }
}

static void
set_color (PbReportColor *color,
           guint32        rgb)
{
  color->red = ((rgb >> 16) & 0xFF) / 255.0;
  color->green = ((rgb >> 8) & 0xFF) / 255.0;
  color->blue = (rgb & 0xFF) / 255.0;
}

static gboolean
parse_color (const char    *text,
             PbReportColor *color)
{
  guint64 rgb;
  char *end;

  if (text == NULL || text[0] != '#' || strlen (text) != 7)
    return FALSE;

  rgb = g_ascii_strtoull (text + 1, &end, 16);
  if (*end != '\0')
    return FALSE;

  set_color (color, (guint32) rgb);
  return TRUE;
}

static void
pb_report_template_finalize (GObject *object)
{
  PbReportTemplate *self = (PbReportTemplate *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->organisation, g_free);
  g_clear_pointer (&self->logo, g_free);
  for (guint i = 0; i < PB_REPORT_N_TEXTS; i++)
    {
      g_clear_pointer (&self->texts[i], g_free);
      g_clear_pointer (&self->plain_texts[i], g_free);
      g_clear_pointer (&self->localized_texts[i], g_hash_table_unref);
    }
  g_clear_pointer (&self->font_regular, g_free);
  g_clear_pointer (&self->font_bold, g_free);
  g_clear_pointer (&self->font_cjk, g_free);

  G_OBJECT_CLASS (pb_report_template_parent_class)->finalize (object);
}

static void
pb_report_template_class_init (PbReportTemplateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_report_template_finalize;
}

static void
pb_report_template_init (PbReportTemplate *self)
{
  self->name = g_strdup ("built-in");

  set_color (&self->accent, 0x1A5FB4);
  set_color (&self->outcome_colors[PB_OUTCOME_PROCEED], 0x26A269);
  set_color (&self->outcome_colors[PB_OUTCOME_PROCEED_WITH_CONDITIONS], 0xC88800);
  set_color (&self->outcome_colors[PB_OUTCOME_CONSULT_AUTHORITY], 0xC64600);
  set_color (&self->outcome_colors[PB_OUTCOME_HOLD], 0x613583);
  set_color (&self->outcome_colors[PB_OUTCOME_INCOMPLETE], 0x5E5C64);
  set_color (&self->outcome_colors[PB_OUTCOME_DO_NOT_PROCEED], 0xA51D2D);
  set_color (&self->level_colors[PB_SEVERITY_NONE], 0xFFFFFF);
  set_color (&self->level_colors[PB_SEVERITY_LOW], 0xB5E8C0);
  set_color (&self->level_colors[PB_SEVERITY_MEDIUM], 0xF8E45C);
  set_color (&self->level_colors[PB_SEVERITY_HIGH], 0xF6A05A);
  set_color (&self->level_colors[PB_SEVERITY_CRITICAL], 0xE8636F);

  for (guint i = 0; i < PB_REPORT_N_PARTS; i++)
    self->parts[i] = i;
  self->n_parts = PB_REPORT_N_PARTS;

  self->font_regular = g_strdup ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
  self->font_bold = g_strdup ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
  self->font_cjk = g_strdup ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");
}

PbReportTemplate *
pb_report_template_new (void)
{
  return g_object_new (PB_TYPE_REPORT_TEMPLATE, NULL);
}

static gboolean
check_known_keys (GKeyFile    *key_file,
                  const char  *display_name,
                  GError     **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = NULL;
      guint g;

      for (g = 0; g < G_N_ELEMENTS (known_keys); g++)
        if (strcmp (known_keys[g].group, groups[i]) == 0)
          break;

      if (g == G_N_ELEMENTS (known_keys))
        {
          g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE,
                       /* Translators: %s are a file name and a group name */
                       _("%s: unknown group [%s]"), display_name, groups[i]);
          return FALSE;
        }

      keys = g_key_file_get_keys (key_file, groups[i], NULL, NULL);
      for (guint k = 0; keys[k] != NULL; k++)
        {
          g_autofree char *base = g_strdup (keys[k]);
          char *bracket = strchr (base, '[');

          if (bracket != NULL)
            *bracket = '\0';

          if (!g_strv_contains (known_keys[g].keys, base))
            {
              g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE,
                           /* Translators: a file name, a group and a key */
                           _("%s: unknown key “%s” in [%s]"), display_name, keys[k], groups[i]);
              return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
load_color (GKeyFile       *key_file,
            const char     *display_name,
            const char     *key,
            PbReportColor  *color,
            GError        **error)
{
  g_autofree char *value = g_key_file_get_string (key_file, "Colours", key, NULL);

  if (value == NULL)
    return TRUE;

  g_strstrip (value);
  if (!parse_color (value, color))
    {
      g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE,
                   /* Translators: a file name, a key and its value */
                   _("%s: [Colours] %s: “%s” is not a colour of the form #rrggbb"),
                   display_name, key, value);
      return FALSE;
    }

  return TRUE;
}

static char *
resolve_path (GFile      *folder,
              const char *value)
{
  g_autoptr(GFile) file = NULL;

  if (g_path_is_absolute (value))
    return g_strdup (value);

  file = g_file_resolve_relative_path (folder, value);
  return g_file_get_path (file);
}

static gboolean
load_path (GKeyFile     *key_file,
           GFile        *folder,
           const char   *display_name,
           const char   *group,
           const char   *key,
           char        **path,
           GError      **error)
{
  g_autofree char *value = g_key_file_get_string (key_file, group, key, NULL);
  g_autofree char *resolved = NULL;

  if (value == NULL || *g_strstrip (value) == '\0')
    return TRUE;

  resolved = resolve_path (folder, value);
  if (!g_file_test (resolved, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE,
                   /* Translators: a file name, a group, a key and a path */
                   _("%s: [%s] %s: no such file “%s”"), display_name, group, key, resolved);
      return FALSE;
    }

  g_free (*path);
  *path = g_steal_pointer (&resolved);
  return TRUE;
}

/* A PNG file of a bounded size, whose header says a bounded image: a
 * logo of 30,000 × 30,000 pixels compresses to a few megabytes and
 * unpacks to gigabytes. */
static gboolean
check_logo (const char  *path,
            const char  *display_name,
            GError     **error)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = pb_file_load_path_bounded (path, PB_REPORT_LOGO_MAX_SIZE, &local_error);
  g_autofree char *logo_name = g_filename_display_name (path);
  const guint8 *data;
  guint32 width, height;
  gsize size;

  if (bytes == NULL)
    {
      /* Translators: a file name, then why its logo cannot be read */
      g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE,
                   _("%s: [Organisation] Logo: %s"), display_name, local_error->message);
      return FALSE;
    }

  data = g_bytes_get_data (bytes, &size);
  if (size < 24 || memcmp (data, signature, sizeof signature) != 0 || memcmp (data + 12, "IHDR", 4) != 0)
    {
      /* Translators: a file name, then the logo's file name */
      g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE,
                   _("%s: [Organisation] Logo: “%s” is not a PNG image"), display_name, logo_name);
      return FALSE;
    }

  memcpy (&width, data + 16, sizeof width);
  memcpy (&height, data + 20, sizeof height);
  width = GUINT32_FROM_BE (width);
  height = GUINT32_FROM_BE (height);
  if (width == 0 || height == 0 || width > PB_REPORT_LOGO_MAX_SIDE || height > PB_REPORT_LOGO_MAX_SIDE)
    {
      /* Translators: a file name, the logo's file name, its width and height, then the limit */
      g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE,
                   _("%s: [Organisation] Logo: “%s” is %u × %u pixels; a logo may have at most %u on a side"),
                   display_name, logo_name, width, height, PB_REPORT_LOGO_MAX_SIDE);
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_parts (PbReportTemplate  *self,
            GKeyFile          *key_file,
            const char        *display_name,
            GError           **error)
{
  g_auto(GStrv) names = g_key_file_get_string_list (key_file, "Layout", "Parts", NULL, NULL);
  gboolean seen[PB_REPORT_N_PARTS] = { FALSE };

  if (names == NULL)
    return TRUE;

  self->n_parts = 0;
  for (guint i = 0; names[i] != NULL; i++)
    {
      PbReportPart part;

      g_strstrip (names[i]);
      if (!pb_report_part_from_string (names[i], &part))
        {
          g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE,
                       /* Translators: a file name and a part name */
                       _("%s: [Layout] Parts: unknown part “%s”"), display_name, names[i]);
          return FALSE;
        }
      if (seen[part])
        {
          g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE,
                       _("%s: [Layout] Parts: “%s” is listed twice"), display_name, names[i]);
          return FALSE;
        }
      seen[part] = TRUE;
      self->parts[self->n_parts++] = part;
    }

  /* An organisation may leave parts out, but never what makes the report
   * accountable. */
  for (PbReportPart part = PB_REPORT_PART_SIGN_OFF; part <= PB_REPORT_PART_INTEGRITY; part++)
    if (!seen[part])
      {
        g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE,
                     _("%s: [Layout] Parts: “%s” cannot be left out"),
                     display_name, part_names[part]);
        return FALSE;
      }

  return TRUE;
}

static PbReportTemplate *
load_from_file (GFile   *file,
                GError **error)
{
  g_autoptr(PbReportTemplate) self = NULL;
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display_name = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *value = NULL;
  const char *invalid;
  gsize length;
  const char *text;

  display_name = pb_file_dup_display_name (file);
  folder = g_file_get_parent (file);

  /* A FIFO would block, /dev/zero never end: the message names the file. */
  if (!(contents = pb_file_load_bounded (file, PB_REPORT_TEMPLATE_MAX_SIZE, &local_error)))
    {
      g_set_error_literal (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE, local_error->message);
      return NULL;
    }

  /* GKeyFile takes group and key names as they are, and quotes a line it
   * cannot read as it is: the messages below quote them. */
  text = g_bytes_get_data (contents, &length);
  if (length > 0 && !g_utf8_validate_len (text, length, &invalid))
    {
      g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE, "%s: %s", display_name,
                   *invalid == '\0' ? _("the file contains a NUL byte") : _("the file is not valid UTF-8"));
      return NULL;
    }
  if (!g_key_file_load_from_data (key_file, length > 0 ? text : "", length, G_KEY_FILE_KEEP_TRANSLATIONS,
                                  &local_error))
    {
      g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE,
                   "%s: %s", display_name, local_error->message);
      return NULL;
    }

  if (!check_known_keys (key_file, display_name, error))
    return NULL;

  self = pb_report_template_new ();

  value = g_key_file_get_string (key_file, "Template", "Name", NULL);
  if (value != NULL)
    {
      g_free (self->name);
      self->name = g_steal_pointer (&value);
    }

  value = g_key_file_get_locale_string (key_file, "Organisation", "Name", NULL, NULL);
  if (value != NULL && *g_strstrip (value) != '\0')
    self->organisation = g_steal_pointer (&value);
  g_clear_pointer (&value, g_free);

  if (!load_path (key_file, folder, display_name, "Organisation", "Logo", &self->logo, error))
    return NULL;
  if (self->logo != NULL && !g_str_has_suffix (self->logo, ".png"))
    {
      g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE,
                   _("%s: [Organisation] Logo: only PNG images are supported"), display_name);
      return NULL;
    }
  if (self->logo != NULL && !check_logo (self->logo, display_name, error))
    return NULL;

  for (guint i = 0; i < PB_REPORT_N_TEXTS; i++)
    {
      value = g_key_file_get_locale_string (key_file, "Text", text_keys[i], NULL, NULL);
      if (value != NULL && *g_strstrip (value) != '\0')
        self->texts[i] = g_steal_pointer (&value);
      g_clear_pointer (&value, g_free);
    }
  load_localized_texts (self, key_file);

  if (!load_color (key_file, display_name, "Accent", &self->accent, error))
    return NULL;
  for (guint i = 0; i < N_OUTCOMES; i++)
    if (!load_color (key_file, display_name, outcome_keys[i], &self->outcome_colors[i], error))
      return NULL;
  for (guint i = 0; i < N_LEVELS; i++)
    if (!load_color (key_file, display_name, level_keys[i], &self->level_colors[i], error))
      return NULL;

  if (!load_parts (self, key_file, display_name, error))
    return NULL;

  if (!load_path (key_file, folder, display_name, "Fonts", "Regular", &self->font_regular, error) ||
      !load_path (key_file, folder, display_name, "Fonts", "Bold", &self->font_bold, error) ||
      !load_path (key_file, folder, display_name, "Fonts", "CJK", &self->font_cjk, error))
    return NULL;

  if (g_key_file_has_key (key_file, "Fonts", "CJKIndex", NULL))
    {
      int index = g_key_file_get_integer (key_file, "Fonts", "CJKIndex", &local_error);

      if (local_error != NULL || index < 0)
        {
          g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE,
                       _("%s: [Fonts] CJKIndex: not a face number"), display_name);
          return NULL;
        }
      self->font_cjk_index = index;
    }

  return g_steal_pointer (&self);
}

PbReportTemplate *
pb_report_template_new_from_file (GFile   *file,
                                  GError **error)
{
  g_autoptr(GError) local_error = NULL;
  PbReportTemplate *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* What the file says is quoted, and may be a megabyte long. */
  if (!(self = load_from_file (file, &local_error)))
    {
      local_error->message = pb_message_shorten (local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }

  return self;
}

PbReportTemplate *
pb_report_template_new_default (GError **error)
{
  g_autoptr(GFile) file = pb_data_get_file ("templates", "default.report.ini", NULL);

  return pb_report_template_new_from_file (file, error);
}

const char *
pb_report_template_get_name (PbReportTemplate *self)
{
  g_return_val_if_fail (PB_IS_REPORT_TEMPLATE (self), NULL);

  return self->name;
}

const char *
pb_report_template_get_organisation (PbReportTemplate *self)
{
  g_return_val_if_fail (PB_IS_REPORT_TEMPLATE (self), NULL);

  return self->organisation;
}

const char *
pb_report_template_get_logo (PbReportTemplate *self)
{
  g_return_val_if_fail (PB_IS_REPORT_TEMPLATE (self), NULL);

  return self->logo;
}

const char *
pb_report_template_get_text (PbReportTemplate *self,
                             PbReportText      text)
{
  const char *language;

  g_return_val_if_fail (PB_IS_REPORT_TEMPLATE (self), NULL);
  g_return_val_if_fail (text < PB_REPORT_N_TEXTS, NULL);

  /* A report written in a language of its own takes that language's text
   * from the template, else the template's unlocalized one, else the
   * built-in one, translated. */
  if ((language = pb_i18n_get_thread_language ()) != NULL)
    {
      const char *value = self->localized_texts[text] != NULL
                          ? g_hash_table_lookup (self->localized_texts[text], language) : NULL;

      if (value != NULL)
        return value;
      if (self->plain_texts[text] != NULL)
        return self->plain_texts[text];
      return default_text (text);
    }

  if (self->texts[text] != NULL)
    return self->texts[text];

  return default_text (text);
}

void
pb_report_template_get_accent (PbReportTemplate *self,
                               PbReportColor    *color)
{
  g_return_if_fail (PB_IS_REPORT_TEMPLATE (self));

  *color = self->accent;
}

void
pb_report_template_get_outcome_color (PbReportTemplate *self,
                                      PbOutcome         outcome,
                                      PbReportColor    *color)
{
  g_return_if_fail (PB_IS_REPORT_TEMPLATE (self));
  g_return_if_fail (outcome < N_OUTCOMES);

  *color = self->outcome_colors[outcome];
}

void
pb_report_template_get_level_color (PbReportTemplate *self,
                                    PbSeverity        level,
                                    PbReportColor    *color)
{
  g_return_if_fail (PB_IS_REPORT_TEMPLATE (self));
  g_return_if_fail (level < N_LEVELS);

  *color = self->level_colors[level];
}

const PbReportPart *
pb_report_template_get_parts (PbReportTemplate *self,
                              guint            *n_parts)
{
  g_return_val_if_fail (PB_IS_REPORT_TEMPLATE (self), NULL);
  g_return_val_if_fail (n_parts != NULL, NULL);

  *n_parts = self->n_parts;
  return self->parts;
}

const char *
pb_report_part_to_string (PbReportPart part)
{
  g_return_val_if_fail (part < PB_REPORT_N_PARTS, NULL);

  return part_names[part];
}

gboolean
pb_report_part_from_string (const char   *str,
                            PbReportPart *part)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < PB_REPORT_N_PARTS; i++)
    if (strcmp (str, part_names[i]) == 0)
      {
        if (part != NULL)
          *part = i;
        return TRUE;
      }

  return FALSE;
}

const char *
pb_report_template_get_font (PbReportTemplate *self,
                             const char       *which,
                             guint            *index)
{
  g_return_val_if_fail (PB_IS_REPORT_TEMPLATE (self), NULL);
  g_return_val_if_fail (which != NULL, NULL);

  if (index != NULL)
    *index = 0;

  if (strcmp (which, "regular") == 0)
    return self->font_regular;
  if (strcmp (which, "bold") == 0)
    return self->font_bold;
  if (strcmp (which, "cjk") == 0)
    {
      if (index != NULL)
        *index = self->font_cjk_index;
      return self->font_cjk;
    }

  g_return_val_if_reached (NULL);
}
