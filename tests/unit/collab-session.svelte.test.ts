import { ObservableV2 } from 'lib0/observable';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
	CLOSE_ARCHIVED,
	CLOSE_FORBIDDEN,
	CLOSE_LOGGED_OUT,
	CLOSE_RIGHTS_CHANGED
} from '$lib/collab/protocol';
import type { SaveState } from '$lib/collab/save-status';
import {
	CollabSession,
	type SaveTracking,
	type SessionOptions,
	type SessionProvider
} from '$lib/collab/session.svelte';

type ProviderEvents = {
	status: (event: { status: 'connecting' | 'connected' | 'disconnected' }) => void;
	'connection-close': (event: CloseEvent | null) => void;
};

/** A y-websocket provider's events and awareness, driven by the test. */
class FakeProvider extends ObservableV2<ProviderEvents> {
	awareness = new Awareness(new Y.Doc());
}

/** A save tracker whose state the test sets. */
class FakeTracker implements SaveTracking {
	state: SaveState = 'disconnected';
	pendingSince: number | null = null;
	saved = true;
	#listeners = new Set<(state: SaveState) => void>();
	subscribe(listener: (state: SaveState) => void) {
		this.#listeners.add(listener);
		listener(this.state);
		return () => this.#listeners.delete(listener);
	}
	set(state: SaveState) {
		this.state = state;
		for (const listener of this.#listeners) listener(state);
	}
}

const closed = (code: number) => ({ code }) as CloseEvent;

let session: CollabSession | undefined;
afterEach(() => session?.destroy());

function start(options: Partial<SessionOptions> = {}) {
	const provider = new FakeProvider();
	const tracker = new FakeTracker();
	const offline = { since: null as string | null, reconnected: vi.fn() };
	session = new CollabSession({
		canWrite: () => true,
		offline,
		unknownName: 'Inconnu',
		...options
	});
	session.follow(provider as unknown as SessionProvider, tracker);
	return { session, provider, tracker, offline };
}

describe('CollabSession', () => {
	it('follows the connection and says why the server closed it', () => {
		const { session, provider, offline } = start();
		expect(session.connection).toBe('connecting');
		provider.emit('connection-close', [closed(CLOSE_FORBIDDEN)]);
		provider.emit('status', [{ status: 'disconnected' }]);
		expect(session.problem).toBe('editor.closed_forbidden');
		expect(session.connection).toBe('disconnected');
		provider.emit('status', [{ status: 'connected' }]);
		expect(session.connection).toBe('connected');
		expect(session.problem).toBeNull();
		expect(offline.reconnected).toHaveBeenCalledOnce();
	});

	it('keeps saying the document is archived after reconnecting, and reloads the rights', () => {
		const onRightsChanged = vi.fn();
		const { session, provider } = start({ onRightsChanged });
		provider.emit('connection-close', [closed(CLOSE_ARCHIVED)]);
		provider.emit('status', [{ status: 'connected' }]);
		expect(session.problem).toBe('editor.closed_archived');
		provider.emit('connection-close', [closed(CLOSE_RIGHTS_CHANGED)]);
		expect(onRightsChanged).toHaveBeenCalledTimes(2);
	});

	it('on an offline copy, says nothing of an unreachable server: the page says it already', () => {
		const offline = { since: '2026-12-01T10:00:00Z', reconnected: vi.fn() };
		const { session, provider } = start({ offline });
		provider.emit('connection-close', [closed(1006)]);
		expect(session.problem).toBeNull();
		expect(session.readOnly).toBe(true);
	});

	it('logged out: read-only, kept data forgotten, and unsaved edits said', () => {
		const onLoggedOut = vi.fn();
		const { session, provider, tracker } = start({ onLoggedOut });
		expect(session.readOnly).toBe(false);
		tracker.saved = false;
		provider.emit('connection-close', [closed(CLOSE_LOGGED_OUT)]);
		expect(session.loggedOut).toBe(true);
		expect(session.readOnly).toBe(true);
		expect(session.problem).toBe('offline.logged_out_unsaved');
		expect(onLoggedOut).toHaveBeenCalledOnce();
	});

	it('logged out with everything stored: says only that the session ended', () => {
		const { session, provider } = start();
		provider.emit('connection-close', [closed(CLOSE_LOGGED_OUT)]);
		expect(session.problem).toBe('editor.closed_logged_out');
	});

	it('is read-only when the page gives no right to write, and follows the page', () => {
		let canWrite = $state(false);
		const { session } = start({ canWrite: () => canWrite });
		const seen: boolean[] = [];
		const stop = $effect.root(() => {
			$effect(() => {
				seen.push(session.readOnly);
			});
		});
		flushSync();
		canWrite = true;
		flushSync();
		stop();
		expect(seen).toEqual([true, false]);
	});

	it('shows the save status without flicker and announces what matters', () => {
		const { session, tracker } = start();
		expect(session.save).toBe('disconnected');
		tracker.set('saved');
		expect(session.save).toBe('saved');
		tracker.set('offline');
		expect(session.save).toBe('offline');
		expect(session.announcement).toBe('offline');
		tracker.set('saved');
		expect(session.announcement).toBe('saved');
	});

	it('lists who is present, with only what presenceOf lets through', () => {
		const { session, provider } = start();
		const { awareness } = provider;
		awareness.setLocalStateField('user', { name: 'Anne', color: 'red;background:url(x)' });
		expect(session.presence).toEqual([
			{ id: awareness.clientID, name: 'Anne', color: '#5a6570', avatar: null }
		]);
		awareness.setLocalState(null);
		expect(session.presence).toEqual([]);
	});

	it('stops following once destroyed', () => {
		const { session, provider, tracker } = start();
		session.destroy();
		provider.emit('connection-close', [closed(CLOSE_FORBIDDEN)]);
		provider.emit('status', [{ status: 'connected' }]);
		tracker.set('saved');
		provider.awareness.setLocalStateField('user', { name: 'Anne' });
		expect(session.problem).toBeNull();
		expect(session.connection).toBe('connecting');
		expect(session.save).toBe('disconnected');
		expect(session.presence).toEqual([]);
	});
});
