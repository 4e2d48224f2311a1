import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as actionItems from '$lib/server/actions';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { actionEvents, actions as actionsTable, groups, users } from '$lib/server/db/schema';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';

await createTestDb();

let coordinator: SessionUser;
let lead: SessionUser;
let member: SessionUser;
let observer: SessionUser;
let director: SessionUser;
let outsider: SessionUser;
let partner: SessionUser;
let disabled: SessionUser;
let groupId: string;
let archivedId: string;
let partnerOrg: string;

beforeAll(async () => {
	coordinator = await buildUser({ role: 'coordinator' });
	[lead, member, observer, outsider] = await Promise.all([1, 2, 3, 4].map(() => buildUser()));
	director = await buildUser({ role: 'director' });
	partnerOrg = (await buildOrganisation({ name: 'Bureau d’études Rhin' })).id;
	partner = await buildUser({ role: 'partner', organisationId: partnerOrg });
	disabled = await buildUser();
	await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));
	const roster = [
		{ user: lead, role: 'lead' as const },
		{ user: member, role: 'member' as const },
		{ user: observer, role: 'observer' as const }
	];
	groupId = (await buildGroup({ joinPolicy: 'closed' }, roster)).id;
	archivedId = (await buildGroup({ joinPolicy: 'closed', status: 'archived' }, roster)).id;
});

const input = (overrides: Partial<Record<string, string>> = {}) =>
	actionItems.actionSchema.parse({
		title: 'Envoyer le devis',
		ownerId: '',
		dueDate: '',
		...overrides
	});

async function stored(id: string) {
	const [row] = await db.select().from(actionsTable).where(eq(actionsTable.id, id));
	return row;
}
const eventsOf = (id: string) =>
	db
		.select()
		.from(actionEvents)
		.where(eq(actionEvents.actionId, id))
		.orderBy(asc(actionEvents.createdAt));
const countIn = async (group: string) =>
	(await db.select().from(actionsTable).where(eq(actionsTable.groupId, group))).length;

/** An action made by the lead directly, in the group unless told otherwise. */
const made = (overrides: Partial<Record<string, string>> = {}, group = groupId) =>
	actionItems.create(lead, group, input(overrides));

describe('create', () => {
	it('lets a member of the group create an action, with its owner’s organisation and history', async () => {
		const action = await actionItems.create(
			member,
			groupId,
			input({ ownerId: partner.id, dueDate: '2027-03-15', description: 'Lot 2' })
		);
		expect(await stored(action.id)).toMatchObject({
			groupId,
			title: 'Envoyer le devis',
			description: 'Lot 2',
			ownerId: partner.id,
			ownerOrganisationId: partnerOrg,
			dueDate: '2027-03-15',
			status: 'open',
			createdById: member.id,
			documentId: null,
			taskId: null,
			closedAt: null
		});
		const events = await eventsOf(action.id);
		expect(events.map((e) => [e.kind, e.actorId])).toEqual([['created', member.id]]);
	});

	it('closes an action created done', async () => {
		const action = await made({ status: 'done' });
		expect(action.closedAt).not.toBeNull();
	});

	it('refuses observers and directors, hides the group from outsiders, refuses an archived group', async () => {
		const before = await countIn(groupId);
		expect((await refusal(actionItems.create(observer, groupId, input()))).kind).toBe('forbidden');
		expect((await refusal(actionItems.create(director, groupId, input()))).kind).toBe('forbidden');
		expect((await refusal(actionItems.create(outsider, groupId, input()))).kind).toBe('not_found');
		expect((await refusal(actionItems.create(partner, groupId, input()))).kind).toBe('not_found');
		expect(await countIn(groupId)).toBe(before);
		const archivedBefore = await countIn(archivedId);
		expect((await refusal(actionItems.create(lead, archivedId, input()))).kind).toBe('forbidden');
		expect((await refusal(actionItems.create(coordinator, archivedId, input()))).kind).toBe(
			'forbidden'
		);
		expect(await countIn(archivedId)).toBe(archivedBefore);
	});

	it('refuses an owner who is not an active person of the network, writing nothing', async () => {
		const before = await countIn(groupId);
		for (const ownerId of [crypto.randomUUID(), disabled.id]) {
			const error = await refusal(actionItems.create(member, groupId, input({ ownerId })));
			expect(error).toMatchObject({
				kind: 'invalid',
				messageKey: 'action.owner_unknown',
				field: 'ownerId'
			});
		}
		expect(await countIn(groupId)).toBe(before);
		expect(
			actionItems.actionSchema.safeParse({ title: 'Titre', ownerId: 'x', dueDate: '' }).error
				?.issues[0].message
		).toBe('action.owner_unknown');
	});
});

describe('update', () => {
	it('lets a member change an action and records each change with before and after', async () => {
		const action = await made({ dueDate: '2027-03-15' });
		const updated = await actionItems.update(member, action.id, {
			title: 'Envoyer le devis signé',
			dueDate: '2027-03-20',
			ownerId: partner.id,
			status: 'in_progress'
		});
		expect(updated).toMatchObject({
			title: 'Envoyer le devis signé',
			dueDate: '2027-03-20',
			ownerId: partner.id,
			ownerOrganisationId: partnerOrg,
			status: 'in_progress',
			closedAt: null
		});
		const [, change] = await eventsOf(action.id);
		expect(change).toMatchObject({ kind: 'updated', actorId: member.id });
		expect(change.changes).toEqual({
			title: ['Envoyer le devis', 'Envoyer le devis signé'],
			dueDate: ['2027-03-15', '2027-03-20'],
			status: ['open', 'in_progress'],
			ownerId: [null, partner.id]
		});
	});

	it('closes on done and cancelled, reopens, and writes nothing when nothing changes', async () => {
		const action = await made();
		expect(
			(await actionItems.update(member, action.id, { status: 'done' })).closedAt
		).not.toBeNull();
		expect((await actionItems.update(member, action.id, { status: 'open' })).closedAt).toBeNull();
		expect(
			(await actionItems.update(member, action.id, { status: 'cancelled' })).closedAt
		).not.toBeNull();
		const count = (await eventsOf(action.id)).length;
		await actionItems.update(member, action.id, { status: 'cancelled', title: 'Envoyer le devis' });
		expect(await eventsOf(action.id)).toHaveLength(count);
	});

	it('lets the owner update their own action, even as an observer or from outside the group', async () => {
		for (const owner of [observer, outsider, partner]) {
			const action = await made({ ownerId: owner.id });
			const updated = await actionItems.update(owner, action.id, { status: 'done' });
			expect(updated.status).toBe('done');
			const [, change] = await eventsOf(action.id);
			expect(change).toMatchObject({ actorId: owner.id, changes: { status: ['open', 'done'] } });
			expect((await actionItems.access(owner, action.id)).canEdit).toBe(true);
			await actionItems.comment(owner, action.id, 'Fait ce matin.');
			expect((await actionItems.history(owner, action.id)).map((e) => e.kind)).toEqual([
				'created',
				'updated',
				'comment'
			]);
		}
	});

	it('refuses directors and observers who do not own it, and hides it from outsiders', async () => {
		const action = await made({ ownerId: member.id });
		for (const reader of [director, observer]) {
			expect((await actionItems.access(reader, action.id)).canEdit).toBe(false);
			expect((await refusal(actionItems.update(reader, action.id, { status: 'done' }))).kind).toBe(
				'forbidden'
			);
			expect((await refusal(actionItems.comment(reader, action.id, 'Bonjour'))).kind).toBe(
				'forbidden'
			);
		}
		for (const stranger of [outsider, partner]) {
			expect(
				(await refusal(actionItems.update(stranger, action.id, { status: 'done' }))).kind
			).toBe('not_found');
			expect((await refusal(actionItems.history(stranger, action.id))).kind).toBe('not_found');
		}
		expect((await refusal(actionItems.update(null, action.id, { status: 'done' }))).kind).toBe(
			'not_found'
		);
		expect((await refusal(actionItems.access(member, 'pas-un-id'))).kind).toBe('not_found');
		expect((await refusal(actionItems.access(member, crypto.randomUUID()))).kind).toBe('not_found');
		expect((await stored(action.id)).status).toBe('open');
		expect(await eventsOf(action.id)).toHaveLength(1);
	});

	it('refuses every change in an archived group, even to the owner', async () => {
		// Written while the group was active, then the group was archived.
		const setStatus = (status: 'active' | 'archived') =>
			db.update(groups).set({ status }).where(eq(groups.id, archivedId));
		await setStatus('active');
		const action = await made({ ownerId: member.id }, archivedId);
		await setStatus('archived');
		for (const person of [member, lead, coordinator]) {
			expect((await refusal(actionItems.update(person, action.id, { status: 'done' }))).kind).toBe(
				'forbidden'
			);
		}
		expect((await stored(action.id)).status).toBe('open');
		// Still readable.
		expect((await actionItems.history(director, action.id)).map((e) => e.kind)).toEqual([
			'created'
		]);
	});

	it('refuses an unknown owner and writes nothing', async () => {
		const action = await made({ ownerId: member.id });
		for (const ownerId of [crypto.randomUUID(), disabled.id, 'pas-un-id']) {
			const error = await refusal(
				actionItems.update(lead, action.id, { ownerId, title: 'Autre titre' })
			);
			expect(error).toMatchObject({ kind: 'invalid', messageKey: 'action.owner_unknown' });
		}
		expect(await stored(action.id)).toMatchObject({
			ownerId: member.id,
			title: 'Envoyer le devis'
		});
		expect(await eventsOf(action.id)).toHaveLength(1);
	});

	it('takes an owner away', async () => {
		const action = await made({ ownerId: partner.id });
		const updated = await actionItems.update(lead, action.id, { ownerId: null });
		expect(updated).toMatchObject({ ownerId: null, ownerOrganisationId: null });
		expect((await eventsOf(action.id))[1].changes).toEqual({ ownerId: [partner.id, null] });
	});
});

describe('bulkUpdate', () => {
	it('changes each action and records each change', async () => {
		const a = await made();
		const b = await made({ ownerId: member.id });
		expect(
			await actionItems.bulkUpdate(member, [a.id, b.id], {
				status: 'blocked',
				dueDate: '2027-01-10'
			})
		).toBe(2);
		for (const id of [a.id, b.id]) {
			expect(await stored(id)).toMatchObject({ status: 'blocked', dueDate: '2027-01-10' });
			expect((await eventsOf(id))[1].changes).toEqual({
				status: ['open', 'blocked'],
				dueDate: [null, '2027-01-10']
			});
		}
	});

	it('changes nothing when one of the actions may not be changed', async () => {
		const mine = await made({ ownerId: observer.id });
		const other = await made();
		const error = await refusal(
			actionItems.bulkUpdate(observer, [mine.id, other.id], { status: 'done' })
		);
		expect(error.kind).toBe('forbidden');
		expect((await stored(mine.id)).status).toBe('open');
		expect((await stored(other.id)).status).toBe('open');
		const hidden = await refusal(actionItems.bulkUpdate(outsider, [other.id], { status: 'done' }));
		expect(hidden.kind).toBe('not_found');
	});

	it('changes nothing when the new owner is unknown', async () => {
		const a = await made();
		const b = await made();
		const error = await refusal(
			actionItems.bulkUpdate(lead, [a.id, b.id], { ownerId: crypto.randomUUID() })
		);
		expect(error.messageKey).toBe('action.owner_unknown');
		expect(await eventsOf(a.id)).toHaveLength(1);
		expect(await eventsOf(b.id)).toHaveLength(1);
	});
});

describe('comments and history', () => {
	it('keeps comments and changes in order, with who did each', async () => {
		const action = await made();
		await actionItems.comment(member, action.id, 'Le fournisseur a répondu.');
		await actionItems.update(lead, action.id, { status: 'done' });
		const history = await actionItems.history(director, action.id);
		expect(history.map((e) => [e.kind, e.actor, e.body])).toEqual([
			['created', lead.name, ''],
			['comment', member.name, 'Le fournisseur a répondu.'],
			['updated', lead.name, '']
		]);
		expect(history[2].changes).toEqual({ status: ['open', 'done'] });
	});

	it('lists the open actions of a group and of an owner', async () => {
		const group = (await buildGroup({}, [{ user: lead, role: 'lead' }])).id;
		const owner = await buildUser();
		const late = await actionItems.create(
			lead,
			group,
			input({ ownerId: owner.id, dueDate: '2026-01-05' })
		);
		const soon = await actionItems.create(
			lead,
			group,
			input({ ownerId: owner.id, dueDate: '2027-01-05' })
		);
		await actionItems.create(lead, group, input({ ownerId: owner.id, status: 'done' }));
		expect((await actionItems.openForGroup(lead, group)).map((a) => a.id)).toEqual([
			late.id,
			soon.id
		]);
		expect((await actionItems.openForOwner(owner.id)).map((a) => a.id)).toEqual([late.id, soon.id]);
	});
});
