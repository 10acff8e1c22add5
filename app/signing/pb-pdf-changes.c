/* pb-pdf-changes.c: what changed in a PDF after a revision was signed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A signature covers the bytes of one revision. Later incremental updates
 * may add signatures, document time-stamps and validation data (PAdES,
 * EN 319 142-1, 5.4); to add a signature they rewrite the catalog (its
 * /AcroForm), the form's field list, and one page's /Annots. Anything else
 * they change alters what the signer signed. Objects are compared by value
 * between the signed revision and the newest one, so that a change is
 * found however it was hidden (a rewritten object, an entry pointing back
 * into the signed bytes, a freed object).
 */

#define G_LOG_DOMAIN "pb-pdf-changes"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pb-pdf-changes-private.h"

#define MAX_PAGES       100000
#define MAX_PAGE_DEPTH  32
#define MAX_PARENTS     16
/* Hostile files: past this many objects rewritten after a signature the
 * rest is not examined, and the file counts as modified. */
#define MAX_CHANGED     20000

typedef struct
{
  PbPdfDocument *doc;
  guint          old;            /* the signed revision */
  guint          newest;
  GPtrArray     *changes;
  GHashTable    *defined_in;     /* object number -> newest later revision defining it (1-based) */
  GHashTable    *pages;          /* old page object numbers */
  GHashTable    *annots_arrays;  /* old indirect /Annots arrays -> their page */
  GHashTable    *contents;       /* old content streams -> 1-based page number */
  gint64         catalog;
  gint64         acroform;       /* 0 when inline or none */
  gint64         fields_array;   /* 0 when inline or none */
  guint          n_pages;
} Diff;

G_DEFINE_BOXED_TYPE (PbPdfChange, pb_pdf_change, pb_pdf_change_ref, pb_pdf_change_unref)

static void
change_clear (PbPdfChange *change)
{
  g_clear_pointer (&change->description, g_free);
}

PbPdfChange *
pb_pdf_change_ref (PbPdfChange *change)
{
  return g_atomic_rc_box_acquire (change);
}

void
pb_pdf_change_unref (PbPdfChange *change)
{
  g_atomic_rc_box_release_full (change, (GDestroyNotify) change_clear);
}

PbPdfChange *
pb_pdf_change_new (PbPdfChangeKind  kind,
                   gboolean         allowed,
                   guint            revision,
                   gint64           object,
                   char            *description)
{
  PbPdfChange *change = g_atomic_rc_box_new0 (PbPdfChange);

  change->kind = kind;
  change->allowed = allowed;
  change->revision = revision;
  change->object = object;
  change->description = description;
  return change;
}

static guint
revision_of (Diff   *diff,
             gint64  number)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (diff->defined_in, GINT_TO_POINTER ((int) number)));
}

static void
modification (Diff   *diff,
              gint64  number,
              char   *description)
{
  g_ptr_array_add (diff->changes,
                   pb_pdf_change_new (PB_PDF_CHANGE_MODIFICATION, FALSE,
                                      number > 0 ? revision_of (diff, number) : diff->newest + 1,
                                      number, description));
}

static gint64
ref_number (PbPdfObject *object)
{
  return object != NULL && object->kind == PB_PDF_REF ? object->integer : 0;
}

static PbPdfObject *
resolve (Diff        *diff,
         guint        revision,
         PbPdfObject *object)
{
  if (object == NULL)
    return NULL;
  return pb_pdf_document_resolve_in (diff->doc, revision, object, NULL);
}

static PbPdfObject *
catalog_in (PbPdfDocument *doc,
            guint          revision)
{
  PbPdfObject *trailer = pb_pdf_document_get_revision_trailer (doc, revision);

  return pb_pdf_document_resolve_in (doc, revision, pb_pdf_dict_get (trailer, "Root"), NULL);
}

static void
collect_pages (Diff        *diff,
               PbPdfObject *node_ref,
               int          depth)
{
  g_autoptr(PbPdfObject) node = NULL;
  g_autoptr(PbPdfObject) kids = NULL;
  PbPdfObject *annots;

  if (node_ref == NULL || node_ref->kind != PB_PDF_REF || depth > MAX_PAGE_DEPTH ||
      g_hash_table_size (diff->pages) >= MAX_PAGES ||
      !g_hash_table_add (diff->pages, GINT_TO_POINTER ((int) node_ref->integer)))
    return;

  node = resolve (diff, diff->old, node_ref);
  if (node == NULL || node->kind != PB_PDF_DICT)
    return;

  if (pb_pdf_object_is_name (pb_pdf_dict_get (node, "Type"), "Page"))
    {
      g_autoptr(PbPdfObject) contents = resolve (diff, diff->old, pb_pdf_dict_get (node, "Contents"));
      PbPdfObject *direct = pb_pdf_dict_get (node, "Contents");
      gpointer page_number = GUINT_TO_POINTER (++diff->n_pages);

      if (direct != NULL && direct->kind == PB_PDF_REF)
        g_hash_table_insert (diff->contents, GINT_TO_POINTER ((int) direct->integer), page_number);
      for (guint i = 0; contents != NULL && contents->kind == PB_PDF_ARRAY && i < contents->items->len; i++)
        {
          PbPdfObject *part = g_ptr_array_index (contents->items, i);

          if (part->kind == PB_PDF_REF)
            g_hash_table_insert (diff->contents, GINT_TO_POINTER ((int) part->integer), page_number);
        }
    }

  annots = pb_pdf_dict_get (node, "Annots");
  if (annots != NULL && annots->kind == PB_PDF_REF)
    g_hash_table_insert (diff->annots_arrays, GINT_TO_POINTER ((int) annots->integer),
                         GINT_TO_POINTER ((int) node_ref->integer));

  kids = resolve (diff, diff->old, pb_pdf_dict_get (node, "Kids"));
  for (guint i = 0; kids != NULL && kids->kind == PB_PDF_ARRAY && i < kids->items->len; i++)
    collect_pages (diff, g_ptr_array_index (kids->items, i), depth + 1);
}

/* A signature field (or its widget) that holds a signature dictionary. */
static gboolean
is_signature_field_dict (Diff        *diff,
                         PbPdfObject *field)
{
  g_autoptr(PbPdfObject) value = NULL;
  g_autoptr(PbPdfObject) node = NULL;
  PbPdfObject *type;
  gboolean is_sig = FALSE;

  if (field == NULL || field->kind != PB_PDF_DICT)
    return FALSE;

  node = pb_pdf_object_ref (field);
  for (int i = 0; node != NULL && i < MAX_PARENTS; i++)
    {
      PbPdfObject *ft = pb_pdf_dict_get (node, "FT");
      PbPdfObject *parent;

      if (ft != NULL)
        {
          is_sig = pb_pdf_object_is_name (ft, "Sig");
          if (value == NULL && pb_pdf_dict_get (node, "V") != NULL)
            value = resolve (diff, diff->newest, pb_pdf_dict_get (node, "V"));
          break;
        }
      if (value == NULL && pb_pdf_dict_get (node, "V") != NULL)
        value = resolve (diff, diff->newest, pb_pdf_dict_get (node, "V"));
      parent = pb_pdf_dict_get (node, "Parent");
      g_clear_pointer (&node, pb_pdf_object_unref);
      if (parent != NULL)
        node = resolve (diff, diff->newest, parent);
    }

  if (!is_sig || value == NULL || value->kind != PB_PDF_DICT)
    return FALSE;
  type = pb_pdf_dict_get (value, "Type");
  if (type != NULL && !pb_pdf_object_is_name (type, "Sig") && !pb_pdf_object_is_name (type, "DocTimeStamp"))
    return FALSE;
  return pb_pdf_dict_get (value, "ByteRange") != NULL && pb_pdf_dict_get (value, "Contents") != NULL;
}

static gboolean
is_signature_field (Diff        *diff,
                    PbPdfObject *ref)
{
  g_autoptr(PbPdfObject) field = resolve (diff, diff->newest, ref);

  return is_signature_field_dict (diff, field);
}

static gboolean
array_contains (PbPdfDocument *doc,
                PbPdfObject   *array,
                PbPdfObject   *item)
{
  for (guint i = 0; i < array->items->len; i++)
    if (pb_pdf_object_equal (doc, g_ptr_array_index (array->items, i), item))
      return TRUE;
  return FALSE;
}

/* A field list or an annotation list may only grow, and only by
 * signatures. */
static void
check_list (Diff        *diff,
            gint64       number,
            PbPdfObject *old_value,
            PbPdfObject *new_value,
            gboolean     annotations)
{
  g_autoptr(PbPdfObject) old_list = resolve (diff, diff->old, old_value);
  g_autoptr(PbPdfObject) new_list = resolve (diff, diff->newest, new_value);
  gboolean old_ok = old_list == NULL || old_list->kind == PB_PDF_ARRAY;

  if (new_list == NULL || new_list->kind != PB_PDF_ARRAY || !old_ok)
    {
      modification (diff, number,
                    annotations ? g_strdup (_("a page’s list of annotations was replaced"))
                                : g_strdup (_("the list of form fields was replaced")));
      return;
    }

  for (guint i = 0; old_list != NULL && i < old_list->items->len; i++)
    if (!array_contains (diff->doc, new_list, g_ptr_array_index (old_list->items, i)))
      {
        modification (diff, number,
                      annotations ? g_strdup (_("an annotation was removed from a page"))
                                  : g_strdup (_("a form field was removed")));
        return;
      }

  for (guint i = 0; i < new_list->items->len; i++)
    {
      PbPdfObject *item = g_ptr_array_index (new_list->items, i);

      if (old_list != NULL && array_contains (diff->doc, old_list, item))
        continue;
      if (!is_signature_field (diff, item))
        modification (diff, ref_number (item) != 0 ? ref_number (item) : number,
                      annotations
                      /* Translators: the placeholder is a PDF object number */
                      ? g_strdup_printf (_("an annotation that is not a signature was added (object %lld)"),
                                         (long long) ref_number (item))
                      /* Translators: the placeholder is a PDF object number */
                      : g_strdup_printf (_("a form field that is not a signed signature field was added (object %lld)"),
                                         (long long) ref_number (item)));
    }
}

/* Keys of two dictionaries whose values differ. */
static GPtrArray *
changed_keys (PbPdfDocument *doc,
              PbPdfObject   *old_dict,
              PbPdfObject   *new_dict)
{
  GPtrArray *keys = g_ptr_array_new ();
  PbPdfObject *dicts[2] = { old_dict, new_dict };

  for (guint d = 0; d < 2; d++)
    for (guint i = 0; dicts[d] != NULL && i < dicts[d]->items->len; i += 2)
      {
        PbPdfObject *key = g_ptr_array_index (dicts[d]->items, i);

        if (!g_ptr_array_find_with_equal_func (keys, key->name, g_str_equal, NULL) &&
            !pb_pdf_object_equal (doc, pb_pdf_dict_get (old_dict, key->name),
                                  pb_pdf_dict_get (new_dict, key->name)))
          g_ptr_array_add (keys, key->name);
      }
  return keys;
}

/* Every entry of @old_dict is still in @new_dict, unchanged. */
static gboolean
dict_extends (PbPdfDocument *doc,
              PbPdfObject   *old_dict,
              PbPdfObject   *new_dict)
{
  if (old_dict == NULL)
    return new_dict == NULL || new_dict->kind == PB_PDF_DICT;
  if (old_dict->kind != PB_PDF_DICT || new_dict == NULL || new_dict->kind != PB_PDF_DICT)
    return FALSE;
  for (guint i = 0; i < old_dict->items->len; i += 2)
    {
      PbPdfObject *key = g_ptr_array_index (old_dict->items, i);

      if (!pb_pdf_object_equal (doc, pb_pdf_dict_get (old_dict, key->name),
                                pb_pdf_dict_get (new_dict, key->name)))
        return FALSE;
    }
  return TRUE;
}

static void
check_acroform (Diff        *diff,
                gint64       number,
                PbPdfObject *old_form,
                PbPdfObject *new_form)
{
  g_autoptr(PbPdfObject) old_dict = resolve (diff, diff->old, old_form);
  g_autoptr(PbPdfObject) new_dict = resolve (diff, diff->newest, new_form);
  g_autoptr(GPtrArray) keys = NULL;

  if (new_dict == NULL || new_dict->kind != PB_PDF_DICT ||
      (old_dict != NULL && old_dict->kind != PB_PDF_DICT))
    {
      modification (diff, number, g_strdup (_("the interactive form was replaced")));
      return;
    }

  keys = changed_keys (diff->doc, old_dict, new_dict);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      if (strcmp (key, "Fields") == 0)
        {
          /* An indirect list that stays in place is judged as its own object. */
          if (diff->fields_array == 0 || ref_number (pb_pdf_dict_get (new_dict, "Fields")) != diff->fields_array)
            check_list (diff, number, old_dict != NULL ? pb_pdf_dict_get (old_dict, "Fields") : NULL,
                        pb_pdf_dict_get (new_dict, "Fields"), FALSE);
        }
      else if (strcmp (key, "SigFlags") == 0)
        continue;
      else if (strcmp (key, "DR") == 0 &&
               old_dict != NULL && dict_extends (diff->doc, pb_pdf_dict_get (old_dict, "DR"), pb_pdf_dict_get (new_dict, "DR")))
        continue;
      else
        modification (diff, number,
                      /* Translators: the placeholder is a PDF dictionary key such as /NeedAppearances */
                      g_strdup_printf (_("the interactive form’s /%s was changed"), key));
    }
}

static void
check_catalog (Diff        *diff,
               PbPdfObject *old_catalog,
               PbPdfObject *new_catalog)
{
  g_autoptr(GPtrArray) keys = changed_keys (diff->doc, old_catalog, new_catalog);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      if (strcmp (key, "AcroForm") == 0)
        {
          PbPdfObject *new_form = pb_pdf_dict_get (new_catalog, "AcroForm");

          if (diff->acroform == 0 || ref_number (new_form) != diff->acroform)
            check_acroform (diff, diff->catalog, pb_pdf_dict_get (old_catalog, "AcroForm"), new_form);
        }
      /* Validation data, and the version and extension level PAdES needs. */
      else if (strcmp (key, "DSS") == 0 || strcmp (key, "Version") == 0 || strcmp (key, "Extensions") == 0)
        continue;
      else
        modification (diff, diff->catalog,
                      /* Translators: the placeholder is a PDF dictionary key such as /OpenAction */
                      g_strdup_printf (_("the document catalog’s /%s was changed"), key));
    }
}

static void
check_page (Diff        *diff,
            gint64       number,
            PbPdfObject *old_page,
            PbPdfObject *new_page)
{
  g_autoptr(GPtrArray) keys = changed_keys (diff->doc, old_page, new_page);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      PbPdfObject *old_annots = pb_pdf_dict_get (old_page, "Annots");
      PbPdfObject *new_annots = pb_pdf_dict_get (new_page, "Annots");

      if (strcmp (key, "Annots") != 0)
        modification (diff, number,
                      /* Translators: the first placeholder is a PDF dictionary key such as /Contents, the second an object number */
                      g_strdup_printf (_("a page’s /%s was changed (object %lld)"), key, (long long) number));
      else if (ref_number (old_annots) == 0 || ref_number (new_annots) != ref_number (old_annots))
        check_list (diff, number, old_annots, new_annots, TRUE);
    }
}

/* An empty signature field that was signed later: only its value and
 * appearance may change. */
static gboolean
is_field_being_signed (Diff        *diff,
                       PbPdfObject *old_value,
                       PbPdfObject *new_value)
{
  g_autoptr(GPtrArray) keys = NULL;

  if (old_value->kind != PB_PDF_DICT || new_value->kind != PB_PDF_DICT ||
      !pb_pdf_object_is_name (pb_pdf_dict_get (old_value, "FT"), "Sig") ||
      pb_pdf_dict_get (old_value, "V") != NULL)
    return FALSE;

  keys = changed_keys (diff->doc, old_value, new_value);
  for (guint i = 0; i < keys->len; i++)
    if (!g_str_equal (g_ptr_array_index (keys, i), "V") && !g_str_equal (g_ptr_array_index (keys, i), "AP"))
      return FALSE;
  return TRUE;
}

static const char *
describe_object (PbPdfObject *value)
{
  PbPdfObject *type = value->kind == PB_PDF_DICT ? pb_pdf_dict_get (value, "Type") : NULL;

  if (type != NULL && type->kind == PB_PDF_NAME)
    return type->name;
  if (value->kind == PB_PDF_DICT && value->has_stream)
    return "stream";
  return NULL;
}

static void
check_object (Diff   *diff,
              gint64  number)
{
  g_autoptr(PbPdfObject) old_value = NULL;
  g_autoptr(PbPdfObject) new_value = NULL;
  gsize old_offset, new_offset;
  gboolean old_present = pb_pdf_document_get_object_offset (diff->doc, diff->old, number, &old_offset);
  gboolean new_present = pb_pdf_document_get_object_offset (diff->doc, diff->newest, number, &new_offset);
  const char *what;

  if (!new_present)
    {
      if (old_present)
        /* Translators: the placeholder is a PDF object number */
        modification (diff, number, g_strdup_printf (_("object %lld was deleted"), (long long) number));
      return;
    }
  if (!old_present || old_offset == new_offset)
    return;   /* new objects matter only where something refers to them */

  old_value = pb_pdf_document_get_object_in (diff->doc, diff->old, number, NULL);
  new_value = pb_pdf_document_get_object_in (diff->doc, diff->newest, number, NULL);
  if (new_value == NULL)
    {
      /* Translators: the placeholder is a PDF object number */
      modification (diff, number, g_strdup_printf (_("object %lld was replaced by something unreadable"),
                                                   (long long) number));
      return;
    }
  if (old_value != NULL && pb_pdf_object_equal (diff->doc, old_value, new_value))
    return;
  if (old_value == NULL)
    {
      /* Translators: the placeholder is a PDF object number */
      modification (diff, number, g_strdup_printf (_("object %lld was changed"), (long long) number));
      return;
    }

  if (number == diff->catalog)
    check_catalog (diff, old_value, new_value);
  else if (number == diff->acroform)
    check_acroform (diff, number, old_value, new_value);
  else if (number == diff->fields_array)
    check_list (diff, number, old_value, new_value, FALSE);
  else if (g_hash_table_contains (diff->pages, GINT_TO_POINTER ((int) number)) &&
           old_value->kind == PB_PDF_DICT && new_value->kind == PB_PDF_DICT &&
           pb_pdf_object_is_name (pb_pdf_dict_get (old_value, "Type"), "Page"))
    check_page (diff, number, old_value, new_value);
  else if (g_hash_table_contains (diff->annots_arrays, GINT_TO_POINTER ((int) number)))
    check_list (diff, number, old_value, new_value, TRUE);
  else if (is_field_being_signed (diff, old_value, new_value))
    {
      if (!is_signature_field_dict (diff, new_value))
        /* Translators: the placeholder is a PDF object number */
        modification (diff, number, g_strdup_printf (_("an empty signature field was given a value that is not a signature (object %lld)"),
                                                     (long long) number));
    }
  else if (g_hash_table_contains (diff->contents, GINT_TO_POINTER ((int) number)))
    modification (diff, number,
                  /* Translators: the first placeholder is a page number, the second a PDF object number */
                  g_strdup_printf (_("the content of page %u was changed (object %lld)"),
                                   GPOINTER_TO_UINT (g_hash_table_lookup (diff->contents, GINT_TO_POINTER ((int) number))),
                                   (long long) number));
  else if ((what = describe_object (old_value)) != NULL)
    modification (diff, number,
                  /* Translators: the first placeholder is a PDF object number, the second its type such as Page, Font, stream */
                  g_strdup_printf (_("object %lld (%s) was changed"), (long long) number, what));
  else
    /* Translators: the placeholder is a PDF object number */
    modification (diff, number, g_strdup_printf (_("object %lld was changed"), (long long) number));
}

static int
compare_numbers (gconstpointer a,
                 gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
check_trailing_bytes (Diff  *diff,
                      gsize  covered_end)
{
  gsize len;
  const guint8 *data = pb_pdf_document_get_data (diff->doc, &len);
  gsize from = MAX (covered_end, pb_pdf_document_get_revision_end (diff->doc, diff->newest));

  for (gsize p = from; p < len; p++)
    if (!g_ascii_isspace (data[p]) && data[p] != '\0')
      {
        g_ptr_array_add (diff->changes,
                         pb_pdf_change_new (PB_PDF_CHANGE_MODIFICATION, FALSE, 0, 0,
                                            /* Translators: the placeholders are numbers of bytes */
                                            g_strdup_printf (_("%lu bytes were added after the end of the last revision (from byte %lu), outside any incremental update"),
                                                             (gulong) (len - from), (gulong) from)));
        return;
      }
}

void
pb_pdf_collect_changes (PbPdfDocument *doc,
                        guint          revision,
                        gsize          covered_end,
                        GPtrArray     *changes)
{
  g_autoptr(GHashTable) defined_in = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) pages = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) annots_arrays = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) contents = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(PbPdfObject) old_catalog = NULL;
  g_autoptr(PbPdfObject) old_form = NULL;
  guint n_revisions = pb_pdf_document_get_n_revisions (doc);
  PbPdfObject *old_root, *new_root;
  Diff diff = { 0 };

  g_return_if_fail (revision < n_revisions);

  diff.doc = doc;
  diff.old = revision;
  diff.newest = n_revisions - 1;
  diff.changes = changes;
  diff.defined_in = defined_in;
  diff.pages = pages;
  diff.annots_arrays = annots_arrays;
  diff.contents = contents;

  check_trailing_bytes (&diff, covered_end);
  if (revision == diff.newest)
    return;

  old_root = pb_pdf_dict_get (pb_pdf_document_get_revision_trailer (doc, revision), "Root");
  new_root = pb_pdf_dict_get (pb_pdf_document_get_revision_trailer (doc, diff.newest), "Root");
  if (ref_number (old_root) == 0 || ref_number (old_root) != ref_number (new_root))
    {
      g_ptr_array_add (changes, pb_pdf_change_new (PB_PDF_CHANGE_MODIFICATION, FALSE, diff.newest + 1, 0,
                                                   g_strdup (_("the document catalog was replaced by another object"))));
      return;
    }
  diff.catalog = ref_number (old_root);

  old_catalog = catalog_in (doc, revision);
  if (old_catalog != NULL && old_catalog->kind == PB_PDF_DICT)
    {
      diff.acroform = ref_number (pb_pdf_dict_get (old_catalog, "AcroForm"));
      old_form = resolve (&diff, revision, pb_pdf_dict_get (old_catalog, "AcroForm"));
      if (old_form != NULL && old_form->kind == PB_PDF_DICT)
        diff.fields_array = ref_number (pb_pdf_dict_get (old_form, "Fields"));
      collect_pages (&diff, pb_pdf_dict_get (old_catalog, "Pages"), 0);
    }

  for (guint r = revision + 1; r < n_revisions; r++)
    {
      g_autoptr(GArray) defined = pb_pdf_document_get_revision_objects (doc, r);

      for (guint i = 0; i < defined->len; i++)
        {
          gint64 number = g_array_index (defined, gint64, i);

          if (!g_hash_table_contains (defined_in, GINT_TO_POINTER ((int) number)))
            g_array_append_val (numbers, number);
          g_hash_table_insert (defined_in, GINT_TO_POINTER ((int) number), GUINT_TO_POINTER (r + 1));
        }
    }

  g_array_sort (numbers, compare_numbers);
  if (numbers->len > MAX_CHANGED)
    {
      g_ptr_array_add (changes, pb_pdf_change_new (PB_PDF_CHANGE_MODIFICATION, FALSE, diff.newest + 1, 0,
                                                   /* Translators: the placeholder is a number of objects */
                                                   g_strdup_printf (_("more than %u objects were rewritten after signing, too many to examine"),
                                                                    (guint) MAX_CHANGED)));
      return;
    }
  for (guint i = 0; i < numbers->len; i++)
    check_object (&diff, g_array_index (numbers, gint64, i));

  {
    PbPdfObject *old_info = pb_pdf_dict_get (pb_pdf_document_get_revision_trailer (doc, revision), "Info");
    PbPdfObject *new_info = pb_pdf_dict_get (pb_pdf_document_get_revision_trailer (doc, diff.newest), "Info");

    if (ref_number (old_info) != ref_number (new_info))
      g_ptr_array_add (changes, pb_pdf_change_new (PB_PDF_CHANGE_MODIFICATION, FALSE, diff.newest + 1, 0,
                                                   g_strdup (_("the document information (title, author) was replaced"))));
  }
}

gboolean
pb_pdf_revision_changes_dss (PbPdfDocument *doc,
                             guint          revision)
{
  g_autoptr(PbPdfObject) before = NULL;
  g_autoptr(PbPdfObject) after = NULL;
  g_autoptr(PbPdfObject) dss_before = NULL;
  g_autoptr(PbPdfObject) dss_after = NULL;

  if (revision == 0)
    return FALSE;

  before = catalog_in (doc, revision - 1);
  after = catalog_in (doc, revision);
  if (after == NULL || pb_pdf_dict_get (after, "DSS") == NULL)
    return FALSE;
  if (before == NULL || pb_pdf_dict_get (before, "DSS") == NULL)
    return TRUE;

  dss_before = pb_pdf_document_resolve_in (doc, revision - 1, pb_pdf_dict_get (before, "DSS"), NULL);
  dss_after = pb_pdf_document_resolve_in (doc, revision, pb_pdf_dict_get (after, "DSS"), NULL);
  if (dss_before == NULL || dss_after == NULL)
    return dss_after != NULL;

  {
    gsize offset_before = 0, offset_after = 0;
    gint64 number = ref_number (pb_pdf_dict_get (after, "DSS"));

    if (number != 0 &&
        pb_pdf_document_get_object_offset (doc, revision - 1, number, &offset_before) &&
        pb_pdf_document_get_object_offset (doc, revision, number, &offset_after))
      return offset_before != offset_after;
  }
  return !pb_pdf_object_equal (doc, dss_before, dss_after);
}
