import { expect, test, type Browser } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { seriousViolations } from './axe';
import { logIn } from './support';

// Julie (a member) looks for a decision written in the notes of a meeting of "Attractivité", an
// open group she is not in: she types it without its accents in the header box, picks the
// suggestion and lands on the notes. Partners only read their own groups: the same words find
// nothing for them. Then the results page, its filters as a URL, and a message found far away.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

async function personPage(browser: Browser, email: string, width = 1280) {
	const context = await browser.newContext({ viewport: { width, height: 900 } });
	const page = await context.newPage();
	await logIn(page, server.url, email);
	return page;
}

test('a member finds another group’s meeting notes from the header box, a partner does not', async ({
	browser
}) => {
	const julie = await personPage(browser, 'membre@maillage.test');
	// From the search page, whose accessibility this file answers for (the header is on every page).
	await julie.goto(`${server.url}/recherche`);
	// The shortcut is the page's script: pressed before it has started, "/" does nothing (the live
	// channel opens once the layout's script runs).
	await expect(julie.locator('html[data-live="on"]')).toBeAttached();
	// "/" from the page (not from a field) puts the focus in the box.
	await julie.locator('body').press('/');
	const box = julie.getByRole('combobox', { name: 'Rechercher' });
	await expect(box).toBeFocused();
	await box.pressSequentially('dix colleges vises', { delay: 30 });

	const listbox = julie.getByRole('listbox', { name: 'Suggestions' });
	await expect(listbox).toBeVisible();
	const notes = listbox.getByRole('option').filter({ hasText: 'Notes de la réunion' }).first();
	await expect(notes).toContainText('Attractivité');
	expect(await seriousViolations(julie)).toEqual([]);

	// The keyboard goes down the list; Enter opens the option the input points to.
	await box.press('ArrowDown');
	await expect(box).toHaveAttribute('aria-activedescendant', (await notes.getAttribute('id'))!);
	await expect(notes).toHaveAttribute('aria-selected', 'true');
	await box.press('Enter');
	await expect(julie).toHaveURL(/\/groupes\/attractivite\/documents\/[0-9a-f-]+$/);
	await expect(julie.locator('.ProseMirror, .document-body').first()).toContainText(
		'Dix collèges visés cette année.'
	);

	// On a phone the header keeps no search box: the bottom bar leads to the search page's own.
	const partner = await personPage(browser, 'partenaire@maillage.test', 390);
	await partner
		.getByRole('navigation', { name: 'Navigation principale' })
		.getByRole('link', { name: 'Recherche', exact: true })
		.click();
	await expect(partner).toHaveURL(/\/recherche$/);
	const mobileBox = partner.getByRole('searchbox', { name: 'Rechercher' });
	await mobileBox.fill('dix colleges vises');
	await mobileBox.press('Enter');
	// The search page's form sends its filters too, left empty.
	await expect(partner).toHaveURL(/\/recherche\?q=dix\+colleges\+vises(&|$)/);
	await expect(partner.getByRole('heading', { name: /Aucun résultat/ })).toBeVisible();
	expect(await seriousViolations(partner)).toEqual([]);
});

test('the results page: filters in the URL, a message opened at its place', async ({ browser }) => {
	const page = await personPage(browser, 'coordination@maillage.test');
	await page.goto(`${server.url}/recherche?q=navette`);
	const results = page.locator('ol.results > li');
	await expect(results.first()).toBeVisible();
	await expect(results.locator('mark').first()).toBeVisible();

	await page.getByText('Filtres').click();
	await page.getByLabel('Type').selectOption('message');
	await page.getByRole('button', { name: 'Appliquer' }).click();
	await expect(page).toHaveURL(/kind=message/);
	await expect(results.locator('.kind')).toHaveText(
		Array(await results.count()).fill('Message') as string[]
	);
	const link = results.first().getByRole('link');
	const href = (await link.getAttribute('href')) ?? '';
	const messageId = href.split('#message-')[1];
	await link.click();
	await expect(page.locator(`#message-${messageId}`)).toBeInViewport();
	expect(await seriousViolations(page)).toEqual([]);

	// Hostile input is an empty state, not an error page.
	await page.goto(`${server.url}/recherche?q=${encodeURIComponent("&|!():*' 🚌")}`);
	await expect(page.getByText('Votre recherche ne contient aucun mot')).toBeVisible();
});
