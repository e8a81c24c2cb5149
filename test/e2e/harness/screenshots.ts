/** Screenshots of each view for humans (CI artifacts), in test-artifacts/screenshots/<view>.png (git-ignored). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const SCREENSHOT_DIR = join(process.cwd(), 'test-artifacts', 'screenshots');

/** The whole page by default; `fullPage: false` keeps only what the window shows (e.g. what fits at 800×600). */
export async function saveScreenshot(
  page: Page,
  view: string,
  options: { readonly fullPage?: boolean } = {},
): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${view}.png`);
  const fullPage = options.fullPage ?? true;
  // No hover state (a chart's tooltip) in the picture; a whole page from its top, so sticky parts sit right.
  await page.mouse.move(0, 0);
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage });
  return path;
}
