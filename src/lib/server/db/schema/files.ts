import {
	bigint,
	boolean,
	index,
	integer,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { groups } from './groups';
import { users } from './users';

/**
 * A folder of a group's file library, at its top or inside another folder. Deleted, it goes to
 * the group's bin with everything in it, until it is restored or its 30 days are over.
 */
export const fileFolders = pgTable(
	'file_folders',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		parentId: uuid('parent_id').references((): AnyPgColumn => fileFolders.id, {
			onDelete: 'cascade'
		}),
		name: text('name').notNull(),
		createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		deletedAt: timestamp('deleted_at', { withTimezone: true }),
		deletedById: uuid('deleted_by_id').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [index('file_folders_group_idx').on(t.groupId, t.parentId)]
);

/**
 * A file of a group: its name and place, and a copy of its current version's facts so that a
 * folder lists without reading the versions. Its bytes are its versions'.
 */
export const files = pgTable(
	'files',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		folderId: uuid('folder_id').references(() => fileFolders.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		/** The current version: the one downloaded from the file's address. */
		versionId: uuid('version_id').notNull(),
		versions: integer('versions').notNull().default(1),
		size: bigint('size', { mode: 'number' }).notNull(),
		mime: text('mime').notNull(),
		/** Uploaded first by; who may restore it from the bin beside the leads and the coordination. */
		createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedById: uuid('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		deletedAt: timestamp('deleted_at', { withTimezone: true }),
		deletedById: uuid('deleted_by_id').references(() => users.id, { onDelete: 'set null' }),
		/**
		 * The current version's text (a PDF's, capped), for search; derived in the background
		 * after each upload. Its `search` vector (name and text) is left out of this schema, as
		 * every searched table's is (drizzle/0007_search_functions.sql).
		 */
		plainText: text('plain_text').notNull().default(''),
		/** The version `plainText` was read from; another than `versionId`: still to be read. */
		textVersionId: uuid('text_version_id')
	},
	(t) => [
		index('files_group_folder_idx').on(t.groupId, t.folderId, t.name),
		index('files_deleted_idx')
			.on(t.deletedAt)
			.where(sql`${t.deletedAt} is not null`)
	]
);

/**
 * One upload of a file. Its id is the key its bytes are stored under; the row is written only
 * once they are stored whole, so a version that exists always has its bytes.
 */
export const fileVersions = pgTable(
	'file_versions',
	{
		id: uuid('id').primaryKey(),
		fileId: uuid('file_id')
			.notNull()
			.references(() => files.id, { onDelete: 'cascade' }),
		/** 1 for the first upload, then one more for each new version. */
		number: integer('number').notNull(),
		/** The name it was uploaded under. */
		name: text('name').notNull(),
		size: bigint('size', { mode: 'number' }).notNull(),
		/** Detected from its content (file-type), never from its name or the browser. */
		mime: text('mime').notNull(),
		inline: boolean('inline').notNull(),
		sha256: text('sha256').notNull(),
		uploadedById: uuid('uploaded_by_id').references(() => users.id, { onDelete: 'set null' }),
		uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('file_versions_number_idx').on(t.fileId, t.number)]
);

export type FileFolder = typeof fileFolders.$inferSelect;
export type StoredFile = typeof files.$inferSelect;
export type FileVersion = typeof fileVersions.$inferSelect;

/**
 * A smaller image made from a version (an image's), for lists and pages: WebP, turned upright,
 * without the original's metadata. `objectId` names its bytes in the store; none when the
 * version could not be made into one (not an image, too many pixels, damaged).
 */
export const filePreviews = pgTable(
	'file_previews',
	{
		versionId: uuid('version_id')
			.notNull()
			.references(() => fileVersions.id, { onDelete: 'cascade' }),
		size: text('size', { enum: ['small', 'large'] }).notNull(),
		objectId: uuid('object_id'),
		bytes: integer('bytes').notNull().default(0),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.versionId, t.size] })]
);

export type FilePreview = typeof filePreviews.$inferSelect;

/**
 * A file of a group's library attached to something of the same group: a thread's message, a
 * meeting, an action. The file stays in the library (found there, versioned, binned); the
 * attachment only shows it where it was attached, in the order it was.
 */
export const attachments = pgTable(
	'attachments',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		fileId: uuid('file_id')
			.notNull()
			.references(() => files.id, { onDelete: 'cascade' }),
		subjectType: text('subject_type', { enum: ['message', 'meeting', 'action'] }).notNull(),
		subjectId: uuid('subject_id').notNull(),
		position: integer('position').notNull(),
		attachedById: uuid('attached_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('attachments_subject_file_idx').on(t.subjectType, t.subjectId, t.fileId),
		index('attachments_file_idx').on(t.fileId)
	]
);
