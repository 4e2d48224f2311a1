import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, request, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { startServer, type RunningServer } from '../helpers/server';
import { DEMO_PASSWORD } from './support';

// Every route found on disk must say here who may open it. A new route without a line in this
// table fails the suite: its author has to decide, and write down, how it is guarded.

const visitors = ['anonymous', 'member', 'partner', 'director', 'coordinator', 'admin'] as const;
type Visitor = (typeof visitors)[number];
type Person = Exclude<Visitor, 'anonymous'>;

const accounts: Record<Person, string> = {
	member: 'membre@maillage.test',
	partner: 'partenaire@maillage.test',
	director: 'direction@maillage.test',
	coordinator: 'coordination@maillage.test',
	admin: 'admin@maillage.test'
};

/**
 * What a visitor gets: 'ok' (200), 'login' (303 to the login page, coming back here),
 * 'forbidden' (403), 'not-found' (404), 'invalid' (400: let through the guard, stopped by
 * validation), 'not-allowed' (405: no handler for that method) or `{ redirect }` (303 elsewhere).
 */
type Outcome =
	| 'ok'
	| 'login'
	| 'unauthorized'
	| 'forbidden'
	| 'not-found'
	| 'invalid'
	| 'not-allowed'
	| { redirect: string };
type Access = Record<Visitor, Outcome>;

const everyone = (outcome: Outcome): Access =>
	Object.fromEntries(visitors.map((v) => [v, outcome])) as Access;
/** Behind login, open to every logged-in person unless `overrides` says otherwise. */
const app = (overrides: Partial<Record<Person, Outcome>> = {}): Access => ({
	...everyone('ok'),
	anonymous: 'login',
	...overrides
});
const only = (...allowed: Person[]): Access => {
	const access = app();
	for (const person of Object.keys(accounts) as Person[]) {
		if (!allowed.includes(person)) access[person] = 'forbidden';
	}
	return access;
};
/** Every logged-in person gets `outcome`; visitors are sent to the login page. */
const loggedIn = (outcome: Outcome): Access => ({ ...everyone(outcome), anonymous: 'login' });
const home = { redirect: '/' };

interface RouteExpectation {
	/** The concrete path to request when the route has parameters. */
	path?: string;
	/** GET of the page (or of the endpoint). */
	get: Access;
	/** Each form action, posted with an empty form: a guard must refuse before validation runs. */
	actions?: Record<string, Partial<Access>>;
	/** The GET answers with a stream that never ends: only its status and headers are read. */
	stream?: boolean;
	/** Each other method of a +server.ts, with a harmless request. */
	methods?: Record<string, { form: Record<string, string>; access: Partial<Access> }>;
}

const staffOnly: Access = {
	...only('admin', 'coordinator'),
	admin: 'invalid',
	coordinator: 'invalid'
};
const adminOnly: Access = { ...only('admin'), admin: 'invalid' };
/** A change to a group that only the coordination may make there (no demo account leads it). */
const groupStaffAction: Access = { ...staffOnly, partner: 'not-found' };
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const authPageActions = everyone('invalid');

const expectations: Record<string, RouteExpectation> = {
	// Hiding the first steps is each person's own: only the login to check.
	'/': { get: app(), actions: { dismissChecklist: loggedIn('ok') } },
	'/groupes': { get: app(), actions: { request: loggedIn('invalid') } },
	'/groupes/nouveau': { get: only('coordinator', 'admin'), actions: { default: staffOnly } },
	// An archived, closed group none of the demo accounts belongs to: outsiders of a closed group
	// get a 404, and nobody can join or leave it.
	'/groupes/[slug]': {
		path: '/groupes/salon-emploi-2025',
		get: app({ member: 'not-found', partner: 'not-found' }),
		actions: {
			join: { ...loggedIn('invalid'), member: 'not-found', partner: 'not-found' },
			leave: { ...loggedIn('forbidden'), member: 'not-found', partner: 'not-found' },
			// Nobody writes in an archived group, not even the coordination.
			createAction: { ...loggedIn('forbidden'), member: 'not-found', partner: 'not-found' }
		}
	},
	// An open, active group: network members may read it, partners outside it may not see it,
	// only the coordination (none of these accounts leads it) may change it.
	'/groupes/[slug]/membres': {
		path: '/groupes/usines-ouvertes/membres',
		get: app({ partner: 'not-found' }),
		actions: Object.fromEntries(
			['add', 'role', 'remove', 'decide'].map((a) => [a, groupStaffAction])
		)
	},
	'/groupes/[slug]/modifier': {
		path: '/groupes/usines-ouvertes/modifier',
		get: app({ member: 'forbidden', partner: 'not-found', director: 'forbidden' }),
		actions: { update: groupStaffAction, status: groupStaffAction }
	},
	'/groupes/[slug]/objectifs': {
		path: '/groupes/usines-ouvertes/objectifs',
		get: app({ partner: 'not-found' }),
		actions: { create: groupStaffAction, update: groupStaffAction }
	},
	'/groupes/[slug]/documents': {
		path: '/groupes/usines-ouvertes/documents',
		get: app({ partner: 'not-found' }),
		actions: { create: groupStaffAction }
	},
	// An unknown document of a group everyone but the partner may read: every route below
	// answers 404 to all (the rights on real documents are tested with the collaboration server).
	'/groupes/[slug]/documents/[id=uuid]': {
		path: `/groupes/usines-ouvertes/documents/${UNKNOWN_ID}`,
		get: loggedIn('not-found'),
		actions: Object.fromEntries(
			['rename', 'archive', 'unarchive', 'version'].map((a) => [a, loggedIn('not-found')])
		)
	},
	'/groupes/[slug]/documents/[id=uuid]/versions/[versionId=uuid]': {
		path: `/groupes/usines-ouvertes/documents/${UNKNOWN_ID}/versions/${UNKNOWN_ID}`,
		get: loggedIn('not-found'),
		actions: { restore: loggedIn('not-found') }
	},
	'/groupes/[slug]/documents/[id=uuid]/export': {
		path: `/groupes/usines-ouvertes/documents/${UNKNOWN_ID}/export`,
		get: loggedIn('not-found')
	},
	// Files: the group's readers open its library, its contributors change it (none of these
	// accounts but the coordination in this group); a file's address answers for files only.
	'/groupes/[slug]/fichiers': {
		path: '/groupes/usines-ouvertes/fichiers',
		get: app({ partner: 'not-found' }),
		actions: Object.fromEntries(
			['createFolder', 'renameFolder', 'moveFolder', 'removeFolder'].map((a) => [
				a,
				groupStaffAction
			])
		)
	},
	'/groupes/[slug]/fichiers/corbeille': {
		path: '/groupes/usines-ouvertes/fichiers/corbeille',
		get: app({ partner: 'not-found' }),
		actions: { restore: groupStaffAction }
	},
	// The files a message may attach: for the group's contributors only.
	'/groupes/[slug]/fichiers/choix': {
		path: '/groupes/usines-ouvertes/fichiers/choix',
		get: { ...groupStaffAction, coordinator: 'ok', admin: 'ok' }
	},
	'/groupes/[slug]/fichiers/[id=uuid]': {
		path: `/groupes/usines-ouvertes/fichiers/${UNKNOWN_ID}`,
		get: loggedIn('not-found'),
		actions: Object.fromEntries(['rename', 'move', 'remove'].map((a) => [a, loggedIn('not-found')]))
	},
	// The coordination watches the storage; only an admin changes its limits.
	'/admin/fichiers': { get: only('admin', 'coordinator'), actions: { limits: adminOnly } },
	// A file is a download or an image: a 401 rather than the login page.
	'/fichiers/[id=uuid]': {
		path: `/fichiers/${UNKNOWN_ID}`,
		get: { ...everyone('not-found'), anonymous: 'unauthorized' }
	},
	'/fichiers/[id=uuid]/apercu/[size]': {
		path: `/fichiers/${UNKNOWN_ID}/apercu/petit`,
		get: { ...everyone('not-found'), anonymous: 'unauthorized' }
	},
	// Meetings are scheduled by the group's leads and the coordination (none of these accounts
	// leads this group).
	'/groupes/[slug]/reunions': {
		path: '/groupes/usines-ouvertes/reunions',
		get: app({ partner: 'not-found' }),
		actions: { create: groupStaffAction }
	},
	// JSON for the meeting forms' pickers past a few hundred people: only for those who run the
	// group's meetings (a 401, no redirect, without a session).
	'/groupes/[slug]/reunions/personnes': {
		path: '/groupes/usines-ouvertes/reunions/personnes',
		get: {
			...only('coordinator', 'admin'),
			anonymous: 'unauthorized',
			partner: 'not-found'
		}
	},
	// An unknown meeting of a group everyone but the partner may read: 404 for all, before any
	// right to run the meeting is asked about.
	'/groupes/[slug]/reunions/[meetingId=uuid]': {
		path: `/groupes/usines-ouvertes/reunions/${UNKNOWN_ID}`,
		get: loggedIn('not-found'),
		actions: Object.fromEntries(
			[
				'respond',
				'attendance',
				'held',
				'cancel',
				'reopen',
				'publish',
				'update',
				'invite',
				'uninvite',
				'attachFiles',
				'detachFile'
			].map((a) => [a, loggedIn('not-found')])
		)
	},
	'/groupes/[slug]/reunions/[meetingId=uuid]/ics': {
		path: `/groupes/usines-ouvertes/reunions/${UNKNOWN_ID}/ics`,
		get: loggedIn('not-found')
	},
	// Threads: an open group the member reads without belonging to it (so may not write), the
	// partner does not see, the coordination writes in.
	'/groupes/[slug]/discussions': {
		path: '/groupes/usines-ouvertes/discussions',
		get: app({ partner: 'not-found' })
	},
	// JSON for the @-mention pickers past a few hundred people: for those who may write in the
	// group (a 401, no redirect, without a session).
	'/groupes/[slug]/mentions': {
		path: '/groupes/usines-ouvertes/mentions?dans=notes&q=ma',
		get: {
			...app({ member: 'forbidden', director: 'forbidden', partner: 'not-found' }),
			anonymous: 'unauthorized'
		}
	},
	'/groupes/[slug]/discussions/nouvelle': {
		path: '/groupes/usines-ouvertes/discussions/nouvelle',
		get: app({ member: 'forbidden', director: 'forbidden', partner: 'not-found' }),
		actions: {
			default: {
				...loggedIn('invalid'),
				member: 'forbidden',
				director: 'forbidden',
				partner: 'not-found'
			}
		}
	},
	// An unknown thread: 404 to all, before any right to write or moderate is asked about.
	'/groupes/[slug]/discussions/[threadId=uuid]': {
		path: `/groupes/usines-ouvertes/discussions/${UNKNOWN_ID}`,
		get: loggedIn('not-found'),
		actions: Object.fromEntries(
			['reply', 'edit', 'delete', 'subscribe', 'flag', 'rename', 'move'].map((a) => [
				a,
				loggedIn('not-found')
			])
		)
	},
	// Proposals and decisions: the group's readers see them, its contributors propose, its leads
	// and the coordination record decisions; an unknown proposal or decision is a 404 to all.
	'/groupes/[slug]/decisions': {
		path: '/groupes/usines-ouvertes/decisions',
		get: app({ partner: 'not-found' })
	},
	'/groupes/[slug]/decisions/nouvelle': {
		path: '/groupes/usines-ouvertes/decisions/nouvelle',
		get: app({ member: 'forbidden', director: 'forbidden', partner: 'not-found' }),
		actions: { default: groupStaffAction }
	},
	'/groupes/[slug]/decisions/[decisionId=uuid]': {
		path: `/groupes/usines-ouvertes/decisions/${UNKNOWN_ID}`,
		get: loggedIn('not-found'),
		actions: { createAction: loggedIn('not-found') }
	},
	'/groupes/[slug]/propositions/nouvelle': {
		path: '/groupes/usines-ouvertes/propositions/nouvelle',
		get: app({ member: 'forbidden', director: 'forbidden', partner: 'not-found' }),
		actions: {
			default: {
				...loggedIn('invalid'),
				member: 'forbidden',
				director: 'forbidden',
				partner: 'not-found'
			}
		}
	},
	'/groupes/[slug]/propositions/[pollId=uuid]': {
		path: `/groupes/usines-ouvertes/propositions/${UNKNOWN_ID}`,
		get: loggedIn('not-found'),
		actions: Object.fromEntries(
			['answer', 'close', 'extend', 'outcome'].map((a) => [a, loggedIn('not-found')])
		)
	},
	'/groupes/[slug]/sondages/nouveau': {
		path: '/groupes/usines-ouvertes/sondages/nouveau',
		get: app({ member: 'forbidden', director: 'forbidden', partner: 'not-found' }),
		actions: {
			default: {
				...loggedIn('invalid'),
				member: 'forbidden',
				director: 'forbidden',
				partner: 'not-found'
			}
		}
	},
	'/groupes/[slug]/sondages/[pollId=uuid]': {
		path: `/groupes/usines-ouvertes/sondages/${UNKNOWN_ID}`,
		get: loggedIn('not-found'),
		actions: Object.fromEntries(
			['answer', 'close', 'extend'].map((a) => [a, loggedIn('not-found')])
		)
	},
	// Date polls: opened by those who schedule the group's meetings.
	'/groupes/[slug]/sondages/dates': {
		path: '/groupes/usines-ouvertes/sondages/dates',
		get: app({ member: 'forbidden', director: 'forbidden', partner: 'not-found' }),
		actions: { default: groupStaffAction }
	},
	'/groupes/[slug]/sondages/dates/[pollId=uuid]': {
		path: `/groupes/usines-ouvertes/sondages/dates/${UNKNOWN_ID}`,
		get: loggedIn('not-found'),
		actions: Object.fromEntries(
			['answer', 'schedule', 'close', 'extend'].map((a) => [a, loggedIn('not-found')])
		)
	},
	'/decisions': { get: app() },
	'/groupes/[slug]/bilans': {
		path: '/groupes/usines-ouvertes/bilans',
		get: app({ partner: 'not-found' }),
		actions: { default: groupStaffAction }
	},
	// The open-house event. Julie (member) leads a group, so she may create one; an unknown event
	// or site is "not found" to everyone, its forms refused before they are read.
	'/evenements': { get: app() },
	'/evenements/nouveau': {
		get: app({ director: 'forbidden', partner: 'forbidden' }),
		actions: {
			default: { ...loggedIn('invalid'), director: 'forbidden', partner: 'forbidden' }
		}
	},
	'/evenements/[id=uuid]': {
		path: `/evenements/${UNKNOWN_ID}`,
		get: loggedIn('not-found'),
		actions: { status: loggedIn('not-found') }
	},
	'/evenements/[id=uuid]/modifier': {
		path: `/evenements/${UNKNOWN_ID}/modifier`,
		get: loggedIn('not-found'),
		actions: Object.fromEntries(
			['save', 'image', 'removeImage'].map((a) => [a, loggedIn('not-found')])
		)
	},
	'/evenements/[id=uuid]/sites/nouveau': {
		path: `/evenements/${UNKNOWN_ID}/sites/nouveau`,
		get: loggedIn('not-found'),
		actions: { default: loggedIn('not-found') }
	},
	'/evenements/[id=uuid]/sites/[siteId=uuid]': {
		path: `/evenements/${UNKNOWN_ID}/sites/${UNKNOWN_ID}`,
		get: loggedIn('not-found'),
		actions: Object.fromEntries(
			[
				'slots',
				'change',
				'cancelSlot',
				'message',
				'cancelRegistration',
				'moveRegistration',
				'cancelSite'
			].map((a) => [a, loggedIn('not-found')])
		)
	},
	'/evenements/[id=uuid]/sites/[siteId=uuid]/modifier': {
		path: `/evenements/${UNKNOWN_ID}/sites/${UNKNOWN_ID}/modifier`,
		get: loggedIn('not-found'),
		actions: { default: loggedIn('not-found') }
	},
	// The welcome desk, its phone's channel, the figures and the export: refused for an
	// unknown event before anything is read.
	'/evenements/[id=uuid]/accueil': {
		path: `/evenements/${UNKNOWN_ID}/accueil`,
		get: loggedIn('not-found'),
		actions: { arrive: loggedIn('not-found'), walkIn: loggedIn('not-found') }
	},
	'/evenements/[id=uuid]/accueil/pointages': {
		path: `/evenements/${UNKNOWN_ID}/accueil/pointages`,
		get: loggedIn('not-found'),
		methods: { POST: { form: {}, access: loggedIn('not-found') } }
	},
	'/evenements/[id=uuid]/chiffres': {
		path: `/evenements/${UNKNOWN_ID}/chiffres`,
		get: loggedIn('not-found')
	},
	'/evenements/[id=uuid]/inscrits.csv': {
		path: `/evenements/${UNKNOWN_ID}/inscrits.csv`,
		get: loggedIn('not-found')
	},
	// Its public pages: anyone, with or without an account.
	'/[event=eventslug]': { path: '/route-de-l-industrie-2027', get: everyone('ok') },
	// The demo's event has no picture: none is served, whoever asks.
	'/[event=eventslug]/image': {
		path: '/route-de-l-industrie-2027/image',
		get: everyone('not-found')
	},
	'/[event=eventslug]/confidentialite': {
		path: '/route-de-l-industrie-2027/confidentialite',
		get: everyone('ok')
	},
	'/[event=eventslug]/sites/[siteId=uuid]': {
		path: `/route-de-l-industrie-2027/sites/${UNKNOWN_ID}`,
		get: everyone('not-found')
	},
	'/[event=eventslug]/creneaux/[slotId=uuid]': {
		path: `/route-de-l-industrie-2027/creneaux/${UNKNOWN_ID}`,
		get: everyone('not-found'),
		actions: { default: everyone('not-found') }
	},
	// A visitor's registration: a link not signed here leads nowhere, whoever follows it.
	'/inscription/[token]': {
		path: '/inscription/x',
		get: everyone('not-found'),
		actions: Object.fromEntries(
			['cancel', 'confirm', 'party', 'erase'].map((a) => [a, everyone('not-found')])
		)
	},
	'/notifications': { get: app(), actions: { readAll: loggedIn('ok') } },
	'/a-propos': { get: app() },
	// The live channel is a stream: a logged-in person gets it (200), a visitor a 401.
	'/live': { get: { ...everyone('ok'), anonymous: 'unauthorized' }, stream: true },
	'/annuaire': { get: app({ partner: 'forbidden' }) },
	'/annuaire/personnes': { get: app({ partner: 'forbidden' }) },
	// Only an admin takes down a photo: the others are refused before the person is looked up.
	'/annuaire/personnes/[id=uuid]': {
		path: `/annuaire/personnes/${UNKNOWN_ID}`,
		get: { ...loggedIn('not-found'), partner: 'forbidden' },
		actions: { removePhoto: { ...loggedIn('forbidden'), admin: 'not-found' } }
	},
	'/annuaire/organisations/[id=uuid]': {
		path: `/annuaire/organisations/${UNKNOWN_ID}`,
		get: { ...loggedIn('not-found'), partner: 'forbidden' }
	},
	// Anyone logged in may try to create or change actions: the service checks each one.
	'/actions': {
		get: app(),
		actions: { create: loggedIn('invalid'), bulk: loggedIn('invalid'), remind: staffOnly }
	},
	'/actions/export.csv': { get: loggedIn('ok') },
	// JSON for the owner filter: owners of the actions each person may see (a 401, no redirect).
	'/actions/responsables': { get: { ...everyone('ok'), anonymous: 'unauthorized' } },
	// JSON for owner pickers: people each person may give an action to (a 401, no redirect).
	'/actions/personnes': { get: { ...everyone('ok'), anonymous: 'unauthorized' } },
	'/actions/[id=uuid]': {
		path: `/actions/${UNKNOWN_ID}`,
		get: loggedIn('not-found'),
		actions: Object.fromEntries(
			['update', 'comment', 'attachFiles', 'detachFile'].map((a) => [a, loggedIn('not-found')])
		)
	},
	'/recherche': { get: app() },
	// JSON for the header box: a 401 rather than a redirect to the login page.
	'/recherche/suggestions': { get: { ...everyone('ok'), anonymous: 'unauthorized' } },
	'/profil': {
		get: app(),
		actions: {
			profile: loggedIn('invalid'),
			password: loggedIn('invalid'),
			// Each person's own photo: an empty form holds no file; removing none is harmless.
			photo: loggedIn('invalid'),
			removePhoto: loggedIn('ok'),
			notifications: loggedIn('invalid')
		}
	},
	// Photos are images: a 401 rather than the login page, and a 404 for an address that names
	// no current photo, whoever asks.
	'/avatars/[userId=uuid]/[hash]/[size].webp': {
		path: `/avatars/${UNKNOWN_ID}/${'0'.repeat(32)}/64.webp`,
		get: { ...everyone('not-found'), anonymous: 'unauthorized' }
	},
	// Each person's own feed address: nothing to validate, only the login to check.
	'/profil/agenda': {
		get: app(),
		actions: { create: loggedIn('ok'), revoke: loggedIn('ok') }
	},
	// Everyone logged in has a calendar of the groups they read; the network feed is for those who
	// read every group (a first address is made by an empty form, so it answers 'ok').
	'/agenda': {
		get: app(),
		actions: {
			createFeed: only('admin', 'coordinator', 'director'),
			revokeFeed: only('admin', 'coordinator', 'director')
		}
	},
	// The private feeds (personal or the network's) are opened by calendar apps without a session:
	// the token is the key, and an unknown one is a 404 whoever asks.
	'/agenda/[token]': { path: '/agenda/x.ics', get: everyone('not-found') },
	'/tableau-de-bord': { get: only('director', 'coordinator', 'admin') },
	// The coordination e-mails the report to the directors: an empty form names no month.
	'/tableau-de-bord/rapport': {
		get: only('director', 'coordinator', 'admin'),
		actions: { send: staffOnly }
	},
	// A month that is not one: the guard answers first, then the validation (no Chromium runs).
	'/tableau-de-bord/rapport/pdf': {
		path: '/tableau-de-bord/rapport/pdf?mois=2026-13',
		get: {
			...only('director', 'coordinator', 'admin'),
			director: 'invalid',
			coordinator: 'invalid',
			admin: 'invalid'
		}
	},
	'/admin': {
		get: {
			...only('coordinator', 'admin'),
			coordinator: { redirect: '/admin/invitations' },
			admin: { redirect: '/admin/personnes' }
		}
	},
	'/admin/personnes': {
		get: only('admin'),
		actions: { role: adminOnly, disable: adminOnly, enable: adminOnly }
	},
	'/admin/organisations': {
		get: only('admin'),
		actions: { create: adminOnly, update: adminOnly, archive: adminOnly, restore: adminOnly }
	},
	'/admin/courriels': { get: only('admin') },
	// Removing the logo, going back to the app's colour and the transport test need no field: an
	// admin's empty form does them (the demo has neither logo nor colour; the test mail is kept in
	// the outbox).
	'/admin/reglages': {
		get: only('admin'),
		actions: {
			save: adminOnly,
			logo: adminOnly,
			removeLogo: only('admin'),
			colour: adminOnly,
			resetColour: only('admin'),
			testMail: only('admin')
		}
	},
	'/admin/themes': {
		get: only('admin'),
		actions: Object.fromEntries(
			['create', 'rename', 'move', 'archive', 'restore', 'remove'].map((a) => [a, adminOnly])
		)
	},
	// The logo is public (the login page shows it); an unknown one is a 404 whoever asks.
	'/logo/[file]': { path: `/logo/${'0'.repeat(32)}.png`, get: everyone('not-found') },
	'/admin/invitations': {
		get: only('coordinator', 'admin'),
		actions: { invite: staffOnly, revoke: staffOnly, resend: staffOnly }
	},
	// An empty list: the guard answers first, then the reading of the list.
	'/admin/invitations/import': {
		get: only('coordinator', 'admin'),
		actions: { preview: staffOnly, send: staffOnly }
	},
	'/login': {
		get: { ...everyone(home), anonymous: 'ok' },
		// A logged-in person is sent home by the page's load, even after a refused login.
		actions: { default: { ...everyone(home), anonymous: 'invalid' } }
	},
	'/setup': { get: everyone(home), actions: { default: everyone(home) } },
	'/mot-de-passe-oublie': { get: everyone('ok'), actions: { default: authPageActions } },
	'/invitation/[token]': {
		path: '/invitation/x',
		get: everyone('ok'),
		actions: { default: authPageActions }
	},
	// An answer link from an invitation e-mail, without a session: the token is the key, and an
	// unknown one is a 404 whoever asks, for the page and its form alike.
	'/reponse/[token]': {
		path: '/reponse/x',
		get: everyone('not-found'),
		actions: { default: everyone('not-found') }
	},
	// A date poll's answer link, likewise: an unknown token is a 404 to all.
	'/disponibilites/[token]': {
		path: '/disponibilites/x',
		get: everyone('not-found'),
		actions: { default: everyone('not-found') }
	},
	'/reinitialiser/[token]': {
		path: '/reinitialiser/x',
		get: everyone('ok'),
		actions: { default: authPageActions }
	},
	'/logout': {
		get: everyone('not-allowed'),
		// Logging out the other visitors here would end the sessions the rest of this file uses.
		methods: { POST: { form: {}, access: { anonymous: { redirect: '/login?loggedOut=1' } } } }
	},
	'/langue': {
		get: everyone('not-allowed'),
		methods: { POST: { form: { locale: 'xx' }, access: everyone('invalid') } }
	}
};

// ---------------------------------------------------------------------------------------------
// The routes on disk

const routesDir = resolve(import.meta.dirname, '../../src/routes');

interface FoundRoute {
	id: string;
	actions: string[];
	methods: string[];
}

/** Every directory of src/routes that answers requests, as its route id without groups. */
function walk(dir: string): FoundRoute[] {
	const entries = readdirSync(dir, { withFileTypes: true });
	const files = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
	const found: FoundRoute[] = [];
	if (files.has('+page.svelte') || files.has('+page.server.ts') || files.has('+server.ts')) {
		const segments = relative(routesDir, dir)
			.split(/[/\\]/)
			.filter((s) => s && !/^\(.*\)$/.test(s));
		const pageServer = files.has('+page.server.ts')
			? readFileSync(join(dir, '+page.server.ts'), 'utf8')
			: '';
		const endpoint = files.has('+server.ts') ? readFileSync(join(dir, '+server.ts'), 'utf8') : '';
		found.push({
			id: `/${segments.join('/')}`,
			actions: formActions(pageServer, dir),
			methods: [
				...endpoint.matchAll(
					/export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE|fallback)\b/g
				)
			].map((m) => m[1])
		});
	}
	for (const entry of entries) if (entry.isDirectory()) found.push(...walk(join(dir, entry.name)));
	return found;
}

/**
 * The names of the form actions a +page.server.ts exports: the keys, one tab in, of its
 * `actions` object (`name: async (event) => …`, `name: handler`, `async name(event) {…}`).
 */
function formActions(source: string, dir: string): string[] {
	const start = source.search(/export\s+const\s+actions\b/);
	if (start < 0) return [];
	const end = source.indexOf('\n};', start);
	const body = source.slice(start, end < 0 ? undefined : end);
	const names = [...body.matchAll(/^\t(?:async\s+)?(\w+)\s*(?::|\(|,|$)/gm)].map((m) => m[1]);
	if (names.length === 0) throw new Error(`cannot read the form actions of ${dir}`);
	return names;
}

/**
 * A request path for a route id: parameters get a sample value unless the table gives one, an id
 * where the segment's matcher asks for one (`[id=uuid]`), `x` elsewhere.
 */
function samplePath(route: FoundRoute): string {
	return (
		expectations[route.id]?.path ??
		(route.id.replace(/\[\[?(?:\.\.\.)?[^\]=]+(?:=(\w+))?\]\]?/g, (_, matcher) =>
			matcher === 'uuid' ? UNKNOWN_ID : 'x'
		) ||
			'/')
	);
}

const routes = walk(routesDir).sort((a, b) => a.id.localeCompare(b.id));

// ---------------------------------------------------------------------------------------------
// The checks

let server: RunningServer;
const clients = {} as Record<Visitor, APIRequestContext>;

test.beforeAll(async () => {
	server = await startServer({ demo: true });
	for (const visitor of visitors) {
		clients[visitor] = await request.newContext({
			baseURL: server.url,
			// Like a browser posting a form without JavaScript: from the app's own origin (SvelteKit
			// refuses cross-site form posts) and asking for HTML (with `*/*` SvelteKit would answer
			// form actions in JSON with a 200 status).
			extraHTTPHeaders: { origin: server.url, accept: 'text/html' },
			maxRedirects: 0
		});
		if (visitor === 'anonymous') continue;
		const response = await clients[visitor].post('/login', {
			form: { email: accounts[visitor], password: DEMO_PASSWORD }
		});
		expect(response.status(), `login of ${visitor}`).toBe(303);
		expect(response.headers()['location']).toBe('/');
	}
});

test.afterAll(async () => {
	for (const client of Object.values(clients)) await client?.dispose();
	await server?.stop();
});

const statuses: Record<number, Outcome> = {
	200: 'ok',
	400: 'invalid',
	401: 'unauthorized',
	403: 'forbidden',
	404: 'not-found',
	405: 'not-allowed'
};

/** How an answer to `target` reads in the table's terms, so a mismatch shows both plainly. */
function reading(target: string, response: APIResponse): Outcome | string {
	const status = response.status();
	const location = response.headers()['location'];
	if (statuses[status]) return statuses[status];
	if (status === 303 && location === `/login?redirectTo=${encodeURIComponent(target)}`) {
		return 'login';
	}
	if (status === 303 && location) return { redirect: location };
	return `${status}${location ? ` → ${location}` : ''}`;
}

/**
 * Opens a streaming GET with the visitor's cookies and closes it as soon as the status and headers
 * are in (Playwright's request API would wait for a body that never ends).
 */
async function openStream(client: APIRequestContext, path: string): Promise<APIResponse> {
	const { cookies } = await client.storageState();
	const controller = new AbortController();
	const response = await fetch(`${server.url}${path}`, {
		headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
		redirect: 'manual',
		signal: controller.signal
	});
	controller.abort();
	const headers = Object.fromEntries(response.headers);
	return { status: () => response.status, headers: () => headers } as unknown as APIResponse;
}

/** Sends the same request as every visitor the table speaks of; reports every difference. */
async function check(
	method: string,
	target: string,
	access: Partial<Access>,
	send: (client: APIRequestContext) => Promise<APIResponse>
) {
	const mismatches: string[] = [];
	for (const visitor of visitors) {
		const expected = access[visitor];
		if (expected === undefined) continue;
		const actual = reading(target, await send(clients[visitor]));
		if (JSON.stringify(actual) !== JSON.stringify(expected)) {
			mismatches.push(
				`${method} ${target} as ${visitor}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`
			);
		}
	}
	expect(mismatches).toEqual([]);
}

test('the route walker finds the app', () => {
	const ids = routes.map((r) => r.id);
	expect(ids).toEqual(expect.arrayContaining(['/', '/login', '/admin/personnes', '/logout']));
	expect(routes.find((r) => r.id === '/admin/invitations')?.actions).toEqual([
		'invite',
		'revoke',
		'resend'
	]);
	expect(routes.find((r) => r.id === '/langue')?.methods).toEqual(['POST']);
});

test('every parameter that holds an id is checked by the uuid matcher', () => {
	const unchecked = routes.map((r) => r.id).filter((id) => /\[\w*(?:id|Id)\]/.test(id));
	expect(unchecked, 'routes whose id parameter has no [name=uuid] matcher').toEqual([]);
});

// The matcher turns a malformed id away before any guard or load runs: a 404 for everyone,
// never a database error. The table's path names UNKNOWN_ID for each id of the route.
for (const route of routes.filter((r) => r.id.includes('=uuid]'))) {
	test(`a malformed id in ${route.id} is a 404`, async () => {
		const path = samplePath(route).replaceAll(UNKNOWN_ID, 'pas-un-id');
		expect(path).toContain('pas-un-id');
		await check('GET', path, everyone('not-found'), (client) => client.get(path));
		const [action] = route.actions;
		if (action) {
			const target = action === 'default' ? path : `${path}?/${action}`;
			await check('POST', target, everyone('not-found'), (client) =>
				client.post(target, { form: {} })
			);
		}
	});
}

test('every expectation in the table matches a route on disk', () => {
	const ids = new Set(routes.map((r) => r.id));
	const stale = Object.keys(expectations).filter((id) => !ids.has(id));
	expect(stale, 'expectations for routes that no longer exist').toEqual([]);
});

for (const route of routes) {
	test(`access to ${route.id}`, async () => {
		const expectation = expectations[route.id];
		if (!expectation) throw new Error(`route ${route.id} has no authorization expectation`);
		const path = samplePath(route);

		await check('GET', path, expectation.get, (client) =>
			expectation.stream ? openStream(client, path) : client.get(path)
		);

		for (const name of route.actions) {
			const access = expectation.actions?.[name];
			if (!access) {
				throw new Error(
					`form action ${name} of route ${route.id} has no authorization expectation`
				);
			}
			const target = name === 'default' ? path : `${path}?/${name}`;
			await check('POST', target, access, (client) => client.post(target, { form: {} }));
		}

		for (const method of route.methods.filter((m) => m !== 'GET')) {
			const spec = expectation.methods?.[method];
			if (!spec) {
				throw new Error(`${method} of route ${route.id} has no authorization expectation`);
			}
			await check(method, path, spec.access, (client) =>
				client.fetch(path, { method, form: spec.form })
			);
		}
	});
}

test('a cross-site form post is refused before any guard runs', async () => {
	const response = await clients.admin.post('/admin/organisations?/create', {
		form: { name: 'Intrus', kind: 'company' },
		headers: { origin: 'http://evil.example' }
	});
	expect(response.status()).toBe(403);
});
