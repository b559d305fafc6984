import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Retrying assertions on what the page shows, in the manner of Playwright's own (which comes
 * with @playwright/test, not playwright-core): each polls until it holds or times out.
 */
const poll = { timeout: 5000, interval: 50 };

export const expectValue = (locator: Locator, value: string) => expect.poll(() => locator.inputValue(), poll).toBe(value);
export const expectText = (locator: Locator, text: string) => expect.poll(async () => (await locator.innerText()).trim(), poll).toBe(text);
export const expectContains = (locator: Locator, text: string) => expect.poll(() => locator.innerText(), poll).toContain(text);
export const expectCount = (locator: Locator, count: number) => expect.poll(() => locator.count(), poll).toBe(count);
