import { and, eq, isNull, notExists } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { reminderLog, users, type Delivery } from '$lib/server/db/schema';
import * as mail from '../mail';
import { publicOrigin } from '../origin';
import { can } from '../policy';
import * as preferences from '../preferences';
import { isEmpty, render, type DigestContent } from './compose';
import { leadParts, networkPart } from './overview';
import { assignedActions, dueActions, publishedMinutes, threadNews } from './personal';
import { duePeriods, type Cadence, type Period } from './periods';

export { duePeriods, periodOf, type Period } from './periods';

/** How far ahead each digest looks for due dates: the daily reminder's three days, or a week. */
export const HORIZON_DAYS: Record<Cadence, number> = { daily: 3, weekly: 7 };

/**
 * Which digest carries the overview of a person's role (their groups for a lead, the network for
 * a director), from their choice for check-ins. An overview cannot be sent "as it happens": with
 * 'immediate' (the default) it comes weekly, beside the check-in e-mails sent as they happen.
 */
export function overviewCadence(delivery: Delivery): Cadence | null {
	return delivery === 'off' ? null : delivery === 'daily' ? 'daily' : 'weekly';
}

/**
 * Sends the digests due at `now` (see `duePeriods`): one e-mail per person and period at most,
 * and only to people it has something to tell. Each e-mail is claimed in the reminder log in the
 * same transaction that writes it to the outbox, so two instances running side by side, or a
 * restart in the middle, never send one twice. Returns the number of e-mails sent.
 */
export async function sendDigests(origin?: string, now = new Date()): Promise<number> {
	origin ??= await publicOrigin();
	let sent = 0;
	for (const period of duePeriods(now)) sent += await sendPeriod(period, origin);
	return sent;
}

async function sendPeriod(period: Period, origin: string): Promise<number> {
	let sent = 0;
	for (const { reader, content } of await compose(period)) {
		if (isEmpty(content)) continue;
		const { subject, text } = render(reader.locale ?? 'fr', reader.name, period, content, origin);
		const queued = await db.transaction(async (tx) => {
			const claimed = await tx
				.insert(reminderLog)
				.values({ userId: reader.id, day: period.today, kind: period.logKind })
				.onConflictDoNothing()
				.returning({ userId: reminderLog.userId });
			if (claimed.length === 0) return null;
			return mail.queue(tx, { to: reader.email, kind: period.logKind, subject, text });
		});
		if (!queued) continue;
		await mail.deliver(queued);
		sent++;
	}
	return sent;
}

/**
 * What each active person not sent this period's digest yet would read in it: for each kind of
 * event, only if they chose this digest for it; their role's overview if their choice for
 * check-ins brings it here.
 */
export async function compose(period: Period) {
	const readers = await db
		.select({
			id: users.id,
			name: users.name,
			email: users.email,
			role: users.role,
			organisationId: users.organisationId,
			locale: users.locale
		})
		.from(users)
		.where(
			and(
				isNull(users.disabledAt),
				notExists(
					db
						.select({ userId: reminderLog.userId })
						.from(reminderLog)
						.where(
							and(
								eq(reminderLog.userId, users.id),
								eq(reminderLog.day, period.today),
								eq(reminderLog.kind, period.logKind)
							)
						)
				)
			)
		);
	const choices = await preferences.preferencesOf(readers.map((r) => r.id));
	const here = (pick: (p: preferences.Preferences) => boolean) =>
		readers.filter((r) => pick(choices.get(r.id)!)).map((r) => r.id);
	const cadence = period.cadence;
	const overview = new Set(here((p) => overviewCadence(p.check_in) === cadence));
	const wantsNetwork = readers.some((r) => overview.has(r.id) && can(r, 'dashboard.view'));

	const [due, assigned, minutes, news, leads, network] = await Promise.all([
		dueActions(
			here((p) => p.due === cadence),
			period.today,
			HORIZON_DAYS[cadence]
		),
		assignedActions(
			here((p) => p.assignment === cadence),
			period.from,
			period.to
		),
		publishedMinutes(
			here((p) => p.minutes === cadence),
			period.from,
			period.to
		),
		threadNews(
			here((p) => p.mention === cadence),
			here((p) => p.reply === cadence),
			period.from,
			period.to
		),
		leadParts([...overview], period),
		wantsNetwork ? networkPart(period) : null
	]);

	return readers.map((reader) => {
		const p = choices.get(reader.id)!;
		const content: DigestContent = {
			...(network && overview.has(reader.id) && can(reader, 'dashboard.view') && { network }),
			...(leads.has(reader.id) && { lead: leads.get(reader.id) }),
			...(p.due === cadence && {
				due: { items: due.get(reader.id) ?? [], horizonDays: HORIZON_DAYS[cadence] }
			}),
			...(p.assignment === cadence && { assigned: assigned.get(reader.id) ?? [] }),
			...(p.mention === cadence && { mentions: news.mentions.get(reader.id) ?? [] }),
			...(p.reply === cadence && { replies: news.replies.get(reader.id) ?? [] }),
			...(p.minutes === cadence && { minutes: minutes.get(reader.id) ?? [] })
		};
		return { reader, content };
	});
}
