/**
 * A link that opens an address in the phone's maps app: Apple Maps on an iPhone or iPad (its web
 * address opens the app), the `geo:` address Android hands to whichever maps app is installed,
 * and OpenStreetMap's search on a computer. Chosen from the browser's User-Agent, so the page
 * works without a script.
 */
export function mapsLink(address: string, userAgent: string | null): string {
	const q = encodeURIComponent(address);
	const ua = userAgent ?? '';
	if (/iPhone|iPad|iPod|Macintosh/.test(ua)) return `https://maps.apple.com/?q=${q}`;
	if (/Android/.test(ua)) return `geo:0,0?q=${q}`;
	return `https://www.openstreetmap.org/search?query=${q}`;
}
