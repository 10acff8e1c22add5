/* pb-case-row.c
 *
 * A row of the case list draws its eight columns itself, each a Pango
 * layout and maybe an icon: GTK 4.8's list views build widgets for up to
 * 200 rows at each search, and a GtkColumnView row of labels, boxes and
 * images was some 23 widgets, which took 100-230 ms of each search at
 * 100,000 cases (bench/bench-gui). The header is the same widget with the
 * titles, and it keeps what every row places its columns by: each column
 * as wide as the widest value drawn in it (its title at least), or as
 * wide as it was dragged to; the customer and the product share
 * what is left. Too narrow for all, the customer and the product give up
 * their width first, down to a share each, and only then the others, down
 * to their titles. Right to left, the columns run from the right. On a
 * phone's width a row takes three lines: the customer and the outcome on
 * the first, the product and the country below them (which case it is),
 * then the status and the decision (where it stands).
 *
 * While the list scrolls, a column only grows, to the widest value drawn
 * since the list's rows last changed as a whole (a new search or filter,
 * pb_case_row_refit_columns()): a column that narrowed and widened as rows
 * passed would make every other column jump. After such a change the
 * columns fit the values the first frame drew, wider or narrower.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pb-case-row.h"
#include "pb-gui-utils.h"

/* Around each column's text, as libadwaita's column view cells. */
#define CELL_PAD_X      6
#define CELL_PAD_Y      8
#define HEADER_PAD_Y    6
#define ICON_SIZE       16
#define ICON_SPACING    6
/* Below this width a row shows all but the questionnaire and the time of
 * the last change, on three lines (line_of ()), this far apart. */
#define NARROW_WIDTH    560
#define NARROW_LINES    3
#define LINE_SPACING    4
/* Before a value is drawn, its column is thought this many average
 * characters wide. */
#define COUNTRY_CHARS       12
#define QUESTIONNAIRE_CHARS 22
/* The customer and the product keep this many average characters each,
 * before the other columns give up some of theirs; on a phone, each on
 * its line, beside the outcome or the country. */
#define EXPANDS_CHARS         26
#define NARROW_EXPANDS_CHARS  16
/* A column's end is dragged from this near it; no wider than this. */
#define SEPARATOR_REACH     4
#define MAX_COLUMN_WIDTH    2000
/* The step of a column's width with the keyboard. */
#define RESIZE_STEP         16
/* The layouts of the values of many rows kept at most. */
#define MAX_SHARED_LAYOUTS  2048
/* The opacity of libadwaita's .dim-label. */
#define DIM_ALPHA       0.55

/* The colours of the theme a row draws with, beyond its text's. */
enum
{
  NO_COLOR = -1,
  COLOR_ERROR,
  COLOR_WARNING,
  COLOR_SUCCESS,
  COLOR_ACCENT,
  COLOR_PURPLE,
  N_COLORS
};

static const char * const color_names[N_COLORS] = {
  [COLOR_ERROR]   = "error_color",
  [COLOR_WARNING] = "warning_color",
  [COLOR_SUCCESS] = "success_color",
  [COLOR_ACCENT]  = "accent_color",
  [COLOR_PURPLE]  = "purple_3",
};

struct _PbCaseRow
{
  GtkWidget     parent_instance;

  /* owned */
  PbCaseInfo   *info;
  PbCaseRow    *header_row;                   /* whose columns a row follows */
  char         *texts[PB_CASE_N_COLUMNS];
  PangoLayout  *layouts[PB_CASE_N_COLUMNS];   /* made when first drawn */
  guint         stale_layouts;                /* 1 << column: layouts[] of the case before */

  /* state */
  const char   *icons[PB_CASE_N_COLUMNS];
  int           colors[PB_CASE_N_COLUMNS];    /* a colour the theme names, or NO_COLOR */
  GdkRGBA       named[N_COLORS];              /* the theme's colours, as looked up */
  guint         named_known;                  /* 1 << colour: looked up since the style changed */
  guint         named_found;                  /* 1 << colour: the theme has it */
  guint         metrics_serial;               /* metrics.font_serial checked at this style; 0: not yet */
  gboolean      dim[PB_CASE_N_COLUMNS];
  int           naturals[PB_CASE_N_COLUMNS];  /* of layouts[], uncut */
  gboolean      cut[PB_CASE_N_COLUMNS];       /* drawn ending in "…" */
  gboolean      filled;                       /* texts[] and icons[] made for info */
  gboolean      labelled;                     /* the accessible label made for info */
  gboolean      header;
  int           sorted;
  GtkSortType   order;

  /* the header's: the list's columns */
  int           needs[PB_CASE_N_COLUMNS];     /* the widest value drawn, padded */
  int           drawn[PB_CASE_N_COLUMNS];     /* the same, since the refit asked */
  gboolean      refit;                        /* needs become drawn once rows drew */
  int           chosen[PB_CASE_N_COLUMNS];    /* dragged to; 0: as it needs */
  guint         needs_font;                   /* metrics.font_serial they were measured at */
  guint         changed_source;
  int           drag_column;                  /* -1: none */
  int           drag_width;
  int           focus_column;                 /* of the keyboard */
};

G_DEFINE_FINAL_TYPE (PbCaseRow, pb_case_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HEADER,
  PROP_COLUMN_WIDTHS,
  N_PROPS
};

enum {
  SORT,
  COLUMNS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const struct
{
  const char *id;          /* in the column-widths property */
  const char *title;
  gboolean    sortable;
  gboolean    narrow;      /* shown on a phone */
  gboolean    expands;
  gboolean    yields;      /* cut before the columns that say where a case stands */
} columns[PB_CASE_N_COLUMNS] = {
  [PB_CASE_COLUMN_CUSTOMER]      = { "customer",      N_("Customer"),      TRUE,  TRUE,  TRUE,  FALSE },
  [PB_CASE_COLUMN_PRODUCT]       = { "product",       N_("Product"),       TRUE,  TRUE,  TRUE,  FALSE },
  [PB_CASE_COLUMN_COUNTRY]       = { "country",       N_("Country"),       TRUE,  TRUE,  FALSE, TRUE },
  [PB_CASE_COLUMN_QUESTIONNAIRE] = { "questionnaire", N_("Questionnaire"), FALSE, FALSE, FALSE, TRUE },
  [PB_CASE_COLUMN_STATUS]        = { "status",        N_("Status"),        FALSE, TRUE,  FALSE, FALSE },
  [PB_CASE_COLUMN_DECISION]      = { "decision",      N_("Decision"),      FALSE, TRUE,  FALSE, FALSE },
  [PB_CASE_COLUMN_OUTCOME]       = { "outcome",       N_("Outcome"),       TRUE,  TRUE,  FALSE, FALSE },
  [PB_CASE_COLUMN_UPDATED]       = { "updated",       N_("Last Change"),   TRUE,  FALSE, FALSE, FALSE },
};

/* A layout of a value that many rows show, and its width uncut. */
typedef struct
{
  PangoLayout *layout;
  int          natural;
} SharedLayout;

/* What every row of one font shares: the widths of the columns before
 * any value is drawn (with their padding and icon), and the height of a
 * line. */
static struct
{
  char       *font;
  guint       font_serial;           /* one more at each font */
  GHashTable *layouts;               /* text -> SharedLayout, of the columns of few values */
  int         widths[PB_CASE_N_COLUMNS];
  int         titles[PB_CASE_N_COLUMNS];   /* the least a column takes */
  int         expands;                     /* what an expanding one keeps */
  int         narrow_expands;
  int         line_height;
} metrics;

static const char *
status_icon_name (PbCaseStatus status)
{
  switch (status)
    {
    case PB_CASE_STATUS_DRAFT:
      return "document-edit-symbolic";
    case PB_CASE_STATUS_SUBMITTED:
      return "document-send-symbolic";
    case PB_CASE_STATUS_APPROVED:
      return "emblem-ok-symbolic";
    case PB_CASE_STATUS_APPROVED_WITH_CONDITIONS:
      return "emblem-important-symbolic";
    case PB_CASE_STATUS_REJECTED:
      return "process-stop-symbolic";
    case PB_CASE_STATUS_SIGNED:
      return "changes-prevent-symbolic";
    default:
      return "dialog-question-symbolic";
    }
}

/* The theme's colour of an outcome, as style.css gives it to the
 * outcome's CSS class elsewhere; NO_COLOR for the text's own. */
static int
outcome_color (PbOutcome outcome)
{
  switch (outcome)
    {
    case PB_OUTCOME_PROCEED:
      return COLOR_SUCCESS;
    case PB_OUTCOME_PROCEED_WITH_CONDITIONS:
      return COLOR_ACCENT;
    case PB_OUTCOME_CONSULT_AUTHORITY:
      return COLOR_WARNING;
    case PB_OUTCOME_HOLD:
      return COLOR_PURPLE;
    case PB_OUTCOME_DO_NOT_PROCEED:
      return COLOR_ERROR;
    case PB_OUTCOME_INCOMPLETE:
    default:
      return NO_COLOR;
    }
}

/* The theme's colour @color into @rgba, looked up once for the row's
 * style (each look-up walks the style's providers); FALSE when the theme
 * has none of that name. */
static gboolean
named_color (PbCaseRow *self,
             int        color,
             GdkRGBA   *rgba)
{
  guint bit = 1u << color;

  if ((self->named_known & bit) == 0)
    {
      if (gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)), color_names[color],
                                          &self->named[color]))
        self->named_found |= bit;
      else
        self->named_found &= ~bit;
      self->named_known |= bit;
    }
  if ((self->named_found & bit) == 0)
    return FALSE;

  *rgba = self->named[color];
  return TRUE;
}

static int
text_width (PangoLayout *layout,
            const char  *text)
{
  int width;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, NULL);

  return width;
}

/* The widest of the labels of @first to @last, through @label. */
static int
widest_label (PangoLayout  *layout,
              int           first,
              int           last,
              const char *(*label) (int value))
{
  int widest = 0;

  for (int i = first; i <= last; i++)
    widest = MAX (widest, text_width (layout, label (i)));

  return widest;
}

/* The labels rows show, looked up in the translations once: a look-up
 * costs as much as the rest of a row's texts. */
static const char *
status_label (int status)
{
  static const char *labels[PB_CASE_STATUS_AWAITING_SECOND_APPROVAL + 1];

  if (status < 0 || status >= (int) G_N_ELEMENTS (labels))
    return pb_case_status_get_label (status);
  if (labels[status] == NULL)
    labels[status] = pb_case_status_get_label (status);

  return labels[status];
}

static const char *
outcome_label (int outcome)
{
  static const char *labels[PB_OUTCOME_DO_NOT_PROCEED + 1];

  if (outcome < 0 || outcome >= (int) G_N_ELEMENTS (labels))
    return pb_outcome_get_label (outcome);
  if (labels[outcome] == NULL)
    labels[outcome] = pb_outcome_get_label (outcome);

  return labels[outcome];
}

static const char *
undecided_label (void)
{
  static const char *label;

  /* Translators: the decision column of a case not decided yet */
  if (label == NULL)
    label = C_("decision", "None yet");

  return label;
}

/* A country's name by its code, as the reference data gives it. */
static const char *
country_label (const char *code)
{
  static GHashTable *names;
  const char *name;

  if (code == NULL)
    return "";
  if (names == NULL)
    names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if ((name = g_hash_table_lookup (names, code)) == NULL)
    {
      name = pb_country_list_lookup_name (code);
      /* The code itself, of a country not in the data: not kept. */
      if (name == code)
        return code;
      g_hash_table_insert (names, g_strdup (code), (gpointer) name);
    }

  return name;
}

static void
shared_layout_free (gpointer data)
{
  SharedLayout *shared = data;

  g_object_unref (shared->layout);
  g_free (shared);
}

/* Before any value is drawn, the columns of labels are as wide as their
 * widest label or title, at the widget's font (its weight aside: the
 * header is bold) and scale. */
static void
measure_metrics (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  g_autoptr(PangoFontDescription) regular = pango_font_description_copy (pango_context_get_font_description (context));
  g_autoptr(PangoFontDescription) bold = NULL;
  PangoFontMetrics *font_metrics;
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *font = NULL;
  g_autofree char *updated = NULL;
  int widths[PB_CASE_N_COLUMNS] = { 0 };
  int char_width;

  pango_font_description_unset_fields (regular, PANGO_FONT_MASK_WEIGHT);
  {
    g_autofree char *description = pango_font_description_to_string (regular);

    font = g_strdup_printf ("%s @%d", description, gtk_widget_get_scale_factor (widget));
  }
  if (g_strcmp0 (font, metrics.font) == 0)
    return;

  layout = pango_layout_new (context);
  font_metrics = pango_context_get_metrics (context, regular, NULL);
  char_width = PANGO_PIXELS (pango_font_metrics_get_approximate_char_width (font_metrics));
  pango_font_metrics_unref (font_metrics);

  pango_layout_set_font_description (layout, regular);
  widths[PB_CASE_COLUMN_STATUS] = widest_label (layout, PB_CASE_STATUS_DRAFT,
                                                PB_CASE_STATUS_AWAITING_SECOND_APPROVAL, status_label);
  widths[PB_CASE_COLUMN_DECISION] = MAX (widest_label (layout, PB_CASE_STATUS_APPROVED, PB_CASE_STATUS_REJECTED,
                                                       status_label),
                                         text_width (layout, undecided_label ()));
  widths[PB_CASE_COLUMN_OUTCOME] = widest_label (layout, PB_OUTCOME_PROCEED, PB_OUTCOME_DO_NOT_PROCEED,
                                                 outcome_label);
  for (int i = PB_CASE_COLUMN_STATUS; i <= PB_CASE_COLUMN_OUTCOME; i++)
    widths[i] += ICON_SIZE + ICON_SPACING;
  /* Wide digits, in the format of the user's language. */
  updated = pb_format_timestamp ("2028-08-28T20:58:08Z");
  widths[PB_CASE_COLUMN_UPDATED] = text_width (layout, updated);
  widths[PB_CASE_COLUMN_COUNTRY] = char_width * COUNTRY_CHARS;
  widths[PB_CASE_COLUMN_QUESTIONNAIRE] = char_width * QUESTIONNAIRE_CHARS;
  pango_layout_get_pixel_size (layout, NULL, &metrics.line_height);

  bold = pango_font_description_copy (regular);
  pango_font_description_set_weight (bold, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, bold);
  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    {
      int title = text_width (layout, _(columns[i].title)) + (columns[i].sortable ? ICON_SPACING + ICON_SIZE : 0);

      metrics.titles[i] = title + 2 * CELL_PAD_X;
      metrics.widths[i] = MAX (widths[i], title) + 2 * CELL_PAD_X;
    }
  metrics.expands = char_width * EXPANDS_CHARS + 2 * CELL_PAD_X;
  metrics.narrow_expands = char_width * NARROW_EXPANDS_CHARS + 2 * CELL_PAD_X;

  g_free (metrics.font);
  metrics.font = g_steal_pointer (&font);
  metrics.font_serial++;
  if (metrics.layouts == NULL)
    metrics.layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, shared_layout_free);
  g_hash_table_remove_all (metrics.layouts);
}

/* The metrics of the row's font, checked again only once its style or
 * scale changed: each check describes the font as a string. */
static void
ensure_metrics (PbCaseRow *self)
{
  if (self->metrics_serial != 0 && self->metrics_serial == metrics.font_serial)
    return;

  measure_metrics (GTK_WIDGET (self));
  self->metrics_serial = metrics.font_serial;
}

/* Every column but the time of the last change: a country, a status, …
 * are a few values that 200 rows repeat, and a customer or a product
 * those of many cases; each is laid out once, at its column's width. */
static gboolean
is_shared (PbCaseRow    *self,
           PbCaseColumn  column)
{
  return !self->header && column != PB_CASE_COLUMN_UPDATED;
}

static gboolean
is_narrow (int width)
{
  return width > 0 && width < NARROW_WIDTH;
}

static gboolean
is_shown (PbCaseColumn column,
          gboolean     narrow)
{
  return !narrow || columns[column].narrow;
}

/* The line of a row @column is drawn on: 0; on a phone's width 1 for
 * which case it is, 2 for where it stands. */
static int
line_of (PbCaseColumn column,
         gboolean     narrow)
{
  if (!narrow)
    return 0;

  switch (column)
    {
    case PB_CASE_COLUMN_PRODUCT:
    case PB_CASE_COLUMN_COUNTRY:
      return 1;
    case PB_CASE_COLUMN_STATUS:
    case PB_CASE_COLUMN_DECISION:
      return 2;
    default:
      return 0;
    }
}

/* Where line @line of a row @height high is: its top and its height. */
static void
line_band (PbCaseRow *self,
           gboolean   narrow,
           int        line,
           int        height,
           int       *y,
           int       *band)
{
  int pad = self->header ? HEADER_PAD_Y : CELL_PAD_Y;

  if (!narrow)
    {
      *y = 0;
      *band = height;
      return;
    }

  *band = (height - 2 * pad) / NARROW_LINES;
  *y = pad + line * *band;
}

/* The line at @y of a row @height high: the nearest one. */
static int
line_at (PbCaseRow *self,
         gboolean   narrow,
         double     y,
         int        height)
{
  int top, band;

  if (!narrow)
    return 0;

  line_band (self, narrow, 0, height, &top, &band);

  return band > 0 ? CLAMP ((int) ((y - top) / band), 0, NARROW_LINES - 1) : 0;
}

/* The header whose columns @self follows: itself, for the header. */
static PbCaseRow *
columns_owner (PbCaseRow *self)
{
  return self->header ? self : self->header_row;
}

/* What the header knows of its columns' values was measured at the font
 * of now: at another, they are measured again as they are drawn. */
static void
sync_needs (PbCaseRow *header)
{
  if (header->needs_font == metrics.font_serial)
    return;

  header->needs_font = metrics.font_serial;
  memset (header->needs, 0, sizeof header->needs);
  memset (header->drawn, 0, sizeof header->drawn);
}

/* Once rows drew: the columns as wide as what they drew, after a refit. */
static gboolean
columns_changed_cb (gpointer data)
{
  PbCaseRow *header = data;

  header->changed_source = 0;
  if (header->refit)
    {
      header->refit = FALSE;
      if (memcmp (header->needs, header->drawn, sizeof header->needs) == 0)
        return G_SOURCE_REMOVE;
      memcpy (header->needs, header->drawn, sizeof header->needs);
    }
  g_signal_emit (header, signals[COLUMNS_CHANGED], 0);

  return G_SOURCE_REMOVE;
}

/* A value of @column drawn @need wide, padding and icon included: the
 * column grows to show it whole where there is room (after a refit, every
 * column becomes as wide as the values drawn). Told while rows draw, the
 * header and the rows draw again after, all at the new widths. */
static void
note_need (PbCaseRow    *self,
           PbCaseColumn  column,
           int           need)
{
  PbCaseRow *header = self->header_row;

  if (header == NULL)
    return;

  sync_needs (header);
  header->drawn[column] = MAX (header->drawn[column], need);
  if (!header->refit)
    {
      if (need <= header->needs[column])
        return;
      header->needs[column] = need;
    }

  if (header->changed_source == 0)
    header->changed_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, columns_changed_cb, header, NULL);
}

/* Takes up to @excess from the widths @w, each down to @least, in
 * proportion to what each has above it; returns what it took. */
static int
shrink (int       w[PB_CASE_N_COLUMNS],
        const int least[PB_CASE_N_COLUMNS],
        int       excess)
{
  int above = 0;
  int taken = 0;

  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    above += MAX (0, w[i] - least[i]);
  excess = MIN (excess, above);
  if (excess <= 0)
    return 0;

  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    if (w[i] > least[i])
      {
        int cut = (int) ((gint64) excess * (w[i] - least[i]) / above);

        w[i] -= cut;
        taken += cut;
      }
  /* What rounding left, a pixel at a time. */
  for (int i = 0; i < PB_CASE_N_COLUMNS && taken < excess; i++)
    if (w[i] > least[i])
      {
        w[i]--;
        taken++;
      }

  return taken;
}

/* On a phone's width, the columns of each line side by side, as wide as
 * their values: the customer takes what the outcome leaves, the product
 * what the country leaves, and each gives up its width first, down to its
 * share (@keeps), before the others are cut in proportion, down to their
 * titles. */
static void
place_lines (PbCaseRow *self,
             int        width,
             const int  keeps[PB_CASE_N_COLUMNS],
             const int  least[PB_CASE_N_COLUMNS],
             int        x[PB_CASE_N_COLUMNS],
             int        w[PB_CASE_N_COLUMNS])
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;

  for (int line = 0; line < NARROW_LINES; line++)
    {
      int lw[PB_CASE_N_COLUMNS] = { 0 }, lkeeps[PB_CASE_N_COLUMNS] = { 0 }, lleast[PB_CASE_N_COLUMNS] = { 0 };
      int total = 0;
      int at = 0;
      int grows = -1;

      for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
        if (w[i] > 0 && line_of (i, TRUE) == line)
          {
            lw[i] = w[i];
            lkeeps[i] = keeps[i];
            lleast[i] = least[i];
            total += w[i];
            if (grows < 0 && columns[i].expands)
              grows = i;
          }
      if (total > width)
        {
          total -= shrink (lw, lkeeps, total - width);
          shrink (lw, lleast, total - width);
        }
      else if (grows >= 0)
        lw[grows] += width - total;

      for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
        if (w[i] > 0 && line_of (i, TRUE) == line)
          {
            w[i] = lw[i];
            x[i] = rtl ? width - at - w[i] : at;
            at += w[i];
          }
    }
}

/* Where each column is in a row @width wide: x and width, 0 wide when
 * not shown. */
static void
place_columns (PbCaseRow *self,
               int        width,
               int        x[PB_CASE_N_COLUMNS],
               int        w[PB_CASE_N_COLUMNS])
{
  PbCaseRow *header = columns_owner (self);
  gboolean narrow = is_narrow (width);
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int keeps[PB_CASE_N_COLUMNS], yields[PB_CASE_N_COLUMNS], least[PB_CASE_N_COLUMNS], unchosen[PB_CASE_N_COLUMNS];
  gboolean grows[PB_CASE_N_COLUMNS];
  int total = 0;
  int growing = 0;
  int at = 0;

  if (header != NULL)
    sync_needs (header);

  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    {
      int chosen = header != NULL && !narrow ? header->chosen[i] : 0;
      int need = header != NULL && header->needs[i] > 0 ? header->needs[i] : metrics.widths[i];

      if (!is_shown (i, narrow))
        {
          w[i] = keeps[i] = yields[i] = least[i] = unchosen[i] = 0;
          grows[i] = FALSE;
          continue;
        }

      least[i] = metrics.titles[i];
      w[i] = MAX (least[i], chosen > 0 ? chosen : need);
      grows[i] = columns[i].expands && chosen == 0;
      keeps[i] = grows[i] ? MIN (w[i], narrow ? metrics.narrow_expands : metrics.expands) : w[i];
      unchosen[i] = chosen > 0 ? w[i] : least[i];
      yields[i] = columns[i].yields ? unchosen[i] : keeps[i];
      total += w[i];
      growing += grows[i] ? w[i] : 0;
    }

  if (narrow)
    {
      for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
        x[i] = 0;
      place_lines (self, width, keeps, least, x, w);
      return;
    }

  if (total > width)
    {
      /* The customer and the product down to their share, the country
       * and the questionnaire down to their titles, then the other
       * columns not dragged, then the others. */
      total -= shrink (w, keeps, total - width);
      total -= shrink (w, yields, total - width);
      total -= shrink (w, unchosen, total - width);
      shrink (w, least, total - width);
    }
  else if (growing > 0)
    {
      /* What is left to the customer and the product, as they need it. */
      int rest = width - total;
      int given = 0;

      for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
        if (grows[i])
          {
            int more = (int) ((gint64) rest * w[i] / growing);

            w[i] += more;
            given += more;
          }
      for (int i = 0; i < PB_CASE_N_COLUMNS && given < rest; i++)
        if (grows[i])
          {
            w[i] += rest - given;
            given = rest;
          }
    }

  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    {
      x[i] = rtl ? width - at - w[i] : at;
      at += w[i];
    }
}

/* The texts of the case before go; its layouts stay, to be given the
 * next texts when drawn (rows bind by the hundred, a few are drawn). */
static void
clear_texts (PbCaseRow *self)
{
  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    {
      g_clear_pointer (&self->texts[i], g_free);
      if (self->layouts[i] != NULL)
        self->stale_layouts |= 1 << i;
      self->icons[i] = NULL;
      self->colors[i] = NO_COLOR;
      self->dim[i] = FALSE;
      self->cut[i] = FALSE;
    }
  self->filled = FALSE;
}

/* "@first @second", as "%s %s" prints them (NULL as "(null)"), without
 * printf's parsing: rows bind by the hundred. */
static void
append_words (GString    *text,
              const char *first,
              const char *second)
{
  g_string_append (text, first != NULL ? first : "(null)");
  g_string_append_c (text, ' ');
  g_string_append (text, second != NULL ? second : "(null)");
}

/* Appends what @column shows of @info to @text; FALSE when it shows
 * nothing. The time of the last change is formatted apart. */
static gboolean
append_column_text (PbCaseInfo   *info,
                    PbCaseColumn  column,
                    GString      *text)
{
  PbCaseStatus decision;
  const char *version;
  const char *value;

  switch (column)
    {
    case PB_CASE_COLUMN_CUSTOMER:
      value = pb_case_info_get_customer_name (info);
      break;
    case PB_CASE_COLUMN_PRODUCT:
      value = pb_case_info_get_product_name (info);
      version = pb_case_info_get_product_version (info);
      if (version != NULL && version[0] != '\0')
        {
          append_words (text, value, version);
          return TRUE;
        }
      break;
    case PB_CASE_COLUMN_COUNTRY:
      value = country_label (pb_case_info_get_country (info));
      break;
    case PB_CASE_COLUMN_QUESTIONNAIRE:
      append_words (text, pb_case_info_get_questionnaire_id (info), pb_case_info_get_questionnaire_version (info));
      return TRUE;
    case PB_CASE_COLUMN_STATUS:
      value = status_label (pb_case_info_get_status (info));
      break;
    case PB_CASE_COLUMN_DECISION:
      decision = pb_case_info_get_decision (info);
      value = pb_case_status_is_decision (decision) ? status_label (decision) : undecided_label ();
      break;
    case PB_CASE_COLUMN_OUTCOME:
      value = outcome_label (pb_case_info_get_outcome (info));
      break;
    case PB_CASE_COLUMN_UPDATED:
    default:
      g_assert_not_reached ();
    }

  if (value == NULL)
    return FALSE;
  g_string_append (text, value);

  return TRUE;
}

/* The texts and icons of a row that is drawn, or asked for: GTK 4.8 binds
 * some 200 rows at each search or filter, of which a window shows twenty
 * (bench-gui: their texts were a sixth of the list's change). */
static void
ensure_texts (PbCaseRow *self)
{
  g_autoptr(GString) text = NULL;
  PbCaseStatus status, decision;
  PbOutcome outcome;

  if (self->info == NULL || self->filled)
    return;

  self->texts[PB_CASE_COLUMN_UPDATED] = pb_format_timestamp (pb_case_info_get_updated (self->info));
  text = g_string_sized_new (64);
  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    if (i != PB_CASE_COLUMN_UPDATED)
      {
        g_string_truncate (text, 0);
        if (append_column_text (self->info, i, text))
          self->texts[i] = g_strndup (text->str, text->len);
      }

  status = pb_case_info_get_status (self->info);
  decision = pb_case_info_get_decision (self->info);
  outcome = pb_case_info_get_outcome (self->info);
  self->icons[PB_CASE_COLUMN_STATUS] = status_icon_name (status);
  if (pb_case_status_is_decision (decision))
    self->icons[PB_CASE_COLUMN_DECISION] = status_icon_name (decision);
  else
    self->dim[PB_CASE_COLUMN_DECISION] = TRUE;
  self->icons[PB_CASE_COLUMN_OUTCOME] = pb_outcome_get_icon_name (outcome);
  self->colors[PB_CASE_COLUMN_OUTCOME] = outcome_color (outcome);
  self->dim[PB_CASE_COLUMN_OUTCOME] = outcome == PB_OUTCOME_INCOMPLETE;
  self->filled = TRUE;
}

/* A screen reader reads the row the focus is on, which is the list's item
 * around this one: every column, in order, as the row draws them. */
static void
update_accessible_label (PbCaseRow *self)
{
  GtkWidget *item = gtk_widget_get_parent (GTK_WIDGET (self));
  g_autoptr(GString) label = g_string_sized_new (160);

  ensure_texts (self);
  self->labelled = TRUE;

  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    {
      gsize start = label->len;
      gboolean shown;

      if (start > 0)
        g_string_append (label, ", ");
      if ((shown = self->texts[i] != NULL))
        g_string_append (label, self->texts[i]);
      /* A column that shows nothing is not read. */
      if (!shown || label->len == start + (start > 0 ? 2 : 0))
        g_string_truncate (label, start);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (item != NULL ? item : GTK_WIDGET (self)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label->str,
                                  -1);
}

/* Rows bound to a case but not shown, whose label is not made yet, and
 * the idle callback that makes them: after the frame that shows the
 * rows, not while GTK binds some 200 rows at each search or filter, of
 * which a window shows twenty (their labels were a sixth of the
 * binding). A row shown makes its own at once. */
static GPtrArray *unlabelled;
static guint label_source;

static gboolean
label_rows_cb (gpointer data)
{
  g_autoptr(GPtrArray) rows = g_steal_pointer (&unlabelled);

  label_source = 0;
  for (guint i = 0; i < rows->len; i++)
    {
      PbCaseRow *row = g_ptr_array_index (rows, i);

      if (!row->labelled && row->info != NULL)
        update_accessible_label (row);
    }

  return G_SOURCE_REMOVE;
}

static void
label_soon (PbCaseRow *self)
{
  if (unlabelled == NULL)
    unlabelled = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (unlabelled, g_object_ref (self));
  if (label_source == 0)
    {
      label_source = g_idle_add (label_rows_cb, NULL);
      g_source_set_name_by_id (label_source, "[probity] label case rows");
    }
}

/* The icons rows draw, by name and direction, at one scale of one theme:
 * the theme's own look-up builds a key and takes a lock each time. */
static struct
{
  GtkIconTheme *theme;
  gulong        changed_handler;
  int           scale;
  GHashTable   *paintables;
} icons;

static void
icon_theme_changed_cb (GtkIconTheme *theme,
                       gpointer      user_data)
{
  g_hash_table_remove_all (icons.paintables);
}

static GtkIconPaintable *
lookup_icon (GtkWidget  *widget,
             const char *icon_name)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  int scale = gtk_widget_get_scale_factor (widget);
  GtkTextDirection direction = gtk_widget_get_direction (widget);
  GtkIconPaintable *icon;
  char key[128];

  if (icons.paintables == NULL)
    icons.paintables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  if (theme != icons.theme)
    {
      if (icons.theme != NULL)
        g_clear_signal_handler (&icons.changed_handler, icons.theme);
      g_set_object (&icons.theme, theme);
      icons.changed_handler = g_signal_connect (theme, "changed", G_CALLBACK (icon_theme_changed_cb), NULL);
      g_hash_table_remove_all (icons.paintables);
    }
  if (scale != icons.scale)
    {
      icons.scale = scale;
      g_hash_table_remove_all (icons.paintables);
    }

  g_snprintf (key, sizeof key, "%s %d", icon_name, direction);
  if ((icon = g_hash_table_lookup (icons.paintables, key)) == NULL)
    {
      icon = gtk_icon_theme_lookup_icon (theme, icon_name, NULL, ICON_SIZE, scale, direction, 0);
      g_hash_table_insert (icons.paintables, g_strdup (key), icon);
    }

  return icon;
}

static void
draw_icon (PbCaseRow     *self,
           GtkSnapshot   *snapshot,
           const char    *icon_name,
           const GdkRGBA *color,
           int            x,
           int            y)
{
  GtkIconPaintable *icon = lookup_icon (GTK_WIDGET (self), icon_name);
  GdkRGBA colors[4] = { *color };

  /* The symbolic palette: foreground, error, warning, success. */
  if (!named_color (self, COLOR_ERROR, &colors[1]))
    colors[1] = *color;
  if (!named_color (self, COLOR_WARNING, &colors[2]))
    colors[2] = *color;
  if (!named_color (self, COLOR_SUCCESS, &colors[3]))
    colors[3] = *color;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, ICON_SIZE, ICON_SIZE, colors,
                                            G_N_ELEMENTS (colors));
  gtk_snapshot_restore (snapshot);
}

/* The layout of @column's text, made once, and its width uncut. */
static PangoLayout *
column_layout (PbCaseRow    *self,
               PbCaseColumn  column,
               int          *natural)
{
  g_autofree char *key = NULL;
  SharedLayout *shared;
  PangoLayout *layout;

  if (self->layouts[column] != NULL && (self->stale_layouts & (1 << column)) != 0)
    {
      pango_layout_set_text (self->layouts[column], self->texts[column], -1);
      pango_layout_set_width (self->layouts[column], -1);
      pango_layout_get_pixel_size (self->layouts[column], &self->naturals[column], NULL);
      self->stale_layouts &= ~(1 << column);
    }
  if (self->layouts[column] != NULL)
    {
      *natural = self->naturals[column];
      return self->layouts[column];
    }
  /* By column: each sets its layouts' width. */
  if (is_shared (self, column))
    {
      key = g_strdup_printf ("%d %s", column, self->texts[column]);
      if ((shared = g_hash_table_lookup (metrics.layouts, key)) != NULL)
        {
          *natural = shared->natural;
          return shared->layout;
        }
    }

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->texts[column]);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_get_pixel_size (layout, natural, NULL);
  if (is_shared (self, column))
    {
      shared = g_new (SharedLayout, 1);
      shared->layout = layout;
      shared->natural = *natural;
      /* Customers by the thousand: not all kept. */
      if (g_hash_table_size (metrics.layouts) >= MAX_SHARED_LAYOUTS)
        g_hash_table_remove_all (metrics.layouts);
      g_hash_table_insert (metrics.layouts, g_steal_pointer (&key), shared);
    }
  else
    {
      self->layouts[column] = layout;
      self->naturals[column] = *natural;
      self->stale_layouts &= ~(1 << column);
    }

  return layout;
}

/* A column's icon at its start, the text after it, the header's arrow
 * after the text: from the left, or from the right right to left. */
static void
draw_column (PbCaseRow     *self,
             GtkSnapshot   *snapshot,
             PbCaseColumn   column,
             const GdkRGBA *foreground,
             int            x,
             int            width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  gboolean narrow = is_narrow (gtk_widget_get_width (widget));
  PangoLayout *layout;
  GdkRGBA color = *foreground;
  int available = width - 2 * CELL_PAD_X;
  int icon_space = 0;
  int text_x, text_width, text_height, natural;
  int top, height;

  if (self->texts[column] == NULL || available <= 0)
    return;

  line_band (self, narrow, line_of (column, narrow), gtk_widget_get_height (widget), &top, &height);

  if (self->colors[column] != NO_COLOR && !named_color (self, self->colors[column], &color))
    color = *foreground;
  if (self->dim[column])
    color.alpha *= DIM_ALPHA;

  /* Texts of one column start at one place, with an icon or without. */
  if (self->icons[column] != NULL || (!self->header && column >= PB_CASE_COLUMN_STATUS &&
                                      column <= PB_CASE_COLUMN_OUTCOME))
    icon_space = ICON_SIZE + ICON_SPACING;
  available -= icon_space;
  if (self->header && self->sorted == (int) column)
    available -= ICON_SIZE + ICON_SPACING;

  /* Uncut, a layout is not laid out again at each width. */
  layout = column_layout (self, column, &natural);
  self->cut[column] = natural > available;
  pango_layout_set_width (layout, self->cut[column] ? MAX (available, 0) * PANGO_SCALE : -1);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  if (!self->header)
    note_need (self, column, natural + icon_space + 2 * CELL_PAD_X);

  if (self->icons[column] != NULL)
    draw_icon (self, snapshot, self->icons[column], &color,
               rtl ? x + width - CELL_PAD_X - ICON_SIZE : x + CELL_PAD_X, top + (height - ICON_SIZE) / 2);
  text_x = rtl ? x + width - CELL_PAD_X - icon_space - text_width : x + CELL_PAD_X + icon_space;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (text_x, top + (height - text_height) / 2));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);

  if (self->header && self->sorted == (int) column)
    draw_icon (self, snapshot, self->order == GTK_SORT_ASCENDING ? "pan-up-symbolic" : "pan-down-symbolic",
               &color, rtl ? text_x - ICON_SPACING - ICON_SIZE : text_x + text_width + ICON_SPACING,
               top + (height - ICON_SIZE) / 2);
}

/* The header's faint lines between its columns, where a column's end is
 * dragged. */
static void
draw_separators (PbCaseRow     *self,
                 GtkSnapshot   *snapshot,
                 const GdkRGBA *foreground,
                 const int      x[PB_CASE_N_COLUMNS],
                 const int      w[PB_CASE_N_COLUMNS])
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  GdkRGBA color = *foreground;
  int last = -1;

  color.alpha *= 0.4;
  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    if (w[i] > 0)
      last = i;
  for (int i = 0; i < last; i++)
    if (w[i] > 0)
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (rtl ? x[i] : x[i] + w[i] - 1, height / 4, 1, height / 2));
}

/* The column the keyboard is on, ringed as GTK rings a focused cell. */
static void
draw_focus (PbCaseRow   *self,
            GtkSnapshot *snapshot,
            int          x,
            int          width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean narrow = is_narrow (gtk_widget_get_width (widget));
  float height = gtk_widget_get_height (widget);
  GdkRGBA color;
  GskRoundedRect ring;
  int top = 0, band;

  /* On a phone's lines, the line of the column, with the padding on its
   * side at the first and the last. */
  if (narrow)
    {
      int line = line_of (self->focus_column, narrow);
      int bottom;

      line_band (self, narrow, line, height, &top, &band);
      bottom = line == NARROW_LINES - 1 ? height : top + band;
      top = line == 0 ? 0 : top;
      height = bottom - top;
    }

  if (!named_color (self, COLOR_ACCENT, &color))
    gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  color.alpha *= 0.5;
  gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (x + 1, top + 1, width - 2, height - 2), 6);
  gtk_snapshot_append_border (snapshot, &ring, (float[4]) { 2, 2, 2, 2 },
                              (GdkRGBA[4]) { color, color, color, color });
}

static void
pb_case_row_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  PbCaseRow *self = PB_CASE_ROW (widget);
  int x[PB_CASE_N_COLUMNS], w[PB_CASE_N_COLUMNS];
  GdkRGBA foreground;


  ensure_metrics (self);
  ensure_texts (self);
  place_columns (self, gtk_widget_get_width (widget), x, w);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &foreground);

  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    if (w[i] > 0)
      draw_column (self, snapshot, i, &foreground, x[i], w[i]);
  if (self->header && !is_narrow (gtk_widget_get_width (widget)))
    draw_separators (self, snapshot, &foreground, x, w);
  if (self->header && gtk_widget_has_visible_focus (widget) && w[self->focus_column] > 0)
    draw_focus (self, snapshot, x[self->focus_column], w[self->focus_column]);
}

/* GTK 4.8 maps the rows a list shows: one scrolled into view is read
 * whole before it is drawn. */
static void
pb_case_row_map (GtkWidget *widget)
{
  PbCaseRow *self = PB_CASE_ROW (widget);

  GTK_WIDGET_CLASS (pb_case_row_parent_class)->map (widget);

  if (!self->header && !self->labelled && self->info != NULL)
    update_accessible_label (self);
}

/* The height of a row depends on its width: three lines on a phone's. */
static GtkSizeRequestMode
pb_case_row_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
pb_case_row_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  PbCaseRow *self = PB_CASE_ROW (widget);

  ensure_metrics (self);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      int pad = self->header ? HEADER_PAD_Y : CELL_PAD_Y;
      int line = MAX (metrics.line_height, ICON_SIZE);

      /* Three lines on a phone's width. */
      *minimum = *natural = is_narrow (for_size)
                            ? NARROW_LINES * line + (NARROW_LINES - 1) * LINE_SPACING + 2 * pad
                            : line + 2 * pad;
      return;
    }

  /* Narrow: the titles of the widest line; else every column, the two that
   * share the rest as wide as the questionnaire. */
  {
    int lines[NARROW_LINES] = { 0 };

    for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
      if (is_shown (i, TRUE))
        lines[line_of (i, TRUE)] += metrics.titles[i];
    *minimum = 0;
    for (int line = 0; line < NARROW_LINES; line++)
      *minimum = MAX (*minimum, lines[line]);
  }
  *natural = 0;
  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    *natural += columns[i].expands ? metrics.widths[PB_CASE_COLUMN_QUESTIONNAIRE] : metrics.widths[i];
}

/* The focus ring comes and goes. */
static void
pb_case_row_state_flags_changed (GtkWidget     *widget,
                                 GtkStateFlags  previous)
{
  if (GTK_WIDGET_CLASS (pb_case_row_parent_class)->state_flags_changed != NULL)
    GTK_WIDGET_CLASS (pb_case_row_parent_class)->state_flags_changed (widget, previous);

  if (PB_CASE_ROW (widget)->header &&
      ((gtk_widget_get_state_flags (widget) ^ previous) & (GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE)))
    gtk_widget_queue_draw (widget);
}

static void
pb_case_row_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  PbCaseRow *self = PB_CASE_ROW (widget);

  GTK_WIDGET_CLASS (pb_case_row_parent_class)->css_changed (widget, change);

  /* Another font: the layouts are made again with it; another theme:
   * its colours are looked up again. */
  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    g_clear_object (&self->layouts[i]);
  self->stale_layouts = 0;
  self->metrics_serial = 0;
  self->named_known = 0;
}

static void
scale_factor_changed_cb (PbCaseRow *self)
{
  self->metrics_serial = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
columns_changed (PbCaseRow *self)
{
  g_clear_handle_id (&self->changed_source, g_source_remove);
  g_signal_emit (self, signals[COLUMNS_CHANGED], 0);
}

/* @column as wide as @width from now on; 0: as wide as its values. */
static gboolean
choose_width (PbCaseRow *self,
              int        column,
              int        width)
{
  if (width > 0)
    width = CLAMP (width, metrics.titles[column], MAX_COLUMN_WIDTH);
  if (self->chosen[column] == width)
    return FALSE;

  self->chosen[column] = width;
  columns_changed (self);

  return TRUE;
}

/* The column whose end, between it and the next one shown, is within
 * reach of @x; -1 for none. A phone's width has none. */
static int
separator_at (PbCaseRow *self,
              double     x)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int xs[PB_CASE_N_COLUMNS], w[PB_CASE_N_COLUMNS];
  int last = -1;

  if (is_narrow (width))
    return -1;

  place_columns (self, width, xs, w);
  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    if (w[i] > 0)
      last = i;
  for (int i = 0; i < last; i++)
    if (w[i] > 0 && ABS (x - (rtl ? xs[i] : xs[i] + w[i])) <= SEPARATOR_REACH)
      return i;

  return -1;
}

/* A title clicked sorts by its column; a double click on a column's end
 * gives it back the width of its values. */
static void
header_released_cb (PbCaseRow       *self,
                    int              n_press,
                    double           x,
                    double           y,
                    GtkGestureClick *gesture)
{
  int xs[PB_CASE_N_COLUMNS], w[PB_CASE_N_COLUMNS];
  int separator = separator_at (self, x);
  gboolean narrow;
  int line;

  if (separator >= 0)
    {
      if (n_press == 2 && choose_width (self, separator, 0))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMN_WIDTHS]);
      return;
    }

  place_columns (self, gtk_widget_get_width (GTK_WIDGET (self)), xs, w);
  narrow = is_narrow (gtk_widget_get_width (GTK_WIDGET (self)));
  line = line_at (self, narrow, y, gtk_widget_get_height (GTK_WIDGET (self)));
  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    if (w[i] > 0 && x >= xs[i] && x < xs[i] + w[i] && line_of (i, narrow) == line && columns[i].sortable)
      g_signal_emit (self, signals[SORT], 0, i);
}

static void
drag_begin_cb (PbCaseRow      *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  int xs[PB_CASE_N_COLUMNS], w[PB_CASE_N_COLUMNS];

  self->drag_column = separator_at (self, x);
  if (self->drag_column < 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  place_columns (self, gtk_widget_get_width (GTK_WIDGET (self)), xs, w);
  self->drag_width = w[self->drag_column];
}

/* The column's end follows the pointer; once it moved, the press is a
 * drag, not a click that sorts. */
static void
drag_update_cb (PbCaseRow      *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  if (self->drag_column < 0)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    dx = -dx;
  choose_width (self, self->drag_column, self->drag_width + (int) dx);
}

static void
drag_end_cb (PbCaseRow      *self,
             double          dx,
             double          dy,
             GtkGestureDrag *gesture)
{
  if (self->drag_column < 0)
    return;

  self->drag_column = -1;
  /* Kept once the drag is over, not at each step of it. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMN_WIDTHS]);
}

static void
motion_cb (PbCaseRow                *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), separator_at (self, x) >= 0 ? "col-resize" : NULL);
}

/* What a screen reader reads of the titles: the column the keyboard is on,
 * and whether the list is sorted by it, and how. */
static void
update_header_label (PbCaseRow *self)
{
  /* Translators: the case list's row of column titles, as a screen reader
   * names it; %s is the title of the column the keyboard is on */
  g_autofree char *label = g_strdup_printf (_("Column titles: %s"), self->texts[self->focus_column]);
  GtkAccessibleSort sort = GTK_ACCESSIBLE_SORT_NONE;

  if (self->sorted == self->focus_column)
    sort = self->order == GTK_SORT_ASCENDING ? GTK_ACCESSIBLE_SORT_ASCENDING : GTK_ACCESSIBLE_SORT_DESCENDING;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_SORT, sort,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Left and Right choose a column, Return sorts the list by it, "
                                    "Ctrl+Left and Ctrl+Right move its end, Backspace gives it "
                                    "the width of its values."),
                                  -1);
}

/* The next column shown @step columns on, in reading order: on a phone's
 * width, line by line. */
static void
move_focus (PbCaseRow *self,
            int        step)
{
  gboolean narrow = is_narrow (gtk_widget_get_width (GTK_WIDGET (self)));
  int order[PB_CASE_N_COLUMNS];
  int n = 0;
  int at = -1;

  for (int line = 0; line < (narrow ? NARROW_LINES : 1); line++)
    for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
      if (is_shown (i, narrow) && line_of (i, narrow) == line)
        {
          if (i == self->focus_column)
            at = n;
          order[n++] = i;
        }

  /* From a column the window grew too narrow for: the first one. */
  if (at < 0)
    at = 0;
  else if (at + step >= 0 && at + step < n)
    at += step;
  else
    return;

  self->focus_column = order[at];
  update_header_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Left and Right as the eye sees them; with Ctrl they move the column's
 * end. */
static gboolean
header_key_pressed_cb (PbCaseRow             *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *key)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  gboolean ctrl = (state & GDK_CONTROL_MASK) != 0;
  int column = self->focus_column;
  int towards_end;
  int xs[PB_CASE_N_COLUMNS], w[PB_CASE_N_COLUMNS];

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      towards_end = rtl ? 1 : -1;
      break;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      towards_end = rtl ? -1 : 1;
      break;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      if (columns[column].sortable)
        g_signal_emit (self, signals[SORT], 0, column);
      return TRUE;

    case GDK_KEY_BackSpace:
      if (choose_width (self, column, 0))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMN_WIDTHS]);
      return TRUE;

    default:
      return FALSE;
    }

  if (!ctrl)
    {
      move_focus (self, towards_end);
      return TRUE;
    }
  if (is_narrow (gtk_widget_get_width (GTK_WIDGET (self))))
    return TRUE;

  place_columns (self, gtk_widget_get_width (GTK_WIDGET (self)), xs, w);
  if (choose_width (self, column, w[column] + towards_end * RESIZE_STEP))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMN_WIDTHS]);

  return TRUE;
}

static void
set_header (PbCaseRow *self,
            gboolean   header)
{
  GtkGesture *click;
  GtkGesture *drag;
  GtkEventController *motion;
  GtkEventController *key;

  self->header = header;
  if (!header)
    return;

  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    self->texts[i] = g_strdup (_(columns[i].title));
  gtk_widget_add_css_class (GTK_WIDGET (self), "case-list-header");
  /* Heard as a bar of the list's column titles, which sort it, not as a
   * filler: GTK 4.8 gives AT-SPI no role for a column header (constructing:
   * the role can still change). */
  g_object_set (self, "accessible-role", GTK_ACCESSIBLE_ROLE_TOOLBAR, NULL);

  click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "released", G_CALLBACK (header_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  drag = gtk_gesture_drag_new ();
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (drag_update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-end", G_CALLBACK (drag_end_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  /* The keyboard's way to sort and resize. */
  key = gtk_event_controller_key_new ();
  g_signal_connect_object (key, "key-pressed", G_CALLBACK (header_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  update_header_label (self);

  g_signal_connect (self, "columns-changed", G_CALLBACK (gtk_widget_queue_draw), NULL);
}

/* The widths dragged to, by column id: a{si}. */
static GVariant *
get_column_widths (PbCaseRow *self)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{si}"));
  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    if (self->chosen[i] > 0)
      g_variant_builder_add (&builder, "{si}", columns[i].id, self->chosen[i]);

  return g_variant_builder_end (&builder);
}

static void
set_column_widths (PbCaseRow *self,
                   GVariant  *widths)
{
  gboolean changed = FALSE;

  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    {
      gint32 width = 0;

      if (widths != NULL)
        g_variant_lookup (widths, columns[i].id, "i", &width);
      /* No narrower than its title, once the title's font is known. */
      width = CLAMP (width, 0, MAX_COLUMN_WIDTH);
      if (self->chosen[i] != width)
        {
          self->chosen[i] = width;
          changed = TRUE;
        }
    }

  if (changed)
    {
      columns_changed (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMN_WIDTHS]);
    }
}

static void
pb_case_row_dispose (GObject *object)
{
  PbCaseRow *self = PB_CASE_ROW (object);

  g_clear_handle_id (&self->changed_source, g_source_remove);
  g_clear_object (&self->header_row);

  G_OBJECT_CLASS (pb_case_row_parent_class)->dispose (object);
}

static void
pb_case_row_finalize (GObject *object)
{
  PbCaseRow *self = PB_CASE_ROW (object);

  clear_texts (self);
  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    g_clear_object (&self->layouts[i]);
  g_clear_object (&self->info);

  G_OBJECT_CLASS (pb_case_row_parent_class)->finalize (object);
}

static void
pb_case_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PbCaseRow *self = PB_CASE_ROW (object);

  switch (prop_id)
    {
    case PROP_HEADER:
      g_value_set_boolean (value, self->header);
      break;

    case PROP_COLUMN_WIDTHS:
      g_value_take_variant (value, get_column_widths (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_case_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PbCaseRow *self = PB_CASE_ROW (object);

  switch (prop_id)
    {
    case PROP_HEADER:
      set_header (self, g_value_get_boolean (value));
      break;

    case PROP_COLUMN_WIDTHS:
      set_column_widths (self, g_value_get_variant (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_case_row_class_init (PbCaseRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_case_row_dispose;
  object_class->finalize = pb_case_row_finalize;
  object_class->get_property = pb_case_row_get_property;
  object_class->set_property = pb_case_row_set_property;

  widget_class->map = pb_case_row_map;
  widget_class->snapshot = pb_case_row_snapshot;
  widget_class->measure = pb_case_row_measure;
  widget_class->get_request_mode = pb_case_row_get_request_mode;
  widget_class->css_changed = pb_case_row_css_changed;
  widget_class->state_flags_changed = pb_case_row_state_flags_changed;

  /* The column titles, not a case. */
  properties[PROP_HEADER] =
    g_param_spec_boolean ("header", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* The header's: the widths its columns were dragged to, by column
   * ("customer", "status", …); a column not named is as wide as its
   * values. Told when a drag ends, not at each step. */
  properties[PROP_COLUMN_WIDTHS] =
    g_param_spec_variant ("column-widths", NULL, NULL,
                          G_VARIANT_TYPE ("a{si}"), NULL,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The header's title of a column that can sort was clicked. */
  signals[SORT] =
    g_signal_new ("sort",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  /* The header's columns were placed anew: the rows that follow it draw
   * again. */
  signals[COLUMNS_CHANGED] =
    g_signal_new ("columns-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "pb-case-row");
  /* A row is read as the list's item around it (update_accessible_label ()),
   * not again as a nameless part of it; the header changes its role. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
pb_case_row_init (PbCaseRow *self)
{
  self->sorted = -1;
  self->drag_column = -1;
  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    self->colors[i] = NO_COLOR;
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (scale_factor_changed_cb), NULL);
}

GtkWidget *
pb_case_row_new (void)
{
  return g_object_new (PB_TYPE_CASE_ROW, NULL);
}

GtkWidget *
pb_case_row_new_for_header (PbCaseRow *header)
{
  PbCaseRow *self;

  g_return_val_if_fail (PB_IS_CASE_ROW (header), NULL);
  g_return_val_if_fail (header->header, NULL);

  self = g_object_new (PB_TYPE_CASE_ROW, NULL);
  self->header_row = g_object_ref (header);
  g_signal_connect_object (header, "columns-changed", G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}

void
pb_case_row_set_info (PbCaseRow  *self,
                      PbCaseInfo *info)
{
  g_return_if_fail (PB_IS_CASE_ROW (self));
  g_return_if_fail (info == NULL || PB_IS_CASE_INFO (info));
  g_return_if_fail (!self->header);

  if (!g_set_object (&self->info, info))
    return;

  clear_texts (self);
  self->labelled = FALSE;
  /* A row shown is read at once; the others once the loop is idle. */
  if (info != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    update_accessible_label (self);
  else if (info != NULL)
    label_soon (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

PbCaseInfo *
pb_case_row_get_info (PbCaseRow *self)
{
  g_return_val_if_fail (PB_IS_CASE_ROW (self), NULL);

  return self->info;
}

const char *
pb_case_row_get_text (PbCaseRow    *self,
                      PbCaseColumn  column)
{
  g_return_val_if_fail (PB_IS_CASE_ROW (self), NULL);
  g_return_val_if_fail (column < PB_CASE_N_COLUMNS, NULL);

  if (!is_shown (column, is_narrow (gtk_widget_get_width (GTK_WIDGET (self)))))
    return NULL;
  ensure_texts (self);

  return self->texts[column];
}

gboolean
pb_case_row_get_column_bounds (PbCaseRow    *self,
                               PbCaseColumn  column,
                               int          *x,
                               int          *width)
{
  int xs[PB_CASE_N_COLUMNS], w[PB_CASE_N_COLUMNS];

  g_return_val_if_fail (PB_IS_CASE_ROW (self), FALSE);
  g_return_val_if_fail (column < PB_CASE_N_COLUMNS, FALSE);

  ensure_metrics (self);
  place_columns (self, gtk_widget_get_width (GTK_WIDGET (self)), xs, w);
  if (x != NULL)
    *x = xs[column];
  if (width != NULL)
    *width = w[column];

  return w[column] > 0;
}

gboolean
pb_case_row_get_column_area (PbCaseRow    *self,
                             PbCaseColumn  column,
                             GdkRectangle *area)
{
  gboolean narrow;
  int xs[PB_CASE_N_COLUMNS], w[PB_CASE_N_COLUMNS];

  g_return_val_if_fail (PB_IS_CASE_ROW (self), FALSE);
  g_return_val_if_fail (column < PB_CASE_N_COLUMNS, FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  ensure_metrics (self);
  narrow = is_narrow (gtk_widget_get_width (GTK_WIDGET (self)));
  place_columns (self, gtk_widget_get_width (GTK_WIDGET (self)), xs, w);
  area->x = xs[column];
  area->width = w[column];
  line_band (self, narrow, line_of (column, narrow), gtk_widget_get_height (GTK_WIDGET (self)), &area->y,
             &area->height);

  return w[column] > 0;
}

gboolean
pb_case_row_get_text_cut (PbCaseRow    *self,
                          PbCaseColumn  column)
{
  g_return_val_if_fail (PB_IS_CASE_ROW (self), FALSE);
  g_return_val_if_fail (column < PB_CASE_N_COLUMNS, FALSE);

  return self->cut[column];
}

void
pb_case_row_set_sorted (PbCaseRow   *self,
                        int          column,
                        GtkSortType  order)
{
  g_return_if_fail (PB_IS_CASE_ROW (self));
  g_return_if_fail (column < PB_CASE_N_COLUMNS);

  self->sorted = column;
  self->order = order;
  g_clear_object (&self->layouts[MAX (column, 0)]);
  if (self->header)
    update_header_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * pb_case_row_refit_columns:
 * @self: the header
 *
 * The list's rows change as a whole (a new search or filter): once the
 * next rows are drawn, the columns fit their values, narrower ones too,
 * and from then on grow as wider values are drawn.
 */
void
pb_case_row_refit_columns (PbCaseRow *self)
{
  g_return_if_fail (PB_IS_CASE_ROW (self));
  g_return_if_fail (self->header);

  self->refit = TRUE;
  memset (self->drawn, 0, sizeof self->drawn);
  /* The rows draw again, changed or not, and tell what they drew. */
  columns_changed (self);
}

gboolean
pb_case_column_can_sort (PbCaseColumn column)
{
  g_return_val_if_fail (column < PB_CASE_N_COLUMNS, FALSE);

  return columns[column].sortable;
}
