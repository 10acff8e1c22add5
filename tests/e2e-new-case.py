#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End to end: starts the real `probity` binary, drives it through the
# accessibility tree (AT-SPI) the way a screen reader would, creates a case
# through the New Assessment dialog, sees the wizard open on its first
# section, and checks with sqlite3 that the case, pinned to questionnaire
# 2.0.0 and its country reference data, landed in the database. On the
# way it checks every name a screen reader hears, with a drop-down open.
#
# Run inside dbus-run-session and xvfb-run (the meson test does), with
# Debian's /usr/bin/python3 so that pyatspi is found.
#
# usage: e2e-new-case.py PROBITY-BINARY WORK-DIR

import os
import sqlite3
import subprocess
import sys
import time

import pyatspi

TIMEOUT = 20.0


def log(message):
    print('# ' + message, flush=True)


def find(acc, role, name=None, contains=None):
    """Depth-first search for an accessible by role and (part of) its name."""
    if acc is None:
        return None
    try:
        if acc.getRoleName() == role and \
           (name is None or acc.name == name) and \
           (contains is None or contains in acc.name):
            return acc
        children = [acc.getChildAtIndex(i) for i in range(acc.childCount)]
    except Exception:
        return None
    for child in children:
        found = find(child, role, name, contains)
        if found is not None:
            return found
    return None


def find_all(acc, role, name, found=None):
    if found is None:
        found = []
    if acc is None:
        return found
    try:
        if acc.getRoleName() == role and acc.name == name:
            found.append(acc)
        children = [acc.getChildAtIndex(i) for i in range(acc.childCount)]
    except Exception:
        return found
    for child in children:
        find_all(child, role, name, found)
    return found


def sensitive(acc):
    """@acc if it can be used now, else None."""
    try:
        return acc if acc is not None and acc.getState().contains(pyatspi.STATE_SENSITIVE) else None
    except Exception:
        return None


def wait_for(what, probe):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        result = probe()
        if result:
            return result
        time.sleep(0.2)
    app = application()
    frames = [app.getChildAtIndex(i).name for i in range(app.childCount)] if app else []
    roles = [app.getChildAtIndex(i).getRoleName() for i in range(app.childCount)] if app else []
    raise AssertionError('timed out waiting for %s (windows: %s %s)' % (what, frames, roles))


def editable(acc):
    """The accessible itself or the descendant that takes text."""
    if 'EditableText' in pyatspi.listInterfaces(acc):
        return acc.queryEditableText()
    for i in range(acc.childCount):
        found = editable(acc.getChildAtIndex(i))
        if found is not None:
            return found
    return None


def click(acc):
    action = acc.queryAction()
    for i in range(action.nActions):
        if action.getName(i) == 'click':
            action.doAction(i)
            return
    raise AssertionError('no click action on ' + acc.name)


def application():
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is not None and app.name == 'probity':
            return app
    return None


def frame(title):
    app = application()
    for i in range(app.childCount if app else 0):
        child = app.getChildAtIndex(i)
        if child is not None and child.getRoleName() in ('frame', 'dialog') and child.name == title:
            return child
    return None


# What a screen reader must never hear: a type name for want of a name
# ("GtkListView", "GtkLabel"), a mnemonic mark or the same words twice
# ("_Add Party Add Party"), or nothing at all on a control.
NAMED_ROLES = {'push button', 'toggle button', 'check box', 'radio button', 'combo box', 'text',
               'spin button', 'menu item', 'link', 'slider', 'switch', 'page tab', 'password text',
               'list item', 'table cell', 'check menu item', 'radio menu item', 'list',
               'progress bar', 'status bar'}
BUTTON_ROLES = {'push button', 'toggle button', 'check box', 'radio button', 'menu item', 'link'}


def misnamed(acc, path='', found=None):
    """Every named role under @acc whose name is wrong, with its path."""
    if found is None:
        found = []
    try:
        role, name = acc.getRoleName(), acc.name or ''
        children = [acc.getChildAtIndex(i) for i in range(acc.childCount)]
    except Exception:
        return found
    here = '%s/%s "%s"' % (path, role, name[:30])
    words = name.split()
    half = len(words) // 2
    if role in NAMED_ROLES:
        if not name.strip():
            found.append(here + ': no name')
        elif name.startswith('Gtk') or name.startswith('Adw'):
            found.append(here + ': a type name')
        elif len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]:
            found.append(here + ': the same words twice')
        elif role in BUTTON_ROLES and '_' in name:
            found.append(here + ': a mnemonic mark')
    for child in children:
        misnamed(child, here, found)
    return found


def assert_well_named(acc, where):
    found = misnamed(acc)
    assert not found, '%s: %d badly named, the first: %s' % (where, len(found), '; '.join(found[:3]))
    log('%s: every control well named' % where)


def list_items(acc):
    return [acc.getChildAtIndex(i) for i in range(acc.childCount)
            if acc.getChildAtIndex(i) is not None and acc.getChildAtIndex(i).getRoleName() == 'list item']


def stored_answers(db):
    connection = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
    try:
        return dict(connection.execute('SELECT question_id, value FROM answers'))
    finally:
        connection.close()


def main():
    binary, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    db = os.path.join(work, 'e2e.db')
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(db + suffix):
            os.unlink(db + suffix)

    env = dict(os.environ)
    env.pop('GTK_A11Y', None)      # the real AT-SPI bridge, not the test one
    env['PROBITY_DB'] = db
    app_process = subprocess.Popen([binary], env=env)
    try:
        wait_for('the probity application on the bus', application)
        main_window = wait_for('the main window', lambda: frame('Probity'))
        log('main window is up')

        # The database is opened in a worker: the button waits for it.
        click(wait_for('New Assessment', lambda: sensitive(find(main_window, 'push button', 'New Assessment'))))
        dialog = wait_for('the New Assessment dialog', lambda: frame('New Assessment'))

        # The country drop-down opened: its list reads as the drop-down,
        # each item as the country it shows.
        assert_well_named(dialog, 'the New Assessment dialog')
        click(find(find(dialog, 'combo box', 'Customer Country'), 'push button', 'Customer Country'))
        countries = wait_for('the open list of countries',
                             lambda: find(dialog, 'list', 'Customer Country'))
        items = wait_for('the countries in the list', lambda: list_items(countries))
        assert all(item.name for item in items), [item.name for item in items]
        assert any(item.name == 'Afghanistan (AF)' for item in items), [item.name for item in items[:5]]
        assert_well_named(dialog, 'the New Assessment dialog with the country list open')
        click(find(find(dialog, 'combo box', 'Customer Country'), 'push button', 'Customer Country'))

        names = wait_for('the name fields', lambda: find_all(dialog, 'text', 'Name'))
        assert len(names) == 2, 'expected a customer and a product name field'
        editable(names[0]).setTextContents('Rotterdam Parking Services')
        editable(names[1]).setTextContents('PlateReader ANPR')
        version = find(dialog, 'text', 'Version')
        editable(version).setTextContents('2.4')
        time.sleep(0.3)
        click(find(dialog, 'push button', contains='Create'))
        log('case created through the dialog')

        # The wizard replaces the case list in the main window and opens on
        # its first section, the parties and jurisdictions. (Answering it
        # from the keyboard is e2e-keyboard's part: GTK 4.8 gives check
        # buttons and country lists no AT-SPI action to click.)
        wait_for('question S0.01', lambda: find(main_window, 'label', 'Country where the exporter is established'))
        wait_for('question S0.04', lambda: find(main_window, 'label', 'US-origin content and US export rules'))
        log('the wizard shows the parties and jurisdictions')

        # The parties panel: its buttons named once, without their
        # mnemonic; the role's combo row reads as the role it shows.
        wait_for('the Add Party button', lambda: find(main_window, 'push button', 'Add Party'))
        role = find(main_window, 'combo box', 'Role in the deal')
        shown = find(role, 'list', 'Role in the deal')
        assert shown is not None, 'the role row shows its choice in a list without a name'
        assert [item.name for item in list_items(shown)] == ['End user'], \
            [item.name for item in list_items(shown)]
        assert_well_named(application(), 'the wizard')

        connection = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
        cases = [row[0] for row in connection.execute(
            'SELECT q.version FROM cases c JOIN questionnaires q ON q.sha256 = c.questionnaire_sha256')]
        references = [row[0] for row in connection.execute('SELECT reference_sha256 FROM cases')]
        connection.close()
        assert cases == ['2.1.0'], cases
        assert len(references) == 1 and references[0], references

        connection = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
        customers = [row[0] for row in connection.execute('SELECT name FROM customers')]
        connection.close()
        assert customers == ['Rotterdam Parking Services'], customers
        log('found the case, its reference data and the customer in ' + db)
    finally:
        app_process.terminate()
        try:
            app_process.wait(5)
        except subprocess.TimeoutExpired:
            app_process.kill()

    print('1..1')
    print('ok 1 /pb/gui/e2e/new-case-and-answers')


if __name__ == '__main__':
    try:
        main()
    except Exception as error:  # report as TAP so meson shows the reason
        print('1..1')
        print('not ok 1 /pb/gui/e2e/new-case-and-answers # %s' % error)
        sys.exit(1)
