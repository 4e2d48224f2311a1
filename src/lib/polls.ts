/** Where a proposal's, a quick poll's or a date poll's page is, in its group. */
export function pollPath(slug: string, poll: { id: string; kind: string }): string {
	const base = `/groupes/${slug}`;
	if (poll.kind === 'proposal') return `${base}/propositions/${poll.id}`;
	if (poll.kind === 'dates') return `${base}/sondages/dates/${poll.id}`;
	return `${base}/sondages/${poll.id}`;
}
