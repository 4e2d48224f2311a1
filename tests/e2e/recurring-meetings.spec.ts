import { expect, test, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { seriousViolations } from './axe';
import { logIn } from './support';

// A monthly series scheduled in the demo by the coordination: a refused end first (what was typed
// stays), then six meetings on the second Tuesday, the series shown on each meeting, the list
// folding its dates, an edit of the following ones, and their cancellation.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

const GROUP = '/groupes/mobilites';
const TITLE = 'Comité mobilité du mardi';

/** The second Tuesday of the month `monthsAhead` months from now, as YYYY-MM-DD. */
function secondTuesday(monthsAhead: number): string {
	const now = new Date();
	const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsAhead, 1));
	const day = 1 + ((2 - first.getUTCDay() + 7) % 7) + 7;
	return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), day))
		.toISOString()
		.slice(0, 10);
}

/** The same day `months` later, as YYYY-MM-DD. */
function monthsLater(iso: string, months: number): string {
	const d = new Date(`${iso}T12:00:00Z`);
	d.setUTCMonth(d.getUTCMonth() + months);
	return d.toISOString().slice(0, 10);
}

const heading = (page: Page) => page.locator('main .head h2');
/** The "Série" line of the meeting's details. */
const seriesLine = (page: Page) => page.locator('dd.series');

test('the coordination schedules a monthly series on the second Tuesday, edits and cancels the following ones', async ({
	page
}) => {
	test.setTimeout(180_000);
	const first = secondTuesday(1);
	let firstUrl = '';
	await logIn(page, server.url, 'coordination@maillage.test');

	await test.step('a series that would end too far is refused, and what was typed stays', async () => {
		await page.goto(`${server.url}${GROUP}/reunions`);
		const form = page.getByRole('region', { name: 'Planifier une réunion' });
		await form.getByLabel('Titre').fill(TITLE);
		await form.getByLabel('Début').fill(`${first}T14:00`);
		// "Fin" follows "Début".
		await expect(form.getByLabel('Fin', { exact: true })).toHaveValue(`${first}T15:00`);
		await form.getByLabel('Une adresse').check();
		await form.getByLabel('Adresse ou précisions').fill('Mairie de Sélestat, salle du conseil');
		// Until a start is typed the choices speak in general terms; now they name its day.
		const repeat = form.getByLabel('Se répète');
		await expect(repeat.locator('option')).toHaveText([
			'Ne se répète pas',
			'Chaque semaine, le mardi',
			'Toutes les deux semaines, le mardi',
			'Chaque mois, le 2e mardi',
			/^Chaque mois, le \d+$/
		]);
		await repeat.selectOption({ label: 'Chaque mois, le 2e mardi' });
		await form.getByLabel('À une date').check();
		await form.getByLabel('Date de la dernière réunion').fill(monthsLater(first, 13));
		await form.getByRole('button', { name: 'Planifier' }).click();
		await expect(
			form.getByText('Une série s’étend sur 12 mois au plus après sa première réunion.')
		).toBeVisible();
		await expect(form.getByLabel('Titre')).toHaveValue(TITLE);
		await expect(repeat).toHaveValue('monthly_weekday');
		await expect(form.getByLabel('Date de la dernière réunion')).toHaveValue(
			monthsLater(first, 13)
		);
		expect(await seriousViolations(page)).toEqual([]);
	});

	await test.step('six meetings, the first one opened with the series said', async () => {
		const form = page.getByRole('region', { name: 'Planifier une réunion' });
		await form.getByLabel('Après un nombre de réunions').check();
		await form.getByLabel('Nombre de réunions', { exact: true }).fill('6');
		await form.getByRole('button', { name: 'Planifier' }).click();
		await expect(page).toHaveURL(/\/groupes\/mobilites\/reunions\/[0-9a-f-]{36}\?planifiee$/);
		await expect(
			page.getByText('La série est planifiée : 6 réunions, chacune avec ses notes.')
		).toBeVisible();
		firstUrl = page.url().replace(/\?planifiee$/, '');
		await expect(heading(page)).toContainText(TITLE);
		await expect(seriesLine(page)).toContainText('Réunion mensuelle, 2e mardi');
		await expect(seriesLine(page)).toContainText('(réunion 1 sur 6)');
		expect(await seriousViolations(page)).toEqual([]);
	});

	await test.step('the list shows the series once, its other dates folded under it', async () => {
		await page.goto(`${server.url}${GROUP}/reunions`);
		const entry = page.locator('ul.meetings > li').filter({ hasText: TITLE });
		await expect(entry).toHaveCount(1);
		await expect(entry).toContainText('Réunion mensuelle, 2e mardi');
		await entry.getByText('5 autres dates de la série').click();
		await expect(entry.locator('ul.dates > li')).toHaveCount(5);
		await entry.locator('ul.dates > li a').first().click();
		await expect(seriesLine(page)).toContainText('(réunion 2 sur 6)');
	});

	await test.step('this meeting and the following ones get a new title and place', async () => {
		await page.getByText('Modifier la réunion').click();
		const edit = page.locator('details:has(> summary:text("Modifier la réunion")) form');
		await edit.getByLabel('Titre').fill(`${TITLE} (nouvelle salle)`);
		await edit.getByLabel('Adresse ou précisions').fill('Communauté de communes, salle 2');
		await edit.getByLabel('Celle-ci et les 4 suivantes').check();
		await edit.getByRole('button', { name: 'Enregistrer' }).click();
		await expect(
			page.getByText('La réunion et les suivantes de la série sont mises à jour.')
		).toBeVisible();
		await expect(heading(page)).toContainText(`${TITLE} (nouvelle salle)`);
		await page.getByRole('link', { name: /Réunion suivante/ }).click();
		await expect(seriesLine(page)).toContainText('(réunion 3 sur 6)');
		await expect(heading(page)).toContainText(`${TITLE} (nouvelle salle)`);
		await expect(page.locator('main dl')).toContainText('Communauté de communes, salle 2');
		await page.getByRole('link', { name: /Réunion précédente/ }).click();
		await expect(seriesLine(page)).toContainText('(réunion 2 sur 6)');
		await page.getByRole('link', { name: /Réunion précédente/ }).click();
		await expect(seriesLine(page)).toContainText('(réunion 1 sur 6)');
		await expect(heading(page)).toContainText(TITLE);
		await expect(heading(page)).not.toContainText('nouvelle salle');
	});

	await test.step('on a 360 px phone, the series fits the screen', async () => {
		await page.setViewportSize({ width: 360, height: 740 });
		await page.goto(`${server.url}${GROUP}/reunions`);
		await page.getByText('5 autres dates de la série').click();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			360
		);
		await page.goto(firstUrl);
		await page.getByText('Modifier la réunion').click();
		await expect(page.getByLabel('Celle-ci et les 5 suivantes')).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			360
		);
		await page.setViewportSize({ width: 1280, height: 720 });
	});
	await test.step('this meeting and the following ones are cancelled, after a confirmation', async () => {
		await page.getByRole('link', { name: /Réunion suivante/ }).click();
		await expect(seriesLine(page)).toContainText('(réunion 2 sur 6)');
		await page.getByRole('button', { name: 'Annuler la réunion' }).click();
		await expect(
			page.getByRole('button', { name: 'Annuler cette réunion seulement' })
		).toBeVisible();
		await page.getByRole('button', { name: 'Annuler celle-ci et les 4 suivantes' }).click();
		await expect(
			page.getByText('Les réunions sont annulées et les invité·es prévenu·es.')
		).toBeVisible();
		await expect(heading(page)).toContainText('Annulée');
		await page.getByRole('link', { name: /Réunion précédente/ }).click();
		await expect(heading(page)).toContainText('Planifiée');
		await page.goto(`${server.url}${GROUP}/reunions`);
		const entry = page.locator('ul.meetings > li').filter({ hasText: TITLE }).first();
		await entry.getByText('5 autres dates de la série').click();
		await expect(entry.locator('ul.dates .badge')).toHaveText(Array(5).fill('Annulée'));
	});
});
