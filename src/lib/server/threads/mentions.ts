import type { RichDoc, RichNode } from '$lib/richtext/types';
import { readers } from '../groups';

/**
 * A message's mentions as the server vouches for them. A mention names a person by id and
 * carries the name the browser showed; both come from the browser. Mentions of people who may
 * read the group keep their id and take the person's real name (so no one can write
 * "@Président" over someone else's id); any other (someone outside the network, outside a closed
 * group, disabled, or an id that exists nowhere) becomes the plain text "@name" it showed: no
 * badge, no notification, nothing that looks like it reached someone.
 */
export async function vouchMentions(groupId: string, doc: RichDoc): Promise<RichDoc> {
	if (!JSON.stringify(doc).includes('"mention"')) return doc;
	const names = new Map((await readers(groupId)).map((r) => [r.id, r.name]));
	const visit = (node: RichNode): RichNode => {
		if (node.type === 'mention') {
			const id = String(node.attrs?.id ?? '').toLowerCase();
			const name = names.get(id);
			if (name) return { type: 'mention', attrs: { id, label: name } };
			return { type: 'text', text: `@${String(node.attrs?.label ?? '')}`.trimEnd() };
		}
		return node.content ? { ...node, content: node.content.map(visit) } : node;
	};
	return { ...doc, content: (doc.content ?? []).map(visit) };
}
