import * as accounts from '$lib/server/accounts';
import { invalid, parseForm } from '$lib/server/forms';
import { afterAnswer } from '$lib/server/jobs';
import type { Actions } from './$types';
import { publicOrigin } from '$lib/server/origin';

export const actions: Actions = {
	default: async ({ request, locals, getClientAddress }) => {
		const parsed = parseForm(accounts.resetRequestSchema, await request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const { email } = parsed.data;
		const origin = await publicOrigin();
		const ip = getClientAddress();
		// Looked up, limited, stored and mailed after answering: an address with an account would
		// otherwise take longer to answer than one without.
		afterAnswer('password reset request', () =>
			accounts.requestPasswordReset(email, origin, locals.locale, ip)
		);
		return { sent: true, values: parsed.values };
	}
};
