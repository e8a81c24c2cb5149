import type { AttentionLevel } from '../../../src/contract/dto.js';
import type { Navigate, Route } from '../route.js';
import { NavIcon } from './nav-icons.js';

const ITEMS = [
  ['tokens', 'Tokens'],
  ['clients', 'Connect clients'],
  ['activity', 'Activity'],
  ['settings', 'Settings'],
] as const;

function section(route: Route): string {
  return route.view === 'add' || route.view === 'token' ? 'tokens' : route.view;
}

/** How many tokens need attention and how bad the worst is: the badge on "Tokens". */
export interface NavBadge {
  readonly count: number;
  readonly level: Exclude<AttentionLevel, 'ok'>;
}

/** Icons and labels; below 1000 px only the icons show (the labels stay for screen readers and as tooltips). */
export function SideNav(props: {
  readonly route: Route;
  readonly navigate: Navigate;
  readonly badge: NavBadge | null;
}) {
  const current = section(props.route);
  return (
    <nav aria-label="Main">
      <ul className="plain">
        {ITEMS.map(([view, label]) => (
          <li key={view}>
            <button
              type="button"
              className="nav-item"
              title={label}
              aria-current={current === view ? 'page' : undefined}
              onClick={() => props.navigate({ view })}
            >
              <NavIcon name={view} />
              <span className="nav-label">{label}</span>
              {view === 'tokens' && props.badge && (
                <span className={`badge badge-${props.badge.level}`}>
                  {props.badge.count}
                  <span className="visually-hidden"> need attention</span>
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
