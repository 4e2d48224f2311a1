/** A mark on a run of text, as the editor (Tiptap / ProseMirror) writes it in JSON. */
export interface RichMark {
	type: string;
	attrs?: Record<string, unknown>;
}

/** A node of rich text in the editor's JSON. */
export interface RichNode {
	type: string;
	attrs?: Record<string, unknown>;
	content?: RichNode[];
	marks?: RichMark[];
	text?: string;
}

/** A whole rich text: the editor's `getJSON()`. */
export interface RichDoc {
	type: 'doc';
	content?: RichNode[];
}
