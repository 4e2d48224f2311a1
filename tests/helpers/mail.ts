import { and, asc, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { outbox } from '$lib/server/db/schema';

/** Every outbox message to an address (of one kind, if given), oldest first. */
export async function mailsTo(email: string, kind?: string) {
	return db
		.select()
		.from(outbox)
		.where(and(eq(outbox.to, email), kind ? eq(outbox.kind, kind) : undefined))
		.orderBy(asc(outbox.createdAt));
}

/** The token of the `/invitation/…` or `/reinitialiser/…` link in a message. */
export function linkToken(text: string, path: 'invitation' | 'reinitialiser'): string {
	const match = text.match(new RegExp(`https?://\\S+/${path}/([a-z2-7]+)`));
	if (!match) throw new Error(`no /${path}/ link in: ${text}`);
	return match[1];
}

/** The token of the last link of that kind mailed to an address. */
export async function lastLinkTo(email: string, path: 'invitation' | 'reinitialiser') {
	const mails = await mailsTo(email);
	const last = mails.at(-1);
	if (!last) throw new Error(`no mail to ${email}`);
	return linkToken(last.text, path);
}
