import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import {
	actionEvents,
	actions,
	checkIns,
	decisions,
	meetings,
	notifications,
	reminderLog,
	threadMessages,
	threads,
	users,
	type ActionStatus,
	type Weather
} from '$lib/server/db/schema';
import * as digest from '$lib/server/digest';
import { render } from '$lib/server/digest/compose';
import * as preferences from '$lib/server/preferences';
import { CHECK_IN_PERIOD_KEY, setSetting } from '$lib/server/settings';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildUser } from '../helpers/factories';
import { mailsTo } from '../helpers/mail';

// A small network on Monday 8 March 2027, hand-written so that each digest can be written out
// in full: the daily digest covers Sunday 7 March, the weekly one 1–7 March (Paris time).

await createTestDb();

const ORIGIN = 'https://maillage.test';
/** Monday 8 March 2027, 07:30 in Paris. */
const MONDAY = new Date('2027-03-08T06:30:00Z');
const LONG_AGO = new Date('2027-01-10T10:00:00Z');
const at = (iso: string) => new Date(iso);

let lea: SessionUser; // leads Mobilité and Recrutement; check-ins daily
let anne: SessionUser; // member of Mobilité; everything daily
let bruno: SessionUser; // member of Mobilité, reads English; everything weekly
let carla: SessionUser; // member of Mobilité; daily, minutes never; nothing happens to her
let helene: SessionUser; // director; the defaults
let colette: SessionUser; // coordinator; check-ins never
let gaston: SessionUser; // disabled; everything daily
const g = {} as Record<'mobilite' | 'recrutement' | 'attractivite' | 'archive', string>;
const ids = {} as Record<string, string>;

const every = (delivery: 'daily' | 'weekly') => ({
	mention: delivery,
	assignment: delivery,
	due: delivery,
	minutes: delivery,
	reply: delivery,
	check_in: delivery
});

async function action(
	key: string,
	group: string,
	title: string,
	o: {
		owner?: SessionUser;
		due?: string;
		status?: ActionStatus;
		closedAt?: Date;
		/** When it was given to its owner, and by whom. */
		given?: { at: Date; by: SessionUser };
	} = {}
) {
	const [row] = await db
		.insert(actions)
		.values({
			groupId: group,
			title,
			ownerId: o.owner?.id ?? null,
			dueDate: o.due ?? null,
			status: o.status ?? 'open',
			closedAt: o.closedAt ?? null,
			createdAt: LONG_AGO
		})
		.returning();
	await db.insert(actionEvents).values({
		actionId: row.id,
		actorId: o.given?.by.id ?? lea.id,
		kind: 'created',
		createdAt: o.given?.at ?? LONG_AGO
	});
	ids[key] = row.id;
}

async function thread(
	key: string,
	group: string,
	title: string,
	author: SessionUser,
	createdAt: Date,
	replies: Date[] = []
) {
	const [row] = await db
		.insert(threads)
		.values({ groupId: group, title, authorId: author.id, createdAt, lastMessageAt: createdAt })
		.returning();
	ids[key] = row.id;
	for (const [i, when] of [createdAt, ...replies].entries()) {
		const [message] = await db
			.insert(threadMessages)
			.values({ threadId: row.id, authorId: author.id, bodyText: `m${i}`, createdAt: when })
			.returning();
		ids[`${key}.${i}`] = message.id;
	}
}

async function notify(
	person: SessionUser,
	kind: 'mention' | 'reply',
	threadKey: string,
	message: number,
	createdAt: Date,
	readAt: Date | null = null
) {
	await db.insert(notifications).values({
		userId: person.id,
		kind,
		actorId: lea.id,
		threadId: ids[threadKey],
		messageId: ids[`${threadKey}.${message}`],
		createdAt,
		readAt
	});
}

async function meeting(
	key: string,
	group: string,
	title: string,
	startsAt: string,
	status: 'planned' | 'held' | 'published' | 'cancelled',
	publishedAt: string | null = null
) {
	const [row] = await db
		.insert(meetings)
		.values({
			groupId: group,
			title,
			startsAt: at(startsAt),
			endsAt: at(startsAt),
			status,
			publishedAt: publishedAt ? at(publishedAt) : null
		})
		.returning();
	ids[key] = row.id;
}

async function checkIn(group: string, period: string, weather: Weather, updatedAt: string) {
	await db.insert(checkIns).values({
		groupId: group,
		period,
		weather,
		createdAt: at(updatedAt),
		updatedAt: at(updatedAt)
	});
}

beforeAll(async () => {
	lea = await buildUser({ name: 'Léa Pilote' });
	anne = await buildUser({ name: 'Anne Bauer' });
	bruno = await buildUser({ name: 'Bruno Roth' });
	carla = await buildUser({ name: 'Carla Sutter' });
	gaston = await buildUser({ name: 'Gaston Parti' });
	helene = await buildUser({ name: 'Hélène Martin', role: 'director' });
	colette = await buildUser({ name: 'Colette Huber', role: 'coordinator' });
	await db.update(users).set({ locale: 'en' }).where(eq(users.id, bruno.id));
	await db.update(users).set({ disabledAt: LONG_AGO }).where(eq(users.id, gaston.id));
	const member = (user: SessionUser) => ({ user, role: 'member' as const });
	g.mobilite = (
		await buildGroup({ name: 'Mobilité', slug: 'mobilite' }, [
			{ user: lea, role: 'lead' },
			...[anne, bruno, carla, gaston].map(member)
		])
	).id;
	g.recrutement = (
		await buildGroup({ name: 'Recrutement', slug: 'recrutement' }, [{ user: lea, role: 'lead' }])
	).id;
	g.attractivite = (await buildGroup({ name: 'Attractivité', slug: 'attractivite' })).id;
	g.archive = (
		await buildGroup({ name: 'Salon 2025', slug: 'salon-2025', status: 'archived' }, [
			{ user: lea, role: 'lead' }
		])
	).id;

	await preferences.save(lea, { ...preferences.DEFAULT_DELIVERY, check_in: 'daily' });
	await preferences.save(anne, { ...every('daily'), check_in: 'immediate' });
	await preferences.save(bruno, every('weekly'));
	await preferences.save(carla, { ...every('daily'), minutes: 'off' });
	await preferences.save(gaston, every('daily'));
	await preferences.save(colette, { ...preferences.DEFAULT_DELIVERY, check_in: 'off' });

	// Actions: Anne's, due and given; Bruno's, given during the week; overdue ones at Attractivité.
	await action('report', g.mobilite, 'Rendre le rapport', { owner: anne, due: '2027-03-01' });
	await action('quote', g.mobilite, 'Envoyer le devis', { owner: anne, due: '2027-03-10' });
	await action('room', g.mobilite, 'Réserver la salle', { owner: anne, due: '2027-03-12' });
	await action('badges', g.mobilite, 'Commander les badges', {
		owner: anne,
		due: '2027-03-05',
		status: 'done',
		closedAt: at('2027-03-02T10:00:00Z')
	});
	await action('cci', g.mobilite, 'Appeler la CCI', {
		owner: anne,
		given: { at: at('2027-03-07T10:00:00Z'), by: lea }
	});
	await action('self', g.mobilite, 'Note pour moi', {
		owner: anne,
		given: { at: at('2027-03-07T11:00:00Z'), by: anne }
	});
	await action('early', g.mobilite, 'Trier les photos', {
		owner: anne,
		given: { at: at('2027-03-02T11:00:00Z'), by: lea }
	});
	await action('fair', g.mobilite, 'Prepare the fair', {
		owner: bruno,
		due: '2027-03-14',
		given: { at: at('2027-03-02T09:00:00Z'), by: lea }
	});
	await action('gone', g.mobilite, 'Rendre les clés', { owner: gaston, due: '2027-03-01' });
	await action('sorted', g.mobilite, 'Classer les devis', {
		status: 'done',
		closedAt: at('2027-03-06T16:00:00Z')
	});
	await action('dropped', g.mobilite, 'Abandonnée', {
		status: 'cancelled',
		closedAt: at('2027-03-04T16:00:00Z')
	});
	await action('february', g.mobilite, 'Faite en février', {
		status: 'done',
		closedAt: at('2027-02-20T16:00:00Z')
	});
	await action('archived', g.archive, 'Faite ailleurs', {
		status: 'done',
		closedAt: at('2027-03-03T16:00:00Z')
	});
	for (const n of [1, 2, 3]) {
		await action(`late${n}`, g.attractivite, `En retard ${n}`, { due: '2027-02-1' + n });
	}

	// Decisions: one recorded during the week, one the week before, one in the archived group.
	for (const [groupId, title, createdAt] of [
		[g.mobilite, 'Navette confiée à Kieffer', '2027-03-03T10:00:00Z'],
		[g.mobilite, 'Covoiturage sur une seule plateforme', '2027-02-24T10:00:00Z'],
		[g.archive, 'Salon clos', '2027-03-04T10:00:00Z']
	] as const) {
		await db.insert(decisions).values({
			groupId,
			title,
			decidedOn: createdAt.slice(0, 10),
			createdAt: at(createdAt)
		});
	}
	ids.decision = (
		await db
			.select({ id: decisions.id })
			.from(decisions)
			.where(eq(decisions.title, 'Navette confiée à Kieffer'))
	)[0].id;

	// Discussions at Mobilité: the ones Anne hears about, and the leads' open questions.
	await thread('shuttle', g.mobilite, 'Navette', lea, at('2027-03-07T08:00:00Z'), [
		at('2027-03-07T15:00:00Z'),
		at('2027-03-07T16:00:00Z')
	]);
	await thread('carpool', g.mobilite, 'Covoiturage', lea, at('2027-03-07T08:00:00Z'), [
		at('2027-03-07T09:00:00Z'),
		at('2027-03-07T10:00:00Z')
	]);
	await notify(anne, 'mention', 'shuttle', 1, at('2027-03-07T15:00:00Z'));
	await notify(
		anne,
		'mention',
		'shuttle',
		2,
		at('2027-03-07T16:00:00Z'),
		at('2027-03-07T17:00:00Z')
	);
	await notify(anne, 'mention', 'shuttle', 0, at('2027-03-05T08:00:00Z'));
	await notify(anne, 'reply', 'carpool', 1, at('2027-03-07T09:00:00Z'));
	await notify(anne, 'reply', 'carpool', 2, at('2027-03-07T10:00:00Z'));
	await thread('truck', g.mobilite, 'Qui a un camion ?', anne, at('2027-03-04T10:00:00Z'));
	await thread('fresh', g.mobilite, 'Trop récente', anne, at('2027-03-06T10:00:00Z'));
	await thread('answered', g.mobilite, 'Déjà répondue', anne, at('2027-03-01T10:00:00Z'), [
		at('2027-03-02T10:00:00Z')
	]);
	await thread('own', g.mobilite, 'Annonce de la pilote', lea, at('2027-03-03T10:00:00Z'));
	await thread('old', g.mobilite, 'Trop ancienne', anne, at('2027-01-15T10:00:00Z'));

	// Meetings: three held during the week (two published), one cancelled, one to come.
	await meeting(
		'march',
		g.mobilite,
		'Comité de mars',
		'2027-03-05T14:00:00Z',
		'published',
		'2027-03-07T09:00:00Z'
	);
	await meeting(
		'elsewhere',
		g.attractivite,
		'Visite',
		'2027-03-06T09:00:00Z',
		'published',
		'2027-03-07T10:00:00Z'
	);
	await meeting(
		'february',
		g.mobilite,
		'Comité de février',
		'2027-03-02T14:00:00Z',
		'published',
		'2027-03-03T09:00:00Z'
	);
	await meeting('cancelled', g.mobilite, 'Annulée', '2027-03-04T14:00:00Z', 'cancelled');
	await meeting('next', g.recrutement, 'Prochaine', '2027-03-09T14:00:00Z', 'planned');

	// Check-ins: Recrutement off track this month; Mobilité at risk last month; Attractivité on
	// track last month after a bad January; the archived group does not count.
	await checkIn(g.recrutement, '2027-03', 'off_track', '2027-03-03T10:00:00Z');
	await checkIn(g.mobilite, '2027-02', 'at_risk', '2027-02-05T10:00:00Z');
	await checkIn(g.attractivite, '2027-01', 'off_track', '2027-01-05T10:00:00Z');
	await checkIn(g.attractivite, '2027-02', 'on_track', '2027-02-03T10:00:00Z');
	await checkIn(g.archive, '2027-03', 'off_track', '2027-03-02T10:00:00Z');
});

const footer = `—\nPour choisir comment Maillage vous prévient : ${ORIGIN}/profil#notifications`;
const daily = (p: SessionUser) => mailsTo(p.email, 'digest_daily');
const weekly = (p: SessionUser) => mailsTo(p.email, 'digest_weekly');

describe('the digests of Monday morning', () => {
	it('are sent only to people with something to say: daily for Anne and Léa, weekly for Hélène and Bruno', async () => {
		expect(await digest.sendDigests(ORIGIN, MONDAY)).toBe(4);
		const sent = async (p: SessionUser) => [(await daily(p)).length, (await weekly(p)).length];
		expect(await sent(anne)).toEqual([1, 0]);
		expect(await sent(lea)).toEqual([1, 0]);
		expect(await sent(helene)).toEqual([0, 1]);
		expect(await sent(bruno)).toEqual([0, 1]);
		for (const quiet of [carla, colette, gaston]) expect(await sent(quiet)).toEqual([0, 0]);
	});

	it('tell a member their actions, what was given to them, mentions, replies and minutes', async () => {
		const [mail] = await daily(anne);
		expect(mail.subject).toBe('Votre résumé Maillage du 8 mars');
		expect(mail.text).toBe(
			[
				'Bonjour Anne Bauer,',
				'Voici ce qui vous concerne sur Maillage.',
				'Vos actions en retard ou à échéance dans les 3 jours\n' +
					'• Rendre le rapport — Mobilité — en retard depuis le 1 mars\n' +
					'• Envoyer le devis — Mobilité — échéance le 10 mars\n' +
					`  ${ORIGIN}/actions?owner=me`,
				'Actions qui vous ont été confiées\n' +
					'• Appeler la CCI — Mobilité — par Léa Pilote\n' +
					`  ${ORIGIN}/actions/${ids.cci}`,
				'Vous avez été mentionné·e\n' +
					'• Léa Pilote dans « Navette » — Mobilité\n' +
					`  ${ORIGIN}/groupes/mobilite/discussions/${ids.shuttle}#message-${ids['shuttle.1']}`,
				'Nouveaux messages dans les discussions que vous suivez\n' +
					'• « Covoiturage » — Mobilité : 2 nouveaux messages\n' +
					`  ${ORIGIN}/groupes/mobilite/discussions/${ids.carpool}`,
				'Comptes rendus publiés\n' +
					'• Comité de mars — Mobilité\n' +
					`  ${ORIGIN}/groupes/mobilite/reunions/${ids.march}`,
				footer
			].join('\n\n')
		);
	});

	it('tell a lead the check-in to answer and the questions nobody answered', async () => {
		const [mail] = await daily(lea);
		expect(mail.subject).toBe('Vos groupes et vos actions du 8 mars');
		expect(mail.text).toBe(
			[
				'Bonjour Léa Pilote,',
				'Voici ce qui attend les groupes que vous pilotez, puis ce qui vous concerne.',
				'Point d’étape de mars 2027 à remplir\n• Mobilité\n' + `  ${ORIGIN}/groupes/mobilite`,
				'Questions sans réponse dans vos groupes\n' +
					'• « Qui a un camion ? » — Mobilité, posée par Anne Bauer le 4 mars\n' +
					`  ${ORIGIN}/groupes/mobilite/discussions/${ids.truck}`,
				footer
			].join('\n\n')
		);
	});

	it('tell a director which groups need attention and what changed during the week', async () => {
		const [mail] = await weekly(helene);
		expect(mail.subject).toBe('Le point sur les groupes du réseau de la semaine du 1 mars');
		expect(mail.text).toBe(
			[
				'Bonjour Hélène Martin,',
				'Voici les groupes qui demandent de l’attention et ce qui a changé la semaine dernière dans le réseau.',
				'Groupes qui demandent de l’attention\n' +
					'• Recrutement — point d’étape de mars 2027 : en difficulté\n' +
					`  ${ORIGIN}/groupes/recrutement\n` +
					// Anne's report, and the keys of Gaston, who left: still the group's to do.
					'• Mobilité — point d’étape de février 2027 : à surveiller, 2 actions en retard\n' +
					// Attractivité's three overdue actions under a good check-in do not make it
					// need attention: the dashboard's rule (attentionOf) decides, not a count alone.
					`  ${ORIGIN}/groupes/mobilite`,
				'Ce qui a changé la semaine dernière\n' +
					'• Points d’étape : Recrutement (en difficulté)\n' +
					'• 2 actions terminées\n' +
					'• 3 réunions tenues',
				'Décisions des groupes la semaine dernière\n' +
					'• Navette confiée à Kieffer — Mobilité\n' +
					`  ${ORIGIN}/groupes/mobilite/decisions/${ids.decision}`,
				`Le tableau de bord du réseau : ${ORIGIN}/tableau-de-bord`,
				footer
			].join('\n\n')
		);
	});

	it('write the weekly digest in the reader’s language, over the whole week', async () => {
		const [mail] = await weekly(bruno);
		expect(mail.subject).toBe('Your Maillage digest for the week of March 1');
		expect(mail.text).toBe(
			[
				'Hello Bruno Roth,',
				'Here is what concerns you on Maillage.',
				'Your actions overdue or due within 7 days\n' +
					'• Prepare the fair — Mobilité — due March 14\n' +
					`  ${ORIGIN}/actions?owner=me`,
				'Actions given to you\n' +
					'• Prepare the fair — Mobilité — by Léa Pilote — due March 14\n' +
					`  ${ORIGIN}/actions/${ids.fair}`,
				'Minutes published\n' +
					'• Comité de février — Mobilité\n' +
					`  ${ORIGIN}/groupes/mobilite/reunions/${ids.february}\n` +
					'• Comité de mars — Mobilité\n' +
					`  ${ORIGIN}/groupes/mobilite/reunions/${ids.march}`,
				`—\nTo choose how Maillage lets you know: ${ORIGIN}/profil#notifications`
			].join('\n\n')
		);
	});
});

describe('sending twice', () => {
	it('sends nothing more the same day, from a fresh call as after a restart', async () => {
		expect(await digest.sendDigests(ORIGIN, MONDAY)).toBe(0);
		expect(await digest.sendDigests(ORIGIN, at('2027-03-08T20:00:00Z'))).toBe(0);
		expect(await daily(anne)).toHaveLength(1);
		expect(await weekly(helene)).toHaveLength(1);
	});

	it('sends later the same day to someone who had nothing to say at 7:00, once', async () => {
		await action('urgent', g.mobilite, 'Urgent pour Carla', { owner: carla, due: '2027-03-09' });
		expect(await digest.sendDigests(ORIGIN, at('2027-03-08T10:00:00Z'))).toBe(1);
		const [mail] = await daily(carla);
		expect(mail.text).toContain('• Urgent pour Carla — Mobilité — échéance le 9 mars');
		expect(await digest.sendDigests(ORIGIN, at('2027-03-08T11:00:00Z'))).toBe(0);
	});

	it('runs safely side by side the next day: one digest per person', async () => {
		const tuesday = at('2027-03-09T07:00:00Z');
		const results = await Promise.all([
			digest.sendDigests(ORIGIN, tuesday),
			digest.sendDigests(ORIGIN, tuesday)
		]);
		// Anne's and Carla's actions are still due, Léa's check-in still unanswered; the weekly
		// digest waits for next Monday.
		expect(results.reduce((a, b) => a + b, 0)).toBe(3);
		expect(await daily(anne)).toHaveLength(2);
		expect(await daily(lea)).toHaveLength(2);
		expect(await daily(carla)).toHaveLength(2);
		expect(await weekly(helene)).toHaveLength(1);
		const logged = await db.select().from(reminderLog).where(eq(reminderLog.day, '2027-03-09'));
		expect(logged.map((l) => l.kind)).toEqual(['digest_daily', 'digest_daily', 'digest_daily']);
	});
});

describe('quarterly check-ins', () => {
	it('ask leads for the quarter’s check-in, not the month’s', async () => {
		await setSetting(CHECK_IN_PERIOD_KEY, 'quarter');
		try {
			// Mobilité answered the quarter; Recrutement only answered March, before the change.
			await checkIn(g.mobilite, '2027-Q1', 'on_track', '2027-03-15T10:00:00Z');
			const period = digest.periodOf('daily', '2027-03-20');
			const read = await digest.compose(period);
			const { content } = read.find((r) => r.reader.id === lea.id)!;
			expect(content.lead).toMatchObject({
				checkInPeriod: '2027-Q1',
				checkInsDue: [{ group: 'Recrutement', groupSlug: 'recrutement' }]
			});
			const { text } = render('fr', lea.name, period, content, ORIGIN);
			expect(text).toContain('Point d’étape de T1 2027 à remplir\n• Recrutement');
		} finally {
			await setSetting(CHECK_IN_PERIOD_KEY, 'month');
			await db
				.delete(checkIns)
				.where(and(eq(checkIns.groupId, g.mobilite), eq(checkIns.period, '2027-Q1')));
		}
	});
});
