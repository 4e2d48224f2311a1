import { describe, expect, it } from 'vitest';
import { describeActivity } from '$lib/activity';
import * as activityLog from '$lib/server/activity';
import { db } from '$lib/server/db';
import * as groups from '$lib/server/groups';
import * as memberships from '$lib/server/memberships';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildUser } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

const minutes = (n: number) => n * 60_000;

/** An entry of the log at a chosen time. */
async function entry(groupId: string, actorId: string | null, at: Date, verb = 'updated') {
	await activityLog.record(db, {
		groupId,
		actorId,
		subjectType: 'group',
		subjectId: groupId,
		verb,
		label: 'Groupe',
		createdAt: at
	});
}

describe('countNewByGroup', () => {
	it('counts what others did after the person last looked, per group', async () => {
		const person = await buildUser();
		const other = await buildUser();
		const a = await buildGroup();
		const b = await buildGroup();
		const c = await buildGroup();
		const seenA = new Date(Date.now() - minutes(60));
		const seenB = new Date(Date.now() - minutes(5));
		const seenC = new Date(Date.now() - minutes(60));

		await entry(a.id, other.id, new Date(seenA.getTime() - minutes(10))); // before: old news
		await entry(a.id, other.id, new Date(seenA.getTime() + minutes(10))); // new
		await entry(a.id, person.id, new Date(seenA.getTime() + minutes(20))); // their own doing
		await entry(a.id, null, new Date(seenA.getTime() + minutes(30))); // someone since deleted
		await entry(b.id, other.id, new Date(seenB.getTime() - minutes(1))); // before the later look
		await entry(c.id, other.id, new Date(seenA.getTime() + minutes(1))); // not asked about

		const counts = await activityLog.countNewByGroup(
			[
				{ groupId: a.id, since: seenA },
				{ groupId: b.id, since: seenB }
			],
			person.id
		);
		expect(counts).toEqual(new Map([[a.id, 2]]));

		// Each group is compared with its own date, not with the other's.
		const swapped = await activityLog.countNewByGroup(
			[
				{ groupId: b.id, since: seenC },
				{ groupId: c.id, since: seenC }
			],
			person.id
		);
		expect(swapped).toEqual(
			new Map([
				[b.id, 1],
				[c.id, 1]
			])
		);
	});

	it('answers an empty map when asked about no group', async () => {
		const person = await buildUser();
		expect(await activityLog.countNewByGroup([], person.id)).toEqual(new Map());
	});

	it('counts what a lead did after a member joined, until the member looks again', async () => {
		const lead = await buildUser();
		const member = await buildUser();
		const newcomer = await buildUser();
		const group = await buildGroup({ joinPolicy: 'open' }, [{ user: lead, role: 'lead' }]);
		await memberships.join(member, group.id);
		const since = async () => {
			const [mine] = (await groups.membershipsOf(member.id)).filter((m) => m.group.id === group.id);
			return [{ groupId: group.id, since: mine.lastSeenAt }];
		};
		// Joining is their own doing: nothing new.
		expect(await activityLog.countNewByGroup(await since(), member.id)).toEqual(new Map());
		await new Promise((wait) => setTimeout(wait, 5));
		await memberships.add(lead, group.id, newcomer.id, 'observer');
		expect(await activityLog.countNewByGroup(await since(), member.id)).toEqual(
			new Map([[group.id, 1]])
		);
		await memberships.markSeen(member.id, group.id);
		expect(await activityLog.countNewByGroup(await since(), member.id)).toEqual(new Map());
	});
});

describe('the group’s history', () => {
	it('gives the latest entries first, with who did them, in plain words', async () => {
		const lead = await buildUser({ name: 'Sophie Klein' });
		const group = await buildGroup({}, [{ user: lead, role: 'lead' }]);
		const start = Date.now() - minutes(30);
		for (let i = 0; i < 5; i++) await entry(group.id, lead.id, new Date(start + minutes(i)));
		await activityLog.record(db, {
			groupId: group.id,
			actorId: lead.id,
			subjectType: 'objective',
			verb: 'status_changed',
			label: 'Job dating',
			before: { status: 'not_started' },
			after: { status: 'in_progress' },
			createdAt: new Date(start + minutes(10))
		});
		const recent = await activityLog.recentForGroup(group.id, 3);
		expect(recent).toHaveLength(3);
		expect(recent[0]).toMatchObject({ verb: 'status_changed', actor: 'Sophie Klein' });
		expect(recent.map((r) => r.createdAt.getTime())).toEqual([
			start + minutes(10),
			start + minutes(4),
			start + minutes(3)
		]);
		expect(describeActivity('fr', recent[0])).toBe(
			'Sophie Klein : objectif « Job dating » → en cours.'
		);
	});

	it('knows when each group last had news', async () => {
		const group = await buildGroup();
		const quiet = await buildGroup();
		const last = new Date(Date.now() - minutes(2));
		await entry(group.id, null, new Date(last.getTime() - minutes(10)));
		await entry(group.id, null, last);
		const map = await activityLog.lastActivityByGroup();
		expect(map.get(group.id)?.getTime()).toBe(last.getTime());
		expect(map.has(quiet.id)).toBe(false);
	});
});
