import { isRedirect } from '@sveltejs/kit';
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { jsonFromDoc } from '$lib/richtext/content';
import { loadDoc } from '$lib/server/collab/persistence/storage';
import { db } from '$lib/server/db';
import { documents, meetings, users } from '$lib/server/db/schema';
import type { RichNode } from '$lib/richtext/types';
import * as listPage from '../../src/routes/(app)/groupes/[slug]/reunions/+page.server';
import * as meetingPage from '../../src/routes/(app)/groupes/[slug]/reunions/[meetingId=uuid]/+page.server';
import * as icsRoute from '../../src/routes/(app)/groupes/[slug]/reunions/[meetingId=uuid]/ics/+server';
import type { PageServerData as ListData } from '../../src/routes/(app)/groupes/[slug]/reunions/$types';
import type { PageServerData as MeetingData } from '../../src/routes/(app)/groupes/[slug]/reunions/[meetingId=uuid]/$types';
import { createTestDb } from '../helpers/db';
import { expectFailure, run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';

// The agenda of a meeting as the schedule and edit forms send it: ordered rows of a title, an
// optional owner (a person of the network) and an optional duration.

await createTestDb();

let lead: SessionUser;
let marie: SessionUser;
let partner: SessionUser;
let closed: SessionUser;
let group: { id: string; slug: string };

beforeAll(async () => {
	lead = await buildUser({ name: 'Luc Pilote' });
	marie = await buildUser({ name: 'Marie Dupont' });
	partner = await buildUser({ name: 'Anne Partenaire', role: 'partner' });
	closed = await buildUser({ name: 'Compte Fermé' });
	await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, closed.id));
	group = await buildGroup({}, [
		{ user: lead, role: 'lead' },
		{ user: marie, role: 'member' }
	]);
});

const base = {
	title: 'Comité de pilotage',
	startsAt: '2027-03-02T14:00',
	endsAt: '2027-03-02T16:00',
	placeKind: 'address',
	placeText: 'Mairie de Sélestat'
};

/** The form's fields of agenda rows, numbered as given. */
function rows(...items: [number, { title?: string; ownerId?: string; minutes?: string }][]) {
	const fields: Record<string, string> = {};
	for (const [i, item] of items) {
		fields[`agenda.${i}.title`] = item.title ?? '';
		fields[`agenda.${i}.ownerId`] = item.ownerId ?? '';
		fields[`agenda.${i}.minutes`] = item.minutes ?? '';
	}
	return fields;
}

const schedule = (form: Record<string, string>) =>
	run(listPage.actions.create, {
		path: `/groupes/${group.slug}/reunions?/create`,
		params: { slug: group.slug },
		user: lead,
		form
	});

const atMeeting = (meetingId: string, form?: Record<string, string>, action?: string) => ({
	path: `/groupes/${group.slug}/reunions/${meetingId}${action ? `?/${action}` : ''}`,
	params: { slug: group.slug, meetingId },
	user: lead,
	form
});

/** The meeting a successful schedule redirected to. */
function scheduled(thrown: unknown): string {
	expect(isRedirect(thrown), String(thrown)).toBe(true);
	return /reunions\/([0-9a-f-]{36})/.exec((thrown as { location: string }).location)![1];
}

async function stored(meetingId: string) {
	const [row] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
	return row;
}

const counts = async () => ({
	meetings: (await db.select({ n: count() }).from(meetings))[0].n,
	documents: (await db.select({ n: count() }).from(documents))[0].n
});

async function headings(documentId: string): Promise<string[]> {
	const doc = await loadDoc(documentId);
	const json = jsonFromDoc(doc);
	doc.destroy();
	const text = (node: RichNode): string =>
		node.type === 'text' ? (node.text ?? '') : (node.content ?? []).map(text).join('');
	return (json.content ?? []).filter((n) => n.type === 'heading').map(text);
}

describe('scheduling a meeting with its agenda', () => {
	it('stores the rows in their order with owners and durations, the blank ones dropped', async () => {
		const { thrown } = await schedule({
			...base,
			// Numbered 0, 1, 2 and 10 by the page: 10 comes last, not after 1.
			...rows(
				[10, { title: 'Budget 2027', ownerId: marie.id, minutes: '20' }],
				[0, { title: ' Tour de table ', minutes: '10' }],
				[1, {}],
				[2, { title: 'Navette', ownerId: partner.id }]
			)
		});
		const id = scheduled(thrown);
		const meeting = await stored(id);
		expect(meeting.agenda).toEqual([
			{ title: 'Tour de table', ownerId: null, minutes: 10 },
			{ title: 'Navette', ownerId: partner.id, minutes: null },
			{ title: 'Budget 2027', ownerId: marie.id, minutes: 20 }
		]);
		// The notes' headings carry the owner and the duration.
		expect(await headings(meeting.notesDocumentId!)).toEqual([
			'Comité de pilotage',
			'Tour de table (10 min)',
			'Navette — Anne Partenaire',
			'Budget 2027 — Marie Dupont (20 min)',
			'Suivi des actions',
			'Décisions',
			'Actions'
		]);

		// The meeting page names the owners, and the edit form holds the rows.
		const data = (await run(meetingPage.load, atMeeting(id))).result as MeetingData;
		expect(data.meeting.agenda).toEqual([
			{ title: 'Tour de table', minutes: 10, owner: null },
			{ title: 'Navette', minutes: null, owner: 'Anne Partenaire' },
			{ title: 'Budget 2027', minutes: 20, owner: 'Marie Dupont' }
		]);
		expect(data.edit?.values).toMatchObject({
			'agenda.0.title': 'Tour de table',
			'agenda.0.ownerId': '',
			'agenda.0.minutes': '10',
			'agenda.2.ownerId': marie.id,
			'agenda.2.minutes': '20'
		});
		expect(data.edit?.values['agenda.3.title']).toBeUndefined();

		// The calendar file lists the agenda with its owners.
		const response = (await run(icsRoute.GET, atMeeting(id))).result as Response;
		const ics = (await response.text()).replace(/\r\n[ \t]/g, '');
		expect(ics).toContain(
			'DESCRIPTION:• Tour de table (10 min)\\n• Navette — Anne Partenaire\\n• Budget 2027 — Marie Dupont (20 min)'
		);
	});

	it('offers the group’s members first as owners, then the rest of the network', async () => {
		const data = (
			await run(listPage.load, {
				path: `/groupes/${group.slug}/reunions`,
				params: { slug: group.slug },
				user: lead
			})
		).result as ListData;
		const people = data.schedule!.people;
		expect(people.slice(0, 2).map((p) => [p.name, p.member])).toEqual([
			['Luc Pilote', true],
			['Marie Dupont', true]
		]);
		expect(people.find((p) => p.id === partner.id)?.member).toBe(false);
		expect(people.some((p) => p.id === closed.id)).toBe(false);
	});

	it.each([
		['someone unknown', () => crypto.randomUUID(), 'action.owner_unknown'],
		['a closed account', () => closed.id, 'action.owner_unknown'],
		['not an id', () => 'marie', 'action.owner_unknown']
	])(
		'refuses %s as owner next to the field, keeps what was typed, writes nothing',
		async (_, owner, message) => {
			const before = await counts();
			const ownerId = owner();
			const { result } = await schedule({
				...base,
				...rows([0, {}], [1, { title: 'Tour de table' }], [2, { title: 'Budget', ownerId }])
			});
			const failure = expectFailure(result);
			// The blank first row is gone: the refused row is the second one the page shows.
			expect(failure.errors).toEqual({ 'agenda.1.ownerId': message });
			expect(failure.values).toMatchObject({
				title: base.title,
				'agenda.0.title': 'Tour de table',
				'agenda.1.title': 'Budget',
				'agenda.1.ownerId': ownerId
			});
			expect(failure.values['agenda.2.title']).toBeUndefined();
			expect(await counts()).toEqual(before);
		}
	);

	it('refuses a row with a duration but no title, and a duration that is not one', async () => {
		const before = await counts();
		const { result } = await schedule({
			...base,
			...rows([0, { minutes: '15' }], [1, { title: 'Budget', minutes: 'une heure' }])
		});
		expect(expectFailure(result).errors).toEqual({
			'agenda.0.title': 'meeting.agenda_title_missing',
			'agenda.1.minutes': 'meeting.agenda_minutes_invalid'
		});
		expect(await counts()).toEqual(before);
	});
});

describe('editing the agenda', () => {
	it('keeps an owner whose account was closed since, and refuses to name a new one', async () => {
		const paul = await buildUser({ name: 'Paul Parti' });
		const id = scheduled(
			(
				await schedule({
					...base,
					...rows([0, { title: 'Bilan', ownerId: paul.id, minutes: '30' }])
				})
			).thrown
		);
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, paul.id));

		// The edit form still offers him, so that saving does not drop him silently.
		const data = (await run(meetingPage.load, atMeeting(id))).result as MeetingData;
		expect(data.edit?.people.find((p) => p.id === paul.id)).toMatchObject({
			name: 'Paul Parti',
			closed: true
		});

		const edit = (agenda: Record<string, string>) =>
			run(meetingPage.actions.update, atMeeting(id, { ...base, ...agenda }, 'update'));
		const kept = await edit(
			rows([0, { title: 'Tour de table' }], [1, { title: 'Bilan', ownerId: paul.id }])
		);
		expect(kept.result).toEqual({ done: 'meeting.saved' });
		expect((await stored(id)).agenda).toEqual([
			{ title: 'Tour de table', ownerId: null, minutes: null },
			{ title: 'Bilan', ownerId: paul.id, minutes: null }
		]);

		const refused = await edit(
			rows([0, { title: 'Tour de table', ownerId: closed.id }], [1, { title: 'Bilan' }])
		);
		expect(expectFailure(refused.result).errors).toEqual({
			'agenda.0.ownerId': 'action.owner_unknown'
		});
		expect((await stored(id)).agenda[1].ownerId).toBe(paul.id);
	});
});
