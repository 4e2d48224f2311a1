// Reads a PDF's text in a thread of its own (see extract.ts, which starts it): a PDF built to
// make the reader loop or swell is stopped by the thread's time and memory limits, never by the
// server's. Plain JavaScript, not bundled: started from this file as it is, in development, in
// tests and in production alike.
import { extractText, getDocumentProxy } from 'unpdf';
import { parentPort, workerData } from 'node:worker_threads';

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const { bytes, maxChars } = /** @type {{ bytes: Uint8Array, maxChars: number }} */ (workerData);

try {
	const pdf = await getDocumentProxy(bytes);
	const { text } = await extractText(pdf, { mergePages: true });
	port.postMessage({ text: String(text).slice(0, maxChars) });
} catch (e) {
	port.postMessage({ error: e instanceof Error ? e.message : String(e) });
}
