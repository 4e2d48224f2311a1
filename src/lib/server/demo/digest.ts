import { addDays, parisLocalToDate, todayInParis } from '../dates';
import * as digest from '../digest';
import { weekday } from '../digest/periods';
import { publicOrigin } from '../origin';

/**
 * The weekly digests of the last Monday, as the network received them: a demo opened on a
 * Thursday would otherwise show no digest in the outbox for days, and a director could not read
 * what Maillage tells them. Each is claimed in the reminder log like any digest, so the scheduled
 * job does not send that Monday's again.
 */
export async function sendLastWeeklyDigests(now = new Date()): Promise<number> {
	const today = todayInParis(now);
	let monday = addDays(today, 1 - weekday(today));
	// Sent at 8:00, after the hour digests go out; before that on a Monday, the week before's.
	let sentAt = parisLocalToDate(`${monday}T08:00`)!;
	if (sentAt > now) {
		monday = addDays(monday, -7);
		sentAt = parisLocalToDate(`${monday}T08:00`)!;
	}
	return digest.sendDigests(await publicOrigin(), sentAt);
}
