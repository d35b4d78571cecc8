/** The clock for loaders and actions (kept out of the browser bundle: dayjs stays on the server). */
export { currentYear, todayInHelsinki } from "~/domain/clock";
