/** Every migration, in order, as a static map (works in the bundled server, scripts and tests). */
import type { Migration } from "kysely";
import * as m0001 from "./0001_ledger";
import * as m0002 from "./0002_accounts_audit";
import * as m0003 from "./0003_change_requests";
import * as m0004 from "./0004_hardening";
import * as m0005 from "./0005_decisions";
import * as m0006 from "./0006_figures";
import * as m0007 from "./0007_targets_deadlines";
import * as m0008 from "./0008_reports";
import * as m0009 from "./0009_meetings";
import * as m0010 from "./0010_bonus_claims";
import * as m0011 from "./0011_spreadsheet_imports";

export const migrations: Record<string, Migration> = {
  "0001_ledger": m0001,
  "0002_accounts_audit": m0002,
  "0003_change_requests": m0003,
  "0004_hardening": m0004,
  "0005_decisions": m0005,
  "0006_figures": m0006,
  "0007_targets_deadlines": m0007,
  "0008_reports": m0008,
  "0009_meetings": m0009,
  "0010_bonus_claims": m0010,
  "0011_spreadsheet_imports": m0011,
};
