// The statement page (/statements/{id}): the content as a readable document beside the exact
// JSON that is signed (never hidden; readable.js says how the readable form stays true to it),
// with what differs from the template it started from highlighted, its digest, the policy in words
// with the live evaluation, every vote with its verification state, and the member's actions:
// Approve (signed with the key in this browser, with a passkey step-up when the policy asks),
// Reject (with an optional reason, signed with it: the dialog shows the exact JSON signed),
// Withdraw (with an optional reason, recorded by the server, not signed), Cancel (creator). The
// withdrawn votes with their reasons, and the comment thread (for the creator and the members the
// policy names; live through the event stream) follow. The evidence bundle downloads from here.

import { ApiError, api, get, post } from './api.js';
import { subscribe } from './events.js';
import { signApproval, signRejection, passkeyStepUp, rejectionDocument, textProblem } from './jws.js';
import { parseText, reindent } from './jsontext.js';
import { loadKey } from './keystore.js';
import { readableContent, templateMarks, visibleText } from './readable.js';
import { base64urlToBytes } from './webauthn.js';
import { canVote, renderProgress, signerMembers, stateLabel } from './progress.js';
import {
  confirmDialog, directoryPeople, el, loadSession, memberName, renderHeader, replaceChildren, setBusy, showBanner, showError, timeElement,
  withLocalTimes,
} from './ui.js';

const root = document.getElementById('statement');
const id = decodeURIComponent(location.pathname.split('/').pop() || '');
let member = null;
let members = [];
let people = [];
let view = null;
let key = null;
// The template the statement started from ({template} of GET .../template), null when none.
let template = null;
// The comment thread: null until read, or 'refused' for a member who does not take part.
let comments = null;
const REASON_MAX = 1000;
const COMMENT_MAX = 2000;

function voteItem(vote) {
  const who = vote.member === member.id ? `${memberName(vote.member, people)} (you)` : memberName(vote.member, people);
  return el('li', { dataset: { member: vote.member, kind: vote.kind } },
    el('strong', {}, who),
    el('span', {}, vote.kind === 'approve' ? 'approved' : 'rejected'),
    el('span', { class: 'muted' }, timeElement(vote.receivedAt)),
    el('span', { class: 'badge badge-verified', title: 'the server verified this signature on receipt' }, 'signature verified'),
    vote.stepUp ? el('span', { class: 'badge badge-verified' }, 'passkey step-up') : null,
    vote.keyMethod === 'admin-token' ? el('span', { class: 'muted' }, 'service key') : null,
    vote.keyRevokedAt ? el('span', { class: 'badge badge-revoked' },
      'key revoked ', timeElement(vote.keyRevokedAt), '; this earlier vote still counts') : null,
    el('span', { class: 'mono muted' }, `key ${vote.kid.slice(0, 12)}…`),
    vote.reason ? el('p', { class: 'vote-reason' }, el('span', { class: 'muted' }, 'Reason (signed with the rejection): '),
      el('span', { class: 'reason-text' }, vote.reason)) : null);
}

function withdrawalItem(withdrawal) {
  return el('li', { dataset: { member: withdrawal.member } },
    el('strong', {}, memberName(withdrawal.member, people)),
    el('span', {}, `withdrew ${withdrawal.kind === 'approve' ? 'an approval' : 'a rejection'}`),
    el('span', { class: 'muted' }, timeElement(withdrawal.withdrawnAt)),
    withdrawal.reason ? el('p', { class: 'withdrawal-reason' },
      el('span', { class: 'muted', title: 'a withdrawal is not a signature: the server records its reason' }, 'Reason (not signed): '),
      el('span', { class: 'reason-text' }, withdrawal.reason)) : null);
}

function commentItem(comment) {
  return el('li', { dataset: { comment: comment.id } },
    el('strong', {}, memberName(comment.author, people)), ' ',
    el('span', { class: 'muted' }, timeElement(comment.createdAt)),
    el('p', { class: 'comment-text' }, comment.text));
}

// The comment section is built once and kept across renders, so a draft survives live updates.
const commentList = el('div', { id: 'comments' });
const commentText = el('textarea', { id: 'comment-text', rows: '3', maxlength: String(COMMENT_MAX * 2) });
const commentForm = el('form', { id: 'comment-form', onsubmit: addComment },
  el('label', { for: 'comment-text' }, 'Add a comment'), commentText,
  el('p', { class: 'hint' }, `Seen by the statement's creator and the members its policy names; at most ${COMMENT_MAX} characters.`),
  el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'comment-submit' }, 'Post comment')));
const commentSection = el('section', { class: 'card', 'aria-labelledby': 'comments-heading' },
  el('h2', { id: 'comments-heading' }, 'Comments'), commentList, commentForm);

function renderComments() {
  if (comments === 'refused') {
    commentForm.hidden = true;
    replaceChildren(commentList, el('p', { class: 'section-empty', id: 'comments-refused' },
      'Only the statement\'s creator and the members its policy names take part in its comments.'));
    return;
  }
  commentForm.hidden = comments === null;
  if (comments === null) return;
  replaceChildren(commentList, comments.length
    ? el('ul', { class: 'list-plain comment-list' }, comments.map(commentItem))
    : el('p', { class: 'section-empty' }, 'No comments yet.'));
}

/** Whether the policy names this member or they created the statement: the server's rule
 *  (Statement.admitsToDiscussion), used here only to avoid asking for a thread the server would
 *  refuse; the server decides. */
function takesPart() {
  return view.statement.creator === member.id || signerMembers(view.statement.policy, members).has(member.id);
}

async function loadComments() {
  if (!takesPart()) {
    comments = 'refused';
    renderComments();
    return;
  }
  try {
    ({ comments } = await get(`/api/statements/${encodeURIComponent(id)}/comments`));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 403)) throw error;
    comments = 'refused';
  }
  renderComments();
}

async function addComment(event) {
  event.preventDefault();
  const text = commentText.value;
  const problem = textProblem(text, COMMENT_MAX);
  if (problem) {
    showBanner('error', `The comment is not accepted: ${problem}.`);
    return;
  }
  const button = document.getElementById('comment-submit');
  setBusy(button, true, 'Posting…');
  try {
    await post(`/api/statements/${encodeURIComponent(id)}/comments`, { text });
    commentText.value = '';
    await loadComments();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) showError(error);
  } finally {
    setBusy(button, false);
  }
}

function actions() {
  const open = view.state === 'pending' || view.state === 'timelocked';
  if (!open) return null;
  const mine = view.votes.find((vote) => vote.member === member.id);
  const buttons = [];
  if (canVote(view, member.id, members)) {
    buttons.push(el('button', { type: 'button', class: 'button-primary', id: 'approve', onclick: approve }, 'Approve'));
    buttons.push(el('button', { type: 'button', class: 'button-danger', id: 'reject', onclick: reject }, 'Reject'));
  }
  if (mine) buttons.push(el('button', { type: 'button', id: 'withdraw', onclick: withdraw }, `Withdraw my ${mine.kind === 'approve' ? 'approval' : 'rejection'}`));
  if (view.statement.creator === member.id) buttons.push(el('button', { type: 'button', id: 'cancel', onclick: cancel }, 'Cancel statement'));
  const notes = [];
  if (canVote(view, member.id, members) && !key) {
    notes.push(el('p', { class: 'hint', id: 'no-key' }, 'This browser has no signing key for you. ',
      el('a', { href: '/account' }, 'Set one up on your account page'), ' to approve or reject here.'));
  }
  if (view.statement.policy.stepUp) notes.push(el('p', { class: 'hint' }, 'This policy asks for your passkey with each approval.'));
  return el('section', { class: 'card', 'aria-labelledby': 'actions-heading' },
    el('h2', { id: 'actions-heading' }, 'Your decision'), notes, el('div', { class: 'actions' }, buttons));
}

/** The signed document's text: the JCS bytes of the payload, decoded, never re-serialised. */
function signedText() {
  return new TextDecoder('utf-8', { fatal: true }).decode(base64urlToBytes(view.payload));
}

/** The content as a readable document beside the exact JSON signed, with the template's differences. */
function contentSection(document_) {
  const text = signedText();
  const root = parseText(text);
  const entry = root.entries.find((candidate) => candidate.key === 'content');
  let diff = null;
  let note = null;
  if (template && entry) {
    diff = templateMarks(parseText(template.contentText), entry.node, template.fields);
    const changed = [...diff.marks.values()].filter((mark) => mark.kind !== 'filled').length + diff.removed.length;
    note = el('div', { class: 'template-note', id: 'template-note' },
      el('p', {}, 'Started from the template ', el('strong', { id: 'template-name' }, el('bdi', {}, visibleText(template.name))),
        template.removedAt ? ' (since removed)' : '', '. ',
        changed ? el('span', { class: 'diff-summary', id: 'diff-summary' },
          `${changed} change${changed === 1 ? '' : 's'} outside the template's fields, highlighted below.`)
          : el('span', { id: 'diff-summary' }, 'Only the template\'s fields were filled in.'),
        ' The template only pre-filled the form: the exact JSON shown with it is what is signed.'),
      diff.removed.length ? el('p', { id: 'diff-removed' }, 'Removed from the template: ',
        diff.removed.map((pointer, index) => [index ? ', ' : '', el('code', {}, visibleText(pointer))])) : null);
  }
  return el('section', { class: 'card', 'aria-labelledby': 'content-heading' },
    el('h2', { id: 'content-heading' }, 'Content'),
    note,
    el('div', { class: 'content-views' },
      el('div', { class: 'content-view' },
        el('h3', { id: 'readable-heading' }, 'Readable'),
        el('div', { id: 'readable', 'aria-labelledby': 'readable-heading' },
          entry ? readableContent(entry.node, { marks: diff && diff.marks }) : null)),
      el('div', { class: 'content-view' },
        el('h3', { id: 'exact-heading' }, 'Exact JSON signed'),
        el('p', { class: 'hint' }, 'The canonical statement document, indented (whitespace only); invisible characters are marked ⟦U+…⟧.'),
        el('pre', { class: 'mono', id: 'content', tabindex: '0', 'aria-labelledby': 'exact-heading' }, visibleText(reindent(text))))),
    el('p', {}, 'Digest (SHA-256 of the canonical statement): ', el('span', { class: 'mono', id: 'digest' }, view.digest)),
    el('p', { class: 'muted' }, `Statement ${document_.id}`, document_.expiresAt ? [' · expires ', timeElement(document_.expiresAt)] : null));
}

function render() {
  const document_ = view.statement;
  document.title = `${document_.title} · Countersign`;
  const evaluation = view.explanation || {};
  const summary = evaluation.explanation && evaluation.explanation.summary;
  replaceChildren(root,
    el('h1', { id: 'statement-title' }, document_.title),
    el('p', {}, el('span', { class: `badge badge-${view.state}`, id: 'state', dataset: { state: view.state } }, stateLabel(view.state)),
      ' ', el('span', { class: 'muted' }, `created by ${memberName(document_.creator, people)} on `,
        timeElement(document_.createdAt), view.decidedAt ? [', decided ', timeElement(view.decidedAt)] : null)),
    contentSection(document_),
    el('section', { class: 'card', 'aria-labelledby': 'progress-heading' },
      el('h2', { id: 'progress-heading' }, 'Approval'),
      el('p', { id: 'policy-text' }, `Policy: ${view.policyText}.`),
      summary ? el('p', { id: 'explanation' }, withLocalTimes(summary)) : null,
      renderProgress(view, members, { me: member.id, people })),
    actions(),
    el('section', { class: 'card', 'aria-labelledby': 'votes-heading' },
      el('h2', { id: 'votes-heading' }, `Signatures (${view.votes.length})`),
      view.votes.length ? el('ul', { class: 'list-plain vote-list', id: 'votes' }, view.votes.map(voteItem))
        : el('p', { class: 'section-empty' }, 'No one has signed yet.')),
    (view.withdrawals || []).length ? el('section', { class: 'card', 'aria-labelledby': 'withdrawals-heading' },
      el('h2', { id: 'withdrawals-heading' }, 'Withdrawn votes'),
      el('ul', { class: 'list-plain vote-list', id: 'withdrawals' }, view.withdrawals.map(withdrawalItem))) : null,
    commentSection,
    el('section', { class: 'card', 'aria-labelledby': 'evidence-heading' },
      el('h2', { id: 'evidence-heading' }, 'Evidence'),
      el('p', {}, 'The evidence bundle holds the statement, every signature with its key and passkey attestation, and the '
        + 'server\'s signed receipt. Anyone can check it offline with ', el('code', {}, 'countersign verify'), '.'),
      el('a', { class: 'button', id: 'evidence', href: `/api/statements/${encodeURIComponent(document_.id)}/evidence`,
        download: `evidence-${document_.id}.json` }, 'Download evidence')));
}

async function reload() {
  view = await get(`/api/statements/${encodeURIComponent(id)}`);
  render();
}

async function withKey(work, button) {
  if (!key) {
    showBanner('error', ['This browser has no signing key for you. ', el('a', { href: '/account' }, 'Set one up on your account page'), '.']);
    return;
  }
  setBusy(button, true, 'Signing…');
  try {
    await work();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    showError(error);
    setBusy(button, false);
  }
}

async function approve(event) {
  const button = event.currentTarget;
  const confirmed = await confirmDialog({
    title: 'Approve this statement?',
    body: [el('p', {}, el('strong', {}, view.statement.title)),
      el('p', {}, 'You sign exactly this content, digest ', el('span', { class: 'mono' }, view.digest), '.'),
      view.statement.policy.stepUp ? el('p', {}, 'Your passkey will ask you to confirm.') : null],
    confirmLabel: 'Sign and approve',
  });
  if (!confirmed) return;
  await withKey(async () => {
    const stepUp = view.statement.policy.stepUp ? (input) => passkeyStepUp(input) : undefined;
    const signature = await signApproval(view, key, { stepUp });
    view = await post(`/api/statements/${encodeURIComponent(id)}/approvals`, { signature });
    render();
    showBanner('success', 'Your approval is signed and recorded.', { focus: true });
  }, button);
}

/** An optional reason field: empty means no reason; otherwise the text exactly as typed. */
function reasonField(fieldId, label) {
  const input = el('textarea', { id: fieldId, rows: '3', 'aria-describedby': `${fieldId}-hint` });
  const hint = el('p', { class: 'hint', id: `${fieldId}-hint` }, label);
  return { input, nodes: [el('label', { for: fieldId }, 'Reason (optional)'), input, hint] };
}

/** The reason typed, or undefined when the field is empty; never trimmed. */
function typedReason(input) {
  return input.value === '' ? undefined : input.value;
}

async function reject(event) {
  const button = event.currentTarget;
  const field = reasonField('reject-reason', `Signed with your rejection exactly as typed (at most ${REASON_MAX} characters).`);
  const signed = el('pre', { class: 'mono', id: 'reject-signed', tabindex: '0' });
  const showSigned = () => { signed.textContent = rejectionDocument(view.statement.id, view.digest, typedReason(field.input)); };
  field.input.addEventListener('input', showSigned);
  showSigned();
  const confirmed = await confirmDialog({
    title: 'Reject this statement?',
    body: [el('p', {}, el('strong', {}, view.statement.title)), el('p', {}, 'Your signed rejection is recorded with the statement.'),
      ...field.nodes, el('p', {}, 'You sign exactly this JSON:'), signed],
    confirmLabel: 'Sign and reject',
  });
  if (!confirmed) return;
  const reason = typedReason(field.input);
  const problem = reason === undefined ? null : textProblem(reason, REASON_MAX);
  if (problem) {
    showBanner('error', `Nothing was signed: the reason is not accepted (${problem}).`);
    return;
  }
  await withKey(async () => {
    const signature = await signRejection(view, key, { reason });
    const body = reason === undefined ? { signature } : { signature, reason };
    view = await post(`/api/statements/${encodeURIComponent(id)}/rejections`, body);
    render();
    showBanner('success', 'Your rejection is signed and recorded.', { focus: true });
  }, button);
}

/** Runs a request that answers the statement's new view, with the button busy meanwhile. */
async function act(button, busyLabel, request, done) {
  setBusy(button, true, busyLabel);
  try {
    view = await request();
    render();
    showBanner('success', done, { focus: true });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) showError(error);
    setBusy(button, false);
  }
}

async function withdraw(event) {
  const button = event.currentTarget;
  const field = reasonField('withdraw-reason', 'Recorded by the server with the withdrawal; it is not signed.');
  const confirmed = await confirmDialog({
    title: 'Withdraw your vote?', body: [el('p', {}, 'Your vote stops counting while the statement is open.'), ...field.nodes],
    confirmLabel: 'Withdraw', cancelLabel: 'Keep my vote',
  });
  if (!confirmed) return;
  const reason = typedReason(field.input);
  const problem = reason === undefined ? null : textProblem(reason, REASON_MAX);
  if (problem) {
    showBanner('error', `Nothing was withdrawn: the reason is not accepted (${problem}).`);
    return;
  }
  await act(button, 'Withdrawing…', () => api(`/api/statements/${encodeURIComponent(id)}/votes/me`,
    { method: 'DELETE', body: reason === undefined ? undefined : { reason } }), 'Your vote is withdrawn.');
}

async function cancel(event) {
  const button = event.currentTarget;
  const confirmed = await confirmDialog({
    title: 'Cancel this statement?', body: [el('p', {}, 'A cancelled statement takes no more votes. This cannot be undone.')],
    confirmLabel: 'Cancel statement', cancelLabel: 'Keep it',
  });
  if (!confirmed) return;
  await act(button, 'Cancelling…', () => post(`/api/statements/${encodeURIComponent(id)}/cancel`, {}), 'The statement is cancelled.');
}

async function main() {
  member = await loadSession();
  if (!member) return;
  renderHeader(member);
  const directory = await get('/api/members');
  ({ members } = directory);
  people = directoryPeople(directory);
  key = await loadKey(member.id);
  try {
    ({ template } = await get(`/api/statements/${encodeURIComponent(id)}/template`));
    await reload();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      replaceChildren(root, el('h1', {}, 'Statement not found'));
      showBanner('error', 'There is no statement at this address.');
      return;
    }
    throw error;
  }
  await loadComments();
  subscribe((event) => {
    if (event.statement === id) reload().catch(showError);
  }, {
    onComment: (event) => {
      if (event.statement === id && comments !== 'refused') loadComments().catch(showError);
    },
  });
}

main().catch(showError);
