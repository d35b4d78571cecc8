/** The clock for loaders and actions: today and the budget year in Helsinki (app/domain/clock.ts). */
export { currentYear, todayInHelsinki } from "~/domain/clock";
