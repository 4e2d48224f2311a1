import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeActivity } from '$lib/activity';
import * as activityLog from '$lib/server/activity';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { activity, meetingAttendees, meetings as meetingsTable } from '$lib/server/db/schema';
import * as meetings from '$lib/server/meetings';
import * as meetingPage from '../../src/routes/(app)/groupes/[slug]/reunions/[meetingId=uuid]/+page.server';
import type { PageServerData as MeetingData } from '../../src/routes/(app)/groupes/[slug]/reunions/[meetingId=uuid]/$types';
import { startCollab, type RunningCollab } from '../helpers/collab';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { expectFailure, expectHttpError, meetingRequest, run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';

// A meeting's state follows time: it is marked held once it has begun, goes back to planned if
// that was a mistake (until its minutes are published), and is cancelled only when asked twice.

await createTestDb();

const hour = 3600 * 1000;

let running: RunningCollab;
let lead: SessionUser;
let member: SessionUser;
let observer: SessionUser;
let outsider: SessionUser;
let group: { id: string; slug: string };

beforeAll(async () => {
	running = await startCollab();
	[lead, member, observer, outsider] = await Promise.all(
		['Luc Pilote', 'Marie Membre', 'Olivier Observateur', 'Paul Ailleurs'].map((name) =>
			buildUser({ name })
		)
	);
	group = await buildGroup({ joinPolicy: 'closed' }, [
		{ user: lead, role: 'lead' },
		{ user: member, role: 'member' },
		{ user: observer, role: 'observer' }
	]);
});
afterAll(() => running.stop());

/** A meeting of the group starting `inHours` hours from now (negative: already begun). */
async function meeting(title: string, inHours: number) {
	const created = await meetings.create(
		lead,
		group.id,
		meetings.meetingSchema.parse({
			title,
			startsAt: '2027-03-02T14:00',
			endsAt: '2027-03-02T16:00',
			placeKind: 'address',
			placeText: 'Mairie de Sélestat'
		}),
		[],
		'fr'
	);
	// The form reads Paris wall-clock times; the tests want "in n hours".
	const startsAt = new Date(Date.now() + inHours * hour);
	await db
		.update(meetingsTable)
		.set({ startsAt, endsAt: new Date(startsAt.getTime() + 2 * hour) })
		.where(eq(meetingsTable.id, created.id));
	return created.id;
}

async function stored(id: string) {
	const [row] = await db.select().from(meetingsTable).where(eq(meetingsTable.id, id));
	return row;
}

async function loggedFor(id: string) {
	return db
		.select({ verb: activity.verb, actorId: activity.actorId })
		.from(activity)
		.where(and(eq(activity.subjectType, 'meeting'), eq(activity.subjectId, id)));
}

const at = (user: SessionUser, meetingId: string, action?: string, form?: Record<string, string>) =>
	meetingRequest(group.slug, user, meetingId, action, form);

/**
 * Members and observers are refused the action (403), outsiders do not find the meeting (404),
 * and the service refuses them the same change; the meeting and its activity stay as they were.
 */
async function expectRefused(
	id: string,
	action: 'held' | 'cancel' | 'reopen',
	form: Record<string, string> = {}
) {
	const status = { held: 'held', cancel: 'cancelled', reopen: 'planned' } as const;
	const before = await stored(id);
	const logged = await loggedFor(id);
	for (const [person, code] of [
		[member, 403],
		[observer, 403],
		[outsider, 404]
	] as const) {
		const { thrown } = await run(meetingPage.actions[action], at(person, id, action, form));
		expectHttpError(thrown, code);
		const refused = await refusal(meetings.setStatus(person, id, status[action]));
		expect(refused.kind).toBe(code === 403 ? 'forbidden' : 'not_found');
	}
	expect(await stored(id)).toEqual(before);
	expect(await loggedFor(id)).toEqual(logged);
}

describe('marking a meeting held', () => {
	it('refuses a meeting that has not begun, on the page and in the service, and changes nothing', async () => {
		const id = await meeting('Pas encore', 2);
		const before = await stored(id);
		const { result, thrown } = await run(meetingPage.actions.held, at(lead, id, 'held', {}));
		expect(thrown).toBeUndefined();
		expect(expectFailure(result).errors).toEqual({ form: 'meeting.not_started' });
		const page = (await run(meetingPage.load, at(lead, id))).result as MeetingData;
		expect(page.started).toBe(false);
		expect(await refusal(meetings.setStatus(lead, id, 'held'))).toMatchObject({
			kind: 'invalid',
			messageKey: 'meeting.not_started'
		});
		// Recording who came does not mark it held either before it begins.
		await meetings.recordAttendance(lead, id, { [member.id]: 'excused' });
		const after = await stored(id);
		expect(after.status).toBe('planned');
		expect(after.updatedAt).toEqual(before.updatedAt);
	});

	it('marks a begun meeting held, then back to planned, and the group’s activity tells it', async () => {
		const id = await meeting('Commencée', -1);
		const page = (await run(meetingPage.load, at(lead, id))).result as MeetingData;
		expect(page.started).toBe(true);
		await expectRefused(id, 'held');

		const held = await run(meetingPage.actions.held, at(lead, id, 'held', {}));
		expect(held.thrown).toBeUndefined();
		expect(held.result).toEqual({ done: 'meeting.status_changed' });
		expect((await stored(id)).status).toBe('held');
		expect(await loggedFor(id)).toEqual([{ verb: 'created', actorId: lead.id }]);
		await expectRefused(id, 'reopen');

		const back = await run(meetingPage.actions.reopen, at(lead, id, 'reopen', {}));
		expect(back.thrown).toBeUndefined();
		expect(back.result).toEqual({ done: 'meeting.status_changed' });
		expect((await stored(id)).status).toBe('planned');
		const [entry] = (await activityLog.recentForGroup(group.id)).filter(
			(e) => e.verb === 'back_to_planned'
		);
		expect(entry).toMatchObject({ subjectType: 'meeting', label: 'Commencée', actor: lead.name });
		expect(describeActivity('fr', entry)).toBe(
			'Luc Pilote a remis la réunion « Commencée » comme planifiée : elle avait été marquée tenue.'
		);
		expect(describeActivity('en', entry)).toBe(
			'Luc Pilote set the meeting “Commencée” back to planned: it had been marked held.'
		);
		// Recording who came marks it held again, now that it has begun.
		await meetings.recordAttendance(lead, id, { [member.id]: 'present' });
		expect((await stored(id)).status).toBe('held');
	});

	it('keeps a meeting whose minutes are published: no going back to planned, no cancelling', async () => {
		const id = await meeting('Publiée', -3);
		await meetings.setStatus(lead, id, 'held');
		await meetings.publish(lead, id, 'fr', 'https://m.test');
		const before = await stored(id);
		expect(before.status).toBe('published');

		const back = await run(meetingPage.actions.reopen, at(lead, id, 'reopen', {}));
		expect(expectFailure(back.result).errors).toEqual({ form: 'meeting.minutes_settle_status' });
		const cancel = await run(meetingPage.actions.cancel, at(lead, id, 'cancel', { confirm: '1' }));
		expect(expectFailure(cancel.result).errors).toEqual({
			form: 'meeting.minutes_settle_status'
		});
		expect(await refusal(meetings.setStatus(lead, id, 'planned'))).toMatchObject({
			kind: 'invalid',
			messageKey: 'meeting.minutes_settle_status'
		});
		expect(await stored(id)).toEqual(before);
		expect((await loggedFor(id)).map((e) => e.verb)).not.toContain('back_to_planned');
	});
});

describe('cancelling', () => {
	it('asks first: without the confirmation nothing happens, with it the meeting is cancelled', async () => {
		const id = await meeting('À annuler', 24);
		await expectRefused(id, 'cancel');
		await expectRefused(id, 'cancel', { confirm: '1' });
		const before = await stored(id);
		const asked = await run(meetingPage.actions.cancel, at(lead, id, 'cancel', {}));
		expect(asked.thrown).toBeUndefined();
		expect(asked.result).toEqual({ confirmCancel: true });
		const wrong = await run(meetingPage.actions.cancel, at(lead, id, 'cancel', { confirm: 'oui' }));
		expect(wrong.result).toEqual({ confirmCancel: true });
		expect(await stored(id)).toEqual(before);

		const confirmed = await run(
			meetingPage.actions.cancel,
			at(lead, id, 'cancel', { confirm: '1' })
		);
		expect(confirmed.thrown).toBeUndefined();
		expect(confirmed.result).toEqual({ done: 'meeting.status_changed' });
		expect((await stored(id)).status).toBe('cancelled');
	});
});

describe('attendance across a status change', () => {
	// Going back to planned resets no attendance: who came stays recorded, to be corrected.
	it('keeps who came when a held meeting goes back to planned', async () => {
		const id = await meeting('Présences gardées', -1);
		await meetings.recordAttendance(lead, id, { [member.id]: 'present' });
		await meetings.setStatus(lead, id, 'planned');
		const [row] = await db
			.select({ attendance: meetingAttendees.attendance })
			.from(meetingAttendees)
			.where(and(eq(meetingAttendees.meetingId, id), eq(meetingAttendees.userId, member.id)));
		expect(row.attendance).toBe('present');
		expect((await loggedFor(id)).map((e) => e.verb)).toEqual(['created', 'back_to_planned']);
	});
});
