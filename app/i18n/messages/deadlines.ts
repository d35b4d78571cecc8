/** Messages of deadlines. */
import type { Messages } from "./types";

export const fi = {
  "deadlines.placeholderKey": "",
};

export const en: Messages<typeof fi> = {
  "deadlines.placeholderKey": "",
};
