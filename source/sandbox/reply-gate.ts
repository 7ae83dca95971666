import net from 'node:net';
import tls from 'node:tls';
import type {InjectedReply} from './rehearsal.js';

/**
 * smtp-server has no hook for EHLO or the DATA command, so a rehearsal of those stages puts this
 * in front of it: it forwards every byte both ways and answers the chosen commands itself. It
 * reads commands only until STARTTLS; from then on the bytes are TLS and pass untouched.
 */
export type ReplyGate = {port: number; close: () => Promise<void>};

export type ReplyGateOptions = {
	host: string;
	port: number;
	/** The sandbox's own server, on a port of its own. */
	upstreamPort: number;
	/** Command verb (EHLO, HELO, DATA...) -> the reply it gets instead of going on. */
	replies: ReadonlyMap<string, InjectedReply>;
	/** Implicit TLS in front (--tls); the sandbox's own server then speaks plain behind it. */
	tls?: tls.TlsOptions;
	/** An answered command, by the local port of the connection to the sandbox's server. */
	onAnswer: (upstreamLocalPort: number, command: string, reply: string) => void;
};

export async function startReplyGate(options: ReplyGateOptions): Promise<ReplyGate> {
	const sockets = new Set<net.Socket>();
	const handle = (client: net.Socket) => {
		const upstream = net.connect(options.upstreamPort, '127.0.0.1');
		sockets.add(client);
		sockets.add(upstream);
		let pending = Buffer.alloc(0);
		let passThrough = false;
		const closeBoth = () => {
			client.destroy();
			upstream.destroy();
		};
		client.on('error', closeBoth);
		upstream.on('error', closeBoth);
		client.on('close', () => {
			sockets.delete(client);
			upstream.end();
		});
		upstream.on('close', () => {
			sockets.delete(upstream);
			client.end();
		});
		upstream.on('data', (chunk: Buffer) => client.write(chunk));
		client.on('data', (chunk: Buffer) => {
			if (passThrough) {
				upstream.write(chunk);
				return;
			}
			pending = Buffer.concat([pending, chunk]);
			for (let end = pending.indexOf(0x0a); end !== -1 && !passThrough; end = pending.indexOf(0x0a)) {
				const line = pending.subarray(0, end + 1);
				pending = pending.subarray(end + 1);
				const command = line.toString('latin1').trim();
				const verb = command.split(/\s+/u, 1)[0]!.toUpperCase();
				const reply = options.replies.get(verb);
				if (reply) {
					const text = `${reply.code} ${reply.text}`;
					client.write(`${text}\r\n`);
					options.onAnswer(upstream.localPort ?? 0, command, text);
					if (reply.code === 421) closeBoth();
					continue;
				}
				upstream.write(line);
				if (verb === 'STARTTLS') {
					passThrough = true;
					if (pending.length > 0) upstream.write(pending);
					pending = Buffer.alloc(0);
				}
			}
			// A line without an end this long is no SMTP command: pass it on, let the server answer.
			if (pending.length > 4096) {
				upstream.write(pending);
				pending = Buffer.alloc(0);
			}
		});
	};
	const server = options.tls ? tls.createServer(options.tls, handle) : net.createServer(handle);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	return {
		port: (server.address() as net.AddressInfo).port,
		close: () =>
			new Promise<void>(resolve => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}
