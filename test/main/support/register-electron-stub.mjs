// `node --import ./register-electron-stub.mjs dist/main/index.js …`: resolve `electron` to electron-stub.mjs.
import { register } from 'node:module';
import { URL } from 'node:url';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
      export async function resolve(specifier, context, next) {
        if (specifier === 'electron') return { url: ${JSON.stringify(new URL('./electron-stub.mjs', import.meta.url).href)}, shortCircuit: true };
        return next(specifier, context);
      }`),
);
