import { sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { documentHtml, documentTasks, documentText } from '$lib/richtext/document';
import { updateFromJson } from '$lib/richtext/content';
import {
	activity,
	documents,
	documentUpdates,
	documentVersions,
	groupMembers,
	groups,
	objectives,
	organisations,
	settings,
	users,
	type NetworkRole,
	type NewActivityEntry
} from '$lib/server/db/schema';
import { hashPassword } from '$lib/server/auth/password';
import { NETWORK_NAME, settingsChanged } from '$lib/server/settings';
import { DEMO_EMAIL_DOMAIN, DEMO_NETWORK_NAME, DEMO_ORGANISATIONS, DEMO_PEOPLE } from './data';
import { DEMO_DOCUMENTS } from './documents';
import { DEMO_GROUPS } from './groups';
import { seedMeetings } from './meetings';
import { seedHistory } from './history';
import { seedThreads } from './threads';
import { seedFiles } from './files';
import { seedDecisions } from './decisions';
import { seedEvent } from './event';
import { sendLastWeeklyDigests } from './digest';

export const DEMO_PASSWORD = 'route-industrie';

/** One account per network role, the ones to try the demo with. */
export const DEMO_LOGINS: { email: string; role: NetworkRole }[] = [
	{ email: 'admin@maillage.test', role: 'admin' },
	{ email: 'coordination@maillage.test', role: 'coordinator' },
	{ email: 'direction@maillage.test', role: 'director' },
	{ email: 'membre@maillage.test', role: 'member' },
	{ email: 'partenaire@maillage.test', role: 'partner' }
];

/** Inserts the fictional demo network. All or nothing: a failure leaves the database as it was. */
export async function seedDemo(): Promise<void> {
	// argon2 takes tens of milliseconds per hash; everyone shares the same password anyway.
	// Hashed before the transaction so that it is not held open while hashing.
	const passwordHash = await hashPassword(DEMO_PASSWORD);

	await db.transaction(async (tx) => {
		// An instance may already have been named by hand; keep that name.
		await tx
			.insert(settings)
			.values({ key: NETWORK_NAME, value: DEMO_NETWORK_NAME })
			.onConflictDoNothing({ target: settings.key });

		const orgRows = await tx
			.insert(organisations)
			.values(DEMO_ORGANISATIONS.map(({ key: _, ...org }) => org))
			.returning({ id: organisations.id, name: organisations.name });
		const orgIdByKey = new Map(
			DEMO_ORGANISATIONS.map((org) => [org.key, idOf(orgRows, 'name', org.name)])
		);

		const userRows = await tx
			.insert(users)
			.values(
				DEMO_PEOPLE.map((p) => ({
					email: p.email,
					name: p.name,
					role: p.role,
					organisationId: required(orgIdByKey.get(p.organisation), p.organisation),
					passwordHash
				}))
			)
			.returning({ id: users.id, email: users.email });

		const createdAt = daysAgo(120);
		const groupRows = await tx
			.insert(groups)
			.values(
				DEMO_GROUPS.map(({ members: _, objectives: __, ...group }) => ({
					...group,
					createdAt,
					updatedAt: createdAt
				}))
			)
			.returning({ id: groups.id, slug: groups.slug });
		const userId = (local: string) => idOf(userRows, 'email', `${local}@${DEMO_EMAIL_DOMAIN}`);
		const coordinator = userId('coordination');

		await tx.insert(groupMembers).values(
			DEMO_GROUPS.flatMap((group) =>
				group.members.map(([local, role], i) => ({
					groupId: idOf(groupRows, 'slug', group.slug),
					userId: userId(local),
					role,
					joinedAt: daysAgo(110 - i * 7),
					// What happened in the last days stays "new" for everyone, as after a holiday.
					lastSeenAt: daysAgo(6)
				}))
			)
		);

		await tx.insert(objectives).values(
			DEMO_GROUPS.flatMap((group) =>
				group.objectives.map((o, position) => ({
					groupId: idOf(groupRows, 'slug', group.slug),
					title: o.title,
					description: o.description ?? '',
					targetDate: monthsFromNow(o.dueInMonths),
					status: o.status,
					position
				}))
			)
		);

		// A plausible history, so the group pages tell what happened instead of staying blank.
		const history: NewActivityEntry[] = DEMO_GROUPS.flatMap((group) => {
			const groupId = idOf(groupRows, 'slug', group.slug);
			const [leadLocal] = group.members.find(([, role]) => role === 'lead') ?? [];
			const lead = leadLocal ? userId(leadLocal) : coordinator;
			const peopleByLocal = new Map(DEMO_PEOPLE.map((p) => [p.email.split('@')[0], p.name]));
			return [
				{
					groupId,
					actorId: coordinator,
					subjectType: 'group',
					subjectId: groupId,
					verb: 'created',
					label: group.name,
					createdAt
				},
				...group.members.map(([local, role], i) => ({
					groupId,
					actorId: i === 0 ? coordinator : lead,
					subjectType: 'membership',
					subjectId: userId(local),
					verb: 'added',
					label: peopleByLocal.get(local) ?? local,
					after: { role },
					createdAt: daysAgo(110 - i * 7)
				})),
				...group.objectives.map((o, i) => ({
					groupId,
					actorId: lead,
					subjectType: 'objective',
					verb: o.status === 'not_started' ? 'created' : 'status_changed',
					label: o.title,
					after: o.status === 'not_started' ? null : { status: o.status },
					createdAt: daysAgo(group.status === 'archived' ? 60 + i : 4 - Math.min(i, 3))
				}))
			];
		});
		await tx.insert(activity).values(history);
		for (const demo of DEMO_DOCUMENTS) {
			const authorId = userId(demo.author);
			const editedAt = daysAgo(20 - DEMO_DOCUMENTS.indexOf(demo));
			const [row] = await tx
				.insert(documents)
				.values({
					groupId: idOf(groupRows, 'slug', demo.group),
					title: demo.title,
					tags: demo.tags,
					createdById: authorId,
					lastEditorId: authorId,
					createdAt: editedAt,
					lastEditedAt: editedAt,
					html: documentHtml(demo.content),
					plainText: documentText(demo.content),
					tasks: documentTasks(demo.content),
					derivedAt: editedAt
				})
				.returning({ id: documents.id });
			const state = updateFromJson(demo.content);
			await tx
				.insert(documentUpdates)
				.values({ documentId: row.id, data: state, userId: authorId });
			if (demo.versions.length) {
				await tx.insert(documentVersions).values(
					demo.versions.map((name, i) => ({
						documentId: row.id,
						name,
						state,
						html: documentHtml(demo.content),
						createdById: authorId,
						createdAt: new Date(editedAt.getTime() + i * 3_600_000)
					}))
				);
			}
		}

		for (const group of DEMO_GROUPS.filter((g) => g.status === 'archived')) {
			await tx.insert(activity).values({
				groupId: idOf(groupRows, 'slug', group.slug),
				actorId: coordinator,
				subjectType: 'group',
				verb: 'status_changed',
				label: group.name,
				before: { status: 'active' },
				after: { status: 'archived' },
				createdAt: daysAgo(45)
			});
		}
	});
	// The network's name was written by hand above: what was kept of the settings goes.
	settingsChanged();
	await seedMeetings();
	await seedThreads();
	await seedHistory();
	await seedFiles();
	await seedDecisions();
	await seedEvent();
	await sendLastWeeklyDigests();
}

function daysAgo(days: number): Date {
	return new Date(Date.now() - days * 24 * 60 * 60 * 1000);
}

function monthsFromNow(months: number): string {
	const date = new Date();
	date.setMonth(date.getMonth() + months, 15);
	return date.toISOString().slice(0, 10);
}

/** True when nobody has an account yet: the only state in which the demo may be seeded. */
export async function isEmpty(): Promise<boolean> {
	const [row] = await db
		.select({ found: sql<number>`1` })
		.from(users)
		.limit(1);
	return row === undefined;
}

/**
 * Seeds the demo network on an empty instance, then prints the demo accounts, also when the
 * data was already there: whoever starts a demo needs them at every start.
 */
export async function seedDemoIfEmpty(): Promise<boolean> {
	const seeded = await isEmpty();
	if (seeded) await seedDemo();
	console.log(demoLoginsTable());
	return seeded;
}

function demoLoginsTable(): string {
	const width = Math.max(...DEMO_LOGINS.map((l) => l.email.length));
	return [
		'',
		'Comptes de démonstration / demo accounts',
		...DEMO_LOGINS.map((l) => `  ${l.email.padEnd(width)}  ${l.role}`),
		`Mot de passe / password : ${DEMO_PASSWORD}`,
		''
	].join('\n');
}

// A typo in data.ts should fail the seed loudly rather than insert a dangling reference.
function idOf<K extends string>(
	rows: ({ id: string } & Record<K, string>)[],
	key: K,
	value: string
) {
	return required(rows.find((row) => row[key] === value)?.id, value);
}

function required<T>(value: T | undefined, what: string): T {
	if (value === undefined) throw new Error(`Demo data refers to an unknown "${what}"`);
	return value;
}
