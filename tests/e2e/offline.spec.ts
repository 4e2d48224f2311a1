import { expect, test, type Page } from '@playwright/test';
import { startNetwork } from '../helpers/network';
import { startServer, type RunningServer } from '../helpers/server';
import { logIn, useAccountMenu } from './support';

// Installable on a phone, and reading on a site visit without a network: the manifest and its
// icons, the service worker, a document and a meeting read offline from what this device kept,
// the connection coming back, and nothing readable any more once the person has logged out.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

const PAGES_CACHE = 'maillage-offline-pages';

/** Width and height of a PNG, read from its header. */
function pngSize(bytes: Buffer): string {
	expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
	return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

/** Waits until the service worker has kept this page for reading offline. */
async function waitUntilKept(page: Page, url: string) {
	await page.waitForFunction(
		async ([name, key]) => !!(await (await caches.open(name)).match(key)),
		[PAGES_CACHE, url] as const
	);
}

test('the app can be installed: manifest, icons and theme colour', async ({ page }) => {
	const response = await page.goto(`${server.url}/login`);
	const csp = response!.headers()['content-security-policy'];
	expect(csp).toContain("worker-src 'self'");
	expect(csp).toContain("manifest-src 'self'");
	expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);

	const href = await page.locator('link[rel="manifest"]').getAttribute('href');
	const manifestUrl = new URL(href!, page.url()).href;
	const served = await page.request.get(manifestUrl);
	expect(served.status()).toBe(200);
	expect(served.headers()['content-type']).toContain('application/manifest+json');
	const manifest = await served.json();
	expect(manifest).toMatchObject({
		name: 'Maillage',
		short_name: 'Maillage',
		lang: 'fr',
		start_url: '/',
		display: 'standalone'
	});

	// The colours are the app's own (src/app.css): its background and its header.
	const tokens = await page.evaluate(() => {
		const style = getComputedStyle(document.documentElement);
		return {
			background: style.getPropertyValue('--color-bg').trim(),
			header: style.getPropertyValue('--color-primary-strong').trim()
		};
	});
	expect(manifest.background_color).toBe(tokens.background);
	expect(manifest.theme_color).toBe(tokens.header);
	await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute(
		'content',
		manifest.theme_color
	);

	// Every icon is served at the size it declares; one of them may be cut to any shape.
	const icons: { src: string; sizes: string; type: string; purpose: string }[] = manifest.icons;
	for (const size of ['192x192', '512x512']) {
		expect(icons.some((i) => i.sizes === size && i.purpose === 'any')).toBe(true);
	}
	expect(icons.some((i) => i.purpose === 'maskable' && i.sizes === '512x512')).toBe(true);
	for (const icon of icons) {
		const file = await page.request.get(new URL(icon.src, manifestUrl).href);
		expect(file.status(), icon.src).toBe(200);
		expect(file.headers()['content-type'], icon.src).toContain(icon.type);
		if (icon.type === 'image/png') expect(pngSize(await file.body()), icon.src).toBe(icon.sizes);
	}
	const touch = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
	const touchIcon = await page.request.get(new URL(touch!, page.url()).href);
	expect(pngSize(await touchIcon.body())).toBe('180x180');
});

test('a member reads recent notes offline, and nothing once logged out', async ({
	browser
}, testInfo) => {
	test.setTimeout(120_000);
	// A phone, as on a site visit.
	const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
	// The browser reaches the server through a network the test cuts: see startNetwork.
	const network = await startNetwork(server.url);
	const offline = async (cut: boolean) => {
		if (cut) network.cut();
		else network.restore();
		// Also what the page is told (navigator.onLine, the online event).
		await context.setOffline(cut);
	};
	const page = await context.newPage();
	const sentence = 'Relevé sur site : la presse 3 est à réviser avant juin.';
	let documentUrl = '';
	let meetingUrl = '';
	let meetingTitle = '';

	await test.step('the service worker registers once the member has logged in', async () => {
		await logIn(page, network.url, 'membre@maillage.test');
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
		const script = await page.evaluate(
			async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL
		);
		expect(script).toBe(`${network.url}/service-worker.js`);
	});

	await test.step('she opens a meeting and writes in a new document', async () => {
		await page.goto(`${network.url}/groupes/mutualisation/reunions`);
		const link = page.locator('main a[href*="/reunions/"]').first();
		meetingTitle = (await link.innerText()).trim();
		await link.click();
		await expect(page).toHaveURL(/\/reunions\/[0-9a-f-]{36}$/);
		meetingUrl = page.url();
		await waitUntilKept(page, meetingUrl);

		await page.goto(`${network.url}/groupes/mutualisation/documents`);
		const form = page.getByRole('region', { name: 'Nouveau document' });
		await form.getByLabel('Titre').fill('Visite de l’atelier');
		await form.getByRole('button', { name: 'Créer le document' }).click();
		await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
		documentUrl = page.url();
		const editor = page.locator('.editor-shell .ProseMirror');
		await expect(editor).toHaveAttribute('contenteditable', 'true');
		await editor.click();
		await editor.pressSequentially(sentence);
		await expect(page.locator('.editor-shell').getByTestId('save-status')).toHaveText('Enregistré');
		// Opened without reloading: the worker fetched the whole page once more to keep it.
		await waitUntilKept(page, documentUrl);
	});

	await test.step('offline, the document reloads from this device, read-only', async () => {
		// Chromium stops an idle worker and starts it again for the next request: the copy must
		// come from a worker that has just started, too.
		const devtools = await context.newCDPSession(page);
		await devtools.send('ServiceWorker.enable');
		await devtools.send('ServiceWorker.stopAllWorkers');
		await devtools.detach();
		await offline(true);
		await page.reload();
		await expect(page.getByRole('status').filter({ hasText: 'Hors ligne' })).toContainText(
			'copie de cette page enregistrée sur cet appareil'
		);
		await expect(page.getByRole('heading', { level: 2 })).toHaveText('Visite de l’atelier');
		// Typed after the page was kept: it comes from the editor's own copy of the document.
		const editor = page.locator('.editor-shell .ProseMirror');
		await expect(editor).toContainText(sentence);
		await expect(editor).toHaveAttribute('contenteditable', 'false');
		await expect(page.locator('.editor-shell').getByTestId('save-status')).toHaveText(
			'Copie hors ligne'
		);
		await page.screenshot({ path: testInfo.outputPath('offline-document.png'), fullPage: true });
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			360
		);

		// Nothing can be sent from the copy: the form stays, the person is told why.
		await page.locator('aside').getByLabel('Nom de la version').fill('Avant la visite');
		await page.locator('aside').getByRole('button', { name: 'Enregistrer une version' }).click();
		const refused = page.getByRole('alert').filter({ hasText: 'copie hors ligne' });
		await expect(refused).toBeInViewport();
		await refused.getByRole('button', { name: 'Fermer' }).click();
		await expect(refused).toBeHidden();
		await expect(page.getByRole('heading', { level: 2 })).toHaveText('Visite de l’atelier');
	});

	await test.step('a page not kept lists what can be read offline', async () => {
		await page.goto(`${network.url}/`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hors ligne');
		const kept = page.getByRole('listitem');
		await expect(kept.getByRole('link')).toHaveText(['Visite de l’atelier', meetingTitle]);
		await page.screenshot({ path: testInfo.outputPath('offline-list.png'), fullPage: true });
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			360
		);
		await kept.getByRole('link', { name: meetingTitle }).click();
		await expect(page).toHaveURL(meetingUrl);
		await expect(page.getByRole('heading', { level: 2 }).first()).toContainText(meetingTitle);
		await expect(page.getByRole('status').filter({ hasText: 'Hors ligne' })).toBeVisible();
	});

	await test.step('back online, the page is live and editable again', async () => {
		await page.goto(documentUrl);
		await expect(page.locator('.editor-shell').getByTestId('save-status')).toHaveText(
			'Copie hors ligne'
		);
		await offline(false);
		await expect(page.getByRole('status').filter({ hasText: 'Hors ligne' })).toHaveCount(0);
		await expect(page.locator('.editor-shell .ProseMirror')).toHaveAttribute(
			'contenteditable',
			'true'
		);
		await expect(page.locator('.editor-shell').getByTestId('save-status')).toHaveText('Enregistré');
	});

	await test.step('after logging out, nothing kept is readable any more', async () => {
		await useAccountMenu(page, 'Se déconnecter');
		await expect(page).toHaveURL(/\/login/);
		// The pages went before the login page was shown; the editor's copies follow.
		expect(await page.evaluate(async (name) => caches.has(name), PAGES_CACHE)).toBe(false);
		await page.waitForFunction(async () =>
			(await indexedDB.databases()).every((db) => !db.name?.startsWith('maillage:'))
		);

		await offline(true);
		await page.goto(documentUrl);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hors ligne');
		await expect(page.getByText('Aucun document n’est encore enregistré')).toBeVisible();
		await expect(page.getByText(sentence)).toHaveCount(0);
	});
	await context.close();
	await network.close();
});
