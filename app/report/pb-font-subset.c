/* pb-font-subset.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include "pb-i18n.h"
#include <string.h>

#include "pb-font-subset.h"

/* Composite glyph flags (OpenType glyf table) */
#define ARG_1_AND_2_ARE_WORDS    0x0001
#define WE_HAVE_A_SCALE          0x0008
#define MORE_COMPONENTS          0x0020
#define WE_HAVE_AN_X_AND_Y_SCALE 0x0040
#define WE_HAVE_A_TWO_BY_TWO     0x0080

typedef struct
{
  const guint8 *data;
  gsize         length;
} Table;

typedef struct
{
  const guint8 *data;
  gsize         size;
  Table         head, hhea, maxp, hmtx, loca, glyf, cmap, post;
  Table         copied[5];          /* OS/2, name, cvt , fpgm, prep */
  guint         n_glyphs;
  guint         n_hmetrics;
  gboolean      long_loca;
  const guint8 *cmap4;              /* the Unicode format 4 subtable */
  gsize         cmap4_length;
} Face;

static const char copied_tags[5][5] = { "OS/2", "name", "cvt ", "fpgm", "prep" };

static guint
be16 (const guint8 *p)
{
  return (p[0] << 8) | p[1];
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
put16 (guint8 *p,
       guint   value)
{
  p[0] = (value >> 8) & 0xFF;
  p[1] = value & 0xFF;
}

static void
put32 (guint8  *p,
       guint32  value)
{
  p[0] = value >> 24;
  p[1] = (value >> 16) & 0xFF;
  p[2] = (value >> 8) & 0xFF;
  p[3] = value & 0xFF;
}

static void
append16 (GByteArray *out,
          guint       value)
{
  guint8 b[2];

  put16 (b, value);
  g_byte_array_append (out, b, 2);
}

static void
append32 (GByteArray *out,
          guint32     value)
{
  guint8 b[4];

  put32 (b, value);
  g_byte_array_append (out, b, 4);
}

static gboolean
find_cmap4 (Face *face)
{
  const guint8 *cmap = face->cmap.data;
  guint n;

  if (face->cmap.length < 4)
    return FALSE;

  n = be16 (cmap + 2);
  if (face->cmap.length < 4 + (gsize) n * 8)
    return FALSE;

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        const guint8 *record = cmap + 4 + 8 * i;
        guint platform = be16 (record), encoding = be16 (record + 2);
        guint32 offset = be32 (record + 4);
        gboolean wanted = pass == 0 ? (platform == 3 && encoding == 1) : (platform == 0);

        if (!wanted || offset + 4 > face->cmap.length || be16 (cmap + offset) != 4)
          continue;

        face->cmap4 = cmap + offset;
        face->cmap4_length = MIN (be16 (cmap + offset + 2), face->cmap.length - offset);
        return face->cmap4_length >= 16;
      }

  return FALSE;
}

static guint
lookup_glyph (Face     *face,
              gunichar  ch)
{
  const guint8 *sub = face->cmap4;
  guint seg_count = be16 (sub + 6) / 2;
  const guint8 *ends = sub + 14;
  const guint8 *starts = ends + 2 * seg_count + 2;
  const guint8 *deltas = starts + 2 * seg_count;
  const guint8 *range_offsets = deltas + 2 * seg_count;

  if ((gsize) (range_offsets + 2 * seg_count - sub) > face->cmap4_length)
    return 0;

  for (guint i = 0; i < seg_count; i++)
    {
      guint end = be16 (ends + 2 * i), start = be16 (starts + 2 * i);
      guint delta = be16 (deltas + 2 * i), range_offset = be16 (range_offsets + 2 * i);
      const guint8 *address;
      guint glyph;

      if (end < ch)
        continue;
      if (start > ch)
        return 0;
      if (range_offset == 0)
        return (ch + delta) & 0xFFFF;

      address = range_offsets + 2 * i + range_offset + 2 * (ch - start);
      if (address + 2 > sub + face->cmap4_length)
        return 0;
      glyph = be16 (address);
      return glyph != 0 ? (glyph + delta) & 0xFFFF : 0;
    }

  return 0;
}

static gboolean
glyph_range (Face  *face,
             guint  glyph,
             gsize *offset,
             gsize *length)
{
  gsize start, end;

  if (glyph >= face->n_glyphs)
    return FALSE;

  if (face->long_loca)
    {
      if ((glyph + 2) * 4 > face->loca.length)
        return FALSE;
      start = be32 (face->loca.data + 4 * glyph);
      end = be32 (face->loca.data + 4 * glyph + 4);
    }
  else
    {
      if ((glyph + 2) * 2 > face->loca.length)
        return FALSE;
      start = 2 * (gsize) be16 (face->loca.data + 2 * glyph);
      end = 2 * (gsize) be16 (face->loca.data + 2 * glyph + 2);
    }

  if (end < start || end > face->glyf.length)
    return FALSE;

  *offset = start;
  *length = end - start;
  return TRUE;
}

/* Calls @func on the glyph index field of every component of a composite
 * glyph; returns FALSE if the glyph data is malformed. */
static gboolean
for_each_component (guint8   *glyph,
                    gsize     length,
                    gboolean (*func) (guint8 *field, gpointer user_data),
                    gpointer  user_data)
{
  gsize p = 10;
  guint flags;

  do
    {
      if (p + 4 > length)
        return FALSE;
      flags = be16 (glyph + p);
      if (!func (glyph + p + 2, user_data))
        return FALSE;
      p += 4 + ((flags & ARG_1_AND_2_ARE_WORDS) ? 4 : 2);
      if (flags & WE_HAVE_A_SCALE)
        p += 2;
      else if (flags & WE_HAVE_AN_X_AND_Y_SCALE)
        p += 4;
      else if (flags & WE_HAVE_A_TWO_BY_TWO)
        p += 8;
    }
  while (flags & MORE_COMPONENTS);

  return p <= length;
}

typedef struct
{
  GHashTable *seen;
  GArray     *glyphs;
} Closure;

static gboolean
add_component_cb (guint8   *field,
                  gpointer  user_data)
{
  Closure *closure = user_data;
  guint glyph = be16 (field);

  if (!g_hash_table_contains (closure->seen, GUINT_TO_POINTER (glyph)))
    {
      g_hash_table_add (closure->seen, GUINT_TO_POINTER (glyph));
      g_array_append_val (closure->glyphs, glyph);
    }
  return TRUE;
}

static gboolean
renumber_component_cb (guint8   *field,
                       gpointer  user_data)
{
  GHashTable *new_ids = user_data;
  gpointer id;

  if (!g_hash_table_lookup_extended (new_ids, GUINT_TO_POINTER (be16 (field)), NULL, &id))
    return FALSE;
  put16 (field, GPOINTER_TO_UINT (id));
  return TRUE;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return (x > y) - (x < y);
}

static guint32
table_checksum (const guint8 *data,
                gsize         length)
{
  guint32 sum = 0;

  for (gsize i = 0; i < length; i += 4)
    {
      guint8 word[4] = { 0 };

      memcpy (word, data + i, MIN (4, length - i));
      sum += be32 (word);
    }

  return sum;
}

static gboolean
parse_face (Face        *face,
            const guint8 *data,
            gsize        size,
            guint        face_index,
            gboolean     collection)
{
  gsize offset = 0;
  guint n_tables;
  struct { const char *tag; Table *table; } required[] = {
    { "head", &face->head }, { "hhea", &face->hhea }, { "maxp", &face->maxp }, { "hmtx", &face->hmtx },
    { "loca", &face->loca }, { "glyf", &face->glyf }, { "cmap", &face->cmap },
  };

  memset (face, 0, sizeof *face);
  face->data = data;
  face->size = size;

  if (collection)
    {
      if (size < 16 || memcmp (data, "ttcf", 4) != 0 || face_index >= be32 (data + 8) ||
          size < 16 + 4 * (gsize) face_index)
        return FALSE;
      offset = be32 (data + 12 + 4 * face_index);
    }

  if (offset > size || size - offset < 12)
    return FALSE;
  n_tables = be16 (data + offset + 4);
  if (size - offset - 12 < (gsize) n_tables * 16)
    return FALSE;

  for (guint t = 0; t < n_tables; t++)
    {
      const guint8 *entry = data + offset + 12 + 16 * t;
      guint64 table_offset = be32 (entry + 8), table_length = be32 (entry + 12);
      Table table;

      if (table_offset + table_length > size)
        return FALSE;
      table.data = data + table_offset;
      table.length = table_length;

      for (guint r = 0; r < G_N_ELEMENTS (required); r++)
        if (memcmp (entry, required[r].tag, 4) == 0)
          *required[r].table = table;
      for (guint c = 0; c < G_N_ELEMENTS (copied_tags); c++)
        if (memcmp (entry, copied_tags[c], 4) == 0)
          face->copied[c] = table;
      if (memcmp (entry, "post", 4) == 0)
        face->post = table;
    }

  for (guint r = 0; r < G_N_ELEMENTS (required); r++)
    if (required[r].table->data == NULL)
      return FALSE;

  if (face->head.length < 54 || face->hhea.length < 36 || face->maxp.length < 6)
    return FALSE;

  face->n_glyphs = be16 (face->maxp.data + 4);
  face->n_hmetrics = be16 (face->hhea.data + 34);
  face->long_loca = be16 (face->head.data + 50) == 1;
  if (face->n_hmetrics == 0 || face->n_hmetrics > face->n_glyphs ||
      face->hmtx.length < 4 * (gsize) face->n_hmetrics + 2 * (gsize) (face->n_glyphs - face->n_hmetrics))
    return FALSE;

  return find_cmap4 (face);
}

static GBytes *
build_cmap (const gunichar *chars,
            const guint    *glyphs,
            guint           n)
{
  GByteArray *out = g_byte_array_new ();
  guint seg_count = n + 1;
  guint search_range = 2, entry_selector = 0;

  while (search_range * 2 <= seg_count * 2)
    {
      search_range *= 2;
      entry_selector++;
    }

  append16 (out, 0);                        /* version */
  append16 (out, 1);                        /* one subtable */
  append16 (out, 3);                        /* Windows */
  append16 (out, 1);                        /* Unicode BMP */
  append32 (out, 12);

  append16 (out, 4);                        /* format */
  append16 (out, 16 + 8 * seg_count);       /* length */
  append16 (out, 0);                        /* language */
  append16 (out, 2 * seg_count);
  append16 (out, search_range);
  append16 (out, entry_selector);
  append16 (out, 2 * seg_count - search_range);
  for (guint i = 0; i < n; i++)
    append16 (out, chars[i]);               /* endCode */
  append16 (out, 0xFFFF);
  append16 (out, 0);                        /* reservedPad */
  for (guint i = 0; i < n; i++)
    append16 (out, chars[i]);               /* startCode */
  append16 (out, 0xFFFF);
  for (guint i = 0; i < n; i++)
    append16 (out, (glyphs[i] - chars[i]) & 0xFFFF);   /* idDelta */
  append16 (out, 1);
  for (guint i = 0; i < seg_count; i++)
    append16 (out, 0);                      /* idRangeOffset */

  return g_byte_array_free_to_bytes (out);
}

GBytes *
pb_font_subset (GBytes          *font,
                guint            face_index,
                gboolean         collection,
                const gunichar  *chars,
                guint            n_chars,
                GError         **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) new_ids = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) glyphs = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) mapped_chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
  g_autoptr(GArray) mapped_glyphs = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) sorted = NULL;
  g_autoptr(GByteArray) glyf = g_byte_array_new ();
  g_autoptr(GByteArray) loca = g_byte_array_new ();
  g_autoptr(GByteArray) hmtx = g_byte_array_new ();
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GBytes) cmap = NULL;
  guint8 *head = NULL, *hhea = NULL, *maxp = NULL;
  guint8 post[32] = { 0 };
  Closure closure;
  Face face;
  guint zero = 0;
  struct { char tag[5]; const guint8 *data; gsize length; } tables[13];
  guint n_tables = 0;
  gsize offset;

  g_return_val_if_fail (font != NULL, NULL);
  g_return_val_if_fail (chars != NULL || n_chars == 0, NULL);

  if (!parse_face (&face, g_bytes_get_data (font, NULL), g_bytes_get_size (font), face_index, collection))
    goto invalid;

  /* The glyphs of the characters, .notdef first */
  sorted = g_array_sized_new (FALSE, FALSE, sizeof (gunichar), n_chars);
  g_array_append_vals (sorted, chars, n_chars);
  g_array_sort (sorted, compare_uint);

  g_array_append_val (glyphs, zero);
  g_hash_table_add (seen, GUINT_TO_POINTER (0));
  for (guint i = 0; i < sorted->len; i++)
    {
      gunichar ch = g_array_index (sorted, gunichar, i);
      guint glyph;

      if (ch > 0xFFFE || (i > 0 && ch == g_array_index (sorted, gunichar, i - 1)))
        continue;
      glyph = lookup_glyph (&face, ch);
      if (glyph == 0 || glyph >= face.n_glyphs)
        continue;

      g_array_append_val (mapped_chars, ch);
      g_array_append_val (mapped_glyphs, glyph);
      if (!g_hash_table_contains (seen, GUINT_TO_POINTER (glyph)))
        {
          g_hash_table_add (seen, GUINT_TO_POINTER (glyph));
          g_array_append_val (glyphs, glyph);
        }
    }

  /* ... and the components of composite glyphs, transitively */
  closure.seen = seen;
  closure.glyphs = glyphs;
  for (guint i = 0; i < glyphs->len; i++)
    {
      gsize glyph_offset, glyph_length;
      g_autofree guint8 *copy = NULL;

      if (!glyph_range (&face, g_array_index (glyphs, guint, i), &glyph_offset, &glyph_length))
        goto invalid;
      if (glyph_length < 10 || (gint16) be16 (face.glyf.data + glyph_offset) >= 0)
        continue;
      copy = g_memdup2 (face.glyf.data + glyph_offset, glyph_length);
      if (!for_each_component (copy, glyph_length, add_component_cb, &closure))
        goto invalid;
    }

  g_array_sort (glyphs, compare_uint);
  if (glyphs->len > 0xFFFF)
    goto invalid;
  for (guint i = 0; i < glyphs->len; i++)
    g_hash_table_insert (new_ids, GUINT_TO_POINTER (g_array_index (glyphs, guint, i)), GUINT_TO_POINTER (i));

  /* glyf, loca and hmtx in the new order */
  for (guint i = 0; i < glyphs->len; i++)
    {
      guint old = g_array_index (glyphs, guint, i);
      guint advance, lsb;
      gsize glyph_offset, glyph_length;
      static const guint8 padding[4] = { 0 };

      glyph_range (&face, old, &glyph_offset, &glyph_length);
      append32 (loca, glyf->len);
      g_byte_array_append (glyf, face.glyf.data + glyph_offset, glyph_length);
      if (glyph_length >= 10 && (gint16) be16 (face.glyf.data + glyph_offset) < 0 &&
          !for_each_component (glyf->data + glyf->len - glyph_length, glyph_length,
                               renumber_component_cb, new_ids))
        goto invalid;
      g_byte_array_append (glyf, padding, (4 - glyf->len % 4) % 4);

      if (old < face.n_hmetrics)
        {
          advance = be16 (face.hmtx.data + 4 * old);
          lsb = be16 (face.hmtx.data + 4 * old + 2);
        }
      else
        {
          advance = be16 (face.hmtx.data + 4 * (face.n_hmetrics - 1));
          lsb = be16 (face.hmtx.data + 4 * face.n_hmetrics + 2 * (old - face.n_hmetrics));
        }
      append16 (hmtx, advance);
      append16 (hmtx, lsb);
    }
  append32 (loca, glyf->len);

  for (guint i = 0; i < mapped_glyphs->len; i++)
    g_array_index (mapped_glyphs, guint, i) =
      GPOINTER_TO_UINT (g_hash_table_lookup (new_ids, GUINT_TO_POINTER (g_array_index (mapped_glyphs, guint, i))));
  if (16 + 8 * ((gsize) mapped_chars->len + 1) > 0xFFFF)
    goto invalid;
  cmap = build_cmap ((const gunichar *) mapped_chars->data, (const guint *) mapped_glyphs->data, mapped_chars->len);

  head = g_memdup2 (face.head.data, face.head.length);
  put32 (head + 8, 0);                      /* checkSumAdjustment, set below */
  put16 (head + 50, 1);                     /* long loca */
  hhea = g_memdup2 (face.hhea.data, face.hhea.length);
  put16 (hhea + 34, glyphs->len);
  maxp = g_memdup2 (face.maxp.data, face.maxp.length);
  put16 (maxp + 4, glyphs->len);
  if (face.post.length >= 32)
    memcpy (post, face.post.data, 32);
  put32 (post, 0x00030000);                 /* no glyph names */

  /* In tag order, as the table directory wants them */
#define ADD_TABLE(t, d, l) G_STMT_START { \
    memcpy (tables[n_tables].tag, t, 5); tables[n_tables].data = (d); tables[n_tables].length = (l); n_tables++; \
  } G_STMT_END
  if (face.copied[0].data != NULL)
    ADD_TABLE ("OS/2", face.copied[0].data, face.copied[0].length);
  ADD_TABLE ("cmap", g_bytes_get_data (cmap, NULL), g_bytes_get_size (cmap));
  if (face.copied[2].data != NULL)
    ADD_TABLE ("cvt ", face.copied[2].data, face.copied[2].length);
  if (face.copied[3].data != NULL)
    ADD_TABLE ("fpgm", face.copied[3].data, face.copied[3].length);
  ADD_TABLE ("glyf", glyf->data, glyf->len);
  ADD_TABLE ("head", head, face.head.length);
  ADD_TABLE ("hhea", hhea, face.hhea.length);
  ADD_TABLE ("hmtx", hmtx->data, hmtx->len);
  ADD_TABLE ("loca", loca->data, loca->len);
  ADD_TABLE ("maxp", maxp, face.maxp.length);
  if (face.copied[1].data != NULL)
    ADD_TABLE ("name", face.copied[1].data, face.copied[1].length);
  ADD_TABLE ("post", post, sizeof post);
  if (face.copied[4].data != NULL)
    ADD_TABLE ("prep", face.copied[4].data, face.copied[4].length);
#undef ADD_TABLE

  {
    guint search_range = 16, entry_selector = 0;

    while (search_range * 2 <= n_tables * 16)
      {
        search_range *= 2;
        entry_selector++;
      }
    append32 (out, 0x00010000);
    append16 (out, n_tables);
    append16 (out, search_range);
    append16 (out, entry_selector);
    append16 (out, n_tables * 16 - search_range);
  }

  offset = 12 + 16 * n_tables;
  for (guint t = 0; t < n_tables; t++)
    {
      g_byte_array_append (out, (const guint8 *) tables[t].tag, 4);
      append32 (out, table_checksum (tables[t].data, tables[t].length));
      append32 (out, offset);
      append32 (out, tables[t].length);
      offset += (tables[t].length + 3) & ~(gsize) 3;
    }
  for (guint t = 0; t < n_tables; t++)
    {
      static const guint8 padding[4] = { 0 };

      if (strcmp (tables[t].tag, "head") == 0)
        offset = out->len;
      g_byte_array_append (out, tables[t].data, tables[t].length);
      g_byte_array_append (out, padding, (4 - tables[t].length % 4) % 4);
    }
  put32 (out->data + offset + 8, 0xB1B0AFBA - table_checksum (out->data, out->len));

  g_free (head);
  g_free (hhea);
  g_free (maxp);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));

invalid:
  g_free (head);
  g_free (hhea);
  g_free (maxp);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The font has no TrueType outlines or no Unicode character map"));
  return NULL;
}
