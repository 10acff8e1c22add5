#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End to end, keyboard only: starts the real `probity` binary under Xvfb and
# drives it with nothing but key presses (xdotool key/type, the XTEST
# extension, as a keyboard would): Ctrl+N for a new assessment, the customer
# and product typed in, Ctrl+Return to create it, questions of several types
# answered with typing, Tab, Space, arrows and Return, Alt+Right to the next
# section (refused until the section's required answers are given, which
# moves the focus to each missing one), a country chosen by typing in the
# second section. sqlite3 then checks that every answer landed.
#
# A second run goes all the way: a case on the short governance
# questionnaire, every required answer, Alt+S to submit, Alt+D and a typed
# reason to approve, the signed report with a PKCS#12 file made here with
# openssl (typed into the file chooser) and its passphrase; the report is
# signed, stored, saved and opened in the (stand-in) viewer.
#
# A third types a number and presses Ctrl+Q at once, before the pause that
# autosaves: the number is in the database when the application has quit.
#
# usage: e2e-keyboard.py PROBITY-BINARY WORK-DIR

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

# An application built with AddressSanitizer (make test-sanitize) runs
# several times slower, and so does any on a machine busier than its cores
# (other suites run beside this one): every pause and time-out grows with
# it, so that keys are not sent before the window they are meant for is
# ready.
SLOW = ((3.0 if 'ASAN_OPTIONS' in os.environ else 1.0) *
        min(4.0, max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))))
TIMEOUT = 20.0 * SLOW


def pause(seconds):
    time.sleep(seconds * SLOW)


def log(message):
    print('# ' + message, flush=True)


def xdotool(*args):
    return subprocess.run(['xdotool'] + list(args), check=True, capture_output=True,
                          text=True, timeout=TIMEOUT).stdout.strip()


def key(*keys):
    for k in keys:
        xdotool('key', '--delay', '60', k)
        pause(0.12)


def type_text(text):
    xdotool('type', '--delay', '40', text)
    pause(0.2)


def focused_window_name():
    try:
        return xdotool('getwindowfocus', 'getwindowname')
    except subprocess.CalledProcessError:
        return ''


def window_ids(name):
    result = subprocess.run(['xdotool', 'search', '--onlyvisible', '--name', name],
                            capture_output=True, text=True, timeout=TIMEOUT)
    return result.stdout.split()


def wait_for(what, probe, seconds=TIMEOUT):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = probe()
        if result:
            return result
        pause(0.2)
    raise AssertionError('timed out waiting for %s (focus on %r)' % (what, focused_window_name()))


def query(db, sql):
    if not os.path.exists(db):
        return []
    connection = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
    try:
        return connection.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        connection.close()


def answers(db):
    return dict(query(db, 'SELECT question_id, value FROM answers'))


def wait_for_store(db):
    """The window opens its database in a worker: Ctrl+N does nothing
    until the new file is made (its application id set last) and the
    window has it."""
    wait_for('the database', lambda: query(db, 'PRAGMA application_id') not in ([], [(0,)]))
    pause(0.5)


def wait_for_answers(db, expected, seconds=TIMEOUT):
    def probe():
        stored = answers(db)
        return stored if all(stored.get(q) == v for q, v in expected.items()) else None
    try:
        return wait_for('answers %s' % sorted(expected), probe, seconds)
    except AssertionError:
        raise AssertionError('expected %s, the database has %s' % (expected, answers(db)))


def settle_after_popover():
    """Return in a drop-down or country list saves the choice and closes
    its popover; GTK gives the focus back to the button when the popover's
    surface is gone, a frame or more later. Keys sent before then land in
    the popover or move the restored focus."""
    pause(1.0)


def choose_country_in_new_wizard(db, question, search, code):
    """The wizard of a new case puts the focus in its first question, a
    country list: Space opens it, typing searches, Return picks. On a
    loaded machine the keys can arrive before the wizard has opened and
    taken the focus; then close whatever they opened and try again, as a
    person would who sees that nothing happened."""
    for attempt in range(3):
        key('space')
        pause(0.4)
        type_text(search)
        key('Return')
        try:
            stored = wait_for_answers(db, {question: json.dumps(code)}, seconds=6 * SLOW)
            settle_after_popover()
            return stored
        except AssertionError:
            if attempt == 2:
                raise
            log('%s not answered yet: trying again' % question)
            key('Escape')
            pause(1.0)


def wait_for_text(db, question, text, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if answers(db).get(question) == json.dumps(text):
            return
        pause(0.2)
    raise AssertionError('%s is not %r' % (question, text))


def fresh_db(work, name):
    db = os.path.join(work, name)
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(db + suffix):
            os.unlink(db + suffix)
    return db


def act_as(config, name, role):
    """Who the preferences name, written where the keyfile backend reads
    them; the running app sees the change as a user's edit would be seen."""
    folder = os.path.join(config, 'glib-2.0', 'settings')
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, 'keyfile'), 'w') as f:
        f.write("[io/github/probity/Probity]\nassessor-name='%s'\nassessor-role='%s'\n"
                "organisation='Probity Test'\n" % (name, role))


def focus_main_window():
    # There is no window manager under Xvfb to hand the keyboard back to
    # a window when the dialog above it closes; do its job.
    if focused_window_name() != 'Probity':
        xdotool('windowfocus', '--sync', window_ids('^Probity$')[0])


def new_case_and_answers(binary, work):
    db = fresh_db(work, 'keyboard.db')
    env = dict(os.environ)
    env['PROBITY_DB'] = db
    app_process = subprocess.Popen([binary], env=env)
    try:
        wait_for('the main window to take the keyboard', lambda: focused_window_name() == 'Probity')
        wait_for_store(db)
        log('main window has the keyboard')

        key('ctrl+n')
        wait_for('the New Assessment dialog', lambda: focused_window_name() == 'New Assessment')
        pause(0.5)
        # The customer's name has the focus; Tab to aliases, to the country
        # list (Space opens it, typing searches, Return picks), past entity
        # type to the product's name, then its version.
        type_text('Rotterdam Parking Services')
        key('Tab', 'Tab', 'space')
        pause(0.4)
        type_text('Netherl')
        key('Return', 'Tab', 'Tab')
        type_text('PlateReader ANPR')
        key('Tab')
        type_text('2.4')
        key('ctrl+Return')
        wait_for('the case in the database', lambda: query(db, 'SELECT id FROM cases'))
        wait_for('the dialog to close', lambda: not window_ids('^New Assessment$'))
        focus_main_window()
        customers = [row[0] for row in query(db, 'SELECT name FROM customers')]
        products = [row[0] for row in query(db, 'SELECT name FROM products')]
        assert customers == ['Rotterdam Parking Services'], customers
        countries = [row[0] for row in query(db, 'SELECT country FROM customers')]
        assert countries == ['NL'], countries
        assert products == ['PlateReader ANPR'], products
        log('case created from the keyboard')
        pause(0.5)

        # The wizard opens on the parties and jurisdictions, the focus in
        # S0.01, a searchable country list.
        choose_country_in_new_wizard(db, 'S0.01', 'Netherl', 'NL')
        # The deployment country came from the dialog (the customer's), not
        # asked again. Alt+Right is refused while required answers are
        # missing and puts the focus on the first one: the first check box
        # of S0.03, then the first radio button of S0.04.
        key('alt+Right', 'space')
        key('alt+Right', 'space')
        wait_for_answers(db, {
            'S0.01': '"NL"',
            'S0.02': '"NL"',
            'S0.03': '["eu"]',
            'S0.04': '"none"',
        })
        log('answered a country, a multiple and a single choice in section 0; the other country was carried')

        # Section 1: the focus is in S1.01 (text). On a loaded machine the
        # first keys can arrive before it is; then select what landed in the
        # entry and type it again, as a person would.
        key('alt+Right')
        pause(0.5)
        s101 = 'PlateReader ANPR 2.4, car-park edition'
        type_text(s101)
        for attempt in range(3):
            try:
                wait_for_text(db, 'S1.01', s101, 5 * SLOW)
                break
            except AssertionError:
                log('S1.01 holds %r; typing it again' % answers(db).get('S1.01'))
                key('ctrl+a')
                type_text(s101)
        # Tab: Not known, Comment and evidence, S1.02's Clear and guidance
        # buttons, S1.02's drop-down, which holds the family the dialog gave
        # (with a comment saying so); Space opens it, typing the start of a
        # choice searches,
        # Return takes the first match.
        key('Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'space')
        pause(0.4)
        type_text('Video')
        key('Return')
        wait_for_answers(db, {'S1.02': '"vms"'})
        settle_after_popover()
        # Tab: Comment and evidence (open), the comment, Attach Evidence,
        # S1.03's guidance, its first check box.
        key('Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'space', 'Tab', 'space')
        wait_for_answers(db, {
            'S1.01': '"PlateReader ANPR 2.4, car-park edition"',
            'S1.02': '"vms"',
            'S1.03': '["live-video","recording"]',
        })
        log('answered a text, a drop-down and two check boxes')

        # The refusal again: radio buttons (arrows move and choose; S1.06's
        # fourth, "not listed"), then single and multiple choices.
        key('alt+Right', 'Down', 'Down', 'Down', 'space')
        key('alt+Right', 'Down', 'space')
        key('alt+Right', 'space')
        key('alt+Right', 'space')
        key('alt+Right', 'space')
        wait_for_answers(db, {
            'S1.06': '"not-listed"',
            'S1.07': '"no"',
            'S1.10': '"none"',
            'S1.14': '["none"]',
            'S1.15': '"none"',
        })
        log('answered the missing required questions the refusal pointed at')

        # Section 2: the focus is in S2.02a, the EU list screening.
        key('alt+Right')
        pause(0.5)
        key('space')
        wait_for_answers(db, {'S2.02a': '"clear"'})
        log('moved to section 2 and answered a screening there')
    except Exception:
        # What the screen showed, for whoever reads the failure.
        subprocess.run(['import', '-window', 'root', os.path.join(work, 'failure-new-case.png')], check=False)
        raise
    finally:
        stop(app_process)


def make_p12(work):
    key = os.path.join(work, 'key.pem')
    cert = os.path.join(work, 'cert.pem')
    p12 = os.path.join(work, 'reviewer.p12')
    ca_key = os.path.join(work, 'ca-key.pem')
    ca_cert = os.path.join(work, 'ca.pem')
    # A signer's certificate is issued by a CA: a self-signed one may not sign.
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', ca_key, '-out', ca_cert,
                    '-days', '30', '-subj', '/CN=Probity Test CA'], check=True, capture_output=True)
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
                    '-days', '30', '-subj', '/C=SE/O=Probity Test/CN=Rev Iewer', '-CA', ca_cert, '-CAkey', ca_key,
                    '-addext', 'basicConstraints=CA:FALSE',
                    '-addext', 'keyUsage=critical,digitalSignature,nonRepudiation'],
                   check=True, capture_output=True)
    subprocess.run(['openssl', 'pkcs12', '-export', '-inkey', key, '-in', cert,
                    '-passout', 'pass:secret', '-out', p12], check=True, capture_output=True)
    for path in (key, cert, ca_key, ca_cert):
        os.unlink(path)
    return p12


def stand_in_viewer(work, env):
    """A PDF viewer that only leaves a mark, as the user's default."""
    marker = os.path.join(work, 'viewer-opened')
    if os.path.exists(marker):
        os.unlink(marker)
    data = os.path.join(work, 'data')
    config = os.path.join(work, 'config')
    os.makedirs(os.path.join(data, 'applications'), exist_ok=True)
    os.makedirs(config, exist_ok=True)
    with open(os.path.join(data, 'applications', 'pb-test-viewer.desktop'), 'w') as f:
        f.write('[Desktop Entry]\nType=Application\nName=Viewer\nExec=touch %s\n'
                'MimeType=application/pdf;\n' % marker)
    with open(os.path.join(config, 'mimeapps.list'), 'w') as f:
        f.write('[Default Applications]\napplication/pdf=pb-test-viewer.desktop\n')
    env['XDG_DATA_HOME'] = data
    env['XDG_CONFIG_HOME'] = config
    return marker


def governance_case(db):
    """Creates a governance case from the keyboard and answers it up to
    the first number question of section 2, which then has the focus."""
    wait_for('the main window to take the keyboard', lambda: focused_window_name() == 'Probity')
    wait_for_store(db)
    key('ctrl+n')
    wait_for('the New Assessment dialog', lambda: focused_window_name() == 'New Assessment')
    pause(0.5)
    type_text('Acme Security Services')
    key('Tab', 'Tab', 'Tab', 'Tab')
    type_text('Gadget')
    key('Tab')
    type_text('1')
    # Tab past family and capabilities to the questionnaire; the list
    # opens on the suggested one, the first is the governance one.
    key('Tab', 'Tab', 'Tab', 'space')
    pause(0.4)
    key('Down', 'Up', 'Return', 'ctrl+Return')
    wait_for('the case in the database', lambda: query(db, 'SELECT id FROM cases'))
    wait_for('the dialog to close', lambda: not window_ids('^New Assessment$'))
    focus_main_window()
    pause(0.5)
    questionnaire = query(db, 'SELECT q.qid FROM cases c JOIN questionnaires q ON q.sha256 = c.questionnaire_sha256')
    assert questionnaire == [('governance',)], questionnaire

    # Section 1: five yes/no questions, each reached by the refusal to
    # go on; section 2 starts on an optional one, the refusal then
    # leads through the required ones (two of them numbers).
    key('space')
    for _ in range(4):
        key('alt+Right', 'space')
    key('alt+Right', 'alt+Right', 'space', 'alt+Right')


def ctrl_q_saves(binary, work):
    """Typed, then Ctrl+Q at once, before the pause that autosaves: the
    answer is in the database when the application has quit."""
    db = fresh_db(work, 'quit.db')
    env = dict(os.environ)
    env['PROBITY_DB'] = db
    app_process = subprocess.Popen([binary], env=env)
    try:
        governance_case(db)
        wait_for_answers(db, {'S9.01': '"yes"', 'S9.05': '"yes"', 'S9.07': '"yes"'})
        pause(0.5)
        type_text('42')
        key('ctrl+q')
        status = app_process.wait(30)
        assert status == 0, 'probity exited with %d' % status
        stored = answers(db).get('S9.08')
        assert stored == '42', 'S9.08 after Ctrl+Q is %r, not 42' % stored
        log('the number typed just before Ctrl+Q was saved')
    except Exception:
        subprocess.run(['import', '-window', 'root', os.path.join(work, 'failure-quit.png')], check=False)
        raise
    finally:
        stop(app_process)


def signed_report(binary, work):
    db = fresh_db(work, 'signed.db')
    home = os.path.join(work, 'home')
    os.makedirs(home, exist_ok=True)
    # What a run left, caches included.
    for name in os.listdir(home):
        path = os.path.join(home, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)
    p12 = make_p12(work)
    env = dict(os.environ)
    env['PROBITY_DB'] = db
    env['HOME'] = home
    marker = stand_in_viewer(work, env)
    env['GSETTINGS_BACKEND'] = 'keyfile'
    act_as(env['XDG_CONFIG_HOME'], 'Åsa Lindqvist', 'sales')
    app_process = subprocess.Popen([binary], env=env)
    try:
        governance_case(db)
        type_text('3')
        key('Tab', 'alt+Right', 'space', 'alt+Right')
        type_text('2')
        key('Tab')
        wait_for_answers(db, {'S9.01': '"yes"', 'S9.05': '"yes"', 'S9.07': '"yes"', 'S9.08': '3',
                              'S9.09': '"yes"', 'S9.10': '2'})
        log('answered every required question of the governance questionnaire')

        # Alt+Right to the review page; the buttons' mnemonics do the rest.
        key('alt+Right')
        pause(0.5)
        key('alt+s')
        wait_for('the submission', lambda: query(db, 'SELECT status FROM revisions') == [('submitted',)])
        # The legal reviewer takes over at the same desk: the store records
        # whoever the preferences name at the moment of each action.
        act_as(env['XDG_CONFIG_HOME'], 'Rev Iewer', 'reviewer')
        pause(1.0)
        key('alt+d')
        wait_for('the decision dialog', lambda: window_ids('^Record Decision$') or
                 focused_window_name() == 'Record Decision')
        pause(0.4)
        # Nothing is chosen in advance: Alt+A chooses Approve, Alt+O goes
        # to the reason, which takes several lines; Ctrl+Return records it.
        key('alt+a')
        pause(0.2)
        key('alt+o')
        pause(0.2)
        type_text('Governance in place')
        key('Return')
        type_text('Board minutes attached')
        key('ctrl+Return')
        wait_for('the decision', lambda: query(db, 'SELECT status FROM revisions') == [('approved',)])
        reasons = [r for (r,) in query(db, 'SELECT reason FROM events WHERE reason IS NOT NULL')]
        assert 'Governance in place\nBoard minutes attached' in reasons, reasons
        log('submitted and approved from the keyboard, with a reason of two lines')

        # The focus is on Create Signed Report; the dialog opens on Choose.
        wait_for('the decision dialog to close', lambda: not window_ids('^Record Decision$'))
        focus_main_window()
        pause(0.3)
        key('space')
        wait_for('the sign dialog', lambda: window_ids('^Create Signed Report$'))
        pause(0.5)
        key('space')
        wait_for('the file chooser', lambda: window_ids('^Choose Signing Certificate$'))
        pause(0.8)
        type_text(p12)
        key('Return')
        wait_for('the file chooser to close', lambda: not window_ids('^Choose Signing Certificate$'))
        if focused_window_name() != 'Create Signed Report':
            xdotool('windowfocus', '--sync', window_ids('^Create Signed Report$')[0])
        pause(0.4)
        # The certificate is chosen: the focus is on the passphrase.
        type_text('secret')
        key('Return')
        wait_for('the signature', lambda: query(db, 'SELECT status FROM revisions') == [('signed',)])

        signers = query(db, 'SELECT name, role, organisation FROM sign_offs')
        assert signers == [('Rev Iewer', 'reviewer', 'Probity Test')], signers
        actors = query(db, "SELECT user, role FROM events WHERE kind = 'status-changed' ORDER BY seq")
        assert actors == [('Åsa Lindqvist', 'sales'), ('Rev Iewer', 'reviewer')], actors
        reports = wait_for('the saved report', lambda: [n for n in os.listdir(home) if n.endswith('-report.pdf')])
        with open(os.path.join(home, reports[0]), 'rb') as f:
            assert f.read(5) == b'%PDF-', 'the saved report is not a PDF'
        wait_for('the report to open in the viewer', lambda: os.path.exists(marker))
        log('signed report %s saved and opened' % reports[0])
    except Exception:
        subprocess.run(['import', '-window', 'root', os.path.join(work, 'failure-signed.png')], check=False)
        raise
    finally:
        stop(app_process)


def stop(app_process):
    app_process.terminate()
    try:
        app_process.wait(5)
    except subprocess.TimeoutExpired:
        app_process.kill()


def main():
    binary, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    log('pauses and time-outs x%.1f (load %.1f on %d cores)' % (SLOW, os.getloadavg()[0], os.cpu_count() or 1))
    tests = [('/pb/gui/e2e/keyboard-only', new_case_and_answers),
             ('/pb/gui/e2e/keyboard-signed-report', signed_report),
             ('/pb/gui/e2e/ctrl-q-saves', ctrl_q_saves)]
    failed = False
    print('1..%d' % len(tests), flush=True)
    for number, (name, run) in enumerate(tests, 1):
        try:
            run(binary, work)
            print('ok %d %s' % (number, name), flush=True)
        except Exception as error:  # report as TAP so meson shows the reason
            print('not ok %d %s # %s' % (number, name, error), flush=True)
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
