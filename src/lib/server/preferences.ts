import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import {
	notificationPreferences,
	type Delivery,
	type NotificationTopic
} from '$lib/server/db/schema';

/** How people hear about each kind of event until they choose otherwise. */
export const DEFAULT_DELIVERY: Record<NotificationTopic, Delivery> = {
	mention: 'immediate',
	assignment: 'immediate',
	due: 'immediate',
	minutes: 'immediate',
	reply: 'immediate',
	check_in: 'immediate'
};

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
