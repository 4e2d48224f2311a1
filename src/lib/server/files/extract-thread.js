// Reads a file in a thread of its own (see extract.ts, which starts it): a PDF's text, for
// search, or its first page drawn as a PNG, for its previews; the text of a word processor's
// document (.docx, .odt). A file built to make the reader loop or swell is stopped by the
// thread's time and memory limits, never by the server's. Plain JavaScript, not bundled: started
// from this file as it is, in development, in tests and in production alike.
import { Unzip, UnzipInflate } from 'fflate';
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
 * The words of a .docx or .odt: its text part, unzipped alone and counted as it is (a zip may
 * claim any size: past MAX_PART_BYTES it is not read on), each paragraph, break and tab a space.
 * @param {'docx' | 'odt'} kind
 */
function documentText(kind) {
	const { part, breaks } = DOCUMENTS[kind];
	/** @type {Uint8Array[]} */
	const chunks = [];
	let total = 0;
	let found = false;
	let tooLarge = false;
	const unzip = new Unzip((file) => {
		if (file.name !== part || found) return;
		found = true;
		file.ondata = (error, chunk) => {
			if (error) throw error;
			if (tooLarge) return;
			total += chunk.length;
			if (total > MAX_PART_BYTES) {
				tooLarge = true;
				chunks.length = 0;
				file.terminate();
				return;
			}
			chunks.push(chunk);
		};
		file.start();
	});
	unzip.register(UnzipInflate);
	unzip.push(bytes, true);
	if (!found) throw new Error(`no ${part}`);
	if (tooLarge) throw new Error(`${part} is larger than ${MAX_PART_BYTES} bytes`);
	const xml = new TextDecoder().decode(Buffer.concat(chunks));
	return xmlText(xml.replace(breaks, ' '));
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
