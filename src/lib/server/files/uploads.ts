import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { files, fileVersions } from '$lib/server/db/schema';
import * as activityLog from '$lib/server/activity';
import { forbidden, notFound, ServiceError } from '$lib/server/errors';
import * as live from '$lib/server/live';
import { can, type Actor } from '$lib/server/policy';
import { isUuid } from '$lib/uuid';
import { fileAccess } from './library';
import { fileLimits, usage } from './limits';
import { FileTooLarge } from './local-store';
import { cleanFileName } from './names';
import { fileStore } from './storage';
import { kindOf, SNIFF_BYTES, type FileKind } from './types';
import { access as groupAccess } from '$lib/server/groups';
import { afterAnswer } from '$lib/server/jobs';
import { indexFileText } from './extract';
import { makePreviews, thumbnailed } from './previews';
import { folderTree } from './folders';

// An upload, from the first byte to the row that says the file exists: who may send it, where,
// how large, of what type (read from its first bytes), streamed to the store chunk by chunk, and
// only then recorded. A refusal at any point leaves nothing behind.

/** Where an upload goes: a new file in a folder of a group's library, or a new version of one. */
export type UploadTarget = { groupId: string; folderId: string | null } | { fileId: string };

export interface Uploaded {
	id: string;
	name: string;
	size: number;
	mime: string;
	version: number;
}

/**
 * The bytes of `body` with its first SNIFF_BYTES read before any is passed on: `check` sees
 * what the file is (and may refuse it) before a single byte is stored.
 */
async function* sniffed(
	body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
	name: string,
	check: (kind: FileKind) => void
): AsyncGenerator<Uint8Array> {
	const head: Uint8Array[] = [];
	let held = 0;
	let checked = false;
	const release = async function* () {
		const joined = Buffer.concat(head);
		check(await kindOf(joined.subarray(0, SNIFF_BYTES), name));
		checked = true;
		if (joined.length) yield joined;
	};
	for await (const chunk of body) {
		if (checked) {
			yield chunk;
			continue;
		}
		head.push(chunk);
		held += chunk.byteLength;
		if (held >= SNIFF_BYTES) yield* release();
	}
	if (!checked) yield* release();
}

/** Which limit a file of `size` bytes would break first, if any. */
function limitBroken(
	size: number,
	limits: { maxFileBytes: number },
	left: { group: number; network: number }
) {
	if (size > limits.maxFileBytes) return 'files.too_large' as const;
	if (size > left.group) return 'files.group_quota' as const;
	if (size > left.network) return 'files.network_quota' as const;
	return null;
}

/**
 * Stores `body` as a new file or a new version, named `rawName` (cleaned: never a path). `declared`
 * is the size the client announced (Content-Length), refused at once when over a limit; the
 * bytes are counted anyway, and the upload stops as soon as they pass it.
 */
export async function upload(
	actor: Actor,
	target: UploadTarget,
	rawName: string,
	body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
	declared: number | null
): Promise<Uploaded> {
	if (!actor) throw forbidden();
	let groupId: string;
	let existing: { id: string; name: string } | null = null;
	if ('fileId' in target) {
		const access = await fileAccess(actor, target.fileId);
		if (!can(actor, 'group.contribute', access.context)) throw forbidden();
		groupId = access.file.groupId;
		existing = { id: access.file.id, name: access.file.name };
	} else {
		if (!isUuid(target.groupId)) throw notFound();
		const access = await groupAccess(actor, target.groupId);
		if (!can(actor, 'group.contribute', access.context)) throw forbidden();
		if (target.folderId !== null) {
			const tree = await folderTree(target.groupId);
			if (!isUuid(target.folderId) || !tree.live(target.folderId)) throw notFound();
		}
		groupId = target.groupId;
	}
	const name = cleanFileName(rawName);

	const [limits, used] = await Promise.all([fileLimits(), usage(groupId)]);
	const left = {
		group: Math.max(0, limits.groupQuotaBytes - used.group),
		network: Math.max(0, limits.networkQuotaBytes - used.network)
	};
	if (declared !== null) {
		const broken = limitBroken(declared, limits, left);
		if (broken) throw new ServiceError('invalid', broken, 'file');
	}
	if (declared === 0) throw new ServiceError('invalid', 'files.empty', 'file');

	const store = fileStore();
	const id = randomUUID();
	let kind: FileKind | undefined;
	const ceiling = Math.min(limits.maxFileBytes, left.group, left.network);
	let stored;
	try {
		stored = await store.write(
			id,
			sniffed(body, name, (found) => {
				if (found.refused) throw new ServiceError('invalid', 'files.refused_type', 'file');
				kind = found;
			}),
			ceiling
		);
	} catch (e) {
		if (e instanceof FileTooLarge) {
			// The largest of the limits it broke is the one to name.
			throw new ServiceError('invalid', limitBroken(ceiling + 1, limits, left)!, 'file');
		}
		throw e;
	}
	if (stored.size === 0 || !kind) {
		await store.remove(id);
		throw new ServiceError('invalid', 'files.empty', 'file');
	}
	const found = kind;

	let uploaded: Uploaded;
	try {
		uploaded = await db.transaction(async (tx) => {
			// Checked again now that the size is known, one upload at a time: two sent at once
			// cannot both take the last of a quota.
			await tx.execute(sql`select pg_advisory_xact_lock(hashtext('files.usage'))`);
			const now = await usage(groupId, tx);
			const broken = limitBroken(stored.size, limits, {
				group: limits.groupQuotaBytes - now.group,
				network: limits.networkQuotaBytes - now.network
			});
			if (broken) throw new ServiceError('invalid', broken, 'file');
			const facts = {
				size: stored.size,
				mime: found.mime,
				updatedById: actor.id,
				updatedAt: sql`now()`
			};
			let fileId: string;
			let number: number;
			if (existing) {
				// The row's lock orders two new versions sent at once: each gets its own number.
				const [row] = await tx
					.update(files)
					.set({ ...facts, versionId: id, versions: sql`${files.versions} + 1` })
					.where(eq(files.id, existing.id))
					.returning({ versions: files.versions, deletedAt: files.deletedAt });
				if (!row || row.deletedAt) throw notFound();
				fileId = existing.id;
				number = row.versions;
			} else {
				const folderId = 'folderId' in target ? target.folderId : null;
				const [row] = await tx
					.insert(files)
					.values({ ...facts, groupId, folderId, name, versionId: id, createdById: actor.id })
					.returning({ id: files.id });
				fileId = row.id;
				number = 1;
			}
			await tx.insert(fileVersions).values({
				id,
				fileId,
				number,
				name,
				size: stored.size,
				mime: found.mime,
				inline: found.inline,
				sha256: stored.sha256,
				uploadedById: actor.id
			});
			await activityLog.record(tx, {
				groupId,
				actorId: actor.id,
				subjectType: 'file',
				subjectId: fileId,
				verb: existing ? 'version_uploaded' : 'uploaded',
				label: existing?.name ?? name,
				after: existing ? { version: number } : null
			});
			return {
				id: fileId,
				name: existing?.name ?? name,
				size: stored.size,
				mime: found.mime,
				version: number
			};
		});
	} catch (e) {
		await store.remove(id);
		throw e;
	}
	live.publish({ type: 'files', groupId });
	// Its words are read once the upload is answered: search finds it by name until then.
	afterAnswer('File text', () => indexFileText(uploaded.id));
	if (thumbnailed(found.mime)) afterAnswer('File previews', () => makePreviews(id));
	return uploaded;
}
