import { describe, expect, it } from 'vitest';
import { groupRoles, groupStatuses, joinPolicies, networkRoles } from '$lib/server/db/schema';
import { can } from '$lib/server/policy';

const actor = (role: (typeof networkRoles)[number]) => ({ id: 'x', role, organisationId: 'o' });

describe('who may name a group in an invitation', () => {
	for (const role of networkRoles) {
		for (const status of groupStatuses) {
			for (const membership of [...groupRoles, null]) {
				// Only the coordination invites, into any group but an archived one; a group's own
				// lead does not (an invitation opens an account in the network).
				const allowed = (role === 'admin' || role === 'coordinator') && status !== 'archived';
				it(`${allowed ? 'lets' : 'refuses'} ${role} (${membership ?? 'outsider'}) into a ${status} group`, () => {
					for (const joinPolicy of joinPolicies) {
						expect(
							can(actor(role), 'invitations.add_to_group', { status, joinPolicy, membership })
						).toBe(allowed);
					}
				});
			}
		}
	}

	it('refuses an anonymous visitor', () => {
		expect(
			can(null, 'invitations.add_to_group', {
				status: 'active',
				joinPolicy: 'open',
				membership: null
			})
		).toBe(false);
	});
});
