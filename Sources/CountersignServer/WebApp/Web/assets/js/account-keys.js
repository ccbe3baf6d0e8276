// Countersign web app: the account page's signing keys and this device's key.
//
// Exports: renderKeys(page), renderDevice(page), attestNewKey(page, {replaces}) -> kid
// page = {member, refresh(), keys, localKids} (renderKeys fills keys and localKids).

import { get, post } from './api.js';
import { KeyCopyError, newSalt, restore, storeCopy } from './keycopy.js';
import { deleteKey, exportPkcs8, generateSigningKey, listKeys, publicJWK, saveKey, thumbprint } from './keystore.js';
import { confirmDialog, el, replaceChildren, showBanner, timeElement, whileBusy } from './ui.js';
import { getAssertion } from './webauthn.js';

const METHODS = { passkey: 'Approved by your passkey', 'admin-token': 'Enrolled by the administrator' };

const shortKid = (kid) => `${kid.slice(0, 10)}…`;


/**
 * Makes a new signing key in this browser and has the passkey attest it (replacing `replaces`
 * when given: rotation). With "keep a copy" ticked and a passkey with PRF, the key is made
 * extractable for a moment, sealed with keycopy.js, and then stored non-extractable.
 */
export async function attestNewKey(page, { replaces } = {}) {
  const keepCopy = document.getElementById('keep-copy');
  const wantCopy = Boolean(keepCopy && keepCopy.checked);
  const { alg, keyPair } = await generateSigningKey({ extractable: wantCopy });
  const jwk = await publicJWK(keyPair.publicKey);
  const kid = await thumbprint(jwk);
  const begun = await post('/api/keys/attestation/options', { jwk });
  const salt = wantCopy ? newSalt() : null;
  const assertion = await getAssertion(begun.options, salt ? { extensions: { prf: { eval: { first: salt } } } } : {});
  const body = { ceremony: begun.ceremony, jwk, response: assertion.json };
  if (replaces) body.replaces = replaces;
  await post('/api/keys', body);
  const prf = assertion.extensions && assertion.extensions.prf && assertion.extensions.prf.results;
  const pkcs8 = salt && prf && prf.first ? await exportPkcs8(keyPair.privateKey) : null;
  await saveKey(page.member.id, kid, keyPair, { alg });
  let note = '';
  if (pkcs8) {
    try {
      await storeCopy({ memberId: page.member.id, kid, pkcs8, prfOutput: prf.first, salt, credentialId: assertion.credential.id });
      note = ' An encrypted copy is kept for your other devices.';
    } finally {
      pkcs8.fill(0);
    }
  } else if (wantCopy) {
    note = ' This passkey cannot protect a copy, so none was kept: on another device, register that device\'s own key here.';
  }
  if (replaces) await deleteKey(replaces).catch(() => {});
  showBanner('success', `Your new key ${shortKid(kid)} is ready on this device.${note}`);
  return kid;
}

async function revokeKey(page, key) {
  const ok = await confirmDialog({
    title: 'Revoke this key?',
    body: [el('p', {}, `Key ${shortKid(key.kid)} will sign nothing more, from now on, on every device. Votes it made before stay valid.`)],
    confirmLabel: 'Revoke the key',
  });
  if (!ok) return;
  const begun = await post(`/api/keys/${encodeURIComponent(key.kid)}/revoke/options`, {});
  const assertion = await getAssertion(begun.options);
  await post(`/api/keys/${encodeURIComponent(key.kid)}/revoke`, { ceremony: begun.ceremony, response: assertion.json });
  await deleteKey(key.kid).catch(() => {});
  showBanner('success', `Key ${shortKid(key.kid)} is revoked.`);
  await page.refresh();
}

async function rotateKey(page, key) {
  const ok = await confirmDialog({
    title: 'Replace this key?',
    body: [el('p', {}, `A new key is made in this browser and approved by your passkey; key ${shortKid(key.kid)} is revoked at the same moment.`)],
    confirmLabel: 'Make the new key',
  });
  if (!ok) return;
  await attestNewKey(page, { replaces: key.kid });
  await page.refresh();
}

function keyRow(page, key) {
  const here = page.localKids.has(key.kid);
  const validity = el('td', {}, 'from ', timeElement(key.validFrom),
    key.revokedAt ? [' ', el('span', { class: 'badge badge-revoked' }, 'revoked ', timeElement(key.revokedAt))] : null);
  const actions = el('td', { class: 'actions-cell' });
  if (!key.revokedAt && key.method === 'passkey') {
    const rotate = el('button', { type: 'button', 'data-kid': key.kid, class: 'rotate-key' }, 'Replace');
    rotate.addEventListener('click', () => whileBusy(rotate, 'Replacing…', () => rotateKey(page, key)));
    const revoke = el('button', { type: 'button', 'data-kid': key.kid, class: 'button-danger revoke-key' }, 'Revoke');
    revoke.addEventListener('click', () => whileBusy(revoke, 'Revoking…', () => revokeKey(page, key)));
    actions.append(rotate, ' ', revoke);
  }
  return el('tr', { 'data-kid': key.kid },
    el('td', {}, el('span', { class: 'mono', title: key.kid }, shortKid(key.kid)),
      here ? [' ', el('span', { class: 'badge badge-verified on-device' }, 'On this device')] : null),
    el('td', {}, METHODS[key.method] || key.method), validity, actions);
}

export async function renderKeys(page) {
  const [{ keys }, local] = await Promise.all([get('/api/keys'), listKeys(page.member.id)]);
  page.keys = keys || [];
  page.localKids = new Set(local.map((record) => record.kid));
  const body = document.getElementById('keys');
  if (page.keys.length === 0) {
    replaceChildren(body, el('tr', {}, el('td', { colspan: '4', class: 'muted' }, 'You have no signing key yet.')));
    return;
  }
  replaceChildren(body, page.keys.map((key) => keyRow(page, key)));
}

/** This browser's key: ready, restorable from the encrypted copy, or to be registered. */
export async function renderDevice(page) {
  const status = document.getElementById('device-status');
  const actions = document.getElementById('device-actions');
  const choice = document.getElementById('copy-choice');
  const live = page.keys.filter((key) => !key.revokedAt);
  const here = live.find((key) => page.localKids.has(key.kid));
  replaceChildren(actions);
  choice.hidden = false;
  if (here) {
    status.textContent = `This browser holds your key ${shortKid(here.kid)}: you can approve statements here.`;
    return;
  }
  const { copies } = await get('/api/keys/copies');
  if (copies && copies.length) {
    status.textContent = 'This browser has no key of yours yet. Your key has an encrypted copy: your passkey can restore it here.';
    const button = el('button', { type: 'button', class: 'button-primary', id: 'restore-key' }, 'Restore my key from its encrypted copy');
    button.addEventListener('click', () => whileBusy(button, 'Restoring…', async () => {
      try {
        const record = await restore({ memberId: page.member.id });
        showBanner('success', `Your key ${shortKid(record.kid)} is restored on this device.`);
      } catch (error) {
        if (error instanceof KeyCopyError) showBanner('error', error.message);
        else throw error;
      }
      await page.refresh();
    }));
    actions.append(button);
    return;
  }
  status.textContent = 'This browser has no key of yours. Register a key for this device: your passkey approves it.';
  const button = el('button', { type: 'button', class: 'button-primary', id: 'register-key' }, 'Register this device\'s key');
  button.addEventListener('click', () => whileBusy(button, 'Registering…', async () => {
    await attestNewKey(page);
    await page.refresh();
  }));
  actions.append(button);
}
