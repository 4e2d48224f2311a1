import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { sendTestMail, transportSummary } from '$lib/server/mail-test';
import { actions, load } from '../../src/routes/(app)/admin/reglages/+page.server';
import type { PageServerData } from '../../src/routes/(app)/admin/reglages/$types';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { expectFailure, expectHttpError, run } from '../helpers/events';
import { buildUser } from '../helpers/factories';
import { mailsTo } from '../helpers/mail';
import { startFakeSmtp, type FakeSmtp } from '../helpers/smtp';

await createTestDb();

const saved = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM };
let smtp: FakeSmtp;
let refusing: FakeSmtp;

beforeAll(async () => {
	smtp = await startFakeSmtp();
	refusing = await startFakeSmtp({ refuseLogin: true });
});
afterEach(() => {
	for (const [name, value] of Object.entries(saved)) {
		if (value === undefined) delete process.env[name];
		else process.env[name] = value;
	}
});
afterAll(async () => {
	await smtp?.close();
	await refusing?.close();
});

const admin = (name: string) => buildUser({ role: 'admin', name });
const testMail = (user: SessionUser | null, locale: 'fr' | 'en' = 'fr') =>
	run(actions.testMail, { path: '/admin/reglages?/testMail', user, form: {}, locale });

describe('the transport test', () => {
	it('sends the admin a message through SMTP_URL, recorded as sent in the outbox', async () => {
		process.env.SMTP_URL = smtp.url();
		process.env.MAIL_FROM = 'Réseau <reseau@example.test>';
		const me = await admin('Agathe Sendlinger');
		const { result } = await testMail(me);
		expect(result).toEqual({ mailTest: { status: 'sent', to: me.email } });
		const [row] = await mailsTo(me.email, 'transport_test');
		expect(row.sentAt).not.toBeNull();
		expect(row.error).toBeNull();
		expect(row.subject).toBe('Courriel de test de Maillage');
		expect(row.text).toContain(`Serveur d’envoi : ${smtp.url()}`);
		const received = smtp.messages.find((m) => m.to.includes(me.email));
		expect(received?.from).toBe('reseau@example.test');
		expect(received?.data).toContain('Subject: Courriel de test de Maillage');
	});

	it('writes it in the language the admin reads the page in', async () => {
		process.env.SMTP_URL = smtp.url();
		const me = await admin('Ben Walter');
		await testMail(me, 'en');
		const [row] = await mailsTo(me.email, 'transport_test');
		expect(row.subject).toBe('Test e-mail from Maillage');
	});

	it('says when no transport is set: the message stays in the outbox', async () => {
		delete process.env.SMTP_URL;
		const me = await admin('Chloé Kieffer');
		const { result } = await testMail(me);
		expect(result).toEqual({ mailTest: { status: 'kept', to: me.email } });
		const [row] = await mailsTo(me.email, 'transport_test');
		expect(row).toMatchObject({ sentAt: null, error: null });
	});

	it('explains a refused connection and a refused login in plain words, keeping the message', async () => {
		const me = await admin('Denis Muller');
		// Nothing listens on port 1: the connection is refused at once.
		process.env.SMTP_URL = 'smtp://127.0.0.1:1';
		const closed = await testMail(me);
		expect(closed.result).toMatchObject({
			mailTest: { status: 'failed', reason: 'settings.mail_test.refused' }
		});
		expect((closed.result as { mailTest: { detail: string } }).mailTest.detail).toContain(
			'ECONNREFUSED'
		);

		process.env.SMTP_URL = refusing.url('agathe:mauvais-mot-de-passe');
		const login = await testMail(me);
		expect(login.result).toMatchObject({
			mailTest: { status: 'failed', reason: 'settings.mail_test.auth' }
		});
		const rows = await mailsTo(me.email, 'transport_test');
		expect(rows).toHaveLength(2);
		expect(rows.every((r) => r.sentAt === null && r.error)).toBe(true);
	});

	it('is limited to five tests a quarter of an hour per admin', async () => {
		delete process.env.SMTP_URL;
		const me = await admin('Émilie Zimmermann');
		for (let i = 0; i < 5; i++) {
			expect((await testMail(me)).result).toMatchObject({ mailTest: { status: 'kept' } });
		}
		const limited = expectFailure((await testMail(me)).result, 429);
		expect(limited.errors).toEqual({ form: 'settings.mail_test.limited' });
		expect(await mailsTo(me.email, 'transport_test')).toHaveLength(5);
		// Another admin has an allowance of their own.
		const other = await admin('Fabien Roth');
		expect((await testMail(other)).result).toMatchObject({ mailTest: { status: 'kept' } });
	});

	it('refuses the coordination, members and visitors, sending nothing', async () => {
		delete process.env.SMTP_URL;
		for (const role of ['coordinator', 'director', 'member', 'partner'] as const) {
			const person = await buildUser({ role });
			expectHttpError((await testMail(person)).thrown, 403);
			expect((await refusal(sendTestMail(person))).kind).toBe('forbidden');
			expect(await mailsTo(person.email)).toEqual([]);
		}
		const { thrown } = await testMail(null);
		expect((thrown as { status: number }).status).toBe(303);
		expect((await refusal(sendTestMail(null))).kind).toBe('forbidden');
	});
});

describe('the transport as the settings page shows it', () => {
	it('names the server and the login, never the password', async () => {
		process.env.SMTP_URL = 'smtps://agathe%40reseau:s3cr%C3%A8t@smtp.example.test:465';
		process.env.MAIL_FROM = 'Réseau <reseau@example.test>';
		expect(transportSummary()).toEqual({
			address: 'smtps://agathe@reseau@smtp.example.test:465',
			from: 'Réseau <reseau@example.test>'
		});
		const me = await admin('Gilles Haas');
		const { result } = await run(load, { path: '/admin/reglages', user: me });
		const data = result as PageServerData;
		expect(data.transport.address).toBe('smtps://agathe@reseau@smtp.example.test:465');
		expect(JSON.stringify(data)).not.toContain('s3cr');
		delete process.env.SMTP_URL;
		expect(transportSummary().address).toBeNull();
	});
});
