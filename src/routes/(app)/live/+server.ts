import { error } from '@sveltejs/kit';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { onAccessChanged } from '$lib/server/events';
import * as groups from '$lib/server/groups';
import * as live from '$lib/server/live';
import type { RequestHandler } from './$types';

const HEARTBEAT_MS = 25_000;

/**
 * The live channel of open pages (server-sent events): "a thread changed", "files changed" and
 * "a proposal, poll or decision changed" for groups the person may read, "your notifications changed" for them alone. Events carry ids; pages
 * reload what they show through their load functions. The stream ends when the person logs
 * out or is disabled.
 */
export const GET: RequestHandler = async ({ locals, cookies }) => {
	const user = locals.user;
	const session = locals.session;
	if (!user || !session) error(401, { message: 'error.forbidden' });
	// Released when the stream ends, however it ends (cleanup below). Only an EventSource reads
	// the answer, and it shows nothing of it: no message to translate.
	const release = live.admit(session.id);
	if (!release) error(429, { message: 'Too many live streams for this session' });
	const token = cookies.get(SESSION_COOKIE) ?? '';
	// What the person may read, remembered until their rights change.
	const readable = new Map<string, Promise<boolean>>();
	const mayRead = (groupId: string) => {
		let known = readable.get(groupId);
		if (!known) {
			known = groups.access(user, groupId).then(
				() => true,
				() => false
			);
			readable.set(groupId, known);
		}
		return known;
	};

	let cleanup = () => {};
	const stream = new ReadableStream<string>({
		start(controller) {
			let open = true;
			const send = (event: string, data: unknown) => {
				if (open) controller.enqueue(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
			};
			const close = () => {
				if (!open) return;
				open = false;
				cleanup();
				try {
					controller.close();
				} catch {
					// Already closed by the browser.
				}
			};
			const unsubscribe = live.subscribe(async (event) => {
				if (event.type === 'notification') {
					if (event.userId === user.id) send('notification', {});
				} else if (!(await mayRead(event.groupId))) {
					return;
				} else if (event.type === 'files' || event.type === 'decisions') {
					send(event.type, { groupId: event.groupId });
				} else {
					send('thread', { threadId: event.threadId, groupId: event.groupId });
				}
			});
			const stopWatching = onAccessChanged(async (change) => {
				if (change.userId && change.userId !== user.id) return;
				if (change.sessionId && change.sessionId !== session.id) return;
				readable.clear();
				if (change.userId || change.sessionId) {
					const { session: still } = await validateSessionToken(token);
					if (!still) close();
				}
			});
			const heartbeat = setInterval(() => {
				if (open) controller.enqueue(': keep-alive\n\n');
			}, HEARTBEAT_MS);
			const untrack = live.track(close);
			cleanup = () => {
				release();
				unsubscribe();
				stopWatching();
				clearInterval(heartbeat);
				untrack();
			};
			// Tells the page the channel is open (tests and the page wait for it).
			send('ready', {});
		},
		cancel() {
			cleanup();
		}
	});
	return new Response(stream.pipeThrough(new TextEncoderStream()), {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			connection: 'keep-alive',
			'x-accel-buffering': 'no'
		}
	});
};
