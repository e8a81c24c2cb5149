/**
 * The redirect target of a sign-in (RFC 8252 §7.3): a node:http listener on 127.0.0.1 with an
 * ephemeral port, path /callback. It answers only a request whose `state` matches the one this
 * sign-in sent (compared in constant time); anything else gets 400 and the wait goes on, so a
 * stray or forged request cannot end the sign-in. The browser's page says only what happened.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KeyportError } from '../../errors.js';

export const CALLBACK_PATH = '/callback';
export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface LoopbackCallback {
  /** `http://127.0.0.1:<port>/callback`. */
  readonly redirectUrl: string;
  /** Resolves with the authorization code once a request carries the expected state. */
  waitForCode(expectedState: () => string | undefined): Promise<string>;
  close(): Promise<void>;
}

function page(title: string, text: string): string {
  return (
    `<!doctype html><meta charset="utf-8"><title>${title}</title>` +
    `<body style="font-family:system-ui,sans-serif;margin:3rem"><h1>${title}</h1><p>${text}</p></body>`
  );
}

function sameState(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** One line from the authorization server's error parameters, without control characters. */
function errorText(params: URLSearchParams): string {
  const error = params.get('error') ?? 'error';
  const description = params.get('error_description');
  // eslint-disable-next-line no-control-regex
  return `${error}${description ? `: ${description}` : ''}`.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 200);
}

export async function startLoopbackCallback(options: { readonly timeoutMs?: number } = {}): Promise<LoopbackCallback> {
  let settle: { resolve: (code: string) => void; reject: (error: Error) => void } | undefined;
  let expected: () => string | undefined = () => undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const answer = (status: number, title: string, text: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page(title, text));
    };
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      answer(404, 'Not found', 'This is Keyport’s sign-in callback.');
      return;
    }
    const state = url.searchParams.get('state');
    const wanted = expected();
    if (state === null || wanted === undefined || !sameState(state, wanted)) {
      answer(400, 'Sign-in not accepted', 'This answer does not belong to the sign-in Keyport started.');
      return;
    }
    const code = url.searchParams.get('code');
    if (url.searchParams.has('error') || code === null) {
      answer(
        400,
        'Sign-in failed',
        'The authorization server refused the sign-in; see the Keyport window or terminal.',
      );
      settle?.reject(
        new KeyportError(
          'SIGN_IN_FAILED',
          `The authorization server refused the sign-in (${errorText(url.searchParams)}).`,
        ),
      );
      return;
    }
    answer(200, 'Signed in to Keyport', 'You can close this tab and return to Keyport.');
    settle?.resolve(code);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const timeoutMs = options.timeoutMs ?? SIGN_IN_TIMEOUT_MS;
  return {
    redirectUrl: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
    waitForCode(expectedState) {
      expected = expectedState;
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new KeyportError(
                'SIGN_IN_FAILED',
                `No sign-in arrived within ${Math.round(timeoutMs / 60_000)} minutes; run the command again and finish the sign-in in the browser.`,
              ),
            ),
          timeoutMs,
        );
        timer.unref();
        settle = {
          resolve: (code) => (clearTimeout(timer), resolve(code)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        };
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
