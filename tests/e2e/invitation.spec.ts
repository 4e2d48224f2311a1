import { expect, test, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { logIn, useAccountMenu } from './support';

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

const organisation = 'Fonderie du Haut-Koenigsbourg';
const invitee = { email: 'ines.meyer@fonderie-hk.example', name: 'Inès Meyer' };
const password = 'Moule-en-sable-42';

/** The admin adds an organisation, invites someone into it, and reads the link in the outbox. */
async function inviteFromAdmin(page: Page): Promise<string> {
	await logIn(page, server.url, 'admin@maillage.test');

	await page.goto(`${server.url}/admin/organisations`);
	await page.getByText('Nouvelle organisation').click();
	const creation = page.locator('form[action="?/create"]');
	await creation.getByLabel('Nom').fill(organisation);
	await creation.getByLabel('Type').selectOption({ label: 'Entreprise' });
	await creation.getByLabel('Commune').fill('Orschwiller');
	await creation.getByRole('button', { name: 'Ajouter l’organisation' }).click();
	await expect(page.getByRole('status')).toHaveText(`L’organisation ${organisation} est ajoutée.`);
	await expect(page.getByRole('cell', { name: organisation })).toBeVisible();

	await page.goto(`${server.url}/admin/invitations`);
	await page.getByLabel('Adresse e-mail').fill(invitee.email);
	await page.getByLabel('Rôle dans le réseau').selectOption({ label: 'Membre' });
	await page.getByLabel('Organisation').selectOption({ label: organisation });
	await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
	await expect(page.getByRole('status').first()).toContainText(
		`Invitation envoyée à ${invitee.email}.`
	);
	await expect(page.getByRole('row', { name: new RegExp(invitee.email) })).toContainText(
		'En attente'
	);

	await page.goto(`${server.url}/admin/courriels`);
	const mail = page.getByRole('article').filter({ hasText: invitee.email }).first();
	await expect(mail.getByRole('heading')).toHaveText(
		'Invitation à rejoindre Réseau Industries Centre-Alsace sur Maillage'
	);
	const text = (await mail.locator('pre').textContent()) ?? '';
	const link = text.match(/http:\/\/localhost:\d+\/invitation\/[A-Za-z0-9_-]+/)?.[0];
	expect(link, `no invitation link in the e-mail:\n${text}`).toBeTruthy();
	return link!;
}

test('an invited person creates an account, logs out and logs in again', async ({
	page,
	browser
}) => {
	const link = await inviteFromAdmin(page);

	// The invitee opens the link in their own browser.
	const context = await browser.newContext();
	const invited = await context.newPage();
	await invited.goto(link);
	await expect(invited.getByRole('heading', { level: 1 })).toHaveText(
		'Rejoindre Réseau Industries Centre-Alsace'
	);
	await expect(
		invited.getByText(/en tant que Membre \(Fonderie du Haut-Koenigsbourg\)/)
	).toBeVisible();
	await expect(invited.getByLabel('Votre adresse e-mail')).toHaveValue(invitee.email);
	await invited.getByLabel('Votre nom').fill(invitee.name);
	await invited.getByLabel('Choisissez un mot de passe').fill(password);
	await invited.getByRole('button', { name: 'Créer mon compte' }).click();

	await expect(invited).toHaveURL(`${server.url}/`);
	await expect(invited.getByRole('heading', { level: 1 })).toHaveText(`Bonjour ${invitee.name}`);
	await expect(
		invited.getByText(`Votre rôle dans le réseau : Membre, ${organisation}.`)
	).toBeVisible();

	// The link works once only.
	const again = await browser.newContext();
	const reopened = await again.newPage();
	await reopened.goto(link);
	await expect(reopened.getByRole('alert')).toHaveText(
		'Cette invitation a déjà été utilisée. Connectez-vous avec votre compte.'
	);
	await again.close();

	await useAccountMenu(invited, 'Se déconnecter');
	await expect(invited).toHaveURL(`${server.url}/login?loggedOut=1`);
	await expect(invited.getByRole('status')).toHaveText('Vous êtes déconnecté·e.');
	await invited.goto(`${server.url}/`);
	await expect(invited).toHaveURL(`${server.url}/login?redirectTo=%2F`);

	await invited.getByLabel('Adresse e-mail').fill(invitee.email);
	await invited.getByLabel('Mot de passe').fill(password);
	await invited.getByRole('button', { name: 'Se connecter' }).click();
	await expect(invited).toHaveURL(`${server.url}/`);
	await expect(invited.getByRole('heading', { level: 1 })).toHaveText(`Bonjour ${invitee.name}`);

	await useAccountMenu(invited, 'Se déconnecter');
	await expect(invited).toHaveURL(`${server.url}/login?loggedOut=1`);
	await invited.getByLabel('Adresse e-mail').fill(invitee.email);
	await invited.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe');
	await invited.getByRole('button', { name: 'Se connecter' }).click();
	await expect(invited.getByRole('alert')).toHaveText('Adresse e-mail ou mot de passe incorrect.');
	await expect(invited.getByLabel('Adresse e-mail')).toHaveValue(invitee.email);
	await expect(invited).toHaveURL(/\/login/);

	// The admin sees the invitation accepted.
	await page.goto(`${server.url}/admin/invitations`);
	await expect(page.getByRole('row', { name: new RegExp(invitee.email) })).toContainText(
		'Acceptée'
	);
	await context.close();
});
