/** The renderer build puts main's CSP into index.html: the file:// page has no response headers. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HtmlTagDescriptor } from 'vite';
import { cspMetaPlugin } from '../../renderer/csp-plugin.js';
import { META_CONTENT_SECURITY_POLICY } from '../../main/web-policy.js';

describe('the CSP meta plugin', () => {
  it('When index.html is built, Then the first head element is main’s CSP, with nothing inline allowed', () => {
    const hook = cspMetaPlugin().transformIndexHtml as () => HtmlTagDescriptor[];
    expect(hook()).toEqual([
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: META_CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ]);
    expect(META_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(META_CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });

  it('Then the source index.html carries no second, hand-written policy', () => {
    const html = readFileSync(join(process.cwd(), 'renderer', 'index.html'), 'utf8');
    expect(html).not.toMatch(/Content-Security-Policy/i);
  });
});
