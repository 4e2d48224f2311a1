// The groups' documents: the notes of every meeting (a full account for the meetings held, the
// agenda for those to come) and the groups' other documents (specifications, guides, visit
// reports), of realistic length. Each is written the way the app stores one: its content as a
// Yjs update (the structure y-prosemirror gives Tiptap's nodes), and the derived plain text,
// HTML and tasks that search and the read-only page use.
import * as Y from 'yjs';
import { insertRows, iso, writeActivity } from './database.ts';
import { DAY } from './network.ts';
import { activeWindow } from './meetings.ts';
import { paragraph, sentence } from './prose.ts';
import { allocate } from './random.ts';

/** The Yjs field the editor binds to (src/lib/editor/extensions.ts). */
const DOCUMENT_FIELD = 'default';
/** Documents per INSERT: a document weighs a few kilobytes four times over. */
const BATCH = 250;

// prettier-ignore
const DOCUMENT_TITLES = [
	'Cahier des charges', 'Guide d’accueil', 'Compte rendu de visite', 'Note de synthèse',
	'Plan d’action', 'Feuille de route', 'Bilan de l’enquête', 'Convention de partenariat',
	'Programme de l’événement', 'Charte du groupe', 'Revue de presse', 'Procédure commune',
	'Fiche métier', 'Appel à candidatures', 'Étude d’opportunité', 'Budget prévisionnel'
];
// prettier-ignore
const SECTION_TITLES = [
	'Contexte', 'Objectifs', 'Situation actuelle', 'Propositions', 'Calendrier', 'Budget',
	'Partenaires', 'Points de vigilance', 'Prochaines étapes', 'Retours des entreprises',
	'Logistique', 'Communication', 'Indicateurs', 'Questions ouvertes'
];
// prettier-ignore
const AGENDA = ['Tour de table', 'Point sur les actions', 'Questions diverses',
	'Présentation des résultats', 'Organisation de la prochaine étape'];

export type RichNode = import('../../../../src/lib/richtext/types').RichNode;
export type ProseContext = import('./prose.ts').ProseContext;

const text = (value: string) => ({ type: 'text', text: value });
const para = (value: string) =>
	value ? { type: 'paragraph', content: [text(value)] } : { type: 'paragraph' };
const heading = (level: number, value: string) => ({
	type: 'heading',
	attrs: { level },
	content: [text(value)]
});
const bullets = (items: string[]) => ({
	type: 'bulletList',
	content: items.map((item) => ({ type: 'listItem', content: [para(item)] }))
});

/**
 * A document's content: sections of a heading, paragraphs and now and then a list, until it
 * holds about `words` words.
 */
export function documentContent(
	random: import('./random.ts').Random,
	ctx: ProseContext,
	words: number
): RichNode {
	const content: RichNode[] = [];
	let count = 0;
	const add = (node: RichNode, value: string) => {
		content.push(node);
		count += value.split(' ').length;
	};
	while (count < words) {
		const title = ctx.english ? 'Notes' : random.pick(SECTION_TITLES);
		add(heading(2, title), title);
		for (let p = random.int(1, 3); p > 0 && count < words; p--) {
			const value = paragraph(random, ctx, random.int(2, 5));
			add(para(value), value);
		}
		if (random.chance(0.35)) {
			const items = Array.from({ length: random.int(2, 5) }, () => sentence(random, ctx));
			add(bullets(items), items.join(' '));
		}
	}
	return { type: 'doc', content };
}

/**
 * The notes of a meeting: who came, the agenda items with what was said, the decisions and the
 * actions. A meeting still to come has its agenda only, as the app's template writes it.
 */
export function notesContent(
	random: import('./random.ts').Random,
	ctx: ProseContext,
	held: boolean,
	words: number
): RichNode {
	const agenda = AGENDA.slice(0, random.int(2, AGENDA.length));
	if (!held) return { type: 'doc', content: agenda.flatMap((a) => [heading(2, a), para('')]) };
	const present = Array.from({ length: random.int(3, 8) }, () => random.pick(ctx.people));
	const content: RichNode[] = [heading(2, 'Présents'), para([...new Set(present)].join(', '))];
	const perItem = Math.max(1, Math.round(words / 15 / agenda.length / 3));
	for (const item of agenda) {
		content.push(heading(2, item));
		for (let p = random.int(1, 3); p > 0; p--) content.push(para(paragraph(random, ctx, perItem)));
	}
	content.push(heading(2, 'Décisions'));
	content.push(bullets(Array.from({ length: random.int(1, 3) }, () => sentence(random, ctx))));
	content.push(heading(2, 'Actions'));
	content.push(bullets(Array.from({ length: random.int(1, 4) }, () => sentence(random, ctx))));
	return { type: 'doc', content };
}

/** What the app derives from a document's content: its plain text (one block a line). */
export function plainText(doc: RichNode) {
	const lines: string[] = [];
	const walk = (node: RichNode) => {
		if (node.type === 'paragraph' || node.type === 'heading') {
			const value = (node.content ?? [])
				.map((c) => c.text ?? '')
				.join('')
				.trim();
			if (value) lines.push(value);
			return;
		}
		for (const child of node.content ?? []) walk(child);
	};
	walk(doc);
	return lines.join('\n');
}

const ESCAPES = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
} as Record<string, string>;
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** And its HTML, for the read-only page. */
export function html(node: RichNode) {
	const inner = (): string => (node.content ?? []).map(html).join('');
	switch (node.type) {
		case 'text':
			return escape(node.text ?? '');
		case 'paragraph':
			return `<p>${inner()}</p>`;
		case 'heading':
			return `<h${node.attrs?.level}>${inner()}</h${node.attrs?.level}>`;
		case 'bulletList':
			return `<ul>${inner()}</ul>`;
		case 'listItem':
			return `<li>${inner()}</li>`;
		default:
			return inner();
	}
}

/**
 * The content as a Yjs update: one element per node named after its type, with its attributes,
 * and the text of a block in one Y.XmlText (no marks here), as y-prosemirror writes them.
 */
export function yjsUpdate(doc: RichNode) {
	const ydoc = new Y.Doc();
	const build = (node: RichNode) => {
		const element = new Y.XmlElement(node.type);
		for (const [key, value] of Object.entries(node.attrs ?? {}))
			element.setAttribute(key, value as string);
		const children = node.content ?? [];
		if (children.length && children.every((c) => c.type === 'text')) {
			const value = new Y.XmlText();
			value.insert(0, children.map((c) => c.text).join(''));
			element.insert(0, [value]);
		} else if (children.length) {
			element.insert(0, children.map(build));
		}
		return element;
	};
	ydoc.getXmlFragment(DOCUMENT_FIELD).insert(0, (doc.content ?? []).map(build));
	const update = Y.encodeStateAsUpdate(ydoc);
	ydoc.destroy();
	return update;
}

/** A length in words: most documents a page or two, a few much longer. */
const length = (random: import('./random.ts').Random, median: number) =>
	Math.round(Math.min(median * 8, median * Math.exp((random.next() + random.next() - 1) * 1.6)));

export async function writeDocuments(
	db: import('./database.ts').SeedDatabase,
	random: import('./random.ts').Random,
	network: import('./network.ts').Network,
	meetings: Map<import('./network.ts').Group, import('./meetings.ts').MeetingPlan[]>,
	{ documents, now }: { documents: number; now: number }
) {
	const companies = network.orgs.filter((o) => o.kind === 'company').map((o) => o.name);
	const contexts = new Map(
		network.groups.map((g) => [
			g,
			{
				people: g.members.map((m) => m.person.name),
				companies,
				theme: g.theme
			} as ProseContext
		])
	);
	// Notes for the most recent meetings first, if there are fewer documents than meetings.
	const allMeetings = [...meetings.values()].flat().sort((a, b) => b.startsAt - a.startsAt);
	const notes = allMeetings.slice(0, documents);
	const others = allocate(
		documents - notes.length,
		network.groups.map((g) => g.weight * g.members.length)
	);
	const plan = [
		...notes.map((m) => ({
			id: random.uuid(),
			kind: 'notes' as const,
			group: m.group,
			meeting: m,
			createdAt: m.createdAt,
			editedAt: Math.min(now - 60_000, m.status === 'held' ? m.startsAt + DAY : m.createdAt)
		})),
		...network.groups.flatMap((g, i) => {
			const { from, to } = activeWindow(g, now);
			return Array.from({ length: others[i] }, () => {
				const createdAt = from + random.next() * (Math.min(to, now) - from);
				return {
					id: random.uuid(),
					kind: 'document' as const,
					group: g,
					meeting: null,
					createdAt,
					editedAt: Math.min(now - 60_000, createdAt + random.exponential(20 * DAY))
				};
			});
		})
	];
	const links: { meeting_id: string; document_id: string }[] = [];
	const written: {
		id: string;
		group: import('./network.ts').Group;
		title: string;
		authorId: string;
		at: number;
	}[] = [];
	const counts = {} as Record<string, number>;
	const rows = function* () {
		for (const d of plan) {
			const ctx = contexts.get(d.group) as ProseContext;
			const english = d.kind === 'document' && random.chance(0.04);
			const held = d.meeting?.status === 'held';
			const content =
				d.kind === 'notes'
					? notesContent(random, ctx, held, length(random, 500))
					: documentContent(random, { ...ctx, english }, length(random, 400));
			const title = d.meeting
				? `Notes de la réunion — ${d.meeting.title} — ${new Date(d.meeting.startsAt).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })}`
				: english
					? `Notes from ${random.pick(['the site visit', 'the steering committee', 'the partners’ call'])}`
					: `${random.pick(DOCUMENT_TITLES)} — ${d.group.name.split(' — ')[0]}`;
			if (d.meeting) links.push({ meeting_id: d.meeting.id, document_id: d.id });
			const author = random.pick(d.group.leads);
			written.push({ id: d.id, group: d.group, title, authorId: author.id, at: d.createdAt });
			const editor = random.pick(d.group.members).person;
			yield {
				id: d.id,
				group_id: d.group.id,
				title,
				tags:
					d.kind === 'notes'
						? []
						: random.chance(0.3)
							? [random.pick(['2025', 'urgent', 'à relire', 'public'])]
							: [],
				kind: d.kind,
				created_by_id: author.id,
				created_at: iso(d.createdAt),
				last_editor_id: editor.id,
				last_edited_at: iso(Math.max(d.createdAt, d.editedAt)),
				archived_at: !held && d.kind === 'document' && random.chance(0.05) ? iso(d.editedAt) : null,
				plain_text: plainText(content),
				html: html(content),
				derived_at: iso(Math.max(d.createdAt, d.editedAt)),
				update: `\\x${Buffer.from(yjsUpdate(content)).toString('hex')}`
			};
		}
	};
	// The documents and their first update, in one pass: the update is the heavy part.
	counts.documents = 0;
	counts.document_updates = 0;
	const columns = {
		id: 'uuid',
		group_id: 'uuid',
		title: 'text',
		tags: 'text[]',
		kind: 'document_kind',
		created_by_id: 'uuid',
		created_at: 'timestamptz',
		last_editor_id: 'uuid',
		last_edited_at: 'timestamptz',
		archived_at: 'timestamptz',
		plain_text: 'text',
		html: 'text',
		derived_at: 'timestamptz'
	};
	const batch: Record<string, unknown>[] = [];
	const flush = async () => {
		// Without the update, which json_to_recordset would parse for nothing.
		counts.documents += await insertRows(
			db,
			'documents',
			columns,
			batch.map(({ update: _update, ...d }) => d),
			BATCH
		);
		counts.document_updates += await insertRows(
			db,
			'document_updates',
			{ document_id: 'uuid', data: 'bytea', user_id: 'uuid', created_at: 'timestamptz' },
			batch.map((d) => ({
				document_id: d.id,
				data: d.update,
				user_id: d.created_by_id,
				created_at: d.created_at
			})),
			BATCH
		);
		batch.length = 0;
	};
	for (const row of rows()) {
		batch.push(row);
		if (batch.length === BATCH) await flush();
	}
	if (batch.length) await flush();
	for (let i = 0; i < links.length; i += 4000) {
		await db.query(
			`update meetings m set notes_document_id = l.document_id
			 from json_to_recordset($1::text::json) as l(meeting_id uuid, document_id uuid)
			 where m.id = l.meeting_id`,
			[JSON.stringify(links.slice(i, i + 4000))]
		);
	}
	counts.activity = await writeActivity(
		db,
		written.map((d) => ({
			id: random.uuid(),
			group_id: d.group.id,
			actor_id: d.authorId,
			subject_type: 'document',
			subject_id: d.id,
			verb: 'created',
			label: d.title,
			after: null,
			created_at: iso(d.at)
		}))
	);
	return counts;
}
