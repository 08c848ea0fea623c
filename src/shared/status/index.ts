export * from './types.ts';
export { STATUS_CATALOGUE, findStatus } from './catalogue.ts';
export { classifyStatus, classifyLegs, classifyPair } from './classify.ts';
export { sipPhrase } from './sip.ts';
