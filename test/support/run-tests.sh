#!/bin/sh
# `npm test`: every test suite, inside a private, unlocked Secret Service (gnome-keyring on
# its own D-Bus session), so keychain tests are real and never touch the user's keyring.
# Without gnome-keyring: with CI=true it fails and names what to install; locally the keychain
# tests skip with that same message.
set -eu
cd "$(dirname "$0")/../.."
if command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1; then
  exec test/support/with-keychain.sh npx vitest run "$@"
fi
MESSAGE="The keychain tests need a Secret Service: apt-get install -y gnome-keyring libsecret-tools dbus"
if [ "${CI:-}" = "true" ]; then
  echo "npm test: $MESSAGE" >&2
  exit 1
fi
echo "npm test: $MESSAGE — skipping the keychain tests." >&2
KEYPORT_NO_KEYCHAIN=1 exec npx vitest run "$@"
