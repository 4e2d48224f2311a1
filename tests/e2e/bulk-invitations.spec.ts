import { expect, test, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { seriousViolations } from './axe';
import { logIn } from './support';

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

const ORG = 'Mécanique Ried Précision';
// A closed group: only its members may open it, so opening it proves the newcomer is one.
const GROUP = 'Recrutement et compétences';
const GROUP_PATH = '/groupes/recrutement-competences';

/** Pastes a list on the import page, ticks the group, and asks for the preview. */
async function preview(page: Page, list: string[]) {
	await page.goto(`${server.url}/admin/invitations/import`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inviter plusieurs personnes');
	await page.getByLabel('Liste à coller').fill(list.join('\n'));
	await page.getByRole('checkbox', { name: GROUP }).check();
	await page.getByLabel(`Rôle dans « ${GROUP} »`).selectOption({ label: 'Membre' });
	await page.getByRole('button', { name: 'Vérifier la liste' }).click();
	await expect(page.getByRole('heading', { name: 'Aperçu avant envoi' })).toBeVisible();
}

test('a pasted list is checked, two of three invitations are sent, and a newcomer lands in the group', async ({
	page,
	browser
}) => {
	test.setTimeout(120_000);
	await logIn(page, server.url, 'admin@maillage.test');
	// The invitations page, with its groups to tick, leads to the list.
	await page.goto(`${server.url}/admin/invitations`);
	await expect(page.getByRole('checkbox', { name: GROUP })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	await page
		.getByRole('link', { name: 'Inviter plusieurs personnes à partir d’une liste' })
		.click();
	await expect(page).toHaveURL(`${server.url}/admin/invitations/import`);

	await preview(page, [
		`Inès Meyer;ines.meyer@example.test;${ORG};membre`,
		`Jean Ott;jean.ott@example;${ORG};membre`,
		`Karim Haas;karim.haas@example.test;${ORG};partenaire`
	]);

	// The preview shows each line, the wrong one with its error; nothing is sent yet.
	await expect(page.getByText('2 invitations prêtes sur 3 lignes.')).toBeVisible();
	await expect(page.getByText(`Chaque personne rejoindra : ${GROUP} (Membre).`)).toBeVisible();
	const rows = page.getByRole('region', { name: 'Lignes de la liste' }).getByRole('row');
	await expect(rows.filter({ hasText: 'jean.ott@example' })).toContainText(
		'Cette adresse e-mail n’est pas valable.'
	);
	await expect(rows.filter({ hasText: 'ines.meyer@example.test' })).toContainText('Prête');
	await expect(rows.filter({ hasText: 'karim.haas@example.test' })).toContainText('Partenaire');
	expect(await seriousViolations(page)).toEqual([]);
	await page.goto(`${server.url}/admin/courriels?kind=invitation`);
	await expect(
		page.getByRole('article').filter({ hasText: 'ines.meyer@example.test' })
	).toHaveCount(0);

	// Sent once confirmed: two invitations, each reachable in the outbox.
	await preview(page, [
		`Inès Meyer;ines.meyer@example.test;${ORG};membre`,
		`Jean Ott;jean.ott@example;${ORG};membre`,
		`Karim Haas;karim.haas@example.test;${ORG};partenaire`
	]);
	await page.getByRole('button', { name: 'Envoyer 2 invitations' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: '2 invitations envoyées.' })
	).toBeVisible();
	await expect(page.getByRole('link', { name: 'ines.meyer@example.test' })).toBeVisible();
	await page.getByRole('link', { name: 'Voir les courriels d’invitation' }).click();
	await expect(page).toHaveURL(`${server.url}/admin/courriels?kind=invitation`);

	const ines = page.getByRole('article').filter({ hasText: 'ines.meyer@example.test' });
	const karim = page.getByRole('article').filter({ hasText: 'karim.haas@example.test' });
	await expect(ines).toHaveCount(1);
	await expect(karim).toHaveCount(1);
	await expect(page.getByRole('article').filter({ hasText: 'jean.ott@example' })).toHaveCount(0);
	await expect(ines.locator('pre')).toContainText(`- ${GROUP} (Membre)`);
	expect(await seriousViolations(page)).toEqual([]);

	// The link is a link, in the message and beside its copy button.
	const link = ines.locator('pre a');
	const href = (await link.getAttribute('href')) ?? '';
	expect(href).toMatch(new RegExp(`^${server.url}/invitation/[a-z2-7]+$`));
	await expect(ines.getByRole('link', { name: href }).first()).toBeVisible();
	await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
		origin: server.url
	});
	await ines.getByRole('button', { name: 'Copier le lien — ines.meyer@example.test' }).click();
	await expect(ines.getByRole('status')).toHaveText('Lien copié.');
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(href);

	// The newcomer opens it in their own browser and lands in the group.
	const context = await browser.newContext();
	const invited = await context.newPage();
	await invited.goto(href);
	await expect(invited.getByLabel('Votre nom')).toHaveValue('Inès Meyer');
	await expect(invited.getByRole('listitem').filter({ hasText: GROUP })).toHaveText(
		`${GROUP} (Membre)`
	);
	await invited.getByLabel('Choisissez un mot de passe').fill('Recrutement-en-Alsace-42');
	await invited.getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(invited).toHaveURL(`${server.url}/`);
	const response = await invited.goto(`${server.url}${GROUP_PATH}`);
	expect(response?.status()).toBe(200);
	await expect(invited.getByRole('heading', { level: 1 })).toContainText(GROUP);
	await context.close();
});

/** The elements that stick out past the screen's right edge (none when the page fits). */
async function stickingOut(page: Page, limit: number): Promise<string[]> {
	return page.evaluate((limit) => {
		if (document.documentElement.scrollWidth <= limit) return [];
		// Inside a box that scrolls or clips, a wide element widens only that box.
		const clipped = (el: Element) => {
			for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
				if (getComputedStyle(p).overflowX !== 'visible') return true;
			}
			return false;
		};
		return [...document.querySelectorAll<HTMLElement>('body *')]
			.filter((el) => el.getBoundingClientRect().right > limit + 1 && !clipped(el))
			.slice(0, 6)
			.map(
				(el) =>
					`${el.tagName.toLowerCase()}.${el.className} (${el.getBoundingClientRect().right} px)`
			);
	}, limit);
}

test('on a 360 px phone, the preview and the outbox fit the screen', async ({ browser }) => {
	const context = await browser.newContext({
		viewport: { width: 360, height: 740 },
		isMobile: true,
		hasTouch: true
	});
	const page = await context.newPage();
	await logIn(page, server.url, 'admin@maillage.test');
	await preview(page, [
		`Lucie Schmitt-Oberlin;lucie.schmitt-oberlin@exemple-tres-long.example;${ORG};membre`,
		`Marc;marc@;Organisation au nom vraiment très long et inconnue du réseau;chef`
	]);
	expect(await stickingOut(page, 360)).toEqual([]);
	await page.goto(`${server.url}/admin/courriels`);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	expect(await stickingOut(page, 360)).toEqual([]);
	await context.close();
});
