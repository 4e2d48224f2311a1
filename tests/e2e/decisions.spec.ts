import { expect, test, type Browser, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { seriousViolations } from './axe';
import { logIn } from './support';

// Julie (lead of "Mutualisation des ressources") puts a proposal to the group from one of its
// threads; Nicolas on his phone and Sébastien on a desktop answer it, and Julie watches the tally
// move without reloading; she closes it, writes its outcome, and the decision is in the group's
// register and in the network's.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

const GROUP = '/groupes/mutualisation';

async function personPage(
	browser: Browser,
	email: string,
	viewport = { width: 1280, height: 900 }
): Promise<Page> {
	const context = await browser.newContext({ viewport });
	const page = await context.newPage();
	await logIn(page, server.url, email);
	return page;
}

async function live(page: Page) {
	await expect(page.locator('html[data-live="on"]')).toBeAttached();
}

const count = (page: Page, stance: string) => page.locator(`[data-stance="${stance}"]`);

async function answer(page: Page, url: string, stance: string, reason: string) {
	await page.goto(url);
	await page.getByRole('radio', { name: new RegExp(`^${stance}`) }).check();
	await page.getByLabel('Votre raison (facultatif)').fill(reason);
	await page.getByRole('button', { name: 'Répondre' }).click();
	await expect(page.getByRole('button', { name: 'Changer ma réponse' })).toBeVisible();
}

test('a proposal from a thread is answered live, closed and becomes a decision', async ({
	browser
}) => {
	const julie = await personPage(browser, 'membre@maillage.test');
	await julie.goto(`${server.url}${GROUP}/discussions`);
	await julie.locator('main a[href*="/discussions/"]:not([href$="/nouvelle"])').first().click();
	await expect(julie).toHaveURL(/\/discussions\/[0-9a-f-]{36}/);
	await julie.getByRole('link', { name: 'Faire une proposition' }).click();
	await expect(julie.getByText(/Depuis la discussion/)).toBeVisible();
	await julie.getByRole('textbox', { name: 'Titre' }).fill('Louer une balayeuse en commun');
	await julie.locator('.ProseMirror').first().click();
	await julie.keyboard.type(
		'Une balayeuse industrielle louée à l’année, partagée entre trois sites.'
	);
	await julie.getByRole('button', { name: 'Soumettre au groupe' }).click();
	await expect(julie.getByRole('heading', { name: 'Louer une balayeuse en commun' })).toBeVisible();
	const url = julie.url();
	expect(await seriousViolations(julie)).toEqual([]);
	await live(julie);

	const nicolas = await personPage(browser, 'nicolas.haas@maillage.test', {
		width: 390,
		height: 800
	});
	await answer(nicolas, url, 'D’accord', 'Nous en avons besoin deux jours par mois.');
	await expect(count(julie, 'agree')).toHaveText('1');

	const sebastien = await personPage(browser, 'sebastien.koenig@maillage.test');
	await answer(sebastien, url, 'Bloque', 'Notre contrat de nettoyage l’inclut déjà.');
	await expect(count(julie, 'block')).toHaveText('1');
	await expect(julie.getByText('Notre contrat de nettoyage l’inclut déjà.')).toBeVisible();

	// Nicolas changes his mind: the count follows, his earlier answer stays in his history.
	await nicolas.getByRole('radio', { name: 'Abstention' }).check();
	await nicolas.getByRole('button', { name: 'Changer ma réponse' }).click();
	await expect(count(julie, 'agree')).toHaveText('0');
	await expect(count(julie, 'abstain')).toHaveText('1');
	await expect(nicolas.getByText('Vos réponses précédentes')).toBeVisible();

	await julie.getByRole('button', { name: 'Clore maintenant' }).click();
	await expect(julie.getByRole('heading', { name: 'Écrire l’issue' })).toBeVisible();
	await julie
		.getByRole('textbox', { name: 'Décision', exact: true })
		.fill('Balayeuse : pas de location commune');
	await julie.locator('.ProseMirror').first().click();
	await julie.keyboard.type('Rejeté : un site la possède déjà par son contrat de nettoyage.');
	await julie.getByRole('button', { name: 'Enregistrer la décision' }).click();
	await expect(
		julie.getByRole('heading', { name: 'Balayeuse : pas de location commune' })
	).toBeVisible();
	await expect(
		julie.getByText('Issue de la proposition « Louer une balayeuse en commun »')
	).toBeVisible();

	// A late answer is refused: the page the member still has open says so.
	await sebastien.reload();
	await expect(sebastien.getByRole('button', { name: 'Changer ma réponse' })).toHaveCount(0);

	await julie.goto(`${server.url}${GROUP}/decisions`);
	await expect(
		julie.getByRole('link', { name: 'Balayeuse : pas de location commune' })
	).toBeVisible();
	await julie.goto(`${server.url}/decisions`);
	await expect(
		julie.getByRole('link', { name: 'Balayeuse : pas de location commune' })
	).toBeVisible();
	expect(await seriousViolations(julie)).toEqual([]);

	// The coordination's monthly report of this month lists it among the group's decisions.
	const coordination = await personPage(browser, 'coordination@maillage.test');
	const month = new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/Paris',
		year: 'numeric',
		month: '2-digit'
	}).format(new Date());
	await coordination.goto(`${server.url}/tableau-de-bord/rapport?mois=${month}`);
	await expect(coordination.getByText('Balayeuse : pas de location commune')).toBeVisible();
});

test('a director reads the register and the proposals but does not answer', async ({ browser }) => {
	const director = await personPage(browser, 'direction@maillage.test');
	await director.goto(`${server.url}/decisions?groupe=&etat=in_force`);
	await expect(director.getByRole('heading', { name: 'Registre des décisions' })).toBeVisible();
	await expect(
		director.getByText('Groupement de commandes d’EPI à partir de juillet')
	).toBeVisible();
	await director.goto(`${server.url}${GROUP}/decisions`);
	await director.getByRole('link', { name: /chariot élévateur/ }).click();
	await expect(director.getByText('Les membres et responsables du groupe répondent')).toBeVisible();
	await expect(director.getByRole('button', { name: 'Répondre' })).toHaveCount(0);
});

test('a quick ranking is answered without a script and shows its Borda count', async ({
	browser
}) => {
	const julie = await personPage(browser, 'membre@maillage.test');
	await julie.goto(`${server.url}${GROUP}/decisions`);
	await julie.getByRole('link', { name: 'Nouveau sondage' }).click();
	await julie
		.getByRole('textbox', { name: 'Question' })
		.fill('Quel site pour la réunion de janvier ?');
	await julie.getByRole('radio', { name: 'Classement des options' }).check();
	await julie.getByRole('textbox', { name: 'Options' }).fill('Sélestat\nErstein\nObernai');
	await julie.getByRole('button', { name: 'Ouvrir le sondage' }).click();
	await expect(
		julie.getByRole('heading', { name: 'Quel site pour la réunion de janvier ?' })
	).toBeVisible();
	const url = julie.url();
	expect(await seriousViolations(julie)).toEqual([]);
	await live(julie);

	// Nicolas answers with JavaScript off: a plain form of selects.
	const context = await browser.newContext({ javaScriptEnabled: false });
	const nicolas = await context.newPage();
	await nicolas.goto(`${server.url}/login`);
	await nicolas.locator('input[name="email"]').fill('nicolas.haas@maillage.test');
	await nicolas.locator('input[name="password"]').fill('route-industrie');
	await nicolas.locator('form:has(input[name="password"]) button[type="submit"]').click();
	await nicolas.goto(url);
	// Two options at the same rank: refused, and said why.
	await nicolas.getByLabel('Rang de « Sélestat »').selectOption('1');
	await nicolas.getByLabel('Rang de « Erstein »').selectOption('1');
	await nicolas.getByLabel('Rang de « Obernai »').selectOption('2');
	await nicolas.getByRole('button', { name: 'Répondre' }).click();
	await expect(nicolas.getByText('Donnez à chaque option un rang différent')).toBeVisible();
	await nicolas.getByLabel('Rang de « Sélestat »').selectOption('2');
	await nicolas.getByLabel('Rang de « Erstein »').selectOption('1');
	await nicolas.getByLabel('Rang de « Obernai »').selectOption('3');
	await nicolas.getByRole('button', { name: 'Répondre' }).click();
	await expect(nicolas.getByRole('button', { name: 'Changer ma réponse' })).toBeVisible();

	await expect(julie.locator('[data-borda="Erstein"]')).toHaveText('2');
	await expect(julie.locator('[data-borda="Sélestat"]')).toHaveText('1');
	await expect(julie.locator('[data-borda="Obernai"]')).toHaveText('0');
	if (process.env.MAILLAGE_SHOTS)
		await julie.screenshot({ path: process.env.MAILLAGE_SHOTS, fullPage: true });
	await context.close();
});
