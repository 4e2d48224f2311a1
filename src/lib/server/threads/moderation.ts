import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { threads, type Thread } from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import * as activityLog from '../activity';
import { forbidden, ServiceError } from '../errors';
import { access as groupAccess } from '../groups';
import * as live from '../live';
import { can, type Actor } from '../policy';
import { access } from './access';

/** A thread's pin, lock and title, changed by a lead or the coordination. */
export async function moderate(
	actor: Actor,
	threadId: string,
	change: Partial<Pick<Thread, 'pinned' | 'locked' | 'title'>>
) {
	const { thread, rights } = await access(actor, threadId);
	if (!rights.moderate) throw forbidden();
	await db.update(threads).set(change).where(eq(threads.id, threadId));
	const verb =
		change.pinned !== undefined
			? change.pinned
				? 'pinned'
				: 'unpinned'
			: change.locked !== undefined
				? change.locked
					? 'locked'
					: 'unlocked'
				: 'renamed';
	await activityLog.record(db, {
		groupId: thread.groupId,
		actorId: actor!.id,
		subjectType: 'thread',
		subjectId: thread.id,
		verb,
		label: change.title ?? thread.title,
		before: change.title ? { title: thread.title } : null,
		after: change.title ? { title: change.title } : null
	});
	live.publish({ type: 'thread', threadId, groupId: thread.groupId });
}

/**
 * Moves a thread to another group the person also moderates. A thread about a meeting, an
 * action or a document stays with the group of its subject.
 */
export async function move(actor: Actor, threadId: string, targetGroupId: string) {
	const { thread, rights, group } = await access(actor, threadId);
	if (!rights.moderate) throw forbidden();
	if (thread.subjectType) throw new ServiceError('invalid', 'thread.move_linked', 'groupId');
	if (!isUuid(targetGroupId) || targetGroupId === thread.groupId) {
		throw new ServiceError('invalid', 'validation.choose', 'groupId');
	}
	let target;
	try {
		target = await groupAccess(actor, targetGroupId);
	} catch {
		throw new ServiceError('invalid', 'validation.choose', 'groupId');
	}
	if (!can(actor, 'thread.moderate', target.context)) {
		throw new ServiceError('invalid', 'thread.move_forbidden', 'groupId');
	}
	await db.update(threads).set({ groupId: target.group.id }).where(eq(threads.id, threadId));
	for (const [groupId, verb] of [
		[group.id, 'moved_out'],
		[target.group.id, 'moved_in']
	] as const) {
		await activityLog.record(db, {
			groupId,
			actorId: actor!.id,
			subjectType: 'thread',
			subjectId: thread.id,
			verb,
			label: thread.title,
			before: { group: group.name },
			after: { group: target.group.name }
		});
	}
	live.publish({ type: 'thread', threadId, groupId: group.id });
	live.publish({ type: 'thread', threadId, groupId: target.group.id });
	return target.group;
}
