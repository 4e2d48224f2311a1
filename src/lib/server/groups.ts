import { and, eq, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { richTextField } from '$lib/richtext/validate';
import { db } from '$lib/server/db';
import {
	groupMembers,
	groups,
	groupSlugHistory,
	groupStatuses,
	joinPolicies,
	type Group,
	type GroupRole,
	type GroupStatus,
	users
} from '$lib/server/db/schema';
import * as activityLog from './activity';
import { forbidden, notFound, ServiceError } from './errors';
import { can, type Actor, type GroupContext } from './policy';
import { memoised } from './cache';
import { slugify, uniqueSlug } from './slugs';
import { accessChanged } from './events';
import * as themes from './themes';

/** The group form. The theme is the key of one of the network's themes (see themes.ts). */
export const groupSchema = z
	.object({
		name: z.string().trim().min(2, 'validation.too_short').max(80, 'validation.too_long'),
		theme: z.string().min(1, 'validation.choose').max(200, 'validation.choose'),
		description: z.string().trim().max(280, 'validation.too_long').optional().default(''),
		purpose: richTextField.optional(),
		color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'group.color_invalid'),
		joinPolicy: z.enum(joinPolicies, 'validation.choose')
	})
	.transform(({ purpose, ...rest }) => ({ ...rest, purpose: purpose ?? null }));
export type GroupInput = z.output<typeof groupSchema>;

export const statusSchema = z.object({ status: z.enum(groupStatuses, 'validation.choose') });

/** A group as one person sees it: their place in it and what they may do there. */
export interface GroupAccess {
	group: Group;
	membership: GroupRole | null;
	context: GroupContext;
}

/** The person's role in the group, or null; read once per request (see cache.ts). */
export function membershipOf(userId: string, groupId: string): Promise<GroupRole | null> {
	return memoised(`membership:${userId}:${groupId}`, async () => {
		const [row] = await db
			.select({ role: groupMembers.role })
			.from(groupMembers)
			.where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)));
		return row?.role ?? null;
	});
}

function contextOf(group: Group, membership: GroupRole | null): GroupContext {
	return { status: group.status, joinPolicy: group.joinPolicy, membership };
}

/**
 * The group with the person's access, if they may see it. A group they may not see answers
 * "not found", exactly like one that does not exist, so closed groups leak nothing.
 */
export async function access(actor: Actor, groupId: string): Promise<GroupAccess> {
	if (!actor) throw forbidden();
	const group = await byId(groupId);
	if (!group) throw notFound();
	const membership = await membershipOf(actor.id, group.id);
	const context = contextOf(group, membership);
	if (!can(actor, 'group.view', context)) throw notFound();
	return { group, membership, context };
}

/** A group's row, read once per request (the layout, the page and their services all ask). */
export function byId(groupId: string): Promise<Group | undefined> {
	return memoised(`group:${groupId}`, async () => {
		const [group] = await db.select().from(groups).where(eq(groups.id, groupId));
		return group;
	});
}

/**
 * Finds a group by its slug, or by a slug it had before a rename (then `movedTo` is the current
 * slug, for a permanent redirect). Undefined when there is no such group.
 */
export function resolveSlug(slug: string): Promise<{ id: string; movedTo?: string } | undefined> {
	return memoised(`slug:${slug}`, () => findSlug(slug));
}

async function findSlug(slug: string): Promise<{ id: string; movedTo?: string } | undefined> {
	const [current] = await db.select({ id: groups.id }).from(groups).where(eq(groups.slug, slug));
	if (current) return { id: current.id };
	const [old] = await db
		.select({ id: groups.id, slug: groups.slug })
		.from(groupSlugHistory)
		.innerJoin(groups, eq(groups.id, groupSlugHistory.groupId))
		.where(eq(groupSlugHistory.slug, slug));
	return old ? { id: old.id, movedTo: old.slug } : undefined;
}

/**
 * Every group with the person's role in it (null where they are not a member), read once per
 * request: the board asks for it from each of its parts, the header and the pages from theirs.
 */
export function groupsWithRole(userId: string) {
	// Awaited here: a Drizzle query runs again each time it is awaited, a promise does not.
	return memoised(
		`groups-with-role:${userId}`,
		async () =>
			await db
				.select({ group: groups, membership: groupMembers.role })
				.from(groups)
				.leftJoin(
					groupMembers,
					and(eq(groupMembers.groupId, groups.id), eq(groupMembers.userId, userId))
				)
	);
}

/** Groups the person may see, with their own role in each, sorted by name. */
export async function listVisible(actor: NonNullable<Actor>) {
	const rows = await groupsWithRole(actor.id);
	const collator = new Intl.Collator('fr');
	return rows
		.map((r) => ({ ...r, membership: r.membership ?? null }))
		.filter(
			(r) =>
				// A closed group is listed to those who may ask to join it, not opened to them.
				can(actor, 'group.view', contextOf(r.group, r.membership)) ||
				can(actor, 'group.request_to_join', contextOf(r.group, r.membership))
		)
		.map((r) => ({
			...r,
			canView: can(actor, 'group.view', contextOf(r.group, r.membership))
		}))
		.sort((a, b) => collator.compare(a.group.name, b.group.name));
}

/** Slugs in use, now or before a rename; a group's own former slugs stay free for it. */
async function takenSlugs(exceptGroupId?: string): Promise<Set<string>> {
	const [current, old] = await Promise.all([
		db.select({ slug: groups.slug }).from(groups),
		db
			.select({ slug: groupSlugHistory.slug })
			.from(groupSlugHistory)
			.where(exceptGroupId ? ne(groupSlugHistory.groupId, exceptGroupId) : undefined)
	]);
	return new Set([...current, ...old].map((r) => r.slug));
}

async function nameTaken(name: string, exceptId?: string): Promise<boolean> {
	const rows = await db
		.select({ id: groups.id })
		.from(groups)
		.where(sql`lower(${groups.name}) = lower(${name})`);
	return rows.some((r) => r.id !== exceptId);
}

/**
 * Creates a group, with its first lead when one is named. Its creator is not made a member:
 * the coordinator who sets groups up usually does not take part in them.
 */
export async function create(actor: Actor, input: GroupInput, leadId?: string): Promise<Group> {
	if (!actor || !can(actor, 'groups.create')) throw forbidden();
	if (await nameTaken(input.name)) throw new ServiceError('invalid', 'group.name_taken', 'name');
	await themes.assertChoice(input.theme);
	let lead: { id: string; name: string } | undefined;
	if (leadId) {
		[lead] = await db
			.select({ id: users.id, name: users.name })
			.from(users)
			.where(and(eq(users.id, leadId), isNull(users.disabledAt)));
		if (!lead) throw new ServiceError('invalid', 'validation.choose', 'leadId');
	}
	const slug = uniqueSlug(slugify(input.name), await takenSlugs());
	return db.transaction(async (tx) => {
		const [group] = await tx
			.insert(groups)
			.values({ ...input, slug })
			.returning();
		if (lead) {
			await tx.insert(groupMembers).values({ groupId: group.id, userId: lead.id, role: 'lead' });
			await activityLog.record(tx, {
				groupId: group.id,
				actorId: actor.id,
				subjectType: 'membership',
				subjectId: lead.id,
				verb: 'added',
				label: lead.name,
				after: { role: 'lead' }
			});
		}
		await activityLog.record(tx, {
			groupId: group.id,
			actorId: actor.id,
			subjectType: 'group',
			subjectId: group.id,
			verb: 'created',
			label: group.name,
			after: { name: group.name, theme: group.theme, joinPolicy: group.joinPolicy }
		});
		return group;
	});
}

/** JSON with sorted keys: jsonb gives objects back with their keys in its own order. */
function canonicalJson(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: v
	);
}

const TRACKED: (keyof GroupInput)[] = ['name', 'theme', 'description', 'color', 'joinPolicy'];

/** Edits the group; a new name gives a new slug and the old one keeps redirecting. */
export async function update(actor: Actor, groupId: string, input: GroupInput): Promise<Group> {
	const { group, context } = await access(actor, groupId);
	if (!can(actor, 'group.edit', context)) throw forbidden();
	if (await nameTaken(input.name, group.id))
		throw new ServiceError('invalid', 'group.name_taken', 'name');
	await themes.assertChoice(input.theme, group.theme);
	let slug = group.slug;
	if (input.name !== group.name && slugify(input.name) !== slugify(group.name)) {
		slug = uniqueSlug(slugify(input.name), await takenSlugs(group.id));
	}
	const before: Record<string, unknown> = {};
	const after: Record<string, unknown> = {};
	for (const key of TRACKED) {
		if (group[key] !== input[key]) {
			before[key] = group[key];
			after[key] = input[key];
		}
	}
	if (canonicalJson(group.purpose) !== canonicalJson(input.purpose)) {
		before.purpose = true;
		after.purpose = true;
	}
	return db.transaction(async (tx) => {
		if (slug !== group.slug) {
			await tx.insert(groupSlugHistory).values({ slug: group.slug, groupId: group.id });
			// A slug given back by a later rename must point at the group again, not at history.
			await tx.delete(groupSlugHistory).where(eq(groupSlugHistory.slug, slug));
		}
		const [updated] = await tx
			.update(groups)
			.set({ ...input, slug, updatedAt: new Date() })
			.where(eq(groups.id, group.id))
			.returning();
		if (Object.keys(after).length > 0) {
			await activityLog.record(tx, {
				groupId: group.id,
				actorId: actor!.id,
				subjectType: 'group',
				subjectId: group.id,
				verb: 'updated',
				label: updated.name,
				before,
				after
			});
		}
		return updated;
	});
}

/** Pauses, archives or reopens a group. Nothing in it is ever deleted. */
export async function setStatus(actor: Actor, groupId: string, status: GroupStatus) {
	const { group, context } = await access(actor, groupId);
	if (!can(actor, 'group.change_status', context)) throw forbidden();
	if (group.status === status) return group;
	const result = await db.transaction(async (tx) => {
		const [updated] = await tx
			.update(groups)
			.set({ status, updatedAt: new Date() })
			.where(eq(groups.id, group.id))
			.returning();
		await activityLog.record(tx, {
			groupId: group.id,
			actorId: actor!.id,
			subjectType: 'group',
			subjectId: group.id,
			verb: 'status_changed',
			label: group.name,
			before: { status: group.status },
			after: { status }
		});
		return updated;
	});
	accessChanged({ groupId: group.id });
	return result;
}

/** The groups a person belongs to, with their role and when they last looked. */
export async function membershipsOf(userId: string) {
	return db
		.select({ group: groups, role: groupMembers.role, lastSeenAt: groupMembers.lastSeenAt })
		.from(groupMembers)
		.innerJoin(groups, eq(groups.id, groupMembers.groupId))
		.where(eq(groupMembers.userId, userId));
}

/** How many people each group has. */
export async function memberCounts(): Promise<Map<string, number>> {
	const rows = await db
		.select({ groupId: groupMembers.groupId, n: sql<number>`count(*)::int` })
		.from(groupMembers)
		.groupBy(groupMembers.groupId);
	return new Map(rows.map((r) => [r.groupId, r.n]));
}

/**
 * The active people who may read the group, with their role in it: who a message there can
 * mention and notify. Members come first, then the others by name.
 */
export async function readers(groupId: string) {
	return readersWhere(groupId);
}

/**
 * Those of `ids` who may read the group, as `readers` lists them: a task item's mention gives an
 * action only to one of them.
 */
export async function readersAmong(groupId: string, ids: string[]) {
	if (ids.length === 0) return [];
	return readersWhere(groupId, { where: inArray(users.id, ids) });
}

/**
 * The group's readers, as `readers` lists them, among those `where` allows; with `limit`, no
 * more than that many (enough to know whether there are more: which ones is then arbitrary).
 */
export async function readersWhere(groupId: string, options: { where?: SQL; limit?: number } = {}) {
	const [group] = await db.select().from(groups).where(eq(groups.id, groupId));
	if (!group) return [];
	const member = sql`${groupMembers.role} is not null`;
	// Those the policy may let in, so that a large network is not read whole: everyone but
	// partners for an open group, else those who read every group; members always. The policy
	// then decides, person by person.
	const candidates =
		group.joinPolicy === 'open'
			? or(ne(users.role, 'partner'), member)
			: or(inArray(users.role, ['admin', 'coordinator', 'director']), member);
	const query = db
		.select({
			id: users.id,
			name: users.name,
			role: users.role,
			organisationId: users.organisationId,
			membership: groupMembers.role
		})
		.from(users)
		.leftJoin(
			groupMembers,
			and(eq(groupMembers.userId, users.id), eq(groupMembers.groupId, groupId))
		)
		.where(and(isNull(users.disabledAt), candidates, options.where))
		.$dynamic();
	const rows = await (options.limit === undefined ? query : query.limit(options.limit));
	const collator = new Intl.Collator('fr');
	return rows
		.map((r) => ({ ...r, membership: r.membership ?? null }))
		.filter((r) => can(r, 'group.view', contextOf(group, r.membership)))
		.sort(
			(a, b) =>
				Number(b.membership !== null) - Number(a.membership !== null) ||
				collator.compare(a.name, b.name)
		);
}

/** Whether the network has any working group at all, archived ones included. */
export async function anyExists(): Promise<boolean> {
	const [row] = await db.select({ id: groups.id }).from(groups).limit(1);
	return !!row;
}
