import { expect, test, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { logIn } from './support';

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

/** The error page is the app's own: global tokens loaded, its card and big status number styled. */
async function expectStyledErrorPage(page: Page, status: number, title: string, message: string) {
	const main = page.locator('main.error-page');
	await expect(main.locator('.status')).toHaveText(String(status));
	await expect(main.getByRole('heading', { level: 1 })).toHaveText(title);
	await expect(main.getByText(message)).toBeVisible();
	await expect(main.getByRole('link', { name: 'Retour à l’accueil' })).toHaveAttribute('href', '/');
	await expect(page).toHaveTitle(`${title} · Maillage`);
	expect(
		await page.evaluate(() =>
			getComputedStyle(document.documentElement).getPropertyValue('--color-primary').trim()
		)
	).toBe('#1f5f7a');
	await expect(main.locator('.status')).toHaveCSS('font-size', '48px');
	await expect(main.locator('.card')).toHaveCSS('background-color', 'rgb(255, 255, 255)');
}

test('a member is refused the admin pages and is not offered them', async ({ page }) => {
	await logIn(page, server.url, 'membre@maillage.test');

	const nav = page.getByRole('navigation', { name: 'Navigation principale' });
	await expect(nav.getByRole('link', { name: 'Groupes' })).toBeVisible();
	await expect(nav.getByRole('link', { name: 'Administration' })).toHaveCount(0);
	await expect(nav.getByRole('link', { name: 'Tableau de bord' })).toHaveCount(0);

	for (const path of ['/admin/personnes', '/admin', '/admin/courriels', '/tableau-de-bord']) {
		const response = await page.goto(`${server.url}${path}`);
		expect(response?.status(), path).toBe(403);
		await expectStyledErrorPage(page, 403, 'Accès refusé', 'Vous n’avez pas accès à cette page.');
	}
});

test('an unknown address gives the styled 404 page', async ({ page }) => {
	const response = await page.goto(`${server.url}/cette-page-n-existe-pas`);
	expect(response?.status()).toBe(404);
	await expectStyledErrorPage(page, 404, 'Page introuvable', 'Cette page n’existe pas, ou plus.');

	await logIn(page, server.url, 'direction@maillage.test');
	const inside = await page.goto(`${server.url}/groupes/inconnu`);
	expect(inside?.status()).toBe(404);
	await expectStyledErrorPage(page, 404, 'Page introuvable', 'Cette page n’existe pas, ou plus.');
});
