/**
 * The artifact bucket's key layout (DESIGN.md, "Data path"), in one place. IAM documents, the
 * handlers, the CLI and the local run all build keys and key patterns from these functions, so a
 * role's permissions and the keys its handler writes cannot drift apart.
 *
 *   repos/<repo>/conductor/...                      uploaded Conductor folder (merge writes back)
 *   runs/<runId>/context/...                        minimal context snapshot for one run
 *   runs/<runId>/patches/<taskId>/<agent>.patch     exactly one unified diff per task and agent
 *   runs/<runId>/arbiter/<taskId>.json              the arbiter's choice and reason
 *   runs/<runId>/merge/report.json                  the merge report
 *
 * A run id starts with its repo (`<repo>--<track>--<hash>`), so IAM can confine a repo's roles to
 * `runs/<repo>--*` without knowing run ids in advance.
 */
import { createHash } from "node:crypto";

export const RUN_ID_SEPARATOR = "--";

export function conductorPrefix(repo: string): string {
    return `repos/${repo}/conductor/`;
}

export function planKey(repo: string, track: string): string {
    return `${conductorPrefix(repo)}tracks/${track}/plan.md`;
}

export function runPrefix(runId: string): string {
    return `runs/${runId}/`;
}

export function contextPrefix(runId: string): string {
    return `${runPrefix(runId)}context/`;
}

export function patchKey(runId: string, taskId: string, agent: string): string {
    return `${runPrefix(runId)}patches/${taskId}/${agent}.patch`;
}

export function arbiterKey(runId: string, taskId: string): string {
    return `${runPrefix(runId)}arbiter/${taskId}.json`;
}

export function mergeReportKey(runId: string): string {
    return `${runPrefix(runId)}merge/report.json`;
}

/** Key patterns for IAM (`*` wildcards), scoped to one repo's runs. */
export const keyPatterns = {
    conductor: (repo: string) => `${conductorPrefix(repo)}*`,
    runs: (repo: string) => `runs/${repo}${RUN_ID_SEPARATOR}*`,
    context: (repo: string) => `runs/${repo}${RUN_ID_SEPARATOR}*/context/*`,
    agentPatches: (repo: string, agent: string) => `runs/${repo}${RUN_ID_SEPARATOR}*/patches/*/${agent}.patch`,
    patches: (repo: string) => `runs/${repo}${RUN_ID_SEPARATOR}*/patches/*`,
    arbiter: (repo: string) => `runs/${repo}${RUN_ID_SEPARATOR}*/arbiter/*`,
    merge: (repo: string) => `runs/${repo}${RUN_ID_SEPARATOR}*/merge/*`,
} as const;

/** Step Functions execution names: at most 80 characters of [0-9A-Za-z_-]. */
const EXECUTION_NAME_MAX = 80;

/**
 * The run id (and execution name) for a plan.md version. Deterministic: the same S3 object version
 * always yields the same name, so a duplicate event's StartExecution is refused as
 * `ExecutionAlreadyExists` and starts nothing new.
 */
export function deriveRunId(repo: string, track: string, objectVersion: string): string {
    const hash = createHash("sha256").update(`${repo}\n${track}\n${objectVersion}`).digest("hex").slice(0, 12);
    const safeTrack = track.replace(/[^0-9A-Za-z_-]/g, "_").replace(/-{2,}/g, "-");
    const room = EXECUTION_NAME_MAX - repo.length - hash.length - 2 * RUN_ID_SEPARATOR.length;
    return `${repo}${RUN_ID_SEPARATOR}${safeTrack.slice(0, Math.max(1, room))}${RUN_ID_SEPARATOR}${hash}`;
}

/** Parses `repos/<repo>/conductor/tracks/<track>/plan.md`; undefined for any other key. */
export function parsePlanKey(key: string): { repo: string; track: string } | undefined {
    const m = /^repos\/([a-z0-9-]+)\/conductor\/tracks\/([^/]+)\/plan\.md$/.exec(key);
    return m ? { repo: m[1], track: m[2] } : undefined;
}
