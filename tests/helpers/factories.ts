import { db } from '$lib/server/db';
import {
	groupMembers,
	groups,
	organisations,
	themes,
	users,
	type GroupRole,
	type NetworkRole,
	type NewGroup,
	type OrganisationKind
} from '$lib/server/db/schema';
import { hashPassword } from '$lib/server/auth/password';
import type { SessionUser } from '$lib/server/auth/session';

let counter = 0;
const next = () => `${Date.now().toString(36)}${(++counter).toString(36)}`;
export const TEST_PASSWORD = 'correct-horse-battery';
let passwordHash: Promise<string> | undefined;

export async function buildOrganisation(
	overrides: Partial<{ name: string; kind: OrganisationKind; town: string; sector: string }> = {}
) {
	const [org] = await db
		.insert(organisations)
		.values({ name: `Organisation ${next()}`, kind: 'company', town: 'Sélestat', ...overrides })
		.returning();
	return org;
}

/** A person with the given network role; their password is TEST_PASSWORD. */
export async function buildUser(
	overrides: Partial<{
		role: NetworkRole;
		name: string;
		email: string;
		organisationId: string;
	}> = {}
): Promise<SessionUser> {
	passwordHash ??= hashPassword(TEST_PASSWORD);
	const organisationId = overrides.organisationId ?? (await buildOrganisation()).id;
	const id = next();
	const [user] = await db
		.insert(users)
		.values({
			name: `Personne ${id}`,
			email: `p${id}@example.test`,
			role: 'member',
			...overrides,
			organisationId,
			passwordHash: await passwordHash
		})
		.returning();
	const { passwordHash: _, ...safe } = user;
	return safe;
}

/** A group (active and closed unless told otherwise) with the given people in it. */
export async function buildGroup(
	overrides: Partial<Omit<NewGroup, 'id'>> = {},
	members: { user: { id: string }; role: GroupRole }[] = []
) {
	const id = next();
	const theme = overrides.theme ?? 'mobility';
	// A theme the list does not have yet joins it, named as written (the migration seeds the rest).
	await db
		.insert(themes)
		.values({ key: theme, labelFr: theme, labelEn: theme, position: 1000 })
		.onConflictDoNothing();
	const [group] = await db
		.insert(groups)
		.values({ name: `Groupe ${id}`, slug: `groupe-${id}`, ...overrides, theme })
		.returning();
	if (members.length > 0) {
		await db
			.insert(groupMembers)
			.values(members.map((m) => ({ groupId: group.id, userId: m.user.id, role: m.role })));
	}
	return group;
}
