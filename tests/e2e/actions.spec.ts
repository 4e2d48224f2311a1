import { expect, test, type Browser, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { logIn } from './support';

// A whole meeting as the network runs it: the coordinator schedules it, two members of the group
// take the notes together, a task item written in the notes becomes an action on the board with
// its owner and due date, its owner marks it done and the notes tick it live, and the coordinator
// publishes the minutes.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

const GROUP = '/groupes/mutualisation';
const MEETING_TITLE = 'Point fournisseurs d’électricité';
/** Top-level blocks of the notes as the template makes them for this meeting. */
const NOTES_BLOCKS = 12;
/** Julie, as the agenda's owner picker names her. */
const JULIE_OPTION = 'Julie Fritsch (Saveurs de la Plaine)';
/** The first agenda item as the notes' heading: its title, owner and duration. */
const FIRST_ITEM = 'Offres des fournisseurs — Julie Fritsch (30 min)';
/** The task's title once extracted: its text without the @mention (the owner says who). */
const ACTION_TITLE = 'Envoyer le devis avant le 15/03';

/** A page of its own (own cookies, own IndexedDB) for one demo account, logged in. */
async function personPage(browser: Browser, email: string): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await logIn(page, server.url, email);
	return page;
}

/** The live notes editor (Tiptap's ProseMirror view) embedded in the meeting page. */
function editor(page: Page) {
	return page.locator('.editor-shell .ProseMirror');
}

/** `YYYY-MM-DDTHH:mm`, what a datetime-local input holds, `days` from now at `hour` o'clock. */
function localDateTime(days: number, hour: number): string {
	const d = new Date(Date.now() + days * 86_400_000);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

/** The meeting page's heading: its title and its status. */
function meetingHeading(page: Page) {
	return page.locator('main .head h2');
}

/** A cell of a board row, by its column (each cell carries its column's name for phones). */
function cell(row: ReturnType<Page['locator']>, column: string) {
	return row.locator(`td[data-label="${column}"]`);
}

/** The board's row of the action, found by its title. */
function actionRow(page: Page) {
	return page
		.getByRole('row')
		.filter({ has: page.getByRole('link', { name: ACTION_TITLE, exact: true }) });
}

test('a meeting’s notes turn a task item into an action, done on the board, ticked in the notes', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const coordinator = await personPage(browser, 'coordination@maillage.test');
	let meetingUrl = '';

	await test.step('the coordinator schedules a meeting of the group', async () => {
		await coordinator.goto(`${server.url}${GROUP}/reunions`);
		const form = coordinator.getByRole('region', { name: 'Planifier une réunion' });
		await form.getByLabel('Titre').fill(MEETING_TITLE);
		await form.getByLabel('Début').fill(localDateTime(10, 14));
		await form.getByLabel('Fin').fill(localDateTime(10, 16));
		await form.getByLabel('Chez une organisation du réseau').check();
		const host = form.getByLabel('Organisation qui accueille');
		const value = await host
			.locator('option', { hasText: 'Plastiques du Bernstein' })
			.getAttribute('value');
		await host.selectOption(value!);
		// The agenda: ordered rows, with an owner and a duration for the first one.
		await form.getByLabel('Intitulé du point 1').fill('Calendrier du groupement');
		await form.getByLabel('Intitulé du point 2').fill('Offres des fournisseurs');
		await form.getByLabel('Responsable du point 2').selectOption({ label: JULIE_OPTION });
		await form.getByLabel('Durée du point 2, en minutes').fill('30');
		await form.getByRole('button', { name: 'Monter le point 2' }).click();
		await expect(form.getByLabel('Intitulé du point 1')).toHaveValue('Offres des fournisseurs');
		await form.getByRole('button', { name: 'Planifier' }).click();

		await expect(coordinator).toHaveURL(
			/\/groupes\/mutualisation\/reunions\/[0-9a-f-]{36}\?planifiee$/
		);
		await expect(
			coordinator.getByText('La réunion est planifiée et ses notes sont prêtes.')
		).toBeVisible();
		await expect(meetingHeading(coordinator)).toContainText(MEETING_TITLE);
		await expect(meetingHeading(coordinator)).toContainText('Planifiée');
		meetingUrl = coordinator.url().replace(/\?planifiee$/, '');
		await expect(coordinator.locator('ol.agenda > li')).toHaveText([
			/^Offres des fournisseurs\s+Responsable : Julie Fritsch · 30 min$/,
			'Calendrier du groupement'
		]);
		// The notes come from the template: the agenda items as headings, then the fixed sections.
		// Title, two agenda items and their paragraphs, follow-up, decisions, actions, last line.
		await expect(editor(coordinator).locator(':scope > *')).toHaveCount(NOTES_BLOCKS);
		await expect(editor(coordinator).locator('h2')).toHaveText([
			FIRST_ITEM,
			'Calendrier du groupement',
			'Suivi des actions',
			'Décisions',
			'Actions'
		]);
	});

	const julie = await personPage(browser, 'membre@maillage.test');
	const nicolas = await personPage(browser, 'nicolas.haas@maillage.test');

	await test.step('two members take the notes together on the meeting page', async () => {
		for (const page of [julie, nicolas]) {
			await page.goto(meetingUrl);
			await expect(meetingHeading(page)).toContainText(MEETING_TITLE);
			await expect(editor(page)).toHaveAttribute('contenteditable', 'true');
			await expect(page.locator('.editor-shell').getByTestId('save-status')).toHaveText(
				'Enregistré'
			);
		}
		// Opening the notes together changed nothing in them (no blank line added by each editor).
		for (const page of [coordinator, julie, nicolas]) {
			await expect(editor(page).locator(':scope > *')).toHaveCount(NOTES_BLOCKS);
		}

		// Nicolas writes the decision while Julie writes a task under the first agenda item.
		await editor(nicolas).locator('h2:text-is("Décisions") + p').click();
		await editor(julie).locator(`h2:text-is("${FIRST_ITEM}") + p`).click();
		await Promise.all([
			nicolas.keyboard.type('Retenir deux fournisseurs pour la consultation.', { delay: 15 }),
			(async () => {
				// "[ ] " at the start of a line makes a task item; "@" opens the list of people.
				await julie.keyboard.type('[ ] Envoyer le devis @Nico', { delay: 15 });
				const mentions = julie.getByRole('listbox', { name: 'Personnes à mentionner' });
				await expect(mentions.getByRole('option').first()).toContainText('Nicolas Haas');
				await julie.keyboard.press('Enter');
				await expect(mentions).toHaveCount(0);
				await julie.keyboard.type('avant le 15/03', { delay: 15 });
			})()
		]);

		for (const page of [julie, nicolas]) {
			const task = editor(page).locator('li[data-checked]', { hasText: 'Envoyer le devis' });
			await expect(task).toHaveCount(1);
			await expect(task).toHaveAttribute('data-checked', 'false');
			await expect(task.getByRole('checkbox')).toHaveAccessibleName(
				/^Tâche faite : Envoyer le devis @Nicolas Haas avant le 15\/03/
			);
			await expect(task.locator('.mention')).toHaveText('@Nicolas Haas');
			await expect(task).toContainText(/Envoyer le devis @Nicolas Haas\s+avant le 15\/03/);
			await expect(editor(page).locator('h2:text-is("Décisions") + p')).toContainText(
				'Retenir deux fournisseurs pour la consultation.'
			);
			await expect(page.locator('.editor-shell').getByTestId('save-status')).toHaveText(
				'Enregistré'
			);
			await expect(editor(page).locator(':scope > *')).toHaveCount(NOTES_BLOCKS);
		}
	});

	await test.step('within seconds, the board shows the action with its owner and due date', async () => {
		// The board filtered on the group, through its filters: the view is the URL.
		await coordinator.goto(`${server.url}/actions`);
		const filters = coordinator.getByRole('form', { name: 'Filtres' });
		await filters
			.getByLabel('Groupe', { exact: true })
			.selectOption({ label: 'Mutualisation des ressources' });
		await filters.getByRole('button', { name: 'Appliquer' }).click();
		await expect(coordinator).toHaveURL(`${server.url}/actions?group=mutualisation`);
		// The notes are read about two seconds after the last edit: reload until it is there.
		await expect(async () => {
			await coordinator.reload();
			await expect(actionRow(coordinator)).toHaveCount(1, { timeout: 1_000 });
		}).toPass({ timeout: 20_000 });
		const row = actionRow(coordinator);
		await expect(cell(row, 'Responsable')).toHaveText('Nicolas Haas');
		await expect(cell(row, 'Organisation')).toHaveText('Plastiques du Bernstein');
		await expect(cell(row, 'Échéance')).toHaveText(/^15 mars 20\d\d$/);
		await expect(cell(row, 'État')).toHaveText('À faire');
		await expect(row.getByRole('link', { name: 'Mutualisation des ressources' })).toBeVisible();
	});

	await test.step('Nicolas opens the action from his board and marks it done', async () => {
		await nicolas.goto(`${server.url}/actions?owner=me`);
		await actionRow(nicolas).getByRole('link', { name: ACTION_TITLE }).click();
		await expect(nicolas).toHaveURL(/\/actions\/[0-9a-f-]{36}$/);
		await expect(nicolas.getByRole('heading', { level: 1 })).toHaveText(ACTION_TITLE);
		await expect(nicolas.getByRole('link', { name: MEETING_TITLE, exact: true })).toHaveAttribute(
			'href',
			meetingUrl.replace(server.url, '')
		);
		const edit = nicolas.getByRole('region', { name: 'Modifier l’action' });
		await edit.getByLabel('État').selectOption({ label: 'Faite' });
		await edit.getByRole('button', { name: 'Enregistrer' }).click();
		await expect(nicolas.getByText('L’action est mise à jour.')).toBeVisible();
		await expect(nicolas.locator('.action-header .badge.status')).toHaveText('Faite');
	});

	await test.step('the notes open in Julie’s browser show the task ticked, without a reload', async () => {
		const task = editor(julie).locator('li[data-checked]', { hasText: 'Envoyer le devis' });
		await expect(task).toHaveAttribute('data-checked', 'true');
		await expect(task.getByRole('checkbox')).toBeChecked();
		await expect(julie.locator('.editor-shell').getByTestId('save-status')).toHaveText(
			'Enregistré'
		);
	});

	await test.step('the board shows it done', async () => {
		await coordinator.goto(`${server.url}/actions?group=mutualisation&status=done`);
		await expect(cell(actionRow(coordinator), 'État')).toHaveText('Faite');
	});

	await test.step('the coordinator publishes the minutes, shown read-only on the meeting page', async () => {
		await coordinator.goto(meetingUrl);
		await coordinator.getByRole('button', { name: 'Publier le compte rendu' }).click();
		await expect(
			coordinator.getByText('Le compte rendu est publié et les participant·es sont prévenu·es.')
		).toBeVisible();
		await expect(meetingHeading(coordinator)).toContainText('Compte rendu publié');
		const minutes = coordinator.getByRole('region', { name: 'Compte rendu' });
		await expect(minutes).toContainText('Publié le');
		await expect(minutes).toContainText('Retenir deux fournisseurs pour la consultation.');
		const task = minutes.locator('li.task-item', { hasText: 'Envoyer le devis' });
		await expect(task).toHaveAttribute('data-checked', 'true');
		await expect(task.getByRole('checkbox')).toBeChecked();
		await expect(task.getByRole('checkbox')).toBeDisabled();
		await expect(minutes.locator('[contenteditable]')).toHaveCount(0);
		await expect(minutes.getByRole('textbox')).toHaveCount(0);

		// The members see the same minutes, and the notes stay at hand for corrections.
		await julie.reload();
		await expect(julie.getByRole('region', { name: 'Compte rendu' })).toContainText(
			'Envoyer le devis @Nicolas Haas'
		);
		await expect(julie.getByText('Notes de la réunion', { exact: true })).toBeVisible();
	});

	for (const page of [coordinator, julie, nicolas]) await page.context().close();
});

test('a date chip in a task item is its due date, and follows the board', async ({ browser }) => {
	test.setTimeout(120_000);
	const year = new Date().getFullYear() + 1;
	const title = `Réserver la salle du salon 20/06/${year}`;
	const julie = await personPage(browser, 'membre@maillage.test');
	const coordinator = await personPage(browser, 'coordination@maillage.test');

	await test.step('Julie picks the date of a task from the toolbar', async () => {
		await julie.goto(`${server.url}${GROUP}/reunions`);
		// The group's next meeting, planned by the demo, with empty notes.
		await julie.getByRole('link', { name: 'Réunion mutualisation' }).first().click();
		await expect(julie.locator('.editor-shell').getByTestId('save-status')).toHaveText(
			'Enregistré'
		);
		await editor(julie).locator('li[data-checked] p').last().click();
		await julie.keyboard.type('Réserver la salle du salon ', { delay: 15 });
		await julie.getByRole('button', { name: 'Date (échéance d’une tâche)' }).click();
		const picker = julie.getByRole('dialog', { name: 'Date' });
		await expect(picker.getByLabel('Date')).toBeFocused();
		await picker.getByLabel('Date').fill(`${year}-06-20`);
		await julie.keyboard.press('Enter');
		await expect(picker).toHaveCount(0);
		const task = editor(julie).locator('li[data-checked]', { hasText: 'Réserver la salle' });
		await expect(task.locator('time.date-chip')).toHaveText(`20 juin ${year}`);
		await expect(task.locator('time.date-chip')).toHaveAttribute('datetime', `${year}-06-20`);
		await expect(task.getByRole('checkbox')).toHaveAccessibleName(
			`Tâche faite : Réserver la salle du salon 20 juin ${year}`
		);
		await expect(julie.locator('.editor-shell').getByTestId('save-status')).toHaveText(
			'Enregistré'
		);
	});

	const row = () =>
		coordinator.getByRole('row').filter({ has: coordinator.getByRole('link', { name: title }) });

	await test.step('the board shows the chip’s date as the due date', async () => {
		await expect(async () => {
			await coordinator.goto(`${server.url}/actions?group=mutualisation`);
			await expect(row()).toHaveCount(1, { timeout: 1_000 });
		}).toPass({ timeout: 20_000 });
		await expect(cell(row(), 'Échéance')).toHaveText(`20 juin ${year}`);
	});

	await test.step('changed on the board, the chip changes in Julie’s open notes', async () => {
		await row().getByRole('link', { name: title }).click();
		const edit = coordinator.getByRole('region', { name: 'Modifier l’action' });
		await edit.getByLabel('Échéance').fill(`${year}-07-01`);
		await edit.getByRole('button', { name: 'Enregistrer' }).click();
		await expect(coordinator.getByText('L’action est mise à jour.')).toBeVisible();
		const chip = editor(julie).locator('li[data-checked] time.date-chip');
		await expect(chip).toHaveText(`1 juillet ${year}`);
		await expect(chip).toHaveAttribute('datetime', `${year}-07-01`);
	});

	await test.step('Julie clicks the chip to move it again; the board follows', async () => {
		await editor(julie).locator('li[data-checked] time.date-chip').click();
		const picker = julie.getByRole('dialog', { name: 'Date' });
		await expect(picker.getByLabel('Date')).toHaveValue(`${year}-07-01`);
		await picker.getByLabel('Date').fill(`${year}-07-03`);
		await picker.getByRole('button', { name: 'Changer la date' }).click();
		await expect(editor(julie).locator('li[data-checked] time.date-chip')).toHaveText(
			`3 juillet ${year}`
		);
		await expect(async () => {
			await coordinator.reload();
			await expect(coordinator.locator('.facts')).toContainText(`3 juillet ${year}`, {
				timeout: 1_000
			});
		}).toPass({ timeout: 20_000 });
	});

	for (const page of [coordinator, julie]) await page.context().close();
});
