import { expiryTone } from '../format/expiry-tone.js';
import { formatDate, formatRelative } from '../format/relative-time.js';

/** "expires in 5 days · 12 Mar 2026", amber within 7 days, red once expired. */
export function ExpiryText({ expiresAt, now }: { readonly expiresAt: string | null; readonly now: number }) {
  const tone = expiryTone(expiresAt, now);
  if (expiresAt === null) return <span className="muted">Never expires</span>;
  const verb = tone === 'danger' ? 'Expired' : 'Expires';
  return (
    <span className={`expiry tone-${tone}`} data-tone={tone}>
      {verb} {formatRelative(expiresAt, now)} <span className="muted">· {formatDate(expiresAt)}</span>
    </span>
  );
}
