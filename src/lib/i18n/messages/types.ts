/** A message: plain text with `{name}` placeholders, or plural forms chosen by `{count}`. */
export type Message = string | { one: string; other: string };
