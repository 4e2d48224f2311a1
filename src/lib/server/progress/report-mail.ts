import { and, eq, inArray, isNull, min } from 'drizzle-orm';
import { attendanceRate, formatRate } from '$lib/figures';
import { translate, type Locale } from '$lib/i18n';
import { formatMonth } from '$lib/months';
import { db } from '$lib/server/db';
import { reminderLog, users } from '$lib/server/db/schema';
import { forbidden, ServiceError } from '../errors';
import * as mail from '../mail';
import { can, type Actor } from '../policy';
import { monthly, parseMonth, type MonthChoice, type MonthlyReport } from './report';

/**
 * The coordination sends the monthly report to every active director: a link to the report and
 * its figures in a few lines. Each director gets a month's report once, however many times the
 * button is pressed: the sending is recorded in `reminder_log` (kind 'monthly_report', day = the
 * first of the month) before the message goes out.
 */

const KIND = 'monthly_report';
const dayOf = (month: string) => `${month}-01`;

/** When the report of `month` was first sent, or null if it was not. */
export async function sentAt(actor: Actor, month: string): Promise<Date | null> {
	if (!can(actor, 'report.send')) throw forbidden();
	const [row] = await db
		.select({ at: min(reminderLog.sentAt) })
		.from(reminderLog)
		.where(and(eq(reminderLog.kind, KIND), eq(reminderLog.day, dayOf(month))));
	return row?.at ? new Date(row.at) : null;
}

function summary(report: MonthlyReport, locale: Locale): string {
	const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
		translate(locale, key, params);
	const { totals } = report;
	const line = (label: Parameters<typeof t>[0], value: string | number) =>
		t('report.mail.line', { label: t(label), value });
	const lines = [
		line('report.meetings_held', totals.meetings),
		line('report.attendance', formatRate(locale, attendanceRate(totals.attendance))),
		line('report.actions_closed', totals.closed),
		line(
			'report.check_ins',
			t('report.check_ins_of', { count: totals.checkIns, groups: totals.groups })
		)
	];
	const attention = report.groups.filter((g) => g.checkIn && g.checkIn.weather !== 'on_track');
	if (attention.length) {
		lines.push(
			'',
			t('report.mail.attention'),
			...attention.map((g) => `• ${g.name} — ${t(`weather.${g.checkIn!.weather}`)}`)
		);
	}
	return lines.join('\n');
}

/**
 * Sends the report of `month` to the directors who have not had it yet. Returns how many were
 * sent now, and when it was first sent.
 */
export async function sendToDirectors(
	actor: Actor,
	monthValue: string,
	origin: string,
	locale: Locale
): Promise<{ sent: number; firstSentAt: Date | null }> {
	if (!can(actor, 'report.send')) throw forbidden();
	const choice: MonthChoice = monthValue
		? parseMonth(monthValue)
		: { ok: false, key: 'report.month_invalid' };
	if (!choice.ok) throw new ServiceError('invalid', choice.key, 'mois');
	const month = choice.month;
	const directors = await db
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.role, 'director'), isNull(users.disabledAt)));
	// Claiming first: a second press, or two coordinators at once, finds the rows taken.
	const claimed = directors.length
		? await db
				.insert(reminderLog)
				.values(directors.map((d) => ({ userId: d.id, day: dayOf(month), kind: KIND })))
				.onConflictDoNothing()
				.returning({ userId: reminderLog.userId })
		: [];
	if (claimed.length > 0) {
		const people = await db
			.select({ email: users.email, name: users.name, locale: users.locale })
			.from(users)
			.where(
				inArray(
					users.id,
					claimed.map((c) => c.userId)
				)
			);
		const report = await monthly(actor, month, locale);
		const link = `${origin}/tableau-de-bord/rapport?mois=${month}`;
		for (const person of people) {
			const lang = person.locale ?? locale;
			await mail.send({
				to: person.email,
				kind: KIND,
				subject: translate(lang, 'report.mail.subject', { month: formatMonth(lang, month) }),
				text: translate(lang, 'report.mail.body', {
					name: person.name,
					month: formatMonth(lang, month),
					link,
					summary: summary(report, lang)
				})
			});
		}
	}
	return { sent: claimed.length, firstSentAt: await sentAt(actor, month) };
}
