/**
 * The e2e stand-in for Electron's IPC: an HTTP server on 127.0.0.1 that serves the BUILT renderer
 * (dist/renderer) and answers `POST /api/<channel>` with the Result the real handlers return, plus
 * `GET /api/events`, a Server-Sent Events stream carrying main's pushed events. The page reaches it
 * only through `window.keyport` (see keyport-bridge.ts), exactly as it would reach the preload.
 */
import { once } from 'node:events';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Result } from '../../../src/contract/dto.js';
import type { IpcChannel, IpcEvent, IpcEvents } from '../../../src/contract/ipc.js';

export type Dispatch = (channel: IpcChannel, args: readonly unknown[]) => Promise<Result<unknown>>;

export interface UiServer {
  readonly url: string;
  publish<E extends IpcEvent>(event: E, payload: IpcEvents[E]): void;
  /** Every JSON body the API answered with, for canary checks over the wire. */
  readonly responses: readonly string[];
  close(): Promise<void>;
}

export async function startUiServer(options: {
  readonly rendererDir: string;
  readonly channels: readonly IpcChannel[];
  readonly dispatch: Dispatch;
}): Promise<UiServer> {
  const channels = new Set<string>(options.channels);
  const streams = new Set<ServerResponse>();
  const responses: string[] = [];
  const app = express();
  app.disable('x-powered-by');
  app.post('/api/:channel', express.json({ limit: '1mb' }), async (req, res) => {
    const channel = req.params.channel;
    if (!channels.has(channel)) {
      res.status(404).json({ ok: false, error: { code: 'INVALID_INPUT', message: `No channel ${channel}.` } });
      return;
    }
    const args: unknown = (req.body as { args?: unknown } | undefined)?.args;
    const result = await options.dispatch(channel as IpcChannel, Array.isArray(args) ? args : []);
    const body = JSON.stringify(result);
    responses.push(body);
    res.type('application/json').send(body);
  });
  app.get('/api/events', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
  });
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
  app.use(express.static(options.rendererDir, { index: 'index.html' }));

  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    responses,
    publish(event, payload) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const stream of streams) stream.write(frame);
    },
    async close() {
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
