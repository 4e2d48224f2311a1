import { isHttpError } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentHtml } from '$lib/richtext/document';
import type { RichNode } from '$lib/richtext/types';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { checkIns, documents, documentVersions } from '$lib/server/db/schema';
import * as report from '$lib/server/progress/report';
import * as reportPage from '../../src/routes/(app)/tableau-de-bord/rapport/+page.server';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { expectFailure, run } from '../helpers/events';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';
import { buildAction, buildMeeting } from '../helpers/progress';

await createTestDb();

// October 2026 in Paris: from 2026-09-30T22:00Z (summer time) to 2026-10-31T23:00Z (winter time).
const MONTH = '2026-10';

let director: SessionUser;
let member: SessionUser;
let alice: SessionUser;
let bruno: SessionUser;
let carl: SessionUser;
let mobilite: { id: string };
let recrutement: { id: string };
let archived: { id: string };
let publishedId: string;

async function minutes(groupId: string, content: RichNode[]) {
	const html = documentHtml({ type: 'doc', content });
	const [doc] = await db
		.insert(documents)
		.values({ groupId, title: 'Notes', kind: 'notes', html })
		.returning();
	const [version] = await db
		.insert(documentVersions)
		.values({ documentId: doc.id, name: 'Compte rendu', state: new Uint8Array([0, 0]), html })
		.returning();
	return version.id;
}

const t = (text: string): RichNode => ({ type: 'text', text });
const h = (text: string): RichNode => ({
	type: 'heading',
	attrs: { level: 2 },
	content: [t(text)]
});
const p = (...content: RichNode[]): RichNode => ({ type: 'paragraph', content });

beforeAll(async () => {
	const org = await buildOrganisation({ name: 'Fonderie' });
	director = await buildUser({ role: 'director', organisationId: org.id });
	member = await buildUser({ role: 'member' });
	alice = await buildUser({ name: 'Alice', organisationId: org.id });
	bruno = await buildUser({ name: 'Bruno' });
	carl = await buildUser({ name: 'Carl' });
	mobilite = await buildGroup({ name: 'Mobilité' });
	recrutement = await buildGroup({ name: 'Recrutement' });
	archived = await buildGroup({ name: 'Ancien salon', status: 'archived' });
	await buildGroup({ name: 'En pause', status: 'paused' });
	await buildGroup({ name: 'Oublié', status: 'archived' });

	const version = await minutes(mobilite.id, [
		h('Budget'),
		p(t('Discussion.')),
		h('Décisions'),
		p(t('Navette lancée le '), { type: 'dateChip', attrs: { date: '2026-12-03' } }),
		h('Actions')
	]);
	publishedId = (
		await buildMeeting(
			mobilite.id,
			'2026-10-05T08:00:00Z',
			'published',
			[
				[alice, 'present'],
				[bruno, 'excused'],
				[carl, 'present'],
				[director, null]
			],
			{ title: 'Comité', minutesVersionId: version }
		)
	).id;
	await buildMeeting(
		mobilite.id,
		'2026-10-20T08:00:00Z',
		'held',
		[
			[alice, 'absent'],
			[bruno, 'present']
		],
		{ title: 'Atelier' }
	);
	await buildMeeting(mobilite.id, '2026-10-25T08:00:00Z', 'planned', [[alice, null]]);
	await buildMeeting(mobilite.id, '2026-10-10T08:00:00Z', 'cancelled', [[alice, 'present']]);
	// 00:30 on 1 October in Paris: in the month; 00:30 on 1 November: not.
	await buildMeeting(recrutement.id, '2026-09-30T22:30:00Z', 'held', [[bruno, 'present']], {
		title: 'Petit déjeuner'
	});
	await buildMeeting(recrutement.id, '2026-10-31T23:30:00Z', 'held', [[bruno, 'present']]);

	// 23:59 on 30 September in Paris: not in the month; midnight on 1 October: the first of it.
	await buildAction(mobilite.id, alice, 'done', {
		title: 'Trop tôt',
		closedAt: '2026-09-30T21:59:00Z'
	});
	await buildAction(mobilite.id, alice, 'done', {
		title: 'Première',
		closedAt: '2026-09-30T22:00:00Z'
	});
	for (let day = 2; day <= 14; day++) {
		await buildAction(mobilite.id, day % 2 ? bruno : null, 'done', {
			title: `Action ${day}`,
			closedAt: `2026-10-${String(day).padStart(2, '0')}T09:00:00Z`
		});
	}
	await buildAction(mobilite.id, alice, 'cancelled', { closedAt: '2026-10-03T09:00:00Z' });
	await buildAction(mobilite.id, alice, 'open');
	await buildAction(archived.id, carl, 'done', {
		title: 'Bilan',
		closedAt: '2026-10-15T09:00:00Z'
	});

	await db.insert(checkIns).values([
		{
			groupId: mobilite.id,
			period: MONTH,
			authorId: alice.id,
			weather: 'at_risk',
			moved: 'La navette roule.',
			blocks: 'Le budget.',
			help: ''
		},
		{ groupId: mobilite.id, period: '2026-Q4', weather: 'off_track' },
		{ groupId: recrutement.id, period: '2026-Q4', weather: 'on_track', moved: 'Deux embauches.' },
		{ groupId: recrutement.id, period: '2026-09', weather: 'off_track' }
	]);
});

describe('the month asked for', () => {
	it('is last month by default, and refused when not a month or not begun', () => {
		expect(report.parseMonth(null, '2026-01-10')).toEqual({ ok: true, month: '2025-12' });
		expect(report.parseMonth('', '2026-01-10')).toEqual({ ok: true, month: '2025-12' });
		expect(report.parseMonth('2026-01', '2026-01-10')).toEqual({ ok: true, month: '2026-01' });
		for (const bad of ['2026-13', 'abc', '2026-1', '2026-00']) {
			expect(report.parseMonth(bad, '2026-01-10')).toEqual({
				ok: false,
				key: 'report.month_invalid'
			});
		}
		expect(report.parseMonth('2026-02', '2026-01-10')).toEqual({
			ok: false,
			key: 'report.month_future'
		});
	});

	it('runs from midnight to midnight in Paris', () => {
		expect(report.monthBounds('2026-10')).toEqual({
			from: new Date('2026-09-30T22:00:00Z'),
			to: new Date('2026-10-31T23:00:00Z')
		});
	});
});

describe('the monthly report', () => {
	it('is for directors, the coordination and admins', async () => {
		expect((await refusal(report.monthly(member, MONTH, 'fr'))).kind).toBe('forbidden');
	});

	it('adds up the network’s month', async () => {
		const r = await report.monthly(director, MONTH, 'fr');
		expect(r.month).toBe(MONTH);
		expect(r.totals).toEqual({
			// Mobilité, Recrutement, the archived group that closed an action, the paused one.
			groups: 4,
			meetings: 3,
			attendance: { present: 4, excused: 1, absent: 1 },
			closed: 15,
			checkIns: 2,
			decided: 0,
			weather: { on_track: 1, at_risk: 1, off_track: 0 }
		});
		expect(r.groups.map((g) => g.name)).toEqual([
			'Ancien salon',
			'En pause',
			'Mobilité',
			'Recrutement'
		]);
	});

	it('tells what each group did: meetings, decisions, actions closed, check-in', async () => {
		const r = await report.monthly(director, MONTH, 'fr');
		const mob = r.groups.find((g) => g.id === mobilite.id)!;
		expect(mob.meetings.map((m) => [m.title, m.attendance])).toEqual([
			['Comité', { present: 2, excused: 1, absent: 0 }],
			['Atelier', { present: 1, excused: 0, absent: 1 }]
		]);
		expect(mob.meetings[0].id).toBe(publishedId);
		expect(mob.meetings[0].decisions).toMatch(
			/^<p>Navette lancée le <time class="date-chip" datetime="2026-12-03">3 décembre( 2026)?<\/time><\/p>$/
		);
		// Held, minutes not published.
		expect(mob.meetings[1].decisions).toBeNull();
		expect(mob.attendance).toEqual({ present: 3, excused: 1, absent: 1 });
		expect(mob.closed.total).toBe(14);
		expect(mob.closed.listed).toHaveLength(report.CLOSED_LISTED);
		expect(mob.closed.listed[0]).toMatchObject({
			title: 'Première',
			owner: 'Alice',
			organisation: 'Fonderie'
		});
		expect(mob.closed.listed.map((a) => a.title)).not.toContain('Trop tôt');
		expect(mob.checkIn).toEqual({
			period: MONTH,
			weather: 'at_risk',
			moved: 'La navette roule.',
			blocks: 'Le budget.',
			help: '',
			author: 'Alice'
		});

		const rec = r.groups.find((g) => g.id === recrutement.id)!;
		expect(rec.meetings.map((m) => m.title)).toEqual(['Petit déjeuner']);
		expect(rec.closed).toEqual({ total: 0, listed: [] });
		expect(rec.checkIn).toMatchObject({ period: '2026-Q4', weather: 'on_track', author: null });

		const old = r.groups.find((g) => g.id === archived.id)!;
		expect(old.closed.listed.map((a) => [a.title, a.owner])).toEqual([['Bilan', 'Carl']]);
	});

	it('writes decisions’ dates in the reader’s language', async () => {
		const r = await report.monthly(director, MONTH, 'en');
		const mob = r.groups.find((g) => g.id === mobilite.id)!;
		expect(mob.meetings[0].decisions).toContain('December 3');
	});
});

describe('the report page', () => {
	it('refuses a month that is not one with a clear message, not a crash', async () => {
		for (const mois of ['2026-13', 'abc', '2999-01']) {
			const { thrown } = await run(reportPage.load, {
				path: `/tableau-de-bord/rapport?mois=${mois}`,
				user: director
			});
			expect(isHttpError(thrown, 400), mois).toBe(true);
			expect((thrown as { body: { message: string } }).body.message).toMatch(/^report\.month_/);
		}
	});

	it('is closed to members, and shows the month with its neighbours', async () => {
		const { thrown } = await run(reportPage.load, {
			path: '/tableau-de-bord/rapport',
			user: member
		});
		expect(isHttpError(thrown, 403)).toBe(true);
		const { result } = await run(reportPage.load, {
			path: `/tableau-de-bord/rapport?mois=${MONTH}`,
			user: director
		});
		const data = result as Exclude<Awaited<ReturnType<typeof reportPage.load>>, void>;
		expect(data).toMatchObject({ previous: '2026-09', canSend: false, sentAt: null });
		expect(data.report.totals.closed).toBe(15);
	});

	it('refuses to send a month that is not one', async () => {
		const coordinator = await buildUser({ role: 'coordinator' });
		for (const mois of ['2026-13', '']) {
			const { result } = await run(reportPage.actions.send, {
				path: '/tableau-de-bord/rapport?/send',
				form: { mois },
				user: coordinator
			});
			expect(expectFailure(result).errors).toEqual({ mois: 'report.month_invalid' });
		}
	});
});
