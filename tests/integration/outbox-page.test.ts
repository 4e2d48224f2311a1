import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { outbox } from '$lib/server/db/schema';
import * as invites from '$lib/server/invitations';
import { publicOrigin } from '$lib/server/origin';
import { parseFilter } from '$lib/server/outbox';
import * as outboxPage from '../../src/routes/(app)/admin/courriels/+page.server';
import type { PageServerData as PageData } from '../../src/routes/(app)/admin/courriels/$types';
import { createTestDb } from '../helpers/db';
import { expectHttpError, run } from '../helpers/events';
import { buildOrganisation, buildUser } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

let admin: SessionUser;
let invitationMessageId: string;

/** The outbox page as the admin sees it at `query`. */
async function view(query = '', user: SessionUser = admin) {
	const { result, thrown } = await run(outboxPage.load, { user, path: `/admin/courriels${query}` });
	if (thrown) throw thrown;
	return result as PageData;
}

const recipients = (data: PageData) => data.messages.map((m) => m.to);

beforeAll(async () => {
	admin = await buildUser({ role: 'admin', name: 'Alix Admin' });
	const base = Date.now() - 3600_000;
	// Forty-five reminders a minute apart, then one failed and one sent message, then an invitation.
	await db.insert(outbox).values(
		Array.from({ length: 45 }, (_, i) => ({
			to: `rappel-${String(i).padStart(2, '0')}@example.test`,
			subject: `Vos actions à faire (${i})`,
			text: 'Bonjour',
			kind: 'reminder',
			createdAt: new Date(base + i * 60_000)
		}))
	);
	await db.insert(outbox).values([
		{
			to: 'echec@example.test',
			subject: 'Réunion annulée',
			text: 'x',
			kind: 'meeting_cancel',
			error: 'connect ECONNREFUSED',
			createdAt: new Date(base + 50 * 60_000)
		},
		{
			to: 'parti@example.test',
			subject: 'Élodie vous a mentionné',
			text: 'x',
			kind: 'thread_mention',
			sentAt: new Date(),
			createdAt: new Date(base + 51 * 60_000)
		}
	]);
	const organisationId = (await buildOrganisation()).id;
	const invitation = await invites.create(
		admin,
		{ email: 'nouvelle@example.test', role: 'member', organisationId },
		await publicOrigin(),
		'fr'
	);
	invitationMessageId = invitation.messageId;
});

describe('the outbox page', () => {
	it('pages twenty messages at a time, newest first', async () => {
		const first = await view();
		expect(first.total).toBe(48);
		expect(first.pages).toBe(3);
		expect(recipients(first).slice(0, 4)).toEqual([
			'nouvelle@example.test',
			'parti@example.test',
			'echec@example.test',
			'rappel-44@example.test'
		]);
		expect(first.pageHrefs).toEqual({ previous: null, next: '/admin/courriels?page=2' });
		const third = await view('?page=3');
		expect(recipients(third)).toEqual(
			Array.from({ length: 8 }, (_, i) => `rappel-${String(7 - i).padStart(2, '0')}@example.test`)
		);
		// A page past the last shows the last; nonsense shows the first.
		expect((await view('?page=99')).page).toBe(3);
		expect((await view('?page=abc')).page).toBe(1);
		const all = [1, 2, 3].map(async (p) => recipients(await view(`?page=${p}`)));
		expect(new Set((await Promise.all(all)).flat()).size).toBe(48);
	});

	it('finds by recipient or subject, accents and case aside, and keeps the search in the pages', async () => {
		expect(recipients(await view('?q=ECHEC'))).toEqual(['echec@example.test']);
		expect(recipients(await view('?q=elodie'))).toEqual(['parti@example.test']);
		const reminders = await view('?q=actions+%C3%A0+faire');
		expect(reminders.total).toBe(45);
		expect(reminders.pageHrefs.next).toBe('/admin/courriels?q=actions+%C3%A0+faire&page=2');
		expect((await view('?q=100%25')).total).toBe(0);
	});

	it('filters by kind and by state of delivery', async () => {
		expect(recipients(await view('?kind=invitation'))).toEqual(['nouvelle@example.test']);
		expect(recipients(await view('?status=failed'))).toEqual(['echec@example.test']);
		expect(recipients(await view('?status=sent'))).toEqual(['parti@example.test']);
		expect((await view('?status=pending')).total).toBe(46);
		expect((await view('?status=pending&kind=reminder&q=rappel-0')).total).toBe(10);
		const data = await view();
		expect(data.kinds).toEqual(['invitation', 'meeting_cancel', 'reminder', 'thread_mention']);
		expect(data.statuses).toEqual(['sent', 'failed', 'pending']);
		// Filters that cannot be read are left out.
		const odd = await view('?kind=DROP%20TABLE&status=lost&id=42');
		expect(odd.filter).toEqual({});
		expect(odd.total).toBe(48);
	});

	it('reads the dotted kinds of an event’s e-mails, and no other dotted text', () => {
		const kindOf = (v: string) => parseFilter(new URLSearchParams({ kind: v })).kind;
		expect(kindOf('event.offered')).toBe('event.offered');
		expect(kindOf('event.cancelled_by_organisers')).toBe('event.cancelled_by_organisers');
		for (const odd of ['.event', 'event.', 'event..offered', 'Event.offered', 'a.b;c'])
			expect(kindOf(odd)).toBeUndefined();
	});

	it('shows one message by its id, with its invitation link clickable', async () => {
		const data = await view(`?id=${invitationMessageId}`);
		expect(data.filter).toEqual({ id: invitationMessageId });
		expect(data.messages).toHaveLength(1);
		const [message] = data.messages;
		const [stored] = await db.select().from(outbox).where(eq(outbox.id, invitationMessageId));
		const link = stored.text.match(/https?:\/\/\S+\/invitation\/[a-z2-7]+/)?.[0];
		expect(link).toBeTruthy();
		expect(message.invitationLink).toBe(link);
		expect(message.parts.filter((p) => p.href).map((p) => p.href)).toEqual([link]);
		expect(message.parts.map((p) => p.text).join('')).toBe(stored.text);
	});

	it.each(['coordinator', 'director', 'member', 'partner'] as const)(
		'is refused to a %s',
		async (role) => {
			const { thrown } = await run(outboxPage.load, {
				user: await buildUser({ role }),
				path: '/admin/courriels?kind=invitation'
			});
			expectHttpError(thrown, 403);
		}
	);
});
