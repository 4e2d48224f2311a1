import { withoutAccents } from '$lib/text';
import { and, asc, count, eq, isNull, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ThemeName } from '$lib/themes';
import { cachedValue } from './cache';
import { db } from '$lib/server/db';
import { groups, themes, type Theme } from '$lib/server/db/schema';
import { forbidden, notFound, ServiceError } from './errors';
import { can, type Actor } from './policy';
import { slugify, uniqueSlug } from './slugs';

/** A theme's two labels, as the admin types them. */
export const themeSchema = z.object({
	labelFr: z.string().trim().min(2, 'validation.too_short').max(60, 'validation.too_long'),
	labelEn: z.string().trim().min(2, 'validation.too_short').max(60, 'validation.too_long')
});
export type ThemeInput = z.output<typeof themeSchema>;

export const themeKeySchema = z.object({ key: z.string().min(1, 'validation.invalid').max(200) });
export const moveSchema = themeKeySchema.extend({
	direction: z.enum(['up', 'down'], 'validation.choose')
});

/** A theme for the admin's list: how many groups are filed under it. */
export type ThemeWithUse = Theme & { groups: number };

/** Every theme, archived ones included, in the admin's order, with how many groups use each. */
export async function list(actor: Actor): Promise<ThemeWithUse[]> {
	if (!can(actor, 'settings.manage')) throw forbidden();
	const used = db
		.select({ theme: groups.theme, n: count().as('n') })
		.from(groups)
		.groupBy(groups.theme)
		.as('used');
	const rows = await db
		.select({ theme: themes, n: used.n })
		.from(themes)
		.leftJoin(used, eq(used.theme, themes.key))
		.orderBy(asc(themes.position), asc(themes.key));
	return rows.map((r) => ({ ...r.theme, groups: Number(r.n ?? 0) }));
}

const keptNames = cachedValue(async () => {
	const rows = await db
		.select({ key: themes.key, fr: themes.labelFr, en: themes.labelEn })
		.from(themes);
	return new Map(rows.map((r) => [r.key, { fr: r.fr, en: r.en }]));
});

/**
 * The labels of every theme, archived ones included (groups may still be filed under them).
 * Read once and kept: pages that show groups all ask. Every change below forgets them.
 */
export function names(): Promise<ReadonlyMap<string, ThemeName>> {
	return keptNames.get();
}

/** A theme's labels, or its key written as it is when the list no longer has it. */
export const nameOf = (all: ReadonlyMap<string, ThemeName>, key: string): ThemeName =>
	all.get(key) ?? { fr: key, en: key };

/** What a group form offers: the active themes in order, and the group's own if archived. */
export async function choices(current?: string) {
	const rows = await db.select().from(themes).orderBy(asc(themes.position), asc(themes.key));
	return rows
		.filter((t) => !t.archivedAt || t.key === current)
		.map((t) => ({ key: t.key, fr: t.labelFr, en: t.labelEn, archived: !!t.archivedAt }));
}

/**
 * Refuses a theme a group may not be filed under: unknown, or archived (unless the group is
 * already under it and keeps it).
 */
export async function assertChoice(key: string, current?: string): Promise<void> {
	const [theme] = await db.select().from(themes).where(eq(themes.key, key));
	if (!theme || (theme.archivedAt && key !== current)) {
		throw new ServiceError('invalid', 'validation.choose', 'theme');
	}
}

/** Labels compared as people read them: "Énergie" and "energie " are the same theme. */
const comparable = (label: string) => withoutAccents(label).trim().toLocaleLowerCase('fr');

async function assertLabelsFree(input: ThemeInput, except?: string) {
	const others = (await db.select().from(themes)).filter((t) => t.key !== except);
	if (others.some((t) => comparable(t.labelFr) === comparable(input.labelFr))) {
		throw new ServiceError('invalid', 'themes.label_taken', 'labelFr');
	}
	if (others.some((t) => comparable(t.labelEn) === comparable(input.labelEn))) {
		throw new ServiceError('invalid', 'themes.label_taken', 'labelEn');
	}
}

async function find(key: string): Promise<Theme> {
	const [theme] = await db.select().from(themes).where(eq(themes.key, key));
	if (!theme) throw notFound();
	return theme;
}

/** Adds a theme at the end of the list; its key comes from its French label and never changes. */
export async function create(actor: Actor, input: ThemeInput): Promise<Theme> {
	if (!can(actor, 'settings.manage')) throw forbidden();
	await assertLabelsFree(input);
	const created = await db.transaction(async (tx) => {
		const keys = await tx.select({ key: themes.key }).from(themes);
		const key = uniqueSlug(slugify(input.labelFr), new Set(keys.map((k) => k.key)));
		const [{ last }] = await tx.select({ last: max(themes.position) }).from(themes);
		const [theme] = await tx
			.insert(themes)
			.values({ key, labelFr: input.labelFr, labelEn: input.labelEn, position: (last ?? 0) + 1 })
			.returning();
		return theme;
	});
	keptNames.forget();
	return created;
}

/** Renames a theme in both languages; the groups filed under it follow. */
export async function rename(actor: Actor, key: string, input: ThemeInput): Promise<void> {
	if (!can(actor, 'settings.manage')) throw forbidden();
	await find(key);
	await assertLabelsFree(input, key);
	await db
		.update(themes)
		.set({ labelFr: input.labelFr, labelEn: input.labelEn })
		.where(eq(themes.key, key));
	keptNames.forget();
}

/** Moves a theme one place up or down; the list is renumbered 1…n on the way. */
export async function move(actor: Actor, key: string, direction: 'up' | 'down'): Promise<void> {
	if (!can(actor, 'settings.manage')) throw forbidden();
	await db.transaction(async (tx) => {
		// Two admins reordering at once take turns: the second sees the first one's order.
		await tx.execute(sql`select pg_advisory_xact_lock(hashtext('themes.order'))`);
		const order = await tx
			.select({ key: themes.key })
			.from(themes)
			.orderBy(asc(themes.position), asc(themes.key));
		const at = order.findIndex((t) => t.key === key);
		if (at < 0) throw notFound();
		const to = direction === 'up' ? at - 1 : at + 1;
		if (to < 0 || to >= order.length) return;
		[order[at], order[to]] = [order[to], order[at]];
		for (const [i, t] of order.entries()) {
			await tx
				.update(themes)
				.set({ position: i + 1 })
				.where(eq(themes.key, t.key));
		}
	});
	keptNames.forget();
}

/** Stops offering a theme to groups; the groups filed under it keep it. */
export async function archive(actor: Actor, key: string): Promise<void> {
	if (!can(actor, 'settings.manage')) throw forbidden();
	await find(key);
	await db
		.update(themes)
		.set({ archivedAt: new Date() })
		.where(and(eq(themes.key, key), isNull(themes.archivedAt)));
	keptNames.forget();
}

export async function restore(actor: Actor, key: string): Promise<void> {
	if (!can(actor, 'settings.manage')) throw forbidden();
	await find(key);
	await db.update(themes).set({ archivedAt: null }).where(eq(themes.key, key));
	keptNames.forget();
}

/** Deletes a theme no group uses; a used one can only be archived (the database refuses too). */
export async function remove(actor: Actor, key: string): Promise<void> {
	if (!can(actor, 'settings.manage')) throw forbidden();
	await find(key);
	const [{ n }] = await db.select({ n: count() }).from(groups).where(eq(groups.theme, key));
	if (n > 0) throw new ServiceError('conflict', 'themes.in_use', 'form');
	try {
		await db.delete(themes).where(eq(themes.key, key));
		keptNames.forget();
	} catch (e) {
		// A group filed under it in the meantime: the foreign key refused the deletion.
		if (isForeignKeyViolation(e)) throw new ServiceError('conflict', 'themes.in_use', 'form');
		throw e;
	}
}

function isForeignKeyViolation(e: unknown): boolean {
	const code = (e as { code?: string })?.code ?? (e as { cause?: { code?: string } })?.cause?.code;
	return code === '23503';
}
