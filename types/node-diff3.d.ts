// node-diff3 ships its types behind package "exports", which the project's `node` module
// resolution does not read; point the bare specifier at them. At run time Node resolves the
// CommonJS build through the same "exports" map.
declare module "node-diff3" {
    export * from "node-diff3/src/diff3";
}
