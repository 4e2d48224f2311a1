import { EventEmitter } from 'node:events';

/**
 * Who may do what just changed: a membership, a role, an account, a session, a group's or a
 * document's status. Open collaboration sockets listen and re-check their rights at once, so a
 * person who lost access is disconnected within the second.
 */
export interface AccessChange {
	userId?: string;
	groupId?: string;
	documentId?: string;
	sessionId?: string;
}

const emitter = new EventEmitter();
emitter.setMaxListeners(50);

export function accessChanged(change: AccessChange): void {
	emitter.emit('access', change);
}

export function onAccessChanged(listener: (change: AccessChange) => void): () => void {
	emitter.on('access', listener);
	return () => emitter.off('access', listener);
}
