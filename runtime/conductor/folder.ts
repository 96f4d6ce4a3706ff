/**
 * A Conductor folder read from disk (for the CLI and the local run): the registry, each track's
 * plan, spec and metadata, and which track to work when none is named.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { type ParsedPlan, parsePlan } from "./plan";
import { type ParsedTracks, parseTracks, type TrackEntry } from "./tracks";

export interface ConductorTrack {
    readonly id: string;
    readonly title: string;
    readonly status: TrackEntry["status"];
    readonly plan?: ParsedPlan;
    readonly hasSpec: boolean;
    readonly metadata?: Record<string, unknown>;
}

export interface ConductorFolder {
    readonly dir: string;
    readonly tracks: ConductorTrack[];
    readonly diagnostics: string[];
}

/** Every file under `dir`, as sorted relative paths with `/` separators (uploads, push). */
export function filesUnder(dir: string, rel = ""): string[] {
    return readdirSync(path.join(dir, rel))
        .sort()
        .flatMap((name) => {
            const r = rel ? `${rel}/${name}` : name;
            return statSync(path.join(dir, r)).isDirectory() ? filesUnder(dir, r) : [r];
        });
}

export class ConductorError extends Error {
    override readonly name = "ConductorError";
}

export function readConductorFolder(dir: string): ConductorFolder {
    if (!existsSync(dir)) throw new ConductorError(`${dir} does not exist; pass the repository's conductor/ folder`);
    const diagnostics: string[] = [];
    const registry: ParsedTracks = existsSync(path.join(dir, "tracks.md")) ? parseTracks(readFileSync(path.join(dir, "tracks.md"), "utf8")) : { tracks: [], diagnostics: ["tracks.md is missing; tracks were taken from the tracks/ folder"] };
    diagnostics.push(...registry.diagnostics);
    const folders = existsSync(path.join(dir, "tracks")) ? readdirSync(path.join(dir, "tracks"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
    const listed = new Set(registry.tracks.map((t) => t.id).filter(Boolean));
    const entries: TrackEntry[] = [...registry.tracks.filter((t) => t.id), ...folders.filter((f) => !listed.has(f)).map((id) => ({ id, title: id, status: "pending" as const, line: 0 }))];
    const tracks = entries.map((t) => {
        const trackDir = path.join(dir, "tracks", t.id!);
        const planFile = path.join(trackDir, "plan.md");
        const plan = existsSync(planFile) ? parsePlan(readFileSync(planFile, "utf8")) : undefined;
        if (!plan) diagnostics.push(`track ${t.id}: no plan.md`);
        let metadata: Record<string, unknown> | undefined;
        const metaFile = path.join(trackDir, "metadata.json");
        if (existsSync(metaFile)) {
            try {
                metadata = JSON.parse(readFileSync(metaFile, "utf8"));
            } catch {
                diagnostics.push(`track ${t.id}: metadata.json is not valid JSON and was ignored`);
            }
        }
        return { id: t.id!, title: t.title, status: t.status, plan, hasSpec: existsSync(path.join(trackDir, "spec.md")), metadata };
    });
    return { dir, tracks, diagnostics };
}

/** The first track whose plan still has work (markers decide, not the registry or metadata). */
export function pickTrack(folder: ConductorFolder): ConductorTrack {
    const open = folder.tracks.find((t) => t.plan && t.plan.phases.some((p) => p.tasks.some((x) => x.status !== "done")));
    if (!open) throw new ConductorError(`no track in ${folder.dir} has unfinished tasks`);
    return open;
}
