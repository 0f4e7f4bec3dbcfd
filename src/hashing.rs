//! Hashers for the maps that are looked up on every row of a large library:
//! std's SipHash resists inputs crafted to collide, which cost us more than
//! the rest of the look-up and protects nothing here (a colliding library
//! is only slower).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::article::ArticleId;

/// FxHash (rustc's), for short keys (names, paths): SipHash was a fifth of
/// the time of indexing people. Input crafted to collide is only slower.
#[derive(Debug, Default, Clone, Copy)]
pub struct Fx(u64);

impl Fx {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(c);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.mix(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.mix(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }

    /// The multiply leaves the low bits, which pick the bucket, depending
    /// on the low bits of the input only; mixed here (murmur3's finaliser).
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// Story ids are hashes already (of a link, or a date and title): hashing
/// them again would be most of the time of looking one up.
#[derive(Debug, Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub type IdSet = HashSet<ArticleId, BuildHasherDefault<IdHasher>>;
pub type IdMap<V> = HashMap<ArticleId, V, BuildHasherDefault<IdHasher>>;
