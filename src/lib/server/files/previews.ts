import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { db } from '$lib/server/db';
import { filePreviews, fileVersions } from '$lib/server/db/schema';
import { previewable, thumbnailed } from '$lib/files/kinds';
import { bytesOf, pdfFirstPage } from './extract';
import { fileStore } from './storage';

// Smaller images of an uploaded image, for the library's list and the file's page: WebP at two
// sizes, turned upright as the camera said (EXIF orientation) and without the original's
// metadata (its place, its camera). Made once per version, after its upload or at its first
// showing, a few at a time; an image that is too large to decode (a decompression bomb) or
// damaged gets none, and is shown by its icon. A PDF's are its first page, drawn by pdf.js
// (through unpdf, already the text reader) on @napi-rs/canvas in the reading thread of
// extract.ts, under its time and memory limits: no browser to start for each file.

export const PREVIEW_SIZES = { small: 320, large: 1600 } as const;
export type PreviewSize = keyof typeof PREVIEW_SIZES;

/** Images with more pixels are refused before they are decoded (about 8,000 × 5,000). */
export const MAX_INPUT_PIXELS = 40_000_000;
/** Larger originals are not read into memory to be made smaller. */
const MAX_SOURCE_BYTES = 50 * 1024 * 1024;

export { previewable, thumbnailed };

/** At most this many images are decoded at once, so that a page of photos does not take the CPU. */
const AT_ONCE = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
	if (running >= AT_ONCE) await new Promise<void>((go) => waiting.push(go));
	running++;
	try {
		return await work();
	} finally {
		running--;
		waiting.shift()?.();
	}
}

async function readAll(stream: Readable, size: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks, size);
}

/** The WebP bytes of `source` made to fit `size`, or null when it cannot be decoded safely. */
export async function makePreview(source: Buffer, size: PreviewSize): Promise<Buffer | null> {
	const edge = PREVIEW_SIZES[size];
	try {
		return await sharp(source, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
			.rotate()
			.resize({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true })
			.webp({ quality: 78 })
			.toBuffer();
	} catch {
		return null;
	}
}

/**
 * What a version's previews are made from: the image itself, or a PDF's first page drawn large;
 * null when there is nothing to make them from (too large a file, a PDF that cannot be drawn).
 */
async function sourceOf(
	versionId: string,
	version: { mime: string; size: number }
): Promise<Buffer | null> {
	if (version.size > MAX_SOURCE_BYTES) return null;
	if (version.mime === 'application/pdf') {
		const bytes = await bytesOf(versionId, version.size);
		return bytes && (await pdfFirstPage(bytes, PREVIEW_SIZES.large));
	}
	const stream = await fileStore().read(versionId);
	return stream && (await readAll(stream, version.size));
}

/**
 * Makes and records the preview of `versionId` at `size` from `source`. One that cannot be made
 * is recorded too (without an image), so that it is not tried again at every showing.
 */
async function record(
	versionId: string,
	size: PreviewSize,
	source: Buffer | null
): Promise<string | null> {
	const bytes = source && (await makePreview(source, size));
	let objectId: string | null = null;
	if (bytes) {
		objectId = randomUUID();
		await fileStore().write(objectId, [bytes], bytes.length);
	}
	// Two requests may have made it at once: the first one recorded is kept.
	const [row] = await db
		.insert(filePreviews)
		.values({ versionId, size, objectId, bytes: bytes?.length ?? 0 })
		.onConflictDoNothing()
		.returning({ objectId: filePreviews.objectId });
	if (row) return row.objectId;
	if (objectId) await fileStore().remove(objectId);
	return known(versionId, size).then((k) => k?.objectId ?? null);
}

async function known(versionId: string, size: PreviewSize) {
	const [row] = await db
		.select({ objectId: filePreviews.objectId })
		.from(filePreviews)
		.where(and(eq(filePreviews.versionId, versionId), eq(filePreviews.size, size)));
	return row;
}

async function versionOf(versionId: string) {
	const [version] = await db
		.select({ mime: fileVersions.mime, size: fileVersions.size })
		.from(fileVersions)
		.where(eq(fileVersions.id, versionId));
	return version && thumbnailed(version.mime) ? version : null;
}

/**
 * The stored preview of `versionId` at `size`: its object id, or null when the version has
 * none (not an image nor a PDF, too large, damaged). Made now if it was not yet.
 */
export async function previewOf(versionId: string, size: PreviewSize): Promise<string | null> {
	const found = await known(versionId, size);
	if (found) return found.objectId;
	const version = await versionOf(versionId);
	if (!version) return null;
	return slot(async () => record(versionId, size, await sourceOf(versionId, version)));
}

/** Makes both previews of a new version (after its upload is answered), from one reading. */
export async function makePreviews(versionId: string): Promise<void> {
	const sizes = Object.keys(PREVIEW_SIZES) as PreviewSize[];
	const missing: PreviewSize[] = [];
	for (const size of sizes) if (!(await known(versionId, size))) missing.push(size);
	const version = missing.length ? await versionOf(versionId) : null;
	if (!version) return;
	await slot(async () => {
		const source = await sourceOf(versionId, version);
		for (const size of missing) await record(versionId, size, source);
	});
}
