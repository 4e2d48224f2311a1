import { expect, request, test, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { seriousViolations } from './axe';
import { logIn } from './support';

// Julie (membre@) drops a timetable onto her group's files and watches it go up, cancels a
// second one on its way, opens the first; a director reads the library without adding to it;
// a visitor without a session gets nothing at a file's address.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

const FILES = '/groupes/mobilites/fichiers';
const MB = 1024 * 1024;

/** Uploads crawl at `bytesPerSecond`, so that a progress bar can be watched. */
async function slowUploads(page: Page, bytesPerSecond: number) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: 0,
		downloadThroughput: -1,
		uploadThroughput: bytesPerSecond
	});
}

/** Drops a PDF of `size` bytes named `name` onto `selector`, as from the desktop. */
async function dropPdf(page: Page, selector: string, name: string, size: number) {
	const dataTransfer = await page.evaluateHandle(
		({ name, size }) => {
			const bytes = new Uint8Array(size).fill(32);
			bytes.set(new TextEncoder().encode('%PDF-1.4\n'));
			const transfer = new DataTransfer();
			transfer.items.add(new File([bytes], name, { type: 'application/pdf' }));
			return transfer;
		},
		{ name, size }
	);
	for (const type of ['dragenter', 'dragover', 'drop']) {
		await page.dispatchEvent(selector, type, { dataTransfer });
	}
}

test('a file dropped on the library goes up with its progress, and another is cancelled', async ({
	page
}) => {
	await logIn(page, server.url, 'membre@maillage.test');
	await page.goto(`${server.url}${FILES}`);
	await expect(page.getByRole('heading', { name: 'Fichiers', level: 2 })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	await slowUploads(page, 1 * MB);

	await dropPdf(page, 'main', 'Horaires navette.pdf', 3 * MB);
	const bar = page.getByRole('progressbar', { name: 'Horaires navette.pdf' });
	await expect(bar).toBeVisible();
	// Seen part of the way: more than nothing, less than all.
	await expect
		.poll(async () => Number(await bar.getAttribute('value')), { timeout: 20_000 })
		.toBeGreaterThan(0);
	expect(Number(await bar.getAttribute('value'))).toBeLessThan(100);

	// A second one, cancelled on its way: nothing of it is kept.
	const chooser = page.waitForEvent('filechooser');
	await page.getByRole('button', { name: 'Ajouter des fichiers' }).click();
	await (
		await chooser
	).setFiles({
		name: 'Brouillon.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4 * MB, 32)])
	});
	await page.getByRole('button', { name: 'Annuler l’envoi de Brouillon.pdf' }).click();
	await expect(page.getByText('Envoi annulé')).toBeVisible();

	await expect(page.getByText('Ajouté')).toBeVisible({ timeout: 30_000 });
	const table = page.locator('table.files');
	await expect(
		table.getByRole('link', { name: 'Horaires navette.pdf', exact: true })
	).toBeVisible();
	await page.reload();
	await expect(
		table.getByRole('link', { name: 'Horaires navette.pdf', exact: true })
	).toBeVisible();
	await expect(table.getByRole('link', { name: 'Brouillon.pdf', exact: true })).toHaveCount(0);

	// Its page opens it in the browser, and lists its one version.
	await table.getByRole('link', { name: 'Horaires navette.pdf', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Horaires navette.pdf' })).toBeVisible();
	await expect(page.getByText('Version 1')).toBeVisible();
	const address = await page
		.getByRole('link', { name: 'Ouvrir dans le navigateur' })
		.getAttribute('href');
	const opened = await page.request.get(`${server.url}${address}`);
	expect(opened.status()).toBe(200);
	expect(opened.headers()['content-type']).toBe('application/pdf');
	expect(opened.headers()['content-disposition']).toMatch(/^inline;/);
	expect((await opened.body()).length).toBe(3 * MB);

	// Without a session, nothing: neither the file nor an upload.
	const visitor = await request.newContext();
	expect((await visitor.get(`${server.url}${address}`)).status()).toBe(401);
	// Refused before the group is even looked at: any id will do.
	const put = (origin: string, context = visitor) =>
		context.put(`${server.url}/televersement?groupe=${crypto.randomUUID()}&nom=x.pdf`, {
			data: Buffer.from('%PDF-1.4\n'),
			headers: { origin }
		});
	expect((await put(server.url)).status()).toBe(401);
	await visitor.dispose();
	// Nor from another site's page with Julie's cookie.
	const refused = await put('https://ailleurs.example', page.request);
	expect(refused.status()).toBe(403);
});

test('a director reads the library and downloads, but adds nothing', async ({ page }) => {
	await logIn(page, server.url, 'direction@maillage.test');
	await page.goto(`${server.url}${FILES}`);
	await expect(page.getByRole('heading', { name: 'Fichiers', level: 2 })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Ajouter des fichiers' })).toHaveCount(0);
	await expect(page.getByRole('heading', { name: 'Nouveau dossier' })).toHaveCount(0);
});
