/** `supervisor tasks <conductor-dir> [--track <id>] [--json]`: what a run would dispatch. */
import { parseArgs } from "node:util";
import { dispatchableTasks, pickTrack, readConductorFolder } from "../../runtime/conductor";
import { type Command, UsageError } from "../command";

export const tasksCommand: Command = {
    summary: "show the tracks, phases and the tasks a run would dispatch",
    usage: "supervisor tasks <conductor-dir> [--track <id>] [--json]",
    async run(argv) {
        const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { track: { type: "string" }, json: { type: "boolean", default: false } } });
        if (positionals.length !== 1) throw new UsageError("give exactly one conductor directory");
        const folder = readConductorFolder(positionals[0]);
        const diagnostics = [...folder.diagnostics];
        let track = values.track ? folder.tracks.find((t) => t.id === values.track) : undefined;
        if (values.track && !track) throw new UsageError(`no track '${values.track}' (tracks: ${folder.tracks.map((t) => t.id).join(", ")})`);
        if (!track) {
            try {
                track = pickTrack(folder);
                diagnostics.unshift(`no --track given: picked '${track.id}', the first track with unfinished tasks`);
            } catch (e) {
                diagnostics.unshift((e as Error).message);
            }
        }
        const plan = track?.plan;
        const dispatch = plan ? dispatchableTasks(plan) : { tasks: [], diagnostics: track ? [`track ${track.id} has no plan.md`] : [] };
        diagnostics.push(...dispatch.diagnostics, ...(plan?.diagnostics.map((d) => `plan.md ${d}`) ?? []));
        const result = {
            tracks: folder.tracks.map((t) => ({ id: t.id, title: t.title, status: t.status })),
            track: track?.id ?? null,
            phases: (plan?.phases ?? []).map((p) => ({ number: p.number, title: p.title, checkpoint: p.checkpoint ?? null, tasks: p.tasks.map((t) => ({ title: t.title, status: t.status, manual: t.manual, line: t.line })) })),
            dispatchable: dispatch.tasks.map((d) => ({ taskId: `p${d.phaseIndex}-t${d.taskIndex}`, phase: d.phase.title, title: d.task.title, line: d.task.line })),
            diagnostics,
        };
        if (values.json) {
            console.log(JSON.stringify(result, null, 2));
            return 0;
        }
        const mark = { pending: "[ ]", "in-progress": "[~]", done: "[x]" } as const;
        console.log("tracks:");
        for (const t of folder.tracks) console.log(`  ${mark[t.status]} ${t.id}  ${t.title}${t.id === result.track ? "   <- this run" : ""}`);
        for (const p of plan?.phases ?? []) {
            console.log(`\nPhase ${p.number}: ${p.title}${p.checkpoint ? ` [checkpoint: ${p.checkpoint}]` : ""}`);
            for (const t of p.tasks) console.log(`  ${mark[t.status]} ${t.title}${t.manual ? "  (manual checkpoint)" : ""}`);
        }
        console.log(`\nwould dispatch ${result.dispatchable.length} task(s):`);
        for (const d of result.dispatchable) console.log(`  ${d.taskId}  ${d.title}`);
        for (const d of diagnostics) console.log(`note: ${d}`);
        return 0;
    },
};
