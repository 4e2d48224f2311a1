import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forgetRecordedOrigin, publicOrigin } from '$lib/server/origin';
import { PUBLIC_ORIGIN, setSetting } from '$lib/server/settings';
import { handle } from '../../src/hooks.server';
import { actions as forgotten } from '../../src/routes/(auth)/mot-de-passe-oublie/+page.server';
import { actions as replies } from '../../src/routes/(app)/groupes/[slug]/discussions/[threadId=uuid]/+page.server';
import { actions as settingsActions } from '../../src/routes/(app)/admin/reglages/+page.server';
import { actions as agenda } from '../../src/routes/(app)/profil/agenda/+page.server';
import * as documents from '$lib/server/documents';
import * as threads from '$lib/server/threads';
import { rawSocket, sessionCookie, startCollab, until } from '../helpers/collab';
import { createTestDb } from '../helpers/db';
import { expectFailure, fakeEvent, run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';
import { mailsTo } from '../helpers/mail';

await createTestDb();

vi.mock('@sveltejs/kit/hooks', () => import('../helpers/kit-hooks'));

const PUBLIC = 'https://maillage.example.org';
const FORGED = 'http://evil.example';

async function recordOrigin(origin: string) {
	await setSetting(PUBLIC_ORIGIN, origin);
	forgetRecordedOrigin();
}

/** The reset e-mail is written after the answer (so that it takes the same time either way). */
async function mailSoonTo(email: string) {
	await until(async () => (await mailsTo(email)).length > 0, 5000, `a mail to ${email}`);
	return mailsTo(email);
}

afterEach(() => {
	delete process.env.ORIGIN;
	forgetRecordedOrigin();
});

/** Runs a request through the app's hooks down to a page answering "ok"; its status. */
async function statusThroughHooks(host: string, path = '/login'): Promise<number> {
	const fake = fakeEvent<RequestEvent>({ path, origin: `http://${host}`, headers: { host } });
	const response = await handle({ event: fake.event, resolve: async () => new Response('ok') });
	return response.status;
}

describe('links in e-mails', () => {
	it('point at the recorded public address, whatever Host the reset was requested with', async () => {
		await recordOrigin(PUBLIC);
		const victim = await buildUser();
		await run(forgotten.default, { origin: FORGED, form: { email: victim.email } });
		const [mail] = await mailSoonTo(victim.email);
		expect(mail.text).toContain(`${PUBLIC}/reinitialiser/`);
		expect(mail.text).not.toContain('evil.example');
	});

	it('point at ORIGIN when it is set, over the recorded address', async () => {
		await recordOrigin(PUBLIC);
		process.env.ORIGIN = 'https://hub.reseau.test/';
		expect(await publicOrigin()).toBe('https://hub.reseau.test');
		const victim = await buildUser();
		await run(forgotten.default, { origin: FORGED, form: { email: victim.email } });
		expect((await mailSoonTo(victim.email))[0].text).toContain(
			'https://hub.reseau.test/reinitialiser/'
		);
	});

	it('of a mention point at the public address, not the replier’s Host', async () => {
		await recordOrigin(PUBLIC);
		const author = await buildUser();
		const named = await buildUser({ name: 'Odile Mention' });
		const group = await buildGroup({}, [
			{ user: author, role: 'member' },
			{ user: named, role: 'member' }
		]);
		const { thread } = await threads.create(
			author,
			group.id,
			threads.threadSchema.parse({
				title: 'Point transport',
				body: JSON.stringify({
					type: 'doc',
					content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Bonjour' }] }]
				})
			}),
			PUBLIC
		);
		const body = JSON.stringify({
			type: 'doc',
			content: [
				{
					type: 'paragraph',
					content: [
						{ type: 'text', text: 'Pour ' },
						{ type: 'mention', attrs: { id: named.id, label: named.name } }
					]
				}
			]
		});
		await run(replies.reply, {
			origin: FORGED,
			user: author,
			params: { slug: group.slug, threadId: thread.id },
			form: { body }
		});
		const mails = await mailsTo(named.email);
		expect(mails.length).toBeGreaterThan(0);
		for (const mail of mails) {
			expect(mail.text).not.toContain('evil.example');
			expect(mail.text).toContain(PUBLIC);
		}
	});

	it('and the calendar feed’s address come from the public address', async () => {
		await recordOrigin(PUBLIC);
		const person = await buildUser();
		const data = (await run(agenda.create, { origin: FORGED, user: person, form: {} })).result as {
			feedUrl: string;
		};
		expect(data.feedUrl.startsWith(`${PUBLIC}/agenda/`)).toBe(true);
	});
});

describe('requests sent to another address', () => {
	it('are refused (421) once an address is recorded, this machine apart', async () => {
		await recordOrigin(PUBLIC);
		expect(await statusThroughHooks('evil.example')).toBe(421);
		expect(await statusThroughHooks('maillage.example.org')).toBe(200);
		expect(await statusThroughHooks('localhost:3000')).toBe(200);
		expect(await statusThroughHooks('127.0.0.1:5173')).toBe(200);
	});

	it('are refused against ORIGIN when it is set', async () => {
		process.env.ORIGIN = 'https://hub.reseau.test';
		expect(await statusThroughHooks('maillage.example.org')).toBe(421);
		expect(await statusThroughHooks('hub.reseau.test')).toBe(200);
	});

	it('cannot open a document’s socket either', async () => {
		await recordOrigin(PUBLIC);
		const member = await buildUser();
		const group = await buildGroup({}, [{ user: member, role: 'lead' }]);
		const { id } = await documents.create(member, group.id, { title: 'Notes', tags: [] });
		const running = await startCollab();
		try {
			const { port } = new URL(running.url);
			// Through a name of this machine that is not loopback, as a forged Host would arrive.
			const outcome = await rawSocket(`ws://127.0.0.1:${port}/collab/${id}`, {
				host: 'evil.example',
				origin: FORGED,
				cookie: await sessionCookie(member.id)
			});
			expect(outcome).toMatchObject({ opened: false, status: 403 });
		} finally {
			await running.stop();
		}
	});
});

describe('the public address in the settings', () => {
	it('is saved by an admin, and a malformed one is refused keeping what was typed', async () => {
		await recordOrigin(PUBLIC);
		const admin = await buildUser({ role: 'admin' });
		const typed = {
			networkName: 'Réseau',
			checkInPeriod: 'month',
			publicOrigin: 'javascript:alert(1)'
		};
		const refused = await run(settingsActions.save, { user: admin, form: typed });
		expect(expectFailure(refused.result).errors).toEqual({
			publicOrigin: 'settings.public_origin_invalid'
		});
		expect(await publicOrigin()).toBe(PUBLIC);
		await run(settingsActions.save, {
			user: admin,
			form: { ...typed, publicOrigin: 'https://hub.ried.test/chemin' }
		});
		expect(await publicOrigin()).toBe('https://hub.ried.test');
	});
});
