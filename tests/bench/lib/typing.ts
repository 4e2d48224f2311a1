// How a simulated person types into a Yjs document the way the Tiptap editor stores it (a
// Y.XmlText inside a 'paragraph' XmlElement of the 'default' XmlFragment), whatever carries the
// updates to the server: a raw socket (editor.ts) or a real client library (compare/).
import * as Y from 'yjs';

/** A small seeded generator (mulberry32): every run with the same seed draws the same keys. */
export function seeded(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz     éè,.';
const PASTE_WORDS = 'réunion mobilité covoiturage atelier compte rendu décision action échéance';

export interface Load {
	/** keystrokes per second, at random intervals */
	keysPerSecond: number;
	/** caret moves (presence updates) per second */
	cursorsPerSecond: number;
	/** share of keystrokes that erase a character */
	deleteRatio: number;
	/** pastes of `pasteChars` characters per minute (default 0) */
	pastesPerMinute?: number;
	/** characters per paste (default 2,048) */
	pasteChars?: number;
}

export class Typist {
	typingTimer: NodeJS.Timeout | null = null;
	cursorTimer: NodeJS.Timeout | null = null;
	pasteTimer: NodeJS.Timeout | null = null;
	random: () => number;
	recorder: import('./recorder.ts').Recorder;
	awareness: import('y-protocols/awareness').Awareness;
	doc: Y.Doc;

	constructor(
		doc: Y.Doc,
		awareness: import('y-protocols/awareness').Awareness,
		recorder: import('./recorder.ts').Recorder,
		random: () => number
	) {
		this.doc = doc;
		this.awareness = awareness;
		this.recorder = recorder;
		this.random = random;
	}

	/** The texts of the document's paragraphs, where keystrokes go. */
	texts() {
		const texts: Y.XmlText[] = [];
		for (const node of this.doc.getXmlFragment('default').toArray()) {
			if (!(node instanceof Y.XmlElement) || node.nodeName !== 'paragraph') continue;
			const first = node.get(0);
			if (first instanceof Y.XmlText) texts.push(first);
		}
		return texts;
	}

	/** Gives an empty document its first paragraph, as the editor does on first input. */
	ensureParagraph() {
		if (this.texts().length > 0) return;
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('Banc d’essai')]);
		this.doc.getXmlFragment('default').insert(0, [paragraph]);
	}

	/** One keystroke: a character typed at a random place, or (with `deleteRatio`) one erased. */
	keystroke(deleteRatio = 0.05) {
		const texts = this.texts();
		if (texts.length === 0) return;
		const text = texts[Math.floor(this.random() * texts.length)];
		const length = text.length;
		if (length > 0 && this.random() < deleteRatio) {
			text.delete(Math.floor(this.random() * length), 1);
		} else {
			const char = LETTERS[Math.floor(this.random() * LETTERS.length)];
			text.insert(Math.floor(this.random() * (length + 1)), char);
		}
		if (this.recorder.measuring) this.recorder.keystrokes++;
	}

	/** A block of text pasted at a random place: one update of `chars` characters. */
	paste(chars = 2048) {
		const texts = this.texts();
		if (texts.length === 0) return;
		const text = texts[Math.floor(this.random() * texts.length)];
		const block = ` ${PASTE_WORDS} `.repeat(Math.ceil(chars / (PASTE_WORDS.length + 2)));
		text.insert(Math.floor(this.random() * (text.length + 1)), block.slice(0, chars));
		if (this.recorder.measuring) this.recorder.pastes++;
	}

	/** Moves the caret somewhere in the text, like a selection change, shown to the others. */
	moveCursor() {
		const texts = this.texts();
		if (texts.length === 0) return;
		const text = texts[Math.floor(this.random() * texts.length)];
		const at = Y.relativePositionToJSON(
			Y.createRelativePositionFromTypeIndex(text, Math.floor(this.random() * (text.length + 1)))
		);
		this.awareness.setLocalStateField('cursor', { anchor: at, head: at });
	}

	/**
	 * Starts typing `keysPerSecond` keystrokes a second, each after a random interval drawn
	 * uniformly between half and one and a half times the mean, moving the caret
	 * `cursorsPerSecond` times a second the same way, and pasting `pastesPerMinute` times a
	 * minute (the first paste at a random moment of the first minute).
	 */
	start(load: Load) {
		const every = (perSecond: number) => (1000 / perSecond) * (0.5 + this.random());
		const type = () => {
			this.keystroke(load.deleteRatio);
			this.typingTimer = setTimeout(type, every(load.keysPerSecond));
		};
		const move = () => {
			this.moveCursor();
			this.cursorTimer = setTimeout(move, every(load.cursorsPerSecond));
		};
		// A random phase, so that the editors do not type in step.
		this.typingTimer = setTimeout(type, this.random() * (1000 / load.keysPerSecond));
		this.cursorTimer = setTimeout(move, this.random() * (1000 / load.cursorsPerSecond));
		const pastesPerMinute = load.pastesPerMinute ?? 0;
		if (pastesPerMinute > 0) {
			const gap = 60_000 / pastesPerMinute;
			const paste = () => {
				this.paste(load.pasteChars);
				this.pasteTimer = setTimeout(paste, gap);
			};
			this.pasteTimer = setTimeout(paste, this.random() * gap);
		}
	}

	stop() {
		for (const timer of [this.typingTimer, this.cursorTimer, this.pasteTimer]) {
			if (timer) clearTimeout(timer);
		}
		this.typingTimer = this.cursorTimer = this.pasteTimer = null;
	}
}
