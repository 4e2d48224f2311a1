// A one-page PDF of plain lines of text, written by hand: enough for the demo's quotes and
// timetables to open in a browser and hold words a search can find, without a PDF library.

/** A PDF string literal in WinAnsi (Latin-1 covers French), its delimiters escaped. */
function literal(text: string): string {
	const latin = text
		.replace(/[’‘]/g, "'")
		.replace(/[“”]/g, '"')
		.replace(/[–—]/g, '-')
		// WinAnsi has the euro sign where Latin-1 has a control character.
		.replace(/€/g, '\x80')
		.replace(/[^\x20-\xff]/g, '?');
	return `(${latin.replace(/([\\()])/g, '\\$1')})`;
}

/** The PDF's bytes: a coloured band at the top, `title` in bold, then each of `lines` below it. */
export function simplePdf(title: string, lines: string[]): Buffer {
	const text = [
		// The letterhead's band (drawn whatever fonts the reader has), then black text.
		'0.16 0.35 0.45 rg',
		'0 806 595 36 re f',
		'0 g',
		'BT',
		'/F2 16 Tf',
		'56 780 Td',
		`${literal(title)} Tj`,
		'/F1 11 Tf',
		'0 -30 Td',
		'16 TL',
		...lines.map((line) => `${literal(line)} Tj T*`),
		'ET'
	].join('\n');
	const stream = Buffer.from(text, 'latin1');
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>',
		`<< /Length ${stream.length} >>\nstream\n${stream.toString('latin1')}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>'
	];
	let body = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((object, i) => {
		offsets.push(Buffer.byteLength(body, 'latin1'));
		body += `${i + 1} 0 obj\n${object}\nendobj\n`;
	});
	const xref = Buffer.byteLength(body, 'latin1');
	body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
	body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(body, 'latin1');
}
