import { expect, test, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { startFakeSmtp, type FakeSmtp } from '../helpers/smtp';
import { seriousViolations } from './axe';
import { logIn, useAccountMenu } from './support';

let server: RunningServer;
let smtp: FakeSmtp;
test.beforeAll(async () => {
	smtp = await startFakeSmtp();
	server = await startServer({
		demo: true,
		env: { SMTP_URL: smtp.url(), MAIL_FROM: 'Réseau <reseau@example.test>' }
	});
});
test.afterAll(async () => {
	await server?.stop();
	await smtp?.close();
});

// Each test changes the network's look or lists: one after the other, in this order.
test.describe.configure({ mode: 'serial' });

/** A logo drawn in SVG (shapes only: no font to depend on), with a script that must never run. */
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60" viewBox="0 0 240 60">
	<script>document.title = 'pwned'</script>
	<rect width="240" height="60" rx="8" fill="#ffffff"/>
	<circle cx="30" cy="30" r="22" fill="#c8622b"/>
	<rect x="62" y="14" width="160" height="12" rx="6" fill="#1f5f7a"/>
	<rect x="62" y="34" width="110" height="12" rx="6" fill="#1f5f7a"/>
</svg>`;

async function scrollWidth(page: Page) {
	return page.evaluate(() => document.documentElement.scrollWidth);
}

test('an admin uploads the network’s logo and sees it in the header, on a desk and a phone', async ({
	page,
	browser
}, testInfo) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	await logIn(page, server.url, 'admin@maillage.test');
	await page.goto(`${server.url}/admin/reglages`);
	// Not an image: refused, with a reason, and nothing changes.
	await page.getByLabel('Fichier du logo').setInputFiles({
		name: 'logo.png',
		mimeType: 'image/png',
		buffer: Buffer.from('pas une image')
	});
	await page.getByRole('button', { name: 'Envoyer le logo' }).click();
	await expect(page.getByText('Ce fichier n’est pas une image lisible.')).toBeVisible();
	await expect(page.locator('header.app-header img')).toHaveCount(0);

	await page.getByLabel('Fichier du logo').setInputFiles({
		name: 'logo.svg',
		mimeType: 'image/svg+xml',
		buffer: Buffer.from(LOGO_SVG)
	});
	await page.getByRole('button', { name: 'Envoyer le logo' }).click();
	await expect(page.getByRole('status')).toHaveText('Le logo est enregistré.');

	const logo = page.locator('header.app-header img');
	await expect(logo).toBeVisible();
	await expect(logo).toHaveAttribute('src', /^\/logo\/[0-9a-f]{32}\.png$/);
	// Decorative beside the name: the link reads as the network's name alone.
	await expect(logo).toHaveAttribute('alt', '');
	await expect(page.locator('header.app-header a.brand')).toHaveAccessibleName(
		'Réseau Industries Centre-Alsace'
	);
	// Drawn: once loaded (visible comes first, from the header's own sizing), it has pixels.
	await expect
		.poll(() => logo.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)))
		.toBeGreaterThan(0);
	expect(await page.title()).not.toBe('pwned');
	const src = (await logo.getAttribute('src'))!;
	const response = await page.request.get(`${server.url}${src}`);
	expect(response.headers()['content-type']).toBe('image/png');
	expect(response.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
	expect(await seriousViolations(page)).toEqual([]);
	await page.locator('header.app-header').screenshot({
		path: testInfo.outputPath('header-1280.png')
	});

	await page.setViewportSize({ width: 360, height: 740 });
	for (const path of ['/', '/admin/reglages', '/admin/themes']) {
		await page.goto(`${server.url}${path}`);
		await expect(logo).toBeVisible();
		expect(await scrollWidth(page), path).toBeLessThanOrEqual(360);
	}
	const box = await logo.boundingBox();
	expect(box!.x + box!.width).toBeLessThanOrEqual(360);
	await page.locator('header.app-header').screenshot({
		path: testInfo.outputPath('header-360.png')
	});

	// The login page shows it too, to a visitor.
	const visitor = await browser.newContext();
	const login = await visitor.newPage();
	await login.goto(`${server.url}/login`);
	await expect(login.locator('.auth header img')).toHaveAttribute('src', src);
	await login.screenshot({ path: testInfo.outputPath('login-360.png') });
	await visitor.close();
});

test('an admin picks a colour too light for white text: it is darkened, said, and applied', async ({
	page,
	browser
}) => {
	await logIn(page, server.url, 'admin@maillage.test');
	await page.goto(`${server.url}/admin/reglages`);
	await page.getByLabel('Couleur principale').fill('#f5a623');
	await page.getByRole('button', { name: 'Appliquer la couleur' }).click();
	const notice = page.getByRole('status').filter({ hasText: 'trop claire' });
	await expect(notice).toContainText('La couleur #f5a623 est trop claire pour du texte blanc');
	const applied = /assombrie en (#[0-9a-f]{6})/.exec((await notice.textContent()) ?? '')![1];

	const primary = () =>
		page.evaluate(() =>
			getComputedStyle(document.documentElement).getPropertyValue('--color-primary').trim()
		);
	await expect.poll(primary).toBe(applied);
	// The buttons take it, and keep readable white text: axe finds no contrast failure.
	const button = page.getByRole('button', { name: 'Appliquer la couleur' });
	const [r, g, b] = [1, 3, 5].map((i) => parseInt(applied.slice(i, i + 2), 16));
	await expect(button).toHaveCSS('background-color', `rgb(${r}, ${g}, ${b})`);
	expect(await seriousViolations(page)).toEqual([]);

	// Every page has it, the login page included.
	await page.goto(`${server.url}/groupes`);
	expect(await primary()).toBe(applied);
	const visitor = await browser.newContext();
	const login = await visitor.newPage();
	await login.goto(`${server.url}/login`);
	expect(
		await login.evaluate(() =>
			getComputedStyle(document.documentElement).getPropertyValue('--color-primary').trim()
		)
	).toBe(applied);
	await visitor.close();

	await page.goto(`${server.url}/admin/reglages`);
	await page.getByRole('button', { name: 'Revenir à la couleur d’origine' }).click();
	await expect(page.getByRole('status')).toHaveText('La couleur d’origine est rétablie.');
	await expect.poll(primary).toBe('#1f5f7a');
});

test('an admin adds a theme, the coordination files a new group under it, the dashboard names it', async ({
	browser
}) => {
	const adminContext = await browser.newContext();
	const admin = await adminContext.newPage();
	await logIn(admin, server.url, 'admin@maillage.test');
	await admin.goto(`${server.url}/admin/reglages`);
	await admin
		.getByRole('navigation', { name: 'Administration' })
		.getByRole('link', { name: 'Thèmes' })
		.click();
	await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Thèmes des groupes');
	await admin.getByLabel('Libellé en français').last().fill('Énergie et climat');
	await admin.getByLabel('Libellé en anglais').last().fill('Energy and climate');
	await admin.getByRole('button', { name: 'Ajouter le thème' }).click();
	await expect(admin.getByRole('status')).toHaveText('Le thème « Énergie et climat » est ajouté.');
	const rows = admin.locator('ol.themes > li');
	await expect(rows.last()).toContainText('Énergie et climat');
	await admin.getByRole('button', { name: 'Monter « Énergie et climat »' }).click();
	await expect(admin.getByRole('status')).toHaveText('L’ordre des thèmes est enregistré.');
	await expect(rows.nth(4)).toContainText('Énergie et climat');
	// A used theme offers no deletion, only archiving.
	const events = rows.filter({ hasText: 'Événements' });
	await expect(events.getByRole('button', { name: 'Supprimer « Événements »' })).toHaveCount(0);
	await expect(events.getByRole('button', { name: 'Archiver « Événements »' })).toBeVisible();
	expect(await seriousViolations(admin)).toEqual([]);
	await adminContext.close();

	const context = await browser.newContext();
	const coordinator = await context.newPage();
	await logIn(coordinator, server.url, 'coordination@maillage.test');
	await coordinator.goto(`${server.url}/groupes/nouveau`);
	const theme = coordinator.getByLabel('Thème', { exact: true });
	const offered = await theme.locator('option').allTextContents();
	expect(offered.slice(0, 6)).toEqual([
		'Mobilités',
		'Recrutement et compétences',
		'Mutualisation des ressources',
		'Attractivité du territoire',
		'Énergie et climat',
		'Événements'
	]);
	await coordinator.getByLabel('Nom du groupe').fill('Sobriété énergétique');
	await theme.selectOption({ label: 'Énergie et climat' });
	await coordinator.getByRole('button', { name: 'Créer le groupe' }).click();
	await expect(coordinator).toHaveURL(`${server.url}/groupes/sobriete-energetique`);
	await expect(coordinator.locator('.group-header .theme')).toHaveText('Énergie et climat');

	// A group named after its theme does not show the name twice.
	await coordinator.goto(`${server.url}/groupes/mutualisation`);
	await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText(
		'Mutualisation des ressources'
	);
	await expect(coordinator.locator('.group-header .theme')).toHaveCount(0);
	await coordinator.goto(`${server.url}/groupes`);
	const card = coordinator.locator('article.group').filter({
		has: coordinator.getByRole('link', { name: 'Mutualisation des ressources', exact: true })
	});
	await expect(card.locator('.meta')).not.toContainText('Mutualisation');
	await expect(
		coordinator
			.locator('article.group')
			.filter({ has: coordinator.getByRole('link', { name: 'Usines ouvertes', exact: true }) })
			.locator('.theme')
	).toHaveText('Événements');

	// The dashboard's filter speaks in labels, in the admin's order.
	await coordinator.goto(`${server.url}/tableau-de-bord`);
	const filter = coordinator.getByLabel('Thème');
	const choices = await filter.locator('option').allTextContents();
	expect(choices).toContain('Énergie et climat');
	expect(choices.join(' ')).not.toMatch(/attractiveness|events|pooling|mobility/);
	await filter.selectOption({ label: 'Énergie et climat' });
	await coordinator.getByRole('button', { name: 'Afficher' }).click();
	await expect(coordinator).toHaveURL(/theme=energie-et-climat/);
	await expect(coordinator.getByRole('link', { name: 'Sobriété énergétique' })).toBeVisible();
	await context.close();
});

test('an admin sends a test e-mail: it leaves through the transport and shows in the outbox', async ({
	page
}) => {
	await logIn(page, server.url, 'admin@maillage.test');
	await page.goto(`${server.url}/admin/reglages`);
	await expect(page.getByText(`Serveur d’envoi (SMTP_URL) : ${smtp.url()}`)).toBeVisible();
	await page.getByRole('button', { name: 'Envoyer un courriel de test' }).click();
	await expect(page.getByRole('status')).toContainText(
		'Le courriel de test est parti vers admin@maillage.test.'
	);
	expect(smtp.messages.some((m) => m.to.includes('admin@maillage.test'))).toBe(true);

	await page.goto(`${server.url}/admin/courriels`);
	const message = page
		.getByRole('article')
		.filter({
			has: page.getByRole('heading', {
				name: 'Courriel de test de Réseau Industries Centre-Alsace'
			})
		})
		.first();
	await expect(message).toContainText('admin@maillage.test');
	await expect(message).toContainText('Envoyé');

	// The account menu still logs out: the header's change left it alone.
	await useAccountMenu(page, 'Se déconnecter');
	await expect(page).toHaveURL(/\/login/);
});
