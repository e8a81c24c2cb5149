import type { ToolAnnotationsDto, ToolPolicyView, ToolRow } from '../../../src/contract/dto.js';
import { ToolSwitch } from '../components/tool-switch.js';

/** The hints a server set to true, as chips (hints: what the server says of its tool, not a guarantee). */
const HINTS: ReadonlyArray<readonly [keyof ToolAnnotationsDto, string, string]> = [
  ['readOnlyHint', 'Read-only', 'chip-ok'],
  ['destructiveHint', 'Destructive', 'chip-critical'],
  ['idempotentHint', 'Idempotent', ''],
  ['openWorldHint', 'Open world', ''],
];

function Annotations({ annotations }: { readonly annotations: ToolAnnotationsDto }) {
  const set = HINTS.filter(([hint]) => annotations[hint] === true);
  if (set.length === 0) return null;
  return (
    <span className="tool-hints">
      {set.map(([hint, label, tone]) => (
        <span key={hint} className={`chip ${tone}`}>
          {label}
        </span>
      ))}
    </span>
  );
}

function ToolCell({ tool }: { readonly tool: ToolRow }) {
  const title = tool.title ?? tool.annotations.title;
  return (
    <th scope="row" className="tool-cell">
      <span className="tool-name">{tool.name}</span>
      {title !== undefined && title !== null && title !== tool.name && <span className="muted"> · {title}</span>}
      {tool.description && (
        <span className="tool-description muted" title={tool.description}>
          {tool.description}
        </span>
      )}
      <Annotations annotations={tool.annotations} />
    </th>
  );
}

/**
 * Every tool with a switch for all clients (the connection's rule) and one per client. A client
 * without a rule of its own follows all clients; its first switch gives it its own rule.
 */
export function ToolsTable(props: {
  readonly view: ToolPolicyView;
  readonly busy: boolean;
  readonly onSwitch: (client: string | null, tool: string, allowed: boolean) => void;
}) {
  const { view } = props;
  return (
    <div className="table-wrap">
      <table className="tools">
        <caption className="visually-hidden">Tools of {view.connection} and the clients that may use them</caption>
        <thead>
          <tr>
            <th scope="col">Tool</th>
            <th scope="col" className="switch-col">
              All clients
            </th>
            {view.clients.map((client) => (
              <th key={client.name} scope="col" className="switch-col">
                <span className="truncate block" title={client.name}>
                  {client.name}
                </span>{' '}
                <span className="muted small block">{client.rule === null ? 'follows all clients' : 'own rule'}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.tools.map((tool) => (
            <tr key={tool.name}>
              <ToolCell tool={tool} />
              <td>
                <ToolSwitch
                  label={`${tool.name} for all clients`}
                  allowed={tool.allowed}
                  disabled={props.busy}
                  onChange={(allowed) => props.onSwitch(null, tool.name, allowed)}
                />
              </td>
              {view.clients.map((client, index) => (
                <td key={client.name}>
                  <ToolSwitch
                    label={`${tool.name} for ${client.name}`}
                    allowed={tool.byClient[index] ?? tool.allowed}
                    disabled={props.busy}
                    onChange={(allowed) => props.onSwitch(client.name, tool.name, allowed)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
