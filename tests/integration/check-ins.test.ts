import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import * as checkIns from '$lib/server/progress/check-ins';
import { db } from '$lib/server/db';
import { checkIns as checkInsTable, notificationPreferences } from '$lib/server/db/schema';
import { setSetting } from '$lib/server/settings';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildGroup, buildUser } from '../helpers/factories';
import { mailsTo } from '../helpers/mail';

await createTestDb();

let coordinator: SessionUser;
let lead: SessionUser;
let member: SessionUser;
let director: SessionUser;
let groupId: string;
let archivedId: string;

beforeAll(async () => {
	coordinator = await buildUser({ role: 'coordinator' });
	[lead, member] = await Promise.all([buildUser(), buildUser()]);
	director = await buildUser({ role: 'director' });
	const roster = [
		{ user: lead, role: 'lead' as const },
		{ user: member, role: 'member' as const }
	];
	groupId = (await buildGroup({ joinPolicy: 'open' }, roster)).id;
	archivedId = (await buildGroup({ status: 'archived' }, roster)).id;
});

const answer = (weather: string, moved = '') => checkIns.checkInSchema.parse({ weather, moved });
const NOV = new Date('2026-11-10T10:00:00Z');

describe('periods', () => {
	it('names months and quarters and knows their bounds', () => {
		expect(checkIns.periodOf('2026-11-28', 'month')).toBe('2026-11');
		expect(checkIns.periodOf('2026-11-28', 'quarter')).toBe('2026-Q4');
		expect(checkIns.periodOf('2026-01-01', 'quarter')).toBe('2026-Q1');
		expect(checkIns.periodBounds('2026-02')).toEqual({ first: '2026-02-01', last: '2026-02-28' });
		expect(checkIns.periodBounds('2024-02')).toEqual({ first: '2024-02-01', last: '2024-02-29' });
		expect(checkIns.periodBounds('2026-Q4')).toEqual({ first: '2026-10-01', last: '2026-12-31' });
	});
});

describe('answering a check-in', () => {
	it('lets a lead answer, and answering again the same month corrects it', async () => {
		await checkIns.submit(lead, groupId, answer('at_risk', 'Peu de monde'), NOV);
		await checkIns.submit(lead, groupId, answer('on_track', 'Trois nouvelles entreprises'), NOV);
		const rows = await db.select().from(checkInsTable).where(eq(checkInsTable.groupId, groupId));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			period: '2026-11',
			weather: 'on_track',
			moved: 'Trois nouvelles entreprises'
		});
		const history = await checkIns.history(member, groupId);
		expect(history.map((h) => [h.period, h.weather, h.author])).toEqual([
			['2026-11', 'on_track', lead.name]
		]);
	});

	it('lets the coordination answer, and refuses members, directors and archived groups', async () => {
		await expect(
			checkIns.submit(coordinator, groupId, answer('on_track'), new Date('2026-12-02T10:00:00Z'))
		).resolves.toMatchObject({ period: '2026-12' });
		expect((await refusal(checkIns.submit(member, groupId, answer('on_track'), NOV))).kind).toBe(
			'forbidden'
		);
		expect((await refusal(checkIns.submit(director, groupId, answer('on_track'), NOV))).kind).toBe(
			'forbidden'
		);
		expect((await refusal(checkIns.submit(lead, archivedId, answer('on_track'), NOV))).kind).toBe(
			'forbidden'
		);
	});

	it('refuses a missing or unknown weather and oversized texts', () => {
		expect(checkIns.checkInSchema.safeParse({ weather: '' }).error?.issues[0].message).toBe(
			'check_in.weather_required'
		);
		expect(checkIns.checkInSchema.safeParse({ weather: 'sunny' }).success).toBe(false);
		expect(
			checkIns.checkInSchema.safeParse({ weather: 'on_track', blocks: 'x'.repeat(2001) }).success
		).toBe(false);
	});

	it('follows the quarterly setting', async () => {
		const group = await buildGroup({}, [{ user: lead, role: 'lead' }]);
		await setSetting(checkIns.CHECK_IN_PERIOD, 'quarter');
		try {
			const saved = await checkIns.submit(lead, group.id, answer('off_track'), NOV);
			expect(saved.period).toBe('2026-Q4');
		} finally {
			await setSetting(checkIns.CHECK_IN_PERIOD, 'month');
		}
	});

	it('gives the latest check-in of each group, up to a period', async () => {
		const group = await buildGroup({}, [{ user: lead, role: 'lead' }]);
		await checkIns.submit(lead, group.id, answer('off_track'), new Date('2026-09-10T10:00:00Z'));
		await checkIns.submit(lead, group.id, answer('at_risk'), new Date('2026-10-10T10:00:00Z'));
		const latest = await checkIns.latestByGroup([group.id]);
		expect(latest.get(group.id)).toEqual({ period: '2026-10', weather: 'at_risk' });
		const before = await checkIns.latestByGroup([group.id], '2026-09');
		expect(before.get(group.id)).toEqual({ period: '2026-09', weather: 'off_track' });
	});
	it('reads quarters beside months: the quarter in progress is the latest', async () => {
		const group = await buildGroup({}, [{ user: lead, role: 'lead' }]);
		await checkIns.submit(lead, group.id, answer('on_track'), new Date('2026-09-10T10:00:00Z'));
		await setSetting(checkIns.CHECK_IN_PERIOD, 'quarter');
		try {
			await checkIns.submit(lead, group.id, answer('at_risk'), NOV);
		} finally {
			await setSetting(checkIns.CHECK_IN_PERIOD, 'month');
		}
		// As text '2026-Q4' sorts after '2026-11': the dashboard of November lost it.
		const november = await checkIns.latestByGroup([group.id], '2026-11');
		expect(november.get(group.id)).toEqual({ period: '2026-Q4', weather: 'at_risk' });
		const september = await checkIns.latestByGroup([group.id], '2026-09');
		expect(september.get(group.id)).toEqual({ period: '2026-09', weather: 'on_track' });
		const history = await checkIns.history(lead, group.id);
		expect(history.map((h) => h.period)).toEqual(['2026-Q4', '2026-09']);
	});
});

describe('reminding the leads', () => {
	it('reminds leads of groups without a check-in in the last days of the month, once', async () => {
		const quietLead = await buildUser();
		const mutedLead = await buildUser();
		const group = await buildGroup({}, [
			{ user: quietLead, role: 'lead' },
			{ user: mutedLead, role: 'lead' }
		]);
		await db
			.insert(notificationPreferences)
			.values({ userId: mutedLead.id, topic: 'check_in', delivery: 'weekly' });
		// Early in the month: nobody is reminded yet.
		expect(await checkIns.remindLeads('http://localhost', new Date('2026-11-10T10:00:00Z'))).toBe(
			0
		);
		const late = new Date('2026-11-25T10:00:00Z');
		await checkIns.remindLeads('http://localhost', late);
		await checkIns.remindLeads('http://localhost', late);
		const mails = await mailsTo(quietLead.email);
		expect(mails).toHaveLength(1);
		expect(mails[0].text).toContain(`/groupes/${group.slug}/bilans`);
		// Who chose the digest for check-ins gets no e-mail now.
		expect(await mailsTo(mutedLead.email)).toHaveLength(0);

		// Once the group has answered, next month's reminder is the only one left to send.
		await checkIns.submit(quietLead, group.id, answer('on_track'), late);
		await checkIns.remindLeads('http://localhost', new Date('2026-11-29T10:00:00Z'));
		expect(await mailsTo(quietLead.email)).toHaveLength(1);
	});
});
