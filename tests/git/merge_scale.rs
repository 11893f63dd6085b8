//! The list merges run in n log n (an index per side instead of a scan per item), and they
//! must still give exactly what the plain set rules say: checked against the rules written out
//! the slow, obvious way, on random lists with duplicates and with a key too coarse to tell
//! items apart (so equal keys are settled by `==`, as for a record gaining a field the key
//! does not name). The speed itself is measured in `benches/scale.rs`.

use gapwalk::review::three_way::{merge_keyed, merge_set};
use proptest::collection::vec;
use proptest::prelude::*;

/// `merge_set` as its documentation states it, quadratic.
fn reference_set<T: Clone + PartialEq, K: Ord>(
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
    let keep = |x: &T| {
        let (b, o, t) = (base.contains(x), ours.contains(x), theirs.contains(x));
        if o == t || t == b { o } else { t }
    };
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

/// Small items so the three lists share many of them.
fn items() -> impl Strategy<Value = Vec<(u8, u8)>> {
    vec((0u8..6, 0u8..3), 0..12)
}

/// A side: the base with some items dropped and some added.
fn side(base: Vec<(u8, u8)>) -> impl Strategy<Value = Vec<(u8, u8)>> {
    let n = base.len();
    (vec(any::<bool>(), n), items()).prop_map(move |(drop, extra)| {
        let mut out: Vec<(u8, u8)> = base
            .iter()
            .zip(&drop)
            .filter(|(_, d)| !**d)
            .map(|(x, _)| *x)
            .collect();
        out.extend(extra);
        out
    })
}

type List = Vec<(u8, u8)>;

fn three() -> impl Strategy<Value = (List, List, List)> {
    items().prop_flat_map(|base| (Just(base.clone()), side(base.clone()), side(base)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn merge_set_is_the_set_rules_with_an_exact_key((b, o, t) in three()) {
        prop_assert_eq!(merge_set(&b, &o, &t, |x| *x), reference_set(&b, &o, &t, |x| *x));
    }

    #[test]
    fn merge_set_is_the_set_rules_with_a_coarse_key((b, o, t) in three()) {
        // The key names only the first half of each item: items with equal keys differ.
        prop_assert_eq!(merge_set(&b, &o, &t, |x| x.0), reference_set(&b, &o, &t, |x| x.0));
    }

    #[test]
    fn merge_set_does_not_depend_on_which_side_is_ours((b, o, t) in three()) {
        prop_assert_eq!(merge_set(&b, &o, &t, |x| *x), merge_set(&b, &t, &o, |x| *x));
    }

    #[test]
    fn merge_keyed_hands_each_name_its_first_entry_per_side((b, o, t) in three()) {
        let named = |l: &[(u8, u8)]| -> Vec<(String, u8)> {
            l.iter().map(|(k, v)| (format!("p{k}"), *v)).collect()
        };
        let (b, o, t) = (named(&b), named(&o), named(&t));
        let first = |l: &[(String, u8)], k: &str| l.iter().find(|x| x.0 == k).cloned();
        let merged = merge_keyed((&b, &o, &t), |x| &x.0, |k, (bx, ox, tx)| {
            assert_eq!(bx.cloned(), first(&b, k));
            assert_eq!(ox.cloned(), first(&o, k));
            assert_eq!(tx.cloned(), first(&t, k));
            ox.or(tx).cloned()
        });
        // Every name appears once unless one side's list was taken whole.
        if !(o == t || t == b || o == b) {
            let mut names: Vec<&String> = merged.iter().map(|x| &x.0).collect();
            let len = names.len();
            names.sort();
            names.dedup();
            prop_assert_eq!(names.len(), len);
        }
    }
}
