import type { Readable } from 'node:stream';
import type { Actor } from '$lib/server/policy';
import { fileAccess } from './library';
import { previewOf } from './previews';
import { fileStore } from './storage';

/** Past this many bytes of images, the others stay links (a page of photos stays a few MB). */
const BUDGET_BYTES = 20 * 1024 * 1024;

/** An image as `documentHtml` writes it. */
const IMAGE = /<img src="\/fichiers\/([0-9a-f-]{36})\/apercu\/grand" alt="([^"]*)"([^>]*)>/g;

async function readAll(stream: Readable): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** The large preview of a file `actor` may open, or null (no access, no preview). */
async function previewBytes(actor: Actor, fileId: string): Promise<Buffer | null> {
	try {
		const { file } = await fileAccess(actor, fileId);
		const objectId = await previewOf(file.versionId, 'large');
		const stream = objectId ? await fileStore().read(objectId) : null;
		return stream ? await readAll(stream) : null;
	} catch {
		return null;
	}
}

/**
 * HTML made by `documentHtml`, for a page read away from the app (an HTML export, the report's
 * PDF): each image of a file `actor` may open is carried in the page (its large preview, as a
 * `data:` address); an image of a file they may not open, or past the budget, is its description
 * in brackets. A document can name any file id: what is carried is checked like a download.
 */
export async function inlineImages(actor: Actor, html: string): Promise<string> {
	const ids = [...new Set([...html.matchAll(IMAGE)].map((m) => m[1]))];
	const carried = new Map<string, string>();
	let budget = BUDGET_BYTES;
	for (const id of ids) {
		const bytes = await previewBytes(actor, id);
		if (!bytes || bytes.length > budget) continue;
		budget -= bytes.length;
		carried.set(id, `data:image/webp;base64,${bytes.toString('base64')}`);
	}
	return html.replace(IMAGE, (_, id: string, alt: string, rest: string) => {
		const src = carried.get(id);
		return src
			? `<img src="${src}" alt="${alt}"${rest.replace(/ loading="lazy"/, '')}>`
			: `<span class="missing-image">[${alt || 'image'}]</span>`;
	});
}
