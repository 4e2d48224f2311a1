import { asc, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { activity, objectives as table } from '$lib/server/db/schema';
import * as groups from '$lib/server/groups';
import * as objectives from '$lib/server/progress/objectives';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildGroup, buildUser } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

let coordinator: SessionUser;
let director: SessionUser;

/** What the objective form gives the service, through the form's own schema. */
const input = (overrides: Record<string, string> = {}) =>
	objectives.objectiveSchema.parse({
		title: 'Navette du matin',
		description: 'Entre la gare et la zone d’activité.',
		targetDate: '2026-09-15',
		status: 'not_started',
		...overrides
	});

async function historyOf(groupId: string) {
	return db
		.select()
		.from(activity)
		.where(eq(activity.groupId, groupId))
		.orderBy(asc(activity.createdAt));
}

async function objectiveCount() {
	const [{ n }] = await db.select({ n: count() }).from(table);
	return n;
}

async function team(overrides: Parameters<typeof buildGroup>[0] = {}) {
	const lead = await buildUser();
	const member = await buildUser();
	const observer = await buildUser();
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

describe('objectives', () => {
	it('lets a lead add objectives, listed in the order they were added', async () => {
		const { group, lead } = await team();
		const first = await objectives.create(lead, group.id, input());
		const second = await objectives.create(coordinator, group.id, input({ title: 'Plan commun' }));
		expect(first).toMatchObject({
			groupId: group.id,
			title: 'Navette du matin',
			description: 'Entre la gare et la zone d’activité.',
			targetDate: '2026-09-15',
			status: 'not_started',
			position: 0
		});
		expect(second.position).toBe(1);
		expect((await objectives.list(group.id)).map((o) => o.id)).toEqual([first.id, second.id]);
		const [created] = await historyOf(group.id);
		expect(created).toMatchObject({
			actorId: lead.id,
			subjectType: 'objective',
			subjectId: first.id,
			verb: 'created',
			label: 'Navette du matin',
			after: { status: 'not_started', targetDate: '2026-09-15' }
		});
	});

	it('keeps an objective without a target date', async () => {
		const { group, lead } = await team();
		const objective = await objectives.create(lead, group.id, input({ targetDate: '' }));
		expect(objective.targetDate).toBeNull();
	});

	it('records a change of status alone as "status_changed"', async () => {
		const { group, lead } = await team();
		const objective = await objectives.create(lead, group.id, input());
		const updated = await objectives.update(
			lead,
			group.id,
			objective.id,
			input({ status: 'in_progress' })
		);
		expect(updated.status).toBe('in_progress');
		expect((await historyOf(group.id)).at(-1)).toMatchObject({
			verb: 'status_changed',
			subjectId: objective.id,
			before: { status: 'not_started' },
			after: { status: 'in_progress' }
		});
	});

	it('records other changes as "updated", with only what changed', async () => {
		const { group } = await team();
		const objective = await objectives.create(coordinator, group.id, input());
		await objectives.update(
			coordinator,
			group.id,
			objective.id,
			input({ title: 'Navette du soir', targetDate: '2026-10-01', status: 'achieved' })
		);
		const last = (await historyOf(group.id)).at(-1)!;
		expect(last).toMatchObject({ verb: 'updated', label: 'Navette du soir' });
		expect([last.before, last.after]).toEqual([
			{ title: 'Navette du matin', targetDate: '2026-09-15', status: 'not_started' },
			{ title: 'Navette du soir', targetDate: '2026-10-01', status: 'achieved' }
		]);
	});

	it('records nothing when nothing changed', async () => {
		const { group, lead } = await team();
		const objective = await objectives.create(lead, group.id, input());
		await objectives.update(lead, group.id, objective.id, input());
		expect((await historyOf(group.id)).map((h) => h.verb)).toEqual(['created']);
	});

	it('refuses members, observers and directors, changing nothing', async () => {
		const { group, lead, member, observer } = await team({ joinPolicy: 'open' });
		const objective = await objectives.create(lead, group.id, input());
		const before = await objectiveCount();
		for (const user of [member, observer, director]) {
			expect((await refusal(objectives.create(user, group.id, input()))).kind).toBe('forbidden');
			const e = await refusal(
				objectives.update(user, group.id, objective.id, input({ status: 'dropped' }))
			);
			expect(e.kind).toBe('forbidden');
		}
		const partner = await buildUser({ role: 'partner' });
		expect((await refusal(objectives.create(partner, group.id, input()))).kind).toBe('not_found');
		expect(await objectiveCount()).toBe(before);
		expect((await objectives.list(group.id))[0].status).toBe('not_started');
	});

	it('refuses any change in an archived group', async () => {
		const { group, lead } = await team();
		const objective = await objectives.create(lead, group.id, input());
		await groups.setStatus(coordinator, group.id, 'archived');
		const before = await objectiveCount();
		for (const user of [lead, coordinator]) {
			expect((await refusal(objectives.create(user, group.id, input()))).kind).toBe('forbidden');
			expect(
				(
					await refusal(
						objectives.update(user, group.id, objective.id, input({ status: 'achieved' }))
					)
				).kind
			).toBe('forbidden');
		}
		expect(await objectiveCount()).toBe(before);
		// Still readable.
		expect(await objectives.list(group.id)).toHaveLength(1);
	});

	it('answers "not found" for an objective of another group', async () => {
		const { group, lead } = await team();
		const other = await team();
		const foreign = await objectives.create(other.lead, other.group.id, input());
		expect(
			(await refusal(objectives.update(lead, group.id, foreign.id, input({ status: 'dropped' }))))
				.kind
		).toBe('not_found');
		expect((await objectives.list(other.group.id))[0].status).toBe('not_started');
	});

	it('refuses a date that does not exist before it reaches the database', () => {
		for (const targetDate of ['2026-02-30', '2026-13-01', '30/09/2026']) {
			const parsed = objectives.objectiveSchema.safeParse({
				title: 'Objectif',
				description: '',
				targetDate,
				status: 'not_started'
			});
			expect(
				parsed.error?.issues.map((i) => i.message),
				targetDate
			).toEqual(['validation.date']);
		}
	});
});
