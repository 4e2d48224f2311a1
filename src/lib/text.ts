// Text as people compare it: accents and case aside. Shared by the browser and the server.

/** `text` without its accents: "Énergie" → "Energie". */
export function withoutAccents(text: string): string {
	return text.normalize('NFD').replace(/\p{M}/gu, '');
}

/** `text` without accents, in lower case: what two spellings of a name have in common. */
export function plain(text: string): string {
	return withoutAccents(text).toLowerCase();
}

const collator = new Intl.Collator('fr');

/**
 * Those of `people` whose name holds `text`, accents and case aside: members first, then names
 * starting with it, then in French order. Everyone, members first, when `text` is empty.
 */
export function namesHolding<T extends { label: string; member: boolean }>(
	people: T[],
	text: string
): T[] {
	const typed = plain(text.trim());
	return people
		.map((person) => ({ person, name: plain(person.label) }))
		.filter(({ name }) => name.includes(typed))
		.sort(
			(a, b) =>
				Number(b.person.member) - Number(a.person.member) ||
				Number(b.name.startsWith(typed)) - Number(a.name.startsWith(typed)) ||
				collator.compare(a.person.label, b.person.label)
		)
		.map(({ person }) => person);
}
