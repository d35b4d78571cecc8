/** Messages of calendar. */
import type { Messages } from "./types";

export const fi = {
  "calendar.placeholderKey": "",
};

export const en: Messages<typeof fi> = {
  "calendar.placeholderKey": "",
};
