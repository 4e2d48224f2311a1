import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/server/db';
import {
	actions,
	groupMonths,
	groups,
	meetingAttendees,
	meetings,
	organisationMonths,
	organisations,
	users
} from '$lib/server/db/schema';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';
import { buildAction, buildMeeting } from '../helpers/progress';

await createTestDb();

// The dashboard reads its monthly figures from group_months and organisation_months, which
// triggers keep up to date (drizzle/0006_figures_triggers.sql). After every kind of change, what
// the triggers kept must equal what maillage_rebuild_figures() computes from the rows themselves.

/** Both tables, without the rows that went back to zero. */
async function figures() {
	const [perGroup, perOrganisation] = await Promise.all([
		db.select().from(groupMonths).orderBy(groupMonths.groupId, groupMonths.month),
		db
			.select()
			.from(organisationMonths)
			.orderBy(
				organisationMonths.groupId,
				organisationMonths.organisationId,
				organisationMonths.month
			)
	]);
	return {
		perGroup: perGroup.filter((r) => r.opened || r.done || r.held || r.present || r.recorded),
		perOrganisation: perOrganisation.filter((r) => r.owned || r.present)
	};
}

async function expectKeptUpToDate() {
	const kept = await figures();
	await db.execute(sql`select maillage_rebuild_figures()`);
	expect(kept).toEqual(await figures());
	return kept;
}

const month = async (groupId: string, value: string) =>
	(
		await db
			.select()
			.from(groupMonths)
			.where(and(eq(groupMonths.groupId, groupId), eq(groupMonths.month, value)))
	)[0];

let orgA: string;
let orgB: string;
let alice: { id: string; organisationId: string };
let bruno: { id: string; organisationId: string };
let one: string;
let two: string;

beforeAll(async () => {
	orgA = (await buildOrganisation()).id;
	orgB = (await buildOrganisation()).id;
	alice = await buildUser({ organisationId: orgA });
	bruno = await buildUser({ organisationId: orgB });
	one = (await buildGroup()).id;
	two = (await buildGroup()).id;
});

describe('the dashboard’s monthly figures', () => {
	it('count actions as they are created, closed, reopened, moved and deleted', async () => {
		const created = (at: string) => ({ createdAt: new Date(at) });
		const first = await buildAction(one, alice, 'open');
		await db.update(actions).set(created('2026-10-02T10:00:00Z')).where(eq(actions.id, first.id));
		const second = await buildAction(one, bruno, 'done', { closedAt: '2026-10-31T23:30:00Z' });
		await db.update(actions).set(created('2026-10-05T10:00:00Z')).where(eq(actions.id, second.id));
		const third = await buildAction(one, null, 'cancelled');
		await expectKeptUpToDate();
		// Closed at 00:30 on 1 November in Paris: November's.
		expect(await month(one, '2026-11')).toMatchObject({ done: 1 });
		expect(await month(one, '2026-10')).toMatchObject({ opened: 2, done: 0 });

		await db
			.update(actions)
			.set({ status: 'done', closedAt: new Date('2026-10-20T10:00:00Z') })
			.where(eq(actions.id, first.id));
		await db
			.update(actions)
			.set({ status: 'open', closedAt: null })
			.where(eq(actions.id, second.id));
		await db.update(actions).set({ ownerOrganisationId: orgA }).where(eq(actions.id, second.id));
		await db.update(actions).set({ groupId: two }).where(eq(actions.id, third.id));
		await db.update(actions).set({ title: 'Renamed' }).where(eq(actions.id, first.id));
		await expectKeptUpToDate();
		expect(await month(one, '2026-10')).toMatchObject({ opened: 2, done: 1 });

		// Done without a closing date: counted in the group's total, in no month.
		await db.insert(actions).values({ groupId: one, title: 'Sans date', status: 'done' });
		await db.delete(actions).where(eq(actions.id, first.id));
		await expectKeptUpToDate();
		expect(await month(one, '')).toMatchObject({ done: 1 });
	});

	it('count meetings held and their attendance as they change', async () => {
		const held = await buildMeeting(one, '2026-10-15T09:00:00Z', 'held', [
			[alice, 'present'],
			[bruno, 'absent']
		]);
		const planned = await buildMeeting(one, '2026-11-20T09:00:00Z', 'planned', [
			[alice, null],
			[bruno, null]
		]);
		let kept = await expectKeptUpToDate();
		expect(await month(one, '2026-10')).toMatchObject({ held: 1, present: 1, recorded: 2 });
		expect(kept.perOrganisation).toContainEqual(
			expect.objectContaining({ groupId: one, organisationId: orgA, month: '2026-10', present: 1 })
		);

		await db
			.update(meetingAttendees)
			.set({ attendance: 'present' })
			.where(eq(meetingAttendees.meetingId, planned.id));
		await db.update(meetings).set({ status: 'held' }).where(eq(meetings.id, planned.id));
		await db
			.update(meetingAttendees)
			.set({ attendance: 'present' })
			.where(and(eq(meetingAttendees.meetingId, held.id), eq(meetingAttendees.userId, bruno.id)));
		await expectKeptUpToDate();
		expect(await month(one, '2026-10')).toMatchObject({ held: 1, present: 2, recorded: 2 });
		expect(await month(one, '2026-11')).toMatchObject({ held: 1, present: 2, recorded: 2 });

		// Moved to 1 November in Paris, then cancelled, then held again in another group.
		await db
			.update(meetings)
			.set({ startsAt: new Date('2026-10-31T23:30:00Z') })
			.where(eq(meetings.id, held.id));
		await expectKeptUpToDate();
		expect(await month(one, '2026-11')).toMatchObject({ held: 2, present: 4, recorded: 4 });
		await db.update(meetings).set({ status: 'cancelled' }).where(eq(meetings.id, held.id));
		await expectKeptUpToDate();
		await db
			.update(meetings)
			.set({ status: 'published', groupId: two })
			.where(eq(meetings.id, held.id));
		await db
			.delete(meetingAttendees)
			.where(
				and(eq(meetingAttendees.meetingId, planned.id), eq(meetingAttendees.userId, bruno.id))
			);
		await expectKeptUpToDate();

		await db.delete(meetings).where(eq(meetings.id, planned.id));
		kept = await expectKeptUpToDate();
		expect(kept.perGroup.filter((r) => r.groupId === one && r.held)).toEqual([]);
	});

	it('follow a person to their new organisation, and forget them when deleted', async () => {
		await buildMeeting(two, '2026-09-10T09:00:00Z', 'held', [
			[alice, 'present'],
			[bruno, 'present']
		]);
		await buildAction(two, bruno, 'open');
		await db.update(users).set({ organisationId: orgA }).where(eq(users.id, bruno.id));
		const kept = await expectKeptUpToDate();
		expect(kept.perOrganisation.filter((r) => r.organisationId === orgB && r.present)).toEqual([]);

		await db.delete(users).where(eq(users.id, alice.id));
		await expectKeptUpToDate();
	});

	it('go with a deleted group or organisation, without tripping a foreign key', async () => {
		const other = await buildOrganisation();
		await db
			.insert(actions)
			.values({ groupId: one, title: 'Autre', ownerOrganisationId: other.id });
		await db.delete(organisations).where(eq(organisations.id, other.id));
		await expectKeptUpToDate();

		await db.delete(groups).where(eq(groups.id, two));
		const kept = await expectKeptUpToDate();
		expect(kept.perGroup.filter((r) => r.groupId === two)).toEqual([]);
	});
});
