/**
 * The subagent-supervisor gates as a CrossGuard policy pack. Every policy file under policies/
 * registers itself with the registry (lib/registry.ts); importing them here builds the pack.
 * All policies are mandatory unless the pack's config says otherwise (docs/gates.md).
 */
import { PolicyPack } from "@pulumi/policy";
import { registry } from "./lib/registry";
import "./policies";

new PolicyPack("subagent-supervisor-gates", { policies: registry.all() });
