import { redirect } from '@sveltejs/kit';
import * as accounts from '$lib/server/accounts';
import { startSession } from '$lib/server/auth/session';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const reset = await accounts.findReset(params.token);
	return { valid: !!reset, email: reset?.email ?? '' };
};

export const actions: Actions = {
	default: async ({ request, params, cookies, url }) => {
		const parsed = parseForm(accounts.resetSchema, await request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			accounts.resetPassword(params.token, parsed.data.password)
		);
		if (!result.ok) return result.failure;
		await startSession(cookies, url, result.value);
		redirect(303, '/');
	}
};
