// Every form a password can take on the wire or in a log, computed here, independently of the
// redaction code under test. A test searches screens, outputs and files for all of them.
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export function secretForms(username: string, password: string): string[] {
	return [
		password,
		base64(password),
		base64(password).replace(/=+$/u, ''),
		base64(`\0${username}\0${password}`),
		base64(`${username}\0${username}\0${password}`),
		base64(`${username}\0${password}`),
		base64(`${username}:${password}`),
		Buffer.from(password).toString('hex'),
	];
}

/** An OAuth token and the forms it takes: alone, base64, and inside the XOAUTH2 string. */
export function tokenForms(username: string, token: string): string[] {
	const xoauth2 = `user=${username}\u0001auth=Bearer ${token}\u0001\u0001`;
	return [token, base64(token), base64(token).replace(/=+$/u, ''), base64(xoauth2), base64(xoauth2).replace(/=+$/u, ''), encodeURIComponent(token)];
}
