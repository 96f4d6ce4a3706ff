/**
 * The minimal context a run's agents may read: the product, tech stack and workflow guides, the
 * track registry, and the worked track's own files. Nothing else of the repository is copied.
 */
import { contextPrefix, conductorPrefix } from "../layout";
import type { ArtifactStore } from "../store/store";

const GUIDES = ["product.md", "tech-stack.md", "workflow.md", "tracks.md", "product-guidelines.md"];

/** Repo-relative paths (`conductor/...`) of a snapshot's files, given the uploaded keys. */
export function contextSelection(repo: string, track: string, keys: readonly string[]): string[] {
    const prefix = conductorPrefix(repo);
    return keys
        .map((k) => k.slice(prefix.length))
        .filter((rel) => GUIDES.includes(rel) || rel.startsWith(`tracks/${track}/`))
        .map((rel) => `conductor/${rel}`);
}

/** Reads a run's snapshot back as repo-relative path -> content. */
export async function readContext(store: ArtifactStore, runId: string): Promise<Map<string, string>> {
    const prefix = contextPrefix(runId);
    const files = new Map<string, string>();
    for (const key of await store.list(prefix)) {
        const obj = await store.get(key);
        if (obj) files.set(key.slice(prefix.length), obj.body);
    }
    return files;
}
