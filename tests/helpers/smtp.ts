import { createServer, type Server, type Socket } from 'node:net';

export interface SmtpMessage {
	from: string;
	to: string[];
	/** The message as sent after DATA: headers, a blank line, the body. */
	data: string;
}

export interface FakeSmtp {
	/** `smtp://127.0.0.1:<port>`, with `user:pass@` when a login is asked for. */
	url: (login?: string) => string;
	messages: SmtpMessage[];
	close: () => Promise<void>;
}

/**
 * A small SMTP server on a free port, enough for nodemailer: it takes every message, or, with
 * `refuseLogin`, offers AUTH and refuses every login as a real server does (535).
 */
export async function startFakeSmtp(options: { refuseLogin?: boolean } = {}): Promise<FakeSmtp> {
	const messages: SmtpMessage[] = [];
	const sockets = new Set<Socket>();
	const server: Server = createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		let buffer = '';
		let inData = false;
		let current: SmtpMessage = { from: '', to: [], data: '' };
		const reply = (line: string) => socket.write(`${line}\r\n`);
		reply('220 fake.smtp.test ESMTP');
		socket.on('data', (chunk) => {
			buffer += chunk.toString('utf8');
			for (;;) {
				if (inData) {
					const end = buffer.indexOf('\r\n.\r\n');
					if (end < 0) return;
					current.data = buffer.slice(0, end);
					buffer = buffer.slice(end + 5);
					inData = false;
					messages.push(current);
					current = { from: '', to: [], data: '' };
					reply('250 2.0.0 queued');
					continue;
				}
				const newline = buffer.indexOf('\r\n');
				if (newline < 0) return;
				const line = buffer.slice(0, newline);
				buffer = buffer.slice(newline + 2);
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO') {
					reply('250-fake.smtp.test');
					reply(options.refuseLogin ? '250 AUTH PLAIN LOGIN' : '250 8BITMIME');
				} else if (verb === 'HELO') reply('250 fake.smtp.test');
				else if (verb === 'AUTH') reply('535 5.7.8 Authentication credentials invalid');
				else if (verb === 'MAIL') {
					current.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
					reply('250 2.1.0 ok');
				} else if (verb === 'RCPT') {
					current.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
					reply('250 2.1.5 ok');
				} else if (verb === 'DATA') {
					inData = true;
					reply('354 go ahead');
				} else if (verb === 'QUIT') {
					reply('221 bye');
					socket.end();
				} else reply('250 ok');
			}
		});
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: (login) => `smtp://${login ? `${login}@` : ''}127.0.0.1:${port}`,
		messages,
		close: () =>
			new Promise<void>((done) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => done());
			})
	};
}
