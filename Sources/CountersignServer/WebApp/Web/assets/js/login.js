// The login page: passkey autofill (conditional mediation) on the username field, and a button
// for an explicit passkey prompt. After signing in, goes back to ?next= (a path on this site only).
// A failure, from either, is one banner with the real reason (the server's refusal, e.g. a
// suspended or removed member, or what the browser said about the passkey prompt); a new
// attempt replaces it.

import { ApiError, post } from './api.js';
import { conditionalMediationAvailable, getAssertion, passkeyMessage } from './webauthn.js';
import { clearBanner, renderHeader, setBusy, showBanner } from './ui.js';

const params = new URLSearchParams(location.search);

/**
 * Only a page of this site. The value is resolved the way the browser will resolve it (which
 * drops tabs and newlines and reads "\\" as "/"), so "//host", "/\thost" or "https://host"
 * cannot lead elsewhere.
 */
function safeNext(value) {
  if (!value || !value.startsWith('/')) return '/';
  let url;
  try {
    url = new URL(value, location.origin);
  } catch {
    return '/';
  }
  return url.origin === location.origin ? url.pathname + url.search + url.hash : '/';
}

const next = safeNext(params.get('next'));
let autofill = null;
let autofillDone = Promise.resolve();

async function signIn(mediation, signal) {
  const { options, ceremony } = await post('/api/login/options', {}, { sessionRedirect: false });
  const { json } = await getAssertion(options, { mediation, signal });
  await post('/api/login/verify', { ceremony, response: json }, { sessionRedirect: false });
  location.assign(next);
}

const ENDED = 'Your session has ended, sign in again.';

/** The one banner of a failed sign-in, one message: the server's reason when it refused (which
 * replaces "your session has ended": signing in again is what it refused), else the browser's
 * word on the passkey prompt, after "your session has ended" when that brought the member here. */
function loginFailure(error, { focus }) {
  if (error instanceof ApiError) {
    showBanner('error', `The server refused the sign-in: ${error.message.replace(/\.$/, '')}.`, { focus });
    return;
  }
  const reason = passkeyMessage(error);
  showBanner('error', params.get('ended') ? `${ENDED} ${reason}` : reason, { focus });
}

async function autofillSignIn(controller) {
  try {
    await signIn('conditional', controller.signal);
  } catch (error) {
    if (controller.signal.aborted || (error && error.name === 'AbortError')) return;
    // Without taking the focus: the member did not press anything.
    loginFailure(error, { focus: false });
  }
}

async function startAutofill() {
  const available = await conditionalMediationAvailable();
  // Read by the browser tests: "on" while the field offers the member's passkeys.
  document.documentElement.dataset.autofill = available ? 'on' : 'off';
  if (!available) return;
  autofill = new AbortController();
  autofillDone = autofillSignIn(autofill);
}

/** Stops the autofill request and waits until the browser has let go of it: a browser runs
 * one passkey request at a time. */
async function stopAutofill() {
  if (autofill) autofill.abort();
  await autofillDone;
  document.documentElement.dataset.autofill = 'off';
}

function setUp() {
  renderHeader(null);
  if (params.get('ended')) showBanner('warning', ENDED, { focus: false });
  const form = document.getElementById('login-form');
  const button = document.getElementById('login-button');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setBusy(button, true, 'Waiting for your passkey…');
    try {
      await stopAutofill();
      clearBanner();
      await signIn(undefined, undefined);
    } catch (error) {
      loginFailure(error, { focus: true });
      setBusy(button, false);
      startAutofill();
    }
  });
  startAutofill();
}

setUp();
