import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { seriousViolations } from './axe';
import { logIn } from './support';

// A director opens the network dashboard: the groups needing attention come first (in the demo,
// "Attractivité du territoire" is off track, "Recrutement et compétences" at risk), each with its
// figures; the charts can be read as tables; the page passes an accessibility check. A lead
// answers the month's check-in.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

test('a director sees the groups needing attention first, and the charts', async ({ page }) => {
	await logIn(page, server.url, 'direction@maillage.test');
	await page
		.getByRole('navigation', { name: 'Navigation principale' })
		.getByRole('link', { name: 'Tableau de bord' })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau de bord du réseau');
	const cards = page.locator('article.card.group');
	await expect(cards).toHaveCount(5);
	// Off track, then at risk: not the order of their names (Recrutement comes fourth by name).
	await expect(cards.getByRole('heading')).toHaveText([
		'Attractivité du territoire',
		'Recrutement et compétences',
		/./,
		/./,
		/./
	]);
	await expect(cards.first().getByText('En difficulté')).toBeVisible();
	await expect(cards.nth(1).getByText('À surveiller')).toBeVisible();
	await expect(page.getByText(/^\d+ demandent? de l’attention$/)).toBeVisible();

	// The first chart's figures, as a table.
	const chart = page.locator('figure').filter({ hasText: 'Actions ouvertes et faites par mois' });
	await chart.getByText('Voir les données').click();
	await expect(chart.getByRole('table').getByRole('row')).toHaveCount(13);

	expect(await seriousViolations(page)).toEqual([]);

	// The monthly report, from the dashboard, passes the same check.
	await page.getByRole('link', { name: 'Rapport mensuel' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Rapport');
	expect(await seriousViolations(page)).toEqual([]);
	await page.goBack();

	// Filters are in the URL: a theme keeps only its groups.
	await page.getByLabel('Thème').selectOption({ index: 1 });
	await page.getByRole('button', { name: 'Afficher' }).click();
	await expect(page).toHaveURL(/theme=/);
	expect(await cards.count()).toBeLessThan(5);
});

test('a lead answers the month’s check-in, and it shows in the group’s history', async ({
	page
}) => {
	// Mathieu leads "Usines ouvertes", whose check-in of the month is still to do in the demo.
	await logIn(page, server.url, 'mathieu.roth@maillage.test');
	await page.goto(`${server.url}/groupes/usines-ouvertes/bilans`);
	await expect(page.getByText(/n’est pas encore fait/)).toBeVisible();
	await page.getByRole('button', { name: 'Enregistrer le bilan' }).click();
	// The weather is required: the refusal says so and keeps what was typed.
	await page.getByLabel('Ce qui a avancé').fill('Le fournisseur de gants est retenu.');
	await page.getByRole('button', { name: 'Enregistrer le bilan' }).click();
	await expect(page.getByText('Choisissez la météo du groupe.')).toBeVisible();
	await expect(page.getByLabel('Ce qui a avancé')).toHaveValue(
		'Le fournisseur de gants est retenu.'
	);
	await page.getByRole('radio', { name: 'À surveiller' }).check();
	await page.getByRole('button', { name: 'Enregistrer le bilan' }).click();
	await expect(page.getByText('Bilan enregistré.')).toBeVisible();
	const latest = page.locator('ol.history > li').first();
	await expect(latest).toContainText('À surveiller');
	await expect(latest).toContainText('Le fournisseur de gants est retenu.');
	expect(await seriousViolations(page)).toEqual([]);
});
