// The cheapest reader a large step can hold by the thousand: a WebSocket client on a bare TCP
// socket that opens the document (sync step 1, after Hocuspocus's authentication message), waits
// for the server's sync step 2, then reads and drops every frame unparsed, in batches, answering
// pings. The server does all the work it does for a real reader; this process only reads bytes.
// The readers that time deliveries are full raw editors (editor.ts); these only receive.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Once synced, a reader's socket is read every READ_EVERY_MS rather than at each message: the
 * bytes wait in the kernel meanwhile (the server's writes complete all the same), and this
 * process handles one chunk per reader per interval instead of one event per message.
 */
const READ_EVERY_MS = 50;
const resting: Set<import('node:net').Socket> = new Set();
setInterval(() => {
	for (const socket of resting) socket.resume();
	resting.clear();
}, READ_EVERY_MS).unref();

const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

/** A masked client frame (binary unless `opcode` says otherwise). */
function frame(payload: Uint8Array, opcode = 0x2) {
	const length = payload.length;
	const extended = length < 126 ? 0 : length < 65536 ? 2 : 8;
	const out = Buffer.alloc(2 + extended + 4 + length);
	out[0] = 0x80 | opcode;
	out[1] = 0x80 | (extended === 0 ? length : extended === 2 ? 126 : 127);
	if (extended === 2) out.writeUInt16BE(length, 2);
	if (extended === 8) out.writeBigUInt64BE(BigInt(length), 2);
	const mask = randomBytes(4);
	mask.copy(out, 2 + extended);
	for (let i = 0; i < length; i++) out[2 + extended + 4 + i] = payload[i] ^ mask[i & 3];
	return out;
}

export class SilentReader {
	open = false;
	synced = false;
	measures = false;
	bytes = 0;
	frames = 0;
	socket: import('node:net').Socket | null = null;
	closing = false;
	options: {
		url: string;
		headers: Record<string, string>;
		framing: 'y-websocket' | 'hocuspocus';
		documentName: string;
		recorder: import('../recorder.ts').Recorder;
	};

	constructor(options: {
		url: string;
		headers: Record<string, string>;
		framing: 'y-websocket' | 'hocuspocus';
		documentName: string;
		recorder: import('../recorder.ts').Recorder;
	}) {
		this.options = options;
	}

	/** A message with Hocuspocus's document-name prefix when needed. */
	message(write: (encoder: encoding.Encoder) => void) {
		const encoder = encoding.createEncoder();
		if (this.options.framing === 'hocuspocus')
			encoding.writeVarString(encoder, this.options.documentName);
		write(encoder);
		return encoding.toUint8Array(encoder);
	}

	/** Resolves once the server's sync step 2 has arrived. */
	connect(timeoutMs = 30_000) {
		const url = new URL(this.options.url);
		return new Promise((resolve, reject) => {
			const socket = connect(Number(url.port), url.hostname);
			this.socket = socket;
			socket.setNoDelay(true);
			const timer = setTimeout(() => {
				socket.destroy();
				reject(new Error(`no sync within ${timeoutMs} ms`));
			}, timeoutMs);
			this.done = (error: Error | null) => {
				clearTimeout(timer);
				this.done = () => {};
				if (error) reject(error);
				else resolve(undefined);
			};
			socket.on('error', (e) => this.done(e));
			socket.on('close', () => {
				this.open = false;
				if (!this.closing) this.options.recorder.unexpectedCloses.push(1006);
				this.done(new Error('closed before sync'));
			});
			socket.on('connect', () => {
				const headers = Object.entries(this.options.headers)
					.map(([k, v]) => `${k}: ${v}\r\n`)
					.join('');
				socket.write(
					`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\n` +
						`Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
						`Sec-WebSocket-Version: 13\r\n${headers}\r\n`
				);
			});
			let head = Buffer.alloc(0);
			const onHead = (chunk: Buffer) => {
				head = Buffer.concat([head, chunk]);
				const end = head.indexOf('\r\n\r\n');
				if (end < 0) return;
				socket.off('data', onHead);
				const status = /^HTTP\/1\.1 (\d+)/.exec(head.subarray(0, end).toString())?.[1];
				if (status !== '101') {
					socket.destroy();
					return this.done(new Error(`upgrade refused: HTTP ${status}`));
				}
				this.open = true;
				if (this.options.framing === 'hocuspocus') {
					socket.write(
						frame(
							this.message((e) => {
								encoding.writeVarUint(e, 2); // Auth
								encoding.writeVarUint(e, 0); // Token
								encoding.writeVarString(e, 'bench');
							})
						)
					);
				}
				// Sync step 1 with an empty state vector: "send me everything".
				socket.write(
					frame(
						this.message((e) => {
							encoding.writeVarUint(e, 0);
							encoding.writeVarUint(e, 0);
							encoding.writeVarUint8Array(e, new Uint8Array([0]));
						})
					)
				);
				socket.on('data', (data) => this.read(data));
				if (head.length > end + 4) this.read(head.subarray(end + 4));
			};
			socket.on('data', onHead);
		});
	}

	done: (error: Error | null) => void = (): void => {};

	/** Bytes of a frame header or control frame cut by a chunk boundary. */
	pending = Buffer.alloc(0);
	/** Payload bytes of the current data frame still to skip. */
	skip = 0;

	/**
	 * Walks the frames of a chunk: headers read, data payloads skipped (looked into only until the
	 * sync step 2 arrives), pings answered.
	 */
	read(chunk: Buffer) {
		this.bytes += chunk.length;
		const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
		this.pending = Buffer.alloc(0);
		let at = 0;
		while (at < data.length) {
			if (this.skip > 0) {
				const n = Math.min(this.skip, data.length - at);
				this.skip -= n;
				at += n;
				continue;
			}
			if (data.length - at < 2) break;
			const opcode = data[at] & 0x0f;
			let length = data[at + 1] & 0x7f;
			let header = 2;
			if (length === 126) {
				if (data.length - at < 4) break;
				length = data.readUInt16BE(at + 2);
				header = 4;
			} else if (length === 127) {
				if (data.length - at < 10) break;
				length = Number(data.readBigUInt64BE(at + 2));
				header = 10;
			}
			const control = opcode >= 0x8;
			// Control frames are read whole; data frames only their first bytes, until synced.
			const need = control ? length : this.synced ? 0 : Math.min(length, 64);
			if (data.length - at < header + need) break;
			this.frames++;
			if (control) {
				const payload = data.subarray(at + header, at + header + length);
				if (opcode === OP_PING) this.socket?.write(frame(payload, OP_PONG));
				else if (opcode === OP_CLOSE) this.socket?.end(frame(payload.subarray(0, 2), OP_CLOSE));
				at += header + length;
				continue;
			}
			if (!this.synced && this.isSyncStep2(data.subarray(at + header, at + header + need))) {
				this.synced = true;
				this.done(null);
			}
			const available = Math.min(length, data.length - at - header);
			at += header + available;
			this.skip = length - available;
		}
		if (at < data.length) this.pending = Buffer.from(data.subarray(at));
		if (this.synced && this.socket && !this.closing) {
			this.socket.pause();
			resting.add(this.socket);
		}
	}

	isSyncStep2(payload: Uint8Array) {
		try {
			const decoder = decoding.createDecoder(payload);
			if (this.options.framing === 'hocuspocus') decoding.readVarString(decoder);
			return decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) === 1;
		} catch {
			return false;
		}
	}

	/** The interface the steps use for every client. */
	texts() {
		return [];
	}

	start() {}

	stop() {}

	unacknowledged() {
		return 0;
	}

	close() {
		this.closing = true;
		this.open = false;
		if (this.socket) resting.delete(this.socket);
		if (this.socket && !this.socket.destroyed) {
			this.socket.resume();
			this.socket.end(frame(new Uint8Array([0x03, 0xe8]), OP_CLOSE));
			setTimeout(() => this.socket?.destroy(), 1000).unref();
		}
	}
}
