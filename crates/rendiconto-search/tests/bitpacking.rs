//! The vendored `bitpacking` (vendor/bitpacking, see its README.md) runs on wasm32 the loop
//! variant that upstream 0.9.3 runs in debug builds, instead of upstream's scalar code
//! unrolled for each bit width. tantivy's index format is these bytes, so the two must
//! agree exactly: this test runs both (the fork's `identity-check` feature compiles them
//! side by side) on every bit width 0–32, on random and edge-case blocks, through every
//! call of the `BitPacker` trait, and compares every byte each call writes (sentinels
//! around the outputs catch a write past the end) and every value it returns.
//!
//! Compared, for `BitPacker1x` (tantivy-bitpacker's) and `BitPacker4x` (tantivy's postings
//! and positions; `BitPacker8x` is not compiled into the app):
//! - the loop, which the browser's wasm runs,
//! - upstream's unrolled scalar code, which upstream runs on wasm32,
//! - upstream's code with this CPU's instructions (SSE3 on x86_64), which native release
//!   builds run (the fork changes nothing there),
//! - the `bitpacking::BitPacker4x` tantivy sees in this build.

use std::panic::{catch_unwind, AssertUnwindSafe};

use bitpacking::identity_check::{unrolled_4x_best, unrolled_4x_scalar, Loop1x, Loop4x, Unrolled1x};
use bitpacking::BitPacker;

/// splitmix64: deterministic, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    /// Mostly small widths, sometimes every bit: values of mixed magnitude.
    fn value(&mut self) -> u32 {
        let bits = self.next_u32() % 33;
        self.next_u32().checked_shr(32 - bits).unwrap_or(0)
    }
}

fn mask(num_bits: u8) -> u32 {
    if num_bits == 32 {
        u32::MAX
    } else {
        (1u32 << num_bits) - 1
    }
}

const SENTINEL_BYTE: u8 = 0xA5;
const SENTINEL_WORD: u32 = 0x5A5A_A5A5;
/// Room after each output, to see a write past its end.
const SLACK: usize = 16;

/// Everything one implementation answers for one block.
#[derive(Debug, PartialEq)]
struct Answers {
    num_bits: u8,
    num_bits_sorted: u8,
    num_bits_strictly_sorted: u8,
    compress: (usize, Vec<u8>),
    compress_sorted: (usize, Vec<u8>),
    compress_strictly_sorted: (usize, Vec<u8>),
    decompress: (usize, Vec<u32>),
    decompress_sorted: (usize, Vec<u32>),
    decompress_strictly_sorted: (usize, Vec<u32>),
    /// The three decompressions of arbitrary bytes (any bytes are a valid block).
    decompress_noise: [(usize, Vec<u32>); 3],
}

/// The inputs of one check: a block and what goes with it.
struct Case<'a> {
    num_bits: u8,
    /// Any values: `compress`, `num_bits`.
    plain: &'a [u32],
    /// Sorted from `initial` (wrapping): `*_sorted`.
    sorted: &'a [u32],
    initial: u32,
    /// Strictly increasing from `strict_initial` (wrapping): `*_strictly_sorted`.
    strict: &'a [u32],
    strict_initial: Option<u32>,
    /// `num_bits * BLOCK_LEN / 8` arbitrary bytes.
    noise: &'a [u8],
}

fn compress_with(len: usize, f: impl FnOnce(&mut [u8]) -> usize) -> (usize, Vec<u8>) {
    let mut out = vec![SENTINEL_BYTE; 4 * len + SLACK];
    let written = f(&mut out);
    (written, out)
}

fn decompress_with(len: usize, f: impl FnOnce(&mut [u32]) -> usize) -> (usize, Vec<u32>) {
    let mut out = vec![SENTINEL_WORD; len + SLACK];
    let read = f(&mut out);
    (read, out)
}

fn answers<B: BitPacker>(packer: B, case: &Case) -> Answers {
    let n = B::BLOCK_LEN;
    let nb = case.num_bits;
    let size = B::compressed_block_size(nb);
    let compress = compress_with(n, |out| packer.compress(case.plain, out, nb));
    let compress_sorted = compress_with(n, |out| packer.compress_sorted(case.initial, case.sorted, out, nb));
    let compress_strictly_sorted =
        compress_with(n, |out| packer.compress_strictly_sorted(case.strict_initial, case.strict, out, nb));
    // Each implementation decompresses what it compressed itself.
    let decompress = decompress_with(n, |out| packer.decompress(&compress.1[..size], out, nb));
    let decompress_sorted =
        decompress_with(n, |out| packer.decompress_sorted(case.initial, &compress_sorted.1[..size], out, nb));
    let decompress_strictly_sorted = decompress_with(n, |out| {
        packer.decompress_strictly_sorted(case.strict_initial, &compress_strictly_sorted.1[..size], out, nb)
    });
    let decompress_noise = [
        decompress_with(n, |out| packer.decompress(case.noise, out, nb)),
        decompress_with(n, |out| packer.decompress_sorted(case.initial, case.noise, out, nb)),
        decompress_with(n, |out| packer.decompress_strictly_sorted(case.strict_initial, case.noise, out, nb)),
    ];
    Answers {
        num_bits: packer.num_bits(case.plain),
        num_bits_sorted: packer.num_bits_sorted(case.initial, case.sorted),
        num_bits_strictly_sorted: packer.num_bits_strictly_sorted(case.strict_initial, case.strict),
        compress,
        compress_sorted,
        compress_strictly_sorted,
        decompress,
        decompress_sorted,
        decompress_strictly_sorted,
        decompress_noise,
    }
}

/// The blocks checked at one bit width: edge cases, then random ones. Each is a block of
/// "deltas" fitting in `num_bits` (except the `unmasked` ones, whose values overflow the
/// width: upstream calls the result undefined, but tantivy's callers never do it, and the
/// two implementations still agree).
fn delta_blocks(rng: &mut Rng, n: usize, num_bits: u8) -> Vec<Vec<u32>> {
    let m = mask(num_bits);
    let mut blocks = vec![
        vec![0; n],
        vec![m; n],
        (0..n).map(|i| if i % 2 == 0 { m } else { 0 }).collect(),
        (0..n).map(|i| if i % 2 == 0 { 0 } else { m }).collect(),
        (0..n).map(|i| i as u32 & m).collect(),
        (0..n).map(|i| (n - i) as u32 & m).collect(),
        // Bit patterns crossing word boundaries: the highest and the lowest bit set.
        vec![m & !(m >> 1); n],
        vec![1 & m; n],
    ];
    // The largest value in one place only: `num_bits` depends on that one.
    for position in 0..n {
        let mut block = vec![0; n];
        block[position] = m;
        blocks.push(block);
    }
    for _ in 0..40 {
        blocks.push((0..n).map(|_| rng.next_u32() & m).collect());
    }
    for _ in 0..10 {
        blocks.push((0..n).map(|_| rng.value() & m).collect());
    }
    if num_bits < 32 {
        for _ in 0..5 {
            blocks.push((0..n).map(|_| rng.next_u32()).collect());
        }
    }
    blocks
}

/// Runs `candidates` and `reference` on the same cases at every bit width and compares.
fn compare(
    block_len: usize,
    reference: (&str, &dyn Fn(&Case) -> Answers),
    candidates: &[(&str, &dyn Fn(&Case) -> Answers)],
) {
    let mut rng = Rng(0x5EED_0000 + block_len as u64);
    let mut checked = 0;
    for num_bits in 0..=32u8 {
        for (index, deltas) in delta_blocks(&mut rng, block_len, num_bits).iter().enumerate() {
            let initial = match index % 4 {
                0 => 0,
                1 => u32::MAX,
                _ => rng.next_u32(),
            };
            let strict_initial = match index % 3 {
                0 => None,
                1 => Some(0),
                _ => Some(rng.next_u32()),
            };
            let sorted: Vec<u32> = deltas
                .iter()
                .scan(initial, |acc, &d| {
                    *acc = acc.wrapping_add(d);
                    Some(*acc)
                })
                .collect();
            // Strictly sorted: each value is the previous one plus `delta + 1`, so the
            // coded `delta` is the block's value (`u32::MAX + 1` wraps to 0, as upstream).
            let strict: Vec<u32> = deltas
                .iter()
                .scan(strict_initial.unwrap_or(u32::MAX), |acc, &d| {
                    *acc = acc.wrapping_add(d).wrapping_add(1);
                    Some(*acc)
                })
                .collect();
            let noise: Vec<u8> = (0..block_len * num_bits as usize / 8).map(|_| rng.next_u32() as u8).collect();
            let case = Case {
                num_bits,
                plain: deltas,
                sorted: &sorted,
                initial,
                strict: &strict,
                strict_initial,
                noise: &noise,
            };
            let expected = (reference.1)(&case);
            for (name, run) in candidates {
                let got = run(&case);
                assert!(
                    got == expected,
                    "{name} differs from {} at {num_bits} bits, block {index} {deltas:?}, initial {initial}, \
                     strict initial {strict_initial:?}:\n{name}: {got:?}\n{}: {expected:?}",
                    reference.0,
                    reference.0,
                );
            }
            checked += 1;
        }
    }
    // 33 widths × (8 edge blocks + one per position + 50 random [+ 5 unmasked]).
    assert!(checked >= 33 * (8 + block_len + 50), "only {checked} blocks checked");
}

#[test]
fn bitpacker4x_loop_gives_upstream_bytes_at_every_width() {
    let unrolled = unrolled_4x_scalar();
    let best = unrolled_4x_best();
    compare(
        128,
        ("upstream's unrolled scalar BitPacker4x", &|case: &Case| answers(unrolled, case)),
        &[
            ("the loop BitPacker4x (wasm32)", &|case: &Case| answers(Loop4x::new(), case)),
            ("upstream's BitPacker4x with this CPU's instructions", &|case: &Case| answers(best, case)),
            ("bitpacking::BitPacker4x as tantivy sees it", &|case: &Case| {
                answers(bitpacking::BitPacker4x::new(), case)
            }),
        ],
    );
}

#[test]
fn bitpacker1x_loop_gives_upstream_bytes_at_every_width() {
    compare(
        32,
        ("upstream's unrolled BitPacker1x", &|case: &Case| answers(Unrolled1x::new(), case)),
        &[
            ("the loop BitPacker1x (wasm32)", &|case: &Case| answers(Loop1x::new(), case)),
            ("bitpacking::BitPacker1x as tantivy sees it", &|case: &Case| {
                answers(bitpacking::BitPacker1x::new(), case)
            }),
        ],
    );
}

/// Misuse panics in both (rather than reading or writing out of bounds, or going on with
/// a wrong shift): a width over 32, a block of the wrong length.
#[test]
fn misuse_panics_in_both() {
    fn panics(f: impl FnOnce()) -> bool {
        catch_unwind(AssertUnwindSafe(f)).is_err()
    }
    fn check<B: BitPacker>(packer: B) -> Vec<bool> {
        let n = B::BLOCK_LEN;
        let block = vec![1u32; n];
        let short = vec![1u32; n - 1];
        let bytes = vec![0u8; 4 * n + 64];
        vec![
            panics(|| {
                packer.compress(&block, &mut vec![0u8; 8 * n], 33);
            }),
            panics(|| {
                packer.compress_sorted(0, &block, &mut vec![0u8; 8 * n], 33);
            }),
            panics(|| {
                packer.decompress(&bytes, &mut vec![0u32; n], 33);
            }),
            panics(|| {
                packer.decompress_sorted(0, &bytes, &mut vec![0u32; n], 33);
            }),
            panics(|| {
                packer.num_bits(&short);
            }),
            panics(|| {
                packer.num_bits_sorted(0, &short);
            }),
            panics(|| {
                packer.num_bits_strictly_sorted(None, &short);
            }),
            panics(|| {
                packer.compress(&short, &mut vec![0u8; 4 * n], 7);
            }),
            panics(|| {
                packer.compress(&block, &mut vec![0u8; n], 9);
            }),
            panics(|| {
                packer.decompress(&bytes[..n / 2], &mut vec![0u32; n], 9);
            }),
            panics(|| {
                packer.decompress(&bytes, &mut vec![0u32; n - 1], 9);
            }),
        ]
    }
    let upstream_4x = check(unrolled_4x_scalar());
    let loop_4x = check(Loop4x::new());
    let upstream_1x = check(Unrolled1x::new());
    let loop_1x = check(Loop1x::new());
    assert_eq!(upstream_4x, vec![true; upstream_4x.len()]);
    assert_eq!(loop_4x, upstream_4x);
    assert_eq!(upstream_1x, vec![true; upstream_1x.len()]);
    assert_eq!(loop_1x, upstream_1x);
}
