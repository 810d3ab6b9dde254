//! Finding a token by its spelling, without a `HashMap` of strings: an open-addressing table
//! of token numbers, found by a hash of the spelling, the spellings kept by the caller.
//! A document's distinct tokens and the whole index's are found this way, millions of
//! times in a big guide's build.

/// A hash of a token's spelling, eight bytes at a time (a pair of kanji or kana is six).
pub(super) fn spelling_hash(spelling: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut hash = (spelling.len() as u64).wrapping_mul(K);
    for part in spelling.as_bytes().chunks(8) {
        let mut word = [0u8; 8];
        word[..part.len()].copy_from_slice(part);
        hash = (hash.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    hash
}

/// Token numbers by the hash of their spelling: each slot holds a number plus one (zero is
/// empty), at most half of them full.
pub(super) struct Slots {
    slots: Vec<u32>,
    full: usize,
}

impl Slots {
    /// Room for about `tokens` tokens before it grows.
    pub(super) fn with_room(tokens: usize) -> Self {
        Slots {
            slots: vec![0; (tokens * 2).next_power_of_two().max(16)],
            full: 0,
        }
    }

    /// The number of the token hashed `hash` for which `same` holds; else the empty slot
    /// where `add` puts it.
    pub(super) fn find(&self, hash: u64, same: impl Fn(u32) -> bool) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut at = self.slot_of(hash);
        loop {
            match self.slots[at] {
                0 => return Err(at),
                n if same(n - 1) => return Ok(n - 1),
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// Puts number `n` in the empty slot `find` gave. `hash_of` gives the hash of a number
    /// already in the table, to move it when the table grows.
    pub(super) fn add(&mut self, slot: usize, n: u32, hash_of: impl Fn(u32) -> u64) {
        self.slots[slot] = n + 1;
        self.full += 1;
        if self.full * 2 > self.slots.len() {
            self.grow(hash_of);
        }
    }

    /// Where the search for `hash` starts: its top bits, which the last multiplication of
    /// `spelling_hash` mixes every byte into.
    fn slot_of(&self, hash: u64) -> usize {
        (hash >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    /// Twice the slots, every number moved to its place in them.
    fn grow(&mut self, hash_of: impl Fn(u32) -> u64) {
        let twice = vec![0; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, twice);
        let mask = self.slots.len() - 1;
        for n in old.into_iter().filter(|&n| n != 0) {
            let mut at = self.slot_of(hash_of(n - 1));
            while self.slots[at] != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = n;
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
                    slots.add(slot, n, |n| spelling_hash(spelled[n as usize]));
                    n
                }
            };
            assert_eq!(spelled[n as usize], word.as_str());
        }
        assert_eq!(spelled.len(), 300);
        assert_ne!(spelling_hash("ab"), spelling_hash("ba"));
        assert_ne!(spelling_hash("a"), spelling_hash("a\0"));
    }
}
