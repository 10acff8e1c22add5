/* first-frame.c: how long a program takes to draw its first frame on X11
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   first-frame COMMAND [ARG...]
 *
 * Starts COMMAND and waits, without polling, for the X server to report
 * that something was drawn into a top-level window the command made (the
 * DAMAGE extension: the server tells us as soon as the contents of a
 * watched window change, whatever renderer drew them). Prints two numbers
 * of milliseconds since the start, "map FIRST_FRAME", then ends the
 * command. A window that is only mapped is not a frame: a GTK window has
 * no background for the server to paint, so the first damage is the
 * program's own drawing. Exits 1 when no frame came within 60 seconds.
 *
 * The X display is the one in $DISPLAY; run it in a fresh Xvfb with
 * nothing else on it (bench-startup.sh does).
 */

#include <X11/Xlib.h>
#include <X11/extensions/Xdamage.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TIMEOUT_MS 60000

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);

  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Windows that come and go (a menu, a drag icon) may be gone before we
 * ask about them: not an error worth stopping for. */
static int
ignore_x_error (Display     *display,
                XErrorEvent *event)
{
  return 0;
}

static void
stop (pid_t pid)
{
  kill (pid, SIGTERM);
  for (int i = 0; i < 50; i++)
    {
      if (waitpid (pid, NULL, WNOHANG) == pid)
        return;
      usleep (20000);
    }
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
}

int
main (int   argc,
      char *argv[])
{
  Display *display;
  Window root;
  int damage_event, damage_error;
  double start, mapped = -1, drawn = -1;
  pid_t pid;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s COMMAND [ARG...]\n", argv[0]);
      return 2;
    }

  if ((display = XOpenDisplay (NULL)) == NULL)
    {
      fprintf (stderr, "first-frame: cannot open the X display\n");
      return 2;
    }
  if (!XDamageQueryExtension (display, &damage_event, &damage_error))
    {
      fprintf (stderr, "first-frame: the X server has no DAMAGE extension\n");
      return 2;
    }
  XSetErrorHandler (ignore_x_error);
  root = DefaultRootWindow (display);
  /* Top-level windows are the root's children (no window manager). */
  XSelectInput (display, root, SubstructureNotifyMask);
  XSync (display, False);

  start = now_ms ();
  if ((pid = fork ()) < 0)
    {
      perror ("first-frame: fork");
      return 2;
    }
  if (pid == 0)
    {
      close (ConnectionNumber (display));
      execvp (argv[1], argv + 1);
      fprintf (stderr, "first-frame: %s: %s\n", argv[1], strerror (errno));
      _exit (127);
    }

  while (drawn < 0)
    {
      struct pollfd pfd = { ConnectionNumber (display), POLLIN, 0 };
      int left = (int) (start + TIMEOUT_MS - now_ms ());
      XEvent event;

      if (XPending (display) == 0)
        {
          if (left <= 0 || waitpid (pid, NULL, WNOHANG) == pid)
            break;
          if (poll (&pfd, 1, left < 100 ? left : 100) < 0 && errno != EINTR)
            break;
          continue;
        }

      XNextEvent (display, &event);
      if (event.type == CreateNotify && event.xcreatewindow.parent == root)
        /* Watched from its creation, before anything can be drawn in it. */
        XDamageCreate (display, event.xcreatewindow.window, XDamageReportNonEmpty);
      else if (event.type == MapNotify && event.xmap.event == root && mapped < 0)
        mapped = now_ms () - start;
      else if (event.type == damage_event + XDamageNotify)
        {
          XDamageNotifyEvent *damage = (XDamageNotifyEvent *) &event;

          /* Nothing drawn into an unmapped window shows: wait for more. */
          if (mapped >= 0)
            drawn = now_ms () - start;
          else
            XDamageSubtract (display, damage->damage, None, None);
        }
    }

  stop (pid);
  XCloseDisplay (display);

  if (drawn < 0)
    {
      fprintf (stderr, "first-frame: %s drew no window within %d s\n", argv[1], TIMEOUT_MS / 1000);
      return 1;
    }

  printf ("%.1f %.1f\n", mapped, drawn);

  return 0;
}
