import { describe, expect, it } from 'vitest';
import { maskToken } from '../../../src/tokens/mask-token.js';
import { detectTokenFormat, providerFor, tokenPageUrlFor, TOKEN_FORMATS } from '../../../src/tokens/token-formats.js';

const HEX64 = 'a1b2c3d4'.repeat(8);

describe('known token formats', () => {
  it.each([
    ['st_live_Abc123_xyz789QRS', 'service-token', 'st_live_'],
    [`sk_live_${HEX64}`, 'agent-key', 'sk_live_'],
    [`sk_test_${HEX64}`, 'agent-key', 'sk_test_'],
    ['mp_Q2hhbmdlTWVQbGVhc2VDaGFuZ2VNZVBsZWFzZQ', 'pat', 'mp_'],
    ['alk_svc_0123456789abcdef', 'service-account', 'alk_svc_'],
    ['ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'github', 'ghp_'],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnop', 'github', 'github_pat_'],
  ])('Given %s, then it is a %s token and masks behind its prefix', (token, kind, prefix) => {
    const format = detectTokenFormat(token);
    expect(format.kind).toBe(kind);
    expect(maskToken(token)).toBe(`${prefix}…${token.slice(-4)}`);
  });

  it('Given sk_live_ without 64 hex characters, then it is only a generic bearer token', () => {
    expect(detectTokenFormat('sk_live_short').kind).toBe('bearer');
  });

  it('Given an unknown long token, then the mask shows its first 4 and last 4 characters', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.payload.signature0123';
    expect(detectTokenFormat(token).kind).toBe('bearer');
    expect(maskToken(token)).toBe('eyJh…0123');
  });

  it('Given a short unknown token, then the mask reveals nothing of it', () => {
    expect(maskToken('abc123')).toBe('…');
    expect(maskToken('abcdefghijklmn')).toBe('…klmn');
  });

  it('Given GitHub, then provider and token page come from the table; otherwise from the upstream host', () => {
    const github = detectTokenFormat('ghp_abc');
    expect(providerFor(github, 'https://api.githubcopilot.com/mcp/')).toBe('GitHub');
    expect(github.tokenPageUrl).toBe('https://github.com/settings/tokens');
    expect(providerFor(detectTokenFormat('whatever'), 'https://mcp.example.com/mcp')).toBe('example.com');
  });

  it('Given the table, then every entry is data with a literal prefix its pattern accepts', () => {
    for (const format of TOKEN_FORMATS) {
      expect(format.pattern.source.startsWith(`^${format.prefix}`)).toBe(true);
    }
  });

  it('Given a provider the table knows, then its token page is known; other providers have none', () => {
    expect(tokenPageUrlFor('GitHub')).toBe('https://github.com/settings/tokens');
    expect(tokenPageUrlFor('127.0.0.1')).toBeNull();
  });
});
