import { expect, request, test, type Browser, type Locator, type Page } from '@playwright/test';
import sharp from 'sharp';
import { startServer, type RunningServer } from '../helpers/server';
import { seriousViolations } from './axe';
import { logIn } from './support';

// Julie (membre@) puts up a photo on her profile after a refused file, sees it in the account
// menu, writes in a discussion of her group where she and Nicolas see it beside her name; a
// logged-out visitor gets nothing at its address; she removes it and her initials come back.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

const GROUP = '/groupes/mutualisation';
const PHOTO_FILE = /^\/avatars\/[0-9a-f-]{36}\/[0-9a-f]{32}\/(64|256)\.webp$/;

async function personPage(browser: Browser, email: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await logIn(page, server.url, email);
	return page;
}

/** Waits until the image has loaded and decoded a picture. */
async function expectLoaded(image: Locator) {
	await expect
		.poll(() => image.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)))
		.toBeGreaterThan(0);
}

/** A 900 × 600 JPEG, as a phone would send one. */
const photo = () =>
	sharp({ create: { width: 900, height: 600, channels: 3, background: '#7a4690' } })
		.jpeg()
		.toBuffer();

test('a photo put up on /profil shows in the account menu and beside her messages', async ({
	browser
}) => {
	const julie = await personPage(browser, 'membre@maillage.test');
	await julie.goto(`${server.url}/profil`);
	const photoForm = julie.getByRole('region', { name: 'Photo' });
	const file = photoForm.getByLabel('Choisir une photo');
	const send = photoForm.getByRole('button', { name: 'Enregistrer la photo' });

	await test.step('a file that is not an image is refused, whatever its name', async () => {
		await file.setInputFiles({
			name: 'portrait.jpg',
			mimeType: 'image/jpeg',
			buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
		});
		await send.click();
		await expect(photoForm.getByRole('alert')).toHaveText(
			'Ce fichier n’est pas une image JPEG, PNG, WebP ou AVIF lisible.'
		);
		await expect(file).toHaveAttribute('aria-invalid', 'true');
		await expect(julie.locator('details.account summary img')).toHaveCount(0);
	});

	const menuPhoto = julie.locator('details.account summary img');
	await test.step('a photo is saved and shows in the account menu', async () => {
		await file.setInputFiles({ name: 'moi.jpg', mimeType: 'image/jpeg', buffer: await photo() });
		await send.click();
		await expect(photoForm.getByRole('status')).toHaveText('Votre photo est enregistrée.');
		await expect(menuPhoto).toHaveAttribute('src', PHOTO_FILE);
		await expectLoaded(menuPhoto);
		await expectLoaded(photoForm.getByRole('img', { name: 'Julie Fritsch' }));
		expect(await seriousViolations(julie)).toEqual([]);
	});
	const address = (await menuPhoto.getAttribute('src'))!;

	let threadUrl = '';
	await test.step('her message in a discussion shows it, to her and to Nicolas', async () => {
		await julie.goto(`${server.url}${GROUP}/discussions/nouvelle`);
		await julie.getByLabel('Titre', { exact: true }).fill('Photos du salon');
		await julie.locator('.ProseMirror').first().click();
		await julie.keyboard.type('Voici les photos du stand.');
		await julie.getByRole('button', { name: 'Publier la discussion' }).click();
		await expect(julie.getByRole('heading', { name: 'Photos du salon' })).toBeVisible();
		threadUrl = julie.url();
		const mine = julie.locator('article.message').first().locator('header img');
		await expect(mine).toHaveAttribute('src', address);
		await expectLoaded(mine);

		const nicolas = await personPage(browser, 'nicolas.haas@maillage.test');
		await nicolas.goto(threadUrl);
		const seen = nicolas.locator('article.message').first().locator('header img');
		await expect(seen).toHaveAttribute('src', address);
		// Beside her written name: the picture itself says nothing more to a screen reader.
		await expect(seen).toHaveAttribute('alt', '');
		await expectLoaded(seen);
		await nicolas.context().close();
	});

	await test.step('a logged-out visitor gets nothing at its address', async () => {
		const anonymous = await request.newContext({ baseURL: server.url });
		const response = await anonymous.get(address, { maxRedirects: 0 });
		expect(response.status()).toBe(401);
		expect(response.headers()['content-type']).not.toContain('image');
		await anonymous.dispose();
	});

	await test.step('she removes it and her initials come back', async () => {
		await julie.goto(`${server.url}/profil`);
		await photoForm.getByRole('button', { name: 'Retirer ma photo' }).click();
		await expect(photoForm.getByRole('status')).toHaveText('Votre photo est retirée.');
		await expect(menuPhoto).toHaveCount(0);
		await expect(julie.locator('details.account summary')).toContainText('JF');
		await julie.goto(threadUrl);
		await expect(julie.locator('article.message').first().locator('header img')).toHaveCount(0);
	});
	await julie.context().close();
});
