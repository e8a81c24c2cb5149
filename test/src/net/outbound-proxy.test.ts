// proxyFor against undici's own EnvHttpProxyAgent: for each (URL, environment) case, the agent
// sends a real request and we watch where its connection goes — one of four loopback listeners
// (one per proxy variable) or a direct connection (seen by the agent's connector) — and proxyFor
// must name the same place.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { EnvHttpProxyAgent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayProxy, proxyFor, type NetworkEnv } from '../../../src/net/outbound-proxy.js';

type ProxyVariable = 'http_proxy' | 'HTTP_PROXY' | 'https_proxy' | 'HTTPS_PROXY';
type Place = ProxyVariable | 'direct';
const VARIABLES: readonly ProxyVariable[] = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY'];
const NETWORK_VARIABLES = [...VARIABLES, 'no_proxy', 'NO_PROXY'] as const;

interface Case {
  readonly url: string;
  /** Which proxy variables are set (each to its own listener), or set to ''. */
  readonly proxies: Partial<Record<ProxyVariable, 'set' | ''>>;
  readonly no_proxy?: string;
  readonly NO_PROXY?: string;
}

const both = { HTTP_PROXY: 'set', HTTPS_PROXY: 'set' } as const;
const CASES: readonly Case[] = [
  { url: 'https://mcp.example.com/mcp', proxies: {} },
  { url: 'https://mcp.example.com/mcp', proxies: both },
  { url: 'http://mcp.example.com/mcp', proxies: both },
  { url: 'https://mcp.example.com/mcp', proxies: { HTTP_PROXY: 'set' } },
  { url: 'http://mcp.example.com/mcp', proxies: { HTTPS_PROXY: 'set' } },
  { url: 'https://mcp.example.com/mcp', proxies: { https_proxy: 'set', HTTPS_PROXY: 'set' } },
  { url: 'http://mcp.example.com/mcp', proxies: { http_proxy: 'set', HTTP_PROXY: 'set' } },
  { url: 'https://mcp.example.com/mcp', proxies: { https_proxy: '', HTTPS_PROXY: 'set', HTTP_PROXY: 'set' } },
  { url: 'http://mcp.example.com/mcp', proxies: { http_proxy: '', HTTP_PROXY: 'set' } },
  { url: 'https://mcp.example.com/mcp', proxies: { https_proxy: 'set', http_proxy: 'set' } },
  { url: 'https://mcp.example.com/mcp', proxies: both, NO_PROXY: 'mcp.example.com' },
  { url: 'https://mcp.example.com/mcp', proxies: both, no_proxy: 'mcp.example.com' },
  { url: 'https://mcp.example.com/mcp', proxies: both, no_proxy: '', NO_PROXY: 'mcp.example.com' },
  { url: 'https://mcp.example.com/mcp', proxies: both, no_proxy: 'other.org', NO_PROXY: 'mcp.example.com' },
  { url: 'https://MCP.Example.COM/mcp', proxies: both, NO_PROXY: 'mcp.EXAMPLE.com' },
  { url: 'https://mcp.example.com/mcp', proxies: both, NO_PROXY: '*' },
  { url: 'http://mcp.example.com/mcp', proxies: both, NO_PROXY: '*' },
  { url: 'https://mcp.example.com/mcp', proxies: both, NO_PROXY: ' *' },
  { url: 'https://mcp.example.com/mcp', proxies: both, NO_PROXY: '*,other.org' },
  { url: 'https://mcp.example.com/mcp', proxies: both, NO_PROXY: 'example.com' },
  { url: 'https://mcp.example.com/mcp', proxies: both, NO_PROXY: '.example.com' },
  { url: 'https://example.com/mcp', proxies: both, NO_PROXY: '.example.com' },
  { url: 'https://mcp.example.com/mcp', proxies: both, NO_PROXY: '*.example.com' },
  { url: 'https://mcp.example.com/mcp', proxies: both, NO_PROXY: 'le.com' },
  { url: 'https://notexample.com/mcp', proxies: both, NO_PROXY: 'example.com' },
  { url: 'https://mcp.example.com/mcp', proxies: both, NO_PROXY: 'a.org, mcp.example.com' },
  { url: 'https://mcp.example.com/mcp', proxies: both, NO_PROXY: 'a.org mcp.example.com' },
  { url: 'https://mcp.example.com/mcp', proxies: both, NO_PROXY: ',,mcp.example.com,' },
  { url: 'https://mcp.example.com/mcp', proxies: both, NO_PROXY: 'mcp.example.com:443' },
  { url: 'https://mcp.example.com/mcp', proxies: both, NO_PROXY: 'mcp.example.com:8443' },
  { url: 'https://mcp.example.com:8443/mcp', proxies: both, NO_PROXY: 'mcp.example.com:8443' },
  { url: 'http://mcp.example.com/mcp', proxies: both, NO_PROXY: 'mcp.example.com:80' },
  { url: 'http://mcp.example.com:80/mcp', proxies: both, NO_PROXY: 'mcp.example.com:443' },
  { url: 'https://mcp.example.com:8443/mcp', proxies: both, NO_PROXY: 'mcp.example.com' },
  { url: 'https://127.0.0.1:8443/mcp', proxies: both, NO_PROXY: '127.0.0.1' },
  { url: 'https://127.0.0.1:8443/mcp', proxies: both, NO_PROXY: '127.0.0.1:9999' },
  { url: 'https://127.0.0.1:8443/mcp', proxies: both, NO_PROXY: 'localhost' },
  { url: 'https://[::1]:8443/mcp', proxies: both, NO_PROXY: '[::1]' },
  { url: 'https://[::1]:8443/mcp', proxies: both, NO_PROXY: '::1' },
  { url: 'https://[::1]:8443/mcp', proxies: both, NO_PROXY: '[::1]:8443' },
  { url: 'https://[::1]:8443/mcp', proxies: both, NO_PROXY: '[::1]:443' },
  { url: 'http://[::1]/mcp', proxies: both, NO_PROXY: '[::1]:80' },
];

interface Listener {
  readonly server: Server;
  readonly port: number;
  connections: number;
}

async function listener(): Promise<Listener> {
  const state = { connections: 0 };
  // A proxy that refuses everything: the request fails, but it reached this listener.
  const server = createServer((socket) => {
    state.connections += 1;
    socket.once('data', () => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, { server, port: (server.address() as AddressInfo).port });
}

describe('proxyFor decides as undici’s EnvHttpProxyAgent', () => {
  const listeners = new Map<ProxyVariable, Listener>();
  const saved = Object.fromEntries(NETWORK_VARIABLES.map((name) => [name, process.env[name]]));

  beforeAll(async () => {
    for (const variable of VARIABLES) listeners.set(variable, await listener());
  });
  afterAll(() => {
    for (const name of NETWORK_VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    for (const { server } of listeners.values()) server.close();
  });

  const envFor = (testCase: Case): NetworkEnv => {
    const env: Record<string, string> = {};
    for (const variable of VARIABLES) {
      const value = testCase.proxies[variable];
      if (value !== undefined) env[variable] = value === '' ? '' : `http://127.0.0.1:${listeners.get(variable)!.port}`;
    }
    if (testCase.no_proxy !== undefined) env.no_proxy = testCase.no_proxy;
    if (testCase.NO_PROXY !== undefined) env.NO_PROXY = testCase.NO_PROXY;
    return env;
  };

  /** Where EnvHttpProxyAgent really sends a request, with `env` as the process environment. */
  const observe = async (url: string, env: NetworkEnv): Promise<Place[]> => {
    for (const name of NETWORK_VARIABLES) delete process.env[name];
    Object.assign(process.env, env);
    const before = new Map([...listeners].map(([variable, { connections }]) => [variable, connections]));
    const places: Place[] = [];
    const agent = new EnvHttpProxyAgent({
      // Used only for direct connections (the proxy agents bring their own connectors).
      connect: (_options, callback) => {
        places.push('direct');
        callback(new Error('direct connection observed'), null);
      },
    });
    try {
      await request(url, { dispatcher: agent }).then(
        (response) => response.body.dump(),
        () => undefined,
      );
    } finally {
      await agent.destroy();
    }
    for (const [variable, { connections }] of listeners) {
      if (connections > before.get(variable)!) places.push(variable);
    }
    return places;
  };

  const decided = (url: string, env: NetworkEnv): Place => {
    const proxy = proxyFor(new URL(url), null, env);
    if (proxy === undefined) return 'direct';
    const variable = VARIABLES.find((name) => listeners.get(name)!.port === Number(proxy.port));
    expect(env[variable!]).toBe(proxy.href.replace(/\/$/, ''));
    return variable!;
  };

  it.each(CASES.map((testCase) => [testCase.url, JSON.stringify({ ...testCase, url: undefined }), testCase] as const))(
    'Given %s with %s, when EnvHttpProxyAgent sends a request, then proxyFor names the same place',
    async (url, _label, testCase) => {
      const env = envFor(testCase);
      const observed = await observe(url, env);
      expect(observed).toHaveLength(1);
      expect(decided(url, env)).toBe(observed[0]);
    },
  );

  it('Given the whole table, then it covers direct connections and every proxy variable', async () => {
    const places = new Set<Place>();
    for (const testCase of CASES) places.add(decided(testCase.url, envFor(testCase)));
    expect([...places].sort()).toEqual(['HTTPS_PROXY', 'HTTP_PROXY', 'direct', 'http_proxy', 'https_proxy']);
  });

  it('Given a proxy URL with credentials, then its display form has scheme, host and port only', () => {
    const proxy = proxyFor(new URL('https://mcp.example.com/'), null, { HTTPS_PROXY: 'http://u:p4ss@proxy.lan:3128' });
    expect(displayProxy(proxy!)).toBe('http://proxy.lan:3128');
  });
});
