/** Standard SIP reason phrases (RFC 3261 §21) of the leg codes the service uses. 461 is operator-specific. */
const SIP_PHRASES: ReadonlyMap<number, string> = new Map([
  [183, 'Session Progress'],
  [199, 'Early Dialog Terminated'],
  [200, 'OK'],
  [400, 'Bad Request'],
  [401, 'Unauthorized'],
  [403, 'Forbidden'],
  [404, 'Not Found'],
  [406, 'Not Acceptable'],
  [408, 'Request Timeout'],
  [410, 'Gone'],
  [480, 'Temporarily Unavailable'],
  [484, 'Address Incomplete'],
  [486, 'Busy Here'],
  [487, 'Request Terminated'],
  [488, 'Not Acceptable Here'],
  [491, 'Request Pending'],
  [500, 'Server Internal Error'],
  [502, 'Bad Gateway'],
  [503, 'Service Unavailable'],
  [504, 'Server Time-out'],
  [600, 'Busy Everywhere'],
  [603, 'Decline'],
  [604, 'Does Not Exist Anywhere'],
]);

export function sipPhrase(code: number): string | null {
  return SIP_PHRASES.get(code) ?? null;
}

export const isSipFailure = (code: number): boolean => code >= 400 && code <= 699;
export const isServiceCode = (code: number): boolean => code >= 700 && code <= 899;
