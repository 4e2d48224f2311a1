import { and, eq, isNull } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { events, files } from '$lib/server/db/schema';
import { ServiceError, forbidden } from '../errors';
import { previewOf } from '../files/previews';
import { kindOf, SNIFF_BYTES } from '../files/types';
import { upload } from '../files/uploads';
import type { Actor } from '../policy';
import { eventAccess } from './access';

// The event's picture: an image its organisers upload, kept in the preparing group's file
// library like any file (so it has versions, a bin and the group's quota), and shown on the
// public page as its large preview only — re-encoded in WebP by the server, turned upright, its
// EXIF data (a phone's position among them) never served.

/** Larger pictures are refused before they are stored: a cover needs no more. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

const refused = (key: 'event.image_type' | 'event.image_no_group') =>
	new ServiceError('invalid', key, 'image');

/** Stores `bytes` (named `name`) as the event's picture; organisers only. */
export async function setImage(actor: Actor, eventId: string, name: string, bytes: Uint8Array) {
	const { event, organiser } = await eventAccess(actor, eventId);
	if (!organiser) throw forbidden();
	if (!event.groupId) throw refused('event.image_no_group');
	// By its bytes, not its name: checked before anything is stored.
	const { mime } = await kindOf(bytes.subarray(0, SNIFF_BYTES), name);
	if (!IMAGE_TYPES.has(mime)) throw refused('event.image_type');
	const stored = await upload(
		actor,
		{ groupId: event.groupId, folderId: null },
		name,
		[bytes],
		bytes.length
	);
	await db.update(events).set({ imageFileId: stored.id }).where(eq(events.id, event.id));
	return stored;
}

/** The event goes back to no picture; the file stays in the group's library. */
export async function removeImage(actor: Actor, eventId: string) {
	const { event, organiser } = await eventAccess(actor, eventId);
	if (!organiser) throw forbidden();
	await db.update(events).set({ imageFileId: null }).where(eq(events.id, event.id));
}

/**
 * The stored object of a published event's picture, as served to anyone: its large preview,
 * made now if it was not yet. Null when the event has none, or it cannot be read as an image.
 */
export async function publicImageObject(imageFileId: string | null): Promise<string | null> {
	if (!imageFileId) return null;
	const [file] = await db
		.select({ versionId: files.versionId, mime: files.mime })
		.from(files)
		.where(and(eq(files.id, imageFileId), isNull(files.deletedAt)));
	if (!file || !IMAGE_TYPES.has(file.mime)) return null;
	return previewOf(file.versionId, 'large');
}
