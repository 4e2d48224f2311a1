import { isMessageKey, type Locale, type MessageKey } from '$lib/i18n';
import { translate } from '$lib/i18n';

/** One entry of the activity log as pages receive it. */
export interface ActivityView {
	subjectType: string;
	verb: string;
	label: string;
	before: unknown;
	after: unknown;
	actor: string | null;
}

function translated(locale: Locale, key: string): string | undefined {
	return isMessageKey(key) ? translate(locale, key as MessageKey) : undefined;
}

const personOf = (value: unknown) =>
	value && typeof value === 'object' && 'person' in value && typeof value.person === 'string'
		? value.person
		: undefined;

/** Whose statuses an entry's subject has, where they are not a group's. */
const statusOwner: Record<string, string> = { objective: 'objective', event: 'event' };

/** The entry told in plain words, in the reader's language. */
export function describeActivity(locale: Locale, entry: ActivityView): string {
	const key = `activity.${entry.subjectType}.${entry.verb}`;
	if (!isMessageKey(key)) return '';
	const after = (entry.after ?? {}) as Record<string, unknown>;
	// Role and status names are capitalised as labels; mid-sentence they are not.
	const role =
		typeof after.role === 'string'
			? translated(locale, `grouprole.${after.role}`)?.toLocaleLowerCase(locale)
			: '';
	const status =
		typeof after.status === 'string'
			? (translated(
					locale,
					`${statusOwner[entry.subjectType] ?? 'group'}.status.${after.status}`
				) ?? after.status)
			: '';
	const fields = Object.keys(after)
		.map((f) => translated(locale, `field.${f}`) ?? f)
		.join(', ');
	return translate(locale, key as MessageKey, {
		actor: entry.actor ?? translate(locale, 'activity.someone'),
		label: entry.label,
		role: role ?? '',
		status: status.toLocaleLowerCase(locale),
		// Who an entry about a meeting's invitees is about (the label names the meeting).
		person: personOf(entry.after) ?? personOf(entry.before) ?? '',
		fields,
		// How many meetings a series has.
		count: typeof after.count === 'number' ? after.count : 0
	});
}
