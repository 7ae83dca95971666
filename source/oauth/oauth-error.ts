import {SendStepError, type CauseCode} from '../smtp/diagnose.js';

/** A sign-in or token request that failed, with its cause; the message is our own words. */
export class OAuthError extends SendStepError {
	constructor(causeCode: CauseCode, message: string) {
		super(causeCode, message);
		this.name = 'OAuthError';
	}
}
