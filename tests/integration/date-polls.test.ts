import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { parisLocalToDate } from '$lib/server/dates';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import {
	documents,
	groupMembers,
	meetingAttendees,
	meetings,
	pollAnswers,
	polls
} from '$lib/server/db/schema';
import * as decisions from '$lib/server/decisions';
import { ServiceError } from '$lib/server/errors';
import { afterAnswersSettled } from '$lib/server/jobs';
import * as preferences from '$lib/server/preferences';
import * as linkPage from '../../src/routes/(auth)/disponibilites/[token]/+page.server';
import * as newPage from '../../src/routes/(app)/groupes/[slug]/sondages/dates/+page.server';
import * as pollPage from '../../src/routes/(app)/groupes/[slug]/sondages/dates/[pollId=uuid]/+page.server';
import { createTestDb } from '../helpers/db';
import { expectFailure, run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';
import { mailsTo } from '../helpers/mail';

// Date polls: slots offered by whoever organises the group's meetings, answered yes / if need be
// / no from the app or from one-click e-mail links without a session, the best slots first, and
// the meeting scheduled from the slot picked (once), with its invitations and calendar files.

await createTestDb();

const ORIGIN = 'https://maillage.example';
const DAY = 86_400_000;
let lead: SessionUser;
let member: SessionUser;
let other: SessionUser;
let muted: SessionUser;
let observer: SessionUser;
let outsider: SessionUser;
let group: { id: string; slug: string };

/** A slot `days` from now, 18:00–20:00 Paris time, summer or winter. */
function slot(days: number, place = 'Salle du conseil') {
	const day = new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
	return {
		startsAt: parisLocalToDate(`${day}T18:00`)!,
		endsAt: parisLocalToDate(`${day}T20:00`)!,
		place
	};
}

const input = (over: Partial<decisions.DatePollInput> = {}): decisions.DatePollInput => ({
	title: 'Comité de pilotage',
	body: null,
	closesAt: new Date(Date.now() + 5 * DAY),
	slots: [slot(10), slot(11), slot(12, '')],
	...over
});

async function refusal(work: Promise<unknown>) {
	try {
		await work;
	} catch (e) {
		if (e instanceof ServiceError) return e;
		throw e;
	}
	throw new Error('expected a refusal');
}

const answers = (pollId: string) =>
	db.select().from(pollAnswers).where(eq(pollAnswers.pollId, pollId));

/** The one-click links of the last invitation to a date poll of that title mailed to an address. */
async function linksTo(email: string, title = 'Atelier RH') {
	const mail = (await mailsTo(email, 'date_poll')).filter((m) => m.subject.includes(title)).at(-1);
	if (!mail) throw new Error(`no date poll mail to ${email}`);
	const token = mail.text.match(/\/disponibilites\/([a-z2-7]{32})\?/)?.[1];
	if (!token) throw new Error(`no link in ${mail.text}`);
	return { mail, token };
}

const openLink = (token: string, query = '') =>
	run(linkPage.load, { path: `/disponibilites/${token}${query}`, params: { token } });

beforeAll(async () => {
	[lead, member, other, muted, observer, outsider] = await Promise.all([
		buildUser({ name: 'Léa Responsable' }),
		buildUser({ name: 'Marc Membre' }),
		buildUser({ name: 'Nina Autre' }),
		buildUser({ name: 'Muet' }),
		buildUser(),
		buildUser()
	]);
	group = await buildGroup({ joinPolicy: 'closed' }, [
		{ user: lead, role: 'lead' },
		{ user: member, role: 'member' },
		{ user: other, role: 'member' },
		{ user: muted, role: 'member' },
		{ user: observer, role: 'observer' }
	]);
	await preferences.save(muted, { ...preferences.DEFAULT_DELIVERY, invitations: 'off' });
});

describe('the date poll form', () => {
	// Five days from now, as the form's field says it.
	const soon = new Date(Date.now() + 5 * DAY).toISOString().slice(0, 16);
	const create = (user: SessionUser, fields: Record<string, string>) =>
		run(newPage.actions.default, {
			user,
			path: `/groupes/${group.slug}/sondages/dates`,
			params: { slug: group.slug },
			form: { title: 'Comité', closesAt: soon, ...fields }
		});
	const rows = (
		n: number,
		day = (i: number) => `2099-02-${String((i % 28) + 1).padStart(2, '0')}`
	) =>
		Object.fromEntries(
			Array.from({ length: n }, (_, i) => [
				[`slots.${i}.day`, day(i)],
				[`slots.${i}.start`, `${String(8 + Math.floor(i / 28)).padStart(2, '0')}:00`],
				[`slots.${i}.end`, '21:00']
			]).flat()
		);

	it('refuses one slot, 200 slots, a slot twice and an end before its start, writing nothing', async () => {
		const before = await db.select({ n: sql<number>`count(*)::int` }).from(polls);
		const one = await create(lead, rows(1));
		expect(expectFailure(one.result).errors.slots).toBe('poll.slots_count');
		const many = await create(lead, rows(200));
		expect(expectFailure(many.result).errors.slots).toBe('poll.slots_count');
		const twice = await create(lead, { ...rows(2, () => '2099-03-02') });
		expect(expectFailure(twice.result).errors['slots.1.day']).toBe('poll.slot_duplicate');
		const backwards = await create(lead, { ...rows(2), 'slots.1.end': '07:00' });
		expect(expectFailure(backwards.result).errors['slots.1.end']).toBe('meeting.end_before_start');
		const badTime = await create(lead, { ...rows(2), 'slots.0.start': '25:00' });
		expect(expectFailure(badTime.result).errors['slots.0.start']).toBe('validation.time');
		const after = await db.select({ n: sql<number>`count(*)::int` }).from(polls);
		expect(after[0].n).toBe(before[0].n);
	});

	it('refuses a slot in the past, and keeps what was typed', async () => {
		const { result } = await create(lead, {
			'slots.0.day': '2020-01-07',
			'slots.0.start': '18:00',
			'slots.0.end': '20:00',
			'slots.1.day': '2099-01-08',
			'slots.1.start': '18:00',
			'slots.1.end': '20:00'
		});
		const failure = expectFailure(result);
		expect(failure.errors['slots.0.day']).toBe('poll.slot_past');
		expect(failure.values['slots.1.day']).toBe('2099-01-08');
	});

	it('opens the poll from the rows sent, blank rows skipped, and goes to its page', async () => {
		const { thrown } = await create(lead, {
			...rows(3),
			'slots.3.day': '',
			'slots.3.start': '',
			'slots.3.end': ''
		});
		expect(isRedirect(thrown) && thrown.location).toMatch(
			new RegExp(`^/groupes/${group.slug}/sondages/dates/[0-9a-f-]{36}$`)
		);
		await afterAnswersSettled();
	});

	it('closes before its first slot begins', async () => {
		const e = await refusal(
			decisions.openDatePoll(lead, group.id, input({ closesAt: new Date(Date.now() + 11 * DAY) }))
		);
		expect(e).toMatchObject({ messageKey: 'poll.closes_after_slot', field: 'closesAt' });
	});

	it('is for those who organise the group’s meetings', async () => {
		for (const user of [member, observer]) {
			const { thrown } = await create(user, rows(2));
			expect(isHttpError(thrown) && thrown.status).toBe(403);
		}
		const e = await refusal(decisions.openDatePoll(outsider, group.id, input()));
		expect(e.kind).toBe('not_found');
	});
});

describe('answering', () => {
	let pollId: string;
	let slots: { id: string }[];

	beforeAll(async () => {
		pollId = (await decisions.openDatePoll(lead, group.id, input(), ORIGIN)).id;
		await afterAnswersSettled();
		const view = await decisions.datePollView(lead, pollId);
		slots = view.slots!;
	});

	it('records each participant’s answers, a later answer replacing only the slots it names', async () => {
		await decisions.answerSlots(
			member,
			pollId,
			new Map([
				[slots[0].id, 2],
				[slots[1].id, 0]
			])
		);
		await decisions.answerSlots(member, pollId, new Map([[slots[1].id, 1]]));
		const view = await decisions.datePollView(member, pollId);
		expect(view.mine).toEqual({ [slots[0].id]: 2, [slots[1].id]: 1 });
		expect(view.history).toHaveLength(2);
		const current = (await answers(pollId)).filter((a) => a.current);
		expect(current).toHaveLength(1);
	});

	it('refuses observers, outsiders, unknown slots and answers that are not yes, maybe or no', async () => {
		const before = (await answers(pollId)).length;
		expect(
			(await refusal(decisions.answerSlots(observer, pollId, new Map([[slots[0].id, 2]])))).kind
		).toBe('forbidden');
		expect(
			(await refusal(decisions.answerSlots(outsider, pollId, new Map([[slots[0].id, 2]])))).kind
		).toBe('not_found');
		for (const bad of [
			new Map([[crypto.randomUUID(), 2]]),
			new Map([[slots[0].id, 3]]),
			new Map([[slots[0].id, NaN]]),
			new Map<string, number>()
		]) {
			const e = await refusal(decisions.answerSlots(other, pollId, bad));
			expect(e.messageKey).toBe('poll.answer_slots');
		}
		expect((await answers(pollId)).length).toBe(before);
	});

	it('leaves one current answer when the same person answers twice at the same moment', async () => {
		await Promise.all([
			decisions.answerSlots(other, pollId, new Map([[slots[2].id, 2]])),
			decisions.answerSlots(other, pollId, new Map([[slots[2].id, 0]])),
			decisions.answerSlots(other, pollId, new Map([[slots[0].id, 1]]))
		]);
		const current = (await answers(pollId)).filter((a) => a.current && a.userId === other.id);
		expect(current).toHaveLength(1);
	});

	it('puts the slots most can make first, then those with most yes', async () => {
		const view = await decisions.datePollView(observer, pollId);
		const best = view.best!.map((s) => s.id);
		// Slot 0: yes + if need be; slot 1: if need be; slot 2: other's yes or no.
		expect(best[0]).toBe(slots[0].id);
		expect(view.slots![0]).toMatchObject({ yes: 1, maybe: 1 });
		expect(view.people!.map((p) => p.name)).toEqual(['Marc Membre', 'Nina Autre']);
		expect(view.participant).toBe(false);
		expect(view.waiting).toEqual(expect.arrayContaining(['Léa Responsable', 'Muet']));
	});

	it('takes the page’s form, and says which answer was wrong', async () => {
		const sent = await run(pollPage.actions.answer, {
			user: other,
			path: `/groupes/${group.slug}/sondages/dates/${pollId}?/answer`,
			params: { slug: group.slug, pollId },
			form: { [`slot:${slots[1].id}`]: 'yes', [`slot:${slots[2].id}`]: 'peut-être' }
		});
		expect(expectFailure(sent.result).errors.slots).toBe('poll.answer_slots');
		const ok = await run(pollPage.actions.answer, {
			user: other,
			path: `/groupes/${group.slug}/sondages/dates/${pollId}?/answer`,
			params: { slug: group.slug, pollId },
			form: { [`slot:${slots[1].id}`]: 'yes', [`slot:${slots[2].id}`]: 'no' }
		});
		expect(ok.result).toEqual({ answered: true });
	});

	it('is refused by the database once the closing time has passed', async () => {
		const late = await decisions.openDatePoll(lead, group.id, input());
		const [first] = (await decisions.datePollView(lead, late.id)).slots!;
		await db
			.update(polls)
			.set({ closesAt: sql`statement_timestamp() - interval '1 millisecond'` })
			.where(eq(polls.id, late.id));
		const e = await refusal(decisions.answerSlots(member, late.id, new Map([[first.id, 2]])));
		expect(e.messageKey).toBe('poll.closed');
		expect(await answers(late.id)).toHaveLength(0);
	});
});

describe('the invitation e-mail and its one-click links', () => {
	let pollId: string;

	beforeAll(async () => {
		pollId = (await decisions.openDatePoll(lead, group.id, input({ title: 'Atelier RH' }), ORIGIN))
			.id;
		await afterAnswersSettled();
	});

	it('goes to the group’s members and leads who take invitations by e-mail, not to its organiser', async () => {
		const { mail } = await linksTo(member.email);
		expect(mail.subject).toContain('Atelier RH');
		// Every slot, in Paris time, with its three answers.
		expect(mail.text).toContain('18:00');
		expect(mail.text.match(/\?c=\d+&r=yes/g)).toHaveLength(3);
		expect(mail.text).toContain(`/disponibilites/`);
		expect(
			(await mailsTo(lead.email, 'date_poll')).some((m) => m.subject.includes('Atelier RH'))
		).toBe(false);
		expect(await mailsTo(muted.email, 'date_poll')).toHaveLength(0);
		expect(await mailsTo(observer.email, 'date_poll')).toHaveLength(0);
	});

	it('offers the answer a link carries, records it once confirmed, and the page’s buttons change it', async () => {
		const { token } = await linksTo(member.email);
		// Opening the link (as a mail scanner does) writes nothing: the page offers the answer.
		const { result, thrown } = await openLink(token, '?c=2&r=maybe');
		expect(thrown).toBeUndefined();
		expect(result).toMatchObject({
			pending: { slot: 2, answer: 'maybe' },
			recorded: null,
			poll: { title: 'Atelier RH', open: true }
		});
		expect((await decisions.datePollView(member, pollId)).mine).toEqual({});
		const post = (c: string, r: string) =>
			run(linkPage.actions.default, {
				path: `/disponibilites/${token}?c=2&r=maybe`,
				params: { token },
				form: { c, r }
			});
		// Confirmed (the page's script does it at once): recorded, then the page without the query.
		const confirmed = await post('2', 'maybe');
		expect(isRedirect(confirmed.thrown) && confirmed.thrown.location).toBe(
			`/disponibilites/${token}?enregistre=2`
		);
		const view = await decisions.datePollView(member, pollId);
		expect(view.mine).toEqual({ [view.slots![1].id]: 1 });
		const shown = await openLink(token, '?enregistre=2');
		expect(shown.result).toMatchObject({ recorded: 2, pending: null });
		// Another answer for the same slot, then one for another slot: each kept.
		await post('2', 'no');
		await post('1', 'yes');
		const again = await decisions.datePollView(member, pollId);
		expect(again.mine).toEqual({ [again.slots![0].id]: 2, [again.slots![1].id]: 0 });
	});

	it('refuses an altered or unknown token with a 404, a wrong slot or answer with a message; nothing written', async () => {
		const { token } = await linksTo(other.email);
		const before = (await answers(pollId)).length;
		const flipped = `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
		for (const forged of [flipped, 'a'.repeat(32), 'nope']) {
			const { thrown } = await openLink(forged, '?c=1&r=yes');
			expect(isHttpError(thrown) && thrown.status).toBe(404);
		}
		for (const query of ['?c=9&r=yes', '?c=1&r=oui', '?c=x&r=no']) {
			const { result } = await openLink(token, query);
			expect(result).toMatchObject({ recorded: null, pending: null, refused: true });
		}
		const posted = await run(linkPage.actions.default, {
			path: `/disponibilites/${token}`,
			params: { token },
			form: { c: '0', r: 'yes' }
		});
		expect(isActionFailure(posted.result)).toBe(true);
		expect((await answers(pollId)).length).toBe(before);
	});

	it('stops working for someone who left the group', async () => {
		const leaver = await buildUser();
		await db.insert(groupMembers).values({ groupId: group.id, userId: leaver.id, role: 'member' });
		const id = (await decisions.openDatePoll(lead, group.id, input({ title: 'Départ' }), ORIGIN))
			.id;
		await afterAnswersSettled();
		const { token } = await linksTo(leaver.email, 'Départ');
		await db
			.delete(groupMembers)
			.where(and(eq(groupMembers.groupId, group.id), eq(groupMembers.userId, leaver.id)));
		const { thrown } = await openLink(token, '?c=1&r=yes');
		expect(isHttpError(thrown) && thrown.status).toBe(404);
		expect(await answers(id)).toHaveLength(0);
	});

	it('takes no answer once the poll has closed, and says so', async () => {
		const { token } = await linksTo(other.email);
		await decisions.closeNow(lead, pollId);
		const before = (await answers(pollId)).length;
		const { result } = await openLink(token, '?c=1&r=yes');
		expect(result).toMatchObject({ recorded: null, pending: null, poll: { open: false } });
		const posted = await run(linkPage.actions.default, {
			path: `/disponibilites/${token}`,
			params: { token },
			form: { c: '1', r: 'yes' }
		});
		expect(expectFailure(posted.result, 409)).toBeTruthy();
		expect((await answers(pollId)).length).toBe(before);
	});
});

describe('scheduling the meeting from the slot picked', () => {
	let pollId: string;
	let slots: { id: string; startsAt: Date; endsAt: Date }[];

	beforeAll(async () => {
		pollId = (await decisions.openDatePoll(lead, group.id, input({ title: 'Comité mobilité' }))).id;
		slots = (await decisions.datePollView(lead, pollId)).slots!;
		await decisions.answerSlots(member, pollId, new Map([[slots[1].id, 2]]));
	});

	it('is for the poll’s organiser, a lead or the coordination', async () => {
		const { thrown } = await run(pollPage.actions.schedule, {
			user: member,
			path: `/groupes/${group.slug}/sondages/dates/${pollId}?/schedule`,
			params: { slug: group.slug, pollId },
			form: { slot: slots[1].id, title: 'Comité' }
		});
		expect(isHttpError(thrown) && thrown.status).toBe(403);
		const e = await refusal(
			decisions.scheduleFromSlot(outsider, pollId, slots[1].id, 'Comité', 'fr')
		);
		expect(e.kind).toBe('not_found');
	});

	it('refuses a slot of another poll', async () => {
		const elsewhere = await decisions.openDatePoll(lead, group.id, input({ title: 'Autre' }));
		const [theirs] = (await decisions.datePollView(lead, elsewhere.id)).slots!;
		const e = await refusal(decisions.scheduleFromSlot(lead, pollId, theirs.id, 'Comité', 'fr'));
		expect(e.field).toBe('slot');
		const [poll] = await db.select().from(polls).where(eq(polls.id, pollId));
		expect(poll.chosenOptionId).toBeNull();
	});

	it('schedules one meeting from two clicks, on the slot, with the group invited and their invitations sent', async () => {
		const outcomes = await Promise.allSettled([
			decisions.scheduleFromSlot(lead, pollId, slots[1].id, 'Comité mobilité', 'fr'),
			decisions.scheduleFromSlot(lead, pollId, slots[1].id, 'Comité mobilité', 'fr')
		]);
		const made = outcomes.filter((o) => o.status === 'fulfilled');
		expect(made).toHaveLength(1);
		const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
		expect((refused.reason as ServiceError).messageKey).toBe('poll.already_scheduled');
		const meeting = (made[0] as PromiseFulfilledResult<{ id: string }>).value;
		const [row] = await db.select().from(meetings).where(eq(meetings.id, meeting.id));
		expect(row.startsAt).toEqual(slots[1].startsAt);
		expect(row.endsAt).toEqual(slots[1].endsAt);
		expect(row.placeText).toBe('Salle du conseil');
		const invited = await db
			.select({ userId: meetingAttendees.userId })
			.from(meetingAttendees)
			.where(eq(meetingAttendees.meetingId, meeting.id));
		expect(invited.map((i) => i.userId)).toEqual(
			expect.arrayContaining([lead.id, member.id, other.id, observer.id])
		);
		const [invitation] = (await mailsTo(member.email, 'meeting_invitation')).filter((m) =>
			m.text.includes(meeting.id)
		);
		expect(invitation.attachments[0].content).toContain('TZID=Europe/Paris');
		const [poll] = await db.select().from(polls).where(eq(polls.id, pollId));
		expect(poll).toMatchObject({ meetingId: meeting.id, chosenOptionId: slots[1].id });
		expect(poll.closedAt).not.toBeNull();
		expect((await decisions.meetingDecisions(meeting.id)).fromPoll).toMatchObject({ id: pollId });
		const count = await db
			.select({ n: sql<number>`count(*)::int` })
			.from(meetings)
			.where(eq(meetings.title, 'Comité mobilité'));
		expect(count[0].n).toBe(1);
		// The click that lost left no notes document behind.
		const notes = await db
			.select({ n: sql<number>`count(*)::int` })
			.from(documents)
			.where(sql`${documents.title} like ${'%Comité mobilité%'}`);
		expect(notes[0].n).toBe(1);
	});

	it('cannot be reopened once its meeting is scheduled', async () => {
		const e = await refusal(decisions.extend(lead, pollId, new Date(Date.now() + 3 * DAY)));
		expect(e.messageKey).toBe('poll.already_scheduled');
		const view = await decisions.datePollView(lead, pollId);
		expect(view.organiser).toBe(false);
	});
});
