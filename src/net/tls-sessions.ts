/**
 * Keeps TLS session reuse working in a long-running process. undici caches each connector's TLS
 * sessions behind WeakRefs (nodejs/undici#1802), so a session lives only until the next garbage
 * collection: in `keyport serve` a new connection to an upstream would rarely resume. Connectors
 * wrapped by one holder (one per upstream dispatcher: its pools come and go with their
 * connections, the holder stays) keep the latest session of each host strongly — a few hundred
 * bytes, at most MAX_HELD hosts — so undici's weak cache keeps finding it; undici still decides
 * which session to offer. A session announced before a connector hands its socket over (TLS 1.2
 * through a connector that only calls back, like ProxyAgent's tunnel) is not seen: undici's cache
 * alone then applies.
 */
import type { Socket } from 'node:net';
import type * as Undici from 'undici';

const MAX_HELD = 16;

export type Connector = Undici.buildConnector.connector;

export interface SessionHolder {
  /** The same connector, with the sessions of its sockets held. */
  wrap(connect: Connector): Connector;
}

export function createSessionHolder(): SessionHolder {
  const held = new Map<string, Buffer>();
  const hold = (socket: Socket, key: string): void => {
    socket.on('session', (session: Buffer) => {
      held.delete(key);
      held.set(key, session);
      if (held.size > MAX_HELD) held.delete(held.keys().next().value!);
    });
  };
  return {
    wrap: (connect) => (options, callback) => {
      const key = `${options.servername ?? ''}|${options.hostname}:${options.port}`;
      let watched: Socket | undefined;
      const returned = (connect as (...args: Parameters<Connector>) => unknown)(options, (...args) => {
        const [error, socket] = args;
        if (error === null && socket !== watched) hold(socket, key);
        callback(...args);
      });
      // buildConnector returns its socket at once, before any TLS message can be read.
      if (returned !== null && typeof returned === 'object' && typeof (returned as Socket).on === 'function') {
        watched = returned as Socket;
        hold(watched, key);
      }
    },
  };
}
