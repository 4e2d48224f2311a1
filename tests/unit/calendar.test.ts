import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { calendar, meetingEvent, type CalendarEvent } from '$lib/server/meetings/calendar';
import type { Meeting } from '$lib/server/db/schema';

/** The events of an iCalendar text, as a real parser reads them. */
function parse(text: string) {
	const root = new ICAL.Component(ICAL.parse(text));
	return {
		root,
		events: root.getAllSubcomponents('vevent').map((v) => ({ raw: v, event: new ICAL.Event(v) }))
	};
}

const octets = (line: string) => new TextEncoder().encode(line).length;

describe('calendar', () => {
	const long =
		'Réunion du groupe Économie circulaire à Sélestat — préparer la visite de l’usine, ' +
		'les échéances, les financements régionaux et les éléments à transmettre aux élus';

	it('folds long lines at 75 octets without cutting an accented character', () => {
		const text = calendar('Maillage — Hélène', [
			{ uid: 'a@maillage', summary: long, start: new Date(), end: new Date(Date.now() + 3600e3) }
		]);
		const lines = text.split('\r\n');
		expect(lines.at(-1)).toBe('');
		for (const line of lines) expect(octets(line)).toBeLessThanOrEqual(75);
		expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(1);
		// Each piece is valid UTF-8 on its own: no multi-byte character was split.
		for (const line of lines)
			expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(line))).toBe(
				line
			);
		expect(text).not.toContain('\uFFFD');
		const [{ event }] = parse(text).events;
		expect(event.summary).toBe(long);
	});

	it('escapes semicolons, commas, backslashes and new lines', () => {
		const tricky = 'Ordre du jour; points 1, 2 \\ 3\nSuite: "fin"';
		const text = calendar('Nom; avec, virgule', [
			{
				uid: 'b@maillage',
				summary: tricky,
				description: 'Ligne 1\nLigne 2\r\nLigne 3',
				location: 'Alsace Bois, 12 rue du Moulin; Sélestat',
				start: new Date('2026-03-10T09:00:00Z'),
				end: new Date('2026-03-10T11:00:00Z')
			}
		]);
		expect(text).toContain('SUMMARY:Ordre du jour\\; points 1\\, 2 \\\\ 3\\nSuite: "fin"');
		const { root, events } = parse(text);
		// ical.js reads unknown X- properties raw; calendar apps read this one as TEXT.
		expect(root.getFirstPropertyValue('x-wr-calname')).toBe('Nom\\; avec\\, virgule');
		const [{ event }] = events;
		expect(event.summary).toBe(tricky);
		expect(event.description).toBe('Ligne 1\nLigne 2\nLigne 3');
		expect(event.location).toBe('Alsace Bois, 12 rue du Moulin; Sélestat');
	});

	it('writes timed events in Paris time, with its time zone, and all-day events as dates', () => {
		const events: CalendarEvent[] = [
			{
				uid: 'timed@maillage',
				summary: 'Réunion',
				start: new Date('2026-07-15T08:00:00Z'),
				end: new Date('2026-07-15T10:30:00Z'),
				status: 'CONFIRMED'
			},
			{ uid: 'day@maillage', summary: 'Échéance', start: '2026-03-15', end: '2026-03-16' }
		];
		const parsed = parse(calendar('Test', events)).events;
		const timed = parsed[0].event;
		expect(timed.uid).toBe('timed@maillage');
		expect(timed.startDate.isDate).toBe(false);
		expect(timed.startDate.toJSDate().toISOString()).toBe('2026-07-15T08:00:00.000Z');
		expect(timed.endDate.toJSDate().toISOString()).toBe('2026-07-15T10:30:00.000Z');
		expect(timed.startDate.zone?.tzid).toBe('Europe/Paris');
		const text = calendar('Test', [
			...events,
			{
				uid: 'winter@maillage',
				summary: 'Hiver',
				start: new Date('2026-12-15T17:00:00Z'),
				end: new Date('2026-12-15T19:00:00Z')
			}
		]);
		// Summer time in July (UTC+2), standard time in December (UTC+1).
		expect(text).toContain('DTSTART;TZID=Europe/Paris:20260715T100000');
		expect(text).toContain('DTSTART;TZID=Europe/Paris:20261215T180000');
		expect(text.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
		expect(parsed[0].raw.getFirstPropertyValue('status')).toBe('CONFIRMED');
		const day = parsed[1].event;
		expect(day.startDate.isDate).toBe(true);
		expect(day.startDate.toString()).toBe('2026-03-15');
		expect(day.endDate.toString()).toBe('2026-03-16');
		expect(parsed[1].raw.getFirstPropertyValue('dtstamp')).not.toBeNull();
	});
});

describe('meetingEvent', () => {
	const meeting = {
		id: '6f1c1a7e-3f55-4a3b-9a51-0e1f5c1d2b3a',
		title: 'Comité, mars',
		startsAt: new Date('2026-03-10T08:00:00Z'),
		endsAt: new Date('2026-03-10T10:00:00Z'),
		placeKind: 'organisation',
		placeText: 'Salle B',
		onlineUrl: '',
		agenda: [
			{ title: 'Tour de table', minutes: 10, ownerId: null },
			{ title: 'Budget; 2026', minutes: null, ownerId: null }
		],
		status: 'cancelled'
	} as unknown as Meeting;

	it('describes the meeting: group, agenda, host and link, cancelled when it is', () => {
		const event = meetingEvent(
			meeting,
			{ name: 'Mobilité', slug: 'mobilite' },
			{ name: 'Alsace Bois', town: 'Sélestat' },
			'https://maillage.test'
		);
		const [{ event: parsed, raw }] = parse(calendar('x', [event])).events;
		expect(parsed.summary).toBe('Mobilité — Comité, mars');
		expect(parsed.description).toBe('• Tour de table (10 min)\n• Budget; 2026');
		expect(parsed.location).toBe('Alsace Bois, Sélestat, Salle B');
		expect(raw.getFirstPropertyValue('url')).toBe(
			`https://maillage.test/groupes/mobilite/reunions/${meeting.id}`
		);
		expect(raw.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(parsed.uid).toBe(`meeting-${meeting.id}@maillage`);
	});

	it('gives the link of an online meeting as its place', () => {
		const online = {
			...meeting,
			placeKind: 'online',
			onlineUrl: 'https://visio.test/abc',
			status: 'planned'
		} as Meeting;
		const event = meetingEvent(online, { name: 'G', slug: 'g' }, null, 'https://m.test');
		expect(event.location).toBe('https://visio.test/abc');
		expect(event.status).toBe('CONFIRMED');
	});
});
