import { Samples } from './measure.ts';

/**
 * What the simulated editors record, shared by all of them. Only what is sent while `measuring`
 * is true (the measurement window, after the warm-up) is timed and counted.
 */
export class Recorder {
	measuring = false;
	/** Keystroke send → delivery at each other editor of the document, ms. */
	propagation = new Samples();
	/** Update-bearing message send → the server's acknowledgement that it is stored, ms. */
	stored = new Samples();
	keystrokes = 0;
	/** Blocks of text pasted (each one update of about 2 KB). */
	pastes = 0;
	/** Update messages sent, and the bytes of their Yjs updates (what the server appends). */
	updatesSent = 0;
	updateBytes = 0;
	awarenessSent = 0;
	awarenessReceived = 0;
	messagesReceived = 0;
	unknownMessages = 0;
	/** Close codes of sockets the server closed while the editor meant to stay. */
	unexpectedCloses = [] as number[];
}
