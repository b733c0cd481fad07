/** Sets `key` of `map` to `value` as its most recent entry (Maps iterate in insertion order). */
export function setLast<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
}
