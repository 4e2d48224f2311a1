// Draws the app's icon (a mesh of linked nodes shaped as an M: "Maillage", the network woven
// over the territory) and writes it as SVG and as the PNGs the web app manifest and iOS ask for.
// Run with `node scripts/icons.mjs` after changing the drawing; the results are committed.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import sharp from 'sharp';

const root = resolve(import.meta.dirname, '..');
// The app's colours (src/app.css): --color-primary-strong, --color-accent, white.
const BACKGROUND = '#164659';
const ACCENT = '#c8622b';
const LINE = '#ffffff';

// Nodes on a 512 grid, all inside the centre circle of 80 % that a maskable icon keeps.
const nodes = {
	bottomLeft: [132, 356],
	topLeft: [132, 164],
	middle: [256, 268],
	topRight: [380, 164],
	bottomRight: [380, 356],
	bottom: [256, 380]
};
const links = [
	['bottomLeft', 'topLeft'],
	['topLeft', 'middle'],
	['middle', 'topRight'],
	['topRight', 'bottomRight'],
	['middle', 'bottom'],
	['bottomLeft', 'bottom'],
	['bottom', 'bottomRight']
];

/** The icon; `rounded`: corners of its own (favicon, "any"); else full bleed (maskable). */
function drawing(rounded) {
	const lines = links
		.map(([a, b]) => {
			const [x1, y1] = nodes[a];
			const [x2, y2] = nodes[b];
			return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"/>`;
		})
		.join('');
	const circles = Object.entries(nodes)
		.map(
			([name, [x, y]]) =>
				`<circle cx="${x}" cy="${y}" r="${name === 'middle' ? 34 : 28}" fill="${name === 'middle' ? ACCENT : LINE}"/>`
		)
		.join('');
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">` +
		`<title>Maillage</title>` +
		`<rect width="512" height="512" rx="${rounded ? 112 : 0}" fill="${BACKGROUND}"/>` +
		`<g stroke="${LINE}" stroke-width="22" stroke-linecap="round">${lines}</g>` +
		circles +
		`</svg>\n`
	);
}

const any = drawing(true);
const maskable = drawing(false);
await writeFile(resolve(root, 'static/favicon.svg'), any);

const outputs = [
	['static/icons/icon-192.png', any, 192],
	['static/icons/icon-512.png', any, 512],
	['static/icons/maskable-192.png', maskable, 192],
	['static/icons/maskable-512.png', maskable, 512],
	// iOS rounds the corners itself and shows transparency as black: the full-bleed drawing.
	['static/icons/apple-touch-icon.png', maskable, 180]
];
for (const [path, svg, size] of outputs) {
	await sharp(Buffer.from(svg), { density: (72 * size) / 512 })
		.resize(size, size)
		.png({ compressionLevel: 9 })
		.toFile(resolve(root, path));
}
console.log(`Wrote static/favicon.svg and ${outputs.length} PNGs.`);
