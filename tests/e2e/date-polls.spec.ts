import { expect, test, type Browser, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { seriousViolations } from './axe';
import { logIn } from './support';

// Julie (lead of "Mutualisation des ressources") offers three dates for a meeting; Nicolas and
// Sébastien answer from the one-click links of their e-mails (read here in the admin's outbox),
// in a browser without a session; Julie sees the grid put the slot they can make first, picks
// it, and the meeting is scheduled with its invitations; a link used afterwards says the poll
// is closed.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

const TITLE = 'Visite de l’unité de méthanisation';

async function personPage(browser: Browser, email: string): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	await logIn(page, server.url, email);
	return page;
}

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** The one-click link for a slot and an answer in the last date poll e-mail to a person. */
async function mailedLink(admin: Page, email: string, slot: number, answer: string) {
	await admin.goto(`${server.url}/admin/courriels?kind=date_poll`);
	const mail = admin
		.getByRole('article')
		.filter({ hasText: email })
		.filter({ hasText: TITLE })
		.first();
	await expect(mail).toBeVisible();
	const text = (await mail.locator('pre').textContent()) ?? '';
	const link = text.match(
		new RegExp(`https?://\\S+/disponibilites/[a-z2-7]+\\?c=${slot}&r=${answer}`)
	);
	expect(link, text).not.toBeNull();
	return link![0];
}

/** A browser with no session at all, as a mail client opens a link. */
async function outsideBrowser(browser: Browser, phone = false): Promise<Page> {
	const context = await browser.newContext(
		phone ? { viewport: { width: 390, height: 800 } } : undefined
	);
	return context.newPage();
}

test('a date poll answered from the e-mail links, its best slot picked and the meeting scheduled', async ({
	browser
}) => {
	const julie = await personPage(browser, 'membre@maillage.test');
	await julie.goto(`${server.url}/groupes/mutualisation/decisions`);
	await julie.getByRole('link', { name: 'Proposer des dates' }).click();
	await julie.getByRole('textbox', { name: 'Réunion' }).fill(TITLE);
	for (const [i, days] of [12, 13, 15].entries()) {
		await julie.getByLabel(`Jour du créneau ${i + 1}`).fill(inDays(days));
		await julie.getByLabel(`Début du créneau ${i + 1}`).fill('18:00');
		await julie.getByLabel(`Fin du créneau ${i + 1}`).fill('20:00');
		await julie.getByLabel(`Lieu du créneau ${i + 1}`).fill('Biogaz Ried, Sélestat');
	}
	expect(await seriousViolations(julie)).toEqual([]);
	await julie.getByRole('button', { name: 'Envoyer le sondage' }).click();
	await expect(julie.getByRole('heading', { name: TITLE })).toBeVisible();
	await expect(julie).toHaveURL(/\/sondages\/dates\/[0-9a-f-]{36}$/);
	const pollUrl = julie.url();
	expect(await seriousViolations(julie)).toEqual([]);

	const admin = await personPage(browser, 'admin@maillage.test');
	// Nicolas, on his phone: yes to the second slot in one click, then "if need be" for the first.
	const nicolasLink = await mailedLink(admin, 'nicolas.haas@maillage.test', 2, 'yes');
	const nicolas = await outsideBrowser(browser, true);
	await nicolas.goto(nicolasLink);
	await expect(nicolas.getByText('Votre réponse pour le créneau 2 est enregistrée.')).toBeVisible();
	expect(await seriousViolations(nicolas)).toEqual([]);
	await nicolas
		.getByRole('listitem')
		.first()
		.getByRole('button', { name: 'Si nécessaire' })
		.click();
	await expect(nicolas.getByText('Votre réponse pour le créneau 1 est enregistrée.')).toBeVisible();

	const sebastien = await outsideBrowser(browser);
	await sebastien.goto(await mailedLink(admin, 'sebastien.koenig@maillage.test', 2, 'yes'));
	await expect(
		sebastien.getByText('Votre réponse pour le créneau 2 est enregistrée.')
	).toBeVisible();

	// The grid, best slot first: the second slot, with two yes.
	await julie.goto(pollUrl);
	const firstSlot = julie.locator('thead th.slot').first();
	await expect(firstSlot).toHaveAttribute('data-slot', '2');
	await expect(julie.locator('[data-totals="2"] .yes')).toHaveText('2');
	await expect(julie.getByRole('row', { name: /Nicolas Haas/ })).toBeVisible();

	// Julie picks it (offered first) and the meeting is scheduled.
	await julie.getByRole('button', { name: 'Planifier la réunion' }).click();
	await expect(julie).toHaveURL(/\/groupes\/mutualisation\/reunions\/[0-9a-f-]{36}$/);
	await expect(julie.getByRole('heading', { name: TITLE, exact: true })).toBeVisible();
	await expect(
		julie.getByRole('link', { name: `Date choisie par le sondage « ${TITLE} »` })
	).toBeVisible();

	// Its invitations went out, with the calendar file.
	await admin.goto(`${server.url}/admin/courriels?kind=meeting_invitation`);
	const invitation = admin
		.getByRole('article')
		.filter({ hasText: 'nicolas.haas@maillage.test' })
		.filter({ hasText: TITLE });
	await expect(invitation).toHaveCount(1);
	await expect(invitation).toContainText('invite.ics');

	// Nicolas' link, used again, now says the poll is closed and records nothing.
	await nicolas.goto(nicolasLink.replace('r=yes', 'r=no'));
	await expect(
		nicolas.getByText('Ce sondage est clos : il ne prend plus de réponse.')
	).toBeVisible();
	await expect(nicolas.getByRole('button', { name: 'Non' })).toHaveCount(0);
});
