//! The three-way rules under the session merge, for any value and any list: the side that
//! changed wins, lists merge as sets, lists keyed by a name merge entry by entry. The order of
//! what they return never depends on which side is "ours". Nothing here knows sessions.

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

/// Three-way merge of a list as a set: an item stays unless a side removed it, an item either
/// side added is added once. Kept items of the base come first in the base's order, then the
/// additions sorted by `key`, so both sides' merges list them alike.
pub fn merge_set<T: Clone + PartialEq, K: Ord>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    if ours == theirs || theirs == base {
        return ours.to_vec();
    }
    if ours == base {
        return theirs.to_vec();
    }
    let keep =
        |x: &T| pick3(&base.contains(x), &ours.contains(x), &theirs.contains(x)).unwrap_or(true);
    let mut added: Vec<&T> = ours
        .iter()
        .chain(theirs)
        .filter(|x| !base.contains(x))
        .collect();
    added.sort_by_key(|x| key(x));
    let mut out: Vec<T> = Vec::new();
    for x in base.iter().chain(added) {
        if keep(x) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

/// One entry per side for a key, as `merge_keyed` hands them to the entry merge.
pub type Entries<'a, T> = (Option<&'a T>, Option<&'a T>, Option<&'a T>);

/// Three-way merge of a list keyed by name: `entry` merges the three versions of each key.
/// Keys of the base come first in its order, then new keys in name order.
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
    let mut keys: Vec<&String> = Vec::new();
    for x in base {
        if !keys.contains(&key(x)) {
            keys.push(key(x));
        }
    }
    let mut added: Vec<&String> = ours
        .iter()
        .chain(theirs)
        .map(&key)
        .filter(|k| !keys.contains(k))
        .collect();
    added.sort();
    added.dedup();
    keys.extend(added);
    fn find<'a, T>(list: &'a [T], k: &str, key: &impl Fn(&T) -> &String) -> Option<&'a T> {
        list.iter().find(|x| key(x) == k)
    }
    let mut out = Vec::new();
    for k in keys {
        let versions = (
            find(base, k, &key),
            find(ours, k, &key),
            find(theirs, k, &key),
        );
        if let Some(merged) = entry(k, versions) {
            out.push(merged);
        }
    }
    out
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
