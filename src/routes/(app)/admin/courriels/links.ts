/** A piece of a message's text: plain, or an address of the app that the page makes a link. */
export interface TextPart {
	text: string;
	href?: string;
}

const ADDRESS = /https?:\/\/[^\s<>"]+/g;

/**
 * A message's text cut into plain parts and links. Only addresses of the app itself (`origin`)
 * become links: a message may quote what anyone typed, and the outbox does not send its readers
 * elsewhere. Punctuation that ends a sentence is left out of the address.
 */
export function linkParts(text: string, origin: string): TextPart[] {
	const parts: TextPart[] = [];
	let last = 0;
	for (const match of text.matchAll(ADDRESS)) {
		const address = match[0].replace(/[.,;:!?)\]»]+$/, '');
		let own = false;
		try {
			own = new URL(address).origin === origin;
		} catch {
			own = false;
		}
		if (!own) continue;
		if (match.index > last) parts.push({ text: text.slice(last, match.index) });
		parts.push({ text: address, href: address });
		last = match.index + address.length;
	}
	if (last < text.length) parts.push({ text: text.slice(last) });
	return parts;
}

/** The invitation link among a message's parts, if it has one. */
export function invitationLink(parts: TextPart[], origin: string): string | undefined {
	return parts.find((p) => p.href?.startsWith(`${origin}/invitation/`))?.href;
}
