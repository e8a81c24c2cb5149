import { useCallback } from 'react';
import { useApi } from '../api-context.js';
import { ErrorMessage } from '../components/error-message.js';
import { useResult } from '../hooks/use-result.js';
import { SettingsForm } from './settings-form.js';

export function SettingsView() {
  const api = useApi();
  const load = useCallback(() => api['settings:get'](), [api]);
  const settings = useResult(load);
  return (
    <section aria-labelledby="settings-title">
      <header className="view-header">
        <h1 id="settings-title">Settings</h1>
      </header>
      {settings.state === 'error' && <ErrorMessage error={settings.error} />}
      {settings.state === 'ok' && <SettingsForm initial={settings.value} onSaved={settings.replace} />}
    </section>
  );
}
