/**
 * Maps what @napi-rs/keyring throws to KeyportErrors that say what to do. Observed on Linux
 * (Secret Service over D-Bus):
 *   - no session bus:      "Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled…"
 *   - bus, no service:     "Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files"
 *   - no default keyring:  "Couldn't access platform storage: Secret Service: no result found"
 *   - locked collection:   "Couldn't access platform storage: Secret Service: unlock prompt was dismissed"
 * macOS reports a locked keychain as "User interaction is not allowed" / "interaction not allowed".
 * The library's messages never contain the secret; we still never pass the secret here.
 */
import { KeyportError } from '../errors.js';

export const KEYCHAIN_INSTALL_HINT =
  'On Linux install and start a Secret Service (apt-get install -y gnome-keyring libsecret-tools dbus, ' +
  'then log in to a desktop session, or run `gnome-keyring-daemon --unlock --components=secrets` ' +
  'inside a D-Bus session); on macOS and Windows the system keychain is built in';

const LOCKED_PATTERNS = [/prompt was dismissed/i, /\blocked\b/i, /interaction (is )?not allowed/i, /user canceled/i];
const NO_DEFAULT_COLLECTION = /no result found/i;

function describe(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    parts.push(current.message);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(' | ');
}

/** The first line of the library's message, without anything that looks like a long opaque value. */
function safeDetail(error: unknown): string {
  const first = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  return first.replace(/[A-Za-z0-9_\-+/=]{40,}/g, '[…]').slice(0, 200);
}

export function mapKeychainError(error: unknown, service: string): KeyportError {
  if (error instanceof KeyportError) return error;
  const text = describe(error);
  if (LOCKED_PATTERNS.some((pattern) => pattern.test(text))) {
    return new KeyportError(
      'KEYCHAIN_LOCKED',
      `The keychain is locked: unlock your login keyring (log in to the desktop session or unlock it in ` +
        `"Passwords and Keys"/Keychain Access) and try again.`,
      { cause: error },
    );
  }
  if (NO_DEFAULT_COLLECTION.test(text)) {
    return new KeyportError(
      'KEYCHAIN_UNAVAILABLE',
      `No keychain: the Secret Service has no default (login) keyring to store "${service}" items in; ` +
        `create or unlock a login keyring (${KEYCHAIN_INSTALL_HINT}).`,
      { cause: error },
    );
  }
  return new KeyportError(
    'KEYCHAIN_UNAVAILABLE',
    `No keychain: cannot reach the OS keychain (${safeDetail(error)}). ${KEYCHAIN_INSTALL_HINT}.`,
    { cause: error },
  );
}
