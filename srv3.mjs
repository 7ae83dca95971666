import {SMTPServer} from 'smtp-server';
const s = new SMTPServer({authOptional: true, disabledCommands: ['STARTTLS','AUTH'], onData(stream, session, cb) { stream.resume(); stream.on('end', () => cb(null, 'ok')); }});
s.listen(2527, '127.0.0.1');
