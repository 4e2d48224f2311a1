import { isRedirect, type RequestEvent } from '@sveltejs/kit';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
	KEEP_HEADER,
	localDocumentName,
	parseKeep,
	parseSession,
	SESSION_HEADER
} from '$lib/offline/marks';
import {
	createSession,
	generateSessionToken,
	SESSION_COOKIE,
	type SessionUser
} from '$lib/server/auth/session';
import { hashToken } from '$lib/server/auth/tokens';
import * as documents from '$lib/server/documents';
import * as meetings from '$lib/server/meetings';
import { handle } from '../../src/hooks.server';
import * as documentPage from '../../src/routes/(app)/groupes/[slug]/documents/[id=uuid]/+page.server';
import * as meetingPage from '../../src/routes/(app)/groupes/[slug]/reunions/[meetingId=uuid]/+page.server';
import { createTestDb } from '../helpers/db';
import {
	expectHttpError,
	fakeEvent,
	meetingRequest,
	type FakeEventOptions
} from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';

// What the server tells the service worker: on every answer, whose session it was made for (or
// that nobody is logged in); on the pages of documents and meetings, that a reader may keep
// them for reading offline. Nobody else's answer carries that mark.

await createTestDb();

vi.mock('@sveltejs/kit/hooks', () => import('../helpers/kit-hooks'));

let lead: SessionUser;
let outsider: SessionUser;
let group: { id: string; slug: string; name: string };
let documentId: string;
let meetingId: string;
let notesId: string;

beforeAll(async () => {
	[lead, outsider] = await Promise.all([
		buildUser({ name: 'Luc Pilote' }),
		buildUser({ name: 'Paul Ailleurs' })
	]);
	group = await buildGroup({ name: 'Mobilité', joinPolicy: 'closed' }, [
		{ user: lead, role: 'lead' }
	]);
	documentId = (await documents.create(lead, group.id, { title: 'Plan « vélo »', tags: [] })).id;
	const meeting = await meetings.create(
		lead,
		group.id,
		meetings.meetingSchema.parse({
			title: 'Visite du site',
			startsAt: '2027-03-02T14:00',
			endsAt: '2027-03-02T16:00',
			placeKind: 'address',
			placeText: 'Mairie de Sélestat'
		}),
		[],
		'fr'
	);
	meetingId = meeting.id;
	notesId = meeting.notesDocumentId!;
});

/** The session mark the hooks put on an answer to this request. */
async function markOf(cookies: Record<string, string> = {}) {
	const { event } = fakeEvent<RequestEvent>({ path: '/', cookies });
	const response = await handle({ event, resolve: async () => new Response('ok') });
	return response.headers.get(SESSION_HEADER);
}

async function logIn(user: SessionUser) {
	const token = generateSessionToken();
	const session = await createSession(token, user.id);
	return { token, session, cookies: { [SESSION_COOKIE]: token } };
}

/** Runs a page's load, recording the headers it sets. */
async function load<T>(
	page: { load: (event: never) => T },
	options: FakeEventOptions
): Promise<{ headers: Record<string, string>; thrown?: unknown }> {
	const { event } = fakeEvent<RequestEvent>(options);
	const headers: Record<string, string> = {};
	event.setHeaders = (set) => void Object.assign(headers, set);
	try {
		await page.load(event as never);
		return { headers };
	} catch (thrown) {
		return { headers, thrown };
	}
}

describe('the session mark on every answer', () => {
	it('names the session for a logged-in person, with its end', async () => {
		const { token, session, cookies } = await logIn(lead);
		const mark = parseSession(await markOf(cookies));
		expect(mark).toMatchObject({ user: lead.id, expires: session.expiresAt.getTime() });
		// Neither the token nor the session's stored id can be read from it.
		expect(mark!.key).not.toContain(token);
		expect(mark!.key).not.toBe(hashToken(token).slice(0, 32));
	});

	it('differs from one session to the next of the same person', async () => {
		const first = parseSession(await markOf((await logIn(lead)).cookies));
		const second = parseSession(await markOf((await logIn(lead)).cookies));
		expect(first!.key).not.toBe(second!.key);
	});

	it('says nobody is logged in without a session, or with one that is not valid', async () => {
		expect(await markOf()).toBe('none');
		expect(await markOf({ [SESSION_COOKIE]: 'not-a-session' })).toBe('none');
	});
});

describe('the keep mark on documents and meetings', () => {
	const documentRequest = (user: SessionUser | null): FakeEventOptions => ({
		path: `/groupes/${group.slug}/documents/${documentId}`,
		params: { slug: group.slug, id: documentId },
		user
	});

	it('is on a document for its reader, with its title and its local copy', async () => {
		const { headers, thrown } = await load(documentPage, documentRequest(lead));
		expect(thrown).toBeUndefined();
		expect(parseKeep(headers[KEEP_HEADER])).toEqual({
			title: 'Plan « vélo »',
			group: 'Mobilité',
			local: localDocumentName(lead.id, documentId)
		});
	});

	it('is on a meeting for its reader, with its notes’ local copy', async () => {
		const { headers, thrown } = await load(
			meetingPage,
			meetingRequest(group.slug, lead, meetingId)
		);
		expect(thrown).toBeUndefined();
		expect(parseKeep(headers[KEEP_HEADER])).toEqual({
			title: 'Visite du site',
			group: 'Mobilité',
			local: localDocumentName(lead.id, notesId)
		});
	});

	it('is on nothing refused: an outsider, a logged-out visitor', async () => {
		const outsiderDocument = await load(documentPage, documentRequest(outsider));
		expectHttpError(outsiderDocument.thrown, 404);
		expect(outsiderDocument.headers).toEqual({});
		const outsiderMeeting = await load(
			meetingPage,
			meetingRequest(group.slug, outsider, meetingId)
		);
		expectHttpError(outsiderMeeting.thrown, 404);
		expect(outsiderMeeting.headers).toEqual({});
		const visitor = await load(documentPage, documentRequest(null));
		expect(isRedirect(visitor.thrown)).toBe(true);
		expect(visitor.headers).toEqual({});
	});
});
