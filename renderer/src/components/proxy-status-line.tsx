import { useCallback } from 'react';
import { appText } from '../../../src/core/app-wording.js';
import { useApi } from '../api-context.js';
import { useKeyportEvent } from '../hooks/use-event.js';
import { useResult } from '../hooks/use-result.js';

/** "Proxy on 127.0.0.1:8931" or why it is not running; below 1000 px only the dot shows (the text stays readable to screen readers). */
export function ProxyStatusLine() {
  const api = useApi();
  const load = useCallback(() => api['proxy:status'](), [api]);
  const status = useResult(load);
  useKeyportEvent('proxy:status', status.replace);
  if (status.state !== 'ok') return null;
  const { running, port, paused, error } = status.value;
  const text = running ? `Proxy on 127.0.0.1:${port ?? '?'}${paused ? ' (paused)' : ''}` : 'Proxy stopped';
  return (
    <div className="proxy-status" role="status" title={text}>
      <span className={`dot ${running && !paused ? 'dot-ok' : 'dot-off'}`} aria-hidden="true" />
      <span className="proxy-status-text">{text}</span>
      {error && <span className="error small proxy-status-text">{appText(error.message)}</span>}
    </div>
  );
}
