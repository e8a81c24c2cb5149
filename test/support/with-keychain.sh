#!/bin/sh
# Runs a command inside a private D-Bus session with a fresh, unlocked gnome-keyring
# (a real Secret Service), so keychain tests never touch the developer's own keyring.
# Usage: test/support/with-keychain.sh <command> [args...]
set -eu
if [ "${KEYPORT_IN_PRIVATE_KEYCHAIN:-}" = 1 ]; then exec "$@"; fi
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keychain: '$tool' is missing. Install: apt-get install -y gnome-keyring libsecret-tools dbus" >&2
    exit 1
  fi
done
KEYCHAIN_DATA=$(mktemp -d)
trap 'rm -rf "$KEYCHAIN_DATA"' EXIT
export KEYCHAIN_DATA
XDG_DATA_HOME="$KEYCHAIN_DATA" dbus-run-session -- sh -c '
  eval "$(printf keyport-test | gnome-keyring-daemon --unlock --components=secrets | sed "s/^/export /")"
  # --unlock can return before the daemon owns its bus name: wait for it.
  i=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
    i=$((i + 1))
    if [ "$i" -gt 100 ]; then echo "with-keychain: the Secret Service did not start within 10 s" >&2; exit 1; fi
    sleep 0.1
  done
  export KEYPORT_IN_PRIVATE_KEYCHAIN=1
  exec "$@"
' with-keychain "$@"
