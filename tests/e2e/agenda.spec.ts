import { expect, test, type Page } from '@playwright/test';
import { addMonths } from '../../src/lib/months';
import { startServer, type RunningServer } from '../helpers/server';
import { seriousViolations } from './axe';
import { logIn } from './support';

// The coordination's week: a meeting scheduled in a group shows in the network calendar with its
// answers, which the coordinator filters by group, reads as a month or as a list, on a desktop
// and on a phone, and subscribes to. A member sees only the groups they may read.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

const TITLE = 'Point agenda du réseau';

/** `YYYY-MM-DDTHH:mm`, what a datetime-local input holds, `days` from now at `hour` o'clock. */
function localDateTime(days: number, hour: number): string {
	const d = new Date(Date.now() + days * 86_400_000);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

/** The form is typed as Paris wall-clock time: the meeting's month is the one written there. */
const START = localDateTime(40, 10);
const MONTH = START.slice(0, 7);

function mainNav(page: Page) {
	return page.getByRole('navigation', { name: 'Navigation principale' });
}

test('the coordination sees a scheduled meeting in the network calendar, filters and switches views', async ({
	page
}) => {
	test.setTimeout(120_000);
	await logIn(page, server.url, 'coordination@maillage.test');

	await test.step('the coordinator schedules a meeting and says they will come', async () => {
		await page.goto(`${server.url}/groupes/mutualisation/reunions`);
		const form = page.getByRole('region', { name: 'Planifier une réunion' });
		await form.getByLabel('Titre').fill(TITLE);
		await form.getByLabel('Début').fill(START);
		await form.getByLabel('Fin').fill(localDateTime(40, 12));
		await form.getByLabel('Une adresse').check();
		await form.getByLabel('Adresse ou précisions').fill('Maison des entreprises, Sélestat');
		await form.getByRole('button', { name: 'Planifier' }).click();
		await expect(page).toHaveURL(/\/groupes\/mutualisation\/reunions\/[0-9a-f-]{36}\?planifiee$/);
		await page.getByLabel('Je viens').check();
		await page.getByRole('button', { name: 'Envoyer ma réponse' }).click();
		await expect(page.getByText('Votre réponse est enregistrée.')).toBeVisible();
	});
	const meetingPath = new URL(page.url()).pathname;

	await test.step('the calendar opens from the main navigation', async () => {
		await mainNav(page).getByRole('link', { name: 'Agenda', exact: true }).click();
		await expect(page).toHaveURL(`${server.url}/agenda`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agenda du réseau');
		await expect(mainNav(page).getByRole('link', { name: 'Agenda', exact: true })).toHaveAttribute(
			'aria-current',
			'page'
		);
	});

	const meeting = page.getByRole('link', { name: new RegExp(TITLE) });

	await test.step('the month view shows the meeting with its answers', async () => {
		await page.goto(`${server.url}/agenda?mois=${MONTH}`);
		await expect(
			page.getByRole('navigation', { name: 'Affichage' }).getByRole('link', { name: 'Mois' })
		).toHaveAttribute('aria-current', 'page');
		await expect(meeting).toBeVisible();
		await expect(meeting).toHaveAttribute('href', meetingPath);
		const entry = page.locator('table.month li').filter({ has: meeting });
		await expect(entry).toContainText('Mutualisation des ressources');
		await expect(entry).toContainText(/Réponses : 1 oui, 0 non, 0 peut-être, \d+ sans réponse/);
		expect(await seriousViolations(page)).toEqual([]);
	});

	await test.step('the months follow one another', async () => {
		await page.getByRole('link', { name: /^Mois suivant/ }).click();
		await expect(page).toHaveURL(new RegExp(`mois=${addMonths(MONTH, 1)}`));
		await expect(meeting).toHaveCount(0);
		await page.getByRole('link', { name: /^Mois précédent/ }).click();
		await expect(page).toHaveURL(new RegExp(`mois=${MONTH}`));
		await expect(meeting).toBeVisible();
	});

	await test.step('a filter by group keeps only that group’s meetings', async () => {
		const group = page.getByLabel('Groupe');
		await group.selectOption({ label: 'Mobilités' });
		await page.getByRole('button', { name: 'Afficher' }).click();
		await expect(page).toHaveURL(new RegExp(`mois=${MONTH}&groupe=mobilites`));
		await expect(meeting).toHaveCount(0);
		await expect(group).toHaveValue('mobilites');
		await group.selectOption({ label: 'Mutualisation des ressources' });
		await page.getByRole('button', { name: 'Afficher' }).click();
		await expect(page).toHaveURL(/groupe=mutualisation/);
		await expect(meeting).toBeVisible();
	});

	await test.step('the list view keeps the month and the group', async () => {
		await page
			.getByRole('navigation', { name: 'Affichage' })
			.getByRole('link', { name: 'Liste' })
			.click();
		await expect(page).toHaveURL(/vue=liste/);
		await expect(page).toHaveURL(/groupe=mutualisation/);
		await expect(page).toHaveURL(new RegExp(`mois=${MONTH}`));
		const item = page.locator('li.meeting').filter({ has: meeting });
		await expect(item).toContainText('1 oui');
		await expect(item).toContainText('Maison des entreprises, Sélestat');
		await expect(page.locator('table.month')).toHaveCount(0);
		expect(await seriousViolations(page)).toEqual([]);
		await meeting.click();
		await expect(page).toHaveURL(`${server.url}${meetingPath}`);
	});

	await test.step('on a phone, the month is a compact grid over the list, no wider than the screen', async () => {
		const desktop = page.viewportSize()!;
		await page.setViewportSize({ width: 360, height: 740 });
		await page.goto(`${server.url}/agenda?mois=${MONTH}&groupe=mutualisation`);
		// The cell counts the meetings and leads to the day in the list under the grid.
		const count = page.locator('table.month a.count').filter({ hasText: /1 réunion/ });
		await expect(count).toBeVisible();
		await expect(page.locator('table.month li').filter({ has: meeting })).toBeHidden();
		await expect(meeting).toBeVisible();
		await expect(page.locator('li.meeting').filter({ has: meeting })).toContainText('1 oui');
		for (const view of ['', '&vue=liste']) {
			await page.goto(`${server.url}/agenda?mois=${MONTH}${view}`);
			await expect(meeting).toBeVisible();
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			expect(width, view || 'month').toBeLessThanOrEqual(360);
		}
		await page.setViewportSize(desktop);
	});

	await test.step('a bad address says so and shows the current month', async () => {
		const response = await page.goto(`${server.url}/agenda?mois=2026-13&groupe=nulle-part`);
		expect(response?.status()).toBe(200);
		await expect(page.getByText(/Ce mois n’existe pas/)).toBeVisible();
		await expect(page.getByText(/Ce groupe n’existe pas ou vous n’y avez pas accès/)).toBeVisible();
	});

	await test.step('the coordinator subscribes to the network feed', async () => {
		await page.goto(`${server.url}/agenda`);
		await page.getByRole('button', { name: 'Créer l’adresse d’abonnement' }).click();
		const address = page.getByLabel('Adresse privée de l’agenda du réseau');
		await expect(address).toHaveValue(/\/agenda\/[a-z2-7]+\.ics$/);
		const url = await address.inputValue();
		const feed = await page.request.get(url.replace(/^https?:\/\/[^/]+/, server.url));
		expect(feed.status()).toBe(200);
		const text = await feed.text();
		expect(text).toContain(`SUMMARY:Mutualisation des ressources — ${TITLE}`);
		expect(text).toContain('Réponses : 1 oui');
		// Read again on a later visit; replacing it is a second, confirmed step.
		await page.reload();
		await expect(address).toHaveValue(url);
		await page.getByText('Changer d’adresse (l’ancienne cesse de fonctionner)').click();
		await page.getByRole('button', { name: 'Oui, changer d’adresse' }).click();
		await expect(address).not.toHaveValue(url);
		const old = await page.request.get(url.replace(/^https?:\/\/[^/]+/, server.url));
		expect(old.status()).toBe(404);
	});
});

test('a member sees only the groups they may read, and no network feed', async ({ page }) => {
	await logIn(page, server.url, 'membre@maillage.test');
	await page.goto(`${server.url}/agenda?vue=liste`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agenda des groupes');
	await expect(page.getByRole('button', { name: 'Créer l’adresse d’abonnement' })).toHaveCount(0);
	// The archived, closed group that the member is not in is not offered; their own groups are.
	const options = await page.getByLabel('Groupe').locator('option').allTextContents();
	expect(options.some((o) => o.includes('Salon de l’emploi industriel 2025'))).toBe(false);
	expect(options).toEqual(expect.arrayContaining(['Tous les groupes', 'Mobilités']));
	expect(await seriousViolations(page)).toEqual([]);
});
