import { requireCan } from '$lib/server/auth/guards';
import { networkRoles } from '$lib/server/db/schema';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import * as invitations from '$lib/server/invitations';
import * as organisations from '$lib/server/organisations';
import { can } from '$lib/server/policy';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';

const idSchema = z.object({ id: z.uuid('validation.invalid') });

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'invitations.manage');
	const rows = await invitations.list(user);
	return {
		invitations: rows.map((r) => ({
			id: r.invitation.id,
			email: r.invitation.email,
			role: r.invitation.role,
			organisation: r.organisation,
			inviter: r.inviter,
			expiresAt: r.invitation.expiresAt,
			createdAt: r.invitation.createdAt,
			status: invitations.statusOf(r.invitation)
		})),
		organisations: (await organisations.listActive()).map((o) => ({ id: o.id, name: o.name })),
		roles: networkRoles.filter((role) => can(user, 'invitations.create', { role })),
		smtp: !!process.env.SMTP_URL
	};
};

export const actions: Actions = {
	invite: async (event) => {
		const user = requireCan(event, 'invitations.manage');
		const parsed = parseForm(invitations.inviteSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			invitations.create(user, parsed.data, event.url.origin, event.locals.locale)
		);
		if (!result.ok) return result.failure;
		return { invited: parsed.data.email };
	},
	revoke: async (event) => {
		const user = requireCan(event, 'invitations.manage');
		const parsed = parseForm(idSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () => invitations.revoke(user, parsed.data.id));
		if (!result.ok) return result.failure;
		return { done: 'invite.revoked_done' as const };
	},
	resend: async (event) => {
		const user = requireCan(event, 'invitations.manage');
		const parsed = parseForm(idSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			invitations.resend(user, parsed.data.id, event.url.origin, event.locals.locale)
		);
		if (!result.ok) return result.failure;
		return { done: 'invite.resent' as const };
	}
};
