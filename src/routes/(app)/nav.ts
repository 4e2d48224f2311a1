/** Where the bottom bar of a phone leads; the header's other links go to the account menu there. */
export const thumbLinks = ['/', '/groupes', '/actions', '/recherche'] as const;

/** Whether `href` is the page at `path`, or a page under it (the home page only for itself). */
export function isCurrent(path: string, href: string): boolean {
	return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}
