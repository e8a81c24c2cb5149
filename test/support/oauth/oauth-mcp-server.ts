/**
 * An OAuth-protected MCP server built from the MCP SDK's own server auth pieces (mcpAuthRouter,
 * requireBearerAuth) with an in-memory OAuthServerProvider: short-lived access tokens (3 s by
 * default), rotating refresh tokens, dynamic registration, revocation, pre-registered clients
 * (client_secret_basic or client_secret_post), Client ID Metadata Documents, and scopes it can
 * be told to require (step-up). It counts what Keyport did, so tests can prove "one refresh".
 */
import { randomBytes } from 'node:crypto';
import { get as httpsGet } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Request, type Response, type NextFunction } from 'express';
import {
  createOAuthMetadata,
  getOAuthProtectedResourceMetadataUrl,
  mcpAuthRouter,
} from '@modelcontextprotocol/sdk/server/auth/router.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { InvalidGrantError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthServerProvider } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { OAuthClientInformationFull } from '@modelcontextprotocol/sdk/shared/auth.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import * as z from 'zod';

export interface OAuthServerOptions {
  readonly accessTtlSeconds?: number;
  /** PRM scopes_supported (what a first sign-in asks for). */
  readonly scopesSupported?: string[];
  /** Scopes the server grants at most (default: scopesSupported plus anything asked). */
  readonly grantable?: (requested: string[]) => string[];
  readonly dynamicRegistration?: boolean;
  /** A pre-registered client and how it authenticates at the token endpoint. */
  readonly preRegistered?: {
    readonly id: string;
    readonly secret: string;
    readonly method: 'client_secret_basic' | 'client_secret_post';
  };
  /** Advertise Client ID Metadata Document support and fetch client_id URLs (trusting this CA). */
  readonly metadataDocuments?: { readonly ca: string };
}

export interface OAuthMcpServer {
  readonly origin: string;
  readonly url: string;
  readonly counts: {
    authorizations: number;
    refreshes: number;
    registrations: number;
    revocations: number;
    basicAuth: number;
    documentFetches: number;
  };
  /** The scopes each authorization asked for, in order. */
  readonly authorizedScopes: string[][];
  /** The resource indicators authorization requests carried. */
  readonly resources: string[];
  /** Every access and refresh token issued (canaries for leak checks). */
  readonly issued: string[];
  /** Scopes a token must have for MCP requests (step-up); empty = none. */
  requireScopes(scopes: string[]): void;
  /** Forget every refresh token (as a provider does when a user revokes the app). */
  revokeAllRefreshTokens(): void;
  close(): Promise<void>;
}

const token = (prefix: string) => `${prefix}_${randomBytes(24).toString('hex')}`;

function fetchDocument(url: string, ca: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    httpsGet(url, { ca }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body) as Record<string, unknown>);
        } catch (error) {
          reject(error as Error);
        }
      });
    }).on('error', reject);
  });
}

export async function startOAuthMcpServer(options: OAuthServerOptions = {}): Promise<OAuthMcpServer> {
  const ttl = options.accessTtlSeconds ?? 3;
  const counts = {
    authorizations: 0,
    refreshes: 0,
    registrations: 0,
    revocations: 0,
    basicAuth: 0,
    documentFetches: 0,
  };
  const authorizedScopes: string[][] = [];
  const resources: string[] = [];
  const issued: string[] = [];
  const clients = new Map<string, OAuthClientInformationFull>();
  const codes = new Map<string, { clientId: string; challenge: string; scopes: string[]; resource?: URL }>();
  const accessTokens = new Map<string, { clientId: string; scopes: string[]; expiresAt: number; resource?: URL }>();
  const refreshTokens = new Map<string, { clientId: string; scopes: string[]; resource?: URL }>();
  let required: string[] = [];
  if (options.preRegistered) {
    clients.set(options.preRegistered.id, {
      client_id: options.preRegistered.id,
      client_secret: options.preRegistered.secret,
      redirect_uris: ['http://127.0.0.1/callback'],
      token_endpoint_auth_method: options.preRegistered.method,
    });
  }

  const issue = (clientId: string, scopes: string[], resource?: URL) => {
    const access = token('oat');
    const refresh = token('ort');
    issued.push(access, refresh);
    accessTokens.set(access, {
      clientId,
      scopes,
      expiresAt: Date.now() / 1000 + ttl,
      ...(resource ? { resource } : {}),
    });
    refreshTokens.set(refresh, { clientId, scopes, ...(resource ? { resource } : {}) });
    return {
      access_token: access,
      token_type: 'Bearer',
      expires_in: ttl,
      refresh_token: refresh,
      scope: scopes.join(' '),
    };
  };

  const provider: OAuthServerProvider = {
    clientsStore: {
      async getClient(id) {
        const known = clients.get(id);
        if (known) return known;
        if (options.metadataDocuments && id.startsWith('https://')) {
          counts.documentFetches += 1;
          const document = await fetchDocument(id, options.metadataDocuments.ca);
          if (document.client_id !== id) return undefined;
          return { ...(document as unknown as OAuthClientInformationFull), client_id: id };
        }
        return undefined;
      },
      ...(options.dynamicRegistration === false
        ? {}
        : {
            registerClient(client: Omit<OAuthClientInformationFull, 'client_id' | 'client_id_issued_at'>) {
              counts.registrations += 1;
              const full = {
                ...client,
                client_id: token('client'),
                client_id_issued_at: Math.floor(Date.now() / 1000),
              };
              clients.set(full.client_id, full);
              return full;
            },
          }),
    },
    async authorize(client, params, res) {
      counts.authorizations += 1;
      const asked = params.scopes ?? [];
      const scopes = options.grantable ? options.grantable(asked) : asked;
      authorizedScopes.push(asked);
      if (params.resource) resources.push(params.resource.href);
      const code = token('code');
      codes.set(code, {
        clientId: client.client_id,
        challenge: params.codeChallenge,
        scopes,
        ...(params.resource ? { resource: params.resource } : {}),
      });
      const target = new URL(params.redirectUri);
      target.searchParams.set('code', code);
      if (params.state) target.searchParams.set('state', params.state);
      res.redirect(302, target.href);
    },
    async challengeForAuthorizationCode(_client, code) {
      const found = codes.get(code);
      if (!found) throw new InvalidGrantError('unknown code');
      return found.challenge;
    },
    async exchangeAuthorizationCode(client, code) {
      const found = codes.get(code);
      if (!found || found.clientId !== client.client_id) throw new InvalidGrantError('unknown code');
      codes.delete(code);
      return issue(client.client_id, found.scopes, found.resource);
    },
    async exchangeRefreshToken(client, refresh) {
      counts.refreshes += 1;
      const found = refreshTokens.get(refresh);
      if (!found || found.clientId !== client.client_id)
        throw new InvalidGrantError('refresh token revoked or unknown');
      refreshTokens.delete(refresh); // rotation: each refresh token works once
      return issue(client.client_id, found.scopes, found.resource);
    },
    async verifyAccessToken(access) {
      const found = accessTokens.get(access);
      if (!found) throw new InvalidTokenError('unknown token');
      return {
        token: access,
        clientId: found.clientId,
        scopes: found.scopes,
        expiresAt: found.expiresAt,
        ...(found.resource ? { resource: found.resource } : {}),
      };
    },
    async revokeToken(_client, request) {
      counts.revocations += 1;
      accessTokens.delete(request.token);
      refreshTokens.delete(request.token);
    },
  };

  const app = express();
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mcpUrl = new URL(`${origin}/mcp`);
  const noLimit = { rateLimit: false as const };
  const metadata = {
    ...createOAuthMetadata({
      provider,
      issuerUrl: new URL(origin),
      ...(options.scopesSupported ? { scopesSupported: options.scopesSupported } : {}),
    }),
    ...(options.preRegistered ? { token_endpoint_auth_methods_supported: [options.preRegistered.method] } : {}),
    ...(options.metadataDocuments ? { client_id_metadata_document_supported: true } : {}),
  };
  app.get('/.well-known/oauth-authorization-server', (_req, res) => res.json(metadata));
  // client_secret_basic: the SDK's handlers read client credentials from the body only.
  const basicAuth = (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    if (options.preRegistered?.method !== 'client_secret_basic') return next();
    if (!header?.startsWith('Basic ') || (req.body as Record<string, unknown>)?.client_secret !== undefined) {
      res.status(401).json({ error: 'invalid_client', error_description: 'client_secret_basic required' });
      return;
    }
    const [id, secret] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
    counts.basicAuth += 1;
    (req.body as Record<string, unknown>).client_id = decodeURIComponent(id ?? '');
    (req.body as Record<string, unknown>).client_secret = decodeURIComponent(secret ?? '');
    next();
  };
  app.use(['/token', '/revoke'], express.urlencoded({ extended: false }), basicAuth);
  app.use(
    mcpAuthRouter({
      provider,
      issuerUrl: new URL(origin),
      resourceServerUrl: mcpUrl,
      ...(options.scopesSupported ? { scopesSupported: options.scopesSupported } : {}),
      authorizationOptions: noLimit,
      tokenOptions: noLimit,
      clientRegistrationOptions: noLimit,
      revocationOptions: noLimit,
    }),
  );
  const resourceMetadataUrl = getOAuthProtectedResourceMetadataUrl(mcpUrl);
  app.all(
    '/mcp',
    (req, res, next) =>
      requireBearerAuth({ verifier: provider, requiredScopes: required, resourceMetadataUrl })(req, res, next),
    async (req, res) => {
      const mcp = new McpServer({ name: 'oauth-upstream', version: '1.0.0' });
      mcp.registerTool(
        'echo',
        { description: 'Echoes its text', inputSchema: { text: z.string() } },
        async ({ text }) => ({
          content: [{ type: 'text', text }],
        }),
      );
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => {
        void transport.close();
        void mcp.close();
      });
      await mcp.connect(transport);
      await transport.handleRequest(req, res);
    },
  );

  return {
    origin,
    url: mcpUrl.href,
    counts,
    authorizedScopes,
    resources,
    issued,
    requireScopes(scopes) {
      required = scopes;
    },
    revokeAllRefreshTokens: () => refreshTokens.clear(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
