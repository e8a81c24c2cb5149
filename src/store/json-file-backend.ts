/**
 * The CLI's ConfBackend: the part of `conf` the stores use, without conf. The stores validate
 * with their zod schemas, lock, migrate and write atomically themselves (json-document.ts), so
 * all they need from a backend is "read the file as a JSON object". conf itself would also load
 * ajv, ajv-formats and semver (~150 modules, ~4 MB resident in `keyport serve`) for a schema and
 * migrations the stores never give it. Same file (`<cwd>/<configName>.json`), same reading rules
 * as conf with these options: a missing file reads as `{}` (and its folder is created), invalid
 * JSON throws the SyntaxError.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ConfBackend, ConfFactory } from './conf-backend.js';

export const jsonFileConfFactory: ConfFactory = (options) => {
  const file = path.join(options.cwd, `${options.configName}.${options.fileExtension}`);
  const read = (): Record<string, unknown> => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      fs.mkdirSync(options.cwd, { recursive: true });
      return Object.create(null) as Record<string, unknown>;
    }
    return Object.assign(Object.create(null) as Record<string, unknown>, JSON.parse(text) as unknown);
  };
  read(); // like conf's constructor: an unreadable file fails now, not on first use
  const backend: ConfBackend = {
    path: file,
    get store() {
      return read();
    },
  };
  return backend;
};
