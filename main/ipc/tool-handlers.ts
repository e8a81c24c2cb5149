/** IPC handlers for the tool policy: thin calls into the core's tool-policy service. */
import type { ToolPolicyOperations } from '../services.js';
import type { IpcHandlers } from './handle.js';

export function createToolHandlers(tools: ToolPolicyOperations): Pick<IpcHandlers, 'tools:view' | 'tools:change'> {
  return {
    'tools:view': ({ name, live }) => tools.view(name, { live }),
    'tools:change': ({ name, client, change }) => tools.change(name, client, change),
  };
}
