/**
 * Takes exactly one unified diff out of a model's free-text answer: a ```diff (or ```patch)
 * fenced block, or raw diff text starting at `diff --git` or `--- `. Zero diffs, or more than
 * one fenced block, is a reason to reject the answer (and ask again).
 */
export type Extracted = { readonly ok: true; readonly diff: string } | { readonly ok: false; readonly reason: string };

export function extractDiff(answer: string): Extracted {
    const text = answer.replace(/\r\n/g, "\n");
    const fences = [...text.matchAll(/```(?:diff|patch|udiff)?[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => /^(diff --git |--- |@@ )/m.test(b));
    if (fences.length > 1) return { ok: false, reason: `The answer holds ${fences.length} diff blocks; answer with exactly one unified diff.` };
    if (fences.length === 1) return { ok: true, diff: fences[0].endsWith("\n") ? fences[0] : `${fences[0]}\n` };
    const start = text.search(/^(diff --git |--- )/m);
    if (start < 0) return { ok: false, reason: "The answer holds no unified diff; answer with exactly one unified diff." };
    const diff = text.slice(start).trimEnd();
    return { ok: true, diff: `${diff}\n` };
}
