/**
 * The headers (and query parameter) that carry a connection's secret upstream: `--header
 * 'X-API-Key: {token}'` (repeatable), `--query-param <name>`, and the default `Authorization:
 * Bearer {token}`. Templates are checked when they are set — no hop-by-hop header, no Host or
 * framing header, no CR/LF or other control character in a name or a value — so a stored template
 * can always be sent. Messages never contain a secret (templates hold `{token}`, not the token).
 */
import { KeyportError } from '../errors.js';
import { HOP_BY_HOP } from '../proxy/forward-headers.js';
import type { HeaderTemplate } from '../store/credential-schema.js';

export const TOKEN_PLACEHOLDER = '{token}';
export const DEFAULT_HEADER_TEMPLATES: readonly HeaderTemplate[] = [
  { name: 'authorization', template: `Bearer ${TOKEN_PLACEHOLDER}` },
];

/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
/** Headers Keyport or HTTP itself owns: a template may not set them. */
const OWNED = new Set(['host', 'content-length', 'content-type', 'accept', 'mcp-session-id', 'mcp-protocol-version']);

function refuse(message: string): never {
  throw new KeyportError('INVALID_INPUT', message);
}

function checkName(name: string, flag: string): string {
  const lower = name.toLowerCase();
  if (/[\r\n]/.test(name)) refuse(`${flag}: a header name cannot contain a line break.`);
  if (!HEADER_NAME.test(name)) {
    refuse(`${flag}: "${name.slice(0, 40)}" is not a header name (letters, digits and -, no spaces).`);
  }
  if (HOP_BY_HOP.has(lower) || lower.startsWith('proxy-')) {
    refuse(`${flag}: ${name} is a hop-by-hop header and never reaches the server; choose another header.`);
  }
  if (OWNED.has(lower)) refuse(`${flag}: Keyport sets ${name} itself; choose another header.`);
  return lower;
}

/** `Name: template` as typed after `--header`. */
export function parseHeaderTemplate(input: string): HeaderTemplate {
  const colon = input.indexOf(':');
  if (colon <= 0) refuse(`--header takes "Name: value", e.g. --header 'X-API-Key: ${TOKEN_PLACEHOLDER}'.`);
  const name = checkName(input.slice(0, colon).trim(), '--header');
  const template = input.slice(colon + 1).trim();
  if (/[\r\n]/.test(template)) refuse(`--header ${name}: a header value cannot contain a line break.`);
  if (CONTROL.test(template)) refuse(`--header ${name}: the value contains a control character.`);
  if (template === '') refuse(`--header ${name}: the value is empty; write ${TOKEN_PLACEHOLDER} where the token goes.`);
  return { name, template };
}

/** A query parameter name for `--query-param`. */
export function validateQueryParam(name: string): string {
  const trimmed = name.trim();
  if (!/^[A-Za-z0-9._~-]{1,64}$/.test(trimmed)) {
    refuse(`--query-param: "${trimmed.slice(0, 40)}" is not a plain parameter name (letters, digits, . _ ~ -).`);
  }
  return trimmed;
}

/** Checks a whole set: no header twice, and the token goes somewhere. */
export function validateCredentialShape(headers: readonly HeaderTemplate[] | null, queryParam: string | null): void {
  const list = headers ?? DEFAULT_HEADER_TEMPLATES;
  const names = new Set<string>();
  for (const header of list) {
    if (names.has(header.name)) refuse(`--header ${header.name} is given twice; give each header once.`);
    names.add(header.name);
  }
  if (queryParam === null && !list.some((header) => header.template.includes(TOKEN_PLACEHOLDER))) {
    refuse(`No header carries the token: write ${TOKEN_PLACEHOLDER} in a --header value (or use --query-param).`);
  }
}

/** The warning printed whenever a token is put into URLs. */
export const QUERY_PARAM_WARNING =
  'The token will travel in the URL query string, which servers, proxies and logs often record; ' +
  'use a header instead whenever the server accepts one.';

/** Header templates as shown to people: `X-API-Key: {token}`. */
export function describeHeaders(headers: readonly HeaderTemplate[] | null): string[] {
  return (headers ?? DEFAULT_HEADER_TEMPLATES).map((header) => `${header.name}: ${header.template}`);
}
