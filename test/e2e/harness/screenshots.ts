/** Screenshots of each view for humans (CI artifacts), in test-artifacts/screenshots/<view>.png (git-ignored). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const SCREENSHOT_DIR = join(process.cwd(), 'test-artifacts', 'screenshots');

export async function saveScreenshot(page: Page, view: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${view}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
