// WebAuthn ceremonies for the browser tests, run by Tests/browser/webauthn_ceremonies.py.
//
// A JavaScript module loaded from its own file: the page allows scripts from 'self' only
// (no inline script, no eval), the same CSP the Countersign web app is meant to run under.
// Options arrive in the W3C JSON forms (PublicKeyCredentialCreationOptionsJSON and
// PublicKeyCredentialRequestOptionsJSON) and responses leave as credential.toJSON(), exactly
// what the Countersign HTTP API exchanges with a browser (docs/api.md).

/** An Error as plain JSON: WebDriver cannot return exceptions from a promise. */
function failure(step, error) {
  return { ok: false, step, name: String(error && error.name), message: String(error && error.message) };
}

/** The client extension outputs with ArrayBuffers as base64url, for the driver's own checks. */
function extensionResults(credential) {
  const results = credential.getClientExtensionResults();
  const encode = (buffer) => {
    const bytes = new Uint8Array(buffer);
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  const out = {};
  if (results.credProps) out.credProps = { ...results.credProps };
  if (results.prf) {
    out.prf = {};
    if ('enabled' in results.prf) out.prf.enabled = results.prf.enabled;
    if (results.prf.results) {
      out.prf.results = {};
      for (const name of ['first', 'second']) {
        if (results.prf.results[name]) out.prf.results[name] = encode(results.prf.results[name]);
      }
    }
  }
  return out;
}

async function register(optionsJSON) {
  let publicKey;
  try {
    publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(optionsJSON);
  } catch (error) {
    return failure('parseCreationOptionsFromJSON', error);
  }
  try {
    const credential = await navigator.credentials.create({ publicKey });
    return { ok: true, response: credential.toJSON(), extensions: extensionResults(credential) };
  } catch (error) {
    return failure('navigator.credentials.create', error);
  }
}

async function authenticate(optionsJSON) {
  let publicKey;
  try {
    publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(optionsJSON);
  } catch (error) {
    return failure('parseRequestOptionsFromJSON', error);
  }
  try {
    const credential = await navigator.credentials.get({ publicKey });
    return { ok: true, response: credential.toJSON(), extensions: extensionResults(credential) };
  } catch (error) {
    return failure('navigator.credentials.get', error);
  }
}

/** What the browser says it can do, recorded next to the responses. */
async function capabilities() {
  const out = {
    userAgent: navigator.userAgent,
    isSecureContext: window.isSecureContext,
    parseCreationOptionsFromJSON: typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function',
    parseRequestOptionsFromJSON: typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function',
    toJSON: typeof PublicKeyCredential.prototype.toJSON === 'function',
  };
  if (typeof PublicKeyCredential.getClientCapabilities === 'function') {
    try {
      out.clientCapabilities = await PublicKeyCredential.getClientCapabilities();
    } catch (error) {
      out.clientCapabilities = failure('getClientCapabilities', error);
    }
  }
  out.userVerifyingPlatformAuthenticatorAvailable =
    await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable();
  return out;
}

window.countersignCeremonies = Object.freeze({ register, authenticate, capabilities });
document.getElementById('status').textContent = 'ready';
document.documentElement.dataset.ready = 'true';
