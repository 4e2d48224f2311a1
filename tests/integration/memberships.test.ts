import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { activity, groupMembers, joinRequests, users, type GroupRole } from '$lib/server/db/schema';
import * as memberships from '$lib/server/memberships';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

let coordinator: SessionUser;
let director: SessionUser;

/** Everyone in the group with their role, by user id. */
async function roster(groupId: string): Promise<Record<string, GroupRole>> {
	const rows = await db.select().from(groupMembers).where(eq(groupMembers.groupId, groupId));
	return Object.fromEntries(rows.map((r) => [r.userId, r.role]));
}

async function historyOf(groupId: string) {
	return db
		.select()
		.from(activity)
		.where(eq(activity.groupId, groupId))
		.orderBy(asc(activity.createdAt));
}

async function requestsOf(groupId: string) {
	return db.select().from(joinRequests).where(eq(joinRequests.groupId, groupId));
}

/** A group with one lead, one member and one observer. */
async function team(overrides: Parameters<typeof buildGroup>[0] = {}) {
	const lead = await buildUser({ name: 'Léa Pilote' });
	const member = await buildUser({ name: 'Marc Membre' });
	const observer = await buildUser({ name: 'Olga Observatrice' });
	const group = await buildGroup(overrides, [
		{ user: lead, role: 'lead' },
		{ user: member, role: 'member' },
		{ user: observer, role: 'observer' }
	]);
	return { group, lead, member, observer };
}

beforeAll(async () => {
	coordinator = await buildUser({ role: 'coordinator' });
	director = await buildUser({ role: 'director' });
});

describe('adding people and changing their role', () => {
	it('lets a lead add someone from another organisation and records it', async () => {
		const { group, lead } = await team();
		const other = await buildOrganisation({ name: 'Région Grand Est' });
		const partner = await buildUser({
			role: 'partner',
			name: 'Paul Partenaire',
			organisationId: other.id
		});
		await memberships.add(lead, group.id, partner.id, 'member');
		expect((await roster(group.id))[partner.id]).toBe('member');
		const listed = await memberships.list(group.id);
		expect(listed.find((m) => m.userId === partner.id)).toMatchObject({
			name: 'Paul Partenaire',
			role: 'member',
			networkRole: 'partner',
			organisation: 'Région Grand Est'
		});
		expect((await historyOf(group.id)).at(-1)).toMatchObject({
			actorId: lead.id,
			subjectType: 'membership',
			subjectId: partner.id,
			verb: 'added',
			label: 'Paul Partenaire',
			before: null,
			after: { role: 'member' }
		});
	});

	it('lists leads first, then members, then observers, each by name', async () => {
		const { group, lead, member, observer } = await team();
		const second = await buildUser({ name: 'Aline Pilote' });
		await memberships.add(coordinator, group.id, second.id, 'lead');
		expect((await memberships.list(group.id)).map((m) => m.userId)).toEqual([
			second.id,
			lead.id,
			member.id,
			observer.id
		]);
	});

	it('lets the coordination change a role, recording before and after', async () => {
		const { group, member } = await team();
		await memberships.add(coordinator, group.id, member.id, 'observer');
		expect((await roster(group.id))[member.id]).toBe('observer');
		expect((await historyOf(group.id)).at(-1)).toMatchObject({
			actorId: coordinator.id,
			verb: 'role_changed',
			label: 'Marc Membre',
			before: { role: 'member' },
			after: { role: 'observer' }
		});
	});

	it('records nothing when the role is already the one asked', async () => {
		const { group, member } = await team();
		await memberships.add(coordinator, group.id, member.id, 'member');
		expect(await historyOf(group.id)).toEqual([]);
	});

	it('refuses members, observers and directors, changing nothing', async () => {
		const { group, member, observer } = await team({ joinPolicy: 'open' });
		const newcomer = await buildUser();
		const before = await roster(group.id);
		for (const user of [member, observer, director]) {
			for (const call of [
				() => memberships.add(user, group.id, newcomer.id, 'member'),
				() => memberships.add(user, group.id, observer.id, 'lead'),
				() => memberships.remove(user, group.id, observer.id)
			]) {
				expect((await refusal(call())).kind, user.name).toBe('forbidden');
			}
		}
		expect(await roster(group.id)).toEqual(before);
		expect(await historyOf(group.id)).toEqual([]);
	});

	it('answers "not found" to a partner outside a group', async () => {
		const { group, member } = await team();
		const partner = await buildUser({ role: 'partner' });
		expect((await refusal(memberships.remove(partner, group.id, member.id))).kind).toBe(
			'not_found'
		);
	});

	it('refuses an unknown or disabled person on the userId field', async () => {
		const { group, lead } = await team();
		const disabled = await buildUser();
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));
		for (const userId of [crypto.randomUUID(), disabled.id]) {
			const e = await refusal(memberships.add(lead, group.id, userId, 'member'));
			expect(e).toMatchObject({
				kind: 'invalid',
				messageKey: 'validation.choose',
				field: 'userId'
			});
		}
		expect(Object.keys(await roster(group.id))).toHaveLength(3);
	});
});

describe('removing people and leaving', () => {
	it('lets a lead remove someone and records the role they had', async () => {
		const { group, lead, observer } = await team();
		await memberships.remove(lead, group.id, observer.id);
		expect((await roster(group.id))[observer.id]).toBeUndefined();
		expect((await historyOf(group.id)).at(-1)).toMatchObject({
			actorId: lead.id,
			verb: 'removed',
			subjectId: observer.id,
			label: 'Olga Observatrice',
			before: { role: 'observer' },
			after: null
		});
	});

	it('answers "not found" for someone who is not in the group', async () => {
		const { group, lead } = await team();
		const stranger = await buildUser();
		expect((await refusal(memberships.remove(lead, group.id, stranger.id))).kind).toBe('not_found');
	});

	it('lets a member leave', async () => {
		const { group, member } = await team();
		await memberships.leave(member, group.id);
		expect((await roster(group.id))[member.id]).toBeUndefined();
		expect((await historyOf(group.id)).at(-1)).toMatchObject({
			actorId: member.id,
			verb: 'left',
			label: 'Marc Membre',
			before: { role: 'member' },
			after: null
		});
	});

	it('refuses to leave a group one is not in', async () => {
		const { group } = await team({ joinPolicy: 'open' });
		const outsider = await buildUser();
		expect((await refusal(memberships.leave(outsider, group.id))).kind).toBe('forbidden');
	});

	it('lets a lead leave when another lead remains', async () => {
		const { group, lead, member } = await team();
		await memberships.add(lead, group.id, member.id, 'lead');
		await memberships.leave(lead, group.id);
		expect(await roster(group.id)).toMatchObject({ [member.id]: 'lead' });
		expect((await roster(group.id))[lead.id]).toBeUndefined();
	});
});

describe('the last lead', () => {
	it('cannot leave, be removed or be demoted, and nothing changes', async () => {
		const { group, lead } = await team();
		const before = await roster(group.id);
		const attempts = [
			() => memberships.leave(lead, group.id),
			() => memberships.remove(lead, group.id, lead.id),
			() => memberships.remove(coordinator, group.id, lead.id),
			() => memberships.add(coordinator, group.id, lead.id, 'member'),
			() => memberships.add(lead, group.id, lead.id, 'observer')
		];
		for (const attempt of attempts) {
			const e = await refusal(attempt());
			expect(e).toMatchObject({ kind: 'invalid', messageKey: 'membership.last_lead' });
		}
		expect(await roster(group.id)).toEqual(before);
		expect(await historyOf(group.id)).toEqual([]);
	});

	it('names the role field when the demotion is refused', async () => {
		const { group, lead } = await team();
		const e = await refusal(memberships.add(coordinator, group.id, lead.id, 'member'));
		expect(e.field).toBe('role');
	});

	it('can be demoted once another lead is named', async () => {
		const { group, lead, member } = await team();
		await memberships.add(lead, group.id, member.id, 'lead');
		await memberships.add(member, group.id, lead.id, 'member');
		expect(await roster(group.id)).toMatchObject({ [lead.id]: 'member', [member.id]: 'lead' });
	});
});

describe('joining', () => {
	it('lets anyone but a partner join an open group as a member', async () => {
		const { group } = await team({ joinPolicy: 'open' });
		const newcomer = await buildUser({ name: 'Nina Nouvelle' });
		await memberships.join(newcomer, group.id);
		expect((await roster(group.id))[newcomer.id]).toBe('member');
		expect((await historyOf(group.id)).at(-1)).toMatchObject({
			actorId: newcomer.id,
			subjectId: newcomer.id,
			verb: 'joined',
			label: 'Nina Nouvelle',
			after: { role: 'member' }
		});
		// Already in: joining again is refused.
		expect((await refusal(memberships.join(newcomer, group.id))).messageKey).toBe(
			'membership.cannot_join'
		);
		// A partner never sees an open group they are not in.
		const partner = await buildUser({ role: 'partner' });
		expect((await refusal(memberships.join(partner, group.id))).kind).toBe('not_found');
	});

	it('refuses to let anyone join a closed group by themselves', async () => {
		const { group } = await team({ joinPolicy: 'closed' });
		const before = await roster(group.id);
		for (const user of [director, coordinator]) {
			const e = await refusal(memberships.join(user, group.id));
			expect(e).toMatchObject({ kind: 'invalid', messageKey: 'membership.closed' });
		}
		// A member who may not see the group learns nothing about it.
		const member = await buildUser();
		expect((await refusal(memberships.join(member, group.id))).kind).toBe('not_found');
		expect(await roster(group.id)).toEqual(before);
	});

	it('keeps a director from joining or asking by themselves', async () => {
		const open = await team({ joinPolicy: 'open' });
		const closed = await team({ joinPolicy: 'closed' });
		expect((await refusal(memberships.join(director, open.group.id))).messageKey).toBe(
			'membership.cannot_join'
		);
		expect(
			(await refusal(memberships.requestToJoin(director, closed.group.id, ''))).messageKey
		).toBe('membership.cannot_request');
		// A lead may still bring them in.
		await memberships.add(open.lead, open.group.id, director.id, 'observer');
		expect((await roster(open.group.id))[director.id]).toBe('observer');
	});

	it('refuses to let anyone join a paused group', async () => {
		const { group } = await team({ joinPolicy: 'open', status: 'paused' });
		const newcomer = await buildUser();
		expect((await refusal(memberships.join(newcomer, group.id))).messageKey).toBe(
			'membership.cannot_join'
		);
	});
});

describe('requests to join a closed group', () => {
	it('keeps one pending request per person, answered by accepting', async () => {
		const { group, lead } = await team({ joinPolicy: 'closed' });
		const asker = await buildUser({ name: 'Alice Demande' });
		await memberships.requestToJoin(asker, group.id, 'Je travaille sur le sujet.');
		expect(await memberships.myPendingRequests(asker.id)).toEqual(new Set([group.id]));
		expect((await refusal(memberships.requestToJoin(asker, group.id, 'Encore ?'))).messageKey).toBe(
			'membership.already_requested'
		);
		const [request, ...others] = await requestsOf(group.id);
		expect(others).toEqual([]);
		expect(request).toMatchObject({
			userId: asker.id,
			message: 'Je travaille sur le sujet.',
			status: 'pending'
		});
		expect((await historyOf(group.id)).at(-1)).toMatchObject({
			actorId: asker.id,
			subjectType: 'join_request',
			subjectId: request.id,
			verb: 'requested',
			label: 'Alice Demande'
		});

		await memberships.decide(lead, group.id, request.id, true);
		expect((await roster(group.id))[asker.id]).toBe('member');
		const [accepted] = await requestsOf(group.id);
		expect(accepted).toMatchObject({ status: 'accepted', decidedById: lead.id });
		expect(accepted.decidedAt).toBeInstanceOf(Date);
		expect((await historyOf(group.id)).at(-1)).toMatchObject({
			actorId: lead.id,
			subjectType: 'membership',
			subjectId: asker.id,
			verb: 'added',
			after: { role: 'member' }
		});
		expect(await memberships.myPendingRequests(asker.id)).toEqual(new Set());
		// Answered once: not again.
		expect((await refusal(memberships.decide(lead, group.id, request.id, false))).messageKey).toBe(
			'membership.request_answered'
		);
	});

	it('marks a declined request and adds nobody', async () => {
		const { group } = await team({ joinPolicy: 'closed' });
		const asker = await buildUser({ name: 'Bruno Refusé' });
		await memberships.requestToJoin(asker, group.id, '');
		const [request] = await requestsOf(group.id);
		await memberships.decide(coordinator, group.id, request.id, false);
		expect((await roster(group.id))[asker.id]).toBeUndefined();
		const [declined] = await requestsOf(group.id);
		expect(declined).toMatchObject({ status: 'declined', decidedById: coordinator.id });
		expect((await historyOf(group.id)).at(-1)).toMatchObject({
			actorId: coordinator.id,
			subjectType: 'join_request',
			subjectId: request.id,
			verb: 'declined',
			label: 'Bruno Refusé'
		});
		// A declined person may ask again later.
		await memberships.requestToJoin(asker, group.id, 'Deuxième essai');
		expect((await requestsOf(group.id)).map((r) => r.status).sort()).toEqual([
			'declined',
			'pending'
		]);
	});

	it('answers a pending request when the person is added directly', async () => {
		const { group, lead } = await team({ joinPolicy: 'closed' });
		const asker = await buildUser();
		await memberships.requestToJoin(asker, group.id, '');
		await memberships.add(lead, group.id, asker.id, 'observer');
		const [request] = await requestsOf(group.id);
		expect(request).toMatchObject({ status: 'accepted', decidedById: lead.id });
	});

	it('does not let a partner ask, nor anyone ask to join an open group', async () => {
		const { group } = await team({ joinPolicy: 'closed' });
		const partner = await buildUser({ role: 'partner' });
		expect((await refusal(memberships.requestToJoin(partner, group.id, ''))).kind).toBe(
			'not_found'
		);
		const open = await team({ joinPolicy: 'open' });
		const member = await buildUser();
		expect((await refusal(memberships.requestToJoin(member, open.group.id, ''))).messageKey).toBe(
			'membership.cannot_request'
		);
		expect((await refusal(memberships.requestToJoin(member, crypto.randomUUID(), ''))).kind).toBe(
			'not_found'
		);
		expect((await refusal(memberships.requestToJoin(null, group.id, ''))).kind).toBe('forbidden');
		expect(await requestsOf(group.id)).toEqual([]);
		expect(await requestsOf(open.group.id)).toEqual([]);
	});

	it('shows pending requests only to those who manage the group', async () => {
		const { group, lead, member, observer } = await team({ joinPolicy: 'closed' });
		const asker = await buildUser({ name: 'Chloé Candidate' });
		await memberships.requestToJoin(asker, group.id, 'Bonjour');
		for (const user of [lead, coordinator]) {
			expect(await memberships.pendingRequests(user, group.id)).toMatchObject([
				{ userId: asker.id, name: 'Chloé Candidate', message: 'Bonjour' }
			]);
		}
		for (const user of [member, observer, director]) {
			expect(await memberships.pendingRequests(user, group.id)).toEqual([]);
		}
		const outsider = await buildUser();
		expect((await refusal(memberships.pendingRequests(outsider, group.id))).kind).toBe('not_found');
	});

	it('refuses a decision from someone who does not manage the group, or on another group', async () => {
		const { group, member } = await team({ joinPolicy: 'closed' });
		const other = await team({ joinPolicy: 'closed' });
		const asker = await buildUser();
		await memberships.requestToJoin(asker, group.id, '');
		const [request] = await requestsOf(group.id);
		expect((await refusal(memberships.decide(member, group.id, request.id, true))).kind).toBe(
			'forbidden'
		);
		expect((await refusal(memberships.decide(director, group.id, request.id, true))).kind).toBe(
			'forbidden'
		);
		// A lead of another group cannot answer it through their own group.
		expect(
			(await refusal(memberships.decide(other.lead, other.group.id, request.id, true))).kind
		).toBe('not_found');
		expect((await requestsOf(group.id))[0].status).toBe('pending');
		expect((await roster(group.id))[asker.id]).toBeUndefined();
	});

	it('notes when a person last looked at a group', async () => {
		const { group, member } = await team();
		const [before] = await db
			.select()
			.from(groupMembers)
			.where(and(eq(groupMembers.groupId, group.id), eq(groupMembers.userId, member.id)));
		await new Promise((wait) => setTimeout(wait, 5));
		await memberships.markSeen(member.id, group.id);
		const [after] = await db
			.select()
			.from(groupMembers)
			.where(and(eq(groupMembers.groupId, group.id), eq(groupMembers.userId, member.id)));
		expect(after.lastSeenAt.getTime()).toBeGreaterThan(before.lastSeenAt.getTime());
	});
});
