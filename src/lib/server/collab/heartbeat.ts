import type { WebSocket, WebSocketServer } from 'ws';

/**
 * A peer gone without closing (a laptop shut on a train, a network that dropped) leaves a
 * half-open connection that would keep its document in memory for ever: each beat cuts off the
 * sockets not heard from since the one before, and pings the others. Browsers answer pings by
 * themselves, whatever their page is doing.
 */
export class Heartbeat {
	/** Sockets heard from (a pong or a message) since the last beat. */
	private readonly heard = new WeakSet<WebSocket>();
	private readonly timer: NodeJS.Timeout;
	/** Sockets cut off, since the start. */
	dropped = 0;

	constructor(
		private readonly wss: WebSocketServer,
		intervalMs: number
	) {
		this.timer = setInterval(() => this.beat(), intervalMs);
		this.timer.unref();
	}

	/** Starts watching a new socket: it counts as heard from, and each pong or message too. */
	watch(ws: WebSocket): void {
		this.heard.add(ws);
		ws.on('pong', () => this.heard.add(ws));
		ws.on('message', () => this.heard.add(ws));
	}

	stop(): void {
		clearInterval(this.timer);
	}

	private beat(): void {
		for (const ws of this.wss.clients) {
			if (!this.heard.has(ws)) {
				this.dropped++;
				// Its close event leaves the room and schedules the unload, as for any socket.
				ws.terminate();
				continue;
			}
			this.heard.delete(ws);
			ws.ping();
		}
	}
}
