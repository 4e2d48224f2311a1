import { desc, eq } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import { db, type Database, type Transaction } from '$lib/server/db';
import { outbox, type OutboxMessage } from '$lib/server/db/schema';
import { forbidden } from './errors';
import { can, type Actor } from './policy';

export interface Mail {
	to: string;
	subject: string;
	text: string;
	/** What the message is about (invitation, password_reset, …), shown in the outbox. */
	kind: string;
}

let transport: Transporter | undefined;
function smtp(): Transporter | undefined {
	const url = process.env.SMTP_URL;
	if (!url) return undefined;
	transport ??= nodemailer.createTransport(url, { from: process.env.MAIL_FROM || undefined });
	return transport;
}

/**
 * Writes the message to the outbox, then delivers it through SMTP_URL when one is set. The
 * outbox row is the record: a delivery failure is kept on it rather than lost.
 */
export async function send(mail: Mail): Promise<OutboxMessage> {
	const row = await queue(db, mail);
	await deliver(row);
	return row;
}

/**
 * Writes the message to the outbox only, inside the caller's transaction: a job that records
 * "sent" in the same transaction cannot record it without the message, nor the reverse. Call
 * `deliver` once the transaction is committed.
 */
export async function queue(executor: Database | Transaction, mail: Mail): Promise<OutboxMessage> {
	const [row] = await executor.insert(outbox).values(mail).returning();
	return row;
}

/** Hands a queued message to SMTP_URL when one is set, and notes the outcome on its row. */
export async function deliver(row: OutboxMessage): Promise<void> {
	const transporter = smtp();
	if (!transporter) return;
	try {
		await transporter.sendMail({
			to: row.to,
			from: process.env.MAIL_FROM || 'Maillage <no-reply@maillage.local>',
			subject: row.subject,
			text: row.text
		});
		await db.update(outbox).set({ sentAt: new Date() }).where(eq(outbox.id, row.id));
	} catch (e) {
		const message = e instanceof Error ? e.message : String(e);
		await db.update(outbox).set({ error: message }).where(eq(outbox.id, row.id));
	}
}

export async function listOutbox(actor: Actor, limit = 200): Promise<OutboxMessage[]> {
	if (!can(actor, 'outbox.read')) throw forbidden();
	return db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(limit);
}
