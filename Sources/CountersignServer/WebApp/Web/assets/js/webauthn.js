// Countersign web app: passkey ceremonies.
//
// Exports (stable):
//   bytesToBase64url(bufferOrView), base64urlToBytes(text) -> Uint8Array
//   parseCreationOptions(json), parseRequestOptions(json)
//                        the W3C JSON forms the server sends, as the browser's options objects
//                        (PublicKeyCredential.parse*FromJSON, or a manual decoding where missing)
//   createPasskey(optionsJSON, {extensions})      -> {credential, json, extensions}
//   getAssertion(optionsJSON, {extensions, mediation, signal}) -> {credential, json, extensions}
//                        json: what to send to the server (credential.toJSON(), with any PRF
//                        output removed: it is a secret and never leaves the browser);
//                        extensions: getClientExtensionResults() (prf.results.first as bytes)
//   credentialToJSON(credential)
//   PasskeyError         {name, code, message}; code "cancelled" for NotAllowedError
//   passkeyMessage(error) a sentence for people about any ceremony failure
//   conditionalMediationAvailable() -> boolean

/** A passkey ceremony that did not complete, with a message for people. */
export class PasskeyError extends Error {
  constructor(code, message, cause) {
    super(message);
    this.name = 'PasskeyError';
    this.code = code;
    this.cause = cause;
  }
}

export function bytesToBase64url(data) {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(ArrayBuffer.isView(data) ? data.buffer : data);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64urlToBytes(text) {
  if (typeof text !== 'string' || /[^A-Za-z0-9_-]/.test(text)) throw new TypeError('not base64url');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function descriptors(list) {
  return (list || []).map((item) => ({ ...item, id: base64urlToBytes(item.id) }));
}

const bytesOf = (value) => (typeof value === 'string' ? base64urlToBytes(value) : value);

function prfInputs(prf) {
  if (!prf || !prf.eval) return prf;
  const out = { ...prf, eval: { first: bytesOf(prf.eval.first) } };
  if (prf.eval.second) out.eval.second = bytesOf(prf.eval.second);
  return out;
}

function extensionInputs(extensions) {
  if (!extensions) return undefined;
  const out = { ...extensions };
  if (out.prf) out.prf = prfInputs(out.prf);
  return out;
}

export function parseCreationOptions(json) {
  if (typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function') {
    return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: base64urlToBytes(json.challenge),
    user: { ...json.user, id: base64urlToBytes(json.user.id) },
    excludeCredentials: descriptors(json.excludeCredentials),
    extensions: extensionInputs(json.extensions),
  };
}

export function parseRequestOptions(json) {
  if (typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function') {
    return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: base64urlToBytes(json.challenge),
    allowCredentials: descriptors(json.allowCredentials),
    extensions: extensionInputs(json.extensions),
  };
}

/** The credential as the server reads it, never carrying a PRF output. */
export function credentialToJSON(credential) {
  let json;
  if (typeof credential.toJSON === 'function') {
    json = credential.toJSON();
  } else {
    const response = credential.response;
    const inner = { clientDataJSON: bytesToBase64url(response.clientDataJSON) };
    if (response.attestationObject) {
      inner.attestationObject = bytesToBase64url(response.attestationObject);
      if (typeof response.getTransports === 'function') inner.transports = response.getTransports();
      if (typeof response.getAuthenticatorData === 'function') inner.authenticatorData = bytesToBase64url(response.getAuthenticatorData());
      if (typeof response.getPublicKey === 'function' && response.getPublicKey()) inner.publicKey = bytesToBase64url(response.getPublicKey());
      if (typeof response.getPublicKeyAlgorithm === 'function') inner.publicKeyAlgorithm = response.getPublicKeyAlgorithm();
    } else {
      inner.authenticatorData = bytesToBase64url(response.authenticatorData);
      inner.signature = bytesToBase64url(response.signature);
      if (response.userHandle) inner.userHandle = bytesToBase64url(response.userHandle);
    }
    json = { id: credential.id, rawId: bytesToBase64url(credential.rawId), type: credential.type, response: inner,
      authenticatorAttachment: credential.authenticatorAttachment || undefined, clientExtensionResults: {} };
  }
  // Only what the server needs: the PRF output is the key of the member's key copy.
  const results = json.clientExtensionResults || {};
  const kept = {};
  if (results.credProps) kept.credProps = results.credProps;
  if (results.prf && 'enabled' in results.prf) kept.prf = { enabled: results.prf.enabled };
  json.clientExtensionResults = kept;
  return json;
}

/** A sentence for people about a failed ceremony. */
export function passkeyMessage(error) {
  if (error instanceof PasskeyError) return error.message;
  switch (error && error.name) {
    case 'NotAllowedError':
      return 'The passkey request was cancelled or timed out. Nothing was changed; try again when you are ready.';
    case 'InvalidStateError':
      return 'This passkey is already registered on this device.';
    case 'SecurityError':
      return 'The browser refused the passkey request for this site (its address does not match the server\'s settings).';
    case 'NotSupportedError':
      return 'This browser or device cannot create a suitable passkey.';
    case 'AbortError':
      return 'The passkey request was stopped.';
    default:
      return `The passkey request failed: ${error && error.message ? error.message : 'unknown error'}.`;
  }
}

function failure(error) {
  if (error instanceof PasskeyError) return error;
  if (error && error.name === 'AbortError') return error;
  const code = error && error.name === 'NotAllowedError' ? 'cancelled' : 'failed';
  return new PasskeyError(code, passkeyMessage(error), error);
}

function ensureSupported() {
  if (!window.PublicKeyCredential || !navigator.credentials) {
    throw new PasskeyError('unsupported', 'This browser does not support passkeys. Use a current Chrome, Edge, Safari or Firefox.');
  }
}

/** Registers a passkey. `extensions` are added to the server's options (e.g. {prf:{}}). */
export async function createPasskey(optionsJSON, { extensions } = {}) {
  ensureSupported();
  let credential;
  try {
    const publicKey = parseCreationOptions(optionsJSON);
    if (extensions) publicKey.extensions = { ...(publicKey.extensions || {}), ...extensionInputs(extensions) };
    credential = await navigator.credentials.create({ publicKey });
  } catch (error) {
    throw failure(error);
  }
  if (!credential) throw new PasskeyError('cancelled', passkeyMessage({ name: 'NotAllowedError' }));
  return { credential, json: credentialToJSON(credential), extensions: credential.getClientExtensionResults() };
}

/**
 * Asks for a passkey assertion. `extensions` are added to the server's options (PRF salts as
 * base64url or bytes); `mediation` "conditional" waits for autofill.
 */
export async function getAssertion(optionsJSON, { extensions, mediation, signal } = {}) {
  ensureSupported();
  let credential;
  try {
    const publicKey = parseRequestOptions(optionsJSON);
    if (extensions) publicKey.extensions = { ...(publicKey.extensions || {}), ...extensionInputs(extensions) };
    const request = { publicKey };
    if (mediation) request.mediation = mediation;
    if (signal) request.signal = signal;
    credential = await navigator.credentials.get(request);
  } catch (error) {
    throw failure(error);
  }
  if (!credential) throw new PasskeyError('cancelled', passkeyMessage({ name: 'NotAllowedError' }));
  return { credential, json: credentialToJSON(credential), extensions: credential.getClientExtensionResults() };
}

export async function conditionalMediationAvailable() {
  return Boolean(window.PublicKeyCredential && typeof PublicKeyCredential.isConditionalMediationAvailable === 'function'
    && (await PublicKeyCredential.isConditionalMediationAvailable()));
}
