//! The three-way rules under the session merge, for any value and any list: the side that
//! changed wins, lists merge as sets, lists keyed by a name merge entry by entry. The order of
//! what they return never depends on which side is "ours". Nothing here knows sessions.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hash;

/// The plain three-way rule: the side that changed wins; `None` when both changed differently.
pub fn pick3<T: PartialEq + Clone>(base: &T, ours: &T, theirs: &T) -> Option<T> {
    if ours == theirs || theirs == base {
        Some(ours.clone())
    } else if ours == base {
        Some(theirs.clone())
    } else {
        None
    }
}

/// A list hashed by a key, to ask in constant time whether it holds an item (a binary search
/// over a sorted copy chased pointers into scattered strings; docs/performance.md has the
/// figures). The key only narrows the search: items with equal keys are told
/// apart by `==`, so a key that leaves out a field (one added to a record later) costs speed,
/// never correctness. A key must be equal for equal items.
pub struct Index<'a, T, K> {
    items: HashMap<K, Vec<&'a T>>,
}

impl<'a, T: PartialEq, K: Hash + Eq> Index<'a, T, K> {
    pub fn new(list: &'a [T], key: &impl Fn(&'a T) -> K) -> Self {
        let mut items: HashMap<K, Vec<&'a T>> = HashMap::with_capacity(list.len());
        for x in list {
            items.entry(key(x)).or_default().push(x);
        }
        Index { items }
    }

    /// Whether the list holds `x`, whose key is `k`.
    pub fn contains(&self, k: &K, x: &T) -> bool {
        self.items.get(k).is_some_and(|same| same.contains(&x))
    }

    /// Adds `x` unless the index already holds it; whether it was added.
    pub fn insert(&mut self, k: K, x: &'a T) -> bool {
        let same = self.items.entry(k).or_default();
        let new = !same.contains(&x);
        if new {
            same.push(x);
        }
        new
    }
}

/// Three-way merge of a list as a set: an item stays unless a side removed it, an item either
/// side added is added once. Kept items of the base come first in the base's order, then the
/// additions sorted by `key`, so both sides' merges list them alike. n log n (the sort of the
/// additions); `benches/scale.rs` measures it (docs/performance.md).
pub fn merge_set<'a, T: Clone + PartialEq, K: Ord + Hash>(
    base: &'a [T],
    ours: &'a [T],
    theirs: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> Vec<T> {
    if ours == theirs || theirs == base {
        return ours.to_vec();
    }
    if ours == base {
        return theirs.to_vec();
    }
    let (b, o, t) = (
        Index::new(base, &key),
        Index::new(ours, &key),
        Index::new(theirs, &key),
    );
    let keep = |k: &K, x: &T| {
        pick3(&b.contains(k, x), &o.contains(k, x), &t.contains(k, x)).unwrap_or(true)
    };
    let mut added: Vec<(K, &T)> = ours
        .iter()
        .chain(theirs)
        .map(|x| (key(x), x))
        .filter(|(k, x)| !b.contains(k, x))
        .collect();
    // Stable, so equal keys keep ours before theirs.
    added.sort_by(|x, y| x.0.cmp(&y.0));
    let mut out: Vec<T> = Vec::new();
    let mut placed = Index::new(&[], &key);
    for (k, x) in base.iter().map(|x| (key(x), x)).chain(added) {
        if keep(&k, x) && placed.insert(k, x) {
            out.push(x.clone());
        }
    }
    out
}

/// One entry per side for a key, as `merge_keyed` hands them to the entry merge.
pub type Entries<'a, T> = (Option<&'a T>, Option<&'a T>, Option<&'a T>);

/// Three-way merge of a list keyed by name: `entry` merges the three versions of each key (the
/// first entry of a list with that name). Keys of the base come first in its order, then new
/// keys in name order.
pub fn merge_keyed<T: Clone + PartialEq>(
    (base, ours, theirs): (&[T], &[T], &[T]),
    key: impl Fn(&T) -> &String,
    mut entry: impl FnMut(&str, Entries<'_, T>) -> Option<T>,
) -> Vec<T> {
    if ours == theirs || theirs == base {
        return ours.to_vec();
    }
    if ours == base {
        return theirs.to_vec();
    }
    let (b, o, t) = (
        by_name(base, &key),
        by_name(ours, &key),
        by_name(theirs, &key),
    );
    let mut keys: Vec<&String> = Vec::new();
    let mut seen = BTreeSet::new();
    for x in base {
        if seen.insert(key(x)) {
            keys.push(key(x));
        }
    }
    let mut added: Vec<&String> = ours
        .iter()
        .chain(theirs)
        .map(&key)
        .filter(|k| !b.contains_key(k))
        .collect();
    added.sort();
    added.dedup();
    keys.extend(added);
    let mut out = Vec::new();
    for k in keys {
        let versions = (b.get(k).copied(), o.get(k).copied(), t.get(k).copied());
        if let Some(merged) = entry(k, versions) {
            out.push(merged);
        }
    }
    out
}

/// The first entry of a list under each name.
pub fn by_name<'a, T>(
    list: &'a [T],
    key: &impl Fn(&'a T) -> &'a String,
) -> BTreeMap<&'a String, &'a T> {
    let mut map = BTreeMap::new();
    for x in list {
        map.entry(key(x)).or_insert(x);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_keeps_removals_adds_once_and_orders_additions_alike() {
        let base = ["a", "b", "c"];
        let ours = ["a", "c", "z", "x"];
        let theirs = ["b", "a", "c", "x", "y"];
        let merged = merge_set(&base, &ours, &theirs, |s| *s);
        assert_eq!(
            merged,
            ["a", "c", "x", "y", "z"],
            "b removed by ours, x added once"
        );
        assert_eq!(merge_set(&base, &theirs, &ours, |s| *s), merged);
    }

    #[test]
    fn one_sided_changes_keep_that_sides_order() {
        let base = ["a", "b"];
        let ours = ["b", "a", "d"];
        assert_eq!(merge_set(&base, &ours, &base, |s| *s), ours);
        assert_eq!(merge_set(&base, &base, &ours, |s| *s), ours);
        assert_eq!(pick3(&1, &2, &3), None);
        assert_eq!(pick3(&1, &1, &3), Some(3));
    }
}
