import { error, fail, type ActionFailure } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';

export type ServiceErrorKind = 'forbidden' | 'not_found' | 'invalid' | 'conflict' | 'limited';

/**
 * What services throw when they refuse. Routes turn it into a 403/404 page or a form failure
 * with a localised message next to `field`.
 */
export class ServiceError extends Error {
	constructor(
		readonly kind: ServiceErrorKind,
		readonly messageKey: MessageKey,
		readonly field: string = 'form'
	) {
		super(`${kind}: ${messageKey}`);
		this.name = 'ServiceError';
	}
}

export const forbidden = () => new ServiceError('forbidden', 'error.forbidden');
export const notFound = () => new ServiceError('not_found', 'error.not_found');

export type Failure = ActionFailure<{
	values: Record<string, string>;
	errors: Record<string, MessageKey>;
}>;

/**
 * Runs a service call from a form action: refusals become `error(403/404)`, invalid input a
 * `fail(400)` that keeps what the person typed, too many attempts a `fail(429)` that keeps it too.
 */
export async function attempt<T>(
	values: Record<string, string>,
	fn: () => Promise<T>
): Promise<{ ok: true; value: T } | { ok: false; failure: Failure }> {
	try {
		return { ok: true, value: await fn() };
	} catch (e) {
		if (e instanceof ServiceError) {
			if (e.kind === 'forbidden') error(403, { message: e.messageKey });
			if (e.kind === 'not_found') error(404, { message: e.messageKey });
			const errors: Record<string, MessageKey> = { [e.field]: e.messageKey };
			const status = e.kind === 'conflict' ? 409 : e.kind === 'limited' ? 429 : 400;
			return { ok: false, failure: fail(status, { values, errors }) };
		}
		throw e;
	}
}

/**
 * A service call from a load or an endpoint: a refusal becomes the 403 or 404 page (anything
 * else the service said, a 400), never an unexpected error.
 */
export async function orErrorPage<T>(work: Promise<T>): Promise<T> {
	try {
		return await work;
	} catch (e) {
		if (!(e instanceof ServiceError)) throw e;
		const status = e.kind === 'forbidden' ? 403 : e.kind === 'not_found' ? 404 : 400;
		error(status, { message: e.messageKey });
	}
}
