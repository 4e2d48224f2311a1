import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RichDoc } from '$lib/richtext/types';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { threadMessages, threads as threadsTable } from '$lib/server/db/schema';
import * as documents from '$lib/server/documents';
import * as threadView from '$lib/server/threads/view';
import * as threads from '$lib/server/threads';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildGroup, buildUser } from '../helpers/factories';

await createTestDb();

const ORIGIN = 'http://localhost:5173';
let coordinator: SessionUser;
let lead: SessionUser;
let member: SessionUser;
let other: SessionUser;
let observer: SessionUser;
let director: SessionUser;
let partner: SessionUser;
let outsider: SessionUser;
let groupId: string;
let otherGroupId: string;

/** A message body as the editor posts it. */
const doc = (...paragraphs: string[]): RichDoc => ({
	type: 'doc',
	content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] }))
});
const posted = (body: RichDoc) => JSON.stringify(body);

beforeAll(async () => {
	coordinator = await buildUser({ role: 'coordinator' });
	[lead, member, other, observer, outsider] = await Promise.all(
		[1, 2, 3, 4, 5].map(() => buildUser())
	);
	director = await buildUser({ role: 'director' });
	partner = await buildUser({ role: 'partner' });
	groupId = (
		await buildGroup({ joinPolicy: 'closed' }, [
			{ user: lead, role: 'lead' },
			{ user: member, role: 'member' },
			{ user: other, role: 'member' },
			{ user: observer, role: 'observer' }
		])
	).id;
	otherGroupId = (await buildGroup({ joinPolicy: 'closed' }, [{ user: lead, role: 'lead' }])).id;
});

const open = (author: SessionUser = member, title = 'Navette du matin', body = doc('Bonjour')) =>
	threads.create(
		author,
		groupId,
		threads.threadSchema.parse({ title, body: posted(body) }),
		ORIGIN
	);
const reply = (author: SessionUser, threadId: string, parentId = '', body = doc('Réponse')) =>
	threads.post(author, threadId, { body, parentId }, ORIGIN);

describe('opening threads and validating messages', () => {
	it('creates the thread with its first message, cleaned of unknown nodes', async () => {
		const body = {
			type: 'doc',
			content: [
				{ type: 'paragraph', content: [{ type: 'text', text: 'Bonjour' }] },
				{ type: 'image', attrs: { src: 'https://evil.test/x.png' } }
			]
		};
		const input = threads.threadSchema.parse({ title: 'Horaires', body: JSON.stringify(body) });
		const { thread, messageId } = await threads.create(member, groupId, input, ORIGIN);
		const [message] = await db
			.select()
			.from(threadMessages)
			.where(eq(threadMessages.id, messageId));
		expect(thread.title).toBe('Horaires');
		expect(message.level).toBe(1);
		expect(message.rootId).toBe(messageId);
		expect(JSON.stringify(message.body)).not.toContain('image');
		expect(message.bodyText).toBe('Bonjour');
	});

	it('refuses an empty message, an oversized one and a short title', () => {
		const empty = threads.threadSchema.safeParse({ title: 'Horaires', body: '   ' });
		expect(empty.success).toBe(false);
		const onlyEmptyParagraphs = threads.messageSchema.safeParse({
			body: JSON.stringify({ type: 'doc', content: [{ type: 'paragraph' }] })
		});
		expect(onlyEmptyParagraphs.success).toBe(false);
		const huge = threads.messageSchema.safeParse({
			body: posted(doc('x'.repeat(threads.MESSAGE_MAX_CHARS + 1)))
		});
		expect(huge.success).toBe(false);
		expect(huge.error?.issues[0].message).toBe('thread.message_too_long');
		const fits = threads.messageSchema.safeParse({
			body: posted(doc('x'.repeat(threads.MESSAGE_MAX_CHARS)))
		});
		expect(fits.success).toBe(true);
		expect(threads.threadSchema.safeParse({ title: 'ab', body: 'Bonjour' }).success).toBe(false);
	});

	it('accepts plain text typed without JavaScript', () => {
		const parsed = threads.messageSchema.parse({ body: 'Ligne un\nLigne deux' });
		expect(parsed.body?.content).toHaveLength(2);
	});

	it('lets observers, directors, partners outside the group and outsiders only read or nothing', async () => {
		const input = threads.threadSchema.parse({ title: 'Question', body: 'Bonjour' });
		expect((await refusal(threads.create(observer, groupId, input, ORIGIN))).kind).toBe(
			'forbidden'
		);
		expect((await refusal(threads.create(director, groupId, input, ORIGIN))).kind).toBe(
			'forbidden'
		);
		expect((await refusal(threads.create(partner, groupId, input, ORIGIN))).kind).toBe('not_found');
		expect((await refusal(threads.create(outsider, groupId, input, ORIGIN))).kind).toBe(
			'not_found'
		);
		const { thread } = await open();
		// The director reads every group, the observer reads theirs; neither writes.
		await expect(threadView.read(director, thread.id)).resolves.toBeTruthy();
		expect((await refusal(reply(observer, thread.id))).kind).toBe('forbidden');
		expect((await refusal(reply(director, thread.id))).kind).toBe('forbidden');
		expect((await refusal(reply(partner, thread.id))).kind).toBe('not_found');
		expect((await refusal(threadView.read(outsider, thread.id))).kind).toBe('not_found');
		expect((await refusal(threadView.read(member, 'not-a-uuid'))).kind).toBe('not_found');
	});
});

describe('mentions and markup in what is posted', () => {
	const rendered = async (threadId: string, messageId: string) =>
		(await threadView.read(lead, threadId)).messages.find((m) => m.id === messageId)!.html;

	it('keeps mentions of readers under their real name and turns any other into plain text', async () => {
		const mentions = (...people: { id: string; label: string }[]): RichDoc => ({
			type: 'doc',
			content: [
				{
					type: 'paragraph',
					content: people.flatMap((attrs) => [
						{ type: 'mention', attrs },
						{ type: 'text', text: ' ' }
					])
				}
			]
		});
		const nobody = '11111111-1111-4111-8111-111111111111';
		const { thread, messageId } = await open(
			member,
			'Qui vient ?',
			mentions(
				// A reader, under a name that is not theirs.
				{ id: other.id, label: 'Président du réseau' },
				// Someone outside the network (no such person), and someone who may not read the group.
				{ id: nobody, label: 'Directeur général' },
				{ id: outsider.id, label: outsider.name }
			)
		);
		const html = await rendered(thread.id, messageId);
		expect(html).toContain(`<span class="mention" data-person="${other.id}">@${other.name}</span>`);
		expect(html).not.toContain('Président du réseau');
		expect(html).not.toContain(nobody);
		expect(html).not.toContain(outsider.id);
		expect(html).toContain('@Directeur général');
		expect(html.match(/class="mention"/g)).toHaveLength(1);

		// Replies and edits are vouched for the same way.
		const answer = await reply(lead, thread.id, messageId, mentions({ id: nobody, label: 'X' }));
		expect(await rendered(thread.id, answer)).toBe('<p>@X </p>');
		await threads.edit(lead, answer, mentions({ id: member.id, label: 'Y' }), ORIGIN);
		expect(await rendered(thread.id, answer)).toContain(`@${member.name}</span>`);
	});

	it('stores and renders script and HTML typed in a message as harmless text', async () => {
		const payloads = [
			'<script>alert(1)</script>',
			'<img src=x onerror=alert(1)>',
			'"><svg onload=alert(1)>'
		];
		const { thread } = await open();
		for (const payload of payloads) {
			const posted = threads.messageSchema.parse({ body: payload });
			const id = await reply(other, thread.id, '', posted.body!);
			const html = await rendered(thread.id, id);
			expect(html).not.toMatch(/<(script|img|svg)/i);
			expect(html).toContain('&lt;');
		}
		const crafted = threads.messageSchema.parse({
			body: JSON.stringify({
				type: 'doc',
				content: [
					{
						type: 'paragraph',
						content: [
							{
								type: 'text',
								text: 'clic',
								marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }]
							},
							{ type: 'html', text: '<script>alert(1)</script>' }
						]
					}
				]
			})
		});
		const id = await reply(other, thread.id, '', crafted.body!);
		expect(await rendered(thread.id, id)).toBe('<p>clic</p>');
	});
});

describe('replies', () => {
	it('nests replies up to three levels and flattens deeper ones with whom they answer', async () => {
		const { thread, messageId: first } = await open();
		const second = await reply(other, thread.id, first);
		const third = await reply(member, thread.id, second);
		const fourth = await reply(other, thread.id, third);
		const fifth = await reply(member, thread.id, fourth);
		const later = await reply(lead, thread.id);
		const view = await threadView.read(lead, thread.id);
		const order = view.messages.map((m) => [m.id, m.level, m.inReplyTo?.id ?? null]);
		expect(order).toEqual([
			[first, 1, null],
			[second, 2, null],
			[third, 3, null],
			[fourth, 3, third],
			[fifth, 3, fourth],
			[later, 1, null]
		]);
	});

	it('refuses a reply to a message of another thread or to a deleted message', async () => {
		const a = await open();
		const b = await open();
		expect((await refusal(reply(other, a.thread.id, b.messageId))).messageKey).toBe(
			'thread.parent_gone'
		);
		await threads.remove(member, a.messageId);
		expect((await refusal(reply(other, a.thread.id, a.messageId))).messageKey).toBe(
			'thread.parent_gone'
		);
	});

	it('refuses replies in a locked thread until a lead unlocks it', async () => {
		const { thread } = await open();
		expect((await refusal(threads.moderate(member, thread.id, { locked: true }))).kind).toBe(
			'forbidden'
		);
		await threads.moderate(lead, thread.id, { locked: true });
		const refused = await refusal(reply(other, thread.id));
		expect(refused.kind).toBe('conflict');
		expect(refused.messageKey).toBe('thread.locked_refused');
		const before = await db
			.select()
			.from(threadMessages)
			.where(eq(threadMessages.threadId, thread.id));
		expect(before).toHaveLength(1);
		await threads.moderate(coordinator, thread.id, { locked: false });
		await expect(reply(other, thread.id)).resolves.toBeTruthy();
	});

	it('pages long threads by conversation and always reaches the first unread message', async () => {
		const { thread } = await open(member);
		for (let i = 0; i < 6; i++) await reply(member, thread.id, '', doc(`Message ${i}`));
		await threadView.read(other, thread.id);
		await threadView.read(lead, thread.id);
		const unread = await reply(member, thread.id, '', doc('Nouveau'));
		// The lead has read everything before the new message: the first page is enough... except
		// that it must reach the new message, the eighth conversation.
		const firstPage = await threadView.read(lead, thread.id, 3);
		expect(firstPage.totalRoots).toBe(8);
		expect(firstPage.firstUnreadId).toBe(unread);
		expect(firstPage.shownRoots).toBe(8);
		const reread = await threadView.read(lead, thread.id, 3);
		expect(reread.firstUnreadId).toBeNull();
		expect(reread.shownRoots).toBe(3);
		expect(reread.messages.map((m) => m.level)).toEqual([1, 1, 1]);
		const forOther = await threadView.read(other, thread.id, 3);
		expect(forOther.firstUnreadId).toBe(unread);
		expect(forOther.messages.some((m) => m.id === unread)).toBe(true);
	});
});

describe('editing and deleting', () => {
	it('lets authors edit their messages, keeps the earlier wording, and refuses others', async () => {
		const { thread, messageId } = await open(member, 'Budget', doc('Première version'));
		expect((await refusal(threads.edit(other, messageId, doc('Piraté'), ORIGIN))).kind).toBe(
			'forbidden'
		);
		expect((await refusal(threads.edit(lead, messageId, doc('Piraté'), ORIGIN))).kind).toBe(
			'forbidden'
		);
		await threads.edit(member, messageId, doc('Deuxième version'), ORIGIN);
		await threads.edit(member, messageId, doc('Troisième version'), ORIGIN);
		const view = await threadView.read(other, thread.id);
		const shown = view.messages.find((m) => m.id === messageId)!;
		expect(shown.html).toContain('Troisième version');
		expect(shown.editedAt).not.toBeNull();
		// Other members see that it was edited, not its history; leads and the author do.
		expect(shown.hasHistory).toBe(false);
		expect((await refusal(threadView.history(other, messageId))).kind).toBe('forbidden');
		const history = await threadView.history(lead, messageId);
		expect(history.map((h) => h.html)).toEqual([
			'<p>Deuxième version</p>',
			'<p>Première version</p>'
		]);
		expect(await threadView.history(member, messageId)).toHaveLength(2);
	});

	it('deletes a message but keeps its replies, and lets leads moderate', async () => {
		const { thread, messageId } = await open(member, 'Salon', doc('À supprimer'));
		const answer = await reply(other, thread.id, messageId);
		expect((await refusal(threads.remove(other, messageId))).kind).toBe('forbidden');
		expect((await refusal(threads.remove(observer, answer))).kind).toBe('forbidden');
		await threads.remove(member, messageId);
		await threads.remove(lead, answer);
		const view = await threadView.read(coordinator, thread.id);
		expect(view.messages.map((m) => [m.deleted, m.html])).toEqual([
			[true, ''],
			[true, '']
		]);
		expect(view.messages[0].canEdit).toBe(false);
		const history = await threadView.history(coordinator, messageId);
		expect(history[0].html).toBe('<p>À supprimer</p>');
		expect((await refusal(threads.edit(member, messageId, doc('Revenu'), ORIGIN))).messageKey).toBe(
			'thread.message_gone'
		);
	});
});

describe('pin, lock, rename and move', () => {
	it('lists pinned threads first, then by last message', async () => {
		const a = await open(member, 'Ancien sujet');
		const b = await open(member, 'Sujet récent');
		await threads.moderate(lead, a.thread.id, { pinned: true });
		const list = await threads.listForGroup(member, groupId);
		const ids = list.map((t) => t.id);
		expect(ids.indexOf(a.thread.id)).toBe(0);
		expect(ids.indexOf(b.thread.id)).toBeLessThan(ids.indexOf(a.thread.id) + 2);
		await threads.moderate(lead, a.thread.id, { pinned: false, title: 'Sujet renommé' });
		const [renamed] = await db.select().from(threadsTable).where(eq(threadsTable.id, a.thread.id));
		expect(renamed.title).toBe('Sujet renommé');
	});

	it('moves a thread only to a group the person also moderates, never a linked one', async () => {
		const { thread } = await open();
		expect((await refusal(threads.move(member, thread.id, otherGroupId))).kind).toBe('forbidden');
		const moved = await threads.move(lead, thread.id, otherGroupId);
		expect(moved.id).toBe(otherGroupId);
		const [row] = await db.select().from(threadsTable).where(eq(threadsTable.id, thread.id));
		expect(row.groupId).toBe(otherGroupId);
		// Members of the first group no longer read it.
		expect((await refusal(threadView.read(member, thread.id))).kind).toBe('not_found');
		const unrelated = (await buildGroup({ joinPolicy: 'closed' })).id;
		expect((await refusal(threads.move(lead, thread.id, unrelated))).messageKey).toBe(
			'validation.choose'
		);
		expect((await refusal(threads.move(lead, thread.id, 'x'))).messageKey).toBe(
			'validation.choose'
		);
	});
});

describe('threads about a meeting, an action or a document', () => {
	it('keeps one thread per subject and posts into it when it exists', async () => {
		const document = await documents.create(member, groupId, { title: 'Plan de visite', tags: [] });
		const subject = `document:${document.id}`;
		const input = threads.threadSchema.parse({ title: 'Plan', body: 'Avis ?', subject });
		const first = await threads.create(member, groupId, input, ORIGIN);
		expect(first.thread.subjectType).toBe('document');
		const second = await threads.create(other, groupId, input, ORIGIN);
		expect(second.thread.id).toBe(first.thread.id);
		expect(await threads.discussionOf({ type: 'document', id: document.id })).toEqual({
			id: first.thread.id,
			messages: 2
		});
		const elsewhere = await threads.discussionFor(
			outsider,
			{ type: 'document', id: document.id },
			groupId
		);
		expect(elsewhere).toEqual({ discussion: null, canStart: false });
	});

	it('refuses a subject from another group or that does not exist', async () => {
		const foreign = await documents.create(lead, otherGroupId, { title: 'Ailleurs', tags: [] });
		for (const subject of [
			`document:${foreign.id}`,
			'action:00000000-0000-4000-8000-000000000000',
			'nothing:at-all'
		]) {
			const input = threads.threadSchema.parse({ title: 'Sujet', body: 'Texte', subject });
			const refused = await refusal(threads.create(member, groupId, input, ORIGIN));
			expect(refused.messageKey).toBe('thread.subject_invalid');
		}
	});
});
