import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { startServer, type RunningServer } from '../helpers/server';
import { logIn } from './support';

// The server owns its PGlite folder, so this file runs the server on PostgreSQL instead and
// ages the invitation from the test through a second connection.
const POSTGRES_URL = process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `e2e_${randomBytes(6).toString('hex')}`;
const admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
let appDb: postgres.Sql | undefined;
let server: RunningServer | undefined;

test.beforeAll(async () => {
	await admin.unsafe(`create database "${name}"`);
	const url = new URL(POSTGRES_URL);
	url.pathname = `/${name}`;
	server = await startServer({ demo: true, env: { DATABASE_URL: url.toString() } });
	appDb = postgres(url.toString(), { max: 1, onnotice: () => {} });
});

test.afterAll(async () => {
	await server?.stop();
	await appDb?.end();
	await admin.unsafe(`drop database if exists "${name}" with (force)`);
	await admin.end();
});

test('an expired invitation link says so and offers no form', async ({ page, browser }) => {
	const email = 'thomas.eckert@example.org';
	const base = server!.url;
	await logIn(page, base, 'coordination@maillage.test');
	await page.goto(`${base}/admin/invitations`);
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Organisation').selectOption({ label: 'Transports Rhin-Ill' });
	await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
	await expect(page.getByRole('status').first()).toContainText(`Invitation envoyée à ${email}.`);

	const [mail] = await appDb!<{ text: string }[]>`
		select text from outbox where "to" = ${email} order by created_at desc limit 1`;
	const link = mail?.text.match(/http:\/\/localhost:\d+\/invitation\/[A-Za-z0-9_-]+/)?.[0];
	expect(link, 'the invitation e-mail carries the link').toBeTruthy();

	const aged = await appDb!`
		update invitations set expires_at = now() - interval '1 minute'
		where email = ${email} and accepted_at is null and revoked_at is null`;
	expect(aged.count).toBe(1);

	const context = await browser.newContext();
	const invited = await context.newPage();
	const response = await invited.goto(link!);
	expect(response?.status()).toBe(200);
	await expect(invited.getByRole('alert')).toHaveText(
		'Ce lien d’invitation a expiré (il est valable 7 jours). Demandez à la coordination de vous le renvoyer.'
	);
	await expect(invited.locator('form')).toHaveCount(1); // the language switch only
	await expect(invited.locator('input[name="password"]')).toHaveCount(0);
	await expect(invited.getByRole('button', { name: 'Créer mon compte' })).toHaveCount(0);
	await context.close();

	await page.reload();
	await expect(page.getByRole('row', { name: new RegExp(email) })).toContainText('Expirée');
});
