import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { formatDay, translate, type Locale } from '$lib/i18n';
import { db } from '$lib/server/db';
import { actions, groups, users } from '$lib/server/db/schema';
import * as mail from '../mail';
import { publicOrigin } from '../origin';
import * as preferences from '../preferences';

/** An action that has just been given to someone. */
export interface Assignment {
	actionId: string;
	ownerId: string;
}

const OPEN = ['open', 'in_progress', 'blocked'] as const;

/**
 * E-mails people the actions just given to them: one message per person however many actions,
 * never to the person who gave them, and only to those who want assignments e-mailed as they
 * happen (the others find them in their digest). An action given and then taken back or closed
 * before this runs is not mentioned. Returns the number of e-mails sent.
 */
export async function notifyAssigned(
	actorId: string | null,
	given: Assignment[],
	origin?: string
): Promise<number> {
	const wanted = given.filter((g) => g.ownerId !== actorId);
	if (wanted.length === 0) return 0;
	origin ??= await publicOrigin();
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
		.innerJoin(groups, eq(groups.id, actions.groupId))
		.innerJoin(users, eq(users.id, actions.ownerId))
		.where(
			and(
				inArray(
					actions.id,
					wanted.map((g) => g.actionId)
				),
				inArray(actions.status, [...OPEN]),
				isNull(users.disabledAt)
			)
		)
		.orderBy(asc(actions.dueDate), asc(actions.title));
	const stillTheirs = rows.filter((r) =>
		wanted.some((g) => g.actionId === r.id && g.ownerId === r.ownerId)
	);
	const now = await preferences.immediateAmong(
		stillTheirs.map((r) => r.ownerId),
		'assignment'
	);
	const byOwner = new Map<string, typeof rows>();
	for (const row of stillTheirs) {
		if (now.has(row.ownerId)) byOwner.set(row.ownerId, [...(byOwner.get(row.ownerId) ?? []), row]);
	}
	if (byOwner.size === 0) return 0;
	const [actor] = actorId
		? await db.select({ name: users.name }).from(users).where(eq(users.id, actorId))
		: [];
	for (const list of byOwner.values()) {
		const person = list[0];
		const locale: Locale = person.locale ?? 'fr';
		const count = list.length;
		const lines = list.map((a) =>
			[
				`• ${a.title} — ${a.group}`,
				a.dueDate
					? ` — ${translate(locale, 'digest.due_on', { date: formatDay(locale, a.dueDate, 'always') })}`
					: '',
				`\n  ${origin}/actions/${a.id}`
			].join('')
		);
		await mail.send({
			to: person.email,
			kind: 'assignment',
			subject: translate(locale, 'mail.assigned.subject', { count, title: person.title }),
			text: translate(locale, 'mail.assigned.body', {
				name: person.name,
				intro: actor
					? translate(locale, 'mail.assigned.by', { count, actor: actor.name })
					: translate(locale, 'mail.assigned.by_nobody', { count }),
				list: lines.join('\n'),
				link: `${origin}/actions?owner=me`,
				prefs: `${origin}/profil#notifications`
			})
		});
	}
	return byOwner.size;
}
