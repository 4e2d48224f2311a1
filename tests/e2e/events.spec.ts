import { expect, test, type Browser } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { seriousViolations } from './axe';
import { logIn } from './support';

// La route de l'industrie in the demo: a teacher books a visit for her class from her phone
// without JavaScript, gets the confirmation with its code, and cancels through the link of her
// e-mail; the site's page for its own people and organisers is refused to anyone else; with
// JavaScript, another teacher books, an organiser cancels a registration on a full slot, and the
// first on its waiting list takes the places offered by e-mail.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

const EVENT = '/route-de-l-industrie-2027';

async function phone(browser: Browser, javaScriptEnabled: boolean) {
	const context = await browser.newContext({
		viewport: { width: 390, height: 844 },
		javaScriptEnabled,
		locale: 'fr-FR'
	});
	return context.newPage();
}

test('a teacher books a class from a phone without JavaScript, then cancels from the e-mail', async ({
	browser
}) => {
	const teacher = await phone(browser, false);
	await teacher.goto(`${server.url}${EVENT}?ville=Erstein&public=school&places=1`);
	await expect(teacher.getByRole('heading', { level: 1 })).toHaveText(
		'La route de l’industrie 2027'
	);
	await teacher.locator('main .sites a').first().click();
	await expect(teacher.getByRole('heading', { name: 'Créneaux de visite' })).toBeVisible();
	const mapsLink = teacher.getByRole('link', { name: 'Ouvrir dans l’application de cartes' });
	await expect(mapsLink).toHaveAttribute('href', /openstreetmap|geo:|maps\.apple/);
	await teacher
		.getByRole('link', { name: /^S’inscrire/ })
		.first()
		.click();
	await expect(teacher.getByRole('heading', { name: 'Inscription à une visite' })).toBeVisible();
	// The pages she went through are accessible (axe runs as a script: in another window).
	const checker = await phone(browser, true);
	for (const url of [`${server.url}${EVENT}?ville=Erstein&public=school&places=1`, teacher.url()]) {
		await checker.goto(url);
		expect(await seriousViolations(checker)).toEqual([]);
	}
	await teacher.getByLabel('Établissement').fill('Collège Sainte-Odile');
	await teacher.getByLabel('Niveau de la classe').fill('4e B');
	await teacher.getByLabel('Élèves').fill('22');
	await teacher.getByLabel('Adultes accompagnateurs').fill('2');
	await teacher.getByLabel('Nom et prénom').fill('Anne Professeure');
	await teacher.getByLabel('Adresse e-mail').fill('anne.prof@college.test');
	await teacher.getByLabel('Téléphone joignable le jour de la visite').fill('03 88 12 34 56');
	await teacher.getByLabel(/J’accepte/).check();
	// A form sent sooner than a person could fill it is refused as automated: wait as one would.
	await teacher.waitForTimeout(3_000);
	await teacher.getByRole('button', { name: 'M’inscrire' }).click();
	await expect(teacher.getByText('Inscription confirmée', { exact: true })).toBeVisible();
	await expect(teacher.getByText('22 élèves, 2 adultes')).toBeVisible();
	await expect(teacher.locator('.ticket svg')).toBeVisible();

	// The confirmation in the outbox, with its link.
	const admin = await browser.newPage();
	await logIn(admin, server.url, 'admin@maillage.test');
	await admin.goto(`${server.url}/admin/courriels?kind=event.confirmed`);
	const mail = admin.getByRole('article').filter({ hasText: 'anne.prof@college.test' });
	await expect(mail).toContainText('Collège Sainte-Odile');
	const text = (await mail.locator('pre').textContent()) ?? '';
	const link = text.match(/https?:\/\/\S+\/inscription\/\S+/)?.[0];
	expect(link, text).toBeTruthy();

	// From her mail, with JavaScript this time: she cancels.
	const mailClient = await phone(browser, true);
	await mailClient.goto(link!.replace(/^https?:\/\/[^/]+/, server.url));
	await expect(mailClient.getByText('Inscription confirmée', { exact: true })).toBeVisible();
	await mailClient.getByRole('button', { name: 'Annuler mon inscription' }).click();
	await expect(mailClient.getByText('Votre inscription est annulée.')).toBeVisible();
	await expect(mailClient.getByText('Inscription annulée', { exact: true })).toBeVisible();
	// An altered link leads nowhere.
	const altered = await mailClient.goto(`${link!.replace(/^https?:\/\/[^/]+/, server.url)}x`);
	expect(altered?.status()).toBe(404);
});

test('a site’s own page is refused to people of other organisations', async ({ browser }) => {
	const coordination = await browser.newPage();
	await logIn(coordination, server.url, 'coordination@maillage.test');
	await coordination.goto(`${server.url}/evenements`);
	await coordination.getByRole('link', { name: 'La route de l’industrie 2027' }).click();
	await coordination.getByRole('link', { name: 'Brasserie du Ried' }).click();
	await expect(coordination.getByRole('heading', { name: 'Inscrits', exact: true })).toBeVisible();
	const sitePage = coordination.url();

	const partner = await browser.newPage();
	await logIn(partner, server.url, 'partenaire@maillage.test');
	const refused = await partner.goto(sitePage);
	expect(refused?.status()).toBe(403);
	await partner.goto(`${server.url}/evenements`);
	await partner.getByRole('link', { name: 'La route de l’industrie 2027' }).click();
	await expect(partner.getByRole('link', { name: 'Brasserie du Ried' })).toHaveCount(0);
});

test('with JavaScript: a teacher books; an organiser cancels a registration on a full slot, and the first waiting takes the places offered', async ({
	browser
}) => {
	// A teacher books from his phone, with JavaScript this time.
	const teacher = await phone(browser, true);
	await teacher.goto(`${server.url}${EVENT}?public=school&places=1`);
	await teacher.locator('main .sites a').first().click();
	await teacher
		.getByRole('link', { name: /^S’inscrire/ })
		.first()
		.click();
	await teacher.getByLabel('Établissement').fill('Lycée Schweisguth');
	await teacher.getByLabel('Niveau de la classe').fill('Seconde');
	await teacher.getByLabel('Élèves').fill('12');
	await teacher.getByLabel('Adultes accompagnateurs').fill('2');
	await teacher.getByLabel('Nom et prénom').fill('Marc Enseignant');
	await teacher.getByLabel('Adresse e-mail').fill('marc.prof@lycee.test');
	await teacher.getByLabel('Téléphone joignable le jour de la visite').fill('03 88 65 43 21');
	await teacher.getByLabel(/J’accepte/).check();
	await teacher.waitForTimeout(3_000);
	await teacher.getByRole('button', { name: 'M’inscrire' }).click();
	await expect(teacher.getByText('Inscription confirmée', { exact: true })).toBeVisible();
	await expect(teacher.getByText('12 élèves, 2 adultes')).toBeVisible();

	const organiser = await browser.newPage();
	await logIn(organiser, server.url, 'coordination@maillage.test');
	await organiser.goto(`${server.url}/evenements`);
	await organiser.getByRole('link', { name: 'La route de l’industrie 2027' }).click();
	await expect(organiser.getByRole('heading', { level: 1 })).toHaveText(
		'La route de l’industrie 2027'
	);
	// A site where people wait for places (the demo fills a few slots and puts two on their lists).
	const site = await organiser.locator('tbody tr').evaluateAll((rows) => {
		const row = rows.find((r) => Number(r.querySelector('td:last-child')?.textContent) > 0);
		return row?.querySelector('a')?.getAttribute('href') ?? null;
	});
	expect(site).toBeTruthy();
	await organiser.goto(`${server.url}${site}`);
	await expect(organiser.getByRole('heading', { name: 'Inscrits', exact: true })).toBeVisible();
	const slot = await organiser.locator('tbody tr').evaluateAll((rows) => {
		const row = rows.find((r) => Number(r.querySelectorAll('td')[2]?.textContent) > 0);
		return row?.querySelector('th')?.textContent?.split('·')[0].trim() ?? null;
	});
	expect(slot).toBeTruthy();
	const visitors = organiser
		.getByRole('heading', { level: 3, name: new RegExp(`^${slot}`) })
		.locator('xpath=following-sibling::ul[1]');
	const booked = visitors.locator('li.confirmed').first();
	await booked.getByText('Gérer').click();
	await booked
		.getByLabel('Mot au visiteur (facultatif)')
		.last()
		.fill('Le car de la classe est annulé.');
	await booked.getByRole('button', { name: 'Annuler cette inscription' }).click();
	await expect(organiser.getByText('L’inscription est annulée')).toBeVisible();

	// The first on the waiting list is offered the places, by e-mail, and takes them.
	const admin = await browser.newPage();
	await logIn(admin, server.url, 'admin@maillage.test');
	await admin.goto(`${server.url}/admin/courriels?kind=event.offered`);
	const text = (await admin.getByRole('article').first().locator('pre').textContent()) ?? '';
	const link = text.match(/https?:\/\/\S+\/inscription\/\S+/)?.[0];
	expect(link, text).toBeTruthy();
	const waiting = await phone(browser, true);
	await waiting.goto(link!.replace(/^https?:\/\/[^/]+/, server.url));
	await waiting.getByRole('button', { name: 'J’accepte ces places' }).click();
	await expect(waiting.getByText('Inscription confirmée', { exact: true })).toBeVisible();
});
