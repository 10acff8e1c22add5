/* pb-font-subset.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <hb-subset.h>
#include <hb.h>

#include "pb-i18n.h"

#include "pb-font-subset.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (hb_blob_t, hb_blob_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (hb_face_t, hb_face_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (hb_font_t, hb_font_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (hb_subset_input_t, hb_subset_input_destroy)

/* The tables libharu 2.3 reads and embeds (hpdf_fontdef_tt.c); it writes
 * an empty one for each the font lacks and drops every other. */
static const hb_tag_t kept_tables[] = {
  HB_TAG ('O', 'S', '/', '2'), HB_TAG ('c', 'm', 'a', 'p'), HB_TAG ('c', 'v', 't', ' '),
  HB_TAG ('f', 'p', 'g', 'm'), HB_TAG ('g', 'l', 'y', 'f'), HB_TAG ('h', 'e', 'a', 'd'),
  HB_TAG ('h', 'h', 'e', 'a'), HB_TAG ('h', 'm', 't', 'x'), HB_TAG ('l', 'o', 'c', 'a'),
  HB_TAG ('m', 'a', 'x', 'p'), HB_TAG ('n', 'a', 'm', 'e'), HB_TAG ('p', 'o', 's', 't'),
  HB_TAG ('p', 'r', 'e', 'p'),
};

static gboolean
is_kept (hb_tag_t tag)
{
  for (guint i = 0; i < G_N_ELEMENTS (kept_tables); i++)
    if (kept_tables[i] == tag)
      return TRUE;
  return FALSE;
}

static gboolean
has_table (hb_face_t *face,
           hb_tag_t   tag)
{
  g_autoptr(hb_blob_t) table = hb_face_reference_table (face, tag);

  return hb_blob_get_length (table) > 0;
}

static void
append16 (GByteArray *out,
          guint       value)
{
  guint8 b[2] = { (value >> 8) & 0xFF, value & 0xFF };

  g_byte_array_append (out, b, 2);
}

static void
append32 (GByteArray *out,
          guint32     value)
{
  append16 (out, value >> 16);
  append16 (out, value & 0xFFFF);
}

typedef struct
{
  guint16 code;
  guint16 glyph;
} Entry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = a, *y = b;

  return (int) x->code - (int) y->code;
}

/* A cmap with one subtable, Windows Unicode BMP (3, 1), format 4: a segment
 * per run of codes whose glyphs follow each other, then the closing 0xFFFF
 * segment. NULL when it would not fit in format 4's 64 KiB. */
static hb_blob_t *
build_cmap (GArray *entries)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint16));
  GByteArray *out = g_byte_array_new ();
  guint n_segments, search_range = 1, entry_selector = 0, length;

  g_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);

      if (i > 0 && entry->code == g_array_index (entries, Entry, i - 1).code)
        continue;
      if (starts->len > 0)
        {
          Entry *start = &g_array_index (starts, Entry, starts->len - 1);
          guint16 *end = &g_array_index (ends, guint16, ends->len - 1);

          if (entry->code == *end + 1 && entry->glyph - start->glyph == entry->code - start->code)
            {
              *end = entry->code;
              continue;
            }
        }
      g_array_append_val (starts, *entry);
      g_array_append_val (ends, entry->code);
    }

  n_segments = starts->len + 1;
  length = 16 + 8 * n_segments;
  if (length > 0xFFFF)
    {
      g_byte_array_unref (out);
      return NULL;
    }
  while (search_range * 2 <= n_segments)
    {
      search_range *= 2;
      entry_selector++;
    }

  append16 (out, 0);                 /* version */
  append16 (out, 1);                 /* one subtable */
  append16 (out, 3);                 /* Windows */
  append16 (out, 1);                 /* Unicode BMP */
  append32 (out, 12);                /* its offset */
  append16 (out, 4);                 /* format */
  append16 (out, length);
  append16 (out, 0);                 /* language */
  append16 (out, 2 * n_segments);
  append16 (out, 2 * search_range);
  append16 (out, entry_selector);
  append16 (out, 2 * n_segments - 2 * search_range);
  for (guint i = 0; i < ends->len; i++)
    append16 (out, g_array_index (ends, guint16, i));
  append16 (out, 0xFFFF);
  append16 (out, 0);                 /* reserved */
  for (guint i = 0; i < starts->len; i++)
    append16 (out, g_array_index (starts, Entry, i).code);
  append16 (out, 0xFFFF);
  for (guint i = 0; i < starts->len; i++)
    {
      Entry *start = &g_array_index (starts, Entry, i);

      append16 (out, (guint16) (start->glyph - start->code));
    }
  append16 (out, 1);                 /* 0xFFFF + 1: .notdef */
  for (guint i = 0; i < n_segments; i++)
    append16 (out, 0);               /* no glyph index array */

  return hb_blob_create ((const char *) out->data, out->len, HB_MEMORY_MODE_READONLY,
                         out, (hb_destroy_func_t) g_byte_array_unref);
}

static GBytes *
invalid (GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Not a TrueType font with glyph outlines"));
  return NULL;
}

GBytes *
pb_font_subset (GBytes               *font,
                guint                 face_index,
                const PbFontMapping  *mappings,
                guint                 n_mappings,
                GError              **error)
{
  g_autoptr(hb_blob_t) blob = NULL;
  g_autoptr(hb_face_t) face = NULL;
  g_autoptr(hb_face_t) subset = NULL;
  g_autoptr(hb_blob_t) subset_blob = NULL;
  g_autoptr(hb_font_t) subset_font = NULL;
  g_autoptr(hb_subset_input_t) input = NULL;
  g_autoptr(hb_face_t) builder = NULL;
  g_autoptr(hb_blob_t) cmap = NULL;
  g_autoptr(hb_blob_t) result = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  hb_set_t *unicodes, *dropped;
  hb_tag_t tags[64];
  unsigned int n_tags;
  const char *data;
  gsize size;

  g_return_val_if_fail (font != NULL, NULL);
  g_return_val_if_fail (mappings != NULL || n_mappings == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (font, &size);
  blob = hb_blob_create (data, size, HB_MEMORY_MODE_READONLY,
                         g_bytes_ref (font), (hb_destroy_func_t) g_bytes_unref);
  if (face_index >= hb_face_count (blob))
    return invalid (error);
  face = hb_face_create (blob, face_index);
  if (hb_face_get_glyph_count (face) == 0 ||
      !has_table (face, HB_TAG ('g', 'l', 'y', 'f')) || !has_table (face, HB_TAG ('c', 'm', 'a', 'p')))
    return invalid (error);

  input = hb_subset_input_create_or_fail ();
  unicodes = hb_subset_input_unicode_set (input);
  for (guint i = 0; i < n_mappings; i++)
    hb_set_add (unicodes, mappings[i].ch);

  /* Everything libharu would drop, among it the layout tables, whose
   * closure would bring in ligatures and alternates never drawn. */
  dropped = hb_subset_input_set (input, HB_SUBSET_SETS_DROP_TABLE_TAG);
  hb_set_clear (dropped);
  for (unsigned int offset = 0; ; offset += n_tags)
    {
      n_tags = G_N_ELEMENTS (tags);
      hb_face_get_table_tags (face, offset, &n_tags, tags);
      for (unsigned int i = 0; i < n_tags; i++)
        if (!is_kept (tags[i]))
          hb_set_add (dropped, tags[i]);
      if (n_tags < G_N_ELEMENTS (tags))
        break;
    }

  /* A face hb-subset builds knows no list of its tables: read it back. */
  if ((subset = hb_subset_or_fail (face, input)) == NULL)
    return invalid (error);
  subset_blob = hb_face_reference_blob (subset);
  hb_face_destroy (subset);
  subset = hb_face_create (subset_blob, 0);

  /* The cmap libharu reads: each code to the new glyph of its character. */
  subset_font = hb_font_create (subset);
  for (guint i = 0; i < n_mappings; i++)
    {
      hb_codepoint_t glyph = 0;
      Entry entry;

      g_return_val_if_fail (mappings[i].code > 0 && mappings[i].code < 0xFFFF, NULL);
      if (!hb_font_get_nominal_glyph (subset_font, mappings[i].ch, &glyph))
        continue;
      entry.code = mappings[i].code;
      entry.glyph = glyph;
      g_array_append_val (entries, entry);
    }
  cmap = build_cmap (entries);
  if (cmap == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Too many different characters for one font (%u)"), n_mappings);
      return NULL;
    }

  builder = hb_face_builder_create ();
  for (unsigned int offset = 0; ; offset += n_tags)
    {
      n_tags = G_N_ELEMENTS (tags);
      hb_face_get_table_tags (subset, offset, &n_tags, tags);
      for (unsigned int i = 0; i < n_tags; i++)
        {
          g_autoptr(hb_blob_t) table = NULL;

          if (tags[i] == HB_TAG ('c', 'm', 'a', 'p'))
            continue;
          table = hb_face_reference_table (subset, tags[i]);
          hb_face_builder_add_table (builder, tags[i], table);
        }
      if (n_tags < G_N_ELEMENTS (tags))
        break;
    }
  hb_face_builder_add_table (builder, HB_TAG ('c', 'm', 'a', 'p'), cmap);

  result = hb_face_reference_blob (builder);
  if (hb_blob_get_length (result) == 0)
    return invalid (error);

  return g_bytes_new (hb_blob_get_data (result, NULL), hb_blob_get_length (result));
}
