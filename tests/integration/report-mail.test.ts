import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { checkIns, outbox, users } from '$lib/server/db/schema';
import * as reportMail from '$lib/server/progress/report-mail';
import * as reportPage from '../../src/routes/(app)/tableau-de-bord/rapport/+page.server';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';
import { mailsTo } from '../helpers/mail';
import { buildAction, buildMeeting } from '../helpers/progress';

await createTestDb();

const MONTH = '2026-10';
const ORIGIN = 'https://maillage.example.org';

let coordinator: SessionUser;
let admin: SessionUser;
let frDirector: SessionUser;
let enDirector: SessionUser;
let gone: SessionUser;
let member: SessionUser;

beforeAll(async () => {
	coordinator = await buildUser({ role: 'coordinator' });
	admin = await buildUser({ role: 'admin' });
	frDirector = await buildUser({ role: 'director', name: 'Denise' });
	enDirector = await buildUser({ role: 'director', name: 'Edward' });
	await db.update(users).set({ locale: 'en' }).where(eq(users.id, enDirector.id));
	gone = await buildUser({ role: 'director' });
	await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, gone.id));
	member = await buildUser({ role: 'member' });

	const group = await buildGroup({ name: 'Mobilité' });
	await buildMeeting(group.id, '2026-10-05T08:00:00Z', 'held', [
		[member, 'present'],
		[frDirector, 'absent']
	]);
	await buildAction(group.id, member, 'done', { closedAt: '2026-10-06T08:00:00Z' });
	await db.insert(checkIns).values({ groupId: group.id, period: MONTH, weather: 'off_track' });
});

describe('sending the monthly report to the directors', () => {
	it('is for the coordination and admins only', async () => {
		for (const person of [frDirector, member, null]) {
			const refused = await refusal(reportMail.sendToDirectors(person, MONTH, ORIGIN, 'fr'));
			expect(refused.kind).toBe('forbidden');
		}
		expect(await mailsTo(frDirector.email)).toEqual([]);
	});

	it('e-mails every active director the link and the figures, in their language', async () => {
		const outcome = await reportMail.sendToDirectors(coordinator, MONTH, ORIGIN, 'fr');
		expect(outcome.sent).toBe(2);
		expect(outcome.firstSentAt).toBeInstanceOf(Date);

		const [fr] = await mailsTo(frDirector.email);
		expect(fr.kind).toBe('monthly_report');
		expect(fr.subject).toBe('Rapport mensuel du réseau — octobre 2026');
		expect(fr.text).toContain('Bonjour Denise,');
		expect(fr.text).toContain(`${ORIGIN}/tableau-de-bord/rapport?mois=2026-10`);
		expect(fr.text).toContain('• Réunions tenues : 1');
		expect(fr.text).toMatch(/• Présence : 50\s%/);
		expect(fr.text).toContain('• Actions terminées : 1');
		expect(fr.text).toContain('• Mobilité — En difficulté');

		const [en] = await mailsTo(enDirector.email);
		expect(en.subject).toBe('Monthly report of the network — October 2026');
		expect(en.text).toContain('• Meetings held: 1');
		expect(await mailsTo(gone.email)).toEqual([]);
	});

	it('sends nothing twice, and says when it was sent', async () => {
		const before = await db.select().from(outbox);
		const again = await reportMail.sendToDirectors(admin, MONTH, ORIGIN, 'fr');
		expect(again.sent).toBe(0);
		expect(again.firstSentAt).toEqual(await reportMail.sentAt(admin, MONTH));
		expect(await db.select().from(outbox)).toHaveLength(before.length);

		// A director who arrives later gets it; the others do not get it again.
		const newcomer = await buildUser({ role: 'director' });
		expect((await reportMail.sendToDirectors(coordinator, MONTH, ORIGIN, 'fr')).sent).toBe(1);
		expect(await mailsTo(newcomer.email)).toHaveLength(1);
		expect(await mailsTo(frDirector.email)).toHaveLength(1);

		// Another month is another report.
		expect((await reportMail.sendToDirectors(coordinator, '2026-09', ORIGIN, 'fr')).sent).toBe(3);
	});

	it('refuses a month that is not one, or has not begun', async () => {
		for (const [month, key] of [
			['2026-13', 'report.month_invalid'],
			['', 'report.month_invalid'],
			['2999-01', 'report.month_future']
		]) {
			const refused = await refusal(reportMail.sendToDirectors(coordinator, month, ORIGIN, 'fr'));
			expect([refused.kind, refused.messageKey, refused.field]).toEqual(['invalid', key, 'mois']);
		}
	});

	it('is the page’s "send" action, which reports what happened', async () => {
		const send = (user: SessionUser, mois: string) =>
			run(reportPage.actions.send, {
				path: '/tableau-de-bord/rapport?/send',
				form: { mois },
				user
			});
		const first = await send(coordinator, '2026-08');
		expect(first.result).toMatchObject({ sent: 3 });
		const second = await send(coordinator, '2026-08');
		expect(second.result).toMatchObject({ sent: 0, firstSentAt: expect.any(Date) });
		const { thrown } = await send(frDirector, '2026-08');
		expect(thrown).toMatchObject({ status: 403 });
	});
});
