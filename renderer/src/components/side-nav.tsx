import type { Navigate, Route } from '../route.js';

const ITEMS = [
  ['tokens', 'Tokens'],
  ['clients', 'Connect clients'],
  ['activity', 'Activity'],
  ['settings', 'Settings'],
] as const;

function section(route: Route): string {
  return route.view === 'add' || route.view === 'token' ? 'tokens' : route.view;
}

export function SideNav({ route, navigate }: { readonly route: Route; readonly navigate: Navigate }) {
  const current = section(route);
  return (
    <nav aria-label="Main">
      <ul className="plain">
        {ITEMS.map(([view, label]) => (
          <li key={view}>
            <button
              type="button"
              className="nav-item"
              aria-current={current === view ? 'page' : undefined}
              onClick={() => navigate({ view })}
            >
              {label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
