#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails on any text people read that is not in the translation template:
#
# - a C string literal that reads as prose (two words or more) passed to a
#   call that shows it (errors, printing, GTK and libadwaita setters, the
#   report's drawing) without _(), N_(), C_() or a plural call around it;
# - a .ui property or item that holds words but is not translatable="yes"
#   (or explicitly translatable="no");
# - a questionnaire element holding text that the ITS rules do not extract,
#   unless it is code (conditions, references, product families), and any
#   extracted text or factor label missing from the template;
# - the desktop file's and the metainfo's texts missing from the template.
#
# Usage: check-strings.py SOURCE-ROOT TEMPLATE.pot

import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

root, pot_path = sys.argv[1], sys.argv[2]
failures = []

# --- the template ---------------------------------------------------------

def unescape(text):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), text)

def read_msgids(path):
    msgids = set()
    current = None
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if line.startswith('msgid '):
            current = unescape(line[7:-1])
        elif line.startswith('"') and current is not None:
            current += unescape(line[1:-1])
        else:
            if current is not None:
                msgids.add(current)
            current = None
    if current is not None:
        msgids.add(current)
    return msgids

msgids = read_msgids(pot_path)

# --- C sources -------------------------------------------------------------

# Calls whose string arguments people read. Log calls (g_warning, g_debug)
# are for developers and stay in English, as in GNOME.
SINK = re.compile(r'^(g_set_error(_literal)?|g_error_new(_literal)?|g_prefix_error|'
                  r'g_propagate_prefixed_error|g_printerr|g_print|printf|fprintf|puts|fputs|'
                  r'g_option_context_(new|set_summary|set_description)|'
                  r'(gtk|adw)_\w+|pb_cli_\w*(error|print|fail)\w*|'
                  r'draw_\w+|add_\w*(heading|paragraph|line|row|cell|text)\w*|'
                  r'pb_report_data_add_\w+)$')
MARKED = {'_', 'N_', 'C_', 'NC_', 'Q_', 'g_dngettext', 'pb_dngettext', 'ngettext',
          'g_dpgettext2', 'g_dgettext', 'pb_dgettext'}
PROSE = re.compile(r"[A-Za-z][a-z]+[,:;]? [a-z]+")
TOKEN = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                   r'|[A-Za-z_][A-Za-z0-9_]*|[(){};]|\n|.', re.S)
# Programs for developers, not users.
C_EXEMPT = {'app/gui/screenshots.c'}

def words_of(literal):
    text = re.sub(r'%[-+ #0-9.*]*(hh|h|ll|l|z|j|t)?[a-zA-Z]', '', literal)
    return re.sub(r'\\.', ' ', text)

for path in sorted(glob.glob(os.path.join(root, 'app', '**', '*.c'), recursive=True)):
    rel = os.path.relpath(path, root)
    if rel in C_EXEMPT:
        continue
    source = open(path, encoding='utf-8').read()
    stack = []
    last = None
    line = 1
    for match in TOKEN.finditer(source):
        token = match.group(0)
        if token == '\n':
            line += 1
            continue
        if token.startswith('/*') or token.startswith('//'):
            line += token.count('\n')
            continue
        if token.isspace():
            continue
        if token == '(':
            stack.append(last if last and re.match(r'[A-Za-z_]', last) else '')
        elif token == ')':
            if stack:
                stack.pop()
        elif token in '{}':
            stack = []
        elif token == ';':
            stack = []
        elif token.startswith('"'):
            literal = token[1:-1]
            if (stack and SINK.match(stack[-1]) and not set(stack) & MARKED
                    and PROSE.search(words_of(literal))):
                failures.append(f'{rel}:{line}: "{literal}" is shown by {stack[-1]}() '
                                'but not marked for translation')
        last = token

# --- .ui files ---------------------------------------------------------------

UI_TEXT = {'label', 'title', 'subtitle', 'tooltip-text', 'tooltip-markup', 'placeholder-text',
           'description', 'text', 'heading', 'body', 'secondary-text', 'primary-text',
           'accessible-name', 'accessible-description'}

for path in sorted(glob.glob(os.path.join(root, 'ui', '**', '*.ui'), recursive=True)):
    rel = os.path.relpath(path, root)
    tree = ET.parse(path)
    for element in tree.iter():
        text = (element.text or '').strip()
        if not re.search(r'[A-Za-z]{2}', text):
            continue
        is_text = ((element.tag in ('property', 'attribute') and element.get('name') in UI_TEXT)
                   or element.tag == 'item' or element.tag == 'relation' and False)
        if not is_text:
            continue
        if element.get('translatable') == 'yes':
            if text not in msgids and ' '.join(text.split()) not in msgids:
                failures.append(f'{rel}: "{text}" is marked translatable but is not in the template '
                                '(is the file in po/POTFILES.in?)')
        elif element.get('translatable') != 'no':
            failures.append(f'{rel}: "{text}" ({element.tag} {element.get("name") or ""}) '
                            'is not marked translatable="yes"')

# --- questionnaires ------------------------------------------------------------

# What po/its/probity-questionnaire.its extracts, and what is code.
Q_TEXT = {'title', 'description', 'label', 'help', 'resolve', 'choice', 'rationale',
          'mitigation', 'note'}
Q_CODE = {'when', 'define', 'factor', 'mitigated-if', 'ref', 'family'}

def collapse(text):
    return ' '.join(text.split())

for path in sorted(glob.glob(os.path.join(root, 'questionnaires', '*.xml'))):
    rel = os.path.relpath(path, root)
    tree = ET.parse(path)
    for element in tree.iter():
        tag = element.tag.split('}')[-1]
        if 'label' in element.attrib and collapse(element.get('label')) not in msgids:
            failures.append(f'{rel}: <{tag} label="{element.get("label")}"> is not in the template')
        text = collapse(''.join(element.itertext()) if tag in Q_TEXT else (element.text or ''))
        if not text:
            continue
        if tag in Q_TEXT:
            if text not in msgids:
                failures.append(f'{rel}: <{tag}> "{text[:80]}" is not in the template')
        elif tag not in Q_CODE:
            failures.append(f'{rel}: <{tag}> holds text ("{text[:60]}") that is neither extracted '
                            'for translation (po/its/probity-questionnaire.its) nor known as code '
                            '(tests/check-strings.py)')

# --- desktop file and metainfo ----------------------------------------------------

for line in open(os.path.join(root, 'data', 'io.github.probity.Probity.desktop.in'), encoding='utf-8'):
    key, _, value = line.rstrip('\n').partition('=')
    if key in ('Name', 'GenericName', 'Comment') and value not in msgids:
        failures.append(f'data/io.github.probity.Probity.desktop.in: {key} "{value}" is not in the template')
    if key == 'Keywords' and value not in msgids:
        failures.append(f'data/io.github.probity.Probity.desktop.in: Keywords "{value}" is not in the template')

metainfo = ET.parse(os.path.join(root, 'data', 'io.github.probity.Probity.metainfo.xml.in'))
for element in metainfo.iter():
    if element.tag in ('name', 'summary', 'p', 'li', 'caption') and element.text and element.text.strip():
        if element.get('translate') == 'no':
            continue
        if collapse(''.join(element.itertext())) not in msgids:
            failures.append(f'data/io.github.probity.Probity.metainfo.xml.in: <{element.tag}> '
                            f'"{element.text.strip()[:60]}" is not in the template')

for failure in failures:
    print(failure, file=sys.stderr)
print(f'{len(msgids)} messages in the template; {len(failures)} texts missing from it')
sys.exit(1 if failures else 0)
