import { expect, test, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { logIn } from './support';

// The Content-Security-Policy holds scripts to the app's own, and breaks nothing a person uses:
// the live editor (Tiptap, the presence carets), the dashboard's charts, the monthly report. The
// other headers a security review expects are on every response, the built assets included.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

/** Collects the page's CSP violations, as the browser reports them to the page itself. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
	await page.addInitScript(() => {
		const seen: string[] = [];
		(window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
		document.addEventListener('securitypolicyviolation', (e) =>
			seen.push(`${e.violatedDirective} ${e.blockedURI}`)
		);
	});
	return () =>
		page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

test('pages carry a strict script policy and the expected headers', async ({ page }) => {
	const response = await page.goto(`${server.url}/login`);
	const headers = response!.headers();
	const csp = headers['content-security-policy'];
	expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
	expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
	expect(csp).toContain("frame-ancestors 'none'");
	expect(csp).toContain("object-src 'none'");
	expect(headers['x-content-type-options']).toBe('nosniff');

	// A built asset, served before the app's hooks.
	const asset = await page.locator('link[rel="modulepreload"]').first().getAttribute('href');
	expect(asset).toBeTruthy();
	const assetResponse = await page.request.get(new URL(asset!, server.url).toString());
	expect(assetResponse.headers()['x-content-type-options']).toBe('nosniff');

	// Logged in, pages are not kept by any cache.
	await logIn(page, server.url, 'coordination@maillage.test');
	const home = await page.request.get(`${server.url}/`);
	expect(home.headers()['cache-control']).toBe('private, no-store');
});

test('the editor, the charts and the report work under the policy', async ({ page, browser }) => {
	test.setTimeout(120_000);
	const violations = await watchViolations(page);
	await logIn(page, server.url, 'membre@maillage.test');

	await page.goto(`${server.url}/groupes/mutualisation/documents`);
	const form = page.getByRole('region', { name: 'Nouveau document' });
	await form.getByLabel('Titre').fill('Sous politique de sécurité');
	await form.getByRole('button', { name: 'Créer le document' }).click();
	const editor = page.locator('.editor-shell .ProseMirror');
	await expect(editor).toHaveAttribute('contenteditable', 'true');
	await editor.click();
	await editor.pressSequentially('Écrit sous CSP.');
	await expect(page.locator('.editor-shell').getByTestId('save-status')).toHaveText('Enregistré');
	expect(await violations()).toEqual([]);

	const coordinator = await (await browser.newContext()).newPage();
	const coordinatorViolations = await watchViolations(coordinator);
	await logIn(coordinator, server.url, 'coordination@maillage.test');
	await coordinator.goto(`${server.url}/tableau-de-bord`);
	await expect(coordinator.locator('article.card.group').first()).toBeVisible();
	expect(await coordinatorViolations()).toEqual([]);
	await coordinator.goto(`${server.url}/tableau-de-bord/rapport`);
	await expect(coordinator.getByRole('heading', { level: 1 })).toBeVisible();
	expect(await coordinatorViolations()).toEqual([]);
});
