import { expect, test, type Browser, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { logIn } from './support';

// A document co-edited live: two people of the group "Mutualisation des ressources" type in the
// same document through the app's y-websocket server, see each other's words and carets, find
// everything stored; a director only reads it; the document gets a version, an export, and is
// archived while someone still has it open.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

const JULIE = 'Julie Fritsch'; // membre@, lead of the group
const NICOLAS = 'Nicolas Haas'; // nicolas.haas@, member of the group

/** A page of its own (own cookies, own IndexedDB) for one demo account, logged in. */
async function personPage(browser: Browser, email: string): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await logIn(page, server.url, email);
	return page;
}

/** The live editor (Tiptap's ProseMirror view), once the page has loaded it. */
function editor(page: Page) {
	return page.locator('.editor-shell .ProseMirror');
}

/** The text of each paragraph of the editor, without the others' carets drawn inside them. */
function paragraphs(page: Page) {
	return editor(page)
		.locator('p')
		.evaluateAll((nodes) =>
			nodes.map((node) => {
				const copy = node.cloneNode(true) as HTMLElement;
				for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
				return copy.textContent;
			})
		);
}

const TYPED = [
	'Julie propose un achat groupé. Trois fournisseurs consultés.',
	'Nicolas compare les offres. Réponse avant mars.'
];

/** The editor's visible save indicator ("Enregistré", "Enregistrement…", "Lecture seule"…). */
function saveStatus(page: Page) {
	return page.locator('.editor-shell').getByTestId('save-status');
}

/** The people shown as on the page now. */
function presence(page: Page) {
	return page.getByRole('list', { name: 'Sur la page en ce moment' }).getByRole('listitem');
}

test('two people co-edit a document live, a director reads it, then it is archived under them', async ({
	browser
}) => {
	test.setTimeout(150_000);
	const julie = await personPage(browser, 'membre@maillage.test');
	const nicolas = await personPage(browser, 'nicolas.haas@maillage.test');
	let documentUrl = '';

	await test.step('the lead creates a document from the group’s documents page', async () => {
		await julie.goto(`${server.url}/groupes/mutualisation/documents`);
		const form = julie.getByRole('region', { name: 'Nouveau document' });
		await form.getByLabel('Titre').fill('Plan de mutualisation des achats');
		await form.getByLabel('Étiquettes').fill('achats, énergie');
		await form.getByRole('button', { name: 'Créer le document' }).click();
		await expect(julie).toHaveURL(/\/groupes\/mutualisation\/documents\/[0-9a-f-]{36}$/);
		await expect(julie.getByRole('heading', { level: 2 })).toHaveText(
			'Plan de mutualisation des achats'
		);
		documentUrl = julie.url();
		await expect(editor(julie)).toHaveAttribute('contenteditable', 'true');
		await expect(julie.getByRole('toolbar', { name: 'Mise en forme' })).toBeVisible();
		await expect(saveStatus(julie)).toHaveText('Enregistré');
	});

	await test.step('both open it, type, and see each other’s words appear', async () => {
		await nicolas.goto(documentUrl);
		await expect(editor(nicolas)).toHaveAttribute('contenteditable', 'true');
		await expect(saveStatus(nicolas)).toHaveText('Enregistré');

		await editor(julie).click();
		await editor(julie).pressSequentially('Julie propose un achat groupé.');
		await expect(editor(nicolas)).toContainText('Julie propose un achat groupé.');

		await editor(nicolas).click();
		await nicolas.keyboard.press('Control+End');
		await nicolas.keyboard.press('Enter');
		await editor(nicolas).pressSequentially('Nicolas compare les offres.');
		await expect(editor(julie)).toContainText('Nicolas compare les offres.');

		// Then both at once, each in their own paragraph.
		await Promise.all([
			julie.keyboard.type(' Trois fournisseurs consultés.', { delay: 20 }),
			nicolas.keyboard.type(' Réponse avant mars.', { delay: 20 })
		]);
		for (const page of [julie, nicolas]) {
			await expect.poll(() => paragraphs(page)).toEqual(TYPED);
		}
	});

	await test.step('each sees the other’s caret with their name, and two people on the page', async () => {
		await expect(editor(julie).locator('.collaboration-carets__label')).toHaveText([NICOLAS]);
		await expect(editor(nicolas).locator('.collaboration-carets__label')).toHaveText([JULIE]);
		for (const page of [julie, nicolas]) {
			await expect(presence(page)).toHaveCount(2);
			for (const name of [JULIE, NICOLAS]) {
				await expect(presence(page).filter({ hasText: name })).toHaveCount(1);
			}
		}
	});

	await test.step('once typing stops, both say every edit is stored', async () => {
		await expect(saveStatus(julie)).toHaveText('Enregistré');
		await expect(saveStatus(nicolas)).toHaveText('Enregistré');
	});

	await test.step('a reload shows every word', async () => {
		await julie.reload();
		await expect(editor(julie)).toContainText(TYPED[1]);
		await expect.poll(() => paragraphs(julie)).toEqual(TYPED);
		await expect(saveStatus(julie)).toHaveText('Enregistré');
	});

	await test.step('a director reads it: no toolbar, nothing editable, "Lecture seule"', async () => {
		// A new browser profile: what it shows can only come from the server.
		const director = await personPage(browser, 'direction@maillage.test');
		await director.goto(documentUrl);
		await expect(editor(director)).toContainText('Julie propose un achat groupé.');
		await expect(editor(director)).toContainText('Nicolas compare les offres. Réponse avant mars.');
		await expect(editor(director)).toHaveAttribute('contenteditable', 'false');
		await expect(saveStatus(director)).toHaveText('Lecture seule');
		await expect(director.getByRole('toolbar')).toHaveCount(0);
		await expect(director.getByRole('button', { name: 'Enregistrer une version' })).toHaveCount(0);
		await expect(director.getByText('Titre et étiquettes')).toHaveCount(0);
		// Typing into it changes nothing, here or for the others.
		await editor(director).click();
		await director.keyboard.type('Intrus');
		await expect(editor(director)).not.toContainText('Intrus');
		await director.context().close();
		await expect(editor(julie)).not.toContainText('Intrus');
	});

	await test.step('a named version is saved and listed', async () => {
		const versions = julie.getByRole('region', { name: 'Versions' });
		await expect(versions).toContainText('Aucune version enregistrée.');
		await versions.getByLabel('Nom de la version').fill('Relu par les pilotes');
		await versions.getByRole('button', { name: 'Enregistrer une version' }).click();
		await expect(julie.getByText('La version est enregistrée.')).toBeVisible();
		const link = versions.getByRole('link', { name: 'Relu par les pilotes' });
		await expect(link).toBeVisible();
		await expect(versions.getByRole('listitem')).toContainText(`par ${JULIE}`);
		// The live editor survives the form's page update.
		await expect(editor(julie)).toContainText('Julie propose un achat groupé.');
	});

	await test.step('the Markdown export holds the typed words', async () => {
		const href = await julie.getByRole('link', { name: 'Markdown (.md)' }).getAttribute('href');
		expect(href).toMatch(/\/export\?format=md$/);
		const response = await julie.request.get(`${server.url}${href}`);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toContain('text/markdown');
		const markdown = await response.text();
		expect(markdown).toContain('# Plan de mutualisation des achats');
		for (const line of TYPED) expect(markdown).toContain(line);
	});

	await test.step('archived while Nicolas has it open: his editor turns read-only and says why', async () => {
		await expect(editor(nicolas)).toHaveAttribute('contenteditable', 'true');
		await julie.getByText('Titre et étiquettes').click();
		await julie.getByRole('button', { name: 'Archiver' }).click();
		await expect(julie.getByText('Le document est archivé.')).toBeVisible();

		await expect(nicolas.locator('.editor-shell').getByRole('alert')).toHaveText(
			'Ce document vient d’être archivé : il est désormais en lecture seule.'
		);
		await expect(editor(nicolas)).toHaveAttribute('contenteditable', 'false');
		await expect(saveStatus(nicolas)).toHaveText('Lecture seule');
		await expect(nicolas.getByRole('toolbar')).toHaveCount(0);
		// Everything written stays there to read.
		await expect(editor(nicolas)).toContainText('Nicolas compare les offres. Réponse avant mars.');
		await expect(editor(julie)).toHaveAttribute('contenteditable', 'false');
	});

	await julie.context().close();
	await nicolas.context().close();
});
