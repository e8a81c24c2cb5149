/** Renders the App (or one view) around a fake API, with the DOM shims recharts needs in jsdom. */
import { cleanup, render } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach } from 'vitest';
import { App } from '../../../renderer/src/app.js';
import type { Route } from '../../../renderer/src/route.js';
import type { FakeApi } from './fake-api.js';

class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= NoopResizeObserver;

afterEach(cleanup);

export function renderApp(api: FakeApi, initialRoute?: Route) {
  const user = userEvent.setup({ delay: null });
  const view = render(<App api={api} initialRoute={initialRoute} />);
  return { user, ...view };
}
