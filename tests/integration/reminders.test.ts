import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as actionItems from '$lib/server/actions';
import type { SessionUser } from '$lib/server/auth/session';
import { addDays, todayInParis } from '$lib/server/dates';
import { db } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import * as reminders from '$lib/server/actions/reminders';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildGroup, buildUser } from '../helpers/factories';
import { mailsTo } from '../helpers/mail';

await createTestDb();

const origin = 'https://maillage.test';
// 10 March 2027, early morning in Paris.
const today = new Date('2027-03-10T06:00:00Z');
const tomorrow = new Date('2027-03-11T06:00:00Z');

let coordinator: SessionUser;
let lead: SessionUser;
let anne: SessionUser;
let bruno: SessionUser;
let carla: SessionUser;
let gone: SessionUser;
let groupId: string;

async function action(title: string, ownerId: string, dueDate: string, status = 'open') {
	const input = actionItems.actionSchema.parse({ title, ownerId, dueDate, status });
	return (await actionItems.create(lead, groupId, input)).id;
}

beforeAll(async () => {
	coordinator = await buildUser({ role: 'coordinator' });
	[lead, anne, bruno, carla, gone] = await Promise.all(
		['Léa Lead', 'Anne Bauer', 'Bruno Roth', 'Carla Sutter', 'Gaston Parti'].map((name) =>
			buildUser({ name })
		)
	);
	groupId = (
		await buildGroup({ name: 'Mobilité' }, [
			{ user: lead, role: 'lead' },
			{ user: anne, role: 'member' },
			{ user: bruno, role: 'member' },
			{ user: carla, role: 'member' },
			{ user: gone, role: 'member' }
		])
	).id;
	await action('Rendre le rapport', anne.id, '2027-03-01');
	await action('Envoyer le devis', anne.id, '2027-03-13', 'in_progress');
	await action('Réserver la salle', anne.id, '2027-03-14');
	await action('Commander les badges', anne.id, '2027-03-05', 'done');
	await action('Annulée', anne.id, '2027-03-05', 'cancelled');
	await action('Plus tard', bruno.id, '2027-03-20');
	await action('Bloquée et en retard', carla.id, '2027-03-09', 'blocked');
	await action('Partie', gone.id, '2027-03-10');
	await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, gone.id));
});

describe('sendDaily', () => {
	it('mails each owner once, with their actions overdue or due within three days', async () => {
		expect(await reminders.sendDaily(origin, today)).toBe(2);
		const [toAnne] = await mailsTo(anne.email, 'reminder');
		expect(toAnne).toMatchObject({ kind: 'reminder', subject: 'Vos actions à échéance' });
		expect(toAnne.text).toContain('Bonjour Anne Bauer');
		const lines = toAnne.text.split('\n').filter((l) => l.startsWith('• '));
		expect(lines).toEqual([
			'• Rendre le rapport — Mobilité — 01/03/2027',
			'• Envoyer le devis — Mobilité — 13/03/2027'
		]);
		expect(toAnne.text).toContain(`${origin}/actions?owner=me`);
		const toCarla = await mailsTo(carla.email, 'reminder');
		expect(toCarla).toHaveLength(1);
		expect(toCarla[0].text).toContain('Bloquée et en retard');
		expect(await mailsTo(bruno.email, 'reminder')).toEqual([]);
		expect(await mailsTo(gone.email, 'reminder')).toEqual([]);
		expect(await mailsTo(lead.email, 'reminder')).toEqual([]);
	});

	it('sends nothing more when run again the same day', async () => {
		expect(await reminders.sendDaily(origin, today)).toBe(0);
		expect(await reminders.sendDaily(origin, new Date('2027-03-10T21:00:00Z'))).toBe(0);
		expect(await mailsTo(anne.email, 'reminder')).toHaveLength(1);
		expect(await mailsTo(carla.email, 'reminder')).toHaveLength(1);
	});

	it('sends again the next day, as the day goes in Paris', async () => {
		// 23:30 UTC on the 10th is already the 11th in Paris.
		expect(await reminders.sendDaily(origin, new Date('2027-03-10T23:30:00Z'))).toBe(2);
		const anne2 = await mailsTo(anne.email, 'reminder');
		expect(anne2).toHaveLength(2);
		// The next day, Saturday's booking is within three days too.
		expect(anne2[1].text).toContain('Réserver la salle');
		expect(await reminders.sendDaily(origin, tomorrow)).toBe(0);
		expect(await mailsTo(anne.email, 'reminder')).toHaveLength(2);
	});

	it('runs safely side by side: one e-mail per person and day', async () => {
		const day = new Date('2027-03-12T06:00:00Z');
		const results = await Promise.all([
			reminders.sendDaily(origin, day),
			reminders.sendDaily(origin, day)
		]);
		expect(results.reduce((a, b) => a + b, 0)).toBe(2);
		expect(await mailsTo(anne.email, 'reminder')).toHaveLength(3);
	});
});

describe('sendNow', () => {
	it('is for the coordination only', async () => {
		const id = await action('Urgent', bruno.id, todayInParis());
		for (const person of [anne, lead]) {
			expect((await refusal(reminders.sendNow(person, [id], origin, 'fr'))).kind).toBe('forbidden');
		}
		expect((await refusal(reminders.sendNow(null, [id], origin, 'fr'))).kind).toBe('forbidden');
		expect(await mailsTo(bruno.email, 'reminder')).toEqual([]);
	});

	it('reminds the owners of the chosen actions that are due soon, in the chosen language', async () => {
		const soon = await action('À faire vite', bruno.id, addDays(todayInParis(), 1));
		const far = await action('Pas pressé', carla.id, addDays(todayInParis(), 30));
		const before = (await mailsTo(carla.email, 'reminder')).length;
		expect(await reminders.sendNow(coordinator, [soon, far], origin, 'en')).toEqual({ sent: 1 });
		const toBruno = await mailsTo(bruno.email, 'reminder');
		expect(toBruno.at(-1)?.text).toContain('À faire vite');
		expect(toBruno.at(-1)?.subject).not.toBe('Vos actions à échéance');
		expect(await mailsTo(carla.email, 'reminder')).toHaveLength(before);
		expect(await reminders.sendNow(coordinator, [], origin, 'fr')).toEqual({ sent: 0 });
	});

	it('asks to confirm a reminder within 24 hours of the last, and never sends one action twice a day', async () => {
		const now = new Date();
		const first = await action('Relance du transporteur', bruno.id, addDays(todayInParis(now), 2));
		const emails = async () => (await mailsTo(bruno.email, 'reminder')).length;
		expect(await reminders.sendNow(coordinator, [first], origin, 'fr', { now })).toEqual({
			sent: 1
		});
		const afterFirst = await emails();

		// Again: when they were last reminded, and nothing sent until it is confirmed.
		const again = await reminders.sendNow(coordinator, [first], origin, 'fr', { now });
		expect(again).toMatchObject({ recent: { people: 1 } });
		expect('recent' in again && again.recent.lastAt.getTime()).toBeLessThanOrEqual(Date.now());
		expect(await emails()).toBe(afterFirst);

		// Confirmed: a new action goes out, the one already sent today does not.
		const second = await action('Réserver le car', bruno.id, addDays(todayInParis(now), 1));
		expect(
			await reminders.sendNow(coordinator, [first, second], origin, 'fr', { now, confirmed: true })
		).toEqual({ sent: 1 });
		const last = (await mailsTo(bruno.email, 'reminder')).at(-1)!;
		expect(last.text).toContain('Réserver le car');
		expect(last.text).not.toContain('Relance du transporteur');
		// Both already sent today: confirmed or not, nothing more today.
		expect(
			await reminders.sendNow(coordinator, [first, second], origin, 'fr', { now, confirmed: true })
		).toEqual({ sent: 0 });
		expect(await emails()).toBe(afterFirst + 1);
	});
});
