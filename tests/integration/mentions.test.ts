import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import { findMentionable, mentionChoices } from '$lib/server/mentions';
import { LISTED_PEOPLE } from '$lib/server/name-search';
import * as mentionsRoute from '../../src/routes/(app)/groupes/[slug]/mentions/+server';
import { createTestDb } from '../helpers/db';
import { expectHttpError, run } from '../helpers/events';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';

// Who the @-mention picker offers: listed with the page in a small network, found by name as one
// types past a few hundred people, and never anyone the place's rule leaves out.

await createTestDb();

let coordinator: SessionUser;
let lead: SessionUser;
let member: SessionUser;
let outsider: SessionUser;
let partner: SessionUser;
let closed: { id: string; slug: string };
let open: { id: string; slug: string };

const ids = (people: { id: string }[]) => people.map((p) => p.id);

beforeAll(async () => {
	coordinator = await buildUser({ role: 'coordinator', name: 'Claire Coordination' });
	// Everyone but partners reads the network's directory.
	partner = await buildUser({ role: 'partner', name: 'Nadia Partenaire' });
	[lead, member, outsider] = await Promise.all(
		['Luc Pilote', 'Céline Membre', 'Paul Ailleurs'].map((name) => buildUser({ name }))
	);
	closed = await buildGroup({ joinPolicy: 'closed' }, [
		{ user: lead, role: 'lead' },
		{ user: member, role: 'member' },
		{ user: partner, role: 'member' }
	]);
	open = await buildGroup({ joinPolicy: 'open' }, [{ user: lead, role: 'lead' }]);
});

describe('in a small network, the page lists everyone who may be named', () => {
	it('in notes: the members, and the whole network for those who read the directory', async () => {
		const mine = await mentionChoices(partner, closed, 'notes');
		expect(mine.search).toBeNull();
		expect(ids(mine.people).sort()).toEqual([lead.id, member.id, partner.id].sort());

		const theirs = await mentionChoices(lead, closed, 'notes');
		expect(theirs.search).toBeNull();
		expect(ids(theirs.people)).toEqual(expect.arrayContaining([outsider.id, member.id]));
		// Members first.
		expect(theirs.people.slice(0, 3).every((p) => p.member)).toBe(true);
	});

	it('in a discussion of a closed group: only those who may read it', async () => {
		const choices = await mentionChoices(lead, closed, 'discussion');
		expect(choices.search).toBeNull();
		expect(ids(choices.people)).toEqual(expect.arrayContaining([lead.id, member.id]));
		expect(ids(choices.people)).not.toContain(outsider.id);
	});

	it('finds by a part of the name, accents and case aside, within the same rules', async () => {
		expect(ids(await findMentionable(partner, closed.id, 'notes', 'celine'))).toEqual([member.id]);
		expect(await findMentionable(partner, closed.id, 'notes', 'ailleurs')).toEqual([]);
		expect(ids(await findMentionable(coordinator, closed.id, 'notes', 'AILLEURS'))).toEqual([
			outsider.id
		]);
		expect(await findMentionable(coordinator, closed.id, 'discussion', 'ailleurs')).toEqual([]);
		expect(await findMentionable(coordinator, closed.id, 'notes', '   ')).toEqual([]);
	});
});

describe('past a few hundred people', () => {
	beforeAll(async () => {
		const organisation = await buildOrganisation();
		await db.insert(users).values(
			Array.from({ length: LISTED_PEOPLE }, (_, i) => ({
				name: `Personne ${String(i).padStart(3, '0')}`,
				email: `personne-${i}-${Date.now()}@maillage.test`,
				passwordHash: 'unused',
				role: 'member' as const,
				organisationId: organisation.id
			}))
		);
	});

	it('the page carries the members only, and says where to find the others', async () => {
		const notes = await mentionChoices(coordinator, closed, 'notes');
		expect(ids(notes.people).sort()).toEqual([lead.id, member.id, partner.id].sort());
		expect(notes.search).toBe(`/groupes/${closed.slug}/mentions?dans=notes`);

		// Everyone may read an open group's discussions: too many to list as well.
		const discussion = await mentionChoices(lead, open, 'discussion');
		expect(ids(discussion.people)).toEqual([lead.id]);
		expect(discussion.search).toBe(`/groupes/${open.slug}/mentions?dans=discussion`);
	});

	it('finds the others by name, at most ten', async () => {
		expect(ids(await findMentionable(coordinator, closed.id, 'notes', 'ailleurs'))).toEqual([
			outsider.id
		]);
		const many = await findMentionable(lead, open.id, 'discussion', 'personne 0');
		expect(many).toHaveLength(10);
		expect(many[0].label).toBe('Personne 000');
		// A partner reads only the groups they take part in.
		expect(await findMentionable(lead, open.id, 'discussion', 'nadia')).toEqual([]);
		expect(ids(await findMentionable(lead, closed.id, 'discussion', 'nadia'))).toEqual([
			partner.id
		]);
	});
});

describe('the search address', () => {
	const ask = (user: SessionUser | null, slug: string, query: string) =>
		run(mentionsRoute.GET, { user, params: { slug }, path: `/groupes/${slug}/mentions?${query}` });

	it('answers those who may write in the group', async () => {
		const { result } = await ask(lead, closed.slug, 'dans=notes&q=c%C3%A9line');
		expect(result?.status).toBe(200);
		expect(result?.headers.get('cache-control')).toContain('no-store');
		const body = (await result?.json()) as { people: { id: string; label: string }[] };
		expect(body.people).toEqual([
			expect.objectContaining({ id: member.id, label: 'Céline Membre' })
		]);
	});

	it('refuses outsiders, visitors and malformed questions', async () => {
		expectHttpError((await ask(outsider, closed.slug, 'dans=notes&q=c')).thrown, 404);
		expectHttpError((await ask(null, closed.slug, 'dans=notes&q=c')).thrown, 401);
		expectHttpError((await ask(lead, closed.slug, 'dans=ailleurs&q=c')).thrown, 400);
		expectHttpError((await ask(lead, closed.slug, 'q=c')).thrown, 400);
	});
});
