import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/contract/dto.js';
import { fakeApi, ok, token } from '../support/fake-api.js';
import { renderApp } from '../support/render-app.js';

function entry(overrides: Partial<AuditEntry>): AuditEntry {
  return {
    time: '2026-11-22T10:00:00.000Z',
    client: 'cursor',
    connection: 'billing',
    method: 'tools/call',
    tool: 'list_invoices',
    status: 200,
    latencyMs: 12,
    ...overrides,
  };
}

const rows = () => within(screen.getByRole('table')).getAllByRole('row').slice(1);

describe('Activity view', () => {
  it('Given audit entries, they are listed and new ones arrive live', async () => {
    const api = fakeApi();
    api['audit:list'].mockImplementation(() => ok([entry({ tool: 'first_tool' })]));
    renderApp(api, { view: 'activity' });
    expect(await screen.findByText('first_tool')).toBeTruthy();
    api.emit('audit:entry', entry({ tool: 'live_tool', time: '2026-11-22T10:05:00.000Z' }));
    expect(await screen.findByText('live_tool')).toBeTruthy();
    expect(rows()[0]?.textContent).toContain('live_tool');
  });

  it('Given a line already read from the log, When the same line is pushed live, Then it is shown once', async () => {
    const api = fakeApi();
    api['audit:list'].mockImplementation(() => ok([entry({ tool: 'read_tool' })]));
    renderApp(api, { view: 'activity' });
    expect(await screen.findByText('read_tool')).toBeTruthy();
    api.emit('audit:entry', entry({ tool: 'read_tool' }));
    api.emit('audit:entry', entry({ tool: 'newer_tool', time: '2026-11-22T10:05:00.000Z' }));
    expect(await screen.findByText('newer_tool')).toBeTruthy();
    expect(rows().map((row) => row.textContent?.includes('read_tool'))).toEqual([false, true]);
  });

  it('Given several lines pushed in one tick (one audit poll), Then every one of them is shown, newest first', async () => {
    const api = fakeApi();
    api['audit:list'].mockImplementation(() => ok([entry({ tool: 'read_tool' })]));
    renderApp(api, { view: 'activity' });
    expect(await screen.findByText('read_tool')).toBeTruthy();
    for (const tool of ['live_one', 'live_two', 'live_three']) {
      api.emit('audit:entry', entry({ tool, time: '2026-11-22T10:05:00.000Z' }));
    }
    expect(await screen.findByText('live_one')).toBeTruthy();
    const tools = ['live_one', 'live_two', 'live_three', 'read_tool'];
    expect(rows().map((row) => tools.find((tool) => row.textContent?.includes(tool)))).toEqual([
      'live_three',
      'live_two',
      'live_one',
      'read_tool',
    ]);
  });

  it('When the user filters, audit:list gets the filter and live entries that do not match stay out', async () => {
    const api = fakeApi();
    api['tokens:list'].mockImplementation(() => ok([token({ name: 'billing' }), token({ name: 'search' })]));
    api['audit:list'].mockImplementation(() => ok([entry({})]));
    const { user } = renderApp(api, { view: 'activity' });
    await screen.findByText('list_invoices');
    await user.selectOptions(await screen.findByLabelText('Connection'), 'search');
    await user.selectOptions(screen.getByLabelText('Method'), 'tools/call');
    await user.type(screen.getByLabelText('Status'), '401');
    expect(api['audit:list']).toHaveBeenLastCalledWith(
      expect.objectContaining({ connection: 'search', method: 'tools/call', status: 401 }),
    );
    api['audit:list'].mockImplementation(() => ok([]));
    await user.type(screen.getByLabelText('Client'), 'claude-code');
    expect(api['audit:list']).toHaveBeenLastCalledWith(expect.objectContaining({ client: 'claude-code' }));
    await screen.findByText('No call matches these filters.');
    api.emit('audit:entry', entry({ connection: 'billing', client: 'claude-code', status: 401, tool: 'other' }));
    api.emit('audit:entry', entry({ connection: 'search', client: 'claude-code', status: 401, tool: 'matching' }));
    expect(await screen.findByText('matching')).toBeTruthy();
    expect(screen.queryByText('other')).toBeNull();
  });

  it('When the user asks for errors only, audit:list gets errorsOnly and live successes stay out', async () => {
    const api = fakeApi();
    api['audit:list'].mockImplementation(() => ok([entry({ status: 502, tool: 'failed_tool' })]));
    const { user } = renderApp(api, { view: 'activity' });
    await screen.findByText('failed_tool');
    await user.click(screen.getByLabelText('Errors only'));
    expect(api['audit:list']).toHaveBeenLastCalledWith(expect.objectContaining({ errorsOnly: true }));
    api.emit('audit:entry', entry({ status: 200, tool: 'fine_tool', time: '2026-11-22T10:06:00.000Z' }));
    api.emit('audit:entry', entry({ status: 401, tool: 'refused_tool', time: '2026-11-22T10:07:00.000Z' }));
    expect(await screen.findByText('refused_tool')).toBeTruthy();
    expect(screen.queryByText('fine_tool')).toBeNull();
    // Time and Status side by side, then the rest.
    expect(screen.getAllByRole('columnheader').map((header) => header.textContent)).toEqual([
      'Time',
      'Status',
      'Connection',
      'Client',
      'Method',
      'Tool',
      'Latency',
    ]);
  });

  it('When main reports changed usage (tokens:changed), the log is re-read from the core', async () => {
    const api = fakeApi();
    renderApp(api, { view: 'activity' });
    await screen.findByText('No calls recorded yet.');
    api['audit:list'].mockImplementation(() => ok([entry({ tool: 'flushed_tool' })]));
    api.emit('tokens:changed', []);
    expect(await screen.findByText('flushed_tool')).toBeTruthy();
  });

  it('Given a call the tool policy denied, Then its status reads Denied (not its HTTP 200)', async () => {
    const api = fakeApi();
    api['audit:list'].mockImplementation(() => ok([entry({ tool: 'delete_repo', denied: true })]));
    renderApp(api, { view: 'activity' });
    expect(await screen.findByText('delete_repo')).toBeTruthy();
    const cells = within(rows()[0]!).getAllByRole('cell');
    expect(cells[1]?.textContent).toBe('Denied');
    expect(cells[1]?.getAttribute('title')).toMatch(/nothing reached the server/);
  });
});
