import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActorRole } from "../shared/actor.ts";
import { DomainError } from "../shared/domain-error.ts";
import {
  APPLICATION_ACTIONS,
  APPLICATION_STATUSES,
  type ApplicationAction,
  type ApplicationStatus,
  allowedActions,
  isTerminal,
  OPEN_STATUSES,
  pausesClock,
  transition,
} from "./lifecycle.ts";

const ROLES: readonly ActorRole[] = ["citizen", "operator", "supervisor", "system"];

/**
 * The expected lifecycle, written out independently of LIFECYCLE: [from, action, role, to].
 * Every combination not listed must be refused.
 */
const ALLOWED: readonly [ApplicationStatus, ApplicationAction, ActorRole, ApplicationStatus][] = [
  ["draft", "edit_draft", "citizen", "draft"],
  ["draft", "edit_draft", "system", "draft"],
  ["draft", "submit", "citizen", "submitted"],
  ["draft", "submit", "system", "submitted"],
  ["draft", "attach_document", "citizen", "draft"],
  ["draft", "attach_document", "system", "draft"],
  ["needs_revision", "attach_document", "citizen", "needs_revision"],
  ["needs_revision", "attach_document", "system", "needs_revision"],
  // A file downloaded after the citizen sent it joins the application whatever the officer has done since.
  ["draft", "attach_downloaded", "system", "draft"],
  ["needs_revision", "attach_downloaded", "system", "needs_revision"],
  ["submitted", "attach_downloaded", "system", "submitted"],
  ["in_review", "attach_downloaded", "system", "in_review"],
  ["processing", "attach_downloaded", "system", "processing"],
  ["submitted", "claim", "operator", "in_review"],
  ["submitted", "claim", "supervisor", "in_review"],
  ["in_review", "claim", "operator", "in_review"],
  ["in_review", "claim", "supervisor", "in_review"],
  ["processing", "claim", "operator", "processing"],
  ["processing", "claim", "supervisor", "processing"],
  ["submitted", "assign", "supervisor", "submitted"],
  ["in_review", "assign", "supervisor", "in_review"],
  ["processing", "assign", "supervisor", "processing"],
  ["in_review", "release", "operator", "in_review"],
  ["in_review", "release", "supervisor", "in_review"],
  ["processing", "release", "operator", "processing"],
  ["processing", "release", "supervisor", "processing"],
  ["in_review", "request_revision", "operator", "needs_revision"],
  ["in_review", "request_revision", "supervisor", "needs_revision"],
  ["needs_revision", "resubmit", "citizen", "submitted"],
  ["needs_revision", "resubmit", "system", "submitted"],
  ["in_review", "start_processing", "operator", "processing"],
  ["in_review", "start_processing", "supervisor", "processing"],
  ["processing", "complete", "operator", "completed"],
  ["processing", "complete", "supervisor", "completed"],
  ["in_review", "reject", "operator", "rejected"],
  ["in_review", "reject", "supervisor", "rejected"],
  ["processing", "reject", "operator", "rejected"],
  ["processing", "reject", "supervisor", "rejected"],
  ["draft", "cancel", "citizen", "cancelled"],
  ["submitted", "cancel", "citizen", "cancelled"],
  ["needs_revision", "cancel", "citizen", "cancelled"],
  ["draft", "expire", "system", "expired"],
  ["needs_revision", "expire", "system", "expired"],
];

const key = (s: string, a: string, r: string) => `${s}/${a}/${r}`;
const expected = new Map(ALLOWED.map(([s, a, r, to]) => [key(s, a, r), to]));

test("every status × action × role matches the expected table", () => {
  for (const status of APPLICATION_STATUSES) {
    for (const action of APPLICATION_ACTIONS) {
      for (const role of ROLES) {
        const want = expected.get(key(status, action, role));
        const reason = action === "reject" ? "dokumen palsu" : undefined;
        if (want) {
          assert.equal(transition(status, action, role, reason), want, key(status, action, role));
        } else {
          assert.throws(
            () => transition(status, action, role, reason),
            (e) => e instanceof DomainError && e.code === "action_not_allowed",
            key(status, action, role),
          );
        }
      }
    }
  }
});

test("reject needs a reason", () => {
  for (const reason of [undefined, "", "   "]) {
    assert.throws(
      () => transition("in_review", "reject", "operator", reason),
      (e) => e instanceof DomainError && e.code === "reason_required",
    );
  }
});

test("the role is checked before the status, so a citizen learns nothing about staff-only states", () => {
  assert.throws(() => transition("completed", "claim", "citizen"), /a citizen may not claim/);
  assert.throws(
    () => transition("completed", "claim", "operator"),
    /cannot claim an application that is completed/,
  );
});

test("terminal statuses allow nothing; only needs_revision pauses the clock", () => {
  for (const status of APPLICATION_STATUSES) {
    const actions = ROLES.flatMap((r) => allowedActions(status, r));
    assert.equal(actions.length === 0, isTerminal(status), status);
    assert.equal(pausesClock(status), status === "needs_revision", status);
  }
  assert.deepEqual([...OPEN_STATUSES], ["submitted", "in_review", "needs_revision", "processing"]);
});

test("allowedActions lists what the desk and the bot may offer", () => {
  assert.deepEqual(allowedActions("in_review", "operator"), [
    "claim",
    "release",
    "request_revision",
    "start_processing",
    "reject",
  ]);
  assert.deepEqual(allowedActions("needs_revision", "citizen"), ["attach_document", "resubmit", "cancel"]);
  assert.deepEqual(allowedActions("needs_revision", "system"), [
    "attach_document",
    "attach_downloaded",
    "resubmit",
    "expire",
  ]);
});
