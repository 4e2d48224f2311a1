/**
 * The app's public address, for links in e-mails sent outside a request (scheduled jobs, edits
 * of notes settling in the background): ORIGIN when set, else this server on localhost.
 */
export function appOrigin(): string {
	return process.env.ORIGIN ?? `http://localhost:${process.env.PORT ?? 3000}`;
}
