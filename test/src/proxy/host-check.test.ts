import { describe, expect, it } from 'vitest';
import { createHostCheck, isLoopbackOrigin } from '../../../src/proxy/host-check.js';

describe('createHostCheck', () => {
  const check = createHostCheck(8931);

  it('Given a loopback Host with the right port and no Origin, then it passes', () => {
    for (const host of ['127.0.0.1:8931', 'localhost:8931', '[::1]:8931', 'LOCALHOST:8931']) {
      expect(check(host, undefined)).toBe(true);
    }
  });

  it('Given a foreign host, a wrong port or no Host, then it is refused (DNS rebinding)', () => {
    for (const host of ['evil.example:8931', '127.0.0.1:8932', 'localhost', '127.0.0.1.nip.io:8931', undefined]) {
      expect(check(host, undefined)).toBe(false);
    }
  });

  it('Given an Origin, then only loopback origins pass', () => {
    expect(check('localhost:8931', 'http://localhost:8931')).toBe(true);
    expect(check('localhost:8931', 'http://127.0.0.1:3000')).toBe(true);
    for (const origin of [
      'https://evil.example',
      'null',
      'http://localhost.evil.example',
      'file://',
      'http://user@localhost',
    ]) {
      expect(check('localhost:8931', origin)).toBe(false);
    }
  });

  it("Given no Origin and Sec-Fetch-Site cross-site (a web page's no-cors GET), then it is refused", () => {
    expect(check('127.0.0.1:8931', undefined, 'cross-site')).toBe(false);
    for (const site of [undefined, 'none', 'same-origin', 'same-site']) {
      expect(check('127.0.0.1:8931', undefined, site)).toBe(true);
    }
  });

  it('isLoopbackOrigin refuses paths and non-http schemes', () => {
    expect(isLoopbackOrigin('http://[::1]:5173')).toBe(true);
    expect(isLoopbackOrigin('chrome-extension://abc')).toBe(false);
    expect(isLoopbackOrigin('http://localhost/x')).toBe(false);
  });
});
