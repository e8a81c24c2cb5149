/** IPC handlers for client integrations: list, preview, connect, import. */
import type { ClientOperations } from '../services.js';
import type { IpcHandlers } from './handle.js';

type ClientChannels = 'clients:list' | 'clients:preview' | 'clients:connect' | 'clients:import-scan' | 'clients:import';

export function createClientHandlers(clients: ClientOperations): Pick<IpcHandlers, ClientChannels> {
  return {
    'clients:list': () => clients.list(),
    'clients:preview': ({ client, names }) => clients.preview(client, names),
    'clients:connect': ({ client, names }) => clients.connect(client, names),
    'clients:import-scan': () => clients.importScan(),
    'clients:import': ({ entries }) => clients.importEntries(entries),
  };
}
