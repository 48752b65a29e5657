/**
 * Another API replica holds what this request needs (its event ids or its Idempotency-Key, in
 * Redis) beyond the wait: nothing was stored, the client retries (503 with this message).
 */
export class ReplicaBusyError extends Error {}
