/** A missing or invalid token: HTTP 401. The message says what was wrong, never the token. */
export class AuthenticationError extends Error {}
