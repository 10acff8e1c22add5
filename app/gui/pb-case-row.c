/* pb-case-row.c
 *
 * A row of the case list draws its eight columns itself, each a Pango
 * layout and maybe an icon: GTK 4.8's list views build widgets for up to
 * 200 rows at each search, and a GtkColumnView row of labels, boxes and
 * images was some 23 widgets, which took 100-230 ms of each search at
 * 100,000 cases (bench/bench-gui). The header is the same widget with the
 * titles, so that both share one placing of the columns: the fixed ones
 * as wide as the longest of their values, the customer and the product
 * sharing what is left.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-row"

#include "config.h"

#include <glib/gi18n.h>

#include "pb-case-row.h"
#include "pb-gui-utils.h"

/* Around each column's text, as libadwaita's column view cells. */
#define CELL_PAD_X      6
#define CELL_PAD_Y      8
#define HEADER_PAD_Y    6
#define ICON_SIZE       16
#define ICON_SPACING    6
/* Below this width a row shows customer, status and outcome only. */
#define NARROW_WIDTH    560
/* At most this many average characters wide; longer values end in "…". */
#define COUNTRY_CHARS       12
#define QUESTIONNAIRE_CHARS 22
#define LABEL_CHARS         20     /* a status, decision or outcome */
/* The customer and the product take at least this many average
 * characters each, before the fixed columns give up some of theirs; the
 * customer alone on a phone, beside status and outcome. */
#define EXPANDS_CHARS         28
#define NARROW_EXPANDS_CHARS  16
/* What the customer column takes of the width the fixed columns leave. */
#define CUSTOMER_SHARE  55
/* The opacity of libadwaita's .dim-label. */
#define DIM_ALPHA       0.55

struct _PbCaseRow
{
  GtkWidget     parent_instance;

  /* owned */
  PbCaseInfo   *info;
  char         *texts[PB_CASE_N_COLUMNS];
  PangoLayout  *layouts[PB_CASE_N_COLUMNS];   /* made when first drawn */

  /* state */
  const char   *icons[PB_CASE_N_COLUMNS];
  const char   *colors[PB_CASE_N_COLUMNS];    /* a colour the theme names */
  gboolean      dim[PB_CASE_N_COLUMNS];
  gboolean      header;
  int           sorted;
  GtkSortType   order;
};

G_DEFINE_FINAL_TYPE (PbCaseRow, pb_case_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HEADER,
  N_PROPS
};

enum {
  SORT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const struct
{
  const char *title;
  gboolean    sortable;
  gboolean    narrow;      /* shown on a phone */
  gboolean    expands;
} columns[PB_CASE_N_COLUMNS] = {
  [PB_CASE_COLUMN_CUSTOMER]      = { N_("Customer"),      TRUE,  TRUE,  TRUE },
  [PB_CASE_COLUMN_PRODUCT]       = { N_("Product"),       TRUE,  FALSE, TRUE },
  [PB_CASE_COLUMN_COUNTRY]       = { N_("Country"),       TRUE,  FALSE, FALSE },
  [PB_CASE_COLUMN_QUESTIONNAIRE] = { N_("Questionnaire"), FALSE, FALSE, FALSE },
  [PB_CASE_COLUMN_STATUS]        = { N_("Status"),        FALSE, TRUE,  FALSE },
  [PB_CASE_COLUMN_DECISION]      = { N_("Decision"),      FALSE, FALSE, FALSE },
  [PB_CASE_COLUMN_OUTCOME]       = { N_("Outcome"),       TRUE,  TRUE,  FALSE },
  [PB_CASE_COLUMN_UPDATED]       = { N_("Last Change"),   TRUE,  FALSE, FALSE },
};

/* What every row of one font shares: the widths of the fixed columns
 * (with their padding and icon), and the height of a line. */
static struct
{
  char       *font;
  GHashTable *layouts;               /* text -> PangoLayout, of the columns of few values */
  int         widths[PB_CASE_N_COLUMNS];
  int         titles[PB_CASE_N_COLUMNS];   /* the least a fixed column takes */
  int         expands;                     /* what an expanding one would take */
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
 * outcome's CSS class elsewhere; NULL for the text's own. */
static const char *
outcome_color_name (PbOutcome outcome)
{
  switch (outcome)
    {
    case PB_OUTCOME_PROCEED:
      return "success_color";
    case PB_OUTCOME_PROCEED_WITH_CONDITIONS:
      return "accent_color";
    case PB_OUTCOME_CONSULT_AUTHORITY:
      return "warning_color";
    case PB_OUTCOME_HOLD:
      return "purple_3";
    case PB_OUTCOME_DO_NOT_PROCEED:
      return "error_color";
    case PB_OUTCOME_INCOMPLETE:
    default:
      return NULL;
    }
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

static const char *
status_label (int status)
{
  return pb_case_status_get_label (status);
}

static const char *
outcome_label (int outcome)
{
  return pb_outcome_get_label (outcome);
}

/* The fixed columns are as wide as their widest value or title, at the
 * widget's font (its weight aside: the header is bold). */
static void
ensure_metrics (GtkWidget *widget)
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
  font = pango_font_description_to_string (regular);
  if (g_strcmp0 (font, metrics.font) == 0)
    return;

  layout = pango_layout_new (context);
  font_metrics = pango_context_get_metrics (context, regular, NULL);
  char_width = PANGO_PIXELS (pango_font_metrics_get_approximate_char_width (font_metrics));
  pango_font_metrics_unref (font_metrics);

  pango_layout_set_font_description (layout, regular);
  widths[PB_CASE_COLUMN_STATUS] = widest_label (layout, PB_CASE_STATUS_DRAFT,
                                                PB_CASE_STATUS_AWAITING_SECOND_APPROVAL, status_label);
  /* Translators: the decision column of a case not decided yet */
  widths[PB_CASE_COLUMN_DECISION] = MAX (widest_label (layout, PB_CASE_STATUS_APPROVED, PB_CASE_STATUS_REJECTED,
                                                       status_label),
                                         text_width (layout, C_("decision", "None yet")));
  widths[PB_CASE_COLUMN_OUTCOME] = widest_label (layout, PB_OUTCOME_PROCEED, PB_OUTCOME_DO_NOT_PROCEED,
                                                 outcome_label);
  for (int i = PB_CASE_COLUMN_STATUS; i <= PB_CASE_COLUMN_OUTCOME; i++)
    widths[i] = MIN (widths[i], char_width * LABEL_CHARS) + ICON_SIZE + ICON_SPACING;
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
  metrics.expands = char_width * EXPANDS_CHARS;
  metrics.narrow_expands = char_width * NARROW_EXPANDS_CHARS;

  g_free (metrics.font);
  metrics.font = g_steal_pointer (&font);
  if (metrics.layouts == NULL)
    metrics.layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_hash_table_remove_all (metrics.layouts);
}

/* A country, a questionnaire, a status, a decision, an outcome: a few
 * values that 200 rows repeat, each laid out once, at one width. */
static gboolean
is_shared (PbCaseRow    *self,
           PbCaseColumn  column)
{
  return !self->header && column >= PB_CASE_COLUMN_COUNTRY && column <= PB_CASE_COLUMN_OUTCOME;
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

/* Where each column is in a row @width wide: x and width, 0 wide when
 * not shown. */
static void
place_columns (int width,
               int x[PB_CASE_N_COLUMNS],
               int w[PB_CASE_N_COLUMNS])
{
  gboolean narrow = is_narrow (width);
  int fixed = 0;
  int rest;
  int at = 0;

  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    {
      w[i] = is_shown (i, narrow) && !columns[i].expands ? metrics.widths[i] : 0;
      fixed += w[i];
    }

  /* Too narrow for all: the fixed columns give up their widths' excess
   * over their titles, each in proportion. */
  rest = width - fixed - (narrow ? metrics.narrow_expands : 2 * metrics.expands);
  if (rest < 0)
    {
      int excess = 0;

      for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
        excess += w[i] > 0 ? w[i] - metrics.titles[i] : 0;
      for (int i = 0; i < PB_CASE_N_COLUMNS && excess > 0; i++)
        if (w[i] > 0)
          {
            int cut = (int) ((gint64) MIN (-rest, excess) * (w[i] - metrics.titles[i]) / excess);

            w[i] -= cut;
            fixed -= cut;
          }
    }

  rest = MAX (0, width - fixed);
  w[PB_CASE_COLUMN_CUSTOMER] = narrow ? rest : rest * CUSTOMER_SHARE / 100;
  w[PB_CASE_COLUMN_PRODUCT] = narrow ? 0 : rest - w[PB_CASE_COLUMN_CUSTOMER];

  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    {
      x[i] = at;
      at += w[i];
    }
}

static void
clear_texts (PbCaseRow *self)
{
  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    {
      g_clear_pointer (&self->texts[i], g_free);
      g_clear_object (&self->layouts[i]);
      self->icons[i] = NULL;
      self->colors[i] = NULL;
      self->dim[i] = FALSE;
    }
}

static void
set_column (PbCaseRow    *self,
            PbCaseColumn  column,
            char         *text,
            const char   *icon_name)
{
  self->texts[column] = text;
  self->icons[column] = icon_name;
}

static void
fill_texts (PbCaseRow *self)
{
  PbCaseInfo *info = self->info;
  const char *version = pb_case_info_get_product_version (info);
  PbCaseStatus status = pb_case_info_get_status (info);
  PbCaseStatus decision = pb_case_info_get_decision (info);
  PbOutcome outcome = pb_case_info_get_outcome (info);

  set_column (self, PB_CASE_COLUMN_CUSTOMER, g_strdup (pb_case_info_get_customer_name (info)), NULL);
  set_column (self, PB_CASE_COLUMN_PRODUCT,
              version != NULL && version[0] ? g_strdup_printf ("%s %s", pb_case_info_get_product_name (info), version)
                                            : g_strdup (pb_case_info_get_product_name (info)),
              NULL);
  set_column (self, PB_CASE_COLUMN_COUNTRY,
              g_strdup (pb_country_list_lookup_name (pb_case_info_get_country (info))), NULL);
  set_column (self, PB_CASE_COLUMN_QUESTIONNAIRE,
              g_strdup_printf ("%s %s", pb_case_info_get_questionnaire_id (info),
                               pb_case_info_get_questionnaire_version (info)),
              NULL);
  set_column (self, PB_CASE_COLUMN_STATUS, g_strdup (pb_case_status_get_label (status)), status_icon_name (status));
  if (pb_case_status_is_decision (decision))
    set_column (self, PB_CASE_COLUMN_DECISION, g_strdup (pb_case_status_get_label (decision)),
                status_icon_name (decision));
  else
    {
      /* Translators: the decision column of a case not decided yet */
      set_column (self, PB_CASE_COLUMN_DECISION, g_strdup (C_("decision", "None yet")), NULL);
      self->dim[PB_CASE_COLUMN_DECISION] = TRUE;
    }
  set_column (self, PB_CASE_COLUMN_OUTCOME, g_strdup (pb_outcome_get_label (outcome)),
              pb_outcome_get_icon_name (outcome));
  self->colors[PB_CASE_COLUMN_OUTCOME] = outcome_color_name (outcome);
  self->dim[PB_CASE_COLUMN_OUTCOME] = outcome == PB_OUTCOME_INCOMPLETE;
  set_column (self, PB_CASE_COLUMN_UPDATED, pb_format_timestamp (pb_case_info_get_updated (info)), NULL);
}

/* A screen reader reads the row the focus is on, which is the list's item
 * around this one: every column, in order. */
static void
update_accessible_label (PbCaseRow *self)
{
  GtkWidget *item = gtk_widget_get_parent (GTK_WIDGET (self));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) texts = NULL;
  g_autofree char *label = NULL;

  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    if (self->texts[i] != NULL && self->texts[i][0] != '\0')
      g_strv_builder_add (builder, self->texts[i]);
  texts = g_strv_builder_end (builder);
  label = g_strjoinv (", ", texts);

  gtk_accessible_update_property (GTK_ACCESSIBLE (item != NULL ? item : GTK_WIDGET (self)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
draw_icon (PbCaseRow     *self,
           GtkSnapshot   *snapshot,
           const char    *icon_name,
           const GdkRGBA *color,
           int            x,
           int            y)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_autoptr(GtkIconPaintable) icon = NULL;
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GdkRGBA colors[4] = { *color };

  icon = gtk_icon_theme_lookup_icon (theme, icon_name, NULL, ICON_SIZE, gtk_widget_get_scale_factor (widget),
                                     gtk_widget_get_direction (widget), 0);
  /* The symbolic palette: foreground, error, warning, success. */
  if (!gtk_style_context_lookup_color (style, "error_color", &colors[1]))
    colors[1] = *color;
  if (!gtk_style_context_lookup_color (style, "warning_color", &colors[2]))
    colors[2] = *color;
  if (!gtk_style_context_lookup_color (style, "success_color", &colors[3]))
    colors[3] = *color;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, ICON_SIZE, ICON_SIZE, colors,
                                            G_N_ELEMENTS (colors));
  gtk_snapshot_restore (snapshot);
}

static void
draw_column (PbCaseRow     *self,
             GtkSnapshot   *snapshot,
             PbCaseColumn   column,
             const GdkRGBA *foreground,
             int            x,
             int            width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int height = gtk_widget_get_height (widget);
  PangoLayout *layout;
  GdkRGBA color = *foreground;
  int text_x = x + CELL_PAD_X;
  int available = width - 2 * CELL_PAD_X;
  int text_width, text_height;

  if (self->texts[column] == NULL || available <= 0)
    return;

  if (self->colors[column] != NULL &&
      !gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), self->colors[column], &color))
    color = *foreground;
  if (self->dim[column])
    color.alpha *= DIM_ALPHA;

  /* Texts of one column start at one place, with an icon or without. */
  if (self->icons[column] != NULL || (!self->header && column >= PB_CASE_COLUMN_STATUS &&
                                      column <= PB_CASE_COLUMN_OUTCOME))
    {
      if (self->icons[column] != NULL)
        draw_icon (self, snapshot, self->icons[column], &color, text_x, (height - ICON_SIZE) / 2);
      text_x += ICON_SIZE + ICON_SPACING;
      available -= ICON_SIZE + ICON_SPACING;
    }
  if (self->header && self->sorted == (int) column)
    available -= ICON_SIZE + ICON_SPACING;

  if ((layout = self->layouts[column]) == NULL &&
      (!is_shared (self, column) || (layout = g_hash_table_lookup (metrics.layouts, self->texts[column])) == NULL))
    {
      layout = gtk_widget_create_pango_layout (widget, self->texts[column]);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (layout, TRUE);
      if (is_shared (self, column))
        g_hash_table_insert (metrics.layouts, g_strdup (self->texts[column]), layout);
      else
        self->layouts[column] = layout;
    }
  pango_layout_set_width (layout, MAX (available, 0) * PANGO_SCALE);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (text_x, (height - text_height) / 2));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);

  if (self->header && self->sorted == (int) column)
    draw_icon (self, snapshot, self->order == GTK_SORT_ASCENDING ? "pan-up-symbolic" : "pan-down-symbolic",
               &color, text_x + text_width + ICON_SPACING, (height - ICON_SIZE) / 2);
}

static void
pb_case_row_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  PbCaseRow *self = PB_CASE_ROW (widget);
  int x[PB_CASE_N_COLUMNS], w[PB_CASE_N_COLUMNS];
  GdkRGBA foreground;

  ensure_metrics (widget);
  place_columns (gtk_widget_get_width (widget), x, w);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &foreground);

  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    if (w[i] > 0)
      draw_column (self, snapshot, i, &foreground, x[i], w[i]);
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

  ensure_metrics (widget);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      int pad = self->header ? HEADER_PAD_Y : CELL_PAD_Y;

      *minimum = *natural = MAX (metrics.line_height, ICON_SIZE) + 2 * pad;
      return;
    }

  /* Narrow: the titles of customer, status and outcome; else every
   * column, the two that share the rest as wide as the questionnaire. */
  *minimum = metrics.titles[PB_CASE_COLUMN_CUSTOMER] + metrics.titles[PB_CASE_COLUMN_STATUS] +
             metrics.titles[PB_CASE_COLUMN_OUTCOME];
  *natural = 0;
  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    *natural += columns[i].expands ? metrics.widths[PB_CASE_COLUMN_QUESTIONNAIRE] : metrics.widths[i];
}

static void
pb_case_row_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  PbCaseRow *self = PB_CASE_ROW (widget);

  GTK_WIDGET_CLASS (pb_case_row_parent_class)->css_changed (widget, change);

  /* Another font: the layouts are made again with it. */
  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    g_clear_object (&self->layouts[i]);
}

static void
header_released_cb (PbCaseRow       *self,
                    int              n_press,
                    double           x,
                    double           y,
                    GtkGestureClick *gesture)
{
  int xs[PB_CASE_N_COLUMNS], w[PB_CASE_N_COLUMNS];

  place_columns (gtk_widget_get_width (GTK_WIDGET (self)), xs, w);
  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    if (w[i] > 0 && x >= xs[i] && x < xs[i] + w[i] && columns[i].sortable)
      g_signal_emit (self, signals[SORT], 0, i);
}

static void
set_header (PbCaseRow *self,
            gboolean   header)
{
  GtkGesture *click;

  self->header = header;
  if (!header)
    return;

  for (int i = 0; i < PB_CASE_N_COLUMNS; i++)
    self->texts[i] = g_strdup (_(columns[i].title));
  gtk_widget_add_css_class (GTK_WIDGET (self), "case-list-header");

  click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "released", G_CALLBACK (header_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

static void
pb_case_row_finalize (GObject *object)
{
  PbCaseRow *self = PB_CASE_ROW (object);

  clear_texts (self);
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

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_case_row_class_init (PbCaseRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pb_case_row_finalize;
  object_class->get_property = pb_case_row_get_property;
  object_class->set_property = pb_case_row_set_property;

  widget_class->snapshot = pb_case_row_snapshot;
  widget_class->measure = pb_case_row_measure;
  widget_class->css_changed = pb_case_row_css_changed;

  /* The column titles, not a case. */
  properties[PROP_HEADER] =
    g_param_spec_boolean ("header", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The header's title of a column that can sort was clicked. */
  signals[SORT] =
    g_signal_new ("sort",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_css_name (widget_class, "pb-case-row");
}

static void
pb_case_row_init (PbCaseRow *self)
{
  self->sorted = -1;
}

GtkWidget *
pb_case_row_new (void)
{
  return g_object_new (PB_TYPE_CASE_ROW, NULL);
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
  if (info != NULL)
    {
      fill_texts (self);
      update_accessible_label (self);
    }
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

  return self->texts[column];
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
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
pb_case_column_can_sort (PbCaseColumn column)
{
  g_return_val_if_fail (column < PB_CASE_N_COLUMNS, FALSE);

  return columns[column].sortable;
}
