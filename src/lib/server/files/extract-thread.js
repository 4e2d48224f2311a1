// Reads a file in a thread of its own (see extract.ts, which starts it): a PDF's text, for
// search, or its first page drawn as a PNG, for its previews; the text of a word processor's
// document (.docx, .odt). A file built to make the reader loop or swell is stopped by the
// thread's time and memory limits, never by the server's. Plain JavaScript, not bundled: started
// from this file as it is, in development, in tests and in production alike.
import { unzipSync } from 'fflate';
import { extractText, getDocumentProxy, renderPageAsImage } from 'unpdf';
import { parentPort, workerData } from 'node:worker_threads';

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const { task, bytes, maxChars, maxEdge } =
	/** @type {{ task: 'text' | 'page' | 'docx' | 'odt', bytes: Uint8Array, maxChars: number, maxEdge: number }} */ (
		workerData
	);

/** The part of a document's archive that holds its text, and how its paragraphs end. */
const DOCUMENTS = {
	docx: { part: 'word/document.xml', breaks: /<\/w:p>|<w:br\/>|<w:tab\/>/g },
	odt: {
		part: 'content.xml',
		breaks: /<\/text:(?:p|h)>|<text:line-break\/>|<text:tab\/>|<text:s\/>/g
	}
};
/** A text part larger than this once unzipped is not read (a zip bomb). */
const MAX_PART_BYTES = 30 * 1024 * 1024;

/** @param {string} xml */
function xmlText(xml) {
	return xml
		.replace(/<[^>]*>/g, '')
		.replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
		.replace(/&#(\d+);/g, (_, dec) => String.fromCodePoint(Number(dec)))
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&amp;/g, '&');
}

/**
 * The words of a .docx or .odt: its text part, unzipped alone (if it is not too large), each
 * paragraph, break and tab a space.
 * @param {'docx' | 'odt'} kind
 */
function documentText(kind) {
	const { part, breaks } = DOCUMENTS[kind];
	const parts = unzipSync(bytes, {
		filter: (file) => file.name === part && file.originalSize <= MAX_PART_BYTES
	});
	const xml = parts[part];
	if (!xml) throw new Error(`no ${part}`);
	return xmlText(new TextDecoder().decode(xml).replace(breaks, ' '));
}

// pdf.js draws with ArrayBuffer.prototype.transferToFixedLength, which Node has from version 21:
// for Node 20, the same copy, in this thread only.
if (!ArrayBuffer.prototype.transferToFixedLength) {
	/**
	 * @this {ArrayBuffer}
	 * @param {number} [length]
	 */
	function transferToFixedLength(length) {
		const size = length ?? this.byteLength;
		const copy = new ArrayBuffer(size);
		new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(size, this.byteLength)));
		return copy;
	}
	ArrayBuffer.prototype.transferToFixedLength = transferToFixedLength;
}

try {
	if (task === 'docx' || task === 'odt') {
		port.postMessage({ text: documentText(task).slice(0, maxChars) });
	} else if (task === 'page') {
		const pdf = await getDocumentProxy(bytes);
		// The first page, its longer side `maxEdge` pixels (a poster is not drawn at full size).
		const page = await pdf.getPage(1);
		const { width, height } = page.getViewport({ scale: 1 });
		const scale = maxEdge / Math.max(width, height, 1);
		const png = await renderPageAsImage(pdf, 1, {
			canvasImport: () => import('@napi-rs/canvas'),
			scale
		});
		port.postMessage({ png: new Uint8Array(png) });
	} else {
		const pdf = await getDocumentProxy(bytes);
		const { text } = await extractText(pdf, { mergePages: true });
		port.postMessage({ text: String(text).slice(0, maxChars) });
	}
} catch (e) {
	port.postMessage({ error: e instanceof Error ? e.message : String(e) });
}
