// Builds the React UI into dist/renderer (the desktop window loads dist/renderer/index.html).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { cspMetaPlugin } from './csp-plugin.js';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // Relative asset URLs: the window loads the page from a file:// URL.
  base: './',
  // The CSP meta tag comes from main/web-policy.ts (the page is a file:// URL: no response headers).
  plugins: [react(), cspMetaPlugin()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // No inline polyfill script: the CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
});
