import { isHttpError } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	SESSION_COOKIE
} from '$lib/server/auth/session';
import type { SessionUser } from '$lib/server/auth/session';
import * as live from '$lib/server/live';
import * as memberships from '$lib/server/memberships';
import { GET } from '../../src/routes/(app)/live/+server';
import { createTestDb } from '../helpers/db';
import { fakeEvent } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';

await createTestDb();

// The live channel of open pages, read as a browser's EventSource would: which events reach
// whom, and when the stream ends.

let member: SessionUser;
let coordinator: SessionUser;
let groupId: string;
let closedElsewhere: string;

beforeAll(async () => {
	member = await buildUser();
	coordinator = await buildUser({ role: 'coordinator' });
	groupId = (await buildGroup({ joinPolicy: 'closed' }, [{ user: member, role: 'member' }])).id;
	closedElsewhere = (await buildGroup({ joinPolicy: 'closed' })).id;
});

type Login = { token: string; session: Awaited<ReturnType<typeof createSession>> };

async function login(user: SessionUser): Promise<Login> {
	const token = generateSessionToken();
	return { token, session: await createSession(token, user.id) };
}

/** The browser's request for the stream, as `user` in the session. */
function request(user: SessionUser, { token, session }: Login) {
	const { event } = fakeEvent<Parameters<typeof GET>[0]>({
		path: '/live',
		user,
		session,
		cookies: { [SESSION_COOKIE]: token }
	});
	return Promise.resolve(GET(event));
}

/**
 * Opens the stream as `user` (in a new session, or the given one) and returns a reader of its
 * events (name and data).
 */
async function open(user: SessionUser, existing?: Login) {
	const { token, session } = existing ?? (await login(user));
	const response = await request(user, { token, session });
	expect(response.headers.get('content-type')).toContain('text/event-stream');
	const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
	let buffer = '';
	/** The next event, or 'closed', or 'silence' when nothing comes within `ms`. */
	const next = async (ms = 300): Promise<{ event: string; data: unknown } | string> => {
		for (;;) {
			const end = buffer.indexOf('\n\n');
			if (end >= 0) {
				const block = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				if (block.startsWith(':')) continue;
				const name = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
				const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null');
				return { event: name, data };
			}
			const chunk = await Promise.race([
				reader.read(),
				new Promise<'silence'>((resolve) => setTimeout(() => resolve('silence'), ms))
			]);
			if (chunk === 'silence') return 'silence';
			if (chunk.done) return 'closed';
			buffer += chunk.value;
		}
	};
	return { next, session, close: () => reader.cancel() };
}

describe('the live channel', () => {
	it('refuses a visitor without a session', async () => {
		const { event } = fakeEvent<Parameters<typeof GET>[0]>({ path: '/live' });
		const thrown = await Promise.resolve(GET(event)).catch((e: unknown) => e);
		expect(isHttpError(thrown) && thrown.status).toBe(401);
	});

	it('tells a person about threads of groups they may read, and their own notifications only', async () => {
		const stream = await open(member);
		expect(await stream.next()).toEqual({ event: 'ready', data: {} });
		live.publish({ type: 'thread', threadId: 't-hidden', groupId: closedElsewhere });
		live.publish({ type: 'notification', userId: coordinator.id });
		live.publish({ type: 'thread', threadId: 't-mine', groupId });
		live.publish({ type: 'notification', userId: member.id });
		// Thread events wait for a rights check: the two may arrive in either order.
		const received = [await stream.next(), await stream.next()];
		expect(received).toHaveLength(2);
		expect(received).toEqual(
			expect.arrayContaining([
				{ event: 'thread', data: { threadId: 't-mine', groupId } },
				{ event: 'notification', data: {} }
			])
		);
		expect(await stream.next()).toBe('silence');
		await stream.close();
	});

	it('tells a person about the files of groups they may read only', async () => {
		const stream = await open(member);
		expect(await stream.next()).toEqual({ event: 'ready', data: {} });
		live.publish({ type: 'files', groupId: closedElsewhere });
		live.publish({ type: 'files', groupId });
		expect(await stream.next()).toEqual({ event: 'files', data: { groupId } });
		expect(await stream.next()).toBe('silence');
		await stream.close();
	});

	it('stops telling a person about a group they were removed from', async () => {
		const stream = await open(member);
		await stream.next();
		live.publish({ type: 'thread', threadId: 'before', groupId });
		expect(await stream.next()).toMatchObject({ data: { threadId: 'before' } });
		await memberships.remove(coordinator, groupId, member.id);
		live.publish({ type: 'thread', threadId: 'after', groupId });
		expect(await stream.next()).toBe('silence');
		await memberships.add(coordinator, groupId, member.id, 'member');
		await stream.close();
	});

	it(`refuses a session's stream beyond ${live.MAX_STREAMS_PER_SESSION} with 429, and lets one in again once one ends`, async () => {
		const session = await login(member);
		const streams = [];
		for (let i = 0; i < live.MAX_STREAMS_PER_SESSION; i++)
			streams.push(await open(member, session));
		for (const stream of streams) expect(await stream.next()).toEqual({ event: 'ready', data: {} });
		const refused = await request(member, session).catch((e: unknown) => e);
		expect(isHttpError(refused) && refused.status).toBe(429);
		// Another session of the same person is not concerned.
		const elsewhere = await open(member);
		expect(await elsewhere.next()).toEqual({ event: 'ready', data: {} });
		await elsewhere.close();
		// A stream that ends makes room for the next, once the end has reached the server.
		await streams.pop()!.close();
		let again: Response | null = null;
		for (let tries = 0; !again && tries < 200; tries++) {
			again = await request(member, session).catch(() => null);
			if (!again) await new Promise((resolve) => setTimeout(resolve, 10));
		}
		expect(again?.status).toBe(200);
		await again?.body?.cancel();
		for (const stream of streams) await stream.close();
	});

	it('ends the stream when the person logs out, and when the server stops', async () => {
		const first = await open(member);
		await first.next();
		await invalidateSession(first.session.id);
		expect(await first.next(1000)).toBe('closed');

		const second = await open(coordinator);
		await second.next();
		live.closeAll();
		expect(await second.next(1000)).toBe('closed');
	});
});
