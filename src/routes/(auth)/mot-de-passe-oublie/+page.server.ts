import * as accounts from '$lib/server/accounts';
import { invalid, parseForm } from '$lib/server/forms';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, url, locals }) => {
		const parsed = parseForm(accounts.resetRequestSchema, await request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		await accounts.requestPasswordReset(parsed.data.email, url.origin, locals.locale);
		return { sent: true, values: parsed.values };
	}
};
