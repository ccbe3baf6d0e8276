// Countersign web app: the visual policy editor, shared by the new-statement page and the admin
// page's stored policies (one module, not two copies).
//
// It writes the common policy shape of docs/policies.md: members and roles with weights, a
// threshold, required members, expiry and time lock, step-up and self-approval. Durations are
// chosen as days and hours (a picker), and the exact ISO 8601 value that goes into the policy
// JSON is shown beside each. The editor only checks what it can know for sure (a signer chosen,
// whole weights, a threshold from 1); whether the policy can be met ("any 2 directors" needs two
// directors) is the server's to say: POST /api/policies/explain is the authority, and the pages
// show its answer or its refusal.
//
// Exports: createPolicyEditor(container, {members, prefix}) -> {
//   read() -> {policy} | {error},    the policy the editor describes
//   load(policy) -> null | string,   shows a policy; a reason when the editor cannot show it all
//   reset() }                         back to no signer chosen
// and durationText(days, hours) -> ISO 8601 text ('' for none), parseDuration(text) -> {days, hours} | null

import { el, replaceChildren } from './ui.js';

const MAX_DAYS = 3650;

/** The ISO 8601 duration for days and hours: P7D, PT12H, P1DT12H; '' for none. */
export function durationText(days, hours) {
  if (!days && !hours) return '';
  return `P${days ? `${days}D` : ''}${hours ? `T${hours}H` : ''}`;
}

/**
 * Days and hours of a duration the picker writes exactly so (P7D, PT12H, P1DT12H, hours under
 * 24); null for any other form (PT24H, P1W, P1M, minutes), which the picker would have to
 * rewrite: a policy shown must be the policy stored.
 */
export function parseDuration(text) {
  const match = /^P(?:(\d+)D)?(?:T(\d+)H)?$/.exec(text || '');
  if (!match) return null;
  const days = Number(match[1] || 0);
  const hours = Number(match[2] || 0);
  if (hours > 23 || days > MAX_DAYS || durationText(days, hours) !== text) return null;
  return { days, hours };
}

function numberInput(id, label, value, { min = 0, max = 1000, describedBy } = {}) {
  return el('div', { class: 'field' },
    el('label', { for: id }, label),
    el('input', { type: 'number', id, min: String(min), max: String(max), step: '1', value: String(value), inputmode: 'numeric',
      'aria-describedby': describedBy }));
}

/** A days-and-hours picker with the ISO 8601 text it stands for shown beside it. */
function durationPicker(id, legend, hint) {
  const days = el('input', { type: 'number', id: `${id}-days`, min: '0', max: String(MAX_DAYS), step: '1', value: '0', inputmode: 'numeric' });
  const hours = el('input', { type: 'number', id: `${id}-hours`, min: '0', max: '23', step: '1', value: '0', inputmode: 'numeric' });
  const shown = el('output', { id: `${id}-iso`, class: 'mono', for: `${id}-days ${id}-hours` }, 'none');
  const fieldset = el('fieldset', { class: 'field', id },
    el('legend', {}, legend),
    el('div', { class: 'duration-picker' },
      days, el('label', { for: `${id}-days` }, 'days'), hours, el('label', { for: `${id}-hours` }, 'hours'),
      el('span', { class: 'muted' }, 'in the policy: '), shown),
    el('p', { class: 'hint' }, hint));
  const read = () => {
    const d = Number(days.value || 0);
    const h = Number(hours.value || 0);
    if (!Number.isInteger(d) || !Number.isInteger(h) || d < 0 || h < 0 || d > MAX_DAYS || h > 23) return { error: `${legend}: days are 0 to ${MAX_DAYS}, hours 0 to 23.` };
    return { text: durationText(d, h) };
  };
  const update = () => { const { text, error } = read(); shown.textContent = error ? '?' : (text || 'none'); };
  fieldset.addEventListener('input', update);
  return {
    node: fieldset, read, update,
    set(value) {
      const parsed = value ? parseDuration(value) : { days: 0, hours: 0 };
      if (!parsed) return false;
      days.value = String(parsed.days);
      hours.value = String(parsed.hours);
      update();
      return true;
    },
  };
}

export function createPolicyEditor(container, { members, prefix = '' }) {
  const id = (name) => `${prefix}${name}`;
  const roles = [...new Set(members.flatMap((entry) => entry.roles))].sort();
  const holders = (role) => members.filter((entry) => entry.roles.includes(role)).length;
  const rows = members.map((entry, index) => el('tr', {},
    el('td', {}, el('input', { type: 'checkbox', id: id(`signer-${index}`), dataset: { member: entry.id } })),
    el('td', {}, el('label', { for: id(`signer-${index}`) }, entry.name), entry.roles.length ? el('span', { class: 'muted' }, ` (${entry.roles.join(', ')})`) : null),
    el('td', {}, el('input', { type: 'number', id: id(`weight-${index}`), min: '1', max: '100', value: '1', 'aria-label': `weight of ${entry.name}` })),
    el('td', {}, el('input', { type: 'checkbox', id: id(`required-${index}`), 'aria-label': `${entry.name} must approve` }))));
  const roleRows = roles.map((role, index) => el('tr', {},
    el('td', {}, el('input', { type: 'checkbox', id: id(`role-${index}`), dataset: { role } })),
    el('td', {}, el('label', { for: id(`role-${index}`) }, `Anyone with role ${role}`),
      el('span', { class: 'muted' }, ` (${holders(role)} member${holders(role) === 1 ? '' : 's'}, each counts)`)),
    el('td', {}, el('input', { type: 'number', id: id(`role-weight-${index}`), min: '1', max: '100', value: '1', 'aria-label': `weight of role ${role}` })),
    el('td', {}, '')));
  const expiry = durationPicker(id('expires-after'), 'Expires after', 'A statement not decided by then expires; 0 days 0 hours for no expiry.');
  const timelock = durationPicker(id('timelock'), 'Time lock after approval', 'An approved statement takes effect only after this delay; 0 for none.');
  replaceChildren(container,
    el('table', {}, el('caption', { class: 'sr-only' }, 'Signers'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Signer'), el('th', { scope: 'col' }, 'Who'),
        el('th', { scope: 'col' }, 'Weight'), el('th', { scope: 'col' }, 'Must approve'))),
      el('tbody', {}, rows, roleRows)),
    numberInput(id('threshold'), 'Approvals needed (total weight)', 1, { min: 1 }),
    el('div', { class: 'grid-2' }, expiry.node, timelock.node),
    el('div', { class: 'field inline' }, el('input', { type: 'checkbox', id: id('step-up') }),
      el('label', { for: id('step-up') }, 'Each approval needs a fresh passkey check (step-up)')),
    el('div', { class: 'field inline' }, el('input', { type: 'checkbox', id: id('self-approval'), checked: true }),
      el('label', { for: id('self-approval') }, 'The creator\'s own approval counts')));
  const byId = (name) => document.getElementById(id(name));

  function read() {
    const signers = [];
    const required = [];
    members.forEach((entry, index) => {
      if (!byId(`signer-${index}`).checked) return;
      signers.push({ member: entry.id, weight: Number(byId(`weight-${index}`).value) });
      if (byId(`required-${index}`).checked) required.push(entry.id);
    });
    roles.forEach((role, index) => {
      if (byId(`role-${index}`).checked) signers.push({ role, weight: Number(byId(`role-weight-${index}`).value) });
    });
    if (!signers.length) return { error: 'Choose at least one signer.' };
    if (signers.some((entry) => !Number.isInteger(entry.weight) || entry.weight < 1)) return { error: 'Weights are whole numbers from 1.' };
    const threshold = Number(byId('threshold').value);
    if (!Number.isInteger(threshold) || threshold < 1) return { error: 'The approvals needed must be a whole number from 1.' };
    // Whether the signers can reach the threshold (a role counts each of its members) is the
    // server's to say: its explanation is shown beside the editor.
    const policy = { threshold, signers };
    if (required.length) policy.required = required;
    for (const [picker, key] of [[expiry, 'expiresAfter'], [timelock, 'timelock']]) {
      const { text, error } = picker.read();
      if (error) return { error };
      if (text) policy[key] = text;
    }
    if (byId('step-up').checked) policy.stepUp = true;
    if (!byId('self-approval').checked) policy.allowSelfApproval = false;
    return { policy };
  }

  function reset() {
    container.querySelectorAll('input[type="checkbox"]').forEach((box) => { box.checked = box.id === id('self-approval'); });
    container.querySelectorAll('input[type="number"]').forEach((input) => { input.value = input.id.endsWith('-days') || input.id.endsWith('-hours') ? '0' : '1'; });
    expiry.update();
    timelock.update();
  }

  /** Shows `policy`; returns null, or the reason the editor cannot show all of it. */
  function load(policy) {
    const known = new Set(['threshold', 'signers', 'required', 'expiresAfter', 'timelock', 'stepUp', 'allowSelfApproval']);
    const unknown = Object.keys(policy).filter((key) => !known.has(key));
    if (unknown.length) return `it uses ${unknown.join(', ')}`;
    if (!Number.isInteger(policy.threshold) || !Array.isArray(policy.signers)) return 'it is not a plain threshold of signers';
    reset();
    for (const signer of policy.signers) {
      const memberIndex = members.findIndex((entry) => entry.id === signer.member);
      const roleIndex = roles.indexOf(signer.role);
      if (signer.member !== undefined && memberIndex >= 0) {
        byId(`signer-${memberIndex}`).checked = true;
        byId(`weight-${memberIndex}`).value = String(signer.weight ?? 1);
      } else if (signer.role !== undefined && roleIndex >= 0) {
        byId(`role-${roleIndex}`).checked = true;
        byId(`role-weight-${roleIndex}`).value = String(signer.weight ?? 1);
      } else {
        return 'it names a signer that is not in the member directory (or a nested group)';
      }
    }
    for (const required of policy.required || []) {
      const index = members.findIndex((entry) => entry.id === required);
      if (index < 0) return 'it requires a member that is not in the member directory';
      byId(`required-${index}`).checked = true;
    }
    byId('threshold').value = String(policy.threshold);
    if (!expiry.set(policy.expiresAfter) || !timelock.set(policy.timelock)) return 'a duration is not in days and hours';
    byId('step-up').checked = policy.stepUp === true;
    byId('self-approval').checked = policy.allowSelfApproval !== false;
    return null;
  }

  return { read, load, reset };
}
