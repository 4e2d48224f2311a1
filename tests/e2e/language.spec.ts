import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { logIn, useAccountMenu } from './support';

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

test('a visitor switches the login page to English and back', async ({ page }) => {
	await page.goto(`${server.url}/login`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion');
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

	await page.getByRole('button', { name: 'English' }).click();
	await expect(page).toHaveURL(`${server.url}/login`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in');
	await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');

	// The choice is kept in a cookie for the next visit.
	await page.goto(`${server.url}/mot-de-passe-oublie`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Forgotten password');

	await page.getByRole('button', { name: 'Français' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mot de passe oublié');
});

test('a browser asking for English gets English by default', async ({ browser }) => {
	const context = await browser.newContext({ locale: 'en-US' });
	const page = await context.newPage();
	await page.goto(`${server.url}/login`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await context.close();
});

test('the language chosen in the account menu is kept on the account', async ({
	page,
	browser
}) => {
	await logIn(page, server.url, 'direction@maillage.test');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Bernard Walter');

	await page.goto(`${server.url}/profil`);
	await useAccountMenu(page, 'English');
	await expect(page).toHaveURL(`${server.url}/profil`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My profile');

	await useAccountMenu(page, 'Log out');
	await expect(page).toHaveURL(`${server.url}/login?loggedOut=1`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in');

	// A browser that never chose anything: French at the door, English once logged in.
	const context = await browser.newContext();
	const other = await context.newPage();
	await other.goto(`${server.url}/login`);
	await expect(other.getByRole('heading', { level: 1 })).toHaveText('Connexion');
	await logIn(other, server.url, 'direction@maillage.test');
	await expect(other.getByRole('heading', { level: 1 })).toHaveText('Hello Bernard Walter');
	await expect(other.locator('html')).toHaveAttribute('lang', 'en');

	// Back to French from the menu, on the account too.
	await useAccountMenu(other, 'Français');
	await expect(other.getByRole('heading', { level: 1 })).toHaveText('Bonjour Bernard Walter');
	await context.close();
	await logIn(page, server.url, 'direction@maillage.test');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Bernard Walter');
});
