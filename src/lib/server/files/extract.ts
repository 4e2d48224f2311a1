import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { and, eq, isNull, ne, or, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { files, fileVersions } from '$lib/server/db/schema';
import { fileStore } from './storage';

// A file's text, for search: a PDF's words, read in the background after each upload, in a
// thread that is stopped past a time and a memory limit (a PDF made to loop or to swell is then
// found by its name only), and a .docx's or an .odt's (unzipped with fflate, their text part
// only). Other types are found by their name. The same thread draws a PDF's first page for its
// previews (previews.ts).

const THREAD_FILE = 'src/lib/server/files/extract-thread.js';

/** The most text kept of a file: enough for any quote or timetable, bounded for the index. */
export const MAX_TEXT_CHARS = 200_000;
/** Larger PDFs are found by their name only. */
export const MAX_EXTRACTED_BYTES = 50 * 1024 * 1024;

export interface ExtractLimits {
	timeoutMs: number;
	memoryMb: number;
}
const LIMITS: ExtractLimits = { timeoutMs: 20_000, memoryMb: 256 };

/** Runs one reading of the PDF `bytes` in its thread; null when it fails or breaks a limit. */
function inThread<T>(
	data: {
		task: 'text' | 'page' | 'docx' | 'odt';
		bytes: Uint8Array;
		maxChars?: number;
		maxEdge?: number;
	},
	answer: (message: { text?: unknown; png?: unknown }) => T | null,
	limits: ExtractLimits
): Promise<T | null> {
	return new Promise((done) => {
		const worker = new Worker(resolve(process.cwd(), THREAD_FILE), {
			workerData: data,
			resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
			stdout: true,
			stderr: true
		});
		let settled = false;
		const settle = (value: T | null) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			void worker.terminate();
			done(value);
		};
		const timer = setTimeout(() => settle(null), limits.timeoutMs);
		worker.on('message', (message: { text?: unknown; png?: unknown }) => settle(answer(message)));
		worker.on('error', () => settle(null));
		worker.on('exit', () => settle(null));
	});
}

/** The text of the PDF `bytes`, or null when it cannot be read within the limits. */
export function pdfText(bytes: Uint8Array, limits: ExtractLimits = LIMITS): Promise<string | null> {
	return inThread(
		{ task: 'text', bytes, maxChars: MAX_TEXT_CHARS },
		(message) => (typeof message.text === 'string' ? message.text : null),
		limits
	);
}

/** The types of word processors' documents whose text is read, and how. */
const DOCUMENT_KINDS: Record<string, 'docx' | 'odt'> = {
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/vnd.oasis.opendocument.text': 'odt'
};

/** Whether search reads the words of a file of this type (else it is found by its name). */
export const readable = (mime: string) => mime === 'application/pdf' || mime in DOCUMENT_KINDS;

/** The text of a .docx or .odt, or null when it cannot be read within the limits. */
export function documentText(
	bytes: Uint8Array,
	mime: string,
	limits: ExtractLimits = LIMITS
): Promise<string | null> {
	const kind = DOCUMENT_KINDS[mime];
	if (!kind) return Promise.resolve(null);
	return inThread(
		{ task: kind, bytes, maxChars: MAX_TEXT_CHARS },
		(message) => (typeof message.text === 'string' ? message.text : null),
		limits
	);
}

/**
 * The first page of the PDF `bytes` as a PNG, its longer side `maxEdge` pixels, or null when
 * it cannot be drawn within the limits (damaged, encrypted, made to loop).
 */
export function pdfFirstPage(
	bytes: Uint8Array,
	maxEdge: number,
	limits: ExtractLimits = LIMITS
): Promise<Buffer | null> {
	return inThread(
		{ task: 'page', bytes, maxEdge },
		(message) => (message.png instanceof Uint8Array ? Buffer.from(message.png) : null),
		limits
	);
}

/** Text to index, with the control characters a PDF may hold turned to spaces. */
function cleaned(text: string): string {
	return text
		.replace(/[\p{Cc}\p{Cs}]+/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/** The stored bytes of a version, whole (for the readers that need all of a file at once). */
export async function bytesOf(versionId: string, size: number): Promise<Uint8Array | null> {
	const stream = await fileStore().read(versionId);
	if (!stream) return null;
	const chunks: Buffer[] = [];
	for await (const chunk of stream as Readable) chunks.push(chunk as Buffer);
	const all = Buffer.concat(chunks, size);
	return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}

/**
 * Reads the current version's text of the file `fileId` and keeps it, unless a newer version
 * came meanwhile (that one's reading will). Says whether it kept text.
 */
export async function indexFileText(fileId: string, limits?: ExtractLimits): Promise<boolean> {
	const [row] = await db
		.select({ versionId: files.versionId, mime: fileVersions.mime, size: fileVersions.size })
		.from(files)
		.innerJoin(fileVersions, eq(fileVersions.id, files.versionId))
		.where(eq(files.id, fileId));
	if (!row) return false;
	let text = '';
	if (readable(row.mime) && row.size <= MAX_EXTRACTED_BYTES) {
		const bytes = await bytesOf(row.versionId, row.size);
		const read =
			bytes &&
			(row.mime === 'application/pdf'
				? await pdfText(bytes, limits)
				: await documentText(bytes, row.mime, limits));
		text = cleaned(read ?? '');
	}
	await db
		.update(files)
		.set({ plainText: text, textVersionId: row.versionId })
		.where(and(eq(files.id, fileId), eq(files.versionId, row.versionId)));
	return text.length > 0;
}

/** Reads the text of every file whose current version has not been read (after a restart). */
export async function indexPendingFiles(limit = 50): Promise<number> {
	const pending = await db
		.select({ id: files.id })
		.from(files)
		.where(or(isNull(files.textVersionId), ne(files.textVersionId, files.versionId)))
		.orderBy(sql`${files.updatedAt} desc`)
		.limit(limit);
	for (const { id } of pending) await indexFileText(id);
	return pending.length;
}
