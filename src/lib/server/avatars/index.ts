import { and, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { AVATAR_PREFIX, avatarPath, type AvatarSize } from '$lib/avatars';
import { db } from '$lib/server/db';
import { avatars } from '$lib/server/db/schema';
import { forbidden } from '$lib/server/errors';
import { can, type Actor } from '$lib/server/policy';
import { processPhoto } from './image';

export { MAX_PHOTO_BYTES } from '$lib/avatars';
export { MAX_PHOTO_PIXELS } from './image';

/**
 * Sets a person's photo from the bytes they uploaded. Only the person themselves: nobody else
 * chooses the face shown for them (an admin may remove a photo, not put another one).
 * Returns the photo's address (avatarPath).
 */
export async function save(actor: Actor, userId: string, bytes: Uint8Array): Promise<string> {
	if (!actor || actor.id !== userId) throw forbidden();
	const photo = await processPhoto(bytes);
	const row = { hash: photo.hash, small: photo.sizes[64], large: photo.sizes[256] };
	await db
		.insert(avatars)
		.values({ userId, ...row })
		.onConflictDoUpdate({ target: avatars.userId, set: { ...row, updatedAt: new Date() } });
	return avatarPath(userId, photo.hash);
}

/**
 * Removes a person's photo: the person themselves, or an admin (who manages people) taking down
 * one that has no place here. True when there was one.
 */
export async function remove(actor: Actor, userId: string): Promise<boolean> {
	if (!actor || (actor.id !== userId && !can(actor, 'people.manage'))) throw forbidden();
	const removed = await db
		.delete(avatars)
		.where(eq(avatars.userId, userId))
		.returning({ userId: avatars.userId });
	return removed.length > 0;
}

/**
 * One size of a person's photo, for anyone logged in, and only under its current hash: the
 * address of a replaced or removed photo finds nothing.
 */
export async function file(
	actor: Actor,
	userId: string,
	hash: string,
	size: AvatarSize
): Promise<Uint8Array | null> {
	if (!actor) throw forbidden();
	const [row] = await db
		.select({ bytes: size === 64 ? avatars.small : avatars.large })
		.from(avatars)
		.where(and(eq(avatars.userId, userId), eq(avatars.hash, hash)));
	return row?.bytes ?? null;
}

/** The address of a person's photo, or null when they have none. */
export async function pathOf(userId: string): Promise<string | null> {
	const [row] = await db
		.select({ hash: avatars.hash })
		.from(avatars)
		.where(eq(avatars.userId, userId));
	return row ? avatarPath(userId, row.hash) : null;
}

/**
 * A column for a query's select: the photo address (as avatarPath writes it) of the person whose
 * id `userId` is, or null. Lists of people (thread authors, invitees, the directory) add it.
 */
export function avatarOf(userId: AnyColumn | SQL): SQL<string | null> {
	const path = sql`${AVATAR_PREFIX}::text || ${avatars.userId}::text || '/' || ${avatars.hash}`;
	return sql<string | null>`(select ${path} from ${avatars} where ${avatars.userId} = ${userId})`;
}
