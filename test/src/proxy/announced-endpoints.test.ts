import { describe, expect, it } from 'vitest';
import { createAnnouncedEndpoints } from '../../../src/proxy/announced-endpoints.js';

describe('announced endpoints', () => {
  it('Given an announced path, then only that path of that connection and URL is allowed', () => {
    const endpoints = createAnnouncedEndpoints();
    endpoints.announce('a', 'https://a.example/sse', '/messages');
    expect(endpoints.allows('a', 'https://a.example/sse', '/messages')).toBe(true);
    expect(endpoints.allows('a', 'https://a.example/sse', '/messages/')).toBe(false);
    expect(endpoints.allows('b', 'https://a.example/sse', '/messages')).toBe(false);
  });

  it("Given the connection's URL changed, then paths announced for the old URL are forgotten", () => {
    const endpoints = createAnnouncedEndpoints();
    endpoints.announce('a', 'https://old.example/sse', '/messages');
    expect(endpoints.allows('a', 'https://new.example/sse', '/messages')).toBe(false);
    endpoints.announce('a', 'https://new.example/sse', '/v2/messages');
    expect(endpoints.allows('a', 'https://old.example/sse', '/messages')).toBe(false);
    expect(endpoints.allows('a', 'https://new.example/sse', '/v2/messages')).toBe(true);
  });

  it('Given 33 distinct paths, then the oldest is dropped; a path announced again counts as new', () => {
    const endpoints = createAnnouncedEndpoints();
    for (let index = 0; index < 33; index += 1) {
      endpoints.announce('a', 'u', `/p${index}`);
      if (index === 10) endpoints.announce('a', 'u', '/p0');
    }
    expect(endpoints.allows('a', 'u', '/p0')).toBe(true);
    expect(endpoints.allows('a', 'u', '/p1')).toBe(false);
    expect(endpoints.allows('a', 'u', '/p32')).toBe(true);
  });

  it('Given connections that are gone, when retained, then their paths are forgotten', () => {
    const endpoints = createAnnouncedEndpoints();
    endpoints.announce('a', 'u', '/m');
    endpoints.announce('b', 'u', '/m');
    endpoints.retain(new Set(['b']));
    expect(endpoints.allows('a', 'u', '/m')).toBe(false);
    expect(endpoints.allows('b', 'u', '/m')).toBe(true);
  });
});
