/* pb-expr.c: the condition language of questionnaires (FORMAT.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <math.h>
#include <string.h>

#include "pb-date.h"
#include "pb-expr.h"

/* A hand-written tokenizer and recursive-descent parser build a flat array of
 * typed nodes. Every type and every choice code is checked while parsing, so
 * evaluation only walks the array with small values on the C stack and never
 * allocates: it calls no g_malloc and no function that does. */

/* Syntactic nesting ('(', 'not', calls) the parser accepts; it bounds the
 * parser's recursion. */
#define MAX_NESTING 256
/* Height of the node tree, named conditions included; it bounds the
 * evaluator's recursion. */
#define MAX_HEIGHT  1024

typedef enum
{
  TYPE_BOOL,
  TYPE_NUMBER,
  TYPE_STRING,
  TYPE_SET,
} ValueType;

typedef enum
{
  OP_BOOL,           /* b: the value */
  OP_NUMBER,         /* number */
  OP_STRING,         /* a: index in items */
  OP_LIST,           /* a, b: first index and length in items */
  OP_QUESTION,       /* a: question index */
  OP_DEFINE,         /* define */
  OP_AND,            /* a, b: first index and length in children */
  OP_OR,
  OP_NOT,            /* a: operand */
  OP_EQ,             /* a, b: left and right operands */
  OP_NE,
  OP_LT,
  OP_LE,
  OP_GT,
  OP_GE,
  OP_IN,             /* a, b: the value and the set */
  OP_NOT_IN,
  OP_ANSWERED,       /* a: question index */
  OP_UNKNOWN,
  OP_COUNT,
  OP_COUNT_TRUE,     /* a, b: first index and length in children */
  OP_FIRED,          /* a: rule index */
  OP_FLAG_COUNT,     /* level */
  OP_FLAG_SECTIONS,  /* level; a, b: first index and length of section indices in children */
  OP_OVERRIDDEN,     /* a: question index */
} Op;

typedef struct
{
  Op            op;
  ValueType     type;
  guint         a;
  guint         b;
  guint         height;
  PbSeverity    level;
  double        number;
  const PbExpr *define;
  /* Only for checks while parsing; never read during evaluation. */
  PbQuestion   *question;
  gsize         offset;
} Node;

struct _PbExpr
{
  GArray    *nodes;      /* Node */
  GPtrArray *items;      /* char *: string literals and list items */
  GArray    *children;   /* guint */
  GArray    *questions;  /* guint: read, directly or through defines */
  guint      root;
  guint      height;
  gboolean   reads_flags;
  /* What one evaluation costs at most, named conditions expanded (a name
   * used twice is evaluated twice): steps, and walks over all the rules
   * (flag_count(), flag_sections()), whose length is known only when the
   * whole questionnaire is loaded. Both stop growing past the limit. */
  guint64    work;
  guint64    rule_scans;
};

typedef enum
{
  TOK_END,
  TOK_NAME,
  TOK_NUMBER,
  TOK_STRING,
  TOK_LPAREN,
  TOK_RPAREN,
  TOK_LBRACKET,
  TOK_RBRACKET,
  TOK_COMMA,
  TOK_EQ,
  TOK_NE,
  TOK_LT,
  TOK_LE,
  TOK_GT,
  TOK_GE,
  TOK_AND,
  TOK_OR,
  TOK_NOT,
  TOK_IN,
  TOK_TRUE,
  TOK_FALSE,
} TokenKind;

typedef struct
{
  TokenKind  kind;
  gsize      start;
  gsize      end;
  double     number;
  char      *string;   /* TOK_STRING: unescaped; TOK_NAME: the name */
} Token;

typedef struct
{
  const char        *text;
  const PbExprScope *scope;
  PbExpr            *expr;
  Token              tok;
  GArray            *item_offsets;  /* gsize, parallel to expr->items */
  GHashTable        *questions_seen; /* question index + 1, as in expr->questions */
  GHashTable        *defines_seen;   /* PbExpr: defines whose questions are merged */
  guint              nesting;
  GError            *error;
  gsize              error_offset;
} Parser;

typedef enum
{
  ARG_QUESTION,
  ARG_STRING,
  ARG_LIST,
  ARG_CONDITION,
} ArgKind;

typedef struct
{
  const char *name;
  Op          op;
  guint       n_args;      /* 0: one or more conditions */
  ArgKind     args[2];
} Function;

static const Function functions[] = {
  { "answered",      OP_ANSWERED,      1, { ARG_QUESTION } },
  { "unknown",       OP_UNKNOWN,       1, { ARG_QUESTION } },
  { "selected",      OP_IN,            2, { ARG_QUESTION, ARG_STRING } },
  { "any",           OP_IN,            2, { ARG_QUESTION, ARG_LIST } },
  { "count",         OP_COUNT,         1, { ARG_QUESTION } },
  { "count_true",    OP_COUNT_TRUE,    0, { ARG_CONDITION } },
  { "fired",         OP_FIRED,         1, { ARG_STRING } },
  { "flag_count",    OP_FLAG_COUNT,    1, { ARG_STRING } },
  { "flag_sections", OP_FLAG_SECTIONS, 2, { ARG_STRING, ARG_LIST } },
  { "overridden",    OP_OVERRIDDEN,    1, { ARG_QUESTION } },
};

static const struct
{
  const char *word;
  TokenKind   kind;
} keywords[] = {
  { "and",   TOK_AND },
  { "or",    TOK_OR },
  { "not",   TOK_NOT },
  { "in",    TOK_IN },
  { "true",  TOK_TRUE },
  { "false", TOK_FALSE },
};

/* An evaluated value. Numbers are intervals so that count_true() over
 * unknown conditions can still decide "count_true(a, b, c) >= 2" when two
 * of them hold; an unknown number is [-inf, +inf]. */
typedef struct
{
  gboolean            known;
  PbTri               tri;
  double              lo;
  double              hi;
  const char         *string;
  const char * const *set;      /* of n_set codes, not NULL-terminated */
  guint               n_set;
} Value;

/* Tokens ------------------------------------------------------------------ */

static gboolean fail (Parser     *p,
                      gsize       offset,
                      const char *format,
                      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Parser     *p,
      gsize       offset,
      const char *format,
      ...)
{
  va_list args;

  if (p->error != NULL)
    return FALSE;

  va_start (args, format);
  p->error = g_error_new_valist (PB_CORE_ERROR, PB_CORE_ERROR_EXPRESSION, format, args);
  va_end (args);
  p->error_offset = offset;

  return FALSE;
}

static inline gboolean
is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static inline gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.' || c == '-';
}

static gsize
skip_blanks (const char *text,
             gsize       pos)
{
  for (;;)
    {
      if (text[pos] == '#')
        {
          while (text[pos] != '\0' && text[pos] != '\n')
            pos++;
        }
      else if (g_ascii_isspace (text[pos]))
        pos++;
      else
        return pos;
    }
}

static gboolean
lex_string (Parser *p,
            gsize   start,
            Token  *tok)
{
  const char *text = p->text;
  g_autoptr(GString) value = g_string_new (NULL);
  gsize pos = start + 1;

  for (;;)
    {
      char c = text[pos];

      if (c == '\0')
        return fail (p, start, _("unterminated string"));

      if (c == '"')
        break;

      if (c == '\\')
        {
          char next = text[pos + 1];

          if (next != '"' && next != '\\')
            {
              const char *after;

              if (next == '\0')
                return fail (p, start, _("unterminated string"));

              after = g_utf8_next_char (text + pos + 1);
              /* Translators: %.*s is the character after a backslash */
              return fail (p, pos, _("invalid escape '\\%.*s' in a string; only \\\" and \\\\ are allowed"),
                           (int) (after - (text + pos + 1)), text + pos + 1);
            }
          g_string_append_c (value, next);
          pos += 2;
          continue;
        }

      g_string_append_c (value, c);
      pos++;
    }

  tok->kind = TOK_STRING;
  tok->end = pos + 1;
  tok->string = g_string_free (g_steal_pointer (&value), FALSE);

  return TRUE;
}

/* Reads the token at or after @pos into @tok. */
static gboolean
lex_at (Parser *p,
        gsize   pos,
        Token  *tok)
{
  const char *text = p->text;
  gsize start = skip_blanks (text, pos);
  char c = text[start];

  g_clear_pointer (&tok->string, g_free);
  tok->start = start;
  tok->end = start + 1;
  tok->number = 0;

  switch (c)
    {
    case '\0': tok->kind = TOK_END; tok->end = start; return TRUE;
    case '(': tok->kind = TOK_LPAREN; return TRUE;
    case ')': tok->kind = TOK_RPAREN; return TRUE;
    case '[': tok->kind = TOK_LBRACKET; return TRUE;
    case ']': tok->kind = TOK_RBRACKET; return TRUE;
    case ',': tok->kind = TOK_COMMA; return TRUE;
    case '"': return lex_string (p, start, tok);

    case '=':
      if (text[start + 1] != '=')
        return fail (p, start, _("unexpected '='; compare with '=='"));
      tok->kind = TOK_EQ;
      tok->end = start + 2;
      return TRUE;

    case '!':
      if (text[start + 1] != '=')
        return fail (p, start, _("unexpected '!'; use '!=' or 'not'"));
      tok->kind = TOK_NE;
      tok->end = start + 2;
      return TRUE;

    case '<':
    case '>':
      if (text[start + 1] == '=')
        {
          tok->kind = c == '<' ? TOK_LE : TOK_GE;
          tok->end = start + 2;
        }
      else
        tok->kind = c == '<' ? TOK_LT : TOK_GT;
      return TRUE;

    default:
      break;
    }

  if (g_ascii_isdigit (c))
    {
      gsize end = start;

      while (g_ascii_isdigit (text[end]))
        end++;
      if (text[end] == '.' && g_ascii_isdigit (text[end + 1]))
        {
          end++;
          while (g_ascii_isdigit (text[end]))
            end++;
        }

      if (is_name_char (text[end]))
        {
          while (is_name_char (text[end]))
            end++;
          /* Translators: %.*s is what was written, e.g. 3x */
          return fail (p, start, _("invalid number '%.*s'"), (int) (end - start), text + start);
        }

      tok->kind = TOK_NUMBER;
      tok->end = end;
      tok->number = g_ascii_strtod (text + start, NULL);
      return TRUE;
    }

  if (is_name_start (c))
    {
      gsize end = start;

      while (is_name_char (text[end]))
        end++;

      tok->kind = TOK_NAME;
      tok->end = end;
      for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
        {
          if (strlen (keywords[i].word) == end - start &&
              strncmp (keywords[i].word, text + start, end - start) == 0)
            {
              tok->kind = keywords[i].kind;
              return TRUE;
            }
        }
      tok->string = g_strndup (text + start, end - start);
      return TRUE;
    }

  {
    const char *next = g_utf8_find_next_char (text + start, NULL);
    int len = next != NULL ? (int) (next - (text + start)) : 1;

    /* Translators: %.*s is a single character */
    return fail (p, start, _("unexpected character '%.*s'"), len, text + start);
  }
}

static gboolean
advance (Parser *p)
{
  return lex_at (p, p->tok.end, &p->tok);
}

/* The kind of the token after the current one, for the two places where the
 * grammar needs to look ahead: NAME "(" and "not" "in". */
static gboolean
peek (Parser    *p,
      TokenKind *kind)
{
  Token next = { 0 };

  if (!lex_at (p, p->tok.end, &next))
    return FALSE;

  *kind = next.kind;
  g_free (next.string);

  return TRUE;
}

/* For messages: the token as written, quoted, or "the end of the expression". */
static char *
describe_token (Parser      *p,
                const Token *tok)
{
  gsize len = tok->end - tok->start;

  if (tok->kind == TOK_END)
    return g_strdup (_("the end of the expression"));

  if (len > 40)
    {
      int cut = 40;

      /* not in the middle of a UTF-8 sequence */
      while (cut > 0 && (p->text[tok->start + cut] & 0xC0) == 0x80)
        cut--;
      return g_strdup_printf ("'%.*s…'", cut, p->text + tok->start);
    }

  return g_strdup_printf ("'%.*s'", (int) len, p->text + tok->start);
}

static gboolean
expect (Parser     *p,
        TokenKind   kind,
        const char *what)
{
  g_autofree char *found = NULL;

  if (p->tok.kind == kind)
    return advance (p);

  found = describe_token (p, &p->tok);
  /* Translators: the first %s is what the syntax needs, e.g. ')', the second what was found */
  return fail (p, p->tok.start, _("expected %s but found %s"), what, found);
}

/* Nodes ------------------------------------------------------------------- */

static inline Node *
node_at (Parser *p,
         guint   index)
{
  return &g_array_index (p->expr->nodes, Node, index);
}

static guint64
set_size (Parser     *p,
          const Node *node)
{
  switch (node->op)
    {
    case OP_LIST:     return node->b;
    case OP_QUESTION: return node->type == TYPE_SET ? pb_question_get_n_choices (node->question) : 1;
    default:          return 1;
    }
}

/* The steps evaluating @node takes, not counting its operands. */
static guint64
node_work (Parser     *p,
           const Node *node)
{
  switch (node->op)
    {
    case OP_STRING:
      /* strcmp() against an answer */
      return 1 + strlen (g_ptr_array_index (p->expr->items, node->a)) / 32;

    case OP_QUESTION:
      /* counting the codes of a multiple choice answer */
      return 1 + (node->type == TYPE_SET ? pb_question_get_n_choices (node->question) : 0);

    case OP_COUNT:
      return 1 + node->b;

    case OP_IN:
    case OP_NOT_IN:
      return 1 + set_size (p, node_at (p, node->a)) * set_size (p, node_at (p, node->b));

    case OP_FLAG_SECTIONS:
      return 1 + node->b;

    case OP_DEFINE:
      return 1 + node->define->work;

    default:
      return 1;
    }
}

static gboolean
add_node (Parser *p,
          Node   *node,
          guint  *index)
{
  PbExpr *expr = p->expr;

  if (node->height > MAX_HEIGHT)
    return fail (p, node->offset,
                 _("the condition nests too deeply (more than %d levels, named conditions included)"),
                 MAX_HEIGHT);

  /* Named conditions that use each other twice double at each step: 60 of
   * them would take longer than the universe is old. Operands are smaller
   * than the limit, so these sums cannot overflow. */
  expr->work += node_work (p, node);
  if (node->op == OP_FLAG_COUNT)
    expr->rule_scans++;
  else if (node->op == OP_FLAG_SECTIONS)
    expr->rule_scans += node->b;
  else if (node->op == OP_DEFINE)
    expr->rule_scans += node->define->rule_scans;

  if (expr->work > PB_EXPR_MAX_WORK)
    return fail (p, node->offset,
                 _("the condition is too large to evaluate: with the named conditions it uses "
                   "written out, it takes more than %u steps"),
                 PB_EXPR_MAX_WORK);

  g_array_append_val (p->expr->nodes, *node);
  *index = p->expr->nodes->len - 1;

  return TRUE;
}

static guint
child_height (Parser *p,
              guint   index)
{
  return node_at (p, index)->height;
}

static guint
add_item (Parser     *p,
          char       *string,
          gsize       offset)
{
  g_ptr_array_add (p->expr->items, string);
  g_array_append_val (p->item_offsets, offset);

  return p->expr->items->len - 1;
}

static void
add_question (Parser *p,
              guint   index)
{
  if (g_hash_table_add (p->questions_seen, GUINT_TO_POINTER (index + 1)))
    g_array_append_val (p->expr->questions, index);
}

static const char *
type_name (ValueType type)
{
  switch (type)
    {
    case TYPE_BOOL:   return _("a condition");
    case TYPE_NUMBER: return _("a number");
    case TYPE_STRING: return _("a string");
    case TYPE_SET:    return _("a set");
    default:          g_assert_not_reached ();
    }
}

static ValueType
question_value_type (PbQuestion *question)
{
  switch (pb_question_get_question_type (question))
    {
    case PB_QUESTION_MULTIPLE: return TYPE_SET;
    case PB_QUESTION_NUMBER:   return TYPE_NUMBER;
    default:                   return TYPE_STRING;
    }
}

static gboolean
is_choice_question (PbQuestion *question)
{
  switch (pb_question_get_question_type (question))
    {
    case PB_QUESTION_YES_NO:
    case PB_QUESTION_YES_NO_UNKNOWN:
    case PB_QUESTION_SINGLE:
    case PB_QUESTION_MULTIPLE:
    case PB_QUESTION_COUNTRY:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Whether @value can be an answer of @question: a choice code, "yes"/"no",
 * a country code, a date. */
static gboolean
check_code (Parser     *p,
            PbQuestion *question,
            const char *value,
            gsize       offset)
{
  const char *id = pb_question_get_id (question);

  switch (pb_question_get_question_type (question))
    {
    case PB_QUESTION_YES_NO:
    case PB_QUESTION_YES_NO_UNKNOWN:
      if (g_str_equal (value, "yes") || g_str_equal (value, "no"))
        return TRUE;
      break;

    case PB_QUESTION_SINGLE:
    case PB_QUESTION_MULTIPLE:
      if (!g_str_equal (value, "unknown") && pb_question_lookup_choice (question, value) != NULL)
        return TRUE;
      break;

    case PB_QUESTION_COUNTRY:
      if (strlen (value) == 2 && g_ascii_isupper (value[0]) && g_ascii_isupper (value[1]))
        return TRUE;
      /* Translators: the first %s is a string from the file, the second a question id */
      return fail (p, offset, _("\"%s\" is not a two-letter country code (%s)"), value, id);

    case PB_QUESTION_DATE:
      if (pb_date_is_valid (value))
        return TRUE;
      /* Translators: the first %s is a string from the file, the second a question id */
      return fail (p, offset, _("\"%s\" is not a date of the form YYYY-MM-DD (%s)"), value, id);

    case PB_QUESTION_TEXT:
    case PB_QUESTION_LONG_TEXT:
    case PB_QUESTION_NUMBER:
    default:
      return TRUE;
    }

  if (g_str_equal (value, "unknown"))
    /* Translators: both %s are the question id */
    return fail (p, offset, _("\"unknown\" is not a choice of %s; use unknown(%s)"), id, id);

  /* Translators: the first %s is a string from the file, the second a question id */
  return fail (p, offset, _("\"%s\" is not a choice of %s"), value, id);
}

/* Checks every string of the literal @node (a string or a list) against the
 * answers @question accepts. */
static gboolean
check_literal_codes (Parser     *p,
                     PbQuestion *question,
                     const Node *node)
{
  guint first, n;

  if (node->op == OP_STRING)
    first = node->a, n = 1;
  else if (node->op == OP_LIST)
    first = node->a, n = node->b;
  else
    return TRUE;

  for (guint i = first; i < first + n; i++)
    {
      if (!check_code (p, question, g_ptr_array_index (p->expr->items, i),
                       g_array_index (p->item_offsets, gsize, i)))
        return FALSE;
    }

  return TRUE;
}

static gboolean
require_condition (Parser *p,
                   guint   index)
{
  const Node *node = node_at (p, index);

  if (node->type == TYPE_BOOL)
    return TRUE;

  if (node->op == OP_QUESTION)
    /* Translators: %s is a question id */
    return fail (p, node->offset, _("%s is a question, not a condition; compare it with a value"),
                 pb_question_get_id (node->question));

  /* Translators: %s is a type, e.g. "a number" */
  return fail (p, node->offset, _("expected a condition but found %s"), type_name (node->type));
}

static gboolean
enter (Parser *p)
{
  if (++p->nesting > MAX_NESTING)
    return fail (p, p->tok.start, _("the expression nests too deeply (more than %d levels)"),
                 MAX_NESTING);

  return TRUE;
}

/* Grammar ----------------------------------------------------------------- */

static gboolean parse_or (Parser *p,
                          guint  *out);

static gboolean
parse_list (Parser *p,
            guint  *out)
{
  Node node = { .op = OP_LIST, .type = TYPE_SET, .height = 1, .offset = p->tok.start };

  g_assert (p->tok.kind == TOK_LBRACKET);

  if (!advance (p))
    return FALSE;

  node.a = p->expr->items->len;

  if (p->tok.kind != TOK_RBRACKET)
    {
      for (;;)
        {
          if (p->tok.kind != TOK_STRING)
            return expect (p, TOK_STRING, _("a string"));

          add_item (p, g_steal_pointer (&p->tok.string), p->tok.start);
          node.b++;

          if (!advance (p))
            return FALSE;
          if (p->tok.kind != TOK_COMMA)
            break;
          if (!advance (p))
            return FALSE;
        }
    }

  if (!expect (p, TOK_RBRACKET, "']'"))
    return FALSE;

  return add_node (p, &node, out);
}

static PbQuestion *
lookup_question (Parser     *p,
                 const char *name,
                 guint      *index)
{
  const PbExprScope *scope = p->scope;
  PbQuestion *question = NULL;

  if (scope->lookup_question == NULL ||
      !scope->lookup_question (scope->user_data, name, index, &question))
    return NULL;

  return question;
}

static const PbExpr *
lookup_define (Parser     *p,
               const char *name)
{
  const PbExprScope *scope = p->scope;

  if (scope->lookup_define == NULL)
    return NULL;

  return scope->lookup_define (scope->user_data, name);
}

static gboolean
add_question_node (Parser     *p,
                   PbQuestion *question,
                   guint       index,
                   gsize       offset,
                   guint      *out)
{
  Node node = {
    .op = OP_QUESTION,
    .type = question_value_type (question),
    .a = index,
    .question = question,
    .height = 1,
    .offset = offset,
  };

  add_question (p, index);

  return add_node (p, &node, out);
}

static gboolean
add_define_node (Parser       *p,
                 const PbExpr *define,
                 gsize         offset,
                 guint        *out)
{
  Node node = {
    .op = OP_DEFINE,
    .type = TYPE_BOOL,
    .define = define,
    .height = define->height + 1,
    .offset = offset,
  };

  /* Once per define: a name used a thousand times is merged once. */
  if (g_hash_table_add (p->defines_seen, (gpointer) define))
    {
      for (guint i = 0; i < define->questions->len; i++)
        add_question (p, g_array_index (define->questions, guint, i));
    }
  p->expr->reads_flags |= define->reads_flags;

  return add_node (p, &node, out);
}

/* A name where a question id is needed: the argument of answered() etc. */
static gboolean
parse_question_name (Parser *p,
                     guint  *out)
{
  g_autofree char *name = g_steal_pointer (&p->tok.string);
  gsize offset = p->tok.start;
  PbQuestion *question;
  guint index = 0;

  if (!advance (p))
    return FALSE;

  question = lookup_question (p, name, &index);
  if (question != NULL)
    return add_question_node (p, question, index, offset, out);

  if (lookup_define (p, name) != NULL)
    /* Translators: %s is the name of a <define> */
    return fail (p, offset, _("'%s' is a named condition, not a question"), name);

  /* Translators: %s is a name from the file */
  return fail (p, offset, _("unknown question '%s'"), name);
}

/* A name in a condition: a question id or a named condition. */
static gboolean
parse_name (Parser *p,
            guint  *out)
{
  g_autofree char *name = g_steal_pointer (&p->tok.string);
  gsize offset = p->tok.start;
  PbQuestion *question;
  const PbExpr *define;
  guint index = 0;

  if (!advance (p))
    return FALSE;

  question = lookup_question (p, name, &index);
  if (question != NULL)
    return add_question_node (p, question, index, offset, out);

  define = lookup_define (p, name);
  if (define != NULL)
    return add_define_node (p, define, offset, out);

  /* Question ids have a dot (S1.02); define names rarely do. */
  if (strchr (name, '.') != NULL)
    return fail (p, offset, _("unknown question '%s'"), name);

  /* Translators: %s is a name from the file */
  return fail (p, offset, _("unknown question or condition '%s'"), name);
}

static gboolean
parse_argument (Parser  *p,
                ArgKind  kind,
                guint   *out)
{
  Node node = { .height = 1, .offset = p->tok.start };

  switch (kind)
    {
    case ARG_QUESTION:
      {
        TokenKind next;

        if (p->tok.kind != TOK_NAME)
          return expect (p, TOK_NAME, _("a question id"));

        if (!peek (p, &next))
          return FALSE;
        if (next == TOK_LPAREN)
          /* Translators: %s is a function name */
          return fail (p, p->tok.start, _("expected a question id but found a call of %s()"), p->tok.string);

        return parse_question_name (p, out);
      }

    case ARG_STRING:
      if (p->tok.kind != TOK_STRING)
        return expect (p, TOK_STRING, _("a string"));
      node.op = OP_STRING;
      node.type = TYPE_STRING;
      node.a = add_item (p, g_steal_pointer (&p->tok.string), p->tok.start);
      if (!advance (p))
        return FALSE;
      return add_node (p, &node, out);

    case ARG_LIST:
      if (p->tok.kind != TOK_LBRACKET)
        return expect (p, TOK_LBRACKET, _("a list such as [\"a\", \"b\"]"));
      return parse_list (p, out);

    case ARG_CONDITION:
      return parse_or (p, out) && require_condition (p, *out);

    default:
      g_assert_not_reached ();
    }
}

static gboolean
parse_level (Parser     *p,
             const Node *arg,
             PbSeverity *level)
{
  static const char * const levels[] = { "low", "medium", "high", "critical" };
  const char *value = g_ptr_array_index (p->expr->items, arg->a);

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      if (g_str_equal (value, levels[i]))
        {
          *level = PB_SEVERITY_LOW + i;
          return TRUE;
        }
    }

  /* Translators: %s is a string from the file; keep the level names untranslated */
  return fail (p, arg->offset, _("\"%s\" is not a risk level (critical, high, medium, low)"), value);
}

static gboolean
build_call (Parser         *p,
            const Function *function,
            gsize           offset,
            GArray         *args,
            guint          *out)
{
  const PbExprScope *scope = p->scope;
  Node node = { .op = function->op, .type = TYPE_BOOL, .height = 1, .offset = offset };
  const Node *first = node_at (p, g_array_index (args, guint, 0));

  for (guint i = 0; i < args->len; i++)
    node.height = MAX (node.height, child_height (p, g_array_index (args, guint, i)) + 1);

  switch (function->op)
    {
    case OP_ANSWERED:
    case OP_UNKNOWN:
      node.a = first->a;
      break;

    case OP_OVERRIDDEN:
      if (pb_question_get_prefill (first->question) == PB_PREFILL_NONE)
        /* Translators: %s is a question id */
        return fail (p, first->offset, _("overridden() needs a prefilled question, but %s is not one"),
                     pb_question_get_id (first->question));
      node.a = first->a;
      break;

    case OP_IN:
      {
        Node *set = node_at (p, g_array_index (args, guint, 1));

        if (!is_choice_question (first->question))
          /* Translators: the first %s is a function name, the second a question id */
          return fail (p, first->offset, _("%s() needs a choice question, but %s is not one"),
                       function->name, pb_question_get_id (first->question));
        if (!check_literal_codes (p, first->question, set))
          return FALSE;

        /* selected(Q, "c") is Q in ["c"] */
        if (set->op == OP_STRING)
          {
            set->op = OP_LIST;
            set->type = TYPE_SET;
            set->b = 1;
          }
        node.a = g_array_index (args, guint, 0);
        node.b = g_array_index (args, guint, 1);
        break;
      }

    case OP_COUNT:
      if (pb_question_get_question_type (first->question) != PB_QUESTION_MULTIPLE)
        /* Translators: %s is a question id */
        return fail (p, first->offset, _("count() needs a multiple choice question, but %s is not one"),
                     pb_question_get_id (first->question));
      node.type = TYPE_NUMBER;
      node.a = first->a;
      node.b = pb_question_get_n_choices (first->question);   /* for node_work() */
      break;

    case OP_COUNT_TRUE:
      node.type = TYPE_NUMBER;
      node.a = p->expr->children->len;
      node.b = args->len;
      g_array_append_vals (p->expr->children, args->data, args->len);
      break;

    case OP_FIRED:
      {
        const char *rule = g_ptr_array_index (p->expr->items, first->a);

        if (scope->lookup_rule == NULL || !scope->lookup_rule (scope->user_data, rule, &node.a))
          /* Translators: %s is a rule id from the file */
          return fail (p, first->offset, _("unknown rule '%s' (a rule must be defined before fired() names it)"), rule);
        p->expr->reads_flags = TRUE;
        break;
      }

    case OP_FLAG_COUNT:
      if (!parse_level (p, first, &node.level))
        return FALSE;
      node.type = TYPE_NUMBER;
      p->expr->reads_flags = TRUE;
      break;

    case OP_FLAG_SECTIONS:
      {
        const Node *list = node_at (p, g_array_index (args, guint, 1));

        if (!parse_level (p, first, &node.level))
          return FALSE;

        g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

        node.type = TYPE_NUMBER;
        node.a = p->expr->children->len;
        for (guint i = list->a; i < list->a + list->b; i++)
          {
            const char *section = g_ptr_array_index (p->expr->items, i);
            guint index;

            if (scope->lookup_section == NULL || !scope->lookup_section (scope->user_data, section, &index))
              /* Translators: %s is a section id from the file */
              return fail (p, g_array_index (p->item_offsets, gsize, i), _("unknown section '%s'"), section);

            if (g_hash_table_add (seen, GUINT_TO_POINTER (index + 1)))
              {
                g_array_append_val (p->expr->children, index);
                node.b++;
              }
          }
        p->expr->reads_flags = TRUE;
        break;
      }

    default:
      g_assert_not_reached ();
    }

  return add_node (p, &node, out);
}

static gboolean
parse_call (Parser *p,
            guint  *out)
{
  g_autofree char *name = g_steal_pointer (&p->tok.string);
  g_autoptr(GArray) args = g_array_new (FALSE, FALSE, sizeof (guint));
  const Function *function = NULL;
  gsize offset = p->tok.start;
  guint expected;

  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    {
      if (g_str_equal (functions[i].name, name))
        function = &functions[i];
    }

  if (function == NULL)
    /* Translators: %s is a name from the file */
    return fail (p, offset, _("unknown function '%s'"), name);

  if (!enter (p) || !advance (p) || !expect (p, TOK_LPAREN, "'('"))
    return FALSE;

  expected = function->n_args;

  if (p->tok.kind != TOK_RPAREN)
    {
      for (;;)
        {
          guint arg;
          guint n = args->len;

          if (expected == 0)
            {
              if (!parse_argument (p, ARG_CONDITION, &arg))
                return FALSE;
            }
          else if (n < expected)
            {
              if (!parse_argument (p, function->args[n], &arg))
                return FALSE;
            }
          else if (!parse_or (p, &arg))
            return FALSE;

          g_array_append_val (args, arg);

          if (p->tok.kind != TOK_COMMA)
            break;
          if (!advance (p))
            return FALSE;
        }
    }

  if (p->tok.kind != TOK_RPAREN)
    {
      g_autofree char *found = describe_token (p, &p->tok);

      return fail (p, p->tok.start, _("expected ',' or ')' but found %s"), found);
    }

  if (expected == 0 && args->len == 0)
    /* Translators: %s is a function name */
    return fail (p, offset, _("%s() needs at least one condition"), function->name);

  if (expected != 0 && args->len != expected)
    {
      if (expected == 1)
        /* Translators: %s is a function name, %u the number of arguments given */
        return fail (p, offset, _("%s() takes 1 argument but was given %u"),
                     function->name, args->len);

      /* Translators: %s is a function name, the first %u is 2 or more, the second the number given */
      return fail (p, offset, _("%s() takes %u arguments but was given %u"),
                   function->name, expected, args->len);
    }

  if (!advance (p))
    return FALSE;
  p->nesting--;

  return build_call (p, function, offset, args, out);
}

static gboolean
parse_primary (Parser *p,
               guint  *out)
{
  Node node = { .height = 1, .offset = p->tok.start };

  switch (p->tok.kind)
    {
    case TOK_NUMBER:
      node.op = OP_NUMBER;
      node.type = TYPE_NUMBER;
      node.number = p->tok.number;
      return advance (p) && add_node (p, &node, out);

    case TOK_STRING:
      node.op = OP_STRING;
      node.type = TYPE_STRING;
      node.a = add_item (p, g_steal_pointer (&p->tok.string), p->tok.start);
      return advance (p) && add_node (p, &node, out);

    case TOK_TRUE:
    case TOK_FALSE:
      node.op = OP_BOOL;
      node.type = TYPE_BOOL;
      node.b = p->tok.kind == TOK_TRUE;
      return advance (p) && add_node (p, &node, out);

    case TOK_LBRACKET:
      return parse_list (p, out);

    case TOK_LPAREN:
      if (!enter (p) || !advance (p) || !parse_or (p, out) || !expect (p, TOK_RPAREN, "')'"))
        return FALSE;
      p->nesting--;
      /* Point messages about the parenthesised whole at its '('. */
      node_at (p, *out)->offset = node.offset;
      return TRUE;

    case TOK_NAME:
      {
        TokenKind next;

        if (!peek (p, &next))
          return FALSE;

        return next == TOK_LPAREN ? parse_call (p, out) : parse_name (p, out);
      }

    default:
      {
        g_autofree char *found = describe_token (p, &p->tok);

        return fail (p, p->tok.start, _("expected a value but found %s"), found);
      }
    }
}

static gboolean
check_comparison (Parser     *p,
                  Op          op,
                  const Node *left,
                  const Node *right,
                  const Token *op_tok)
{
  int op_len = (int) (op_tok->end - op_tok->start);
  const char *op_text = p->text + op_tok->start;
  gboolean ordering = op != OP_EQ && op != OP_NE;

  if (left->type == TYPE_SET || right->type == TYPE_SET)
    {
      const Node *set = left->type == TYPE_SET ? left : right;

      if (set->op == OP_QUESTION)
        /* Translators: %s is a question id, %.*s an operator such as == */
        return fail (p, op_tok->start,
                     _("%s is a multiple choice question; use selected(), any() or 'in' rather than '%.*s'"),
                     pb_question_get_id (set->question), op_len, op_text);

      /* Translators: %.*s is an operator such as == */
      return fail (p, op_tok->start, _("a list cannot be compared with '%.*s'; use 'in'"), op_len, op_text);
    }

  if (left->type != right->type)
    {
      const Node *question = left->op == OP_QUESTION ? left : right->op == OP_QUESTION ? right : NULL;

      if (question != NULL && (left->type == TYPE_BOOL || right->type == TYPE_BOOL))
        {
          PbQuestionType type = pb_question_get_question_type (question->question);

          if (type == PB_QUESTION_YES_NO || type == PB_QUESTION_YES_NO_UNKNOWN)
            /* Translators: %s is a question id; keep "yes" and "no" untranslated */
            return fail (p, op_tok->start, _("%s is a yes/no question; compare it with \"yes\" or \"no\""),
                         pb_question_get_id (question->question));
        }
    }

  if (left->type != right->type)
    /* Translators: both %s are types, e.g. "a number" and "a string" */
    return fail (p, op_tok->start, _("cannot compare %s with %s"),
                 type_name (left->type), type_name (right->type));

  if (left->type == TYPE_BOOL && ordering)
    /* Translators: %.*s is an operator such as < */
    return fail (p, op_tok->start, _("conditions cannot be ordered with '%.*s'"), op_len, op_text);

  if (left->type == TYPE_STRING)
    {
      gboolean left_date = left->op == OP_QUESTION &&
                           pb_question_get_question_type (left->question) == PB_QUESTION_DATE;
      gboolean right_date = right->op == OP_QUESTION &&
                            pb_question_get_question_type (right->question) == PB_QUESTION_DATE;

      if (ordering && !left_date && !right_date)
        /* Translators: %.*s is an operator such as < */
        return fail (p, op_tok->start, _("'%.*s' compares numbers or dates, not strings"), op_len, op_text);

      if (left->op == OP_QUESTION && !check_literal_codes (p, left->question, right))
        return FALSE;
      if (right->op == OP_QUESTION && !check_literal_codes (p, right->question, left))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_membership (Parser     *p,
                  const Node *left,
                  const Node *right)
{
  if (right->type != TYPE_SET)
    /* Translators: %s is a type, e.g. "a string" */
    return fail (p, right->offset, _("'in' needs a list or a multiple choice question on its right, not %s"),
                 type_name (right->type));

  if (left->type != TYPE_STRING && left->type != TYPE_SET)
    /* Translators: %s is a type, e.g. "a number" */
    return fail (p, left->offset, _("'in' needs a string or a set on its left, not %s"),
                 type_name (left->type));

  if (left->op == OP_QUESTION && !check_literal_codes (p, left->question, right))
    return FALSE;
  if (right->op == OP_QUESTION && !check_literal_codes (p, right->question, left))
    return FALSE;

  return TRUE;
}

static gboolean
parse_comparison (Parser *p,
                  guint  *out)
{
  Token op_tok = { 0 };
  Node node = { .type = TYPE_BOOL };
  guint left, right;
  gboolean membership = FALSE;

  if (!parse_primary (p, &left))
    return FALSE;

  switch (p->tok.kind)
    {
    case TOK_EQ: node.op = OP_EQ; break;
    case TOK_NE: node.op = OP_NE; break;
    case TOK_LT: node.op = OP_LT; break;
    case TOK_LE: node.op = OP_LE; break;
    case TOK_GT: node.op = OP_GT; break;
    case TOK_GE: node.op = OP_GE; break;
    case TOK_IN: node.op = OP_IN; membership = TRUE; break;
    case TOK_NOT:
      {
        TokenKind next;

        if (!peek (p, &next))
          return FALSE;
        if (next != TOK_IN)
          {
            *out = left;
            return TRUE;
          }
        if (!advance (p))
          return FALSE;
        node.op = OP_NOT_IN;
        membership = TRUE;
        break;
      }
    default:
      *out = left;
      return TRUE;
    }

  op_tok.kind = p->tok.kind;
  op_tok.start = p->tok.start;
  op_tok.end = p->tok.end;

  if (!advance (p) || !parse_primary (p, &right))
    return FALSE;

  if (membership)
    {
      if (!check_membership (p, node_at (p, left), node_at (p, right)))
        return FALSE;
    }
  else if (!check_comparison (p, node.op, node_at (p, left), node_at (p, right), &op_tok))
    return FALSE;

  node.a = left;
  node.b = right;
  node.offset = node_at (p, left)->offset;
  node.height = MAX (child_height (p, left), child_height (p, right)) + 1;

  return add_node (p, &node, out);
}

static gboolean
parse_not (Parser *p,
           guint  *out)
{
  Node node = { .op = OP_NOT, .type = TYPE_BOOL, .offset = p->tok.start };

  if (p->tok.kind != TOK_NOT)
    return parse_comparison (p, out);

  if (!enter (p) || !advance (p) || !parse_not (p, &node.a) || !require_condition (p, node.a))
    return FALSE;
  p->nesting--;

  node.height = child_height (p, node.a) + 1;

  return add_node (p, &node, out);
}

/* and := not { "and" not }, or := and { "or" and }: one n-ary node, so that
 * a long chain does not make a deep tree. */
static gboolean
parse_chain (Parser    *p,
             TokenKind  kind,
             guint     *out)
{
  g_autoptr(GArray) operands = g_array_new (FALSE, FALSE, sizeof (guint));
  Node node = { .op = kind == TOK_OR ? OP_OR : OP_AND, .type = TYPE_BOOL, .offset = p->tok.start };
  guint operand;

  for (;;)
    {
      gboolean ok = kind == TOK_OR ? parse_chain (p, TOK_AND, &operand) : parse_not (p, &operand);

      if (!ok)
        return FALSE;
      g_array_append_val (operands, operand);

      if (p->tok.kind != kind)
        break;
      if (!advance (p))
        return FALSE;
    }

  if (operands->len == 1)
    {
      *out = operand;
      return TRUE;
    }

  node.height = 1;
  for (guint i = 0; i < operands->len; i++)
    {
      guint index = g_array_index (operands, guint, i);

      if (!require_condition (p, index))
        return FALSE;
      node.height = MAX (node.height, child_height (p, index) + 1);
    }

  node.a = p->expr->children->len;
  node.b = operands->len;
  g_array_append_vals (p->expr->children, operands->data, operands->len);

  return add_node (p, &node, out);
}

static gboolean
parse_or (Parser *p,
          guint  *out)
{
  return parse_chain (p, TOK_OR, out);
}

/* Evaluation: no allocation from here on ----------------------------------- */

static inline const PbAnswer *
answer_at (const PbExprEnv *env,
           guint            question)
{
  if (env->answers == NULL || question >= env->n_answers)
    return NULL;

  return env->answers[question];
}

static inline PbSeverity
flag_at (const PbExprEnv *env,
         guint            rule)
{
  if (env->flag_levels == NULL || rule >= env->n_rules)
    return PB_SEVERITY_NONE;

  return env->flag_levels[rule];
}

/* Raised only as unresolved: it may or may not hold. */
static inline gboolean
flag_unresolved (const PbExprEnv *env,
                 guint            rule)
{
  return env->flag_unresolved != NULL && rule < env->n_rules && env->flag_unresolved[rule];
}

static inline Value
tri_value (PbTri tri)
{
  return (Value) { .known = tri != PB_TRI_UNKNOWN, .tri = tri };
}

static inline Value
number_value (double lo,
              double hi,
              gboolean known)
{
  return (Value) { .known = known, .lo = lo, .hi = hi };
}

static inline Value
unknown_value (void)
{
  return (Value) { .known = FALSE, .tri = PB_TRI_UNKNOWN, .lo = -INFINITY, .hi = INFINITY };
}

static inline PbTri
tri_not (PbTri tri)
{
  switch (tri)
    {
    case PB_TRI_TRUE:  return PB_TRI_FALSE;
    case PB_TRI_FALSE: return PB_TRI_TRUE;
    default:           return PB_TRI_UNKNOWN;
    }
}

static inline PbTri
tri_of (gboolean b)
{
  return b ? PB_TRI_TRUE : PB_TRI_FALSE;
}

static Value eval_node (const PbExpr    *self,
                        guint            index,
                        const PbExprEnv *env);

static Value
eval_question (const Node      *node,
               const PbExprEnv *env)
{
  const PbAnswer *answer = answer_at (env, node->a);
  Value value = { .known = TRUE };

  if (answer == NULL)
    return unknown_value ();

  switch (pb_answer_get_kind (answer))
    {
    case PB_ANSWER_STRING:
      if (node->type != TYPE_STRING)
        return unknown_value ();
      value.string = pb_answer_get_string (answer);
      return value;

    case PB_ANSWER_NUMBER:
      if (node->type != TYPE_NUMBER)
        return unknown_value ();
      value.lo = value.hi = pb_answer_get_number (answer);
      return value;

    case PB_ANSWER_CODES:
      if (node->type != TYPE_SET)
        return unknown_value ();
      value.set = pb_answer_get_codes (answer);
      while (value.set[value.n_set] != NULL)
        value.n_set++;
      return value;

    case PB_ANSWER_UNKNOWN:
    default:
      return unknown_value ();
    }
}

static PbTri
compare_numbers (Op           op,
                 const Value *l,
                 const Value *r)
{
  switch (op)
    {
    case OP_LT:
      return l->hi < r->lo ? PB_TRI_TRUE : l->lo >= r->hi ? PB_TRI_FALSE : PB_TRI_UNKNOWN;
    case OP_LE:
      return l->hi <= r->lo ? PB_TRI_TRUE : l->lo > r->hi ? PB_TRI_FALSE : PB_TRI_UNKNOWN;
    case OP_GT:
      return compare_numbers (OP_LT, r, l);
    case OP_GE:
      return compare_numbers (OP_LE, r, l);
    case OP_EQ:
      if (l->lo == l->hi && r->lo == r->hi && l->lo == r->lo)
        return PB_TRI_TRUE;
      return l->hi < r->lo || r->hi < l->lo ? PB_TRI_FALSE : PB_TRI_UNKNOWN;
    case OP_NE:
      return tri_not (compare_numbers (OP_EQ, l, r));
    default:
      g_assert_not_reached ();
    }
}

static Value
eval_comparison (const PbExpr    *self,
                 const Node      *node,
                 const PbExprEnv *env)
{
  const Node *left_node = &g_array_index (self->nodes, Node, node->a);
  Value l = eval_node (self, node->a, env);
  Value r = eval_node (self, node->b, env);
  int cmp;

  if (left_node->type == TYPE_NUMBER)
    return tri_value (compare_numbers (node->op, &l, &r));

  if (!l.known || !r.known)
    return tri_value (PB_TRI_UNKNOWN);

  if (left_node->type == TYPE_BOOL)
    cmp = (int) l.tri - (int) r.tri;
  else
    cmp = strcmp (l.string, r.string);

  switch (node->op)
    {
    case OP_EQ: return tri_value (tri_of (cmp == 0));
    case OP_NE: return tri_value (tri_of (cmp != 0));
    case OP_LT: return tri_value (tri_of (cmp < 0));
    case OP_LE: return tri_value (tri_of (cmp <= 0));
    case OP_GT: return tri_value (tri_of (cmp > 0));
    case OP_GE: return tri_value (tri_of (cmp >= 0));
    default:    g_assert_not_reached ();
    }
}

static gboolean
set_contains (const Value *set,
              const char  *code)
{
  for (guint i = 0; i < set->n_set; i++)
    {
      if (strcmp (set->set[i], code) == 0)
        return TRUE;
    }

  return FALSE;
}

static Value
eval_membership (const PbExpr    *self,
                 const Node      *node,
                 const PbExprEnv *env)
{
  const Node *left_node = &g_array_index (self->nodes, Node, node->a);
  Value l = eval_node (self, node->a, env);
  Value r = eval_node (self, node->b, env);
  gboolean found = FALSE;

  if (!l.known || !r.known)
    return tri_value (PB_TRI_UNKNOWN);

  if (left_node->type == TYPE_STRING)
    found = set_contains (&r, l.string);
  else
    {
      for (guint i = 0; i < l.n_set && !found; i++)
        found = set_contains (&r, l.set[i]);
    }

  return tri_value (tri_of (node->op == OP_IN ? found : !found));
}

static Value
eval_node (const PbExpr    *self,
           guint            index,
           const PbExprEnv *env)
{
  const Node *node = &g_array_index (self->nodes, Node, index);
  const guint *children = (const guint *) (gpointer) self->children->data;

  switch (node->op)
    {
    case OP_BOOL:
      return tri_value (tri_of (node->b));

    case OP_NUMBER:
      return number_value (node->number, node->number, TRUE);

    case OP_STRING:
      return (Value) { .known = TRUE, .string = g_ptr_array_index (self->items, node->a) };

    case OP_LIST:
      /* [] in an expression with no other strings: no items at all, and
       * &pdata[0] of a NULL pdata is undefined */
      return (Value) {
        .known = TRUE,
        .set = node->b > 0 ? (const char * const *) &g_ptr_array_index (self->items, node->a) : NULL,
        .n_set = node->b,
      };

    case OP_QUESTION:
      return eval_question (node, env);

    case OP_DEFINE:
      return eval_node (node->define, node->define->root, env);

    case OP_AND:
    case OP_OR:
      {
        /* Kleene: a false operand decides "and", a true one decides "or". */
        PbTri decisive = node->op == OP_AND ? PB_TRI_FALSE : PB_TRI_TRUE;
        PbTri result = tri_not (decisive);

        for (guint i = node->a; i < node->a + node->b; i++)
          {
            PbTri tri = eval_node (self, children[i], env).tri;

            if (tri == decisive)
              return tri_value (decisive);
            if (tri == PB_TRI_UNKNOWN)
              result = PB_TRI_UNKNOWN;
          }
        return tri_value (result);
      }

    case OP_NOT:
      return tri_value (tri_not (eval_node (self, node->a, env).tri));

    case OP_EQ:
    case OP_NE:
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE:
      return eval_comparison (self, node, env);

    case OP_IN:
    case OP_NOT_IN:
      return eval_membership (self, node, env);

    case OP_ANSWERED:
      return tri_value (tri_of (answer_at (env, node->a) != NULL));

    case OP_UNKNOWN:
      {
        const PbAnswer *answer = answer_at (env, node->a);

        return tri_value (tri_of (answer != NULL && pb_answer_is_unknown (answer)));
      }

    case OP_COUNT:
      {
        const PbAnswer *answer = answer_at (env, node->a);
        const char * const *codes;
        guint n = 0;

        if (answer == NULL || pb_answer_get_kind (answer) != PB_ANSWER_CODES)
          return unknown_value ();

        codes = pb_answer_get_codes (answer);
        while (codes[n] != NULL)
          n++;
        return number_value (n, n, TRUE);
      }

    case OP_COUNT_TRUE:
      {
        guint n_true = 0, n_unknown = 0;

        for (guint i = node->a; i < node->a + node->b; i++)
          {
            PbTri tri = eval_node (self, children[i], env).tri;

            n_true += tri == PB_TRI_TRUE;
            n_unknown += tri == PB_TRI_UNKNOWN;
          }
        return number_value (n_true, n_true + n_unknown, n_unknown == 0);
      }

    case OP_FIRED:
      if (flag_at (env, node->a) == PB_SEVERITY_NONE)
        return tri_value (PB_TRI_FALSE);
      return tri_value (flag_unresolved (env, node->a) ? PB_TRI_UNKNOWN : PB_TRI_TRUE);

    case OP_FLAG_COUNT:
      {
        guint n = 0, maybe = 0;

        for (guint i = 0; i < env->n_rules; i++)
          {
            if (flag_at (env, i) < node->level)
              continue;
            if (flag_unresolved (env, i))
              maybe++;
            else
              n++;
          }
        return number_value (n, n + maybe, maybe == 0);
      }

    case OP_FLAG_SECTIONS:
      {
        guint n = 0, maybe = 0;

        for (guint s = node->a; s < node->a + node->b; s++)
          {
            gboolean unresolved = FALSE;
            gboolean raised = FALSE;

            for (guint i = 0; i < env->n_rules && !raised; i++)
              {
                if (env->rule_sections != NULL &&
                    env->rule_sections[i] == children[s] &&
                    flag_at (env, i) >= node->level)
                  {
                    if (flag_unresolved (env, i))
                      unresolved = TRUE;
                    else
                      raised = TRUE;
                  }
              }
            n += raised;
            maybe += !raised && unresolved;
          }
        return number_value (n, n + maybe, maybe == 0);
      }

    case OP_OVERRIDDEN:
      return tri_value (tri_of (env->overridden != NULL && node->a < env->n_answers &&
                                env->overridden[node->a]));

    default:
      g_assert_not_reached ();
    }
}

/* Public API --------------------------------------------------------------- */

/**
 * pb_expr_parse:
 * @text: the source of a condition
 * @scope: how names resolve
 * @error_offset: (out) (optional): where the error is, in bytes from @text
 * @error: return location for a #GError
 *
 * Parses and type-checks @text, which must be a condition.
 *
 * Returns: (transfer full): the parsed condition, or %NULL with @error set
 *   to %PB_CORE_ERROR_EXPRESSION
 */
PbExpr *
pb_expr_parse (const char        *text,
               const PbExprScope *scope,
               gsize             *error_offset,
               GError           **error)
{
  g_autoptr(PbExpr) expr = NULL;
  g_autoptr(GArray) item_offsets = NULL;
  g_autoptr(GHashTable) questions_seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) defines_seen = g_hash_table_new (NULL, NULL);
  Parser p = { 0 };
  const char *invalid = NULL;
  guint root;
  gboolean ok;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  expr = g_new0 (PbExpr, 1);
  expr->nodes = g_array_new (FALSE, FALSE, sizeof (Node));
  expr->items = g_ptr_array_new_with_free_func (g_free);
  expr->children = g_array_new (FALSE, FALSE, sizeof (guint));
  expr->questions = g_array_new (FALSE, FALSE, sizeof (guint));
  item_offsets = g_array_new (FALSE, FALSE, sizeof (gsize));

  p.text = text;
  p.scope = scope;
  p.expr = expr;
  p.item_offsets = item_offsets;
  p.questions_seen = questions_seen;
  p.defines_seen = defines_seen;

  if (!g_utf8_validate (text, -1, &invalid))
    ok = fail (&p, invalid - text, _("the expression is not valid UTF-8"));
  else
    ok = lex_at (&p, 0, &p.tok);
  if (ok && p.tok.kind == TOK_END)
    ok = fail (&p, 0, _("empty expression"));
  ok = ok && parse_or (&p, &root);
  if (ok && p.tok.kind != TOK_END)
    {
      g_autofree char *found = describe_token (&p, &p.tok);

      ok = fail (&p, p.tok.start, _("expected the end of the expression but found %s"), found);
    }
  ok = ok && require_condition (&p, root);

  g_clear_pointer (&p.tok.string, g_free);

  if (!ok)
    {
      g_assert (p.error != NULL);
      if (error_offset != NULL)
        *error_offset = p.error_offset;
      g_propagate_error (error, p.error);
      return NULL;
    }

  expr->root = root;
  expr->height = node_at (&p, root)->height;

  return g_steal_pointer (&expr);
}

/**
 * pb_expr_free:
 * @expr: (nullable): a parsed condition
 *
 * Frees @expr. Conditions that name it as a define must be freed first.
 */
void
pb_expr_free (PbExpr *expr)
{
  if (expr == NULL)
    return;

  g_clear_pointer (&expr->nodes, g_array_unref);
  g_clear_pointer (&expr->items, g_ptr_array_unref);
  g_clear_pointer (&expr->children, g_array_unref);
  g_clear_pointer (&expr->questions, g_array_unref);
  g_free (expr);
}

/**
 * pb_expr_eval:
 * @expr: a parsed condition
 * @env: the answers and the flags raised so far
 *
 * Evaluates @expr with Kleene's three-valued logic. It allocates nothing.
 *
 * Returns: whether the condition holds, or %PB_TRI_UNKNOWN
 */
PbTri
pb_expr_eval (const PbExpr    *expr,
              const PbExprEnv *env)
{
  g_return_val_if_fail (expr != NULL, PB_TRI_UNKNOWN);
  g_return_val_if_fail (env != NULL, PB_TRI_UNKNOWN);

  return eval_node (expr, expr->root, env).tri;
}

/**
 * pb_expr_collect_questions:
 * @expr: a parsed condition
 * @indices: (element-type guint): where to append
 *
 * Appends the indices of the questions @expr reads, through named conditions
 * too, that @indices does not hold yet, in the order they are first read.
 */
void
pb_expr_collect_questions (const PbExpr *expr,
                           GArray       *indices)
{
  g_return_if_fail (expr != NULL);
  g_return_if_fail (indices != NULL);

  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < indices->len; i++)
    g_hash_table_add (seen, GUINT_TO_POINTER (g_array_index (indices, guint, i) + 1));

  for (guint i = 0; i < expr->questions->len; i++)
    {
      guint index = g_array_index (expr->questions, guint, i);

      if (g_hash_table_add (seen, GUINT_TO_POINTER (index + 1)))
        g_array_append_val (indices, index);
    }
}

static inline void
add_rule (GArray *indices,
          guint8 *seen,
          guint   rule)
{
  if (!seen[rule])
    {
      seen[rule] = TRUE;
      g_array_append_val (indices, rule);
    }
}

static void
collect_rules (const PbExpr    *expr,
               const PbExprEnv *env,
               GArray          *indices,
               guint8          *seen)
{
  const guint *children = (const guint *) (gpointer) expr->children->data;

  for (guint n = 0; n < expr->nodes->len; n++)
    {
      const Node *node = &g_array_index (expr->nodes, Node, n);

      switch (node->op)
        {
        case OP_DEFINE:
          if (node->define->reads_flags)
            collect_rules (node->define, env, indices, seen);
          break;

        case OP_FIRED:
          if (flag_at (env, node->a) != PB_SEVERITY_NONE)
            add_rule (indices, seen, node->a);
          break;

        case OP_FLAG_COUNT:
          for (guint i = 0; i < env->n_rules; i++)
            if (flag_at (env, i) >= node->level)
              add_rule (indices, seen, i);
          break;

        case OP_FLAG_SECTIONS:
          for (guint i = 0; i < env->n_rules && env->rule_sections != NULL; i++)
            {
              if (flag_at (env, i) < node->level)
                continue;
              for (guint s = node->a; s < node->a + node->b; s++)
                if (env->rule_sections[i] == children[s])
                  {
                    add_rule (indices, seen, i);
                    break;
                  }
            }
          break;

        default:
          break;
        }
    }
}

/**
 * pb_expr_collect_rules:
 * @expr: a parsed condition
 * @env: the flags raised so far, as for pb_expr_eval()
 * @indices: (element-type guint): where to append
 *
 * Appends the indices of the rules whose raised flags @expr reads under @env,
 * through named conditions too, that @indices does not hold yet: the rule
 * fired() names if it is raised, every rule raised at the level
 * flag_count() counts, every rule of the listed sections raised at the level
 * flag_sections() counts. With the questions that raised those flags, this
 * says why a compound rule fired.
 */
void
pb_expr_collect_rules (const PbExpr    *expr,
                       const PbExprEnv *env,
                       GArray          *indices)
{
  guint8 on_stack[512] = { 0 };
  g_autofree guint8 *on_heap = NULL;
  guint8 *seen = on_stack;

  g_return_if_fail (expr != NULL);
  g_return_if_fail (env != NULL);
  g_return_if_fail (indices != NULL);

  if (!expr->reads_flags || env->n_rules == 0)
    return;

  /* Rules are only read from env->flag_levels, so no index reaches n_rules. */
  if (env->n_rules > sizeof on_stack)
    seen = on_heap = g_malloc0 (env->n_rules);
  for (guint i = 0; i < indices->len; i++)
    if (g_array_index (indices, guint, i) < env->n_rules)
      seen[g_array_index (indices, guint, i)] = TRUE;

  collect_rules (expr, env, indices, seen);
}

/**
 * pb_expr_get_work:
 * @expr: a parsed condition
 * @n_rules: how many rules the questionnaire has
 *
 * Returns: at most how many steps one evaluation of @expr takes, or
 *   pb_expr_collect_rules() over it, named conditions expanded
 */
guint64
pb_expr_get_work (const PbExpr *expr,
                  guint         n_rules)
{
  g_return_val_if_fail (expr != NULL, 0);

  /* Both are at most PB_EXPR_MAX_WORK + 1 + a string's length: no overflow. */
  return expr->work + expr->rule_scans * n_rules;
}

/**
 * pb_expr_reads_flags:
 * @expr: a parsed condition
 *
 * Returns: whether @expr, or a named condition it uses, reads the flags
 *   raised so far (fired(), flag_count(), flag_sections())
 */
gboolean
pb_expr_reads_flags (const PbExpr *expr)
{
  g_return_val_if_fail (expr != NULL, FALSE);

  return expr->reads_flags;
}
