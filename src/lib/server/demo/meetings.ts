import { eq, inArray } from 'drizzle-orm';
import { documentHtml, documentTasks, documentText } from '$lib/richtext/document';
import type { RichNode } from '$lib/richtext/types';
import { syncNotesToActions } from '$lib/server/actions/notes';
import { updateFromJson } from '$lib/richtext/content';
import { db } from '$lib/server/db';
import {
	documents,
	documentUpdates,
	documentVersions,
	groupMembers,
	groups,
	meetingAttendees,
	meetings,
	organisations,
	users,
	type AgendaItem
} from '$lib/server/db/schema';
import { addDays, todayInParis } from '$lib/server/dates';
import { agendaLine } from '$lib/server/meetings';
import { DEMO_EMAIL_DOMAIN } from './data';
import { workingDay, workingDayAt, workingDaysAfter } from './working-days';
import { MEETINGS, type DemoTask } from './meeting-texts';

// The meetings' texts live in meeting-texts.ts; this file writes them with their notes.

const frDate = (d: Date) =>
	new Intl.DateTimeFormat('fr-FR', {
		timeZone: 'Europe/Paris',
		day: '2-digit',
		month: '2-digit'
	}).format(d);

export async function seedMeetings(): Promise<void> {
	const slugs = [...new Set(MEETINGS.map((m) => m.group))];
	const groupRows = await db.select().from(groups).where(inArray(groups.slug, slugs));
	const people = await db
		.select({ id: users.id, email: users.email, name: users.name })
		.from(users);
	const orgs = await db
		.select({ id: organisations.id, name: organisations.name })
		.from(organisations);
	const [coordinator] = people.filter((p) => p.email === `coordination@${DEMO_EMAIL_DOMAIN}`);
	const person = (local: string) =>
		people.find((p) => p.email === `${local}@${DEMO_EMAIL_DOMAIN}`)!;
	const ownerNames = new Map(people.map((p) => [p.id, p.name]));
	let counter = 0;
	const seeded: { documentId: string; tasks: ReturnType<typeof documentTasks>; at: Date }[] = [];

	await db.transaction(async (tx) => {
		for (const m of MEETINGS) {
			const group = groupRows.find((g) => g.slug === m.group)!;
			// On a working day, at a time people meet: half past nine.
			const startsAt = workingDayAt(m.inDays, '09:30');
			const past = m.inDays < 0;
			const agenda: AgendaItem[] = m.agenda.map((item) => ({
				title: item.title,
				minutes: item.minutes,
				ownerId: item.owner ? person(item.owner).id : null
			}));
			const t = (text: string): RichNode => ({ type: 'text', text });
			const p = (...content: RichNode[]): RichNode => ({ type: 'paragraph', content });
			const h = (text: string, level = 2): RichNode => ({
				type: 'heading',
				attrs: { level },
				content: [t(text)]
			});
			const content: RichNode = {
				type: 'doc',
				content: [
					h(m.title, 1),
					// What was said is written after a meeting; the notes of the next one wait for it.
					...agenda.flatMap((item, i) => {
						const said = past ? m.agenda[i].said : undefined;
						return [h(agendaLine(item, ownerNames)), said ? p(t(said)) : p()];
					}),
					h('Décisions'),
					m.decisions.length
						? {
								type: 'bulletList',
								content: m.decisions.map((d) => ({ type: 'listItem', content: [p(t(d))] }))
							}
						: { type: 'paragraph' },
					h('Actions'),
					{
						type: 'taskList',
						content: (m.tasks.length ? m.tasks : [{ text: '' } as DemoTask]).map((task) => {
							const parts: RichNode[] = task.text ? [t(`${task.text} `)] : [];
							if (task.owner) {
								const owner = person(task.owner);
								parts.push({ type: 'mention', attrs: { id: owner.id, label: owner.name } });
							}
							if (task.dueInDays !== undefined) {
								const due = workingDay(addDays(todayInParis(startsAt), task.dueInDays));
								parts.push(t(` avant le ${due.slice(8)}/${due.slice(5, 7)}`));
							}
							return {
								type: 'taskItem',
								attrs: {
									checked: !!task.done,
									taskId: `meet${(++counter).toString(36).padStart(4, '0')}`
								},
								content: [parts.length ? p(...parts) : { type: 'paragraph' }]
							};
						})
					},
					// As editors keep it: see the notes template in meetings.ts.
					{ type: 'paragraph' }
				]
			};
			const notesPrepared = new Date(Date.now() - 2 * 86_400_000);
			const [notes] = await tx
				.insert(documents)
				.values({
					groupId: group.id,
					title: `Notes de la réunion — ${m.title} — ${frDate(startsAt)}`,
					kind: 'notes',
					createdById: coordinator.id,
					lastEditorId: coordinator.id,
					// Notes of a planned meeting were prepared before it, not on its future date.
					createdAt: past ? startsAt : notesPrepared,
					lastEditedAt: past ? startsAt : notesPrepared,
					html: documentHtml(content),
					plainText: documentText(content),
					tasks: documentTasks(content),
					derivedAt: past ? startsAt : notesPrepared
				})
				.returning({ id: documents.id });
			const state = updateFromJson(content);
			await tx
				.insert(documentUpdates)
				.values({ documentId: notes.id, data: state, userId: coordinator.id });
			let minutesVersionId: string | null = null;
			if (past) {
				const [version] = await tx
					.insert(documentVersions)
					.values({
						documentId: notes.id,
						name: 'Compte rendu',
						state,
						html: documentHtml(content),
						createdById: coordinator.id,
						createdAt: workingDaysAfter(startsAt, 2, '09:00')
					})
					.returning({ id: documentVersions.id });
				minutesVersionId = version.id;
			}
			const host = orgs.find((o) => o.name === m.host);
			const [meeting] = await tx
				.insert(meetings)
				.values({
					groupId: group.id,
					title: m.title,
					startsAt,
					endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
					placeKind: host ? 'organisation' : 'address',
					placeOrganisationId: host?.id ?? null,
					agenda,
					status: past ? 'published' : 'planned',
					notesDocumentId: notes.id,
					minutesVersionId,
					createdById: coordinator.id,
					createdAt: new Date(startsAt.getTime() - 20 * 86_400_000),
					publishedAt: past ? workingDaysAfter(startsAt, 2, '09:00') : null
				})
				.returning({ id: meetings.id });
			const members = await tx
				.select({ userId: groupMembers.userId })
				.from(groupMembers)
				.where(eq(groupMembers.groupId, group.id));
			await tx.insert(meetingAttendees).values(
				members.map(({ userId }, i) => ({
					meetingId: meeting.id,
					userId,
					response: past
						? ('attending' as const)
						: i % 3 === 0
							? ('pending' as const)
							: ('attending' as const),
					attendance: past ? (i % 4 === 3 ? ('excused' as const) : ('present' as const)) : null,
					respondedAt: past || i % 3 ? startsAt : null
				}))
			);
			seeded.push({ documentId: notes.id, tasks: documentTasks(content), at: startsAt });
		}
	});
	// The task items of the notes become the group's actions, dated from when they were written.
	for (const notes of seeded)
		await syncNotesToActions(notes.documentId, notes.tasks, coordinator.id, notes.at);
}
