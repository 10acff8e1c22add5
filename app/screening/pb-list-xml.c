/* pb-list-xml.c: XML list files read through GMarkup, chunk by chunk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-list-parser-private.h"

struct _PbXml
{
  PbListReader         *reader;
  GMarkupParseContext  *context;
  const PbXmlHandlers  *handlers;
  gpointer              user_data;
  GPtrArray            *stack;        /* element names, the current one last */
  GString              *text;         /* text of the current element */
  gsize                 since_tag;    /* bytes fed since the last '<' */
};

const char *
_pb_xml_get_attribute (const char **names,
                       const char **values,
                       const char  *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], name) == 0)
      return *values[i] != '\0' ? values[i] : NULL;

  return NULL;
}

const char *
_pb_xml_get_ancestor (PbXml *xml,
                      guint  up)
{
  if (up >= xml->stack->len)
    return "";

  return g_ptr_array_index (xml->stack, xml->stack->len - 1 - up);
}

guint
_pb_xml_get_depth (PbXml *xml)
{
  return xml->stack->len;
}

void
_pb_xml_set_error (PbXml            *xml,
                   GError          **error,
                   PbScreeningError  code,
                   const char       *format,
                   ...)
{
  g_autofree char *message = NULL;
  int line = 0, column = 0;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_markup_parse_context_get_position (xml->context, &line, &column);
  _pb_list_set_error (error, code, xml->reader->display_name, line, "%s", message);
}

static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *element,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  PbXml *xml = user_data;

  if (xml->stack->len >= PB_LIST_DEPTH_MAX)
    {
      _pb_xml_set_error (xml, error, PB_SCREENING_ERROR_LIMIT,
                         _("elements nested deeper than %d"), PB_LIST_DEPTH_MAX);
      return;
    }

  g_string_truncate (xml->text, 0);
  xml->handlers->start (xml, element, names, values, xml->user_data, error);
  g_ptr_array_add (xml->stack, g_strdup (element));
}

static void
end_element_cb (GMarkupParseContext  *context,
                const char           *element,
                gpointer              user_data,
                GError              **error)
{
  PbXml *xml = user_data;
  g_autofree char *text = g_strstrip (g_strdup (xml->text->str));

  g_ptr_array_set_size (xml->stack, xml->stack->len - 1);
  g_string_truncate (xml->text, 0);
  xml->handlers->end (xml, element, text, xml->user_data, error);
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 length,
         gpointer              user_data,
         GError              **error)
{
  PbXml *xml = user_data;

  if (xml->text->len + length > PB_LIST_FIELD_MAX)
    {
      _pb_xml_set_error (xml, error, PB_SCREENING_ERROR_LIMIT,
                         _("a text longer than %d bytes"), PB_LIST_FIELD_MAX);
      return;
    }

  g_string_append_len (xml->text, text, length);
}

static const GMarkupParser markup_parser = {
  start_element_cb,
  end_element_cb,
  text_cb,
  NULL,
  NULL,
};

/* GMarkup keeps a text or a tag whole until it ends: a run without '<'
 * longer than any field is refused before GMarkup buffers it. */
static gboolean
check_runs (PbXml       *xml,
            const char  *data,
            gsize        length,
            GError     **error)
{
  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '<')
        xml->since_tag = 0;
      else if (++xml->since_tag > 2 * PB_LIST_FIELD_MAX)
        {
          _pb_xml_set_error (xml, error, PB_SCREENING_ERROR_LIMIT,
                             _("a text or tag longer than %d bytes"), 2 * PB_LIST_FIELD_MAX);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
_pb_xml_parse (PbListReader         *reader,
               const PbXmlHandlers  *handlers,
               gpointer              user_data,
               GError              **error)
{
  PbXml xml = {
    .reader = reader,
    .handlers = handlers,
    .user_data = user_data,
  };
  g_autoptr(GError) local_error = NULL;
  gboolean ok = TRUE;

  xml.stack = g_ptr_array_new_with_free_func (g_free);
  xml.text = g_string_new (NULL);
  xml.context = g_markup_parse_context_new (&markup_parser, 0, &xml, NULL);

  for (;;)
    {
      const char *data;
      gssize n = _pb_list_reader_read (reader, &data, error);

      if (n < 0)
        {
          ok = FALSE;
          break;
        }

      if (n == 0)
        {
          if (!g_markup_parse_context_end_parse (xml.context, &local_error))
            {
              if (local_error->domain == PB_SCREENING_ERROR)
                g_propagate_error (error, g_steal_pointer (&local_error));
              else
                /* Translators: a file name, then GMarkup's message */
                g_set_error (error, PB_SCREENING_ERROR, PB_SCREENING_ERROR_TRUNCATED,
                             _("%s ends before its last element is closed: it is truncated (%s)"),
                             reader->display_name, local_error->message);
              ok = FALSE;
            }
          break;
        }

      if (!check_runs (&xml, data, n, error))
        {
          ok = FALSE;
          break;
        }

      if (!g_markup_parse_context_parse (xml.context, data, n, &local_error))
        {
          if (local_error->domain == PB_SCREENING_ERROR)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            /* Translators: a file name, then GMarkup's message, which names line and column */
            g_set_error (error, PB_SCREENING_ERROR, PB_SCREENING_ERROR_PARSE,
                         _("%s is not well-formed XML: %s"), reader->display_name, local_error->message);
          ok = FALSE;
          break;
        }
    }

  g_markup_parse_context_free (xml.context);
  g_ptr_array_unref (xml.stack);
  g_string_free (xml.text, TRUE);

  return ok;
}
