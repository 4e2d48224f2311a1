import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { logIn } from './support';

// Julie (lead of "Mutualisation des ressources") answers a thread with a quote sent from her
// computer and a photo chosen among the group's files; the message shows both, and the quote
// opens in the browser.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

const PDF = Buffer.from('%PDF-1.4\n% devis\n'.padEnd(4000, ' '));

test('a message carries a PDF sent from the device and a file of the library, and the PDF opens', async ({
	page
}) => {
	test.setTimeout(90_000);
	await logIn(page, server.url, 'membre@maillage.test');
	await page.goto(`${server.url}/groupes/mutualisation/discussions`);
	await page.locator('main a[href*="/discussions/"]:not([href$="/nouvelle"])').first().click();
	await expect(page).toHaveURL(/\/discussions\/[0-9a-f-]{36}/);

	const form = page.locator('form.reply').last();
	await form.locator('.ProseMirror').click();
	await page.keyboard.type('Le devis de la benne, et la photo du quai.');

	await form.locator('input[type="file"]').setInputFiles({
		name: 'Devis benne.pdf',
		mimeType: 'application/pdf',
		buffer: PDF
	});
	const chosen = form.getByRole('list', { name: 'Fichiers joints' });
	await expect(chosen.getByText('Devis benne.pdf')).toBeVisible();

	await form.getByText('Depuis les fichiers du groupe').click();
	const choice = form.locator('.library button.choice').first();
	const chosenName = ((await choice.getAttribute('aria-label')) ?? '').replace(/^Joindre /, '');
	await choice.click();
	await expect(chosen.getByText(chosenName, { exact: true })).toBeVisible();

	await form.getByRole('button', { name: 'Envoyer' }).click();
	const message = page.locator('article', { hasText: 'Le devis de la benne' }).last();
	const attached = message.getByRole('list', { name: 'Fichiers joints' });
	await expect(attached.getByRole('link')).toHaveCount(2);
	await expect(attached.getByRole('link', { name: /Devis benne\.pdf/ })).toBeVisible();
	await expect(
		attached.getByRole('link', {
			name: new RegExp(chosenName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
		})
	).toBeVisible();
	// The form is empty again, its attachments too.
	await expect(form.getByRole('list', { name: 'Fichiers joints' })).toHaveCount(0);

	const [opened] = await Promise.all([
		page.waitForEvent('popup'),
		attached.getByRole('link', { name: /Devis benne\.pdf/ }).click()
	]);
	// Chromium shows it in its PDF viewer: the app sends it inline, as a PDF.
	await expect(opened).toHaveURL(/\/fichiers\/[0-9a-f-]{36}$/);
	const response = await page.request.get(opened.url());
	expect(response.headers()['content-type']).toBe('application/pdf');
	expect(response.headers()['content-disposition']).toMatch(/^inline/);
});
