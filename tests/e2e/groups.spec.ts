import { expect, test, type Browser, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { logIn } from './support';

// Working groups as the people of the demo network live them: the coordination sets a group up,
// a lead from a member company runs it, and everyone else sees exactly what their role allows.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

const LAST_LEAD = 'Un groupe garde toujours au moins un pilote : désignez d’abord un autre pilote.';

/** Messages of every dialog any page opened; it must stay empty. */
const dialogs: string[] = [];

/** A page of its own (own cookies) for one demo account, logged in. */
async function personPage(browser: Browser, email: string): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	// Nothing these pages show may open a dialog: an alert would mean typed HTML ran.
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	await logIn(page, server.url, email);
	return page;
}

/** The group's tab bar, named after the group. */
function groupTabs(page: Page, groupName: string) {
	return page.getByRole('navigation', { name: groupName });
}

/** A row of the members table, found by the person's name. */
function memberRow(page: Page, name: string) {
	return page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
}

async function expectNotFound(page: Page, path: string) {
	const response = await page.goto(`${server.url}${path}`);
	expect(response?.status(), path).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
}

test('a coordinator sets up a closed group, a lead from a company runs it, each role sees its share', async ({
	browser
}) => {
	const name = 'Énergie et décarbonation';
	const slug = 'energie-et-decarbonation';
	const groupPath = `/groupes/${slug}`;

	const coordinator = await personPage(browser, 'coordination@maillage.test');

	await test.step('the coordinator creates the group, naming no lead yet', async () => {
		await coordinator.goto(`${server.url}/groupes`);
		await coordinator.getByRole('link', { name: 'Nouveau groupe' }).click();
		await expect(coordinator).toHaveURL(`${server.url}/groupes/nouveau`);

		await coordinator.getByLabel('Nom du groupe').fill(name);
		await coordinator.getByLabel('Thème', { exact: true }).selectOption({
			label: 'Mutualisation des ressources'
		});
		await coordinator
			.getByLabel('Description courte')
			.fill('Réduire ensemble la facture et l’empreinte énergétiques des sites.');

		// The purpose, in the Tiptap editor: some bold text, and markup that must stay text.
		// Typing waits for the editor: the plain textarea it replaces would lose what it holds.
		await expect(coordinator.getByRole('toolbar', { name: 'Mise en forme' })).toBeVisible();
		const purpose = coordinator.getByRole('textbox', { name: 'Raison d’être' });
		await purpose.click();
		await purpose.pressSequentially('Le groupe veut ');
		await coordinator.getByRole('button', { name: 'Gras' }).click();
		await purpose.pressSequentially('diviser par deux');
		await coordinator.getByRole('button', { name: 'Gras' }).click();
		await purpose.pressSequentially(' ses émissions. <script>alert("xss")</script>');
		await expect(purpose.locator('strong')).toHaveText('diviser par deux');

		const closed = coordinator.getByLabel('Sur invitation ou sur demande acceptée par un pilote');
		await closed.check();
		await expect(closed).toBeChecked();
		const lead = coordinator.getByLabel('Pilote du groupe (facultatif)');
		await expect(lead.locator('option:checked')).toHaveText('— Choisir plus tard —');

		await coordinator.getByRole('button', { name: 'Créer le groupe' }).click();
		await expect(coordinator).toHaveURL(`${server.url}${groupPath}`);
		await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText(name);
		await expect(coordinator.locator('.group-header .theme')).toHaveText(
			'Mutualisation des ressources'
		);
		await expect(coordinator.getByText('Sur invitation', { exact: true })).toBeVisible();
		await expect(coordinator.getByText('Ce groupe n’a pas encore de pilote.')).toBeVisible();
	});

	await test.step('the purpose keeps its bold text, and the typed <script> is only text', async () => {
		const rich = coordinator.getByRole('region', { name: 'Raison d’être' }).locator('.rich');
		await expect(rich.locator('strong')).toHaveText('diviser par deux');
		await expect(rich).toContainText('ses émissions. <script>alert("xss")</script>');
		await expect(rich.locator('script')).toHaveCount(0);
		await expect(coordinator.locator('main script')).toHaveCount(0);
		expect(dialogs).toEqual([]);
	});

	await test.step('the coordinator adds a lead from a member company', async () => {
		await groupTabs(coordinator, name).getByRole('link', { name: 'Membres' }).click();
		await expect(coordinator).toHaveURL(`${server.url}${groupPath}/membres`);
		const add = coordinator.getByRole('region', { name: 'Ajouter une personne' });
		await add.getByLabel('Personne').selectOption({ label: 'Karim Haddad — Transports Rhin-Ill' });
		await add.getByLabel('Rôle dans le groupe').selectOption({ label: 'Pilote' });
		await add.getByRole('button', { name: 'Ajouter une personne' }).click();
		await expect(coordinator.getByRole('status')).toHaveText('La personne est ajoutée au groupe.');
		const row = memberRow(coordinator, 'Karim Haddad');
		await expect(row).toContainText('Transports Rhin-Ill');
		await expect(row.getByRole('combobox')).toHaveValue('lead');
	});

	const lead = await personPage(browser, 'karim.haddad@maillage.test');
	await test.step('the lead opens the group from their home page and adds a member', async () => {
		const mine = lead.getByRole('region', { name: 'Mes groupes' });
		await mine.getByRole('link', { name }).click();
		await expect(lead).toHaveURL(`${server.url}${groupPath}`);
		await expect(lead.getByText('Votre rôle : Pilote')).toBeVisible();
		await expect(lead.getByRole('region', { name: 'Pilotes' })).toContainText('Karim Haddad');

		await groupTabs(lead, name).getByRole('link', { name: 'Membres' }).click();
		const add = lead.getByRole('region', { name: 'Ajouter une personne' });
		await add
			.getByLabel('Personne')
			.selectOption({ label: 'Julie Fritsch — Saveurs de la Plaine' });
		await add.getByLabel('Rôle dans le groupe').selectOption({ label: 'Membre' });
		await add.getByRole('button', { name: 'Ajouter une personne' }).click();
		await expect(lead.getByRole('status')).toHaveText('La personne est ajoutée au groupe.');
		await expect(memberRow(lead, 'Julie Fritsch').getByRole('combobox')).toHaveValue('member');
		await expect(lead.getByRole('row')).toHaveCount(3);
	});

	await test.step('the new member sees the group on their home page', async () => {
		const member = await personPage(browser, 'membre@maillage.test');
		const mine = member.getByRole('region', { name: 'Mes groupes' });
		const card = mine.getByRole('article').filter({ hasText: name });
		await expect(card.getByRole('link', { name })).toHaveAttribute('href', groupPath);
		await expect(card.getByText('Membre', { exact: true })).toBeVisible();
		await card.getByRole('link', { name }).click();
		await expect(member.getByText('Votre rôle : Membre')).toBeVisible();
		await member.context().close();
	});

	await test.step('a partner outside the group neither finds it nor opens it', async () => {
		const partner = await personPage(browser, 'partenaire@maillage.test');
		await partner.goto(`${server.url}/groupes`);
		await expect(partner.getByRole('heading', { level: 1 })).toHaveText('Groupes de travail');
		await expect(partner.getByRole('link', { name: 'Mobilités', exact: true })).toBeVisible();
		await expect(partner.getByText(name)).toHaveCount(0);
		await expectNotFound(partner, groupPath);
		await expectNotFound(partner, `${groupPath}/membres`);
		await partner.context().close();
	});

	await test.step('a network member outside it sees it listed as closed, and may only ask', async () => {
		const outsider = await personPage(browser, 'nicolas.haas@maillage.test');
		await outsider.goto(`${server.url}/groupes`);
		const card = outsider.getByRole('article').filter({ hasText: name });
		await expect(card).toContainText('Sur invitation');
		await expect(card.getByRole('link')).toHaveCount(0);
		await expect(card.getByText('Demander à rejoindre', { exact: true }).first()).toBeVisible();
		await expectNotFound(outsider, groupPath);
		await outsider.context().close();
	});

	await test.step('a director reads the group but has nothing to edit', async () => {
		const director = await personPage(browser, 'direction@maillage.test');
		const response = await director.goto(`${server.url}${groupPath}`);
		expect(response?.status()).toBe(200);
		await expect(director.getByRole('heading', { level: 1 })).toHaveText(name);
		await expect(director.getByText('Lecture seule', { exact: true })).toBeVisible();
		const tabs = groupTabs(director, name);
		await expect(tabs.getByRole('link', { name: 'Membres' })).toBeVisible();
		await expect(tabs.getByRole('link', { name: 'Modifier le groupe' })).toHaveCount(0);
		await expect(director.getByRole('link', { name: 'Modifier le groupe' })).toHaveCount(0);
		await expect(director.getByRole('button', { name: 'Rejoindre le groupe' })).toHaveCount(0);
		await expect(director.getByRole('button', { name: 'Quitter le groupe' })).toHaveCount(0);

		await tabs.getByRole('link', { name: 'Membres' }).click();
		await expect(director).toHaveURL(`${server.url}${groupPath}/membres`);
		await expect(memberRow(director, 'Karim Haddad')).toContainText('Pilote');
		await expect(memberRow(director, 'Julie Fritsch')).toContainText('Membre');
		await expect(director.getByRole('region', { name: 'Ajouter une personne' })).toHaveCount(0);
		await expect(director.getByRole('main').getByRole('combobox')).toHaveCount(0);
		await expect(director.getByRole('button', { name: /Retirer|Changer/ })).toHaveCount(0);

		const edit = await director.goto(`${server.url}${groupPath}/modifier`);
		expect(edit?.status()).toBe(403);
		await expect(director.getByRole('heading', { level: 1 })).toHaveText('Accès refusé');
		await director.context().close();
	});

	await lead.context().close();
	await coordinator.context().close();
});

test('renaming a group moves it to a new address, and the old one still leads there', async ({
	browser
}) => {
	const coordinator = await personPage(browser, 'coordination@maillage.test');
	await coordinator.goto(`${server.url}/groupes/nouveau`);
	await coordinator.getByLabel('Nom du groupe').fill('Atelier hydrogène');
	await coordinator.getByLabel('Tout membre du réseau, librement').check();
	await coordinator.getByRole('button', { name: 'Créer le groupe' }).click();
	await expect(coordinator).toHaveURL(`${server.url}/groupes/atelier-hydrogene`);

	await groupTabs(coordinator, 'Atelier hydrogène')
		.getByRole('link', { name: 'Modifier le groupe' })
		.click();
	await expect(coordinator).toHaveURL(`${server.url}/groupes/atelier-hydrogene/modifier`);
	const nameField = coordinator.getByLabel('Nom du groupe');
	await expect(nameField).toHaveValue('Atelier hydrogène');
	await nameField.fill('Filière hydrogène');
	await coordinator.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(coordinator).toHaveURL(`${server.url}/groupes/filiere-hydrogene`);
	await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText('Filière hydrogène');
	await expect(
		coordinator.getByRole('region', { name: 'Activité récente' }).getByText(/a modifié le groupe/)
	).toBeVisible();

	// Old links, bookmarks and e-mails keep working, down to the group's inner pages.
	for (const [old, now] of [
		['/groupes/atelier-hydrogene', '/groupes/filiere-hydrogene'],
		['/groupes/atelier-hydrogene/membres', '/groupes/filiere-hydrogene/membres']
	]) {
		const response = await coordinator.goto(`${server.url}${old}`);
		expect(response?.status(), old).toBe(200);
		expect(response?.request().redirectedFrom()?.url(), old).toBe(`${server.url}${old}`);
		await expect(coordinator).toHaveURL(`${server.url}${now}`);
		await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText('Filière hydrogène');
	}

	// The list only knows the new name.
	await coordinator.goto(`${server.url}/groupes`);
	await expect(coordinator.getByRole('link', { name: 'Filière hydrogène' })).toHaveAttribute(
		'href',
		'/groupes/filiere-hydrogene'
	);
	await expect(coordinator.getByText('Atelier hydrogène')).toHaveCount(0);
	await coordinator.context().close();
});

test('the last lead of a group can be neither removed nor demoted', async ({ browser }) => {
	// Karim Haddad is the only lead of the demo group "Mobilités".
	const coordinator = await personPage(browser, 'coordination@maillage.test');
	await coordinator.goto(`${server.url}/groupes/mobilites/membres`);
	const rows = coordinator.getByRole('row');
	const before = (await rows.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
	expect(before.length).toBeGreaterThan(2);
	const karim = memberRow(coordinator, 'Karim Haddad');
	await expect(karim.getByRole('combobox')).toHaveValue('lead');

	await karim.getByRole('button', { name: 'Retirer' }).click();
	await expect(coordinator.getByRole('alert')).toHaveText(LAST_LEAD);
	await expect(rows).toHaveText(before);

	await karim.getByRole('combobox').selectOption({ label: 'Membre' });
	await karim.getByRole('button', { name: 'Changer' }).click();
	await expect(coordinator.getByRole('alert')).toHaveText(LAST_LEAD);

	// Nothing changed on the server either.
	await coordinator.reload();
	await expect(coordinator.getByRole('alert')).toHaveCount(0);
	await expect(rows).toHaveText(before);
	await expect(memberRow(coordinator, 'Karim Haddad').getByRole('combobox')).toHaveValue('lead');
	await coordinator.goto(`${server.url}/groupes/mobilites`);
	await expect(coordinator.getByRole('region', { name: 'Pilotes' })).toContainText('Karim Haddad');
	await coordinator.context().close();
});

test('network members join an open group and ask to join a closed one; a lead answers', async ({
	browser
}) => {
	const member = await personPage(browser, 'romain.vogel@maillage.test');
	await member.goto(`${server.url}/groupes/mobilites`);
	await member.getByRole('button', { name: 'Rejoindre le groupe' }).click();
	await expect(member.getByRole('status')).toHaveText('Vous avez rejoint le groupe.');
	await expect(member.getByText('Votre rôle : Membre')).toBeVisible();

	/** Asks to join "Recrutement et compétences" (closed) from the list of groups. */
	async function ask(page: Page, message: string) {
		await page.goto(`${server.url}/groupes`);
		const card = page.getByRole('article').filter({ hasText: 'Recrutement et compétences' });
		await card.getByText('Demander à rejoindre', { exact: true }).first().click();
		await card.getByLabel('Message aux pilotes (facultatif)').fill(message);
		await card.locator('form').getByRole('button', { name: 'Demander à rejoindre' }).click();
		await expect(page.getByRole('status')).toHaveText(
			'Votre demande est envoyée aux pilotes du groupe.'
		);
		await expect(card).toContainText('Demande envoyée, en attente de réponse');
	}
	await ask(member, 'Je recrute deux régleurs cette année.');
	const other = await personPage(browser, 'celine.ott@maillage.test');
	await ask(other, 'Pour suivre vos travaux.');

	const lead = await personPage(browser, 'sophie.klein@maillage.test');
	await lead.goto(`${server.url}/groupes/recrutement-competences/membres`);
	const requests = lead.getByRole('region', { name: 'Demandes pour rejoindre le groupe' });
	await expect(requests.getByRole('listitem')).toHaveCount(2);
	await expect(requests).toContainText('Je recrute deux régleurs cette année.');
	await requests.getByRole('button', { name: 'Accepter — Romain Vogel' }).click();
	await expect(lead.getByRole('status')).toHaveText('La demande est acceptée.');
	await expect(memberRow(lead, 'Romain Vogel').getByRole('combobox')).toHaveValue('member');
	await requests.getByRole('button', { name: 'Refuser — Céline Ott' }).click();
	await expect(lead.getByRole('status')).toHaveText('La demande est refusée.');
	await expect(requests).toHaveCount(0);
	await expect(memberRow(lead, 'Céline Ott')).toHaveCount(0);

	await member.goto(`${server.url}/`);
	await expect(
		member.getByRole('region', { name: 'Mes groupes' }).getByRole('link', {
			name: 'Recrutement et compétences'
		})
	).toBeVisible();
	for (const page of [member, other, lead]) await page.context().close();
});
