// The login page: passkey autofill (conditional mediation) on the username field, and a button
// for an explicit passkey prompt. After signing in, goes back to ?next= (a path on this site only).

import { post } from './api.js';
import { conditionalMediationAvailable, getAssertion, passkeyMessage } from './webauthn.js';
import { clearBanner, renderHeader, setBusy, showBanner, showError } from './ui.js';

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

async function autofillSignIn(controller) {
  try {
    await signIn('conditional', controller.signal);
  } catch (error) {
    if (controller.signal.aborted || (error && error.name === 'AbortError')) return;
    // Beside the field, without taking the focus: the member did not press anything.
    showBanner('error', passkeyMessage(error), { id: 'autofill-error', focus: false });
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
  if (params.get('ended')) showBanner('warning', 'Your session has ended, sign in again.', { focus: false });
  const form = document.getElementById('login-form');
  const button = document.getElementById('login-button');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setBusy(button, true, 'Waiting for your passkey…');
    try {
      await stopAutofill();
      clearBanner({ id: 'autofill-error' });
      await signIn(undefined, undefined);
    } catch (error) {
      showError(error);
      setBusy(button, false);
      startAutofill();
    }
  });
  startAutofill();
}

setUp();
