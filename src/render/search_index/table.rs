//! Finding a token by its spelling, without a `HashMap` of strings: an open-addressing table
//! of token numbers, found by a hash of the spelling, the spellings kept by the caller.
//! A document's distinct tokens and the whole index's are found this way, millions of
//! times in a big guide's build.

/// A hash of a token's spelling, eight bytes at a time (a pair of kanji or kana is six),
/// the last few read as two overlapping halves (no copy: this runs for every token).
pub(super) fn spelling_hash(spelling: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |hash: u64, word: u64| (hash.rotate_left(5) ^ word).wrapping_mul(K);
    let bytes = spelling.as_bytes();
    let mut hash = (bytes.len() as u64).wrapping_mul(K);
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        hash = mix(
            hash,
            u64::from_le_bytes(word.try_into().unwrap_or_default()),
        );
    }
    let rest = words.remainder();
    let half = |at: usize| u32::from_le_bytes(rest[at..at + 4].try_into().unwrap_or_default());
    let last = match rest.len() {
        0 => return hash,
        4.. => u64::from(half(0)) | u64::from(half(rest.len() - 4)) << 32,
        n => u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16,
    };
    mix(hash, last)
}

/// Token numbers by the hash of their spelling: each slot holds a number plus one (zero is
/// empty), at most half of them full.
pub(super) struct Slots {
    /// The hash's high half beside the number, so a search rarely looks further than the slot.
    slots: Vec<(u32, u32)>,
    full: usize,
}

impl Slots {
    /// Room for about `tokens` tokens before it grows.
    pub(super) fn with_room(tokens: usize) -> Self {
        Slots {
            slots: vec![(0, 0); (tokens * 2).next_power_of_two().max(16)],
            full: 0,
        }
    }

    /// The number of the token hashed `hash` for which `same` holds; else the empty slot
    /// where `add` puts it.
    #[inline]
    pub(super) fn find(&self, hash: u64, same: impl Fn(u32) -> bool) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut at = self.slot_of(hash);
        loop {
            match self.slots[at] {
                (_, 0) => return Err(at),
                (h, n) if h == (hash >> 32) as u32 && same(n - 1) => return Ok(n - 1),
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// Puts number `n`, hashed `hash`, in the empty slot `find` gave.
    pub(super) fn add(&mut self, slot: usize, hash: u64, n: u32) {
        self.slots[slot] = ((hash >> 32) as u32, n + 1);
        self.full += 1;
        if self.full * 2 > self.slots.len() {
            self.grow();
        }
    }

    /// Where the search for `hash` starts: its top bits, which the last multiplication of
    /// `spelling_hash` mixes every byte into.
    fn slot_of(&self, hash: u64) -> usize {
        (hash >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    /// Twice the slots, every number moved to its place in them.
    fn grow(&mut self) {
        let twice = vec![(0, 0); self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, twice);
        let mask = self.slots.len() - 1;
        for (high, n) in old.into_iter().filter(|&(_, n)| n != 0) {
            let mut at = self.slot_of(u64::from(high) << 32);
            while self.slots[at].1 != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = (high, n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_spelling_gets_one_number_however_the_table_grows() {
        let words: Vec<String> = (0..1000).map(|n| format!("w{}", n % 300)).collect();
        let mut spelled: Vec<&str> = Vec::new();
        let mut slots = Slots::with_room(1);
        for word in &words {
            let hash = spelling_hash(word);
            let n = match slots.find(hash, |n| spelled[n as usize] == word.as_str()) {
                Ok(n) => n,
                Err(slot) => {
                    spelled.push(word);
                    let n = spelled.len() as u32 - 1;
                    slots.add(slot, hash, n);
                    n
                }
            };
            assert_eq!(spelled[n as usize], word.as_str());
        }
        assert_eq!(spelled.len(), 300);
        assert_ne!(spelling_hash("ab"), spelling_hash("ba"));
        assert_ne!(spelling_hash("a"), spelling_hash("a\0"));
        assert_ne!(spelling_hash("ログ"), spelling_hash("グイ"));
    }
}
