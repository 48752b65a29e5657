/** The learning-event data generator: library API (the CLI is scripts/generate.ts). */
export { generateEvents } from './generate';
export type { GeneratorOptions, Period } from './options';
export { periodOf, validateOptions } from './options';
export { PASS_MARK } from './journeys';
export { NdjsonEncoder } from './ndjson-encoder';
export { ndjsonChunks, writeNdjson, writeNdjsonFile } from './ndjson-writer';
export { postEventBatches } from './http-sender';
export type { HttpSendOptions, HttpSendResult } from './http-sender';
export { GENERATE_USAGE, parseGenerateArgs, UsageError } from './cli-args';
export type { Destination, GenerateCliCommand, GenerateCliOptions } from './cli-args';
