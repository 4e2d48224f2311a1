import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { logIn } from './support';

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

test('a person renames themself and the form keeps showing the saved values', async ({ page }) => {
	await logIn(page, server.url, 'membre@maillage.test');
	await page.goto(`${server.url}/profil`);
	const name = page.getByLabel('Nom', { exact: true });
	await expect(name).toHaveValue('Julie Fritsch');

	// An empty name is refused, as a browser without validation would post it. (First, on a page
	// at rest: after a save the page reloads its data, which may still be under way.)
	await name.fill('');
	await name.evaluate((input: HTMLInputElement) => (input.form!.noValidate = true));
	await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page.getByText('Ce champ est obligatoire.')).toBeVisible();
	await expect(name).toHaveAttribute('aria-invalid', 'true');

	await name.fill('Julie Fritsch-Ehrhart');
	await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page.getByRole('status')).toHaveText('Vos informations sont enregistrées.');
	await expect(name).toHaveValue('Julie Fritsch-Ehrhart');
	await expect(page.locator('details.account summary')).toContainText('Julie Fritsch-Ehrhart');

	// Saving again without a change must not empty the field either.
	await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page.getByRole('status')).toHaveText('Vos informations sont enregistrées.');
	await expect(name).toHaveValue('Julie Fritsch-Ehrhart');
	await page.reload();
	await expect(name).toHaveValue('Julie Fritsch-Ehrhart');
});

test('a person chooses how they hear about each kind of event, with or without JavaScript', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await logIn(page, server.url, 'direction@maillage.test');
	await page.goto(`${server.url}/profil`);
	const checkIns = page.getByRole('group', { name: 'Points d’étape' });
	const minutes = page.getByRole('group', { name: 'Comptes rendus' });
	await expect(checkIns.getByRole('radio', { name: 'Tout de suite' })).toBeChecked();

	await checkIns.getByRole('radio', { name: 'Résumé quotidien' }).check();
	await minutes.getByRole('radio', { name: 'Jamais' }).check();
	await page.getByRole('button', { name: 'Enregistrer mes choix' }).click();
	await expect(page.getByRole('status')).toHaveText('Vos choix de notification sont enregistrés.');
	await page.goto(`${server.url}/profil`);
	await expect(checkIns.getByRole('radio', { name: 'Résumé quotidien' })).toBeChecked();
	await expect(minutes.getByRole('radio', { name: 'Jamais' })).toBeChecked();
	await context.close();

	// With JavaScript, a value that is not one of the choices is refused and nothing changes.
	const live = await browser.newPage();
	await logIn(live, server.url, 'direction@maillage.test');
	await live.goto(`${server.url}/profil`);
	const weekly = live
		.getByRole('group', { name: 'Échéances' })
		.getByRole('radio', { name: 'Résumé hebdomadaire' });
	await weekly.evaluate((input: HTMLInputElement) => (input.value = 'hourly'));
	await weekly.check();
	await live.getByRole('button', { name: 'Enregistrer mes choix' }).click();
	await expect(live.getByRole('alert')).toHaveText(
		'Vos choix n’ont pas été enregistrés : pour chaque type d’événement, choisissez une des quatre options.'
	);
	await expect(live.getByRole('group', { name: 'Échéances' })).toContainText(
		'Choisissez une des quatre options.'
	);
	await live.reload();
	await expect(
		live.getByRole('group', { name: 'Échéances' }).getByRole('radio', { name: 'Tout de suite' })
	).toBeChecked();
	await expect(
		live
			.getByRole('group', { name: 'Points d’étape' })
			.getByRole('radio', { name: 'Résumé quotidien' })
	).toBeChecked();
	await live.close();
});
