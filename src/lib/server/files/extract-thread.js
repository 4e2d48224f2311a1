// Reads a PDF in a thread of its own (see extract.ts, which starts it): its text, for search, or
// its first page drawn as a PNG, for its previews. A PDF built to make the reader loop or swell
// is stopped by the thread's time and memory limits, never by the server's. Plain JavaScript,
// not bundled: started from this file as it is, in development, in tests and in production alike.
import { extractText, getDocumentProxy, renderPageAsImage } from 'unpdf';
import { parentPort, workerData } from 'node:worker_threads';

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const { task, bytes, maxChars, maxEdge } =
	/** @type {{ task: 'text' | 'page', bytes: Uint8Array, maxChars: number, maxEdge: number }} */ (
		workerData
	);

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
	const pdf = await getDocumentProxy(bytes);
	if (task === 'page') {
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
		const { text } = await extractText(pdf, { mergePages: true });
		port.postMessage({ text: String(text).slice(0, maxChars) });
	}
} catch (e) {
	port.postMessage({ error: e instanceof Error ? e.message : String(e) });
}
