import { eq } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import { db, type Database, type Transaction } from '$lib/server/db';
import { outbox, type MailAttachment, type OutboxMessage } from '$lib/server/db/schema';

export interface Mail {
	to: string;
	subject: string;
	text: string;
	/** What the message is about (invitation, password_reset, …), shown in the outbox. */
	kind: string;
	/** Files sent with it (a calendar invitation), kept on the outbox row. */
	attachments?: MailAttachment[];
}

let transport: { url: string; transporter: Transporter } | undefined;
function smtp(): Transporter | undefined {
	const url = process.env.SMTP_URL;
	if (!url) return undefined;
	// A changed SMTP_URL (a test, or the transport test against another server) gets its own.
	if (transport?.url !== url) {
		transport?.transporter.close();
		transport = {
			url,
			transporter: nodemailer.createTransport(url, { from: process.env.MAIL_FROM || undefined })
		};
	}
	return transport.transporter;
}

/** What became of a message handed to the transport. */
export type Delivery =
	{ status: 'kept' } | { status: 'sent' } | { status: 'failed'; error: unknown };

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

/**
 * Hands a queued message to SMTP_URL when one is set, and notes the outcome on its row: kept
 * in the outbox (no SMTP_URL), sent, or failed with the transport's error.
 */
export async function deliver(row: OutboxMessage): Promise<Delivery> {
	const transporter = smtp();
	if (!transporter) return { status: 'kept' };
	try {
		await transporter.sendMail({
			to: row.to,
			from: process.env.MAIL_FROM || 'Maillage <no-reply@maillage.local>',
			subject: row.subject,
			text: row.text,
			attachments: row.attachments.map((a) => ({
				filename: a.filename,
				contentType: a.contentType,
				content: a.content,
				encoding: a.encoding
			}))
		});
		await db.update(outbox).set({ sentAt: new Date() }).where(eq(outbox.id, row.id));
		return { status: 'sent' };
	} catch (e) {
		const message = e instanceof Error ? e.message : String(e);
		await db.update(outbox).set({ error: message }).where(eq(outbox.id, row.id));
		return { status: 'failed', error: e };
	}
}
