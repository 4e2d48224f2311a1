import { expect, test, type Browser, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { seriousViolations } from './axe';
import { logIn } from './support';

// The document editor's toolbar: icon buttons that each have a name and a tooltip, and keep their
// pressed state; on a 360-pixel phone, one row of the most used buttons and a "Plus" menu for the
// others, usable with the keyboard; no serious accessibility violation either way.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

const DOCUMENT = 'Groupement d’achat d’électricité 2027';
const PHONE_ROW = [
	'Annuler',
	'Titre de section',
	'Gras',
	'Italique',
	'Liste à puces',
	'Liste de tâches',
	'Plus d’outils'
];

/** Julie, lead of "Mutualisation des ressources", with the group's document open in the editor. */
async function openDocument(browser: Browser, phone: boolean): Promise<Page> {
	const context = await browser.newContext(
		phone
			? { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }
			: { viewport: { width: 1280, height: 800 } }
	);
	const page = await context.newPage();
	await logIn(page, server.url, 'membre@maillage.test');
	await page.goto(`${server.url}/groupes/mutualisation/documents`);
	await page.getByRole('link', { name: DOCUMENT }).first().click();
	await expect(editor(page)).toHaveAttribute('contenteditable', 'true');
	await expect(page.getByTestId('save-status')).toHaveText('Enregistré');
	return page;
}

const editor = (page: Page) => page.locator('.editor-shell .ProseMirror');
const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Mise en forme' });

/** The accessible name of every button of the toolbar, as assistive technologies compute it. */
async function buttonNames(page: Page) {
	const buttons = toolbar(page).getByRole('button');
	const names: string[] = [];
	for (const button of await buttons.all()) {
		const label = (await button.getAttribute('aria-label')) ?? '';
		// The label given is the name computed: no text or icon title competes with it.
		await expect(button).toHaveAccessibleName(label);
		names.push(label);
	}
	return names;
}

/** Types a new paragraph at the end of the document (focused, not clicked: a click could tick a task). */
async function typeAtEnd(page: Page, text: string) {
	await editor(page).focus();
	await page.keyboard.press('Control+End');
	await page.keyboard.press('Enter');
	await page.keyboard.type(text);
}

test('on a computer, every icon button has a name, a tooltip and its pressed state', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const page = await openDocument(browser, false);

	const names = await buttonNames(page);
	expect(names).toEqual([
		'Annuler',
		'Rétablir',
		'Titre de section',
		'Sous-titre',
		'Gras',
		'Italique',
		'Barré',
		'Code',
		'Lien',
		'Liste à puces',
		'Liste numérotée',
		'Liste de tâches',
		'Citation',
		'Bloc de code',
		'Insérer un tableau',
		'Ligne de séparation',
		'Date (échéance d’une tâche)',
		'Image ou fichier'
	]);
	await expect(toolbar(page).getByRole('button', { name: 'Plus d’outils' })).toHaveCount(0);

	// The tooltip shows the name and the shortcut; the shortcut is also given to assistive technologies.
	const bold = toolbar(page).getByRole('button', { name: 'Gras' });
	await expect(bold).toHaveAttribute('aria-keyshortcuts', 'Control+B');
	await bold.hover();
	const tip = toolbar(page).locator('.tool-bold + .tip');
	await expect(tip).toBeVisible();
	await expect(tip).toHaveText('GrasCtrl+B');
	// Escape hides it without moving the pointer.
	await bold.focus();
	await page.keyboard.press('Escape');
	await expect(tip).toBeHidden();

	// Pressed follows the selection.
	await typeAtEnd(page, 'Fournisseur retenu : ');
	await expect(bold).toHaveAttribute('aria-pressed', 'false');
	await bold.click();
	await expect(bold).toHaveAttribute('aria-pressed', 'true');
	await page.keyboard.type('Électricité de Strasbourg');
	await expect(
		editor(page).locator('strong', { hasText: 'Électricité de Strasbourg' })
	).toHaveCount(1);
	await page.keyboard.press('Control+B');
	await expect(bold).toHaveAttribute('aria-pressed', 'false');

	// One tab stop; arrow keys go from button to button.
	await toolbar(page).getByRole('button', { name: 'Annuler' }).focus();
	await page.keyboard.press('ArrowRight');
	await expect(toolbar(page).getByRole('button', { name: 'Rétablir' })).toBeFocused();
	await page.keyboard.press('End');
	await expect(toolbar(page).getByRole('button', { name: 'Image ou fichier' })).toBeFocused();
	await expect(toolbar(page).locator('button[tabindex="0"]')).toHaveCount(1);

	expect(await seriousViolations(page)).toEqual([]);
	await page.context().close();
});

test('on a 360-pixel phone, the toolbar is one row and "Plus" opens the other tools', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const page = await openDocument(browser, true);

	await test.step('one row of the most used buttons, then "Plus"', async () => {
		expect(await buttonNames(page)).toEqual(PHONE_ROW);
		const boxes = await toolbar(page)
			.getByRole('button')
			.evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect()));
		expect(new Set(boxes.map((box) => Math.round(box.top))).size).toBe(1);
		for (const box of boxes) expect(box.right).toBeLessThanOrEqual(360);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			360
		);
	});

	const more = toolbar(page).getByRole('button', { name: 'Plus d’outils' });
	const menu = page.getByRole('menu', { name: 'Plus d’outils' });

	await test.step('the menu opens on the first item, arrows move, Escape closes it back to "Plus"', async () => {
		await expect(more).toHaveAttribute('aria-haspopup', 'menu');
		await expect(more).toHaveAttribute('aria-expanded', 'false');
		await more.click();
		await expect(menu).toBeVisible();
		await expect(more).toHaveAttribute('aria-expanded', 'true');
		await expect(menu.getByRole('menuitem', { name: 'Rétablir' })).toBeFocused();
		await page.keyboard.press('ArrowDown');
		await expect(menu.getByRole('menuitemcheckbox', { name: 'Sous-titre' })).toBeFocused();
		await page.keyboard.press('End');
		await expect(menu.getByRole('menuitem', { name: 'Image ou fichier' })).toBeFocused();
		await page.keyboard.press('ArrowDown');
		await expect(menu.getByRole('menuitem', { name: 'Rétablir' })).toBeFocused();
		// The menu fits the screen.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			360
		);
		expect(await seriousViolations(page)).toEqual([]);

		await page.keyboard.press('Escape');
		await expect(menu).toBeHidden();
		await expect(more).toBeFocused();
		await expect(more).toHaveAttribute('aria-expanded', 'false');
	});

	await test.step('from the keyboard: ArrowUp opens on the last item, Tab leaves and closes', async () => {
		await page.keyboard.press('ArrowUp');
		await expect(menu.getByRole('menuitem', { name: 'Image ou fichier' })).toBeFocused();
		await page.keyboard.press('Tab');
		await expect(menu).toBeHidden();
		await expect(more).not.toBeFocused();
	});

	await test.step('a table chosen in the menu goes in the text, the menu closes', async () => {
		await expect(editor(page).locator('table')).toHaveCount(0);
		await typeAtEnd(page, 'Offres reçues :');
		await more.click();
		await menu.getByRole('menuitem', { name: 'Insérer un tableau' }).click();
		await expect(menu).toBeHidden();
		await expect(editor(page).locator('table')).toHaveCount(1);
		await expect(editor(page)).toBeFocused();
	});

	await test.step('a quote chosen by its first letter; the menu then shows it as checked', async () => {
		await typeAtEnd(page, 'Le prix est ferme pour trois ans.');
		await more.focus();
		await page.keyboard.press('Enter');
		await expect(menu.getByRole('menuitem', { name: 'Rétablir' })).toBeFocused();
		await page.keyboard.press('c');
		await expect(menu.getByRole('menuitemcheckbox', { name: 'Code', exact: true })).toBeFocused();
		await page.keyboard.press('c');
		await expect(menu.getByRole('menuitemcheckbox', { name: 'Citation' })).toBeFocused();
		await expect(menu.getByRole('menuitemcheckbox', { name: 'Citation' })).toHaveAttribute(
			'aria-checked',
			'false'
		);
		await page.keyboard.press('Enter');
		await expect(menu).toBeHidden();
		await expect(editor(page).locator('blockquote')).toHaveText(
			'Le prix est ferme pour trois ans.'
		);
		await more.click();
		await expect(menu.getByRole('menuitemcheckbox', { name: 'Citation' })).toHaveAttribute(
			'aria-checked',
			'true'
		);
		await page.keyboard.press('Escape');
	});

	await test.step('what the menu did is stored like any edit', async () => {
		await expect(page.getByTestId('save-status')).toHaveText('Enregistré');
		await page.reload();
		await expect(editor(page).locator('table')).toHaveCount(1);
		await expect(editor(page).locator('blockquote')).toHaveText(
			'Le prix est ferme pour trois ans.'
		);
	});

	expect(await seriousViolations(page)).toEqual([]);
	await page.context().close();
});
