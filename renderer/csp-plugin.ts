/**
 * Injects the window's Content-Security-Policy into the built index.html as its first head element.
 * The policy itself lives in main/web-policy.ts (one source for the header and the meta tag).
 */
import type { Plugin } from 'vite';
import { META_CONTENT_SECURITY_POLICY } from '../main/web-policy.js';

export function cspMetaPlugin(): Plugin {
  return {
    name: 'keyport-csp-meta',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: META_CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}
