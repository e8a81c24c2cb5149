import { describe, expect, it } from 'vitest';
import type { VerifyResult } from '../../../src/contract/dto.js';
import { createTokenService } from '../../../src/core/token-service.js';
import { createAccountService } from '../../../src/core/account-service.js';
import { KeyportError } from '../../../src/errors.js';
import { secretAccounts } from '../../../src/keychain/secret-store.js';
import { memoryCoreContext } from '../../support/memory-core-context.js';

const TOKEN = `sk_live_${'0123456789abcdef'.repeat(4)}`;
const NEW_TOKEN = `sk_live_${'fedcba9876543210'.repeat(4)}`;
const URL = 'https://mcp.example.com/mcp';
const verified: VerifyResult = { serverName: 'Example MCP', serverVersion: '2.0.0', toolCount: 3 };

function setup(verifier = async () => verified) {
  const context = memoryCoreContext();
  const calls: { url: string; token: string }[] = [];
  const service = createTokenService(context, {
    verifier: async (options) => {
      calls.push({ url: options.url, token: options.token });
      return verifier();
    },
  });
  return { context, service, calls, accounts: createAccountService(context) };
}

async function refusal(promise: Promise<unknown>): Promise<KeyportError> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(KeyportError);
  return error as KeyportError;
}

describe('token service: add', () => {
  it('Given a token, when added with verification, then the keychain holds it and the summary is masked', async () => {
    const { context, service, calls } = setup();
    let seen: VerifyResult | null = null;
    const summary = await service.add(
      { name: 'demo', url: URL, token: ` ${TOKEN}\n`, expires: '30d', quota: 5000, resetDay: 1 },
      { onVerified: (result) => (seen = result) },
    );
    expect(seen).toEqual(verified);
    expect(calls).toEqual([{ url: URL, token: TOKEN }]);
    expect(context.secrets.entries().get(secretAccounts.token('demo'))).toBe(TOKEN);
    expect(summary).toMatchObject({ name: 'demo', kind: 'agent-key', provider: 'example.com', status: 'ok' });
    expect(summary.masked).toBe('sk_live_…cdef');
    expect(summary.expiresAt).toBe('2026-04-09T12:00:00.000Z');
    expect(summary.quota).toMatchObject({ limit: 5000, used: 0, resetsAt: expect.any(String) });
    expect(JSON.stringify(context.metadata.read())).not.toContain(TOKEN);
  });

  it('Given --no-verify, then the upstream is not contacted', async () => {
    const { service, calls } = setup();
    await service.add({ name: 'demo', url: URL, token: TOKEN, verify: false });
    expect(calls).toHaveLength(0);
  });

  it.each([
    [{ name: 'Demo' }, 'INVALID_NAME'],
    [{ url: 'http://mcp.example.com/mcp' }, 'INVALID_URL'],
    [{ url: 'https://user:pw@mcp.example.com/mcp' }, 'INVALID_URL'],
    [{ token: 'has space' }, 'INVALID_TOKEN'],
    [{ expires: '45d' }, 'INVALID_INPUT'],
    [{ quota: 0 }, 'INVALID_INPUT'],
    [{ quota: 10, resetDay: 31 }, 'INVALID_INPUT'],
    [{ account: 'ghost' }, 'NOT_FOUND'],
  ])('Given bad input %j, then %s and nothing is stored', async (patch, code) => {
    const { context, service } = setup();
    const error = await refusal(service.add({ name: 'demo', url: URL, token: TOKEN, verify: false, ...patch }));
    expect(error.code).toBe(code);
    expect(context.secrets.entries().size).toBe(0);
    expect(context.metadata.read().connections).toEqual({});
  });

  it('Given loopback http, then it is allowed and stored as given', async () => {
    const { context, service } = setup();
    const ip = await service.add({ name: 'local', url: 'http://127.0.0.1:9000/mcp', token: TOKEN, verify: false });
    const host = await service.add({ name: 'local2', url: 'http://localhost:9000/mcp', token: TOKEN, verify: false });
    expect([ip.url, host.url]).toEqual(['http://127.0.0.1:9000/mcp', 'http://localhost:9000/mcp']);
    expect(context.secrets.entries().get(secretAccounts.token('local2'))).toBe(TOKEN);
  });

  it('Given a duplicate name, then NAME_TAKEN and the existing token is untouched', async () => {
    const { context, service } = setup();
    await service.add({ name: 'demo', url: URL, token: TOKEN, verify: false });
    const error = await refusal(service.add({ name: 'demo', url: URL, token: NEW_TOKEN, verify: false }));
    expect(error.code).toBe('NAME_TAKEN');
    expect(error.message).toContain('keyport rotate demo');
    expect(context.secrets.entries().get(secretAccounts.token('demo'))).toBe(TOKEN);
  });

  it('Given two adds of one name at once (a double submit), then the second is refused and the first keeps its token', async () => {
    const { context, service } = setup(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return verified;
    });
    const first = service.add({ name: 'demo', url: URL, token: TOKEN });
    const second = service.add({ name: 'demo', url: URL, token: NEW_TOKEN });
    const [a, b] = await Promise.allSettled([first, second]);
    expect(a.status).toBe('fulfilled');
    expect(b.status === 'rejected' && (b.reason as KeyportError).code).toBe('NAME_TAKEN');
    expect(context.secrets.entries().get(secretAccounts.token('demo'))).toBe(TOKEN);
    expect(context.metadata.read().connections.demo?.masked).toBe('sk_live_…cdef');
  });

  it('Given the upstream rejects the token, then nothing is stored', async () => {
    const { context, service } = setup(async () => {
      throw new KeyportError('TOKEN_REJECTED', 'rejected');
    });
    expect((await refusal(service.add({ name: 'demo', url: URL, token: TOKEN }))).code).toBe('TOKEN_REJECTED');
    expect(context.secrets.entries().size).toBe(0);
    expect(context.metadata.read().connections).toEqual({});
  });

  it('Given a locked keychain, then no metadata is written', async () => {
    const { context, service } = setup();
    context.secrets.failWith('KEYCHAIN_LOCKED');
    expect((await refusal(service.add({ name: 'demo', url: URL, token: TOKEN, verify: false }))).code).toBe(
      'KEYCHAIN_LOCKED',
    );
    expect(context.metadata.read().connections).toEqual({});
  });

  it('Given the metadata write fails, then the keychain item is rolled back', async () => {
    const { context, service } = setup();
    const original = context.metadata.update.bind(context.metadata);
    (context.metadata as { update: unknown }).update = async () => {
      throw new KeyportError('METADATA_LOCKED', 'locked');
    };
    expect((await refusal(service.add({ name: 'demo', url: URL, token: TOKEN, verify: false }))).code).toBe(
      'METADATA_LOCKED',
    );
    expect(context.secrets.entries().size).toBe(0);
    (context.metadata as { update: unknown }).update = original;
  });
});

describe('token service: rotate and rollback', () => {
  it('Given a rotation, then the previous token is kept for 24 h, usage survives, and rollback restores it', async () => {
    const { context, service } = setup();
    await service.add({ name: 'demo', url: URL, token: TOKEN, verify: false, quota: 100 });
    const periodStart = new Date(2026, 2, 1).toISOString();
    await context.usage.apply({ connections: { demo: { calls: { periodStart, count: 42 } } } });
    context.clock.set('2026-03-11T12:00:00.000Z');
    const rotated = await service.rotate({ name: 'demo', token: NEW_TOKEN });
    expect(rotated.masked).toBe('sk_live_…3210');
    expect(rotated.previous).toEqual({ masked: 'sk_live_…cdef', until: '2026-03-12T12:00:00.000Z' });
    expect(rotated.quota.used).toBe(42);
    expect(rotated.tokenSetAt).toBe('2026-03-11T12:00:00.000Z');
    expect(await context.vault.get('demo')).toBe(NEW_TOKEN);
    expect(context.secrets.entries().get(secretAccounts.previousToken('demo'))).toBe(TOKEN);

    const back = await service.rollback('demo');
    expect(back.masked).toBe('sk_live_…cdef');
    expect(back.previous).toBeNull();
    expect(await context.vault.get('demo')).toBe(TOKEN);
    expect(context.secrets.entries().has(secretAccounts.previousToken('demo'))).toBe(false);
    expect((await refusal(service.rollback('demo'))).code).toBe('NO_ROLLBACK');
  });

  it('Given a malformed --expires, then rotate refuses it before calling the upstream and nothing changes', async () => {
    const { context, service, calls } = setup();
    await service.add({ name: 'demo', url: URL, token: TOKEN, verify: false });
    const error = await refusal(service.rotate({ name: 'demo', token: NEW_TOKEN, expires: '45d' }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(calls).toHaveLength(0);
    expect(await context.vault.get('demo')).toBe(TOKEN);
    expect(context.metadata.read().connections.demo?.previous).toBeNull();
  });

  it('Given more than 24 h since the rotation, then rollback is refused and list purges the old token', async () => {
    const { context, service } = setup();
    await service.add({ name: 'demo', url: URL, token: TOKEN, verify: false });
    await service.rotate({ name: 'demo', token: NEW_TOKEN, verify: false });
    context.clock.set('2026-03-11T12:00:00.001Z');
    const error = await refusal(service.rollback('demo'));
    expect(error.code).toBe('NO_ROLLBACK');
    expect(error.message).toMatch(/24 hours/);
    await service.list();
    expect(context.secrets.entries().has(secretAccounts.previousToken('demo'))).toBe(false);
    expect(context.metadata.read().connections.demo?.previous).toBeNull();
  });

  it('Given the same token again or a rejected new token, then rotation is refused and nothing changes', async () => {
    const { context, service } = setup();
    await service.add({ name: 'demo', url: URL, token: TOKEN, verify: false });
    expect((await refusal(service.rotate({ name: 'demo', token: TOKEN, verify: false }))).code).toBe('INVALID_TOKEN');
    const rejecting = createTokenService(context, {
      verifier: async () => {
        throw new KeyportError('TOKEN_REJECTED', 'no');
      },
    });
    expect((await refusal(rejecting.rotate({ name: 'demo', token: NEW_TOKEN }))).code).toBe('TOKEN_REJECTED');
    expect(await context.vault.get('demo')).toBe(TOKEN);
    expect(context.metadata.read().connections.demo?.previous).toBeNull();
  });

  it('Given a rejected token, when a verified rotation swaps in a new one, then health is ok at once (not "not checked")', async () => {
    const { context, service } = setup();
    await service.add({ name: 'demo', url: URL, token: TOKEN, verify: false });
    await context.usage.apply({
      connections: {
        demo: { health: { state: 'rejected', checkedAt: '2026-03-10T11:00:00.000Z', detail: 'HTTP 401' } },
      },
    });
    expect((await service.get('demo')).attention.level).toBe('critical');
    const rotated = await service.rotate({ name: 'demo', token: NEW_TOKEN });
    expect(rotated.health).toEqual({ state: 'ok', checkedAt: '2026-03-10T12:00:00.000Z', detail: 'Example MCP' });
    expect(rotated.status).toBe('ok');
    expect(rotated.attention).toEqual({ level: 'ok', reasons: [] });
    // Without verification nothing is known about the new token yet.
    const unverified = await service.rotate({ name: 'demo', token: TOKEN, verify: false });
    expect(unverified.health).toBeNull();
  });

  it('Given an expiring token, when rotated without --expires, then the new one gets the same lifetime', async () => {
    const { service } = setup();
    await service.add({ name: 'demo', url: URL, token: TOKEN, verify: false, expires: '30d' });
    const rotated = await service.rotate({ name: 'demo', token: NEW_TOKEN, verify: false });
    expect(rotated.expiresAt).toBe('2026-04-09T12:00:00.000Z');
  });
});

describe('token service: status, update, remove', () => {
  it('Given a verified add, then its health is ok from the start', async () => {
    const { service } = setup();
    const summary = await service.add({ name: 'demo', url: URL, token: TOKEN });
    expect(summary.health).toMatchObject({ state: 'ok', detail: 'Example MCP' });
  });

  it('Given a rejected token, when a re-check cannot reach the server, then it stays rejected until a check passes', async () => {
    let answer: () => Promise<VerifyResult> = async () => {
      throw new KeyportError('TOKEN_REJECTED', 'mcp.example.com rejected the token (HTTP 401): it may be revoked.');
    };
    const { context, service } = setup(() => answer());
    await service.add({ name: 'demo', url: URL, token: TOKEN, verify: false });
    await refusal(service.test({ name: 'demo' }));
    expect((await service.get('demo')).attention.reasons.map((reason) => reason.code)).toEqual(['rejected']);

    answer = async () => {
      throw new KeyportError('UPSTREAM_UNREACHABLE', 'Cannot reach mcp.example.com (ENOTFOUND); check your network.');
    };
    context.clock.set('2026-03-10T13:00:00.000Z');
    expect((await refusal(service.test({ name: 'demo' }))).code).toBe('UPSTREAM_UNREACHABLE');
    const stillRejected = await service.get('demo');
    expect(stillRejected.status).toBe('rejected');
    expect(stillRejected.attention.reasons[0]).toMatchObject({ code: 'rejected', detail: 'HTTP 401' });

    answer = async () => verified;
    await service.test({ name: 'demo' });
    answer = async () => {
      throw new KeyportError('UPSTREAM_UNREACHABLE', 'Cannot reach mcp.example.com (ENOTFOUND); check your network.');
    };
    context.clock.set('2026-03-10T14:00:00.000Z');
    await refusal(service.test({ name: 'demo' }));
    const unreachable = await service.get('demo');
    expect(unreachable.status).toBe('unreachable');
    expect(unreachable.attention).toMatchObject({ level: 'warning', reasons: [{ code: 'unreachable' }] });
  });

  it('Given health, pause and expiry, then list reports paused > expired > rejected > expiring > ok', async () => {
    const { context, service } = setup();
    await service.add({ name: 'demo', url: URL, token: TOKEN, verify: false, expires: '7d' });
    expect((await service.get('demo')).status).toBe('expiring');
    await context.usage.apply({
      connections: { demo: { health: { state: 'rejected', checkedAt: '2026-03-10T12:00:00.000Z', detail: null } } },
    });
    expect((await service.get('demo')).status).toBe('rejected');
    context.clock.set('2026-03-18T12:00:00.000Z');
    expect((await service.get('demo')).status).toBe('expired');
    expect((await service.setPaused('demo', true)).status).toBe('paused');
  });

  it('Given a shared account, then the token reports the account quota and usage', async () => {
    const { context, service, accounts } = setup();
    await accounts.set({ name: 'team', quota: 25000, resetDay: 5 });
    await service.add({ name: 'demo', url: URL, token: TOKEN, verify: false, account: 'team' });
    await context.usage.apply({ accounts: { team: { periodStart: new Date(2026, 2, 5).toISOString(), count: 7 } } });
    const summary = await service.get('demo');
    expect(summary.quota).toMatchObject({ limit: 25000, used: 7, account: 'team' });
    expect(summary.quota.resetsAt).toBe(new Date(2026, 3, 5).toISOString());
    expect((await accounts.list())[0]).toMatchObject({ name: 'team', used: 7, tokens: ['demo'] });
    expect((await refusal(accounts.remove('team'))).message).toMatch(/used by demo/);
  });

  it('Given set, then url, expiry, quota, account and keyless change; invalid changes are refused', async () => {
    const { service, accounts } = setup();
    await service.add({ name: 'demo', url: URL, token: TOKEN, verify: false });
    let summary = await service.update({
      name: 'demo',
      url: 'https://other.example.com/mcp',
      quota: 10,
      allowKeyless: true,
    });
    expect(summary).toMatchObject({ url: 'https://other.example.com/mcp', allowKeyless: true });
    expect(summary.quota.limit).toBe(10);
    summary = await service.update({ name: 'demo', resetDay: 15, expires: 'never' });
    expect(summary.quota.resetsAt).toBe(new Date(2026, 2, 15).toISOString());
    await accounts.set({ name: 'team', quota: 99 });
    summary = await service.update({ name: 'demo', account: 'team' });
    expect(summary.quota).toMatchObject({ limit: 99, account: 'team' });
    expect((await refusal(service.update({ name: 'demo', quota: 5 }))).message).toMatch(/--account none/);
    summary = await service.update({ name: 'demo', account: null, quota: null });
    expect(summary.quota.limit).toBeNull();
    expect((await refusal(service.update({ name: 'demo', url: 'http://evil.example.com' }))).code).toBe('INVALID_URL');
    expect((await refusal(service.update({ name: 'ghost', quota: 1 }))).code).toBe('NOT_FOUND');
  });

  it('Given remove, then keychain items, metadata and usage are gone', async () => {
    const { context, service } = setup();
    await service.add({ name: 'demo', url: URL, token: TOKEN, verify: false });
    await service.rotate({ name: 'demo', token: NEW_TOKEN, verify: false });
    await context.usage.apply({ connections: { demo: { requests: 3 } } });
    await service.remove('demo');
    expect(context.secrets.entries().size).toBe(0);
    expect(context.metadata.read().connections).toEqual({});
    expect(context.usage.read().connections).toEqual({});
    expect((await refusal(service.remove('demo'))).code).toBe('NOT_FOUND');
  });

  it('Given test of a saved connection that is rejected, then its health is recorded as rejected', async () => {
    const { service } = setup(async () => {
      throw new KeyportError('TOKEN_REJECTED', 'HTTP 401');
    });
    await service.add({ name: 'demo', url: URL, token: TOKEN, verify: false });
    await refusal(service.test({ name: 'demo' }));
    expect((await service.get('demo')).status).toBe('rejected');
  });
});
