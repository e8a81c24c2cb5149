// After a build: make dist's CLI executable and link it as node_modules/.bin/keyport, so `npx keyport`
// in a clone runs this checkout. (package.json has no "bin": npm 11 mis-installs a root package's own bin for npx.)
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const target = path.join(root, 'dist', 'src', 'cli', 'keyport.js');
const link = path.join(root, 'node_modules', '.bin', 'keyport');
fs.chmodSync(target, 0o755);
fs.mkdirSync(path.dirname(link), { recursive: true });
fs.rmSync(link, { force: true });
fs.symlinkSync(path.relative(path.dirname(link), target), link);
