import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, max, sql } from 'drizzle-orm';
import { translate, type Locale } from '$lib/i18n';
import { db, type Transaction } from '$lib/server/db';
import { actions, groups, reminderLog, users } from '$lib/server/db/schema';
import { addDays, todayInParis } from '../dates';
import { forbidden } from '../errors';
import * as mail from '../mail';
import { can, type Actor } from '../policy';
import * as preferences from '../preferences';

const OPEN = ['open', 'in_progress', 'blocked'] as const;

/** Open actions overdue or due within three days, per owner. */
async function dueSoonByOwner(today: string, actionIds?: string[]) {
	const rows = await db
		.select({
			id: actions.id,
			title: actions.title,
			dueDate: actions.dueDate,
			group: groups.name,
			ownerId: users.id,
			email: users.email,
			name: users.name,
			locale: users.locale
		})
		.from(actions)
		.innerJoin(users, eq(users.id, actions.ownerId))
		.innerJoin(groups, eq(groups.id, actions.groupId))
		.where(
			and(
				inArray(actions.status, [...OPEN]),
				isNotNull(actions.dueDate),
				lte(actions.dueDate, addDays(today, 3)),
				isNull(users.disabledAt),
				actionIds
					? inArray(
							actions.id,
							actionIds.length ? actionIds : ['00000000-0000-0000-0000-000000000000']
						)
					: undefined
			)
		)
		.orderBy(asc(actions.dueDate));
	const byOwner = new Map<string, typeof rows>();
	for (const row of rows) byOwner.set(row.ownerId, [...(byOwner.get(row.ownerId) ?? []), row]);
	return byOwner;
}

type OwnerRows =
	Awaited<ReturnType<typeof dueSoonByOwner>> extends Map<string, infer R> ? R : never;

/** The reminder e-mail to one owner, in their language. */
function reminderOf(rows: OwnerRows, origin: string, fallback: Locale): mail.Mail {
	const person = rows[0];
	const locale = person.locale ?? fallback;
	const list = rows
		.map(
			(r) =>
				`• ${r.title} — ${r.group} — ${new Date(`${r.dueDate}T12:00:00Z`).toLocaleDateString(locale)}`
		)
		.join('\n');
	return {
		to: person.email,
		kind: 'reminder',
		subject: translate(locale, 'mail.reminder.subject'),
		text: translate(locale, 'mail.reminder.body', {
			name: person.name,
			list,
			link: `${origin}/actions?owner=me`
		})
	};
}

/** The key under which an action's reminder of one day is claimed in the reminder log. */
const actionKind = (actionId: string) => `action:${actionId}`;

/**
 * Claims, for today, the reminder of each of these rows' actions, and returns the rows claimed:
 * an action already reminded today (by the daily job or by hand) is not reminded again.
 */
async function claimActions(
	tx: Transaction,
	ownerId: string,
	day: string,
	rows: OwnerRows
): Promise<OwnerRows> {
	const claimed = await tx
		.insert(reminderLog)
		.values(rows.map((r) => ({ userId: ownerId, day, kind: actionKind(r.id) })))
		.onConflictDoNothing()
		.returning({ kind: reminderLog.kind });
	const kinds = new Set(claimed.map((c) => c.kind));
	return rows.filter((r) => kinds.has(actionKind(r.id)));
}

/**
 * The daily reminder: each owner gets one e-mail listing their actions overdue or due within
 * three days. A person is reminded at most once a day, however often the job runs, and never of
 * an action they were already reminded of today by hand. Owners who chose a digest for due dates
 * find them there instead; those who chose nothing get nothing.
 */
export async function sendDaily(origin: string, now = new Date()): Promise<number> {
	const today = todayInParis(now);
	const owners = await dueSoonByOwner(today);
	const wanted = await preferences.immediateAmong([...owners.keys()], 'due');
	let sent = 0;
	for (const [ownerId, rows] of owners) {
		if (!wanted.has(ownerId)) continue;
		// Claimed in the transaction that writes the message: never one without the other.
		const queued = await db.transaction(async (tx) => {
			const claimed = await tx
				.insert(reminderLog)
				.values({ userId: ownerId, day: today, kind: 'daily' })
				.onConflictDoNothing()
				.returning({ userId: reminderLog.userId });
			if (!claimed.length) return null;
			const fresh = await claimActions(tx, ownerId, today, rows);
			return fresh.length ? mail.queue(tx, reminderOf(fresh, origin, 'fr')) : null;
		});
		if (!queued) continue;
		await mail.deliver(queued);
		sent++;
	}
	return sent;
}

/** How long after a reminder sending another by hand asks to be confirmed. */
const RECENT_MS = 24 * 3600 * 1000;

export type ReminderOutcome =
	| { sent: number }
	/** Some of these owners were reminded in the last 24 hours: nothing sent, confirm first. */
	| { recent: { people: number; lastAt: Date } };

/**
 * A reminder sent now by the coordination to the owners of the given actions that are due soon.
 * If some were reminded (by the daily job or by hand) in the last 24 hours, nothing is sent
 * unless `confirmed`; even then, no one is reminded twice in a day of the same action.
 */
export async function sendNow(
	actor: Actor,
	actionIds: string[],
	origin: string,
	locale: Locale,
	{ confirmed = false, now = new Date() } = {}
): Promise<ReminderOutcome> {
	if (!can(actor, 'groups.create')) throw forbidden();
	const today = todayInParis(now);
	const owners = await dueSoonByOwner(today, actionIds);
	const ids = [...owners.values()].flat().map((r) => actionKind(r.id));
	if (!confirmed && ids.length) {
		const [recent] = await db
			.select({
				people: sql<number>`count(distinct ${reminderLog.userId})::int`,
				lastAt: max(reminderLog.sentAt)
			})
			.from(reminderLog)
			.where(
				and(
					inArray(reminderLog.kind, ids),
					gte(reminderLog.sentAt, new Date(now.getTime() - RECENT_MS))
				)
			);
		if (recent?.lastAt && recent.people > 0) {
			return { recent: { people: recent.people, lastAt: new Date(recent.lastAt) } };
		}
	}
	let sent = 0;
	for (const [ownerId, rows] of owners) {
		const queued = await db.transaction(async (tx) => {
			const fresh = await claimActions(tx, ownerId, today, rows);
			return fresh.length ? mail.queue(tx, reminderOf(fresh, origin, locale)) : null;
		});
		if (!queued) continue;
		await mail.deliver(queued);
		sent++;
	}
	return { sent };
}
