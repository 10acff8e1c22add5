/* pb-font-subset.h: a small TrueType font with just the characters a report uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One entry of the subset's cmap: @code, the code point the PDF's text
 * uses, shows the glyph of @ch. They are equal but for characters above
 * U+FFFF, which libharu 2.3 cannot encode: those get a code of the Private
 * Use Area, and the report's ToUnicode CMap maps it back to @ch. */
typedef struct
{
  gunichar  code;   /* U+0001..U+FFFF */
  gunichar  ch;
} PbFontMapping;

/* Through HarfBuzz's hb-subset: a TrueType font of face @face_index of @font
 * (a .ttf or a .ttc) with the glyphs of the characters of @mappings (and the
 * components of composite glyphs), renumbered, only the tables libharu
 * embeds, and a format 4 cmap of exactly @mappings (in any order; a code
 * given twice keeps its first character). Metrics and outlines are
 * unchanged, so text measures and looks the same. A character the font
 * lacks maps to .notdef. Fails with G_IO_ERROR_INVALID_DATA on a font it
 * cannot read (no TrueType outlines). */
GBytes *pb_font_subset (GBytes               *font,
                        guint                 face_index,
                        const PbFontMapping  *mappings,
                        guint                 n_mappings,
                        GError              **error);

G_END_DECLS
