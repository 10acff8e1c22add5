/* pb-font-subset.h: a small TrueType font with just the characters a report uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* libharu 2.3 embeds every table of a TrueType font and indexes all of its
 * cmap, which for a CJK font costs most of the time and size of a report.
 * This builds a font of face @face_index of @font (a .ttf, or a .ttc when
 * @collection) that holds only the glyphs of @chars (BMP code points, in any
 * order, duplicates allowed) and .notdef, renumbered, with a format 4 cmap
 * for just those characters; metrics and outlines are unchanged, so text
 * measures and looks the same. Composite glyphs bring their components.
 * Characters the font lacks are left out. Fails with G_IO_ERROR_INVALID_DATA
 * on a font it cannot read (no glyf outlines, no Unicode format 4 cmap). */
GBytes *pb_font_subset (GBytes          *font,
                        guint            face_index,
                        gboolean         collection,
                        const gunichar  *chars,
                        guint            n_chars,
                        GError         **error);

G_END_DECLS
