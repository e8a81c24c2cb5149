// The sign-in's redirect target on 127.0.0.1, with real HTTP requests.
import { describe, expect, it } from 'vitest';
import { startLoopbackCallback } from '../../../../src/credentials/oauth/loopback-callback.js';

describe('loopback callback', () => {
  it('Given a request with a forged state, then it gets 400 and the sign-in keeps waiting for the real one', async () => {
    const callback = await startLoopbackCallback();
    try {
      expect(callback.redirectUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      const code = callback.waitForCode(() => 'expected-state');
      const forged = await fetch(`${callback.redirectUrl}?code=evil&state=guessed`);
      expect(forged.status).toBe(400);
      expect(await forged.text()).not.toContain('evil');
      const other = await fetch(callback.redirectUrl.replace('/callback', '/elsewhere'));
      expect(other.status).toBe(404);
      const real = await fetch(`${callback.redirectUrl}?code=the-code&state=expected-state`);
      expect(real.status).toBe(200);
      expect(await real.text()).toContain('Signed in to Keyport');
      await expect(code).resolves.toBe('the-code');
    } finally {
      await callback.close();
    }
  });

  it('Given the authorization server sends an error with the right state, then the sign-in fails with its description', async () => {
    const callback = await startLoopbackCallback();
    try {
      const code = callback.waitForCode(() => 's1');
      code.catch(() => undefined);
      await fetch(`${callback.redirectUrl}?error=access_denied&error_description=The+user+said+no&state=s1`);
      await expect(code).rejects.toThrow(
        'The authorization server refused the sign-in (access_denied: The user said no).',
      );
    } finally {
      await callback.close();
    }
  });

  it('Given nothing arrives, then the wait ends with a message naming what to do', async () => {
    const callback = await startLoopbackCallback({ timeoutMs: 50 });
    try {
      await expect(callback.waitForCode(() => 's')).rejects.toThrow(
        /No sign-in arrived within 0 minutes; run the command again/,
      );
    } finally {
      await callback.close();
    }
  });
});
