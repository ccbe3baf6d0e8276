// Countersign web app: the member's signing keys in this browser.
//
// Keys live in IndexedDB (database "countersign", store "keys"), never in localStorage. The
// private key is stored as a NON-extractable CryptoKey: script on this origin can sign with it
// but can never read it out. A key made extractable for a moment (to encrypt a copy with the
// passkey's PRF, see keycopy.js) is re-imported non-extractable before it is stored.
//
// Exports (stable):
//   generateSigningKey({extractable}) -> {alg: "Ed25519"|"ES256", keyPair}
//                        Ed25519, or ECDSA P-256 where the browser lacks Ed25519
//   saveKey(memberId, kid, keyPair, {alg}) -> record   (stores a non-extractable private key)
//   loadKey(memberId) -> record | null    the member's newest key in this browser
//   listKeys(memberId) -> [record]         newest first
//   deleteKey(kid)
//   publicJWK(publicKey) -> {kty, crv, x[, y]}   the public JWK, no private members
//   thumbprint(jwk) -> kid                  RFC 7638 (SHA-256, base64url)
//   exportPkcs8(privateKey) -> Uint8Array   only for an extractable (transient) key
//   importPkcs8(pkcs8, alg) -> non-extractable private CryptoKey
//   importPublicJWK(jwk) -> public CryptoKey
//   algorithmOfJWK(jwk) -> "Ed25519" | "ES256"
// A record is {memberId, kid, alg, privateKey, publicJwk, createdAt}.

import { bytesToBase64url } from './webauthn.js';

const DB_NAME = 'countersign';
const STORE = 'keys';

const ALGORITHMS = {
  Ed25519: { generate: { name: 'Ed25519' }, import: { name: 'Ed25519' } },
  ES256: { generate: { name: 'ECDSA', namedCurve: 'P-256' }, import: { name: 'ECDSA', namedCurve: 'P-256' } },
};

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(STORE, { keyPath: 'kid' });
      store.createIndex('memberId', 'memberId', { unique: false });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      let result;
      Promise.resolve(work(tx.objectStore(STORE))).then((value) => { result = value; }, reject);
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error('the key store transaction was aborted'));
    });
  } finally {
    db.close();
  }
}

function requestResult(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** A new signing key pair; Ed25519 where the browser has it, else ECDSA P-256. */
export async function generateSigningKey({ extractable = false } = {}) {
  try {
    const keyPair = await crypto.subtle.generateKey(ALGORITHMS.Ed25519.generate, extractable, ['sign', 'verify']);
    return { alg: 'Ed25519', keyPair };
  } catch (error) {
    if (error && error.name !== 'NotSupportedError' && error.name !== 'TypeError' && error.name !== 'SyntaxError') throw error;
  }
  const keyPair = await crypto.subtle.generateKey(ALGORITHMS.ES256.generate, extractable, ['sign', 'verify']);
  return { alg: 'ES256', keyPair };
}

/** The public JWK with only its public members (what the server and RFC 7638 read). */
export async function publicJWK(publicKey) {
  const jwk = await crypto.subtle.exportKey('jwk', publicKey);
  return jwk.kty === 'OKP' ? { kty: 'OKP', crv: jwk.crv, x: jwk.x } : { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
}

/** The RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order. */
export async function thumbprint(jwk) {
  const members = jwk.kty === 'OKP'
    ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x }
    : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  const bytes = new TextEncoder().encode(JSON.stringify(members));
  return bytesToBase64url(await crypto.subtle.digest('SHA-256', bytes));
}

export function algorithmOfJWK(jwk) {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'Ed25519';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  throw new Error(`unsupported key type ${jwk.kty}/${jwk.crv}`);
}

export async function exportPkcs8(privateKey) {
  return new Uint8Array(await crypto.subtle.exportKey('pkcs8', privateKey));
}

/** A private key from PKCS #8 bytes, imported non-extractable (it can sign, never be read). */
export async function importPkcs8(pkcs8, alg) {
  const algorithm = ALGORITHMS[alg];
  if (!algorithm) throw new Error(`unsupported algorithm ${alg}`);
  return crypto.subtle.importKey('pkcs8', pkcs8, algorithm.import, false, ['sign']);
}

export async function importPublicJWK(jwk) {
  const alg = algorithmOfJWK(jwk);
  const { kid, ...members } = jwk;
  void kid;
  return crypto.subtle.importKey('jwk', members, ALGORITHMS[alg].import, true, ['verify']);
}

/**
 * Stores the member's key. An extractable private key is re-imported non-extractable first, so
 * the stored key can never be read out.
 */
export async function saveKey(memberId, kid, keyPair, { alg } = {}) {
  const publicJwk = await publicJWK(keyPair.publicKey);
  const algorithm = alg || algorithmOfJWK(publicJwk);
  let { privateKey } = keyPair;
  if (privateKey.extractable) privateKey = await importPkcs8(await exportPkcs8(privateKey), algorithm);
  const record = { memberId, kid, alg: algorithm, privateKey, publicJwk, createdAt: new Date().toISOString() };
  await withStore('readwrite', (store) => requestResult(store.put(record)));
  return record;
}

export async function listKeys(memberId) {
  const records = await withStore('readonly', (store) => requestResult(store.index('memberId').getAll(memberId)));
  return (records || []).sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

export async function loadKey(memberId) {
  const records = await listKeys(memberId);
  return records.length ? records[0] : null;
}

export async function deleteKey(kid) {
  await withStore('readwrite', (store) => requestResult(store.delete(kid)));
}
