import { translate, type Locale, type MessageKey } from '$lib/i18n';
import { db } from '$lib/server/db';
import type { SessionUser } from './auth/session';
import * as rateLimit from './auth/rate-limit';
import { forbidden, ServiceError } from './errors';
import * as mail from './mail';
import { can } from './policy';
import { getNetworkName } from './settings';

/** Each test writes to the outbox and may reach a real server: a few per admin are plenty. */
export const TEST_MAIL_PER_USER: rateLimit.Limit = {
	purpose: 'test_mail',
	max: 5,
	windowMs: 15 * 60 * 1000
};

/** The transport as the settings page shows it: where it sends, never its password. */
export interface TransportSummary {
	/** `smtps://user@host:465`, or null when SMTP_URL is not set. */
	address: string | null;
	from: string;
}

export const DEFAULT_FROM = 'Maillage <no-reply@maillage.local>';

export function transportSummary(): TransportSummary {
	const from = process.env.MAIL_FROM || DEFAULT_FROM;
	const url = process.env.SMTP_URL;
	if (!url) return { address: null, from };
	try {
		const parsed = new URL(url);
		const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
		return { address: `${parsed.protocol}//${user}${parsed.host}`, from };
	} catch {
		// Not a URL nodemailer could use either: say so rather than show what it holds.
		return { address: '?', from };
	}
}

export type TestMailResult =
	| { status: 'sent' | 'kept'; to: string }
	| { status: 'failed'; to: string; reason: MessageKey; detail: string };

/**
 * What a transport's error means for the person who set SMTP_URL, in their words rather than
 * the SMTP client's (nodemailer's error codes and messages).
 */
export function explainFailure(error: unknown): MessageKey {
	const { code, message } = (error ?? {}) as { code?: string; message?: string };
	const text = message ?? String(error);
	if (code === 'EDNS' || /ENOTFOUND|EAI_AGAIN/.test(text)) return 'settings.mail_test.host_unknown';
	if (/ECONNREFUSED/.test(text)) return 'settings.mail_test.refused';
	if (code === 'ETIMEDOUT' || /timeout|ETIMEDOUT/i.test(text)) return 'settings.mail_test.timeout';
	if (code === 'EAUTH') return 'settings.mail_test.auth';
	if (code === 'ETLS' || /SSL|TLS|certificate|wrong version/i.test(text)) {
		return 'settings.mail_test.tls';
	}
	if (code === 'EENVELOPE') return 'settings.mail_test.envelope';
	return 'settings.mail_test.other';
}

/**
 * Sends the admin a message through the configured transport, as every e-mail goes (written to
 * the outbox, then handed to SMTP_URL), and says what became of it. The message is written in
 * the language the admin reads the settings in.
 */
export async function sendTestMail(
	actor: SessionUser | null,
	locale: Locale = 'fr'
): Promise<TestMailResult> {
	if (!actor || !can(actor, 'settings.manage')) throw forbidden();
	const ticket = await rateLimit.hit(TEST_MAIL_PER_USER, rateLimit.userKey(actor.id));
	if (!ticket.allowed) throw new ServiceError('limited', 'settings.mail_test.limited');
	const network = await getNetworkName();
	const { address, from } = transportSummary();
	const row = await mail.queue(db, {
		to: actor.email,
		kind: 'transport_test',
		subject: translate(locale, 'settings.mail_test.subject', { network }),
		text: translate(locale, 'settings.mail_test.body', {
			name: actor.name,
			network,
			transport: address ?? translate(locale, 'settings.mail_test.no_transport'),
			from
		})
	});
	const delivery = await mail.deliver(row);
	if (delivery.status !== 'failed') return { status: delivery.status, to: actor.email };
	const detail = delivery.error instanceof Error ? delivery.error.message : String(delivery.error);
	return {
		status: 'failed',
		to: actor.email,
		reason: explainFailure(delivery.error),
		detail: detail.trim().slice(0, 300)
	};
}
