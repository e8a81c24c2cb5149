import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProxyStatus } from '../../src/contract/dto.js';
import { silentLogger } from '../../src/logger.js';
import { createProxyController, type ListeningProxy } from '../../main/proxy-controller.js';

/** A real listener on 127.0.0.1, standing in for the proxy core (which has its own tests). */
function listenOn(port: number): Promise<ListeningProxy> {
  return new Promise((resolve, reject) => {
    const server: Server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(Object.assign(new Error('taken'), { code: error.code })),
    );
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address !== null ? address.port : port;
      resolve({
        port: actual,
        url: `http://127.0.0.1:${actual}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

describe('proxy controller', () => {
  const blockers: Server[] = [];
  afterAll(() => blockers.forEach((server) => server.close()));

  it('Given a free port, Then it runs; pausing stops listening and resuming starts again, each announced', async () => {
    const seen: ProxyStatus[] = [];
    const controller = createProxyController({ start: listenOn, port: () => 0, logger: silentLogger });
    controller.onStatus((status) => seen.push(status));
    const started = await controller.start();
    expect(started).toMatchObject({ running: true, paused: false, error: null });
    expect(controller.connectionUrl('gh')).toBe(`${started.url}/gh/mcp`);
    await controller.setPaused(true);
    expect(controller.status()).toMatchObject({ running: false, paused: true, url: null });
    expect(() => controller.connectionUrl('gh')).toThrow(/paused; resume it from the tray/);
    await controller.setPaused(false);
    expect(controller.status().running).toBe(true);
    await controller.stop();
    expect(seen.map((status) => [status.running, status.paused])).toEqual([
      [true, false],
      [false, true],
      [true, false],
      [false, false],
    ]);
  });

  it('Given the port is taken, Then start resolves with the error in the status instead of throwing', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    const { KeyportError } = await import('../../src/errors.js');
    const controller = createProxyController({
      start: (port) =>
        listenOn(port).catch(() => {
          throw new KeyportError('PORT_IN_USE', `Port ${port} on 127.0.0.1 is already in use.`);
        }),
      port: () => taken,
      logger: silentLogger,
    });
    const status = await controller.start();
    expect(status).toMatchObject({ running: false, port: taken, error: { code: 'PORT_IN_USE' } });
    expect(() => controller.connectionUrl('gh')).toThrow(/not running/);
  });
});
