// The invitation page (/invite#TOKEN): registers the member's passkey, then creates the signing
// key in this browser and has the passkey attest it (docs/formats.md). With a passkey that offers
// PRF, the member may keep an encrypted copy of the key on the server (keycopy.js) to restore it
// on another device; the key itself is stored non-extractable in IndexedDB.

import { ApiError, post } from './api.js';
import { createPasskey, getAssertion } from './webauthn.js';
import { exportPkcs8, generateSigningKey, publicJWK, saveKey, thumbprint } from './keystore.js';
import { el, renderHeader, replaceChildren, setBusy, showBanner, showError, timeElement } from './ui.js';

const token = location.hash.slice(1);
// The token is a secret: keep it in memory only, not in the address bar or history.
if (token) history.replaceState(null, '', location.pathname);

const start = document.getElementById('invite-start');
const copyChoice = document.getElementById('copy-choice');
let member = null;
let prfEnabled = false;

/** keycopy.js (the PRF key copy), or null with the reason when it cannot be loaded. */
async function loadKeyCopy() {
  try {
    return await import('/assets/js/keycopy.js');
  } catch {
    return null;
  }
}

function showCopyChoice() {
  const box = el('input', { type: 'checkbox', id: 'keep-copy', checked: true });
  replaceChildren(copyChoice,
    el('div', { class: 'field inline' }, box,
      el('label', { for: 'keep-copy' }, 'Keep an encrypted copy of my signing key for my other devices')),
    el('p', { class: 'hint' }, 'The copy is encrypted with a secret only your passkey can produce; the server stores it '
      + 'but can never read it. Without a copy, you set up a key on each device from your account page.'));
  copyChoice.hidden = false;
}

const NO_COPY = 'This passkey cannot protect a copy of your signing key, so the key stays in this browser only. '
  + 'On another device, register that device\'s key from the account page.';

async function registerPasskey() {
  const { options, ceremony } = await post('/api/registration/options', { invite: token }, { sessionRedirect: false });
  const created = await createPasskey(options, { extensions: { credProps: true, prf: {} } });
  const reply = await post('/api/registration/verify', { ceremony, response: created.json }, { sessionRedirect: false });
  prfEnabled = Boolean(created.extensions.prf && created.extensions.prf.enabled);
  return { reply, credentialId: created.json.id };
}

async function createKey(keepCopy) {
  const keycopy = keepCopy ? await loadKeyCopy() : null;
  const copying = Boolean(keycopy);
  const { alg, keyPair } = await generateSigningKey({ extractable: copying });
  const jwk = await publicJWK(keyPair.publicKey);
  const kid = await thumbprint(jwk);
  const { options, ceremony } = await post('/api/keys/attestation/options', { jwk });
  const salt = copying ? keycopy.newSalt() : null;
  const assertion = await getAssertion(options, copying ? { extensions: { prf: { eval: { first: salt } } } } : {});
  await post('/api/keys', { ceremony, jwk, response: assertion.json });
  let note = null;
  if (keepCopy && !keycopy) note = 'The key copy could not be made here (the key copy module is unavailable); your key stays in this browser only.';
  if (copying) {
    const results = assertion.extensions.prf && assertion.extensions.prf.results;
    if (results && results.first) {
      const pkcs8 = await exportPkcs8(keyPair.privateKey);
      try {
        await keycopy.storeCopy({ memberId: member.id, kid, pkcs8, prfOutput: new Uint8Array(results.first), salt,
          credentialId: assertion.json.id });
      } finally {
        pkcs8.fill(0);
      }
    } else {
      note = 'Your passkey did not release its secret, so no copy was kept; your key stays in this browser only.';
    }
  }
  await saveKey(member.id, kid, keyPair, { alg });
  return { kid, note };
}

function finish(kid, note) {
  document.getElementById('setup').hidden = true;
  document.getElementById('done').hidden = false;
  document.getElementById('done-text').textContent = `Your signing key ${kid.slice(0, 12)}… is attested by your passkey and `
    + 'stored in this browser, where it can sign but never be read out.' + (note ? ` ${note}` : '');
  if (!prfEnabled) document.getElementById('done-text').after(el('p', { class: 'hint', id: 'no-copy' }, NO_COPY));
  showBanner('success', 'Your passkey and signing key are ready.', { focus: true });
}

async function onStart() {
  setBusy(start, true, 'Waiting for your passkey…');
  try {
    if (!member) {
      const { reply } = await registerPasskey();
      if (reply.recovery) {
        document.getElementById('setup').hidden = true;
        showBanner('info', ['Your new passkey becomes active at ', timeElement(reply.recovery.dueAt),
          ' unless cancelled from one of your old devices.'], { focus: true });
        return;
      }
      member = reply.member;
      renderHeader(member);
      if (prfEnabled) {
        showCopyChoice();
        start.textContent = 'Create my signing key';
        start.dataset.label = 'Create my signing key';
        start.id = 'key-start';
        showBanner('info', 'Your passkey is registered. Now create your signing key.', { focus: false });
        setBusy(document.getElementById('key-start'), false);
        document.getElementById('key-start').focus();
        return;
      }
    }
    const box = document.getElementById('keep-copy');
    const { kid, note } = await createKey(Boolean(box && box.checked));
    finish(kid, note);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'invitation_invalid') {
      showBanner('error', 'This invitation link is unknown, already used or expired. Ask your administrator for a new one.');
    } else {
      showError(error);
    }
    const button = document.getElementById('key-start') || start;
    setBusy(button, false);
  }
}

/** What the page says, before any passkey prompt, about an invitation that cannot be used. */
const UNUSABLE = {
  used: () => ['This invitation was already used. If it was you, ', el('a', { href: '/login' }, 'sign in'),
    '; otherwise ask your administrator for a new invitation.'],
  expired: (status) => ['This invitation expired on ', timeElement(status.expiresAt),
    '. Ask your administrator for a new one.'],
  revoked: () => ['This invitation was withdrawn by your administrator. Ask them for a new one if you still need it.'],
  unknown: () => ['This invitation link is not valid: check that you opened the whole link, or ask your administrator for a new one.'],
};

/** Asks the server about the invitation at once; an unusable one closes the setup. */
async function checkInvitation() {
  const status = await post('/api/registration/status', { invite: token }, { sessionRedirect: false });
  document.documentElement.dataset.invitation = status.state;
  const explain = UNUSABLE[status.state];
  if (!explain) {
    const note = document.getElementById('invite-valid');
    replaceChildren(note, 'This invitation is valid until ', timeElement(status.expiresAt), '.');
    note.hidden = false;
    start.disabled = false;
    return;
  }
  document.getElementById('setup').hidden = true;
  showBanner('error', explain(status), { focus: true });
}

renderHeader(null);
if (!token) {
  showBanner('error', 'This page needs the invitation link your administrator sent you (it ends with #…).');
  start.disabled = true;
} else {
  start.disabled = true;
  start.addEventListener('click', onStart);
  checkInvitation().catch((error) => {
    // The check is a courtesy: when it cannot be made, registering still says why it fails.
    start.disabled = false;
    showError(error);
  });
}
