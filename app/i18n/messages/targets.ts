/** Messages of targets. */
import type { Messages } from "./types";

export const fi = {
  "targets.placeholderKey": "",
};

export const en: Messages<typeof fi> = {
  "targets.placeholderKey": "",
};
