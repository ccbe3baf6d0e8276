// Countersign web app: approval and rejection signatures (docs/formats.md).
//
// Exports (stable):
//   APPROVAL_TYP                      "countersign-approval+jws"
//   REJECTION_TYP                     "countersign-rejection+jws"
//   jcs(value) -> string              RFC 8785 canonical JSON of plain JSON values
//   rejectionDocument(statementId, digest, reason) -> the JCS text a rejection signs: rejection/v1
//                     without a reason (undefined or null), rejection/v2 with it, exactly as typed
//   rejectionPayload(statementId, digest, reason) -> base64url of rejectionDocument's UTF-8 bytes
//   textProblem(text, max) -> null, or why the server would refuse this reason or comment
//                     (VoteReason / CommentText: 1…max code points, not blank, no control
//                     character but line feed, no bidirectional override)
//   signEntry({payload, typ, key, now}) -> {entry: {protected, signature}, signingInput: Uint8Array}
//                     payload: base64url (the statement's `payload` for an approval, or
//                     rejectionPayload(...)); typ: APPROVAL_TYP or REJECTION_TYP, the one that
//                     matches the payload; key: a keystore record {privateKey, alg, kid}
//   signApproval(statement, key, {stepUp}) / signRejection(statement, key, {reason})
//                     statement: GET /api/statements/{id}; returns the body's "signature" entry.
//                     stepUp(signingInput) -> {credentialId, authenticatorData, clientDataJSON,
//                     signature} adds the unprotected "webauthn" header (passkeyStepUp below)
//   passkeyStepUp(signingInput, {allowCredentials}) asks the passkey for an assertion whose
//                     challenge is SHA-256(signingInput), user verification required

import { bytesToBase64url, getAssertion } from './webauthn.js';

// The "typ" of each vote kind (VoteKind.type in Sources/Countersign/Votes): the server refuses a
// vote whose typ is not the one of what it signs, so that no rejection can count as an approval.
export const APPROVAL_TYP = 'countersign-approval+jws';
export const REJECTION_TYP = 'countersign-rejection+jws';
const VOTE_TYPES = new Set([APPROVAL_TYP, REJECTION_TYP]);

/** RFC 8785 for the values this app signs (strings, integers, booleans, null, arrays, objects). */
export function jcs(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  const keys = Object.keys(value).sort((a, b) => {
    // JCS orders by UTF-16 code units, which is what < compares.
    if (a < b) return -1;
    return a > b ? 1 : 0;
  });
  return `{${keys.map((key) => `${JSON.stringify(key)}:${jcs(value[key])}`).join(',')}}`;
}

const encoder = new TextEncoder();

export function rejectionDocument(statementId, digest, reason) {
  if (reason === undefined || reason === null) return jcs({ countersign: 'rejection/v1', statement: statementId, digest });
  // The reason is signed exactly as typed: never trimmed or normalised here.
  return jcs({ countersign: 'rejection/v2', statement: statementId, digest, reason });
}

export function rejectionPayload(statementId, digest, reason) {
  return bytesToBase64url(encoder.encode(rejectionDocument(statementId, digest, reason)));
}

/** The server's rule for reasons and comments (Sources/Countersign/Text/FreeText.swift). */
export function textProblem(text, max) {
  const scalars = [...text];
  if (scalars.length > max) return `at most ${max} characters (this has ${scalars.length})`;
  for (const character of scalars) {
    const code = character.codePointAt(0);
    const control = (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
    const bidi = (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    if (control || bidi) return `no control characters (other than line breaks) or direction overrides (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
  }
  if (!/\S/u.test(text)) return 'it is empty';
  return null;
}

function signParameters(alg) {
  if (alg === 'Ed25519') return { name: 'Ed25519' };
  if (alg === 'ES256') return { name: 'ECDSA', hash: 'SHA-256' };
  throw new Error(`unsupported algorithm ${alg}`);
}

/** One General JWS signature entry over `payload` (base64url) with the member's key; `typ` says
 *  what the payload is (an approval's statement bytes or a rejection document). */
export async function signEntry({ payload, typ, key, now = new Date() }) {
  if (!VOTE_TYPES.has(typ)) throw new Error(`unknown vote type ${typ}`);
  const header = { alg: key.alg, kid: key.kid, typ, iat: Math.floor(now.getTime() / 1000) };
  const protectedHeader = bytesToBase64url(encoder.encode(jcs(header)));
  const signingInput = encoder.encode(`${protectedHeader}.${payload}`);
  // ECDSA in WebCrypto already yields r || s, the JWS form.
  const signature = await crypto.subtle.sign(signParameters(key.alg), key.privateKey, signingInput);
  return { entry: { protected: protectedHeader, signature: bytesToBase64url(signature) }, signingInput };
}

/** A passkey assertion over SHA-256(signingInput): the step-up proof of one signature. */
export async function passkeyStepUp(signingInput, { allowCredentials = [] } = {}) {
  const challenge = bytesToBase64url(await crypto.subtle.digest('SHA-256', signingInput));
  const { json } = await getAssertion({
    challenge, rpId: location.hostname, allowCredentials, userVerification: 'required', timeout: 120000,
  });
  return {
    credentialId: json.id,
    authenticatorData: json.response.authenticatorData,
    clientDataJSON: json.response.clientDataJSON,
    signature: json.response.signature,
  };
}

/** The approval entry for `statement` (GET /api/statements/{id}); `stepUp` adds the proof. */
export async function signApproval(statement, key, { stepUp } = {}) {
  const { entry, signingInput } = await signEntry({ payload: statement.payload, typ: APPROVAL_TYP, key });
  if (stepUp) entry.header = { webauthn: await stepUp(signingInput) };
  return entry;
}

/** The rejection entry for `statement`: over the rejection document, never the statement; with
 *  `reason`, the rejection/v2 document that signs it. */
export async function signRejection(statement, key, { reason } = {}) {
  const payload = rejectionPayload(statement.statement.id, statement.digest, reason);
  return (await signEntry({ payload, typ: REJECTION_TYP, key })).entry;
}
