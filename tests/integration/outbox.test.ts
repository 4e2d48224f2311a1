import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { outbox, type NetworkRole } from '$lib/server/db/schema';
import * as mail from '$lib/server/mail';
import * as outboxList from '$lib/server/outbox';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildUser } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

let admin: SessionUser;
const message = (to: string) => ({ to, subject: 'Sujet', text: 'Corps du message', kind: 'test' });

beforeAll(async () => {
	admin = await buildUser({ role: 'admin' });
});

describe('mail.send', () => {
	const smtpUrl = process.env.SMTP_URL;
	afterEach(() => {
		if (smtpUrl === undefined) delete process.env.SMTP_URL;
		else process.env.SMTP_URL = smtpUrl;
	});

	it('writes the message to the outbox, unsent without SMTP', async () => {
		delete process.env.SMTP_URL;
		const row = await mail.send(message('a@example.test'));
		const [stored] = await db.select().from(outbox).where(eq(outbox.id, row.id));
		expect(stored).toMatchObject({ ...message('a@example.test'), sentAt: null, error: null });
	});

	it('keeps a delivery failure on the outbox row instead of losing the message', async () => {
		// Nothing listens on port 1: the connection is refused at once.
		process.env.SMTP_URL = 'smtp://127.0.0.1:1';
		const row = await mail.send(message('b@example.test'));
		const [stored] = await db.select().from(outbox).where(eq(outbox.id, row.id));
		expect(stored.sentAt).toBeNull();
		expect(stored.error).toBeTruthy();
	});
});

describe('outbox.list', () => {
	it('shows admins the messages, newest first', async () => {
		const first = await mail.send(message('c@example.test'));
		const second = await mail.send(message('d@example.test'));
		const ids = (await outboxList.list(admin)).map((m) => m.id);
		expect(ids).toContain(first.id);
		expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
		expect(await outboxList.list(admin, {}, { offset: 0, limit: 1 })).toHaveLength(1);
	});

	it.each([null, 'coordinator', 'director', 'member', 'partner'] as (NetworkRole | null)[])(
		'refuses %s',
		async (role) => {
			const actor = role ? await buildUser({ role }) : null;
			expect((await refusal(outboxList.list(actor))).kind).toBe('forbidden');
			expect((await refusal(outboxList.countMatching(actor))).kind).toBe('forbidden');
			expect((await refusal(outboxList.kinds(actor))).kind).toBe('forbidden');
		}
	);
});
