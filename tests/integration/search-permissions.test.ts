import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import {
	actions,
	decisions,
	documents,
	files,
	groupMembers,
	groups,
	polls,
	threadMessages,
	threads
} from '$lib/server/db/schema';
import { can } from '$lib/server/policy';
import * as search from '$lib/server/search';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';

await createTestDb();

// Every group shape a reader can meet, each holding a document, an action and a message with the
// group's own code word, so a search for the code word says exactly which groups were read.
const shapes = [
	{ key: 'closedmember', joinPolicy: 'closed', status: 'active', member: true },
	{ key: 'closedoutside', joinPolicy: 'closed', status: 'active', member: false },
	{ key: 'openmember', joinPolicy: 'open', status: 'active', member: true },
	{ key: 'openoutside', joinPolicy: 'open', status: 'active', member: false },
	{ key: 'archivedoutside', joinPolicy: 'open', status: 'archived', member: false },
	{ key: 'archivedclosed', joinPolicy: 'closed', status: 'archived', member: false }
] as const;

const readers: Record<string, SessionUser> = {};
const groupIds: Record<string, string> = {};

beforeAll(async () => {
	for (const role of ['admin', 'coordinator', 'director', 'member', 'partner'] as const) {
		readers[role] = await buildUser({ role });
	}
	for (const shape of shapes) {
		const roster = shape.member
			? [readers.member, readers.partner, readers.director].map((user) => ({
					user,
					role: 'member' as const
				}))
			: [];
		const group = await buildGroup(
			{ name: `Groupe zorglub${shape.key}`, joinPolicy: shape.joinPolicy, status: shape.status },
			roster
		);
		groupIds[shape.key] = group.id;
		const code = `zorglub${shape.key}`;
		await db.insert(documents).values({
			groupId: group.id,
			title: `Note ${code}`,
			plainText: `Le bus ${code} part à 7 h.`
		});
		await db
			.insert(actions)
			.values({ groupId: group.id, title: `Action ${code}`, description: 'bus' });
		const [thread] = await db
			.insert(threads)
			.values({ groupId: group.id, title: `Fil ${code}` })
			.returning();
		await db.insert(threadMessages).values({ threadId: thread.id, bodyText: `Le bus ${code}.` });
		// A file found by the words of its text (its name says nothing of the code).
		await db.insert(files).values({
			groupId: group.id,
			name: 'horaires.pdf',
			versionId: crypto.randomUUID(),
			size: 10,
			mime: 'application/pdf',
			plainText: `Navette ${code}, départ 6 h 40.`
		});
		// A proposal and a decision, found by the words of their text.
		await db.insert(polls).values({
			groupId: group.id,
			kind: 'proposal',
			title: 'Un car partagé',
			bodyText: `Proposition ${code} pour le car.`,
			closesAt: new Date(Date.now() + 86_400_000)
		});
		await db.insert(decisions).values({
			groupId: group.id,
			title: 'Car partagé adopté',
			bodyText: `Décision ${code} sur le car.`,
			decidedOn: '2026-03-12'
		});
	}
	await buildOrganisation({ name: 'Zorglub Mécanique' });
});

async function readable(reader: SessionUser) {
	const rows = await db.select().from(groups);
	const mine = await db.select().from(groupMembers);
	return rows
		.filter((g) =>
			can(reader, 'group.view', {
				status: g.status,
				joinPolicy: g.joinPolicy,
				membership: mine.find((m) => m.groupId === g.id && m.userId === reader.id)?.role ?? null
			})
		)
		.map((g) => g.id);
}

describe('what each reader finds', () => {
	for (const role of ['admin', 'coordinator', 'director', 'member', 'partner']) {
		it(`a ${role} finds exactly what the policy lets them read`, async () => {
			const reader = readers[role];
			const allowed = await readable(reader);
			for (const shape of shapes) {
				const answer = await search.search(reader, `zorglub${shape.key}`, {}, { limit: 50 });
				const expected = allowed.includes(groupIds[shape.key]);
				const kinds = answer.results.map((r) => r.kind).sort();
				expect(kinds, `${role} × ${shape.key}`).toEqual(
					expected
						? ['action', 'decision', 'document', 'file', 'group', 'message', 'proposal'].sort()
						: []
				);
				expect(answer.more).toBe(false);
			}
		});
	}

	it('a partner never learns of a closed group’s document, not by words shared with others', async () => {
		// "bus" is in every group: the partner only gets their own group's things.
		const answer = await search.search(readers.partner, 'bus', {}, { limit: 50 });
		expect(answer.results.length).toBeGreaterThan(0);
		for (const result of answer.results) {
			expect(['Groupe zorglubclosedmember', 'Groupe zorglubopenmember']).toContain(
				result.group?.name
			);
			expect(result.snippetHtml).not.toMatch(/outside/);
		}
		// Asking for the closed group by id changes nothing.
		const forced = await search.search(readers.partner, 'bus', { groupId: groupIds.closedoutside });
		expect(forced).toEqual({ words: ['bus'], results: [], more: false });
	});

	it('marks what is archived, and still finds it', async () => {
		const answer = await search.search(readers.member, 'zorglubarchivedoutside');
		expect(answer.results.length).toBe(7);
		expect(answer.results.every((r) => r.archived)).toBe(true);
		await db.insert(documents).values({
			groupId: groupIds.openmember,
			title: 'Vieux plan',
			plainText: 'Plan de 2019',
			archivedAt: new Date()
		});
		const [old] = (await search.search(readers.member, 'vieux plan')).results;
		expect(old).toMatchObject({ title: 'Vieux plan', archived: true });
		const [live] = (
			await search.search(readers.member, 'zorglubopenmember', { kinds: ['document'] })
		).results;
		expect(live.archived).toBe(false);
	});

	it('shows people and organisations only to those who may open the directory', async () => {
		expect((await search.search(readers.member, 'zorglub mecanique')).results[0]?.kind).toBe(
			'organisation'
		);
		expect((await search.search(readers.partner, 'zorglub mecanique')).results).toEqual([]);
		expect(
			(await search.search(readers.partner, 'x', { kinds: ['person', 'organisation'] })).results
		).toEqual([]);
	});
});
