import { describe, expect, it } from 'vitest';
import {
	groupRoles,
	groupStatuses,
	joinPolicies,
	networkRoles,
	type GroupRole,
	type NetworkRole
} from '$lib/server/db/schema';
import { can, type GroupContext, type Verb, type Verbs } from '$lib/server/policy';

const actor = (role: NetworkRole) => ({ id: `id-${role}`, role, organisationId: 'org' });

/** The verbs about the group itself (meetings, actions… have their own tables). */
type GroupVerb = Extract<
	{ [V in Verb]: Verbs[V] extends GroupContext ? V : never }[Verb],
	`group.${string}`
>;

const memberships = [...groupRoles, null] as const;

/**
 * The columns of one membership block, in this order: active/open, active/closed, paused/open,
 * paused/closed, archived/open, archived/closed.
 */
const columns = groupStatuses.flatMap((status) =>
	joinPolicies.map((joinPolicy) => ({ status, joinPolicy }))
);

/**
 * For each verb and network role, four blocks of six columns: the person is the group's lead,
 * a member, an observer, or not in it. `Y` allowed, `.` refused. Typed so that a new group verb
 * without a table here fails the type check.
 *
 *        lead   member observer outsider
 */
const table: Record<GroupVerb, Record<NetworkRole, string>> = {
	'group.view': {
		admin: 'YYYYYY YYYYYY YYYYYY YYYYYY',
		coordinator: 'YYYYYY YYYYYY YYYYYY YYYYYY',
		director: 'YYYYYY YYYYYY YYYYYY YYYYYY',
		member: 'YYYYYY YYYYYY YYYYYY Y.Y.Y.',
		partner: 'YYYYYY YYYYYY YYYYYY ......'
	},
	'group.edit': {
		admin: 'YYYY.. YYYY.. YYYY.. YYYY..',
		coordinator: 'YYYY.. YYYY.. YYYY.. YYYY..',
		director: 'YYYY.. ...... ...... ......',
		member: 'YYYY.. ...... ...... ......',
		partner: 'YYYY.. ...... ...... ......'
	},
	// The check-in is the leads' (or the coordination's), until the group is archived.
	'group.check_in': {
		admin: 'YYYY.. YYYY.. YYYY.. YYYY..',
		coordinator: 'YYYY.. YYYY.. YYYY.. YYYY..',
		director: 'YYYY.. ...... ...... ......',
		member: 'YYYY.. ...... ...... ......',
		partner: 'YYYY.. ...... ...... ......'
	},
	'group.change_status': {
		admin: 'YYYYYY YYYYYY YYYYYY YYYYYY',
		coordinator: 'YYYYYY YYYYYY YYYYYY YYYYYY',
		director: '...... ...... ...... ......',
		member: '...... ...... ...... ......',
		partner: '...... ...... ...... ......'
	},
	'group.manage_members': {
		admin: 'YYYY.. YYYY.. YYYY.. YYYY..',
		coordinator: 'YYYY.. YYYY.. YYYY.. YYYY..',
		director: 'YYYY.. ...... ...... ......',
		member: 'YYYY.. ...... ...... ......',
		partner: 'YYYY.. ...... ...... ......'
	},
	// Directors follow every group read-only; a lead or the coordination may still add them.
	'group.join': {
		admin: '...... ...... ...... Y.....',
		coordinator: '...... ...... ...... Y.....',
		director: '...... ...... ...... ......',
		member: '...... ...... ...... Y.....',
		partner: '...... ...... ...... ......'
	},
	'group.request_to_join': {
		admin: '...... ...... ...... .Y....',
		coordinator: '...... ...... ...... .Y....',
		director: '...... ...... ...... ......',
		member: '...... ...... ...... .Y....',
		partner: '...... ...... ...... ......'
	},
	// Nothing in an archived group changes, its member list included.
	'group.leave': {
		admin: 'YYYY.. YYYY.. YYYY.. ......',
		coordinator: 'YYYY.. YYYY.. YYYY.. ......',
		director: 'YYYY.. YYYY.. YYYY.. ......',
		member: 'YYYY.. YYYY.. YYYY.. ......',
		partner: 'YYYY.. YYYY.. YYYY.. ......'
	},
	'group.contribute': {
		admin: 'YYYY.. YYYY.. YYYY.. YYYY..',
		coordinator: 'YYYY.. YYYY.. YYYY.. YYYY..',
		director: 'YYYY.. YYYY.. ...... ......',
		member: 'YYYY.. YYYY.. ...... ......',
		partner: 'YYYY.. YYYY.. ...... ......'
	}
};

/** Every (verb, role, context, expected) of the table, with a readable name. */
function cases() {
	return (Object.entries(table) as [GroupVerb, Record<NetworkRole, string>][]).flatMap(
		([verb, rows]) =>
			networkRoles.flatMap((role) => {
				const cells = rows[role].replace(/ /g, '');
				return memberships.flatMap((membership, m) =>
					columns.map(({ status, joinPolicy }, c) => {
						const context: GroupContext = { status, joinPolicy, membership };
						const allowed = cells[m * columns.length + c] === 'Y';
						const name = `${allowed ? 'lets' : 'refuses'} ${role} (${membership ?? 'outsider'}) ${verb} on an ${status} ${joinPolicy} group`;
						return { name, verb, role, context, allowed };
					})
				);
			})
	);
}

describe('can, for one group', () => {
	it('reads the table in the order of the enums', () => {
		expect(networkRoles).toEqual(['admin', 'coordinator', 'director', 'member', 'partner']);
		expect(groupRoles).toEqual(['lead', 'member', 'observer']);
		expect(groupStatuses).toEqual(['active', 'paused', 'archived']);
		expect(joinPolicies).toEqual(['open', 'closed']);
	});

	it('has one cell per membership, status and join policy in every row', () => {
		for (const [verb, rows] of Object.entries(table)) {
			for (const role of networkRoles)
				expect(rows[role], `${verb} ${role}`).toMatch(/^([Y.]{6} ){3}[Y.]{6}$/);
		}
	});

	it.each(cases().map((c) => [c.name, c] as const))('%s', (_, { verb, role, context, allowed }) => {
		expect(can(actor(role), verb, context)).toBe(allowed);
	});

	it('refuses an anonymous visitor every group verb', () => {
		for (const verb of Object.keys(table) as GroupVerb[]) {
			for (const membership of memberships) {
				for (const { status, joinPolicy } of columns) {
					expect(can(null, verb, { status, joinPolicy, membership }), verb).toBe(false);
				}
			}
		}
	});
});

describe('what the table means', () => {
	const every = (role: NetworkRole, verb: GroupVerb, membership: GroupRole | null) =>
		columns.map((c) => can(actor(role), verb, { ...c, membership }));

	it('shows a partner only the groups they are in', () => {
		expect(every('partner', 'group.view', null)).toEqual(columns.map(() => false));
		for (const role of groupRoles) {
			expect(every('partner', 'group.view', role)).toEqual(columns.map(() => true));
		}
	});

	it('shows a director every group, read-only', () => {
		expect(every('director', 'group.view', null)).toEqual(columns.map(() => true));
		for (const verb of [
			'group.edit',
			'group.manage_members',
			'group.contribute',
			'group.join',
			'group.request_to_join'
		] as const) {
			expect(every('director', verb, null), verb).toEqual(columns.map(() => false));
		}
		expect(every('director', 'group.change_status', null)).toEqual(columns.map(() => false));
	});

	it('shows a member the open groups and the closed ones they are in', () => {
		expect(every('member', 'group.view', null)).toEqual(
			columns.map((c) => c.joinPolicy === 'open')
		);
		expect(every('member', 'group.view', 'observer')).toEqual(columns.map(() => true));
	});

	it('keeps an archived group read-only for everyone, staff and leads included', () => {
		const writes = [
			'group.edit',
			'group.manage_members',
			'group.contribute',
			'group.join',
			'group.request_to_join',
			'group.leave'
		] as const;
		for (const role of networkRoles) {
			for (const membership of memberships) {
				for (const joinPolicy of joinPolicies) {
					const context = { status: 'archived' as const, joinPolicy, membership };
					for (const verb of writes) expect(can(actor(role), verb, context), verb).toBe(false);
					expect(can(actor(role), 'group.change_status', context)).toBe(
						role === 'admin' || role === 'coordinator'
					);
				}
			}
		}
	});

	it('lets only the staff change a status, never a lead', () => {
		for (const role of ['director', 'member', 'partner'] as const) {
			expect(every(role, 'group.change_status', 'lead')).toEqual(columns.map(() => false));
		}
	});

	it('keeps observers from writing but lets them leave', () => {
		const context = { status: 'active', joinPolicy: 'open', membership: 'observer' } as const;
		expect(can(actor('member'), 'group.contribute', context)).toBe(false);
		expect(can(actor('member'), 'group.edit', context)).toBe(false);
		expect(can(actor('member'), 'group.leave', context)).toBe(true);
	});
});
