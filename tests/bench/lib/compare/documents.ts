// Stored documents the scenarios open: small ones for the open/close churn (C) and one of 16 MB
// (D), as Yjs states in the shape the Tiptap editor stores ('paragraph' elements of the
// 'default' fragment), seeded into each server's database before its steps.
import * as Y from 'yjs';

const WORDS =
	'le groupe mobilité propose un covoiturage entre les sites de la zone industrielle ' +
	'avec un point de rencontre à la gare et un compte rendu après chaque réunion ';

/**
 * A state of about `bytes` bytes: paragraphs of `paragraphChars` characters, each written in
 * pieces of `pieceChars` prepended one before the other, so that every piece stays its own Yjs
 * item (as text typed in bursts does) rather than merging into one long string. Also gives the
 * state as the updates that wrote it, 200 paragraphs each: each applies whole after the ones
 * before, as the parts of a large snapshot in Maillage's storage do (src/lib/server/collab/slices.ts).
 */
export function documentState(
	bytes: number,
	{ paragraphChars = 2048, pieceChars = 64 } = {}
): { state: Uint8Array; parts: Uint8Array[] } {
	const doc = new Y.Doc();
	const parts: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => parts.push(update));
	const fragment = doc.getXmlFragment('default');
	const piece = WORDS.repeat(Math.ceil(pieceChars / WORDS.length) + 1);
	let size = 0;
	let n = 0;
	// About paragraphChars + 5 bytes a piece of pieceChars: the paragraphs still missing.
	const perParagraph = paragraphChars * (1 + 8 / pieceChars);
	while (size < bytes) {
		const batch = Math.max(1, Math.min(200, Math.ceil((bytes - size) / perParagraph)));
		doc.transact(() => {
			for (let p = 0; p < batch; p++, n++) {
				const paragraph = new Y.XmlElement('paragraph');
				const text = new Y.XmlText();
				paragraph.insert(0, [text]);
				fragment.insert(fragment.length, [paragraph]);
				for (let at = 0; at < paragraphChars; at += pieceChars) {
					const start = (n * 7 + at) % WORDS.length;
					text.insert(0, piece.slice(start, start + pieceChars));
				}
			}
		});
		size = Y.encodeStateAsUpdate(doc).length;
	}
	const state = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return { state, parts };
}
