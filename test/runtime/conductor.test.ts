import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { dispatchableTasks, parsePlan, parseTracks, pickTrack, readConductorFolder, routeTask, toTaskRefs } from "../../runtime/conductor";

const FIX = path.join(__dirname, "..", "fixtures", "conductor");
const EXAMPLE = path.join(__dirname, "..", "..", "examples", "acme-shop", "conductor");

describe("Conductor parser", () => {
    it("reads the example repo: both tracks.md formats, phases, checkpoints, shas, sub-tasks", () => {
        const folder = readConductorFolder(EXAMPLE);
        assert.deepEqual(folder.tracks.map((t) => [t.id, t.status]), [["checkout-flow_20261101", "in-progress"], ["search-api_20261110", "pending"]]);
        const plan = folder.tracks[0].plan!;
        assert.equal(plan.phases.length, 3);
        assert.equal(plan.phases[0].checkpoint, "4e1c2a9");
        assert.equal(plan.phases[0].tasks[0].sha, "1a2b3c4");
        assert.equal(plan.phases[0].tasks[0].title, "Create the addresses table and Drizzle schema");
        assert.deepEqual(plan.phases[1].tasks[2].subtasks.map((s) => s.title), ["Write tests for the preselection", "Implement the preselection in the checkout store"]);
        assert.deepEqual(folder.diagnostics, []);
        assert.equal(pickTrack(folder).id, "checkout-flow_20261101");
    });

    it("dispatches the pending tasks of the first unfinished phase, never manual checkpoints or started tasks", () => {
        const plan = readConductorFolder(EXAMPLE).tracks[0].plan!;
        const d = dispatchableTasks(plan);
        assert.deepEqual(d.tasks.map((t) => t.task.title), ["Default address preselected at checkout", "Order confirmation page with the order number", "Confirmation e-mail sent through the outbox", "Refactor checkout state into a reducer"]);
        assert.ok(d.diagnostics.some((x) => x.includes("manual verification checkpoint")));
        assert.ok(d.diagnostics.some((x) => x.includes("in progress ([~])")));
        const refs = toTaskRefs(d, (title) => routeTask(title, { coder: [], refactorer: ["refactor"] }, "coder"));
        assert.deepEqual(refs.map((r) => [r.taskId, r.agent, r.line]), [["p2-t3", "coder", 17], ["p2-t4", "coder", 20], ["p2-t5", "coder", 23], ["p2-t6", "refactorer", 24]]);
    });

    it("parses messy plans leniently: CRLF, bold tasks, git-hash trailers, unknown markers as diagnostics", () => {
        const plan = parsePlan(readFileSync(path.join(FIX, "messy-plan.md"), "utf8"));
        const tasks = plan.phases[0].tasks;
        assert.deepEqual(tasks.map((t) => [t.title, t.status]), [["Scaffold the repo", "done"], ["Add CI", "pending"], ["Conductor - User Manual Verification 'Setup' (Protocol in workflow.md)", "pending"]]);
        assert.equal(tasks[0].sha, "0123abcd");
        assert.equal(tasks[1].subtasks.length, 1);
        assert.deepEqual(plan.diagnostics, ["line 8: unknown marker '[?]' (expected [ ], [~] or [x]); the item was skipped"]);
        assert.deepEqual(dispatchableTasks(plan).tasks.map((t) => t.task.title), ["Add CI"]);
    });

    it("dispatches nothing from a plan without checkbox tasks, and says why", () => {
        const d = dispatchableTasks(parsePlan(readFileSync(path.join(FIX, "no-tasks-plan.md"), "utf8")));
        assert.deepEqual(d.tasks, []);
        assert.deepEqual(d.diagnostics, ["plan.md has no checkbox tasks ('- [ ] Task: ...'), so there is nothing to dispatch"]);
    });

    it("reads plain link lists in tracks.md", () => {
        const t = parseTracks(readFileSync(path.join(FIX, "link-list-tracks.md"), "utf8"));
        assert.deepEqual(t.tracks.map((x) => [x.id, x.title, x.status]), [["billing_20260101", "Billing rework", "pending"], ["done_1", "Done thing", "done"]]);
    });

    it("never throws on arbitrary text", () => {
        for (const text of ["", "\u0000\u0001", "## Phase", "- [", "- [ ]", "```\n- [ ] Task: in a fence\n```", "#".repeat(1000)]) {
            parsePlan(text);
            parseTracks(text);
        }
        assert.deepEqual(parsePlan("```\n- [ ] Task: in a fence\n```").phases, []);
    });

    it("routes by the first agent whose word the title contains, else the default", () => {
        const routes = { writer: ["docs"], refactorer: ["refactor", "migrate"] };
        assert.equal(routeTask("Migrate the DB", routes, "coder"), "refactorer");
        assert.equal(routeTask("Write docs for refactor", routes, "coder"), "writer");
        assert.equal(routeTask("Add a button", routes, "coder"), "coder");
    });
});
