/** Every migration, in order, as a static map (works in the bundled server, scripts and tests). */
import type { Migration } from "kysely";
import * as m0001 from "./0001_ledger";

export const migrations: Record<string, Migration> = {
  "0001_ledger": m0001,
};
