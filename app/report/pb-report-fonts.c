/* pb-report-fonts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-font-subset.h"
#include "pb-report.h"
#include "pb-report-data-private.h"
#include "pb-report-fonts.h"

/* Regular and Bold share one character set, CJK has its own. */
typedef enum
{
  SLOT_REGULAR,
  SLOT_BOLD,
  SLOT_CJK,
  N_SLOTS,
} Slot;

typedef enum
{
  SET_LATIN,
  SET_CJK,
  N_SETS,
} Set;

static const char * const slot_names[N_SLOTS] = { "regular", "bold", "cjk" };

struct _PbReportCharset
{
  GHashTable  *wanted[N_SETS];   /* gunichar: the characters each subset holds */
  GHashTable  *missed[N_SETS];   /* gunichar: characters measured that it lacks */
  GHashTable  *aliases[N_SETS];  /* gunichar above U+FFFF -> its code in the Private Use Area */
};

typedef struct
{
  HPDF_Font    font;        /* NULL until first used */
  GHashTable  *widths;      /* gunichar -> width at size 1000, every character measured */
} FontSlot;

struct _PbReportFonts
{
  HPDF_Doc           pdf;
  PbReportTemplate  *template;
  PbReportCharset   *charset;
  FontSlot           slots[N_SLOTS];
  GError            *error;
};

static Set
slot_set (Slot slot)
{
  return slot == SLOT_CJK ? SET_CJK : SET_LATIN;
}

static Slot
font_slot (PbReportFace  face,
           PbFontScript  script)
{
  if (script == PB_FONT_SCRIPT_CJK)
    return SLOT_CJK;
  return face == PB_REPORT_FACE_BOLD ? SLOT_BOLD : SLOT_REGULAR;
}

static int
compare_unichars (gconstpointer a,
                  gconstpointer b)
{
  gunichar x = *(const gunichar *) a, y = *(const gunichar *) b;

  return (x > y) - (x < y);
}

/* The keys of a set of characters, in order. */
static GArray *
sorted_chars (GHashTable *set)
{
  GArray *chars = g_array_sized_new (FALSE, FALSE, sizeof (gunichar), g_hash_table_size (set));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gunichar ch = GPOINTER_TO_UINT (key);

      g_array_append_val (chars, ch);
    }
  g_array_sort (chars, compare_unichars);

  return chars;
}

/* Character sets ----------------------------------------------------- */

/* Characters every report may draw in its own words (headings, labels,
 * numbers, the bullets and dashes of its layout), in the Latin fonts: so
 * that a translated heading rarely needs a second pass. */
static const gunichar latin_base[][2] = {
  { 0x0020, 0x007E }, { 0x00A0, 0x017F }, { 0x2010, 0x2027 }, { 0x2030, 0x203A },
  { 0x20AC, 0x20AC }, { 0x2122, 0x2122 }, { 0x2190, 0x2193 }, { 0x2212, 0x2212 },
  { 0xFFFD, 0xFFFD },
};

static void
add_chars (PbReportCharset *charset,
           const char      *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (pb_text_classify (ch) == PB_FONT_SCRIPT_CJK)
        g_hash_table_add (charset->wanted[SET_CJK], GUINT_TO_POINTER (ch));
      else
        g_hash_table_add (charset->wanted[SET_LATIN], GUINT_TO_POINTER (ch));
    }
}

/* A text and, for right-to-left text, the shaped forms it is drawn with. */
static void
add_chars_cb (gpointer text,
              gpointer user_data)
{
  PbReportCharset *charset = user_data;
  g_autofree char *visual = pb_text_to_visual (text, -1);

  add_chars (charset, text);
  if (visual != NULL)
    add_chars (charset, visual);
}

PbReportCharset *
pb_report_charset_new (PbReportData     *data,
                       PbReportTemplate *template)
{
  PbReportCharset *charset = g_new0 (PbReportCharset, 1);

  for (Set set = 0; set < N_SETS; set++)
    {
      charset->wanted[set] = g_hash_table_new (NULL, NULL);
      charset->missed[set] = g_hash_table_new (NULL, NULL);
      charset->aliases[set] = g_hash_table_new (NULL, NULL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (latin_base); i++)
    for (gunichar ch = latin_base[i][0]; ch <= latin_base[i][1]; ch++)
      g_hash_table_add (charset->wanted[SET_LATIN], GUINT_TO_POINTER (ch));
  /* Digits, spaces and ASCII punctuation follow the CJK text around them */
  for (gunichar ch = 0x20; ch < 0x7F; ch++)
    if (pb_text_classify (ch) < 0)
      g_hash_table_add (charset->wanted[SET_CJK], GUINT_TO_POINTER (ch));

  pb_report_data_foreach_text (data, add_chars_cb, charset);
  for (guint i = 0; i < PB_REPORT_N_TEXTS; i++)
    add_chars_cb ((gpointer) pb_report_template_get_text (template, i), charset);
  if (pb_report_template_get_organisation (template) != NULL)
    add_chars_cb ((gpointer) pb_report_template_get_organisation (template), charset);

  pb_report_charset_update (charset);

  return charset;
}

gboolean
pb_report_charset_missed (PbReportCharset *charset)
{
  for (Set set = 0; set < N_SETS; set++)
    if (g_hash_table_size (charset->missed[set]) > 0)
      return TRUE;
  return FALSE;
}

/* Adds what the last pass missed, and gives each character above U+FFFF
 * of a set a code in the Private Use Area that the set does not use. */
void
pb_report_charset_update (PbReportCharset *charset)
{
  for (Set set = 0; set < N_SETS; set++)
    {
      g_autoptr(GArray) chars = NULL;
      gunichar next = 0xE000;
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, charset->missed[set]);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (charset->wanted[set], key);
      g_hash_table_remove_all (charset->missed[set]);

      g_hash_table_remove_all (charset->aliases[set]);
      chars = sorted_chars (charset->wanted[set]);
      for (guint i = 0; i < chars->len; i++)
        {
          gunichar ch = g_array_index (chars, gunichar, i);

          if (ch <= 0xFFFF)
            continue;
          while (next <= 0xF8FF && g_hash_table_contains (charset->wanted[set], GUINT_TO_POINTER (next)))
            next++;
          if (next > 0xF8FF)
            break;
          g_hash_table_insert (charset->aliases[set], GUINT_TO_POINTER (ch), GUINT_TO_POINTER (next++));
        }
    }
}

void
pb_report_charset_free (PbReportCharset *charset)
{
  if (charset == NULL)
    return;

  for (Set set = 0; set < N_SETS; set++)
    {
      g_clear_pointer (&charset->wanted[set], g_hash_table_unref);
      g_clear_pointer (&charset->missed[set], g_hash_table_unref);
      g_clear_pointer (&charset->aliases[set], g_hash_table_unref);
    }
  g_free (charset);
}

/* Fonts -------------------------------------------------------------- */

/* The code the PDF's text uses for @ch in the font of @set: the character
 * itself, an alias in the Private Use Area for one above U+FFFF (which
 * libharu cannot encode), or U+FFFD for one above U+FFFF without an alias
 * (it is then missed, and the next pass has one). */
static gunichar
encode_char (PbReportFonts *fonts,
             Set            set,
             gunichar       ch)
{
  gpointer alias;

  if (ch <= 0xFFFF)
    return ch;
  if (g_hash_table_lookup_extended (fonts->charset->aliases[set], GUINT_TO_POINTER (ch), NULL, &alias))
    return GPOINTER_TO_UINT (alias);
  return 0xFFFD;
}

PbReportFonts *
pb_report_fonts_new (HPDF_Doc          pdf,
                     PbReportTemplate *template,
                     PbReportCharset  *charset)
{
  PbReportFonts *fonts = g_new0 (PbReportFonts, 1);

  fonts->pdf = pdf;
  fonts->template = g_object_ref (template);
  fonts->charset = charset;
  for (Slot slot = 0; slot < N_SLOTS; slot++)
    fonts->slots[slot].widths = g_hash_table_new (NULL, NULL);

  return fonts;
}

void
pb_report_fonts_free (PbReportFonts *fonts)
{
  if (fonts == NULL)
    return;

  for (Slot slot = 0; slot < N_SLOTS; slot++)
    g_hash_table_unref (fonts->slots[slot].widths);
  g_clear_object (&fonts->template);
  g_clear_error (&fonts->error);
  g_free (fonts);
}

/* Hands libharu the TrueType font in @bytes from memory: libharu 2.3 has
 * only a call that reads a file, so this does what it does after opening
 * one (hpdf_doc.c, LoadTTFontFromStream), with a subset tag of its own per
 * @slot. Nothing touches the disk, so a full disk cannot fail a rendering
 * half-way. Returns the font's name, or NULL. */
static const char *
load_from_memory (PbReportFonts *fonts,
                  Slot           slot,
                  GBytes        *bytes)
{
  char tag[] = "HPDFAA";
  HPDF_Stream stream;
  HPDF_FontDef def;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  stream = HPDF_MemStream_New (fonts->pdf->mmgr, 64 * 1024);
  if (stream == NULL || HPDF_Stream_Write (stream, data, size) != HPDF_OK)
    {
      if (stream != NULL)
        HPDF_Stream_Free (stream);
      return NULL;
    }

  /* The definition owns the stream from here on, whatever the outcome */
  def = HPDF_TTFontDef_Load (fonts->pdf->mmgr, stream, HPDF_TRUE);
  if (def == NULL)
    return NULL;
  tag[5] = 'A' + slot;
  HPDF_TTFontDef_SetTagName (def, tag);
  if (HPDF_Doc_RegisterFontDef (fonts->pdf, def) != HPDF_OK)
    return NULL;

  return def->base_font;
}

/* Loads the font of @slot as a subset of its character set. */
static HPDF_Font
load_font (PbReportFonts *fonts,
           Slot           slot)
{
  Set set = slot_set (slot);
  guint index = 0;
  const char *path = pb_report_template_get_font (fonts->template, slot_names[slot], &index);
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) font_bytes = NULL;
  g_autoptr(GBytes) subset = NULL;
  g_autoptr(GArray) chars = sorted_chars (fonts->charset->wanted[set]);
  g_autoptr(GArray) mappings = g_array_sized_new (FALSE, FALSE, sizeof (PbFontMapping), chars->len);
  g_autoptr(GError) local_error = NULL;
  const char *name;
  HPDF_Font font;
  HPDF_TTFontDefAttr attr;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
      (mapped = g_mapped_file_new (path, FALSE, NULL)) == NULL)
    {
      g_set_error (&fonts->error, PB_REPORT_ERROR, PB_REPORT_ERROR_FONT,
                   /* Translators: %s is a file name */
                   _("Cannot find the font “%s”"), path != NULL ? path : "");
      return NULL;
    }

  for (guint i = 0; i < chars->len; i++)
    {
      gunichar ch = g_array_index (chars, gunichar, i);
      PbFontMapping mapping = { encode_char (fonts, set, ch), ch };

      g_array_append_val (mappings, mapping);
    }

  font_bytes = g_mapped_file_get_bytes (mapped);
  subset = pb_font_subset (font_bytes, index, (const PbFontMapping *) mappings->data, mappings->len,
                           &local_error);
  if (subset == NULL)
    {
      g_set_error (&fonts->error, PB_REPORT_ERROR, PB_REPORT_ERROR_FONT,
                   /* Translators: a font file, then what is wrong with it */
                   _("Cannot use the font “%s”: %s"), path, local_error->message);
      return NULL;
    }

  name = load_from_memory (fonts, slot, subset);
  if (name == NULL || (font = HPDF_GetFont (fonts->pdf, name, "UTF-8")) == NULL)
    {
      g_set_error (&fonts->error, PB_REPORT_ERROR, PB_REPORT_ERROR_FONT,
                   _("Cannot load the font “%s” (libharu error 0x%04X)"), path,
                   (guint) HPDF_GetError (fonts->pdf));
      return NULL;
    }

  /* Every glyph of the subset is wanted: libharu would otherwise embed
   * only those it saw drawn, and lose the components of composite glyphs
   * (the accented letters of DejaVu Sans). */
  attr = ((HPDF_FontAttr) font->attr)->fontdef->attr;
  memset (attr->glyph_tbl.flgs, 1, attr->num_glyphs);

  return font;
}

static HPDF_Font
get_slot (PbReportFonts *fonts,
          Slot           slot)
{
  if (fonts->slots[slot].font == NULL && fonts->error == NULL)
    fonts->slots[slot].font = load_font (fonts, slot);

  return fonts->slots[slot].font;
}

HPDF_Font
pb_report_fonts_get (PbReportFonts *fonts,
                     PbReportFace   face,
                     PbFontScript   script)
{
  return get_slot (fonts, font_slot (face, script));
}

double
pb_report_fonts_char_width (PbReportFonts *fonts,
                            PbReportFace   face,
                            PbFontScript   script,
                            gunichar       ch)
{
  Slot slot = font_slot (face, script);
  Set set = slot_set (slot);
  HPDF_Font font = get_slot (fonts, slot);
  gpointer cached;
  char buf[8];
  int len;
  HPDF_TextWidth tw;

  if (font == NULL)
    return 0;

  if (g_hash_table_lookup_extended (fonts->slots[slot].widths, GUINT_TO_POINTER (ch), NULL, &cached))
    return GPOINTER_TO_UINT (cached);

  if (!g_hash_table_contains (fonts->charset->wanted[set], GUINT_TO_POINTER (ch)))
    g_hash_table_add (fonts->charset->missed[set], GUINT_TO_POINTER (ch));

  len = g_unichar_to_utf8 (encode_char (fonts, set, ch), buf);
  tw = HPDF_Font_TextWidth (font, (const HPDF_BYTE *) buf, len);
  g_hash_table_insert (fonts->slots[slot].widths, GUINT_TO_POINTER (ch), GUINT_TO_POINTER (tw.width));

  return tw.width;
}

char *
pb_report_fonts_encode (PbReportFonts *fonts,
                        PbFontScript   script,
                        const char    *text,
                        gsize          length)
{
  Set set = script == PB_FONT_SCRIPT_CJK ? SET_CJK : SET_LATIN;
  GString *out = g_string_sized_new (length);

  for (const char *p = text; p < text + length; p = g_utf8_next_char (p))
    g_string_append_unichar (out, encode_char (fonts, set, g_utf8_get_char (p)));

  return g_string_free (out, FALSE);
}

/* ToUnicode ----------------------------------------------------------- */

/* What a drawn character stands for: itself, but an Arabic presentation
 * form (the report draws shaped Arabic, see pb_text_to_visual()) stands
 * for the letters it shapes, so that extracted text is the text stored.
 * The letters of a ligature (lam-alef) are given in drawing order, right
 * to left like the glyphs around them: readers turn the run round
 * character by character, and would otherwise swap the two letters. */
static void
append_destination (GString  *cmap,
                    gunichar  ch)
{
  g_autofree char *letters = NULL;
  g_autofree gunichar2 *utf16 = NULL;
  char buf[8];
  glong n = 0;

  buf[g_unichar_to_utf8 (ch, buf)] = '\0';
  if ((ch >= 0xFB50 && ch <= 0xFDFF) || (ch >= 0xFE70 && ch <= 0xFEFF))
    letters = g_utf8_normalize (buf, -1, G_NORMALIZE_NFKC);

  utf16 = g_utf8_to_utf16 (letters != NULL && *letters != '\0' ? letters : buf, -1, NULL, &n, NULL);
  g_string_append_c (cmap, '<');
  for (glong i = 0; utf16 != NULL && i < n; i++)
    g_string_append_printf (cmap, "%04X", utf16[letters != NULL ? n - 1 - i : i]);
  g_string_append_c (cmap, '>');
}

/* A ToUnicode CMap (PDF 1.7, 9.10.3; Adobe technical note #5411) for the
 * characters measured with @slot, which are all those it drew: the code of
 * each to its character, in UTF-16BE. libharu 2.3 writes a malformed one
 * (a "begincidrange" in a ToUnicode CMap, which poppler warns about on
 * every page) that knows nothing of characters above U+FFFF. */
static char *
to_unicode_cmap (PbReportFonts *fonts,
                 Slot           slot)
{
  g_autoptr(GArray) chars = sorted_chars (fonts->slots[slot].widths);
  g_autoptr(GArray) entries = g_array_sized_new (FALSE, FALSE, sizeof (PbFontMapping), chars->len);
  GString *cmap = g_string_new (NULL);

  for (guint i = 0; i < chars->len; i++)
    {
      gunichar ch = g_array_index (chars, gunichar, i);
      PbFontMapping entry = { encode_char (fonts, slot_set (slot), ch), ch };

      /* A character above U+FFFF without an alias was drawn as U+FFFD. */
      if (ch > 0xFFFF && entry.code == 0xFFFD)
        entry.ch = 0xFFFD;
      g_array_append_val (entries, entry);
    }
  g_array_sort (entries, compare_unichars);

  /* One entry per code: the first, U+FFFD itself before any character
   * drawn as U+FFFD. */
  for (guint i = 1; i < entries->len; )
    {
      if (g_array_index (entries, PbFontMapping, i).code == g_array_index (entries, PbFontMapping, i - 1).code)
        g_array_remove_index (entries, i);
      else
        i++;
    }

  g_string_append (cmap,
                   "/CIDInit /ProcSet findresource begin\n"
                   "12 dict begin\n"
                   "begincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                   "/CMapName /Adobe-Identity-UCS def\n"
                   "/CMapType 2 def\n"
                   "1 begincodespacerange\n"
                   "<0000> <FFFF>\n"
                   "endcodespacerange\n");

  for (guint i = 0; i < entries->len; )
    {
      guint n = MIN (100, entries->len - i);   /* at most 100 to a block */

      g_string_append_printf (cmap, "%u beginbfchar\n", n);
      for (guint end = i + n; i < end; i++)
        {
          PbFontMapping *entry = &g_array_index (entries, PbFontMapping, i);

          g_string_append_printf (cmap, "<%04X> ", entry->code);
          append_destination (cmap, entry->ch);
          g_string_append_c (cmap, '\n');
        }
      g_string_append (cmap, "endbfchar\n");
    }

  g_string_append (cmap,
                   "endcmap\n"
                   "CMapName currentdict /CMap defineresource pop\n"
                   "end\n"
                   "end\n");

  return g_string_free (cmap, FALSE);
}

gboolean
pb_report_fonts_finish (PbReportFonts  *fonts,
                        GError        **error)
{
  if (fonts->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&fonts->error));
      return FALSE;
    }

  /* Each CMap replaces libharu's in place, so that the font dictionary
   * keeps its reference and compression. */
  for (Slot slot = 0; slot < N_SLOTS; slot++)
    {
      HPDF_Font font = fonts->slots[slot].font;
      HPDF_Dict stream;
      g_autofree char *cmap = NULL;

      if (font == NULL)
        continue;

      stream = ((HPDF_FontAttr) font->attr)->cmap_stream;
      g_return_val_if_fail (stream != NULL && stream->stream != NULL, FALSE);

      cmap = to_unicode_cmap (fonts, slot);
      HPDF_MemStream_FreeData (stream->stream);
      HPDF_Stream_Write (stream->stream, (const HPDF_BYTE *) cmap, strlen (cmap));
    }

  return TRUE;
}
