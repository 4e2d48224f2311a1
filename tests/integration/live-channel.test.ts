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

/** Opens the stream as `user` and returns a reader of its events (name and data). */
async function open(user: SessionUser) {
	const token = generateSessionToken();
	const session = await createSession(token, user.id);
	const { event } = fakeEvent<Parameters<typeof GET>[0]>({
		path: '/live',
		user,
		session,
		cookies: { [SESSION_COOKIE]: token }
	});
	const response = await GET(event);
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
