import { describe, expect, it } from 'vitest';
import {
	COPY_ATTRIBUTE,
	forgetLocalCopies,
	KEEP_LIMIT,
	KeptPages,
	PAGES_CACHE
} from '$lib/offline/kept-pages';
import {
	formatKeep,
	formatSession,
	KEEP_HEADER,
	localDocumentName,
	SESSION_HEADER,
	type SessionMark
} from '$lib/offline/marks';
import { MemoryCacheStorage } from '../helpers/cache-storage';

const ORIGIN = 'https://maillage.example';
const HOUR = 60 * 60 * 1000;
const julie: SessionMark = { key: 'k-julie', user: 'u-julie', expires: 10 * HOUR };
const nicolas: SessionMark = { key: 'k-nicolas', user: 'u-nicolas', expires: 10 * HOUR };

/** A page as the server answers it: HTML, its own policy, marked for a session. */
function page(
	session: SessionMark | null,
	options: { title?: string; keep?: boolean; status?: number; type?: string } = {}
): Response {
	const headers = new Headers({
		'content-type': options.type ?? 'text/html',
		'content-security-policy': "script-src 'self' 'nonce-abc'",
		[SESSION_HEADER]: formatSession(session)
	});
	if (options.keep !== false) {
		headers.set(
			KEEP_HEADER,
			formatKeep({
				title: options.title ?? 'Compte rendu',
				group: 'Mobilité',
				local: session ? localDocumentName(session.user, 'doc-1') : ''
			})
		);
	}
	const body = `<!doctype html><html lang="fr"><body><h2>${options.title ?? 'Compte rendu'}</h2></body></html>`;
	return new Response(body, { status: options.status ?? 200, headers });
}

function setup() {
	const storage = new MemoryCacheStorage();
	let now = 1 * HOUR;
	const pages = new KeptPages(storage.asCacheStorage(), ORIGIN, 'v1', () => now);
	return { storage, pages, later: (ms: number) => (now += ms) };
}

/** What the service worker does with an answer: reads whom it is for, then keeps it. */
async function answer(pages: KeptPages, path: string, response: Response) {
	const forget = await pages.observe(response);
	await pages.keep(`${ORIGIN}${path}`, response);
	return forget;
}

describe('kept pages', () => {
	it('keeps a marked page for its session and gives it back marked as a copy', async () => {
		const { pages } = setup();
		// A first session: copies other people left on this device go; this person's stay.
		expect(await answer(pages, '/groupes/a/documents/1?x=1', page(julie))).toEqual({
			keepUser: 'u-julie',
			names: []
		});
		// The same session again: nothing to forget.
		expect(await pages.observe(page(julie))).toBeNull();
		const copy = await pages.find(`${ORIGIN}/groupes/a/documents/1`);
		expect(copy).not.toBeNull();
		const html = await copy!.text();
		expect(html).toContain(`<html ${COPY_ATTRIBUTE}="1970-01-01T01:00:00.000Z" lang="fr">`);
		expect(html).toContain('<h2>Compte rendu</h2>');
		// The page runs under its own policy: its nonce came with it.
		expect(copy!.headers.get('content-security-policy')).toBe("script-src 'self' 'nonce-abc'");
		expect(await pages.list()).toMatchObject([
			{ url: `${ORIGIN}/groupes/a/documents/1`, title: 'Compte rendu', group: 'Mobilité' }
		]);
	});

	it('keeps nothing unmarked, failed, not HTML, or of a session it has not seen', async () => {
		const { pages } = setup();
		await answer(pages, '/a', page(julie, { keep: false }));
		await answer(pages, '/b', page(julie, { status: 404 }));
		await answer(pages, '/c', page(julie, { type: 'application/json' }));
		// Kept only after `observe` has recorded the session it belongs to.
		await pages.keep(`${ORIGIN}/d`, page(nicolas));
		expect(await pages.list()).toEqual([]);
	});

	it('forgets every page, and says which copies to delete, when nobody is logged in', async () => {
		const { storage, pages } = setup();
		await answer(pages, '/a', page(julie));
		const forget = await pages.observe(page(null, { keep: false }));
		expect(forget).toEqual({ keepUser: null, names: [localDocumentName('u-julie', 'doc-1')] });
		expect(await storage.has(PAGES_CACHE)).toBe(false);
		expect(await pages.find(`${ORIGIN}/a`)).toBeNull();
	});

	it('forgets the pages of the previous session when another one answers', async () => {
		const { pages } = setup();
		await answer(pages, '/a', page(julie));
		const forget = await answer(pages, '/b', page(nicolas, { title: 'Budget' }));
		expect(forget).toEqual({
			keepUser: 'u-nicolas',
			names: [localDocumentName('u-julie', 'doc-1')]
		});
		expect((await pages.list()).map((p) => p.title)).toEqual(['Budget']);
		expect(await pages.find(`${ORIGIN}/a`)).toBeNull();
	});

	it('ignores answers that say nothing about a session (static files)', async () => {
		const { pages } = setup();
		await answer(pages, '/a', page(julie));
		expect(await pages.observe(new Response('body {}'))).toBeNull();
		expect(await pages.list()).toHaveLength(1);
	});

	it('shows nothing once the session has ended, then forgets it all', async () => {
		const { pages, later } = setup();
		await answer(pages, '/a', page(julie));
		later(9 * HOUR);
		expect(await pages.find(`${ORIGIN}/a`)).toBeNull();
		expect(await pages.list()).toEqual([]);
		expect(await pages.forgetIfEnded()).toEqual({
			keepUser: null,
			names: [localDocumentName('u-julie', 'doc-1')]
		});
	});

	it('follows a session renewed by the server', async () => {
		const { pages, later } = setup();
		await answer(pages, '/a', page(julie));
		await pages.observe(page({ ...julie, expires: 40 * HOUR }, { keep: false }));
		later(20 * HOUR);
		expect(await pages.find(`${ORIGIN}/a`)).not.toBeNull();
		expect(await pages.forgetIfEnded()).toBeNull();
	});

	it(`keeps the ${KEEP_LIMIT} pages opened last`, async () => {
		const { pages, later } = setup();
		for (let i = 0; i <= KEEP_LIMIT; i++) {
			await answer(pages, `/doc/${i}`, page(julie, { title: `Document ${i}` }));
			later(1000);
		}
		const kept = await pages.list();
		expect(kept).toHaveLength(KEEP_LIMIT);
		expect(kept[0].title).toBe(`Document ${KEEP_LIMIT}`);
		expect(kept.some((p) => p.title === 'Document 0')).toBe(false);
	});

	it('does not fetch a page again just after keeping it', async () => {
		const { pages, later } = setup();
		await answer(pages, '/a', page(julie));
		expect(await pages.isFresh(`${ORIGIN}/a`)).toBe(true);
		later(60_000);
		expect(await pages.isFresh(`${ORIGIN}/a`)).toBe(false);
	});

	it('a logout that comes while a page is being kept wins', async () => {
		const { pages } = setup();
		await pages.observe(page(julie));
		const keeping = pages.keep(`${ORIGIN}/a`, page(julie));
		const leaving = pages.observe(page(null, { keep: false }));
		await Promise.all([keeping, leaving]);
		expect(await pages.list()).toEqual([]);
		expect(await pages.find(`${ORIGIN}/a`)).toBeNull();
	});
});

/** IndexedDB's factory, as far as deleting databases goes. */
function databases(names: string[], listing = true) {
	const present = new Set(names);
	const factory = {
		deleteDatabase(name: string) {
			const request: { onsuccess?: () => void; onerror?: () => void } = {};
			setTimeout(() => {
				present.delete(name);
				request.onsuccess?.();
			});
			return request;
		},
		...(listing && { databases: async () => [...present].map((name) => ({ name, version: 1 })) })
	};
	return { factory: factory as unknown as IDBFactory, present };
}

describe('local copies of documents', () => {
	it('deletes every copy the editor made, and nothing else', async () => {
		const { factory, present } = databases(['maillage:u1:d1', 'maillage:u2:d2', 'other']);
		await forgetLocalCopies(factory, { keepUser: null, names: [] });
		expect([...present]).toEqual(['other']);
	});

	it('keeps the copies of the person still logged in', async () => {
		const { factory, present } = databases(['maillage:u1:d1', 'maillage:u2:d2']);
		await forgetLocalCopies(factory, { keepUser: 'u2', names: [] });
		expect([...present]).toEqual(['maillage:u2:d2']);
	});

	it('deletes the copies it knows by name where databases cannot be listed', async () => {
		const { factory, present } = databases(['maillage:u1:d1', 'maillage:u1:d2'], false);
		await forgetLocalCopies(factory, { keepUser: null, names: ['maillage:u1:d1'] });
		expect([...present]).toEqual(['maillage:u1:d2']);
	});
});
