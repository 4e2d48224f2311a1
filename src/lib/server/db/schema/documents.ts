import {
	bigint,
	bigserial,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uuid
} from 'drizzle-orm/pg-core';
import { bytea } from './bytes';
import { groups } from './groups';
import { users } from './users';

export const documentKinds = ['document', 'notes'] as const;
export const documentKind = pgEnum('document_kind', documentKinds);

/** A task item found in a document: its stable id, its text, and whether it is ticked. */
export interface DocumentTask {
	id: string;
	text: string;
	checked: boolean;
	/** People @-mentioned in the item's own text. */
	mentions?: { id: string; label: string }[];
	/** The date (YYYY-MM-DD) of a date chip in the item's own text: its due date. */
	dueDate?: string;
}

/** A rich-text document of a group, co-edited through Yjs. Its content lives in the tables below. */
export const documents = pgTable(
	'documents',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		tags: text('tags').array().notNull().default([]),
		kind: documentKind('kind').notNull().default('document'),
		createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		lastEditorId: uuid('last_editor_id').references(() => users.id, { onDelete: 'set null' }),
		lastEditedAt: timestamp('last_edited_at', { withTimezone: true }).notNull().defaultNow(),
		archivedAt: timestamp('archived_at', { withTimezone: true }),
		/** Derived from the content after edits settle: for search, the read-only page and export. */
		plainText: text('plain_text').notNull().default(''),
		html: text('html').notNull().default(''),
		tasks: jsonb('tasks').$type<DocumentTask[]>().notNull().default([]),
		derivedAt: timestamp('derived_at', { withTimezone: true })
	},
	(t) => [
		index('documents_group_idx').on(t.groupId, t.lastEditedAt),
		// Search reads its matches period by period, the most recent first.
		index('documents_edited_idx').on(t.lastEditedAt)
	]
);

/**
 * Yjs updates in the order the server applied them. Appended on every edit (group commit),
 * folded into `document_snapshots` by compaction.
 */
export const documentUpdates = pgTable(
	'document_updates',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		data: bytea('data').notNull(),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('document_updates_document_idx').on(t.documentId, t.id)]
);

/**
 * The compacted state of a document: every update up to and including `upToId`, in one part, or
 * for a large document in several (collab/slices.ts) that are applied in `part` order.
 */
export const documentSnapshots = pgTable(
	'document_snapshots',
	{
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		part: integer('part').notNull().default(0),
		state: bytea('state').notNull(),
		upToId: bigint('up_to_id', { mode: 'number' }).notNull(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.documentId, t.part] })]
);

/** A named version: the whole Yjs state at the moment someone saved it. */
export const documentVersions = pgTable(
	'document_versions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		state: bytea('state').notNull(),
		html: text('html').notNull().default(''),
		createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('document_versions_document_idx').on(t.documentId, t.createdAt)]
);

export type Document = typeof documents.$inferSelect;
export type DocumentVersion = typeof documentVersions.$inferSelect;
