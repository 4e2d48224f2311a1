// The groups' documents: the notes of every meeting (a full account for the meetings held, the
// agenda for those to come) and the groups' other documents (specifications, guides, visit
// reports), of realistic length. Each is written the way the app stores one: its content as a
// Yjs update (the structure y-prosemirror gives Tiptap's nodes), and the derived plain text,
// HTML and tasks that search and the read-only page use.
import * as Y from 'yjs';
import { insertRows, iso, writeActivity } from './database.mjs';
import { DAY } from './network.mjs';
import { activeWindow } from './meetings.mjs';
import { paragraph, sentence } from './prose.mjs';
import { allocate } from './random.mjs';

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

/**
 * @typedef {import('../../../../src/lib/richtext/types').RichNode} RichNode
 * @typedef {import('./prose.mjs').ProseContext} ProseContext
 */

const text = (/** @type {string} */ value) => ({ type: 'text', text: value });
const para = (/** @type {string} */ value) =>
	value ? { type: 'paragraph', content: [text(value)] } : { type: 'paragraph' };
const heading = (/** @type {number} */ level, /** @type {string} */ value) => ({
	type: 'heading',
	attrs: { level },
	content: [text(value)]
});
const bullets = (/** @type {string[]} */ items) => ({
	type: 'bulletList',
	content: items.map((item) => ({ type: 'listItem', content: [para(item)] }))
});

/**
 * A document's content: sections of a heading, paragraphs and now and then a list, until it
 * holds about `words` words.
 * @param {import('./random.mjs').Random} random
 * @param {ProseContext} ctx
 * @param {number} words
 * @returns {RichNode}
 */
export function documentContent(random, ctx, words) {
	/** @type {RichNode[]} */
	const content = [];
	let count = 0;
	const add = (/** @type {RichNode} */ node, /** @type {string} */ value) => {
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
 * @param {import('./random.mjs').Random} random
 * @param {ProseContext} ctx
 * @param {boolean} held
 * @param {number} words
 * @returns {RichNode}
 */
export function notesContent(random, ctx, held, words) {
	const agenda = AGENDA.slice(0, random.int(2, AGENDA.length));
	if (!held) return { type: 'doc', content: agenda.flatMap((a) => [heading(2, a), para('')]) };
	const present = Array.from({ length: random.int(3, 8) }, () => random.pick(ctx.people));
	/** @type {RichNode[]} */
	const content = [heading(2, 'Présents'), para([...new Set(present)].join(', '))];
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
export function plainText(/** @type {RichNode} */ doc) {
	/** @type {string[]} */
	const lines = [];
	const walk = (/** @type {RichNode} */ node) => {
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

const ESCAPES = /** @type {Record<string, string>} */ ({
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
});
const escape = (/** @type {string} */ s) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** And its HTML, for the read-only page. */
export function html(/** @type {RichNode} */ node) {
	/** @returns {string} */
	const inner = () => (node.content ?? []).map(html).join('');
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
export function yjsUpdate(/** @type {RichNode} */ doc) {
	const ydoc = new Y.Doc();
	const build = (/** @type {RichNode} */ node) => {
		const element = new Y.XmlElement(node.type);
		for (const [key, value] of Object.entries(node.attrs ?? {}))
			element.setAttribute(key, /** @type {any} */ (value));
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
const length = (
	/** @type {import('./random.mjs').Random} */ random,
	/** @type {number} */ median
) => Math.round(Math.min(median * 8, median * Math.exp((random.next() + random.next() - 1) * 1.6)));

/**
 * @param {import('./database.mjs').SeedDatabase} db
 * @param {import('./random.mjs').Random} random
 * @param {import('./network.mjs').Network} network
 * @param {Map<import('./network.mjs').Group, import('./meetings.mjs').MeetingPlan[]>} meetings
 * @param {{ documents: number, now: number }} options
 */
export async function writeDocuments(db, random, network, meetings, { documents, now }) {
	const companies = network.orgs.filter((o) => o.kind === 'company').map((o) => o.name);
	const contexts = new Map(
		network.groups.map((g) => [
			g,
			/** @type {ProseContext} */ ({
				people: g.members.map((m) => m.person.name),
				companies,
				theme: g.theme
			})
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
			kind: /** @type {const} */ ('notes'),
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
					kind: /** @type {const} */ ('document'),
					group: g,
					meeting: null,
					createdAt,
					editedAt: Math.min(now - 60_000, createdAt + random.exponential(20 * DAY))
				};
			});
		})
	];
	/** @type {{ meeting_id: string, document_id: string }[]} */
	const links = [];
	/** @type {{ id: string, group: import('./network.mjs').Group, title: string, authorId: string, at: number }[]} */
	const written = [];
	const counts = /** @type {Record<string, number>} */ ({});
	const rows = function* () {
		for (const d of plan) {
			const ctx = /** @type {ProseContext} */ (contexts.get(d.group));
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
	const batch = /** @type {Record<string, any>[]} */ ([]);
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
