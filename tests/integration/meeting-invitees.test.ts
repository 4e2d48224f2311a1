import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeActivity } from '$lib/activity';
import { translate } from '$lib/i18n';
import * as activity from '$lib/server/activity';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { meetingAttendees, meetings as meetingsTable, users } from '$lib/server/db/schema';
import * as meetingInvitees from '$lib/server/meetings/invitees';
import * as meetings from '$lib/server/meetings';
import * as memberships from '$lib/server/memberships';
import * as meetingPage from '../../src/routes/(app)/groupes/[slug]/reunions/[meetingId=uuid]/+page.server';
import type { PageServerData as MeetingData } from '../../src/routes/(app)/groupes/[slug]/reunions/[meetingId=uuid]/$types';
import { createTestDb } from '../helpers/db';
import { expectFailure, expectHttpError, meetingRequest, run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';

// The invitees of a meeting change after it is scheduled: those who run it add and remove people
// until it begins, and the group's newcomers and leavers follow its coming meetings by themselves.

await createTestDb();

const day = 24 * 3600 * 1000;

let coordinator: SessionUser;
let lead: SessionUser;
let member: SessionUser;
let observer: SessionUser;
let director: SessionUser;
let outsider: SessionUser;
let partner: SessionUser;
let group: { id: string; slug: string };

/** A meeting of `groupId` starting in `inDays` days (negative: in the past), by the lead. */
async function meeting(title: string, inDays: number, groupId = group.id) {
	const created = await meetings.create(
		groupId === group.id ? lead : coordinator,
		groupId,
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
	// Moved in time afterwards: the form reads Paris wall-clock times, the tests want "in n days".
	const startsAt = new Date(Date.now() + inDays * day);
	await db
		.update(meetingsTable)
		.set({ startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3600 * 1000) })
		.where(eq(meetingsTable.id, created.id));
	return created.id;
}

/**
 * A meeting held `inDays` days from now: marked held once begun (not before, since that is
 * refused), then its dates edited forward, as the edit form still allows. Its status, not its
 * time, is what keeps it apart here.
 */
async function heldMeeting(title: string, inDays: number) {
	const id = await meeting(title, -0.01);
	await meetings.setStatus(lead, id, 'held');
	const startsAt = new Date(Date.now() + inDays * day);
	await db
		.update(meetingsTable)
		.set({ startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3600 * 1000) })
		.where(eq(meetingsTable.id, id));
	return id;
}

async function invited(meetingId: string) {
	const rows = await db
		.select({ userId: meetingAttendees.userId, response: meetingAttendees.response })
		.from(meetingAttendees)
		.where(eq(meetingAttendees.meetingId, meetingId));
	return new Map(rows.map((r) => [r.userId, r.response]));
}

const at = (user: SessionUser, meetingId: string, action?: string, form?: Record<string, string>) =>
	meetingRequest(group.slug, user, meetingId, action, form);

beforeAll(async () => {
	coordinator = await buildUser({ role: 'coordinator', name: 'Claire Coordination' });
	director = await buildUser({ role: 'director', name: 'Denis Direction' });
	partner = await buildUser({ role: 'partner', name: 'Nadia Partenaire' });
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

describe('adding and removing invitees on the meeting page', () => {
	it('lets the lead invite anyone active in the network, and logs it', async () => {
		const id = await meeting('Comité', 7);
		const page = (await run(meetingPage.load, at(lead, id))).result as MeetingData;
		expect(page.invite?.people.map((p) => p.id)).toContain(partner.id);
		expect(page.invite?.people.map((p) => p.id)).not.toContain(member.id);
		const { result, thrown } = await run(
			meetingPage.actions.invite,
			at(lead, id, 'invite', { invitees: partner.id })
		);
		expect(thrown).toBeUndefined();
		expect(result).toEqual({ done: 'meeting.invited' });
		expect((await invited(id)).get(partner.id)).toBe('pending');

		const [entry] = await activity.recentForGroup(group.id, 1);
		expect(entry).toMatchObject({ subjectType: 'meeting', verb: 'invitee_added' });
		expect(describeActivity('fr', entry)).toBe(
			'Luc Pilote a invité Nadia Partenaire à « Comité ».'
		);
		expect(describeActivity('en', entry)).toBe('Luc Pilote invited Nadia Partenaire to “Comité”.');

		// The invitee now sees the meeting and answers it.
		const theirs = (await run(meetingPage.load, at(partner, id))).result as MeetingData;
		expect(theirs.answerable).toBe(true);
		expect(theirs.invite).toBeNull();
	});

	it('lets the coordination remove someone who answered: their answer goes with them', async () => {
		const id = await meeting('Bureau', 7);
		await meetings.respond(member, id, 'attending');
		const before = (await run(meetingPage.load, at(coordinator, id))).result as MeetingData;
		expect(before.attendees.find((a) => a.userId === member.id)?.response).toBe('attending');

		const { result } = await run(
			meetingPage.actions.uninvite,
			at(coordinator, id, 'uninvite', { userId: member.id })
		);
		expect(result).toEqual({ done: 'meeting.uninvited' });
		expect((await invited(id)).has(member.id)).toBe(false);
		const [entry] = await activity.recentForGroup(group.id, 1);
		expect(entry).toMatchObject({ verb: 'invitee_removed', before: { response: 'attending' } });
		expect(describeActivity('fr', entry)).toBe(
			'Claire Coordination a retiré Marie Membre des invité·es de « Bureau ».'
		);

		// Invited again, they start over without an answer.
		await run(meetingPage.actions.invite, at(coordinator, id, 'invite', { invitees: member.id }));
		expect((await invited(id)).get(member.id)).toBe('pending');
		const again = await run(
			meetingPage.actions.uninvite,
			at(coordinator, id, 'uninvite', { userId: outsider.id })
		);
		expect(expectFailure(again.result).errors).toEqual({ form: 'meeting.not_invited' });
	});

	it('refuses a disabled account or an unknown id, in French and in English, writing nothing', async () => {
		const id = await meeting('Assemblée', 7);
		const gone = await buildUser({ name: 'Compte fermé' });
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, gone.id));
		const before = await invited(id);

		const disabled = await run(
			meetingPage.actions.invite,
			at(lead, id, 'invite', { invitees: gone.id })
		);
		const failure = expectFailure(disabled.result);
		expect(failure.errors).toEqual({ invitees: 'meeting.invitee_disabled' });
		expect(failure.values).toEqual({ invitees: gone.id });
		expect(translate('fr', 'meeting.invitee_disabled')).toMatch(/désactivé/);
		expect(translate('en', 'meeting.invitee_disabled')).toMatch(/disabled/);

		const unknown = await run(
			meetingPage.actions.invite,
			at(lead, id, 'invite', { invitees: crypto.randomUUID() })
		);
		expect(expectFailure(unknown.result).errors).toEqual({ invitees: 'action.owner_unknown' });
		const garbage = await run(
			meetingPage.actions.invite,
			at(lead, id, 'invite', { invitees: 'pas-un-id' })
		);
		expect(expectFailure(garbage.result).errors).toEqual({ invitees: 'action.owner_unknown' });
		const empty = await run(meetingPage.actions.invite, at(lead, id, 'invite', {}));
		expect(expectFailure(empty.result).errors).toEqual({ invitees: 'validation.choose' });

		expect(await invited(id)).toEqual(before);
		const page = (await run(meetingPage.load, at(lead, id))).result as MeetingData;
		expect(page.invite?.people.map((p) => p.id)).not.toContain(gone.id);
	});

	it('refuses outsiders, observers, directors and plain members, writing nothing', async () => {
		const id = await meeting('Revue', 7);
		const before = await invited(id);
		for (const [person, status] of [
			[member, 403],
			[observer, 403],
			[director, 403],
			[outsider, 404],
			[partner, 404]
		] as const) {
			const page = await run(meetingPage.load, at(person, id));
			if (status === 403) expect((page.result as MeetingData).invite).toBeNull();
			const added = await run(
				meetingPage.actions.invite,
				at(person, id, 'invite', { invitees: outsider.id })
			);
			expectHttpError(added.thrown, status);
			const removed = await run(
				meetingPage.actions.uninvite,
				at(person, id, 'uninvite', { userId: member.id })
			);
			expectHttpError(removed.thrown, status);
		}
		// The services refuse them too, whatever the page does.
		await expect(meetingInvitees.invite(member, id, [outsider.id])).rejects.toMatchObject({
			kind: 'forbidden'
		});
		await expect(meetingInvitees.uninvite(observer, id, member.id)).rejects.toMatchObject({
			kind: 'forbidden'
		});
		expect(await invited(id)).toEqual(before);
	});

	it('freezes the invitees once the meeting has begun, is held or is cancelled', async () => {
		const begun = await meeting('Déjà commencée', -0.01);
		const held = await heldMeeting('Tenue', 3);
		const cancelled = await meeting('Annulée', 3);
		await meetings.setStatus(lead, cancelled, 'cancelled');
		for (const id of [begun, held, cancelled]) {
			const before = await invited(id);
			const page = (await run(meetingPage.load, at(lead, id))).result as MeetingData;
			expect(page.invite).toBeNull();
			const added = await run(
				meetingPage.actions.invite,
				at(lead, id, 'invite', { invitees: partner.id })
			);
			expect(expectFailure(added.result).errors).toEqual({ invitees: 'meeting.invitees_frozen' });
			const removed = await run(
				meetingPage.actions.uninvite,
				at(lead, id, 'uninvite', { userId: member.id })
			);
			expect(expectFailure(removed.result).errors).toEqual({
				invitees: 'meeting.invitees_frozen'
			});
			expect(await invited(id)).toEqual(before);
		}
	});
});

describe('joining and leaving the group', () => {
	let coming: string;
	let later: string;
	let past: string;
	let held: string;
	let cancelled: string;
	let elsewhere: string;

	beforeAll(async () => {
		coming = await meeting('Prochaine', 5);
		later = await meeting('Suivante', 40);
		past = await meeting('Passée', -5);
		held = await heldMeeting('Tenue plus tôt', 2);
		cancelled = await meeting('Annulée plus tôt', 2);
		await meetings.setStatus(lead, cancelled, 'cancelled');
		const other = await buildGroup({ joinPolicy: 'open' }, [{ user: coordinator, role: 'lead' }]);
		elsewhere = await meeting('Ailleurs', 5, other.id);
	});

	async function invitations(userId: string) {
		const rows = await db
			.select({ meetingId: meetingAttendees.meetingId })
			.from(meetingAttendees)
			.where(eq(meetingAttendees.userId, userId));
		const ids = new Set(rows.map((r) => r.meetingId));
		return {
			coming: ids.has(coming),
			later: ids.has(later),
			past: ids.has(past),
			held: ids.has(held),
			cancelled: ids.has(cancelled),
			elsewhere: ids.has(elsewhere)
		};
	}
	const onlyComing = {
		coming: true,
		later: true,
		past: false,
		held: false,
		cancelled: false,
		elsewhere: false
	};

	it('invites someone added by a lead to the coming planned meetings only', async () => {
		const newcomer = await buildUser({ name: 'Nouvelle Recrue' });
		await memberships.add(lead, group.id, newcomer.id, 'member');
		expect(await invitations(newcomer.id)).toEqual(onlyComing);
		// A change of role invites nobody twice and removes nobody.
		await memberships.add(lead, group.id, newcomer.id, 'observer');
		expect(await invitations(newcomer.id)).toEqual(onlyComing);
	});

	it('invites someone whose request to join is accepted', async () => {
		const asking = await buildUser({ name: 'Demande Acceptée' });
		await memberships.requestToJoin(asking, group.id, 'Bonjour');
		const [request] = await memberships.pendingRequests(lead, group.id);
		await memberships.decide(lead, group.id, request.id, true);
		expect(await invitations(asking.id)).toEqual(onlyComing);
	});

	it('invites someone who joins an open group, keeping an answer already given', async () => {
		const open = await buildGroup({ joinPolicy: 'open' }, [{ user: lead, role: 'lead' }]);
		const next = await meeting('Ouverte', 5, open.id);
		const joiner = await buildUser({ name: 'Jeanne Rejoint' });
		// Invited from outside before joining, and already answered.
		await db.insert(meetingAttendees).values({ meetingId: next, userId: joiner.id });
		await meetings.respond(joiner, next, 'maybe');
		const other = await meeting('Ouverte aussi', 9, open.id);
		await memberships.join(joiner, open.id);
		const mine = await invited(next);
		expect(mine.get(joiner.id)).toBe('maybe');
		expect((await invited(other)).get(joiner.id)).toBe('pending');
	});

	it('takes a leaver out of the coming meetings, not out of the past or held ones', async () => {
		const leaver = await buildUser({ name: 'Léa Départ' });
		await memberships.add(lead, group.id, leaver.id, 'member');
		// Invited to the past and held meetings back then.
		await db.insert(meetingAttendees).values([
			{ meetingId: past, userId: leaver.id, attendance: 'present' },
			{ meetingId: held, userId: leaver.id }
		]);
		expect(await invitations(leaver.id)).toEqual({ ...onlyComing, past: true, held: true });
		await memberships.leave(leaver, group.id);
		expect(await invitations(leaver.id)).toEqual({
			...onlyComing,
			coming: false,
			later: false,
			past: true,
			held: true
		});
	});

	it('takes someone removed by a lead out of the coming meetings', async () => {
		const removed = await buildUser({ name: 'Rémi Retiré' });
		await memberships.add(lead, group.id, removed.id, 'member');
		await meetings.respond(removed, coming, 'attending');
		await memberships.remove(lead, group.id, removed.id);
		expect(await invitations(removed.id)).toEqual({ ...onlyComing, coming: false, later: false });
		const [row] = await db
			.select()
			.from(meetingAttendees)
			.where(and(eq(meetingAttendees.meetingId, coming), eq(meetingAttendees.userId, removed.id)));
		expect(row).toBeUndefined();
	});
});
