import { dateTimeFormat } from '$lib/i18n';
import type { I18n } from '$lib/i18n/context';

/**
 * A meeting's date and hours in Paris time, as one range: "jeu. 3 déc. 2026, 14:00 – 16:00"
 * (`short`) or "jeudi 3 décembre 2026, 14:00 – 16:00" (`full`).
 */
export function meetingWhen(
	locale: string,
	startsAt: Date | string,
	endsAt: Date | string,
	style: 'short' | 'full' = 'short'
): string {
	const format = dateTimeFormat(locale, {
		...(style === 'full'
			? { dateStyle: 'full', timeStyle: 'short' }
			: {
					weekday: 'short',
					day: 'numeric',
					month: 'short',
					year: 'numeric',
					hour: '2-digit',
					minute: '2-digit'
				}),
		timeZone: 'Europe/Paris'
	});
	return format.formatRange(new Date(startsAt), new Date(endsAt));
}

export interface PlaceSummary {
	placeKind: 'organisation' | 'address' | 'online';
	placeText: string;
	organisation: string | null;
}

/** Where a meeting happens, in a few words: the host organisation, the address, or "online". */
export function placeLabel(i18n: I18n, meeting: PlaceSummary): string {
	if (meeting.placeKind === 'online') return i18n.t('meeting.place_kind.online');
	const parts =
		meeting.placeKind === 'organisation'
			? [meeting.organisation, meeting.placeText]
			: [meeting.placeText];
	return parts.filter(Boolean).join(' — ') || i18n.t('meeting.place_unknown');
}
