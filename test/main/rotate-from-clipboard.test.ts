import { describe, expect, it, vi } from 'vitest';
import type { RotateTokenInput, TokenSummary } from '../../src/contract/dto.js';
import { KeyportError } from '../../src/errors.js';
import { rotateFromClipboard, type InspectedToken, type RotateNotification } from '../../main/rotate-from-clipboard.js';
import { tokenSummary } from './support/fixtures.js';

const NEW_TOKEN = `sk_live_${'c'.repeat(56)}CANARY01`;
const CURRENT = tokenSummary({ name: 'agent', provider: 'example', kind: 'agent-key', masked: 'sk_live_…x7z9' });

/** A tiny format table for the test: sk_live_ → agent key, ghp_ → GitHub, else bearer. */
function inspect(raw: string): InspectedToken {
  const token = raw.trim();
  if (/\s/.test(token)) throw new KeyportError('INVALID_TOKEN', 'The token contains whitespace.');
  const masked = `${token.slice(0, token.indexOf('_') + 1)}…${token.slice(-4)}`;
  if (token.startsWith('sk_live_'))
    return { token, provider: 'example', kind: 'agent-key', masked: `sk_live_…${token.slice(-4)}` };
  if (token.startsWith('ghp_')) return { token, provider: 'github', kind: 'github', masked };
  return { token, provider: 'unknown', kind: 'bearer', masked };
}

function harness(options: {
  clipboard: string[];
  rotate?: (input: RotateTokenInput) => Promise<TokenSummary>;
  current?: TokenSummary;
}) {
  const reads = [...options.clipboard];
  const clipboard = {
    readText: vi.fn(async () => (reads.length > 1 ? reads.shift()! : reads[0]!)),
    clear: vi.fn(),
  };
  const rotated: RotateTokenInput[] = [];
  const tokens = {
    list: async () => [options.current ?? CURRENT],
    rotate:
      options.rotate ??
      (async (input: RotateTokenInput) => {
        rotated.push(input);
        return { ...CURRENT, masked: `sk_live_…${input.token.slice(-4)}` };
      }),
    rollback: vi.fn(async (name: string) => ({ ...CURRENT, name })),
  };
  const notifications: RotateNotification[] = [];
  const run = () =>
    rotateFromClipboard({ name: 'agent', clipboard, tokens, inspect, notify: (n) => notifications.push(n) });
  return { clipboard, tokens, rotated, notifications, run };
}

describe('rotate from clipboard', () => {
  it('Given a new token of the right format, Then it is rotated with verification, the clipboard cleared, Undo offered', async () => {
    const h = harness({ clipboard: [`  ${NEW_TOKEN}\n`] });
    const result = await h.run();
    expect(result).toMatchObject({ ok: true, summary: { masked: 'sk_live_…RY01' } });
    expect(h.rotated).toEqual([{ name: 'agent', token: NEW_TOKEN, verify: true }]);
    expect(h.clipboard.clear).toHaveBeenCalledTimes(1);
    expect(h.notifications).toHaveLength(1);
    expect(h.notifications[0]?.title).toBe('agent rotated');
    h.notifications[0]?.undo?.();
    await vi.waitFor(() => expect(h.tokens.rollback).toHaveBeenCalledWith('agent'));
    await vi.waitFor(() => expect(h.notifications[1]?.title).toBe('agent rolled back'));
    expect(JSON.stringify(h.notifications)).not.toContain(NEW_TOKEN);
  });

  it('Given the clipboard changed while verifying, Then the clipboard is left alone', async () => {
    const h = harness({ clipboard: [NEW_TOKEN, 'something the user copied meanwhile'] });
    expect((await h.run()).ok).toBe(true);
    expect(h.clipboard.clear).not.toHaveBeenCalled();
  });

  it('Given a token of another provider, Then nothing is rotated and the notification says which is which', async () => {
    const h = harness({ clipboard: [`ghp_${'a'.repeat(36)}`] });
    const result = await h.run();
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_TOKEN' } });
    expect(h.rotated).toEqual([]);
    expect(h.notifications[0]?.title).toBe('agent was not rotated');
    expect(h.notifications[0]?.body).toMatch(
      /holds a github github token \(ghp_…\), but agent uses a example agent-key token \(sk_live_…\)/,
    );
    expect(h.notifications[0]?.body).not.toContain('ghp_aaaa');
    expect(h.clipboard.clear).not.toHaveBeenCalled();
  });

  it('Given an empty clipboard or text that is not a token, Then the notification says what to copy', async () => {
    const empty = harness({ clipboard: ['   '] });
    expect(await empty.run()).toMatchObject({ ok: false });
    expect(empty.notifications[0]?.body).toMatch(/clipboard is empty: copy the new token for agent/);
    const prose = harness({ clipboard: ['hello world, not a token'] });
    expect(await prose.run()).toMatchObject({ ok: false, error: { code: 'INVALID_TOKEN' } });
    expect(prose.notifications[0]?.body).toMatch(/does not hold a token \(The token contains whitespace\.\)/);
    expect(prose.rotated).toEqual([]);
  });

  it('Given the token already in use, Then it is not "rotated" to itself', async () => {
    const h = harness({ clipboard: [NEW_TOKEN], current: { ...CURRENT, masked: `sk_live_…${NEW_TOKEN.slice(-4)}` } });
    expect(await h.run()).toMatchObject({ ok: false });
    expect(h.notifications[0]?.body).toMatch(/already uses/);
  });

  it('Given the upstream rejects the new token, Then nothing is swapped, the clipboard is kept, the reason is shown', async () => {
    const h = harness({
      clipboard: [NEW_TOKEN],
      rotate: async () => {
        throw new KeyportError(
          'VERIFY_FAILED',
          'The server at mcp.example.com rejected the new token (401); check it and retry.',
        );
      },
    });
    const result = await h.run();
    expect(result).toMatchObject({ ok: false, error: { code: 'VERIFY_FAILED' } });
    expect(h.clipboard.clear).not.toHaveBeenCalled();
    expect(h.notifications[0]?.body).toContain('rejected the new token (401)');
  });

  it('Given a connection with an unknown (bearer) format, Then any well-formed token is accepted', async () => {
    const h = harness({
      clipboard: [`ghp_${'b'.repeat(36)}`],
      current: { ...CURRENT, provider: 'unknown', kind: 'bearer' },
    });
    expect((await h.run()).ok).toBe(true);
  });

  it('Given an unexpected failure, Then the message stays generic (it could carry a secret)', async () => {
    const h = harness({
      clipboard: [NEW_TOKEN],
      rotate: async () => {
        throw new Error(`socket hang up while sending ${NEW_TOKEN}`);
      },
    });
    const result = await h.run();
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(h.notifications)).not.toContain(NEW_TOKEN);
  });
});
