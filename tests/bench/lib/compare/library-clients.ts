// The real client libraries as simulated people, for runs of 200 clients or fewer: y-websocket's
// WebsocketProvider (what Maillage's browser uses; it also speaks to the reference server) and
// @hocuspocus/provider, each in Node over ws. They type through the same Typist as the raw
// editor and are matched the same way; only the transport is the library's.
import { HocuspocusProvider } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MESSAGE_STORED } from '../editor.ts';
import { markerOf } from '../propagation.ts';
import { Typist } from '../typing.ts';

export interface LibraryClientOptions {
	framing: 'y-websocket' | 'hocuspocus';
	/** ws://host:port[/collab] (the document's name is added) */
	serverUrl: string;
	documentName: string;
	headers: Record<string, string>;
	name: string;
	recorder: import('../recorder.ts').Recorder;
	propagation: import('../propagation.ts').Propagation;
	peers: () => number;
	random: () => number;
	role?: 'editor' | 'reader';
	onUpdateSent?: (update: Uint8Array, sentAt: number) => void;
}

export class LibraryClient {
	doc = new Y.Doc();
	awareness = new Awareness(this.doc);
	open = false;
	synced = false;
	syncedAt = 0;
	measures = true;
	/** Maillage's acknowledgements: send time of each update-bearing message, by its index. */
	sentAt = new Map() as Map<number, number>;
	updatesSent = 0;
	acked = 0;
	provider: WebsocketProvider | HocuspocusProvider | null = null;
	typist: Typist;
	reader: boolean;
	recorder: import('../recorder.ts').Recorder;
	options: LibraryClientOptions;

	constructor(options: LibraryClientOptions) {
		this.options = options;
		this.recorder = options.recorder;
		this.reader = options.role === 'reader';
		this.typist = new Typist(this.doc, this.awareness, this.recorder, options.random);
		if (this.reader) this.awareness.setLocalState(null);
		else this.awareness.setLocalState({ user: { name: options.name, color: '#4f7d3a' } });
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			const now = performance.now();
			if (origin === this.provider) {
				if (this.synced) options.propagation.received(update, now, this);
				return;
			}
			// A local edit: the provider's own listener, registered first, has just sent it.
			const measured = this.recorder.measuring;
			if (measured) {
				this.recorder.updatesSent++;
				this.recorder.updateBytes += update.length;
				options.onUpdateSent?.(update, now);
			}
			options.propagation.sent(markerOf(update), now, options.peers(), measured, this);
		});
	}

	/** Connects; resolves once the server's state is applied. */
	connect(timeoutMs = 30_000) {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`no sync within ${timeoutMs} ms`)),
				timeoutMs
			);
			const synced = () => {
				if (this.synced) return;
				this.synced = true;
				this.syncedAt = performance.now();
				clearTimeout(timer);
				resolve(undefined);
			};
			const o = this.options;
			if (o.framing === 'hocuspocus') {
				const provider = new HocuspocusProvider({
					url: o.serverUrl,
					name: o.documentName,
					document: this.doc,
					awareness: this.awareness,
					token: 'bench',
					// @ts-expect-error -- ws stands in for the browser's WebSocket
					WebSocketPolyfill: headerSocket(o.headers, this),
					onSynced: ({ state }) => state && synced(),
					onAuthenticationFailed: ({ reason }) => reject(new Error(`refused: ${reason}`))
				});
				this.provider = provider;
			} else {
				const provider = new WebsocketProvider(o.serverUrl, o.documentName, this.doc, {
					awareness: this.awareness,
					// @ts-expect-error -- ws stands in for the browser's WebSocket
					WebSocketPolyfill: headerSocket(o.headers, this),
					disableBc: true
				});
				provider.messageHandlers[MESSAGE_STORED] = (_encoder, decoder) => {
					this.acknowledged(decoding.readVarUint(decoder));
				};
				provider.on('sync', (state) => state && synced());
				provider.on('connection-close', (event) => {
					if (!this.closing) this.recorder.unexpectedCloses.push(event?.code ?? 0);
				});
				this.provider = provider;
			}
		});
	}

	closing = false;

	acknowledged(upTo: number) {
		const now = performance.now();
		for (let i = this.acked + 1; i <= upTo; i++) {
			const sentAt = this.sentAt.get(i);
			this.sentAt.delete(i);
			if (sentAt !== undefined && sentAt >= 0) this.recorder.stored.add(now - sentAt);
		}
		this.acked = Math.max(this.acked, upTo);
	}

	texts() {
		return this.typist.texts();
	}

	ensureParagraph() {
		this.typist.ensureParagraph();
	}

	start(load: import('../typing.ts').Load) {
		this.typist.start(load);
	}

	stop() {
		this.typist.stop();
	}

	unacknowledged() {
		let count = 0;
		for (const sentAt of this.sentAt.values()) if (sentAt >= 0) count++;
		return count;
	}

	close() {
		this.stop();
		this.closing = true;
		this.open = false;
		this.provider?.destroy();
		this.awareness.destroy();
		this.doc.destroy();
	}
}

/**
 * A ws WebSocket class that sends the given headers (Maillage's cookie and Origin), follows
 * whether it is open, and counts the update-bearing messages it sends, the way Maillage's
 * acknowledgements count them (sync step 2 and update: a sync message, 0, of type 1 or 2).
 */
function headerSocket(headers: Record<string, string>, client: LibraryClient) {
	return class extends WebSocket {
		constructor(address: string | URL, protocols: string | string[]) {
			super(address, protocols, { headers, perMessageDeflate: false, maxPayload: 256 * 2 ** 20 });
			this.on('open', () => (client.open = true));
			this.on('close', () => (client.open = false));
		}

		send(data: Uint8Array | ArrayBuffer) {
			const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
			if (
				client.options.framing !== 'hocuspocus' &&
				bytes[0] === 0 &&
				(bytes[1] === 1 || bytes[1] === 2)
			) {
				client.updatesSent++;
				client.sentAt.set(client.updatesSent, client.recorder.measuring ? performance.now() : -1);
			}
			super.send(data);
		}
	};
}
