/** What a 403's `WWW-Authenticate: Bearer error="insufficient_scope", scope="…"` asks for (RFC 6750 §3.1). */

/** The challenged scope ('' when none is named), or undefined when the header is no insufficient_scope challenge. */
export function insufficientScope(header: string | undefined): string | undefined {
  if (header === undefined || !/error="?insufficient_scope/i.test(header)) return undefined;
  return /scope="([^"]*)"/i.exec(header)?.[1]?.trim() ?? '';
}

/** The union of two space-separated scope lists, in first-seen order. */
export function unionScopes(...lists: ReadonlyArray<string | null | undefined>): string {
  const all = new Set<string>();
  for (const list of lists) for (const scope of (list ?? '').split(/\s+/)) if (scope) all.add(scope);
  return [...all].join(' ');
}
