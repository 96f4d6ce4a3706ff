/**
 * Lenient parser for Conductor's `tracks.md` registry. Both formats seen in the wild:
 * `- [ ] **Track: Title**` bullets and `## [ ] Track: Title` headings, each usually followed by a
 * link to `tracks/<id>/`; and plain link lists (`- [Title](./tracks/<id>/)`).
 */
import type { TaskStatus } from "./plan";

export interface TrackEntry {
    /** The folder under `tracks/`, when a link names it. */
    readonly id?: string;
    readonly title: string;
    readonly status: TaskStatus;
    readonly line: number;
}

export interface ParsedTracks {
    readonly tracks: TrackEntry[];
    readonly diagnostics: string[];
}

const BULLET = /^\s*[-*+]\s+\[([ xX~])\]\s+(.*)$/;
const HEADING = /^#{2,4}\s+\[([ xX~])\]\s+(.*)$/;
const LINK_TO_TRACK = /\]\(\s*(?:\.\/)?(?:conductor\/)?tracks\/([^/)\s]+)\/?[^)]*\)/;
const PLAIN_LINK = /^\s*[-*+]\s+\[([^\]]+)\]\(\s*(?:\.\/)?(?:conductor\/)?tracks\/([^/)\s]+)\/?[^)]*\)/;

function status(marker: string): TaskStatus {
    return marker === " " ? "pending" : marker === "~" ? "in-progress" : "done";
}

function title(text: string): string {
    return text
        .replace(LINK_TO_TRACK, "]")
        .replace(/\*\*/g, "")
        .replace(/^Track\s*:\s*/i, "")
        .replace(/\s*\[[^\]]*\]\s*$/, "")
        .trim();
}

export function parseTracks(text: string): ParsedTracks {
    const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
    const tracks: { id?: string; title: string; status: TaskStatus; line: number }[] = [];
    const diagnostics: string[] = [];
    lines.forEach((raw, i) => {
        const lineNo = i + 1;
        const entry = HEADING.exec(raw) ?? BULLET.exec(raw);
        if (entry && /track/i.test(entry[2])) {
            tracks.push({ id: LINK_TO_TRACK.exec(entry[2])?.[1], title: title(entry[2]), status: status(entry[1]), line: lineNo });
            return;
        }
        const plain = PLAIN_LINK.exec(raw);
        if (plain) {
            tracks.push({ id: plain[2], title: plain[1].replace(/\*\*/g, "").trim(), status: "pending", line: lineNo });
            return;
        }
        // A link on the lines under an entry names its folder.
        const link = LINK_TO_TRACK.exec(raw);
        const last = tracks[tracks.length - 1];
        if (link && last && !last.id) last.id = link[1];
    });
    for (const t of tracks) if (!t.id) diagnostics.push(`tracks.md line ${t.line}: track '${t.title}' links to no tracks/<id>/ folder`);
    return { tracks, diagnostics };
}
