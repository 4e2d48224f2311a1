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

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

async function overflow(page: Page) {
	return page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		innerWidth: window.innerWidth
	}));
}

test('on a phone, the pages fit the screen width', async ({ page }) => {
	await page.goto(`${server.url}/login`);
	let size = await overflow(page);
	expect(size.scrollWidth, 'login page').toBeLessThanOrEqual(size.innerWidth);

	await logIn(page, server.url, 'admin@maillage.test');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Luc Hoffmann');
	size = await overflow(page);
	expect(size.innerWidth).toBe(390);
	expect(size.scrollWidth, 'home page').toBeLessThanOrEqual(size.innerWidth);

	for (const path of [
		'/profil',
		'/admin/personnes',
		'/admin/organisations',
		'/admin/invitations',
		'/admin/reglages',
		'/groupes/mutualisation/discussions',
		'/groupes/mutualisation/bilans',
		'/notifications',
		'/tableau-de-bord',
		'/tableau-de-bord/rapport'
	]) {
		await page.goto(`${server.url}${path}`);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		size = await overflow(page);
		expect(size.scrollWidth, path).toBeLessThanOrEqual(size.innerWidth);
	}

	// The charts are drawn at the phone's width: their words stay readable, not shrunk to 6 px.
	await page.goto(`${server.url}/tableau-de-bord`);
	const words = page.locator('figure.chart svg text');
	await expect(words.first()).toBeVisible();
	const boxes = await words.evaluateAll((texts) =>
		texts.map((t) => {
			const box = t.getBoundingClientRect();
			const frame = t.closest('svg')!.getBoundingClientRect();
			return { height: box.height, cut: box.left < frame.left - 1 || box.right > frame.right + 1 };
		})
	);
	expect(Math.min(...boxes.map((b) => b.height)), 'chart words, in px').toBeGreaterThanOrEqual(10);
	expect(
		boxes.filter((b) => b.cut),
		'chart words cut by the edge'
	).toEqual([]);

	// An organisation's page, with its participation table.
	await page.goto(`${server.url}/annuaire`);
	await page.locator('main a[href^="/annuaire/organisations/"]').first().click();
	await expect(page.getByRole('heading', { name: 'Participation au réseau' })).toBeVisible();
	size = await overflow(page);
	expect(size.scrollWidth, 'an organisation').toBeLessThanOrEqual(size.innerWidth);

	// A discussion with replies three levels deep.
	await page.goto(`${server.url}/groupes/mutualisation/discussions`);
	await page.getByRole('link', { name: /Achat groupé de gants/ }).click();
	await expect(page.locator('article.message.level-3').first()).toBeVisible();
	size = await overflow(page);
	expect(size.scrollWidth, 'a thread').toBeLessThanOrEqual(size.innerWidth);
});
