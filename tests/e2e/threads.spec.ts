import { expect, test, type Browser, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { logIn } from './support';

// A discussion held live in the group "Mutualisation des ressources": Julie (its lead, on a
// desktop) opens a thread mentioning Nicolas (a member, on a phone); Nicolas sees it appear,
// unread, and the mention on his bell without reloading, answers with a quotation, and Julie sees
// the answer arrive. Then a thread is opened from an action with "Discuter", and both pages link
// to each other.

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

/** Waits until the page's live channel is open, so that nothing posted after is missed. */
async function live(page: Page) {
	await expect(page.locator('html[data-live="on"]')).toBeAttached();
}

/** The rich-text editor of a form, once loaded. */
function editorIn(scope: Page | ReturnType<Page['locator']>) {
	return scope.locator('.ProseMirror').first();
}

test('two people hold a discussion live, with a mention and a quotation', async ({ browser }) => {
	const julie = await personPage(browser, 'membre@maillage.test');
	const nicolas = await personPage(browser, 'nicolas.haas@maillage.test', {
		width: 390,
		height: 800
	});

	// Nicolas (phone) waits on the list of the group's discussions.
	await nicolas.goto(`${server.url}${GROUP}/discussions`);
	await live(nicolas);
	const bell = nicolas.getByTestId('notification-count');
	const before = (await bell.count()) ? Number(await bell.textContent()) : 0;

	// Julie opens a thread and mentions Nicolas.
	await julie.goto(`${server.url}${GROUP}/discussions/nouvelle`);
	await julie
		.getByRole('textbox', { name: 'Titre', exact: true })
		.fill('Tournée commune des fournisseurs');
	const body = editorIn(julie);
	await body.click();
	await julie.keyboard.type('Bonjour ');
	await julie.keyboard.type('@Nicol');
	await expect(julie.getByRole('option', { name: /Nicolas Haas/ })).toBeVisible();
	await julie.keyboard.press('Enter');
	await julie.keyboard.type(' : peux-tu regrouper les livraisons du jeudi ?');
	await julie.getByRole('button', { name: 'Publier la discussion' }).click();
	await expect(
		julie.getByRole('heading', { name: 'Tournée commune des fournisseurs' })
	).toBeVisible();
	await live(julie);

	// Without reloading, Nicolas sees the new thread, unread, and the mention on his bell.
	const row = nicolas.getByRole('listitem').filter({ hasText: 'Tournée commune des fournisseurs' });
	await expect(row).toBeVisible();
	await expect(row.getByText('1 nouveau')).toBeVisible();
	await expect(bell).toHaveText(String(before + 1));

	// He opens it, quotes Julie and answers.
	await row.getByRole('link', { name: 'Tournée commune des fournisseurs' }).click();
	const first = nicolas.locator('article.message').first();
	await expect(first.locator('.mention')).toHaveText('@Nicolas Haas');
	await expect(first.getByText('Nouveau')).toBeVisible();
	await first.getByRole('link', { name: 'Citer' }).click();
	const replyEditor = editorIn(first.locator('form.reply'));
	await expect(replyEditor.locator('blockquote')).toContainText('regrouper les livraisons');
	await replyEditor.click();
	await nicolas.keyboard.press('Control+End');
	await nicolas.keyboard.type('Oui, je m’en occupe avec le transporteur.');
	await first.getByRole('button', { name: 'Envoyer' }).click();
	await expect(nicolas.getByText('Oui, je m’en occupe avec le transporteur.')).toBeVisible();
	// Having read it, Nicolas has no unread mention left.
	await expect(bell).toHaveCount(0);

	// Julie sees the answer appear under her message, with its quotation, without reloading.
	const answer = julie.locator('article.message.level-2');
	await expect(answer).toContainText('Oui, je m’en occupe avec le transporteur.');
	await expect(answer.locator('blockquote')).toContainText('regrouper les livraisons');
	await expect(answer.getByText('Nouveau')).toBeVisible();

	// A reply being written survives a reload.
	const bottom = editorIn(julie.locator('section.card form.reply'));
	await bottom.click();
	await julie.keyboard.type('Brouillon à garder');
	await expect(julie.getByText('Brouillon enregistré sur cet appareil')).toBeVisible();
	await julie.reload();
	await expect(editorIn(julie.locator('section.card form.reply'))).toContainText(
		'Brouillon à garder'
	);

	await julie.context().close();
	await nicolas.context().close();
});

test('"Discuter" on an action opens its thread, and each page links to the other', async ({
	browser
}) => {
	const julie = await personPage(browser, 'membre@maillage.test');
	// An open action of the group, from the group's page.
	await julie.goto(`${server.url}${GROUP}`);
	const actionLink = julie.locator('main a[href^="/actions/"]').first();
	const actionTitle = (await actionLink.textContent())!.trim();
	await actionLink.click();
	await julie.getByRole('link', { name: 'Discuter' }).click();
	await expect(julie.getByText('Cette discussion portera sur :')).toBeVisible();
	await expect(julie.getByRole('textbox', { name: 'Titre', exact: true })).toHaveValue(actionTitle);
	await editorIn(julie).click();
	await julie.keyboard.type('Où en est-on ?');
	await julie.getByRole('button', { name: 'Publier la discussion' }).click();
	const subject = julie.getByRole('link', { name: actionTitle });
	await expect(subject).toBeVisible();
	await subject.click();
	await expect(julie.getByRole('link', { name: /Voir la discussion/ })).toBeVisible();
	await julie.context().close();
});

test('a thread locked while someone writes keeps their text, and says why it was not sent', async ({
	browser
}) => {
	const julie = await personPage(browser, 'membre@maillage.test');
	const nicolas = await personPage(browser, 'nicolas.haas@maillage.test', {
		width: 390,
		height: 844
	});
	// Julie follows the link from the list (to the first unread message): the page must keep
	// hearing live updates after that navigation.
	await julie.goto(`${server.url}${GROUP}/discussions`);
	await julie.getByRole('link', { name: 'Prêt d’un chariot élévateur pendant les congés' }).click();
	await julie.waitForURL(/\/discussions\/[0-9a-f-]{36}/);
	const thread = julie.url().split('#')[0];
	await nicolas.goto(thread);
	await live(julie);
	await live(nicolas);

	// Nicolas, on his phone, answers the first message; a long link wraps inside the page.
	const first = nicolas.locator('article.message').first();
	await first.getByRole('link', { name: 'Répondre', exact: true }).click();
	await editorIn(first.locator('form.reply')).click();
	await nicolas.keyboard.type(`Voir https://www.example.test/${'fiche-technique-'.repeat(8)}pdf `);
	await nicolas.keyboard.type('Nous pouvons prêter le nôtre la deuxième semaine.');
	const width = await nicolas.evaluate(() => [
		document.documentElement.scrollWidth,
		window.innerWidth
	]);
	expect(width[0]).toBeLessThanOrEqual(width[1]);

	// Julie locks the thread meanwhile; her moderation tools stay open.
	await julie.locator('summary', { hasText: 'Modération' }).click();
	await julie.getByRole('button', { name: 'Verrouiller' }).click();
	await expect(julie.getByRole('button', { name: 'Déverrouiller' })).toBeVisible();

	// Nicolas's text stays in view, with why; sending is refused and keeps it.
	const form = first.locator('form.reply');
	await expect(first.getByText('Cette discussion vient d’être verrouillée')).toBeVisible();
	await expect(editorIn(form)).toContainText('la deuxième semaine');
	await form.getByRole('button', { name: 'Envoyer' }).click();
	await expect(first.getByText('votre réponse n’a pas été envoyée')).toBeVisible();
	await expect(editorIn(first.locator('form.reply'))).toContainText('la deuxième semaine');

	// Unlocked, the same text goes through and reaches Julie live.
	await julie.getByRole('button', { name: 'Déverrouiller' }).click();
	await expect(first.getByRole('link', { name: 'Répondre', exact: true })).toBeVisible();
	await first.locator('form.reply').getByRole('button', { name: 'Envoyer' }).click();
	await expect(
		julie.locator('article.message', { hasText: 'Nous pouvons prêter le nôtre' })
	).toBeVisible();
	await julie.context().close();
	await nicolas.context().close();
});
