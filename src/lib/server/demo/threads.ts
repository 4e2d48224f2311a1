import { and, asc, eq, inArray } from 'drizzle-orm';
import { toPlainText } from '$lib/richtext/render';
import type { RichDoc, RichNode } from '$lib/richtext/types';
import { db } from '$lib/server/db';
import {
	actions,
	documents,
	groupMembers,
	groups,
	meetings,
	threadMessages,
	threadReads,
	threads,
	threadSubscriptions,
	users,
	type ThreadSubject
} from '$lib/server/db/schema';
import { DEMO_EMAIL_DOMAIN } from './data';
import { DISCUSSIONS, type DemoMessage } from './thread-texts';
import { FOLLOW_UPS } from './thread-texts-follow-up';

// The texts live in thread-texts*.ts; this file turns them into threads, messages and reads.
const DEMO_THREADS = [...DISCUSSIONS, ...FOLLOW_UPS];

const t = (text: string): RichNode => ({ type: 'text', text });

/** A paragraph with its @mentions as mention nodes. */
function paragraph(text: string, person: (local: string) => { id: string; name: string }) {
	const content: RichNode[] = [];
	let rest = text;
	for (const match of text.matchAll(/@([a-z.]+[a-z])/g)) {
		const [before] = rest.split(match[0]);
		if (before) content.push(t(before));
		const who = person(match[1]);
		content.push({ type: 'mention', attrs: { id: who.id, label: who.name } });
		rest = rest.slice(before.length + match[0].length);
	}
	if (rest) content.push(t(rest));
	return { type: 'paragraph', content };
}

function body(lines: string[], person: (local: string) => { id: string; name: string }): RichDoc {
	const content: RichNode[] = [];
	for (const line of lines) {
		if (line.startsWith('> ')) {
			content.push({ type: 'blockquote', content: [paragraph(line.slice(2), person)] });
		} else content.push(paragraph(line, person));
	}
	return { type: 'doc', content };
}

export async function seedThreads(): Promise<void> {
	const people = await db
		.select({ id: users.id, email: users.email, name: users.name })
		.from(users);
	const person = (local: string) => {
		const found = people.find((p) => p.email === `${local}@${DEMO_EMAIL_DOMAIN}`);
		if (!found) throw new Error(`Unknown demo person: ${local}`);
		return found;
	};
	const now = Date.now();
	const hoursAgo = (h: number) => new Date(now - h * 3_600_000);

	await db.transaction(async (tx) => {
		for (const demo of DEMO_THREADS) {
			const [group] = await tx.select().from(groups).where(eq(groups.slug, demo.group));
			let subject: { type: ThreadSubject; id: string } | null = null;
			if (demo.about?.type === 'meeting') {
				const [next] = await tx
					.select({ id: meetings.id })
					.from(meetings)
					.where(and(eq(meetings.groupId, group.id), eq(meetings.status, 'planned')))
					.orderBy(asc(meetings.startsAt))
					.limit(1);
				if (next) subject = { type: 'meeting', id: next.id };
			} else if (demo.about?.type === 'action') {
				const [open] = await tx
					.select({ id: actions.id, title: actions.title })
					.from(actions)
					.where(
						and(
							eq(actions.groupId, group.id),
							inArray(actions.status, ['open', 'in_progress', 'blocked'])
						)
					)
					.orderBy(asc(actions.dueDate))
					.limit(1);
				if (open) subject = { type: 'action', id: open.id };
			} else if (demo.about?.type === 'document') {
				const rows = await tx
					.select({ id: documents.id, title: documents.title })
					.from(documents)
					.where(eq(documents.groupId, group.id));
				const found = rows.find((d) => d.title.includes(demo.about?.contains ?? ''));
				if (found) subject = { type: 'document', id: found.id };
			}
			const flat: { id: string; at: Date; by: string }[] = [];
			const threadId = crypto.randomUUID();
			const insert = async (
				message: DemoMessage,
				parent: { id: string; level: number; displayParentId: string | null; rootId: string } | null
			) => {
				const id = crypto.randomUUID();
				const level = parent ? Math.min(parent.level + 1, 3) : 1;
				const displayParentId = parent
					? parent.level < 3
						? parent.id
						: parent.displayParentId
					: null;
				const rootId = parent ? parent.rootId : id;
				const doc = body(message.text, person);
				const at = hoursAgo(message.hoursAgo);
				await tx.insert(threadMessages).values({
					id,
					threadId,
					authorId: person(message.by).id,
					parentId: parent?.id ?? null,
					displayParentId,
					level,
					rootId,
					body: doc,
					bodyText: toPlainText(doc),
					createdAt: at
				});
				flat.push({ id, at, by: message.by });
				for (const reply of message.replies ?? []) {
					await insert(reply, { id, level, displayParentId, rootId });
				}
			};
			const first = demo.messages[0];
			await tx.insert(threads).values({
				id: threadId,
				groupId: group.id,
				title: demo.title,
				authorId: person(first.by).id,
				subjectType: subject?.type ?? null,
				subjectId: subject?.id ?? null,
				pinned: !!demo.pinned,
				createdAt: hoursAgo(first.hoursAgo),
				lastMessageAt: hoursAgo(first.hoursAgo)
			});
			for (const message of demo.messages) await insert(message, null);
			flat.sort((a, b) => a.at.getTime() - b.at.getTime());
			const last = flat.at(-1)!;
			await tx.update(threads).set({ lastMessageAt: last.at }).where(eq(threads.id, threadId));
			// Everyone has read all but the last message; its author has read everything.
			const members = await tx
				.select({ userId: groupMembers.userId })
				.from(groupMembers)
				.where(eq(groupMembers.groupId, group.id));
			const beforeLast = flat.length > 1 ? flat.at(-2)!.at : hoursAgo(first.hoursAgo + 1);
			if (members.length) {
				await tx.insert(threadReads).values(
					members.map((m) => ({
						userId: m.userId,
						threadId,
						readAt: m.userId === person(last.by).id ? last.at : beforeLast
					}))
				);
			}
			const writers = [...new Set(flat.map((m) => person(m.by).id))];
			await tx
				.insert(threadSubscriptions)
				.values(writers.map((userId) => ({ userId, threadId, state: 'following' as const })))
				.onConflictDoNothing();
		}
	});
}
