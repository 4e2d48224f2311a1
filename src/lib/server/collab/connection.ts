import type { WebSocket } from 'ws';
import type { SocketIdentity } from './hooks';

/** One open socket on a document, and who is behind it (as the authorise hook said). */
export interface Connection extends SocketIdentity {
	socket: WebSocket;
	/** The person's display name, the only one their presence may show (presence.ts). */
	name: string;
	/** The person's photo as of the connection, or null; the only one shown. */
	avatar: string | null;
	/** Their caret's colour when their client sends none that can be shown. */
	colour: string;
	/** Awareness client ids this socket speaks for, removed when it closes. */
	clients: Set<number>;
	/** Update-bearing messages received, and how many of them are stored. */
	received: number;
	stored: number;
	/** The answers to its first sync steps on a large document, one at a time (answerInSteps). */
	answering?: Promise<void>;
}

export const isConnection = (origin: unknown): origin is Connection =>
	typeof origin === 'object' && origin !== null && 'socket' in origin;

/**
 * The origin of an edit the server makes for someone (a restored version, a ticked box on the
 * board), or for nobody: stored and shared like a socket's, and attributed to `userId`.
 */
export class ServerEdit {
	constructor(readonly userId: string | null) {}
}
