import { expect, type Page } from '@playwright/test';

/** Every demo account shares this password (src/lib/server/demo/seed.ts). */
export const DEMO_PASSWORD = 'route-industrie';

/**
 * Logs in through the login form, whatever the interface language, and waits for the home
 * page. Fields are found by name so that the French and English pages both work.
 */
export async function logIn(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD) {
	await page.goto(`${baseUrl}/login`);
	await page.locator('input[name="email"]').fill(email);
	await page.locator('input[name="password"]').fill(password);
	await page.locator('form:has(input[name="password"]) button[type="submit"]').click();
	await expect(page).toHaveURL(`${baseUrl}/`);
}

/** Opens the account menu of the app header and presses one of its buttons. */
export async function useAccountMenu(page: Page, button: string) {
	await page.locator('details.account > summary').click();
	await page.locator('details.account').getByRole('button', { name: button }).click();
}
