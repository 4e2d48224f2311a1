import { getSchema } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import { prosemirrorJSONToYDoc, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { DOCUMENT_FIELD, documentExtensions } from '$lib/editor/extensions';
import type { RichNode } from './types';

let schema: Schema | undefined;
/** The editor's schema, built once from the shared extensions. */
export function documentSchema(): Schema {
	schema ??= getSchema(documentExtensions());
	return schema;
}

/** The Yjs update that writes `json` (the editor's JSON) into an empty document. */
export function updateFromJson(json: RichNode): Uint8Array {
	const doc = prosemirrorJSONToYDoc(documentSchema(), json, DOCUMENT_FIELD);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

/** The document's content as the editor's JSON. */
export function jsonFromDoc(doc: Y.Doc): RichNode {
	return yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(DOCUMENT_FIELD)) as RichNode;
}

/** The content of a stored Yjs state (a version's, say) as the editor's JSON. */
export function jsonFromState(state: Uint8Array): RichNode {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	const json = jsonFromDoc(doc);
	doc.destroy();
	return json;
}

/**
 * Replaces the content of a document with `json` as one ordinary edit (of a live document, made
 * through its `edit`: every open editor sees it arrive), the earlier content staying in the
 * document's history.
 */
export function replaceContent(doc: Y.Doc, json: RichNode): void {
	const source = prosemirrorJSONToYDoc(documentSchema(), json, DOCUMENT_FIELD);
	const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
	Y.transact(doc, () => {
		fragment.delete(0, fragment.length);
		const copies = source
			.getXmlFragment(DOCUMENT_FIELD)
			.toArray()
			.map((item) => (item as Y.XmlElement | Y.XmlText).clone());
		fragment.insert(0, copies);
	});
	source.destroy();
}
