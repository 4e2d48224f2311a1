import { requireCan } from '$lib/server/auth/guards';
import { groupRoles, networkRoles } from '$lib/server/db/schema';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import * as invitationGroups from '$lib/server/invitations/groups';
import * as invitations from '$lib/server/invitations';
import * as organisations from '$lib/server/organisations';
import { can } from '$lib/server/policy';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { publicOrigin } from '$lib/server/origin';

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
			groups: r.groups,
			inviter: r.inviter,
			expiresAt: r.invitation.expiresAt,
			createdAt: r.invitation.createdAt,
			status: invitations.statusOf(r.invitation)
		})),
		organisations: (await organisations.listActive()).map((o) => ({ id: o.id, name: o.name })),
		roles: networkRoles.filter((role) => can(user, 'invitations.create', { role })),
		groups: await invitationGroups.choices(user),
		groupRoles,
		outbox: can(user, 'outbox.read'),
		smtp: !!process.env.SMTP_URL
	};
};

export const actions: Actions = {
	invite: async (event) => {
		const user = requireCan(event, 'invitations.manage');
		const form = await event.request.formData();
		const parsed = parseForm(invitations.inviteSchema, form);
		const groups = invitationGroups.readChoices(form);
		const values = {
			...parsed.values,
			...(groups.ok ? invitationGroups.choiceValues(groups.choices) : {})
		};
		if (!parsed.ok || !groups.ok) {
			return invalid(values, {
				...(!parsed.ok && parsed.errors),
				...(!groups.ok && { groups: groups.error })
			});
		}
		const origin = await publicOrigin();
		const result = await attempt(values, () =>
			invitations.create(user, parsed.data, origin, event.locals.locale, groups.choices)
		);
		if (!result.ok) return result.failure;
		return { invited: parsed.data.email, messageId: result.value.messageId };
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
		const origin = await publicOrigin();
		const result = await attempt(parsed.values, () =>
			invitations.resend(user, parsed.data.id, origin, event.locals.locale)
		);
		if (!result.ok) return result.failure;
		return { done: 'invite.resent' as const };
	}
};
