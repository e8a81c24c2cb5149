import { useEffect, useRef, useState } from 'react';
import type { TokenSummary } from '../../src/contract/dto.js';
import type { IpcEvents, KeyportApi } from '../../src/contract/ipc.js';
import { ApiProvider } from './api-context.js';
import { ProxyStatusLine } from './components/proxy-status-line.js';
import { SideNav, type NavBadge } from './components/side-nav.js';
import { useKeyportEvent } from './hooks/use-event.js';
import { useTokens } from './hooks/use-tokens.js';
import type { Route } from './route.js';
import { ActivityView } from './views/activity-view.js';
import { AddTokenView } from './views/add-token-view.js';
import { ClientsView } from './views/clients-view.js';
import { SettingsView } from './views/settings-view.js';
import { TokenDetailView } from './views/token-detail-view.js';
import { TokensView } from './views/tokens-view.js';

/** Maps main's "open this view" request (e.g. tray → Rotate) to a route. */
export function routeFor(request: IpcEvents['ui:navigate']): Route {
  const { view, name } = request;
  if ((view === 'token' || view === 'rotate') && name) {
    return view === 'rotate' ? { view: 'token', name, panel: 'rotate' } : { view: 'token', name };
  }
  if (view === 'token' || view === 'rotate') return { view: 'tokens' };
  return { view };
}

export function App({ api, initialRoute }: { readonly api: KeyportApi; readonly initialRoute?: Route }) {
  return (
    <ApiProvider api={api}>
      <Shell initialRoute={initialRoute ?? { view: 'tokens' }} />
    </ApiProvider>
  );
}

function badgeFor(tokens: readonly TokenSummary[]): NavBadge | null {
  const needing = tokens.filter((token) => token.attention.level !== 'ok');
  if (needing.length === 0) return null;
  const critical = needing.some((token) => token.attention.level === 'critical');
  return { count: needing.length, level: critical ? 'critical' : 'warning' };
}

function Shell({ initialRoute }: { readonly initialRoute: Route }) {
  const [route, setRoute] = useState<Route>(initialRoute);
  const tokens = useTokens();
  useKeyportEvent('ui:navigate', (request) => setRoute(routeFor(request)));
  // After a view change, keyboard and screen-reader users start at the top of the new view.
  const main = useRef<HTMLElement>(null);
  const firstRoute = useRef(route);
  useEffect(() => {
    // A view that put focus somewhere itself (a panel that opened with it) keeps it.
    if (route !== firstRoute.current && !main.current?.contains(document.activeElement)) main.current?.focus();
  }, [route]);
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="sidebar-inner">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">
              K
            </span>
            <span className="brand-name">Keyport</span>
          </div>
          <SideNav route={route} navigate={setRoute} badge={tokens.state === 'ok' ? badgeFor(tokens.value) : null} />
          <ProxyStatusLine />
        </div>
      </aside>
      <main className="content" ref={main} tabIndex={-1}>
        <CurrentView route={route} navigate={setRoute} />
      </main>
    </div>
  );
}

function CurrentView({ route, navigate }: { readonly route: Route; readonly navigate: (route: Route) => void }) {
  switch (route.view) {
    case 'tokens':
      return <TokensView navigate={navigate} />;
    case 'add':
      return <AddTokenView navigate={navigate} />;
    case 'token':
      return (
        <TokenDetailView
          key={`${route.name}-${route.panel ?? ''}`}
          name={route.name}
          rotate={route.panel === 'rotate'}
          navigate={navigate}
        />
      );
    case 'clients':
      return <ClientsView key={route.panel ?? ''} importOpen={route.panel === 'import'} />;
    case 'activity':
      return <ActivityView />;
    case 'settings':
      return <SettingsView />;
  }
}
