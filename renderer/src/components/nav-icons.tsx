/** The sidebar's icons (inline SVG, decorative: each button is named by its text). */
const PATHS = {
  tokens:
    'M7.5 13a4.5 4.5 0 1 1 4.3-5.8H19v3h-2v2.3h-2.5V10.2h-2.7A4.5 4.5 0 0 1 7.5 13Zm0-2.2a2.3 2.3 0 1 0 0-4.6 2.3 2.3 0 0 0 0 4.6Z',
  clients: 'M3 5h14v9H3V5Zm2 2v5h10V7H5Zm-3 9h16v2H2v-2Z',
  activity: 'M2 10h3.5l2.2-5 4.3 10 2.2-5H18v2h-2.5l-3.5 7.5L7.7 9.5 6.8 12H2v-2Z',
  settings:
    'M10 6.5a3.5 3.5 0 1 1 0 7 3.5 3.5 0 0 1 0-7Zm0 2a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3ZM9 1h2l.5 2.6 1.6.7 2.2-1.5 1.4 1.4-1.5 2.2.7 1.6L18.5 9v2l-2.6.5-.7 1.6 1.5 2.2-1.4 1.4-2.2-1.5-1.6.7L11 19H9l-.5-2.6-1.6-.7-2.2 1.5-1.4-1.4 1.5-2.2-.7-1.6L1.5 11V9l2.6-.5.7-1.6-1.5-2.2 1.4-1.4 2.2 1.5 1.6-.7L9 1Z',
} as const;

export type NavIconName = keyof typeof PATHS;

export function NavIcon({ name }: { readonly name: NavIconName }) {
  return (
    <svg className="nav-icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}
