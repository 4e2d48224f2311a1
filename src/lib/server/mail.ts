import { desc, eq } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import { db } from '$lib/server/db';
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
	const [row] = await db.insert(outbox).values(mail).returning();
	const transporter = smtp();
	if (transporter) {
		try {
			await transporter.sendMail({
				to: mail.to,
				from: process.env.MAIL_FROM || 'Maillage <no-reply@maillage.local>',
				subject: mail.subject,
				text: mail.text
			});
			await db.update(outbox).set({ sentAt: new Date() }).where(eq(outbox.id, row.id));
		} catch (e) {
			const message = e instanceof Error ? e.message : String(e);
			await db.update(outbox).set({ error: message }).where(eq(outbox.id, row.id));
		}
	}
	return row;
}

export async function listOutbox(actor: Actor, limit = 200): Promise<OutboxMessage[]> {
	if (!can(actor, 'outbox.read')) throw forbidden();
	return db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(limit);
}
