import { describe, expect, it } from 'vitest';
import { networkRoles, type NetworkRole } from '$lib/server/db/schema';
import { can, type Verb, type Verbs } from '$lib/server/policy';

const actor = (role: NetworkRole) => ({ id: `id-${role}`, role, organisationId: 'org' });

/** The verbs asked about the whole network, without a resource. */
type NetworkVerb = { [V in Verb]: Verbs[V] extends undefined ? V : never }[Verb];

// Columns: admin, coordinator, director, member, partner. Typed so that a new network-wide verb
// without a row here fails the type check.
const table: Record<NetworkVerb, [boolean, boolean, boolean, boolean, boolean]> = {
	'admin.view': [true, true, false, false, false],
	'people.manage': [true, false, false, false, false],
	'organisations.manage': [true, false, false, false, false],
	'outbox.read': [true, false, false, false, false],
	'settings.manage': [true, false, false, false, false],
	'invitations.manage': [true, true, false, false, false],
	'dashboard.view': [true, true, true, false, false],
	'report.send': [true, true, false, false, false],
	'directory.view': [true, true, true, true, false],
	'calendar.network': [true, true, true, false, false],
	'groups.create': [true, true, false, false, false]
};

// Who may invite whom: rows are the inviter's role, columns the invited role, same order.
const invite: Record<NetworkRole, [boolean, boolean, boolean, boolean, boolean]> = {
	admin: [true, true, true, true, true],
	coordinator: [false, true, true, true, true],
	director: [false, false, false, false, false],
	member: [false, false, false, false, false],
	partner: [false, false, false, false, false]
};

describe('can', () => {
	it('uses the roles in the order of the table', () => {
		expect(networkRoles).toEqual(['admin', 'coordinator', 'director', 'member', 'partner']);
	});

	for (const [verb, row] of Object.entries(table) as [keyof typeof table, boolean[]][]) {
		for (const [i, role] of networkRoles.entries()) {
			it(`${row[i] ? 'lets' : 'refuses'} ${role} ${verb}`, () => {
				expect(can(actor(role), verb)).toBe(row[i]);
			});
		}
		it(`refuses an anonymous visitor ${verb}`, () => {
			expect(can(null, verb)).toBe(false);
		});
	}

	for (const inviter of networkRoles) {
		for (const [i, invited] of networkRoles.entries()) {
			const allowed = invite[inviter][i];
			it(`${allowed ? 'lets' : 'refuses'} ${inviter} invite ${invited}`, () => {
				expect(can(actor(inviter), 'invitations.create', { role: invited })).toBe(allowed);
			});
		}
	}

	it('refuses an anonymous visitor any invitation', () => {
		for (const role of networkRoles) {
			expect(can(null, 'invitations.create', { role })).toBe(false);
		}
	});
});
