import SMTPConnection from 'nodemailer/lib/smtp-connection';
import MailComposer from 'nodemailer/lib/mail-composer';
import {SMTPServer} from 'smtp-server';
import selfsigned from 'selfsigned';
import util from 'node:util';
const pems = await selfsigned.generate([{name:'commonName', value:'localhost'}], {keyType:'ec', algorithm:'sha256'});
const server = new SMTPServer({key: pems.private, cert: pems.cert, authMethods: ['PLAIN','LOGIN'], onAuth(a, s, cb){ cb(null, {user: a.username}); }, onData(stream, s, cb){ stream.resume(); stream.on('end', () => cb(null, 'Queued as ABC')); }, disableReverseLookup: true, logger: false});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const port = server.server.address().port;
const t = Date.now();
const log = lvl => (entry, fmt, ...args) => console.log(Date.now()-t, lvl, entry.tnx, JSON.stringify(util.format(fmt, ...args)), Object.keys(entry).filter(k => !['component','sid','tnx'].includes(k)).join(','));
const logger = {trace: log('trace'), debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), fatal: log('fatal')};
const c = new SMTPConnection({host: '127.0.0.1', port, tls: {rejectUnauthorized: false}, logger, debug: true, authMethod: process.argv[2]});
c.on('error', e => console.log('ERR', e));
c.on('end', () => { console.log('END'); server.close(); });
const mail = new MailComposer({from: {name: 'CMDB', address: 'a@example.com'}, to: 'b@example.com', subject: 'hi', text: 'line1\nline2'}).compile();
const raw = await mail.build();
console.log('messageId', mail.messageId(), mail.getEnvelope());
c.connect(() => {
  console.log('connected secure', c.secure, c._socket.getProtocol?.());
  c.login({credentials: {user: 'user', pass: 'pässword'}, method: process.argv[2]}, err => {
    console.log('login', err);
    c.send(mail.getEnvelope(), raw, (err, info) => { console.log('sent', err, info); c.quit(); });
  });
});
