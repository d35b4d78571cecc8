/** Each message file exports `fi` (the keys) and `en`, which must have exactly the same keys. */
export type Messages<T> = { [K in keyof T]: string };
