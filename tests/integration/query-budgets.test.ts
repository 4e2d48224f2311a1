import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createSession, generateSessionToken, SESSION_COOKIE } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { documents, groups, meetings, notifications, threads, users } from '$lib/server/db/schema';
import { DEMO_NETWORK_NAME } from '$lib/server/demo/data';
import { seedDemo } from '$lib/server/demo/seed';
import * as rootLayout from '../../src/routes/+layout.server';
import * as appLayout from '../../src/routes/(app)/+layout.server';
import * as home from '../../src/routes/(app)/+page.server';
import * as board from '../../src/routes/(app)/actions/+page.server';
import * as groupLayout from '../../src/routes/(app)/groupes/[slug]/+layout.server';
import * as groupPage from '../../src/routes/(app)/groupes/[slug]/+page.server';
import * as threadPage from '../../src/routes/(app)/groupes/[slug]/discussions/[threadId=uuid]/+page.server';
import * as documentPage from '../../src/routes/(app)/groupes/[slug]/documents/[id=uuid]/+page.server';
import * as meetingPage from '../../src/routes/(app)/groupes/[slug]/reunions/[meetingId=uuid]/+page.server';
import * as searchPage from '../../src/routes/(app)/recherche/+page.server';
import * as dashboard from '../../src/routes/(app)/tableau-de-bord/+page.server';
import { createTestDb } from '../helpers/db';
import * as filesPage from '../../src/routes/(app)/groupes/[slug]/fichiers/+page.server';
import { fakeEvent } from '../helpers/events';
import { requestPage, type PageRequest } from '../helpers/pages';

// How many statements each main page runs for the coordinator, on the demo network: a budget
// each, so that a page that starts asking the database more (a query in a loop, a list read
// twice) fails here rather than slowly in production.

await createTestDb();
vi.mock('@sveltejs/kit/hooks', () => import('../helpers/kit-hooks'));

let cookies: Record<string, string>;
const pages: Record<string, Omit<PageRequest, 'cookies'>> = {};

beforeAll(async () => {
	await seedDemo();
	const [coordinator] = await db
		.select()
		.from(users)
		.where(eq(users.email, 'coordination@maillage.test'));
	const token = generateSessionToken();
	await createSession(token, coordinator.id);
	cookies = { [SESSION_COOKIE]: token };

	const [group] = await db.select().from(groups).where(eq(groups.slug, 'mutualisation'));
	const slug = group.slug;
	const [doc] = await db
		.select({ id: documents.id })
		.from(documents)
		.where(and(eq(documents.groupId, group.id), isNull(documents.archivedAt)))
		.orderBy(desc(documents.lastEditedAt))
		.limit(1);
	const [meeting] = await db
		.select({ id: meetings.id })
		.from(meetings)
		.where(and(eq(meetings.groupId, group.id), isNotNull(meetings.notesDocumentId)))
		.orderBy(desc(meetings.startsAt))
		.limit(1);
	const [thread] = await db
		.select({ id: threads.id })
		.from(threads)
		.where(eq(threads.groupId, group.id))
		.limit(1);
	const app = [rootLayout.load, appLayout.load];
	const inGroup = [...app, groupLayout.load];
	Object.assign(pages, {
		home: { path: '/', loads: [...app, home.load] },
		group: { path: `/groupes/${slug}`, params: { slug }, loads: [...inGroup, groupPage.load] },
		document: {
			path: `/groupes/${slug}/documents/${doc.id}`,
			params: { slug, id: doc.id },
			loads: [...inGroup, documentPage.load]
		},
		meeting: {
			path: `/groupes/${slug}/reunions/${meeting.id}`,
			params: { slug, meetingId: meeting.id },
			loads: [...inGroup, meetingPage.load]
		},
		thread: {
			path: `/groupes/${slug}/discussions/${thread.id}`,
			params: { slug, threadId: thread.id },
			loads: [...inGroup, threadPage.load]
		},
		actions: { path: '/actions', loads: [...app, board.load] },
		dashboard: { path: '/tableau-de-bord', loads: [...app, dashboard.load] },
		search: { path: '/recherche?q=transport', loads: [...app, searchPage.load] },
		files: {
			path: `/groupes/${slug}/fichiers`,
			params: { slug },
			loads: [...inGroup, filesPage.load]
		}
	});
}, 120_000);

/**
 * The most statements each page may run, as measured once the process has read what it keeps in
 * memory (the branding, the themes, that the instance is set up). Lower one when a page gets
 * cheaper; raising one needs a reason.
 */
const BUDGETS: Record<string, number> = {
	home: 9,
	group: 14,
	document: 10,
	// 17: the meeting's attached files, and the decisions taken in it.
	meeting: 17,
	// 15: the files attached to the messages shown, read at once.
	thread: 15,
	actions: 10,
	// 13: each group's decisions of the month; 14: the latest open-house event beside its
	// previous edition.
	dashboard: 14,
	// 13: files, proposals and decisions joined the kinds searched, and "transport" finds a demo
	// quote, a proposal and a decision, whose snippets are read with the others of their kind.
	search: 13,
	files: 8
};

describe('statements per page', () => {
	it.each(Object.keys(BUDGETS))('%s stays within its budget', async (name) => {
		// What the process keeps in memory is read by a first page, as after any start.
		await requestPage({ ...pages.home, cookies });
		const { statements, status } = await requestPage({ ...pages[name], cookies });
		expect(status).toBe(200);
		expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(BUDGETS[name]);
	});

	it('reads the session and what the header shows in one statement', async () => {
		const { statements, data } = await requestPage({ ...pages.home, cookies });
		const sessionReads = statements.filter((s) => s.includes('from "sessions"'));
		expect(sessionReads).toHaveLength(1);
		expect(statements.filter((s) => s.includes('"notifications"'))).toEqual(sessionReads);
		expect(data).toMatchObject({ organisationName: DEMO_NETWORK_NAME });
	});

	it('reads the header again after a form action, which may have changed it', async () => {
		const [coordinator] = await db
			.select()
			.from(users)
			.where(eq(users.email, 'coordination@maillage.test'));
		// Two unread notifications, so that a count read wrong shows.
		const before = (await requestPage({ ...pages.home, cookies })).data.notifications as number;
		await db.insert(notifications).values([
			{ userId: coordinator.id, kind: 'mention' },
			{ userId: coordinator.id, kind: 'reply' }
		]);
		const fresh = (await requestPage({ ...pages.home, cookies })).data;
		expect(fresh.notifications).toBe(before + 2);
		const { event, locals } = fakeEvent({ user: coordinator, form: {} });
		locals.shell = { organisationName: 'avant', unread: 99, photo: null };
		const data = await appLayout.load(event as never);
		expect(data).toMatchObject({
			organisationName: DEMO_NETWORK_NAME,
			notifications: before + 2
		});
	});

	it('reads a group once per request, whoever asks for it', async () => {
		const { statements } = await requestPage({ ...pages.group, cookies });
		const groupReads = statements.filter((s) =>
			/^select .* from "groups" where "groups"."id" = /.test(s)
		);
		expect(groupReads).toHaveLength(1);
	});
});
