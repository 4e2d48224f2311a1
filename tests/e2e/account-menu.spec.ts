import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { logIn } from './support';

// The account menu of the app header is a <details>: with JavaScript, it also closes as menus
// do, on Escape (focus back on its button), on a click elsewhere and when a page opens.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

test('the account menu closes on Escape, on a click outside and on navigation', async ({
	page
}) => {
	await logIn(page, server.url, 'membre@maillage.test');
	const menu = page.locator('details.account');
	const button = menu.locator('summary');
	const profile = menu.getByRole('link', { name: 'Mon profil' });

	await test.step('Escape closes it and puts the focus back on its button', async () => {
		await button.click();
		await expect(menu).toHaveAttribute('open', '');
		await profile.focus();
		await page.keyboard.press('Escape');
		await expect(menu).not.toHaveAttribute('open');
		await expect(profile).toBeHidden();
		await expect(button).toBeFocused();
	});

	await test.step('from the keyboard alone, too', async () => {
		await page.keyboard.press('Enter');
		await expect(profile).toBeVisible();
		await page.keyboard.press('Escape');
		await expect(profile).toBeHidden();
		await expect(button).toBeFocused();
	});

	await test.step('a click outside closes it', async () => {
		await button.click();
		await expect(profile).toBeVisible();
		await page.getByRole('heading', { level: 1 }).click();
		await expect(menu).not.toHaveAttribute('open');
		await expect(profile).toBeHidden();
	});

	await test.step('a click on one of its links opens the page with the menu closed', async () => {
		await button.click();
		await profile.click();
		await expect(page).toHaveURL(`${server.url}/profil`);
		await expect(profile).toBeHidden();
	});
});
