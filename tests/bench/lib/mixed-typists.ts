// The live editing of `npm run bench:mixed`: documents created through the form, each typed into
// by a few simulated editors (the raw-socket clients of bench:collab, editor.ts), and
// propagation latency (one typist's keystroke to the others receiving it) measured window by
// window, so that the same typists are timed with and without the page load.
import { Editor, Propagation } from './editor.ts';
import { round, Samples } from './measure.ts';
import { pool, sleep } from './pool.ts';
import { Recorder } from './recorder.ts';
import { seeded, type Load } from './typing.ts';
import { createDocument } from '../../support/logins.ts';

/** Sockets opened at the same time while setting up. */
const CONNECT_CONCURRENCY = 10;
/** How long, after a window, keystrokes sent in it may still be delivered. */
const DRAIN_MS = 5_000;

export interface TypingOptions {
	origin: string;
	wsUrl: (documentId: string) => string;
	/** The group the documents are created in. */
	group: string;
	/** One cookie per typist of a document (the first one creates the documents). */
	cookies: string[];
	names: string[];
	documents: number;
	load: Load;
	seed: number;
}

/** The typists' figures of one window. */
export interface TypingWindow {
	propagationMs: ReturnType<Samples['summary']>;
	keystrokes: number;
	/** Keystrokes of the window some typist never received, after the drain. */
	undelivered: number;
	/** The samples themselves, to pool windows (left out of the JSON). */
	samples: Samples;
}

/**
 * Creates the documents, connects the typists (all synced, with a first paragraph) and returns
 * how to start and stop them, measure a window, and close them.
 */
export async function startTypists(options: TypingOptions) {
	const { origin, cookies, names } = options;
	const documentIds = await pool(
		Array.from({ length: options.documents }, (_, i) => i),
		4,
		(i) => createDocument(origin, cookies[0], `Banc d’essai mixte ${i + 1}`, options.group)
	);
	const recorder = new Recorder();
	const random = seeded(options.seed);
	const rooms = documentIds.map((id) => ({
		id,
		propagation: new Propagation(recorder),
		editors: [] as Editor[]
	}));
	for (const room of rooms) {
		cookies.forEach((cookie, j) => {
			const editor: Editor = new Editor({
				url: options.wsUrl(room.id),
				headers: { cookie, origin },
				name: `${names[j]} #${j + 1}`,
				recorder,
				propagation: room.propagation,
				peers: () => room.editors.filter((e) => e.open && e !== editor).length,
				random
			});
			room.editors.push(editor);
		});
	}
	const editors = rooms.flatMap((room) => room.editors);
	await pool(editors, CONNECT_CONCURRENCY, (editor) => editor.connect());
	for (const room of rooms) room.editors[0].ensureParagraph();
	const deadline = Date.now() + 15_000;
	while (editors.some((e) => e.texts().length === 0)) {
		if (Date.now() > deadline) throw new Error('the first paragraph did not reach every typist');
		await sleep(50);
	}

	const undelivered = () => rooms.reduce((n, room) => n + room.propagation.undelivered(), 0);
	let typing = false;
	return {
		documentIds,
		editors: editors.length,
		recorder,
		start() {
			if (typing) return;
			typing = true;
			for (const editor of editors) editor.start(options.load);
		},
		stop() {
			typing = false;
			for (const editor of editors) editor.stop();
		},
		/**
		 * Measures the keystrokes sent while `during` runs (the typists must be typing), then
		 * waits for them to be delivered.
		 */
		async measure(during: () => Promise<unknown>): Promise<TypingWindow> {
			recorder.propagation = new Samples();
			recorder.keystrokes = 0;
			recorder.measuring = true;
			try {
				await during();
			} finally {
				recorder.measuring = false;
			}
			const drainStarted = performance.now();
			while (undelivered() > 0 && performance.now() - drainStarted < DRAIN_MS) await sleep(50);
			const lost = undelivered();
			// Left over from this window, not to be counted in the next one.
			for (const room of rooms) {
				for (const [marker, entry] of room.propagation.pending) {
					if (entry.measured) room.propagation.pending.delete(marker);
				}
			}
			return {
				propagationMs: recorder.propagation.summary(),
				keystrokes: recorder.keystrokes,
				undelivered: lost,
				samples: recorder.propagation
			};
		},
		/** Documents whose typists ended with different texts (after typing stopped and drained). */
		async diverged() {
			await sleep(1000);
			return rooms.filter((room) => {
				const texts = room.editors.map((e) => e.doc.getXmlFragment('default').toString());
				return texts.some((t) => t !== texts[0]);
			}).length;
		},
		/** Unexpected closes, collisions and unknown messages: what makes the figures doubtful. */
		anomalies() {
			return {
				unexpectedCloses: recorder.unexpectedCloses.length,
				markerCollisions: rooms.reduce((n, room) => n + room.propagation.collisions, 0),
				unknownMessages: recorder.unknownMessages
			};
		},
		close() {
			typing = false;
			for (const editor of editors) editor.close();
		}
	};
}

export type Typists = Awaited<ReturnType<typeof startTypists>>;

/** Average keystrokes a second over a window. */
export const keysPerSecond = (window: TypingWindow, seconds: number) =>
	round(window.keystrokes / seconds, 1);
