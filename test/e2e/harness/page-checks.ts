/** Checks every e2e view gets: accessible in both themes, and never a command to type. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousViolations } from './axe.js';

/** A command to type, in any wording: never in a window. */
export const CLI_COMMAND = /\bkeyport [a-z]+\b|`|(^|\s)--[a-z]/;

/** axe-core in light and dark: no serious or critical violation; the page is left in light. */
export async function expectAccessible(page: Page, view: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const found = await seriousViolations(page);
    expect(found, `${view} (${colorScheme}): ${JSON.stringify(found, null, 1)}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
