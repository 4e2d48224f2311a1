import {
	MAX_DOCUMENT_BYTES,
	MAX_SOCKETS_PER_DOCUMENT,
	MAX_SOCKETS_PER_PERSON,
	MAX_WAITING_MESSAGES,
	MESSAGE_BURST,
	MESSAGES_PER_SECOND
} from './limits';

export interface CollabOptions {
	/** How long a document nobody has open stays in memory. */
	unloadAfterMs?: number;
	/** How long after the last edit a document settles (the onSettled hook). */
	deriveAfterMs?: number;
	/** Appended updates after which a document is compacted into its snapshot. */
	compactAfter?: number;
	/** Bytes a socket may leave unsent before it is cut off for not reading (64 MiB). */
	maxBacklogBytes?: number;
	/** Sockets one person may have on one document, and on the whole server (limits.ts). */
	maxSocketsPerDocument?: number;
	maxSocketsPerPerson?: number;
	/** Messages a socket may send at once, then per second, and have waiting beyond that. */
	messageBurst?: number;
	messagesPerSecond?: number;
	maxWaitingMessages?: number;
	/** Bytes of Yjs updates a document may hold as stored; an update beyond is refused. */
	maxDocumentBytes?: number;
	/**
	 * How often every socket is pinged; one that has neither answered nor sent anything since the
	 * last ping is cut off (30 s).
	 */
	heartbeatMs?: number;
}

export function resolveOptions(options: CollabOptions): Required<CollabOptions> {
	return {
		unloadAfterMs: options.unloadAfterMs ?? 60_000,
		deriveAfterMs: options.deriveAfterMs ?? 2_000,
		compactAfter: options.compactAfter ?? 500,
		maxBacklogBytes: options.maxBacklogBytes ?? 64 * 2 ** 20,
		maxSocketsPerDocument: options.maxSocketsPerDocument ?? MAX_SOCKETS_PER_DOCUMENT,
		maxSocketsPerPerson: options.maxSocketsPerPerson ?? MAX_SOCKETS_PER_PERSON,
		messageBurst: options.messageBurst ?? MESSAGE_BURST,
		messagesPerSecond: options.messagesPerSecond ?? MESSAGES_PER_SECOND,
		maxWaitingMessages: options.maxWaitingMessages ?? MAX_WAITING_MESSAGES,
		maxDocumentBytes: options.maxDocumentBytes ?? MAX_DOCUMENT_BYTES,
		heartbeatMs: options.heartbeatMs ?? 30_000
	};
}

/**
 * Options from the environment. MAILLAGE_UNLOAD_AFTER_S: seconds a document nobody has open
 * stays in memory (default 60). MAILLAGE_SOCKETS_PER_DOCUMENT and MAILLAGE_SOCKETS_PER_PERSON:
 * sockets one person may have on one document and in all (default 20 and 100, limits.ts); the
 * load benchmark raises them, as it logs hundreds of simulated editors in as a handful of people.
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): CollabOptions {
	const positive = (name: string) => {
		const value = Number(env[name]);
		return env[name] && value > 0 ? value : undefined;
	};
	const seconds = positive('MAILLAGE_UNLOAD_AFTER_S');
	return {
		unloadAfterMs: seconds && seconds * 1000,
		maxSocketsPerDocument: positive('MAILLAGE_SOCKETS_PER_DOCUMENT'),
		maxSocketsPerPerson: positive('MAILLAGE_SOCKETS_PER_PERSON')
	};
}
