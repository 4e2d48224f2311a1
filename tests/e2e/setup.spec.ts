import { expect, test, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer();
});
test.afterAll(async () => {
	await server?.stop();
});

const typed = {
	'Nom du réseau': 'Réseau des Industriels du Val de Villé',
	'Votre organisation': 'Association des Industriels du Val',
	'Votre nom': 'Claire Muller',
	'Votre adresse e-mail': 'claire.muller@example.org'
};

async function fillSetup(page: Page, password: string) {
	for (const [label, value] of Object.entries(typed)) await page.getByLabel(label).fill(value);
	await page.getByLabel('Type d’organisation').selectOption({ label: 'Association' });
	await page.getByLabel('Mot de passe', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Créer le réseau' }).click();
}

test('an empty instance sends its first visitor to the setup page', async ({ page }) => {
	await page.goto(`${server.url}/groupes`);
	await expect(page).toHaveURL(`${server.url}/setup`);
	await page.goto(`${server.url}/login`);
	await expect(page).toHaveURL(`${server.url}/setup`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Installation du réseau');
});

test('without JavaScript, an invalid setup answers 400 with the error and the typed values', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto(`${server.url}/`);
	await expect(page).toHaveURL(`${server.url}/setup`);
	const answer = page.waitForResponse((r) => r.request().method() === 'POST');
	await fillSetup(page, 'court');
	expect((await answer).status()).toBe(400);
	await expectShortPasswordRefused(page);
	await context.close();
});

async function expectShortPasswordRefused(page: Page) {
	const password = page.getByLabel('Mot de passe', { exact: true });
	await expect(password).toHaveAttribute('aria-invalid', 'true');
	await expect(password).toHaveAccessibleDescription(
		/Le mot de passe doit compter au moins 10 caractères\./
	);
	await expect(
		page.getByText('Le mot de passe doit compter au moins 10 caractères.')
	).toBeVisible();
	for (const [label, value] of Object.entries(typed)) {
		await expect(page.getByLabel(label)).toHaveValue(value);
	}
	await expect(page.getByLabel('Type d’organisation')).toHaveValue('association');
	// Nothing was created: the instance still asks to be set up.
	await expect(page).toHaveURL(/\/setup$/);
}

test('setup refuses a short password, then creates the network and logs in its admin', async ({
	page
}) => {
	await page.goto(`${server.url}/`);
	await expect(page).toHaveURL(`${server.url}/setup`);

	await fillSetup(page, 'court');
	await expectShortPasswordRefused(page);

	await page.getByLabel('Mot de passe', { exact: true }).fill('Tisserand-du-Ried-2024');
	await page.getByRole('button', { name: 'Créer le réseau' }).click();

	await expect(page).toHaveURL(`${server.url}/`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Claire Muller');
	await expect(page.getByText('Votre rôle dans le réseau : Administrateur·rice')).toBeVisible();
	await expect(page.getByRole('link', { name: typed['Nom du réseau'] })).toBeVisible();
	const nav = page.getByRole('navigation', { name: 'Navigation principale' });
	await expect(nav.getByRole('link', { name: 'Administration' })).toBeVisible();

	// Once set up, the setup page is gone for everyone.
	await page.goto(`${server.url}/setup`);
	await expect(page).toHaveURL(`${server.url}/`);
});
