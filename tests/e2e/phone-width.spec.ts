import { expect, test, type Locator, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { seriousViolations } from './axe';
import { logIn } from './support';

let server: RunningServer;
test.beforeAll(async () => {
	// Seeding the demo network takes a while on a busy machine.
	test.setTimeout(120_000);
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

const WIDTH = 360;
test.use({ viewport: { width: WIDTH, height: 740 }, isMobile: true, hasTouch: true });

const everyone = [
	'/',
	'/groupes',
	'/groupes/mutualisation',
	'/groupes/mutualisation/documents',
	'/groupes/mutualisation/reunions',
	'/groupes/mutualisation/actions',
	'/groupes/mutualisation/discussions',
	'/actions',
	'/agenda',
	'/recherche?q=navette',
	'/annuaire',
	'/profil',
	'/profil/agenda',
	'/a-propos'
];
const dashboard = ['/tableau-de-bord'];
const admin = [
	'/admin/personnes',
	'/admin/organisations',
	'/admin/invitations',
	'/admin/courriels'
];

const roles: { email: string; paths: string[] }[] = [
	{ email: 'admin@maillage.test', paths: [...everyone, ...dashboard, ...admin] },
	{ email: 'coordination@maillage.test', paths: [...everyone, ...dashboard] },
	{ email: 'direction@maillage.test', paths: [...everyone, ...dashboard] },
	{ email: 'membre@maillage.test', paths: everyone },
	// A partner has no directory, and sees only the groups they belong to: the group's pages are
	// measured if they open.
	{ email: 'partenaire@maillage.test', paths: everyone.filter((p) => p !== '/annuaire') }
];

for (const { email, paths } of roles) {
	test(`on a ${WIDTH} px phone, no page is wider than the screen for ${email}`, async ({
		page
	}) => {
		test.setTimeout(120_000);
		await logIn(page, server.url, email);
		const offenders: string[] = [];
		let measured = 0;
		for (const path of paths) {
			const response = await page.goto(`${server.url}${path}`);
			const status = response?.status() ?? 0;
			if (path.startsWith('/groupes/mutualisation') && (status === 403 || status === 404)) continue;
			expect(status, path).toBe(200);
			await expect(page.locator('h1').first()).toBeVisible();
			await expect(bottomBar(page), `${path}: the bottom bar`).toBeVisible();
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			measured++;
			if (width > WIDTH) {
				// What sticks out, to know where to look.
				const wide = await page.evaluate((limit) => {
					// Inside a box that scrolls or clips, a wide element widens only that box.
					const clipped = (el: Element) => {
						for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
							if (getComputedStyle(p).overflowX !== 'visible') return true;
						}
						return false;
					};
					const out: string[] = [];
					for (const el of document.querySelectorAll<HTMLElement>('body *')) {
						const right = el.getBoundingClientRect().right;
						if (right > limit + 1 && out.length < 6 && !clipped(el)) {
							const cls = typeof el.className === 'string' && el.className ? el.className : '';
							const name = [el.tagName.toLowerCase(), ...cls.split(' ').filter(Boolean)].join('.');
							out.push(`${name} (${Math.round(right)} px)`);
						}
					}
					return out;
				}, WIDTH);
				offenders.push(`${path}: ${width} px — ${wide.join(', ')}`);
			}
		}
		if (offenders.length) console.log(`${email}\n  ${offenders.join('\n  ')}`);
		expect(offenders, 'pages wider than the screen').toEqual([]);
		expect(measured).toBeGreaterThanOrEqual(paths.length - 5);

		if (email.startsWith('admin@')) {
			await page.goto(`${server.url}/admin/personnes`);
			await page.screenshot({ path: '/tmp/people-360.png', fullPage: true });
		}
	});
}

/** The bottom bar: the only main navigation a phone shows (the header's is hidden there). */
function bottomBar(page: Page) {
	return page.getByRole('navigation', { name: 'Navigation principale' });
}

async function box(locator: Locator) {
	const b = await locator.boundingBox();
	expect(b, 'laid out').not.toBeNull();
	return b!;
}

/** The box is at least a thumb's 44 × 44 px. */
async function expectThumbSized(locator: Locator, what: string) {
	const b = await box(locator);
	expect(Math.round(b.height), `${what}: height`).toBeGreaterThanOrEqual(44);
	expect(Math.round(b.width), `${what}: width`).toBeGreaterThanOrEqual(44);
}

for (const { email } of roles) {
	test(`on a ${WIDTH} px phone, ${email} moves with the bottom bar, reads the board as cards and a group's tabs on one line`, async ({
		page
	}) => {
		test.setTimeout(120_000);
		await logIn(page, server.url, email);
		const bar = bottomBar(page);

		await test.step('the header keeps the network and the account menu, on one row', async () => {
			await expect(bar).toHaveCount(1);
			await expect(bar).toHaveAttribute('data-testid', 'bottom-nav');
			await expect(page.locator('header.app-header').getByRole('search')).toBeHidden();
			await expect(page.locator('header.app-header a[href="/notifications"]')).toBeHidden();
			await expect(page.locator('header.app-header a.brand')).toBeVisible();
			await expectThumbSized(page.locator('details.account > summary'), 'account menu');
			expect((await box(page.locator('header.app-header'))).height).toBeLessThanOrEqual(64);
		});

		await test.step('each place of the bar opens, marked as the current page', async () => {
			const places: [string, string][] = [
				['Groupes', '/groupes'],
				['Actions', '/actions'],
				['Recherche', '/recherche'],
				['Alertes', '/notifications'],
				['Accueil', '/']
			];
			for (const [name, path] of places) {
				const link = bar.getByRole('link', { name });
				await link.click();
				await expect(page).toHaveURL(`${server.url}${path}`);
				await expect(link).toHaveAttribute('aria-current', 'page');
				await expect(bar.locator('[aria-current="page"]')).toHaveCount(1);
				await expectThumbSized(link, name);
			}
			// Fixed at the foot of the screen.
			const b = await box(bar);
			expect(Math.round(b.y + b.height)).toBe(740);
			expect(Math.round(b.width)).toBe(WIDTH);
		});

		await test.step('the end of a long page scrolls clear of the bar', async () => {
			await page.goto(`${server.url}/actions`);
			await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
			await expect
				.poll(() =>
					page.evaluate(() => {
						const last = document.querySelector('main')!.lastElementChild!;
						const bar = document.querySelector('[data-testid="bottom-nav"]')!;
						return bar.getBoundingClientRect().top - last.getBoundingClientRect().bottom;
					})
				)
				.toBeGreaterThanOrEqual(0);
		});

		await test.step("a group's tabs stay on one line, the current one in view", async () => {
			await page.goto(`${server.url}/groupes/mobilites/bilans`);
			const tabs = page.getByRole('navigation', { name: 'Mobilités', exact: true });
			const links = tabs.getByRole('link');
			expect(await links.count()).toBeGreaterThanOrEqual(7);
			const tops = await links.evaluateAll((all) =>
				all.map((a) => Math.round(a.getBoundingClientRect().top))
			);
			expect(new Set(tops).size, 'rows of tabs').toBe(1);
			// Too many to fit: the strip scrolls sideways, and only the strip.
			expect(await tabs.evaluate((n) => n.scrollWidth > n.clientWidth)).toBe(true);
			const current = tabs.locator('[aria-current="page"]');
			await expect(current).toHaveText('Bilans');
			await expectThumbSized(current, 'current tab');
			await expect
				.poll(async () => {
					const [strip, tab] = [await box(tabs), await box(current)];
					return tab.x >= strip.x - 1 && tab.x + tab.width <= strip.x + strip.width + 1;
				}, 'the current tab is scrolled into view')
				.toBe(true);
		});

		await test.step('the board shows one card per action', async () => {
			await page.goto(`${server.url}/actions?status=all`);
			const rows = page.locator('main table.board tbody tr');
			const count = await rows.count();
			expect(count, 'actions on the board').toBeGreaterThan(0);
			await expect(page.locator('main table.board thead').first()).toBeHidden();
			for (let i = 0; i < Math.min(count, 4); i++) {
				const card = rows.nth(i);
				expect(await card.evaluate((tr) => getComputedStyle(tr).display)).toBe('flex');
				const c = await box(card);
				expect(c.width, 'a card spans the column').toBeGreaterThan(300);
				for (const part of ['td.title a', 'td.group .chip', 'td.owner', 'td.due', '.status']) {
					const p = await box(card.locator(part).first());
					expect(p.x >= c.x && p.x + p.width <= c.x + c.width + 1, `${part} inside its card`).toBe(
						true
					);
				}
			}
			const late = page.locator('main table.board tr.overdue').first();
			if (await late.count()) {
				await expect(late.locator('.badge.late')).toBeVisible();
				expect(await late.locator('td.due').evaluate((td) => getComputedStyle(td).color)).toBe(
					'rgb(164, 38, 44)'
				);
			}
		});

		await test.step('the filters fold behind a button that counts them', async () => {
			const fold = page.getByTestId('board-filters');
			const button = fold.locator('summary');
			const group = page.locator('select[name="group"]');
			await expect(button).toHaveText('Filtres (1)');
			await expectThumbSized(button, 'filters button');
			await expect(group).toBeHidden();
			await button.click();
			await expect(group).toBeVisible();
			await page.locator('select[name="due"]').selectOption('overdue');
			await page.getByRole('button', { name: 'Appliquer' }).click();
			await expect(page).toHaveURL(/\/actions\?status=all&due=overdue$/);
			await expect(button).toHaveText('Filtres (2)');
			await expect(group, 'folded again, to show the cards').toBeHidden();
			await expect(button).toBeFocused();
			await button.click();
			await expect(group).toBeVisible();
			await button.click();
			await expect(group).toBeHidden();
		});

		await test.step('ticked cards lead to the folded bulk panel', async () => {
			await page.goto(`${server.url}/actions`);
			const bulk = page.getByTestId('board-bulk');
			const boxes = page.locator('main table.board td.select input[type="checkbox"]');
			if ((await boxes.count()) === 0) {
				// Nothing this person may change: no bulk panel at all.
				await expect(bulk).toHaveCount(0);
				return;
			}
			const status = bulk.locator('select[name="status"]');
			await expect(bulk.locator('summary')).toBeVisible();
			await expect(status).toBeHidden();
			await expectThumbSized(boxes.first().locator('xpath=..'), 'a card’s box');
			await boxes.first().check();
			const selection = page.getByRole('region', { name: 'Pour la sélection' });
			await expect(selection).toContainText('1 sélectionnée');
			await expect(bulk.locator('summary')).toHaveText(/\(1\)/);
			await selection.getByRole('button', { name: 'Modifier', exact: true }).click();
			await expect(status).toBeVisible();
			await expect(selection).toBeHidden();
		});
	});
}

test(`on a ${WIDTH} px phone, the bar, the menu, the tabs and the board's cards and panels pass axe`, async ({
	page
}) => {
	await logIn(page, server.url, 'membre@maillage.test');
	await page.goto(`${server.url}/groupes/mobilites/bilans`);
	await page.locator('details.account > summary').click();
	await expect(
		page.locator('details.account').getByRole('link', { name: 'Annuaire' })
	).toBeVisible();
	expect(await seriousViolations(page), 'a group, the account menu open').toEqual([]);

	await page.goto(`${server.url}/actions`);
	await page.locator('main table.board td.select input').first().check();
	await page.getByTestId('board-filters').locator('summary').click();
	await expect(page.getByRole('region', { name: 'Pour la sélection' })).toBeVisible();
	expect(await seriousViolations(page), 'the board, filters open, a card ticked').toEqual([]);
});

test.describe('on a desktop screen', () => {
	test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false });

	test('the header keeps its links and search, the board its table and open panels', async ({
		page
	}) => {
		await logIn(page, server.url, 'membre@maillage.test');
		const nav = page.getByRole('navigation', { name: 'Navigation principale' });
		await expect(nav).toHaveCount(1);
		await expect(page.getByTestId('bottom-nav')).toBeHidden();
		await expect(nav.getByRole('link', { name: 'Annuaire' })).toBeVisible();
		await expect(page.locator('header.app-header').getByRole('search')).toBeVisible();

		await page.goto(`${server.url}/actions`);
		await expect(page.locator('main table.board thead').first()).toBeVisible();
		expect(
			await page
				.locator('main table.board tbody tr')
				.first()
				.evaluate((tr) => getComputedStyle(tr).display)
		).toBe('table-row');
		await expect(page.getByTestId('board-filters').locator('summary')).toBeHidden();
		await expect(page.locator('select[name="group"]')).toBeVisible();
		await expect(page.getByTestId('board-bulk').locator('select[name="status"]')).toBeVisible();

		await page.goto(`${server.url}/groupes/mobilites`);
		const tabs = page.getByRole('navigation', { name: 'Mobilités', exact: true });
		expect(await tabs.evaluate((n) => n.scrollWidth <= n.clientWidth)).toBe(true);
	});
});
