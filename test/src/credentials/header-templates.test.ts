import { describe, expect, it } from 'vitest';
import {
  parseHeaderTemplate,
  validateCredentialShape,
  validateQueryParam,
} from '../../../src/credentials/header-templates.js';
import { credentialUrl, renderCredential, scrubSecret } from '../../../src/credentials/upstream-credential.js';

describe('header templates', () => {
  it('Given "X-API-Key: {token}", then it parses to a lower-case name and renders the token into it alone', () => {
    const header = parseHeaderTemplate('X-API-Key: {token}');
    expect(header).toEqual({ name: 'x-api-key', template: '{token}' });
    expect(renderCredential('sk_1', { headers: [header], queryParam: null })).toEqual({
      headers: { 'x-api-key': 'sk_1' },
      query: null,
      secret: 'sk_1',
    });
  });

  it('Given no templates, then the token goes as Authorization: Bearer', () => {
    expect(renderCredential('t0k', { headers: null, queryParam: null }).headers).toEqual({
      authorization: 'Bearer t0k',
    });
  });

  it.each([
    ['Connection: {token}', /hop-by-hop/],
    ['Transfer-Encoding: {token}', /hop-by-hop/],
    ['Proxy-Authorization: {token}', /hop-by-hop/],
    ['Host: {token}', /sets Host itself/],
    ['Content-Length: 1', /sets Content-Length itself/],
    ['X-Key: a\r\nX-Evil: 1', /line break/],
    ['X-Ke\ny: {token}', /line break/],
    ['X Key: {token}', /not a header name/],
    ['X-Key:', /empty/],
    ['no colon', /"Name: value"/],
  ])('Given --header %j, then it is refused: %s', (input, message) => {
    expect(() => parseHeaderTemplate(input)).toThrow(message);
  });

  it('Given templates where no header carries {token} and no query parameter, then the shape is refused', () => {
    expect(() => validateCredentialShape([{ name: 'x-org', template: 'acme' }], null)).toThrow(/No header carries/);
    expect(() =>
      validateCredentialShape(
        [
          { name: 'x-a', template: '{token}' },
          { name: 'x-a', template: 'b' },
        ],
        null,
      ),
    ).toThrow(/twice/);
    expect(() => validateCredentialShape([], 'key')).not.toThrow();
  });

  it('Given --query-param key, then the token is URL-encoded into the query and scrubbed from any message', () => {
    const credential = renderCredential('a b&c', { headers: [], queryParam: validateQueryParam('key') });
    expect(credential.query).toBe('key=a%20b%26c');
    expect(credentialUrl('https://x.example/mcp?tenant=1', credential).href).toBe(
      'https://x.example/mcp?tenant=1&key=a%20b%26c',
    );
    expect(scrubSecret('GET /mcp?key=a%20b%26c failed for a b&c', credential)).toBe(
      'GET /mcp?key=[token] failed for [token]',
    );
    expect(() => validateQueryParam('a=b')).toThrow(/plain parameter name/);
  });
});
