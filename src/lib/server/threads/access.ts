import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import {
	actions,
	documents,
	meetings,
	threads,
	threadSubjects,
	type Thread,
	type ThreadSubject
} from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import { notFound } from '../errors';
import { access as groupAccess } from '../groups';
import { can, type Actor, type GroupContext } from '../policy';
import { memoised } from '../cache';

export interface Subject {
	type: ThreadSubject;
	id: string;
}

/** "action:<id>", "meeting:<id>" or "document:<id>", as links and forms carry it. */
export function parseSubject(raw: string | null | undefined): Subject | null {
	const [type, id] = (raw ?? '').split(':');
	if (!(threadSubjects as readonly string[]).includes(type) || !id || !isUuid(id)) return null;
	return { type: type as ThreadSubject, id: id.toLowerCase() };
}

/** The meeting, action or document a thread is about: its group and title, if it exists. */
export async function subjectInfo(
	subject: Subject
): Promise<{ groupId: string; title: string } | null> {
	const table = { meeting: meetings, action: actions, document: documents }[subject.type];
	const [row] = await db
		.select({ groupId: table.groupId, title: table.title })
		.from(table)
		.where(eq(table.id, subject.id));
	return row ?? null;
}

export interface ThreadRights {
	/** Post a message (the thread is not locked and the person may write in the group). */
	reply: boolean;
	/** Write in the group at all (edit and delete one's own messages). */
	contribute: boolean;
	moderate: boolean;
}

function rightsOf(actor: NonNullable<Actor>, thread: Thread, context: GroupContext): ThreadRights {
	const contribute = can(actor, 'group.contribute', context);
	return {
		reply: contribute && !thread.locked,
		contribute,
		moderate: can(actor, 'thread.moderate', context)
	};
}

/** The thread with the person's rights, if they may read its group; not found otherwise. */
export async function access(actor: Actor, threadId: string) {
	if (!actor || !isUuid(threadId)) throw notFound();
	// The page and the services it calls each ask: one read per request.
	const thread = await memoised(
		`thread:${threadId}`,
		async () => (await db.select().from(threads).where(eq(threads.id, threadId)))[0]
	);
	if (!thread) throw notFound();
	const group = await groupAccess(actor, thread.groupId);
	return { thread, ...group, rights: rightsOf(actor, thread, group.context) };
}

/** The thread about a meeting, an action or a document, if there is one. */
export async function findForSubject(subject: Subject): Promise<Thread | undefined> {
	const [thread] = await db
		.select()
		.from(threads)
		.where(and(eq(threads.subjectType, subject.type), eq(threads.subjectId, subject.id)));
	return thread;
}
