// Moved to the domain (query arguments suggest names too); kept here so ingest imports stay put.
export { closestMatch, levenshtein } from '../domain/did-you-mean';
