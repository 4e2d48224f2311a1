import { eq, inArray } from 'drizzle-orm';
import { documentHtml, documentTasks, documentText } from '$lib/richtext/document';
import type { RichNode } from '$lib/richtext/types';
import { syncNotesToActions } from '$lib/server/action-notes';
import { updateFromJson } from '$lib/server/collab/content';
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
import { agendaLine } from '$lib/server/meetings';
import { DEMO_EMAIL_DOMAIN } from './data';

/**
 * Each active demo group gets two past meetings whose published minutes hold task items (now
 * actions, some done, some overdue) and a planned next meeting with empty notes.
 */

interface DemoTask {
	text: string;
	/** Local part of the owner's e-mail, mentioned in the task. */
	owner?: string;
	/** Days after the meeting when it is due ("avant le 12/03" is written in the text). */
	dueInDays?: number;
	done?: boolean;
}

interface DemoAgendaItem {
	title: string;
	minutes: number;
	/** Local part of the owner's e-mail. */
	owner?: string;
}

interface DemoMeeting {
	group: string;
	title: string;
	/** Days from today; negative for past meetings. */
	inDays: number;
	host: string;
	agenda: DemoAgendaItem[];
	decisions: string[];
	tasks: DemoTask[];
}

const MEETINGS: DemoMeeting[] = [
	{
		group: 'mobilites',
		title: 'Comité mobilités',
		inDays: -70,
		host: 'Transports Rhin-Ill',
		agenda: [
			{ title: 'Tour de table', minutes: 15 },
			{ title: 'Covoiturage inter-entreprises', minutes: 45, owner: 'karim.haddad' }
		],
		decisions: ['Lancer la plateforme de covoiturage au printemps.'],
		tasks: [
			{
				text: 'Comparer trois plateformes de covoiturage',
				owner: 'karim.haddad',
				dueInDays: 20,
				done: true
			},
			{
				text: 'Recenser les horaires de poste des sites de la zone',
				owner: 'celine.ott',
				dueInDays: 30,
				done: true
			}
		]
	},
	{
		group: 'mobilites',
		title: 'Comité mobilités',
		inDays: -25,
		host: 'Saveurs de la Plaine',
		agenda: [
			{ title: 'Navette du matin', minutes: 40, owner: 'partenaire' },
			{ title: 'Plan de mobilité commun', minutes: 30 }
		],
		decisions: ['Essai de navette sur six mois, à financer à parts égales.'],
		tasks: [
			{
				text: 'Envoyer le devis de navette à la communauté de communes',
				owner: 'partenaire',
				dueInDays: 10
			},
			{ text: 'Sonder les salariés sur l’usage de la navette', owner: 'membre', dueInDays: 40 },
			{
				text: 'Préparer la convention de financement',
				owner: 'karim.haddad',
				dueInDays: 15,
				done: true
			}
		]
	},
	{
		group: 'mobilites',
		title: 'Comité mobilités',
		inDays: 12,
		host: 'Mécanique Ried Précision',
		agenda: [
			{ title: 'Bilan du sondage', minutes: 30, owner: 'membre' },
			{ title: 'Calendrier de la navette', minutes: 30, owner: 'karim.haddad' }
		],
		decisions: [],
		tasks: []
	},
	{
		group: 'recrutement-competences',
		title: 'Atelier recrutement',
		inDays: -40,
		host: 'Centre de formation industrielle du Ried',
		agenda: [
			{ title: 'Métiers en tension', minutes: 30 },
			{ title: 'Parcours maintenance', minutes: 45, owner: 'sandrine.bauer' }
		],
		decisions: ['Monter un parcours commun de maintenance.'],
		tasks: [
			{ text: 'Rédiger la fiche du parcours maintenance', owner: 'sandrine.bauer', dueInDays: 25 },
			{ text: 'Réserver la salle du job dating', owner: 'helene.ritter', dueInDays: 14, done: true }
		]
	},
	{
		group: 'recrutement-competences',
		title: 'Atelier recrutement',
		inDays: 20,
		host: 'Plastiques du Bernstein',
		agenda: [{ title: 'Job dating de printemps', minutes: 60, owner: 'helene.ritter' }],
		decisions: [],
		tasks: []
	},
	{
		group: 'mutualisation',
		title: 'Réunion mutualisation',
		inDays: -30,
		host: 'Cartonnages de l’Ill',
		agenda: [
			{ title: 'Achats d’électricité', minutes: 45, owner: 'nicolas.haas' },
			{ title: 'Bourse de matériel', minutes: 30 }
		],
		decisions: ['Consulter trois fournisseurs d’électricité ensemble.'],
		tasks: [
			{
				text: 'Collecter les courbes de charge des sites',
				owner: 'nicolas.haas',
				dueInDays: 12,
				done: true
			},
			{ text: 'Consulter trois fournisseurs', owner: 'membre', dueInDays: 21 },
			{ text: 'Lister le matériel prêtable', owner: 'sebastien.koenig', dueInDays: 60 }
		]
	},
	{
		group: 'mutualisation',
		title: 'Réunion mutualisation',
		inDays: 9,
		host: 'Aciéries de l’Andlau',
		agenda: [
			{ title: 'Offres des fournisseurs', minutes: 45, owner: 'membre' },
			{ title: 'Bourse de matériel : premiers prêts', minutes: 20, owner: 'sebastien.koenig' }
		],
		decisions: [],
		tasks: []
	},
	{
		group: 'attractivite',
		title: 'Groupe attractivité',
		inDays: -20,
		host: 'Association Jeunes et Industrie',
		agenda: [{ title: 'Calendrier des collèges', minutes: 40, owner: 'manon.wolff' }],
		decisions: ['Dix collèges visés cette année.'],
		tasks: [
			{
				text: 'Confirmer la date avec le collège de Marckolsheim',
				owner: 'manon.wolff',
				dueInDays: 7
			},
			{ text: 'Écrire le portrait d’une soudeuse', owner: 'emilie.gross', dueInDays: 30 }
		]
	},
	{
		group: 'attractivite',
		title: 'Groupe attractivité',
		inDays: 15,
		host: 'Circuits du Giessen',
		agenda: [
			{ title: 'Portraits de salariés', minutes: 40, owner: 'emilie.gross' },
			{ title: 'Questions diverses', minutes: 15 }
		],
		decisions: [],
		tasks: []
	},
	{
		group: 'usines-ouvertes',
		title: 'Comité d’organisation',
		inDays: -15,
		host: 'Bois et Charpentes du Ried',
		agenda: [
			{ title: 'Sites candidats', minutes: 45, owner: 'mathieu.roth' },
			{ title: 'Communication', minutes: 30 }
		],
		decisions: ['Ouverture des inscriptions des sites en janvier.'],
		tasks: [
			{ text: 'Relancer les sites de l’édition précédente', owner: 'mathieu.roth', dueInDays: 10 },
			{ text: 'Commander la signalétique des parkings', owner: 'romain.vogel', dueInDays: 45 }
		]
	},
	{
		group: 'usines-ouvertes',
		title: 'Comité d’organisation',
		inDays: 25,
		host: 'Saveurs de la Plaine',
		agenda: [{ title: 'Programme des visites', minutes: 60, owner: 'romain.vogel' }],
		decisions: [],
		tasks: []
	}
];

const day = (inDays: number, hour: number) => {
	const d = new Date();
	d.setUTCDate(d.getUTCDate() + inDays);
	d.setUTCHours(hour, 0, 0, 0);
	return d;
};
const frDate = (d: Date) =>
	`${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

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
			const startsAt = day(m.inDays, 8);
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
					...agenda.flatMap((item) => [
						h(agendaLine(item, ownerNames)),
						p(t('Échanges autour de la table, chiffres à l’appui.'))
					]),
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
								const due = new Date(startsAt);
								due.setUTCDate(due.getUTCDate() + task.dueInDays);
								parts.push(t(` avant le ${frDate(due)}`));
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
			const past = m.inDays < 0;
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
						createdAt: day(m.inDays + 2, 9)
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
					endsAt: day(m.inDays, 10),
					placeKind: host ? 'organisation' : 'address',
					placeOrganisationId: host?.id ?? null,
					agenda,
					status: past ? 'published' : 'planned',
					notesDocumentId: notes.id,
					minutesVersionId,
					createdById: coordinator.id,
					createdAt: day(m.inDays - 20, 9),
					publishedAt: past ? day(m.inDays + 2, 9) : null
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
