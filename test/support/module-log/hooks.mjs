// Module hooks (run on the loader thread): append the URL of every module loaded through the ESM
// loader (ES modules, and CommonJS entered by an import) to the file named in `data.file`.
import { appendFileSync } from 'node:fs';

let file = '';

export function initialize(data) {
  file = data.file;
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  appendFileSync(file, `${url}\n`);
  return result;
}
