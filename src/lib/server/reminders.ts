import { and, asc, eq, inArray, isNotNull, isNull, lte } from 'drizzle-orm';
import { translate, type Locale } from '$lib/i18n';
import { db } from '$lib/server/db';
import { actions, groups, reminderLog, users } from '$lib/server/db/schema';
import { addDays, todayInParis } from './dates';
import { forbidden } from './errors';
import * as mail from './mail';
import { can, type Actor } from './policy';
import * as preferences from './preferences';

const OPEN = ['open', 'in_progress', 'blocked'] as const;

/** Open actions overdue or due within three days, per owner. */
async function dueSoonByOwner(today: string, actionIds?: string[]) {
	const rows = await db
		.select({
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

/**
 * The daily reminder: each owner gets one e-mail listing their actions overdue or due within
 * three days. A person is reminded at most once a day, however often the job runs. Owners who
 * chose a digest for due dates find them there instead; those who chose nothing get nothing.
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
			return claimed.length ? mail.queue(tx, reminderOf(rows, origin, 'fr')) : null;
		});
		if (!queued) continue;
		await mail.deliver(queued);
		sent++;
	}
	return sent;
}

/** A reminder sent now by the coordination to the owners of the given actions that are due soon. */
export async function sendNow(actor: Actor, actionIds: string[], origin: string, locale: Locale) {
	if (!can(actor, 'groups.create')) throw forbidden();
	let sent = 0;
	for (const rows of (await dueSoonByOwner(todayInParis(), actionIds)).values()) {
		await mail.send(reminderOf(rows, origin, locale));
		sent++;
	}
	return sent;
}
