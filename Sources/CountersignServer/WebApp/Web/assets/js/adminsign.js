// Countersign web app: admin requests signed with RFC 9421 (docs/http-signatures.md).
//
// The ADMIN_KEY (64 hex digits) is imported into WebCrypto as a NON-extractable HMAC-SHA-256
// key and kept in this module's memory only: it is never written to storage, never sent, and
// is gone when the tab is closed or reloaded, or when forgetAdminKey() is called. Every request
// covers @method, @target-uri and (with a body) content-digest, with created, a fresh nonce and
// keyid "admin", and goes without cookies (the signature is its only credential).
//
// Exports (stable):
//   setAdminKey(hex)          imports the key (throws AdminKeyError on a malformed one)
//   hasAdminKey() -> boolean
//   forgetAdminKey()
//   adminRequest(method, path, body, {rawBody}) -> parsed JSON (null when empty); throws ApiError;
//                             rawBody: text sent exactly as given instead of JSON.stringify(body)
//   signatureHeaders(method, url, bodyBytes, {created, nonce}) -> {name: value}  (for tests)
//   AdminKeyError

import { ApiError, readReply } from './api.js';
import { bytesToBase64url } from './webauthn.js';

/** A malformed ADMIN_KEY, with a message for people. */
export class AdminKeyError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AdminKeyError';
  }
}

let adminKey = null;

const standardBase64 = (bytes) => bytesToBase64url(bytes).replace(/-/g, '+').replace(/_/g, '/')
  + '='.repeat((4 - (Math.ceil((bytes.byteLength * 4) / 3) % 4)) % 4);

export async function setAdminKey(hex) {
  const text = String(hex || '').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new AdminKeyError('The ADMIN_KEY is 64 hexadecimal digits (the admin.key file of the server\'s data folder).');
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i += 1) bytes[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  adminKey = await crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  bytes.fill(0);
}

export function hasAdminKey() {
  return adminKey !== null;
}

export function forgetAdminKey() {
  adminKey = null;
}

/** The Content-Digest, Signature-Input and Signature fields of one request. */
export async function signatureHeaders(method, url, bodyBytes, { created, nonce } = {}) {
  if (!adminKey) throw new AdminKeyError('Enter the ADMIN_KEY first.');
  const headers = {};
  const lines = [`"@method": ${method.toUpperCase()}`, `"@target-uri": ${url}`];
  const components = ['"@method"', '"@target-uri"'];
  if (bodyBytes) {
    const digest = `sha-256=:${standardBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', bodyBytes)))}:`;
    headers['Content-Digest'] = digest;
    components.push('"content-digest"');
    lines.push(`"content-digest": ${digest}`);
  }
  const when = created ?? Math.floor(Date.now() / 1000);
  const once = nonce ?? bytesToBase64url(crypto.getRandomValues(new Uint8Array(18)));
  const params = `(${components.join(' ')});created=${when};keyid="admin";alg="hmac-sha256";nonce="${once}"`;
  lines.push(`"@signature-params": ${params}`);
  const mac = await crypto.subtle.sign('HMAC', adminKey, new TextEncoder().encode(lines.join('\n')));
  headers['Signature-Input'] = `sig1=${params}`;
  headers.Signature = `sig1=:${standardBase64(new Uint8Array(mac))}:`;
  return headers;
}

/** Sends a signed admin request to this origin. */
export async function adminRequest(method, path, body, { rawBody } = {}) {
  const text = rawBody !== undefined ? rawBody : (body === undefined ? undefined : JSON.stringify(body));
  const bodyBytes = text === undefined ? null : new TextEncoder().encode(text);
  const headers = { Accept: 'application/json', ...(await signatureHeaders(method, location.origin + path, bodyBytes)) };
  if (bodyBytes) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: bodyBytes, credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  try {
    return await readReply(response);
  } catch (refusal) {
    if (refusal instanceof ApiError && refusal.status === 401 && refusal.code !== 'invalid_response') {
      throw new ApiError(401, refusal.code === 'http_401' ? 'admin_unauthenticated' : refusal.code,
        'The server refused the admin signature: check the ADMIN_KEY (and this computer\'s clock).');
    }
    throw refusal;
  }
}
