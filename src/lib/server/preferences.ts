import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '$lib/server/db';
import {
	deliveries,
	notificationPreferences,
	notificationTopics,
	type Delivery,
	type NotificationTopic
} from '$lib/server/db/schema';
import { forbidden } from './errors';
import type { Actor } from './policy';

/** How people hear about each kind of event until they choose otherwise. */
export const DEFAULT_DELIVERY: Record<NotificationTopic, Delivery> = {
	mention: 'immediate',
	assignment: 'immediate',
	due: 'immediate',
	minutes: 'immediate',
	reply: 'immediate',
	check_in: 'immediate',
	invitations: 'immediate',
	decisions: 'immediate'
};

export type Preferences = Record<NotificationTopic, Delivery>;

const choice = z.enum(deliveries, 'prefs.invalid');

/**
 * An invitation is for a calendar, not for a digest: it comes as it is sent, or not at all (the
 * meeting still shows in the person's pages and calendar feed).
 */
export const INVITATION_DELIVERIES = ['immediate', 'off'] as const satisfies Delivery[];

/**
 * A proposal to answer before it closes, or a decision taken: worth hearing about as it happens,
 * or not at all (the group's Décisions tab lists them); digests do not carry them.
 */
export const DECISION_DELIVERIES = ['immediate', 'off'] as const satisfies Delivery[];

/** The choices offered for each topic. */
export const deliveriesFor = (topic: NotificationTopic): readonly Delivery[] =>
	topic === 'invitations'
		? INVITATION_DELIVERIES
		: topic === 'decisions'
			? DECISION_DELIVERIES
			: deliveries;

/** The preferences form: one choice per topic, all required. */
export const preferencesSchema = z.object({
	mention: choice,
	assignment: choice,
	due: choice,
	minutes: choice,
	reply: choice,
	check_in: choice,
	// Optional: a form sent from a page older than this choice keeps what the person had.
	invitations: z.enum(INVITATION_DELIVERIES, 'prefs.invalid').optional(),
	decisions: z.enum(DECISION_DELIVERIES, 'prefs.invalid').optional()
} satisfies Record<NotificationTopic, z.ZodType<Delivery | undefined>>);

/** How a person wants to hear about one kind of event. */
export async function deliveryOf(userId: string, topic: NotificationTopic): Promise<Delivery> {
	const [row] = await db
		.select({ delivery: notificationPreferences.delivery })
		.from(notificationPreferences)
		.where(
			and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.topic, topic))
		);
	return row?.delivery ?? DEFAULT_DELIVERY[topic];
}

/**
 * Whether an event of this kind is e-mailed to the person as it happens. Anything else waits for
 * a digest or is not mailed at all; in-app notifications are not affected.
 */
export async function shouldEmailNow(userId: string, topic: NotificationTopic): Promise<boolean> {
	return (await deliveryOf(userId, topic)) === 'immediate';
}

/** Every choice of many people at once, defaults filled in. */
export async function preferencesOf(userIds: string[]): Promise<Map<string, Preferences>> {
	const result = new Map(userIds.map((id) => [id, { ...DEFAULT_DELIVERY }]));
	if (userIds.length === 0) return result;
	const rows = await db
		.select()
		.from(notificationPreferences)
		.where(inArray(notificationPreferences.userId, userIds));
	for (const row of rows) {
		const prefs = result.get(row.userId);
		if (prefs) prefs[row.topic] = row.delivery;
	}
	return result;
}

/** The people among `userIds` who want events of this kind e-mailed as they happen. */
export async function immediateAmong(
	userIds: string[],
	topic: NotificationTopic
): Promise<Set<string>> {
	const prefs = await preferencesOf([...new Set(userIds)]);
	return new Set([...prefs].filter(([, p]) => p[topic] === 'immediate').map(([id]) => id));
}

/** Saves a person's choices at once; only their own. A topic left out keeps its choice. */
export async function save(
	actor: Actor,
	choices: Partial<Preferences> & Omit<Preferences, 'invitations' | 'decisions'>
): Promise<void> {
	if (!actor) throw forbidden();
	await db
		.insert(notificationPreferences)
		.values(
			notificationTopics.flatMap((topic) => {
				const delivery = choices[topic];
				return delivery ? [{ userId: actor.id, topic, delivery }] : [];
			})
		)
		.onConflictDoUpdate({
			target: [notificationPreferences.userId, notificationPreferences.topic],
			set: { delivery: sql`excluded.delivery`, updatedAt: sql`now()` }
		});
}
