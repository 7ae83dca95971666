import {describe, expect, it} from 'vitest';
import type {TranscriptLine} from '../../source/smtp/transcript.js';
import {describeOutcome, outcomeText, probeOutcome, sendOutcome, verifyOutcome, waitingFor, type Outcome} from '../../source/ui/outcome.js';
import {scrollNote} from '../../source/ui/transcript-pane.js';
import {emptyTranscript, keptLines, transcriptReducer} from '../../source/ui/transcript-state.js';

const line = (kind: TranscriptLine['kind'], text: string, elapsedMs = 0): TranscriptLine => ({kind, text, elapsedMs});
const at = new Date(2026, 11, 1, 10, 42, 7);

describe('the outcome line', () => {
	it('says what a running send waits for, from its transcript', () => {
		expect(waitingFor('send', [])).toBe('connecting');
		expect(waitingFor('send', [line('info', 'Connected to 127.0.0.1:25 from 127.0.0.1:5000')])).toBe('waiting for the greeting');
		expect(waitingFor('send', [line('server', '220 hi'), line('client', 'EHLO [127.0.0.1]')])).toBe('waiting for the reply to EHLO');
		expect(waitingFor('send', [line('client', 'DATA'), line('server', '354 go'), line('client', 'Subject: x'), line('client', '.')])).toBe(
			'waiting for the reply to DATA',
		);
		expect(waitingFor('probe', [])).toBe('probing the ports');
	});

	it('counts the seconds since the last line, against the timeout', () => {
		const running: Outcome = {task: 'send', running: true, startedAt: 1000, timeoutSeconds: 30};
		const lines = [line('info', 'Connected to 127.0.0.1:25 from 127.0.0.1:5000', 500)];
		expect(outcomeText(describeOutcome(running, lines, 1000 + 500 + 12_400))).toBe('… Sending waiting for the greeting · 12 s of 30');
	});

	it('tells success from failure in a word and a symbol, with the time and the cause', () => {
		const sent = describeOutcome(sendOutcome({ok: true, response: '250 Queued as ABC', messageId: '<a@b>', timings: {totalMs: 5}}, at), [], 0);
		expect(outcomeText(sent)).toBe('✓ Sent 10:42:07 · 250 Queued as ABC');
		expect(sent.tone).toBe('success');
		const failed = describeOutcome(
			sendOutcome({ok: false, cause: 'auth-failed', message: 'The server refused the login.', hint: 'Check the password.', timings: {totalMs: 5}}, at),
			[],
			0,
		);
		expect(outcomeText(failed)).toBe('✗ Failed 10:42:07 · The server refused the login.');
		expect(failed.tone).toBe('error');
		expect(outcomeText(failed)).not.toContain('Check the password');
		const cancelled = describeOutcome(sendOutcome({ok: false, cause: 'cancelled', message: 'Cancelled.', hint: '', timings: {totalMs: 5}}, at), [], 0);
		expect(outcomeText(cancelled)).toBe('– Cancelled 10:42:07 · Cancelled.');
		const verified = verifyOutcome({ok: true, loggedIn: true, secure: true, method: 'PLAIN', message: 'login accepted', timings: {totalMs: 1}}, at);
		expect(outcomeText(describeOutcome(verified, [], 0))).toBe('✓ Verified 10:42:07 · login accepted');
	});

	it('names what a probe recommends, or says it found nothing', () => {
		const base = {host: 'mail.example.com', addresses: [], ports: [], usable: false, cancelled: false, durationMs: 1, timeoutMs: 1};
		const found = probeOutcome({...base, usable: true, recommendation: {port: 587, security: 'starttls', loginPossible: true, certificateTrusted: true, reason: ''}}, at);
		expect(outcomeText(describeOutcome(found, [], 0))).toBe('✓ Probed 10:42:07 · port 587, encryption starttls: a applies it');
		expect(outcomeText(describeOutcome(probeOutcome({...base, recommendation: null}, at), [], 0))).toBe('✗ Failed 10:42:07 · no usable SMTP port on mail.example.com');
	});
});

describe('the transcript scroll line', () => {
	it('counts only lines the pane still has, and says how many the line cap dropped and where they are', () => {
		const lines = Array.from({length: keptLines + 100}, (_, index) => line('server', `250 line ${index}`));
		let state = transcriptReducer(emptyTranscript, {type: 'append', lines});
		state = transcriptReducer(state, {type: 'scroll', by: -10, height: 5});
		expect(state.dropped).toBe(100);
		const note = scrollNote(state, 4, false);
		expect(note).toContain(`↑ ${keptLines - 10 - 4} earlier`);
		expect(note).toContain('↓ 10 newer');
		expect(note).toContain('100 oldest dropped');
		expect(note).toContain('SMTP Debug = Yes logs them all');
		expect(scrollNote(state, 4, true)).toContain('the debug log has them all');
	});
});
