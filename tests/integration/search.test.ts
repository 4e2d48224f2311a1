import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import {
	actions,
	documents,
	groupMembers,
	meetings,
	threadMessages,
	threads,
	users,
	type Group
} from '$lib/server/db/schema';
import * as search from '$lib/server/search';
import * as threadView from '$lib/server/threads/view';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';

await createTestDb();

let member: SessionUser;
let group: Group;
const ids: Record<string, string> = {};

async function addDocument(
	title: string,
	plainText: string,
	extra: Partial<typeof documents.$inferInsert> = {}
) {
	const [doc] = await db
		.insert(documents)
		.values({ groupId: group.id, title, plainText, ...extra })
		.returning({ id: documents.id });
	return doc.id;
}

const titles = async (
	q: string,
	options: search.SearchOptions = {},
	filters: search.SearchFilters = {}
) => (await search.search(member, q, filters, options)).results.map((r) => r.title);

beforeAll(async () => {
	member = await buildUser({ name: 'Camille Martin' });
	group = await buildGroup(
		{ name: 'Mobilités douces', description: 'Covoiturage et navettes entre les sites' },
		[{ user: member, role: 'member' }]
	);
	ids.bus = await addDocument(
		'Horaires des navettes',
		'Le bus pour le site d’Erstein part à 7 h 10 de la gare. Réunion prévue à Sélestat.'
	);
	ids.english = await addDocument(
		'Shuttle planning',
		'The buses are running late; drivers asked for new schedules.'
	);
	ids.script = await addDocument(
		'Balises',
		'Texte avec <script>alert(1)</script> & 3 < 4 et covoiturage'
	);
	const [meeting] = await db
		.insert(meetings)
		.values({
			groupId: group.id,
			title: 'Comité de pilotage',
			startsAt: new Date('2026-03-10T09:00:00Z'),
			endsAt: new Date('2026-03-10T11:00:00Z'),
			placeText: 'Usine de Benfeld',
			agenda: [{ title: 'Bilan du covoiturage', ownerId: null, minutes: 20 }]
		})
		.returning();
	ids.meeting = meeting.id;
	const [action] = await db
		.insert(actions)
		.values({
			groupId: group.id,
			title: 'Relancer la communauté de communes',
			description: 'Demander un arrêt de bus supplémentaire'
		})
		.returning();
	ids.action = action.id;
	const [thread] = await db
		.insert(threads)
		.values({ groupId: group.id, title: 'Parking vélo', authorId: member.id })
		.returning();
	const [message] = await db
		.insert(threadMessages)
		.values({
			threadId: thread.id,
			authorId: member.id,
			bodyText: 'Les arceaux sont installés derrière l’atelier.'
		})
		.returning();
	ids.thread = thread.id;
	ids.message = message.id;
	const org = await buildOrganisation({
		name: 'Kuhn Industries',
		town: 'Sélestat',
		sector: 'Machinisme agricole'
	});
	ids.org = org.id;
	ids.person = (await buildUser({ name: 'Jean Dupont', organisationId: org.id })).id;
});

describe('words, accents and languages', () => {
	it('finds French words without their accents, and accented words typed plainly', async () => {
		expect(await titles('reunion')).toContain('Horaires des navettes');
		expect(await titles('Selestat')).toContain('Horaires des navettes');
		expect(await titles('réunion sélestat')).toContain('Horaires des navettes');
		expect(await titles('REUNION')).toContain('Horaires des navettes');
	});

	it('stems French and English', async () => {
		expect(await titles('réunions')).toContain('Horaires des navettes');
		expect(await titles('navette')).toContain('Horaires des navettes');
		expect(await titles('schedule')).toContain('Shuttle planning');
		expect(await titles('bus running')).toContain('Shuttle planning');
	});

	it('needs every word', async () => {
		expect(await titles('bus Erstein')).toEqual(['Horaires des navettes']);
	});

	it('matches the beginning of the last word only when asked (as you type)', async () => {
		expect(await titles('Ersta')).toEqual([]);
		expect(await titles('Erst')).toEqual([]);
		expect(await titles('Erst', { prefix: true })).toContain('Horaires des navettes');
		expect(await titles('mobilit', { prefix: true })).toContain('Mobilités douces');
	});

	it('finds every kind, each with its link', async () => {
		const answer = await search.search(member, 'covoiturage');
		const kinds = Object.fromEntries(answer.results.map((r) => [r.kind, r.href]));
		expect(kinds).toMatchObject({
			group: `/groupes/${group.slug}`,
			document: `/groupes/${group.slug}/documents/${ids.script}`,
			meeting: `/groupes/${group.slug}/reunions/${ids.meeting}`
		});
		expect((await search.search(member, 'arrêt bus')).results[0].href).toBe(
			`/actions/${ids.action}`
		);
		const message = (await search.search(member, 'arceaux')).results[0];
		expect(message).toMatchObject({ kind: 'message', title: 'Parking vélo' });
		expect(message.href).toBe(
			`/groupes/${group.slug}/discussions/${ids.thread}?message=${ids.message}#message-${ids.message}`
		);
		// A thread's title finds its first message.
		expect((await search.search(member, 'parking')).results[0].id).toBe(ids.message);
		expect((await search.search(member, 'Benfeld')).results[0].kind).toBe('meeting');
	});

	it('finds people and organisations, with typos in names', async () => {
		expect((await search.search(member, 'Dupont')).results[0]).toMatchObject({
			kind: 'person',
			href: `/annuaire/personnes/${ids.person}`
		});
		expect(await titles('Dupond')).toContain('Jean Dupont');
		expect(await titles('Kuhnn')).toContain('Kuhn Industries');
		expect(await titles('Marttin')).toContain('Camille Martin');
		expect(await titles('machinisme')).toContain('Kuhn Industries');
	});
});

describe('snippets', () => {
	it('marks the matched words and escapes everything else', async () => {
		const [hit] = (await search.search(member, 'covoiturage', { kinds: ['document'] })).results;
		expect(hit.snippetHtml).toContain('&amp; 3 &lt; 4');
		expect(hit.snippetHtml).toContain('<mark>covoiturage</mark>');
		expect(hit.snippetHtml).not.toContain('<script');
		const [bus] = (await search.search(member, 'reunion', { kinds: ['document'] })).results;
		expect(bus.snippetHtml).toContain('<mark>Réunion</mark>');
	});

	it('finds words typed between angle brackets and shows the brackets', async () => {
		// PostgreSQL's parser alone reads "<A2>" as an HTML tag: not found, and "a1< >" shown.
		await addDocument('Repères <<B7>>', 'Variante a1<<A2>> retenue');
		const [thread] = await db
			.insert(threads)
			.values({ groupId: group.id, title: 'Variantes', authorId: member.id })
			.returning();
		await db
			.insert(threadMessages)
			.values({ threadId: thread.id, authorId: member.id, bodyText: 'Je préfère x<A2> au tracé' });
		const { results } = await search.search(member, 'A2');
		const snippet = (kind: string) => results.find((r) => r.kind === kind)?.snippetHtml;
		expect(snippet('document')).toBe('Variante a1&lt;&lt;<mark>A2</mark>&gt;&gt; retenue');
		expect(snippet('message')).toContain('x&lt;<mark>A2</mark>&gt; au tracé');
		const [doc] = (await search.search(member, 'B7')).results;
		expect(doc.titleHtml).toBe('Repères &lt;&lt;<mark>B7</mark>&gt;&gt;');
	});
});

describe('filters', () => {
	it('keeps one kind, one group, one author or a range of days', async () => {
		const other = await buildGroup({ name: 'Recrutement', joinPolicy: 'open' });
		const [elsewhere] = await db
			.insert(documents)
			.values({
				groupId: other.id,
				title: 'Covoiturage des alternants',
				plainText: '',
				createdById: ids.person,
				lastEditedAt: new Date('2025-06-15T10:00:00Z')
			})
			.returning();
		const kinds = async (filters: search.SearchFilters) =>
			(await search.search(member, 'covoiturage', filters, { limit: 50 })).results.map(
				(r) => `${r.kind}:${r.title}`
			);
		expect(await kinds({ kinds: ['meeting'] })).toEqual(['meeting:Comité de pilotage']);
		expect(await kinds({ groupId: other.id })).toEqual(['document:Covoiturage des alternants']);
		expect(await kinds({ authorId: ids.person })).toEqual(['document:Covoiturage des alternants']);
		expect(await kinds({ from: '2025-06-15', to: '2025-06-15', kinds: ['document'] })).toEqual([
			'document:Covoiturage des alternants'
		]);
		expect(await kinds({ from: '2025-06-16', to: '2025-12-31', kinds: ['document'] })).toEqual([]);
		// Nonsense filters are ignored rather than failing.
		expect(
			(await kinds({ groupId: 'pas-un-id', authorId: "1' or '1'='1", from: '2025-13-45' })).length
		).toBeGreaterThan(1);
		await db.delete(documents).where(eq(documents.id, elsewhere.id));
	});

	it('ranks the best match first, the most recent first among equals, and pages', async () => {
		const older = await addDocument('Badges visiteurs', 'badge', {
			lastEditedAt: new Date('2024-01-01T00:00:00Z')
		});
		const newer = await addDocument('Badges visiteurs', 'badge', {
			lastEditedAt: new Date('2025-01-01T00:00:00Z')
		});
		const page1 = await search.search(member, 'badges', { kinds: ['document'] }, { limit: 1 });
		expect(page1.results.map((r) => r.id)).toEqual([newer]);
		expect(page1.more).toBe(true);
		const page2 = await search.search(
			member,
			'badges',
			{ kinds: ['document'] },
			{ limit: 1, offset: 1 }
		);
		expect(page2.results.map((r) => r.id)).toEqual([older]);
		expect(page2.more).toBe(false);
		// A word in the title weighs more than the same word in the text.
		const inTitle = await addDocument('Vestiaires', 'rien');
		const inText = await addDocument('Divers', 'Les vestiaires ferment à 18 h.', {
			lastEditedAt: new Date(Date.now() + 60_000)
		});
		expect(
			(await search.search(member, 'vestiaires')).results.map((r) => r.id).slice(0, 2)
		).toEqual([inTitle, inText]);
	});

	it('ranks the most recent matches of each kind, period after period, when there are many', async () => {
		const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
		// The best match is the oldest: the word is in its title.
		const old = await addDocument('Tréfilage', 'tréfilage', { lastEditedAt: daysAgo(700) });
		const middle = await addDocument('Atelier', 'Le tréfilage reprend.', {
			lastEditedAt: daysAgo(200)
		});
		const month = await addDocument('Atelier', 'Le tréfilage reprend.', {
			lastEditedAt: daysAgo(60)
		});
		const week = await addDocument('Atelier', 'Le tréfilage reprend.', {
			lastEditedAt: daysAgo(7)
		});
		const found = async (candidates?: number) =>
			(
				await search.search(member, 'tréfilage', { kinds: ['document'] }, { candidates })
			).results.map((r) => r.id);
		// Few matches: every one of them is ranked, the oldest first for its title.
		expect(await found()).toEqual([old, week, month, middle]);
		// More matches than are ranked: the most recent ones, whatever the period they fall in.
		expect(await found(1)).toEqual([week]);
		expect(await found(2)).toEqual([week, month]);
		expect(await found(3)).toEqual([week, month, middle]);
		// The same for messages and actions.
		const [thread] = await db
			.insert(threads)
			.values({ groupId: group.id, title: 'Fil', authorId: member.id })
			.returning();
		const messages = await db
			.insert(threadMessages)
			.values(
				[500, 90, 3].map((days) => ({
					threadId: thread.id,
					authorId: member.id,
					bodyText: 'Le tréfilage reprend.',
					createdAt: daysAgo(days)
				}))
			)
			.returning({ id: threadMessages.id });
		const newest = async (kind: search.SearchKind, candidates: number) =>
			(await search.search(member, 'tréfilage', { kinds: [kind] }, { candidates })).results.map(
				(r) => r.id
			);
		expect(await newest('message', 2)).toEqual([messages[2].id, messages[1].id]);
		expect(await newest('message', 5)).toHaveLength(3);
		const owned = await db
			.insert(actions)
			.values(
				[450, 2].map((days) => ({
					groupId: group.id,
					title: 'Relancer le tréfilage',
					updatedAt: daysAgo(days)
				}))
			)
			.returning({ id: actions.id });
		expect(await newest('action', 1)).toEqual([owned[1].id]);
		expect(await newest('action', 2)).toEqual([owned[1].id, owned[0].id]);
	});
});

describe('any input', () => {
	const hostile = [
		'',
		'   ',
		'a',
		'é',
		'x'.repeat(10_000),
		'réunion '.repeat(2_000),
		"&|!():*'",
		"bus & !(Erstein | 'x') :* <-> ",
		"'; drop table documents; --",
		"1' or '1'='1",
		'\\x00 \u0000 \u0001 \u0002',
		'🚌🚌🚌',
		'bus 🚌 Erstein',
		'<script>alert(1)</script>',
		'le la les de du'
	];
	for (const input of hostile) {
		it(`answers ${JSON.stringify(input.slice(0, 40))} without an error`, async () => {
			for (const prefix of [false, true]) {
				const answer = await search.search(member, input, {}, { prefix });
				expect(answer.words.length).toBeLessThanOrEqual(8);
				expect(answer.words.join(' ').length).toBeLessThanOrEqual(200);
				for (const r of answer.results) expect(r.snippetHtml).not.toMatch(/<(?!\/?mark>)/);
			}
		});
	}

	it('finds what the words say, whatever surrounds them', async () => {
		expect(await titles('bus 🚌 Erstein')).toEqual(['Horaires des navettes']);
		expect(await titles("'bus' & (Erstein)")).toEqual(['Horaires des navettes']);
		expect(await titles('')).toEqual([]);
		expect(await titles('le la de du')).toEqual([]);
	});
});

describe('landing', () => {
	it('a message found far down a long thread is on the page its link opens', async () => {
		const [thread] = await db
			.insert(threads)
			.values({ groupId: group.id, title: 'Long fil', authorId: member.id })
			.returning();
		const start = Date.parse('2026-01-01T00:00:00Z');
		const rows = await db
			.insert(threadMessages)
			.values(
				Array.from({ length: threadView.PAGE_SIZE + 10 }, (_, i) => ({
					threadId: thread.id,
					authorId: member.id,
					bodyText: i === threadView.PAGE_SIZE + 5 ? 'Le mot ornithorynque' : `Message ${i}`,
					createdAt: new Date(start + i * 60_000)
				}))
			)
			.returning({ id: threadMessages.id });
		for (const row of rows) {
			await db.update(threadMessages).set({ rootId: row.id }).where(eq(threadMessages.id, row.id));
		}
		const [hit] = (await search.search(member, 'ornithorynque')).results;
		const url = new URL(hit.href, 'http://x');
		expect(url.hash).toBe(`#message-${hit.id}`);
		const shown = async (focus: string | null) =>
			(await threadView.read(member, thread.id, threadView.PAGE_SIZE, focus)).messages.some(
				(m) => m.id === hit.id
			);
		expect(await shown(url.searchParams.get('message'))).toBe(true);
		// Without the search's pointer, the first page would not hold it.
		expect(await shown(null)).toBe(false);
	});
});

describe('the filters of the results page', () => {
	it('offer every readable person as an author until there are too many, then the chosen group’s', async () => {
		const small = await search.filterChoices(member);
		expect(small.authorsLimited).toBe(false);
		expect(small.authors.map((a) => a.id)).toContain(member.id);

		const organisation = await buildOrganisation();
		const crowd = await buildGroup({ name: 'Grande assemblée', joinPolicy: 'open' });
		const people = await db
			.insert(users)
			.values(
				Array.from({ length: 201 }, (_, i) => ({
					name: `Participant ${String(i).padStart(3, '0')}`,
					email: `participant-${i}@example.test`,
					role: 'member' as const,
					organisationId: organisation.id,
					passwordHash: 'x'
				}))
			)
			.returning({ id: users.id });
		await db
			.insert(groupMembers)
			.values(people.map((p) => ({ groupId: crowd.id, userId: p.id, role: 'member' as const })));

		const large = await search.filterChoices(member);
		expect(large).toMatchObject({ authorsLimited: true, authors: [] });
		const chosen = await search.filterChoices(member, { authorId: people[7].id });
		expect(chosen.authors).toEqual([{ id: people[7].id, name: 'Participant 007' }]);
		const inGroup = await search.filterChoices(member, { group: crowd.slug });
		expect(inGroup.authorsLimited).toBe(false);
		expect(inGroup.group?.id).toBe(crowd.id);
		expect(inGroup.authors).toHaveLength(201);
		// Someone the reader cannot see is never named, even when asked for.
		const hidden = await buildUser({ name: 'Personne cachée', organisationId: organisation.id });
		await buildGroup({ name: 'Comité restreint' }, [{ user: hidden, role: 'member' }]);
		expect((await search.filterChoices(member, { authorId: hidden.id })).authors).toEqual([]);
		expect((await search.filterChoices(member, { authorId: 'pas-un-id' })).authors).toEqual([]);
	});
});
