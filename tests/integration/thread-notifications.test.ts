import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RichDoc, RichNode } from '$lib/richtext/types';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import {
	notifications as notificationsTable,
	threadSubscriptions,
	users
} from '$lib/server/db/schema';
import * as memberships from '$lib/server/memberships';
import * as notifications from '$lib/server/threads/notifications';
import * as threadView from '$lib/server/threads/view';
import * as threads from '$lib/server/threads';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildUser } from '../helpers/factories';
import { mailsTo } from '../helpers/mail';

await createTestDb();

const ORIGIN = 'http://localhost:5173';
let author: SessionUser;
let follower: SessionUser;
let quiet: SessionUser;
let observer: SessionUser;
let director: SessionUser;
let outsider: SessionUser;
let groupId: string;

beforeAll(async () => {
	[author, follower, quiet, observer, outsider] = await Promise.all(
		[1, 2, 3, 4, 5].map(() => buildUser())
	);
	director = await buildUser({ role: 'director' });
	groupId = (
		await buildGroup({ joinPolicy: 'closed' }, [
			{ user: author, role: 'member' },
			{ user: follower, role: 'member' },
			{ user: quiet, role: 'member' },
			{ user: observer, role: 'observer' }
		])
	).id;
});

const mention = (person: SessionUser): RichNode => ({
	type: 'mention',
	attrs: { id: person.id, label: person.name }
});
const text = (value: string): RichNode => ({ type: 'text', text: value });
const body = (...nodes: RichNode[]): RichDoc => ({
	type: 'doc',
	content: [{ type: 'paragraph', content: nodes }]
});
const open = (who: SessionUser, doc: RichDoc, title = 'Covoiturage') =>
	threads.create(
		who,
		groupId,
		threads.threadSchema.parse({ title, body: JSON.stringify(doc) }),
		ORIGIN
	);
const kindsFor = async (person: SessionUser, threadId: string) =>
	(
		await db
			.select({ kind: notificationsTable.kind })
			.from(notificationsTable)
			.where(
				and(eq(notificationsTable.userId, person.id), eq(notificationsTable.threadId, threadId))
			)
	).map((n) => n.kind);
const stateOf = async (person: SessionUser, threadId: string) =>
	(
		await db
			.select({ state: threadSubscriptions.state })
			.from(threadSubscriptions)
			.where(
				and(eq(threadSubscriptions.userId, person.id), eq(threadSubscriptions.threadId, threadId))
			)
	)[0]?.state ?? null;

describe('mentions and subscriptions', () => {
	it('notifies mentioned readers, makes them follow, and ignores people who may not read', async () => {
		const { thread } = await open(
			author,
			body(text('Avis de '), mention(follower), text(', '), mention(outsider), mention(director))
		);
		expect(await kindsFor(follower, thread.id)).toEqual(['mention']);
		// The outsider may not read the closed group: nothing reaches them, not even the title.
		expect(await kindsFor(outsider, thread.id)).toEqual([]);
		expect((await mailsTo(outsider.email)).length).toBe(0);
		// Directors read every group: the mention reaches them.
		expect(await kindsFor(director, thread.id)).toEqual(['mention']);
		expect(await stateOf(author, thread.id)).toBe('following');
		expect(await stateOf(follower, thread.id)).toBe('following');
		expect(await stateOf(outsider, thread.id)).toBeNull();
		const [mail] = await mailsTo(follower.email);
		expect(mail.kind).toBe('thread_mention');
		expect(mail.subject).toContain('Covoiturage');
		expect(mail.text).toContain(`${ORIGIN}/groupes/`);
		expect(mail.text).toContain(`/discussions/${thread.id}#message-`);
	});

	it('tells followers about replies, repliers follow, and muting silences all but mentions', async () => {
		const { thread, messageId } = await open(author, body(text('Qui vient jeudi ?')));
		await threads.post(quiet, thread.id, { body: body(text('Moi')), parentId: messageId }, ORIGIN);
		expect(await kindsFor(author, thread.id)).toEqual(['reply']);
		expect(await stateOf(quiet, thread.id)).toBe('following');

		await threads.setSubscription(quiet, thread.id, 'muted');
		await threads.post(author, thread.id, { body: body(text('Merci')), parentId: '' }, ORIGIN);
		expect(await kindsFor(quiet, thread.id)).toEqual([]);
		await threads.post(
			author,
			thread.id,
			{ body: body(text('Sauf '), mention(quiet)), parentId: '' },
			ORIGIN
		);
		expect(await kindsFor(quiet, thread.id)).toEqual(['mention']);
		// A mention does not undo an explicit mute.
		expect(await stateOf(quiet, thread.id)).toBe('muted');

		// Anyone who may read can follow, even read-only.
		await threads.setSubscription(observer, thread.id, 'following');
		await threads.post(quiet, thread.id, { body: body(text('Ok')), parentId: '' }, ORIGIN);
		expect(await kindsFor(observer, thread.id)).toEqual(['reply']);
		await expect(threads.setSubscription(outsider, thread.id, 'following')).rejects.toThrow();
	});

	it('notifies people newly mentioned by an edit, once', async () => {
		const { thread, messageId } = await open(author, body(text('Premier jet')));
		await threads.edit(author, messageId, body(text('Voir '), mention(quiet)), ORIGIN);
		await threads.edit(author, messageId, body(text('Voir encore '), mention(quiet)), ORIGIN);
		expect(await kindsFor(quiet, thread.id)).toEqual(['mention']);
		expect(await kindsFor(follower, thread.id)).toEqual([]);
	});
});

describe('e-mails', () => {
	it('sends at most one e-mail per thread per person in fifteen minutes', async () => {
		const listener = await buildUser();
		const group = await buildGroup({ joinPolicy: 'closed' }, [
			{ user: author, role: 'member' },
			{ user: listener, role: 'member' }
		]);
		const input = threads.threadSchema.parse({ title: 'Fil rapide', body: 'Premier' });
		const { thread } = await threads.create(author, group.id, input, ORIGIN);
		await threads.setSubscription(listener, thread.id, 'following');
		for (const word of ['un', 'deux', 'trois']) {
			await threads.post(author, thread.id, { body: body(text(word)), parentId: '' }, ORIGIN);
		}
		expect((await mailsTo(listener.email)).map((m) => m.kind)).toEqual(['thread_reply']);
		expect(await kindsFor(listener, thread.id)).toEqual(['reply', 'reply', 'reply']);

		// Sixteen minutes later, the next message is worth another e-mail.
		await db
			.update(threadSubscriptions)
			.set({ lastEmailedAt: sql`now() - interval '16 minutes'` })
			.where(eq(threadSubscriptions.userId, listener.id));
		await threads.post(author, thread.id, { body: body(text('quatre')), parentId: '' }, ORIGIN);
		expect((await mailsTo(listener.email)).length).toBe(2);
	});

	it('writes the e-mail in the reader’s language', async () => {
		const english = await buildUser();
		await db.update(users).set({ locale: 'en' }).where(eq(users.id, english.id));
		const group = await buildGroup({ joinPolicy: 'closed' }, [
			{ user: author, role: 'member' },
			{ user: english, role: 'member' }
		]);
		const input = threads.threadSchema.parse({
			title: 'Shuttle',
			body: JSON.stringify(body(text('Hello '), mention(english)))
		});
		await threads.create(author, group.id, input, ORIGIN);
		const [mail] = await mailsTo(english.email);
		expect(mail.subject).toMatch(/mentioned you in “Shuttle”/);
	});
});

describe('read tracking', () => {
	it('counts unread messages per thread and per group, and reading clears them', async () => {
		const { thread } = await open(author, body(text('Nouveau sujet')), 'Lecture');
		await threads.post(author, thread.id, { body: body(text('Suite')), parentId: '' }, ORIGIN);
		const listed = (await threads.listForGroup(follower, groupId)).find((t) => t.id === thread.id);
		expect(listed?.unread).toBe(2);
		expect(listed?.messages).toBe(2);
		// The author's own messages are never unread for them.
		const own = (await threads.listForGroup(author, groupId)).find((t) => t.id === thread.id);
		expect(own?.unread).toBe(0);
		const before = await threadView.unreadThreadsByGroup(follower.id, [groupId]);
		expect(before.get(groupId)).toBeGreaterThan(0);

		const view = await threadView.read(follower, thread.id);
		expect(view.firstUnreadId).toBe(view.messages[0].id);
		expect(view.messages.every((m) => m.unread)).toBe(true);
		const after = (await threads.listForGroup(follower, groupId)).find((t) => t.id === thread.id);
		expect(after?.unread).toBe(0);
		expect((await threadView.unreadFor(follower.id)).some((t) => t.id === thread.id)).toBe(false);

		const next = await threads.post(
			author,
			thread.id,
			{ body: body(text('Encore')), parentId: '' },
			ORIGIN
		);
		const again = await threadView.read(follower, thread.id);
		expect(again.firstUnreadId).toBe(next);
		expect(again.messages.filter((m) => m.unread).map((m) => m.id)).toEqual([next]);
	});

	it('does not flood a newcomer with threads written before they joined', async () => {
		const { thread } = await open(author, body(text('Ancien')), 'Avant arrivée');
		const newcomer = await buildUser();
		const coordinator = await buildUser({ role: 'coordinator' });
		await memberships.add(coordinator, groupId, newcomer.id, 'member');
		const listed = (await threads.listForGroup(newcomer, groupId)).find((t) => t.id === thread.id);
		expect(listed?.unread).toBe(0);
	});

	it('marks the thread’s notifications read when the person reads it', async () => {
		const { thread } = await open(author, body(text('Question pour '), mention(quiet)), 'Notif');
		const unreadBefore = await notifications.unreadCount(quiet.id);
		expect(unreadBefore).toBeGreaterThan(0);
		const list = await notifications.listFor(quiet.id);
		expect(list.find((n) => n.threadId === thread.id)?.kind).toBe('mention');
		await threadView.read(quiet, thread.id);
		const listAfter = await notifications.listFor(quiet.id);
		expect(listAfter.find((n) => n.threadId === thread.id)?.readAt).not.toBeNull();
		await notifications.markRead(quiet.id);
		expect(await notifications.unreadCount(quiet.id)).toBe(0);
	});
});
