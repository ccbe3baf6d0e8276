// Countersign web app: the encrypted copy of the member's signing key (docs/formats.md,
// "Encrypted key copy"; threat model in docs/webapp.md).
//
// The private key is sealed here, in the browser, with AES-256-GCM under a key derived with
// HKDF-SHA256 from the output of the passkey's PRF extension. The server stores ciphertext only;
// it never sees the PRF output, and only the same passkey can produce it again. The copy lets
// another device of the member restore the key with one passkey prompt.
//
// Exports (stable; the invite page and the account page import them):
//   newSalt() -> Uint8Array(32)    a fresh PRF input (also the HKDF salt)
//   storeCopy({memberId, kid, pkcs8, prfOutput, salt, credentialId}) -> the stored copy JSON
//                                  encrypts pkcs8 and PUTs it to /api/keys/{kid}/copy;
//                                  credentialId as base64url text or bytes
//   restore({memberId, rpId}) -> keystore record
//                                  fetches the copies, one passkey assertion with PRF, decrypts,
//                                  imports the key NON-extractable and saves it in IndexedDB
//   KeyCopyError {code, message}   code: no_copy | no_prf | undecryptable | key_missing
//
// Derivation: ikm = PRF output, salt = salt, info = UTF-8("countersign key copy v1") followed by
// UTF-8(kid), 32 bytes -> AES-256-GCM key; iv 12 random bytes; additional data = UTF-8(kid).

import { api, get } from './api.js';
import { algorithmOfJWK, importPkcs8, importPublicJWK, saveKey } from './keystore.js';
import { base64urlToBytes, bytesToBase64url, getAssertion } from './webauthn.js';

const INFO = 'countersign key copy v1';
const SALT_LENGTH = 32;
const IV_LENGTH = 12;

/** A key copy that could not be stored or restored, with a message for people. */
export class KeyCopyError extends Error {
  constructor(code, message, cause) {
    super(message);
    this.name = 'KeyCopyError';
    this.code = code;
    this.cause = cause;
  }
}

export function newSalt() {
  return crypto.getRandomValues(new Uint8Array(SALT_LENGTH));
}

const utf8 = (text) => new TextEncoder().encode(text);
const bytesOf = (value) => (typeof value === 'string' ? base64urlToBytes(value) : new Uint8Array(ArrayBuffer.isView(value) ? value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) : value));

/** The AES-256-GCM key for one kid, derived from the PRF output. */
async function sealingKey(prfOutput, salt, kid, usage) {
  const info = new Uint8Array([...utf8(INFO), ...utf8(kid)]);
  const ikm = await crypto.subtle.importKey('raw', bytesOf(prfOutput), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: bytesOf(salt), info },
    ikm, { name: 'AES-GCM', length: 256 }, false, [usage]);
}

/** Encrypts the PKCS #8 private key under the passkey's PRF output and stores the copy. */
export async function storeCopy({ memberId, kid, pkcs8, prfOutput, salt, credentialId }) {
  void memberId; // the session names the member; kept in the interface for symmetry with restore
  if (!prfOutput) throw new KeyCopyError('no_prf', 'This passkey did not give the secret that protects a key copy, so no copy was stored.');
  const saltBytes = bytesOf(salt);
  if (saltBytes.length !== SALT_LENGTH) throw new KeyCopyError('invalid_salt', 'The key copy salt must be 32 bytes.');
  const iv = crypto.getRandomValues(new Uint8Array(IV_LENGTH));
  const key = await sealingKey(prfOutput, saltBytes, kid, 'encrypt');
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8(kid) }, key, bytesOf(pkcs8));
  return api(`/api/keys/${encodeURIComponent(kid)}/copy`, {
    method: 'PUT',
    body: {
      credentialId: typeof credentialId === 'string' ? credentialId : bytesToBase64url(credentialId),
      salt: bytesToBase64url(saltBytes), iv: bytesToBase64url(iv), ciphertext: bytesToBase64url(ciphertext),
      alg: 'A256GCM', kdf: 'HKDF-SHA256',
    },
  });
}

/** The newest copy of each passkey (one PRF salt per credential in a single prompt). */
function newestPerPasskey(copies) {
  const chosen = new Map();
  for (const copy of copies) if (!chosen.has(copy.credentialId)) chosen.set(copy.credentialId, copy);
  return chosen;
}

/** Decrypts a copy; the PKCS #8 bytes, or a KeyCopyError. */
async function open(copy, prfOutput) {
  try {
    const key = await sealingKey(prfOutput, copy.salt, copy.kid, 'decrypt');
    return new Uint8Array(await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: base64urlToBytes(copy.iv), additionalData: utf8(copy.kid) }, key, base64urlToBytes(copy.ciphertext)));
  } catch (error) {
    throw new KeyCopyError('undecryptable', 'The encrypted copy does not open with this passkey. It may have been made with another passkey; register this device\'s own key instead.', error);
  }
}

/** Checks that the restored private key belongs to the key the server knows. */
async function matches(privateKey, publicKey, alg) {
  const params = alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'Ed25519' };
  const probe = crypto.getRandomValues(new Uint8Array(32));
  const signature = await crypto.subtle.sign(params, privateKey, probe);
  return crypto.subtle.verify(params, publicKey, signature, probe);
}

/**
 * Restores the member's key from its encrypted copy with one passkey prompt, and keeps it in
 * this browser's key store (non-extractable). Returns the keystore record.
 */
export async function restore({ memberId, rpId } = {}) {
  const { copies } = await get('/api/keys/copies');
  if (!copies || copies.length === 0) {
    throw new KeyCopyError('no_copy', 'There is no encrypted copy of your key. Register this device\'s own key instead.');
  }
  const byPasskey = newestPerPasskey(copies);
  const evalByCredential = {};
  for (const [credentialId, copy] of byPasskey) evalByCredential[credentialId] = { first: base64urlToBytes(copy.salt) };
  // A local challenge: this assertion proves nothing to the server, it only unlocks the PRF.
  const options = {
    challenge: bytesToBase64url(crypto.getRandomValues(new Uint8Array(32))),
    allowCredentials: [...byPasskey.keys()].map((id) => ({ type: 'public-key', id })),
    userVerification: 'required',
    timeout: 120000,
  };
  if (rpId) options.rpId = rpId;
  const { credential, extensions } = await getAssertion(options, { extensions: { prf: { evalByCredential } } });
  const copy = byPasskey.get(credential.id);
  const output = extensions && extensions.prf && extensions.prf.results && extensions.prf.results.first;
  if (!copy || !output) {
    throw new KeyCopyError('no_prf', 'This passkey cannot open the encrypted copy (it does not support the PRF extension here). Register this device\'s own key instead.');
  }
  const pkcs8 = await open(copy, output);
  try {
    const { keys } = await get('/api/keys');
    const record = (keys || []).find((key) => key.kid === copy.kid && !key.revokedAt);
    if (!record) throw new KeyCopyError('key_missing', 'The key of this copy is no longer valid.');
    const alg = algorithmOfJWK(record.jwk);
    const privateKey = await importPkcs8(pkcs8, alg);
    const publicKey = await importPublicJWK(record.jwk);
    if (!(await matches(privateKey, publicKey, alg))) {
      throw new KeyCopyError('undecryptable', 'The encrypted copy does not hold the key it claims to; it was not restored.');
    }
    return await saveKey(memberId, copy.kid, { privateKey, publicKey }, { alg });
  } finally {
    pkcs8.fill(0);
  }
}
