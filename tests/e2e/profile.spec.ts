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

	await name.fill('Julie Fritsch-Ehrhart');
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByRole('status')).toHaveText('Vos informations sont enregistrées.');
	await expect(name).toHaveValue('Julie Fritsch-Ehrhart');
	await expect(page.locator('details.account summary')).toContainText('Julie Fritsch-Ehrhart');

	// Saving again without a change must not empty the field either.
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByRole('status')).toHaveText('Vos informations sont enregistrées.');
	await expect(name).toHaveValue('Julie Fritsch-Ehrhart');

	// An empty name is refused, and the other fields keep what was chosen.
	await name.fill('');
	await name.evaluate((input: HTMLInputElement) => (input.required = false));
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Ce champ est obligatoire.')).toBeVisible();
	await expect(name).toHaveAttribute('aria-invalid', 'true');
	await page.reload();
	await expect(name).toHaveValue('Julie Fritsch-Ehrhart');
});
