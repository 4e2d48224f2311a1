import { redirect } from '@sveltejs/kit';
import { startSession } from '$lib/server/auth/session';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import * as invitations from '$lib/server/invitations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const found = await invitations.findByToken(params.token);
	if (!found) return { status: 'invalid' as const };
	const { invitation, organisation, status, inviter, groups } = found;
	return {
		status,
		email: invitation.email,
		name: invitation.name ?? '',
		role: invitation.role,
		organisation,
		groups,
		inviter: inviter ?? ''
	};
};

export const actions: Actions = {
	default: async ({ request, params, cookies, url, getClientAddress }) => {
		const parsed = parseForm(invitations.acceptSchema, await request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			invitations.accept(params.token, parsed.data, getClientAddress())
		);
		if (!result.ok) return result.failure;
		const { userId, joined, skipped } = result.value;
		await startSession(cookies, url, userId);
		// A group archived or deleted since the invitation is said before going on.
		if (skipped.length > 0) {
			return { welcome: { joined: joined.map((g) => ({ name: g.name, slug: g.slug })), skipped } };
		}
		redirect(303, '/');
	}
};
