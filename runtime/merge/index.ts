/** The merge step's pure core. */
export * from "./three-way";
