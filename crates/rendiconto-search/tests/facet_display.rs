//! The vendored tantivy (vendor/tantivy, see its README.md) displays a `Facet` with a
//! character loop where tantivy 0.27.0 used `Regex::new(r"[\\/]")` and
//! `replace_all(step, "\\/")`. Here upstream's code, regex and all, is the reference: the
//! two must write the same text for every facet (each `/` and each `\` of a step becomes
//! `\/`, as upstream does).

use proptest::prelude::*;
use regex::Regex;
use tantivy::schema::Facet;

/// tantivy 0.27.0's `Display for Facet`, with its `escape_slashes`.
fn upstream_display(facet: &Facet) -> String {
    let slash = Regex::new(r"[\\/]").unwrap();
    let mut shown = String::new();
    for step in facet.encoded_str().split('\u{0}') {
        shown.push('/');
        shown.push_str(&slash.replace_all(step, "\\/"));
    }
    shown
}

#[test]
fn facets_display_as_upstream() {
    let steps: &[&[&str]] = &[
        &[],
        &[""],
        &["", ""],
        &["a"],
        &["first", "second", "third"],
        &["sec/ond"],
        &["a\\b"],
        &["/"],
        &["\\"],
        &["//\\\\/"],
        &["\\/", "/\\"],
        &["città/comune", "ñ\\ü", "🚲/🚲"],
        &["end/"],
        &["/start"],
    ];
    for path in steps {
        let facet = Facet::from_path(path.iter());
        assert_eq!(facet.to_string(), upstream_display(&facet), "{path:?}");
        assert_eq!(facet.to_path_string(), upstream_display(&facet), "{path:?}");
    }
    // Escaped text reads back to the same facet.
    let facet = Facet::from_path(["a/b", "c"]);
    assert_eq!(facet.to_string(), "/a\\/b/c");
    assert_eq!(Facet::from_text(&facet.to_string()).unwrap(), facet);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_facet_displays_as_upstream(encoded in "([/\\\\a\u{0}é🚲]|.){0,40}") {
        let facet = Facet::from_encoded(encoded.into_bytes()).unwrap();
        prop_assert_eq!(facet.to_string(), upstream_display(&facet));
    }
}
