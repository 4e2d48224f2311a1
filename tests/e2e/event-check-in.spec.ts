import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { seriousViolations } from './axe';
import { logIn } from './support';

// A host of Mécanique Ried Précision welcomes visitors on the first day of La route de
// l'industrie from a phone whose network drops: the arrivals they mark offline are kept on the
// phone, shown at once, and reach the server when the network is back, counted once.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

test('a host marks arrivals offline and the counts arrive when back online', async ({
	browser
}) => {
	const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const host = await context.newPage();
	await logIn(host, server.url, 'sophie.klein@maillage.test');
	await host.goto(`${server.url}/evenements`);
	await host.getByRole('link', { name: 'La route de l’industrie 2027' }).click();
	await host.getByRole('link', { name: 'Accueil des visiteurs' }).click();
	await expect(host.getByRole('heading', { name: 'Accueil des visiteurs' })).toBeVisible();
	// The desk's script has started (its search box is the script's).
	const search = host.getByPlaceholder('Chercher un nom, un établissement');
	await expect(search).toBeVisible();
	expect(await seriousViolations(host)).toEqual([]);
	const totals = host.getByRole('status').filter({ hasText: 'inscrits aujourd’hui' });
	const before = Number((await totals.textContent())?.match(/(\d+) arrivés/)?.[1]);

	await context.setOffline(true);
	const first = host.locator('.slot li:not(.arrived)').first();
	const name = (await first.locator('strong').textContent())!;
	await first.getByRole('button', { name: /^Arrivé/ }).click();
	await expect(host.getByText(`Bienvenue ${name}`)).toBeVisible();
	await expect(totals).toContainText('1 arrivée à envoyer');
	await expect(totals).toContainText('hors ligne');
	// A second click does nothing more.
	const row = host.locator('.slot li', { hasText: name }).first();
	await expect(row).toHaveClass(/arrived/);

	await context.setOffline(false);
	await host.evaluate(() => window.dispatchEvent(new Event('online')));
	await expect(totals).not.toContainText('à envoyer');
	const after = Number((await totals.textContent())?.match(/(\d+) arrivés/)?.[1]);
	expect(after).toBeGreaterThan(before);

	// The server has it: the page loaded again shows the arrival, counted once.
	await host.reload();
	await expect(host.locator('.slot li.arrived', { hasText: name }).first()).toBeVisible();
	await expect(totals).toContainText(`${after} arrivés`);
});
