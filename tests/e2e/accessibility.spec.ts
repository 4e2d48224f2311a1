import { expect, test, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { seriousViolations } from './axe';
import { logIn } from './support';

// Every main page, for every role of the demo, passes axe-core's WCAG A and AA rules without a
// serious or critical violation (contrast, names, roles, labels). Pages a role may not open are
// left out for that role; the pages of one meeting, document, thread and action are the first
// ones their lists link to.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

const GROUP = '/groupes/mutualisation';
const everyone = [
	'/',
	'/groupes',
	GROUP,
	`${GROUP}/documents`,
	`${GROUP}/reunions`,
	`${GROUP}/actions`,
	`${GROUP}/discussions`,
	`${GROUP}/membres`,
	'/actions',
	'/recherche?q=navette',
	'/notifications',
	'/profil',
	'/profil/agenda',
	'/a-propos'
];
const directory = ['/annuaire', '/annuaire/personnes'];
const dashboard = ['/tableau-de-bord', `${GROUP}/bilans`];
const admin = [
	'/admin',
	'/admin/personnes',
	'/admin/organisations',
	'/admin/invitations',
	'/admin/courriels',
	'/admin/reglages'
];
/** A list, and the kind of link in it whose page is checked too. */
const followed: [string, string][] = [
	[`${GROUP}/reunions`, `a[href*="${GROUP}/reunions/"]`],
	[`${GROUP}/documents`, `a[href*="${GROUP}/documents/"]`],
	[`${GROUP}/discussions`, `a[href*="${GROUP}/discussions/"]:not([href$="/nouvelle"])`],
	['/actions', 'a[href^="/actions/"]:not([href*="export"])']
];

const roles: { email: string; paths: string[] }[] = [
	{ email: 'admin@maillage.test', paths: [...everyone, ...directory, ...dashboard, ...admin] },
	{ email: 'coordination@maillage.test', paths: [...everyone, ...directory, ...dashboard] },
	{ email: 'direction@maillage.test', paths: [...everyone, ...directory, ...dashboard] },
	{ email: 'membre@maillage.test', paths: [...everyone, ...directory] },
	{ email: 'partenaire@maillage.test', paths: everyone }
];

async function check(page: Page, path: string, found: string[]) {
	const response = await page.goto(`${server.url}${path}`);
	const status = response?.status() ?? 0;
	// A partner is not in this group: its pages are refused, and that is right.
	if (path.startsWith(GROUP) && (status === 403 || status === 404)) return false;
	expect(status, path).toBe(200);
	await expect(page.locator('h1').first()).toBeVisible();
	// A document is checked once its editor has loaded the notes.
	if (await page.locator('.editor-shell').count()) {
		await expect(page.locator('.editor-shell').getByTestId('save-status')).toBeVisible();
	}
	for (const v of await seriousViolations(page)) {
		found.push(`${path}: ${v.id} (${v.impact}) ${v.help} — ${v.targets.slice(0, 4).join(', ')}`);
	}
	return true;
}

for (const { email, paths } of roles) {
	test(`every main page passes axe-core for ${email}`, async ({ page }) => {
		test.setTimeout(180_000);
		await logIn(page, server.url, email);
		const found: string[] = [];
		for (const path of paths) await check(page, path, found);
		for (const [list, selector] of followed) {
			const response = await page.goto(`${server.url}${list}`);
			if (!response?.ok()) continue;
			const href = await page.locator(selector).first().getAttribute('href', { timeout: 5_000 });
			expect(href, `a link on ${list}`).toBeTruthy();
			await check(page, href!, found);
		}
		expect(found).toEqual([]);
	});
}
