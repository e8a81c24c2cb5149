/**
 * Remembers which notifications fired, in a small JSON file in the data folder, so a
 * restart does not repeat them. It holds event keys only (names, dates), never a secret.
 * A missing or unreadable file means "nothing fired yet": this is convenience state.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as z from 'zod';

export const NOTIFICATION_STATE_FILE = 'notification-state.json';

const StateSchema = z.object({ version: z.literal(1), fired: z.array(z.string()) });

export interface NotificationStateFile {
  readonly path: string;
  read(): Set<string>;
  write(fired: Iterable<string>): void;
}

export function createNotificationStateFile(dataDir: string): NotificationStateFile {
  const path = join(dataDir, NOTIFICATION_STATE_FILE);
  return {
    path,
    read() {
      try {
        const parsed = StateSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
        return new Set(parsed.success ? parsed.data.fired : []);
      } catch {
        return new Set();
      }
    },
    write(fired) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify({ version: 1, fired: [...fired].sort() }, null, 2)}\n`, {
        mode: 0o600,
      });
      renameSync(temporary, path);
    },
  };
}
