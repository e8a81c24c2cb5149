/**
 * The last live `tools/list` of each connection, kept for when its upstream is down (`keyport
 * tools`, the app's Tools tab) and for the proxy's read-only decisions: `<data folder>/tools/<name>.json`.
 * No secret: tool names, titles, descriptions and annotations. A cache: a file that is missing,
 * unreadable or for another URL reads as none.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { writeFileAtomic } from './atomic-write.js';

export const TOOL_CACHE_FOLDER = 'tools';

export const ToolAnnotationsSchema = z.object({
  title: z.string().optional(),
  readOnlyHint: z.boolean().optional(),
  destructiveHint: z.boolean().optional(),
  idempotentHint: z.boolean().optional(),
  openWorldHint: z.boolean().optional(),
});
export type ToolAnnotations = z.infer<typeof ToolAnnotationsSchema>;

export const ListedToolSchema = z.object({
  name: z.string(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  annotations: ToolAnnotationsSchema,
});
export type ListedTool = z.infer<typeof ListedToolSchema>;

const ToolListCacheSchema = z.object({
  version: z.literal(1),
  /** The upstream URL the list came from: after `keyport set --url` the list is someone else's. */
  url: z.string(),
  listedAt: z.string().datetime(),
  serverName: z.string().nullable(),
  tools: z.array(ListedToolSchema),
});
export type ToolListCache = z.infer<typeof ToolListCacheSchema>;

export function toolListCachePath(dataDir: string, connection: string): string {
  return path.join(dataDir, TOOL_CACHE_FOLDER, `${connection}.json`);
}

/** The cached list of `connection` when it came from `url`; undefined otherwise. */
export function readToolListCache(dataDir: string, connection: string, url: string): ToolListCache | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(toolListCachePath(dataDir, connection), 'utf8'));
  } catch {
    return undefined;
  }
  const parsed = ToolListCacheSchema.safeParse(raw);
  return parsed.success && parsed.data.url === url ? parsed.data : undefined;
}

export async function writeToolListCache(dataDir: string, connection: string, cache: ToolListCache): Promise<void> {
  mkdirSync(path.join(dataDir, TOOL_CACHE_FOLDER), { recursive: true, mode: 0o700 });
  await writeFileAtomic(toolListCachePath(dataDir, connection), `${JSON.stringify(cache, null, 2)}\n`, 0o600);
}

export function removeToolListCache(dataDir: string, connection: string): void {
  rmSync(toolListCachePath(dataDir, connection), { force: true });
}
