import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  META_CONTENT_SECURITY_POLICY,
  appPageUrl,
  isAllowedExternalUrl,
  isAppUrl,
  originsOf,
  withContentSecurityPolicy,
} from '../../main/web-policy.js';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('content security policy', () => {
  it('Then everything defaults to none and scripts come only from the app itself', () => {
    const csp = directives(CONTENT_SECURITY_POLICY);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
  });

  it('Then the meta-tag form (what applies to the file:// page) is the same policy without frame-ancestors', () => {
    const meta = directives(META_CONTENT_SECURITY_POLICY);
    const header = directives(CONTENT_SECURITY_POLICY);
    header.delete('frame-ancestors');
    expect(meta).toEqual(header);
    expect(meta.get('default-src')).toEqual(["'none'"]);
    expect(meta.get('script-src')).toEqual(["'self'"]);
    expect(META_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:|frame-ancestors/);
  });

  it('Given a response with its own CSP, Then ours replaces it and other headers stay', () => {
    const headers = withContentSecurityPolicy({
      'content-security-policy': ['default-src *'],
      'Content-Type': ['text/html'],
    });
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(withContentSecurityPolicy(undefined)['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });
});

describe('app page and external links', () => {
  const appUrl = appPageUrl('/opt/keyport/dist/renderer/index.html');

  it('Then the app page is that file URL, with any route, and nothing else', () => {
    expect(isAppUrl(`${appUrl}#/tokens/github`, appUrl)).toBe(true);
    expect(isAppUrl('file:///opt/keyport/dist/renderer/other.html', appUrl)).toBe(false);
    expect(isAppUrl('https://evil.example/index.html', appUrl)).toBe(false);
    expect(isAppUrl('not a url', appUrl)).toBe(false);
    expect(isAppUrl(null, appUrl)).toBe(false);
  });

  it('Then only https links to allowlisted origins may open in the browser', () => {
    const allowed = originsOf(['https://github.com/settings/tokens', 'http://insecure.example', 'nonsense']);
    expect([...allowed]).toEqual(['https://github.com']);
    expect(isAllowedExternalUrl('https://github.com/settings/personal-access-tokens', allowed)).toBe(true);
    expect(isAllowedExternalUrl('http://github.com/settings/tokens', allowed)).toBe(false);
    expect(isAllowedExternalUrl('https://github.com.evil.example/', allowed)).toBe(false);
    expect(isAllowedExternalUrl('https://user:pass@github.com/', allowed)).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)', allowed)).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd', allowed)).toBe(false);
  });
});
