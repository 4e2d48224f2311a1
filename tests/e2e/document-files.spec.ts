import { expect, test, type Browser, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { logIn } from './support';

// Julie (lead of "Mutualisation des ressources") pastes a site photo into a document and Nicolas,
// who has it open, sees the photo appear; a quote dropped in becomes a card; a photo pasted while
// Julie's connection is down waits in its placeholder and arrives when the connection returns;
// the HTML export carries the photos.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

async function personPage(browser: Browser, email: string): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await logIn(page, server.url, email);
	return page;
}

const editor = (page: Page) => page.locator('.editor-shell .ProseMirror');

/** Pastes a PNG drawn in the page (a coloured square of `size` pixels) into the editor. */
async function pasteImage(page: Page, name: string, colour: string, size = 240) {
	await editor(page).evaluate(
		async (element, { name, colour, size }) => {
			const canvas = document.createElement('canvas');
			canvas.width = canvas.height = size;
			const context = canvas.getContext('2d')!;
			context.fillStyle = colour;
			context.fillRect(0, 0, size, size);
			const blob = await new Promise<Blob>((done) => canvas.toBlob((b) => done(b!), 'image/png'));
			const transfer = new DataTransfer();
			transfer.items.add(new File([blob], name, { type: 'image/png' }));
			element.dispatchEvent(
				new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true })
			);
		},
		{ name, colour, size }
	);
}

/** Drops a small PDF named `name` at the end of the editor. */
async function dropPdf(page: Page, name: string) {
	const box = (await editor(page).boundingBox())!;
	const transfer = await page.evaluateHandle((name) => {
		const bytes = new TextEncoder().encode('%PDF-1.4\n% devis\n'.padEnd(2000, ' '));
		const data = new DataTransfer();
		data.items.add(new File([bytes], name, { type: 'application/pdf' }));
		return data;
	}, name);
	const at = { clientX: box.x + 20, clientY: box.y + box.height - 10 };
	for (const type of ['dragenter', 'dragover', 'drop']) {
		await editor(page).dispatchEvent(type, { dataTransfer: transfer, ...at });
	}
}

/** The images of the editor that the browser loaded (a broken one has no natural width). */
function loadedImages(page: Page) {
	return editor(page)
		.locator('img[data-file-id]')
		.evaluateAll(
			(images) =>
				(images as HTMLImageElement[]).filter((i) => i.complete && i.naturalWidth > 0).length
		);
}

test('a photo pasted into a document appears live for the other person, even one pasted offline', async ({
	browser
}) => {
	test.setTimeout(150_000);
	const julie = await personPage(browser, 'membre@maillage.test');
	const nicolas = await personPage(browser, 'nicolas.haas@maillage.test');

	await julie.goto(`${server.url}/groupes/mutualisation/documents`);
	const form = julie.getByRole('region', { name: 'Nouveau document' });
	await form.getByLabel('Titre').fill('Visite du site de Reichstett');
	await form.getByRole('button', { name: 'Créer le document' }).click();
	await expect(julie).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
	const documentUrl = julie.url();
	await expect(editor(julie)).toHaveAttribute('contenteditable', 'true');
	await nicolas.goto(documentUrl);
	await expect(editor(nicolas)).toHaveAttribute('contenteditable', 'true');

	await test.step('a pasted photo goes to the library and shows in both editors', async () => {
		await editor(julie).click();
		await editor(julie).pressSequentially('Le quai de chargement :');
		await pasteImage(julie, 'quai.png', '#2a7ab0');
		await expect.poll(() => loadedImages(nicolas)).toBe(1);
		await expect.poll(() => loadedImages(julie)).toBe(1);
		await expect(editor(julie).locator('.pending-upload')).toHaveCount(0);
	});

	await test.step('a dropped PDF becomes a card', async () => {
		await dropPdf(julie, 'Devis benne.pdf');
		const card = editor(nicolas).locator('.file-card', { hasText: 'Devis benne.pdf' });
		await expect(card).toBeVisible();
		await expect(card).toHaveAttribute('href', /^\/fichiers\/[0-9a-f-]{36}$/);
		await expect(card.locator('.file-card-type')).toHaveText('PDF');
	});

	await test.step('a photo pasted offline waits, then arrives', async () => {
		await julie.context().setOffline(true);
		await editor(julie).click();
		await julie.keyboard.press('Control+End');
		await pasteImage(julie, 'benne.png', '#b05a2a');
		const waiting = editor(julie).locator('.pending-upload');
		await expect(waiting).toContainText(
			'« benne.png » sera envoyé dès que la connexion reviendra.'
		);
		await julie.context().setOffline(false);
		await expect.poll(() => loadedImages(nicolas)).toBe(2);
		await expect(waiting).toHaveCount(0);
		await expect(editor(nicolas).locator('.pending-upload')).toHaveCount(0);
	});

	await test.step('the files are in the group’s library, and the HTML export carries the photos', async () => {
		await julie.goto(`${server.url}/groupes/mutualisation/fichiers`);
		for (const name of ['quai.png', 'benne.png', 'Devis benne.pdf']) {
			await expect(julie.getByRole('link', { name, exact: true })).toBeVisible();
		}
		const response = await julie.request.get(`${documentUrl}/export?format=html`);
		const html = await response.text();
		expect(html.match(/<img src="data:image\/webp;base64,/g)).toHaveLength(2);
		expect(html).toContain('Devis benne.pdf');
	});

	await julie.context().close();
	await nicolas.context().close();
});
