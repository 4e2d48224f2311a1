import { and, asc, eq, inArray } from 'drizzle-orm';
import { translate, type Locale } from '$lib/i18n';
import { newTaskId } from '$lib/editor/task-item';
import type { RichNode } from '$lib/richtext/types';
import { db } from '$lib/server/db';
import { actions, users } from '$lib/server/db/schema';
import { agendaLine, agendaOwners } from './agenda';
import type { MeetingInput } from './schema';

/** A calendar date (YYYY-MM-DD) in words, the same day whatever the server's time zone. */
const dayLabel = (iso: string, locale: Locale) =>
	new Date(`${iso}T12:00:00Z`).toLocaleDateString(locale, { timeZone: 'UTC' });

/** The notes template: agenda items as headings, the open actions to follow up, decisions, actions. */
export async function notesTemplate(
	groupId: string,
	input: MeetingInput,
	locale: Locale
): Promise<RichNode> {
	const open = await db
		.select({ title: actions.title, dueDate: actions.dueDate, owner: users.name })
		.from(actions)
		.leftJoin(users, eq(users.id, actions.ownerId))
		.where(
			and(eq(actions.groupId, groupId), inArray(actions.status, ['open', 'in_progress', 'blocked']))
		)
		.orderBy(asc(actions.dueDate))
		.limit(50);
	const text = (t: string): RichNode => ({ type: 'text', text: t });
	const heading = (t: string, level = 2): RichNode => ({
		type: 'heading',
		attrs: { level },
		content: [text(t)]
	});
	const paragraph = (t?: string): RichNode => ({
		type: 'paragraph',
		...(t ? { content: [text(t)] } : {})
	});
	const followUp: RichNode = open.length
		? {
				type: 'bulletList',
				content: open.map((a) => ({
					type: 'listItem',
					content: [
						paragraph(
							[a.title, a.owner, a.dueDate ? dayLabel(a.dueDate, locale) : null]
								.filter(Boolean)
								.join(' — ')
						)
					]
				}))
			}
		: paragraph(translate(locale, 'notes.no_open_actions'));
	const owners = await agendaOwners([input.agenda]);
	return {
		type: 'doc',
		content: [
			heading(input.title, 1),
			...input.agenda.flatMap((item) => [heading(agendaLine(item, owners)), paragraph()]),
			heading(translate(locale, 'notes.actions_followup')),
			followUp,
			heading(translate(locale, 'notes.decisions')),
			paragraph(),
			heading(translate(locale, 'notes.actions')),
			// The task item comes with its id, and the notes end with a paragraph: otherwise each
			// editor opening them would add both itself (Tiptap's trailing node, the id plugin) while
			// rendering the server's state, changes that y-prosemirror sends only later, so two people
			// opening the notes together would each add a blank line and give the item an id.
			{
				type: 'taskList',
				content: [
					{
						type: 'taskItem',
						attrs: { checked: false, taskId: newTaskId() },
						content: [paragraph()]
					}
				]
			},
			paragraph()
		]
	};
}
