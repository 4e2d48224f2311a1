import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { logIn } from './support';

// A director opens their company's page from their home page, then the monthly report, prints
// it and downloads it as PDF; the coordinator e-mails it to the directors, once.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

test('a director finds their company’s page and the monthly report from home', async ({ page }) => {
	await logIn(page, server.url, 'direction@maillage.test');
	await page.getByRole('link', { name: 'Ma société dans le réseau' }).click();
	await expect(page).toHaveURL(/\/annuaire\/organisations\/[0-9a-f-]{36}$/);
	await expect(page.getByRole('heading', { level: 2 })).toHaveText('Mécanique Ried Précision');
	const participation = page.getByRole('region', { name: 'Participation au réseau' });
	await expect(participation.getByText('Présence aux réunions', { exact: true })).toBeVisible();
	// Mathieu Roth leads « Usines ouvertes » for the company.
	const row = participation.getByRole('row', { name: /Usines ouvertes/ });
	await expect(row).toContainText('dont 1 pilote');

	await page.goto(`${server.url}/`);
	await page.getByRole('link', { name: 'Rapport mensuel' }).click();
	await expect(page).toHaveURL(`${server.url}/tableau-de-bord/rapport`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		/^Rapport mensuel — [a-zéû]+ \d{4}$/
	);
	const glance = page.getByRole('region', { name: 'Les groupes en un coup d’œil' });
	await expect(glance.getByRole('rowheader', { name: 'Usines ouvertes' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Usines ouvertes' })).toBeVisible();
	// Directors read the report; only the coordination sends it.
	await expect(page.getByRole('button', { name: 'Envoyer aux directeurs' })).toHaveCount(0);

	await page.getByRole('link', { name: /Mois précédent/ }).click();
	await expect(page).toHaveURL(/\?mois=\d{4}-\d{2}$/);
	await expect(page.getByRole('link', { name: /Mois suivant/ })).toBeVisible();

	// On paper: the report alone, without the app's header nor the page's buttons.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Imprimer' })).toBeHidden();
	await expect(page.locator('.app-header')).toBeHidden();
});

test('the report refuses a month that is not one, in words', async ({ page }) => {
	await logIn(page, server.url, 'direction@maillage.test');
	const response = await page.goto(`${server.url}/tableau-de-bord/rapport?mois=2026-13`);
	expect(response?.status()).toBe(400);
	await expect(page.getByText('Ce mois n’est pas valable')).toBeVisible();
});

test('the server makes the report’s PDF', async ({ page }) => {
	await logIn(page, server.url, 'direction@maillage.test');
	const response = await page.request.get(`${server.url}/tableau-de-bord/rapport/pdf`);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toBe('application/pdf');
	expect((await response.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
});

test('on a phone the report fits the screen', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const page = await context.newPage();
	await logIn(page, server.url, 'direction@maillage.test');
	await page.goto(`${server.url}/tableau-de-bord/rapport`);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
	await context.close();
});

test('the coordinator e-mails the report to the directors once', async ({ page }) => {
	await logIn(page, server.url, 'coordination@maillage.test');
	await page.goto(`${server.url}/tableau-de-bord/rapport`);
	const send = page.getByRole('button', { name: 'Envoyer aux directeurs' });
	await send.click();
	await expect(page.getByRole('status')).toHaveText(/^Rapport envoyé à \d+ directeurs\.$/);
	await send.click();
	await expect(page.getByRole('status')).toHaveText(/^Ce rapport a déjà été envoyé le /);
	await expect(page.getByText(/^Envoyé aux directeurs le /)).toBeVisible();
});

test('a director has received the digest written for directors', async ({ page }) => {
	// The outbox keeps every e-mail when there is no SMTP server; admins read it.
	await logIn(page, server.url, 'admin@maillage.test');
	await page.goto(`${server.url}/admin/courriels`);
	const digest = page
		.getByRole('article')
		.filter({ hasText: 'À direction@maillage.test' })
		.filter({ has: page.getByRole('heading', { name: /^Le point sur les groupes du réseau/ }) });
	await expect(digest).toHaveCount(1);
	await expect(digest).toContainText('Groupes qui demandent de l’attention');
	await expect(digest).toContainText('• Attractivité du territoire — point d’étape de');
	await expect(digest).toContainText('/tableau-de-bord');
});
