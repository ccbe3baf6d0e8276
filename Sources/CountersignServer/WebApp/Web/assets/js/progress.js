// Countersign web app: a statement's progress toward its policy, for the dashboard and the
// statement page.
//
// Exports (stable):
//   renderProgress(view, members, {me, people}) -> element (people: names incl. inactive members)
//     view: GET /api/statements/{id}; members: GET /api/members .members
//     A weight bar with a marker at the threshold, who approved, who is still missing, and live
//     countdowns for a time lock, a wait or the expiry.
//   signerMembers(policy, members) -> Set of member ids the policy names (directly, by role,
//     or in a nested policy)
//   canVote(view, memberId, members) -> boolean  open, eligible and not yet voted
//   stateLabel(state) -> words for a state
//   progressPhrase(view, members, {me}) -> "Needs 1 more approval", "Needs 2 more weight (3 of 5)",
//     "Needs Bob's approval" (a single signer), "Threshold reached", or "" once decided; read from
//     the server's evaluation (explanation.root: neededWeight, countsApprovals, missingRequired),
//     the authority

import { countdown, durationWords, el, memberName } from './ui.js';

const STATES = {
  pending: 'Waiting for approvals',
  timelocked: 'Approved, time lock running',
  approved: 'Approved',
  rejected: 'Rejected',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

export function stateLabel(state) {
  return STATES[state] || state;
}

export function signerMembers(policy, members) {
  const ids = new Set();
  const walk = (level, depth) => {
    if (!level || depth > 8) return;
    for (const entry of level.signers || []) {
      if (entry.member) ids.add(entry.member);
      if (entry.role) for (const member of members) if ((member.roles || []).includes(entry.role)) ids.add(member.id);
      if (entry.policy) walk(entry.policy, depth + 1);
    }
  };
  walk(policy, 0);
  return ids;
}

export function canVote(view, memberId, members) {
  const open = view.state === 'pending' || view.state === 'timelocked';
  const voted = (view.votes || []).some((vote) => vote.member === memberId);
  return open && !voted && signerMembers(view.statement.policy, members).has(memberId);
}

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

export function progressPhrase(view, members, { me } = {}) {
  if (view.state !== 'pending' && view.state !== 'timelocked') return '';
  const root = (view.explanation && view.explanation.explanation && view.explanation.explanation.root) || {};
  const policy = view.statement.policy || {};
  const name = (id) => (id === me ? 'your' : `${memberName(id, members)}'s`);
  const needed = Number(root.neededWeight || 0);
  const missing = root.missingRequired || [];
  const signers = policy.signers || [];
  if (signers.length === 1 && signers[0].member && policy.threshold === 1 && needed > 0) {
    return `Needs ${name(signers[0].member)} approval`;
  }
  const parts = [];
  if (needed > 0) {
    parts.push(root.countsApprovals
      ? `Needs ${plural(needed, 'more approval', 'more approvals')}`
      : `Needs ${needed} more weight (${root.approvalWeight || 0} of ${root.threshold})`);
  }
  if (missing.length) {
    const who = missing.map((id) => (id === me ? 'you' : memberName(id, members)));
    parts.push(`${parts.length ? 'and' : 'Needs'} approval from ${who.join(', ')} (required)`);
  }
  return parts.length ? parts.join(' ') : 'Threshold reached';
}

/** The bar: approval weight against the threshold, on a scale that shows both. */
function bar(weight, threshold, possible, phrase) {
  const scale = Math.max(threshold, weight, possible || 0, 1);
  const fill = el('div', { class: 'progress-bar' });
  fill.style.width = `${Math.min(100, (weight / scale) * 100)}%`;
  const marker = el('div', { class: 'progress-marker', title: `threshold ${threshold}` });
  marker.style.left = `calc(${Math.min(100, (threshold / scale) * 100)}% - 1px)`;
  return el('div', {
    class: 'progress', role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': String(scale),
    'aria-valuenow': String(weight), 'aria-label': phrase || `${weight} of ${threshold}`,
  }, fill, marker);
}

export function renderProgress(view, members, { me, people = members } = {}) {
  const evaluation = view.explanation || {};
  const root = (evaluation.explanation && evaluation.explanation.root) || {};
  const approvers = (view.votes || []).filter((vote) => vote.kind === 'approve').map((vote) => vote.member);
  const rejecters = (view.votes || []).filter((vote) => vote.kind === 'reject').map((vote) => vote.member);
  const voted = new Set([...approvers, ...rejecters]);
  const open = view.state === 'pending' || view.state === 'timelocked';
  const missing = open ? [...signerMembers(view.statement.policy, members)].filter((id) => !voted.has(id)) : [];
  const name = (id) => (id === me ? `${memberName(id, people)} (you)` : memberName(id, people));

  const phrase = progressPhrase(view, members, { me });
  const lines = [
    el('p', { class: 'progress-legend' },
      el('span', { class: 'weight' }, phrase),
      approvers.length ? el('span', { class: 'approved-by' }, `Approved by ${approvers.map(name).join(', ')}`) : null,
      rejecters.length ? el('span', { class: 'rejected-by' }, `Rejected by ${rejecters.map(name).join(', ')}`) : null,
      missing.length ? el('span', { class: 'missing' }, `Not yet: ${missing.map(name).join(', ')}`) : null),
  ];
  const timers = [];
  if (view.state === 'timelocked' && evaluation.timelockEndsAt) {
    const text = el('span', {});
    countdown(text, evaluation.timelockEndsAt, { prefix: 'Time lock ends in ' });
    timers.push(text);
  }
  for (const wait of root.waits || []) {
    if (wait.matured || !wait.maturesAt || !open) continue;
    const text = el('span', {});
    countdown(text, wait.maturesAt, { prefix: `The wait of ${durationWords(wait.duration)} counts in ` });
    timers.push(text);
  }
  if (open && evaluation.expiresAt) {
    const text = el('span', {});
    countdown(text, evaluation.expiresAt, { prefix: 'Expires in ' });
    timers.push(text);
  }
  if (timers.length) lines.push(el('p', { class: 'progress-legend' }, timers));
  return el('div', { class: 'progress-block' }, bar(view.weight, view.threshold, root.possibleWeight, phrase), lines);
}
