import { Readable } from 'node:stream';
import { and, count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '$lib/server/auth/password';
import { loadDoc } from '$lib/server/collab/persistence/storage';
import { db } from '$lib/server/db';
import {
	actions,
	checkIns,
	activity,
	decisions,
	documents,
	documentVersions,
	eventRegistrations,
	eventSlots,
	files,
	groupMembers,
	groups,
	meetings,
	networkRoles,
	objectives,
	organisations,
	pollOptions,
	polls,
	threadMessages,
	threads,
	users
} from '$lib/server/db/schema';
import { mentionedIds } from '$lib/richtext/render';
import { subjectInfo } from '$lib/server/threads';
import { DEMO_LOGINS, DEMO_PASSWORD, isEmpty, seedDemoIfEmpty } from '$lib/server/demo/seed';
import { getNetworkName } from '$lib/server/settings';
import { sendLastWeeklyDigests } from '$lib/server/demo/digest';
import { dateToParisLocal } from '$lib/server/dates';
import { isWorkingDay } from '$lib/server/demo/working-days';
import { fileStore } from '$lib/server/files/storage';
import { publicEvent, publicSites, publicSlots } from '$lib/server/events/public';
import { latestEvent } from '$lib/server/events/totals';
import { createTestDb } from '../helpers/db';
import { mailsTo } from '../helpers/mail';

async function counts() {
	const [[orgs], [people], [grps], [memberships]] = await Promise.all([
		db.select({ n: count() }).from(organisations),
		db.select({ n: count() }).from(users),
		db.select({ n: count() }).from(groups),
		db.select({ n: count() }).from(groupMembers)
	]);
	return { orgs: orgs.n, people: people.n, groups: grps.n, memberships: memberships.n };
}

async function userByEmail(email: string) {
	const [user] = await db.select().from(users).where(eq(users.email, email));
	return user;
}

describe('demo seed', () => {
	let before: Awaited<ReturnType<typeof counts>>;

	beforeAll(async () => {
		await createTestDb();
		expect(await isEmpty()).toBe(true);
		expect(await seedDemoIfEmpty()).toBe(true);
		before = await counts();
	});

	it('seeds only once: a second call changes nothing', async () => {
		expect(await isEmpty()).toBe(false);
		expect(await seedDemoIfEmpty()).toBe(false);
		expect(await counts()).toEqual(before);
	});

	it('names the network', async () => {
		expect(await getNetworkName()).toBe('Réseau Industries Centre-Alsace');
	});

	it('creates every demo login with its role', async () => {
		expect(DEMO_LOGINS.map((l) => l.role).sort()).toEqual([...networkRoles].sort());
		for (const login of DEMO_LOGINS) {
			const user = await userByEmail(login.email);
			expect(user, login.email).toBeDefined();
			expect(user.role).toBe(login.role);
		}
	});

	it('accepts the demo password', async () => {
		const admin = await userByEmail('admin@maillage.test');
		expect(await verifyPassword(admin.passwordHash, DEMO_PASSWORD)).toBe(true);
		expect(await verifyPassword(admin.passwordHash, 'not-the-password')).toBe(false);
	});

	it('puts the admin in the association and the partner in a partner body', async () => {
		const [admin] = await db
			.select({ kind: organisations.kind })
			.from(users)
			.innerJoin(organisations, eq(organisations.id, users.organisationId))
			.where(eq(users.email, 'admin@maillage.test'));
		expect(admin.kind).toBe('association');
		const [partner] = await db
			.select({ kind: organisations.kind })
			.from(users)
			.innerJoin(organisations, eq(organisations.id, users.organisationId))
			.where(eq(users.email, 'partenaire@maillage.test'));
		expect(partner.kind).not.toBe('company');
	});

	it('covers every network role, with several directors', async () => {
		const rows = await db.select({ role: users.role, n: count() }).from(users).groupBy(users.role);
		const byRole = Object.fromEntries(rows.map((r) => [r.role, r.n]));
		for (const role of networkRoles) expect(byRole[role], role).toBeGreaterThan(0);
		expect(byRole.director).toBeGreaterThan(1);
	});

	it('creates the five working groups and an archived one, each with a lead and objectives', async () => {
		const all = await db.select().from(groups);
		expect(all.map((g) => g.slug).sort()).toEqual([
			'attractivite',
			'mobilites',
			'mutualisation',
			'recrutement-competences',
			'salon-emploi-2025',
			'usines-ouvertes'
		]);
		expect(new Set(all.map((g) => g.color)).size).toBe(6);
		expect(all.filter((g) => g.status === 'archived').map((g) => g.slug)).toEqual([
			'salon-emploi-2025'
		]);
		const active = all.filter((g) => g.status === 'active');
		expect(active.filter((g) => g.joinPolicy === 'closed').map((g) => g.slug)).toEqual([
			'recrutement-competences'
		]);
		for (const group of all) {
			expect(group.purpose?.type, group.slug).toBe('doc');
			const goals = await db.select().from(objectives).where(eq(objectives.groupId, group.id));
			expect(goals.length, group.slug).toBeGreaterThan(0);
			const history = await db.select().from(activity).where(eq(activity.groupId, group.id));
			expect(history.length, group.slug).toBeGreaterThan(0);
			const leads = await db
				.select({ n: count() })
				.from(groupMembers)
				.where(and(eq(groupMembers.groupId, group.id), eq(groupMembers.role, 'lead')));
			expect(leads[0].n, group.slug).toBeGreaterThanOrEqual(1);
		}
	});

	async function membershipsOf(email: string) {
		return db
			.select({ role: groupMembers.role })
			.from(groupMembers)
			.innerJoin(users, eq(users.id, groupMembers.userId))
			.where(eq(users.email, email));
	}

	it('gives the demo accounts the memberships the demo relies on', async () => {
		expect(await membershipsOf('partenaire@maillage.test')).toHaveLength(2);
		const member = (await membershipsOf('membre@maillage.test')).map((m) => m.role).sort();
		expect(member).toEqual(['lead', 'member', 'member']);
		expect(await membershipsOf('direction@maillage.test')).toHaveLength(0);
		expect(await membershipsOf('coordination@maillage.test')).toHaveLength(0);
	});

	it('fills a realistic network', () => {
		expect(before.orgs).toBeGreaterThanOrEqual(10);
		expect(before.people).toBeGreaterThanOrEqual(20);
	});

	it('gives every group realistic documents whose content loads, some with versions', async () => {
		const all = await db.select().from(groups);
		for (const group of all) {
			const docs = await db.select().from(documents).where(eq(documents.groupId, group.id));
			expect(docs.length, group.slug).toBeGreaterThanOrEqual(1);
			for (const doc of docs) {
				const loaded = await loadDoc(doc.id);
				expect(loaded.getXmlFragment('default').length, doc.title).toBeGreaterThan(0);
				expect(doc.plainText.length, doc.title).toBeGreaterThan(0);
			}
		}
		const versions = await db.select().from(documentVersions);
		expect(versions.length).toBeGreaterThan(5);
		const withTasks = await db.select().from(documents);
		expect(withTasks.some((d) => d.tasks.length > 0 && d.tasks.every((t) => t.id))).toBe(true);
	});

	it('gives every active group files whose bytes are stored: PDFs with text, photos', async () => {
		const active = await db.select().from(groups).where(eq(groups.status, 'active'));
		const store = fileStore();
		for (const group of active) {
			const rows = await db.select().from(files).where(eq(files.groupId, group.id));
			expect(rows.length, group.slug).toBeGreaterThanOrEqual(1);
			for (const file of rows) expect(await store.size(file.versionId), file.name).toBe(file.size);
		}
		const all = await db.select().from(files);
		expect(new Set(all.map((f) => f.mime))).toEqual(new Set(['application/pdf', 'image/jpeg']));
		const quote = all.find((f) => f.name.startsWith('Devis Transports Kieffer'))!;
		const bytes = await new Response(
			Readable.toWeb((await store.read(quote.versionId))!) as ReadableStream
		).text();
		expect(bytes).toContain('navette');
		// Dated back with the rest of the year, not all of today.
		expect(all.every((f) => f.createdAt.getTime() < Date.now() - 24 * 60 * 60 * 1000)).toBe(true);
	});

	it('gives every active group decisions from closed proposals, an open proposal and an open date poll', async () => {
		const active = await db.select().from(groups).where(eq(groups.status, 'active'));
		const now = Date.now();
		for (const group of active) {
			const rows = await db.select().from(polls).where(eq(polls.groupId, group.id));
			const open = rows.filter((p) => p.closedAt === null && p.closesAt.getTime() > now);
			expect(open.filter((p) => p.kind === 'proposal').length, group.slug).toBeGreaterThanOrEqual(
				1
			);
			const dates = open.filter((p) => p.kind === 'dates');
			expect(dates, group.slug).toHaveLength(1);
			const slots = await db.select().from(pollOptions).where(eq(pollOptions.pollId, dates[0].id));
			expect(slots.length).toBeGreaterThanOrEqual(2);
			expect(slots.every((s) => s.startsAt!.getTime() > now)).toBe(true);
			const decided = await db.select().from(decisions).where(eq(decisions.groupId, group.id));
			expect(decided.filter((d) => d.pollId !== null).length, group.slug).toBeGreaterThanOrEqual(1);
		}
	});

	it('gives every active group several French threads with nested replies, mentions and links', async () => {
		const active = await db.select().from(groups).where(eq(groups.status, 'active'));
		const subjects = new Set<string>();
		for (const group of active) {
			const list = await db.select().from(threads).where(eq(threads.groupId, group.id));
			expect(list.length, group.slug).toBeGreaterThanOrEqual(3);
			const messages = await db
				.select()
				.from(threadMessages)
				.innerJoin(threads, eq(threads.id, threadMessages.threadId))
				.where(eq(threads.groupId, group.id));
			expect(
				messages.some((m) => m.thread_messages.level > 1),
				group.slug
			).toBe(true);
			const mentioned = messages.flatMap((m) => mentionedIds(m.thread_messages.body));
			expect(mentioned.length, group.slug).toBeGreaterThan(0);
			const linked = list.filter((t) => t.subjectType && t.subjectId);
			expect(linked.length, group.slug).toBeGreaterThan(0);
			for (const thread of linked) {
				const info = await subjectInfo({ type: thread.subjectType!, id: thread.subjectId! });
				expect(info?.groupId, thread.title).toBe(group.id);
				subjects.add(thread.subjectType!);
			}
		}
		expect([...subjects].sort()).toEqual(['action', 'document', 'meeting']);
	});

	it('gives groups past meetings with published minutes, a planned next one, and actions from their notes', async () => {
		const all = await db.select().from(meetings);
		expect(all.some((m) => m.status === 'published' && m.minutesVersionId)).toBe(true);
		expect(all.some((m) => m.status === 'planned' && m.startsAt > new Date())).toBe(true);
		// The actions of the meetings' notes (the year of history before them has no notes).
		const written = (await db.select().from(actions)).filter((a) => a.documentId);
		expect(written.length).toBeGreaterThan(10);
		expect(written.every((a) => a.taskId && a.meetingId)).toBe(true);
		expect(written.some((a) => a.status === 'done')).toBe(true);
		const today = new Date().toISOString().slice(0, 10);
		expect(written.some((a) => a.status !== 'done' && a.dueDate && a.dueDate < today)).toBe(true);
		expect(written.filter((a) => a.ownerId).length).toBe(written.length);
		// The task text lost its mention but kept its words.
		expect(written.map((a) => a.title)).toContain(
			written.find((a) => a.title.startsWith('Envoyer le devis de navette'))?.title
		);
	});

	it('gives the dashboard a year of history: monthly check-ins, meetings and actions done', async () => {
		const rows = await db.select().from(checkIns);
		const groupsWithYear = new Set(rows.map((r) => r.groupId));
		expect(groupsWithYear.size).toBe(5);
		expect(new Set(rows.map((r) => r.period)).size).toBeGreaterThanOrEqual(12);
		expect(rows.some((r) => r.weather === 'off_track')).toBe(true);
		const done = (await db.select().from(actions)).filter((a) => a.status === 'done' && a.closedAt);
		const months = new Set(done.map((a) => a.closedAt!.toISOString().slice(0, 7)));
		expect(months.size).toBeGreaterThanOrEqual(10);
		const held = (await db.select().from(meetings)).filter((m) => m.status === 'held');
		expect(held.length).toBeGreaterThanOrEqual(5 * 9);
	});

	it('looks like a real year: meetings on working days, future notes unwritten, texts that vary', async () => {
		const all = await db.select().from(meetings);
		for (const m of all) {
			const local = dateToParisLocal(m.startsAt);
			expect(isWorkingDay(local.slice(0, 10)), local).toBe(true);
			expect(local.slice(11) >= '08:00' && local.slice(11) <= '17:00', local).toBe(true);
		}
		// The notes of a meeting still to come hold its agenda, not an account of it.
		for (const m of all.filter((m) => m.startsAt > new Date() && m.notesDocumentId)) {
			const [notes] = await db
				.select({ html: documents.html })
				.from(documents)
				.where(eq(documents.id, m.notesDocumentId!));
			expect(notes.html).not.toMatch(/<p>[^<]/);
		}
		const rows = await db.select().from(checkIns).orderBy(checkIns.groupId, checkIns.period);
		for (let i = 1; i < rows.length; i++) {
			if (rows[i].groupId === rows[i - 1].groupId)
				expect(rows[i].moved).not.toBe(rows[i - 1].moved);
		}
		for (const r of rows)
			expect(isWorkingDay(dateToParisLocal(r.createdAt).slice(0, 10))).toBe(true);
		// Each group's actions speak of its own work.
		const titles = new Map<string, Set<string>>();
		for (const a of await db.select().from(actions)) {
			titles.set(a.groupId, (titles.get(a.groupId) ?? new Set()).add(a.title));
		}
		const sets = [...titles.values()].filter((t) => t.size > 3);
		expect(sets.length).toBeGreaterThanOrEqual(5);
		const shared = [...sets[0]].filter((t) => sets.slice(1).some((other) => other.has(t)));
		expect(shared).toEqual([]);
	});

	it('has sent the last weekly digests: a director reads the groups needing attention', async () => {
		const [mail] = await mailsTo('direction@maillage.test', 'digest_weekly');
		expect(mail.subject).toMatch(/^Le point sur les groupes du réseau de la semaine du /);
		expect(mail.text).toContain(
			'Groupes qui demandent de l’attention\n• Attractivité du territoire'
		);
		expect(mail.text).toContain('/tableau-de-bord');
		// A partner who kept the defaults (everything as it happens) has no weekly digest.
		expect(await mailsTo('partenaire@maillage.test', 'digest_weekly')).toEqual([]);
		// The job sends nothing more for that Monday.
		expect(await sendLastWeeklyDigests()).toBe(0);
	});

	it('publishes the open-house event with about thirty sites, four days of slots and registrations in, none over capacity', async () => {
		const event = await publicEvent('route-de-l-industrie-2027');
		expect(event?.status).toBe('open');
		const [sites, slots] = await Promise.all([publicSites(event!.id), publicSlots(event!.id)]);
		expect(sites.length).toBeGreaterThanOrEqual(28);
		expect(new Set(slots.map((s) => s.day)).size).toBe(4);
		expect(slots.filter((s) => s.left === 0).length).toBeGreaterThan(0);
		expect(slots.filter((s) => s.left < s.capacity).length).toBeGreaterThan(100);
		const taken = await db
			.select({
				people: sql<number>`sum(${eventRegistrations.people})::int`,
				capacity: sql<number>`max(${eventSlots.capacity})::int`
			})
			.from(eventRegistrations)
			.innerJoin(eventSlots, eq(eventSlots.id, eventRegistrations.slotId))
			.where(eq(eventRegistrations.status, 'confirmed'))
			.groupBy(eventRegistrations.slotId);
		expect(taken.filter((t) => t.people > t.capacity)).toEqual([]);
		// Last year's edition, its visitors' names erased, is there to compare with.
		const latest = await latestEvent();
		expect(latest?.current.id).toBe(event!.id);
		expect(latest?.previous?.status).toBe('finished');
		expect(latest!.previous!.arrived).toBeGreaterThan(latest!.previous!.registered / 2);
		expect(latest!.previous!.noShowPeople).toBeGreaterThan(0);
		const [{ named }] = await db
			.select({ named: sql<number>`count(*) filter (where ${eventRegistrations.name} <> '')::int` })
			.from(eventRegistrations)
			.where(eq(eventRegistrations.eventId, latest!.previous!.id));
		expect(named).toBe(0);
	});
});
